// A captured connection as a trace (issue 17): the segments whole, from the file again; the
// inferred states around them; the checksums checked, offload marked; window scaling from the
// SYNs; a capture written by tcpviz reads back as the trace it came from.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/capture/analysis.h"
#include "core/capture/capture_trace.h"
#include "core/capture/pcapng_writer.h"
#include "core/capture/to_lesson.h"
#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/trace/trace_printers.h"

namespace tcpviz::core {
namespace {

std::string data(const std::string& name) { return std::string(TCPVIZ_TEST_DATA) + "/captures/" + name; }

std::size_t count(const Trace& t, EventKind k) {
    std::size_t n = 0;
    for (const Event& e : t.events) n += e.kind == k ? 1 : 0;
    return n;
}

TEST(CaptureTrace, aHandshakeAndTeardownIsASendAndAnArrivalPerSegmentWithTheStatesBetween) {
    const Trace t = traceOfCaptureFile(data("handshake-teardown.pcap"));
    ASSERT_TRUE(t.capture);
    EXPECT_EQ(t.segments.size(), 12u);   // every one of its 12 packets
    EXPECT_EQ(count(t, EventKind::Send), t.segments.size());
    EXPECT_EQ(count(t, EventKind::Arrive), t.segments.size());
    // Each arrival follows its send at the capture's one timestamp.
    for (std::size_t i = 0; i + 1 < t.events.size(); ++i) {
        if (t.events[i].kind != EventKind::Send) continue;
        EXPECT_EQ(t.events[i + 1].kind, EventKind::Arrive);
        EXPECT_EQ(t.events[i + 1].segment, t.events[i].segment);
        EXPECT_EQ(t.events[i + 1].time, t.events[i].time);
    }
    // The client opened and closed last (CLOSE-WAIT, LAST-ACK); the server closed first.
    EXPECT_EQ(t.initial_states[0], State::Closed);
    EXPECT_EQ(t.initial_states[1], State::Listen);
    const auto last = t.statesAfter(t.events.size());
    EXPECT_EQ(last[0], State::Closed);
    EXPECT_EQ(last[1], State::TimeWait);
    EXPECT_EQ(t.end.reason, EndReason::Quiet);
    // Every state change is an edge of the diagram, caused where RFC 9293 says.
    for (const Event& e : t.events) {
        if (e.kind == EventKind::State && e.cause == Cause::RcvFin) {
            EXPECT_EQ(t.events[e.input].kind, EventKind::Arrive);
        }
    }
    // Wireshark's completeness: SYN, SYN-ACK, ACK, data and FIN (tshark: tcp.completeness 31).
    EXPECT_EQ(t.capture->completeness, 31);
    EXPECT_FALSE(t.capture->from_middle);
}

TEST(CaptureTrace, optionsWindowScalingAndTheWireTcbComeFromTheSegments) {
    const Trace t = traceOfCaptureFile(data("handshake-teardown.pcap"));
    // tshark: both SYNs carry window scale shift 10 and MSS 65495 (loopback's MTU).
    EXPECT_EQ(t.segment(1).segment.options.window_scale, 10);
    EXPECT_EQ(t.segment(1).segment.options.mss, 65495);
    EXPECT_TRUE(t.segment(1).segment.options.sack_permitted);
    EXPECT_TRUE(t.segment(1).segment.options.timestamps.has_value());
    EXPECT_EQ(t.capture->window_scale[0], 10);
    EXPECT_EQ(t.capture->window_scale[1], 10);
    // Segment 3's raw window 64 is 65536 bytes (tshark's tcp.window_size).
    EXPECT_EQ(t.segment(3).segment.window, 64);
    const TcbNumbers b = t.tcbAfter(Side::B, t.events.size());
    EXPECT_EQ(b.snd_wnd, 64u << 10);
    // What the wire shows of the client: its ISN, and the server's, acknowledged.
    const TcbNumbers a = t.tcbAfter(Side::A, t.events.size());
    EXPECT_EQ(a.iss, t.segment(1).segment.seq.value());
    EXPECT_EQ(a.irs, t.segment(2).segment.seq.value());
    EXPECT_EQ(a.snd_nxt, t.segment(t.segments.size() - 1).segment.end().value());
    EXPECT_EQ(a.rcv_nxt, b.snd_nxt);
}

TEST(CaptureTrace, loopbackChecksumsAreMarkedOffloadedAndAChangedByteIsBad) {
    std::ifstream in(data("ipv6.pcap"), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const Capture c = readCaptureBytes(bytes, "ipv6.pcap");
    const Trace t = traceOfCapture(c, 0, &bytes);
    // Linux's lo leaves the pseudo-header sum for a card to finish (CHECKSUM_PARTIAL): the check
    // over the IPv6 pseudo-header (RFC 8200 §8.1) finds it so, packet by packet.
    for (const CapturedSegmentInfo& i : t.capture->segments) EXPECT_EQ(i.checksum, ChecksumCheck::Offloaded) << i.packet;
    EXPECT_EQ(t.capture->addresses[0], "::1");
}

TEST(CaptureTrace, aChangedByteMakesAGoodChecksumBad) {
    // tcpviz's own capture of a lesson: every checksum complete and good.
    const std::string bytes = pcapngOfTrace(simulate(*resolveScenario("data-loss")));
    const Trace t = traceOfCapture(readCaptureBytes(bytes, "data-loss.pcapng"), 0, &bytes);
    std::size_t id = 0;
    for (const SegmentRecord& r : t.segments)
        if (!r.segment.payload.empty()) {
            id = r.id;
            break;
        }
    ASSERT_NE(id, 0u);
    std::string changed = bytes;
    // The payload is the last bytes of its packet: find them in the file.
    const std::vector<std::uint8_t> payload = t.segment(id).segment.payload.bytes();
    const std::size_t at = changed.find(std::string(payload.begin(), payload.end()));
    ASSERT_NE(at, std::string::npos);
    changed[at] = static_cast<char>(changed[at] ^ 0x20);
    const Trace bad = traceOfCapture(readCaptureBytes(changed, "changed.pcapng"), 0, &changed);
    EXPECT_EQ(t.capture->segments[id - 1].checksum, ChecksumCheck::Good);
    EXPECT_EQ(bad.capture->segments[id - 1].checksum, ChecksumCheck::Bad);
    EXPECT_EQ(bad.capture->segments[id].checksum, ChecksumCheck::Good);   // the next one is as it was
}

TEST(CaptureTrace, aSegmentCutByTheSnapLengthKeepsItsLengthAndSaysItWasNotChecked) {
    // editcap -s 80: each packet's first 80 bytes (Ethernet 14 + IPv4 20 + TCP 32 leave 14).
    const Trace t = traceOfCaptureFile(data("snapped.pcap"));
    const Trace whole = traceOfCaptureFile(data("handshake-teardown.pcap"));
    ASSERT_EQ(t.segments.size(), whole.segments.size());
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
        const Segment& s = t.segments[i].segment;
        EXPECT_EQ(s.payload.size(), whole.segments[i].segment.payload.size());
        const CapturedSegmentInfo& info = t.capture->segments[i];
        if (s.payload.empty()) continue;
        EXPECT_EQ(info.captured_payload, 14u);
        EXPECT_EQ(info.checksum, ChecksumCheck::Unverified);
    }
}

TEST(CaptureTrace, aCaptureFromTheMiddleStartsEstablished) {
    const Trace t = traceOfCaptureFile(data("mid-connection.pcap"));
    EXPECT_TRUE(t.capture->from_middle);
    EXPECT_EQ(t.initial_states[0], State::Established);
    EXPECT_EQ(t.initial_states[1], State::Established);
    EXPECT_EQ(t.capture->window_scale[0], -1);   // no SYN: the scale is not known
}

TEST(CaptureTrace, aConnectionItDoesNotHaveIsAnErrorNamingTheFile) {
    try {
        traceOfCaptureFile(data("port-reuse.pcap"), 2);
        FAIL() << "no error";
    } catch (const CaptureError& e) {
        EXPECT_NE(std::string(e.what()).find("port-reuse.pcap"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("0 to 1"), std::string::npos) << e.what();
    }
    const Trace second = traceOfCaptureFile(data("port-reuse.pcap"), 1);
    const Trace first = traceOfCaptureFile(data("port-reuse.pcap"), 0);
    EXPECT_EQ(second.capture->connection, 1u);
    EXPECT_NE(second.segment(1).segment.seq, first.segment(1).segment.seq);
}

TEST(CaptureTrace, theJsonOfACaptureCarriesItsPacketsAnalysisAndChecksums) {
    const std::string json = traceToJson(traceOfCaptureFile(data("handshake-teardown.pcap")));
    EXPECT_NE(json.find("\"capture\":{\"file\":"), std::string::npos);
    EXPECT_NE(json.find("\"packet\":12,\"analysis\":[],\"checksum\":\"offloaded\""), std::string::npos) << json;
    // A simulation's trace says none of it: tcpviz-trace/1 of the lessons stays byte for byte.
    const std::string lesson = traceToJson(simulate(*resolveScenario("handshake")));
    EXPECT_EQ(lesson.find("\"analysis\""), std::string::npos);
    EXPECT_EQ(lesson.find("\"capture\""), std::string::npos);
}

// A lesson written as pcapng and read back is the same segments, its checksums good, and the
// analysis finds the retransmissions the engine made.
TEST(CaptureTrace, aLessonWrittenAsPcapngReadsBackAsItsOwnSegments) {
    const Trace lesson = simulate(*resolveScenario("data-loss"));
    const std::string bytes = pcapngOfTrace(lesson);
    const Capture c = readCaptureBytes(bytes, "data-loss.pcapng");
    ASSERT_EQ(c.connections.size(), 1u);
    const Trace t = traceOfCapture(c, 0, &bytes);
    ASSERT_EQ(t.segments.size(), lesson.segments.size());
    std::size_t retransmitted = 0, marked = 0;
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
        EXPECT_EQ(t.segments[i].segment.seq, lesson.segments[i].segment.seq);
        EXPECT_EQ(t.segments[i].segment.payload.bytes(), lesson.segments[i].segment.payload.bytes());
        EXPECT_EQ(t.capture->segments[i].checksum, ChecksumCheck::Good);
        if (lesson.segments[i].retransmission()) {
            ++retransmitted;
            if (t.capture->segments[i].analysis & (kRetransmission | kFastRetransmission)) ++marked;
        }
    }
    EXPECT_GT(retransmitted, 0u);
    EXPECT_EQ(marked, retransmitted);
}

TEST(CaptureTrace, sackBlocksAreReadFromTheOptionBytes) {
    // NOP, NOP, SACK of two blocks: 1000-2000 and 3000-4000.
    const std::string opts{"\x01\x01\x05\x12\x00\x00\x03\xe8\x00\x00\x07\xd0\x00\x00\x0b\xb8\x00\x00\x0f\xa0", 20};
    const auto blocks = sackBlocks(opts);
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(blocks[0], (std::pair<std::uint32_t, std::uint32_t>{1000, 2000}));
    EXPECT_EQ(blocks[1], (std::pair<std::uint32_t, std::uint32_t>{3000, 4000}));
    EXPECT_TRUE(sackBlocks(std::string{"\x05\x30", 2}).empty());   // a length past the end
}

}  // namespace
}  // namespace tcpviz::core

namespace tcpviz::core {
namespace {

// "Turn into a lesson": the replay opens, moves the same bytes each way with the same ISNs,
// and closes in the same order; it can be saved and read back.
TEST(CaptureLesson, aCapturedConnectionReplaysAsALessonOfItsOwnNumbers) {
    const Trace captured = traceOfCaptureFile(data("handshake-teardown.pcap"));
    const Scenario lesson = lessonOfCapture(captured);
    EXPECT_EQ(lesson.endpoints[0].isn.at(0), captured.segment(1).segment.seq.value());
    EXPECT_EQ(lesson.endpoints[1].isn.at(0), captured.segment(2).segment.seq.value());
    EXPECT_EQ(lesson.endpoints[1].port, 8080);
    EXPECT_EQ(lesson.endpoints[0].tcp.mss, 65495);
    EXPECT_TRUE(lesson.faults.empty());   // nothing was sent again
    EXPECT_EQ(parseScenario(scenarioToJson(lesson)), lesson);

    const Trace replay = simulate(lesson);
    const auto bytes = [](const Trace& t, Side from) {
        std::uint64_t n = 0;
        for (const SegmentRecord& r : t.segments)
            if (r.from == from && !r.retransmission()) n += r.segment.payload.size();
        return n;
    };
    EXPECT_EQ(bytes(replay, Side::A), bytes(captured, Side::A));
    EXPECT_EQ(bytes(replay, Side::B), bytes(captured, Side::B));
    EXPECT_EQ(replay.segment(1).segment.seq, captured.segment(1).segment.seq);
    // The server closed first, as captured: it passes TIME-WAIT, the client LAST-ACK.
    const auto visited = [](const Trace& t, Side side) {
        std::vector<State> out;
        for (const Event& e : t.events)
            if (e.kind == EventKind::State && e.endpoint == side) out.push_back(e.to);
        return out;
    };
    const std::vector<State> a = visited(replay, Side::A), b = visited(replay, Side::B);
    EXPECT_NE(std::find(b.begin(), b.end(), State::TimeWait), b.end());
    EXPECT_NE(std::find(a.begin(), a.end(), State::LastAck), a.end());
    const std::vector<State> captured_a = visited(captured, Side::A);
    EXPECT_EQ(a, captured_a);
}

// A lesson's own retransmission, captured and turned into a lesson again, is a dropped first copy.
TEST(CaptureLesson, aSegmentSentAgainBecomesTheLossOfItsFirstCopy) {
    const Trace original = simulate(*resolveScenario("data-loss"));
    const std::string bytes = pcapngOfTrace(original);
    const Trace captured = traceOfCapture(readCaptureBytes(bytes, "data-loss.pcapng"), 0, &bytes);
    const Scenario lesson = lessonOfCapture(captured);
    ASSERT_FALSE(lesson.faults.empty());
    std::size_t again = 0;
    for (const SegmentRecord& r : original.segments) again += r.retransmission() ? 1 : 0;
    EXPECT_EQ(lesson.faults.size(), again);
    const Trace replay = simulate(lesson);
    std::size_t dropped = 0;
    for (const Event& e : replay.events) dropped += e.kind == EventKind::Drop ? 1 : 0;
    EXPECT_EQ(dropped, lesson.faults.size());
}

}  // namespace
}  // namespace tcpviz::core

namespace tcpviz::core {
namespace {

// Found by capture_read_fuzz: a snap length that cuts the TCP header inside its options had the
// second pass copy option bytes that were never captured (a heap overflow under ASan). Only
// the captured ones are kept.
TEST(CaptureTrace, aSnapLengthInsideTheOptionsKeepsOnlyTheBytesCaptured) {
    // editcap -s 58: Ethernet 14 + IPv4 20 + the TCP header's first 24 bytes.
    const Trace t = traceOfCaptureFile(data("options-cut.pcap"));
    ASSERT_EQ(t.segments.size(), 12u);
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
        EXPECT_LE(t.capture->segments[i].options_length, 4u);
        EXPECT_EQ(t.capture->segments[i].checksum, ChecksumCheck::Unverified);
    }
    EXPECT_EQ(t.capture->window_scale[0], -1);   // the SYNs' scale option was not captured
}

}  // namespace
}  // namespace tcpviz::core
