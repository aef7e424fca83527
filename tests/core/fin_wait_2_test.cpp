// Tests for the FIN-WAIT-2 state: RFC 9293 §3.10.7.4 with the FIN-WAIT-2 rules of each step, and
// the user calls in FIN-WAIT-2.
//
// After makeFinWait2(): our FIN (101) is acknowledged, SND.UNA = SND.NXT = 102, RCV.NXT = 301.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class FinWait2 : public EndpointTest {
protected:
    void SetUp() override { makeFinWait2(); }
};

// §3.10.7.4 eighth, FIN-WAIT-2: "Enter the TIME-WAIT state. Start the time-wait timer, turn off
// the other timers." Figure 5: rcv FIN / snd ACK.
TEST_F(FinWait2, FinEntersTimeWaitAndIsAcknowledged) {
    now = 7 * kSecond;
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow});
    expectTransition(State::FinWait2, State::TimeWait, Cause::RcvFin);
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNotice(Notice::ConnectionClosing);
    EXPECT_EQ(ep.timerDeadline(TimerKind::TimeWait), 7 * kSecond + 2 * TcpConfig{}.msl);
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
}

// Nothing of ours is outstanding: no timer runs while we wait for the peer's FIN.
TEST_F(FinWait2, NothingIsRetransmitted) {
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
    advance(100 * kSecond);
    expectNothingSent();
    expectState(State::FinWait2);
}

// The seventh step takes text in FIN-WAIT-2 (a half-closed connection still receives).
TEST_F(FinWait2, TextIsStillReceivedAndAcknowledged) {
    arrive(Segment{.seq = SeqNum(301),
                   .ack = SeqNum(102),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(10)});
    EXPECT_EQ(delivered(), pattern(10));
    expectSent({{.seq = 102, .ack = 311, .flags = kAck}});
    expectState(State::FinWait2);
}

TEST_F(FinWait2, TextWithFinIsDeliveredThenTimeWait) {
    arrive(Segment{.seq = SeqNum(301),
                   .ack = SeqNum(102),
                   .flags = kFin | kAck,
                   .window = kPeerWindow,
                   .payload = pattern(6)});
    EXPECT_EQ(delivered(), pattern(6));
    expectTransition(State::FinWait2, State::TimeWait, Cause::RcvFin);
    expectSent({{.seq = 102, .ack = 308, .flags = kAck}});
}

// Segments are processed in sequence order: a FIN beyond missing text waits for it.
TEST_F(FinWait2, FinBeyondAGapWaitsForTheMissingText) {
    arrive(Segment{
        .seq = SeqNum(306), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow});
    expectNoTransition();
    for (const auto& s : sent()) EXPECT_EQ(s.ack, SeqNum(301));
    arrive(Segment{.seq = SeqNum(301),
                   .ack = SeqNum(102),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(5)});
    EXPECT_EQ(delivered(), pattern(5));
    expectTransition(State::FinWait2, State::TimeWait, Cause::RcvFin);
    expectSent({{.seq = 102, .ack = 307, .flags = kAck}});
}

TEST_F(FinWait2, FinWithoutAckIsDropped) {
    arrive(Segment{.seq = SeqNum(301), .flags = kFin, .window = kPeerWindow});
    expectNothingSent();
    expectNoTransition();
}

TEST_F(FinWait2, RstAtRcvNxtResetsTheConnection) {
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectTransition(State::FinWait2, State::Closed, Cause::RcvRst);
    expectNotice(Notice::ConnectionReset);
    expectNothingSent();
}

TEST_F(FinWait2, RstInTheWindowDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(302), .flags = kRst});
    expectSent({{.seq = 102, .ack = 301, .flags = kAck}});
    expectState(State::FinWait2);
}

TEST_F(FinWait2, RstOutsideTheWindowIsDropped) {
    arrive(Segment{.seq = SeqNum(301 + 65535), .flags = kRst});
    expectNothingSent();
    expectState(State::FinWait2);
}

TEST_F(FinWait2, AckOfUnsentDataIsAnsweredAndDropped) {
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(103), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 301, .flags = kAck}});
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

TEST_F(FinWait2, SynDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(350), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 301, .flags = kAck}});
    expectState(State::FinWait2);
}

TEST_F(FinWait2, UnacceptableSegmentIsAcknowledgedAndDropped) {
    arrive(Segment{.seq = SeqNum(301 + 65535),
                   .ack = SeqNum(102),
                   .flags = kFin | kAck,
                   .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 301, .flags = kAck}});
    expectNoTransition();
}

// §3.10.4 CLOSE in FIN-WAIT-2: an error or "ok", "as long as a second FIN is not emitted".
TEST_F(FinWait2, CloseAgainSendsNoSecondFin) {
    callClose();
    expectNothingSent();
    expectNoTransition();
}

TEST_F(FinWait2, SendReturnsConnectionClosing) {
    callSend(pattern(3));
    expectNotice(Notice::ConnectionClosing);
    expectNothingSent();
}

// §3.10.5 ABORT in FIN-WAIT-2: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>".
TEST_F(FinWait2, AbortSendsRstAtSndNxt) {
    callAbort();
    expectSent({{.seq = 102, .flags = kRst}});
    expectTransition(State::FinWait2, State::Closed, Cause::Abort);
}

}  // namespace
}  // namespace tcpviz::core::tests
