#pragma once
// What an Endpoint asks of the world after each input: segments to send, timers to start or
// stop, bytes to hand to the application, state changes and signals to the user.
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "core/tcp/payload.h"
#include "core/tcp/segment.h"
#include "core/tcp/state.h"
#include "core/time.h"

namespace tcpviz::core {

enum class TimerKind : std::uint8_t { Retransmission, TimeWait, UserTimeout, Persist, DelayedAck };
inline constexpr std::size_t kTimerKindCount = 5;
std::string_view timerKindName(TimerKind k);  // "retransmission", "time-wait", ...

enum class TimerOp : std::uint8_t { Start, Stop, Expire };
std::string_view timerOpName(TimerOp op);     // "start", "stop", "expire"

// Why a segment is sent, for the event log and the diagram's marks.
enum class SendReason : std::uint8_t {
    Normal,          // SYN, data, FIN, or the ACK of arriving data
    Retransmission,  // the retransmission timer expired (RFC 6298)
    ResetReply,      // an RST generated in reply to a segment (RFC 9293 §3.10.7.1-3)
    ChallengeAck,    // an ACK in reply to an unacceptable segment or a suspicious SYN/RST
    WindowProbe,     // zero-window probe (RFC 9293 §3.8.6.1)
    WindowUpdate,    // the application read data and the window reopened
    Abort,           // the RST of an ABORT call
    Injected,        // put on the wire by the scenario, not by an endpoint
    FastRetransmit,  // three duplicate ACKs, or a partial ACK in fast recovery (RFC 5681, 6582)
};
std::string_view sendReasonName(SendReason r);

// Signals to the user, and reasons an arriving segment was set aside (RFC 9293 §3.10).
enum class Notice : std::uint8_t {
    None,
    ConnectionRefused,      // "error: connection refused"
    ConnectionReset,        // "error: connection reset"
    ConnectionClosing,      // "connection closing" (a FIN arrived) or a call after CLOSE
    ConnectionDoesNotExist, // a call in CLOSED
    ConnectionExists,       // OPEN on an open connection
    ConnectionTimedOut,     // the retransmission limit was reached
    UserTimeout,            // "error: connection aborted due to user timeout"
    UnacceptableSegment,    // sequence number outside the window: ACKed and dropped
    BadChecksum,            // the checksum did not verify: dropped
    MalformedSegment,       // bad data offset or options: dropped
    UnacceptableAck,        // an ACK for something not yet sent: ACKed and dropped
    RstIgnored,             // an RST outside the window, or not exactly at RCV.NXT
    SynInSynchronized,      // a SYN on a synchronized connection: challenge ACK (RFC 5961 §4)
    SegmentIgnored,         // dropped by the rules of the state (e.g. no ACK bit)
    DuplicateSegment,       // a segment already received: ACKed again
    OutOfOrder,             // queued until the gap before it is filled
    // Not the connection's TCP but its host's kernel (core/net/host.h), in a lesson of hosts:
    SynQueueFull,           // a SYN the listener dropped: its SYN queue is full, no cookies
    AcceptQueueFull,        // a SYN or handshake ACK dropped: the accept queue is full
};
std::string_view noticeName(Notice n);   // a short English identifier such as "connection reset"

struct SendAction {
    Segment segment;
    SendReason reason = SendReason::Normal;
    // The sender's congestion window, slow-start threshold and bytes in flight (SND.NXT -
    // SND.UNA) once this segment is on its way.
    std::uint32_t cwnd = 0;
    std::uint32_t ssthresh = 0;
    std::uint32_t flight = 0;
};
struct TimerAction {
    TimerKind kind;
    TimerOp op;
    TimeUs deadline = 0;  // for Start
};
struct StateChange {
    State from;
    State to;
    Cause cause;
    bool operator==(const StateChange&) const = default;
};
struct DeliverAction {
    Payload data;
};
// The arriving segment was the n-th duplicate ACK in a row (RFC 5681 §2).
struct DupAckAction {
    std::uint32_t count = 0;
};
struct NoticeAction {
    Notice notice;
};

using Action = std::variant<StateChange, SendAction, TimerAction, DeliverAction, NoticeAction, DupAckAction>;

// The output of one input, in causal order.
struct Actions {
    std::vector<Action> list;
    void clear() { list.clear(); }
    [[nodiscard]] bool empty() const { return list.empty(); }
    template <typename T>
    [[nodiscard]] std::vector<const T*> all() const {
        std::vector<const T*> out;
        for (const auto& a : list)
            if (auto p = std::get_if<T>(&a)) out.push_back(p);
        return out;
    }
};

}  // namespace tcpviz::core
