#pragma once
// The protocol messages the segments of a trace carry (issue 18), from Trace::messages: what the
// diagram writes on an arrow ("ClientHello", "{Certificate}"), and the round trips a handshake
// costs before the first request byte and the first response byte (the RTT ruler).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace/trace.h"

namespace tcpviz::core {

class MessageIndex {
public:
    MessageIndex() = default;
    explicit MessageIndex(const Trace& t);
    [[nodiscard]] bool empty() const { return m_by_side[0].empty() && m_by_side[1].empty(); }
    // The messages whose bytes segment `id` carries, in order: "ServerHello, ChangeCipherSpec,
    // {EncryptedExtensions}". One that began in an earlier segment is written "…{Certificate}",
    // one that goes on in a later one "{Certificate}…". A list too long for an arrow has its
    // long names shortened: "ServerHello, CCS, {EE}, {Certificate}, {CertVerify}, {Finished}".
    // Empty when it carries none.
    [[nodiscard]] std::string of(const Trace& t, std::uint64_t id) const;
    // The same for segments one side sent together, one after another in its stream (a flight):
    // each message once, "…" only where one began before the first or goes on after the last.
    [[nodiscard]] std::string of(const Trace& t, std::span<const std::uint64_t> ids) const;
    // The messages whose bytes segment `id` carries, in stream order (indices into
    // Trace::messages); none for a segment without a protocol's bytes.
    [[nodiscard]] std::vector<std::uint32_t> carried(const Trace& t, std::uint64_t id) const;

private:
    std::array<std::optional<std::uint32_t>, 2> m_iss;   // each side's first SYN's sequence number
    std::array<std::vector<std::uint32_t>, 2> m_by_side;  // indices into Trace::messages, by offset
};

// Round trips of the connection, measured as the client's first one (its SYN to the SYN,ACK's
// arrival), from the client's connect: until it sends its first request byte, and until the
// first byte of the answer reaches it. The first application byte is the first byte of an
// application message (StreamMessage::application) when the trace names messages, else the first
// data byte.
struct HandshakeRtts {
    Side client = Side::A;         // the side whose SYN opened the connection
    TimeUs start = 0;              // when that SYN was sent
    TimeUs rtt = 0;
    std::size_t request_event = 0;    // the send of the first request byte
    std::size_t response_event = 0;   // the arrival of the first answer byte
    double before_request = 0;    // TCP 1, TCP + TLS 1.3 2, TCP + TLS 1.2 3
    double before_response = 0;   // one more
};
std::optional<HandshakeRtts> handshakeRtts(const Trace& t);

// The parts of a list of messages, split at `separator` outside brackets: a QUIC packet's
// "Handshake[0]: CRYPTO[Certificate, Finished]" is one part of ", ", "ACK[0] CRYPTO[ServerHello]"
// two of " ".
std::vector<std::string> splitMessageNames(std::string_view names, std::string_view separator);

// A message whose bytes went in more than one segment (a certificate chain, an answer's record):
// the diagram brackets the segments that carried it beside its sender's lifeline. Only the
// segments first sent count (a repair carries bytes already bracketed). Over QUIC, a TLS
// message whose CRYPTO frames went in several datagrams ("CRYPTO[EE, Certificate,
// CertificateVerify…]", then "CRYPTO[…CertificateVerify, Finished]").
struct MessageSpan {
    std::uint32_t message = 0;      // index into Trace::messages (over QUIC, the first datagram's)
    std::size_t first_send = 0;     // the send events of its first and its last segment
    std::size_t last_send = 0;
    std::uint32_t segments = 0;
    std::string name{};             // "{Certificate}"; over QUIC the TLS message's, "CertificateVerify"
};
// Every such message of the trace, by its first segment's sending. None for plain TCP.
std::vector<MessageSpan> messageSpans(const Trace& t);

// A QUIC datagram's name read back into its packets (core/sim/apps/quic.h writes them):
// "Initial[0]: ACK[0] CRYPTO[ServerHello], Handshake[0]: CRYPTO[EE, Certificate…]" is two
// packets, {"Initial", {{"ACK", "0"}, {"CRYPTO", "ServerHello"}}} and {"Handshake", {{"CRYPTO",
// "EE, Certificate…"}}}: each frame's kind and what its brackets hold.
struct QuicFrameName {
    std::string kind;     // "CRYPTO", "STREAM", "ACK"
    std::string inside;   // "ServerHello", "0,3,7", "0-2"; empty without brackets
};
struct QuicPacketName {
    std::string type;     // "Initial", "0-RTT", "Handshake", "1-RTT"
    std::vector<QuicFrameName> frames;
};
std::vector<QuicPacketName> quicPackets(std::string_view datagram);

// A piece of a message as its names write it: "…Certificate" began in an earlier segment or
// datagram, "Certificate…" goes on in a later one; `name` is the message's without the marks.
struct MessagePiece {
    std::string name;
    bool went_on = false, goes_on = false;
};
MessagePiece messagePiece(std::string written);

// The long names in a list of messages written as the literature shortens them on a figure's
// arrow: "EncryptedExtensions" as "EE", "CertificateVerify" as "CertVerify", "ChangeCipherSpec" as
// "CCS", "NewSessionTicket" as "Ticket".
std::string briefMessageNames(std::string names);

// The name RFC 8446 §6 gives a TLS alert ("certificate_expired" for 45), "alert" when unknown.
const char* tlsAlertName(int description);

// The streams a message's name speaks of, in order and once each: "{SETTINGS}, {HEADERS[1]}"
// is about stream 1, "{DATA[3]}…" about stream 3 (the HTTP/2 programs' names).
std::vector<std::uint32_t> streamsNamed(std::string_view name);

// How long a message waited (head-of-line blocking, issue 18): from the moment its last byte
// first reached the receiver, or would have but for a loss, to the moment TCP delivered it to
// the program. It waits when a byte before it is missing: a lost segment still to be repaired,
// its own or one of an earlier message's. 0 for a message delivered as it came. A lost
// segment's "would have" is its sending plus the transit of the next segment sent after it
// that arrived. Only for a trace of one connection.
struct MessageWait {
    std::uint32_t message = 0;   // index into Trace::messages
    TimeUs arrived = 0;
    TimeUs delivered = 0;
    [[nodiscard]] TimeUs waited() const { return delivered - arrived; }
};
// The messages `from` sent that reached its peer's program, in stream order.
std::vector<MessageWait> messageWaits(const Trace& t, Side from);

// A stream's worst wait among its messages from `from`, and when it began.
struct StreamStall {
    std::uint32_t stream = 0;
    TimeUs waited = 0;       // the longest wait of one of its messages
    TimeUs since = 0;        // when that message had arrived
    std::uint32_t held = 0;  // how many of its messages waited at all
};
// Every stream named by `from`'s messages, by stream number; a stream that never stalled has
// waited 0. Over QUIC, each stream waits only for its own lost bytes (RFC 9000 §2.2); `held` is
// then 1 for a stream that waited.
std::vector<StreamStall> streamStalls(const Trace& t, Side from);

}  // namespace tcpviz::core
