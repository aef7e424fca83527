#include "core/capture/analysis.h"

#include <algorithm>
#include <array>
#include <limits>
#include <set>

namespace tcpviz::core {

namespace {

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10;

// Sequence numbers compared modulo 2^32 (RFC 9293 §3.4), as Wireshark's LT_SEQ, GT_SEQ, LE_SEQ.
bool seqLt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }
bool seqGt(std::uint32_t a, std::uint32_t b) { return seqLt(b, a); }
bool seqLe(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) <= 0; }

// Wireshark measures "within 20 ms", "within the RTT" as an unsigned difference: a timestamp that
// goes backwards is never within anything.
std::uint64_t elapsed(TimeUs now, TimeUs then) { return static_cast<std::uint64_t>(now - then); }

// Before a flow's first segment its times are Wireshark's zero, that is the epoch: long before
// any packet.
constexpr TimeUs kLongAgo = std::numeric_limits<TimeUs>::min() / 4;

constexpr std::uint64_t kFastRetransmissionUs = 20'000;   // after the last duplicate ACK
constexpr std::uint64_t kOutOfOrderNoRttUs = 3'000;       // when the handshake gave no RTT
// Wireshark stops listing a direction's unacknowledged segments at this many
// (TCP_MAX_UNACKED_SEGMENTS); past it, a SYN or FIN no longer counts its sequence number.
constexpr std::size_t kMaxUnacked = 10'000;

// A window scale as Wireshark keeps it: a shift, or not known yet (no SYN seen), or off (a SYN
// without the option: RFC 7323 §2.2 scales only when both sides sent it).
constexpr int kScaleUnknown = -1, kScaleOff = -2;

// One direction of a connection: what its sender has sent so far. Wireshark takes 0 in
// next_seq, max_to_ack and last_ack for "none yet", so a sequence number that really is 0
// reads as none there too; that is kept, for the marks to agree.
struct Flow {
    std::uint32_t next_seq = 0;       // the highest seq + length seen (nextseq)
    TimeUs next_seq_time = kLongAgo;
    std::uint32_t max_to_ack = 0;     // the end of the data seen without a hole (maxseqtobeacked)
    std::uint32_t last_ack = 0;       // the ack field of its last segment
    TimeUs last_ack_time = kLongAgo;
    std::uint32_t window = 0xFFFFFFFF;   // the raw window of its last segment; none yet
    int scale = kScaleUnknown;
    bool window_from_syn = false;     // its window is still the SYN's, which is never scaled
    int dup_acks = 0;                 // -1: just acknowledged data not captured (see below)
    std::uint16_t last_marks = 0;     // of its last segment
    std::uint32_t base_seq = 0;       // its ISN, or the seq before its first segment
    bool base_known = false;
    // The end (seq + length) of each segment sent and not yet acknowledged by the other side,
    // only counted (Wireshark's list of them, at most kMaxUnacked).
    std::multiset<std::uint32_t> unacked;
};

struct Connection {
    std::array<Flow, 2> flow;         // indexed by CapturedSegment::from_b
    bool syn_seen = false;
    TimeUs last_syn = 0;              // the latest SYN (not SYN,ACK)
    TimeUs first_rtt = 0;             // from that SYN to the first ACK; 0: not known
};

// Removes from `flow.unacked` every segment that `ack` acknowledges whole: those ending at or
// before it, modulo 2^32 — the half of the sequence space behind `ack`.
void acknowledge(Flow& flow, std::uint32_t ack) {
    std::multiset<std::uint32_t>& u = flow.unacked;
    if (u.empty()) return;
    const std::uint32_t from = ack - 0x8000'0000u;
    if (from <= ack) {
        u.erase(u.lower_bound(from), u.upper_bound(ack));
    } else {   // the half wraps past 0
        u.erase(u.begin(), u.upper_bound(ack));
        u.erase(u.lower_bound(from), u.end());
    }
}

// One segment through Wireshark's checks, in their order: each names the mark it sets, and
// those that end the checks of this direction end them here too.
SegmentAnalysis analyze(Connection& c, const CapturedSegment& s) {
    Flow& fwd = c.flow[s.from_b ? 1 : 0];
    Flow& rev = c.flow[s.from_b ? 0 : 1];
    const std::uint32_t seq = s.seq, ack = s.ack, len = s.payload, window = s.window;
    const std::uint8_t flags = s.flags;
    const bool syn = flags & kSyn, fin = flags & kFin, rst = flags & kRst;
    const bool control = flags & (kSyn | kFin | kRst);
    const bool pure_syn = syn && !(flags & kAck);
    SegmentAnalysis out;
    std::uint16_t& marks = out.marks;

    // The same SYN again on the connection: Wireshark winds next_seq back to the data seen
    // without a hole, since an RST may have carried a seq it never sent (its issue 17616).
    if (pure_syn && fwd.base_known && seq == fwd.base_seq) fwd.next_seq = fwd.max_to_ack;

    // The bases for relative numbers: only the SYN check above uses them.
    if (!fwd.base_known) {
        fwd.base_seq = syn ? seq : seq - 1;
        fwd.base_known = true;
    }
    if (!rev.base_known && (flags & kAck)) {
        rev.base_seq = ack - 1;
        rev.base_known = true;
    }

    // The checks that only repeat what the previous segment said: same seq, same ack, no data.
    const bool repeats = len == 0 && seq == fwd.next_seq && ack == fwd.last_ack && !control;

    // The checks of this direction, in Wireshark's order; each `return` is one of its
    // `goto finished_fwd`, which end them.
    [&] {
        // Zero window probe: one byte at the next sequence number into a window of 0.
        if (len == 1 && seq == fwd.next_seq && rev.window == 0) {
            marks |= kZeroWindowProbe;
            return;
        }
        // Zero window: it announces that it can take nothing.
        if (window == 0 && !control) marks |= kZeroWindow;
        // Lost segment: it starts past the end of everything seen, so something was not captured.
        if (fwd.next_seq != 0 && seqGt(seq, fwd.next_seq) && !rst) marks |= kLostSegment;
        // Keep-alive: 0 or 1 byte one before the next sequence number (RFC 9293 §3.8.4; Linux's
        // zero window probes look the same, and Wireshark names them so).
        if (len <= 1 && seq == fwd.next_seq - 1 && !control) marks |= kKeepAlive;
        // Window update: nothing new but the window.
        if (repeats && window != 0 && window != fwd.window) marks |= kWindowUpdate;
        // Window full: its data reaches the right edge of the receiver's last window, scaled when
        // both SYNs carried the option and that window is not the SYN's own.
        if (len > 0 && rev.scale != kScaleUnknown && !control) {
            const int shift = rev.window_from_syn || rev.scale == kScaleOff ? 0 : rev.scale;
            if (seq + len == rev.last_ack + (rev.window << shift)) marks |= kWindowFull;
        }
        // Keep-alive ACK: the same ACK again, answering a keep-alive.
        if (repeats && window != 0 && window == fwd.window && (rev.last_marks & kKeepAlive)) {
            marks |= kKeepAliveAck;
            return;
        }
        // Zero window probe ACK: the same zero window again, answering a probe.
        if (repeats && window == 0 && window == fwd.window && (rev.last_marks & kZeroWindowProbe)) {
            marks |= kZeroWindowProbeAck;
            return;
        }
        // Duplicate ACK: the same ACK and window again (RFC 5681 §2's, less its "data outstanding").
        if (repeats && window != 0 && window == fwd.window) {
            fwd.dup_acks = fwd.dup_acks == -1 ? 1 : fwd.dup_acks + 1;
            marks |= kDuplicateAck;
            out.dup_ack = static_cast<std::uint16_t>(std::min(fwd.dup_acks, 0xFFFF));
        }
    }();

    if (ack != fwd.last_ack) fwd.dup_acks = 0;

    // ACKed unseen segment: it acknowledges past what the other side was seen to send.
    if (rev.max_to_ack != 0 && seqGt(ack, rev.max_to_ack) && (flags & kAck)) {
        if (seqLt(rev.max_to_ack, rev.next_seq)) {
            // The other side has sent past a hole since: said once for it, and the edge moves on.
            // (tshark 4.0 behaves so; the newer packet-tcp.c tests max > next here.)
            rev.max_to_ack = rev.next_seq;
            marks |= kAckLostSegment;
        } else {
            // The other side may send nothing but ACKs meanwhile; -1 keeps it from saying this
            // again for the same segment, and makes its next duplicate ACK the first.
            if (rev.dup_acks == 0) marks |= kAckLostSegment;
            rev.dup_acks = -1;
        }
    }

    // Retransmission, fast retransmission, spurious retransmission, out of order: a segment that
    // takes sequence space and does not advance it (a keep-alive is none of them).
    if ((len > 0 || syn || fin) && !(marks & kKeepAlive)) {
        bool not_advanced = fwd.next_seq != 0 && seqLt(seq, fwd.next_seq);
        // New data starting one byte back, after a 1-byte zero window probe, advances.
        if (len > 1 && fwd.next_seq - 1 == seq) not_advanced = false;
        const std::uint64_t rtt = c.first_rtt == 0 ? kOutOfOrderNoRttUs : static_cast<std::uint64_t>(c.first_rtt);
        if (len > 0 && rev.last_ack != 0 && seqLe(seq + len, rev.last_ack)) {
            // Spurious: all of it was acknowledged already.
            marks |= kSpuriousRetransmission | kRetransmission;
        } else if (not_advanced && rev.dup_acks >= 2 && rev.last_ack == seq &&
                   elapsed(s.time, rev.last_ack_time) < kFastRetransmissionUs) {
            // Fast: what two or more duplicate ACKs asked for, soon after the last (RFC 5681 §3.2).
            marks |= kFastRetransmission | kRetransmission;
        } else if (not_advanced && elapsed(s.time, fwd.next_seq_time) < rtt &&
                   fwd.next_seq != seq + len + (syn || fin ? 1 : 0)) {
            // Out of order: within an RTT of the highest segment, and not just the last one again.
            marks |= kOutOfOrder;
        } else if (not_advanced) {
            marks |= kRetransmission;
        }
    }

    // What this segment leaves behind.
    std::uint32_t end = seq + len;
    if ((len > 0 || syn || fin) && fwd.unacked.size() < kMaxUnacked) {
        if (syn || fin) ++end;
        fwd.unacked.insert(end);
    }
    // A zero window probe's byte does not move the edge: the receiver had no room for it.
    if (!(marks & kZeroWindowProbe)) {
        if (seqGt(end, fwd.next_seq) || fwd.next_seq == 0) {
            fwd.next_seq = end;
            fwd.next_seq_time = s.time;
        }
        if (seq == fwd.max_to_ack || fwd.max_to_ack == 0) fwd.max_to_ack = fwd.next_seq;
    }
    fwd.window = window;
    fwd.last_ack = ack;   // (even without the ACK bit, as Wireshark)
    fwd.last_ack_time = s.time;
    fwd.last_marks = marks;
    acknowledge(rev, ack);

    // After the analysis, as Wireshark's dissector goes on: the RTT of the handshake, whether the
    // window is still a SYN's, and the window scales (RFC 7323 §2.2: used only when both SYNs
    // carried the option; §2.3: a shift over 14 is taken as 14).
    if (syn) {
        fwd.window_from_syn = true;
        if (pure_syn) {
            c.syn_seen = true;
            c.last_syn = s.time;
        }
    } else if (flags & kAck) {
        if (c.syn_seen && c.first_rtt == 0) c.first_rtt = s.time - c.last_syn;
        fwd.window_from_syn = false;
    }
    if (syn) {
        if (s.wscale != kNoWindowScale) fwd.scale = std::min<int>(s.wscale, 14);
        if (fwd.scale == kScaleUnknown) {
            fwd.scale = rev.scale = kScaleOff;   // this SYN has none: neither side scales
        } else if ((flags & kAck) && rev.scale == kScaleOff) {
            fwd.scale = kScaleOff;               // a SYN,ACK with it, to a SYN without
        }
    }
    return out;
}

}  // namespace

std::vector<SegmentAnalysis> analyzeCapture(const Capture& capture) {
    std::vector<Connection> connections(capture.connections.size());
    std::vector<SegmentAnalysis> out;
    out.reserve(capture.segments.size());
    for (const CapturedSegment& s : capture.segments) {
        if (s.connection >= connections.size()) connections.resize(std::size_t{s.connection} + 1);
        out.push_back(analyze(connections[s.connection], s));
    }
    return out;
}

std::vector<std::string_view> analysisMarkNames(std::uint16_t marks) {
    static constexpr std::array<std::string_view, 14> kNames{
        "retransmission", "fast_retransmission", "spurious_retransmission", "duplicate_ack",
        "out_of_order", "zero_window", "zero_window_probe", "zero_window_probe_ack",
        "window_update", "window_full", "keep_alive", "keep_alive_ack",
        "lost_segment", "ack_lost_segment"};
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (marks & (1u << i)) out.push_back(kNames[i]);
    return out;
}

std::uint8_t connectionCompleteness(const Capture& capture, std::uint32_t connection) {
    if (connection >= capture.connections.size()) return 0;
    const CapturedConnection& c = capture.connections[connection];
    std::uint8_t out = 0;
    std::uint32_t seen = 0;
    for (std::size_t i = c.first_segment; i < capture.segments.size() && seen < c.segments; ++i) {
        const CapturedSegment& s = capture.segments[i];
        if (s.connection != connection) continue;
        const std::uint8_t f = s.flags;
        if (seen++ == 0) {
            // Wireshark counts only a SYN from the first segment of a conversation (with data:
            // TCP Fast Open, RFC 7413); a capture from the middle starts at 0.
            if ((f & (kSyn | kAck)) == kSyn) out |= kCompleteSyn | (s.payload > 0 ? kCompleteData : 0);
            continue;
        }
        if ((f & (kSyn | kAck)) == (kSyn | kAck)) out |= kCompleteSynAck;
        if ((f & (kSyn | kAck)) == kAck) out |= s.payload > 0 ? kCompleteData : kCompleteAck;
        if ((f & (kFin | kAck)) == (kFin | kAck)) out |= kCompleteFin;
        if (f & kRst) out |= kCompleteRst;
    }
    return out;
}

}  // namespace tcpviz::core
