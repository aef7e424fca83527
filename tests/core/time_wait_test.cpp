// Tests for the TIME-WAIT state: RFC 9293 §3.10.7.4 with the TIME-WAIT rules of each step, the
// TIME-WAIT TIMEOUT of §3.10.8, and the user calls in TIME-WAIT.
//
// After makeTimeWait() (at time 0): both FINs are exchanged and acknowledged, SND.NXT = 102,
// RCV.NXT = 302; the time-wait timer runs until 2 MSL.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

constexpr TimeUs kTwoMsl = 2 * TcpConfig{}.msl;

class TimeWait : public EndpointTest {
protected:
    void SetUp() override { makeTimeWait(); }
};

// §3.10.8 TIME-WAIT TIMEOUT: "If the time-wait timeout expires on a connection, delete the TCB,
// enter the CLOSED state, and return." Figure 5: Timeout=2MSL / delete TCB.
TEST_F(TimeWait, TwoMslLaterTheConnectionIsClosed) {
    ASSERT_EQ(ep.timerDeadline(TimerKind::TimeWait), kTwoMsl);
    advanceTo(kTwoMsl - 1);
    expectNoTransition();
    expectState(State::TimeWait);
    advanceTo(kTwoMsl);
    expectTransition(State::TimeWait, State::Closed, Cause::Timeout2Msl);
    expectNothingSent();
    expectNoTimers();
}

// §3.10.7.4 fifth and eighth, TIME-WAIT: "The only thing that can arrive in this state is a
// retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout."
TEST_F(TimeWait, RetransmittedFinIsAcknowledgedAndRestartsTheTimer) {
    now = 10 * kSecond;
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNoTransition();
    EXPECT_EQ(ep.timerDeadline(TimerKind::TimeWait), 10 * kSecond + kTwoMsl);
    advanceTo(kTwoMsl);
    expectState(State::TimeWait);
    advanceTo(10 * kSecond + kTwoMsl);
    expectTransition(State::TimeWait, State::Closed, Cause::Timeout2Msl);
}

// Other old duplicates are acknowledged (first step) but do not restart the timer.
TEST_F(TimeWait, OldDuplicateTextIsAcknowledgedWithoutRestartingTheTimer) {
    now = 10 * kSecond;
    arrive(Segment{.seq = SeqNum(291),
                   .ack = SeqNum(102),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(10)});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNothingDelivered();
    EXPECT_EQ(ep.timerDeadline(TimerKind::TimeWait), kTwoMsl);
}

// Seventh step, TIME-WAIT: "Ignore the segment text."
TEST_F(TimeWait, NewTextIsIgnored) {
    arrive(Segment{.seq = SeqNum(302),
                   .ack = SeqNum(102),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(5)});
    expectNothingDelivered();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(302));
    expectState(State::TimeWait);
}

// Second step, TIME-WAIT: "If the RST bit is set, then enter the CLOSED state, delete the TCB".
TEST_F(TimeWait, RstAtRcvNxtCloses) {
    arrive(Segment{.seq = SeqNum(302), .flags = kRst});
    expectTransition(State::TimeWait, State::Closed, Cause::RcvRst);
    expectNothingSent();
    expectNoTimers();
}

TEST_F(TimeWait, RstInTheWindowDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(303), .flags = kRst});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectState(State::TimeWait);
}

TEST_F(TimeWait, RstOutsideTheWindowIsDropped) {
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectNothingSent();
    expectState(State::TimeWait);
}

TEST_F(TimeWait, AckOfUnsentDataIsAnsweredAndDropped) {
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(103), .flags = kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNoTransition();
}

// Fourth step: without timestamps, a SYN in TIME-WAIT draws a challenge ACK (RFC 5961 §4).
TEST_F(TimeWait, SynDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(5000), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    expectNoTransition();
    expectState(State::TimeWait);
}

// §3.10.4 CLOSE in TIME-WAIT: "Respond with "error: connection closing"."
TEST_F(TimeWait, CloseReturnsConnectionClosing) {
    callClose();
    expectNotice(Notice::ConnectionClosing);
    expectNothingSent();
    expectNoTransition();
}

TEST_F(TimeWait, SendReturnsConnectionClosing) {
    callSend(pattern(1));
    expectNotice(Notice::ConnectionClosing);
    expectNothingSent();
}

// §3.10.5 ABORT in TIME-WAIT: "Respond with "ok" and delete the TCB, enter CLOSED state" — no RST.
TEST_F(TimeWait, AbortDeletesTheTcbWithoutReset) {
    callAbort();
    expectTransition(State::TimeWait, State::Closed, Cause::Abort);
    expectNothingSent();
    expectNoTimers();
}

// Reached from FIN-WAIT-1 by a FIN that also acknowledges ours (Figure 5 note 2), TIME-WAIT behaves
// the same.
TEST_F(TimeWait, ReachedDirectlyFromFinWait1) {
    configure(TcpConfig{});
    makeFinWait1();
    arrive(
        Segment{
            .seq = SeqNum(301), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow},
        4 * kSecond);
    expectTransition(State::FinWait1, State::TimeWait, Cause::RcvFinAckOfFin);
    arrive(
        Segment{
            .seq = SeqNum(301), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow},
        9 * kSecond);
    expectSent({{.seq = 102, .ack = 302, .flags = kAck}});
    EXPECT_EQ(ep.timerDeadline(TimerKind::TimeWait), 9 * kSecond + kTwoMsl);
    fireNextTimer();
    expectTransition(State::TimeWait, State::Closed, Cause::Timeout2Msl);
    EXPECT_EQ(now, 9 * kSecond + kTwoMsl);
}

// After TIME-WAIT the connection is gone: a late FIN is answered as in CLOSED (§3.10.7.1).
TEST_F(TimeWait, AfterTwoMslALateFinIsAnsweredWithRst) {
    advanceTo(kTwoMsl);
    expectState(State::Closed);
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(102), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 102, .flags = kRst}});
}

}  // namespace
}  // namespace tcpviz::core::tests
