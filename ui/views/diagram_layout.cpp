#include "ui/views/diagram_layout.h"

#include <algorithm>
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
    if (t.end.reason == core::EndReason::Horizon) {
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

    // Spatial indices: rows by y.
    auto index = [](std::vector<std::uint32_t>& by_y, std::size_t n, auto key) {
        by_y.resize(n);
        for (std::size_t i = 0; i < n; ++i) by_y[i] = static_cast<std::uint32_t>(i);
        std::stable_sort(by_y.begin(), by_y.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
    };
    index(l.m_arrows_by_y, l.m_arrows.size(), [&l](std::uint32_t i) { return l.m_arrows[i].y1; });
    index(l.m_boxes_by_y, l.m_boxes.size(), [&l](std::uint32_t i) { return l.m_boxes[i].y; });
    index(l.m_notes_by_y, l.m_notes.size(), [&l](std::uint32_t i) { return l.m_notes[i].y; });
    index(l.m_timers_by_y, l.m_timers.size(), [&l](std::uint32_t i) { return l.m_timers[i].y0; });

    for (std::size_t i = 0; i < l.m_arrows.size(); ++i) {
        const double span = l.m_arrows[i].y1 - l.m_arrows[i].y0;
        if (span > kLongSpan)
            l.m_long_arrows.push_back(static_cast<std::uint32_t>(i));
        else
            l.m_arrow_max_span = std::max(l.m_arrow_max_span, span);
    }
    for (std::size_t i = 0; i < l.m_timers.size(); ++i) {
        const double span = l.m_timers[i].y1 - l.m_timers[i].y0;
        if (span > kLongSpan)
            l.m_long_timers.push_back(static_cast<std::uint32_t>(i));
        else
            l.m_timer_max_span = std::max(l.m_timer_max_span, span);
    }
    return l;
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

}  // namespace tcpviz::ui
