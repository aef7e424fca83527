#include "core/trace/steps.h"

#include <algorithm>

namespace tcpviz::core {

std::vector<std::size_t> segmentStepEnds(const Trace& t) {
    const auto& ev = t.events;
    std::vector<std::size_t> ends;
    bool seen_segment = false;
    std::size_t i = 0;
    while (i < ev.size()) {
        // One input group: the events one call, arrival, drop or timer expiry caused.
        std::size_t end = i;
        bool segment = false, state = false;
        while (end < ev.size() && ev[end].input == ev[i].input) {
            segment |= ev[end].kind == EventKind::Arrive || ev[end].kind == EventKind::Drop;
            state |= ev[end].kind == EventKind::State;
            ++end;
        }
        if (segment || (state && seen_segment)) ends.push_back(end);
        seen_segment |= segment;
        i = end;
    }
    if (!ev.empty() && (ends.empty() || ends.back() != ev.size())) ends.push_back(ev.size());
    return ends;
}

std::vector<std::size_t> eventStepEnds(const Trace& t) {
    std::vector<std::size_t> ends(t.events.size());
    for (std::size_t i = 0; i < ends.size(); ++i) ends[i] = i + 1;
    return ends;
}

Steps::Steps(const Trace& t, StepGranularity g)
    : m_ends(g == StepGranularity::Segment ? segmentStepEnds(t) : eventStepEnds(t)) {}

std::size_t Steps::eventsVisibleAt(std::size_t cursor) const {
    if (cursor == 0 || m_ends.empty()) return 0;
    return m_ends[std::min(cursor, m_ends.size()) - 1];
}

EventRange Steps::events(std::size_t step) const {
    if (step == 0 || step > m_ends.size()) return {};
    return {step == 1 ? 0 : m_ends[step - 2], m_ends[step - 1]};
}

std::size_t Steps::stepOfEvent(std::size_t event) const {
    // The first step whose end lies past the event.
    const auto it = std::upper_bound(m_ends.begin(), m_ends.end(), event);
    return static_cast<std::size_t>(it - m_ends.begin()) + 1;
}

std::size_t Steps::cursorShowing(std::size_t visible) const {
    const auto it = std::upper_bound(m_ends.begin(), m_ends.end(), visible);
    return static_cast<std::size_t>(it - m_ends.begin());
}

}  // namespace tcpviz::core
