// Segment labels in the textbook, relative, absolute and RFC notations.
#include <gtest/gtest.h>

#include "core/trace/notation.h"
#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"

using namespace tcpviz::core;

namespace {

Trace run(const std::string& id) { return simulate(*resolveScenario(id)); }

// The labels of every segment, in order of sending.
std::vector<std::string> labels(const Trace& t, Notation n) {
    const SegmentLabeler labeler(t);
    std::vector<std::string> out;
    for (const SegmentRecord& r : t.segments) out.push_back(labeler.label(t, r.id, n));
    return out;
}

}  // namespace

TEST(TextbookNotation, HandshakeUsesXAndY) {
    EXPECT_EQ(labels(run("handshake"), Notation::Textbook),
              (std::vector<std::string>{"SYN=1, seq=x", "SYN=1, ACK=1, seq=y, ack=x+1",
                                        "ACK=1, seq=x+1, ack=y+1"}));
}

TEST(TextbookNotation, TeardownCountsDataAndFins) {
    const auto l = labels(run("time-wait"), Notation::Textbook);
    ASSERT_GE(l.size(), 7u);
    EXPECT_EQ(l[3], "FIN=1, ACK=1, seq=x+1, ack=y+1");
    EXPECT_EQ(l[4], "ACK=1, seq=y+1, ack=x+2");
    EXPECT_EQ(l[5], "FIN=1, ACK=1, seq=y+1, ack=x+2");
    EXPECT_EQ(l[6], "ACK=1, seq=x+2, ack=y+2");
    const auto d = labels(run("teardown"), Notation::Textbook);
    EXPECT_EQ(d[3], "ACK=1, seq=x+1, ack=y+1, len=100");
}

TEST(TextbookNotation, InjectedSegmentsAndTheirEchoesAreAbsolute) {
    // RFC 9293 Figure 8: an old SYN (90) from nowhere, B's answer, A's reset, then the real one.
    const auto l = labels(run("rfc9293-fig8"), Notation::Textbook);
    ASSERT_EQ(l.size(), 6u);
    EXPECT_EQ(l[0], "SYN=1, seq=x");
    EXPECT_EQ(l[1], "SYN=1, seq=90");
    EXPECT_EQ(l[2], "SYN=1, ACK=1, seq=y, ack=91");
    EXPECT_EQ(l[3], "RST=1, seq=91");
    EXPECT_EQ(l[4], "SYN=1, ACK=1, seq=y, ack=x+1");
    EXPECT_EQ(l[5], "ACK=1, seq=x+1, ack=y+1");
}

TEST(TextbookNotation, AResetEchoesTheSegmentItAnswers) {
    const auto refused = labels(run("refused"), Notation::Textbook);
    EXPECT_EQ(refused.back(), "RST=1, ACK=1, seq=0, ack=x+1");
    // After a reboot the host answers data with a reset in its old sequence space.
    const auto half_open = labels(run("half-open"), Notation::Textbook);
    EXPECT_EQ(half_open.back(), "RST=1, seq=x+101");
}

TEST(TextbookNotation, WithoutAHandshakeNumbersAreAbsolute) {
    // RFC 9293 Figure 12 starts ESTABLISHED: no SYN says what x and y are.
    const auto l = labels(run("rfc9293-fig12"), Notation::Textbook);
    EXPECT_EQ(l[0], "FIN=1, ACK=1, seq=100, ack=300");
}

TEST(TextbookNotation, AChallengedSynDoesNotChangeTheIrs) {
    // RFC 9293 Figure 9: B, still ESTABLISHED, answers A's new SYN with an ACK of old data.
    const Trace t = run("rfc9293-fig9");
    const auto l = labels(t, Notation::Textbook);
    EXPECT_EQ(l[0], "SYN=1, seq=x");
    EXPECT_EQ(l[1], "ACK=1, seq=300, ack=100");
    EXPECT_EQ(l.back(), "ACK=1, seq=x+1, ack=y+1");
}

TEST(RelativeNotation, CountsFromZeroPerDirection) {
    EXPECT_EQ(labels(run("handshake"), Notation::Relative),
              (std::vector<std::string>{"[SYN] seq=0", "[SYN, ACK] seq=0, ack=1", "[ACK] seq=1, ack=1"}));
    const auto l = labels(run("teardown"), Notation::Relative);
    EXPECT_EQ(l[3], "[ACK] seq=1, ack=1, len=100");
    // Mid-connection, like a capture started late: the first number seen is 1.
    EXPECT_EQ(labels(run("rfc9293-fig12"), Notation::Relative)[0], "[FIN, ACK] seq=1, ack=1");
}

TEST(AbsoluteNotation, PrintsTheNumbersOnTheWire) {
    EXPECT_EQ(labels(run("handshake"), Notation::Absolute),
              (std::vector<std::string>{"[SYN] seq=100", "[SYN, ACK] seq=300, ack=101",
                                        "[ACK] seq=101, ack=301"}));
}

TEST(RfcNotation, IsTheRfcSegmentText) {
    const Trace t = run("handshake");
    EXPECT_EQ(segmentLabel(t, 1, Notation::Rfc), "<SEQ=100><CTL=SYN>");
    EXPECT_EQ(segmentLabel(t, 2, Notation::Rfc), "<SEQ=300><ACK=101><CTL=SYN,ACK>");
}

TEST(Notation, FieldsAlone) {
    const Trace t = run("handshake");
    const SegmentLabeler labeler(t);
    EXPECT_EQ(labeler.seqField(t, 2, Notation::Textbook), "seq=y");
    EXPECT_EQ(labeler.ackField(t, 2, Notation::Textbook), "ack=x+1");
    EXPECT_EQ(labeler.ackField(t, 1, Notation::Textbook), "");
    EXPECT_TRUE(labeler.seqBasis(2).symbolic);
    EXPECT_EQ(labeler.seqBasis(2).space, Side::B);
}

TEST(Notation, ControlBitsPutAckLast) {
    EXPECT_EQ(controlBitsText(kSyn | kAck), "SYN,ACK");
    EXPECT_EQ(controlBitsText(kFin | kAck | kPsh, ", "), "FIN, PSH, ACK");
    EXPECT_EQ(controlBitsText(0), "");
}

TEST(Notation, NamesRoundTrip) {
    for (Notation n : kAllNotations) EXPECT_EQ(notationFromName(notationName(n)), n);
    EXPECT_EQ(notationFromName("wireshark"), std::nullopt);
}

TEST(Notation, SymbolsWrapAroundTheSequenceSpace) {
    EXPECT_EQ(seqSymbol("x", SeqNum(1), SeqNum(0xFFFFFFFFu)), "x+2");
    EXPECT_EQ(seqSymbol("y", SeqNum(5), SeqNum(5)), "y");
    EXPECT_EQ(seqSymbol("x", SeqNum(91), SeqNum(100)), "x-9");
    EXPECT_EQ(seqLetter(Side::A), "x");
    EXPECT_EQ(seqLetter(Side::B), "y");
}

// Swapping a lesson's sides (Edit → Swap the two sides) draws the client on the right. Its
// trace is the mirror image of the original's, and the textbook letters follow the client: x is
// the ISS of the side whose SYN opens the connection, whichever side that is.
TEST(Notation, SwappedSidesMirrorTheTraceAndKeepTheClientsLetter) {
    for (const char* id : {"handshake", "teardown", "data-loss", "simultaneous-open"}) {
        SCOPED_TRACE(id);
        const Scenario original = *resolveScenario(id);
        const Scenario swapped = withSidesSwapped(original);
        EXPECT_EQ(swapped.endpoints[1].name, original.endpoints[0].name);
        EXPECT_EQ(withSidesSwapped(swapped), original);
        const Trace a = simulate(original), b = simulate(swapped);
        ASSERT_EQ(a.segments.size(), b.segments.size());
        const SegmentLabeler la(a), lb(b);
        for (std::size_t i = 0; i < a.segments.size(); ++i) {
            const SegmentRecord &ra = a.segments[i], &rb = b.segments[i];
            EXPECT_EQ(rb.from, peerOf(ra.from));
            EXPECT_EQ(rb.segment.seq, ra.segment.seq);
            EXPECT_EQ(rb.segment.ack, ra.segment.ack);
            EXPECT_EQ(rb.segment.flags, ra.segment.flags);
            EXPECT_EQ(lb.label(b, rb.id, Notation::Textbook), la.label(a, ra.id, Notation::Textbook));
        }
        EXPECT_EQ(lb.letter(Side::B), "x");
        EXPECT_EQ(lb.letter(Side::A), "y");
    }
}
