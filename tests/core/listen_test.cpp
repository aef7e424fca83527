// Tests for the LISTEN state: RFC 9293 §3.10.7.2 (SEGMENT ARRIVES) and the user calls of
// §3.10.1 – §3.10.5 in LISTEN.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class Listen : public EndpointTest {
protected:
    void SetUp() override { makeListen(); }
};

// §3.10.7.2 first: "An incoming RST should be ignored. Return."
TEST_F(Listen, RstIsIgnored) {
    arrive(Segment{.seq = SeqNum(300), .flags = kRst});
    expectNothingSent();
    expectNoTransition();
    arrive(Segment{.seq = SeqNum(300), .ack = SeqNum(100), .flags = kRst | kAck});
    expectNothingSent();
    expectNoTransition();
    expectState(State::Listen);
}

// §3.10.7.2 second: "An acceptable reset segment should be formed for any arriving ACK-bearing
// segment ... <SEQ=SEG.ACK><CTL=RST>".
TEST_F(Listen, AckIsAnsweredWithRstAtSegAck) {
    arrive(Segment{.seq = SeqNum(300), .ack = SeqNum(999), .flags = kAck, .window = kPeerWindow});
    expectSent({{.seq = 999, .flags = kRst}});
    expectNoTransition();
    expectState(State::Listen);
}

// The ACK check comes before the SYN check: a SYN,ACK is an ACK-bearing segment.
TEST_F(Listen, SynAckIsAnsweredWithRstAtSegAck) {
    arrive(Segment{
        .seq = SeqNum(300), .ack = SeqNum(555), .flags = kSyn | kAck, .window = kPeerWindow});
    expectSent({{.seq = 555, .flags = kRst}});
    expectState(State::Listen);
}

// §3.10.7.2 third: "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ ... ISS should be selected and
// a SYN segment sent of the form <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. SND.NXT is set to ISS+1 and
// SND.UNA to ISS. The connection state should be changed to SYN-RECEIVED."
TEST_F(Listen, SynEntersSynReceivedAndIsAnsweredWithSynAck) {
    now = 2 * kSecond;
    arrive(Segment{.seq = SeqNum(300), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = kIss, .ack = 301, .flags = kSyn | kAck}});
    expectTransition(State::Listen, State::SynReceived, Cause::RcvSyn);
    EXPECT_EQ(ep.tcb().irs, SeqNum(300));
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(301));
    EXPECT_EQ(ep.tcb().iss, SeqNum(kIss));
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(kIss));
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(kIss + 1));
    // The SYN,ACK occupies sequence space, so it is retransmitted on a timer (RFC 6298 (5.1)).
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 3 * kSecond);
}

TEST_F(Listen, SynAckCarriesOurMssAndWindow) {
    arrive(Segment{.seq = SeqNum(300), .flags = kSyn, .window = kPeerWindow});
    ASSERT_EQ(sent().size(), 1u);
    EXPECT_EQ(sent()[0].options.mss, std::optional<std::uint16_t>(TcpConfig{}.mss));
    EXPECT_EQ(sent()[0].window, 65535);
}

// §3.10.7.2 third: "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ, and any other control or text
// should be queued for processing later. ... Note that any other incoming control or data
// (combined with SYN) will be processed in the SYN-RECEIVED state". The SYN,ACK acknowledges only
// the SYN; the text is delivered once the handshake completes.
TEST_F(Listen, TextOnTheSynIsKeptForSynReceived) {
    arrive(Segment{
        .seq = SeqNum(300), .flags = kSyn, .window = kPeerWindow, .payload = bytes("early")});
    expectSent({{.seq = kIss, .ack = 301, .flags = kSyn | kAck}});
    arrive(
        Segment{.seq = SeqNum(306), .ack = SeqNum(kIss + 1), .flags = kAck, .window = kPeerWindow});
    expectState(State::Established);
    EXPECT_EQ(delivered(), bytes("early"));
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(306));
}

// §3.10.7.2 fourth: "Any other control or data-bearing segment (not containing SYN) must have an
// ACK and thus would have been discarded ... Drop the segment and return."
TEST_F(Listen, SegmentWithoutSynOrAckIsDropped) {
    arrive(Segment{.seq = SeqNum(300), .window = kPeerWindow, .payload = pattern(10)});
    expectNothingSent();
    expectNothingDelivered();
    arrive(Segment{.seq = SeqNum(300), .flags = kFin, .window = kPeerWindow});
    expectNothingSent();
    expectNoTransition();
    expectState(State::Listen);
}

// §3.10.4 CLOSE in LISTEN: "Delete TCB, enter CLOSED state, and return."
TEST_F(Listen, CloseDeletesTheTcb) {
    callClose();
    expectTransition(State::Listen, State::Closed, Cause::Close);
    expectNothingSent();
}

// §3.10.5 ABORT in LISTEN: "Delete TCB, enter CLOSED state, and return." (no RST: no peer)
TEST_F(Listen, AbortDeletesTheTcbWithoutReset) {
    callAbort();
    expectTransition(State::Listen, State::Closed, Cause::Abort);
    expectNothingSent();
}

// §3.10.2 SEND in LISTEN: "change the connection from passive to active, select an ISS. Send a
// SYN segment, set SND.UNA to ISS, SND.NXT to ISS+1. Enter SYN-SENT state." (Figure 5: SEND /
// snd SYN.) The data waits for ESTABLISHED.
TEST_F(Listen, SendTurnsActiveAndSendsSyn) {
    callSend(pattern(10));
    expectSent({{.seq = kIss, .flags = kSyn}});
    expectTransition(State::Listen, State::SynSent, Cause::Send);
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(kIss + 1));
    // The queued data goes out once the SYN,ACK arrives (§3.10.7.3: "Data or controls that were
    // queued for transmission MAY be included").
    arrive(Segment{
        .seq = SeqNum(300), .ack = SeqNum(kIss + 1), .flags = kSyn | kAck, .window = kPeerWindow});
    expectState(State::Established);
    std::size_t data = 0;
    for (const auto& s : sent()) {
        if (s.payload.empty()) continue;
        EXPECT_EQ(s.seq, SeqNum(kIss + 1 + data));
        EXPECT_EQ(s.ack, SeqNum(301));
        data += s.payload.size();
    }
    EXPECT_EQ(data, 10u);
}

// §3.10.1 OPEN in LISTEN: "If the OPEN call is active and the remote socket is specified, then
// change the connection from passive to active ... Enter SYN-SENT state."
TEST_F(Listen, ActiveOpenTurnsActive) {
    callConnect();
    expectSent({{.seq = kIss, .flags = kSyn}});
    expectTransition(State::Listen, State::SynSent, Cause::ActiveOpen);
}

// §3.10.1: a passive OPEN on an existing connection: "error: connection already exists".
TEST_F(Listen, ListenAgainReturnsConnectionExists) {
    callListen();
    expectNotice(Notice::ConnectionExists);
    expectNoTransition();
}

// A segment for another local port finds no connection: it is answered as in CLOSED.
TEST_F(Listen, SegmentForAnotherPortIsAnsweredAsClosed) {
    arrive(Segment{.dst_port = 8080, .seq = SeqNum(300), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 0, .ack = 301, .flags = kRst | kAck}});
    expectState(State::Listen);
}

// The teaching variant (NOT standard TCP): a SYN alone opens the connection.
TEST_F(Listen, TwoWayHandshakeVariantEntersEstablishedOnSyn) {
    TcpConfig tcp;
    tcp.two_way_handshake = true;
    configure(tcp);
    makeListen();
    arrive(Segment{.seq = SeqNum(300), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = kIss, .ack = 301, .flags = kSyn | kAck}});
    expectTransition(State::Listen, State::Established, Cause::RcvSynTwoWay);
    // Data may flow at once.
    arrive(Segment{.seq = SeqNum(301),
                   .ack = SeqNum(101),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = bytes("hi")});
    EXPECT_EQ(delivered(), bytes("hi"));
}

}  // namespace
}  // namespace tcpviz::core::tests
