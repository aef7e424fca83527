// Tests for the CLOSING state (simultaneous close): RFC 9293 §3.10.7.4 with the CLOSING rules of
// each step, and the user calls in CLOSING.
//
// After makeClosing(): our FIN (101) is sent but not acknowledged, SND.UNA = 101, SND.NXT = 102;
// the peer's FIN (301) is received, RCV.NXT = 302.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class Closing : public EndpointTest {
protected:
    void SetUp() override { makeClosing(); }
};

// §3.10.7.4 fifth, CLOSING: "In addition to the processing for the ESTABLISHED state, if the ACK
// acknowledges our FIN, then enter the TIME-WAIT state". Figure 5: rcv ACK of FIN / x.
TEST_F(Closing, AckOfFinEntersTimeWait) {
    now = 2 * kSecond;
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(102), .flags = kAck, .window = kPeerWindow});
    expectTransition(State::Closing, State::TimeWait, Cause::RcvAckOfFin);
    expectNothingSent();
    EXPECT_EQ(ep.timerDeadline(TimerKind::TimeWait), 2 * kSecond + 2 * TcpConfig{}.msl);
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
}

// "... otherwise, ignore the segment."
TEST_F(Closing, AckNotCoveringOurFinIsIgnored) {
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(101), .flags = kAck, .window = kPeerWindow});
    expectNoTransition();
    expectNothingSent();
    expectState(State::Closing);
}

// The peer's FIN again (our ACK of it was lost): before RCV.NXT, so acknowledged once more.
TEST_F(Closing, RetransmittedFinIsAcknowledgedAgain) {
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNoTransition();
}

// RFC 6298 (5.4): our FIN is still the earliest unacknowledged segment.
TEST_F(Closing, OurFinIsRetransmittedUntilAcknowledged) {
    advanceTo(1 * kSecond);
    expectSent({{.seq = 101, .ack = 302, .flags = kFin | kAck}});
    EXPECT_EQ(sendReasons()[0], SendReason::Retransmission);
    expectState(State::Closing);
}

// Second step, CLOSING: "If the RST bit is set, then enter the CLOSED state, delete the TCB, and
// return."
TEST_F(Closing, RstAtRcvNxtCloses) {
    arrive(Segment{.seq = SeqNum(302), .flags = kRst});
    expectTransition(State::Closing, State::Closed, Cause::RcvRst);
    expectNothingSent();
    expectNoTimers();
}

TEST_F(Closing, RstInTheWindowDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(310), .flags = kRst});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectState(State::Closing);
}

TEST_F(Closing, RstOutsideTheWindowIsDropped) {
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectNothingSent();
    expectState(State::Closing);
}

TEST_F(Closing, AckOfUnsentDataIsAnsweredAndDropped) {
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(103), .flags = kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNoTransition();
}

// Eighth step, CLOSING: "Remain in the CLOSING state."
TEST_F(Closing, AnotherFinDoesNotChangeTheState) {
    arrive(Segment{
        .seq = SeqNum(302), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectNoTransition();
    expectState(State::Closing);
}

TEST_F(Closing, SynDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(302), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectState(State::Closing);
}

// Seventh step, CLOSING: "Ignore the segment text."
TEST_F(Closing, TextIsIgnored) {
    arrive(Segment{.seq = SeqNum(302),
                   .ack = SeqNum(101),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(5)});
    expectNothingDelivered();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(302));
}

// §3.10.4 CLOSE in CLOSING: "Respond with "error: connection closing"."
TEST_F(Closing, CloseReturnsConnectionClosing) {
    callClose();
    expectNotice(Notice::ConnectionClosing);
    expectNothingSent();
    expectNoTransition();
}

// §3.10.5 ABORT in CLOSING: "Respond with "ok" and delete the TCB, enter CLOSED state" — no RST.
TEST_F(Closing, AbortDeletesTheTcbWithoutReset) {
    callAbort();
    expectTransition(State::Closing, State::Closed, Cause::Abort);
    expectNothingSent();
    expectNoTimers();
}

TEST_F(Closing, SendReturnsConnectionClosing) {
    callSend(pattern(2));
    expectNotice(Notice::ConnectionClosing);
    expectNothingSent();
}

}  // namespace
}  // namespace tcpviz::core::tests
