#pragma once
// Captures (issue 17, a first part): a pcap or pcapng file read with libpcap into its TCP
// segments, each a compact record of what the views and the state inference need, and the
// connections they belong to, tracked by 4-tuple as tcptrace does (a SYN with a new ISN on a
// 4-tuple whose connection is over starts a new connection: a port used again).
//
// Link types: Ethernet (VLAN tags skipped), Linux cooked (SLL, SLL2, as `tcpdump -i any`
// writes), NULL and LOOP (BSD loopback), raw IPv4 and IPv6. IPv4 and IPv6 (extension headers
// skipped). A segment's payload length is the IP header's, not the bytes captured, so that a
// capture cut at a snap length keeps its sequence space.
//
// Not yet here: the inferred states, Wireshark's analysis marks, the views (issue 17's next
// parts).
#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/time.h"

namespace tcpviz::core {

// An address as captured: IPv4 in the first four bytes, or IPv6.
struct CaptureAddress {
    std::array<std::uint8_t, 16> bytes{};
    bool v6 = false;
    bool operator==(const CaptureAddress&) const = default;
    auto operator<=>(const CaptureAddress&) const = default;
};
std::string captureAddressText(const CaptureAddress& a);   // "127.0.0.1", "::1"

struct CaptureEnd {
    CaptureAddress address;
    std::uint16_t port = 0;
    bool operator==(const CaptureEnd&) const = default;
    auto operator<=>(const CaptureEnd&) const = default;
};
std::string captureEndText(const CaptureEnd& e);   // "127.0.0.1:8080", "[::1]:8082"

// One TCP segment of a capture: 40 bytes (CaptureTest checks), where a Segment would be about
// a hundred; the options and payload stay in the file, where the inspector will read them.
struct CapturedSegment {
    TimeUs time = 0;               // the capture's timestamp, from the first packet's
    std::uint32_t packet = 0;      // its packet number in the file, from 1
    std::uint32_t connection = 0;  // index into Capture::connections
    std::uint32_t seq = 0, ack = 0;
    std::uint32_t payload = 0;     // TCP payload bytes, from the IP length
    std::uint16_t window = 0;      // as sent (unscaled)
    std::uint8_t flags = 0;        // FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20
    std::uint8_t from_b = 0;       // 0: sent by the connection's `a`, 1: by `b`
    // A SYN's window scale option (RFC 7323 §2.2), kNoWindowScale when it has none or is no SYN.
    std::uint8_t wscale = 0xFF;
};
inline constexpr std::uint8_t kNoWindowScale = 0xFF;

struct CapturedConnection {
    std::uint32_t id = 0;
    CaptureEnd a, b;               // `a` sent the first SYN (or, mid-connection, the first segment)
    std::uint32_t segments = 0;
    std::uint32_t first_segment = 0;   // index into Capture::segments
    bool from_syn = false;         // the capture saw its first SYN
};

struct Capture {
    std::string file;
    int link_type = 0;             // the file's DLT_ value
    std::uint64_t packets = 0;     // every packet, TCP or not
    std::uint64_t not_tcp = 0;     // of them, not TCP over IPv4 or IPv6 (ARP, UDP, fragments...)
    std::vector<CapturedSegment> segments;        // in file order
    std::vector<CapturedConnection> connections;  // in order of their first segment
};

// A capture that cannot be read: the file, and the packet number where known (0: the file
// itself, such as a wrong magic number or an unknown link type).
class CaptureError : public std::runtime_error {
public:
    CaptureError(std::string file, std::uint64_t packet, const std::string& message);
    [[nodiscard]] const std::string& file() const { return m_file; }
    [[nodiscard]] std::uint64_t packet() const { return m_packet; }

private:
    std::string m_file;
    std::uint64_t m_packet;
};

// Whether the file starts as a pcap or pcapng file does (by its first four bytes).
bool looksLikeCapture(const std::string& path);
// Whether `path` is to be read as a capture: named .pcap or .pcapng (libpcap then says what is
// wrong with one that is not), or a file that looks like one.
bool isCapturePath(const std::string& path);

// Reads the whole file. `progress`, when given, is told the packets read so far now and then
// and may return false to stop (then CaptureError "cancelled").
Capture readCapture(const std::string& path, const std::function<bool(std::uint64_t)>& progress = {});
// The same from the bytes of a file (`name` for the errors).
Capture readCaptureBytes(const std::string& bytes, const std::string& name);

}  // namespace tcpviz::core
