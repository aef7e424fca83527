#pragma once
// Steps: how a trace is replayed one step at a time.
//
// A step is a run of consecutive events; a cursor k (0 <= k <= count) shows the events of the
// first k steps. Cursor 0 shows nothing, cursor count() shows the whole trace.
//
// By segment (the default): a step ends with the input group (Event::input) of each arrival or
// drop, so one step shows one segment reaching its receiver, or dying on the way, together with
// what the receiver does about it. After the first such step, an input group that changes a
// state without any segment arriving (a TIME-WAIT expiry, a CLOSE call, a reboot) is a step of
// its own. Everything before the first arrival or drop belongs to step 1; events after the last
// step form a final step.
//
// By event: one step per event.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/trace/trace.h"

namespace tcpviz::core {

enum class StepGranularity : std::uint8_t { Segment, Event };

// The event index one past the last event of each step, by segment. Empty for an empty trace.
std::vector<std::size_t> segmentStepEnds(const Trace& t);
// One step per event: 1, 2, ..., events.size().
std::vector<std::size_t> eventStepEnds(const Trace& t);

struct EventRange {
    std::size_t begin = 0;   // first event index
    std::size_t end = 0;     // one past the last
    [[nodiscard]] bool empty() const { return begin >= end; }
    [[nodiscard]] bool contains(std::size_t event) const { return event >= begin && event < end; }
};

// The steps of one trace at one granularity.
class Steps {
public:
    Steps() = default;
    Steps(const Trace& t, StepGranularity g);
    explicit Steps(std::vector<std::size_t> ends) : m_ends(std::move(ends)) {}

    [[nodiscard]] std::size_t count() const { return m_ends.size(); }
    [[nodiscard]] const std::vector<std::size_t>& ends() const { return m_ends; }
    // How many events (a prefix of the trace) are visible at `cursor`; cursors past the end
    // show everything.
    [[nodiscard]] std::size_t eventsVisibleAt(std::size_t cursor) const;
    // The events of step `step` (1-based); empty for 0 or past the end.
    [[nodiscard]] EventRange events(std::size_t step) const;
    // The step (1-based) that contains event `event`, i.e. the first cursor showing it;
    // count() + 1 when the event is past the last step.
    [[nodiscard]] std::size_t stepOfEvent(std::size_t event) const;
    // The largest cursor that shows no more than `visible` events.
    [[nodiscard]] std::size_t cursorShowing(std::size_t visible) const;

private:
    std::vector<std::size_t> m_ends;
};

}  // namespace tcpviz::core
