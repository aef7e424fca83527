#include "ui/views/state_graph_view.h"
#include "ui/views/view_zoom.h"

#include <QCoreApplication>
#include <QEasingCurve>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsSimpleTextItem>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/views/diagram_marks.h"
#include "ui/views/diagram_style.h"

namespace tcpviz::ui {

using core::Cause;
using core::Side;
using core::State;

// Sizes in scene units. At zoom 1 a scene unit is a pixel: labels are 16 px, state names 20 px,
// so the figure reads from the back of a lecture hall when it fills a projector.
struct StateGraphGeometry {
    QFont name, label, token, note, caption;
    qreal box_w = 240;
    qreal box_h = 64;
    qreal col_dx = 480;  // between the centres of neighbouring columns
    // The centre of each row of Figure 5. The rows around SYN-SENT / SYN-RECEIVED are taller:
    // six edges meet there.
    std::array<qreal, 7> rows{0, 170, 390, 570, 740, 910, 1080};
    qreal token_r = 18;
    qreal line_w = 3;
    qreal arrow_len = 17;
    qreal arrow_half_w = 7.5;

    [[nodiscard]] qreal rowY(double row) const {
        const double r = std::clamp(row, 0.0, static_cast<double>(rows.size() - 1));
        const auto lo = static_cast<std::size_t>(std::floor(r));
        const std::size_t hi = std::min(lo + 1, rows.size() - 1);
        return rows[lo] + (rows[hi] - rows[lo]) * (r - static_cast<double>(lo));
    }
    [[nodiscard]] QRectF box(core::GridPos p) const {
        const QPointF c(p.col * col_dx, rowY(p.row));
        return {c.x() - box_w / 2, c.y() - box_h / 2, box_w, box_h};
    }
};

namespace {

using EdgeId = core::StateGraph::EdgeId;

constexpr char kContext[] = "tcpviz::ui::StateGraphScene";

// The words of Figure 5's labels come from core::StateGraph in English; these are the ones
// lupdate should offer translators (who may well keep the RFC's terms).
[[maybe_unused]] constexpr const char* kLabelWords[] = {
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "passive OPEN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "active OPEN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "create TCB"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "create TCB, snd SYN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "delete TCB"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "CLOSE"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "SEND"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "rcv SYN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "rcv SYN,ACK"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "rcv ACK of SYN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "rcv RST"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "rcv FIN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "rcv ACK of FIN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "rcv FIN,ACK of FIN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "Timeout=2MSL"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "snd SYN"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "snd SYN,ACK"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "snd ACK"),
    QT_TRANSLATE_NOOP("tcpviz::ui::StateGraphScene", "snd FIN"),
};

QString translated(const std::string& english) {
    return QCoreApplication::translate(kContext, english.c_str());
}

QFont sized(const QFont& base, int pixels, QFont::Weight weight = QFont::Normal) {
    QFont f = base;
    f.setPixelSize(pixels);
    f.setWeight(weight);
    return f;
}

QColor sideColor(Side s) {
    return s == Side::A ? style::vermillion() : style::blue();
}

using marks::withAlpha;

// A single edge the figure's notes or the RFC's text add (drawn dashed on request); the other
// undrawn edges are the families into CLOSED, the teaching variant LISTEN -> ESTABLISHED, the
// Linux option TIME-WAIT -> LISTEN, and the timeout SYN-RECEIVED -> LISTEN, which runs along the
// drawn "rcv RST" edge of note 1.
bool isNoteSingle(const core::StateGraph& g, EdgeId id) {
    const core::EdgeProps& e = g.edge(id);
    return !e.drawn && g.target(id) != State::Closed && e.cause != Cause::RcvSynTwoWay &&
           e.cause != Cause::RcvSynNewIsn && e.cause != Cause::RetransmitLimit;
}

// Where the segment from `inside` (in r) towards `outside` crosses r's border.
QPointF borderPoint(const QRectF& r, QPointF inside, QPointF outside) {
    const QPointF d = outside - inside;
    double t = 1;
    if (d.x() > 0) t = std::min(t, (r.right() - inside.x()) / d.x());
    if (d.x() < 0) t = std::min(t, (r.left() - inside.x()) / d.x());
    if (d.y() > 0) t = std::min(t, (r.bottom() - inside.y()) / d.y());
    if (d.y() < 0) t = std::min(t, (r.top() - inside.y()) / d.y());
    return inside + d * t;
}

// A polyline with rounded corners.
QPainterPath roundedPolyline(const std::vector<QPointF>& pts, qreal radius) {
    QPainterPath path(pts.front());
    for (std::size_t i = 1; i + 1 < pts.size(); ++i) {
        const QPointF a = pts[i - 1], c = pts[i], b = pts[i + 1];
        const qreal in = QLineF(a, c).length(), out = QLineF(c, b).length();
        if (in < 1e-6 || out < 1e-6) continue;
        const qreal r = std::min({radius, in / 2, out / 2});
        path.lineTo(c - (c - a) * (r / in));
        path.quadTo(c, c + (b - c) * (r / out));
    }
    path.lineTo(pts.back());
    return path;
}

// Which side of its anchor a label lies on, across and along.
enum class Beside : std::uint8_t { Before, Centre, After };
struct LabelPlace {
    QPointF anchor;
    Beside h = Beside::Centre;  // Before: left of the anchor, After: right of it
    Beside v = Beside::Centre;  // Before: above, After: below
};

QRectF placeLabel(const LabelPlace& p, QSizeF size) {
    constexpr qreal kGap = 6;
    const qreal x = p.h == Beside::Before  ? p.anchor.x() - kGap - size.width()
                    : p.h == Beside::After ? p.anchor.x() + kGap
                                           : p.anchor.x() - size.width() / 2;
    const qreal y = p.v == Beside::Before  ? p.anchor.y() - kGap - size.height()
                    : p.v == Beside::After ? p.anchor.y() + kGap
                                           : p.anchor.y() - size.height() / 2;
    return {QPointF(x, y), size};
}

struct Route {
    std::vector<QPointF> points;  // from the source box's border to the target box's
    LabelPlace label;
};

QPointF mid(QPointF a, QPointF b) {
    return (a + b) / 2;
}

// Figure 5's drawing of each edge: orthogonal paths between the boxes' faces, several edges on
// one face spread apart, and each label beside its path where nothing else is (the RFC's ASCII
// figure, redrawn). An edge it does not know runs straight between the boxes.
class FigureRouter {
public:
    FigureRouter(const StateGraphGeometry& g, const core::StateGraph& graph)
        : m_g(g), m_graph(graph) {}

    [[nodiscard]] QRectF box(State s, bool alias = false) const {
        const core::VertexProps& v = m_graph.vertex(s);
        return m_g.box(alias && v.alias ? *v.alias : v.pos);
    }

    [[nodiscard]] Route route(EdgeId id) const {
        const State from = m_graph.source(id), to = m_graph.target(id);
        const core::EdgeProps& e = m_graph.edge(id);
        const auto is = [&](State f, State t, Cause c) {
            return from == f && to == t && e.cause == c;
        };
        using S = State;
        using C = Cause;
        using B = Beside;
        const qreal w = m_g.box_w;
        const qreal close = w / 12, mid6 = w / 6, quarter = w / 4, third = w / 3;  // along a face
        const qreal d = std::round(m_g.box_h * 0.24);                              // up a side

        // CLOSED <-> LISTEN: two verticals.
        if (is(S::Closed, S::Listen, C::PassiveOpen)) {
            const QPointF a = bottom(S::Closed, -mid6), b = top(S::Listen, -mid6);
            return {{a, b}, {mid(a, b), B::Before, B::Centre}};
        }
        if (is(S::Listen, S::Closed, C::Close)) {
            const QPointF a = top(S::Listen, mid6), b = bottom(S::Closed, mid6);
            return {{a, b}, {mid(a, b), B::After, B::Centre}};
        }
        // CLOSED <-> SYN-SENT: out to the right, down (and back up, inside it).
        if (is(S::Closed, S::SynSent, C::ActiveOpen)) {
            const QPointF a = right(S::Closed, -d), c = top(S::SynSent, quarter);
            const QPointF corner(c.x(), a.y());
            return {{a, corner, c},
                    {QPointF(c.x(), mid(box(S::Closed).center(), box(S::SynSent).center()).y()),
                     B::After, B::Centre}};
        }
        if (is(S::SynSent, S::Closed, C::Close)) {
            const QPointF a = top(S::SynSent, -close), c = right(S::Closed, d);
            const QPointF corner(a.x(), c.y());
            const qreal y = mid(box(S::Closed).center(), box(S::Listen).center()).y();
            return {{a, corner, c}, {QPointF(a.x(), y), B::Before, B::Centre}};
        }
        // LISTEN -> SYN-RECEIVED / SYN-SENT: out of LISTEN's sides, down into the boxes' tops.
        if (is(S::Listen, S::SynReceived, C::RcvSyn)) {
            const QPointF a = left(S::Listen, d), c = top(S::SynReceived, third);
            const QPointF corner(c.x(), a.y());
            return {{a, corner, c}, {corner, B::After, B::After}};
        }
        if (is(S::Listen, S::SynSent, C::Send)) {
            const QPointF a = right(S::Listen, d), c = top(S::SynSent, -third);
            const QPointF corner(c.x(), a.y());
            return {{a, corner, c}, {corner, B::Before, B::After}};
        }
        // SYN-RECEIVED -> LISTEN on RST (note 1): nested outside the LISTEN -> SYN-RECEIVED edge.
        if (is(S::SynReceived, S::Listen, C::RcvRst)) {
            const QPointF a = top(S::SynReceived, -close), c = left(S::Listen, -d);
            const QPointF corner(a.x(), c.y());
            return {{a, corner, c}, {mid(corner, c), B::Centre, B::Before}};
        }
        // The notes' single edges around LISTEN: from and to its bottom, into the inner sides.
        if (is(S::SynReceived, S::Listen, C::RcvSyn)) {
            const QPointF a = right(S::SynReceived, -d), c = bottom(S::Listen, -quarter);
            const QPointF corner(c.x(), a.y());
            return {{a, corner, c}, {corner, B::Before, B::Before}};
        }
        if (is(S::Listen, S::SynSent, C::ActiveOpen)) {
            const QPointF a = bottom(S::Listen, quarter), c = left(S::SynSent, -d);
            const QPointF corner(a.x(), c.y());
            return {{a, corner, c}, {corner, B::After, B::Before}};
        }
        // Simultaneous open: straight across, label under the line.
        if (is(S::SynSent, S::SynReceived, C::RcvSyn)) {
            const QPointF a = left(S::SynSent, d), b = right(S::SynReceived, d);
            return {{a, b}, {mid(a, b), B::Centre, B::After}};
        }
        // Into ESTABLISHED: down from the SYN boxes, in at its sides.
        if (is(S::SynReceived, S::Established, C::RcvAckOfSyn)) {
            const QPointF a = bottom(S::SynReceived, quarter), c = left(S::Established, 0);
            const QPointF corner(a.x(), c.y());
            return {{a, corner, c}, {corner, B::After, B::Before}};
        }
        if (is(S::SynSent, S::Established, C::RcvSynAck)) {
            const QPointF a = bottom(S::SynSent, -quarter), c = right(S::Established, 0);
            const QPointF corner(a.x(), c.y());
            return {{a, corner, c}, {corner, B::Before, B::Before}};
        }
        // SYN-RECEIVED -> FIN-WAIT-1: straight down the left column.
        if (is(S::SynReceived, S::FinWait1, C::Close)) {
            const QPointF a = bottom(S::SynReceived, -mid6), b = top(S::FinWait1, -mid6);
            const qreal y = mid(box(S::Established).center(), box(S::FinWait1).center()).y();
            return {{a, b}, {QPointF(a.x(), y), B::After, B::Centre}};
        }
        // Out of ESTABLISHED: down, then out to FIN-WAIT-1 and CLOSE-WAIT.
        if (is(S::Established, S::FinWait1, C::Close)) {
            const QPointF a = bottom(S::Established, -quarter), c = right(S::FinWait1, -d);
            const QPointF corner(a.x(), c.y());
            return {{a, corner, c}, {corner, B::Before, B::Before}};
        }
        if (is(S::Established, S::CloseWait, C::RcvFin)) {
            const QPointF a = bottom(S::Established, quarter), c = left(S::CloseWait, 0);
            const QPointF corner(a.x(), c.y());
            return {{a, corner, c}, {corner, B::After, B::Before}};
        }
        // The closing states.
        if (is(S::FinWait1, S::FinWait2, C::RcvAckOfFin)) {
            const QPointF a = bottom(S::FinWait1, -mid6), b = top(S::FinWait2, -mid6);
            return {{a, b}, {mid(a, b), B::After, B::Centre}};
        }
        if (is(S::FinWait1, S::Closing, C::RcvFin)) {
            const QPointF a = right(S::FinWait1, d), c = top(S::Closing, 0);
            const QPointF corner(c.x(), a.y());
            return {{a, corner, c}, {corner, B::Before, B::After}};
        }
        if (is(S::FinWait1, S::TimeWait, C::RcvFinAckOfFin)) {  // note 2, dashed: a diagonal
            const QPointF a = bottom(S::FinWait1, quarter), b = top(S::TimeWait, -third);
            return {{a, b}, {mid(a, b), B::Centre, B::Centre}};
        }
        if (is(S::CloseWait, S::LastAck, C::Close)) {
            const QPointF a = bottom(S::CloseWait, 0), b = top(S::LastAck, 0);
            return {{a, b}, {mid(a, b), B::Before, B::Centre}};
        }
        if (is(S::FinWait2, S::TimeWait, C::RcvFin)) {
            const QPointF a = bottom(S::FinWait2, -mid6), c = left(S::TimeWait, 0);
            const QPointF corner(a.x(), c.y());
            return {{a, corner, c}, {corner, B::After, B::Before}};
        }
        if (is(S::Closing, S::TimeWait, C::RcvAckOfFin)) {
            const QPointF a = bottom(S::Closing, 0), b = top(S::TimeWait, 0);
            return {{a, b}, {mid(a, b), B::After, B::Centre}};
        }
        // Into the second CLOSED.
        if (is(S::LastAck, S::Closed, C::RcvAckOfFin)) {
            const QPointF a = bottom(S::LastAck, 0), b = top(S::Closed, 0, true);
            return {{a, b}, {mid(a, b), B::Before, B::Centre}};
        }
        if (is(S::TimeWait, S::Closed, C::Timeout2Msl)) {
            const QPointF a = right(S::TimeWait, 0), b = left(S::Closed, 0, true);
            return {{a, b}, {mid(a, b), B::Centre, B::After}};
        }
        // Anything else: straight from box to box, the label on the middle of the line.
        const QRectF rf = box(from), rt = box(to, e.to_alias);
        const QPointF a = borderPoint(rf, rf.center(), rt.center());
        const QPointF b = borderPoint(rt, rt.center(), rf.center());
        return {{a, b}, {mid(a, b), B::Centre, B::Centre}};
    }

private:
    [[nodiscard]] QPointF top(State s, qreal dx, bool alias = false) const {
        const QRectF r = box(s, alias);
        return {r.center().x() + dx, r.top()};
    }
    [[nodiscard]] QPointF bottom(State s, qreal dx, bool alias = false) const {
        const QRectF r = box(s, alias);
        return {r.center().x() + dx, r.bottom()};
    }
    [[nodiscard]] QPointF left(State s, qreal dy, bool alias = false) const {
        const QRectF r = box(s, alias);
        return {r.left(), r.center().y() + dy};
    }
    [[nodiscard]] QPointF right(State s, qreal dy, bool alias = false) const {
        const QRectF r = box(s, alias);
        return {r.right(), r.center().y() + dy};
    }

    const StateGraphGeometry& m_g;
    const core::StateGraph& m_graph;
};

// An arrowhead whose tip is `tip`, pointing along from -> tip.
QPolygonF arrowHead(QPointF from, QPointF tip, qreal len, qreal half_w) {
    const QLineF line(from, tip);
    if (line.length() < 1e-6) return {};
    const QPointF u = (tip - from) / line.length();
    const QPointF n(-u.y(), u.x());
    const QPointF base = tip - u * len;
    return QPolygonF({tip, base + n * half_w, base - n * half_w});
}

}  // namespace

// --- items ---------------------------------------------------------------------------------

// A state: a rounded box in its phase's colour, its name, and the outline of each side in it.
class StateBoxItem final : public QGraphicsItem {
public:
    enum { Type = StateGraphScene::StateBoxType };
    StateBoxItem(const StateGraphScene& scene, State state, int index, QRectF rect)
        : m_scene(scene), m_state(state), m_index(index), m_rect(rect) {
        setZValue(3);
    }
    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QRectF rect() const { return m_rect; }
    [[nodiscard]] QRectF boundingRect() const override {
        return m_rect.adjusted(-kGlow - 1, -kGlow - 1, kGlow + 1, kGlow + 1);
    }
    [[nodiscard]] QPainterPath shape() const override {
        QPainterPath p;
        p.addRect(m_rect);
        return p;
    }

    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        const StateGraphGeometry& g = m_scene.geometry();
        constexpr qreal kRadius = 12;
        p->setRenderHint(QPainter::Antialiasing);
        // The sides in this state: a glow around the box in the colour of the outer one, then
        // a thick outline in each one's colour (both: A outside, B inside). The glow tells a lit
        // box from one whose own border has the same hue.
        const std::array<bool, 2> lit = m_scene.outlinesOf(m_index);
        if (lit[0] || lit[1]) {
            const Side outer = lit[0] ? Side::A : Side::B;
            p->setBrush(Qt::NoBrush);
            p->setPen(QPen(withAlpha(sideColor(outer), 0.3), 2 * kGlow));
            p->drawRoundedRect(m_rect, kRadius, kRadius);
        }
        p->setBrush(style::stateFill(m_state));
        p->setPen(QPen(style::stateBorder(m_state), 2.5 * style::lineScale()));
        p->drawRoundedRect(m_rect, kRadius, kRadius);

        constexpr qreal kOutline = 5;
        qreal inset = 0;
        for (Side s : {Side::A, Side::B}) {
            if (!lit[core::idx(s)]) continue;
            p->setBrush(Qt::NoBrush);
            p->setPen(QPen(sideColor(s), kOutline));
            const QRectF r = m_rect.adjusted(inset, inset, -inset, -inset);
            p->drawRoundedRect(r, kRadius - inset / 2, kRadius - inset / 2);
            inset += kOutline;
        }

        p->setPen(style::ink());
        p->setFont(g.name);
        p->drawText(m_rect, Qt::AlignCenter, m_scene.displayName(m_state));
    }

private:
    static constexpr qreal kGlow = 8;
    const StateGraphScene& m_scene;
    State m_state;
    int m_index;  // State index, or the second CLOSED
    QRectF m_rect;
};

// An edge: its line (solid, or dashed for the notes' edges), its arrowhead, and the tint of an
// edge taken; in the colour of a side while that side's token travels along it. Also the
// temporary dashed path of a transition along an edge that is not drawn.
class EdgeItem final : public QGraphicsItem {
public:
    EdgeItem(const StateGraphScene& scene, std::optional<EdgeId> edge, std::vector<QPointF> points,
             bool dashed, std::optional<Side> transit_of = std::nullopt)
        : m_scene(scene),
          m_edge(edge),
          m_points(std::move(points)),
          m_dashed(dashed),
          m_transit_of(transit_of) {
        const StateGraphGeometry& g = m_scene.geometry();
        constexpr qreal kCorner = 14;
        m_path = roundedPolyline(m_points, kCorner);
        // The line stops inside the arrowhead so that its end does not blunt the tip.
        std::vector<QPointF> shortened = m_points;
        const QPointF tip = m_points.back(), before = m_points[m_points.size() - 2];
        const qreal len = QLineF(before, tip).length();
        if (len > g.arrow_len) shortened.back() = tip - (tip - before) * (g.arrow_len * 0.6 / len);
        m_line = roundedPolyline(shortened, kCorner);
        m_head = arrowHead(before, tip, g.arrow_len, g.arrow_half_w);
        QPainterPathStroker stroker;
        stroker.setWidth(14);
        m_shape = stroker.createStroke(m_path);
        m_shape.addPolygon(m_head);
        setZValue(transit_of ? 4 : 1);
    }
    [[nodiscard]] int type() const override {
        return m_transit_of ? StateGraphScene::TransitPathType : StateGraphScene::EdgeType;
    }
    [[nodiscard]] std::optional<EdgeId> edge() const { return m_edge; }
    [[nodiscard]] bool isDashed() const { return m_dashed; }
    [[nodiscard]] const QPainterPath& path() const { return m_path; }
    [[nodiscard]] const std::vector<QPointF>& points() const { return m_points; }
    [[nodiscard]] QRectF boundingRect() const override {
        return m_shape.boundingRect().adjusted(-4, -4, 4, 4);
    }
    [[nodiscard]] QPainterPath shape() const override { return m_shape; }

    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        const StateGraphGeometry& g = m_scene.geometry();
        p->setRenderHint(QPainter::Antialiasing);
        const bool visited = m_edge && !m_transit_of && m_scene.isVisited(*m_edge);
        std::optional<Side> traveller = m_transit_of;
        if (!traveller && m_edge) traveller = m_scene.travellerOn(*m_edge);

        // A highlighter stroke under the line; paler for an edge taken later (Faded).
        const bool later = !visited && m_edge && !m_transit_of && m_scene.isTintedAsLater(*m_edge);
        if (visited || later) {
            QPen tint(withAlpha(style::orange(), visited ? 0.5 : kLaterAlpha), 13, Qt::SolidLine,
                      Qt::RoundCap, Qt::RoundJoin);
            p->setPen(tint);
            p->setBrush(Qt::NoBrush);
            p->drawPath(m_line);
        }
        QColor color = m_dashed ? style::muted() : style::ink();
        // Heavier in the high-contrast theme, for projectors that wash thin lines out.
        const qreal line_w = g.line_w * style::lineScale();
        qreal width = m_dashed ? line_w - 0.5 : line_w;
        if (traveller) {
            color = sideColor(*traveller);
            width = line_w + 1.5;
        } else if (visited) {
            width = line_w + 0.5;
        }
        QPen pen(color, width, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin);
        if (m_dashed) pen.setDashPattern({3.5, 2.5});
        p->setPen(pen);
        p->setBrush(Qt::NoBrush);
        p->drawPath(m_line);
        p->setPen(Qt::NoPen);
        p->setBrush(color);
        p->drawPolygon(m_head);
    }

private:
    static constexpr double kLaterAlpha = 0.16;  // as the sequence diagram's faded steps
    const StateGraphScene& m_scene;
    std::optional<EdgeId> m_edge;
    std::vector<QPointF> m_points;
    bool m_dashed;
    std::optional<Side> m_transit_of;  // a temporary path, for that side's token
    QPainterPath m_path;               // to the arrow's tip
    QPainterPath m_line;               // what is stroked
    QPolygonF m_head;
    QPainterPath m_shape;
};

// An edge's label, as the figure writes it: the event over a rule over the action.
class EdgeLabelItem final : public QGraphicsItem {
public:
    enum { Type = StateGraphScene::EdgeLabelType };
    EdgeLabelItem(const StateGraphScene& scene, EdgeId edge, LabelPlace place, bool dashed)
        : m_scene(scene), m_edge(edge), m_place(place), m_dashed(dashed) {
        setZValue(2);
    }
    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] EdgeId edge() const { return m_edge; }
    [[nodiscard]] QRectF rect() const { return m_rect; }
    [[nodiscard]] QRectF boundingRect() const override { return m_rect; }

    void setText(QString event, QString action) {
        prepareGeometryChange();
        m_event = std::move(event);
        m_action = std::move(action);
        const QFontMetricsF fm(m_scene.geometry().label);
        const qreal w = std::max(fm.horizontalAdvance(m_event), fm.horizontalAdvance(m_action));
        const qreal h = m_action.isEmpty() ? fm.height() : 2 * fm.height() + kRuleGap;
        m_rect = placeLabel(m_place, QSizeF(std::ceil(w) + 2 * kPad, std::ceil(h) + 2 * kPad));
    }

    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        const StateGraphGeometry& g = m_scene.geometry();
        const QFontMetricsF fm(g.label);
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(Qt::NoPen);
        p->setBrush(withAlpha(style::paper(), 0.9));
        p->drawRoundedRect(m_rect, 4, 4);
        const QColor ink = m_dashed ? style::muted() : style::ink();
        p->setPen(ink);
        p->setFont(g.label);
        const QRectF inner = m_rect.adjusted(kPad, kPad, -kPad, -kPad);
        if (m_action.isEmpty()) {
            p->drawText(inner, Qt::AlignCenter, m_event);
            return;
        }
        const QRectF top(inner.left(), inner.top(), inner.width(), fm.height());
        const QRectF bottom(inner.left(), inner.bottom() - fm.height(), inner.width(), fm.height());
        p->drawText(top, Qt::AlignCenter, m_event);
        p->drawText(bottom, Qt::AlignCenter, m_action);
        p->setPen(QPen(ink, 1.3 * style::lineScale()));
        const qreal y = (top.bottom() + bottom.top()) / 2;
        p->drawLine(QPointF(inner.left() + 2, y), QPointF(inner.right() - 2, y));
    }

private:
    static constexpr qreal kPad = 3;
    static constexpr qreal kRuleGap = 7;
    const StateGraphScene& m_scene;
    EdgeId m_edge;
    LabelPlace m_place;
    bool m_dashed;
    QString m_event, m_action;
    QRectF m_rect;
};

// A side's token: a disc in its colour with its letter.
class TokenItem final : public QGraphicsItem {
public:
    enum { Type = StateGraphScene::TokenType };
    TokenItem(const StateGraphScene& scene, Side side) : m_scene(scene), m_side(side) {
        setZValue(5);
    }
    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] QRectF boundingRect() const override {
        const qreal r = m_scene.geometry().token_r + 2;
        return {-r, -r, 2 * r, 2 * r};
    }
    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        const StateGraphGeometry& g = m_scene.geometry();
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(QPen(Qt::white, 2.5));
        p->setBrush(sideColor(m_side));
        p->drawEllipse(QPointF(0, 0), g.token_r, g.token_r);
        p->setPen(Qt::white);
        p->setFont(g.token);
        const qreal r = g.token_r;
        // The endpoints' ids, as in the trace: not translated.
        p->drawText(QRectF(-r, -r, 2 * r, 2 * r), Qt::AlignCenter,
                    QString::fromLatin1(core::sideName(m_side)));
    }

private:
    const StateGraphScene& m_scene;
    Side m_side;
};

// With the notes' edges shown: a dashed note beside CLOSED for the transitions into CLOSED that
// are too many to draw, and a dashed arrow to CLOSED.
class ExtraEdgesNoteItem final : public QGraphicsItem {
public:
    enum { Type = StateGraphScene::NoteType };
    ExtraEdgesNoteItem(const StateGraphScene& scene, QPointF right_anchor, QPointF closed_left)
        : m_scene(scene), m_anchor(right_anchor), m_target(closed_left) {
        setZValue(2);
    }
    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] QRectF rect() const { return m_rect; }
    [[nodiscard]] QRectF boundingRect() const override {
        return m_rect.united(QRectF(m_target, m_anchor).normalized()).adjusted(-10, -10, 10, 10);
    }
    void setText(QString text) {
        prepareGeometryChange();
        m_text = std::move(text);
        const QFontMetricsF fm(m_scene.geometry().note);
        const QSizeF size(std::ceil(fm.horizontalAdvance(m_text)) + 2 * kPad,
                          std::ceil(fm.height()) + 2 * kPad);
        m_rect =
            QRectF(QPointF(m_anchor.x() - size.width(), m_anchor.y() - size.height() / 2), size);
    }
    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        const StateGraphGeometry& g = m_scene.geometry();
        p->setRenderHint(QPainter::Antialiasing);
        QPen dashed(style::muted(), 2, Qt::DashLine);
        dashed.setDashPattern({3.5, 2.5});
        p->setPen(dashed);
        p->setBrush(style::colors().dark ? style::paper().lighter(130) : QColor(0xF6, 0xF6, 0xF6));
        p->drawRoundedRect(m_rect, 8, 8);
        p->setPen(style::ink());
        p->setFont(g.note);
        p->drawText(m_rect, Qt::AlignCenter, m_text);
        const QPointF from(m_rect.right(), m_rect.center().y());
        p->setPen(dashed);
        p->drawLine(from, m_target - QPointF(g.arrow_len * 0.6, 0));
        p->setPen(Qt::NoPen);
        p->setBrush(style::muted());
        p->drawPolygon(arrowHead(from, m_target, g.arrow_len, g.arrow_half_w));
    }

private:
    static constexpr qreal kPad = 10;
    const StateGraphScene& m_scene;
    QPointF m_anchor;  // middle of the note's right side
    QPointF m_target;  // CLOSED's left side
    QString m_text;
    QRectF m_rect;
};

// --- the scene -----------------------------------------------------------------------------

StateGraphScene::StateGraphScene(QObject* parent)
    : QGraphicsScene(parent),
      m_graph(core::StateGraph::rfc9293()),
      m_geo(std::make_unique<StateGraphGeometry>()),
      m_visited(m_graph.edgeCount(), false),
      m_later(m_graph.edgeCount(), false) {
    // No font family is named: the application's font, and fontconfig's fallback for CJK.
    const QFont base = QGuiApplication::font();
    // Sized for a projector: the edge labels and the A/B tokens were 6-7 px on a 1080p dock.
    m_geo->name = sized(base, 20, QFont::Bold);
    m_geo->label = sized(base, 19);
    m_geo->token = sized(base, 20, QFont::Bold);
    m_geo->note = sized(base, 16);
    m_geo->caption = sized(base, 16);

    // Wide enough for every name in either spelling with a token at each end.
    const QFontMetricsF names(m_geo->name);
    qreal widest = 0;
    for (State s : core::kAllStates) {
        for (std::string_view n : {core::stateName(s), core::textbookStateName(s)}) {
            widest = std::max(widest, names.horizontalAdvance(QString::fromLatin1(
                                          n.data(), static_cast<int>(n.size()))));
        }
    }
    m_geo->box_w = std::max(240.0, std::ceil(widest + 4 * m_geo->token_r + 36));
    m_geo->col_dx = 2 * m_geo->box_w;

    setBackgroundBrush(Qt::white);
    setItemIndexMethod(QGraphicsScene::NoIndex);  // a few dozen items, some of them moving
    build();

    for (Side side : {Side::A, Side::B}) {
        Transit& t = m_transits[core::idx(side)];
        t.animation.setStartValue(0.0);
        t.animation.setEndValue(1.0);
        t.animation.setEasingCurve(QEasingCurve::InOutCubic);
        connect(&t.animation, &QVariantAnimation::valueChanged, this,
                [this, side](const QVariant& v) { onTransitStep(side, v.toDouble()); });
        connect(&t.animation, &QVariantAnimation::finished, this,
                [this, side] { onTransitFinished(side); });
    }
}

StateGraphScene::~StateGraphScene() {
    for (Transit& t : m_transits) t.animation.stop();
    clear();  // the items paint with m_geo: delete them while it is alive
}

void StateGraphScene::build() {
    const FigureRouter router(*m_geo, m_graph);

    for (State s : core::kAllStates) {
        auto* box = new StateBoxItem(*this, s, boxOf(s), router.box(s));
        addItem(box);
        m_boxes[static_cast<std::size_t>(boxOf(s))] = box;
    }
    auto* alias =
        new StateBoxItem(*this, State::Closed, kAliasBox, router.box(State::Closed, true));
    addItem(alias);
    m_boxes[kAliasBox] = alias;

    m_edges.assign(m_graph.edgeCount(), nullptr);
    m_labels.assign(m_graph.edgeCount(), nullptr);
    for (EdgeId id : m_graph.edges()) {
        const core::EdgeProps& e = m_graph.edge(id);
        const bool single = isNoteSingle(m_graph, id);
        if (!e.drawn && !single) continue;  // the families into CLOSED: the note stands for them
        Route r = router.route(id);
        auto* item = new EdgeItem(*this, id, std::move(r.points), single);
        auto* label = new EdgeLabelItem(*this, id, r.label, single);
        addItem(item);
        addItem(label);
        item->setVisible(!single || m_show_extra);
        label->setVisible(!single || m_show_extra);
        m_edges[id] = item;
        m_labels[id] = label;
    }

    // The note, left of the top CLOSED.
    const QRectF closed = router.box(State::Closed);
    m_note = new ExtraEdgesNoteItem(*this, QPointF(closed.left() - 48, closed.center().y()),
                                    QPointF(closed.left(), closed.center().y()));
    m_note->setVisible(m_show_extra);
    addItem(m_note);

    // The caption, bottom left.
    m_caption = new QGraphicsSimpleTextItem;
    m_caption->setFont(m_geo->caption);
    m_caption->setBrush(style::muted());
    const QRectF fw2 = router.box(State::FinWait2);
    m_caption->setPos(fw2.left(), router.box(State::TimeWait).bottom() + 40);
    addItem(m_caption);

    for (Side s : {Side::A, Side::B}) {
        auto* token = new TokenItem(*this, s);
        token->setVisible(false);
        addItem(token);
        m_tokens[core::idx(s)] = token;
    }
    retranslate();
}

void StateGraphScene::retranslate() {
    for (StateBoxItem* box : m_boxes) box->setToolTip(stateToolTip(box->state()));
    for (EdgeId id = 0; id < m_labels.size(); ++id) {
        if (!m_labels[id]) continue;
        const core::EdgeProps& e = m_graph.edge(id);
        m_labels[id]->setText(translated(e.event),
                              e.action.empty() ? QString() : translated(e.action));
        QString tip;
        const State from = m_graph.source(id), to = m_graph.target(id);
        if (from == State::SynReceived && to == State::Listen && e.cause == Cause::RcvRst) {
            tip =
                tr("Figure 5, note 1: a RST returns SYN-RECEIVED to LISTEN only when the "
                   "connection started with a passive OPEN. After an active OPEN it closes "
                   "the connection.");
        } else if (e.cause == Cause::RcvFinAckOfFin) {
            tip =
                tr("Figure 5, note 2: not drawn in the figure. A FIN that also acknowledges "
                   "our FIN takes FIN-WAIT-1 straight to TIME-WAIT.");
        } else if (from == State::SynReceived && to == State::Listen) {
            tip =
                tr("Not drawn in the figure (RFC 9293, section 3.10.7.4): a SYN arriving in "
                   "SYN-RECEIVED, when the connection started with a passive OPEN, sends it "
                   "back to LISTEN.");
        } else if (from == State::Listen && to == State::SynSent && e.cause == Cause::ActiveOpen) {
            tip =
                tr("Not drawn in the figure (RFC 9293, section 3.10.1): an active OPEN on a "
                   "listening connection sends a SYN and moves to SYN-SENT.");
        }
        m_labels[id]->setToolTip(tip);
        m_edges[id]->setToolTip(tip);
    }
    // The theme's colours too (retranslate() runs after a theme change as well).
    setBackgroundBrush(style::paper());
    m_caption->setBrush(style::muted());
    m_note->setText(tr("rcv RST, ABORT, reboot, timeouts \u2192 CLOSED"));
    m_note->setToolTip(
        tr("Not drawn: from most states an acceptable RST, the ABORT call, a reboot of the "
           "host, too many retransmissions or the user timeout lead straight to CLOSED. A "
           "transition taken this way is shown as a straight dashed line while it happens."));
    const QString title = tr("TCP connection states (RFC 9293, Figure 5)");
    const QString dashes = tr("Dashed: transitions the notes and the text add");
    // The scene holds both lines, so that showing the second does not move the figure.
    m_caption->setText(title + QLatin1Char('\n') + dashes);
    m_caption_rect = m_caption->sceneBoundingRect();
    if (m_over_udp)
        m_caption->setText(title + QLatin1Char('\n') + tr("This connection is QUIC's, over UDP: it has no TCP states"));
    else if (!m_show_extra)
        m_caption->setText(title);
    updateSceneRect();
    update();
}

void StateGraphScene::updateSceneRect() {
    // Everything that can be shown, so that toggling the notes' edges does not move the figure.
    QRectF r;
    for (QGraphicsItem* item : items()) {
        if (item->type() == TokenType || item->type() == TransitPathType) continue;
        r = r.united(item->sceneBoundingRect());
    }
    r = r.united(m_caption_rect);
    constexpr qreal kMargin = 24;
    setSceneRect(r.adjusted(-kMargin, -kMargin, kMargin, kMargin));
}

QString StateGraphScene::stateExplanation(State state) {
    switch (state) {
        case State::Closed:
            return tr(
                "No connection exists and there is nothing to remember about one. Waits "
                "for the application to open a connection: actively (connect) or "
                "passively (listen).");
        case State::Listen:
            return tr(
                "A server waiting for connection requests. It has no peer yet and waits "
                "for a SYN from any client.");
        case State::SynSent:
            return tr(
                "This side has sent a SYN to open the connection. It waits for the "
                "peer's SYN,ACK (or, when both sides open at once, the peer's SYN).");
        case State::SynReceived:
            return tr(
                "A SYN has arrived and this side has answered with its own SYN (a "
                "SYN,ACK). It waits for the ACK of its SYN, the last step of the "
                "three-way handshake.");
        case State::Established:
            return tr(
                "The connection is open: both sides know each other's sequence numbers "
                "and data can flow both ways. It stays here until one side closes or "
                "the connection is reset.");
        case State::FinWait1:
            return tr(
                "The application has closed: this side has sent a FIN. It waits for the "
                "ACK of that FIN, or for the peer's FIN.");
        case State::FinWait2:
            return tr(
                "This side's FIN has been acknowledged, so it sends no more data. It "
                "waits for the peer to close as well (the peer's FIN); the peer may still "
                "send data.");
        case State::CloseWait:
            return tr(
                "The peer has closed its direction: its FIN arrived and was "
                "acknowledged. This side can still send; it waits for its own "
                "application to close.");
        case State::Closing:
            return tr(
                "Both sides are closing at once: this side sent a FIN and then received "
                "the peer's FIN before its own was acknowledged. It waits for the ACK of "
                "its FIN.");
        case State::LastAck:
            return tr(
                "The peer closed first and this side has now sent its FIN too. It waits "
                "for the ACK of that FIN; then the connection is gone.");
        case State::TimeWait:
            return tr(
                "Both FINs have been sent and acknowledged. This side waits twice the "
                "maximum segment lifetime (2MSL), so that it can resend a lost final ACK "
                "and old duplicate segments die out.");
    }
    return {};
}

QString StateGraphScene::stateToolTip(State state) const {
    return QStringLiteral("<p><b>%1</b></p><p>%2</p>")
        .arg(displayName(state).toHtmlEscaped(), stateExplanation(state).toHtmlEscaped());
}

QString StateGraphScene::displayName(State state) const {
    // The RFC's names (or netstat's) are protocol vocabulary and are not translated.
    const std::string_view n =
        m_textbook_names ? core::textbookStateName(state) : core::stateName(state);
    return QString::fromLatin1(n.data(), static_cast<int>(n.size()));
}

// --- state of the sides ------------------------------------------------------------------------

void StateGraphScene::showTraceUpTo(const core::Trace& trace, std::size_t events,
                                    std::span<const std::uint32_t> state_events) {
    std::fill(m_visited.begin(), m_visited.end(), false);
    std::fill(m_later.begin(), m_later.end(), false);
    // A QUIC connection's datagrams move no TCP state: no token is lit, and the caption says why.
    if (trace.overUdp() != m_over_udp) {
        m_over_udp = trace.overUdp();
        retranslate();
    }
    if (m_over_udp) {
        placeSides({std::nullopt, std::nullopt}, {-1, -1});
        for (EdgeItem* item : m_edges)
            if (item) item->update();
        return;
    }
    std::array<std::optional<State>, 2> states{trace.initial_states[0], trace.initial_states[1]};
    std::array<int, 2> boxes{boxOf(trace.initial_states[0]), boxOf(trace.initial_states[1])};
    for (const std::uint32_t i : state_events) {
        const core::Event& e = trace.events[i];
        const std::optional<EdgeId> edge = m_graph.findEdge(e.from, e.to, e.cause);
        if (i >= events) {
            if (edge) m_later[*edge] = true;
            continue;
        }
        if (edge) m_visited[*edge] = true;
        states[core::idx(e.endpoint)] = e.to;
        boxes[core::idx(e.endpoint)] = edge ? arrivalBox(*edge) : nearestBox(boxOf(e.from), e.to);
    }
    placeSides(states, boxes);
    for (EdgeItem* item : m_edges) {
        if (item) item->update();
    }
}

void StateGraphScene::setCurrentStates(std::optional<State> a, std::optional<State> b) {
    placeSides({a, b}, {a ? boxOf(*a) : -1, b ? boxOf(*b) : -1});
}

void StateGraphScene::placeSides(const std::array<std::optional<State>, 2>& states,
                                 const std::array<int, 2>& boxes) {
    bool changed = false;
    for (Side side : {Side::A, Side::B}) {
        SideState& s = m_sides[core::idx(side)];
        const std::optional<State>& next = states[core::idx(side)];
        const int box = next ? boxes[core::idx(side)] : -1;
        // Where it already is, or where its animation goes: it carries on.
        if (next == s.state && box == s.box) continue;
        stopTransit(side);
        s.state = next;
        s.box = box;
        placeToken(side);
        changed = true;
    }
    if (changed) update();
}

std::optional<State> StateGraphScene::currentState(Side side) const {
    return m_sides[core::idx(side)].state;
}

bool StateGraphScene::isLit(State state, Side side) const {
    const SideState& s = m_sides[core::idx(side)];
    return s.shown && s.state == state;
}

std::optional<QRectF> StateGraphScene::markerBox(Side side) const {
    const SideState& s = m_sides[core::idx(side)];
    if (!outlinesOf(s.box)[core::idx(side)]) return std::nullopt;
    return boxRect(s.box);
}

void StateGraphScene::setVisitedEdges(const std::vector<EdgeId>& edges) {
    std::fill(m_visited.begin(), m_visited.end(), false);
    for (EdgeId id : edges) {
        if (id < m_visited.size()) m_visited[id] = true;
    }
    for (EdgeItem* e : m_edges) {
        if (e) e->update();
    }
}

bool StateGraphScene::isVisited(EdgeId edge) const {
    return edge < m_visited.size() && m_visited[edge];
}

void StateGraphScene::setFutureSteps(FutureSteps f) {
    if (f == m_future) return;
    m_future = f;
    for (EdgeItem* e : m_edges) {
        if (e) e->update();
    }
}

bool StateGraphScene::isTintedAsLater(EdgeId edge) const {
    return m_future == FutureSteps::Faded && edge < m_later.size() && m_later[edge] &&
           !isVisited(edge);
}

void StateGraphScene::setShownSides(bool a, bool b) {
    const std::array<bool, 2> shown{a, b};
    for (Side side : {Side::A, Side::B}) {
        SideState& s = m_sides[core::idx(side)];
        if (s.shown == shown[core::idx(side)]) continue;
        s.shown = shown[core::idx(side)];
        if (!s.shown && isAnimating(side)) {
            stopTransit(side);
            Q_EMIT animationFinished(side);
        }
        placeToken(side);
    }
    update();
}

void StateGraphScene::setShowExtraEdges(bool on) {
    if (on == m_show_extra) return;
    m_show_extra = on;
    for (EdgeId id = 0; id < m_edges.size(); ++id) {
        if (!m_edges[id] || !m_edges[id]->isDashed()) continue;
        m_edges[id]->setVisible(on);
        m_labels[id]->setVisible(on);
    }
    m_note->setVisible(on);
    retranslate();  // the caption explains the dashes
}

void StateGraphScene::setTextbookStateNames(bool on) {
    if (on == m_textbook_names) return;
    m_textbook_names = on;
    retranslate();
}

// --- animation ---------------------------------------------------------------------------------

void StateGraphScene::animateTransition(Side side, EdgeId edge, int durationMs) {
    if (edge >= m_graph.edgeCount()) return;
    stopTransit(side);
    const State to = m_graph.target(edge);
    const int from_box = boxOf(m_graph.source(edge));
    const int to_box = arrivalBox(edge);
    QPainterPath along;
    std::vector<QPointF> temporary;  // the dashed path to show while the token travels
    if (EdgeItem* item = m_edges[edge]) {
        along = item->path();
        if (!item->isVisible()) temporary = item->points();
    } else {
        along = straightPath(from_box, to_box);
        temporary = {along.elementAt(0), along.elementAt(along.elementCount() - 1)};
    }

    SideState& s = m_sides[core::idx(side)];
    s.state = to;
    s.box = to_box;
    if (!s.shown || durationMs <= 0) {
        placeToken(side);
        update();
        Q_EMIT animationFinished(side);
        return;
    }

    Transit& t = m_transits[core::idx(side)];
    t.path = QPainterPath(tokenHome(from_box, side));
    t.path.connectPath(along);
    t.path.lineTo(tokenHome(to_box, side));
    t.edge = edge;
    if (!temporary.empty()) {
        t.temporary = new EdgeItem(*this, edge, std::move(temporary), true, side);
        addItem(t.temporary);
    }
    t.animation.setDuration(durationMs);
    t.animation.start();
    placeToken(side);
    update();
}

void StateGraphScene::stopTransit(Side side) {
    Transit& t = m_transits[core::idx(side)];
    if (t.animation.state() != QAbstractAnimation::Stopped) t.animation.stop();
    if (t.temporary) {
        removeItem(t.temporary);
        delete t.temporary;
        t.temporary = nullptr;
    }
    if (t.edge) {
        t.edge.reset();
        placeToken(side);
        update();
    }
}

void StateGraphScene::onTransitStep(Side side, double) {
    placeToken(side);
}

void StateGraphScene::onTransitFinished(Side side) {
    stopTransit(side);
    Q_EMIT animationFinished(side);
}

bool StateGraphScene::isAnimating(Side side) const {
    return m_transits[core::idx(side)].edge.has_value();
}

bool StateGraphScene::isAnimating() const {
    return isAnimating(Side::A) || isAnimating(Side::B);
}

void StateGraphScene::finishAnimations() {
    for (Side side : {Side::A, Side::B}) {
        if (!isAnimating(side)) continue;
        stopTransit(side);
        Q_EMIT animationFinished(side);
    }
}

void StateGraphScene::placeToken(Side side) {
    const SideState& s = m_sides[core::idx(side)];
    const Transit& t = m_transits[core::idx(side)];
    TokenItem* token = m_tokens[core::idx(side)];
    if (!token) return;
    token->setVisible(s.shown && s.state.has_value());
    if (!token->isVisible()) return;
    if (t.edge) {
        token->setPos(
            t.path.pointAtPercent(std::clamp(t.animation.currentValue().toDouble(), 0.0, 1.0)));
    } else {
        token->setPos(tokenHome(s.box, side));
    }
}

QPointF StateGraphScene::tokenHome(int box, Side side) const {
    const QRectF r = boxRect(box);
    const qreal inset = m_geo->token_r + 9;
    return {side == Side::A ? r.left() + inset : r.right() - inset, r.center().y()};
}

QRectF StateGraphScene::boxRect(int box) const {
    if (box < 0 || box > kAliasBox) return {};
    return m_boxes[static_cast<std::size_t>(box)]->rect();
}

int StateGraphScene::nearestBox(int from_box, State to) const {
    if (to != State::Closed) return boxOf(to);
    const QPointF from = boxRect(from_box).center();
    const qreal main = QLineF(from, boxRect(boxOf(State::Closed)).center()).length();
    const qreal alias = QLineF(from, boxRect(kAliasBox).center()).length();
    return alias < main ? kAliasBox : boxOf(State::Closed);
}

int StateGraphScene::arrivalBox(EdgeId edge) const {
    if (m_edges[edge]) return m_graph.edge(edge).to_alias ? kAliasBox : boxOf(m_graph.target(edge));
    return nearestBox(boxOf(m_graph.source(edge)), m_graph.target(edge));
}

QPainterPath StateGraphScene::straightPath(int from_box, int to_box) const {
    const QRectF a = boxRect(from_box), b = boxRect(to_box);
    QPainterPath p(borderPoint(a, a.center(), b.center()));
    p.lineTo(borderPoint(b, b.center(), a.center()));
    return p;
}

std::array<bool, 2> StateGraphScene::outlinesOf(int box) const {
    std::array<bool, 2> lit{};
    for (Side side : {Side::A, Side::B}) {
        const SideState& s = m_sides[core::idx(side)];
        lit[core::idx(side)] = s.shown && s.state && s.box == box && !isAnimating(side);
    }
    return lit;
}

std::optional<Side> StateGraphScene::travellerOn(EdgeId edge) const {
    for (Side side : {Side::A, Side::B}) {
        const Transit& t = m_transits[core::idx(side)];
        if (t.edge == edge && !t.temporary) return side;
    }
    return std::nullopt;
}

// --- queries -----------------------------------------------------------------------------------

std::optional<State> StateGraphScene::stateAt(QPointF scene_pos) const {
    for (const StateBoxItem* box : m_boxes) {
        if (box->rect().contains(scene_pos)) return box->state();
    }
    return std::nullopt;
}

std::optional<StateGraphScene::EdgeId> StateGraphScene::edgeAt(QPointF scene_pos) const {
    for (const EdgeLabelItem* label : m_labels) {
        if (label && label->isVisible() && label->rect().contains(scene_pos)) return label->edge();
    }
    for (const EdgeItem* e : m_edges) {
        if (e && e->isVisible() && e->shape().contains(scene_pos)) return e->edge();
    }
    return std::nullopt;
}

QRectF StateGraphScene::stateRect(State state, bool alias) const {
    return boxRect(alias && state == State::Closed ? kAliasBox : boxOf(state));
}

std::vector<StateGraphScene::EdgeId> StateGraphScene::visibleEdges() const {
    std::vector<EdgeId> ids;
    for (EdgeId id = 0; id < m_edges.size(); ++id) {
        if (m_edges[id] && m_edges[id]->isVisible()) ids.push_back(id);
    }
    return ids;
}

bool StateGraphScene::isDashed(EdgeId edge) const {
    return edge < m_edges.size() && m_edges[edge] && m_edges[edge]->isDashed();
}

QPainterPath StateGraphScene::edgePath(EdgeId edge) const {
    if (edge >= m_edges.size() || !m_edges[edge]) return {};
    return m_edges[edge]->path();
}

QRectF StateGraphScene::edgeLabelRect(EdgeId edge) const {
    if (edge >= m_labels.size() || !m_labels[edge]) return {};
    return m_labels[edge]->rect();
}

bool StateGraphScene::isNoteVisible() const {
    return m_note->isVisible();
}

std::optional<QPointF> StateGraphScene::tokenPos(Side side) const {
    const TokenItem* token = m_tokens[core::idx(side)];
    if (!token->isVisible()) return std::nullopt;
    return token->pos();
}

// --- the view ----------------------------------------------------------------------------------

StateGraphView::StateGraphView(StateGraphScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent), m_scene(scene) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                   QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFrameShape(QFrame::NoFrame);
    setMinimumSize(240, 200);
    connect(scene, &QGraphicsScene::sceneRectChanged, this, [this] { applyZoom(); });
}

void StateGraphView::setZoom(double zoom) {
    zoom = std::clamp(zoom, 1.0, 8.0);
    if (qFuzzyCompare(zoom, m_zoom)) return;
    m_zoom = zoom;
    applyZoom();
    Q_EMIT zoomChanged(m_zoom);
}

void StateGraphView::applyZoom() {
    const QRectF scene = m_scene->sceneRect();
    const QRectF port = viewport()->rect();
    if (scene.isEmpty() || port.isEmpty()) return;
    const double fit = std::min(port.width() / scene.width(), port.height() / scene.height());
    setTransform(QTransform::fromScale(fit * m_zoom, fit * m_zoom));
    if (m_zoom <= 1.0) centerOn(scene.center());
}

void StateGraphView::wheelEvent(QWheelEvent* e) {
    if (!zoomOnCtrlWheel(*this, e, m_zoom)) QGraphicsView::wheelEvent(e);
}

void StateGraphView::resizeEvent(QResizeEvent* e) {
    QGraphicsView::resizeEvent(e);
    applyZoom();
}

void StateGraphView::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) m_scene->retranslate();
    QGraphicsView::changeEvent(e);
}

}  // namespace tcpviz::ui
