#pragma once
// Captures (issue 17): a simulated trace written as a pcapng file that Wireshark, tshark and
// tcpviz's own reader open (draft-ietf-opsawg-pcapng). libpcap (1.10) writes only classic pcap,
// which has one interface and no comments, so the blocks are written here.
//
// The file: a Section Header Block (shb_userappl "tcpviz"), an Interface Description Block for
// each sender (raw IPv4, LINKTYPE_IPV4; microsecond timestamps), and an Enhanced Packet Block
// for each segment sent, in time order, on its sender's interface. Each frame is an IPv4 header
// (DF set, TTL 64, a checksum, an identification counting up per sender) and the segment's TCP
// header, options and payload bytes, as serialize() gives them. A frame's comment says why a
// segment that is not an ordinary one was sent: "tcpviz segment 7: retransmission (timeout)".
#include <cstdint>
#include <string>

#include "core/trace/trace.h"

namespace tcpviz::core {

struct PcapngOptions {
    std::int64_t epoch_us = 0;   // added to every simulated time (µs since 1970-01-01 UTC)
};

// The trace's segments as pcapng bytes: one interface per direction of a two-endpoint trace
// ("A → B", described with the endpoints' names, addresses and ports), or per sending host of a
// trace of hosts (a SYN flood's spoofed sources share one, "spoofed"); each segment a frame on
// its sender's interface at its send time, dropped ones included (they were sent).
//
// A segment's checksum is the one the trace holds, which verifies for every segment a simulator
// sent, but for one the scenario injected with a bad checksum on purpose; a segment built by
// hand whose checksum or data offset is not set gets them here. A segment too long for an IPv4
// packet (an MSS above 65,495) gets total length 0, as a capture of TCP segmentation offload
// shows (Wireshark takes the frame's length instead). Throws std::invalid_argument when a time
// plus `epoch_us` is before 1970.
std::string pcapngOfTrace(const Trace& trace, const PcapngOptions& options = {});

// Writes pcapngOfTrace(trace, options) to `path`: all of it or, on a failure, nothing (through
// writeFileAtomically, core/io/atomic_file.h). A path that names a device or a pipe
// (/dev/stdout) is written into instead of replaced. Throws FileWriteError, a
// std::runtime_error: "cannot write /x/trace.pcapng: No such file or directory".
void writePcapng(const Trace& trace, const std::string& path, const PcapngOptions& options = {});

}  // namespace tcpviz::core
