// Wireshark's TCP analysis marks and tcp.completeness (issue 17), on the real captures taken here
// (tests/data/captures/README.md says how) and on small connections built in code. The packet
// numbers and counts are those tshark 4.0.17 gives for the same files; CaptureTshark compares
// every segment with tshark itself. The hand-made connections were written as pcap files once and
// read by tshark too: each expectation below is what tshark said, quirks included.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "core/capture/analysis.h"

namespace tcpviz::core {
namespace {

const std::string kDir = TCPVIZ_TEST_DATA "/captures/";

constexpr std::uint8_t kF = 0x01, kS = 0x02, kR = 0x04, kA = 0x10;

// "retransmission fast_retransmission #3": a segment's marks by their Wireshark names, and the
// n of "duplicate ACK n"; "" for none.
std::string marksOf(const SegmentAnalysis& a) {
    std::string out;
    for (std::string_view n : analysisMarkNames(a.marks)) out += (out.empty() ? "" : " ") + std::string(n);
    if (a.dup_ack) out += " #" + std::to_string(a.dup_ack);
    return out;
}

struct Analyzed {
    Capture capture;
    std::vector<SegmentAnalysis> analysis;

    // The marks of the segment with this packet number.
    [[nodiscard]] std::string at(std::uint32_t packet) const {
        for (std::size_t i = 0; i < capture.segments.size(); ++i)
            if (capture.segments[i].packet == packet) return marksOf(analysis[i]);
        ADD_FAILURE() << "no TCP segment is packet " << packet;
        return "?";
    }
    // How many segments carry `mark`.
    [[nodiscard]] std::size_t count(std::uint16_t mark) const {
        std::size_t n = 0;
        for (const SegmentAnalysis& a : analysis) n += (a.marks & mark) ? 1 : 0;
        return n;
    }
};

Analyzed analyzeFile(const std::string& name) {
    Analyzed out{readCapture(kDir + name), {}};
    out.analysis = analyzeCapture(out.capture);
    EXPECT_EQ(out.analysis.size(), out.capture.segments.size());
    return out;
}

// A segment of a hand-made connection: `b` 0 from the client (port 40000), 1 from the server.
struct Seg {
    TimeUs time = 0;
    std::uint8_t b = 0;
    std::uint32_t seq = 0, ack = 0;
    std::uint8_t flags = kA;
    std::uint16_t window = 512;
    std::uint32_t len = 0;
    std::uint8_t wscale = kNoWindowScale;
};

Analyzed handMade(const std::vector<Seg>& segs) {
    Analyzed out;
    out.capture.file = "hand-made";
    CapturedConnection& c = out.capture.connections.emplace_back();
    c.from_syn = !segs.empty() && (segs.front().flags & (kS | kA)) == kS;
    for (const Seg& s : segs) {
        out.capture.segments.push_back({.time = s.time,
                                        .packet = static_cast<std::uint32_t>(out.capture.segments.size() + 1),
                                        .connection = 0,
                                        .seq = s.seq,
                                        .ack = s.ack,
                                        .payload = s.len,
                                        .window = s.window,
                                        .flags = s.flags,
                                        .from_b = s.b,
                                        .wscale = s.wscale});
    }
    c.segments = static_cast<std::uint32_t>(segs.size());
    out.capture.packets = segs.size();
    out.analysis = analyzeCapture(out.capture);
    return out;
}

constexpr std::uint32_t kC = 1000, kSv = 5000;   // the ISNs of the hand-made connections

// The handshake, window scale 7 both ways unless told.
std::vector<Seg> handshake(std::uint8_t client_ws = 7, std::uint8_t server_ws = 7, std::uint16_t server_window = 65535) {
    return {{.time = 0, .b = 0, .seq = kC, .ack = 0, .flags = kS, .window = 65535, .wscale = client_ws},
            {.time = 100, .b = 1, .seq = kSv, .ack = kC + 1, .flags = kS | kA, .window = server_window, .wscale = server_ws},
            {.time = 200, .b = 0, .seq = kC + 1, .ack = kSv + 1}};
}

// The segments of `a`, then those of `b`.
std::vector<Seg> after(std::vector<Seg> a, std::initializer_list<Seg> b) {
    a.insert(a.end(), b);
    return a;
}

// --- The real captures ---------------------------------------------------------------------

TEST(CaptureAnalysis, aCleanConnectionHasNoMarksAndItsCompleteness) {
    struct Case {
        const char* file;
        std::vector<unsigned> completeness;   // per connection, as tshark -2 -e tcp.completeness
    };
    for (const Case& k : {Case{"handshake-teardown.pcap", {31}}, Case{"handshake-teardown.pcapng", {31}},
                          Case{"ipv6.pcap", {31}}, Case{"any-sll2.pcap", {31}},
                          // SYN, then the RST,ACK that refuses it: an ACK without data counts as one.
                          Case{"refused.pcap", {kCompleteSyn | kCompleteAck | kCompleteRst}},
                          Case{"port-reuse.pcap", {31, 31}},
                          // From packet 4: no SYN, so ACK | DATA | FIN.
                          Case{"mid-connection.pcap", {kCompleteAck | kCompleteData | kCompleteFin}}}) {
        SCOPED_TRACE(k.file);
        const Analyzed a = analyzeFile(k.file);
        EXPECT_EQ(a.count(0xFFFF), 0u);
        ASSERT_EQ(a.capture.connections.size(), k.completeness.size());
        for (std::uint32_t c = 0; c < k.completeness.size(); ++c)
            EXPECT_EQ(connectionCompleteness(a.capture, c), k.completeness[c]) << "connection " << c;
    }
    EXPECT_EQ(connectionCompleteness(readCapture(kDir + "refused.pcap"), 7), 0u);   // no such connection
}

// handshake-teardown.pcap without its packet 6, the first 155 bytes of the answer: the client
// acknowledges them unseen, the rest of the answer starts past a hole, and the client's ACK of it
// is said to acknowledge unseen data again (tshark 4.0 does, the other side having sent since).
TEST(CaptureAnalysis, aSegmentTheCaptureMissed) {
    const Analyzed a = analyzeFile("ack-unseen.pcap");
    EXPECT_EQ(a.at(6), "ack_lost_segment");
    EXPECT_EQ(a.at(7), "lost_segment");
    EXPECT_EQ(a.at(8), "ack_lost_segment");
    EXPECT_EQ(a.count(0xFFFF), 3u);
    EXPECT_EQ(connectionCompleteness(a.capture, 0), 31u);
}

// 200 kB through a token bucket that drops what overflows it: tcpdump sees a segment only if it
// got through, so a drop shows first as "previous segment not captured", then the receiver's
// duplicate ACKs (SACK), then the retransmission; the first three duplicate ACKs bring a fast one.
TEST(CaptureAnalysis, lossOnLoopback) {
    const Analyzed a = analyzeFile("retransmission.pcap");
    EXPECT_EQ(a.at(13), "");
    EXPECT_EQ(a.at(14), "lost_segment");
    EXPECT_EQ(a.at(22), "window_update");
    EXPECT_EQ(a.at(24), "window_update");
    EXPECT_EQ(a.at(25), "duplicate_ack #1");
    EXPECT_EQ(a.at(29), "duplicate_ack #5");
    EXPECT_EQ(a.at(30), "retransmission fast_retransmission");
    EXPECT_EQ(a.at(31), "retransmission");
    EXPECT_EQ(a.at(34), "lost_segment");
    EXPECT_EQ(a.at(46), "retransmission fast_retransmission");
    EXPECT_EQ(a.at(85), "duplicate_ack #13");   // counted on while the ACK stays the same
    EXPECT_EQ(a.count(kRetransmission), 33u);
    EXPECT_EQ(a.count(kFastRetransmission), 4u);
    EXPECT_EQ(a.count(kDuplicateAck), 31u);
    EXPECT_EQ(a.count(kLostSegment), 11u);
    EXPECT_EQ(a.count(kWindowUpdate), 16u);
    EXPECT_EQ(a.count(kSpuriousRetransmission | kOutOfOrder | kZeroWindow | kKeepAlive | kAckLostSegment), 0u);
    EXPECT_EQ(connectionCompleteness(a.capture, 0), 31u);
}

// Three connections both ways through the same bucket: the losses are recovered quickly enough
// that some retransmissions come within an RTT of the highest segment (out of order), and one
// resends data already acknowledged (spurious).
TEST(CaptureAnalysis, threeLossyConnections) {
    const Analyzed a = analyzeFile("loss-three-connections.pcap");
    ASSERT_EQ(a.capture.connections.size(), 3u);
    EXPECT_EQ(a.at(37), "retransmission fast_retransmission");
    EXPECT_EQ(a.at(508), "retransmission spurious_retransmission");
    EXPECT_EQ(a.at(535), "out_of_order");
    EXPECT_EQ(a.count(kOutOfOrder), 23u);
    EXPECT_EQ(a.count(kSpuriousRetransmission), 1u);
    EXPECT_EQ(a.count(kFastRetransmission), 17u);
    EXPECT_EQ(a.count(kRetransmission), 144u);   // the fast and the spurious ones among them
    for (std::uint32_t c = 0; c < 3; ++c) EXPECT_EQ(connectionCompleteness(a.capture, c), 31u);
}

// A receiver with a 2 kB buffer that does not read for 1.5 s: each send fills its window (window
// full), it answers with a zero window, and the sender probes. Linux probes with no data one
// byte back (tcp_write_wakeup), which Wireshark names keep-alives, not zero window probes.
TEST(CaptureAnalysis, aZeroWindowOnLoopback) {
    const Analyzed a = analyzeFile("zero-window.pcap");
    EXPECT_EQ(a.at(5), "");
    EXPECT_EQ(a.at(6), "window_full");    // 1024 bytes to the right edge of the 1024 announced
    EXPECT_EQ(a.at(7), "zero_window");
    EXPECT_EQ(a.at(8), "keep_alive");     // the probe
    EXPECT_EQ(a.at(9), "zero_window");    // its answer: still 0, so neither an ACK to a keep-alive nor a duplicate
    EXPECT_EQ(a.at(10), "keep_alive");
    EXPECT_EQ(a.at(11), "window_update"); // the application reads
    EXPECT_EQ(a.at(12), "window_full");
    EXPECT_EQ(a.at(39), "");              // the FIN with the last bytes
    EXPECT_EQ(a.count(kZeroWindow), 11u);
    EXPECT_EQ(a.count(kWindowFull), 10u);
    EXPECT_EQ(a.count(kWindowUpdate), 10u);
    EXPECT_EQ(a.count(kKeepAlive), 2u);
    EXPECT_EQ(a.count(kZeroWindowProbe | kZeroWindowProbeAck), 0u);
}

// SO_KEEPALIVE with TCP_KEEPIDLE and TCP_KEEPINTVL of 1 s on an idle connection.
TEST(CaptureAnalysis, keepAlivesOnLoopback) {
    const Analyzed a = analyzeFile("keep-alive.pcap");
    for (std::uint32_t p : {8u, 10u, 12u}) EXPECT_EQ(a.at(p), "keep_alive") << p;
    for (std::uint32_t p : {9u, 11u, 13u}) EXPECT_EQ(a.at(p), "keep_alive_ack") << p;
    EXPECT_EQ(a.count(0xFFFF), 6u);
    EXPECT_EQ(connectionCompleteness(a.capture, 0), 31u);
}

// --- Hand-made connections -----------------------------------------------------------------

// A 1-byte probe into a zero window, as Windows sends them, and the receiver's answers.
TEST(CaptureAnalysis, aZeroWindowProbeAndItsAck) {
    const Analyzed a = handMade(after(handshake(kNoWindowScale, kNoWindowScale), {{.time = 1000, .b = 0, .seq = kC + 1, .ack = kSv + 1, .len = 100},
                                 {.time = 1100, .b = 1, .seq = kSv + 1, .ack = kC + 101, .window = 0},
                                 {.time = 300000, .b = 0, .seq = kC + 101, .ack = kSv + 1, .len = 1},
                                 {.time = 300100, .b = 1, .seq = kSv + 1, .ack = kC + 101, .window = 0},
                                 {.time = 600000, .b = 0, .seq = kC + 101, .ack = kSv + 1, .len = 1},
                                 {.time = 700000, .b = 1, .seq = kSv + 1, .ack = kC + 101, .window = 4096},
                                 {.time = 700100, .b = 0, .seq = kC + 101, .ack = kSv + 1, .len = 100}}));
    EXPECT_EQ(a.at(5), "zero_window");
    EXPECT_EQ(a.at(6), "zero_window_probe");
    EXPECT_EQ(a.at(7), "zero_window zero_window_probe_ack");
    EXPECT_EQ(a.at(8), "zero_window_probe");   // the probe's byte was not taken: the same seq again
    EXPECT_EQ(a.at(9), "window_update");
    EXPECT_EQ(a.at(10), "");                   // the data resumes at the probe's seq: no retransmission
}

// No handshake: no RTT, so out of order means within 3 ms of the highest segment; no window
// scale known, so no window full.
TEST(CaptureAnalysis, fromTheMiddleOfAConnection) {
    const Analyzed a = handMade({{.time = 0, .b = 0, .seq = kC + 1, .ack = kSv + 1, .window = 100, .len = 1000},
                                 {.time = 100, .b = 1, .seq = kSv + 1, .ack = kC + 1001, .window = 1000},
                                 {.time = 200, .b = 0, .seq = kC + 1001, .ack = kSv + 1, .window = 100, .len = 1000},
                                 {.time = 300, .b = 0, .seq = kC + 3001, .ack = kSv + 1, .window = 100, .len = 1000},
                                 {.time = 2300, .b = 0, .seq = kC + 2001, .ack = kSv + 1, .window = 100, .len = 1000},
                                 {.time = 7300, .b = 0, .seq = kC + 2001, .ack = kSv + 1, .window = 100, .len = 1000},
                                 {.time = 7400, .b = 1, .seq = kSv + 1, .ack = kC + 4001, .window = 1000},
                                 {.time = 8000, .b = 0, .seq = kC + 4000, .ack = kSv + 1, .window = 100, .len = 1},
                                 {.time = 8100, .b = 1, .seq = kSv + 1, .ack = kC + 4001, .window = 1000}});
    EXPECT_EQ(a.at(3), "");   // 1000 bytes to the edge of a 1000-byte window, but of unknown scale
    EXPECT_EQ(a.at(4), "lost_segment");
    EXPECT_EQ(a.at(5), "out_of_order");     // 2 ms after the highest
    EXPECT_EQ(a.at(6), "retransmission");   // 7 ms after it
    EXPECT_EQ(a.at(8), "keep_alive");       // one byte, one byte back
    EXPECT_EQ(a.at(9), "keep_alive_ack");
    // Wireshark counts a conversation's first segment only when it is a SYN.
    EXPECT_EQ(connectionCompleteness(a.capture, 0), kCompleteAck | kCompleteData);
}

// With a handshake the threshold is its RTT (here 200 µs); a spurious retransmission is told
// before an out-of-order one, and a FIN sent again is a retransmission (its +1 counted).
TEST(CaptureAnalysis, theRttOfTheHandshakeAndWhatIsToldFirst) {
    const Analyzed spurious = handMade(after(handshake(), {{.time = 1000, .b = 0, .seq = kC + 1, .ack = kSv + 1, .len = 1000},
                                                       {.time = 1050, .b = 1, .seq = kSv + 1, .ack = kC + 1001},
                                                       {.time = 1100, .b = 0, .seq = kC + 1, .ack = kSv + 1, .len = 500}}));
    EXPECT_EQ(spurious.at(6), "retransmission spurious_retransmission");
    const Analyzed fin = handMade(after(handshake(), {{.time = 1000, .b = 0, .seq = kC + 1, .ack = kSv + 1, .flags = kF | kA},
                                                  {.time = 1050, .b = 0, .seq = kC + 1, .ack = kSv + 1, .flags = kF | kA}}));
    EXPECT_EQ(fin.at(5), "retransmission");
    const Analyzed ooo = handMade(after(handshake(), {{.time = 1000, .b = 0, .seq = kC + 1001, .ack = kSv + 1, .len = 1000},
                                                  {.time = 1150, .b = 0, .seq = kC + 1, .ack = kSv + 1, .len = 1000},
                                                  {.time = 1500, .b = 0, .seq = kC + 1, .ack = kSv + 1, .len = 1000}}));
    EXPECT_EQ(ooo.at(4), "lost_segment");
    EXPECT_EQ(ooo.at(5), "out_of_order");     // 150 µs after the highest: within the RTT
    EXPECT_EQ(ooo.at(6), "retransmission");   // 500 µs after
}

// RFC 7323 §2.2: scaling only when both SYNs carry the option; and the window of a SYN is never
// scaled, so a first data segment is measured against the SYN,ACK's raw window.
TEST(CaptureAnalysis, windowFullAndTheWindowScale) {
    const auto full = [](std::uint8_t server_ws, std::uint16_t server_window, std::uint32_t len) {
        return handMade(after(handshake(7, server_ws, server_window), {{.time = 300, .b = 0, .seq = kC + 1, .ack = kSv + 1, .len = len}}))
            .at(4);
    };
    EXPECT_EQ(full(7, 100, 100), "window_full");   // the SYN,ACK's 100, not 100 << 7
    EXPECT_EQ(full(1, 100, 200), "");              // nor 100 << 1
    // The server's first ACK after the handshake: its window now scaled by 2^1.
    const Analyzed scaled = handMade(after(handshake(7, 1, 100), {{.time = 300, .b = 1, .seq = kSv + 1, .ack = kC + 1, .window = 100},
                                                              {.time = 400, .b = 0, .seq = kC + 1, .ack = kSv + 1, .len = 200}}));
    EXPECT_EQ(scaled.at(5), "window_full");
    // The SYN twice, a SYN,ACK without the option: no scaling at all, and a FIN twice, then RST.
    const Analyzed off = handMade({{.time = 0, .b = 0, .seq = kC, .flags = kS, .window = 65535, .wscale = 7},
                                   {.time = 1000000, .b = 0, .seq = kC, .flags = kS, .window = 65535, .wscale = 7},
                                   {.time = 1000100, .b = 1, .seq = kSv, .ack = kC + 1, .flags = kS | kA, .window = 300},
                                   {.time = 1000200, .b = 0, .seq = kC + 1, .ack = kSv + 1},
                                   {.time = 1000300, .b = 1, .seq = kSv + 1, .ack = kC + 1, .window = 200},
                                   {.time = 1000400, .b = 0, .seq = kC + 1, .ack = kSv + 1, .len = 200},
                                   {.time = 1000500, .b = 0, .seq = kC + 201, .ack = kSv + 1, .flags = kF | kA},
                                   {.time = 1000600, .b = 0, .seq = kC + 201, .ack = kSv + 1, .flags = kF | kA},
                                   {.time = 1000700, .b = 1, .seq = kSv + 1, .ack = kC + 202, .flags = kR | kA, .window = 0}});
    EXPECT_EQ(off.at(2), "retransmission");   // the SYN again
    EXPECT_EQ(off.at(5), "window_update");
    EXPECT_EQ(off.at(6), "window_full");      // 200 bytes into the raw 200
    EXPECT_EQ(off.at(8), "retransmission");
    EXPECT_EQ(off.at(9), "");                 // an RST is never a zero window
    EXPECT_EQ(connectionCompleteness(off.capture, 0), 63u);
}

// ACKs of data the capture never saw, and how often Wireshark says so: once for a hole, again
// once the other side has sent past another; a duplicate ACK after it is the first.
TEST(CaptureAnalysis, ackedUnseenSegments) {
    const Analyzed a = handMade(after(handshake(), {{.time = 1000, .b = 0, .seq = kC + 1, .ack = kSv + 101},
                                                {.time = 1100, .b = 0, .seq = kC + 1, .ack = kSv + 101},
                                                {.time = 1200, .b = 0, .seq = kC + 1, .ack = kSv + 101},
                                                {.time = 1300, .b = 1, .seq = kSv + 101, .ack = kC + 1, .len = 10},
                                                {.time = 1400, .b = 0, .seq = kC + 1, .ack = kSv + 111}}));
    EXPECT_EQ(a.at(4), "ack_lost_segment");
    EXPECT_EQ(a.at(5), "duplicate_ack #1");   // not said again for the same hole
    EXPECT_EQ(a.at(6), "duplicate_ack #2");
    EXPECT_EQ(a.at(7), "lost_segment");
    EXPECT_EQ(a.at(8), "ack_lost_segment");   // tshark 4.0 says it again here
    const Analyzed b = handMade(after(handshake(), {{.time = 1000, .b = 1, .seq = kSv + 1, .ack = kC + 101},
                                                {.time = 1100, .b = 0, .seq = kC + 101, .ack = kSv + 1},
                                                {.time = 1200, .b = 0, .seq = kC + 101, .ack = kSv + 1},
                                                {.time = 1300, .b = 0, .seq = kC + 101, .ack = kSv + 1}}));
    EXPECT_EQ(b.at(4), "ack_lost_segment");
    EXPECT_EQ(b.at(5), "lost_segment");
    EXPECT_EQ(b.at(6), "duplicate_ack #1");
    EXPECT_EQ(b.at(7), "duplicate_ack #2");
}

// Wireshark lists at most 10000 unacknowledged segments a direction; a FIN past them does not
// count its sequence number, so the ACK after it looks as if something was not captured.
TEST(CaptureAnalysis, tenThousandUnacknowledgedSegments) {
    const auto lastAfter = [](std::uint32_t n) {
        std::vector<Seg> segs{{.time = 0, .b = 0, .seq = kC, .flags = kS, .window = 65535}};
        for (std::uint32_t i = 0; i < n; ++i) segs.push_back({.time = 10 + i, .b = 0, .seq = kC + 1 + i, .ack = kSv + 1, .len = 1});
        segs.push_back({.time = 20000, .b = 0, .seq = kC + 1 + n, .ack = kSv + 1, .flags = kF | kA});
        segs.push_back({.time = 20001, .b = 0, .seq = kC + 2 + n, .ack = kSv + 1});
        const Analyzed a = handMade(segs);
        return marksOf(a.analysis.back());
    };
    EXPECT_EQ(lastAfter(9999), "lost_segment");        // the SYN and 9999: the FIN is the 10001st
    EXPECT_EQ(lastAfter(9998), "duplicate_ack #1");    // the FIN counted: the same ACK again
}

TEST(CaptureAnalysis, theMarksWiresharkNames) {
    EXPECT_TRUE(analysisMarkNames(0).empty());
    EXPECT_EQ(analysisMarkNames(kRetransmission | kFastRetransmission),
              (std::vector<std::string_view>{"retransmission", "fast_retransmission"}));
    const std::vector<std::string_view> all = analysisMarkNames(0xFFFF);
    ASSERT_EQ(all.size(), 14u);
    EXPECT_EQ(all.front(), "retransmission");
    EXPECT_EQ(all[6], "zero_window_probe");
    EXPECT_EQ(all.back(), "ack_lost_segment");
    EXPECT_EQ(analysisMarkNames(kAckLostSegment), (std::vector<std::string_view>{"ack_lost_segment"}));
}

// A connection whose first captured segment is its SYN,ACK: Wireshark does not count it.
TEST(CaptureAnalysis, completenessWithoutTheSyn) {
    const Analyzed a = handMade({{.time = 0, .b = 1, .seq = kSv, .ack = kC + 1, .flags = kS | kA, .window = 65535},
                                 {.time = 100, .b = 0, .seq = kC + 1, .ack = kSv + 1},
                                 {.time = 200, .b = 0, .seq = kC + 1, .ack = kSv + 1, .flags = kF | kA}});
    EXPECT_EQ(connectionCompleteness(a.capture, 0), kCompleteAck | kCompleteFin);
}

}  // namespace
}  // namespace tcpviz::core
