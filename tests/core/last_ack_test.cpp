// Tests for the LAST-ACK state: RFC 9293 §3.10.7.4 with the LAST-ACK rules of each step, and the
// user calls in LAST-ACK.
//
// After makeLastAck(): the peer's FIN (301) is received, RCV.NXT = 302; our FIN (101) is sent,
// SND.UNA = 101, SND.NXT = 102.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class LastAck : public EndpointTest {
protected:
    void SetUp() override { makeLastAck(); }
};

// §3.10.7.4 fifth, LAST-ACK: "The only thing that can arrive in this state is an acknowledgment of
// our FIN. If our FIN is now acknowledged, delete the TCB, enter the CLOSED state, and return."
// Figure 5: rcv ACK of FIN / x.
TEST_F(LastAck, AckOfFinCloses) {
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(102), .flags = kAck, .window = kPeerWindow});
    expectTransition(State::LastAck, State::Closed, Cause::RcvAckOfFin);
    expectNothingSent();
    expectNoTimers();
}

TEST_F(LastAck, AckNotCoveringOurFinKeepsWaiting) {
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(101), .flags = kAck, .window = kPeerWindow});
    expectNoTransition();
    expectNothingSent();
    expectState(State::LastAck);
}

TEST_F(LastAck, TextBeforeOurFinIsAcknowledgedFirst) {
    configure(TcpConfig{});
    makeCloseWait();
    callSend(pattern(10));
    callClose();
    expectState(State::LastAck);
    ASSERT_EQ(ep.tcb().snd_nxt, SeqNum(112));
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(111), .flags = kAck, .window = kPeerWindow});
    expectNoTransition();
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(112), .flags = kAck, .window = kPeerWindow});
    expectTransition(State::LastAck, State::Closed, Cause::RcvAckOfFin);
}

// The peer's FIN again: before RCV.NXT, so acknowledged again (first step).
TEST_F(LastAck, RetransmittedFinIsAcknowledgedAgain) {
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNoTransition();
}

// RFC 6298 (5.4): our FIN is the earliest unacknowledged segment.
TEST_F(LastAck, OurFinIsRetransmittedUntilAcknowledged) {
    advanceTo(1 * kSecond);
    expectSent({{.seq = 101, .ack = 302, .flags = kFin | kAck}});
    EXPECT_EQ(sendReasons()[0], SendReason::Retransmission);
    advanceTo(3 * kSecond);
    expectSent({{.seq = 101, .ack = 302, .flags = kFin | kAck}});
    expectState(State::LastAck);
}

// Second step, LAST-ACK: "If the RST bit is set, then enter the CLOSED state, delete the TCB".
// (This is how a peer that already left TIME-WAIT answers our retransmitted FIN.)
TEST_F(LastAck, RstAtRcvNxtCloses) {
    arrive(Segment{.seq = SeqNum(302), .flags = kRst});
    expectTransition(State::LastAck, State::Closed, Cause::RcvRst);
    expectNothingSent();
    expectNoTimers();
}

TEST_F(LastAck, RstInTheWindowDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(305), .flags = kRst});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectState(State::LastAck);
}

TEST_F(LastAck, RstOutsideTheWindowIsDropped) {
    arrive(Segment{.seq = SeqNum(302 + 65535), .flags = kRst});
    expectNothingSent();
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectNothingSent();
    expectState(State::LastAck);
}

// Eighth step, LAST-ACK: "Remain in the LAST-ACK state."
TEST_F(LastAck, AnotherFinDoesNotChangeTheState) {
    arrive(Segment{
        .seq = SeqNum(302), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectNoTransition();
    expectState(State::LastAck);
}

TEST_F(LastAck, SynDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(400), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectState(State::LastAck);
}

TEST_F(LastAck, AckOfUnsentDataIsAnsweredAndDropped) {
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(103), .flags = kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectState(State::LastAck);
}

// §3.10.4 CLOSE in LAST-ACK: "Respond with "error: connection closing"."
TEST_F(LastAck, CloseReturnsConnectionClosing) {
    callClose();
    expectNotice(Notice::ConnectionClosing);
    expectNothingSent();
    expectNoTransition();
}

// §3.10.5 ABORT in LAST-ACK: "Respond with "ok" and delete the TCB, enter CLOSED state" — no RST.
TEST_F(LastAck, AbortDeletesTheTcbWithoutReset) {
    callAbort();
    expectTransition(State::LastAck, State::Closed, Cause::Abort);
    expectNothingSent();
    expectNoTimers();
}

TEST_F(LastAck, ConnectionIsGivenUpWhenTheFinIsNeverAcknowledged) {
    TcpConfig tcp;
    tcp.max_retransmissions = 1;
    configure(tcp);
    makeLastAck();
    fireNextTimer();
    expectState(State::LastAck);
    fireNextTimer();
    expectTransition(State::LastAck, State::Closed, Cause::RetransmitLimit);
    expectNotice(Notice::ConnectionTimedOut);
}

}  // namespace
}  // namespace tcpviz::core::tests
