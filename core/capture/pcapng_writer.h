#pragma once
// Captures (issue 17): a simulated trace written as a pcapng file that Wireshark, tshark and
// tcpviz's own reader open (draft-ietf-opsawg-pcapng). libpcap (1.10) writes only classic pcap,
// which has one interface and no comments, so the blocks are written here.
//
// The file: a Section Header Block (shb_userappl "tcpviz"), an Interface Description Block for
// each sender (raw IPv4, LINKTYPE_IPV4; microsecond timestamps), a Decryption Secrets Block
// with the TLS key log when the trace's programs spoke TLS (so that Wireshark decrypts it
// unasked), and an Enhanced Packet Block for each segment sent, in time order, on its sender's
// interface. Each frame is an IPv4 header
// (DF set, TTL 64, a checksum, an identification counting up per sender) and the segment's TCP
// header, options and payload bytes, as serialize() gives them. A frame's comment says why a
// segment that is not an ordinary one was sent: "tcpviz segment 7: retransmission (timeout)".
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/trace/trace.h"

namespace tcpviz::core {

// A pcapng file put together block by block, in memory: a Section Header Block (its comment,
// shb_userappl "tcpviz"), then Interface Description Blocks (raw IPv4, microsecond timestamps)
// and Enhanced Packet Blocks in the order they are added.
class PcapngBuilder {
public:
    explicit PcapngBuilder(std::string_view comment = {}, std::size_t reserve = 4096);
    // A new interface, numbered from 0 in the order added.
    std::uint32_t addInterface(std::string_view name, std::string_view description);
    // A frame (an IPv4 packet) on `interface` at `time_us` µs since 1970, with a comment when
    // one is given. std::invalid_argument for an interface not added.
    void addPacket(std::uint32_t interface, std::uint64_t time_us, std::span<const std::uint8_t> frame,
                   std::string_view comment = {});
    // A Decryption Secrets Block of TLS key log lines (SSLKEYLOGFILE format, each ending in a
    // newline), with which Wireshark decrypts the TLS of the packets after it.
    void addTlsKeyLog(std::string_view lines);
    [[nodiscard]] const std::string& bytes() const { return m_bytes; }
    [[nodiscard]] std::string take() { return std::move(m_bytes); }

private:
    std::string m_bytes;
    std::uint32_t m_interfaces = 0;
};

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
// The trace's TLS key log as an SSLKEYLOGFILE's text (one line each); empty without TLS.
std::string keyLogOf(const Trace& trace);

// Writes a capture's bytes to `path` the same way.
void writeCaptureFile(const std::string& bytes, const std::string& path);

}  // namespace tcpviz::core
