#include "ui/views/diagram_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <tuple>

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

    // A capture has one timestamp per packet, taken at the capture point: each segment is drawn
    // level, at that moment, on a row of its own across both lifelines (as Wireshark's flow
    // graph draws them), not slanted by a delay nobody measured.
    const bool captured = t.capture != nullptr;
    double packet_y = kNone;      // a capture's last row
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
            // A capture's next row keeps a row's room below the break for its label, which
            // would otherwise be pushed under the arrow, onto the next row's.
            if (captured) packet_y = std::max(packet_y, y);
        } else if (gap > 0) {
            y += px(gap);
        }
        previous = e.time;

        const std::size_t s = core::idx(e.endpoint);
        double at = std::max(y, side_y[s]);
        switch (e.kind) {
            case EventKind::Send:
                at = std::max(at, out_y[s] + p.arrow_spacing);
                if (captured) {
                    at = std::max({at, packet_y + p.arrow_spacing, side_y[1 - s]});
                    packet_y = at;
                }
                out_y[s] = at;
                send_y[e.segment - 1] = at;
                ++in_flight;
                break;
            case EventKind::Arrive: {
                // Never less slanted than the delay: the segment left at send_y.
                const core::SegmentRecord& r = t.segment(e.segment);
                at = std::max({at, in_y[s] + p.arrow_spacing, send_y[e.segment - 1] + px(e.time - r.sent_at)});
                if (captured) at = send_y[e.segment - 1];   // level: the one moment it was seen
                in_y[s] = at;
                if (e.notice != core::Notice::None) {
                    at = std::max({at, note_y[s] + p.note_spacing, box_y[s] + p.stack_spacing});
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
                at = std::max({at, box_y[s] + p.box_spacing, note_y[s] + p.stack_spacing});
                box_y[s] = at;
                break;
            case EventKind::Call:
                at = std::max({at, note_y[s] + p.note_spacing, box_y[s] + p.stack_spacing});
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
    indexSpans();
}

void DiagramLayout::indexSpans() {
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
    // The rows come in time order, so the widening that applies is most often the one before's
    // or the next: looked at first, before a binary search (the same index either way).
    struct Map {
        const std::vector<double>& below;
        const std::vector<double>& shift;
        std::size_t k = 0;
        double operator()(double y) {
            auto fits = [&](std::size_t i) {
                return (i == 0 || below[i - 1] < y) && (i == below.size() || below[i] >= y);
            };
            if (fits(k)) return y + shift[k];
            if (k < below.size() && fits(k + 1))
                ++k;
            else
                k = static_cast<std::size_t>(std::lower_bound(below.begin(), below.end(), y) - below.begin());
            return y + shift[k];
        }
    };
    Map f{below, shift}, g{below, shift};
    for (double& y : m_event_y) y = f(y);
    double lowest = 0;
    for (std::size_t i = 0; i < m_event_y.size(); ++i) m_bottom[i] = lowest = std::max(lowest, m_event_y[i]);
    m_height = f(m_height);
    if (m_horizon_y) m_horizon_y = f(*m_horizon_y);
    for (ArrowRow& r : m_arrows) {
        r.y0 = f(r.y0);
        r.y1 = g(r.y1);
    }
    for (BoxRow& r : m_boxes) r.y = f(r.y);
    for (NoteRow& r : m_notes) r.y = f(r.y);
    for (TimerRow& r : m_timers) {
        r.y0 = f(r.y0);
        r.y1 = g(r.y1);
    }
    // A break keeps its height: nothing happens inside it, so room made at its top goes above it.
    for (BreakRow& r : m_breaks) {
        const double height = r.y1 - r.y0;
        r.y1 = f(r.y1);
        r.y0 = r.y1 - height;
    }
    // f keeps every order and every tie, so the rows sorted by y stay sorted as they were; only
    // which spans are long changes.
    indexSpans();
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
// Labels in a crowd (arrows sent where more are in flight) that find no room are placed again by
// the pass in rows (placeInRows), and with them most of the labels around them. So once many have
// found none (kCrowdGivesUp, or one label in kCrowdGivesUpShare if that is more), the rest of the
// crowd is left to that pass rather than placed twice. Where only a few find none, the others
// keep the places their ranks gave them.
constexpr std::size_t kCrowdGivesUp = 64, kCrowdGivesUpShare = 50;
constexpr double kRowCost = 150;          // a row further from its arrow, on a leader line
// Along an arrow longer than this, a label keeps within kLongReach of its middle.
constexpr double kLongArrow = 1000, kLongReach = 420;
// Arrows longer than this count only near their ends for the cost of covering them: where so
// many cross that they pass by the hundred, every place covers about as much of them.
constexpr double kSoftSpan = 1500;

// Follows a PlaceControl: the cancel flag is looked at every kEvery labels (a relaxed load), and
// the count shown only ever grows, though a later pass starts counting again from nothing.
class Progress {
public:
    static constexpr std::size_t kEvery = 256;
    explicit Progress(const PlaceControl& control) : m_control(control) {}
    // One more label handled; `placed` of the current pass have a place. False once cancelled.
    bool step(std::size_t placed) { return ++m_ticks % kEvery != 0 || poll(placed); }
    bool poll(std::size_t placed) {
        if (m_control.placed && placed > m_shown) {
            m_shown = placed;
            m_control.placed->store(placed, std::memory_order_relaxed);
        }
        if (m_control.cancel && m_control.cancel->load(std::memory_order_relaxed)) m_cancelled = true;
        return !m_cancelled;
    }
    [[nodiscard]] bool cancelled() const { return m_cancelled; }

private:
    const PlaceControl& m_control;
    std::size_t m_ticks = 0, m_shown = 0;
    bool m_cancelled = false;
};

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

// Rows widened in a layout, in order: where each is (in the heights before), and the sum of the
// heights of those above it; so the heights after from the heights before, and back.
struct Rows {
    std::vector<double> below, shift{0};
    void add(double at, double height) {
        below.push_back(at);
        shift.push_back(shift.back() + height);
    }
    // (Below the last row, as most asked for while rows are added top to bottom, at once.)
    [[nodiscard]] double now(double y) const {
        if (below.empty() || y > below.back()) return y + shift.back();
        const auto k = static_cast<std::size_t>(std::lower_bound(below.begin(), below.end(), y) - below.begin());
        return y + shift[k];
    }
    // A height inside a widened row goes back to where the row was made.
    [[nodiscard]] double original(double y) const {
        if (below.empty() || y > below.back() + shift.back()) return y - shift.back();
        // Row k spans (below[k] + shift[k], below[k] + shift[k + 1]] now.
        std::size_t lo = 0, hi = below.size();
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (below[mid] + shift[mid + 1] < y)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == below.size()) return y - shift[lo];
        return y > below[lo] + shift[lo] ? below[lo] : y - shift[lo];
    }
};

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

// The few lifts a label may take along its arrow, without a heap allocation per label.
struct Lifts {
    std::array<Lift, 5> at{};
    std::size_t n = 0;
    void push(const Lift& l) { at[n++] = l; }
    [[nodiscard]] std::span<const Lift> all() const { return {at.data(), n}; }
};

// Which labels of a crowd found no room, and whether the rest of the crowd is left to placeInRows.
struct Crowd {
    explicit Crowd(std::size_t labels)
        : failed(labels, 0), limit(std::max(kCrowdGivesUp, labels / kCrowdGivesUpShare)) {}
    void fail(std::size_t label) {
        if (failed[label]) return;
        failed[label] = 1;
        left = ++count >= limit;
    }
    std::vector<char> failed;
    std::size_t count = 0, limit;
    bool left = false;
};

// What the rounds remember of each label that found no room. Until something changes around it,
// it finds none again and the same labels stand in its way, so it is not looked at again: most
// of those left over in a crowd would otherwise be tried, and fail, once a round. Changes are
// stamped on cells of the trace's own heights (the unwidened layout's): where a label is taken
// away or a row widened (it might find room then), and where a label is put (another may stand
// in its way then, though it still finds no room).
class Retries {
public:
    static constexpr double kCell = 96;
    Retries(double top, std::size_t labels) : m_top(top), m_failed(labels), m_kept(labels, 0) {}
    struct Failed {
        std::uint64_t at = 0;   // when it last found no room; 0: it found some
        double lo = 0, hi = 0;  // what that depended on
        std::vector<std::uint32_t> blockers;
    };
    Failed& failed(std::size_t label) { return m_failed[label]; }
    char& kept(std::size_t label) { return m_kept[label]; }   // kept from the round before (reuse)
    [[nodiscard]] std::uint64_t now() const { return m_clock; }
    void taken(std::pair<double, double> span) { mark(m_taken, span); }
    void put(std::pair<double, double> span) { mark(m_put, span); }
    // Whether nothing was taken away (and, with `puts`, put either) around it since it failed.
    [[nodiscard]] bool unchanged(const Failed& f, bool puts) const {
        return f.at > 0 && since(m_taken, f) && (!puts || since(m_put, f));
    }

private:
    [[nodiscard]] std::size_t cell(double y) const {
        return y <= m_top ? 0 : static_cast<std::size_t>((y - m_top) / kCell);
    }
    void mark(std::vector<std::uint64_t>& cells, std::pair<double, double> span) {
        ++m_clock;
        const std::size_t hi = cell(span.second);
        if (hi >= cells.size()) cells.resize(hi + 1, 0);
        for (std::size_t c = cell(span.first); c <= hi; ++c) cells[c] = m_clock;
    }
    [[nodiscard]] bool since(const std::vector<std::uint64_t>& cells, const Failed& f) const {
        const std::size_t hi = std::min(cell(f.hi), cells.empty() ? 0 : cells.size() - 1);
        for (std::size_t c = cell(f.lo); c < cells.size() && c <= hi; ++c)
            if (cells[c] > f.at) return false;
        return true;
    }
    double m_top;
    std::uint64_t m_clock = 1;
    std::vector<std::uint64_t> m_taken, m_put;
    std::vector<Failed> m_failed;
    std::vector<char> m_kept;
};

class LabelPlacer {
public:
    // `crowded`: the arrows sent where so many are in flight that widening a row would make them
    // all steeper; only their labels are written level beside a lifeline before placeInRows.
    // `placed` is emptied and filled with what this placer places.
    LabelPlacer(DiagramLayout& layout, std::span<const LabelRequest> labels, const LabelSpace& space,
                const std::vector<char>& crowded, Progress& progress, PlacedLabels& placed);
    // For the rounds: `rows` are those `layout` was widened by (from the unwidened layout),
    // `retries` what the rounds remember, and `crowd` how the crowd fared.
    void remember(std::span<const Widening> rows, Retries& retries, Crowd& crowd);

    // Every label where it costs least, in `order` (the most constrained first). False if some
    // found no room, or were left to placeInRows, or when cancelled; then `blockers` (if given)
    // holds, for each that found none, the arrows whose labels or crosses stood in its way
    // (pairs: the label's arrow, the other's).
    bool placeAll(std::span<const std::uint32_t> order, std::vector<std::pair<std::uint32_t, std::uint32_t>>* blockers);
    // What a round placed, for the next one after rows were widened between `top` and `bottom`
    // (the first and the last new row, in that round's heights): the labels wholly above `top`
    // are where they were, those wholly below `bottom` (with their arrows) moved down by `shift`;
    // they keep their places, and only the others are placed again.
    struct Kept {
        std::vector<LabelPlacement> at;
        std::vector<Quad> shapes;
        std::vector<Choice> choice;
        std::vector<char> done;
        std::vector<std::pair<double, double>> spans;   // the shapes' heights, unwidened (remember)
        double top = 0, bottom = 0, shift = 0;
    };
    [[nodiscard]] Kept keep(double top, double bottom, double shift);
    void reuse(const Kept& kept, const DiagramLayout& before);
    // Again, top to bottom by where the arrows end, each keeping its place if it is still free,
    // else choosing again, else given a row of its own (placeLevel). Always succeeds, unless
    // cancelled.
    void placeInRows();
    LabelLayout finish(std::size_t widened);

private:
    const std::vector<char>& m_crowded;
    Progress& m_progress;
    std::size_t m_settled = 0;   // labels with a place in this pass
    bool m_level_everywhere = false;
    struct Segment {
        Vec p, q;
        double length = 0;
    };
    // Nearby things, in scene coordinates: first what a label may not touch (gather); the
    // arrows and heads it may cover, at a cost, only once some place is free (soft), since
    // most of the work is there and a label with no room needs none of it.
    struct Nearby {
        std::vector<Quad> hard;            // labels, crosses, boxes, the words of gaps
        std::vector<std::int64_t> owner;   // each one's arrow, or -1
        std::vector<Segment> arrows;
        std::vector<Quad> heads;
        std::size_t arrow = 0;             // whose label, and where (in the layout's own heights)
        double etop = 0, ebottom = 0;
        bool soft = false;                 // arrows and heads gathered
    };
    // ... and in the frame a label is written in.
    struct InFrame {
        std::vector<Shape> hard, heads;
        std::vector<Segment> arrows;
        bool soft = false;
    };
    struct Slope {
        double lo, hi, k;   // a cost of k per pixel of [lo, hi] under the label, or (a step) for meeting it
    };
    struct Corner {
        double at, slope, enter, leave;   // the cost's slope grows, a step begins or ends, here
    };
    struct Scratch {
        std::vector<std::pair<double, double>> hard, leader;
        std::array<std::vector<std::pair<double, double>>, kLabelForms> free;   // by form
        std::vector<Slope> covered, steps;
        std::vector<Corner> corners;
    };
    // Where, along a frame, a label of a given width (across the frame from v0 to v1) may have its middle.
    using Range = std::pair<double, double>;

    // y now, with the rows widened so far (placeLevel); and back.
    [[nodiscard]] double now(double y) const { return m_rows.now(y); }
    [[nodiscard]] double original(double y) const { return m_rows.original(y); }
    [[nodiscard]] std::pair<Vec, Vec> line(const ArrowRow& a) const {
        const double xs = a.from == core::Side::A ? m_space.x_a : m_space.x_b;
        const double xr = a.from == core::Side::A ? m_space.x_b : m_space.x_a;
        return {Vec{xs, now(a.y0)}, Vec{a.lost ? (xs + xr) / 2 : xr, now(a.y1)}};
    }
    [[nodiscard]] Lifts lifts(const ArrowRow& a, const Frame& f) const;
    void gather(std::size_t arrow, double top, double bottom, Nearby& out);
    void soft(Nearby& near) const;
    static void toFrame(const Nearby& near, const Frame& f, InFrame& out);
    static void toFrameSoft(const Nearby& near, const Frame& f, InFrame& out);
    [[nodiscard]] Range alongRange(const ArrowRow& a, const Frame& f, double width, double v0, double v1) const;
    [[nodiscard]] Range levelRange(bool rightward, double width) const;
    // rangeOf(width, lift) says where a label's middle may be, and prefOf(width) where it would rather be.
    template <typename RangeOf, typename PrefOf>
    void chooseIn(std::size_t arrow, Nearby& near, const Frame& f, InFrame& in, std::span<const Lift> lifts,
                  Mode mode, double centre, RangeOf rangeOf, PrefOf prefOf, const Choice* fixed, Choice& best);
    [[nodiscard]] Choice choose(std::size_t arrow, const Choice* fixed);
    // Where choose() looks for a label along its arrow (scene heights, top and bottom).
    [[nodiscard]] std::pair<double, double> alongWindow(std::size_t arrow) const;
    // In the unwidened layout's heights.
    [[nodiscard]] std::pair<double, double> unwidened(double top, double bottom) const {
        return {m_round.original(top), m_round.original(bottom)};
    }
    // One label in a round, remembering (see Retries): false if it found no room.
    bool placeRemembering(std::size_t arrow, std::vector<std::uint32_t>* blockers);
    // Whether a label still fits where `at` put it (what choose(arrow, &at) finds, for less: only
    // what is around that one place is looked at).
    [[nodiscard]] bool fits(std::size_t arrow, const Choice& at);
    [[nodiscard]] std::vector<std::uint32_t> blockersOf(std::size_t arrow);
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
    // Where a choice puts a label: its outline in the scene, and (if asked) the placement.
    Quad placement(std::size_t arrow, const Choice& best, LabelPlacement* at) const;
    void placeLevel(std::size_t arrow);
    void settle(std::size_t arrow, const LabelPlacement& at, const Quad& shape);

    DiagramLayout& m_layout;
    std::span<const LabelRequest> m_labels;
    LabelSpace m_space;
    PlacedLabels& m_placed;   // the caller's, so that its buckets keep their room from round to round
    std::vector<Quad> m_shapes;
    std::vector<LabelPlacement> m_at;
    std::vector<Choice> m_choice;           // how each was placed, to try again as it was
    std::vector<char> m_done;
    Rows m_rows;   // rows widened here (placeLevel), in the layout's own heights
    // With remember(): the rows the layout was widened by, the memory of the rounds, the heights
    // each label's shape spans in the unwidened layout, and what the last choose() looked at.
    Rows m_round;
    Retries* m_retries = nullptr;
    Crowd* m_crowd = nullptr;
    const Kept* m_before = nullptr;
    std::vector<std::pair<double, double>> m_spans;
    double m_looked_top = 0, m_looked_bottom = 0;
    std::span<const std::uint32_t> m_by_end;   // arrows by where they end (the layout's arrowsByEnd)
    std::vector<std::uint32_t> m_lost;         // the lost ones among them, in that order
    static constexpr std::size_t kBlock = 32;
    std::vector<double> m_block_start;         // the earliest start in each block of kBlock of them
    double m_span = 0;                      // the longest of them up to kSoftSpan
    double m_hang = 0;                      // how far below its arrow's end a label reaches, at most
    Nearby m_near, m_near_ends;
    InFrame m_frame;
    Scratch m_scratch;
};

LabelPlacer::LabelPlacer(DiagramLayout& layout, std::span<const LabelRequest> labels, const LabelSpace& space,
                         const std::vector<char>& crowded, Progress& progress, PlacedLabels& placed)
    : m_crowded(crowded), m_progress(progress),
      m_layout(layout), m_labels(labels), m_space(space), m_placed(placed),
      m_shapes(labels.size()), m_at(labels.size()), m_choice(labels.size()), m_done(labels.size(), 0),
      m_by_end(layout.arrowsByEnd()) {
    m_placed.clear();
    const auto& arrows = m_layout.arrows();
    for (const ArrowRow& a : arrows) {
        const double span = a.y1 - a.y0;
        if (span <= kSoftSpan) m_span = std::max(m_span, span);
    }
    m_block_start.assign((m_by_end.size() + kBlock - 1) / kBlock, kInf);
    for (std::size_t k = 0; k < m_by_end.size(); ++k) {
        const std::uint32_t i = m_by_end[k];
        if (arrows[i].lost) m_lost.push_back(i);
        double& start = m_block_start[k / kBlock];
        start = std::min(start, arrows[i].y0);
    }
}

Lifts LabelPlacer::lifts(const ArrowRow& a, const Frame& f) const {
    const double row = m_space.label_h + 2 * m_space.clearance;
    // Above the arrow, as in a textbook; just high enough to pass over its own cross; below it
    // (where two arrows cross, each label on its own side); a row or two up, on a leader line.
    Lifts out;
    out.push({0, 0, false, false});
    if (a.lost) {
        const double r = m_space.cross_reach * (std::abs(f.along.x) + std::abs(f.along.y));
        const double lift = std::max(0.0, r + m_space.clearance - m_space.offset + 0.5);
        out.push({lift, lift, false, false});
    }
    out.push({0, kBelowCost, false, true});
    out.push({row, kRowCost, true, false});
    out.push({2 * row, 2.2 * kRowCost, true, false});
    return out;
}

// What a label may not touch in [top, bottom]: the crosses of lost arrows that end there, state
// boxes, the words of gaps, and the labels placed so far.
void LabelPlacer::gather(std::size_t arrow, double top, double bottom, Nearby& out) {
    out.hard.clear();
    out.owner.clear();
    out.arrows.clear();
    out.heads.clear();
    out.soft = false;
    const auto& arrows = m_layout.arrows();
    const double r = m_space.cross_reach;
    // In the layout's own heights: widening moves nothing into or out of the range.
    out.arrow = arrow;
    out.etop = original(top - r);
    out.ebottom = original(bottom + r);
    auto lost = std::lower_bound(m_lost.begin(), m_lost.end(), out.etop,
                                 [&arrows](std::uint32_t i, double y) { return arrows[i].y1 < y; });
    for (; lost != m_lost.end() && arrows[*lost].y1 <= out.ebottom; ++lost) {
        const Vec p1 = line(arrows[*lost]).second;
        out.hard.push_back(rect(p1.x - r, p1.y - r, p1.x + r, p1.y + r));
        out.owner.push_back(*lost);
    }
    const double bh = m_space.box_h / 2;
    auto box = [&](core::Side side, double y) {
        const double left = m_space.box_left[core::idx(side)];
        out.hard.push_back(rect(left, y - bh, left + m_space.box_w, y + bh));
        out.owner.push_back(-1);
    };
    m_layout.forBoxesIn(original(top - bh), original(bottom + bh), [&](const BoxRow& b) { box(b.side, now(b.y)); });
    if (m_space.note_h > 0) {
        // Notes stacked in the boxes' column (a small screen) are kept clear like the boxes.
        const double nh = m_space.note_h / 2, over = m_space.note_overhang;
        m_layout.forNotesIn(original(top - nh), original(bottom + nh), [&](const NoteRow& n) {
            const double left = m_space.box_left[core::idx(n.side)], y = now(n.y);
            out.hard.push_back(rect(left - over, y - nh, left + m_space.box_w + over, y + nh));
            out.owner.push_back(-1);
        });
    }
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

// What a label may cover at a cost, in the range gather() looked at: the other arrows that end
// there or pass by and are not too long, and their heads.
void LabelPlacer::soft(Nearby& out) const {
    if (out.soft) return;
    out.soft = true;
    const auto& arrows = m_layout.arrows();
    auto it = std::lower_bound(m_by_end.begin(), m_by_end.end(), out.etop,
                               [&arrows](std::uint32_t i, double y) { return arrows[i].y1 < y; });
    const double last = out.ebottom + m_span;
    for (auto k = static_cast<std::size_t>(it - m_by_end.begin()); k < m_by_end.size(); ++k) {
        // A block of arrows that all start below the range is passed over at once.
        if (k % kBlock == 0 && m_block_start[k / kBlock] > out.ebottom) {
            if (arrows[m_by_end[k]].y1 > last) break;
            k += kBlock - 1;
            continue;
        }
        const std::uint32_t i = m_by_end[k];
        const ArrowRow& b = arrows[i];
        if (b.y1 > last) break;
        const bool ends_here = b.y1 <= out.ebottom;
        if (b.y0 > out.ebottom || (!ends_here && b.y1 - b.y0 > kSoftSpan) || i == out.arrow) continue;
        const auto [p0, p1] = line(b);
        const Vec d = p1 - p0;
        const double length = std::hypot(d.x, d.y);
        out.arrows.push_back({p0, p1, length});
        if (!b.lost && ends_here) {
            const Vec base = p1 - d * (0.5 * m_space.head / std::max(length, 1e-9));
            const double h = 0.45 * m_space.head;
            out.heads.push_back(rect(base.x - h, base.y - h, base.x + h, base.y + h));
        }
    }
}

Shape inFrame(const Frame& f, const Quad& q) {
    Shape s{{f.in(q.p[0]), f.in(q.p[1]), f.in(q.p[2]), f.in(q.p[3])}};
    s.top = std::min({s.p[0].y, s.p[1].y, s.p[2].y, s.p[3].y});
    s.bottom = std::max({s.p[0].y, s.p[1].y, s.p[2].y, s.p[3].y});
    return s;
}

void LabelPlacer::toFrame(const Nearby& near, const Frame& f, InFrame& out) {
    out.hard.clear();
    out.heads.clear();
    out.arrows.clear();
    out.soft = false;
    for (const Quad& q : near.hard) out.hard.push_back(inFrame(f, q));
}

void LabelPlacer::toFrameSoft(const Nearby& near, const Frame& f, InFrame& out) {
    if (out.soft) return;
    out.soft = true;
    for (const Quad& q : near.heads) out.heads.push_back(inFrame(f, q));
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
void LabelPlacer::chooseIn(std::size_t arrow, Nearby& near, const Frame& f, InFrame& in,
                           std::span<const Lift> lifts, Mode mode, double centre, RangeOf rangeOf, PrefOf prefOf,
                           const Choice* fixed, Choice& best) {
    const LabelRequest& req = m_labels[arrow];
    const double h = m_space.label_h, c = m_space.clearance;
    Scratch& w = m_scratch;
    std::array<Range, kLabelForms> range{};
    for (const Lift& lift : lifts) {
        if (lift.cost >= best.cost) continue;
        const auto [v0, v1] = bandOf(lift);
        // Things in the label's band, across the frame, block the spans they meet (sorted once
        // here: each form only widens them alike).
        w.hard.clear();
        for (const Shape& q : in.hard) {
            const Span sp = clip(q, v0 - c, v1 + c);
            if (!sp.empty()) w.hard.emplace_back(sp.lo, sp.hi);
        }
        std::sort(w.hard.begin(), w.hard.end());
        // A leader line from the arrow to the label crosses no label and no cross.
        w.leader.clear();
        if (lift.leader)
            for (const Shape& q : in.hard) {
                const Span sp = lift.below ? clip(q, 0, v0) : clip(q, v1, 0);
                if (!sp.empty()) w.leader.emplace_back(sp.lo - 1, sp.hi + 1);
            }
        std::sort(w.leader.begin(), w.leader.end());

        // The free intervals of each form's range: what is left between the blocked spans.
        bool any = false;
        for (std::size_t form = 0; form < kLabelForms; ++form) {
            auto& free = w.free[form];
            free.clear();
            const double width = req.width[form];
            if (width <= 0 || (fixed && static_cast<std::size_t>(fixed->form) != form)) continue;
            if (lift.cost + kFormCost[form] >= best.cost) continue;
            const double half = width / 2;
            auto [lo, hi] = rangeOf(width, lift);
            if (fixed) {
                if (fixed->s < lo - 0.5 || fixed->s > hi + 0.5) continue;
                lo = hi = fixed->s;
            }
            if (lo > hi) continue;
            range[form] = {lo, hi};
            // The blocked spans in order: the hard ones widened by the label, merged with the
            // leader's.
            double from = lo;
            std::size_t a = 0, b = 0;
            while (a < w.hard.size() || b < w.leader.size()) {
                std::pair<double, double> next;
                const bool take_hard =
                    b == w.leader.size() ||
                    (a < w.hard.size() &&
                     std::pair{w.hard[a].first - c - half, w.hard[a].second + c + half} < w.leader[b]);
                if (take_hard) {
                    next = {w.hard[a].first - c - half, w.hard[a].second + c + half};
                    ++a;
                } else {
                    next = w.leader[b++];
                }
                const auto [p, q] = next;
                if (p >= hi) break;
                if (p >= from) free.emplace_back(from, p);   // a free place may touch a blocked span
                from = std::max(from, q);
            }
            if (from <= hi) free.emplace_back(from, hi);
            any |= !free.empty();
        }
        if (!any) continue;

        // Other arrows in the band cost by the length hidden, or (straight across) by the height.
        soft(near);
        toFrameSoft(near, f, in);
        w.covered.clear();
        w.steps.clear();
        for (const Segment& seg : in.arrows) {
            Span sp;
            double length = 0;
            clipInto(seg.p, seg.q, v0, v1, sp.lo, sp.hi, &length, seg.length);
            if (sp.empty() || length <= 0) continue;
            if (sp.hi - sp.lo > 0.5)
                w.covered.push_back({sp.lo, sp.hi, kCoverWeight * length / (sp.hi - sp.lo)});
            else
                w.steps.push_back({sp.lo, sp.hi, kCoverWeight * h});
        }
        for (const Shape& q : in.heads) {
            const Span sp = clip(q, v0, v1);
            if (!sp.empty()) w.steps.push_back({sp.lo, sp.hi, kHeadCost});
        }

        for (std::size_t form = 0; form < kLabelForms; ++form) {
            const auto& free = w.free[form];
            if (free.empty()) continue;
            const double base = lift.cost + kFormCost[form];
            if (base >= best.cost) continue;
            const double half = req.width[form] / 2, pref = prefOf(req.width[form]);
            const auto [lo, hi] = range[form];
            // Where the cost changes: each covered arrow's ramp up, plateau and ramp down; each
            // step's edges (it costs strictly inside them); the ends of the free intervals.
            w.corners.clear();
            const double first = free.front().first, last = free.back().second;
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
            for (const auto& [p, q] : free) {
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
                while (fi < free.size() && free[fi].second < x) ++fi;
                if (fi < free.size() && free[fi].first <= x) {
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

std::pair<double, double> LabelPlacer::alongWindow(std::size_t arrow) const {
    const ArrowRow& a = m_layout.arrows()[arrow];
    const auto [p0, p1] = line(a);
    const Frame f(p0, p1);
    double widest = 0;
    for (double w : m_labels[arrow].width) widest = std::max(widest, w);
    const double reach = m_space.offset + 2 * (m_space.label_h + 2 * m_space.clearance) + m_space.label_h +
                         2 * m_space.clearance + m_space.cross_reach;
    // Along a long arrow, only near its middle.
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
    return {top - m_space.clearance, bottom + m_space.clearance};
}

// The cheapest free place for an arrow's label: along its arrow, or else level at its start or
// end; cost infinite when there is none. With `fixed`, only the place it names.
Choice LabelPlacer::choose(std::size_t arrow, const Choice* fixed) {
    const ArrowRow& a = m_layout.arrows()[arrow];
    const auto [p0, p1] = line(a);
    const Frame f(p0, p1);
    Choice best;
    m_looked_top = std::min(p0.y, p1.y);
    m_looked_bottom = std::max(p0.y, p1.y);

    if (!fixed || fixed->mode == Mode::Along) {
        const double mid = f.s(a.lost ? 0.55 : 0.5);
        const auto [top, bottom] = alongWindow(arrow);
        m_looked_top = std::min(m_looked_top, top);
        m_looked_bottom = std::max(m_looked_bottom, bottom);
        gather(arrow, top, bottom, m_near);
        toFrame(m_near, f, m_frame);
        Lifts options;
        if (fixed)
            options.push(fixed->lift);
        else
            options = lifts(a, f);
        chooseIn(
            arrow, m_near, f, m_frame, options.all(), Mode::Along, kCentreWeight / f.length,
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
        m_looked_top = std::min(m_looked_top, top);
        m_looked_bottom = std::max(m_looked_bottom, bottom);
        gather(arrow, top, bottom, m_near_ends);
        const Frame lf = level(at);
        toFrame(m_near_ends, lf, m_frame);
        const Lift lift = levelLift(mode);
        chooseIn(
            arrow, m_near_ends, lf, m_frame, std::span<const Lift>(&lift, 1), mode, kLevelWeight,
            [&](double width, const Lift&) { return levelRange(toward, width); },
            [&](double width) {
                const Range r = levelRange(toward, width);
                return toward ? r.first : r.second;   // as near the lifeline as it may be
            },
            fixed, best);
    }
    return best;
}

bool LabelPlacer::fits(std::size_t arrow, const Choice& at) {
    const ArrowRow& a = m_layout.arrows()[arrow];
    if (at.mode == Mode::AtEnd && a.lost) return false;
    const double width = m_labels[arrow].width[static_cast<std::size_t>(at.form)];
    if (width <= 0) return false;
    const auto [p0, p1] = line(a);
    const Frame f = at.mode == Mode::Along ? Frame(p0, p1) : level(at.mode == Mode::AtStart ? p0 : p1);
    const Lift lift = at.mode == Mode::Along ? at.lift : levelLift(at.mode);
    const auto [v0, v1] = bandOf(lift);
    Range r;
    if (at.mode == Mode::Along) {
        r = alongRange(a, f, width, v0, v1);
        if (lift.leader) r = {std::max(r.first, 0.0), std::min(r.second, f.length)};
    } else {
        r = levelRange(at.mode == Mode::AtStart ? p1.x > p0.x : p1.x <= p0.x, width);
    }
    if (at.s < r.first - 0.5 || at.s > r.second + 0.5) return false;
    // Only what reaches the label and its clearance, or its leader line, can stand in its way.
    const double c = m_space.clearance, half = width / 2, s = at.s;
    const double across_lo = std::min(v0 - c, lift.leader ? 0.0 : v0 - c);
    const double across_hi = std::max(v1 + c, lift.leader ? 0.0 : v1 + c);
    double top = kInf, bottom = -kInf;
    for (double x : {s - half - c - 1, s + half + c + 1})
        for (double v : {across_lo - 1, across_hi + 1}) {
            const Vec p = f.out({x, v});
            top = std::min(top, p.y);
            bottom = std::max(bottom, p.y);
        }
    gather(arrow, top, bottom, m_near);
    for (const Quad& q : m_near.hard) {
        const Shape shape = inFrame(f, q);
        const Span sp = clip(shape, v0 - c, v1 + c);
        if (!sp.empty() && sp.lo - c - half < s && s < sp.hi + c + half) return false;
        if (lift.leader) {
            const Span ls = lift.below ? clip(shape, 0, v0) : clip(shape, v1, 0);
            if (!ls.empty() && ls.lo - 1 < s && s < ls.hi + 1) return false;
        }
    }
    return true;
}

// What keeps a label from its usual place (full, above its arrow, near the middle): the arrows
// whose labels or crosses are there (among what the last choose() gathered along the arrow).
std::vector<std::uint32_t> LabelPlacer::blockersOf(std::size_t arrow) {
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
    for (std::size_t k = 0; k < m_near.hard.size(); ++k) {
        if (m_near.owner[k] < 0 || static_cast<std::size_t>(m_near.owner[k]) == arrow) continue;
        const Span sp = clip(inFrame(f, m_near.hard[k]), v0 - c, v1 + c);
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
    ++m_settled;
    if (m_retries) m_spans[arrow] = unwidened(shape.top, shape.bottom);
    m_placed.insert(static_cast<std::uint32_t>(arrow), shape);
    m_hang = std::max(m_hang, shape.bottom - now(m_layout.arrows()[arrow].y1));
}

bool LabelPlacer::tryPlace(std::size_t arrow, const Choice* fixed, std::vector<std::uint32_t>* blockers) {
    // Where it was, only whether that place is still free matters: its cost is not looked at again.
    Choice best;
    if (fixed ? !fits(arrow, *fixed) : (best = choose(arrow, nullptr)).cost == kInf) {
        if (blockers) {
            if (fixed) static_cast<void>(choose(arrow, nullptr));   // what is around it, in m_near
            *blockers = blockersOf(arrow);
        }
        return false;
    }
    if (fixed) best = *fixed;
    m_choice[arrow] = best;
    LabelPlacement at;
    const Quad shape = placement(arrow, best, &at);
    settle(arrow, at, shape);
    return true;
}

Quad LabelPlacer::placement(std::size_t arrow, const Choice& best, LabelPlacement* out) const {
    const auto [p0, p1] = line(m_layout.arrows()[arrow]);
    const double width = m_labels[arrow].width[static_cast<std::size_t>(best.form)];
    LabelPlacement at;
    at.form = best.form;
    at.lift = static_cast<float>(best.lift.lift);
    at.leader = best.lift.leader;
    at.below = best.lift.below;
    if (best.mode == Mode::Along) {
        const Frame f(p0, p1);
        at.u = static_cast<float>(f.u(best.s));
        if (out) *out = at;
        return shapeOf(f, best.s, width, best.lift);
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
    if (out) *out = at;
    return shapeOf(lf, best.s, width, best.lift);
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

    const double top = a.y1 + m_rows.shift.back();   // where the new row begins, in today's coordinates
    // Crosses and gap words above and below reach this far into the row;
    // boxes and the notes stacked among them too, if the label is wider than the lifelines leave
    // room for.
    const double marks = std::max({sp.cross_reach, sp.gap_h / 2, inside ? 0.0 : std::max(sp.box_h / 2, sp.note_reach)});
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
    m_rows.add(a.y1, height);

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

bool LabelPlacer::placeAll(std::span<const std::uint32_t> order,
                           std::vector<std::pair<std::uint32_t, std::uint32_t>>* blockers) {
    bool all = true;
    std::vector<std::uint32_t> in_way;
    for (std::uint32_t i : order) {
        if (!m_progress.step(m_settled)) return false;
        if (m_done[i]) continue;
        const bool crowded = m_crowded[i] && m_crowd;
        if (crowded && m_crowd->left) {
            all = false;
            continue;
        }
        std::vector<std::uint32_t>* way = blockers ? &in_way : nullptr;
        if (m_retries ? placeRemembering(i, way) : tryPlace(i, nullptr, way)) continue;
        all = false;
        if (crowded) m_crowd->fail(i);
        if (blockers)
            for (std::uint32_t j : in_way) blockers->emplace_back(i, j);
    }
    return all;
}

// The same place (in its frame; its arrow may have moved down).
bool samePlace(const Choice& a, const Choice& b) {
    return a.mode == b.mode && a.form == b.form && a.s == b.s && a.lift.lift == b.lift.lift &&
           a.lift.leader == b.lift.leader && a.lift.below == b.lift.below;
}

bool LabelPlacer::placeRemembering(std::size_t i, std::vector<std::uint32_t>* blockers) {
    Retries& r = *m_retries;
    Retries::Failed& f = r.failed(i);
    if (r.unchanged(f, blockers != nullptr)) {   // no room, as before, and the same in its way
        if (blockers) *blockers = f.blockers;
        return false;
    }
    if (r.unchanged(f, false)) {
        // Still no room, with more around it (and blockers asked for, else the test above held):
        // what stands in its way now.
        const auto [top, bottom] = alongWindow(i);
        gather(i, top, bottom, m_near);
        *blockers = blockersOf(i);
        f.blockers = *blockers;
        f.at = r.now();
        return false;
    }
    const bool was = m_before && m_before->done[i];
    if (tryPlace(i, nullptr, blockers)) {
        f.at = 0;
        f.blockers.clear();
        if (!was || !samePlace(m_choice[i], m_before->choice[i])) {
            r.put(m_spans[i]);
            if (was) r.taken(m_before->spans[i]);
        }
        return true;
    }
    if (was) r.taken(m_before->spans[i]);
    f.at = r.now();
    // Labels are found by the bucket: those a little beyond what it looked at count too.
    std::tie(f.lo, f.hi) = unwidened(m_looked_top - PlacedLabels::kBucket, m_looked_bottom + PlacedLabels::kBucket);
    if (blockers)
        f.blockers = *blockers;
    else
        f.blockers.clear();
    return false;
}

void LabelPlacer::remember(std::span<const Widening> rows, Retries& retries, Crowd& crowd) {
    for (const Widening& w : rows) m_round.add(w.below, w.height);
    m_retries = &retries;
    m_crowd = &crowd;
    m_spans.assign(m_labels.size(), {0, 0});
}

LabelPlacer::Kept LabelPlacer::keep(double top, double bottom, double shift) {
    // The placer is done with: what it placed moves to the next round.
    return {std::move(m_at), std::move(m_shapes), std::move(m_choice), std::move(m_done), std::move(m_spans),
            top, bottom, shift};
}

void LabelPlacer::reuse(const Kept& kept, const DiagramLayout& before) {
    const auto& arrows = before.arrows();
    m_before = &kept;
    for (std::size_t i = 0; i < arrows.size(); ++i) {
        const bool now_kept = kept.done[i] && ((arrows[i].y1 < kept.top && kept.shapes[i].bottom < kept.top) ||
                                               (arrows[i].y0 > kept.bottom && kept.shapes[i].top > kept.bottom));
        if (m_retries) {
            // Kept now and not the round before, or the other way: others meet it or not.
            char& was_kept = m_retries->kept(i);
            if (now_kept && !was_kept) m_retries->put(kept.spans[i]);
            if (!now_kept && was_kept) m_retries->taken(kept.spans[i]);
            was_kept = now_kept;
        }
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
    m_settled = 0;
    m_hang = 0;
    m_level_everywhere = true;
    m_retries = nullptr;   // the rounds are over
    for (std::uint32_t i : m_by_end) {
        if (!m_progress.step(m_settled)) return;
        if (placed[i] && tryPlace(i, &first[i])) continue;
        if (!tryPlace(i, nullptr)) placeLevel(i);
    }
}

LabelLayout LabelPlacer::finish(std::size_t widened) {
    std::vector<Widening> rows;
    for (std::size_t k = 0; k < m_rows.below.size(); ++k)
        rows.push_back({m_rows.below[k], m_rows.shift[k + 1] - m_rows.shift[k]});
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

LabelLayout placeLabels(DiagramLayout& layout, std::span<const LabelRequest> labels, const LabelSpace& space,
                        const PlaceControl& control) {
    Progress progress(control);
    LabelLayout stopped;
    stopped.cancelled = true;
    if (!progress.poll(0)) return stopped;
    if (labels.size() != layout.arrows().size()) return {};
    DiagramLayout base = layout;
    auto done = [&](LabelLayout out) {
        if (control.placed) control.placed->store(labels.size(), std::memory_order_relaxed);
        return out;
    };
    auto cancelled = [&] {
        layout = std::move(base);
        return stopped;
    };
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
    Retries retries(std::min(space.initial_y, 0.0) - 1000, labels.size());
    Crowd crowd(labels.size());
    PlacedLabels placed(space.initial_y - 400, labels.size());
    // The most constrained first (lost segments, then those with more to say), top to bottom
    // within a rank.
    std::vector<std::uint32_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return labels[x].rank < labels[y].rank; });
    for (int round = 0;; ++round) {
        if (round > 0) {
            before = std::move(layout);
            layout = base;
            layout.widen(rows);
        }
        LabelPlacer placer(layout, labels, space, crowded, progress, placed);
        placer.remember(rows, retries, crowd);
        if (kept) placer.reuse(*kept, before);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> blockers;
        const bool last = round == kRounds;
        const bool all = placer.placeAll(order, last ? nullptr : &blockers);
        if (progress.cancelled()) return cancelled();
        if (all) return done(placer.finish(rows.size()));
        // A row just above the later send of the two, in the trace's own heights (a pair still
        // in each other's way gets another the next round).
        std::vector<Widening> at;
        for (const auto& [mine, theirs] : blockers) {
            const double y = std::max(base.arrows()[mine].y0, base.arrows()[theirs].y0) - 1e-3;
            if (inFlight(y) <= kStretchable) at.push_back({y, row});
        }
        if (at.empty()) {
            placer.placeInRows();
            if (progress.cancelled()) return cancelled();
            return done(placer.finish(rows.size()));
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
        for (const Widening& w : merged) {
            added += w.height;
            retries.taken({w.below, w.below});   // what crosses it is steeper now
        }
        kept = placer.keep(now(merged.front().below), now(merged.back().below), added);
        rows.insert(rows.end(), merged.begin(), merged.end());
        std::stable_sort(rows.begin(), rows.end(),
                         [](const Widening& x, const Widening& y) { return x.below < y.below; });
    }
}

}  // namespace tcpviz::ui
