#pragma once
// Ctrl+wheel zoom, about the point under the mouse, shared by the diagram views.
#include <QGraphicsView>
#include <QWheelEvent>
#include <cmath>

namespace tcpviz::ui {

// Zooms `view` (which has setZoom(double)) by 15 % per wheel notch when Ctrl is held.
// Returns false for an ordinary wheel event, which the caller passes on to scroll.
template <typename View>
bool zoomOnCtrlWheel(View& view, QWheelEvent* e, double current_zoom) {
    if (!(e->modifiers() & Qt::ControlModifier)) return false;
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0) {
        view.setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
        view.setZoom(current_zoom * std::pow(1.15, steps));
        view.setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    }
    e->accept();
    return true;
}

}  // namespace tcpviz::ui
