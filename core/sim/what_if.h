#pragma once
// What-if editing: turning "what if this segment were lost?" into a scenario edit.
//
// An edit is a scripted fault or a script call added to the scenario, which is then simulated
// again from the start. A fault picks its segment by what the sender puts on the wire (sender,
// exact flags, ordinal), never by trace id, so the edit stays meaningful in the saved file.
// Because nothing before a segment's send depends on what the link later does to it, the
// re-simulation is identical up to that segment and the fault hits exactly it.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/scenario/scenario.h"
#include "core/trace/trace.h"

namespace tcpviz::core {

// The segment's ordinal (1-based) among the segments its sender put on the wire with exactly
// its flags, retransmissions, injected segments and segments already lost included: the count
// a scripted fault keeps (core/net/link_model.h). Throws std::out_of_range for an unknown id.
std::uint32_t exactFlagsOrdinal(const Trace& t, std::uint64_t segment);

// A fault that hits exactly `segment` when the trace's scenario, with this fault added, is
// simulated again: from its sender, matching its exact flags, the nth such segment.
// `amount_ms` is the extra delay (Delay) or the gap before the copy (Duplicate).
// Throws std::out_of_range for an unknown id.
FaultSpec faultForSegment(const Trace& t, std::uint64_t segment, FaultAction action,
                          double amount_ms = 0);

// Whether `fault` hits `segment` in `t` (the trace of a scenario that has the fault).
bool faultHits(const FaultSpec& fault, const Trace& t, std::uint64_t segment);

// The index in s.faults of the first fault that hits `segment` in `t`, the trace of `s`;
// nullopt when none does or the id is unknown.
std::optional<std::size_t> faultHitting(const Scenario& s, const Trace& t, std::uint64_t segment);

// One what-if question, as a user asks it of the trace on the screen.
struct WhatIf {
    enum class Kind : std::uint8_t { Drop, Delay, Duplicate, Restore, AddCall };
    Kind kind = Kind::Drop;
    std::uint64_t segment = 0;   // Drop, Delay, Duplicate, Restore: its id in the trace shown
    double amount_ms = 0;        // Delay: the extra delay (> 0); Duplicate: the gap before the copy
    double at_ms = 0;            // AddCall: when
    ScriptCall call;             // AddCall: which

    static WhatIf onSegment(Kind kind, std::uint64_t segment, double amount_ms = 0) {
        return WhatIf{kind, segment, amount_ms, 0, {}};
    }
    // A call as the scenario format has it: at 0 ms or later, with at least one byte for send and
    // receive and none for the other calls.
    static WhatIf addCall(Side side, CallKind call, double at_ms, std::uint32_t bytes = 0);
};

// `latest` (the newest scenario, perhaps still being simulated) with the edit made: the whole
// of a what-if edit, of which the window's editor only keeps the undo history. The segment is
// named by `shown`, the trace on the screen, of `shown_scenario`: a drop, delay or copy becomes
// a fault that picks it by sender, exact flags and ordinal, which the edits still being
// simulated do not change before it; a restore takes out of `latest` the fault of
// `shown_scenario` that hits it. nullopt when the edit does not apply: an unknown segment, a
// delay of no time, a negative gap, no fault to restore.
std::optional<Scenario> applyWhatIf(const Scenario& latest, const Scenario& shown_scenario, const Trace& shown,
                                    const WhatIf& edit);

// Adds a script action, keeping the script sorted by time: after every action due at or
// before `action.at_ms`, so actions at the same time keep running in the order they were
// added. Returns its index.
std::size_t addScriptAction(Scenario& s, ScriptAction action);
// The same for an application call.
std::size_t addScriptCall(Scenario& s, double at_ms, ScriptCall call);

}  // namespace tcpviz::core
