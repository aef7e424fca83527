// Each side's state in a real capture, inferred through RFC 9293's diagram (issue 17): every
// change an edge of core::StateGraph, caused by the segment that shows it.
#include <gtest/gtest.h>

#include "core/capture/infer.h"
#include "core/tcp/state_graph.h"

namespace tcpviz::core {
namespace {

const std::string kDir = TCPVIZ_TEST_DATA "/captures/";

std::vector<State> pathOf(const InferredStates& s, int side) {
    std::vector<State> out{s.initial[static_cast<std::size_t>(side)]};
    for (const InferredChange& c : s.changes)
        if (c.side == side) out.push_back(c.to);
    return out;
}

void expectEdges(const InferredStates& s) {
    for (const InferredChange& c : s.changes)
        EXPECT_TRUE(StateGraph::rfc9293().findEdge(c.from, c.to, c.cause))
            << stateName(c.from) << " -> " << stateName(c.to) << " (" << causeName(c.cause) << ")";
    EXPECT_EQ(s.unexplained, 0u);
}

// curl and an HTTP/1.0 server on loopback: the server closes first, so it is the one left in
// TIME-WAIT, having gone from FIN-WAIT-1 straight there on the client's FIN, which acknowledged
// its own (RFC 9293 Figure 5's FIN-WAIT-1 -> TIME-WAIT, "rcv FIN, ACK of FIN").
TEST(CaptureStates, aHandshakeAndATeardownTheServerBegins) {
    for (const char* file : {"handshake-teardown.pcap", "handshake-teardown.pcapng", "ipv6.pcap", "any-sll2.pcap"}) {
        SCOPED_TRACE(file);
        const Capture c = readCapture(kDir + file);
        const InferredStates s = inferStates(c, 0);
        EXPECT_FALSE(s.from_middle);
        expectEdges(s);
        EXPECT_EQ(pathOf(s, 0), (std::vector<State>{State::Closed, State::SynSent, State::Established, State::CloseWait,
                                                     State::LastAck, State::Closed}));
        EXPECT_EQ(pathOf(s, 1), (std::vector<State>{State::Listen, State::SynReceived, State::Established, State::FinWait1,
                                                     State::TimeWait}));
        // Each change at the segment that shows it: the SYN, the SYN,ACK, the handshake's ACK.
        ASSERT_GE(s.changes.size(), 4u);
        EXPECT_EQ(s.changes[0].segment, 0u);
        EXPECT_EQ(s.changes[0].cause, Cause::ActiveOpen);
        EXPECT_EQ(s.changes[1].segment, 0u);   // the SYN arrives: LISTEN -> SYN-RECEIVED
        EXPECT_EQ(s.changes[1].cause, Cause::RcvSyn);
        EXPECT_EQ(s.changes[2].segment, 1u);   // the SYN,ACK: SYN-SENT -> ESTABLISHED
        EXPECT_EQ(s.changes[3].segment, 2u);   // its ACK: SYN-RECEIVED -> ESTABLISHED
        EXPECT_EQ(s.changes.back().cause, Cause::RcvAckOfFin);   // the client's LAST-ACK ends
    }
}

TEST(CaptureStates, aRefusedConnectFindsNothingListening) {
    const Capture c = readCapture(kDir + "refused.pcap");
    const InferredStates s = inferStates(c, 0);
    expectEdges(s);
    EXPECT_EQ(s.initial[1], State::Closed);   // its first word was an RST
    EXPECT_EQ(pathOf(s, 0), (std::vector<State>{State::Closed, State::SynSent, State::Closed}));
    EXPECT_EQ(s.changes.back().cause, Cause::RcvRst);
    EXPECT_EQ(pathOf(s, 1), (std::vector<State>{State::Closed}));
}

TEST(CaptureStates, aCaptureFromTheMiddleStartsEstablishedAndSaysSo) {
    const Capture c = readCapture(kDir + "mid-connection.pcap");
    ASSERT_EQ(c.connections.size(), 1u);
    const InferredStates s = inferStates(c, 0);
    EXPECT_TRUE(s.from_middle);
    expectEdges(s);
    EXPECT_EQ(pathOf(s, 0), (std::vector<State>{State::Established, State::CloseWait, State::LastAck, State::Closed}));
    EXPECT_EQ(pathOf(s, 1), (std::vector<State>{State::Established, State::FinWait1, State::TimeWait}));
}

TEST(CaptureStates, eachConnectionOfAReusedPortHasItsOwnStates) {
    const Capture c = readCapture(kDir + "port-reuse.pcap");
    ASSERT_EQ(c.connections.size(), 2u);
    for (std::uint32_t k = 0; k < 2; ++k) {
        const InferredStates s = inferStates(c, k);
        expectEdges(s);
        EXPECT_EQ(s.initial[0], State::Closed);
        EXPECT_EQ(s.last(0), State::Closed);
        EXPECT_EQ(s.last(1), State::TimeWait);
        for (const InferredChange& ch : s.changes) EXPECT_EQ(c.segments[ch.segment].connection, k);
    }
}

}  // namespace
}  // namespace tcpviz::core
