#include "ui/views/sequence_diagram.h"
#include "ui/views/view_zoom.h"
#include "ui/session/work_pool.h"

#include <QApplication>
#include <QEasingCurve>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QFontMetricsF>
#include <QLocale>
#include <QGraphicsItem>
#include <QtMath>
#include <QContextMenuEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <span>

#include "ui/views/diagram_marks.h"
#include "ui/views/diagram_style.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

using core::Side;

namespace {

// Between the two lifelines: room for two labels side by side. A small screen's window
// (DiagramGeometry::SmallScreen) has them closer, so that the fitted diagram's text stays 12 px
// or more on a 1024 px wide projector (tests/ui/main_window_screen_test); its labels crowd more,
// and placing them in a dense trace costs more (BM_PlaceLabelsCompact).
constexpr qreal kLifelineGap = 760, kCompactLifelineGap = 600;
constexpr qreal kMargin = 28;

// The diagram's font sizes in pixels, before the classroom text size. A figure's are the
// textbook's proportions; on a screen every word is larger, and the notes move into the state
// boxes' column to make room for them.
struct FontPixels {
    int title, header_name, header_address, label, tag, horizon, box, note, timer, gap;
};
constexpr FontPixels kPixels{28, 26, 17, 20, 14, 17, 18, 16, 16, 18};
constexpr FontPixels kScreenPixels{28, 26, 20, 22, 20, 20, 21, 20, 20, 20};
constexpr double kFadedAlpha = 0.16;     // future steps in the "faded" view
constexpr double kArrowMs = 600;         // an arrow's flight at 1x
constexpr double kPreMs = 220;           // what happens before the segment arrives
constexpr double kPostMs = 320;          // the states entered after it arrives
constexpr qreal kLabelOffset = 5;        // from an arrow to its label
constexpr qreal kFigureFoot = 90;        // below the lowest row: a stub of lifeline, then a margin
constexpr qreal kFlightStub = 46;        // a segment on its way shows at least its head out of the sender ...
constexpr qreal kFlightShort = 24;       // ... and stops this far short of its end until it arrives

QFont sized(const QFont& base, int pixels, QFont::Weight weight = QFont::Normal, bool italic = false) {
    QFont f = base;
    f.setPixelSize(pixels);
    f.setWeight(weight);
    f.setItalic(italic);
    return f;
}

using marks::withAlpha;

QColor timerColor(core::TimerKind k) {
    switch (k) {
        case core::TimerKind::Retransmission: return style::vermillion();
        case core::TimerKind::TimeWait: return style::blue();
        case core::TimerKind::UserTimeout:
        case core::TimerKind::Persist:
        case core::TimerKind::DelayedAck: return style::muted();
    }
    return style::muted();
}

bool isWarning(core::Notice n) {
    using core::Notice;
    return n == Notice::ConnectionRefused || n == Notice::ConnectionReset || n == Notice::ConnectionTimedOut ||
           n == Notice::UserTimeout;
}

// A pure ACK: no SYN, FIN or RST, no data. Its label may shrink to "ack=..." in a crowd.
bool isPureAck(const core::Segment& s) {
    return s.has(core::kAck) && !s.has(core::kSyn) && !s.has(core::kFin) && !s.has(core::kRst) && s.payload.empty();
}

}  // namespace

// The one item of the scene: it paints the rows of the layout that the exposed rectangle
// touches, nothing else.
class DiagramItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    explicit DiagramItem(const SequenceDiagramScene& scene) : m_scene(scene) {
        setFlag(ItemUsesExtendedStyleOption);
    }
    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] QRectF boundingRect() const override { return m_rect; }
    void setRect(const QRectF& r) {
        prepareGeometryChange();
        m_rect = r;
    }
    void paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) override {
        QRectF exposed = option->exposedRect;
        // QGraphicsScene::render() exposes the whole item but clips to its source rectangle.
        if (p->hasClipping()) {
            const QRectF clip = p->clipBoundingRect();
            if (!clip.isEmpty()) exposed &= clip;
        }
        if (!exposed.isEmpty()) m_scene.paintDiagram(p, exposed);
    }

private:
    const SequenceDiagramScene& m_scene;
    QRectF m_rect;
};

// --- the scene -------------------------------------------------------------------------------

// A background layout, shared by the scene and its worker.
struct SequenceDiagramScene::LayoutJob {
    std::atomic<bool> cancel{false};
    std::atomic<std::size_t> placed{0};
    std::size_t total = 0;
};

SequenceDiagramScene::SequenceDiagramScene(SessionModel* model, QObject* parent)
    : QGraphicsScene(parent), m_model(model) {
    setItemIndexMethod(QGraphicsScene::NoIndex);
    setBackgroundBrush(style::paper());
    m_item = new DiagramItem(*this);
    addItem(m_item);
    m_animation.setStartValue(0.0);
    m_animation.setEndValue(1.0);
    m_animation.setEasingCurve(QEasingCurve::Linear);
    connect(&m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        if (!m_anim.active) return;
        m_anim.t = v.toDouble() * (m_anim.pre + m_anim.arrow + m_anim.post);
        updateStep(m_model->cursor());
    });
    connect(&m_animation, &QVariantAnimation::finished, this, [this] {
        if (!m_anim.active) return;
        m_anim.active = false;
        updateStep(m_model->cursor());
        Q_EMIT animationFinished();
    });
    connect(m_model, &SessionModel::traceChanged, this, &SequenceDiagramScene::rebuild);
    connect(m_model, &SessionModel::cursorChanged, this, &SequenceDiagramScene::onCursorChanged);
    connect(m_model, &SessionModel::granularityChanged, this, [this] { m_item->update(); });
    connect(m_model, &SessionModel::selectedSegmentChanged, this, [this] { m_item->update(); });
    rebuild();
}

SequenceDiagramScene::~SequenceDiagramScene() {
    m_animation.stop();
    // A layout still running stops soon instead of keeping the program alive after the window.
    if (m_job) m_job->cancel.store(true, std::memory_order_relaxed);
}

void SequenceDiagramScene::setNotation(core::Notation n) {
    if (n == m_notation) return;
    m_notation = n;
    m_labels.clear();
    relayoutLabels();
}

void SequenceDiagramScene::setTextbookStateNames(bool on) {
    if (on == m_textbook_names) return;
    m_textbook_names = on;
    rebuildGeometry();
}

void SequenceDiagramScene::retranslate() {
    m_labels.clear();
    rebuildGeometry();
}

void SequenceDiagramScene::setFutureSteps(FutureSteps f) {
    if (f == m_future) return;
    m_future = f;
    m_item->update();
}

void SequenceDiagramScene::setTextScale(double factor) {
    factor = std::clamp(factor, 0.5, 3.0);
    if (factor == m_text_scale) return;
    m_text_scale = factor;
    relayoutFonts();
}

void SequenceDiagramScene::setGeometry(DiagramGeometry geometry) {
    if (geometry == m_geometry) return;
    m_geometry = geometry;
    relayoutFonts();
}

void SequenceDiagramScene::relayoutFonts() {
    // Stacked notes and boxes keep apart by their heights, so the rows move with the fonts.
    if (layoutParams() != m_base_layout->params())
        rebuild();
    else
        rebuildGeometry();
    update();
}

int SequenceDiagramScene::pixels(int base_pixels) const { return static_cast<int>(std::lround(base_pixels * m_text_scale)); }

QFont SequenceDiagramScene::boxFont() const {
    return sized(QApplication::font(), pixels((stacksNotes() ? kScreenPixels : kPixels).box), QFont::Bold);
}

QFont SequenceDiagramScene::noteFont() const {
    return sized(QApplication::font(), pixels((stacksNotes() ? kScreenPixels : kPixels).note));
}

LayoutParams SequenceDiagramScene::layoutParams() const {
    LayoutParams p;
    if (!stacksNotes()) return p;
    // A box and a note beside one lifeline: half of each one's height, and a gap.
    const double box_h = std::ceil(QFontMetricsF(boxFont()).height()) + 10;
    const double note_h = QFontMetricsF(noteFont()).height() + 6;
    p.box_spacing = std::max(p.box_spacing, box_h + 6);
    p.note_spacing = std::max(p.note_spacing, note_h + 4);
    p.stack_spacing = std::ceil((box_h + note_h) / 2 + 5);
    return p;
}

int SequenceDiagramScene::smallestTextPixelSize() const {
    int smallest = std::numeric_limits<int>::max();
    for (const QFont* f : {&m_geo.title, &m_geo.header_name, &m_geo.header_address, &m_geo.label, &m_geo.tag, &m_geo.box,
                           &m_geo.note, &m_geo.timer, &m_geo.gap, &m_geo.horizon})
        smallest = std::min(smallest, f->pixelSize());
    return smallest;
}

void SequenceDiagramScene::setShowTimers(bool on) {
    if (on == m_show_timers) return;
    m_show_timers = on;
    rebuildGeometry();
}

void SequenceDiagramScene::setAnimationSpeed(double factor) { m_speed = std::clamp(factor, 0.25, 4.0); }

void SequenceDiagramScene::setAnimationsEnabled(bool on) {
    m_animations = on;
    if (!on) finishAnimation();
}

void SequenceDiagramScene::finishAnimation() {
    if (!m_anim.active) return;
    m_animation.stop();
    m_anim.active = false;
    updateStep(m_model->cursor());
    Q_EMIT animationFinished();
}

void SequenceDiagramScene::setSuspended(bool on) {
    if (on == m_suspended) return;
    m_suspended = on;
    rebuild();
}

// The rows of a trace and what the cursor needs of its arrows (any thread).
std::pair<std::shared_ptr<const DiagramLayout>, SequenceDiagramScene::ArrowFacts> SequenceDiagramScene::baseOf(
    const core::Trace& t, const LayoutParams& params) {
    auto base = std::make_shared<const DiagramLayout>(DiagramLayout::build(t, params));
    const ArrowFacts facts = ArrowFacts::of(*base, t);
    return {std::move(base), facts};
}

void SequenceDiagramScene::rebuild() {
    stopAnimation();
    cancelLayout();
    const std::shared_ptr<const core::Trace> trace = m_model->sharedTrace();
    // Measured again as they are needed (label(), requestsFor()), and for a big trace on the
    // worker that places them: nothing here is as long as the trace.
    m_labels.clear();
    if (!m_suspended && (!m_background || trace->segments.size() <= kBackgroundArrows)) {
        auto [base, facts] = baseOf(*trace, layoutParams());
        adoptBaseLayout(std::move(base), facts);
        return;
    }
    // Suspended, or a big trace whose rows come from a worker: meanwhile the headers over an
    // empty diagram.
    m_base_layout = m_layout = std::make_shared<const DiagramLayout>();
    m_placements.clear();
    m_facts = {};
    rebuildGeometry();
    if (m_suspended) return;
    auto job = std::make_shared<LayoutJob>();
    m_job = job;
    Q_EMIT layingOutChanged(true);
    using Base = std::pair<std::shared_ptr<const DiagramLayout>, ArrowFacts>;
    auto* watcher = new QFutureWatcher<Base>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        if (job != m_job) return;   // the trace changed meanwhile
        m_job.reset();
        const Base base = watcher->result();
        adoptBaseLayout(base.first, base.second);
        if (!m_job) Q_EMIT layingOutChanged(false);
    });
    watcher->setFuture(QtConcurrent::run(workPool(), [trace, params = layoutParams()] { return baseOf(*trace, params); }));
}

SequenceDiagramScene::ArrowFacts SequenceDiagramScene::ArrowFacts::of(const DiagramLayout& layout, const core::Trace& t) {
    ArrowFacts f;
    const std::vector<ArrowRow>& arrows = layout.arrows();
    for (std::size_t i = 0; i < arrows.size(); ++i) {
        const ArrowRow& a = arrows[i];
        f.longest_flight = std::max(f.longest_flight, t.events[a.event].time - t.events[a.send_event].time);
        ShownMarks m;
        noteMarks(a, t, m);
        const auto first = [i](bool has, std::size_t& at) {
            if (has && at == kNone) at = i;
        };
        first(m.timeout_retransmission, f.first_timeout);
        first(m.fast_retransmission, f.first_fast);
        first(m.dup_ack, f.first_dup_ack);
        first(m.network_copy, f.first_copy);
        first(a.lost, f.first_lost);
    }
    return f;
}

void SequenceDiagramScene::adoptBaseLayout(std::shared_ptr<const DiagramLayout> base, const ArrowFacts& facts) {
    m_base_layout = std::move(base);
    m_layout = m_base_layout;
    m_facts = facts;

    rebuildGeometry();   // places the labels too
    Q_EMIT diagramRebuilt();
}

void SequenceDiagramScene::rebuildGeometry() {
    Geometry& g = m_geo;
    const QFont base = QApplication::font();
    // The classroom text size scales every font; the lifelines stay as far apart, so the
    // words grow against the picture, and the fitted zoom hardly shrinks.
    const FontPixels& size = stacksNotes() ? kScreenPixels : kPixels;
    g.title = sized(base, pixels(size.title), QFont::Bold);
    g.header_name = sized(base, pixels(size.header_name), QFont::Bold);
    g.header_address = sized(base, pixels(size.header_address));
    const QFont label_font = sized(base, pixels(size.label), QFont::Medium);
    // Labels measured in another size (a new text size, another geometry) are measured again.
    if (label_font != g.label) m_labels.clear();
    g.label = label_font;
    g.tag = sized(base, pixels(size.tag), QFont::DemiBold);
    g.tag_strong = sized(base, pixels(size.tag), QFont::Black);
    g.horizon = sized(base, pixels(size.horizon), QFont::DemiBold);
    g.box = boxFont();
    g.note = noteFont();
    g.timer = sized(base, pixels(size.timer), QFont::DemiBold);
    g.gap = sized(base, pixels(size.gap), QFont::Normal, true);

    const QFontMetricsF box(g.box), note(g.note), label(g.label);
    // The tags an arrow may carry, by send reason, then "duplicate"; "dup ACK n" as they are met.
    const QFontMetricsF tag(g.tag);
    for (std::size_t r = 0; r < kSendReasons; ++r) {
        const auto reason = static_cast<core::SendReason>(r);
        m_tags[r].text = Text::sendReasonTag(reason);
        m_tags[r].color = reason == core::SendReason::FastRetransmit ? style::fastRetransmissionTagColor()
                          : reason == core::SendReason::Injected     ? style::copyTagColor()
                                                                     : style::retransmissionTagColor();
    }
    m_tags.back().text = tr("duplicate");
    m_tags.back().color = style::copyTagColor();
    for (Tag& t : m_tags) t.width = t.text.isEmpty() ? 0 : tag.horizontalAdvance(t.text) + 14;
    for (auto& tags : m_dup_ack_tags) tags.clear();

    g.box_w = 0;
    for (core::State s : core::kAllStates) g.box_w = std::max(g.box_w, box.horizontalAdvance(Text::stateName(s, m_textbook_names)));
    g.box_w += 28;
    g.box_h = std::ceil(box.height()) + 10;
    g.label_h = std::ceil(label.height()) + 6;

    for (Side s : {Side::A, Side::B})
        g.lanes[core::idx(s)] = m_show_timers ? std::max(1, m_base_layout->timerLanes(s)) : 0;
    // Lanes outside the timers' for the brackets of messages in several segments: the first
    // lane free by then (two that share a segment never share a lane).
    m_spans = core::messageSpans(m_model->trace());
    m_span_lane.assign(m_spans.size(), 0);
    m_bracket_lanes = {};
    {
        std::array<std::vector<std::size_t>, 2> lane_end;   // each lane's last bracket's last send
        for (std::size_t i = 0; i < m_spans.size(); ++i) {
            auto& ends = lane_end[core::idx(m_model->trace().messages[m_spans[i].message].from)];
            std::size_t lane = 0;
            while (lane < ends.size() && ends[lane] >= m_spans[i].first_send) ++lane;
            if (lane == ends.size()) ends.push_back(0);
            ends[lane] = m_spans[i].last_send;
            m_span_lane[i] = static_cast<int>(lane);
        }
        for (Side s : {Side::A, Side::B}) {
            m_bracket_lanes[core::idx(s)] = static_cast<int>(lane_end[core::idx(s)].size());
            g.lanes[core::idx(s)] += m_bracket_lanes[core::idx(s)];
        }
    }

    // x, left to right: the RTT ruler (a protocol above TCP only), notes, boxes, timers,
    // lifeline A, ..., lifeline B, timers, boxes, notes; or, stacked (compact), boxes and notes
    // in one column.
    g.left = 0;
    g.ruler_w = 0;
    m_rtts = m_model->trace().messages.empty() ? std::nullopt : core::handshakeRtts(m_model->trace());
    m_rtt_ticks = {};
    m_brackets = {};
    m_stall = m_rtts ? findStall(m_model->trace(), m_rtts->client) : std::nullopt;
    if (m_rtts) {
        const QFontMetricsF ruler(g.note);
        g.ruler_w = std::max({ruler.horizontalAdvance(tr("%1 RTT").arg(9)), ruler.horizontalAdvance(tr("request")),
                              ruler.horizontalAdvance(tr("answer")),
                              m_stall ? ruler.horizontalAdvance(streamWaitText(m_stall->streams.size())) : 0.0}) +
                    30;
    }
    const qreal first = kMargin + g.ruler_w;
    if (stacksNotes()) {
        g.note_w = g.box_w;
        g.box_left[0] = first;
    } else {
        // Notes: as wide as the widest one, within reason (longer ones are elided).
        qreal widest = note.horizontalAdvance(Text::callText(core::CallKind::Connect, 0));
        std::size_t measured = 0;
        for (const NoteRow& n : m_base_layout->notes()) {
            widest = std::max(widest, note.horizontalAdvance(noteText(n)));
            if (++measured > 2000 || widest > 280) break;
        }
        g.note_w = std::min<qreal>(widest, 280) + 20;
        g.note_edge[0] = first + g.note_w;
        g.box_left[0] = g.note_edge[0] + 14;
    }
    g.x_a = g.box_left[0] + g.box_w + 12 + g.lanes[0] * g.lane_w + 6;
    g.x_b = g.x_a + (m_geometry == DiagramGeometry::SmallScreen ? kCompactLifelineGap : kLifelineGap);
    g.box_left[1] = g.x_b + 6 + g.lanes[1] * g.lane_w + 12;
    g.note_edge[1] = stacksNotes() ? g.box_left[1] : g.box_left[1] + g.box_w + 14;
    g.right = g.note_edge[1] + (stacksNotes() ? g.box_w : g.note_w) + kMargin;
    if (stacksNotes()) g.note_edge[0] = g.box_left[0] + g.box_w;

    // y, bottom to top above the first event (y = 0): initial states, headers, title.
    const QFontMetricsF name(g.header_name), address(g.header_address), title(g.title);
    g.initial_y = -std::max(m_base_layout->params().box_spacing, m_base_layout->params().stack_spacing) - 6;
    g.header_bottom = g.initial_y - g.box_h / 2 - 24;
    g.header_top = g.header_bottom - (name.height() + address.height() + 22);
    g.title_top = g.header_top - 26 - title.height();
    // A capture says under its title how its arrows are drawn.
    if (m_model->trace().capture) g.title_top -= address.height() + 6;

    relayoutLabels();   // and the bottom of the scene, below the widened layout
}

QRectF SequenceDiagramScene::diagramRect() const {
    return QRectF(QPointF(m_geo.left, m_geo.title_top - 24), QPointF(m_geo.right, m_geo.bottom));
}

QRectF SequenceDiagramScene::untitledDiagramRect() const {
    return QRectF(QPointF(m_geo.left, m_geo.header_top - 24), QPointF(m_geo.right, m_geo.bottom));
}

QRectF SequenceDiagramScene::figureRect(bool titled) const {
    QRectF r = titled ? diagramRect() : untitledDiagramRect();
    r.setBottom(figureBottom());
    return r;
}

double SequenceDiagramScene::figureBottom() const {
    const std::size_t visible = m_model->visibleEvents();
    if (!m_crop || m_future != FutureSteps::Hidden || visible >= m_layout->eventCount()) return m_geo.bottom;
    // What the cursor shows: down to its lowest row, the labels of the arrows that end there, and
    // the segments still on their way with theirs; then a stub of lifeline, as under a whole trace.
    double lowest = visible == 0 ? m_geo.initial_y + m_geo.box_h / 2 : m_layout->bottomOf(visible);
    const double reach = std::max(m_geo.label_h, m_label_reach) + 20;
    m_layout->forArrowsIn(lowest - reach, lowest + reach, [&](const ArrowRow& a) {
        if (a.event < visible) lowest = std::max(lowest, labelOutline(arrowIndex(a)).boundingRect().bottom());
    });
    forArrowsInFlight(visible, [&](const ArrowRow& a) { lowest = std::max(lowest, flightRect(a).bottom()); });
    return std::min(m_geo.bottom, lowest + kFigureFoot);
}

QRectF SequenceDiagramScene::headerRect() const {
    return QRectF(QPointF(m_geo.left, m_geo.title_top - 24), QPointF(m_geo.right, m_geo.header_bottom));
}

QRectF SequenceDiagramScene::stepRect(int step) const {
    const core::EventRange r = m_model->steps().events(static_cast<std::size_t>(std::max(step, 0)));
    if (r.empty() || r.end > m_layout->eventCount()) return {};
    // Plain variables, not a structured binding: the lambda below captures them (Clang 14).
    const auto span = m_layout->spanOf(r.begin, r.end);
    double top = span.first, bottom = span.second;
    top -= m_geo.label_h + 14;
    bottom += m_geo.box_h / 2 + 10;
    // The labels of its arrows, where they sit apart (none while they are being placed).
    const auto [a0, a1] = m_placements.empty() ? std::pair<std::size_t, std::size_t>{0, 0}
                                                : m_layout->arrowRange(r.begin, r.end);
    for (std::size_t i = a0; i < a1; ++i) {
        const QRectF b = labelOutline(i).boundingRect();
        top = std::min(top, b.top() - 8);
        bottom = std::max(bottom, b.bottom() + 8);
    }
    // The segments it sent that are still on their way when it ends.
    forArrowsInFlight(r.end, [&](const ArrowRow& a) {
        if (a.send_event < r.begin) return;
        const QRectF f = flightRect(a);
        top = std::min(top, f.top());
        bottom = std::max(bottom, f.bottom());
    });
    return QRectF(QPointF(m_geo.left, top), QPointF(m_geo.right, bottom));
}

// --- cursor and animation ------------------------------------------------------------------

void SequenceDiagramScene::onCursorChanged(int cursor, int previous) {
    stopAnimation();
    if (m_animations && cursor == previous + 1 && cursor > 0) {
        startAnimation(cursor);
    } else {
        m_item->update();
        if (cursor == previous + 1) Q_EMIT animationFinished();
    }
}

void SequenceDiagramScene::startAnimation(int step) {
    // Three phases: what happens at the sender fades in, the segment flies, then what its
    // arrival causes fades in (a segment sent in answer with it, on its way from there). A phase
    // with nothing to show takes no time.
    const core::EventRange r = m_model->steps().events(static_cast<std::size_t>(step));
    const core::Trace& t = m_model->trace();
    Animation a;
    a.begin = r.begin;
    a.end = r.end;
    bool before = false, after = false;
    for (std::size_t i = r.begin; i < r.end; ++i) {
        const core::EventKind k = t.events[i].kind;
        if ((k == core::EventKind::Arrive || k == core::EventKind::Drop) && a.arrival == kNoEvent) {
            a.arrival = i;
            continue;
        }
        if (k == core::EventKind::State || k == core::EventKind::Call || k == core::EventKind::Timer ||
            k == core::EventKind::Send)
            (a.arrival == kNoEvent ? before : after) = true;
    }
    a.pre = before ? kPreMs / m_speed : 0;
    a.arrow = a.arrival != kNoEvent ? kArrowMs / m_speed : 0;
    a.post = after ? kPostMs / m_speed : 0;
    const double total = a.pre + a.arrow + a.post;
    m_item->update();
    if (total <= 0) {
        Q_EMIT animationFinished();
        return;
    }
    a.active = true;
    m_anim = a;
    m_animation.setDuration(static_cast<int>(std::lround(total)));
    m_animation.start();
}

std::optional<SequenceDiagramScene::Reveal> SequenceDiagramScene::revealOf(std::size_t event) const {
    if (!m_anim.active || event < m_anim.begin || event >= m_anim.end) return std::nullopt;
    double start = 0, length = m_anim.pre;
    if (event == m_anim.arrival) {
        start = m_anim.pre;
        length = m_anim.arrow;
    } else if (m_anim.arrival != kNoEvent && event > m_anim.arrival) {
        start = m_anim.pre + m_anim.arrow;
        length = m_anim.post;
    }
    const double end = start + length;
    start = std::max(start, m_anim.t);
    return Reveal{static_cast<int>(std::lround(start - m_anim.t)),
                  static_cast<int>(std::lround(std::max(0.0, end - start)))};
}

void SequenceDiagramScene::stopAnimation() {
    if (!m_anim.active) return;
    m_anim.active = false;
    m_animation.stop();
    m_item->update();
}

void SequenceDiagramScene::updateStep(int step) {
    QRectF r = stepRect(step);
    if (r.isNull()) {
        m_item->update();
        return;
    }
    // The segments that were on their way move on as the step plays.
    if (m_anim.active) forArrowsInFlight(m_anim.begin, [&](const ArrowRow& a) { r |= flightRect(a); });
    m_item->update(r.adjusted(0, -10, 0, 10));
}

double SequenceDiagramScene::alphaOf(std::size_t event, std::size_t visible) const {
    const double future = m_future == FutureSteps::Faded ? kFadedAlpha : 0.0;
    if (event >= visible) return future;
    if (!m_anim.active || event < m_anim.begin || event >= m_anim.end || event == m_anim.arrival) return 1.0;
    double a = 1.0;
    if (event < m_anim.arrival) {
        a = m_anim.pre > 0 ? std::clamp(m_anim.t / m_anim.pre, 0.0, 1.0) : 1.0;
    } else {
        a = m_anim.post > 0 ? std::clamp((m_anim.t - m_anim.pre - m_anim.arrow) / m_anim.post, 0.0, 1.0) : 1.0;
    }
    return std::max(a, future);
}

// --- segments on their way --------------------------------------------------------------------
//
// A segment sent at or before the cursor that arrives (or is lost) after it is drawn on its way:
// from its send to where it is at the cursor's simulated time, the rest of its way dotted, with
// its label. Stepping on, it flies on from there as any arrow grows in a step's animation.

std::optional<double> SequenceDiagramScene::flightAt(const ArrowRow& a, std::size_t visible) const {
    if (visible == 0 || a.send_event >= visible || a.event < visible) return std::nullopt;
    const core::Trace& t = m_model->trace();
    const core::TimeUs sent = t.events[a.send_event].time, end = t.events[a.event].time;
    const core::TimeUs now = t.events[std::min(visible, t.events.size()) - 1].time;
    if (end <= sent) return 0.0;
    return std::clamp(static_cast<double>(now - sent) / static_cast<double>(end - sent), 0.0, 1.0);
}

template <typename F>
void SequenceDiagramScene::forArrowsInFlight(std::size_t visible, F&& f) const {
    const core::Trace& t = m_model->trace();
    visible = std::min(visible, std::min(t.events.size(), m_layout->eventCount()));
    if (visible == 0) return;
    // Arrows come in the order of their arrivals, and so of time: none arriving later than the
    // longest flight after the cursor's time was sent by then.
    const core::TimeUs now = t.events[visible - 1].time;
    const std::vector<ArrowRow>& arrows = m_layout->arrows();
    for (std::size_t i = m_layout->arrowRange(0, visible).second; i < arrows.size(); ++i) {
        const ArrowRow& a = arrows[i];
        if (t.events[a.event].time - now > m_facts.longest_flight) break;
        if (a.send_event < visible) f(a);
    }
}

bool SequenceDiagramScene::isFlying(const ArrowRow& a, std::size_t visible) const {
    if (flightAt(a, visible)) return true;
    return m_anim.active && a.event == m_anim.arrival && flightAt(a, m_anim.begin).has_value();
}

double SequenceDiagramScene::arrowAlpha(const ArrowRow& a, std::size_t visible) const {
    // On its way, it appears as its send does.
    if (a.send_event < visible && a.event >= visible) return alphaOf(a.send_event, visible);
    return alphaOf(a.event, visible);
}

double SequenceDiagramScene::arrowProgress(const ArrowRow& a, std::size_t visible) const {
    static const QEasingCurve ease(QEasingCurve::InOutCubic);
    // As much as is drawn of one on its way: at least its head out of the sender, and its head
    // short of its end until it gets there.
    const auto drawn = [&](double f) {
        const double length = arrowLine(a).length();
        if (length <= 0) return f;
        const double lo = std::min(0.5, kFlightStub / length);
        return std::clamp(f, lo, std::max(lo, 1 - kFlightShort / length));
    };
    const std::optional<double> before = m_anim.active ? flightAt(a, m_anim.begin) : std::nullopt;
    if (m_anim.active && a.event == m_anim.arrival && m_anim.arrow > 0) {
        // The segment the step brings grows to its end, from where it was on its way.
        const double x = std::clamp((m_anim.t - m_anim.pre) / m_anim.arrow, 0.0, 1.0);
        const double from = before ? drawn(*before) : 0.0;
        return from + (1 - from) * ease.valueForProgress(x);
    }
    const std::optional<double> now = flightAt(a, visible);
    if (!now) return 1.0;
    if (!before) return drawn(*now);
    // Still on its way after the step: it flies on as far as the step's time goes, with the
    // step's segment if there is one.
    const double total = m_anim.pre + m_anim.arrow + m_anim.post;
    const double x = m_anim.arrow > 0 ? std::clamp((m_anim.t - m_anim.pre) / m_anim.arrow, 0.0, 1.0)
                     : total > 0      ? std::clamp(m_anim.t / total, 0.0, 1.0)
                                      : 1.0;
    return drawn(*before) + (drawn(*now) - drawn(*before)) * ease.valueForProgress(x);
}

QPointF SequenceDiagramScene::flightEnd(const ArrowRow& a) const {
    const QLineF line = arrowLine(a);
    // The link drops a lost segment half-way through its delay, where its arrow ends.
    return a.lost ? line.p1() + 2 * (line.p2() - line.p1()) : line.p2();
}

QRectF SequenceDiagramScene::flightRect(const ArrowRow& a) const {
    const double head = 18;
    const QRectF way = QRectF(arrowLine(a).p1(), flightEnd(a)).normalized().adjusted(-head, -head, head, head);
    return way | labelOutline(arrowIndex(a)).boundingRect();
}

bool SequenceDiagramScene::isCurrent(std::size_t event) const {
    return m_highlight_current && m_model->currentStepEvents().contains(event);
}

void SequenceDiagramScene::setShowTitle(bool on) {
    if (on == m_show_title) return;
    m_show_title = on;
    update();
}

void SequenceDiagramScene::setCropBelowCursor(bool on) {
    if (on == m_crop) return;
    m_crop = on;
    m_item->update();
}

void SequenceDiagramScene::setHighlightCurrentStep(bool on) {
    if (on == m_highlight_current) return;
    m_highlight_current = on;
    update();
}

// --- geometry of rows ----------------------------------------------------------------------

QLineF SequenceDiagramScene::arrowLine(const ArrowRow& a) const {
    const qreal xs = lifelineX(a.from), xr = lifelineX(core::peerOf(a.from));
    return QLineF(xs, a.y0, a.lost ? (xs + xr) / 2 : xr, a.y1);
}

std::size_t SequenceDiagramScene::arrowIndex(const ArrowRow& a) const {
    return static_cast<std::size_t>(&a - m_layout->arrows().data());
}

// --- labels: where they sit -------------------------------------------------------------------
//
// The scene measures each label in the forms it may take and ranks it; placeLabels
// (diagram_layout->h) finds every label a place where it overlaps no other label, cross, state box
// or gap mark, widening a row of the layout where there is no room along the arrow. The most
// constrained choose first: lost segments (whose label must keep clear of the cross), then the
// others with data or control bits, then pure ACKs, which may fall back to their short form.

SequenceDiagramScene::TagChoice SequenceDiagramScene::chooseTags(const ArrowRow& a, const core::Trace& t,
                                                                  const std::array<Tag, kSendReasons + 1>& tags,
                                                                  const std::vector<std::uint32_t>& fast_triggers) {
    TagChoice c;
    const std::size_t reason = std::min(static_cast<std::size_t>(t.segment(a.segment).reason), kSendReasons - 1);
    const Tag& first = a.copy > 0 ? tags.back() : tags[reason];
    if (!first.text.isEmpty()) c.first = &first;
    // The count is the receiver's: the arrival's, not the segment's (a copy may count again).
    const core::Event& arrival = t.events[a.event];
    if (arrival.kind == core::EventKind::Arrive && arrival.dup_ack > 0) {
        c.dup_ack = arrival.dup_ack;
        // Filled where it made the sender retransmit: the third (RFC 5681), not the ones after it
        // in fast recovery.
        c.strong = std::binary_search(fast_triggers.begin(), fast_triggers.end(), a.event);
    }
    return c;
}

qreal SequenceDiagramScene::dupAckTagWidth(const QString& text, bool strong, const QFontMetricsF& plain,
                                           const QFontMetricsF& filled) {
    return (strong ? filled : plain).horizontalAdvance(text) + (strong ? 18 : 14);
}

qreal SequenceDiagramScene::labelWidthOf(qreal text_width, std::span<const qreal> tag_widths) {
    // 6 of padding each side, and 8 between the text and each tag.
    qreal width = 12 + (text_width > 0 ? text_width : -8);
    for (const qreal w : tag_widths) width += 8 + w;
    return width;
}

LabelRequest SequenceDiagramScene::requestOf(const ArrowRow& a, const core::Trace& t, const Label& text,
                                             std::span<const qreal> tag_widths) {
    LabelRequest r;
    r.width[static_cast<std::size_t>(LabelForm::Full)] = labelWidthOf(text.width, tag_widths);
    r.width[static_cast<std::size_t>(LabelForm::Short)] = !text.hasShort() ? 0 : labelWidthOf(text.short_width, tag_widths);
    r.width[static_cast<std::size_t>(LabelForm::TagsOnly)] =
        !text.hasShort() || tag_widths.empty() ? 0 : labelWidthOf(0, tag_widths);
    const bool ack = isPureAck(t.segment(a.segment).segment);
    r.rank = static_cast<std::uint8_t>(a.lost ? 0 : (ack ? 3 : 1) + (tag_widths.empty() ? 1 : 0));
    return r;
}

// Measures what is not measured yet (any thread: everything it reads is in `m` or `labels`).
std::vector<LabelRequest> SequenceDiagramScene::requestsFor(const DiagramLayout& base, const LabelMeasure& m,
                                                            std::vector<Label>& labels) {
    const core::Trace& t = *m.trace;
    const QFontMetricsF plain(m.tag), filled(m.tag_strong), label(m.label);
    std::array<std::vector<qreal>, 2> dup_widths;   // "dup ACK n" by n, plain and filled
    const std::vector<ArrowRow>& arrows = base.arrows();
    std::vector<LabelRequest> requests(arrows.size());
    if (!arrows.empty() && labels.size() != t.segments.size()) labels.assign(t.segments.size(), Label{});
    for (std::size_t i = 0; i < arrows.size(); ++i) {
        const ArrowRow& a = arrows[i];
        const TagChoice c = chooseTags(a, t, m.tags, m.index->fast_triggers);
        std::array<qreal, 2> widths{};
        std::size_t n = 0;
        if (c.first) widths[n++] = c.first->width;
        if (c.dup_ack > 0) {
            std::vector<qreal>& known = dup_widths[c.strong ? 1 : 0];
            if (c.dup_ack >= known.size()) known.resize(c.dup_ack + 1, -1);
            if (known[c.dup_ack] < 0) known[c.dup_ack] = dupAckTagWidth(Text::dupAckTag(c.dup_ack), c.strong, plain, filled);
            widths[n++] = known[c.dup_ack];
        }
        Label& text = labels.at(a.segment - 1);
        if (text.width < 0) text = measureLabel(t, *m.labeler, m.notation, label, a.segment);
        requests[i] = requestOf(a, t, text, std::span<const qreal>(widths.data(), n));
    }
    return requests;
}

SequenceDiagramScene::LabelMeasure SequenceDiagramScene::labelMeasure() const {
    LabelMeasure m;
    m.trace = m_model->sharedTrace();
    m.labeler = m_model->sharedLabeler();
    m.notation = m_notation;
    m.label = m_geo.label;
    m.tag = m_geo.tag;
    m.tag_strong = m_geo.tag_strong;
    m.tags = m_tags;
    m.index = m_model->sharedIndex();
    return m;
}

std::vector<LabelRequest> SequenceDiagramScene::labelRequests() const {
    return requestsFor(*m_base_layout, labelMeasure(), m_labels);
}

LabelSpace SequenceDiagramScene::labelSpace() const {
    LabelSpace space;
    space.x_a = m_geo.x_a;
    space.x_b = m_geo.x_b;
    space.label_h = m_geo.label_h;
    space.offset = kLabelOffset;
    space.cross_reach = marks::kLostCrossReach;
    space.head = 17;   // the current step's, the larger
    space.box_left = {m_geo.box_left[0], m_geo.box_left[1]};
    space.box_w = m_geo.box_w;
    space.box_h = m_geo.box_h;
    space.initial_y = m_geo.initial_y;
    // Stacked in the box column (a small screen), a note sits a stack's spacing from its event,
    // and reaches half its height further.
    if (stacksNotes()) {
        const QFontMetricsF note(m_geo.note);
        space.note_h = note.height() + 6;   // as noteBox() draws it
        space.note_reach = m_base_layout->params().stack_spacing + space.note_h / 2;
        space.note_overhang = kMargin;   // a long note reaches into the margin outside the column
    }
    const QFontMetricsF gap(m_geo.gap);
    for (const BreakRow& b : m_base_layout->breaks())
        space.gap_w = std::max(space.gap_w, gap.horizontalAdvance(Text::approximateDuration(b.gap)) + 20);
    space.gap_h = gap.height() + 4;
    return space;
}

void SequenceDiagramScene::placeLabels() {
    if (m_background && m_base_layout->arrows().size() > kBackgroundArrows) {
        startLabelPlacement();
        return;
    }
    auto layout = std::make_shared<DiagramLayout>(*m_base_layout);
    LabelLayout placed = ui::placeLabels(*layout, labelRequests(), labelSpace());
    m_layout = std::move(layout);
    m_placements = std::move(placed.placements);
    m_label_reach = placed.reach;
    m_widened_rows = static_cast<int>(placed.widened);
}

// --- laying out in the background ----------------------------------------------------------

SequenceDiagramScene::LayoutProgress SequenceDiagramScene::layoutProgress() const {
    if (!m_job) return {};
    return {m_job->placed.load(std::memory_order_relaxed), m_job->total};
}

void SequenceDiagramScene::cancelLayout() {
    if (!m_job) return;
    m_job->cancel.store(true, std::memory_order_relaxed);
    m_job.reset();
    Q_EMIT layingOutChanged(false);
}

void SequenceDiagramScene::startLabelPlacement() {
    const bool was_busy = m_job != nullptr;
    if (m_job) m_job->cancel.store(true, std::memory_order_relaxed);
    auto job = std::make_shared<LayoutJob>();
    job->total = m_base_layout->arrows().size();
    m_job = job;
    // Meanwhile the rows as the trace's times say, their arrows without labels.
    m_layout = m_base_layout;
    m_placements.clear();
    m_label_reach = 0;
    m_widened_rows = 0;
    if (!was_busy) Q_EMIT layingOutChanged(true);

    struct Placed {
        std::shared_ptr<const DiagramLayout> layout;
        LabelLayout labels;
        std::vector<Label> texts;
    };
    auto* watcher = new QFutureWatcher<std::shared_ptr<Placed>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        const std::shared_ptr<Placed> done = watcher->result();
        if (job != m_job || !done) return;   // replaced or cancelled
        m_job.reset();
        m_layout = done->layout;
        m_labels = std::move(done->texts);
        m_placements = std::move(done->labels.placements);
        m_label_reach = done->labels.reach;
        m_widened_rows = static_cast<int>(done->labels.widened);
            finishRelayout();
        Q_EMIT layingOutChanged(false);
        Q_EMIT labelsPlaced();
    });
    // The worker gets copies of everything it reads (the trace and the layout are shared and
    // never change).
    watcher->setFuture(QtConcurrent::run(workPool(),
        [job, base = m_base_layout, measure = labelMeasure(), space = labelSpace(), texts = std::move(m_labels)]() mutable {
            std::vector<LabelRequest> requests = requestsFor(*base, measure, texts);
            if (job->cancel.load(std::memory_order_relaxed)) return std::shared_ptr<Placed>();
            auto layout = std::make_shared<DiagramLayout>(*base);
            auto done = std::make_shared<Placed>();
            done->labels = ui::placeLabels(*layout, requests, space, PlaceControl{&job->cancel, &job->placed});
            if (done->labels.cancelled) return std::shared_ptr<Placed>();
            done->layout = std::move(layout);
            done->texts = std::move(texts);
            return done;
        }));
}

void SequenceDiagramScene::relayoutLabels() {
    placeLabels();
    finishRelayout();
}

void SequenceDiagramScene::finishRelayout() {
    m_lost_span = 0;
    for (const ArrowRow& a : m_layout->arrows())
        if (a.lost) m_lost_span = std::max(m_lost_span, a.y1 - a.y0);
    m_geo.bottom = std::max(m_layout->height(), m_layout->horizonY().value_or(0.0)) + kFigureFoot;
    const QRectF rect = diagramRect();
    m_item->setRect(rect);
    setSceneRect(rect);
    m_item->update();
}

qreal SequenceDiagramScene::labelWidth(const ArrowRow& a, LabelForm form) const {
    const Label& text = label(a.segment);
    int tags = 0;
    const auto tag = tagsOf(a, &tags);
    std::array<qreal, 2> widths{};
    for (int k = 0; k < tags; ++k) widths[static_cast<std::size_t>(k)] = tag[static_cast<std::size_t>(k)]->width;
    const qreal text_width = form == LabelForm::Full ? text.width : form == LabelForm::Short ? text.short_width : 0;
    return labelWidthOf(text_width, std::span<const qreal>(widths.data(), static_cast<std::size_t>(tags)));
}

SequenceDiagramScene::Label SequenceDiagramScene::measureLabel(const core::Trace& t, const core::SegmentLabeler& labeler,
                                                               core::Notation notation, const QFontMetricsF& fm,
                                                               std::uint64_t segment) {
    Label l;
    const QString full = labelText(t, labeler, notation, segment, false);
    l.width = fm.horizontalAdvance(full);
    const QString ack = shortLabelText(t, labeler, notation, segment, full);
    if (!ack.isEmpty()) l.short_width = fm.horizontalAdvance(ack);
    return l;
}

QString SequenceDiagramScene::labelText(const core::Trace& t, const core::SegmentLabeler& labeler,
                                        core::Notation notation, std::uint64_t segment, bool short_form) {
    const QString full = QString::fromStdString(labeler.label(t, segment, notation));
    return short_form ? shortLabelText(t, labeler, notation, segment, full) : full;
}

QString SequenceDiagramScene::shortLabelText(const core::Trace& t, const core::SegmentLabeler& labeler,
                                             core::Notation notation, std::uint64_t segment, const QString& full) {
    if (!isPureAck(t.segment(segment).segment)) return {};
    // "ack=x+1": what a pure ACK says; its flags and sequence number say nothing new.
    QString ack = QString::fromStdString(labeler.ackField(t, segment, notation));
    if (notation == core::Notation::Rfc && ack.startsWith(QLatin1String("ack=")))
        ack = QStringLiteral("<ACK=%1>").arg(ack.mid(4));
    return ack == full ? QString() : ack;
}

QString SequenceDiagramScene::labelText(std::uint64_t segment, bool short_form) const {
    return labelText(m_model->trace(), m_model->labeler(), m_notation, segment, short_form);
}

const SequenceDiagramScene::Label& SequenceDiagramScene::label(std::uint64_t segment) const {
    const std::size_t segments = m_model->trace().segments.size();
    if (m_labels.size() != segments) m_labels.assign(segments, Label{});
    Label& l = m_labels.at(segment - 1);
    if (l.width < 0) l = measureLabel(m_model->trace(), m_model->labeler(), m_notation, QFontMetricsF(m_geo.label), segment);
    return l;
}

QString SequenceDiagramScene::arrowLabel(std::uint64_t segment) const {
    if (segment == 0 || segment > m_model->trace().segments.size()) return {};
    return labelText(segment, false);
}

const SequenceDiagramScene::Tag& SequenceDiagramScene::dupAckTag(unsigned n, bool strong) const {
    std::deque<Tag>& tags = m_dup_ack_tags[strong ? 1 : 0];
    if (n >= tags.size()) tags.resize(n + 1);
    Tag& tag = tags[n];
    if (tag.text.isEmpty()) {
        tag.strong = strong;
        tag.text = Text::dupAckTag(n);
        tag.color = style::dupAckTagColor();
        tag.width = dupAckTagWidth(tag.text, strong, QFontMetricsF(m_geo.tag), QFontMetricsF(m_geo.tag_strong));
    }
    return tag;
}

std::array<const SequenceDiagramScene::Tag*, 2> SequenceDiagramScene::tagsOf(const ArrowRow& a, int* count) const {
    std::array<const Tag*, 2> tags{};
    int n = 0;
    const TagChoice c = chooseTags(a, m_model->trace(), m_tags, m_model->index().fast_triggers);
    if (c.first) tags[n++] = c.first;
    if (c.dup_ack > 0) tags[n++] = &dupAckTag(c.dup_ack, c.strong);
    *count = n;
    return tags;
}

SequenceDiagramScene::LabelGeometry SequenceDiagramScene::labelGeometry(const ArrowRow& a) const {
    const std::size_t i = arrowIndex(a);
    return labelGeometryAt(a, i < m_placements.size() ? m_placements[i] : LabelPlacement{});
}

SequenceDiagramScene::LabelGeometry SequenceDiagramScene::labelGeometryAt(const ArrowRow& a,
                                                                          const LabelPlacement& at) const {
    LabelGeometry g;
    const QLineF line = arrowLine(a);
    const Label& text = label(a.segment);
    g.tags = tagsOf(a, &g.tag_count);
    g.form = !text.hasShort() ? LabelForm::Full
             : at.form == LabelForm::TagsOnly && g.tag_count == 0 ? LabelForm::Short
                                                                  : at.form;
    g.text_width = g.form == LabelForm::Full ? text.width : g.form == LabelForm::Short ? text.short_width : 0;
    const qreal width = labelWidth(a, g.form);
    const qreal h = m_geo.label_h;
    if (at.level) {
        // Level: beside a lifeline at the arrow's start or end, or in a row of its own below the
        // arrow's end, hung from the arrow by a leader.
        g.anchor = QPointF(at.x, at.y);
        g.box = QRectF(-width / 2, -h / 2, width, h);
        if (at.leader) {
            const QPointF on = line.pointAt(at.u);
            g.leader = QLineF(on, QPointF(on.x(), at.y - h / 2));
        }
        return g;
    }
    g.anchor = line.pointAt(at.u);
    const QLineF lr = line.dx() >= 0 ? line : QLineF(line.p2(), line.p1());
    g.angle = qRadiansToDegrees(std::atan2(lr.dy(), lr.dx()));
    g.box = at.below ? QRectF(-width / 2, kLabelOffset + at.lift, width, h)
                     : QRectF(-width / 2, -kLabelOffset - at.lift - h, width, h);
    if (at.leader) {
        // Lifted a row or two over its neighbours: a line across, from the arrow to the label.
        QTransform frame;
        frame.translate(g.anchor.x(), g.anchor.y());
        frame.rotate(g.angle);
        g.leader = QLineF(g.anchor, frame.map(QPointF(0, at.below ? g.box.top() : g.box.bottom())));
    }
    return g;
}

QRectF SequenceDiagramScene::boxRect(Side side, double y) const {
    return QRectF(m_geo.box_left[core::idx(side)], y - m_geo.box_h / 2, m_geo.box_w, m_geo.box_h);
}

QString SequenceDiagramScene::noteText(const NoteRow& n) const {
    const core::Event& e = m_model->trace().events[n.event];
    if (n.kind == NoteKind::Notice) return Text::noticeText(e.notice);
    QString text = Text::callText(e.call, e.bytes);
    if (e.notice != core::Notice::None) text = tr("%1: %2").arg(text, Text::noticeText(e.notice));
    return text;
}

// --- queries -------------------------------------------------------------------------------

int SequenceDiagramScene::visibleArrowCount() const {
    return static_cast<int>(m_layout->arrowRange(0, m_model->visibleEvents()).second);
}

std::vector<std::size_t> SequenceDiagramScene::arrowsInFlight() const {
    std::vector<std::size_t> out;
    forArrowsInFlight(m_model->visibleEvents(), [&](const ArrowRow& a) { out.push_back(arrowIndex(a)); });
    return out;
}

double SequenceDiagramScene::shownProgress(std::size_t arrow) const {
    if (arrow >= m_layout->arrows().size()) return 0;
    const ArrowRow& a = m_layout->arrows()[arrow];
    const std::size_t visible = m_model->visibleEvents();
    if (a.send_event >= visible) return 0;
    return arrowProgress(a, visible);
}

int SequenceDiagramScene::visibleStateBoxCount() const {
    return static_cast<int>(m_layout->boxRange(0, m_model->visibleEvents()).second);
}

void SequenceDiagramScene::noteMarks(const ArrowRow& a, const core::Trace& t, ShownMarks& m) {
    const core::Retransmission again = t.segment(a.segment).retransmissionKind();
    if (a.copy > 0) m.network_copy = true;
    else if (again == core::Retransmission::Timeout) m.timeout_retransmission = true;
    else if (again == core::Retransmission::Fast) m.fast_retransmission = true;
    m.dup_ack |= t.events[a.event].kind == core::EventKind::Arrive && t.events[a.event].dup_ack > 0;
}

SequenceDiagramScene::ShownMarks SequenceDiagramScene::shownMarks() const {
    ShownMarks m;
    const std::size_t visible = m_model->visibleEvents();
    const core::Trace& t = m_model->trace();
    // The arrows that have arrived (or been lost): those before the first not shown.
    const std::size_t shown = m_layout->arrowRange(0, visible).second;
    m.timeout_retransmission = m_facts.first_timeout < shown;
    m.fast_retransmission = m_facts.first_fast < shown;
    m.dup_ack = m_facts.first_dup_ack < shown;
    m.network_copy = m_facts.first_copy < shown;
    m.lost = m_facts.first_lost < shown;
    // Those on their way are drawn with their marks too; a cross only once they are lost.
    forArrowsInFlight(visible, [&](const ArrowRow& a) { noteMarks(a, t, m); });
    m.horizon = showsHorizon(visible);
    return m;
}

QStringList SequenceDiagramScene::arrowTags(std::size_t arrow) const {
    QStringList out;
    if (arrow >= m_layout->arrows().size()) return out;
    int n = 0;
    const auto tags = tagsOf(m_layout->arrows()[arrow], &n);
    for (int k = 0; k < n; ++k) out << tags[k]->text;
    return out;
}

QString SequenceDiagramScene::shownArrowLabel(std::size_t arrow) const {
    if (arrow >= m_layout->arrows().size()) return {};
    const ArrowRow& a = m_layout->arrows()[arrow];
    switch (labelGeometry(a).form) {
        case LabelForm::Full: break;
        case LabelForm::Short: return labelText(a.segment, true);
        case LabelForm::TagsOnly: return {};
    }
    return labelText(a.segment, false);
}

QPolygonF SequenceDiagramScene::labelOutline(std::size_t arrow) const {
    if (arrow >= m_layout->arrows().size()) return {};
    const LabelGeometry g = labelGeometry(m_layout->arrows()[arrow]);
    QTransform frame;
    frame.translate(g.anchor.x(), g.anchor.y());
    frame.rotate(g.angle);
    return frame.map(QPolygonF(g.box));
}

QLineF SequenceDiagramScene::labelLeader(std::size_t arrow) const {
    if (arrow >= m_layout->arrows().size()) return {};
    return labelGeometry(m_layout->arrows()[arrow]).leader;
}

QPointF SequenceDiagramScene::arrowEnd(std::size_t arrow) const {
    if (arrow >= m_layout->arrows().size()) return {};
    return arrowLine(m_layout->arrows()[arrow]).p2();
}

QRectF SequenceDiagramScene::lostCrossRect(std::size_t arrow) const {
    if (arrow >= m_layout->arrows().size() || !m_layout->arrows()[arrow].lost) return {};
    const double r = marks::kLostCrossReach;
    return QRectF(arrowEnd(arrow) - QPointF(r, r), QSizeF(2 * r, 2 * r));
}

QRectF SequenceDiagramScene::stateBoxRect(std::size_t box) const {
    if (box >= m_layout->boxes().size()) return {};
    const BoxRow& b = m_layout->boxes()[box];
    return boxRect(b.side, b.y);
}

QRectF SequenceDiagramScene::initialStateBoxRect(Side side) const { return boxRect(side, m_geo.initial_y); }

std::optional<double> SequenceDiagramScene::horizonMarkY() const {
    if (!showsHorizon(m_model->visibleEvents())) return std::nullopt;
    return m_layout->horizonY();
}

std::uint64_t SequenceDiagramScene::segmentAt(QPointF pos, double tolerance) const {
    const std::size_t visible = m_model->visibleEvents();
    std::uint64_t best = 0;
    double best_distance = tolerance;
    const double reach = std::max(m_geo.label_h + 10, m_label_reach + 4) + tolerance;
    m_layout->forArrowsIn(pos.y() - reach - m_lost_span, pos.y() + reach, [&](const ArrowRow& a) {
        if (arrowAlpha(a, visible) <= 0) return;
        // On the arrow (anywhere on the way of one on its way) ...
        const QLineF line = isFlying(a, visible) ? QLineF(arrowLine(a).p1(), flightEnd(a)) : arrowLine(a);
        const QPointF d = line.p2() - line.p1();
        const double len2 = d.x() * d.x() + d.y() * d.y();
        double t = len2 > 0 ? QPointF::dotProduct(pos - line.p1(), d) / len2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        const QPointF nearest = line.p1() + t * d;
        double distance = QLineF(nearest, pos).length();
        // ... or on its label.
        const LabelGeometry g = labelGeometry(a);
        QTransform frame;
        frame.translate(g.anchor.x(), g.anchor.y());
        frame.rotate(g.angle);
        if (g.box.contains(frame.inverted().map(pos))) distance = std::min(distance, tolerance * 0.5);
        if (distance <= best_distance) {
            best_distance = distance;
            best = a.segment;
        }
    });
    return best;
}

QPointF SequenceDiagramScene::arrowPoint(std::uint64_t segment, double along) const {
    const int i = m_layout->firstArrowOf(segment);
    if (i < 0) return {};
    return arrowLine(m_layout->arrows()[static_cast<std::size_t>(i)]).pointAt(along);
}

double SequenceDiagramScene::timeAtY(double y) const {
    const core::Trace& t = m_model->trace();
    const std::size_t n = std::min(t.events.size(), m_layout->eventCount());
    if (n == 0) return 0;
    const double px_per_ms = m_layout->params().px_per_ms;
    const auto ms = [&t](std::size_t i) { return static_cast<double>(t.events[i].time) / 1000.0; };
    // bottomOf(i + 1), the lowest row of events 0..i, grows with i as the events' times do:
    // the points (bottomOf(i + 1), time of event i) map heights to times monotonically.
    std::size_t lo = 0, hi = n;   // the first event whose point is at or below y
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (m_layout->bottomOf(mid + 1) < y) lo = mid + 1;
        else hi = mid;
    }
    if (lo == n) {
        // Past the last event: after it (so a call added there comes last), at the scale of time.
        return ms(n - 1) + 1 + std::max(0.0, y - m_layout->bottomOf(n)) / px_per_ms;
    }
    const double y1 = m_layout->bottomOf(lo + 1), t1 = ms(lo);
    if (lo == 0) return std::max(0.0, t1 - (y1 - y) / px_per_ms);
    const double y0 = m_layout->bottomOf(lo), t0 = ms(lo - 1);
    if (y1 - y0 < 1e-9) return t1;
    return std::max(0.0, t0 + (t1 - t0) * (y - y0) / (y1 - y0));
}

// --- painting ------------------------------------------------------------------------------

void SequenceDiagramScene::paintDiagram(QPainter* p, const QRectF& exposed) const {
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setRenderHint(QPainter::TextAntialiasing);
    const std::size_t visible = m_model->visibleEvents();
    // Arrows whose labels reach into the exposed rectangle, too.
    const double reach = std::max(m_geo.label_h, m_label_reach) + 20;
    const double top = exposed.top() - reach, bottom = exposed.bottom() + reach;
    const QRectF r(QPointF(exposed.left(), top), QPointF(exposed.right(), bottom));

    paintStepBand(p, exposed);
    paintBreaks(p, r, visible, false);
    paintLifelines(p, exposed, visible);
    if (m_show_timers) paintTimers(p, r, visible);
    paintBrackets(p, r, visible);

    // Arrows, then their labels over them; the current and the selected one last.
    struct Shown {
        const ArrowRow* row;
        double alpha, progress;
        bool current, selected, flying;
    };
    std::vector<Shown> shown;
    // The selection follows the cursor (SessionModel::setCursor): it is emphasis of the
    // current step too, and goes with it.
    const std::uint64_t selected = m_highlight_current ? m_model->selectedSegment() : 0;
    // (A lost segment on its way heads for twice as far as its arrow goes.)
    m_layout->forArrowsIn(top - m_lost_span, bottom, [&](const ArrowRow& a) {
        const double alpha = arrowAlpha(a, visible);
        if (alpha <= 0) return;
        // One on its way is the news of the step that sent it.
        const bool flying = isFlying(a, visible);
        const bool current = isCurrent(a.event) || (flying && isCurrent(a.send_event));
        shown.push_back({&a, alpha, arrowProgress(a, visible), current, a.segment == selected, flying});
    });
    // Later arrows over earlier ones, the current and the selected one on top.
    std::sort(shown.begin(), shown.end(), [](const Shown& x, const Shown& y) {
        const bool xt = x.current || x.selected, yt = y.current || y.selected;
        return xt != yt ? xt < yt : x.row->event < y.row->event;
    });
    for (const Shown& s : shown) paintArrow(p, *s.row, s.alpha, s.progress, s.current, s.selected, s.flying);
    // (Labels still being placed in the background are not drawn yet.)
    if (!isLayingOut())
        for (const Shown& s : shown) {
            // A label appears as its arrow lands; one on its way has its label all the way.
            const double alpha = s.progress < 1 && !s.flying ? s.alpha * s.progress * s.progress : s.alpha;
            paintArrowLabel(p, *s.row, alpha, s.current, s.selected);
        }
    // Where segments died, over every label: the one thing of a lost segment that must show.
    for (const Shown& s : shown) {
        if (!s.row->lost) continue;
        const double alpha = s.progress >= 1 ? s.alpha : m_future == FutureSteps::Faded ? kFadedAlpha : 0.0;
        if (alpha > 0) marks::lostCross(p, arrowLine(*s.row).p2(), withAlpha(style::vermillion(), alpha));
    }

    // States: the initial ones under the headers, then each one where it is entered.
    const core::Trace& t = m_model->trace();
    if (!t.overUdp() && m_geo.initial_y + m_geo.box_h >= top && m_geo.initial_y - m_geo.box_h <= bottom)
        for (Side s : {Side::A, Side::B}) paintBox(p, s, m_geo.initial_y, t.initial_states[core::idx(s)], 1.0, false);
    m_layout->forBoxesIn(top, bottom, [&](const BoxRow& b) {
        const double alpha = alphaOf(b.event, visible);
        if (alpha > 0) paintBox(p, b.side, b.y, b.state, alpha, isCurrent(b.event));
    });
    m_layout->forNotesIn(top, bottom, [&](const NoteRow& n) {
        const double alpha = alphaOf(n.event, visible);
        if (alpha > 0) paintNote(p, n, alpha);
    });
    paintBreaks(p, r, visible, true);
    paintRttRuler(p, r, visible);
    paintHorizon(p, r, visible);
    if (exposed.top() <= m_geo.header_bottom + 4) paintHeaders(p, m_geo.title_top, false);
    p->restore();
}

void SequenceDiagramScene::paintStepBand(QPainter* p, const QRectF& exposed) const {
    if (!m_highlight_current) return;
    const QRectF band = stepRect(m_model->cursor());
    if (band.isNull() || !band.intersects(exposed)) return;
    p->setPen(Qt::NoPen);
    p->setBrush(style::colors().band);
    p->drawRect(QRectF(QPointF(m_geo.box_left[0] - 8, band.top()), QPointF(m_geo.box_left[1] + m_geo.box_w + 8, band.bottom())));
}

void SequenceDiagramScene::paintLifelines(QPainter* p, const QRectF& r, std::size_t visible) const {
    const double start = m_geo.header_bottom, end = figureBottom() - 20;
    // Below the cursor, in the hidden view, the lifelines continue dotted; below the horizon of
    // a simulation that was cut, too: time went on, the simulation did not.
    double now = visible == 0 ? m_geo.initial_y + m_geo.box_h : m_layout->bottomOf(visible) + 36;
    double solid_end = m_future == FutureSteps::Hidden ? std::min(now, end) : end;
    if (showsHorizon(visible)) {
        now = *m_layout->horizonY();
        solid_end = std::min(now, end);
    }

    // Pieces of lifeline between folded gaps that are shown.
    std::vector<std::pair<double, double>> pieces;
    double from = std::max(start, r.top() - 10);
    const double to = std::min(end, r.bottom() + 10);
    if (from >= to) return;
    m_layout->forBreaksIn(from, to, [&](const BreakRow& b) {
        if (alphaOf(b.event, visible) <= 0) return;
        if (b.y0 + 8 > from) pieces.emplace_back(from, b.y0 + 8);
        from = std::max(from, b.y1 - 8);
    });
    if (from < to) pieces.emplace_back(from, to);

    for (Side s : {Side::A, Side::B}) {
        const qreal x = lifelineX(s);
        for (auto [y0, y1] : pieces) {
            if (y0 < solid_end) {
                p->setPen(QPen(style::ink(), 2.5 * style::lineScale(), Qt::SolidLine, Qt::FlatCap));
                p->drawLine(QPointF(x, y0), QPointF(x, std::min(y1, solid_end)));
            }
            if (y1 > solid_end) {
                p->setPen(QPen(style::colors().tail, 2 * style::lineScale(), Qt::DotLine, Qt::FlatCap));
                p->drawLine(QPointF(x, std::max(y0, solid_end)), QPointF(x, y1));
            }
        }
    }
}

void SequenceDiagramScene::paintBreaks(QPainter* p, const QRectF& r, std::size_t visible, bool labels) const {
    m_layout->forBreaksIn(r.top(), r.bottom(), [&](const BreakRow& b) {
        const double alpha = alphaOf(b.event, visible);
        if (alpha <= 0) return;
        p->setOpacity(alpha);
        const double y0 = b.y0 + 8, y1 = b.y1 - 8;
        if (!labels) {
            // A torn strip across the diagram, and the break mark on each lifeline.
            p->setPen(QPen(style::faint(), 1.2, Qt::DashLine));
            for (double y : {y0, y1}) p->drawLine(QPointF(m_geo.box_left[0], y), QPointF(m_geo.box_left[1] + m_geo.box_w, y));
            p->setPen(QPen(style::ink(), 2.2 * style::lineScale()));
            for (Side s : {Side::A, Side::B}) {
                const qreal x = lifelineX(s);
                for (double y : {y0, y1}) p->drawLine(QPointF(x - 9, y + 4), QPointF(x + 9, y - 4));
            }
        } else {
            const QString text = Text::approximateDuration(b.gap);
            p->setFont(m_geo.gap);
            const QFontMetricsF fm(m_geo.gap);
            const QPointF centre((m_geo.x_a + m_geo.x_b) / 2, (y0 + y1) / 2);
            const QRectF box(centre.x() - fm.horizontalAdvance(text) / 2 - 10, centre.y() - fm.height() / 2 - 2,
                             fm.horizontalAdvance(text) + 20, fm.height() + 4);
            p->setPen(Qt::NoPen);
            p->setBrush(style::paper());
            p->drawRoundedRect(box, 6, 6);
            p->setPen(style::muted());
            p->drawText(box, Qt::AlignCenter, text);
        }
        p->setOpacity(1);
    });
}

void SequenceDiagramScene::paintTimers(QPainter* p, const QRectF& r, std::size_t visible) const {
    // At the end of a simulation cut at its horizon, the timers still running reach the cut.
    const double now = visible == 0                                                   ? m_geo.initial_y
                       : visible >= m_layout->eventCount() && m_layout->horizonY() ? *m_layout->horizonY()
                                                                                   : m_layout->bottomOf(visible);
    const QFontMetricsF fm(m_geo.timer);
    p->setFont(m_geo.timer);
    m_layout->forTimersIn(r.top(), r.bottom(), [&](const TimerRow& timer) {
        const double alpha = alphaOf(timer.start_event, visible);
        if (alpha <= 0) return;
        const bool ended = timer.end != TimerEnd::Open && timer.end_event < visible;
        // A timer still running at the cursor is drawn up to the cursor, open at the bottom.
        const double y0 = timer.y0;
        double y1 = ended ? timer.y1 : std::min(timer.y1, std::max(now, y0));
        if (m_future == FutureSteps::Faded && !ended) y1 = timer.y1;
        const bool sign_a = timer.side == Side::A;
        const qreal inward = sign_a ? 1 : -1;
        const qreal x = lifelineX(timer.side) - inward * (10 + timer.lane * m_geo.lane_w);
        const bool quiet = timer.end == TimerEnd::Stop || timer.end == TimerEnd::Restart;
        // A timer stopped before it expired is quieter than one that ran out, but still reads on a
        // projector that washes colours out.
        const QColor c = withAlpha(timerColor(timer.kind), (quiet && ended ? 0.75 : 1.0) * alpha);
        p->setPen(QPen(c, (quiet && ended ? 2.0 : 2.6) * style::lineScale(), Qt::SolidLine, Qt::FlatCap));
        p->drawLine(QPointF(x, y0), QPointF(x, y1));
        p->drawLine(QPointF(x, y0), QPointF(x + inward * 6, y0));
        if (ended) p->drawLine(QPointF(x, y1), QPointF(x + inward * 6, y1));
        if (ended && timer.end == TimerEnd::Expire) {
            p->setPen(Qt::NoPen);
            p->setBrush(c);
            p->drawEllipse(QPointF(x, y1), 4.5, 4.5);
        }
        // "RTO 1 s" along the bracket, on its outer side, when it fits; on a shorter bracket
        // (a burst's, in the window's larger words) the timer's name alone.
        QString text = tr("%1 %2").arg(Text::timerShortName(timer.kind), Text::durationText(timer.duration));
        qreal w = fm.horizontalAdvance(text);
        if (y1 - y0 < w + 12) {
            text = Text::timerShortName(timer.kind);
            w = fm.horizontalAdvance(text);
            if (y1 - y0 < w + 12) return;
        }
        p->save();
        p->translate(x - inward * 10, (y0 + y1) / 2);
        p->rotate(sign_a ? -90 : 90);
        p->setPen(withAlpha(timerColor(timer.kind), alpha));   // the words at full strength
        p->drawText(QRectF(-w / 2 - 2, -fm.height() / 2, w + 4, fm.height()), Qt::AlignCenter, text);
        p->restore();
    });
}

void SequenceDiagramScene::paintArrow(QPainter* p, const ArrowRow& a, double alpha, double progress, bool current,
                                      bool selected, bool flying) const {
    const QLineF full = arrowLine(a);
    const core::SegmentRecord& rec = m_model->trace().segment(a.segment);
    // Dashed: sent again (after a timeout or duplicate ACKs), a network's copy, an old duplicate.
    const bool marked = rec.retransmission() || rec.reason == core::SendReason::Injected || a.copy > 0;
    // While it flies, a faded copy of the whole arrow (in the faded view) and the part flown; on
    // its way at the cursor, the rest of its way dotted instead, with no head: it has not arrived.
    if (flying && progress < 1) {
        QPen ahead(withAlpha(current ? style::current() : style::ink(), 0.7 * alpha), 2.4 * style::lineScale(),
                   Qt::DotLine, Qt::RoundCap);
        p->setPen(ahead);
        p->drawLine(full.pointAt(progress), flightEnd(a));
    } else if (progress < 1 && m_future == FutureSteps::Faded) {
        paintArrow(p, a, kFadedAlpha, 1.0, false, false);
    }
    const QLineF line(full.p1(), full.pointAt(progress));

    if (selected) {
        p->setPen(QPen(withAlpha(style::orange(), 0.45 * alpha), 11, Qt::SolidLine, Qt::RoundCap));
        p->drawLine(line);
    }
    const QColor c = withAlpha(current ? style::current() : style::ink(), alpha);
    const double width = current ? 3.4 : 2.2;
    const double head = current ? 17 : 15;
    if (!(a.lost && progress >= 1)) {
        marks::arrow(p, line.p1(), line.p2(), width, head, marked, c);
        return;
    }
    // Lost: the shaft all the way to where the segment died; the red cross there is drawn over
    // the labels (paintDiagram), so that none can hide it.
    QPen pen(c, width * style::lineScale(), Qt::SolidLine, Qt::FlatCap);
    if (marked) pen.setDashPattern({5, 3});
    p->setPen(pen);
    p->drawLine(line);
}

void SequenceDiagramScene::paintArrowLabel(QPainter* p, const ArrowRow& a, double alpha, bool current,
                                           bool selected) const {
    if (alpha <= 0.01) return;
    const LabelGeometry g = labelGeometry(a);
    if (!g.leader.isNull()) {
        // A label set apart: a thin line from its arrow, under its backing.
        p->setOpacity(alpha);
        p->setPen(QPen(current ? style::current() : style::muted(), 1.4 * style::lineScale(), Qt::SolidLine,
                       Qt::RoundCap));
        p->drawLine(g.leader);
        p->setOpacity(1);
    }
    p->save();
    p->translate(g.anchor);
    p->rotate(g.angle);
    p->setOpacity(alpha);
    // An opaque backing keeps the text legible over crossing arrows. A plain, aliased
    // rectangle: a rotated antialiased rounded one costs more than everything else on screen.
    p->setPen(Qt::NoPen);
    p->setBrush(selected ? style::colors().selected : style::paper());
    p->setRenderHint(QPainter::Antialiasing, false);
    p->drawRect(g.box);
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setFont(m_geo.label);
    p->setPen(current ? style::current() : style::ink());
    const QRectF text_box(g.box.left() + 6, g.box.top(), g.text_width + 1, g.box.height());
    if (g.form != LabelForm::TagsOnly)
        p->drawText(text_box, Qt::AlignLeft | Qt::AlignVCenter, labelText(a.segment, g.form == LabelForm::Short));
    qreal x = text_box.left() + (g.text_width > 0 ? g.text_width + 8 : 0);
    for (int k = 0; k < g.tag_count; ++k) {
        const Tag& tag = *g.tags[k];
        const QRectF pill(x, g.box.top() + 4, tag.width, g.box.height() - 8);
        marks::tagPill(p, pill, tag.color, tag.strong ? m_geo.tag_strong : m_geo.tag, tag.text, tag.strong);
        x += tag.width + 8;
    }
    p->restore();
}

void SequenceDiagramScene::paintBox(QPainter* p, Side side, double y, core::State s, double alpha, bool current) const {
    const QRectF box = boxRect(side, y);
    p->setOpacity(alpha);
    if (current) {
        p->setPen(QPen(withAlpha(style::blue(), 0.45), 7));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(box.adjusted(-2, -2, 2, 2), 8, 8);
    }
    p->setPen(QPen(style::stateBorder(s), 2.2 * style::lineScale()));
    p->setBrush(style::stateFill(s));
    p->drawRoundedRect(box, 6, 6);
    p->setFont(m_geo.box);
    p->setPen(style::ink());
    p->drawText(box, Qt::AlignCenter, Text::stateName(s, m_textbook_names));
    p->setOpacity(1);
}

QRectF SequenceDiagramScene::noteBox(const NoteRow& n, QString* shown) const {
    const QFontMetricsF fm(m_geo.note);
    // Stacked in the box column, a note may reach into the margin outside it.
    const qreal room = (stacksNotes() ? m_geo.box_w + kMargin - 6 : m_geo.note_w) - 16;
    const QString text = fm.elidedText(noteText(n), Qt::ElideRight, room);
    const qreal w = fm.horizontalAdvance(text) + 16, h = fm.height() + 6;
    const qreal edge = m_geo.note_edge[core::idx(n.side)];
    QRectF box = n.side == Side::A ? QRectF(edge - w, n.y - h / 2, w, h) : QRectF(edge, n.y - h / 2, w, h);
    if (stacksNotes() && w <= m_geo.box_w) box.moveLeft(m_geo.box_left[core::idx(n.side)] + (m_geo.box_w - w) / 2);
    if (shown) *shown = text;
    return box;
}

int SequenceDiagramScene::visibleNoteCount() const {
    const auto& notes = m_layout->notes();
    const std::size_t visible = m_model->visibleEvents();
    return static_cast<int>(std::partition_point(notes.begin(), notes.end(), [visible](const NoteRow& n) {
                                return n.event < visible;
                            }) - notes.begin());
}

QRectF SequenceDiagramScene::noteRect(std::size_t note) const {
    if (note >= m_layout->notes().size()) return {};
    return noteBox(m_layout->notes()[note], nullptr);
}

void SequenceDiagramScene::paintNote(QPainter* p, const NoteRow& n, double alpha) const {
    const core::Event& e = m_model->trace().events[n.event];
    QString text;
    const QRectF box = noteBox(n, &text);
    const bool warning = n.kind == NoteKind::Notice ? isWarning(e.notice) : e.notice != core::Notice::None;
    const QColor border = warning ? style::vermillion() : style::colors().edge;
    p->setOpacity(alpha);
    p->setPen(QPen(border, 1.3 * style::lineScale()));
    p->setBrush(warning ? style::tint(style::vermillion(), 0.12) : style::colors().surface);
    // A note with a folded corner.
    QPainterPath path;
    const qreal fold = 7;
    path.moveTo(box.topLeft());
    path.lineTo(box.topRight() - QPointF(fold, 0));
    path.lineTo(box.topRight() + QPointF(0, fold));
    path.lineTo(box.bottomRight());
    path.lineTo(box.bottomLeft());
    path.closeSubpath();
    p->drawPath(path);
    p->setFont(m_geo.note);
    p->setPen(warning ? style::vermillion().darker(130) : style::ink());
    p->drawText(box, Qt::AlignCenter, text);
    p->setOpacity(1);
}

bool SequenceDiagramScene::showsHorizon(std::size_t visible) const {
    return m_layout->horizonY() && (visible >= m_layout->eventCount() || m_future == FutureSteps::Faded);
}

QString SequenceDiagramScene::horizonText() const {
    const core::Trace& t = m_model->trace();
    if (t.end.reason == core::EndReason::Limit) {
        // The scenario's limit (the trace may hold a few events more: the last input's).
        const std::uint64_t limit = m_model->scenario().max_events;
        const QString events = QLocale().toString(static_cast<qulonglong>(limit));
        if (limit >= core::kMaxEventsLimit)
            return tr("stopped at the limit of %1 events (%2), the most a scenario may set")
                .arg(events, Text::timeText(t.end.time));
        return tr("stopped at the limit of %1 events (%2): raise the scenario's max_events to see more")
            .arg(events, Text::timeText(t.end.time));
    }
    // A capture that ends with the connection open was not stopped by anybody: it ends there.
    if (t.capture) return tr("the capture ends here (%1), with the connection still open").arg(Text::timeText(t.end.time));
    return tr("stopped at the horizon (%1): more was still to happen").arg(Text::timeText(t.end.time));
}

void SequenceDiagramScene::paintHorizon(QPainter* p, const QRectF& r, std::size_t visible) const {
    if (!showsHorizon(visible)) return;
    const double y = *m_layout->horizonY();
    const QFontMetricsF fm(m_geo.horizon);
    if (y + fm.height() < r.top() || y - fm.height() > r.bottom()) return;
    // A dashed cut across the diagram, each lifeline stopped by a bar, and the words on the cut:
    // a run that was cut short never looks finished.
    const QColor c = style::horizonColor();
    p->setOpacity(visible >= m_layout->eventCount() ? 1.0 : kFadedAlpha);
    QPen dashed(c, 2.2 * style::lineScale(), Qt::SolidLine, Qt::FlatCap);
    dashed.setDashPattern({5, 3});
    p->setPen(dashed);
    p->drawLine(QPointF(m_geo.box_left[0] - 8, y), QPointF(m_geo.box_left[1] + m_geo.box_w + 8, y));
    p->setPen(QPen(c, 4.5 * style::lineScale(), Qt::SolidLine, Qt::RoundCap));
    for (Side s : {Side::A, Side::B}) p->drawLine(QPointF(lifelineX(s) - 14, y), QPointF(lifelineX(s) + 14, y));
    const QString text = horizonText();
    const qreal w = std::min(fm.horizontalAdvance(text) + 28, m_geo.x_b - m_geo.x_a - 60);
    const QRectF box((m_geo.x_a + m_geo.x_b - w) / 2, y - fm.height() / 2 - 5, w, fm.height() + 10);
    p->setPen(QPen(c, 1.6 * style::lineScale()));
    p->setBrush(style::tint(c, 0.12));
    p->drawRoundedRect(box, box.height() / 2, box.height() / 2);
    p->setFont(m_geo.horizon);
    p->setPen(style::colors().dark ? c.lighter(140) : c.darker(135));
    p->drawText(box, Qt::AlignCenter, fm.elidedText(text, Qt::ElideRight, w - 20));
    p->setOpacity(1);
}

std::optional<SequenceDiagramScene::Stall> SequenceDiagramScene::findStall(const core::Trace& t, core::Side client) {
    const core::Side server = core::peerOf(client);
    std::optional<Stall> out;
    core::TimeUs since = 0, until = 0;
    for (const core::StreamStall& s : core::streamStalls(t, server)) {
        if (s.waited == 0) continue;
        if (!out) {
            out = Stall{};
            since = s.since;
        }
        out->streams.push_back(s.stream);
        out->waited = std::max(out->waited, s.waited);
        since = std::min(since, s.since);
        until = std::max(until, s.since + s.waited);
    }
    if (!out) return out;
    // The wait's first event, and the delivery that ends it (over QUIC, which records no
    // deliveries, the arrival of the datagram that completed the stream).
    out->from_event = t.events.size();
    const core::EventKind ends = t.overUdp() ? core::EventKind::Arrive : core::EventKind::Deliver;
    for (std::size_t e = 0; e < t.events.size(); ++e) {
        if (out->from_event == t.events.size() && t.events[e].time >= since) out->from_event = e;
        if (t.events[e].kind == ends && t.events[e].endpoint == client && t.events[e].time >= until) {
            out->to_event = e;
            break;
        }
    }
    if (out->from_event >= t.events.size() || out->to_event <= out->from_event) return std::nullopt;
    return out;
}

std::vector<SequenceDiagramScene::RttTick> SequenceDiagramScene::rttRuler() const {
    const core::Trace& t = m_model->trace();
    if (!m_rtts || m_layout->eventCount() != t.events.size()) return {};
    // Made once for each layout drawn, not at every paint.
    if (m_rtt_ticks.first == m_layout) return m_rtt_ticks.second;
    std::vector<RttTick> out;
    const int request = static_cast<int>(std::lround(m_rtts->before_request));
    const int answer = static_cast<int>(std::lround(m_rtts->before_response));
    std::size_t e = 0;
    for (int k = 0; k <= answer; ++k) {
        // The request's tick where the client sends it, the answer's where it reaches the
        // client; the others at the first event of their moment (a little early counts: the
        // link's jitter).
        std::size_t at = k == request ? m_rtts->request_event : k == answer ? m_rtts->response_event : e;
        if (k != request && k != answer) {
            const core::TimeUs time = m_rtts->start + k * m_rtts->rtt - m_rtts->rtt / 20;
            while (at < t.events.size() && t.events[at].time < time) ++at;
            if (at >= t.events.size()) break;
        }
        e = at;
        out.push_back({m_layout->eventY(at), k, k == request, k == answer, at});
    }
    m_rtt_ticks = {m_layout, out};
    return out;
}

void SequenceDiagramScene::paintStreamWait(QPainter* p, std::size_t visible) const {
    const auto wait = streamWait();
    if (!wait || alphaOf(wait->from_event, visible) <= 0) return;
    // A band along the ruler, vermillion like a loss, as far as the steps shown reach; its
    // words once the wait is over.
    const qreal x = kMargin + 6;
    double bottom = wait->bottom;
    if (alphaOf(wait->to_event, visible) <= 0) {
        bottom = wait->top;
        for (std::size_t e = wait->from_event; e < wait->to_event; ++e)
            if (alphaOf(e, visible) > 0) bottom = m_layout->eventY(e);
    }
    const QColor hue = style::vermillion();
    p->setPen(Qt::NoPen);
    p->setBrush(style::tint(hue, 0.85));
    p->drawRoundedRect(QRectF(x - 4, wait->top, 8, std::max(2.0, bottom - wait->top)), 3, 3);
    const double alpha = alphaOf(wait->to_event, visible);
    if (alpha <= 0) return;
    p->setOpacity(alpha);
    p->setFont(m_geo.note);
    const QFontMetricsF fm(m_geo.note);
    p->setPen(style::colors().dark ? hue.lighter(140) : hue.darker(120));
    const double mid = (wait->top + wait->bottom) / 2;
    p->drawText(QPointF(x + 13, mid - 2), streamWaitText(wait->streams.size()));
    p->drawText(QPointF(x + 13, mid + fm.height() - 2),
                tr("%1 ms").arg(QLocale().toString(static_cast<double>(wait->waited) / 1000.0, 'f', 0)));
    p->setOpacity(1);
}

std::vector<SequenceDiagramScene::Bracket> SequenceDiagramScene::messageBrackets() const { return bracketsDrawn(); }

const std::vector<SequenceDiagramScene::Bracket>& SequenceDiagramScene::bracketsDrawn() const {
    static const std::vector<Bracket> kNone;
    const core::Trace& t = m_model->trace();
    if (m_layout->eventCount() != t.events.size()) return kNone;
    if (m_brackets.first == m_layout) return m_brackets.second;
    std::vector<Bracket> out;
    for (std::size_t i = 0; i < m_spans.size(); ++i) {
        const core::MessageSpan& span = m_spans[i];
        const core::StreamMessage& m = t.messages[span.message];
        const std::size_t side = core::idx(m.from);
        const qreal inward = m.from == Side::A ? 1 : -1;
        const int lane = m_geo.lanes[side] - m_bracket_lanes[side] + m_span_lane[i];
        const qreal x = lifelineX(m.from) - inward * (10 + lane * m_geo.lane_w);
        out.push_back({m.from, m_layout->eventY(span.first_send), m_layout->eventY(span.last_send), span.first_send,
                       span.last_send, QString::fromStdString(core::briefMessageNames(span.name)), x});
    }
    m_brackets = {m_layout, std::move(out)};
    return m_brackets.second;
}

void SequenceDiagramScene::paintBrackets(QPainter* p, const QRectF& r, std::size_t visible) const {
    if (m_spans.empty()) return;
    const QFontMetricsF fm(m_geo.timer);
    p->setFont(m_geo.timer);
    for (const Bracket& b : bracketsDrawn()) {
        if (b.bottom < r.top() || b.top > r.bottom()) continue;
        const double alpha = alphaOf(b.first_event, visible);
        if (alpha <= 0) continue;
        // As far as its segments have been sent; its name once they all have.
        double bottom = b.bottom;
        const bool whole = alphaOf(b.last_event, visible) > 0;
        if (!whole)
            for (std::size_t e = b.first_event; e < b.last_event; ++e)
                if (alphaOf(e, visible) > 0) bottom = m_layout->eventY(e);
        const qreal inward = b.side == Side::A ? 1 : -1;
        const QColor c = withAlpha(style::muted(), alpha);
        p->setPen(QPen(c, 2.0 * style::lineScale(), Qt::SolidLine, Qt::FlatCap));
        p->drawLine(QPointF(b.x, b.top), QPointF(b.x, bottom));
        p->drawLine(QPointF(b.x, b.top), QPointF(b.x + inward * 6, b.top));
        if (whole) p->drawLine(QPointF(b.x, bottom), QPointF(b.x + inward * 6, bottom));
        if (!whole) continue;
        // Its name along it, outside, as a timer's, where it fits whole (the arrows' labels
        // name it too).
        const qreal w = fm.horizontalAdvance(b.name);
        if (bottom - b.top - 8 < w) continue;
        const QString& text = b.name;
        p->save();
        p->translate(b.x - inward * 10, (b.top + bottom) / 2);
        p->rotate(b.side == Side::A ? -90 : 90);
        p->setPen(withAlpha(style::ink(), alpha));
        p->drawText(QRectF(-w / 2 - 2, -fm.height() / 2, w + 4, fm.height()), Qt::AlignCenter, text);
        p->restore();
    }
}

QString SequenceDiagramScene::streamWaitText(std::size_t streams) {
    return tr("%n stream(s) wait", nullptr, static_cast<int>(streams));
}

std::optional<SequenceDiagramScene::StreamWait> SequenceDiagramScene::streamWait() const {
    if (!m_stall || m_layout->eventCount() != m_model->trace().events.size()) return std::nullopt;
    return StreamWait{m_layout->eventY(m_stall->from_event), m_layout->eventY(m_stall->to_event), m_stall->from_event,
                      m_stall->to_event, m_stall->streams, m_stall->waited};
}

void SequenceDiagramScene::paintRttRuler(QPainter* p, const QRectF& r, std::size_t visible) const {
    if (m_geo.ruler_w <= 0) return;
    paintStreamWait(p, visible);
    const std::vector<RttTick> ticks = rttRuler();
    if (ticks.size() < 2 || ticks.front().y > r.bottom() || ticks.back().y < r.top()) return;
    const qreal x = kMargin + 6;
    const QColor ink = style::muted();
    const QColor strong = style::current();
    const QFontMetricsF fm(m_geo.note);
    // The ruler itself, as far as the steps shown reach.
    double bottom = ticks.front().y;
    for (const RttTick& k : ticks)
        if (alphaOf(k.event, visible) > 0) bottom = k.y;
    p->setPen(QPen(ink, 1.6 * style::lineScale()));
    p->drawLine(QPointF(x, ticks.front().y), QPointF(x, bottom));
    p->setFont(m_geo.note);
    for (const RttTick& k : ticks) {
        const double alpha = alphaOf(k.event, visible);
        if (alpha <= 0) continue;
        p->setOpacity(alpha);
        const bool named = k.request || k.answer;
        p->setPen(QPen(named ? strong : ink, (named ? 3.0 : 1.6) * style::lineScale()));
        p->drawLine(QPointF(x - 5, k.y), QPointF(x + 9, k.y));
        p->setPen(named ? strong : ink);
        const QString count = k.round_trips == 0 ? QStringLiteral("0") : tr("%1 RTT").arg(k.round_trips);
        p->drawText(QPointF(x + 13, k.y + fm.ascent() / 2 - 1), count);
        if (named) {
            const QString what = k.request ? tr("request") : tr("answer");
            p->drawText(QPointF(x + 13, k.y + fm.ascent() / 2 + fm.height() - 1), what);
        }
    }
    p->setOpacity(1);
}

double SequenceDiagramScene::compactHeaderHeight() const {
    return QFontMetricsF(m_geo.header_name).height() + 18;
}

void SequenceDiagramScene::paintHeaders(QPainter* p, double top, bool compact) const {
    const core::Trace& t = m_model->trace();
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setRenderHint(QPainter::TextAntialiasing);
    const QFontMetricsF name(m_geo.header_name), address(m_geo.header_address);
    double y = top;
    if (compact) {
        const double h = compactHeaderHeight();
        p->setPen(Qt::NoPen);
        p->setBrush(style::paper());
        p->drawRect(QRectF(m_geo.left - 2000, top, m_geo.right - m_geo.left + 4000, h));
        p->setPen(QPen(style::faint(), 1));
        p->drawLine(QPointF(m_geo.left - 2000, top + h), QPointF(m_geo.right + 2000, top + h));
        y = top + 6;
    } else {
        p->setFont(m_geo.title);
        p->setPen(style::ink());
        const QFontMetricsF title(m_geo.title);
        const QString text = m_model->title();
        if (m_show_title) {
            p->drawText(QRectF(m_geo.left, top, m_geo.right - m_geo.left, title.height()), Qt::AlignCenter, text);
            if (t.capture) {
                p->setFont(m_geo.header_address);
                p->setPen(style::muted());
                p->drawText(QRectF(m_geo.left, top + title.height() + 4, m_geo.right - m_geo.left, address.height()),
                            Qt::AlignCenter,
                            tr("Captured at one point: each arrow is drawn level, at the moment the capture saw it; "
                               "the states are inferred"));
            }
        }
        y = m_geo.header_top;
    }
    for (Side s : {Side::A, Side::B}) {
        const core::EndpointInfo& e = t.endpoints[core::idx(s)];
        const QString who = Text::endpointName(e), where = Text::endpointAddress(t, s);
        const qreal x = lifelineX(s);
        if (compact) {
            p->setFont(m_geo.header_name);
            const qreal w = name.horizontalAdvance(who) + address.horizontalAdvance(where) + 60;
            const QRectF box(x - w / 2, y, w, name.height() + 6);
            p->setPen(QPen(style::ink(), 1.5 * style::lineScale()));
            p->setBrush(style::colors().surface);
            p->drawRoundedRect(box, 6, 6);
            const qreal name_w = name.horizontalAdvance(who);
            p->setPen(style::ink());
            p->drawText(QRectF(box.left() + 20, box.top(), name_w + 2, box.height()), Qt::AlignVCenter, who);
            p->setFont(m_geo.header_address);
            p->setPen(style::muted());
            p->drawText(QRectF(box.left() + 30 + name_w, box.top(), box.right() - box.left() - name_w - 30, box.height()),
                        Qt::AlignVCenter, where);
            continue;
        }
        const qreal w = std::max(name.horizontalAdvance(who), address.horizontalAdvance(where)) + 48;
        const QRectF box(x - w / 2, y, w, m_geo.header_bottom - y);
        p->setPen(QPen(style::ink(), 2 * style::lineScale()));
        p->setBrush(style::colors().surface);
        p->drawRoundedRect(box, 8, 8);
        p->setFont(m_geo.header_name);
        p->setPen(style::ink());
        p->drawText(QRectF(box.left(), box.top() + 8, box.width(), name.height()), Qt::AlignCenter, who);
        p->setFont(m_geo.header_address);
        p->setPen(style::muted());
        p->drawText(QRectF(box.left(), box.top() + 10 + name.height(), box.width(), address.height()), Qt::AlignCenter,
                    where);
    }
    p->restore();
}

// --- the view ------------------------------------------------------------------------------

SequenceDiagramView::SequenceDiagramView(SequenceDiagramScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent), m_scene(scene) {
    setObjectName(QStringLiteral("SequenceDiagramView"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::MinimalViewportUpdate);
    setOptimizationFlag(QGraphicsView::DontAdjustForAntialiasing, true);
    setBackgroundBrush(style::paper());
    setFrameShape(QFrame::NoFrame);
    m_scroll.setDuration(260);
    m_scroll.setEasingCurve(QEasingCurve::OutCubic);
    connect(&m_scroll, &QVariantAnimation::valueChanged, this,
            [this](const QVariant& v) { verticalScrollBar()->setValue(v.toInt()); });
    connect(scene, &SequenceDiagramScene::diagramRebuilt, this, [this] {
        // A what-if edit re-simulates the same scenario: keep the zoom and the place, so that
        // the picture changes where the teacher is looking instead of jumping to the top.
        const unsigned number = m_scene->model()->scenarioNumber();
        if (number == m_shown_scenario) {
            refit();   // an edit that widened the diagram (a timer lane, a note) adds no scrollbar
            return;
        }
        m_shown_scenario = number;
        m_fitted = false;
        fitWidth();
        verticalScrollBar()->setValue(verticalScrollBar()->minimum());
        // A trace shown at a later step (the live demo's, at its newest frame): that step.
        if (m_scene->model()->cursor() > 0) followCursor(false);
    });
    connect(scene->model(), &SessionModel::cursorChanged, this, [this] {
        clearInk();
        followCursor();
    });
    connect(scene->model(), &SessionModel::traceChanged, this, &SequenceDiagramView::clearInk);
}

void SequenceDiagramView::setPenActive(bool on) {
    if (on == m_pen) return;
    m_pen = on;
    m_drawing = false;
    setDragMode(on ? QGraphicsView::NoDrag : QGraphicsView::ScrollHandDrag);
    viewport()->setCursor(on ? Qt::CrossCursor : Qt::OpenHandCursor);
    if (!on) clearInk();
}

void SequenceDiagramView::clearInk() {
    if (m_ink.empty()) return;
    m_ink.clear();
    viewport()->update();
}

void SequenceDiagramView::setZoom(double z) {
    z = std::clamp(z, kMinZoom, kMaxZoom);
    m_fitted = true;   // the user chose a zoom: stop fitting on resize
    if (std::abs(z - m_zoom) < 1e-9) return;
    m_zoom = z;
    setTransform(QTransform::fromScale(z, z));
    viewport()->update();
    Q_EMIT zoomChanged(z);
}

void SequenceDiagramView::fitWidth() {
    const QRectF r = m_scene->diagramRect();
    if (r.width() <= 0 || viewport()->width() <= 0) return;
    const double z = std::clamp(viewport()->width() / r.width() * 0.98, kMinZoom, 2.5);
    m_zoom = z;
    setTransform(QTransform::fromScale(z, z));
    m_fitted = false;   // keep fitting as the window is resized
    viewport()->update();
    Q_EMIT zoomChanged(z);
}

void SequenceDiagramView::refit() { fitWidthKeepingTop(mapToScene(QPoint(0, 0)).y()); }

void SequenceDiagramView::fitWidthKeepingTop(double top) {
    if (m_fitted) return;   // a zoom the user chose stays
    fitWidth();
    scrollToSceneY(top, false);
}

void SequenceDiagramView::fitPage() {
    const QRectF r = m_scene->diagramRect();
    if (r.isEmpty() || viewport()->width() <= 0 || viewport()->height() <= 0) return;
    const double z = std::clamp(std::min(viewport()->width() / r.width(), viewport()->height() / r.height()) * 0.98,
                                kMinZoom, 2.5);
    setZoom(z);   // a chosen zoom: kept when the window is resized
    setTransform(QTransform::fromScale(m_zoom, m_zoom));
    verticalScrollBar()->setValue(verticalScrollBar()->minimum());
    centerOn(r.center());
}

void SequenceDiagramView::followCursor(bool smoothly) {
    const int cursor = m_scene->model()->cursor();
    if (cursor == 0) {
        scrollToSceneY(m_scene->diagramRect().top(), smoothly);
        return;
    }
    QRectF step = m_scene->stepRect(cursor);
    if (step.isNull()) return;
    // The last step of a simulation cut at its horizon: the cut is part of what it shows.
    if (const std::optional<double> cut = m_scene->horizonMarkY(); cut && cursor == m_scene->model()->stepCount())
        step.setBottom(std::max(step.bottom(), *cut + 30));
    const QRectF seen = mapToScene(viewport()->rect()).boundingRect();
    const double sticky = m_scene->compactHeaderHeight() + 6;
    const double margin = 30 / m_zoom;
    const double view_top = seen.top() + sticky, view_bottom = seen.bottom();
    if (step.top() >= view_top + margin * 0.3 && step.bottom() <= view_bottom - margin * 0.3) return;
    double top;
    if (step.height() + 2 * margin > view_bottom - view_top || step.bottom() > view_bottom)
        top = step.bottom() + margin - seen.height();   // show its end, the newest part
    else
        top = step.top() - margin - sticky;
    scrollToSceneY(top, smoothly);
}

void SequenceDiagramView::scrollToSceneY(double top, bool smoothly) {
    QScrollBar* bar = verticalScrollBar();
    const int target = std::clamp(static_cast<int>(std::lround(top * m_zoom)), bar->minimum(), bar->maximum());
    m_scroll.stop();
    if (!smoothly || !isVisible() || std::abs(target - bar->value()) < 2) {
        bar->setValue(target);
        return;
    }
    m_scroll.setStartValue(bar->value());
    m_scroll.setEndValue(target);
    m_scroll.start();
}

void SequenceDiagramView::wheelEvent(QWheelEvent* e) {
    if (!zoomOnCtrlWheel(*this, e, m_zoom)) QGraphicsView::wheelEvent(e);
}

void SequenceDiagramView::mousePressEvent(QMouseEvent* e) {
    m_press_pos = e->position().toPoint();
    if (m_pen && e->button() == Qt::LeftButton) {
        m_drawing = true;
        m_ink.push_back(QPolygonF{mapToScene(m_press_pos)});
        viewport()->update();
        e->accept();
        return;
    }
    QGraphicsView::mousePressEvent(e);
}

void SequenceDiagramView::mouseMoveEvent(QMouseEvent* e) {
    if (m_drawing && !m_ink.empty()) {
        m_ink.back() << mapToScene(e->position().toPoint());
        viewport()->update();
        e->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(e);
}

void SequenceDiagramView::mouseReleaseEvent(QMouseEvent* e) {
    if (m_drawing) {
        m_drawing = false;
        e->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(e);
    if (e->button() != Qt::LeftButton || (e->position().toPoint() - m_press_pos).manhattanLength() > 4) return;
    const std::uint64_t id = m_scene->segmentAt(mapToScene(e->position().toPoint()), 9 / m_zoom);
    if (id != 0) m_scene->model()->setSelectedSegment(id);
}

void SequenceDiagramView::contextMenuEvent(QContextMenuEvent* e) {
    const QPointF pos = mapToScene(e->pos());
    if (const std::uint64_t id = m_scene->segmentAt(pos, 9 / m_zoom); id != 0) {
        Q_EMIT segmentContextMenuRequested(id, e->globalPos());
        e->accept();
        return;
    }
    // Near a lifeline, below its header: what the endpoint could do at that moment.
    if (m_scene->model()->hasScenario() && pos.y() > m_scene->headerRect().bottom()) {
        const auto away = [&](Side s) { return std::abs(pos.x() - m_scene->lifelineX(s)); };
        const Side s = away(Side::A) <= away(Side::B) ? Side::A : Side::B;
        if (away(s) <= lifelineReach()) {
            Q_EMIT lifelineContextMenuRequested(s, m_scene->timeAtY(pos.y()), e->globalPos());
            e->accept();
            return;
        }
    }
    QGraphicsView::contextMenuEvent(e);
}

double SequenceDiagramView::lifelineReach() const {
    // In scene units: 30 pixels on the screen, however far the view is zoomed out.
    constexpr double kScreenPixels = 30, kLeast = 40;
    const double half = (m_scene->lifelineX(Side::B) - m_scene->lifelineX(Side::A)) / 2;
    return std::min(std::max(kLeast, kScreenPixels / m_zoom), half);
}

void SequenceDiagramView::resizeEvent(QResizeEvent* e) {
    // What was at the top stays at the top: the view would otherwise keep its centre, and a view
    // that grows (F5, a dock closed) would open scrolled down, its title and headers hidden.
    const double top = mapToScene(QPoint(0, 0)).y();
    QGraphicsView::resizeEvent(e);
    if (m_fitted) return;
    fitWidthKeepingTop(top);
    followCursor(false);   // and the current step, if a smaller view lost it
}

void SequenceDiagramView::scrollContentsBy(int dx, int dy) {
    QGraphicsView::scrollContentsBy(dx, dy);
    // The sticky headers do not scroll with the picture: repaint where they were and are.
    const int h = static_cast<int>(std::ceil(m_scene->compactHeaderHeight() * m_zoom)) + std::abs(dy) + 4;
    viewport()->update(QRect(0, 0, viewport()->width(), h));
}

void SequenceDiagramView::drawForeground(QPainter* p, const QRectF&) {
    // Headers stay in sight when the diagram scrolls past them.
    const QRectF seen = mapToScene(viewport()->rect()).boundingRect();
    if (seen.top() > m_scene->headerRect().bottom() - m_scene->compactHeaderHeight())
        m_scene->paintHeaders(p, seen.top(), true);
    // The presenter's ink, over everything: a bright pen, as wide on the screen at any zoom.
    if (m_ink.empty()) return;
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setPen(QPen(QColor(0xE0, 0x1B, 0x5C), 5 / m_zoom, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    for (const QPolygonF& stroke : m_ink) {
        if (stroke.size() == 1)
            p->drawPoint(stroke.front());
        else
            p->drawPolyline(stroke);
    }
    p->restore();
}

}  // namespace tcpviz::ui
