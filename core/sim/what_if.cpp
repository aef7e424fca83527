#include "core/sim/what_if.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace tcpviz::core {

namespace {

const SegmentRecord& recordOf(const Trace& t, std::uint64_t segment) {
    if (segment == 0 || segment > t.segments.size())
        throw std::out_of_range("no segment " + std::to_string(segment) + " in the trace");
    return t.segment(segment);
}

// The packet as the sender's link saw it (the wire size plays no part in matching).
LinkPacket packetOf(const SegmentRecord& r) {
    return LinkPacket{r.segment, r.id, r.retransmission(), 0};
}

}  // namespace

std::uint32_t exactFlagsOrdinal(const Trace& t, std::uint64_t segment) {
    const SegmentRecord& target = recordOf(t, segment);
    // Every segment, injected ones too, goes through Simulator::transmit and so through the
    // scripted-fault stage of its sender's direction, which counts it whatever becomes of it.
    std::uint32_t n = 0;
    for (std::uint64_t id = 1; id <= segment; ++id) {
        const SegmentRecord& r = t.segment(id);
        if (r.from == target.from && r.segment.flags == target.segment.flags) ++n;
    }
    return n;
}

FaultSpec faultForSegment(const Trace& t, std::uint64_t segment, FaultAction action,
                          double amount_ms) {
    const SegmentRecord& r = recordOf(t, segment);
    FaultSpec f;
    f.from = r.from;
    f.filter.flags_exact = r.segment.flags;
    f.nth = exactFlagsOrdinal(t, segment);
    f.action = action;
    f.amount_ms = action == FaultAction::Drop ? 0 : amount_ms;
    return f;
}

bool faultHits(const FaultSpec& fault, const Trace& t, std::uint64_t segment) {
    if (segment == 0 || segment > t.segments.size()) return false;
    const SegmentRecord& target = t.segment(segment);
    if (fault.from != target.from || !fault.filter.matches(packetOf(target))) return false;
    if (fault.nth == 0) return true;
    // The fault's own count: the matching segments of that direction up to this one.
    std::uint64_t matched = 0;
    for (std::uint64_t id = 1; id <= segment; ++id) {
        const SegmentRecord& r = t.segment(id);
        if (r.from == fault.from && fault.filter.matches(packetOf(r))) ++matched;
    }
    return matched == fault.nth;
}

std::optional<std::size_t> faultHitting(const Scenario& s, const Trace& t, std::uint64_t segment) {
    for (std::size_t i = 0; i < s.faults.size(); ++i)
        if (faultHits(s.faults[i], t, segment)) return i;
    return std::nullopt;
}

WhatIf WhatIf::addCall(Side side, CallKind call, double at_ms, std::uint32_t bytes) {
    const bool takes_bytes = call == CallKind::Send || call == CallKind::Receive;
    WhatIf w;
    w.kind = Kind::AddCall;
    w.at_ms = std::max(0.0, at_ms);
    w.call = ScriptCall{side, call, takes_bytes ? std::max<std::uint32_t>(bytes, 1) : 0};
    return w;
}

std::optional<Scenario> applyWhatIf(const Scenario& latest, const Scenario& shown_scenario, const Trace& shown,
                                    const WhatIf& edit) {
    Scenario after = latest;
    if (edit.kind == WhatIf::Kind::AddCall) {
        addScriptCall(after, std::max(0.0, edit.at_ms), edit.call);
        return after;
    }
    if (edit.segment == 0 || edit.segment > shown.segments.size()) return std::nullopt;
    switch (edit.kind) {
        case WhatIf::Kind::Drop:
            after.faults.push_back(faultForSegment(shown, edit.segment, FaultAction::Drop));
            return after;
        case WhatIf::Kind::Delay:
            if (!(edit.amount_ms > 0)) return std::nullopt;
            after.faults.push_back(faultForSegment(shown, edit.segment, FaultAction::Delay, edit.amount_ms));
            return after;
        case WhatIf::Kind::Duplicate:
            if (!(edit.amount_ms >= 0)) return std::nullopt;
            after.faults.push_back(faultForSegment(shown, edit.segment, FaultAction::Duplicate, edit.amount_ms));
            return after;
        case WhatIf::Kind::Restore: {
            // The fault is looked up in the scenario of the trace shown, and removed from the
            // newest edit, which has the same faults in front unless an edit under way removed it.
            const auto hit = faultHitting(shown_scenario, shown, edit.segment);
            if (!hit) return std::nullopt;
            const auto it = std::find(after.faults.begin(), after.faults.end(), shown_scenario.faults[*hit]);
            if (it == after.faults.end()) return std::nullopt;
            after.faults.erase(it);
            return after;
        }
        case WhatIf::Kind::AddCall: break;
    }
    return std::nullopt;
}

std::size_t addScriptAction(Scenario& s, ScriptAction action) {
    // After the last action due at or before it (a linear scan, so that a hand-written script
    // that is not sorted still keeps its order).
    std::size_t at = 0;
    for (std::size_t i = 0; i < s.script.size(); ++i)
        if (s.script[i].at_ms <= action.at_ms) at = i + 1;
    s.script.insert(s.script.begin() + static_cast<std::ptrdiff_t>(at), std::move(action));
    return at;
}

std::size_t addScriptCall(Scenario& s, double at_ms, ScriptCall call) {
    return addScriptAction(s, ScriptAction{at_ms, call});
}

}  // namespace tcpviz::core
