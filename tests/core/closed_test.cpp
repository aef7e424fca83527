// Tests for the CLOSED state: RFC 9293 §3.10.7.1 (SEGMENT ARRIVES) and the user calls of
// §3.10.1 – §3.10.5 when no TCB exists.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class Closed : public EndpointTest {};

// §3.10.7.1: "If the ACK bit is off, sequence number zero is used,
// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>".
TEST_F(Closed, SynIsAnsweredWithRstAckAtSeqZero) {
    arrive(Segment{.seq = SeqNum(300), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 0, .ack = 301, .flags = kRst | kAck}});
    expectNoTransition();
    expectState(State::Closed);
}

// SEG.LEN counts the data and both SYN and FIN (§3.4).
TEST_F(Closed, RstAckAcknowledgesTheWholeSegmentLength) {
    arrive(
        Segment{.seq = SeqNum(5000), .flags = kFin, .window = kPeerWindow, .payload = pattern(10)});
    expectSent({{.seq = 0, .ack = 5011, .flags = kRst | kAck}});
}

TEST_F(Closed, RstAckWrapsAroundTheSequenceSpace) {
    arrive(Segment{
        .seq = SeqNum(0xFFFF'FFFEu), .flags = kSyn, .window = kPeerWindow, .payload = pattern(4)});
    expectSent({{.seq = 0, .ack = 3, .flags = kRst | kAck}});
}

// §3.10.7.1: "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>".
TEST_F(Closed, AckIsAnsweredWithRstAtSegAck) {
    arrive(Segment{.seq = SeqNum(300),
                   .ack = SeqNum(4242),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(20)});
    expectSent({{.seq = 4242, .flags = kRst}});
    expectNothingDelivered();  // "all data in the incoming segment is discarded"
    expectState(State::Closed);
}

TEST_F(Closed, SynAckIsAnsweredWithRstAtSegAck) {
    arrive(Segment{
        .seq = SeqNum(300), .ack = SeqNum(101), .flags = kSyn | kAck, .window = kPeerWindow});
    expectSent({{.seq = 101, .flags = kRst}});
}

// The reset goes back to where the offending segment came from.
TEST_F(Closed, ResetIsAddressedToTheSender) {
    arrive(Segment{.seq = SeqNum(300), .ack = SeqNum(77), .flags = kAck, .window = kPeerWindow});
    ASSERT_EQ(sent().size(), 1u);
    EXPECT_EQ(sent()[0].src_port, kPortA);
    EXPECT_EQ(sent()[0].dst_port, kPortB);
    EXPECT_EQ(computeChecksum(sent()[0], ep.outgoingPseudoHeader()), sent()[0].checksum);
}

// §3.10.7.1: "An incoming segment containing a RST is discarded."
TEST_F(Closed, RstIsDiscarded) {
    arrive(Segment{.seq = SeqNum(300), .flags = kRst});
    expectNothingSent();
    arrive(Segment{.seq = SeqNum(300), .ack = SeqNum(101), .flags = kRst | kAck});
    expectNothingSent();
    expectState(State::Closed);
}

// §3.10.1 OPEN in CLOSED: "If passive, enter the LISTEN state and return."
TEST_F(Closed, PassiveOpenEntersListen) {
    callListen();
    expectTransition(State::Closed, State::Listen, Cause::PassiveOpen);
    expectNothingSent();
}

// §3.10.1: "A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent. Set SND.UNA to ISS, SND.NXT to
// ISS+1, enter SYN-SENT state"; RFC 6298 (2.1) "Until a round-trip time (RTT) measurement has
// been made ... the sender SHOULD set RTO <- 1 second", (5.1) start the timer.
TEST_F(Closed, ActiveOpenSendsSynAndEntersSynSent) {
    now = 5 * kSecond;
    callConnect();
    expectSent({{.seq = kIss, .flags = kSyn}});
    expectTransition(State::Closed, State::SynSent, Cause::ActiveOpen);
    EXPECT_EQ(ep.tcb().iss, SeqNum(kIss));
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(kIss));
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(kIss + 1));
    EXPECT_EQ(ep.timerDeadline(TimerKind::Retransmission), 5 * kSecond + 1 * kSecond);
}

// §3.7.1: the MSS option is sent on the SYN.
TEST_F(Closed, SynAnnouncesOurMss) {
    callConnect();
    ASSERT_EQ(sent().size(), 1u);
    EXPECT_EQ(sent()[0].options.mss, std::optional<std::uint16_t>(TcpConfig{}.mss));
}

// §3.10.2 SEND, §3.10.4 CLOSE, §3.10.5 ABORT in CLOSED: "error: connection does not exist".
TEST_F(Closed, SendReturnsConnectionDoesNotExist) {
    callSend(pattern(10));
    expectNotice(Notice::ConnectionDoesNotExist);
    expectNothingSent();
    expectNoTransition();
}

TEST_F(Closed, CloseReturnsConnectionDoesNotExist) {
    callClose();
    expectNotice(Notice::ConnectionDoesNotExist);
    expectNothingSent();
    expectNoTransition();
}

TEST_F(Closed, AbortReturnsConnectionDoesNotExist) {
    callAbort();
    expectNotice(Notice::ConnectionDoesNotExist);
    expectNothingSent();
    expectNoTransition();
}

// A checksum that does not verify: the segment is dropped before any state looks at it, so not
// even CLOSED's RST is sent (§3.1: the receiver MUST check the checksum, MUST-3).
TEST_F(Closed, SegmentWithBadChecksumDrawsNoReset) {
    Segment seg{.src_port = kPortB,
                .dst_port = kPortA,
                .seq = SeqNum(300),
                .flags = kSyn,
                .window = kPeerWindow};
    finalize(seg, ep.incomingPseudoHeader());
    seg.checksum ^= 0x0100;
    arriveAsIs(seg);
    expectNotice(Notice::BadChecksum);
    expectNothingSent();
}

// After the connection is gone the endpoint answers like any CLOSED port: the TCB was deleted.
TEST_F(Closed, AfterAbortTheOldConnectionIsAnsweredWithRst) {
    makeEstablished();
    callAbort();
    expectState(State::Closed);
    arrive(Segment{.seq = SeqNum(301),
                   .ack = SeqNum(101),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(5)});
    expectSent({{.seq = 101, .flags = kRst}});
    expectNothingDelivered();
}

}  // namespace
}  // namespace tcpviz::core::tests
