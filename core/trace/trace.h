#pragma once
// A trace: the ordered events of one simulation; the single source of truth for every view.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "core/tcp/actions.h"
#include "core/tcp/endpoint.h"
#include "core/net/host.h"
#include "core/net/link_model.h"
#include "core/tcp/segment.h"
#include "core/tcp/side.h"
#include "core/tcp/state.h"
#include "core/tcp/user_call.h"
#include "core/time.h"

namespace tcpviz::core {

enum class EventKind : std::uint8_t { Call, State, Send, Arrive, Drop, Timer, Deliver };
std::string_view eventKindName(EventKind k);   // "call", "state", ...

// Why a segment was sent again: "timeout" (the retransmission timer) or "fast" (duplicate or
// partial ACKs), as the trace JSON says it.
enum class Retransmission : std::uint8_t { None, Timeout, Fast };

// One segment put on the wire (by an endpoint or injected by the script). The payload is only
// where its bytes lie in their stream (core::Payload): a trace holds no payload bytes.
struct SegmentRecord {
    std::uint32_t id = 0;          // 1-based, in order of sending
    Side from = Side::A;
    SendReason reason = SendReason::Normal;
    Segment segment;
    TimeUs sent_at = 0;
    // The sender's congestion window, slow-start threshold (both
    // CongestionController::kUnlimited when there is none) and bytes in flight after this send.
    std::uint32_t cwnd = 0;
    std::uint32_t ssthresh = 0;
    std::uint32_t flight = 0;
    [[nodiscard]] Retransmission retransmissionKind() const {
        return reason == SendReason::Retransmission   ? Retransmission::Timeout
               : reason == SendReason::FastRetransmit ? Retransmission::Fast
                                                      : Retransmission::None;
    }
    [[nodiscard]] bool retransmission() const { return retransmissionKind() != Retransmission::None; }
};

// One event; its step is its index in Trace::events (Trace::stepOf). Kept small (48 bytes): a
// long transfer records hundreds of thousands.
struct Event {
    TimeUs time = 0;
    TimeUs deadline = 0;         // timer start
    std::uint32_t input = 0;     // step of the call, arrival, drop or timer expiry that caused it
    std::uint32_t segment = 0;   // send / arrive / drop: SegmentRecord id; 0 otherwise
    std::uint32_t bytes = 0;     // call send/receive: bytes asked; deliver: bytes delivered
    std::uint16_t copy = 0;      // arrive/drop: 0 for the original, 1.. for link duplicates
    std::uint16_t dup_ack = 0;   // arrive: the receiver counted it as its n-th duplicate ACK
    EventKind kind = EventKind::Call;
    Side endpoint = Side::A;     // sender for send/drop, receiver for arrive/deliver
    CallKind call = CallKind::Listen;
    // state
    State from = State::Closed;
    State to = State::Closed;
    Cause cause = Cause::PassiveOpen;
    DropReason drop_reason = DropReason::Loss;
    TimerKind timer = TimerKind::Retransmission;
    TimerOp timer_op = TimerOp::Start;
    // call or arrive: what the endpoint signalled or why it set the segment aside
    Notice notice = Notice::None;
    // The connection it belongs to (Trace::connections), in a trace of many; 0 in one of two
    // endpoints. It fills the bytes that padding took before.
    std::uint32_t conn = 0;
};
static_assert(sizeof(Event) == 48, "an Event stays 48 bytes: a long run records millions");

struct EndpointInfo {
    std::string id;            // "A" or "B"
    std::string name;          // "Client"
    std::uint32_t address = 0; // IPv4, host order
    std::uint16_t port = 0;
    CongestionAlgorithm congestion = CongestionAlgorithm::NewReno;
};

// An endpoint's TCB as it is once the first `event` events have happened.
struct TcbSample {
    std::uint32_t event = 0;
    TcbNumbers tcb;
};

// Why the simulation stopped.
enum class EndReason : std::uint8_t {
    Quiet,     // nothing was left to happen
    Horizon,   // something was still to happen, after the scenario's horizon
    Limit,     // the trace reached the scenario's max_events: what followed was not simulated
};
std::string_view endReasonName(EndReason r);   // "quiet", "horizon", "limit"

struct TraceEnd {
    EndReason reason = EndReason::Quiet;
    TimeUs time = 0;
};

// One end of a connection in a trace of many: the host it is on, its address and port.
struct ConnectionEnd {
    std::string host;
    std::uint32_t address = 0;
    std::uint16_t port = 0;
};

// A host of a trace of many.
struct TraceHost {
    std::string name;
    std::uint32_t address = 0;
};

// A connection of a trace of many (tcpviz-trace/2): `a` sent the first SYN. Its events carry
// Event::conn == id, with Side::A for `a`'s end and Side::B for `b`'s.
struct TraceConnection {
    std::uint32_t id = 0;
    ConnectionEnd a, b;
    bool spoofed = false;   // a SYN flood's: `a` is no host and never answers
};

// How a captured segment's TCP checksum was found.
enum class ChecksumCheck : std::uint8_t {
    Good,
    Bad,
    // Wrong, but holding only the pseudo-header's sum: the sending host left the checksum to its
    // network card (checksum offload) and the capture took the segment before the card did.
    Offloaded,
    Unverified,   // not all of the segment was captured (a snap length)
};
std::string_view checksumCheckName(ChecksumCheck c);   // "good", "bad", "offloaded", "unverified"

// What a capture says of one of its segments beyond the header.
struct CapturedSegmentInfo {
    std::uint32_t packet = 0;            // its number in the file, from 1
    std::uint16_t analysis = 0;          // core::AnalysisMark bits (core/capture/analysis.h)
    std::uint16_t dup_ack = 0;           // n of Wireshark's "duplicate ACK n", or 0
    ChecksumCheck checksum = ChecksumCheck::Unverified;
    std::uint8_t options_length = 0;     // its option bytes: CaptureSource::options[at, at + length)
    std::uint32_t options_at = 0;
    std::uint32_t captured_payload = 0;  // payload bytes in the file: fewer than its length when cut
};

// Where a trace read from a capture (issue 17) came from, and what the capture adds.
struct CaptureSource {
    std::string file;
    std::uint32_t connection = 0;        // which of the file's connections
    std::uint32_t connections = 0;       // how many the file has
    std::uint64_t packets = 0;           // every packet of the file
    std::string a, b;                    // the two ends, "127.0.0.1:40000" or "[::1]:8082"
    std::array<std::string, 2> addresses;   // theirs alone, "127.0.0.1" or "::1"
    std::uint8_t completeness = 0;       // Wireshark's tcp.completeness bits
    bool from_middle = false;            // no SYN captured: both sides start in ESTABLISHED
    std::uint32_t unexplained = 0;       // SYN, FIN or RST segments no edge of the diagram explains
    // The shift of each side's windows (RFC 7323 §2.3: only when both SYNs offered one); -1
    // when it is not known, as in a capture without the SYNs.
    std::array<std::int8_t, 2> window_scale{-1, -1};
    std::vector<CapturedSegmentInfo> segments;   // by segment id - 1
    std::string options;                          // the TCP option bytes of every segment
    // A segment's option bytes.
    [[nodiscard]] std::string_view optionBytes(std::uint64_t id) const {
        const CapturedSegmentInfo& i = segments.at(id - 1);
        return std::string_view(options).substr(i.options_at, i.options_length);
    }
};

// Bytes [offset, offset + length) of what `from` wrote on the connection (its stream, counted
// from its first data byte), named by the program that wrote them: a protocol message such as
// "ClientHello" or "{Certificate}" (braces: encrypted, as in RFC 8446's figures).
// What the inspector says of a protocol message (issue 18): a fact of a kind the window words in
// the reader's language, with its values as the protocol writes them ("TLS 1.3", "x25519",
// "www.example.com"), and for the steps of a certificate's verification whether it passed, and
// if not the alert the client answers with.
enum class MessageFieldKind : std::uint8_t {
    Version,             // the version offered (ClientHello) or chosen
    CipherSuites,        // offered
    CipherSuite,         // chosen
    KeyShare,            // the key-exchange group(s)
    ServerName,          // SNI
    Alpn,                // the application protocols offered, or the one chosen
    SignatureAlgorithm,  // of CertificateVerify or ServerKeyExchange
    Certificate,         // one of the chain: {subject CN, issuer CN, not before, not after}
    // The client's checks of the chain, one field per step and certificate:
    CheckSignature,      // {subject CN, issuer CN}: the issuer's key verifies its signature
    CheckValidity,       // {subject CN, not before, not after, the day checked}
    CheckName,           // {the name asked for (SNI), the certificate's DNS names}
    CheckAnchor,         // {the chain's last issuer CN}: a root the client trusts
    // A QUIC packet's STREAM frame: {stream id, offset, length} of that stream's bytes.
    QuicStream,
    // One of the transport parameters the sender's hello carries (RFC 9000 §18.2): {name, value}.
    TransportParameter,
    // An HTTP/2 frame's header (RFC 9113 §4.1): {type, its flags set ("END_STREAM END_HEADERS";
    // empty when none), stream id, payload length}.
    Http2Frame,
    // A field of a HEADERS frame, as the peer's HPACK decoder reads it (RFC 7541): {name, value}.
    HeaderField,
    // A parameter of a SETTINGS frame (RFC 9113 §6.5.2): {name, value}.
    Http2Setting,
};
struct MessageField {
    MessageFieldKind kind = MessageFieldKind::Version;
    std::vector<std::string> args;   // one for the plain kinds: the value
    bool ok = true;       // a check: passed
    int alert = 0;        // a failed check: the alert the client answers with (RFC 8446 §6.2)
    bool operator==(const MessageField&) const = default;
};
// One message of a record, with its fields.
struct MessageDetail {
    std::string name;     // "ClientHello", "{Certificate}"
    std::vector<MessageField> fields;
};

// `application`: it carries the application's own bytes (a TLS record of application data,
// an HTTP/2 frame), not the handshake below them. `conn`: as Event::conn.
struct StreamMessage {
    Side from = Side::A;
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
    std::string name;
    bool application = false;
    std::uint32_t conn = 0;
    std::vector<MessageDetail> details{};   // its messages' fields, for those that have any
};

struct Trace {
    std::string scenario_id;
    std::string scenario_title;
    std::array<EndpointInfo, 2> endpoints;
    std::array<State, 2> initial_states{State::Closed, State::Closed};
    std::vector<SegmentRecord> segments;   // segments[id - 1]
    std::vector<Event> events;
    // Each endpoint's TCB after every input that changed it, in event order; the first sample
    // (event 0) is the TCB before anything happened.
    std::array<std::vector<TcbSample>, 2> tcb_samples;
    TraceEnd end;
    // A trace of many connections (tcpviz-trace/2) names them and its host-level events; a
    // trace of two endpoints (tcpviz-trace/1) has neither.
    std::vector<TraceConnection> connections;
    std::vector<HostEvent> host_events;   // in time order; HostEvent::connection as Event::conn
    std::vector<TraceHost> hosts;   // by HostId
    bool of_hosts = false;   // printed as tcpviz-trace/2
    // A trace read from a capture rather than simulated; null for a simulation's.
    std::shared_ptr<const CaptureSource> capture;
    // What the programs' protocols (TLS) said their bytes carry, in the order written, and the
    // key log of their sessions (SSLKEYLOGFILE lines). Empty for plain TCP.
    std::vector<StreamMessage> messages;
    std::vector<std::string> key_log;

    [[nodiscard]] bool ofHosts() const { return of_hosts; }
    [[nodiscard]] const SegmentRecord& segment(std::uint64_t id) const { return segments.at(id - 1); }
    // A QUIC connection's: UDP datagrams, and no TCP states to draw.
    [[nodiscard]] bool overUdp() const { return !segments.empty() && segments.front().segment.udp(); }
    // The step (index) of an event of this trace.
    [[nodiscard]] std::size_t stepOf(const Event& e) const { return static_cast<std::size_t>(&e - events.data()); }
    // The state each endpoint is in after the first `steps` events.
    [[nodiscard]] std::array<State, 2> statesAfter(std::size_t steps) const;
    // The state changes among the first `events` events, in order.
    [[nodiscard]] std::vector<StateChange> stateChanges(std::size_t events = static_cast<std::size_t>(-1)) const;
    // The endpoint's TCB once the first `events` events have happened.
    [[nodiscard]] TcbNumbers tcbAfter(Side side, std::size_t events) const;
    // Memory the trace holds, in bytes (for the benchmarks).
    [[nodiscard]] std::size_t memoryBytes() const;
};

}  // namespace tcpviz::core
