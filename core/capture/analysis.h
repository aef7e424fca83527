#pragma once
// Wireshark's TCP analysis of a capture (issue 17): the tcp.analysis.* marks that its
// tcp_analyze_sequence_number() (epan/dissectors/packet-tcp.c, Wireshark 4.0) puts on each
// segment, and each connection's tcp.completeness, so that a capture reads here as it does in
// Wireshark ("[TCP Retransmission]", "[TCP Dup ACK 12#3]", "[TCP ZeroWindow]"...).
//
// The analysis is Wireshark's heuristics, not the truth: it sees only what the capture point saw
// (a segment lost before it reads as "previous segment not captured", one lost after it as a
// retransmission later), and it keeps Wireshark's quirks where they decide a mark, so that the
// two agree mark for mark (CaptureTshark checks it against tshark on every committed capture).
// Where they still may not agree:
//  - timestamps: tcpviz reads them in microseconds, Wireshark in nanoseconds (pcapng can carry
//    either), so a gap within a microsecond of the 20 ms or RTT thresholds may fall the other way;
//  - Wireshark's preferences are taken at their defaults (sequence analysis on, "fast
//    retransmission supersedes out-of-order" on, no default window scaling, no MPTCP).
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/capture/capture.h"

namespace tcpviz::core {

// Bits, one per Wireshark tcp.analysis.* field: a bit is set when tshark shows that field on the
// segment. So a fast and a spurious retransmission carry kRetransmission too, as Wireshark's
// tcp.analysis.retransmission matches them both.
enum AnalysisMark : std::uint16_t {
    kRetransmission = 1 << 0,
    kFastRetransmission = 1 << 1,
    kSpuriousRetransmission = 1 << 2,
    kDuplicateAck = 1 << 3,
    kOutOfOrder = 1 << 4,
    kZeroWindow = 1 << 5,
    kZeroWindowProbe = 1 << 6,
    kZeroWindowProbeAck = 1 << 7,
    kWindowUpdate = 1 << 8,
    kWindowFull = 1 << 9,
    kKeepAlive = 1 << 10,
    kKeepAliveAck = 1 << 11,
    kLostSegment = 1 << 12,      // "previous segment not captured"
    kAckLostSegment = 1 << 13,   // "ACKed unseen segment"
};

struct SegmentAnalysis {
    std::uint16_t marks = 0;     // AnalysisMark bits
    std::uint16_t dup_ack = 0;   // n of "duplicate ACK n" (tcp.analysis.duplicate_ack_num), 0 if none
    bool operator==(const SegmentAnalysis&) const = default;
};

// One entry per Capture::segments entry, in the same order: every connection in one pass over
// the segments, in time linear in their number.
std::vector<SegmentAnalysis> analyzeCapture(const Capture& capture);

// The Wireshark field names of the marks, in bit order: "retransmission", "fast_retransmission",
// ... "ack_lost_segment" (each the tcp.analysis.<name> field).
std::vector<std::string_view> analysisMarkNames(std::uint16_t marks);

// Wireshark's tcp.completeness bits for one connection, as they stand after its last segment:
// SYN 1, SYN,ACK 2, a segment with ACK and no data 4, with data 8, FIN with ACK 16, RST 32.
// As Wireshark, the connection's first segment counts only if it is a SYN (a capture from the
// middle of a connection, or one that starts at its SYN,ACK, lacks that segment's bits).
enum Completeness : std::uint8_t {
    kCompleteSyn = 1,
    kCompleteSynAck = 2,
    kCompleteAck = 4,
    kCompleteData = 8,
    kCompleteFin = 16,
    kCompleteRst = 32,
};
std::uint8_t connectionCompleteness(const Capture& capture, std::uint32_t connection);

}  // namespace tcpviz::core
