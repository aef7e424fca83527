#pragma once
// The TCP segment in one captured frame, as both passes over a capture read it: the first
// (readCapture) keeps a compact record, the second (traceOfCapture) the whole header.
// Internal to core/capture.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/capture/capture.h"

namespace tcpviz::core::capture_detail {

// Big-endian fields of a header.
inline std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
inline std::uint32_t be32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

struct TcpFrame {
    CaptureEnd from, to;
    CapturedSegment segment;      // time, packet and connection are the caller's to fill
    std::size_t tcp = 0;          // where the TCP header starts in the frame
    std::size_t tcp_length = 0;   // the TCP header and payload, by the IP header's length
    std::size_t header = 0;       // the TCP header's length, options included
};

// The TCP segment of a frame of link type `link` (a DLT_ value), if it is one (over IPv4 or
// IPv6, a first fragment, its TCP header captured). `n` is the bytes captured.
std::optional<TcpFrame> tcpFrame(int link, const std::uint8_t* frame, std::size_t n);

// Whether the reader knows the link type.
bool knownLinkType(int link);

// A capture to read: the file `name`, or, when `bytes` is given, those bytes (`name` then only
// names them in errors).
struct FrameSource {
    std::string name;
    const std::string* bytes = nullptr;
};
// Called for every packet in file order: the link type, its number from 1, its timestamp (µs
// since the epoch), the bytes captured and where they are. False stops the reading.
using FrameVisitor = std::function<bool(int link, std::uint64_t packet, std::int64_t time_us, std::size_t captured,
                                        const std::uint8_t* frame)>;
// Reads the capture through `visit`; returns its link type. Throws CaptureError (the file and
// the packet) for a file libpcap cannot read, or of a link type the reader does not know.
int visitFrames(const FrameSource& source, const FrameVisitor& visit);

}  // namespace tcpviz::core::capture_detail
