#include "core/trace/trace.h"

#include <algorithm>
#include <array>

namespace tcpviz::core {
namespace {
constexpr std::array<std::string_view, 7> kEventNames = {"call",   "state",  "send",   "arrive",
                                                         "drop",   "timer",  "deliver"};
}  // namespace

std::string_view eventKindName(EventKind k) { return kEventNames[static_cast<std::size_t>(k)]; }

std::array<State, 2> Trace::statesAfter(std::size_t steps) const {
    std::array<State, 2> states = initial_states;
    const std::size_t n = std::min(steps, events.size());
    for (std::size_t i = 0; i < n; ++i) {
        const Event& e = events[i];
        if (e.kind == EventKind::State) states[idx(e.endpoint)] = e.to;
    }
    return states;
}

std::vector<StateChange> Trace::stateChanges(std::size_t steps) const {
    std::vector<StateChange> changes;
    const std::size_t n = std::min(steps, events.size());
    for (std::size_t i = 0; i < n; ++i) {
        const Event& e = events[i];
        if (e.kind == EventKind::State) changes.push_back({e.from, e.to, e.cause});
    }
    return changes;
}

std::string_view endReasonName(EndReason r) {
    switch (r) {
        case EndReason::Quiet: return "quiet";
        case EndReason::Horizon: return "horizon";
        case EndReason::Limit: return "limit";
    }
    return "quiet";
}

TcbNumbers Trace::tcbAfter(Side side, std::size_t events) const {
    const auto& samples = tcb_samples[idx(side)];
    // The last sample taken at or before `events`.
    auto it = std::upper_bound(samples.begin(), samples.end(), events,
                               [](std::size_t n, const TcbSample& s) { return n < s.event; });
    if (it == samples.begin()) return TcbNumbers{.state = initial_states[idx(side)]};
    return std::prev(it)->tcb;
}

std::size_t Trace::memoryBytes() const {
    std::size_t n = sizeof(Trace) + scenario_id.capacity() + scenario_title.capacity();
    n += segments.capacity() * sizeof(SegmentRecord) + events.capacity() * sizeof(Event);
    for (const auto& samples : tcb_samples) n += samples.capacity() * sizeof(TcbSample);
    for (const auto& e : endpoints) n += e.id.capacity() + e.name.capacity();
    if (capture) n += sizeof(CaptureSource) + capture->segments.capacity() * sizeof(CapturedSegmentInfo) + capture->options.capacity();
    return n;
}

std::string_view checksumCheckName(ChecksumCheck c) {
    switch (c) {
        case ChecksumCheck::Good: return "good";
        case ChecksumCheck::Bad: return "bad";
        case ChecksumCheck::Offloaded: return "offloaded";
        case ChecksumCheck::Unverified: return "unverified";
    }
    return "unverified";
}

}  // namespace tcpviz::core
