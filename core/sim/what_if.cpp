#include "core/sim/what_if.h"

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
