// Side by side (issue 18): the runs handshake-rtts offers, their flights, and the round trips the
// side-by-side view counts, for the lesson's link and for a link the sliders set.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <variant>

#include "core/scenario/scenario.h"
#include "core/sim/side_by_side.h"

namespace tcpviz::core {
namespace {

HostScenario handshakeRtts() { return std::get<HostScenario>(*resolveAnyScenario("handshake-rtts")); }

std::vector<std::string> names(const std::vector<ComparedRun>& runs) {
    std::vector<std::string> out;
    for (const ComparedRun& r : runs) out.push_back(r.name);
    return out;
}

TEST(SideBySide, HandshakeRttsOffersEachBrowsersLastConnectionOnce) {
    const HostScenario s = handshakeRtts();
    const HostOutcome all = simulateHosts(s);
    const std::vector<ComparedRun> runs = comparedRuns(s, all);
    EXPECT_EQ(names(runs), (std::vector<std::string>{"http", "tls12", "tls13", "zero-rtt", "quic", "quic-0rtt"}));
    // The 0-RTT browsers' runs are their second visits, which resume with early data, not the
    // first ones that got them their tickets.
    for (const ComparedRun& r : runs) {
        const ConnectionSummary& c = all.connections.at(r.connection);
        EXPECT_EQ(c.a_host, r.host) << r.name;
        EXPECT_EQ(r.kind.early_data, r.name == "zero-rtt" || r.name == "quic-0rtt") << r.name;
        EXPECT_EQ(r.kind.quic(), r.name.rfind("quic", 0) == 0) << r.name;
    }
    EXPECT_EQ(runs.at(1).kind.tls, TlsVersion::Tls12);
    EXPECT_EQ(runs.at(0).kind.tls, TlsVersion::None);
}

TEST(SideBySide, ALessonOfClientsAlikeHasNothingToCompare) {
    // The TIME-WAIT pile-up: one kind of client, many connections.
    const HostScenario s = std::get<HostScenario>(*resolveAnyScenario("time-wait-pileup"));
    EXPECT_TRUE(comparedRuns(s, simulateHosts(s)).empty());
}

// The counts: TCP 1, TCP + TLS 1.2 3, TCP + TLS 1.3 2, 0-RTT over TCP 1, QUIC 1, QUIC
// 0-RTT 0 round trips before the first request byte, and one more to the first answer byte,
// measured in the link's round trips from each run's first packet.
void expectCounts(const SideBySide& side) {
    const std::map<std::string, double> before_request{{"http", 1},     {"tls12", 3}, {"tls13", 2},
                                                       {"zero-rtt", 1}, {"quic", 1},  {"quic-0rtt", 0}};
    ASSERT_EQ(side.runs.size(), before_request.size());
    for (const RunTimeline& r : side.runs) {
        ASSERT_TRUE(r.request && r.response) << r.run.name;
        EXPECT_NEAR(side.rtts(*r.request), before_request.at(r.run.name), 0.05) << r.run.name;
        EXPECT_NEAR(side.rtts(*r.response), before_request.at(r.run.name) + 1, 0.05) << r.run.name;
    }
}

TEST(SideBySide, CountsTheRoundTripsOfEachWayOnTheLessonsLink) {
    const HostScenario s = handshakeRtts();
    const SideBySide side = simulateSideBySide(s, comparedRuns(s, simulateHosts(s)));
    EXPECT_EQ(side.rtt, 100'000);   // 50 ms each way
    expectCounts(side);
}

TEST(SideBySide, TheDelaySliderMovesEveryRunButNotTheCounts) {
    const HostScenario lesson = handshakeRtts();
    const std::vector<ComparedRun> runs = comparedRuns(lesson, simulateHosts(lesson));
    EXPECT_DOUBLE_EQ(lessonDelayMs(lesson), 50);
    const HostScenario slow = withLinks(lesson, 120.0, std::nullopt);
    EXPECT_DOUBLE_EQ(lessonDelayMs(slow), 120);
    const SideBySide side = simulateSideBySide(slow, runs);
    EXPECT_EQ(side.rtt, 240'000);
    expectCounts(side);
    // In time, TLS 1.2's request now leaves 3 × 240 ms after its SYN.
    const auto tls12 = std::find_if(side.runs.begin(), side.runs.end(), [](const RunTimeline& r) { return r.run.name == "tls12"; });
    ASSERT_NE(tls12, side.runs.end());
    EXPECT_NEAR(static_cast<double>(*tls12->request), 720'000, 5'000);
}

TEST(SideBySide, TheLossSliderLosesPacketsOfEveryKindFromTheLessonsSeed) {
    const HostScenario lesson = handshakeRtts();
    const std::vector<ComparedRun> runs = comparedRuns(lesson, simulateHosts(lesson));
    const HostScenario lossy = withLinks(lesson, std::nullopt, 0.2);
    const SideBySide one = simulateSideBySide(lossy, runs);
    std::size_t lost = 0;
    for (const RunTimeline& r : one.runs)
        for (const Flight& f : r.flights) lost += f.arrived ? 0 : 1;
    EXPECT_GT(lost, 0u);
    // The same seed, the same losses.
    const SideBySide two = simulateSideBySide(lossy, runs);
    ASSERT_EQ(one.runs.size(), two.runs.size());
    for (std::size_t i = 0; i < one.runs.size(); ++i) {
        EXPECT_EQ(one.runs[i].request, two.runs[i].request) << i;
        EXPECT_EQ(one.runs[i].response, two.runs[i].response) << i;
        EXPECT_EQ(one.runs[i].flights.size(), two.runs[i].flights.size()) << i;
    }
}

TEST(SideBySide, AFlightIsWhatOneSideSentTogetherAndSaysWhatItCarries) {
    const HostScenario s = handshakeRtts();
    const SideBySide side = simulateSideBySide(s, comparedRuns(s, simulateHosts(s)));
    const auto run = [&](const std::string& name) {
        return *std::find_if(side.runs.begin(), side.runs.end(), [&](const RunTimeline& r) { return r.run.name == name; });
    };
    // TLS 1.3 over TCP: SYN, SYN-ACK, then the client's ACK and ClientHello as one flight, and
    // the server's whole first flight, in however many segments, as one arrow.
    const RunTimeline tls13 = run("tls13");
    ASSERT_GE(tls13.flights.size(), 5u);
    EXPECT_EQ(tls13.flights[0].flags, kSyn);
    EXPECT_EQ(tls13.flights[1].flags, kSyn | kAck);
    EXPECT_EQ(tls13.flights[1].from, Side::B);
    EXPECT_NE(tls13.flights[2].messages.find("ClientHello"), std::string::npos) << tls13.flights[2].messages;
    EXPECT_NE(tls13.flights[2].flags & kAck, 0);
    const Flight& server = tls13.flights[3];
    EXPECT_EQ(server.from, Side::B);
    EXPECT_GT(server.packets, 1u) << "a certificate does not fit one segment";
    for (const char* m : {"ServerHello", "{Certificate}", "{Finished}"})
        EXPECT_NE(server.messages.find(m), std::string::npos) << server.messages;
    EXPECT_EQ(server.messages.find("…{Certificate}"), std::string::npos) << "one flight, no piece: " << server.messages;
    EXPECT_NEAR(side.rtts(server.sent), 1.5, 0.01);
    // The request's flight is marked, 2 round trips in; the answer's, 3.
    const auto request = std::find_if(tls13.flights.begin(), tls13.flights.end(), [](const Flight& f) { return f.request; });
    ASSERT_NE(request, tls13.flights.end());
    EXPECT_EQ(request->from, Side::A);
    EXPECT_NEAR(side.rtts(request->sent), 2, 0.01);
    const auto answer = std::find_if(tls13.flights.begin(), tls13.flights.end(), [](const Flight& f) { return f.response; });
    ASSERT_NE(answer, tls13.flights.end());
    EXPECT_EQ(answer->from, Side::B);
    EXPECT_NEAR(side.rtts(*answer->arrived), 3, 0.01);
    // Pure ACKs say nothing of round trips: only the handshake's is drawn.
    std::size_t pure_acks = 0;
    for (const Flight& f : tls13.flights) pure_acks += f.flags == kAck && f.payload == 0 ? 1 : 0;
    EXPECT_EQ(pure_acks, 0u);
    const RunTimeline http = run("http");
    EXPECT_EQ(http.flights.at(2).flags & kAck, kAck);
    EXPECT_TRUE(http.flights.at(2).request) << "the GET leaves with the handshake's last ACK";
    // QUIC's first datagram carries the ClientHello; 0-RTT's its request too.
    EXPECT_NE(run("quic").flights.at(0).messages.find("ClientHello"), std::string::npos);
    EXPECT_TRUE(run("quic-0rtt").flights.at(0).request);
    EXPECT_FALSE(run("quic").flights.at(0).request);
}

}  // namespace
}  // namespace tcpviz::core
