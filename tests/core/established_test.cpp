// Tests for the ESTABLISHED state: RFC 9293 §3.10.7.4 step by step (sequence number, RST, SYN,
// ACK, text, FIN), RFC 5961's challenge ACKs, window management (§3.8.6), retransmission
// (RFC 6298, §3.8.3), the user timeout (§3.10.8), and the user calls in ESTABLISHED.
//
// After makeEstablished(): ISS = 100, SND.UNA = SND.NXT = 101, IRS = 300, RCV.NXT = 301,
// RCV.WND = 65535, SND.WND = kPeerWindow, RTO = 1 s.
#include <algorithm>
#include <map>
#include <random>

#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

// The peer's bytes [seq, seq + n) of its stream, which starts at 301.
Segment peerData(std::uint32_t seq, std::size_t n, std::uint32_t ack = 101) {
    return Segment{.seq = SeqNum(seq),
                   .ack = SeqNum(ack),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(n, seq - 301)};
}

Segment peerAck(std::uint32_t ack, std::uint16_t window = kPeerWindow, std::uint32_t seq = 301) {
    return Segment{.seq = SeqNum(seq), .ack = SeqNum(ack), .flags = kAck, .window = window};
}

class Established : public EndpointTest {
protected:
    void SetUp() override { makeEstablished(); }
};

// A small receive buffer that the application does not read on its own: RCV.WND is 10.
class EstablishedSmallWindow : public EndpointTest {
protected:
    void SetUp() override {
        TcpConfig tcp = eventProcessingConfig();
        tcp.window = 10;
        tcp.auto_receive = false;
        configure(tcp);
        makeEstablished();
    }
    // Fills the receive window: RCV.NXT = 311, RCV.WND = 0.
    void fillWindow() {
        arrive(peerData(301, 10));
        expectSent({{.seq = ep.tcb().snd_nxt.value(), .ack = 311, .flags = kAck, .window = 0}});
        ASSERT_EQ(ep.tcb().rcv_nxt, SeqNum(311));
    }
};

// ---------------------------------------------------------------------------------------------
// First, check the sequence number (§3.10.7.4, Table 6)

// "If an incoming segment is not acceptable, an acknowledgment should be sent in reply ...
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. After sending the acknowledgment, drop the unacceptable
// segment and return."
TEST_F(Established, SegmentBeyondTheWindowIsAcknowledgedAndDropped) {
    arrive(peerData(301 + 65535, 10));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNothingDelivered();
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

TEST_F(Established, OldDuplicateIsAcknowledgedAndDropped) {
    arrive(peerData(301, 10));
    EXPECT_EQ(delivered(), pattern(10));
    arrive(peerData(301, 10));
    expectSent({{.seq = 101, .ack = 311, .flags = kAck}});
    expectNothingDelivered();
}

// Zero-length segment, window > 0: "RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND" — and, as Linux's
// tcp_sequence() allows, SEG.SEQ = RCV.NXT+RCV.WND too: a peer whose window we filled sends
// its ACKs from exactly there, and refusing them starts an exchange of ACKs (an ACK war).
TEST_F(Established, ZeroLengthSegmentMustStartInsideTheWindowOrAtItsRightEdge) {
    arrive(peerAck(101, kPeerWindow, 301 + 65534));
    expectNothingSent();
    arrive(peerAck(101, kPeerWindow, 301 + 65535));
    expectNothingSent();
    arrive(peerAck(101, kPeerWindow, 301 + 65536));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    advance(kSecond);
    arrive(peerAck(101, kPeerWindow, 300));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
}

// RFC 5961 §7: the ACKs sent in reply to unacceptable segments that carry nothing are
// rate-limited — one per 500 ms, Linux's tcp_invalid_ratelimit — so that two endpoints that
// each find the other's ACKs unacceptable cannot answer each other for ever.
TEST_F(Established, RepliesToUnacceptableAcksAreRateLimited) {
    arrive(peerAck(101, kPeerWindow, 300));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    arrive(peerAck(101, kPeerWindow, 299), now + 100 * kMs);
    expectNothingSent();
    arrive(peerAck(101, kPeerWindow, 299), now + 399 * kMs);
    expectNothingSent();
    arrive(peerAck(101, kPeerWindow, 299), now + 1 * kMs);
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    // Old data is always answered: its ACK may be what the peer is waiting for.
    arrive(peerData(291, 10), now + 1 * kMs);
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
}

// Data, window > 0: acceptable when its first or its last octet is in the window; "If a
// segment's contents straddle the boundary between old and new, only the new parts are
// processed."
TEST_F(Established, SegmentOverlappingRcvNxtIsTrimmedToTheNewPart) {
    arrive(peerData(301, 10));
    EXPECT_EQ(delivered(), pattern(10));
    arrive(peerData(306, 10));  // 306..315: 306..310 were received already
    EXPECT_EQ(delivered(), pattern(5, 10));
    expectSent({{.seq = 101, .ack = 316, .flags = kAck}});
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(316));
}

// Only the part inside the window is taken (§3.10.7.4: "trimming off any portions that lie
// outside the window").
TEST_F(EstablishedSmallWindow, SegmentStraddlingTheRightEdgeKeepsWhatFits) {
    arrive(peerData(301, 15));
    expectSent({{.seq = 101, .ack = 311, .flags = kAck, .window = 0}});
    callReceive(100);
    EXPECT_EQ(delivered(), pattern(10));
}

// Zero-length segment, zero window: "SEG.SEQ = RCV.NXT". "If the RCV.WND is zero, no segments
// will be acceptable, but special allowance should be made to accept valid ACKs".
TEST_F(EstablishedSmallWindow, ZeroWindowAcceptsAnAckAtRcvNxt) {
    callSend(pattern(5));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 5}});
    fillWindow();
    arrive(peerAck(106, kPeerWindow, 311));
    expectNothingSent();
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(106));
}

TEST_F(EstablishedSmallWindow, ZeroWindowRejectsAZeroLengthSegmentAnywhereElse) {
    fillWindow();
    arrive(peerAck(101, kPeerWindow, 312));
    expectSent({{.seq = 101, .ack = 311, .flags = kAck, .window = 0}});
}

// Data, zero window: "not acceptable". §3.8.6.1: "When the receiving TCP peer has a zero window
// and a segment arrives, it must still send an acknowledgment showing its next expected sequence
// number and current window (zero)."
TEST_F(EstablishedSmallWindow, ZeroWindowRejectsDataAndAnnouncesTheZeroWindow) {
    fillWindow();
    arrive(peerData(311, 1));
    expectSent({{.seq = 101, .ack = 311, .flags = kAck, .window = 0}});
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(311));
    callReceive(100);
    EXPECT_EQ(delivered(), pattern(10));  // the probe octet was not taken
}

// A FIN occupies sequence space (SEG.LEN = 1), so with a zero window it is "not acceptable" like
// any other segment of nonzero length; the special allowance covers only "valid ACKs, URGs, and
// RSTs". It is acknowledged (<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>) and dropped, and taken once
// the window has opened again.
TEST_F(EstablishedSmallWindow, ZeroWindowRejectsAFin) {
    fillWindow();
    arrive(Segment{
        .seq = SeqNum(311), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 101, .ack = 311, .flags = kAck, .window = 0}});
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(311));
    callReceive(100);
    arrive(Segment{
        .seq = SeqNum(311), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectTransition(State::Established, State::CloseWait, Cause::RcvFin);
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(312));
}

// §3.10.7.4 first: "trimming off any portions that lie outside the window (including SYN and
// FIN)": text that exactly fills the window is taken, the FIN behind it is not.
TEST_F(EstablishedSmallWindow, FinBeyondTheWindowIsTrimmedOff) {
    Segment seg = peerData(301, 10);
    seg.flags |= kFin;
    arrive(seg);
    expectSent({{.seq = 101, .ack = 311, .flags = kAck, .window = 0}});
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(311));
    callReceive(100);
    EXPECT_EQ(delivered(), pattern(10));
}

// "special allowance should be made to accept valid ACKs": the ACK field of a data segment that
// does not fit is still used.
TEST_F(EstablishedSmallWindow, ZeroWindowStillTakesTheAckOfADataSegment) {
    callSend(pattern(5));
    fillWindow();
    arrive(peerData(311, 1, 106));
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(106));
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(311));
}

// "... and RSTs" — MUST-66: "A TCP receiver MUST process the RST and URG fields of all incoming
// segments, even when the receive window is zero".
TEST_F(EstablishedSmallWindow, ZeroWindowStillTakesAnRstAtRcvNxt) {
    fillWindow();
    arrive(Segment{.seq = SeqNum(311), .flags = kRst});
    expectTransition(State::Established, State::Closed, Cause::RcvRst);
}

// §3.10.7.4 seventh: "adjusts RCV.WND as appropriate to the current buffer availability"; the
// window reopens once the application has read (receiver SWS avoidance, §3.8.6.2.2, reopens it
// by at least one MSS at a time) and the peer is told.
TEST_F(Established, ReadingReopensTheWindow) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.window = 1072;
    tcp.auto_receive = false;
    configure(tcp);
    makeEstablished();
    arrive(peerData(301, 536));
    arrive(peerData(837, 536));
    expectSent({{.seq = 101, .ack = 1373, .flags = kAck, .window = 0}});
    callReceive(2000);
    EXPECT_EQ(delivered(), pattern(1072));
    expectSent({{.seq = 101, .ack = 1373, .flags = kAck, .window = 1072}});
}

// ---------------------------------------------------------------------------------------------
// Second, check the RST bit (§3.10.7.4 with RFC 5961 §3.2)

// "If the RST bit is set and the sequence number exactly matches the next expected sequence number
// (RCV.NXT), then TCP endpoints MUST reset the connection"; ESTABLISHED: "any outstanding RECEIVEs
// and SEND should receive "reset" responses. All segment queues should be flushed. Users should
// also receive an unsolicited general "connection reset" signal. Enter the CLOSED state".
TEST_F(Established, RstAtRcvNxtResetsTheConnection) {
    callSend(pattern(10));  // something on the retransmission queue, with its timer
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectTransition(State::Established, State::Closed, Cause::RcvRst);
    expectNotice(Notice::ConnectionReset);
    expectNothingSent();
    expectNoTimers();
}

// "If the RST bit is set and the sequence number does not exactly match the next expected
// sequence value, yet is within the current receive window, TCP endpoints MUST send an
// acknowledgment (challenge ACK): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>" and drop it.
TEST_F(Established, RstInTheWindowButNotAtRcvNxtDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(302), .flags = kRst});
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNoTransition();
    expectState(State::Established);
    // RFC 5961 §7: challenge ACKs are rate-limited (one per 500 ms, as Linux does).
    arrive(Segment{.seq = SeqNum(301 + 65534), .ack = SeqNum(101), .flags = kRst | kAck});
    expectNothingSent();
    arrive(Segment{.seq = SeqNum(301 + 65534), .ack = SeqNum(101), .flags = kRst | kAck}, now + kSecond);
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectState(State::Established);
}

// "If the RST bit is set and the sequence number is outside the current receive window, silently
// drop the segment." (and the first step: "unless the RST bit is set, if so drop the segment")
TEST_F(Established, RstOutsideTheWindowIsDroppedSilently) {
    arrive(Segment{.seq = SeqNum(300), .flags = kRst});
    expectNothingSent();
    arrive(Segment{.seq = SeqNum(301 + 65535), .flags = kRst});
    expectNothingSent();
    expectNoTransition();
    expectState(State::Established);
}

// ---------------------------------------------------------------------------------------------
// Fourth, check the SYN bit (RFC 5961 §4)

// "if the SYN bit is set, irrespective of the sequence number, TCP endpoints MUST send a
// "challenge ACK" to the remote peer: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>" and "MUST drop the
// unacceptable segment and stop processing further".
TEST_F(Established, SynInTheWindowDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(301), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
    arrive(Segment{.seq = SeqNum(5000),
                   .ack = SeqNum(101),
                   .flags = kSyn | kAck,
                   .window = kPeerWindow,
                   .payload = pattern(3)});
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNothingDelivered();
    expectState(State::Established);
}

// "If the SYN is not in the window, this step would not be reached and an ACK would have been sent
// in the first step": e.g. the peer's SYN,ACK again, because our ACK of it was lost.
TEST_F(Established, RetransmittedSynAckIsAcknowledgedAgain) {
    arrive(Segment{
        .seq = SeqNum(300), .ack = SeqNum(101), .flags = kSyn | kAck, .window = kPeerWindow});
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNoTransition();
}

// ---------------------------------------------------------------------------------------------
// Fifth, check the ACK field

// "if the ACK bit is off, drop the segment and return"
TEST_F(Established, SegmentWithoutAckIsDropped) {
    arrive(Segment{.seq = SeqNum(301), .window = kPeerWindow, .payload = pattern(5)});
    expectNothingSent();
    expectNothingDelivered();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

// "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment,
// and return." The text is not taken.
TEST_F(Established, AckOfUnsentDataIsAnsweredAndTheSegmentDropped) {
    arrive(peerData(301, 5, 150));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNothingDelivered();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(101));
}

// RFC 5961 §5 via §3.10.7.4: "the ACK value is acceptable only if it is in the range of
// ((SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT). All incoming segments whose ACK value doesn't
// satisfy the above condition MUST be discarded and an ACK sent back."
TEST_F(Established, AckOlderThanMaxSndWndIsAnsweredAndTheSegmentDropped) {
    arrive(peerData(301, 5, 101 - kPeerWindow - 1));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    expectNothingDelivered();
    arrive(peerData(301, 5, 101 - kPeerWindow));  // just inside the range: a duplicate ACK
    EXPECT_EQ(delivered(), pattern(5));
}

// "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored" — the rest of the segment
// is still processed.
TEST_F(Established, DuplicateAckStillCarriesText) {
    arrive(peerData(301, 5, 101));
    EXPECT_EQ(delivered(), pattern(5));
    expectSent({{.seq = 101, .ack = 306, .flags = kAck}});
}

// "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK. Any segments on the retransmission
// queue that are thereby entirely acknowledged are removed." RFC 6298 (5.3): "When an ACK is
// received that acknowledges new data, restart the retransmission timer so that it will expire
// after RTO seconds"; (5.2): "When all outstanding data has been acknowledged, turn off the
// retransmission timer."
TEST_F(Established, AckAdvancesSndUnaAndManagesTheTimer) {
    callSend(pattern(100));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 100}});
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 1 * kSecond);
    arrive(peerAck(151), 200 * kMs);
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(151));
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 200 * kMs + ep.tcb().rto);
    expectNothingSent();
    arrive(peerAck(201), 300 * kMs);
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(201));
    EXPECT_FALSE(ep.timerDeadline(TimerKind::Retransmission).has_value());
    // What was acknowledged is not sent again.
    advance(10 * kSecond);
    expectNothingSent();
}

// ---------------------------------------------------------------------------------------------
// The send window (§3.10.7.4 fifth, §3.8.6)

// "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If (SND.WL1 < SEG.SEQ or
// (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND, set SND.WL1 <- SEG.SEQ, and
// set SND.WL2 <- SEG.ACK."
TEST_F(Established, NewerSegmentUpdatesTheWindow) {
    arrive(peerAck(101, 100));
    EXPECT_EQ(ep.tcb().snd_wnd, 100u);
    EXPECT_EQ(ep.tcb().snd_wl1, SeqNum(301));
    EXPECT_EQ(ep.tcb().snd_wl2, SeqNum(101));
    arrive(peerAck(101, 200));  // same SEG.SEQ and SEG.ACK: a window update
    EXPECT_EQ(ep.tcb().snd_wnd, 200u);
}

// "The check here prevents using old segments to update the window."
TEST_F(Established, OlderSegmentDoesNotUpdateTheWindow) {
    Segment first = peerData(301, 10);
    first.window = 1000;
    arrive(first);
    Segment second = peerData(311, 10);
    second.window = 2000;
    arrive(second);
    EXPECT_EQ(ep.tcb().snd_wnd, 2000u);
    EXPECT_EQ(ep.tcb().snd_wl1, SeqNum(311));
    // A retransmission of older text that also covers new text: acceptable, but SEG.SEQ < SND.WL1.
    Segment old = peerData(301, 30);
    old.window = 500;
    arrive(old);
    EXPECT_EQ(delivered(), pattern(10, 20));
    EXPECT_EQ(ep.tcb().snd_wnd, 2000u);
    EXPECT_EQ(ep.tcb().snd_wl1, SeqNum(311));
}

// An ACK older than SND.UNA ("SND.UNA =< SEG.ACK" fails) does not update the window either.
TEST_F(Established, StaleAckDoesNotUpdateTheWindow) {
    callSend(pattern(100));
    Segment first = peerData(301, 5, 201);
    first.window = 1000;
    arrive(first);
    EXPECT_EQ(ep.tcb().snd_wnd, 1000u);
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(201));
    // Newer text (SEG.SEQ > SND.WL1) with an older acknowledgment (SEG.ACK < SND.UNA).
    Segment late = peerData(306, 5, 151);
    late.window = 10;
    arrive(late);
    EXPECT_EQ(delivered(), pattern(5, 5));
    EXPECT_EQ(ep.tcb().snd_wnd, 1000u);
}

// §3.8.6: "The sending TCP endpoint packages the data to be transmitted into segments that fit the
// current window". The usable window is SND.UNA + SND.WND - SND.NXT (§3.8.6.2.1). (Windows here
// are whole MSS multiples, so that sender SWS avoidance has no say.)
TEST_F(Established, SendingIsLimitedByTheSendWindow) {
    arrive(peerAck(101, 1072));
    callSend(pattern(3000));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 536},
                {.seq = 637, .ack = 301, .flags = kAck, .len = 536}});
    arrive(peerAck(637, 1072));
    expectSent({{.seq = 1173, .ack = 301, .flags = kAck, .len = 536}});
    arrive(peerAck(1709, 1072));
    expectSent({{.seq = 1709, .ack = 301, .flags = kAck, .len = 536},
                {.seq = 2245, .ack = 301, .flags = kAck, .len = 536}});
}

// §3.8.6: "a sending TCP peer MUST be robust against window shrinking" (MUST-34) and "SHOULD NOT
// time out the connection if data beyond the right window edge is not acknowledged" (SHLD-17);
// §3.8.6.1: the retransmissions into the zero window are its probes, and "As long as the receiving
// TCP peer continues to send acknowledgments in response to the probe segments, the sending TCP
// peer MUST allow the connection to stay open (MUST-37)."
TEST_F(Established, ShrunkZeroWindowKeepsTheConnectionOpenWhileThePeerAnswers) {
    callSend(pattern(100));
    arrive(peerAck(151, 0));  // the peer took 50 bytes and has no room for the rest
    for (int i = 0; i < 2 * static_cast<int>(TcpConfig{}.max_retransmissions); ++i) {
        fireNextTimer();
        ASSERT_EQ(ep.state(), State::Established) << "after " << i << " timer expiries";
        if (!sent().empty()) arrive(peerAck(151, 0));  // answered: still a zero window
    }
    arrive(peerAck(151, 1000));  // the window opens: everything goes through
    expectState(State::Established);
}

// §3.7.1: "If an MSS Option is not received at connection setup, TCP implementations MUST assume a
// default send MSS of 536".
TEST_F(Established, SegmentsAreCutAtTheDefaultMss) {
    callSend(pattern(1200));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 536},
                {.seq = 637, .ack = 301, .flags = kAck, .len = 536},
                {.seq = 1173, .ack = 301, .flags = kAck, .len = 128}});
}

TEST_F(Established, SegmentsAreCutAtThePeersMss) {
    configure(eventProcessingConfig());
    makeSynSent();
    Segment synack{
        .seq = SeqNum(300), .ack = SeqNum(101), .flags = kSyn | kAck, .window = kPeerWindow};
    synack.options.mss = 100;
    arrive(synack);
    callSend(pattern(250));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 100},
                {.seq = 201, .ack = 301, .flags = kAck, .len = 100},
                {.seq = 301, .ack = 301, .flags = kAck, .len = 50}});
}

// ---------------------------------------------------------------------------------------------
// Zero-window probing (§3.8.6.1)

// "The transmitting host SHOULD send the first zero-window probe when a zero window has existed
// for the retransmission timeout period (SHLD-29), and SHOULD increase exponentially the interval
// between successive probes (SHLD-30)." "As long as the receiving TCP peer continues to send
// acknowledgments in response to the probe segments, the sending TCP peer MUST allow the
// connection to stay open (MUST-37)."
TEST_F(Established, ZeroWindowIsProbedWithExponentialBackoff) {
    arrive(peerAck(101, 0));
    callSend(pattern(10));
    expectNothingSent();
    ASSERT_TRUE(ep.timerDeadline(TimerKind::Persist).has_value());
    EXPECT_EQ(*ep.timerDeadline(TimerKind::Persist), now + ep.tcb().rto);
    std::vector<TimeUs> probes;
    for (int i = 0; i < 8; ++i) {  // more probes than max_retransmissions (5)
        fireNextTimer();
        ASSERT_EQ(sent().size(), 1u) << "probe " << i;
        EXPECT_EQ(sent()[0].payload.size(), 1u);
        EXPECT_EQ(sendReasons()[0], SendReason::WindowProbe);
        probes.push_back(now);
        arrive(peerAck(101, 0));  // the peer answers each probe: still a zero window
    }
    // Doubling, up to the RTO's upper bound (RFC 6298 (2.5)).
    for (std::size_t i = 2; i < probes.size(); ++i)
        EXPECT_EQ(probes[i] - probes[i - 1],
                  std::min(2 * (probes[i - 1] - probes[i - 2]), TcpConfig{}.rto_max))
            << i;
    expectState(State::Established);
}

// When the window opens again, every byte gets through.
TEST_F(Established, DataFlowsAgainWhenTheWindowOpens) {
    arrive(peerAck(101, 0));
    callSend(pattern(10));
    std::map<std::uint32_t, std::uint8_t> on_wire;  // sequence number -> byte, as sent
    auto record = [&] {
        for (const auto& s : sent())
            for (std::size_t i = 0; i < s.payload.size(); ++i)
                on_wire[s.seq.value() + i] = s.payload[i];
    };
    fireNextTimer();
    record();
    arrive(peerAck(101, 0));  // the probe did not fit
    fireNextTimer();
    record();
    arrive(peerAck(101, 0));
    arrive(peerAck(101, 1000));  // the window opens; nothing taken yet
    record();
    for (int i = 0; i < 5 && ep.pollAt(); ++i) {
        fireNextTimer();
        record();
    }
    for (std::uint32_t seq = 101; seq < 111; ++seq) {
        ASSERT_TRUE(on_wire.contains(seq)) << seq;
        EXPECT_EQ(on_wire[seq], pattern(10)[seq - 101]) << seq;
    }
}

// ---------------------------------------------------------------------------------------------
// Seventh, process the segment text

// "Once the TCP endpoint takes responsibility for the data, it advances RCV.NXT over the data
// accepted ... Send an acknowledgment of the form: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
TEST_F(Established, InOrderTextIsDeliveredAndAcknowledged) {
    arrive(peerData(301, 10));
    EXPECT_EQ(delivered(), pattern(10));
    expectSent({{.seq = 101, .ack = 311, .flags = kAck}});
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(311));
}

// "Segments with higher beginning sequence numbers SHOULD be held for later processing (SHLD-31)."
// An ACK for it may only acknowledge RCV.NXT (MAY-13).
TEST_F(Established, OutOfOrderTextIsHeldUntilTheGapIsFilled) {
    arrive(peerData(311, 10));
    expectNothingDelivered();
    for (const auto& s : sent()) EXPECT_EQ(s.ack, SeqNum(301));
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
    arrive(peerData(301, 10));
    EXPECT_EQ(delivered(), pattern(20));
    expectSent({{.seq = 101, .ack = 321, .flags = kAck}});
}

TEST_F(Established, OverlappingOutOfOrderSegmentsAreDeliveredOnce) {
    arrive(peerData(321, 10));  // 321..330
    arrive(peerData(311, 15));  // 311..325
    arrive(peerData(316, 25));  // 316..340
    arrive(peerData(331, 5));   // 331..335, inside what is held
    expectNothingDelivered();
    arrive(peerData(301, 12));  // 301..312
    EXPECT_EQ(delivered(), pattern(40));
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(341));
    arrive(peerData(301, 40));
    expectNothingDelivered();
}

// Whatever the order and however often each segment arrives, each byte is delivered exactly once
// and in order.
TEST_F(Established, TextIsDeliveredExactlyOnceInOrderWhateverTheArrivalOrder) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        configure(eventProcessingConfig());
        makeEstablished();
        std::mt19937_64 rng(seed);
        constexpr std::size_t kTotal = 3000;
        std::vector<Segment> segments;
        for (std::size_t at = 0; at < kTotal;) {
            const std::size_t n = std::min<std::size_t>(kTotal - at, 1 + rng() % 400);
            segments.push_back(peerData(static_cast<std::uint32_t>(301 + at), n));
            at += n;
        }
        const std::size_t originals = segments.size();
        for (std::size_t i = 0; i < originals; ++i)
            if (rng() % 3 == 0) segments.push_back(segments[rng() % originals]);
        std::shuffle(segments.begin(), segments.end(), rng);
        std::vector<std::uint8_t> got;
        for (const auto& s : segments) {
            arrive(s);
            const auto d = delivered();
            got.insert(got.end(), d.begin(), d.end());
        }
        EXPECT_EQ(got, pattern(kTotal)) << "seed " << seed;
        EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301 + kTotal)) << "seed " << seed;
    }
}

// §3.10.3 RECEIVE: with an application that reads on request, text waits in the buffer.
TEST_F(EstablishedSmallWindow, ReceiveReturnsBufferedText) {
    arrive(peerData(301, 6));
    expectNothingDelivered();
    callReceive(4);
    EXPECT_EQ(delivered(), pattern(4));
    callReceive(4);
    EXPECT_EQ(delivered(), pattern(2, 4));
}

// ---------------------------------------------------------------------------------------------
// Eighth, check the FIN bit

// "If the FIN bit is set, signal the user "connection closing" ..., advance RCV.NXT over the FIN,
// and send an acknowledgment for the FIN." ESTABLISHED: "Enter the CLOSE-WAIT state."
TEST_F(Established, FinEntersCloseWaitAndIsAcknowledged) {
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectTransition(State::Established, State::CloseWait, Cause::RcvFin);
    expectNotice(Notice::ConnectionClosing);
    expectSent({{.seq = 101, .ack = 302, .flags = kAck}});
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(302));
}

TEST_F(Established, TextWithFinIsDeliveredThenTheConnectionCloses) {
    Segment seg = peerData(301, 5);
    seg.flags |= kFin;
    arrive(seg);
    EXPECT_EQ(delivered(), pattern(5));
    expectTransition(State::Established, State::CloseWait, Cause::RcvFin);
    expectSent({{.seq = 101, .ack = 307, .flags = kAck}});
}

// Segments are processed in sequence order: a FIN beyond a gap takes effect once the gap is filled.
TEST_F(Established, FinBeyondAGapWaitsForTheMissingText) {
    arrive(Segment{
        .seq = SeqNum(311), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectNoTransition();
    for (const auto& s : sent()) EXPECT_EQ(s.ack, SeqNum(301));
    arrive(peerData(301, 10));
    EXPECT_EQ(delivered(), pattern(10));
    expectTransition(State::Established, State::CloseWait, Cause::RcvFin);
    expectSent({{.seq = 101, .ack = 312, .flags = kAck}});
}

TEST_F(Established, FinWithoutAckIsDropped) {
    arrive(Segment{.seq = SeqNum(301), .flags = kFin, .window = kPeerWindow});
    expectNothingSent();
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

// ---------------------------------------------------------------------------------------------
// User calls

// §3.10.4 CLOSE in ESTABLISHED: "Queue this until all preceding SENDs have been segmentized, then
// form a FIN segment and send it. In any case, enter FIN-WAIT-1 state."
TEST_F(Established, CloseSendsFinAndEntersFinWait1) {
    callClose();
    expectTransition(State::Established, State::FinWait1, Cause::Close);
    expectSent({{.seq = 101, .ack = 301, .flags = kFin | kAck}});
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(102));
}

TEST_F(Established, FinFollowsTheQueuedText) {
    arrive(peerAck(101, 536));
    callSend(pattern(1072));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 536}});
    callClose();
    expectTransition(State::Established, State::FinWait1, Cause::Close);
    expectNothingSent();  // the rest of the text does not fit yet, so neither does the FIN
    // The last 536 octets fill the window exactly; the FIN takes a sequence number of its own
    // and so waits for the window to move (it would lie beyond the right edge).
    arrive(peerAck(637, 536));
    expectSent({{.seq = 637, .ack = 301, .flags = kAck, .len = 536}});
    arrive(peerAck(1173, 536));
    expectSent({{.seq = 1173, .ack = 301, .flags = kFin | kAck}});
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(101 + 1072 + 1));
}

// §3.10.5 ABORT in ESTABLISHED: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>"; "all segments
// queued for transmission (except for the RST formed above) or retransmission should be flushed.
// Delete the TCB, enter CLOSED state".
TEST_F(Established, AbortSendsRstAtSndNxtAndFlushes) {
    callSend(pattern(10));
    callAbort();
    expectSent({{.seq = 111, .flags = kRst}});
    expectTransition(State::Established, State::Closed, Cause::Abort);
    expectNoTimers();
    advance(100 * kSecond);
    expectNothingSent();
}

// §3.10.2 SEND in ESTABLISHED: "Segmentize the buffer and send it with a piggybacked acknowledgment
// (acknowledgment value = RCV.NXT)."
TEST_F(Established, SendCarriesAPiggybackedAck) {
    arrive(peerData(301, 7));
    callSend(pattern(3));
    expectSent({{.seq = 101, .ack = 308, .flags = kAck, .len = 3}});
}

TEST_F(Established, OpenReturnsConnectionExists) {
    callConnect();
    expectNotice(Notice::ConnectionExists);
    callListen();
    expectNotice(Notice::ConnectionExists);
    expectNothingSent();
    expectNoTransition();
}

// ---------------------------------------------------------------------------------------------
// Retransmission (RFC 6298; RFC 9293 §3.8.1, §3.8.3)

// (5.4) "Retransmit the earliest segment that has not been acknowledged", (5.5) "RTO <- RTO * 2",
// (5.6) "Start the retransmission timer, such that it expires after RTO seconds (for the value of
// RTO after the doubling operation)".
TEST_F(Established, RetransmissionTimerBacksOffExponentially) {
    callSend(pattern(10));
    TimeUs deadline = 1 * kSecond;
    for (TimeUs next : {2 * kSecond, 4 * kSecond, 8 * kSecond, 16 * kSecond}) {
        ASSERT_EQ(ep.timerDeadline(TimerKind::Retransmission), deadline);
        advanceTo(deadline - 1);
        expectNothingSent();
        advanceTo(deadline);
        expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 10}});
        EXPECT_EQ(sendReasons()[0], SendReason::Retransmission);
        EXPECT_EQ(sent()[0].payload, pattern(10));
        deadline += next;
    }
}

TEST_F(Established, OnlyTheEarliestSegmentIsRetransmitted) {
    callSend(pattern(1200));
    ASSERT_EQ(sent().size(), 3u);
    advanceTo(1 * kSecond);
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 536}});
    arrive(peerAck(637), 1'100 * kMs);
    advanceTo(1'100 * kMs + ep.tcb().rto);
    expectSent({{.seq = 637, .ack = 301, .flags = kAck, .len = 536}});
}

// (2.2) first measurement: "SRTT <- R, RTTVAR <- R/2, RTO <- SRTT + max (G, K*RTTVAR)";
// (2.3) later: "RTTVAR <- (1 - beta) * RTTVAR + beta * |SRTT - R'|, SRTT <- (1 - alpha) * SRTT +
// alpha * R'" with alpha = 1/8, beta = 1/4, RTTVAR updated with the old SRTT; K = 4.
TEST_F(Established, RttSamplesFollowRfc6298) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.rto_min = 10 * kMs;
    configure(tcp);
    makeSynSent();
    arrive(
        Segment{
            .seq = SeqNum(300), .ack = SeqNum(101), .flags = kSyn | kAck, .window = kPeerWindow},
        100 * kMs);
    EXPECT_EQ(ep.tcb().srtt, 100 * kMs);
    EXPECT_EQ(ep.tcb().rttvar, 50 * kMs);
    EXPECT_EQ(ep.tcb().rto, 300 * kMs);

    now = 1 * kSecond;
    callSend(pattern(10));
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 1'300 * kMs);
    arrive(peerAck(111), 1'200 * kMs);   // R' = 200 ms
    EXPECT_EQ(ep.tcb().rttvar, 62'500);  // 3/4 * 50 ms + 1/4 * |100 ms - 200 ms|
    EXPECT_EQ(ep.tcb().srtt, 112'500);   // 7/8 * 100 ms + 1/8 * 200 ms
    EXPECT_EQ(ep.tcb().rto, 112'500 + 4 * 62'500);
    callSend(pattern(10));
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 1'200 * kMs + 362'500);
}

// (2.4) "Whenever RTO is computed, if it is less than 1 second, then the RTO SHOULD be rounded up
// to 1 second."
TEST_F(Established, ComputedRtoIsRoundedUpToOneSecond) {
    configure(eventProcessingConfig());
    makeSynSent();
    arrive(
        Segment{
            .seq = SeqNum(300), .ack = SeqNum(101), .flags = kSyn | kAck, .window = kPeerWindow},
        100 * kMs);
    ASSERT_TRUE(ep.tcb().rtt_measured);
    EXPECT_EQ(ep.tcb().rto, 1 * kSecond);
}

// Karn, RFC 6298 §3: "RTT samples MUST NOT be made using segments that were retransmitted"; §5:
// the backed-off RTO is kept until "a new RTT measurement is obtained (which can only happen when
// new data has been sent and acknowledged)", which may then collapse it.
TEST_F(Established, KarnNoSampleFromARetransmittedSegment) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.rto_min = 10 * kMs;
    configure(tcp);
    makeSynSent();
    arrive(
        Segment{
            .seq = SeqNum(300), .ack = SeqNum(101), .flags = kSyn | kAck, .window = kPeerWindow},
        100 * kMs);
    ASSERT_EQ(ep.tcb().rto, 300 * kMs);

    now = 1 * kSecond;
    callSend(pattern(10));
    advanceTo(1'300 * kMs);  // retransmitted; RTO backs off to 600 ms
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 10}});
    arrive(peerAck(111), 1'350 * kMs);  // ambiguous: original or retransmission?
    EXPECT_EQ(ep.tcb().srtt, 100 * kMs);
    EXPECT_EQ(ep.tcb().rttvar, 50 * kMs);
    callSend(pattern(10));
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 1'350 * kMs + 600 * kMs);
    arrive(peerAck(121), 1'450 * kMs);  // R = 100 ms, from a segment sent once
    EXPECT_EQ(ep.tcb().srtt, 100 * kMs);
    EXPECT_EQ(ep.tcb().rttvar, 37'500);
    EXPECT_EQ(ep.tcb().rto, 100 * kMs + 4 * 37'500);
}

// RFC 9293 §3.8.3 (c): "When the number of transmissions of the same segment reaches a threshold R2
// greater than R1, close the connection"; (e) inform the application.
TEST_F(Established, ConnectionIsGivenUpAfterMaxRetransmissions) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.max_retransmissions = 3;
    configure(tcp);
    makeEstablished();
    callSend(pattern(10));
    int retransmissions = 0;
    while (ep.state() == State::Established && retransmissions < 10) {
        fireNextTimer();
        retransmissions += static_cast<int>(sent().size());
    }
    EXPECT_EQ(retransmissions, 3);
    expectTransition(State::Established, State::Closed, Cause::RetransmitLimit);
    expectNotice(Notice::ConnectionTimedOut);
    EXPECT_EQ(now, (1 + 2 + 4 + 8) * kSecond);
    expectNoTimers();
}

// Progress resets the count: R2 counts transmissions "of the same segment".
TEST_F(Established, AcknowledgedProgressResetsTheRetransmissionCount) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.max_retransmissions = 2;
    configure(tcp);
    makeEstablished();
    callSend(pattern(1072));  // two segments
    fireNextTimer();
    fireNextTimer();       // the first segment twice
    arrive(peerAck(637));  // the first segment is through
    fireNextTimer();
    fireNextTimer();  // the second segment twice
    expectState(State::Established);
    expectSent({{.seq = 637, .ack = 301, .flags = kAck, .len = 536}});
}

// §3.10.8 USER TIMEOUT: "For any state if the user timeout expires, flush all queues, signal the
// user "error: connection aborted due to user timeout" in general and for any outstanding calls,
// delete the TCB, enter the CLOSED state, and return."
TEST_F(Established, UserTimeoutAbortsTheConnection) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.user_timeout = 5 * kSecond;
    tcp.max_retransmissions = 100;
    configure(tcp);
    makeEstablished();
    callSend(pattern(10));
    while (ep.state() == State::Established && now < 20 * kSecond) fireNextTimer();
    EXPECT_EQ(now, 5 * kSecond);
    expectTransition(State::Established, State::Closed, Cause::UserTimeout);
    expectNotice(Notice::UserTimeout);
    expectNoTimers();
}

// ---------------------------------------------------------------------------------------------
// Segments that never reach the state machine

// §3.1 Checksum: the receiver MUST check it (MUST-3); a segment that fails is discarded.
TEST_F(Established, SegmentWithBadChecksumIsDropped) {
    Segment seg = peerData(301, 10);
    seg.src_port = kPortB;
    seg.dst_port = kPortA;
    finalize(seg, ep.incomingPseudoHeader());
    seg.checksum = static_cast<std::uint16_t>(seg.checksum + 1);
    arriveAsIs(seg);
    expectNotice(Notice::BadChecksum);
    expectNothingSent();
    expectNothingDelivered();
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

// A checksum over the wrong pseudo-header (another destination address) does not verify either.
TEST_F(Established, SegmentForAnotherAddressFailsTheChecksum) {
    Segment seg = peerData(301, 10);
    seg.src_port = kPortB;
    seg.dst_port = kPortA;
    finalize(seg, PseudoHeader{kAddrB, kAddrA + 1});
    arriveAsIs(seg);
    expectNotice(Notice::BadChecksum);
    expectNothingDelivered();
}

// §3.1 Data Offset: "The number of 32-bit words in the TCP header"; the header is at least 5.
TEST_F(Established, DataOffsetBelowFiveIsDropped) {
    Segment seg = peerData(301, 10);
    seg.src_port = kPortB;
    seg.dst_port = kPortA;
    seg.data_offset = 4;
    seg.checksum = computeChecksum(seg, ep.incomingPseudoHeader());
    arriveAsIs(seg);
    expectNotice(Notice::MalformedSegment);
    expectNothingSent();
    expectNothingDelivered();
    expectState(State::Established);
    // The same on the wire.
    arriveWire(serialize(seg));
    expectNotice(Notice::MalformedSegment);
    expectNothingDelivered();
    expectState(State::Established);
}

TEST_F(Established, WireBytesWithBadChecksumAreDropped) {
    Segment seg = peerData(301, 10);
    seg.src_port = kPortB;
    seg.dst_port = kPortA;
    finalize(seg, ep.incomingPseudoHeader());
    auto wire = serialize(seg);
    wire.back() ^= 0xFF;
    arriveWire(wire);
    expectNotice(Notice::BadChecksum);
    expectNothingDelivered();
    // Intact wire bytes are taken.
    arriveWire(serialize(seg));
    EXPECT_EQ(delivered(), pattern(10));
}

// A segment from another remote port belongs to no connection: CLOSED's rules answer it
// (§3.10.7.1), and this connection is untouched.
TEST_F(Established, SegmentFromAnotherPortIsAnsweredAsClosed) {
    Segment seg = peerData(301, 10);
    seg.src_port = 81;
    arrive(seg);
    expectSent({{.seq = 101, .flags = kRst}});
    ASSERT_EQ(sent().size(), 1u);
    EXPECT_EQ(sent()[0].dst_port, 81);
    expectNothingDelivered();
    expectState(State::Established);
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
}

}  // namespace
}  // namespace tcpviz::core::tests
