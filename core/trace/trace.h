#pragma once
// A trace: the ordered events of one simulation; the single source of truth for every view.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/tcp/actions.h"
#include "core/net/link_model.h"
#include "core/tcp/segment.h"
#include "core/tcp/state.h"
#include "core/time.h"

namespace tcpviz::core {

enum class Side : std::uint8_t { A = 0, B = 1 };
constexpr Side peerOf(Side s) { return s == Side::A ? Side::B : Side::A; }
constexpr std::size_t idx(Side s) { return static_cast<std::size_t>(s); }
inline const char* sideName(Side s) { return s == Side::A ? "A" : "B"; }

enum class CallKind : std::uint8_t { Listen, Connect, Send, Receive, Close, Abort, Reboot };
std::string_view callName(CallKind c);   // "listen", "connect", ...
std::optional<CallKind> callFromName(std::string_view name);

enum class EventKind : std::uint8_t { Call, State, Send, Arrive, Drop, Timer, Deliver };
std::string_view eventKindName(EventKind k);   // "call", "state", ...

// One segment put on the wire (by an endpoint or injected by the script).
struct SegmentRecord {
    std::uint64_t id = 0;          // 1-based, in order of sending
    Side from = Side::A;
    Segment segment;
    SendReason reason = SendReason::Normal;
    TimeUs sent_at = 0;
    [[nodiscard]] bool retransmission() const { return reason == SendReason::Retransmission; }
};

struct Event {
    std::size_t step = 0;
    std::size_t input = 0;     // step of the call, arrival, drop or timer expiry that caused it
    TimeUs time = 0;
    EventKind kind = EventKind::Call;
    Side endpoint = Side::A;   // sender for send/drop, receiver for arrive/deliver

    // call
    CallKind call = CallKind::Listen;
    std::uint32_t bytes = 0;   // call send/receive: bytes asked; deliver: bytes delivered
    // state
    State from = State::Closed;
    State to = State::Closed;
    Cause cause = Cause::PassiveOpen;
    // send / arrive / drop
    std::uint64_t segment = 0;   // SegmentRecord id
    std::uint16_t copy = 0;      // arrive/drop: 0 for the original, 1.. for link duplicates
    DropReason drop_reason = DropReason::Loss;
    // timer
    TimerKind timer = TimerKind::Retransmission;
    TimerOp timer_op = TimerOp::Start;
    TimeUs deadline = 0;
    // call or arrive: what the endpoint signalled or why it set the segment aside
    Notice notice = Notice::None;
};

struct EndpointInfo {
    std::string id;            // "A" or "B"
    std::string name;          // "Client"
    std::uint32_t address = 0; // IPv4, host order
    std::uint16_t port = 0;
};

struct Trace {
    std::string scenario_id;
    std::string scenario_title;
    std::array<EndpointInfo, 2> endpoints;
    std::array<State, 2> initial_states{State::Closed, State::Closed};
    std::vector<SegmentRecord> segments;   // segments[id - 1]
    std::vector<Event> events;

    [[nodiscard]] const SegmentRecord& segment(std::uint64_t id) const { return segments.at(id - 1); }
    // The state each endpoint is in after the first `steps` events.
    [[nodiscard]] std::array<State, 2> statesAfter(std::size_t steps) const;
};

}  // namespace tcpviz::core
