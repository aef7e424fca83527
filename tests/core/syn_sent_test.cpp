// Tests for the SYN-SENT state: RFC 9293 §3.10.7.3 (SEGMENT ARRIVES), the user calls in
// SYN-SENT, and the retransmission of the SYN (RFC 6298, RFC 9293 §3.8.3).
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class SynSent : public EndpointTest {
protected:
    void SetUp() override { makeSynSent(); }
};

// §3.10.7.3 first: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is
// set, if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST> and discard the segment."
TEST_F(SynSent, AckOfIssIsAnsweredWithRst) {
    arrive(Segment{
        .seq = SeqNum(300), .ack = SeqNum(kIss), .flags = kSyn | kAck, .window = kPeerWindow});
    expectSent({{.seq = kIss, .flags = kRst}});
    expectNoTransition();
    expectState(State::SynSent);
}

TEST_F(SynSent, AckBelowIssIsAnsweredWithRst) {
    // Figure 9: an old duplicate SYN,ACK acknowledging an earlier ISS.
    arrive(Segment{
        .seq = SeqNum(300), .ack = SeqNum(91), .flags = kSyn | kAck, .window = kPeerWindow});
    expectSent({{.seq = 91, .flags = kRst}});
    expectState(State::SynSent);
}

TEST_F(SynSent, AckBeyondSndNxtIsAnsweredWithRst) {
    arrive(
        Segment{.seq = SeqNum(300), .ack = SeqNum(kIss + 2), .flags = kAck, .window = kPeerWindow});
    expectSent({{.seq = kIss + 2, .flags = kRst}});
    expectState(State::SynSent);
}

TEST_F(SynSent, RstWithUnacceptableAckIsDropped) {
    arrive(Segment{.seq = SeqNum(300), .ack = SeqNum(kIss), .flags = kRst | kAck});
    expectNothingSent();
    expectNoTransition();
    expectState(State::SynSent);
}

// §3.10.7.3 second: "If the ACK was acceptable, then signal to the user "error: connection
// reset", drop the segment, enter CLOSED state, delete TCB, and return."
// (This project reports it as "connection refused", the name applications know it by.)
TEST_F(SynSent, RstWithAcceptableAckClosesTheConnection) {
    arrive(Segment{.seq = SeqNum(0), .ack = SeqNum(kIss + 1), .flags = kRst | kAck});
    expectTransition(State::SynSent, State::Closed, Cause::RcvRst);
    expectNotice(Notice::ConnectionRefused);
    expectNothingSent();
    expectNoTimers();
}

// "Otherwise (no ACK), drop the segment and return."
TEST_F(SynSent, RstWithoutAckIsIgnored) {
    arrive(Segment{.seq = SeqNum(300), .flags = kRst});
    expectNothingSent();
    expectNoTransition();
    expectState(State::SynSent);
}

// §3.10.7.3 fourth: "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to
// ESTABLISHED, form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it."
TEST_F(SynSent, SynAckEntersEstablishedAndIsAcknowledged) {
    arrive(
        Segment{.seq = SeqNum(300), .ack = SeqNum(kIss + 1), .flags = kSyn | kAck, .window = 4000});
    expectSent({{.seq = kIss + 1, .ack = 301, .flags = kAck}});
    expectTransition(State::SynSent, State::Established, Cause::RcvSynAck);
    const Tcb& t = ep.tcb();
    EXPECT_EQ(t.irs, SeqNum(300));
    EXPECT_EQ(t.rcv_nxt, SeqNum(301));
    EXPECT_EQ(t.snd_una, SeqNum(kIss + 1));
    EXPECT_EQ(t.snd_nxt, SeqNum(kIss + 1));
    // The window of the SYN,ACK is the send window (§3.10.7.3: SND.WND <- SEG.WND, SND.WL1 <-
    // SEG.SEQ, SND.WL2 <- SEG.ACK as in §3.10.7.4 fifth).
    EXPECT_EQ(t.snd_wnd, 4000u);
    EXPECT_EQ(t.snd_wl1, SeqNum(300));
    EXPECT_EQ(t.snd_wl2, SeqNum(kIss + 1));
    // Nothing is outstanding: RFC 6298 (5.2) "When all outstanding data has been acknowledged,
    // turn off the retransmission timer."
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
}

// §3.10.7.3: "If there are other controls or text in the segment, then continue processing at
// the sixth step under Section 3.10.7.4".
TEST_F(SynSent, TextOnSynAckIsDelivered) {
    arrive(Segment{.seq = SeqNum(300),
                   .ack = SeqNum(kIss + 1),
                   .flags = kSyn | kAck,
                   .window = kPeerWindow,
                   .payload = bytes("hello")});
    expectState(State::Established);
    EXPECT_EQ(delivered(), bytes("hello"));
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(306));
    ASSERT_FALSE(sent().empty());
    EXPECT_EQ(sent().back().ack, SeqNum(306));
}

TEST_F(SynSent, FinOnSynAckEntersCloseWait) {
    arrive(Segment{.seq = SeqNum(300),
                   .ack = SeqNum(kIss + 1),
                   .flags = kSyn | kAck | kFin,
                   .window = kPeerWindow});
    ASSERT_EQ(transitions().size(), 2u);
    EXPECT_EQ(transitions()[0],
              (StateChange{State::SynSent, State::Established, Cause::RcvSynAck}));
    EXPECT_EQ(transitions()[1], (StateChange{State::Established, State::CloseWait, Cause::RcvFin}));
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(302));
    ASSERT_FALSE(sent().empty());
    EXPECT_EQ(sent().back().ack, SeqNum(302));
}

// §3.10.7.3 fourth, simultaneous open: "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment
// <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send it. Set the variables: SND.WND <- SEG.WND,
// SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK".
TEST_F(SynSent, SynEntersSynReceivedAndIsAnsweredWithSynAck) {
    arrive(Segment{.seq = SeqNum(300), .flags = kSyn, .window = 3000});
    expectSent({{.seq = kIss, .ack = 301, .flags = kSyn | kAck}});
    expectTransition(State::SynSent, State::SynReceived, Cause::RcvSyn);
    EXPECT_EQ(ep.tcb().irs, SeqNum(300));
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(kIss));
    EXPECT_EQ(ep.tcb().snd_wnd, 3000u);
    EXPECT_EQ(ep.tcb().snd_wl1, SeqNum(300));
}

// §3.10.7.3 fifth: "if neither of the SYN or RST bits is set, then drop the segment and return."
TEST_F(SynSent, AcceptableAckWithoutSynIsDropped) {
    arrive(
        Segment{.seq = SeqNum(300), .ack = SeqNum(kIss + 1), .flags = kAck, .window = kPeerWindow});
    expectNothingSent();
    expectNoTransition();
    expectState(State::SynSent);
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(kIss));
}

TEST_F(SynSent, SegmentWithoutControlsIsDropped) {
    arrive(Segment{.seq = SeqNum(300), .window = kPeerWindow, .payload = pattern(3)});
    expectNothingSent();
    expectNothingDelivered();
    arrive(Segment{.seq = SeqNum(300), .flags = kFin, .window = kPeerWindow});
    expectNothingSent();
    expectState(State::SynSent);
}

// §3.10.4 CLOSE in SYN-SENT: "Delete the TCB" (Figure 5: CLOSE / delete TCB).
TEST_F(SynSent, CloseDeletesTheTcb) {
    callClose();
    expectTransition(State::SynSent, State::Closed, Cause::Close);
    expectNothingSent();
    expectNoTimers();
}

// §3.10.5 ABORT in SYN-SENT: "Delete the TCB, enter CLOSED state" — no RST is sent.
TEST_F(SynSent, AbortDeletesTheTcbWithoutReset) {
    callAbort();
    expectTransition(State::SynSent, State::Closed, Cause::Abort);
    expectNothingSent();
    expectNoTimers();
}

// §3.10.2 SEND in SYN-SENT: "Queue the data for transmission after entering ESTABLISHED state."
TEST_F(SynSent, SendQueuesDataUntilEstablished) {
    callSend(pattern(10));
    expectNothingSent();
    arrive(Segment{
        .seq = SeqNum(300), .ack = SeqNum(kIss + 1), .flags = kSyn | kAck, .window = kPeerWindow});
    expectState(State::Established);
    std::vector<std::uint8_t> data;
    for (const auto& s : sent()) {
        EXPECT_EQ(s.ack, SeqNum(301));
        if (!s.payload.empty()) {
            EXPECT_EQ(s.seq, SeqNum(kIss + 1 + data.size()));
            s.payload.appendTo(data);
        }
    }
    EXPECT_EQ(data, pattern(10));
}

// §3.10.1: OPEN on an existing connection: "error: connection already exists".
TEST_F(SynSent, ConnectAgainReturnsConnectionExists) {
    callConnect();
    expectNotice(Notice::ConnectionExists);
    expectNothingSent();
    expectNoTransition();
}

// --- retransmission of the SYN ---

// RFC 6298 (2.1) RTO = 1 s before any measurement; (5.4)-(5.6): on expiry retransmit the earliest
// unacknowledged segment, RTO <- RTO * 2, restart the timer.
TEST_F(SynSent, SynIsRetransmittedWithExponentialBackoff) {
    TimeUs expected_deadline = 1 * kSecond;
    for (TimeUs backoff : {2 * kSecond, 4 * kSecond, 8 * kSecond, 16 * kSecond}) {
        ASSERT_EQ(ep.timerDeadline(TimerKind::Retransmission), expected_deadline);
        advanceTo(expected_deadline - 1);
        expectNothingSent();
        advanceTo(expected_deadline);
        expectSent({{.seq = kIss, .flags = kSyn}});
        ASSERT_EQ(sendReasons().size(), 1u);
        EXPECT_EQ(sendReasons()[0], SendReason::Retransmission);
        expected_deadline += backoff;
    }
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), expected_deadline);
    expectState(State::SynSent);
}

// RFC 9293 §3.8.3: "When the number of transmissions of the same segment reaches a threshold R2
// ..., close the connection"; the application learns of it.
TEST_F(SynSent, ConnectionIsGivenUpAfterSynRetries) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.syn_retries = 3;
    configure(tcp);
    makeSynSent();
    int retransmissions = 0;
    while (ep.state() == State::SynSent && retransmissions < 10) {
        fireNextTimer();
        retransmissions += static_cast<int>(sent().size());
    }
    EXPECT_EQ(retransmissions, 3);
    expectTransition(State::SynSent, State::Closed, Cause::RetransmitLimit);
    expectNotice(Notice::ConnectionTimedOut);
    EXPECT_EQ(now, (1 + 2 + 4 + 8) * kSecond);
    expectNoTimers();
}

// RFC 9293 §3.8.3 (MUST-23): "R2 for a SYN segment MUST be set large enough to provide
// retransmission of the segment for at least 3 minutes." By default the SYN is given up only
// after three minutes.
TEST_F(SynSent, ByDefaultTheSynIsTriedForAtLeastThreeMinutes) {
    configure(TcpConfig{});
    makeSynSent();
    TimeUs last_syn = 0;
    while (ep.state() == State::SynSent && now < 10 * 60 * kSecond) {
        fireNextTimer();
        if (!sent().empty()) last_syn = now;
    }
    expectTransition(State::SynSent, State::Closed, Cause::RetransmitLimit);
    EXPECT_GE(now, 180 * kSecond);
    EXPECT_GE(last_syn, 120 * kSecond);
}

// RFC 6298 (5.7): "If the timer expires awaiting the ACK of a SYN segment and the TCP
// implementation is using an RTO less than 3 seconds, the RTO MUST be re-initialized to 3
// seconds when data transmission begins (i.e., after the three-way handshake completes)."
TEST_F(SynSent, RtoIsThreeSecondsForDataAfterSynTimedOut) {
    advanceTo(1 * kSecond);  // the SYN is retransmitted; RTO backs off to 2 s
    expectSent({{.seq = kIss, .flags = kSyn}});
    // The SYN,ACK answers the retransmission: no RTT sample (Karn), so RTO is not computed.
    arrive(Segment{.seq = SeqNum(300),
                   .ack = SeqNum(kIss + 1),
                   .flags = kSyn | kAck,
                   .window = kPeerWindow},
           1'500 * kMs);
    expectState(State::Established);
    callSend(pattern(10));
    ASSERT_EQ(sent().size(), 1u);
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 1'500 * kMs + 3 * kSecond);
}

// "re-initialized to 3 seconds" also when the backed-off RTO has grown past it.
TEST_F(SynSent, RtoIsThreeSecondsForDataAfterTwoSynTimeouts) {
    advanceTo(1 * kSecond);
    advanceTo(3 * kSecond);  // the second retransmission; RTO is now 4 s
    expectSent({{.seq = kIss, .flags = kSyn}});
    arrive(Segment{.seq = SeqNum(300),
                   .ack = SeqNum(kIss + 1),
                   .flags = kSyn | kAck,
                   .window = kPeerWindow},
           3'500 * kMs);
    callSend(pattern(10));
    ASSERT_EQ(sent().size(), 1u);
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 3'500 * kMs + 3 * kSecond);
}

// Karn (RFC 6298 §3): "RTT samples MUST NOT be made using segments that were retransmitted".
TEST_F(SynSent, SynAckAfterRetransmissionGivesNoRttSample) {
    advanceTo(1 * kSecond);
    arrive(Segment{.seq = SeqNum(300),
                   .ack = SeqNum(kIss + 1),
                   .flags = kSyn | kAck,
                   .window = kPeerWindow},
           1'100 * kMs);
    expectState(State::Established);
    EXPECT_FALSE(ep.tcb().rtt_measured);
}

// The first RTT sample comes from the SYN when it was not retransmitted: RFC 6298 (2.2)
// "SRTT <- R, RTTVAR <- R/2, RTO <- SRTT + max (G, K*RTTVAR)", K = 4.
TEST_F(SynSent, SynAckGivesTheFirstRttSample) {
    TcpConfig tcp;
    tcp.rto_min = 10 * kMs;  // so that the computed value is not rounded up to 1 s (2.4)
    configure(tcp);
    makeSynSent();
    arrive(Segment{.seq = SeqNum(300),
                   .ack = SeqNum(kIss + 1),
                   .flags = kSyn | kAck,
                   .window = kPeerWindow},
           100 * kMs);
    ASSERT_TRUE(ep.tcb().rtt_measured);
    EXPECT_EQ(ep.tcb().srtt, 100 * kMs);
    EXPECT_EQ(ep.tcb().rttvar, 50 * kMs);
    EXPECT_EQ(ep.tcb().rto, 100 * kMs + 4 * 50 * kMs);
}

// The user timeout (§3.10.8) also covers an unanswered SYN.
TEST_F(SynSent, UserTimeoutClosesTheConnection) {
    TcpConfig tcp;
    tcp.user_timeout = 5 * kSecond;
    tcp.max_retransmissions = 100;
    configure(tcp);
    makeSynSent();
    while (ep.state() == State::SynSent && now < 10 * kSecond) fireNextTimer();
    EXPECT_EQ(now, 5 * kSecond);
    expectTransition(State::SynSent, State::Closed, Cause::UserTimeout);
    expectNotice(Notice::UserTimeout);
}

}  // namespace
}  // namespace tcpviz::core::tests
