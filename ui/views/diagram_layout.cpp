#include "ui/views/diagram_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace tcpviz::ui {

using core::EventKind;
using core::Side;

DiagramLayout DiagramLayout::build(const core::Trace& t, const LayoutParams& p) {
    DiagramLayout l;
    l.m_params = p;
    const auto& ev = t.events;
    l.m_event_y.resize(ev.size());
    l.m_first_arrow.assign(t.segments.size(), -1);

    // The last y used on each lane of each lifeline, so the next row there keeps its distance.
    constexpr double kNone = -1e300;
    std::array<double, 2> out_y{kNone, kNone}, in_y{kNone, kNone}, box_y{kNone, kNone}, note_y{kNone, kNone};
    std::array<double, 2> side_y{0, 0};   // each lifeline's last y: its events keep their order
    // Open timer brackets by side and kind (index into m_timers).
    std::array<std::array<std::optional<std::size_t>, core::kTimerKindCount>, 2> open{};
    std::vector<double> send_y(t.segments.size(), 0);
    auto px = [&p](core::TimeUs d) { return static_cast<double>(d) / 1000.0 * p.px_per_ms; };

    double y = 0;                 // the common time line, where both lifelines meet when idle
    core::TimeUs previous = 0;
    std::size_t in_flight = 0;    // segments sent and not yet arrived or dropped
    for (std::size_t i = 0; i < ev.size(); ++i) {
        const core::Event& e = ev[i];
        const core::TimeUs gap = e.time - previous;
        if (in_flight == 0) y = std::max({y, side_y[0], side_y[1]});   // line up again
        if (gap > p.fold_threshold && in_flight == 0) {
            l.m_breaks.push_back({y, y + p.fold_height, gap, static_cast<std::uint32_t>(i)});
            y += p.fold_height;
        } else if (gap > 0) {
            y += px(gap);
        }
        previous = e.time;

        const std::size_t s = core::idx(e.endpoint);
        double at = std::max(y, side_y[s]);
        switch (e.kind) {
            case EventKind::Send:
                at = std::max(at, out_y[s] + p.arrow_spacing);
                out_y[s] = at;
                send_y[e.segment - 1] = at;
                ++in_flight;
                break;
            case EventKind::Arrive: {
                // Never less slanted than the delay: the segment left at send_y.
                const core::SegmentRecord& r = t.segment(e.segment);
                at = std::max({at, in_y[s] + p.arrow_spacing, send_y[e.segment - 1] + px(e.time - r.sent_at)});
                in_y[s] = at;
                if (e.notice != core::Notice::None) {
                    at = std::max(at, note_y[s] + p.note_spacing);
                    note_y[s] = at;
                }
                if (e.copy == 0 && in_flight > 0) --in_flight;
                break;
            }
            case EventKind::Drop: {
                // Half-way across, drawn in the middle: as slanted as its delay so far says.
                const core::SegmentRecord& r = t.segment(e.segment);
                l.m_event_y[i] = send_y[e.segment - 1] + px(e.time - r.sent_at);
                if (e.copy == 0 && in_flight > 0) --in_flight;
                continue;   // the middle belongs to neither lifeline
            }
            case EventKind::State:
                at = std::max(at, box_y[s] + p.box_spacing);
                box_y[s] = at;
                break;
            case EventKind::Call:
                at = std::max(at, note_y[s] + p.note_spacing);
                note_y[s] = at;
                break;
            case EventKind::Timer:
            case EventKind::Deliver:
                break;
        }
        side_y[s] = at;
        l.m_event_y[i] = at;
    }
    l.m_bottom.resize(ev.size());
    double lowest = 0;
    for (std::size_t i = 0; i < ev.size(); ++i) l.m_bottom[i] = lowest = std::max(lowest, l.m_event_y[i]);
    l.m_height = lowest;
    if (t.end.reason != core::EndReason::Quiet) {   // cut at the horizon or at the event limit
        const core::TimeUs last = ev.empty() ? 0 : ev.back().time;
        const core::TimeUs left = t.end.time > last ? t.end.time - last : 0;
        const double gap = left > p.fold_threshold ? p.fold_height : px(left);
        l.m_horizon_y = lowest + std::max(gap, p.horizon_gap);
    }

    // Rows, now that every event has its y.
    std::vector<std::size_t> send_event(t.segments.size(), 0);
    for (std::size_t i = 0; i < ev.size(); ++i) {
        const core::Event& e = ev[i];
        const auto index = static_cast<std::uint32_t>(i);
        const std::size_t s = core::idx(e.endpoint);
        switch (e.kind) {
            case EventKind::Send:
                send_event[e.segment - 1] = i;
                break;
            case EventKind::Arrive:
            case EventKind::Drop: {
                ArrowRow a;
                a.send_event = static_cast<std::uint32_t>(send_event[e.segment - 1]);
                a.y0 = l.m_event_y[a.send_event];
                a.y1 = l.m_event_y[i];
                a.event = index;
                a.segment = e.segment;
                a.from = t.segment(e.segment).from;
                a.lost = e.kind == EventKind::Drop;
                a.copy = e.copy;
                if (l.m_first_arrow[e.segment - 1] < 0)
                    l.m_first_arrow[e.segment - 1] = static_cast<int>(l.m_arrows.size());
                l.m_arrows.push_back(a);
                if (e.kind == EventKind::Arrive && e.notice != core::Notice::None)
                    l.m_notes.push_back({l.m_event_y[i], index, e.endpoint, NoteKind::Notice});
                break;
            }
            case EventKind::State:
                l.m_boxes.push_back({l.m_event_y[i], index, e.endpoint, e.to});
                break;
            case EventKind::Call:
                l.m_notes.push_back({l.m_event_y[i], index, e.endpoint, NoteKind::Call});
                break;
            case EventKind::Timer: {
                auto& slot = open[s][static_cast<std::size_t>(e.timer)];
                if (slot) {
                    TimerRow& r = l.m_timers[*slot];
                    r.y1 = l.m_event_y[i];
                    r.end_event = index;
                    r.end = e.timer_op == core::TimerOp::Start  ? TimerEnd::Restart
                            : e.timer_op == core::TimerOp::Stop ? TimerEnd::Stop
                                                                : TimerEnd::Expire;
                    slot.reset();
                }
                if (e.timer_op == core::TimerOp::Start) {
                    TimerRow r;
                    r.y0 = r.y1 = l.m_event_y[i];
                    r.start_event = r.end_event = index;
                    r.side = e.endpoint;
                    r.kind = e.timer;
                    r.duration = e.deadline - e.time;
                    slot = l.m_timers.size();
                    l.m_timers.push_back(r);
                }
                break;
            }
            case EventKind::Deliver:
                break;
        }
    }
    for (auto& side : open)
        for (auto& slot : side)
            // Still running when the trace ends: up to its end, or to where it was cut.
            if (slot) l.m_timers[*slot].y1 = l.m_horizon_y.value_or(l.m_height);

    // Timer lanes: a bracket takes the innermost lane free at its start.
    std::array<std::vector<double>, 2> lane_end;
    for (TimerRow& r : l.m_timers) {
        auto& ends = lane_end[core::idx(r.side)];
        std::size_t lane = 0;
        while (lane < ends.size() && ends[lane] > r.y0) ++lane;
        if (lane == ends.size()) ends.push_back(0);
        ends[lane] = r.y1;
        r.lane = static_cast<std::uint8_t>(std::min<std::size_t>(lane, 255));
    }
    for (Side s : {Side::A, Side::B}) l.m_timer_lanes[core::idx(s)] = static_cast<int>(lane_end[core::idx(s)].size());

    l.index();
    return l;
}

void DiagramLayout::index() {
    // Spatial indices: rows by y.
    auto sortBy = [](std::vector<std::uint32_t>& by_y, std::size_t n, auto key) {
        by_y.resize(n);
        for (std::size_t i = 0; i < n; ++i) by_y[i] = static_cast<std::uint32_t>(i);
        std::stable_sort(by_y.begin(), by_y.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
    };
    sortBy(m_arrows_by_y, m_arrows.size(), [this](std::uint32_t i) { return m_arrows[i].y1; });
    sortBy(m_boxes_by_y, m_boxes.size(), [this](std::uint32_t i) { return m_boxes[i].y; });
    sortBy(m_notes_by_y, m_notes.size(), [this](std::uint32_t i) { return m_notes[i].y; });
    sortBy(m_timers_by_y, m_timers.size(), [this](std::uint32_t i) { return m_timers[i].y0; });

    m_long_arrows.clear();
    m_long_timers.clear();
    m_arrow_max_span = m_timer_max_span = 0;
    for (std::size_t i = 0; i < m_arrows.size(); ++i) {
        const double span = m_arrows[i].y1 - m_arrows[i].y0;
        if (span > kLongSpan)
            m_long_arrows.push_back(static_cast<std::uint32_t>(i));
        else
            m_arrow_max_span = std::max(m_arrow_max_span, span);
    }
    for (std::size_t i = 0; i < m_timers.size(); ++i) {
        const double span = m_timers[i].y1 - m_timers[i].y0;
        if (span > kLongSpan)
            m_long_timers.push_back(static_cast<std::uint32_t>(i));
        else
            m_timer_max_span = std::max(m_timer_max_span, span);
    }
}

void DiagramLayout::widen(std::span<const Widening> rows) {
    if (rows.empty()) return;
    // f(y) = y + the heights of the widenings above y: strictly increasing, so order is kept.
    std::vector<double> below(rows.size()), shift(rows.size() + 1, 0);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        below[k] = rows[k].below;
        shift[k + 1] = shift[k] + rows[k].height;
    }
    auto f = [&](double y) {
        return y + shift[static_cast<std::size_t>(std::lower_bound(below.begin(), below.end(), y) - below.begin())];
    };
    for (double& y : m_event_y) y = f(y);
    double lowest = 0;
    for (std::size_t i = 0; i < m_event_y.size(); ++i) m_bottom[i] = lowest = std::max(lowest, m_event_y[i]);
    m_height = f(m_height);
    if (m_horizon_y) m_horizon_y = f(*m_horizon_y);
    for (ArrowRow& r : m_arrows) {
        r.y0 = f(r.y0);
        r.y1 = f(r.y1);
    }
    for (BoxRow& r : m_boxes) r.y = f(r.y);
    for (NoteRow& r : m_notes) r.y = f(r.y);
    for (TimerRow& r : m_timers) {
        r.y0 = f(r.y0);
        r.y1 = f(r.y1);
    }
    // A break keeps its height: nothing happens inside it, so room made at its top goes above it.
    for (BreakRow& r : m_breaks) {
        const double height = r.y1 - r.y0;
        r.y1 = f(r.y1);
        r.y0 = r.y1 - height;
    }
    index();
}

std::pair<double, double> DiagramLayout::spanOf(std::size_t begin, std::size_t end) const {
    end = std::min(end, m_event_y.size());
    if (begin >= end) return {0, 0};
    double top = m_event_y[begin], bottom = top;
    for (std::size_t i = begin; i < end; ++i) {
        top = std::min(top, m_event_y[i]);
        bottom = std::max(bottom, m_event_y[i]);
    }
    const auto [a0, a1] = arrowRange(begin, end);
    for (std::size_t i = a0; i < a1; ++i) top = std::min(top, m_arrows[i].y0);
    return {top, bottom};
}

int DiagramLayout::firstArrowOf(std::uint64_t segment) const {
    if (segment == 0 || segment > m_first_arrow.size()) return -1;
    return m_first_arrow[segment - 1];
}

std::pair<std::size_t, std::size_t> DiagramLayout::arrowRange(std::size_t begin, std::size_t end) const {
    auto lo = std::lower_bound(m_arrows.begin(), m_arrows.end(), begin,
                               [](const ArrowRow& r, std::size_t e) { return r.event < e; });
    auto hi = std::lower_bound(lo, m_arrows.end(), end, [](const ArrowRow& r, std::size_t e) { return r.event < e; });
    return {static_cast<std::size_t>(lo - m_arrows.begin()), static_cast<std::size_t>(hi - m_arrows.begin())};
}

std::pair<std::size_t, std::size_t> DiagramLayout::boxRange(std::size_t begin, std::size_t end) const {
    auto lo = std::lower_bound(m_boxes.begin(), m_boxes.end(), begin,
                               [](const BoxRow& r, std::size_t e) { return r.event < e; });
    auto hi = std::lower_bound(lo, m_boxes.end(), end, [](const BoxRow& r, std::size_t e) { return r.event < e; });
    return {static_cast<std::size_t>(lo - m_boxes.begin()), static_cast<std::size_t>(hi - m_boxes.begin())};
}

// --- labels ------------------------------------------------------------------------------------

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// What a place costs, in pixels of another arrow hidden under the label.
constexpr double kCoverWeight = 3;        // a pixel of another arrow under the label
constexpr double kHeadCost = 400;         // another arrow's head under it
constexpr double kCentreWeight = 40;      // from the middle of its arrow to its end
constexpr std::array<double, kLabelForms> kFormCost{0, 30, 160};
constexpr double kBelowCost = 60;         // below its arrow rather than above
constexpr double kAtStartCost = 400;      // level above its arrow's start, beside the lifeline
constexpr double kAtEndCost = 450;        // level below its arrow's head
constexpr double kLevelSlide = 40;        // how far from the lifeline a level label may slide
constexpr double kLevelWeight = 1;        // per pixel it slides
// A row is widened between two arrows whose labels stand in each other's way only where at most
// this many arrows are in flight: it makes them all steeper.
constexpr std::ptrdiff_t kStretchable = 12;
constexpr double kRowCost = 150;          // a row further from its arrow, on a leader line
// Along an arrow longer than this, a label keeps within kLongReach of its middle.
constexpr double kLongArrow = 1000, kLongReach = 420;
// Arrows longer than this count only near their ends for the cost of covering them: where so
// many cross that they pass by the hundred, every place covers about as much of them.
constexpr double kSoftSpan = 1500;

struct Vec {
    double x = 0, y = 0;
};
Vec operator+(Vec a, Vec b) { return {a.x + b.x, a.y + b.y}; }
Vec operator-(Vec a, Vec b) { return {a.x - b.x, a.y - b.y}; }
Vec operator*(Vec a, double k) { return {a.x * k, a.y * k}; }
double dot(Vec a, Vec b) { return a.x * b.x + a.y * b.y; }

// A convex quadrilateral, and its bounds.
struct Quad {
    std::array<Vec, 4> p{};
    double top = 0, bottom = 0;
};
Quad rect(double left, double top, double right, double bottom) {
    return {{Vec{left, top}, Vec{right, top}, Vec{right, bottom}, Vec{left, bottom}}, top, bottom};
}

// An arrow's frame, read left to right: x along the arrow from its left end, y across it,
// positive below it. Labels are drawn in this frame, above the arrow (y < 0).
struct Frame {
    Vec origin, along, across;
    double length = 0;
    bool forward = true;   // the sender is at the left end
    Frame(Vec from, Vec to) {
        forward = to.x >= from.x;
        const Vec left = forward ? from : to, right = forward ? to : from;
        const Vec d = right - left;
        length = std::max(std::hypot(d.x, d.y), 1e-9);
        origin = left;
        along = d * (1 / length);
        across = {-along.y, along.x};
    }
    [[nodiscard]] Vec in(Vec p) const { return {dot(p - origin, along), dot(p - origin, across)}; }
    [[nodiscard]] Vec out(Vec f) const { return origin + along * f.x + across * f.y; }
    [[nodiscard]] double s(double u) const { return (forward ? u : 1 - u) * length; }
    [[nodiscard]] double u(double s) const { return forward ? s / length : 1 - s / length; }
};

// Where along x the part of p-q with v0 <= y <= v1 lies; `length` grows by that part's share of
// `full`, the length of p-q.
void clipInto(Vec p, Vec q, double v0, double v1, double& lo, double& hi, double* length = nullptr,
              double full = 0) {
    double t0 = 0, t1 = 1;
    const double dy = q.y - p.y;
    if (dy == 0) {
        if (p.y < v0 || p.y > v1) return;
    } else {
        double ta = (v0 - p.y) / dy, tb = (v1 - p.y) / dy;
        if (ta > tb) std::swap(ta, tb);
        t0 = std::max(t0, ta);
        t1 = std::min(t1, tb);
        if (t0 > t1) return;
    }
    const double x0 = p.x + (q.x - p.x) * t0, x1 = p.x + (q.x - p.x) * t1;
    lo = std::min({lo, x0, x1});
    hi = std::max({hi, x0, x1});
    if (length) *length += (t1 - t0) * full;
}

struct Span {
    double lo = kInf, hi = -kInf;
    [[nodiscard]] bool empty() const { return lo > hi; }
};
// A convex quadrilateral in an arrow's frame, and how far across the arrow it reaches.
struct Shape {
    std::array<Vec, 4> p{};
    double top = 0, bottom = 0;
};

// The x extent of a convex quadrilateral (in a frame) within the band v0 <= y <= v1.
Span clip(const Shape& poly, double v0, double v1) {
    Span s;
    if (poly.bottom < v0 || poly.top > v1) return s;
    for (std::size_t k = 0; k < 4; ++k) clipInto(poly.p[k], poly.p[(k + 1) % 4], v0, v1, s.lo, s.hi);
    return s;
}

// The labels placed so far, bucketed by height so that a label meets only its neighbours.
class PlacedLabels {
public:
    static constexpr double kBucket = 96;
    explicit PlacedLabels(double top, std::size_t labels) : m_top(top), m_met(labels, 0) {}
    void clear() {
        for (auto& b : m_buckets) b.clear();
    }
    void insert(std::uint32_t label, const Quad& q) {
        const std::size_t hi = at(q.bottom);
        if (hi >= m_buckets.size()) m_buckets.resize(hi + 1);
        for (std::size_t b = at(q.top); b <= hi; ++b) m_buckets[b].push_back(label);
    }
    template <typename F>
    void forNear(double top, double bottom, F&& f) {
        if (m_buckets.empty()) return;
        ++m_query;
        const std::size_t hi = std::min(at(bottom), m_buckets.size() - 1);
        for (std::size_t b = at(top); b <= hi; ++b)
            for (std::uint32_t i : m_buckets[b])
                if (m_met[i] != m_query) {
                    m_met[i] = m_query;
                    f(i);
                }
    }

private:
    [[nodiscard]] std::size_t at(double y) const {
        return y <= m_top ? 0 : static_cast<std::size_t>((y - m_top) / kBucket);
    }
    double m_top;
    std::vector<std::vector<std::uint32_t>> m_buckets;
    std::vector<std::uint32_t> m_met;   // the query that last met each label
    std::uint32_t m_query = 0;
};

// A way a label may sit in the frame it is written in: above the frame's line (or below it), how
// far from it, with a leader line or not, and what that costs.
struct Lift {
    double lift = 0;
    double cost = 0;
    bool leader = false;
    bool below = false;
};

// Which frame a label is written in: its arrow's, or level, at the arrow's start (above it) or at
// its end (below the arrowhead), beside the lifeline.
enum class Mode : std::uint8_t { Along, AtStart, AtEnd };

struct Choice {
    double cost = kInf;
    double s = 0;   // the label's middle, along its frame
    LabelForm form = LabelForm::Full;
    Lift lift;
    Mode mode = Mode::Along;
};

class LabelPlacer {
public:
    // `crowded`: the arrows sent where so many are in flight that widening a row would make them
    // all steeper; only their labels are written level beside a lifeline before placeInRows.
    LabelPlacer(DiagramLayout& layout, std::span<const LabelRequest> labels, const LabelSpace& space,
                const std::vector<char>& crowded);

    // Every label where it costs least, the most constrained first. False if some found no room;
    // then `blockers` (if given) holds, for each of them, the arrows whose labels or crosses stood
    // in its way (pairs: the label's arrow, the other's).
    bool placeAll(std::vector<std::pair<std::uint32_t, std::uint32_t>>* blockers);
    // What a round placed, for the next one after rows were widened between `top` and `bottom`
    // (the first and the last new row, in that round's heights): the labels wholly above `top`
    // are where they were, those wholly below `bottom` (with their arrows) moved down by `shift`;
    // they keep their places, and only the others are placed again.
    struct Kept {
        std::vector<LabelPlacement> at;
        std::vector<Quad> shapes;
        std::vector<Choice> choice;
        std::vector<char> done;
        double top = 0, bottom = 0, shift = 0;
    };
    [[nodiscard]] Kept keep(double top, double bottom, double shift) const;
    void reuse(const Kept& kept, const DiagramLayout& before);
    // Again, top to bottom by where the arrows end, each keeping its place if it is still free,
    // else choosing again, else given a row of its own (placeLevel). Always succeeds.
    void placeInRows();
    LabelLayout finish(std::size_t widened);

private:
    const std::vector<char>& m_crowded;
    bool m_level_everywhere = false;
    struct Segment {
        Vec p, q;
        double length = 0;
    };
    // Nearby things, in scene coordinates ...
    struct Nearby {
        std::vector<Quad> hard;            // labels, crosses, boxes, the words of gaps
        std::vector<std::int64_t> owner;   // each one's arrow, or -1
        std::vector<Segment> arrows;
        std::vector<Quad> heads;
    };
    // ... and in the frame a label is written in.
    struct InFrame {
        std::vector<Shape> hard, heads;
        std::vector<Segment> arrows;
    };
    struct Slope {
        double lo, hi, k;   // a cost of k per pixel of [lo, hi] under the label, or (a step) for meeting it
    };
    struct Corner {
        double at, slope, enter, leave;   // the cost's slope grows, a step begins or ends, here
    };
    struct Scratch {
        std::vector<std::pair<double, double>> hard, leader, blocked, free;
        std::vector<Slope> covered, steps;
        std::vector<Corner> corners;
    };
    // Where, along a frame, a label of a given width (across the frame from v0 to v1) may have its middle.
    using Range = std::pair<double, double>;

    // y now, with the rows widened so far; and back.
    [[nodiscard]] double now(double y) const {
        const auto k = static_cast<std::size_t>(std::lower_bound(m_below.begin(), m_below.end(), y) - m_below.begin());
        return y + m_shift[k];
    }
    [[nodiscard]] double original(double y) const;
    [[nodiscard]] std::pair<Vec, Vec> line(const ArrowRow& a) const {
        const double xs = a.from == core::Side::A ? m_space.x_a : m_space.x_b;
        const double xr = a.from == core::Side::A ? m_space.x_b : m_space.x_a;
        return {Vec{xs, now(a.y0)}, Vec{a.lost ? (xs + xr) / 2 : xr, now(a.y1)}};
    }
    [[nodiscard]] std::vector<Lift> lifts(const ArrowRow& a, const Frame& f) const;
    void gather(std::size_t arrow, double top, double bottom, Nearby& out);
    static void toFrame(const Nearby& near, const Frame& f, InFrame& out);
    [[nodiscard]] Range alongRange(const ArrowRow& a, const Frame& f, double width, double v0, double v1) const;
    [[nodiscard]] Range levelRange(bool rightward, double width) const;
    // rangeOf(width, lift) says where a label's middle may be, and prefOf(width) where it would rather be.
    template <typename RangeOf, typename PrefOf>
    void chooseIn(std::size_t arrow, const InFrame& near, std::span<const Lift> lifts, Mode mode, double centre,
                  RangeOf rangeOf, PrefOf prefOf, const Choice* fixed, Choice& best);
    [[nodiscard]] Choice choose(std::size_t arrow, const Choice* fixed);
    [[nodiscard]] std::vector<std::uint32_t> blockersOf(std::size_t arrow) const;
    [[nodiscard]] Quad shapeOf(const Frame& f, double s, double width, const Lift& lift) const;
    [[nodiscard]] std::pair<double, double> bandOf(const Lift& lift) const {
        const double h = m_space.label_h, off = m_space.offset;
        return lift.below ? std::pair{off + lift.lift, off + lift.lift + h}
                          : std::pair{-off - lift.lift - h, -off - lift.lift};
    }
    // A level frame through `p`, and the lift of a level label above it (at a start) or below it
    // (under an arrowhead).
    static Frame level(Vec p) { return Frame(p, p + Vec{1, 0}); }
    [[nodiscard]] Lift levelLift(Mode mode) const {
        return mode == Mode::AtStart ? Lift{0, kAtStartCost, false, false}
                                     : Lift{0.45 * m_space.head, kAtEndCost, false, true};
    }
    bool tryPlace(std::size_t arrow, const Choice* fixed, std::vector<std::uint32_t>* blockers = nullptr);
    void placeLevel(std::size_t arrow);
    void settle(std::size_t arrow, const LabelPlacement& at, const Quad& shape);

    DiagramLayout& m_layout;
    std::span<const LabelRequest> m_labels;
    LabelSpace m_space;
    PlacedLabels m_placed;
    std::vector<Quad> m_shapes;
    std::vector<LabelPlacement> m_at;
    std::vector<Choice> m_choice;           // how each was placed, to try again as it was
    std::vector<char> m_done;
    std::vector<double> m_below, m_shift{0};   // rows widened here: where, and the sum of those above
    std::vector<std::uint32_t> m_by_end;   // arrows by where they end, in the layout's own heights
    double m_span = 0;                      // the longest of them up to kSoftSpan
    double m_hang = 0;                      // how far below its arrow's end a label reaches, at most
    Nearby m_near, m_near_ends;
    InFrame m_frame;
    Scratch m_scratch;
};

LabelPlacer::LabelPlacer(DiagramLayout& layout, std::span<const LabelRequest> labels, const LabelSpace& space,
                         const std::vector<char>& crowded)
    : m_crowded(crowded),
      m_layout(layout), m_labels(labels), m_space(space), m_placed(space.initial_y - 400, labels.size()),
      m_shapes(labels.size()), m_at(labels.size()), m_choice(labels.size()), m_done(labels.size(), 0) {
    const auto& arrows = m_layout.arrows();
    m_by_end.resize(arrows.size());
    for (std::size_t i = 0; i < arrows.size(); ++i) {
        m_by_end[i] = static_cast<std::uint32_t>(i);
        const double span = arrows[i].y1 - arrows[i].y0;
        if (span <= kSoftSpan) m_span = std::max(m_span, span);
    }
    std::stable_sort(m_by_end.begin(), m_by_end.end(),
                     [&arrows](std::uint32_t x, std::uint32_t y) { return arrows[x].y1 < arrows[y].y1; });
}

double LabelPlacer::original(double y) const {
    // Widened row k spans (m_below[k] + m_shift[k], m_below[k] + m_shift[k + 1]] now.
    std::size_t lo = 0, hi = m_below.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (m_below[mid] + m_shift[mid + 1] < y) lo = mid + 1;
        else hi = mid;
    }
    if (lo == m_below.size()) return y - m_shift[lo];
    return y > m_below[lo] + m_shift[lo] ? m_below[lo] : y - m_shift[lo];
}

std::vector<Lift> LabelPlacer::lifts(const ArrowRow& a, const Frame& f) const {
    const double row = m_space.label_h + 2 * m_space.clearance;
    // Above the arrow, as in a textbook; just high enough to pass over its own cross; below it
    // (where two arrows cross, each label on its own side); a row or two up, on a leader line.
    std::vector<Lift> out{{0, 0, false, false}};
    if (a.lost) {
        const double r = m_space.cross_reach * (std::abs(f.along.x) + std::abs(f.along.y));
        const double lift = std::max(0.0, r + m_space.clearance - m_space.offset + 0.5);
        out.push_back({lift, lift, false, false});
    }
    out.push_back({0, kBelowCost, false, true});
    out.push_back({row, kRowCost, true, false});
    out.push_back({2 * row, 2.2 * kRowCost, true, false});
    return out;
}

// What lies in [top, bottom]: the arrows that end there or pass by and are not too long (in the
// layout's own heights: widening moves nothing into or out of the range), their crosses and
// heads, state boxes, the words of gaps, and the labels placed so far.
void LabelPlacer::gather(std::size_t arrow, double top, double bottom, Nearby& out) {
    out.hard.clear();
    out.owner.clear();
    out.arrows.clear();
    out.heads.clear();
    const auto& arrows = m_layout.arrows();
    const double r = m_space.cross_reach;
    const double etop = original(top - r), ebottom = original(bottom + r);
    auto it = std::lower_bound(m_by_end.begin(), m_by_end.end(), etop,
                               [&arrows](std::uint32_t i, double y) { return arrows[i].y1 < y; });
    for (; it != m_by_end.end() && arrows[*it].y1 <= ebottom + m_span; ++it) {
        const ArrowRow& b = arrows[*it];
        const bool ends_here = b.y1 <= ebottom;
        if (b.y0 > ebottom || (!ends_here && b.y1 - b.y0 > kSoftSpan)) continue;
        const auto [p0, p1] = line(b);
        if (b.lost && ends_here) {
            out.hard.push_back(rect(p1.x - r, p1.y - r, p1.x + r, p1.y + r));
            out.owner.push_back(*it);
        }
        if (*it == arrow) continue;
        out.arrows.push_back({p0, p1, std::hypot(p1.x - p0.x, p1.y - p0.y)});
        if (!b.lost && ends_here) {
            const Vec d = p1 - p0;
            const Vec base = p1 - d * (0.5 * m_space.head / std::max(std::hypot(d.x, d.y), 1e-9));
            const double h = 0.45 * m_space.head;
            out.heads.push_back(rect(base.x - h, base.y - h, base.x + h, base.y + h));
        }
    }
    const double bh = m_space.box_h / 2;
    auto box = [&](core::Side side, double y) {
        const double left = m_space.box_left[core::idx(side)];
        out.hard.push_back(rect(left, y - bh, left + m_space.box_w, y + bh));
        out.owner.push_back(-1);
    };
    m_layout.forBoxesIn(original(top - bh), original(bottom + bh), [&](const BoxRow& b) { box(b.side, now(b.y)); });
    if (m_space.initial_y + bh >= top && m_space.initial_y - bh <= bottom)
        for (core::Side side : {core::Side::A, core::Side::B}) box(side, m_space.initial_y);
    if (m_space.gap_w > 0)
        m_layout.forBreaksIn(original(top), original(bottom), [&](const BreakRow& b) {
            const double y1 = now(b.y1), y = y1 - (b.y1 - b.y0) / 2, x = (m_space.x_a + m_space.x_b) / 2;
            out.hard.push_back(rect(x - m_space.gap_w / 2, y - m_space.gap_h / 2, x + m_space.gap_w / 2,
                                    y + m_space.gap_h / 2));
            out.owner.push_back(-1);
        });
    m_placed.forNear(top, bottom, [&](std::uint32_t j) {
        if (j == arrow) return;
        out.hard.push_back(m_shapes[j]);
        out.owner.push_back(j);
    });
}

void LabelPlacer::toFrame(const Nearby& near, const Frame& f, InFrame& out) {
    auto shape = [&f](const Quad& q) {
        Shape s{{f.in(q.p[0]), f.in(q.p[1]), f.in(q.p[2]), f.in(q.p[3])}};
        s.top = std::min({s.p[0].y, s.p[1].y, s.p[2].y, s.p[3].y});
        s.bottom = std::max({s.p[0].y, s.p[1].y, s.p[2].y, s.p[3].y});
        return s;
    };
    out.hard.clear();
    out.heads.clear();
    out.arrows.clear();
    for (const Quad& q : near.hard) out.hard.push_back(shape(q));
    for (const Quad& q : near.heads) out.heads.push_back(shape(q));
    for (const Segment& sg : near.arrows) out.arrows.push_back({f.in(sg.p), f.in(sg.q), sg.length});
}

// Along its arrow: inside the lifelines, not too far from the middle of the arrow (past the cross
// of a lost one).
LabelPlacer::Range LabelPlacer::alongRange(const ArrowRow& a, const Frame& f, double width, double v0,
                                           double v1) const {
    const double half = width / 2;
    const auto [u_lo, u_hi] = a.lost ? std::pair{0.2, 1.15} : std::pair{0.08, 0.92};
    const double s_min = std::min(f.s(u_lo), f.s(u_hi)), s_max = std::max(f.s(u_lo), f.s(u_hi));
    // The box's corners, across the arrow at v0 and v1, between the lifelines.
    const double lean_lo = std::min(v0 * f.across.x, v1 * f.across.x),
                 lean_hi = std::max(v0 * f.across.x, v1 * f.across.x);
    double lo = (m_space.x_a + m_space.lifeline_margin - f.origin.x - lean_lo) / f.along.x + half;
    double hi = (m_space.x_b - m_space.lifeline_margin - f.origin.x - lean_hi) / f.along.x - half;
    if (lo > hi) return {(lo + hi) / 2, (lo + hi) / 2};   // wider than the lifelines: overhanging both alike
    const double pref = f.s(a.lost ? 0.55 : 0.5);
    double clo = std::max(lo, s_min), chi = std::min(hi, s_max);
    if (f.length > kLongArrow) {
        clo = std::max(clo, pref - kLongReach);
        chi = std::min(chi, pref + kLongReach);
    }
    if (clo > chi) return {std::clamp(pref, lo, hi), std::clamp(pref, lo, hi)};
    return {clo, chi};
}

// Level, beside a lifeline, reaching rightward from it (or leftward), its middle measured from the
// lifeline: its near edge a little way from it. Empty when it is wider than there is room for.
LabelPlacer::Range LabelPlacer::levelRange(bool rightward, double width) const {
    const double m = m_space.lifeline_margin;
    if (width > m_space.x_b - m_space.x_a - 2 * m - kLevelSlide) return {1, 0};
    return rightward ? Range{m + width / 2, m + kLevelSlide + width / 2}
                     : Range{-m - kLevelSlide - width / 2, -m - width / 2};
}

// The cheapest free place for a label in one frame, over the given lifts and the label's forms.
// For one form and lift, the free places along the frame are an interval minus the spans where
// the label would touch something. The cost along it is piecewise linear (the arrows it covers,
// its distance from where it would rather be) with steps (arrowheads), so its lowest point is at a
// corner: one sweep over the sorted corners finds it.
template <typename RangeOf, typename PrefOf>
void LabelPlacer::chooseIn(std::size_t arrow, const InFrame& near, std::span<const Lift> lifts, Mode mode,
                           double centre, RangeOf rangeOf, PrefOf prefOf, const Choice* fixed, Choice& best) {
    const LabelRequest& req = m_labels[arrow];
    const double h = m_space.label_h, c = m_space.clearance;
    Scratch& w = m_scratch;
    for (const Lift& lift : lifts) {
        if (lift.cost >= best.cost) continue;
        const auto [v0, v1] = bandOf(lift);
        // Things in the label's band, across the frame, block the spans they meet.
        w.hard.clear();
        for (const Shape& q : near.hard) {
            const Span sp = clip(q, v0 - c, v1 + c);
            if (!sp.empty()) w.hard.emplace_back(sp.lo, sp.hi);
        }
        // A leader line from the arrow to the label crosses no label and no cross.
        w.leader.clear();
        if (lift.leader)
            for (const Shape& q : near.hard) {
                const Span sp = lift.below ? clip(q, 0, v0) : clip(q, v1, 0);
                if (!sp.empty()) w.leader.emplace_back(sp.lo - 1, sp.hi + 1);
            }
        // Other arrows in the band cost by the length hidden, or (straight across) by the height.
        w.covered.clear();
        w.steps.clear();
        for (const Segment& seg : near.arrows) {
            Span sp;
            double length = 0;
            clipInto(seg.p, seg.q, v0, v1, sp.lo, sp.hi, &length, seg.length);
            if (sp.empty() || length <= 0) continue;
            if (sp.hi - sp.lo > 0.5)
                w.covered.push_back({sp.lo, sp.hi, kCoverWeight * length / (sp.hi - sp.lo)});
            else
                w.steps.push_back({sp.lo, sp.hi, kCoverWeight * h});
        }
        for (const Shape& q : near.heads) {
            const Span sp = clip(q, v0, v1);
            if (!sp.empty()) w.steps.push_back({sp.lo, sp.hi, kHeadCost});
        }

        for (std::size_t form = 0; form < kLabelForms; ++form) {
            const double width = req.width[form];
            if (width <= 0 || (fixed && static_cast<std::size_t>(fixed->form) != form)) continue;
            const double base = lift.cost + kFormCost[form];
            if (base >= best.cost) continue;
            const double half = width / 2, pref = prefOf(width);
            auto [lo, hi] = rangeOf(width, lift);
            if (fixed) {
                if (fixed->s < lo - 0.5 || fixed->s > hi + 0.5) continue;
                lo = hi = fixed->s;
            }
            if (lo > hi) continue;
            // The free intervals of [lo, hi]: what is left between the blocked spans.
            w.blocked.clear();
            for (const auto& [p, q] : w.hard) w.blocked.emplace_back(p - c - half, q + c + half);
            for (const auto& span : w.leader) w.blocked.push_back(span);
            std::sort(w.blocked.begin(), w.blocked.end());
            w.free.clear();
            double from = lo;
            for (const auto& [p, q] : w.blocked) {
                if (p >= hi) break;
                if (p >= from) w.free.emplace_back(from, p);   // a free place may touch a blocked span
                from = std::max(from, q);
            }
            if (from <= hi) w.free.emplace_back(from, hi);
            if (w.free.empty()) continue;

            // Where the cost changes: each covered arrow's ramp up, plateau and ramp down; each
            // step's edges (it costs strictly inside them); the ends of the free intervals.
            w.corners.clear();
            const double first = w.free.front().first, last = w.free.back().second;
            for (const Slope& sl : w.covered) {
                const double up = sl.lo - half, gone = sl.hi + half;
                if (gone <= first || up >= last) continue;
                w.corners.push_back({up, sl.k, 0, 0});
                w.corners.push_back({std::min(sl.lo + half, sl.hi - half), -sl.k, 0, 0});
                w.corners.push_back({std::max(sl.lo + half, sl.hi - half), -sl.k, 0, 0});
                w.corners.push_back({gone, sl.k, 0, 0});
            }
            for (const Slope& st : w.steps) {
                if (st.hi + half <= first || st.lo - half >= last) continue;
                w.corners.push_back({st.lo - half, 0, st.k, 0});
                w.corners.push_back({st.hi + half, 0, 0, st.k});
            }
            for (const auto& [p, q] : w.free) {
                w.corners.push_back({p, 0, 0, 0});
                w.corners.push_back({q, 0, 0, 0});
            }
            if (pref > lo && pref < hi) w.corners.push_back({pref, 0, 0, 0});
            std::sort(w.corners.begin(), w.corners.end(), [](const Corner& x, const Corner& y) { return x.at < y.at; });
            double value = 0, slope = 0, stepped = 0, at = -kInf;
            std::size_t fi = 0;
            for (std::size_t k = 0; k < w.corners.size();) {
                const double x = w.corners[k].at;
                if (at > -kInf) value += slope * (x - at);
                at = x;
                std::size_t end = k;
                for (; end < w.corners.size() && w.corners[end].at == x; ++end) stepped -= w.corners[end].leave;
                while (fi < w.free.size() && w.free[fi].second < x) ++fi;
                if (fi < w.free.size() && w.free[fi].first <= x) {
                    const double cost = base + centre * std::abs(x - pref) + value + stepped;
                    if (cost < best.cost - 1e-9 ||
                        (cost < best.cost + 1e-9 && best.mode == mode && std::abs(x - pref) < std::abs(best.s - pref)))
                        best = {cost, x, static_cast<LabelForm>(form), lift, mode};
                }
                for (; k < end; ++k) {
                    stepped += w.corners[k].enter;
                    slope += w.corners[k].slope;
                }
            }
        }
    }
}

// The cheapest free place for an arrow's label: along its arrow, or else level at its start or
// end; cost infinite when there is none. With `fixed`, only the place it names.
Choice LabelPlacer::choose(std::size_t arrow, const Choice* fixed) {
    const ArrowRow& a = m_layout.arrows()[arrow];
    const auto [p0, p1] = line(a);
    const Frame f(p0, p1);
    double widest = 0;
    for (double w : m_labels[arrow].width) widest = std::max(widest, w);
    const double reach = m_space.offset + 2 * (m_space.label_h + 2 * m_space.clearance) + m_space.label_h +
                         2 * m_space.clearance + m_space.cross_reach;
    Choice best;

    if (!fixed || fixed->mode == Mode::Along) {
        // Along a long arrow, only near its middle: what lies around there.
        const double mid = f.s(a.lost ? 0.55 : 0.5);
        const double s_lo = f.length > kLongArrow ? mid - kLongReach : 0;
        const double s_hi = f.length > kLongArrow ? mid + kLongReach : f.length * (a.lost ? 1.15 : 1);
        double top = kInf, bottom = -kInf;
        for (double s : {s_lo - widest / 2, s_hi + widest / 2})
            for (double v : {-reach, reach}) {
                const Vec p = f.out({s, v});
                top = std::min(top, p.y);
                bottom = std::max(bottom, p.y);
            }
        gather(arrow, top - m_space.clearance, bottom + m_space.clearance, m_near);
        toFrame(m_near, f, m_frame);
        const std::vector<Lift> options = fixed ? std::vector<Lift>{fixed->lift} : lifts(a, f);
        chooseIn(
            arrow, m_frame, options, Mode::Along, kCentreWeight / f.length,
            [&](double width, const Lift& lift) {
                const auto [v0, v1] = bandOf(lift);
                Range r = alongRange(a, f, width, v0, v1);
                // A leader line starts on the arrow itself (not past a lost one's cross).
                if (lift.leader) r = {std::max(r.first, 0.0), std::min(r.second, f.length)};
                return r;
            },
            [mid](double) { return mid; }, fixed, best);
    }
    // Level beside a lifeline: above the arrow's start, reaching toward the receiver, or (for an
    // arrow that arrived) below its head, reaching back toward the sender.
    const bool rightward = p1.x > p0.x;
    if (!fixed && !m_level_everywhere && !m_crowded[arrow]) return best;
    for (Mode mode : {Mode::AtStart, Mode::AtEnd}) {
        if (fixed ? fixed->mode != mode : best.cost <= levelLift(mode).cost) continue;
        if (mode == Mode::AtEnd && a.lost) continue;
        const Vec at = mode == Mode::AtStart ? p0 : p1;
        const bool toward = mode == Mode::AtStart ? rightward : !rightward;
        const double top = at.y - m_space.offset - m_space.label_h - 2 * m_space.clearance - m_space.head;
        const double bottom = at.y + m_space.offset + m_space.label_h + 2 * m_space.clearance + m_space.head;
        gather(arrow, top, bottom, m_near_ends);
        const Frame lf = level(at);
        toFrame(m_near_ends, lf, m_frame);
        const Lift lift = levelLift(mode);
        chooseIn(
            arrow, m_frame, std::span<const Lift>(&lift, 1), mode, kLevelWeight,
            [&](double width, const Lift&) { return levelRange(toward, width); },
            [&](double width) {
                const Range r = levelRange(toward, width);
                return toward ? r.first : r.second;   // as near the lifeline as it may be
            },
            fixed, best);
    }
    return best;
}

// What keeps a label from its usual place (full, above its arrow, near the middle): the arrows
// whose labels or crosses are there.
std::vector<std::uint32_t> LabelPlacer::blockersOf(std::size_t arrow) const {
    const ArrowRow& a = m_layout.arrows()[arrow];
    const auto [p0, p1] = line(a);
    const Frame f(p0, p1);
    const double c = m_space.clearance;
    const auto [v0, v1] = bandOf(Lift{});
    double w = 0;
    for (double x : m_labels[arrow].width)
        if (x > 0) {
            w = x;
            break;
        }
    const auto [lo, hi] = alongRange(a, f, w, v0, v1);
    const double at = std::clamp(f.s(a.lost ? 0.55 : 0.5), lo, hi);
    std::vector<std::uint32_t> in_middle, anywhere;
    InFrame near;
    toFrame(m_near, f, near);
    for (std::size_t k = 0; k < near.hard.size(); ++k) {
        if (m_near.owner[k] < 0 || static_cast<std::size_t>(m_near.owner[k]) == arrow) continue;
        const Span sp = clip(near.hard[k], v0 - c, v1 + c);
        if (sp.empty()) continue;
        const double p = sp.lo - c - w / 2, q = sp.hi + c + w / 2;
        if (q <= lo || p >= hi) continue;
        anywhere.push_back(static_cast<std::uint32_t>(m_near.owner[k]));
        if (p < at && at < q) in_middle.push_back(static_cast<std::uint32_t>(m_near.owner[k]));
    }
    return in_middle.empty() ? anywhere : in_middle;
}

Quad LabelPlacer::shapeOf(const Frame& f, double s, double width, const Lift& lift) const {
    const auto [v0, v1] = bandOf(lift);
    Quad q{{f.out({s - width / 2, v0}), f.out({s + width / 2, v0}), f.out({s + width / 2, v1}),
            f.out({s - width / 2, v1})}};
    q.top = std::min({q.p[0].y, q.p[1].y, q.p[2].y, q.p[3].y});
    q.bottom = std::max({q.p[0].y, q.p[1].y, q.p[2].y, q.p[3].y});
    return q;
}

void LabelPlacer::settle(std::size_t arrow, const LabelPlacement& at, const Quad& shape) {
    m_at[arrow] = at;
    m_shapes[arrow] = shape;
    m_done[arrow] = 1;
    m_placed.insert(static_cast<std::uint32_t>(arrow), shape);
    m_hang = std::max(m_hang, shape.bottom - now(m_layout.arrows()[arrow].y1));
}

bool LabelPlacer::tryPlace(std::size_t arrow, const Choice* fixed, std::vector<std::uint32_t>* blockers) {
    const Choice best = choose(arrow, fixed);
    if (best.cost == kInf) {
        if (blockers) {
            if (fixed) static_cast<void>(choose(arrow, nullptr));   // what is around it, in m_near
            *blockers = blockersOf(arrow);
        }
        return false;
    }
    const auto [p0, p1] = line(m_layout.arrows()[arrow]);
    const double width = m_labels[arrow].width[static_cast<std::size_t>(best.form)];
    LabelPlacement at;
    at.form = best.form;
    at.lift = static_cast<float>(best.lift.lift);
    at.leader = best.lift.leader;
    at.below = best.lift.below;
    m_choice[arrow] = best;
    if (best.mode == Mode::Along) {
        const Frame f(p0, p1);
        at.u = static_cast<float>(f.u(best.s));
        settle(arrow, at, shapeOf(f, best.s, width, best.lift));
        return true;
    }
    // Level beside a lifeline: the label's middle, in the scene.
    const Vec p = best.mode == Mode::AtStart ? p0 : p1;
    const Frame lf = level(p);
    const auto [v0, v1] = bandOf(best.lift);
    at.u = best.mode == Mode::AtStart ? 0.f : 1.f;
    at.lift = 0;
    at.below = false;
    at.level = true;
    at.x = static_cast<float>(p.x + best.s);
    at.y = static_cast<float>(p.y + (v0 + v1) / 2);
    settle(arrow, at, shapeOf(lf, best.s, width, best.lift));
    return true;
}

// No room along its arrow, nor beside its ends: a row of its own just below the arrow's end, the
// label level in it, a leader line up to the arrow. Nothing placed before reaches into the row
// (what is there is measured, and crosses and boxes reach no further than `marks`), and
// everything after either moves down with the widening or looks for its own place around it.
void LabelPlacer::placeLevel(std::size_t arrow) {
    const ArrowRow& a = m_layout.arrows()[arrow];
    const LabelSpace& sp = m_space;
    // The longest form: the row has room for it.
    std::size_t form = 0;
    for (std::size_t k = 0; k < kLabelForms; ++k)
        if (m_labels[arrow].width[k] > 0) {
            form = k;
            break;
        }
    const double w = std::max(m_labels[arrow].width[form], 1.0);
    const auto [p0, p1] = line(a);
    const double left = sp.x_a + sp.lifeline_margin + w / 2, right = sp.x_b - sp.lifeline_margin - w / 2;
    double x = a.lost ? p1.x : p1.x > p0.x ? right : left;   // under the arrow's end
    const bool inside = left <= right;
    x = inside ? std::clamp(x, left, right) : (sp.x_a + sp.x_b) / 2;

    const double top = a.y1 + m_shift.back();   // where the new row begins, in today's coordinates
    // Crosses and gap words above and below reach this far into the row; boxes too, if the label
    // is wider than the lifelines leave room for.
    const double marks = std::max({sp.cross_reach, sp.gap_h / 2, inside ? 0.0 : sp.box_h / 2});
    // Labels placed before may hang below their arrows' ends into it, or lie wholly in it.
    double hanging = 0;
    m_placed.forNear(top, top + m_hang, [&](std::uint32_t j) {
        const Quad& q = m_shapes[j];
        const double ql = std::min({q.p[0].x, q.p[1].x, q.p[2].x, q.p[3].x});
        const double qr = std::max({q.p[0].x, q.p[1].x, q.p[2].x, q.p[3].x});
        if (qr > x - w / 2 - sp.clearance && ql < x + w / 2 + sp.clearance) hanging = std::max(hanging, q.bottom - top);
    });
    const double above = std::max(hanging, marks) + sp.clearance;
    const double below = sp.clearance + marks + 1;
    const double height = above + sp.label_h + below;
    m_below.push_back(a.y1);
    m_shift.push_back(m_shift.back() + height);

    const double y = top + above + sp.label_h / 2;
    // The leader goes up from near the end of the label under the arrow's end, short of the cross.
    const double toward = p1.x > p0.x ? 1 : -1;
    const double inset = std::min(24.0, w / 4);
    double xl = a.lost ? p1.x - toward * (sp.cross_reach + 6) : x + toward * (w / 2 - inset);
    xl = std::clamp(xl, x - w / 2 + inset, x + w / 2 - inset);
    const double dx = p1.x - p0.x;
    LabelPlacement at;
    at.u = static_cast<float>(std::clamp(std::abs(dx) > 1e-9 ? (xl - p0.x) / dx : 1.0, 0.0, 1.0));
    at.form = static_cast<LabelForm>(form);
    at.leader = true;
    at.level = true;
    at.x = static_cast<float>(x);
    at.y = static_cast<float>(y);
    settle(arrow, at, rect(x - w / 2, y - sp.label_h / 2, x + w / 2, y + sp.label_h / 2));
}

bool LabelPlacer::placeAll(std::vector<std::pair<std::uint32_t, std::uint32_t>>* blockers) {
    const std::size_t n = m_labels.size();
    // The most constrained first (lost segments, then those with more to say), top to bottom
    // within a rank.
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return m_labels[x].rank < m_labels[y].rank; });
    bool all = true;
    std::vector<std::uint32_t> in_way;
    for (std::uint32_t i : order) {
        if (m_done[i] || tryPlace(i, nullptr, blockers ? &in_way : nullptr)) continue;
        all = false;
        if (blockers)
            for (std::uint32_t j : in_way) blockers->emplace_back(i, j);
    }
    return all;
}

LabelPlacer::Kept LabelPlacer::keep(double top, double bottom, double shift) const {
    return {m_at, m_shapes, m_choice, m_done, top, bottom, shift};
}

void LabelPlacer::reuse(const Kept& kept, const DiagramLayout& before) {
    const auto& arrows = before.arrows();
    for (std::size_t i = 0; i < arrows.size(); ++i) {
        if (!kept.done[i]) continue;
        const ArrowRow& a = arrows[i];
        const Quad& q = kept.shapes[i];
        if (a.y1 < kept.top && q.bottom < kept.top) {
            settle(i, kept.at[i], q);
        } else if (a.y0 > kept.bottom && q.top > kept.bottom) {
            LabelPlacement at = kept.at[i];
            if (at.level) at.y += static_cast<float>(kept.shift);
            Quad moved = q;
            for (Vec& p : moved.p) p.y += kept.shift;
            moved.top += kept.shift;
            moved.bottom += kept.shift;
            settle(i, at, moved);
        } else {
            continue;
        }
        m_choice[i] = kept.choice[i];
    }
}

void LabelPlacer::placeInRows() {
    const std::size_t n = m_labels.size();
    const std::vector<Choice> first = m_choice;
    const std::vector<char> placed = m_done;
    m_placed.clear();
    m_done.assign(n, 0);
    m_hang = 0;
    m_level_everywhere = true;
    for (std::uint32_t i : m_by_end) {
        if (placed[i] && tryPlace(i, &first[i])) continue;
        if (!tryPlace(i, nullptr)) placeLevel(i);
    }
}

LabelLayout LabelPlacer::finish(std::size_t widened) {
    std::vector<Widening> rows;
    for (std::size_t k = 0; k < m_below.size(); ++k) rows.push_back({m_below[k], m_shift[k + 1] - m_shift[k]});
    m_layout.widen(rows);
    LabelLayout out;
    out.widened = widened + rows.size();
    out.level = rows.size();
    const auto& arrows = m_layout.arrows();
    for (std::size_t i = 0; i < arrows.size(); ++i)
        out.reach = std::max({out.reach, arrows[i].y0 - m_shapes[i].top, m_shapes[i].bottom - arrows[i].y1});
    out.placements = std::move(m_at);
    return out;
}

}  // namespace

LabelLayout placeLabels(DiagramLayout& layout, std::span<const LabelRequest> labels, const LabelSpace& space) {
    if (labels.size() != layout.arrows().size()) return {};
    const DiagramLayout base = layout;
    // How many arrows are in flight at a height: a row widened there makes them all steeper.
    std::vector<double> starts, ends;
    for (const ArrowRow& a : base.arrows()) {
        starts.push_back(a.y0);
        ends.push_back(a.y1);
    }
    std::sort(starts.begin(), starts.end());
    std::sort(ends.begin(), ends.end());
    auto inFlight = [&](double y) {
        return (std::lower_bound(starts.begin(), starts.end(), y) - starts.begin()) -
               (std::upper_bound(ends.begin(), ends.end(), y) - ends.begin());
    };
    std::vector<char> crowded(base.arrows().size());
    for (std::size_t i = 0; i < crowded.size(); ++i) crowded[i] = inFlight(base.arrows()[i].y0 + 1e-3) > kStretchable;
    // Where labels stand in each other's way and few arrows are in flight, a row is widened
    // between their arrows (above the later one's send) and all are placed again; a few times,
    // then whatever still has no room gets a row of its own.
    constexpr int kRounds = 6;
    std::vector<Widening> rows;
    const double row = space.label_h + 2 * space.clearance;
    std::optional<LabelPlacer::Kept> kept;
    DiagramLayout before;
    for (int round = 0;; ++round) {
        if (round > 0) {
            before = std::move(layout);
            layout = base;
            layout.widen(rows);
        }
        LabelPlacer placer(layout, labels, space, crowded);
        if (kept) placer.reuse(*kept, before);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> blockers;
        const bool last = round == kRounds;
        if (placer.placeAll(last ? nullptr : &blockers)) return placer.finish(rows.size());
        // A row just above the later send of the two, in the trace's own heights (a pair still
        // in each other's way gets another the next round).
        std::vector<Widening> at;
        for (const auto& [mine, theirs] : blockers) {
            const double y = std::max(base.arrows()[mine].y0, base.arrows()[theirs].y0) - 1e-3;
            if (inFlight(y) <= kStretchable) at.push_back({y, row});
        }
        if (at.empty()) {
            placer.placeInRows();
            return placer.finish(rows.size());
        }
        std::sort(at.begin(), at.end(), [](const Widening& x, const Widening& y) { return x.below < y.below; });
        std::vector<Widening> merged;
        for (const Widening& w : at) {
            if (merged.empty() || w.below - merged.back().below >= 0.5) merged.push_back(w);
        }
        // What this round placed clear of the new rows stays for the next: they move nothing
        // above the first, and all below the last alike.
        auto now = [&rows](double y) {
            double shift = 0;
            for (const Widening& w : rows)
                if (w.below < y) shift += w.height;
            return y + shift;
        };
        double added = 0;
        for (const Widening& w : merged) added += w.height;
        kept = placer.keep(now(merged.front().below), now(merged.back().below), added);
        rows.insert(rows.end(), merged.begin(), merged.end());
        std::stable_sort(rows.begin(), rows.end(),
                         [](const Widening& x, const Widening& y) { return x.below < y.below; });
    }
}

}  // namespace tcpviz::ui
