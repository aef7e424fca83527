#include "ui/views/diagram_marks.h"

#include <QLineF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

#include "ui/views/diagram_style.h"

namespace tcpviz::ui::marks {

QColor withAlpha(QColor c, double alpha) {
    c.setAlphaF(static_cast<float>(alpha));
    return c;
}

void arrowhead(QPainter* p, QPointF tip, QPointF unit, double head, const QColor& c) {
    const QPointF normal(-unit.y(), unit.x());
    const QPointF base = tip - unit * head;
    QPainterPath path;
    path.moveTo(tip);
    path.lineTo(base + normal * (head * 0.42));
    path.lineTo(base - normal * (head * 0.42));
    path.closeSubpath();
    p->setPen(Qt::NoPen);
    p->setBrush(c);
    p->drawPath(path);
}

void arrow(QPainter* p, QPointF from, QPointF to, double width, double head, bool dashed, const QColor& c) {
    const double len = QLineF(from, to).length();
    if (len < 1) return;
    QPen pen(c, width * style::lineScale(), Qt::SolidLine, Qt::FlatCap);
    if (dashed) pen.setDashPattern({5, 3});
    p->setPen(pen);
    const QPointF unit = (to - from) / len;
    // Stop the shaft at the arrowhead's base.
    p->drawLine(from, to - unit * (head * 0.8));
    arrowhead(p, to, unit, head, c);
}

void lostCross(QPainter* p, QPointF at, const QColor& c) {
    constexpr double pen = 4.2, s = kLostCrossReach - pen / 2;
    p->setPen(QPen(c, pen, Qt::SolidLine, Qt::RoundCap));
    p->drawLine(at + QPointF(-s, -s), at + QPointF(s, s));
    p->drawLine(at + QPointF(-s, s), at + QPointF(s, -s));
}

void tagPill(QPainter* p, const QRectF& pill, const QColor& c, const QFont& font, const QString& text,
             bool strong) {
    const double radius = pill.height() / 2;
    if (strong) {
        // Opaque and filled, so it reads from the back of a classroom and on dark paper alike.
        p->setBrush(c);
        p->setPen(QPen(c.darker(140), 2.2 * style::lineScale()));
        p->drawRoundedRect(pill, radius, radius);
        p->setFont(font);
        p->setPen(QColor(0x10, 0x14, 0x18));
        p->drawText(pill, Qt::AlignCenter, text);
        return;
    }
    p->setBrush(withAlpha(c, 0.2));
    p->setPen(QPen(c, 1.4 * style::lineScale()));
    p->drawRoundedRect(pill, radius, radius);
    p->setFont(font);
    // The hue, dark enough (light enough on dark paper) to read on its tint from a projector,
    // whatever the hue's own lightness (sky blue is light, bluish green dark).
    float h = 0, s = 0, l = 0, a = 1;
    c.getHslF(&h, &s, &l, &a);
    l = style::colors().dark ? std::max(l, 0.72f) : std::min(l, 0.28f);
    p->setPen(QColor::fromHslF(std::max(h, 0.0f), s, l));
    p->drawText(pill, Qt::AlignCenter, text);
}

}  // namespace tcpviz::ui::marks
