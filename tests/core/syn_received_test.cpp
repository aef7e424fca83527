// Tests for the SYN-RECEIVED state: RFC 9293 §3.10.7.4 (SEGMENT ARRIVES, "Otherwise") with the
// SYN-RECEIVED rules of each step, RFC 5961, and the user calls in SYN-RECEIVED.
//
// SynReceived is reached by a passive OPEN (LISTEN, then a SYN); SynReceivedActive by a
// simultaneous open (SYN-SENT, then a SYN). Either way SND.NXT = 101, SND.UNA = ISS = 100,
// RCV.NXT = 301.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class SynReceived : public EndpointTest {
protected:
    void SetUp() override { makeSynReceived(); }
};

class SynReceivedActive : public EndpointTest {
protected:
    void SetUp() override { makeSynReceivedActive(); }
};

// §3.10.7.4 fifth, SYN-RECEIVED: "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state
// and continue processing with the variables below set to: SND.WND <- SEG.WND, SND.WL1 <-
// SEG.SEQ, SND.WL2 <- SEG.ACK". Figure 5: rcv ACK of SYN / x.
TEST_F(SynReceived, AckOfSynEntersEstablished) {
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(101), .flags = kAck, .window = 5000});
    expectTransition(State::SynReceived, State::Established, Cause::RcvAckOfSyn);
    expectNothingSent();
    const Tcb& t = ep.tcb();
    EXPECT_EQ(t.snd_una, SeqNum(101));
    EXPECT_EQ(t.snd_wnd, 5000u);
    EXPECT_EQ(t.snd_wl1, SeqNum(301));
    EXPECT_EQ(t.snd_wl2, SeqNum(101));
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
}

// "continue processing": text on the ACK of the SYN is taken in ESTABLISHED (seventh step).
TEST_F(SynReceived, AckOfSynWithTextDeliversIt) {
    arrive(Segment{.seq = SeqNum(301),
                   .ack = SeqNum(101),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = bytes("abcde")});
    expectTransition(State::SynReceived, State::Established, Cause::RcvAckOfSyn);
    EXPECT_EQ(delivered(), bytes("abcde"));
    expectSent({{.seq = 101, .ack = 306, .flags = kAck}});
}

// The eighth step in SYN-RECEIVED/ESTABLISHED: "Enter the CLOSE-WAIT state" — after the fifth
// step has taken the ACK of our SYN.
TEST_F(SynReceived, FinAckOfSynEntersCloseWait) {
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    ASSERT_EQ(transitions().size(), 2u);
    EXPECT_EQ(transitions()[0],
              (StateChange{State::SynReceived, State::Established, Cause::RcvAckOfSyn}));
    EXPECT_EQ(transitions()[1], (StateChange{State::Established, State::CloseWait, Cause::RcvFin}));
    expectSent({{.seq = 101, .ack = 302, .flags = kAck}});
    expectNotice(Notice::ConnectionClosing);
}

// §3.10.7.4 fifth: "if the ACK bit is off, drop the segment and return".
TEST_F(SynReceived, FinWithoutAckIsDropped) {
    arrive(Segment{.seq = SeqNum(301), .flags = kFin, .window = kPeerWindow});
    expectNothingSent();
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

TEST_F(SynReceived, TextWithoutAckIsDropped) {
    arrive(Segment{.seq = SeqNum(301), .window = kPeerWindow, .payload = pattern(4)});
    expectNothingSent();
    expectNothingDelivered();
    expectState(State::SynReceived);
}

// §3.10.7.4 fifth, SYN-RECEIVED: "If the segment acknowledgment is not acceptable, form a reset
// segment <SEQ=SEG.ACK><CTL=RST> and send it." SEG.ACK = SND.UNA is not acceptable (SND.UNA <
// SEG.ACK fails).
TEST_F(SynReceived, AckOfNothingIsAnsweredWithRst) {
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(100), .flags = kAck, .window = kPeerWindow});
    expectSent({{.seq = 100, .flags = kRst}});
    expectNoTransition();
    expectState(State::SynReceived);
}

// §3.10.7.4 first: a retransmitted SYN lies wholly before RCV.NXT, so it is not acceptable:
// "an acknowledgment should be sent in reply ... <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
TEST_F(SynReceived, RetransmittedSynIsAcknowledged) {
    arrive(Segment{.seq = SeqNum(300), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNoTransition();
    expectState(State::SynReceived);
}

TEST_F(SynReceived, SegmentBeyondTheWindowIsAcknowledgedAndDropped) {
    arrive(Segment{.seq = SeqNum(301 + 65535),
                   .ack = SeqNum(101),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(10)});
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNoTransition();
    expectNothingDelivered();
}

// §3.10.7.4 second, SYN-RECEIVED: "If this connection was initiated with a passive OPEN (i.e.,
// came from the LISTEN state), then return this connection to LISTEN state and return. The user
// need not be informed." Figure 5 note 1. "the retransmission queue should be flushed".
TEST_F(SynReceived, RstReturnsToListenAfterPassiveOpen) {
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectTransition(State::SynReceived, State::Listen, Cause::RcvRst);
    expectNothingSent();
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
    // Back in LISTEN, a new SYN starts a new connection.
    arrive(Segment{.seq = SeqNum(7000), .flags = kSyn, .window = kPeerWindow});
    expectTransition(State::Listen, State::SynReceived, Cause::RcvSyn);
    ASSERT_EQ(sent().size(), 1u);
    EXPECT_EQ(sent()[0].ack, SeqNum(7001));
    EXPECT_EQ(sent()[0].flags & (kSyn | kAck), kSyn | kAck);
}

// "If this connection was initiated with an active OPEN (i.e., came from SYN-SENT state), then
// the connection was refused; signal the user "connection refused". ... enter the CLOSED state
// and delete the TCB, and return."
TEST_F(SynReceivedActive, RstClosesAfterActiveOpen) {
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectTransition(State::SynReceived, State::Closed, Cause::RcvRst);
    expectNotice(Notice::ConnectionRefused);
    expectNothingSent();
    expectNoTimers();
}

// RFC 5961 §3.2 as adopted by §3.10.7.4 second: "If the RST bit is set and the sequence number does
// not exactly match the next expected sequence value, yet is within the current receive window,
// TCP endpoints MUST send an acknowledgment (challenge ACK)".
TEST_F(SynReceived, RstInWindowButNotAtRcvNxtDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(305), .flags = kRst});
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNoTransition();
    expectState(State::SynReceived);
}

// "If the RST bit is set and the sequence number is outside the current receive window, silently
// drop the segment."
TEST_F(SynReceived, RstOutsideTheWindowIsDropped) {
    arrive(Segment{.seq = SeqNum(300), .flags = kRst});
    expectNothingSent();
    arrive(Segment{.seq = SeqNum(301 + 65535), .flags = kRst});
    expectNothingSent();
    expectState(State::SynReceived);
}

// §3.10.7.4 fourth, SYN-RECEIVED: "If the connection was initiated with a passive OPEN, then
// return this connection to the LISTEN state and return."
TEST_F(SynReceived, SynInWindowReturnsToListenAfterPassiveOpen) {
    arrive(Segment{.seq = SeqNum(400), .flags = kSyn, .window = kPeerWindow});
    expectTransition(State::SynReceived, State::Listen, Cause::RcvSyn);
    expectNothingSent();
}

// "Otherwise, handle per the directions for synchronized states below": a challenge ACK
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4), and the segment is dropped.
TEST_F(SynReceivedActive, SynInWindowDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(400), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNoTransition();
    expectState(State::SynReceived);
}

// Simultaneous open, RFC 9293 Figure 8: the ACK of our SYN completes it.
TEST_F(SynReceivedActive, AckOfSynEntersEstablished) {
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(101), .flags = kAck, .window = kPeerWindow});
    expectTransition(State::SynReceived, State::Established, Cause::RcvAckOfSyn);
}

// The peer's SYN,ACK crosses ours (Figure 7 line 6: "ESTABLISHED <-- <SEQ=300><ACK=101>
// <CTL=SYN,ACK>"). Read strictly, its SYN lies before RCV.NXT and the first step answers it with
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the figure instead takes its acknowledgment and enters
// ESTABLISHED. Either way it must neither reset the connection nor draw another SYN.
TEST_F(SynReceivedActive, CrossingSynAckDoesNotResetTheConnection) {
    arrive(Segment{
        .seq = SeqNum(300), .ack = SeqNum(101), .flags = kSyn | kAck, .window = kPeerWindow});
    for (const auto& s : sent()) {
        EXPECT_EQ(s.flags & (kRst | kSyn), 0) << describe(s);
        EXPECT_EQ(s.seq, SeqNum(101));
        EXPECT_EQ(s.ack, SeqNum(301));
    }
    if (ep.state() == State::Established)
        expectTransition(State::SynReceived, State::Established, Cause::RcvAckOfSyn);
    else
        expectState(State::SynReceived);
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

// §3.10.4 CLOSE in SYN-RECEIVED: "If no SENDs have been issued and there is no pending data to
// send, then form a FIN segment and send it, and enter FIN-WAIT-1 state".
TEST_F(SynReceived, CloseSendsFinAndEntersFinWait1) {
    callClose();
    expectTransition(State::SynReceived, State::FinWait1, Cause::Close);
    expectSent({{.seq = 101, .ack = 301, .flags = kFin | kAck}});
}

// "... otherwise, queue for processing after entering ESTABLISHED state." With data pending the
// CLOSE waits: SYN-RECEIVED until the ACK of the SYN, then ESTABLISHED, then FIN-WAIT-1 with the
// data and the FIN sent.
TEST_F(SynReceived, CloseWithPendingDataWaitsForEstablished) {
    callSend(pattern(10));
    expectNothingSent();
    callClose();
    expectNothingSent();
    expectNoTransition();
    expectState(State::SynReceived);
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(101), .flags = kAck, .window = kPeerWindow});
    ASSERT_EQ(transitions().size(), 2u);
    EXPECT_EQ(transitions()[0],
              (StateChange{State::SynReceived, State::Established, Cause::RcvAckOfSyn}));
    EXPECT_EQ(transitions()[1], (StateChange{State::Established, State::FinWait1, Cause::Close}));
}

// Whatever the state sequence, the data queued before CLOSE goes out before the FIN, once the SYN
// is acknowledged (§3.10.2: "Queue the data for transmission after entering ESTABLISHED state").
TEST_F(SynReceived, DataQueuedBeforeCloseIsSentBeforeTheFin) {
    callSend(pattern(10));
    callClose();
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(101), .flags = kAck, .window = kPeerWindow});
    expectState(State::FinWait1);
    std::vector<std::uint8_t> data;
    bool fin = false;
    for (const auto& s : sent()) {
        EXPECT_FALSE(fin) << "a segment after the FIN";
        EXPECT_EQ(s.seq, SeqNum(101 + data.size()));
        s.payload.appendTo(data);
        fin = s.has(kFin);
    }
    EXPECT_EQ(data, pattern(10));
    EXPECT_TRUE(fin);
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(112));
}

// §3.10.5 ABORT in SYN-RECEIVED: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>", flush, CLOSED.
TEST_F(SynReceived, AbortSendsRstAtSndNxt) {
    callAbort();
    expectSent({{.seq = 101, .flags = kRst}});
    expectTransition(State::SynReceived, State::Closed, Cause::Abort);
    expectNoTimers();
}

// §3.10.2 SEND in SYN-RECEIVED: "Queue the data for transmission after entering ESTABLISHED".
TEST_F(SynReceived, SendQueuesDataUntilEstablished) {
    callSend(pattern(10));
    expectNothingSent();
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(101), .flags = kAck, .window = kPeerWindow});
    expectState(State::Established);
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 10}});
}

// RFC 6298 (5.4): the SYN,ACK is the earliest unacknowledged segment; it is sent again.
TEST_F(SynReceived, SynAckIsRetransmittedWhenTheTimerExpires) {
    advanceTo(1 * kSecond);
    expectSent({{.seq = kIss, .ack = 301, .flags = kSyn | kAck}});
    ASSERT_EQ(sendReasons().size(), 1u);
    EXPECT_EQ(sendReasons()[0], SendReason::Retransmission);
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 3 * kSecond);
}

// RFC 6298 (5.7): "If the timer expires awaiting the ACK of a SYN segment and the TCP
// implementation is using an RTO less than 3 seconds, the RTO MUST be re-initialized to 3
// seconds when data transmission begins" — the SYN,ACK is such a SYN segment.
TEST_F(SynReceived, RtoIsThreeSecondsForDataAfterSynAckTimedOut) {
    advanceTo(1 * kSecond);
    expectSent({{.seq = kIss, .ack = 301, .flags = kSyn | kAck}});
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(101), .flags = kAck, .window = kPeerWindow},
           1'200 * kMs);
    expectState(State::Established);
    callSend(pattern(10));
    ASSERT_EQ(sent().size(), 1u);
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 1'200 * kMs + 3 * kSecond);
}

// §3.7.1: the MSS option of the peer's SYN bounds the segments we send.
TEST_F(SynReceived, SegmentsAreCutAtTheMssOfThePeersSyn) {
    configure(eventProcessingConfig());
    makeListen();
    Segment syn{.seq = SeqNum(300), .flags = kSyn, .window = kPeerWindow};
    syn.options.mss = 100;
    arrive(syn);
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(101), .flags = kAck, .window = kPeerWindow});
    callSend(pattern(250));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 100},
                {.seq = 201, .ack = 301, .flags = kAck, .len = 100},
                {.seq = 301, .ack = 301, .flags = kAck, .len = 50}});
}

// A SYN,ACK that is never answered is given up after syn_retries retransmissions; after a
// passive OPEN the connection goes back to LISTEN (Figure 5 note 1): the listener stays.
TEST_F(SynReceived, PassiveConnectionGivesUpTheSynAckAndListensAgain) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.syn_retries = 2;
    configure(tcp);
    makeSynReceived();
    fireNextTimer();
    fireNextTimer();
    expectState(State::SynReceived);
    fireNextTimer();
    expectTransition(State::SynReceived, State::Listen, Cause::RetransmitLimit);
    expectNotice(Notice::ConnectionTimedOut);
    expectNoTimers();
    // ... and takes the next SYN.
    arrive(Segment{.seq = SeqNum(900), .flags = kSyn, .window = kPeerWindow});
    expectTransition(State::Listen, State::SynReceived, Cause::RcvSyn);
}

// After an active OPEN (simultaneous open) there is no listener to go back to.
TEST_F(SynReceived, ActiveConnectionGivesUpTheSynAckAndCloses) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.syn_retries = 1;
    configure(tcp);
    makeSynReceivedActive();
    fireNextTimer();
    expectState(State::SynReceived);
    fireNextTimer();
    expectTransition(State::SynReceived, State::Closed, Cause::RetransmitLimit);
    expectNotice(Notice::ConnectionTimedOut);
}

}  // namespace
}  // namespace tcpviz::core::tests
