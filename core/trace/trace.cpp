#include "core/trace/trace.h"

#include <algorithm>
#include <array>

namespace tcpviz::core {
namespace {
constexpr std::array<std::string_view, 7> kCallNames = {"listen", "connect", "send", "receive",
                                                        "close",  "abort",   "reboot"};
constexpr std::array<std::string_view, 7> kEventNames = {"call",   "state",  "send",   "arrive",
                                                         "drop",   "timer",  "deliver"};
}  // namespace

std::string_view callName(CallKind c) { return kCallNames[static_cast<std::size_t>(c)]; }

std::optional<CallKind> callFromName(std::string_view name) {
    auto it = std::find(kCallNames.begin(), kCallNames.end(), name);
    if (it == kCallNames.end()) return std::nullopt;
    return static_cast<CallKind>(it - kCallNames.begin());
}

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

}  // namespace tcpviz::core
