// Tests for the FIN-WAIT-1 state: RFC 9293 §3.10.7.4 with the FIN-WAIT-1 rules of each step,
// Figure 5 and its note 2, and the user calls in FIN-WAIT-1.
//
// After makeFinWait1(): our FIN is 101 (sent), SND.UNA = 101, SND.NXT = 102, RCV.NXT = 301.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class FinWait1 : public EndpointTest {
protected:
    void SetUp() override { makeFinWait1(); }
};

// §3.10.7.4 fifth, FIN-WAIT-1: "In addition to the processing for the ESTABLISHED state, if the
// FIN segment is now acknowledged, then enter FIN-WAIT-2". Figure 5: rcv ACK of FIN / x.
TEST_F(FinWait1, AckOfFinEntersFinWait2) {
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(102), .flags = kAck, .window = kPeerWindow});
    expectTransition(State::FinWait1, State::FinWait2, Cause::RcvAckOfFin);
    expectNothingSent();
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(102));
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
}

// An ACK that covers only the text before the FIN leaves the FIN unacknowledged.
TEST_F(FinWait1, AckOfTextButNotOfFinStaysInFinWait1) {
    configure(TcpConfig{});
    makeEstablished();
    callSend(pattern(10));
    callClose();
    expectState(State::FinWait1);
    ASSERT_EQ(ep.tcb().snd_nxt, SeqNum(112));
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(111), .flags = kAck, .window = kPeerWindow});
    expectNoTransition();
    expectState(State::FinWait1);
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(112), .flags = kAck, .window = kPeerWindow});
    expectTransition(State::FinWait1, State::FinWait2, Cause::RcvAckOfFin);
}

// §3.10.7.4 eighth, FIN-WAIT-1: "If our FIN has been ACKed (perhaps in this segment), then enter
// TIME-WAIT, start the time-wait timer, turn off the other timers; otherwise, enter the CLOSING
// state." Figure 5: rcv FIN / snd ACK.
TEST_F(FinWait1, FinNotAcknowledgingOursEntersClosing) {
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectTransition(State::FinWait1, State::Closing, Cause::RcvFin);
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNotice(Notice::ConnectionClosing);
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(302));
}

// Figure 5 note 2: "The figure omits a transition from FIN-WAIT-1 to TIME-WAIT if a FIN is received
// and the local FIN is also acknowledged." One segment, one transition.
TEST_F(FinWait1, FinThatAcknowledgesOursEntersTimeWait) {
    now = 3 * kSecond;
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow});
    expectTransition(State::FinWait1, State::TimeWait, Cause::RcvFinAckOfFin);
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    EXPECT_EQ(ep.timerDeadline(TimerKind::TimeWait), 3 * kSecond + 2 * TcpConfig{}.msl);
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
}

// "(perhaps in this segment)" also covers an earlier segment: FIN-WAIT-2 then TIME-WAIT is the
// path when the ACK came first.
TEST_F(FinWait1, AckThenFinGoesThroughFinWait2) {
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(102), .flags = kAck, .window = kPeerWindow});
    expectTransition(State::FinWait1, State::FinWait2, Cause::RcvAckOfFin);
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow});
    expectTransition(State::FinWait2, State::TimeWait, Cause::RcvFin);
}

// The seventh step takes text in FIN-WAIT-1: the peer may still send.
TEST_F(FinWait1, TextIsStillReceived) {
    arrive(Segment{.seq = SeqNum(301),
                   .ack = SeqNum(101),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(10)});
    EXPECT_EQ(delivered(), pattern(10));
    expectSent({{.seq = 102, .ack = 311, .flags = kAck}});
    expectState(State::FinWait1);
}

TEST_F(FinWait1, TextWithFinAcknowledgingOursIsDeliveredThenTimeWait) {
    arrive(Segment{.seq = SeqNum(301),
                   .ack = SeqNum(102),
                   .flags = kFin | kAck,
                   .window = kPeerWindow,
                   .payload = pattern(4)});
    EXPECT_EQ(delivered(), pattern(4));
    expectTransition(State::FinWait1, State::TimeWait, Cause::RcvFinAckOfFin);
    expectSent({{.seq = 102, .ack = 306, .flags = kAck}});
}

// Second step: "If the RST bit is set [and SEG.SEQ = RCV.NXT] ... Users should also receive an
// unsolicited general "connection reset" signal. Enter the CLOSED state, delete the TCB".
TEST_F(FinWait1, RstAtRcvNxtResetsTheConnection) {
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectTransition(State::FinWait1, State::Closed, Cause::RcvRst);
    expectNotice(Notice::ConnectionReset);
    expectNothingSent();
    expectNoTimers();
}

TEST_F(FinWait1, RstInTheWindowDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(400), .flags = kRst});
    expectSent({{.seq = 102, .ack = 301, .flags = kAck}});
    expectState(State::FinWait1);
}

TEST_F(FinWait1, RstOutsideTheWindowIsDropped) {
    arrive(Segment{.seq = SeqNum(200), .flags = kRst});
    expectNothingSent();
    expectState(State::FinWait1);
}

TEST_F(FinWait1, SynDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(301), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 301, .flags = kAck}});
    expectState(State::FinWait1);
}

TEST_F(FinWait1, UnacceptableSegmentIsAcknowledgedAndDropped) {
    arrive(Segment{
        .seq = SeqNum(250), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 301, .flags = kAck}});
    expectNoTransition();
    expectState(State::FinWait1);
}

TEST_F(FinWait1, AckOfUnsentDataIsAnsweredAndDropped) {
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(103), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 301, .flags = kAck}});
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

// RFC 6298 (5.4): our FIN is the earliest unacknowledged segment.
TEST_F(FinWait1, FinIsRetransmittedWhenTheTimerExpires) {
    advanceTo(1 * kSecond);
    expectSent({{.seq = 101, .ack = 301, .flags = kFin | kAck}});
    EXPECT_EQ(sendReasons()[0], SendReason::Retransmission);
    expectState(State::FinWait1);
}

// §3.10.4 CLOSE in FIN-WAIT-1: "Strictly speaking, this is an error and should receive an "error:
// connection closing" response. An "ok" response would be acceptable, too, as long as a second
// FIN is not emitted".
TEST_F(FinWait1, CloseAgainSendsNoSecondFin) {
    callClose();
    expectNothingSent();
    expectNoTransition();
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(102));
}

// §3.10.2 SEND in FIN-WAIT-1: "Return "error: connection closing" and do not service request."
TEST_F(FinWait1, SendReturnsConnectionClosing) {
    callSend(pattern(5));
    expectNotice(Notice::ConnectionClosing);
    expectNothingSent();
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(102));
}

// §3.10.5 ABORT in FIN-WAIT-1: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>".
TEST_F(FinWait1, AbortSendsRstAtSndNxt) {
    callAbort();
    expectSent({{.seq = 102, .flags = kRst}});
    expectTransition(State::FinWait1, State::Closed, Cause::Abort);
    expectNoTimers();
}

TEST_F(FinWait1, ConnectionIsGivenUpWhenTheFinIsNeverAcknowledged) {
    TcpConfig tcp;
    tcp.max_retransmissions = 2;
    configure(tcp);
    makeFinWait1();
    fireNextTimer();
    fireNextTimer();
    expectState(State::FinWait1);
    fireNextTimer();
    expectTransition(State::FinWait1, State::Closed, Cause::RetransmitLimit);
    expectNotice(Notice::ConnectionTimedOut);
}

}  // namespace
}  // namespace tcpviz::core::tests
