// Tests for data transfer like real TCP, one endpoint at a time: congestion control (RFC 5681,
// RFC 6582, RFC 9438), the retransmission timer with it (RFC 6298), delayed ACKs (RFC 9293
// §3.8.6.3), Nagle (§3.7.4), silly-window avoidance (§3.8.6.2), zero-window probes (§3.8.6.1)
// and window scaling (RFC 7323). Each test names the rule it checks.
//
// After makeEstablished(): ISS = 100, SND.UNA = SND.NXT = 101, IRS = 300, RCV.NXT = 301, the
// peer's MSS is 536 (no option: the default) and its window kPeerWindow (16384).
#include <algorithm>

#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

constexpr std::uint32_t kMss = 536;

Segment peerAck(std::uint32_t ack, std::uint16_t window = kPeerWindow, std::uint32_t seq = 301) {
    return Segment{.seq = SeqNum(seq), .ack = SeqNum(ack), .flags = kAck, .window = window};
}

Segment peerData(std::uint32_t seq, std::size_t n, std::uint32_t ack = 101) {
    return Segment{.seq = SeqNum(seq),
                   .ack = SeqNum(ack),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(n, seq - 301)};
}

// The TCP of real stacks, one algorithm at a time.
TcpConfig withCongestion(CongestionAlgorithm a) {
    TcpConfig c = eventProcessingConfig();
    c.congestion = a;
    return c;
}

// The first octet after the n-th full segment of our stream.
constexpr std::uint32_t seg(std::uint32_t n) { return 101 + n * kMss; }

class Congestion : public EndpointTest {
protected:
    void SetUp() override { makeEstablished(); }
    void establish(CongestionAlgorithm a) {
        configure(withCongestion(a));
        makeEstablished();
    }
    [[nodiscard]] std::uint32_t cwnd() const { return ep.tcb().cc.cwnd(); }
    [[nodiscard]] std::uint32_t ssthresh() const { return ep.tcb().cc.ssthresh(); }
    [[nodiscard]] std::size_t dataSent() const {
        std::size_t n = 0;
        for (const auto& s : sent()) n += !s.payload.empty();
        return n;
    }
    // Three duplicate ACKs of SND.UNA from the peer.
    void threeDupAcks(std::uint32_t una) {
        for (int i = 0; i < 3; ++i) arrive(peerAck(una));
    }
};

// ---------------------------------------------------------------------------------------------
// Slow start and congestion avoidance (RFC 5681 §3.1)

// "IW = 4 * SMSS bytes and MUST NOT be more than 4 segments" when SMSS <= 1095 bytes.
TEST_F(Congestion, InitialWindowIsFourSegmentsOfAnMssOf536) {
    establish(CongestionAlgorithm::NewReno);
    EXPECT_EQ(cwnd(), 4 * kMss);
    callSend(pattern(20 * kMss));
    EXPECT_EQ(dataSent(), 4u);
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(seg(4)));
}

// RFC 6928: an initial window of 10 segments, as Linux uses.
TEST_F(Congestion, Iw10SendsTenSegmentsAtOnce) {
    TcpConfig c = withCongestion(CongestionAlgorithm::NewReno);
    c.initial_window = 10;
    configure(c);
    makeEstablished();
    callSend(pattern(20 * kMss));
    EXPECT_EQ(dataSent(), 10u);
}

// Slow start: "cwnd += min(N, SMSS)" for each ACK of new data.
TEST_F(Congestion, SlowStartGrowsBySmssForEachAck) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(20 * kMss));
    arrive(peerAck(seg(1)));
    EXPECT_EQ(cwnd(), 5 * kMss);
    EXPECT_EQ(dataSent(), 2u) << "one segment left the network, cwnd grew by one: two go out";
    // An ACK of two segments still adds only one SMSS (at most SMSS per ACK).
    arrive(peerAck(seg(3)));
    EXPECT_EQ(cwnd(), 6 * kMss);
}

// Congestion avoidance: one SMSS per cwnd of acknowledged bytes ("appropriate byte counting",
// RFC 5681 §3.1's recommended way), once cwnd >= ssthresh.
TEST_F(Congestion, CongestionAvoidanceAddsOneSegmentPerWindowAcknowledged) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(200 * kMss));
    // A loss sets ssthresh; its recovery leaves cwnd = ssthresh, in congestion avoidance.
    arrive(peerAck(seg(1)));
    threeDupAcks(seg(1));
    arrive(peerAck(ep.tcb().snd_nxt.value()));
    ASSERT_FALSE(ep.tcb().cc.inSlowStart());
    const std::uint32_t start = cwnd();
    const std::uint32_t base = ep.tcb().snd_una.value();
    std::uint32_t acked = base;
    while (acked - base < start) {
        acked = std::min(acked + kMss, ep.tcb().snd_nxt.value());
        arrive(peerAck(acked));
        EXPECT_EQ(cwnd(), acked - base < start ? start : start + kMss);
    }
    EXPECT_EQ(cwnd(), start + kMss);
}

// RFC 5681 §3.1: "if the SYN or SYN/ACK is lost, the initial window used by a sender after a
// correctly transmitted SYN MUST be one segment".
TEST_F(Congestion, InitialWindowIsOneSegmentAfterALostSyn) {
    configure(withCongestion(CongestionAlgorithm::NewReno));
    makeSynSent();
    fireNextTimer();   // the SYN again
    arrive(Segment{.seq = SeqNum(kIrs), .ack = SeqNum(kIss + 1), .flags = kSyn | kAck, .window = kPeerWindow});
    expectState(State::Established);
    EXPECT_EQ(cwnd(), kMss);
    callSend(pattern(10 * kMss));
    EXPECT_EQ(dataSent(), 1u);
}

// The ACK of a SYN acknowledges no data: the passive side's window starts at IW like the other.
TEST_F(Congestion, TheHandshakeDoesNotGrowTheWindow) {
    configure(withCongestion(CongestionAlgorithm::NewReno));
    makeEstablishedPassive();
    EXPECT_EQ(cwnd(), 4 * kMss);
}

// RFC 7661, and Linux's tcp_is_cwnd_limited: cwnd grows only while it limits the sender. A
// peer's small window keeps the flight small; ACKs of it must not inflate cwnd for ever.
TEST_F(Congestion, TheWindowDoesNotGrowWhileItDoesNotLimitTheSender) {
    establish(CongestionAlgorithm::NewReno);
    arrive(peerAck(101, 1072));   // two segments at a time, whatever cwnd says
    callSend(pattern(100 * kMss));
    std::uint32_t ack = 101;
    for (int i = 0; i < 60; ++i) {
        ack = std::min(ack + kMss, ep.tcb().snd_nxt.value());
        arrive(peerAck(ack, 1072));
    }
    // In slow start cwnd may reach twice what is in flight (Linux: cwnd < 2 * max_packets_out),
    // one step past the initial window here, and no more.
    EXPECT_LE(cwnd(), 2 * 1072 + kMss);
}

// ---------------------------------------------------------------------------------------------
// Fast retransmit and fast recovery (RFC 5681 §3.2, RFC 6582)

// Duplicate ACKs (RFC 5681 §2): the third one retransmits the missing segment at once.
TEST_F(Congestion, ThirdDuplicateAckRetransmitsAtOnce) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(20 * kMss));   // segments 0..3 in flight
    arrive(peerAck(seg(1)));         // segment 0 arrived; 1 is lost; 4, 5 go out
    const TimeUs rto_deadline = *ep.timerDeadline(TimerKind::Retransmission);
    arrive(peerAck(seg(1)));
    arrive(peerAck(seg(1)));
    expectNothingSent();
    EXPECT_EQ(ep.tcb().dup_acks, 2u);
    arrive(peerAck(seg(1)));
    expectSent({{.seq = seg(1), .ack = 301, .flags = kAck, .len = kMss}});
    ASSERT_EQ(sendReasons(), std::vector<SendReason>{SendReason::FastRetransmit});
    EXPECT_LT(now, rto_deadline) << "long before the retransmission timer would fire";
    // ssthresh = max(FlightSize / 2, 2*SMSS), cwnd = ssthresh + 3*SMSS (steps 2 and 3).
    const std::uint32_t flight = seg(6) - seg(1);
    EXPECT_EQ(ssthresh(), std::max(flight / 2, 2 * kMss));
    EXPECT_EQ(cwnd(), ssthresh() + 3 * kMss);
    EXPECT_EQ(ep.tcb().phase(), CongestionPhase::FastRecovery);
}

// A window update or data is not a duplicate ACK (RFC 5681 §2 conditions (b) and (e)).
TEST_F(Congestion, AnAckThatCarriesDataOrMovesTheWindowIsNotADuplicate) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(20 * kMss));
    arrive(peerAck(seg(1)));
    arrive(peerAck(seg(1)));
    arrive(peerAck(seg(1), kPeerWindow - 100));   // the window changed
    EXPECT_EQ(ep.tcb().dup_acks, 1u);
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(seg(1)), .flags = kAck, .window = kPeerWindow - 100,
                   .payload = pattern(10)});
    EXPECT_EQ(ep.tcb().dup_acks, 1u);
}

// Step 4: each further duplicate ACK inflates cwnd by SMSS, which lets new data go out.
TEST_F(Congestion, FurtherDuplicateAcksInflateTheWindow) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(40 * kMss));
    arrive(peerAck(seg(1)));
    threeDupAcks(seg(1));
    const std::uint32_t after_retransmit = cwnd();
    arrive(peerAck(seg(1)));
    EXPECT_EQ(cwnd(), after_retransmit + kMss);
}

// RFC 6582 §3.2 step 5: a partial ACK (one that does not cover `recover`) means another hole:
// its first segment is sent at once, the sender stays in fast recovery, and cwnd is deflated
// by what was acknowledged, plus SMSS back.
TEST_F(Congestion, NewRenoPartialAckRetransmitsTheNextHole) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(40 * kMss));
    arrive(peerAck(seg(1)));   // 1 and 3 will be lost
    threeDupAcks(seg(1));
    const std::uint32_t before = cwnd();
    arrive(peerAck(seg(3)));   // the retransmitted 1 filled the first hole; 3 is missing
    ASSERT_EQ(sendReasons().front(), SendReason::FastRetransmit);
    EXPECT_EQ(sent().front().seq, SeqNum(seg(3)));
    EXPECT_EQ(ep.tcb().phase(), CongestionPhase::FastRecovery);
    EXPECT_EQ(cwnd(), before - 2 * kMss + kMss);
    // The full ACK ends recovery: cwnd = ssthresh (step 3).
    arrive(peerAck(ep.tcb().recover.value() + 1));
    EXPECT_EQ(ep.tcb().phase(), CongestionPhase::CongestionAvoidance);
    EXPECT_EQ(cwnd(), ssthresh());
}

// Reno (RFC 5681 §3.2 step 6): the first ACK of new data ends fast recovery, partial or not;
// the second hole waits for three more duplicate ACKs or the timer.
TEST_F(Congestion, RenoLeavesRecoveryOnTheFirstNewAck) {
    establish(CongestionAlgorithm::Reno);
    callSend(pattern(40 * kMss));
    arrive(peerAck(seg(1)));
    threeDupAcks(seg(1));
    arrive(peerAck(seg(3)));
    EXPECT_NE(ep.tcb().phase(), CongestionPhase::FastRecovery);
    EXPECT_EQ(cwnd(), ssthresh());
    for (auto r : sendReasons()) EXPECT_NE(r, SendReason::FastRetransmit);
}

// Tahoe: fast retransmit, then cwnd = 1 SMSS and slow start (no fast recovery).
TEST_F(Congestion, TahoeDropsToOneSegmentAfterAFastRetransmit) {
    establish(CongestionAlgorithm::Tahoe);
    callSend(pattern(20 * kMss));
    arrive(peerAck(seg(1)));
    threeDupAcks(seg(1));
    ASSERT_EQ(sendReasons(), std::vector<SendReason>{SendReason::FastRetransmit});
    EXPECT_EQ(cwnd(), kMss);
    EXPECT_EQ(ep.tcb().phase(), CongestionPhase::SlowStart);
}

// CUBIC (RFC 9438 §4.6): the multiplicative decrease is beta = 0.7, applied to cwnd.
TEST_F(Congestion, CubicReducesToSeventyPercent) {
    establish(CongestionAlgorithm::Cubic);
    callSend(pattern(40 * kMss));
    arrive(peerAck(seg(1)));
    const std::uint32_t before = cwnd();
    threeDupAcks(seg(1));
    EXPECT_EQ(ssthresh(), static_cast<std::uint32_t>(before * 0.7));
    arrive(peerAck(ep.tcb().recover.value() + 1));
    EXPECT_EQ(cwnd(), ssthresh());
}

// CUBIC's window grows as a cubic function of the time since the loss: slowly near W_max,
// faster far from it (concave, then convex), never slower than Reno's estimate.
TEST_F(Congestion, CubicGrowsWithTimeAfterALoss) {
    establish(CongestionAlgorithm::Cubic);
    callSend(pattern(2000 * kMss));
    arrive(peerAck(seg(1)), 100 * kMs);
    threeDupAcks(seg(1));
    arrive(peerAck(ep.tcb().recover.value() + 1), 150 * kMs);
    const std::uint32_t reduced = cwnd();
    // One ACK per 10 ms for 5 s: cwnd passes W_max (the window before the loss) and keeps going.
    std::uint32_t ack = ep.tcb().snd_una.value();
    TimeUs t = 150 * kMs;
    while (t < 5 * kSecond) {
        t += 10 * kMs;
        ack = std::min<std::uint32_t>(ack + kMss, ep.tcb().snd_nxt.value());
        arrive(peerAck(ack), t);
    }
    EXPECT_GT(cwnd(), reduced * 10 / 7);
}

// ---------------------------------------------------------------------------------------------
// The retransmission timer with congestion control (RFC 5681 §3.1 equation (4), RFC 6298)

// "ssthresh = max(FlightSize / 2, 2*SMSS)", "cwnd = LW" (one segment), and everything after
// SND.UNA is sent again as cwnd allows (go-back-N).
TEST_F(Congestion, TimeoutRestartsFromOneSegmentAndGoesBackToSndUna) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(20 * kMss));   // 4 segments in flight, none will be ACKed
    fireNextTimer();
    expectSent({{.seq = seg(0), .ack = 301, .flags = kAck, .len = kMss}});
    EXPECT_EQ(sendReasons(), std::vector<SendReason>{SendReason::Retransmission});
    EXPECT_EQ(cwnd(), kMss);
    EXPECT_EQ(ssthresh(), 2 * kMss);   // max(4 * 536 / 2, 2 * 536)
    EXPECT_EQ(ep.tcb().phase(), CongestionPhase::AfterTimeout);
    // The ACK of the first opens cwnd to two: segments 1 and 2 go again, as retransmissions.
    arrive(peerAck(seg(1)));
    expectSent({{.seq = seg(1), .ack = 301, .flags = kAck, .len = kMss},
                {.seq = seg(2), .ack = 301, .flags = kAck, .len = kMss}});
    EXPECT_EQ(sendReasons(), (std::vector<SendReason>{SendReason::Retransmission, SendReason::Retransmission}));
    // An ACK of data sent before the timeout stays acceptable though SND.NXT went back.
    arrive(peerAck(seg(4)));
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(seg(4)));
    EXPECT_EQ(ep.tcb().phase(), CongestionPhase::CongestionAvoidance);
}

// A timeout in the middle of fast recovery does not reduce ssthresh again from a flight that
// recovery itself inflated: the loss was already answered (Linux's tcp_enter_loss).
TEST_F(Congestion, ATimeoutDuringFastRecoveryKeepsItsSsthresh) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(40 * kMss));
    arrive(peerAck(seg(1)));
    threeDupAcks(seg(1));
    for (int i = 0; i < 4; ++i) arrive(peerAck(seg(1)));   // inflation sends new data
    const std::uint32_t recovery_ssthresh = ssthresh();
    ASSERT_GT(ep.tcb().flight(), 2 * recovery_ssthresh);
    fireNextTimer();
    EXPECT_EQ(sendReasons().front(), SendReason::Retransmission);
    EXPECT_EQ(ssthresh(), recovery_ssthresh);
    EXPECT_EQ(cwnd(), kMss);
}

// RFC 6582 §3.2 step 1: duplicate ACKs that do not cover `recover` (the highest sequence number
// sent when the timeout came) do not start a fast retransmit — they are the receiver's answers
// to segments it already had.
TEST_F(Congestion, DuplicateAcksAfterATimeoutDoNotFastRetransmit) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(20 * kMss));
    fireNextTimer();
    arrive(peerAck(seg(1)));
    threeDupAcks(seg(1));
    for (auto r : sendReasons()) EXPECT_NE(r, SendReason::FastRetransmit);
}

// RFC 6298 §5.5 and Karn: the backed-off RTO stays until a segment sent only once is
// acknowledged, and then it is computed from that fresh sample.
TEST_F(Congestion, BackedOffRtoStaysUntilAFreshSample) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(2 * kMss));
    fireNextTimer();
    fireNextTimer();
    ASSERT_EQ(ep.tcb().rto, 4 * kSecond);
    arrive(peerAck(seg(2)), now + 50 * kMs);   // acknowledges only retransmitted data
    EXPECT_EQ(ep.tcb().rto, 4 * kSecond);
    callSend(pattern(kMss));                  // new data, timed
    arrive(peerAck(seg(3)), now + 100 * kMs);
    EXPECT_EQ(ep.tcb().rto, kSecond) << "a fresh sample of 100 ms: the 1 s minimum (RFC 6298 §2.4)";
}

// ---------------------------------------------------------------------------------------------
// Delayed ACKs (RFC 9293 §3.8.6.3, RFC 5681 §4.2)

class DelayedAck : public EndpointTest {
protected:
    void SetUp() override {
        TcpConfig c = eventProcessingConfig();
        c.delayed_ack = true;
        c.quick_acks = 0;
        configure(c);
        makeEstablished();
    }
};

// "An ACK SHOULD be generated for at least every second full-sized segment".
TEST_F(DelayedAck, EverySecondFullSegmentIsAcknowledged) {
    arrive(peerData(301, kMss));
    expectNothingSent();
    EXPECT_TRUE(timerStarted(TimerKind::DelayedAck));
    arrive(peerData(301 + kMss, kMss));
    expectSent({{.seq = 101, .ack = 301 + 2 * kMss, .flags = kAck}});
    EXPECT_FALSE(ep.timerDeadline(TimerKind::DelayedAck).has_value());
}

// "... and MUST be generated within 500 ms": 200 ms by default.
TEST_F(DelayedAck, ALoneSegmentIsAcknowledgedWhenTheTimerFires) {
    arrive(peerData(301, 100), kSecond);
    expectNothingSent();
    EXPECT_EQ(ep.timerDeadline(TimerKind::DelayedAck), kSecond + 200 * kMs);
    fireNextTimer();
    expectSent({{.seq = 101, .ack = 401, .flags = kAck}});
}

// RFC 5681 §4.2: an out-of-order segment is acknowledged at once (the duplicate ACK tells the
// sender), and so is the segment that fills the gap.
TEST_F(DelayedAck, OutOfOrderAndGapFillingSegmentsAreAcknowledgedAtOnce) {
    arrive(peerData(301 + kMss, kMss));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck}});
    arrive(peerData(301, kMss));
    expectSent({{.seq = 101, .ack = 301 + 2 * kMss, .flags = kAck}});
}

// A delayed ACK rides on data the application sends meanwhile.
TEST_F(DelayedAck, DataCarriesTheDelayedAck) {
    arrive(peerData(301, 100));
    callSend(pattern(10));
    expectSent({{.seq = 101, .ack = 401, .flags = kAck, .len = 10}});
    EXPECT_FALSE(ep.timerDeadline(TimerKind::DelayedAck).has_value());
}

// Linux's quick-ACK mode (tcp_incr_quickack): the first segments of a connection are
// acknowledged at once, so that slow start at the other end is not held back.
TEST_F(Congestion, QuickAcksAtTheStartThenDelayed) {
    TcpConfig c = eventProcessingConfig();
    c.delayed_ack = true;
    c.quick_acks = 3;
    configure(c);
    makeEstablished();
    for (std::uint32_t i = 0; i < 3; ++i) {
        arrive(peerData(301 + i * 100, 100));
        expectSent({{.seq = 101, .ack = 401 + i * 100, .flags = kAck}});
    }
    arrive(peerData(601, 100));
    expectNothingSent();
}

// ---------------------------------------------------------------------------------------------
// Nagle and sender-side silly-window avoidance (RFC 9293 §3.7.4, §3.8.6.2.1)

// Nagle: "if there is unacknowledged data, then the sending TCP endpoint buffers all user
// data ... until the outstanding data has been acknowledged or until [it] can send a
// full-sized segment."
TEST_F(Congestion, NagleHoldsASmallSegmentWhileDataIsUnacknowledged) {
    TcpConfig c = eventProcessingConfig();
    c.nagle = true;
    configure(c);
    makeEstablished();
    callSend(pattern(10));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 10}});
    callSend(pattern(10, 10));
    expectNothingSent();
    callSend(pattern(10, 20));
    expectNothingSent();
    arrive(peerAck(111));
    expectSent({{.seq = 111, .ack = 301, .flags = kAck, .len = 20}});
    callSend(pattern(kMss, 30));   // a full segment goes at once, the rest waits
    expectSent({{.seq = 131, .ack = 301, .flags = kAck, .len = kMss}});
}

// Without Nagle the same writes go at once, one small segment each.
TEST_F(Congestion, WithoutNagleSmallWritesGoAtOnce) {
    callSend(pattern(10));
    callSend(pattern(10, 10));
    expectSent({{.seq = 111, .ack = 301, .flags = kAck, .len = 10}});
}

// MUST-38: a segment shorter than the MSS goes only when it empties the queue or fills at
// least half the largest window the peer has offered; the persist timer is the override.
TEST_F(Congestion, SenderWaitsRatherThanSendTinySegments) {
    arrive(peerAck(101, 1000));   // the peer offers 1000 (its largest)
    arrive(peerAck(101, 300));    // ... then only 300
    callSend(pattern(5000));
    // 300 < 1000 / 2 and the data does not end there: nothing goes; the persist timer will.
    expectNothingSent();
    ASSERT_TRUE(ep.timerDeadline(TimerKind::Persist).has_value());
    fireNextTimer();
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 300}});
}

// ---------------------------------------------------------------------------------------------
// The receive window (RFC 9293 §3.8.6.2.2) and zero-window probes (§3.8.6.1)

class SmallBuffer : public EndpointTest {
protected:
    void SetUp() override {
        TcpConfig c = eventProcessingConfig();
        c.window = 100;   // smaller than one MSS
        c.auto_receive = false;
        configure(c);
        makeEstablished();
    }
};

// A buffer smaller than the MSS: the window update comes once half the buffer is free
// (min(RCV.BUFF / 2, Eff.snd.MSS)), so a closed window always reopens.
TEST_F(SmallBuffer, AReceiveBufferSmallerThanTheMssReopensAZeroWindow) {
    arrive(peerData(301, 100));
    expectSent({{.seq = 101, .ack = 401, .flags = kAck, .window = 0}});
    callReceive(30);
    expectNothingSent() ;   // 30 free: less than half the buffer, the edge stays
    callReceive(30);
    expectSent({{.seq = 101, .ack = 401, .flags = kAck, .window = 60}});
}

// Receiver SWS avoidance: a small read does not move the offered edge by a sliver.
TEST_F(SmallBuffer, TheOfferedEdgeDoesNotCreepBySmallAmounts) {
    arrive(peerData(301, 40));
    expectSent({{.seq = 101, .ack = 341, .flags = kAck, .window = 60}});
    callReceive(10);
    expectNothingSent();
    arrive(peerData(341, 10));
    // The edge stays at 401: the window shrinks by what arrived rather than moving by 10.
    expectSent({{.seq = 101, .ack = 351, .flags = kAck, .window = 50}});
}

// §3.8.6.1: every probe sends the same octet at SND.UNA (BSD and Linux never let SND.NXT run
// past a zero window), so a lost probe is simply sent again.
TEST_F(Congestion, ZeroWindowProbesRepeatTheSameOctet) {
    arrive(peerAck(101, 0));
    callSend(pattern(100));
    expectNothingSent();
    for (int i = 0; i < 4; ++i) {
        fireNextTimer();   // a probe; its answer is lost
        expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 1}});
        EXPECT_EQ(sendReasons(), std::vector<SendReason>{SendReason::WindowProbe});
        EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(102));
    }
    // The peer took the probe octet and opens its window: the rest follows.
    arrive(peerAck(102, 1000));
    expectSent({{.seq = 102, .ack = 301, .flags = kAck, .len = 99}});
    // The peer did not take it: the probe octet goes first when the window opens.
    configure(eventProcessingConfig());
    makeEstablished();
    arrive(peerAck(101, 0));
    callSend(pattern(100));
    fireNextTimer();
    arrive(peerAck(101, 1000));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 100}});
}

// Karn (RFC 6298 §3) for probes: the answer to a zero-window probe comes when the peer's
// window opens, so a probe gives no RTT sample; and the probe octet sent again when the window
// opens is flow control, not a retransmission.
TEST_F(Congestion, ProbesAreNotTimedNorCountedAsRetransmissions) {
    establish(CongestionAlgorithm::NewReno);
    callSend(pattern(10));
    arrive(peerAck(111, 0), now + 100 * kMs);   // one sample of 100 ms; the window closes
    const TimeUs srtt = ep.tcb().srtt;
    callSend(pattern(100, 10));
    fireNextTimer();   // a probe
    fireNextTimer();   // and another
    arrive(peerAck(111, 1000), now + 3 * kSecond);
    EXPECT_EQ(ep.tcb().srtt, srtt);
    ASSERT_FALSE(sent().empty());
    EXPECT_EQ(sendReasons().front(), SendReason::Normal);
}

// The answers to zero-window probes are not duplicate ACKs (no fast retransmit of a probe).
TEST_F(Congestion, AnswersToProbesAreNotDuplicateAcks) {
    establish(CongestionAlgorithm::NewReno);
    arrive(peerAck(101, 0));
    callSend(pattern(100));
    for (int i = 0; i < 5; ++i) {
        fireNextTimer();
        arrive(peerAck(101, 0));
        for (auto r : sendReasons()) EXPECT_NE(r, SendReason::FastRetransmit);
    }
    EXPECT_EQ(ep.tcb().dup_acks, 0u);
}

// ---------------------------------------------------------------------------------------------
// Window scaling (RFC 7323 §2)

TEST_F(Congestion, AWindowAbove65535IsAnnouncedWithAScale) {
    TcpConfig c = eventProcessingConfig();
    c.window = 1'000'000;
    configure(c);
    makeSynSent();
    ASSERT_EQ(sent().size(), 1u);
    ASSERT_TRUE(sent()[0].options.window_scale.has_value());
    EXPECT_EQ(*sent()[0].options.window_scale, 4) << "the smallest shift that fits 1000000 in 16 bits";
    EXPECT_EQ(sent()[0].window, 65535) << "a SYN's window is never scaled";
    Segment synack{.seq = SeqNum(kIrs), .ack = SeqNum(kIss + 1), .flags = kSyn | kAck, .window = 1000};
    synack.options.window_scale = 2;
    arrive(synack);
    expectSent({{.seq = kIss + 1, .ack = kIrs + 1, .flags = kAck, .window = 1'000'000 >> 4}});
    // The peer's windows are scaled by its shift from now on.
    arrive(peerAck(101, 1000));
    EXPECT_EQ(ep.tcb().snd_wnd, 4000u);
}

TEST_F(Congestion, NoScalingUnlessBothSynsCarryTheOption) {
    TcpConfig c = eventProcessingConfig();
    c.window = 1'000'000;
    configure(c);
    makeSynSent();
    arrive(Segment{.seq = SeqNum(kIrs), .ack = SeqNum(kIss + 1), .flags = kSyn | kAck, .window = 1000});
    expectSent({{.seq = kIss + 1, .ack = kIrs + 1, .flags = kAck, .window = 65535}});
    arrive(peerAck(101, 1000));
    EXPECT_EQ(ep.tcb().snd_wnd, 1000u);
}

// ---------------------------------------------------------------------------------------------
// Defects found by the property test (tests/core/schedule_property.h), one regression each

// A send of 2^31 octets or more used to wrap modulo 2^32 and never go; RFC 9293 §3.10.2 lets a
// TCP queue such a send in pieces, and the buffer counts in 64 bits.
TEST_F(Congestion, ASendOfTwoGigabytesGoesOutLikeAnyOther) {
    const std::uint32_t huge = 0x8000'0064u;
    callSend(Payload::generated(Stream::ClientText, 0, huge));
    ASSERT_FALSE(sent().empty());
    EXPECT_EQ(sent()[0].seq, SeqNum(101));
    EXPECT_EQ(ep.tcb().send_buffer.size(), huge);
}

// §3.10.7.3: data on a SYN in SYN-SENT (a simultaneous open) "should be queued for processing
// later" — it is delivered once the connection is established.
TEST_F(Congestion, DataOnASimultaneousOpenSynIsDeliveredLater) {
    configure(eventProcessingConfig());
    makeSynSent();
    arrive(Segment{.seq = SeqNum(kIrs), .flags = kSyn, .window = kPeerWindow, .payload = bytes("hello")});
    expectState(State::SynReceived);
    expectNothingDelivered();
    arrive(Segment{.seq = SeqNum(kIrs + 1 + 5), .ack = SeqNum(kIss + 1), .flags = kAck, .window = kPeerWindow});
    expectState(State::Established);
    EXPECT_EQ(delivered(), bytes("hello"));
}

// With start: established there is no SYN: the sender is told the peer's MSS directly.
TEST_F(Congestion, StartEstablishedHonoursThePeersMss) {
    ep.startEstablished(SeqNum(101), SeqNum(301), 65535, 20);
    callSend(pattern(100));
    for (const auto& s : sent()) EXPECT_LE(s.payload.size(), 20u);
    EXPECT_EQ(sent().size(), 5u);
}

// The SND.WL1 rule can keep a stale window while SND.UNA moves on (a retransmitted segment of
// the peer carries a newer ACK with an older sequence number), so that SND.UNA + SND.WND runs
// past every edge the peer offered: the sender never sends beyond the farthest one.
TEST_F(Congestion, NeverSendsBeyondAnEdgeThePeerOffered) {
    ep.startEstablished(SeqNum(101), SeqNum(301), 1072, 536);   // the peer offers 101..1173
    callSend(pattern(5000));
    expectSent({{.seq = 101, .ack = 301, .flags = kAck, .len = 536},
                {.seq = 637, .ack = 301, .flags = kAck, .len = 536}});
    // The peer's newest segment: data at 311, acknowledging 101, window 1072: edge 1173.
    arrive(Segment{.seq = SeqNum(311), .ack = SeqNum(101), .flags = kAck, .window = 1072, .payload = pattern(10, 10)});
    // A retransmission of its older data (seq 301) acknowledging 637 with a window of 100: its
    // edge is 737, and the WL1 rule keeps the window of 1072 from SND.UNA = 637.
    arrive(Segment{.seq = SeqNum(301), .ack = SeqNum(637), .flags = kAck, .window = 100, .payload = pattern(10)});
    EXPECT_EQ(ep.tcb().snd_wnd, 1072u);
    const SeqNum edge = SeqNum(1173);
    for (const auto& s : sent()) EXPECT_LE(s.end(), edge) << describe(s);
    EXPECT_LE(ep.tcb().snd_nxt, edge);
}

}  // namespace
}  // namespace tcpviz::core::tests
