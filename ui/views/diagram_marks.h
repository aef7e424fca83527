#pragma once
// The small marks the sequence diagram draws, shared by the diagram itself and the legend of
// exported figures (ui/export/export_figure.cpp) so that the key always looks like what it explains.
#include <QColor>
#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QString>

class QPainter;

namespace tcpviz::ui::marks {

// `c` with its alpha set to `alpha` (0..1).
QColor withAlpha(QColor c, double alpha);
// A filled arrowhead at `tip`, pointing along the unit vector `unit`, `head` long.
void arrowhead(QPainter* p, QPointF tip, QPointF unit, double head, const QColor& c);
// An arrow's shaft and head from `from` to `to` (the shaft stops at the head's base).
void arrow(QPainter* p, QPointF from, QPointF to, double width, double head, bool dashed, const QColor& c);
// How far the red ✕ where a segment was lost reaches from its centre, across and down (its arms
// and the round ends of its pen): labels keep clear of this square.
inline constexpr double kLostCrossReach = 13.1;
// The ✕, centred at `at`.
void lostCross(QPainter* p, QPointF at, const QColor& c);
// A tag such as "retransmission": a pill tinted with `c`, its text in a darker shade (a lighter
// one on dark paper). A `strong` tag, for the moment something happens because of it (the third
// duplicate ACK), is filled with `c` and written in near-black: `font` should then be bold.
void tagPill(QPainter* p, const QRectF& pill, const QColor& c, const QFont& font, const QString& text,
             bool strong = false);

}  // namespace tcpviz::ui::marks
