// Tests for the CLOSE-WAIT state: RFC 9293 §3.10.7.4 with the CLOSE-WAIT rules of each step, and
// the user calls in CLOSE-WAIT.
//
// After makeCloseWait(): the peer's FIN (301) is received, RCV.NXT = 302, SND.UNA = SND.NXT = 101.
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

class CloseWait : public EndpointTest {
protected:
    void SetUp() override { makeCloseWait(); }
};

// §3.10.4 CLOSE in CLOSE-WAIT: "Queue this request until all preceding SENDs have been segmentized;
// then send a FIN segment, enter LAST-ACK state." Figure 5: CLOSE / snd FIN.
TEST_F(CloseWait, CloseSendsFinAndEntersLastAck) {
    callClose();
    expectTransition(State::CloseWait, State::LastAck, Cause::Close);
    expectSent({{.seq = 101, .ack = 302, .flags = kFin | kAck}});
    EXPECT_EQ(ep.tcb().snd_nxt, SeqNum(102));
}

// §3.10.2 SEND in CLOSE-WAIT: "Segmentize the buffer and send it with a piggybacked acknowledgment
// (acknowledgment value = RCV.NXT)." The other direction is still open.
TEST_F(CloseWait, SendStillSendsText) {
    callSend(pattern(10));
    expectSent({{.seq = 101, .ack = 302, .flags = kAck, .len = 10}});
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(111), .flags = kAck, .window = kPeerWindow});
    EXPECT_EQ(ep.tcb().snd_una, SeqNum(111));
    expectNothingSent();
    expectState(State::CloseWait);
}

TEST_F(CloseWait, FinFollowsTheQueuedText) {
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(101), .flags = kAck, .window = 536});
    callSend(pattern(1072));
    expectSent({{.seq = 101, .ack = 302, .flags = kAck, .len = 536}});
    callClose();
    expectTransition(State::CloseWait, State::LastAck, Cause::Close);
    expectNothingSent();
    // The text fills the window; the FIN, a sequence number of its own, waits until it fits.
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(637), .flags = kAck, .window = 536});
    expectSent({{.seq = 637, .ack = 302, .flags = kAck, .len = 536}});
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(1173), .flags = kAck, .window = 536});
    expectSent({{.seq = 1173, .ack = 302, .flags = kFin | kAck}});
}

// §3.10.7.4 seventh, CLOSE-WAIT: "This should not occur since a FIN has been received from the
// remote side. Ignore the segment text."
TEST_F(CloseWait, TextAfterTheFinIsIgnored) {
    arrive(Segment{.seq = SeqNum(302),
                   .ack = SeqNum(101),
                   .flags = kAck,
                   .window = kPeerWindow,
                   .payload = pattern(5)});
    expectNothingDelivered();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(302));
    expectState(State::CloseWait);
}

// A retransmission of the peer's FIN lies before RCV.NXT: not acceptable, so it is acknowledged
// again (first step) — which is what the peer needs if our first ACK was lost.
TEST_F(CloseWait, RetransmittedFinIsAcknowledgedAgain) {
    arrive(Segment{
        .seq = SeqNum(301), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectSent({{.seq = 101, .ack = 302, .flags = kAck}});
    expectNoTransition();
    EXPECT_EQ(ep.tcb().rcv_nxt, SeqNum(302));
}

// Eighth step, CLOSE-WAIT: "Remain in the CLOSE-WAIT state."
TEST_F(CloseWait, AnotherFinDoesNotChangeTheState) {
    arrive(Segment{
        .seq = SeqNum(302), .ack = SeqNum(101), .flags = kFin | kAck, .window = kPeerWindow});
    expectNoTransition();
    expectState(State::CloseWait);
}

TEST_F(CloseWait, RstAtRcvNxtResetsTheConnection) {
    callSend(pattern(10));
    arrive(Segment{.seq = SeqNum(302), .flags = kRst});
    expectTransition(State::CloseWait, State::Closed, Cause::RcvRst);
    expectNotice(Notice::ConnectionReset);
    expectNothingSent();
    expectNoTimers();
}

TEST_F(CloseWait, RstInTheWindowDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(303), .flags = kRst});
    expectSent({{.seq = 101, .ack = 302, .flags = kAck}});
    expectState(State::CloseWait);
}

TEST_F(CloseWait, RstOutsideTheWindowIsDropped) {
    arrive(Segment{.seq = SeqNum(301), .flags = kRst});
    expectNothingSent();
    expectState(State::CloseWait);
}

TEST_F(CloseWait, SynDrawsChallengeAck) {
    arrive(Segment{.seq = SeqNum(302), .flags = kSyn, .window = kPeerWindow});
    expectSent({{.seq = 101, .ack = 302, .flags = kAck}});
    expectState(State::CloseWait);
}

TEST_F(CloseWait, AckOfUnsentDataIsAnsweredAndDropped) {
    arrive(Segment{.seq = SeqNum(302), .ack = SeqNum(150), .flags = kAck, .window = kPeerWindow});
    expectSent({{.seq = 101, .ack = 302, .flags = kAck}});
    expectState(State::CloseWait);
}

// §3.10.5 ABORT in CLOSE-WAIT: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>".
TEST_F(CloseWait, AbortSendsRstAtSndNxt) {
    callAbort();
    expectSent({{.seq = 101, .flags = kRst}});
    expectTransition(State::CloseWait, State::Closed, Cause::Abort);
}

// §3.10.3 RECEIVE in CLOSE-WAIT: "If no text is awaiting delivery, the RECEIVE will get an "error:
// connection closing" response. Otherwise, any remaining data can be used to satisfy the RECEIVE."
TEST_F(CloseWait, ReceiveReturnsWhatIsLeftThenConnectionClosing) {
    TcpConfig tcp = eventProcessingConfig();
    tcp.auto_receive = false;
    configure(tcp);
    makeEstablished();
    Segment seg{.seq = SeqNum(301),
                .ack = SeqNum(101),
                .flags = kFin | kAck,
                .window = kPeerWindow,
                .payload = pattern(4)};
    arrive(seg);
    expectState(State::CloseWait);
    callReceive(100);
    EXPECT_EQ(delivered(), pattern(4));
    callReceive(100);
    expectNothingDelivered();
    expectNotice(Notice::ConnectionClosing);
}

}  // namespace
}  // namespace tcpviz::core::tests
