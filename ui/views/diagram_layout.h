#pragma once
// The layout of the sequence diagram: a pure pass over a trace that gives every event a y
// (time flowing down), and the rows the diagram draws — arrows, state boxes, notes, timer
// brackets, folded gaps — each indexed by y so that painting a viewport costs a binary search
// plus the rows in it, however long the trace is.
//
// y is proportional to simulated time, with these exceptions:
//  - an idle gap (nothing in flight) longer than the fold threshold becomes a fixed-height break;
//  - rows that would land on each other (a burst of segments sent at the same instant, two
//    states entered at once) are pushed apart on their lifeline by a minimum spacing, so a burst
//    is drawn as parallel arrows, each with its own label, as if serialised onto the wire;
//  - an arrow never slants less than its delay says;
//  - where a label finds no room along its arrow, a row is widened for it (placeLabels).
// Each lifeline's events keep their order; the two lifelines line up again whenever nothing is
// in flight. No Qt, no fonts: x positions and the sizes of labels belong to the scene.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/trace/trace.h"

namespace tcpviz::ui {

struct LayoutParams {
    double px_per_ms = 2.0;                  // vertical scale of simulated time
    core::TimeUs fold_threshold = 250'000;   // idle gaps longer than this are folded ...
    double fold_height = 72;                 // ... into a break this tall
    double horizon_gap = 56;                 // at least this below the last event, the horizon's mark
    double arrow_spacing = 46;               // between arrow ends on one lifeline (room for a label)
    double box_spacing = 38;                 // between state boxes beside one lifeline
    double note_spacing = 32;                // between notes beside one lifeline
    // > 0: the notes share the state boxes' column (the compact geometry of a small screen), and
    // a note and a box beside one lifeline keep at least this far apart; 0: notes have a column
    // of their own, outside the boxes.
    double stack_spacing = 0;
    bool operator==(const LayoutParams&) const = default;
};

// A segment's flight: from its send (y0) to its arrival or drop (y1).
struct ArrowRow {
    double y0 = 0, y1 = 0;
    std::uint32_t event = 0;        // the arrive or drop event; the arrow shows from then on
    std::uint32_t send_event = 0;
    std::uint64_t segment = 0;
    core::Side from = core::Side::A;
    bool lost = false;              // ends half-way
    std::uint16_t copy = 0;         // > 0: a copy the link duplicated
};

// A state entered: a box beside the lifeline.
struct BoxRow {
    double y = 0;
    std::uint32_t event = 0;
    core::Side side = core::Side::A;
    core::State state = core::State::Closed;
};

// A small note on the outer side: an application call, or what an arrival signalled.
enum class NoteKind : std::uint8_t { Call, Notice };
struct NoteRow {
    double y = 0;
    std::uint32_t event = 0;
    core::Side side = core::Side::A;
    NoteKind kind = NoteKind::Call;
};

// A timer running: a bracket on the lifeline from its start to its stop, expiry or restart.
enum class TimerEnd : std::uint8_t { Stop, Expire, Restart, Open };
struct TimerRow {
    double y0 = 0, y1 = 0;
    std::uint32_t start_event = 0;
    std::uint32_t end_event = 0;    // == start_event when Open
    core::Side side = core::Side::A;
    core::TimerKind kind = core::TimerKind::Retransmission;
    TimerEnd end = TimerEnd::Open;
    core::TimeUs duration = 0;      // deadline - start
    std::uint8_t lane = 0;          // 0 next to the lifeline, 1 outside it, ...
};

// An idle gap folded into a break mark.
struct BreakRow {
    double y0 = 0, y1 = 0;
    core::TimeUs gap = 0;
    std::uint32_t event = 0;        // the first event after the gap
};

// Room made in the layout: everything lower than `below` moves down by `height`.
struct Widening {
    double below = 0;
    double height = 0;
};

class DiagramLayout {
public:
    DiagramLayout() = default;
    static DiagramLayout build(const core::Trace& t, const LayoutParams& p = {});
    // Makes room: every y lower than a widening's `below` moves down by its height (sorted by
    // `below`). Order, spacing and slant only grow, so every promise above still holds.
    void widen(std::span<const Widening> rows);

    [[nodiscard]] const LayoutParams& params() const { return m_params; }
    [[nodiscard]] double height() const { return m_height; }
    [[nodiscard]] double eventY(std::size_t event) const { return m_event_y.at(event); }
    [[nodiscard]] std::size_t eventCount() const { return m_event_y.size(); }
    [[nodiscard]] int timerLanes(core::Side s) const { return m_timer_lanes[core::idx(s)]; }
    // Where a simulation cut at its horizon (core::EndReason::Horizon) stops: below the last
    // event by the time left until the horizon, folded like an idle gap when long, and never so
    // close that the mark touches the last row. nullopt when the simulation ran until nothing
    // was left to happen.
    [[nodiscard]] std::optional<double> horizonY() const { return m_horizon_y; }

    [[nodiscard]] const std::vector<ArrowRow>& arrows() const { return m_arrows; }
    [[nodiscard]] const std::vector<BoxRow>& boxes() const { return m_boxes; }
    [[nodiscard]] const std::vector<NoteRow>& notes() const { return m_notes; }
    [[nodiscard]] const std::vector<TimerRow>& timers() const { return m_timers; }
    [[nodiscard]] const std::vector<BreakRow>& breaks() const { return m_breaks; }

    // Rows touching [top, bottom] (each visited once, in no promised order).
    template <typename F> void forArrowsIn(double top, double bottom, F&& f) const;
    template <typename F> void forTimersIn(double top, double bottom, F&& f) const;
    template <typename F> void forBoxesIn(double top, double bottom, F&& f) const { forPoints(m_boxes, m_boxes_by_y, top, bottom, f); }
    template <typename F> void forNotesIn(double top, double bottom, F&& f) const { forPoints(m_notes, m_notes_by_y, top, bottom, f); }
    template <typename F> void forBreaksIn(double top, double bottom, F&& f) const;

    // Indices into arrows() in the order their ends lie down the diagram (by y1, ties in
    // arrows() order).
    [[nodiscard]] std::span<const std::uint32_t> arrowsByEnd() const { return m_arrows_by_y; }
    // Index into arrows() of the first arrow of a segment, or -1 when it never arrives.
    [[nodiscard]] int firstArrowOf(std::uint64_t segment) const;
    // Rows of events in [begin, end): the first and one past the last index (rows are in
    // event order).
    [[nodiscard]] std::pair<std::size_t, std::size_t> arrowRange(std::size_t begin, std::size_t end) const;
    [[nodiscard]] std::pair<std::size_t, std::size_t> boxRange(std::size_t begin, std::size_t end) const;
    // The lowest y of the first `events` events (the bottom of what the cursor shows).
    [[nodiscard]] double bottomOf(std::size_t events) const {
        return events == 0 || m_bottom.empty() ? 0 : m_bottom[std::min(events, m_bottom.size()) - 1];
    }
    // The y range of the events [begin, end) and of the arrows they end.
    [[nodiscard]] std::pair<double, double> spanOf(std::size_t begin, std::size_t end) const;

private:
    void index();
    void indexSpans();   // the long rows and the longest span (index() without the sorting)
    template <typename Row, typename F>
    static void forPoints(const std::vector<Row>& rows, const std::vector<std::uint32_t>& by_y, double top,
                          double bottom, F& f);

    LayoutParams m_params;
    double m_height = 0;
    std::optional<double> m_horizon_y;
    std::vector<double> m_event_y;
    std::vector<double> m_bottom;     // running maximum of m_event_y
    // Rows in event order, and their indices sorted by y (arrows by y1, timers by y0).
    std::vector<ArrowRow> m_arrows;
    std::vector<BoxRow> m_boxes;
    std::vector<NoteRow> m_notes;
    std::vector<TimerRow> m_timers;
    std::vector<BreakRow> m_breaks;   // sorted by y0 as built
    std::vector<std::uint32_t> m_arrows_by_y, m_boxes_by_y, m_notes_by_y, m_timers_by_y;
    std::vector<int> m_first_arrow;   // by segment id - 1
    // Spans longer than this are kept aside and checked one by one; the rest are found by
    // binary search within the longest short span.
    static constexpr double kLongSpan = 4000;
    double m_arrow_max_span = 0, m_timer_max_span = 0;
    std::vector<std::uint32_t> m_long_arrows, m_long_timers;
    std::array<int, 2> m_timer_lanes{0, 0};
};

// --- labels -----------------------------------------------------------------------------------
//
// Where each arrow's label goes, so that no two labels overlap and none covers a lost segment's
// cross, a state box or the words of a folded gap. A label sits along its arrow, above it, where
// it covers least of the other arrows, as near the middle as it can; failing that, in a shorter
// form (a pure ACK's "ack=x+1"), below its arrow, or a row or two further up on a leader line.
// Where labels still stand in each other's way and few arrows are in flight, the row between
// their arrows is widened and they are placed again (a few rounds; what no row touches keeps its
// place, and a label that found no room is not tried again until something near it changes).
// Where many are in flight (widening would make them all steeper), or after the rounds,
// a label may be written level beside a lifeline, above its arrow's start or below its head.
// Where even that finds no room, the layout is widened just below the arrow's end and the label
// is written level in the new row, on a leader line up to its arrow: there is always room there,
// so no placement ever overlaps. That last pass goes down the diagram once more, each label
// keeping its place if it still can; so once many labels of a crowd found no room, the rest of
// the crowd is left to it rather than placed twice. Each label meets only its neighbours (a
// bucket grid by height; along very long arrows, only a window around the middle; arrows passing
// by the hundred count only near their ends), so placing them costs about O(n log n) however
// many arrows cross.

// How much of a label is written: all of it; a pure ACK's ack field alone ("ack=x+1"); or, for a
// duplicate ACK in a crowd, its tags alone (the ACK it repeats says the number).
enum class LabelForm : std::uint8_t { Full, Short, TagsOnly };
inline constexpr std::size_t kLabelForms = 3;

// What the scene measured of one arrow's label.
struct LabelRequest {
    std::array<double, kLabelForms> width{};   // by LabelForm; 0: it cannot take that form
    std::uint8_t rank = 0;                      // lower ranks choose their place first
};

// The scene's geometry that labels must fit in and keep clear of.
struct LabelSpace {
    double x_a = 0, x_b = 0;          // the lifelines
    double label_h = 28;              // a label's height
    double offset = 5;                // from an arrow to its label
    double clearance = 4;             // kept free around a label
    double lifeline_margin = 8;       // labels stay this far inside the lifelines
    double cross_reach = 13;          // half the size of a lost segment's cross
    double head = 15;                 // the length of an arrowhead
    std::array<double, 2> box_left{}; // state boxes: the left edge of each side's column ...
    double box_w = 0, box_h = 0;      // ... their size
    double initial_y = 0;             // ... and the height of the initial states' boxes
    double note_reach = 0;            // > 0: notes share the boxes' column, reaching this far from their event ...
    double note_h = 0;                // ... each this tall, centred on its row's y ...
    double note_overhang = 0;         // ... and reaching this far out of the column
    double gap_w = 0, gap_h = 0;      // the words of a folded gap, centred between the lifelines
};

// Where one label sits.
struct LabelPlacement {
    float u = 0.5f;           // on its arrow from the sender (0) to its end (1): the label's middle,
                              // where its leader line meets the arrow, or (level, beside a
                              // lifeline) 0 at the start, 1 at the end
    float lift = 0;           // further from the arrow than `offset` by this
    LabelForm form = LabelForm::Full;
    bool below = false;       // below its arrow rather than above
    bool leader = false;      // a leader line joins it to its arrow
    bool level = false;       // written level (beside a lifeline, or in a row of its own) ...
    float x = 0, y = 0;       // ... centred here
};

struct LabelLayout {
    std::vector<LabelPlacement> placements;   // by arrow index
    std::size_t widened = 0;   // rows widened in the layout, in all ...
    std::size_t level = 0;     // ... and of those, rows of their own for level labels
    double reach = 0;          // how far any label lies above or below its arrow's ends
    bool cancelled = false;    // placeLabels returned early: nothing else here is usable
};

// Lets a worker thread follow and stop a long placement.
struct PlaceControl {
    const std::atomic<bool>* cancel = nullptr;   // when it becomes true, placeLabels returns early
    std::atomic<std::size_t>* placed = nullptr;  // labels placed so far, updated every few hundred
};

// Places the labels of layout.arrows() (`labels` in the same order), widening rows of `layout`
// where one finds no room. `control` is read and written with relaxed atomics only: `placed`
// never goes down and ends at labels.size(); once `cancel` is seen, the result is returned with
// `cancelled` set and `layout` is left as it was.
LabelLayout placeLabels(DiagramLayout& layout, std::span<const LabelRequest> labels, const LabelSpace& space,
                        const PlaceControl& control = {});

// --- templates ---

template <typename Row, typename F>
void DiagramLayout::forPoints(const std::vector<Row>& rows, const std::vector<std::uint32_t>& by_y, double top,
                              double bottom, F& f) {
    auto it = std::lower_bound(by_y.begin(), by_y.end(), top,
                               [&rows](std::uint32_t i, double y) { return rows[i].y < y; });
    for (; it != by_y.end() && rows[*it].y <= bottom; ++it) f(rows[*it]);
}

template <typename F>
void DiagramLayout::forArrowsIn(double top, double bottom, F&& f) const {
    auto it = std::lower_bound(m_arrows_by_y.begin(), m_arrows_by_y.end(), top,
                               [this](std::uint32_t i, double y) { return m_arrows[i].y1 < y; });
    for (; it != m_arrows_by_y.end() && m_arrows[*it].y1 - m_arrow_max_span <= bottom; ++it) {
        const ArrowRow& r = m_arrows[*it];
        if (r.y0 <= bottom && r.y1 - r.y0 <= kLongSpan) f(r);
    }
    for (std::uint32_t i : m_long_arrows) {
        const ArrowRow& r = m_arrows[i];
        if (r.y1 >= top && r.y0 <= bottom) f(r);
    }
}

template <typename F>
void DiagramLayout::forTimersIn(double top, double bottom, F&& f) const {
    auto it = std::lower_bound(m_timers_by_y.begin(), m_timers_by_y.end(), top - m_timer_max_span,
                               [this](std::uint32_t i, double y) { return m_timers[i].y0 < y; });
    for (; it != m_timers_by_y.end() && m_timers[*it].y0 <= bottom; ++it) {
        const TimerRow& r = m_timers[*it];
        if (r.y1 >= top && r.y1 - r.y0 <= kLongSpan) f(r);
    }
    for (std::uint32_t i : m_long_timers) {
        const TimerRow& r = m_timers[i];
        if (r.y1 >= top && r.y0 <= bottom) f(r);
    }
}

template <typename F>
void DiagramLayout::forBreaksIn(double top, double bottom, F&& f) const {
    auto it = std::lower_bound(m_breaks.begin(), m_breaks.end(), top,
                               [](const BreakRow& r, double y) { return r.y1 < y; });
    for (; it != m_breaks.end() && it->y0 <= bottom; ++it) f(*it);
}

}  // namespace tcpviz::ui
