#pragma once
// A TCP segment: every header field of RFC 9293 §3.1, the common options, and the payload.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/tcp/payload.h"
#include "core/tcp/seq_num.h"

namespace tcpviz::core {

// Control bits, with their bit positions in the header's flags byte (RFC 9293 §3.1).
enum Flag : std::uint8_t {
    kFin = 0x01,
    kSyn = 0x02,
    kRst = 0x04,
    kPsh = 0x08,
    kAck = 0x10,
    kUrg = 0x20,
    kEce = 0x40,
    kCwr = 0x80,
};
// The flags in header order (CWR first), with their names.
struct FlagName {
    Flag flag;
    const char* name;
};
inline constexpr FlagName kFlagsInHeaderOrder[] = {{kCwr, "CWR"}, {kEce, "ECE"}, {kUrg, "URG"},
                                                   {kAck, "ACK"}, {kPsh, "PSH"}, {kRst, "RST"},
                                                   {kSyn, "SYN"}, {kFin, "FIN"}};
// "SYN,ACK" style list in header order; empty string when no flag is set.
std::string flagsToString(std::uint8_t flags, char separator = ',');
std::optional<Flag> flagFromName(std::string_view name);

struct Timestamps {
    std::uint32_t value = 0;
    std::uint32_t echo_reply = 0;
    bool operator==(const Timestamps&) const = default;
};

struct TcpOptions {
    std::optional<std::uint16_t> mss;           // kind 2 (RFC 9293 §3.2)
    std::optional<std::uint8_t> window_scale;   // kind 3 (RFC 7323)
    bool sack_permitted = false;                // kind 4 (RFC 2018)
    std::optional<Timestamps> timestamps;       // kind 8 (RFC 7323)
    bool operator==(const TcpOptions&) const = default;
    // Length on the wire, padded to a multiple of 4 bytes.
    [[nodiscard]] std::size_t wireLength() const;
};

// What an IP packet on the link carries: a TCP segment, or a UDP datagram (RFC 768; QUIC's).
enum class Transport : std::uint8_t { Tcp, Udp };
inline constexpr std::uint8_t kProtocolOfTcp = 6, kProtocolOfUdp = 17;   // IPv4's protocol field

struct Segment {
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    SeqNum seq;
    SeqNum ack;                    // meaningful only when kAck is set
    std::uint8_t data_offset = 5;  // in 32-bit words; set by finalize() from the options
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t checksum = 0;    // set by finalize()
    std::uint16_t urgent_pointer = 0;
    TcpOptions options;
    Payload payload;
    // A UDP datagram has only its ports, its checksum and its payload on the wire. Its `seq` is
    // not sent: it is where the datagram's bytes begin among all the datagram bytes its sender
    // sent before, as if they were a stream, so that a trace names the messages of datagrams as
    // it names those of TCP bytes (core::MessageIndex).
    Transport transport = Transport::Tcp;

    [[nodiscard]] bool udp() const { return transport == Transport::Udp; }
    [[nodiscard]] std::uint8_t ipProtocol() const { return udp() ? kProtocolOfUdp : kProtocolOfTcp; }
    // The transport header's length on the wire.
    [[nodiscard]] std::size_t headerLength() const { return udp() ? 8u : data_offset * 4u; }

    [[nodiscard]] bool has(Flag f) const { return (flags & f) != 0; }
    // SEG.LEN: payload octets plus one for SYN and one for FIN (RFC 9293 §3.4).
    [[nodiscard]] std::uint32_t segLen() const {
        return static_cast<std::uint32_t>(payload.size()) + (has(kSyn) ? 1 : 0) +
               (has(kFin) ? 1 : 0);
    }
    // The sequence number just past this segment.
    [[nodiscard]] SeqNum end() const { return seq + segLen(); }
    bool operator==(const Segment&) const = default;
};

// IPv4 addresses of the pseudo-header (RFC 9293 §3.1), host byte order.
struct PseudoHeader {
    std::uint32_t src_addr = 0;
    std::uint32_t dst_addr = 0;
};

// The Internet checksum of the segment as it would be on the wire, computed over the IPv4
// pseudo-header, the TCP header with the checksum field taken as zero, and the payload.
std::uint16_t computeChecksum(const Segment& s, const PseudoHeader& ph);
// Sets data_offset from the options and checksum from everything else.
void finalize(Segment& s, const PseudoHeader& ph);

// Wire bytes of the segment exactly as its fields say (data_offset and checksum as stored); of a
// UDP datagram, its 8-byte header and its payload.
std::vector<std::uint8_t> serialize(const Segment& s);

// Why a byte string is not an acceptable segment.
enum class ParseError : std::uint8_t {
    TooShort,           // fewer than 20 bytes
    BadDataOffset,      // data offset below 5 or past the end of the bytes
    BadOption,          // an option overruns the header, or has an impossible length
    BadChecksum,        // the checksum does not verify against the pseudo-header
};
const char* parseErrorText(ParseError e);

struct ParseFailure {
    ParseError error;
    std::size_t offset;  // byte offset where the problem was found
};

// Parses wire bytes and verifies the checksum against `ph`.
std::variant<Segment, ParseFailure> parse(std::span<const std::uint8_t> bytes,
                                          const PseudoHeader& ph);
// The same without the checksum: for a captured segment, whose checksum its reader verifies
// itself (over IPv6 too) and may find left to a NIC (checksum offload). The payload is the
// bytes after the header, however many there are.
std::variant<Segment, ParseFailure> parseUnchecked(std::span<const std::uint8_t> bytes);

// The Internet checksum sum of `n` bytes as big-endian 16-bit words (an odd last byte padded
// with zero), not yet folded.
std::uint64_t internetSum(const std::uint8_t* bytes, std::size_t n);
// Folds a sum to 16 bits with end-around carry (RFC 1071).
std::uint16_t foldInternetSum(std::uint64_t sum);

// Dotted-quad text of an IPv4 address in host byte order, and back.
std::string ipv4ToString(std::uint32_t addr);
std::optional<std::uint32_t> ipv4FromString(std::string_view text);

}  // namespace tcpviz::core
