// The built-in scenario library: every lesson loads, simulates to a quiet end, and shows what
// its description promises.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/scenario/scenario.h"
#include "core/sim/host_sim.h"
#include "core/sim/simulator.h"

using namespace tcpviz::core;

namespace {

Scenario builtin(const std::string& id) {
    auto s = resolveScenario(id);
    if (!s) throw std::runtime_error("no built-in scenario " + id);
    return *s;
}

std::vector<StateChange> transitions(const Trace& t, Side side) {
    std::vector<StateChange> out;
    for (const Event& e : t.events)
        if (e.kind == EventKind::State && e.endpoint == side) out.push_back({e.from, e.to, e.cause});
    return out;
}

// The states an endpoint passes through, starting with its initial state.
std::vector<State> path(const Trace& t, Side side) {
    std::vector<State> out{t.initial_states[idx(side)]};
    for (const auto& c : transitions(t, side)) out.push_back(c.to);
    return out;
}

std::vector<const SegmentRecord*> sentBy(const Trace& t, Side side, std::uint8_t flags_exact) {
    std::vector<const SegmentRecord*> out;
    for (const auto& r : t.segments)
        if (r.from == side && r.segment.flags == flags_exact) out.push_back(&r);
    return out;
}

std::size_t count(const Trace& t, EventKind kind, Side side) {
    return static_cast<std::size_t>(std::count_if(t.events.begin(), t.events.end(), [&](const Event& e) {
        return e.kind == kind && e.endpoint == side;
    }));
}

std::size_t timerStarts(const Trace& t, Side side, TimerKind k) {
    return static_cast<std::size_t>(std::count_if(t.events.begin(), t.events.end(), [&](const Event& e) {
        return e.kind == EventKind::Timer && e.endpoint == side && e.timer == k && e.timer_op == TimerOp::Start;
    }));
}

bool hasNotice(const Trace& t, Side side, Notice n) {
    return std::any_of(t.events.begin(), t.events.end(),
                       [&](const Event& e) { return e.endpoint == side && e.notice == n; });
}

using S = State;

}  // namespace

TEST(ScenarioLibrary, HasTheLessonsTheIssueNames) {
    std::vector<std::string> ids;
    for (const auto& b : builtinScenarios()) ids.push_back(b.id);
    for (const char* id : {"handshake", "teardown", "lost-syn", "lost-synack", "lost-final-ack",
                           "two-way-handshake", "time-wait", "simultaneous-open", "simultaneous-close",
                           "refused", "abort", "half-open", "close-wait-leak", "data-loss",
                           "rfc9293-fig6", "rfc9293-fig7", "rfc9293-fig8", "rfc9293-fig9",
                           "rfc9293-fig10", "rfc9293-fig11", "rfc9293-fig12", "rfc9293-fig13"})
        EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
    EXPECT_EQ(ids.front(), "handshake") << "the default scenario comes first";
}

TEST(ScenarioLibrary, EveryScenarioLoadsSimulatesAndEndsQuiet) {
    for (const auto& b : builtinScenarios()) {
        SCOPED_TRACE(b.id);
        const AnyScenario any = parseAnyScenario(b.json, "builtin:" + b.id);
        if (const auto* h = std::get_if<HostScenario>(&any)) {
            // A lesson of hosts (host_scenario_test.cpp runs each): texts in both languages, and
            // connections once run.
            EXPECT_EQ(h->id, b.id);
            EXPECT_TRUE(h->group == "hosts" || h->group == "https" || h->group == "http2" ||
                        h->group == "quic") << h->group;
            EXPECT_NE(h->title.in("zh_CN"), h->title.in("en")) << "needs a Chinese title";
            EXPECT_NE(h->description.in("zh_CN"), h->description.in("en")) << "needs a Chinese description";
            EXPECT_FALSE(simulateHosts(*h).connections.empty());
            continue;
        }
        const Scenario& s = std::get<Scenario>(any);
        EXPECT_EQ(s.id, b.id);
        EXPECT_FALSE(s.title.in("en").empty());
        EXPECT_FALSE(s.title.in("zh_CN").empty());
        EXPECT_NE(s.title.in("zh_CN"), s.title.in("en")) << "needs a Chinese title";
        EXPECT_FALSE(s.description.in("zh_CN").empty());
        EXPECT_NE(s.description.in("zh_CN"), s.description.in("en")) << "needs a Chinese description";
        Simulator sim(s);
        sim.run();
        EXPECT_TRUE(sim.finished()) << "events still pending at the horizon";
        for (Side side : {Side::A, Side::B})
            EXPECT_FALSE(sim.endpoint(side).pollAt().has_value()) << "a timer is still running";
        EXPECT_FALSE(sim.trace().events.empty());
    }
}

TEST(ScenarioLibrary, SameSeedSameTraceDifferentSeedDifferentTrace) {
    Scenario s = builtin("data-loss");
    s.link[0].loss = s.link[1].loss = 0.2;
    s.link[0].jitter_ms = 20;
    const Trace a = simulate(s);
    const Trace b = simulate(s);
    ASSERT_EQ(a.events.size(), b.events.size());
    for (std::size_t i = 0; i < a.events.size(); ++i) {
        EXPECT_EQ(a.events[i].time, b.events[i].time);
        EXPECT_EQ(a.events[i].kind, b.events[i].kind);
    }
    s.seed = 2;
    const Trace c = simulate(s);
    bool differs = c.events.size() != a.events.size();
    for (std::size_t i = 0; !differs && i < a.events.size(); ++i)
        differs = a.events[i].time != c.events[i].time || a.events[i].kind != c.events[i].kind;
    EXPECT_TRUE(differs);
}

TEST(ScenarioLibrary, HandshakeGoesThroughTheThreeSegments) {
    const Trace t = simulate(builtin("handshake"));
    EXPECT_EQ(path(t, Side::A), (std::vector<S>{S::Closed, S::SynSent, S::Established}));
    EXPECT_EQ(path(t, Side::B), (std::vector<S>{S::Closed, S::Listen, S::SynReceived, S::Established}));
    ASSERT_EQ(t.segments.size(), 3u);
    EXPECT_EQ(t.segments[0].segment.flags, kSyn);
    EXPECT_EQ(t.segments[1].segment.flags, kSyn | kAck);
    EXPECT_EQ(t.segments[2].segment.flags, kAck);
}

TEST(ScenarioLibrary, TeardownSendsDataFromCloseWaitBeforeTheFin) {
    const Trace t = simulate(builtin("teardown"));
    EXPECT_EQ(path(t, Side::A), (std::vector<S>{S::Closed, S::SynSent, S::Established, S::FinWait1,
                                                S::FinWait2, S::TimeWait, S::Closed}));
    EXPECT_EQ(path(t, Side::B), (std::vector<S>{S::Closed, S::Listen, S::SynReceived, S::Established,
                                                S::CloseWait, S::LastAck, S::Closed}));
    // B's data leaves while B is in CLOSE-WAIT and reaches A in FIN-WAIT-2.
    bool data_in_half_close = false;
    std::array<State, 2> st = t.initial_states;
    for (const Event& e : t.events) {
        if (e.kind == EventKind::State) st[idx(e.endpoint)] = e.to;
        if (e.kind == EventKind::Arrive && e.endpoint == Side::A && !t.segment(e.segment).segment.payload.empty())
            data_in_half_close |= st[0] == S::FinWait2 && st[1] == S::CloseWait;
    }
    EXPECT_TRUE(data_in_half_close);
}

TEST(ScenarioLibrary, LostSynIsRetransmittedWithBackOff) {
    const Trace t = simulate(builtin("lost-syn"));
    const auto syns = sentBy(t, Side::A, kSyn);
    ASSERT_EQ(syns.size(), 3u);
    EXPECT_FALSE(syns[0]->retransmission());
    EXPECT_TRUE(syns[1]->retransmission());
    // RFC 6298: 1 s, then doubled.
    EXPECT_EQ(syns[1]->sent_at - syns[0]->sent_at, 1'000'000);
    EXPECT_EQ(syns[2]->sent_at - syns[1]->sent_at, 2'000'000);
    EXPECT_EQ(path(t, Side::A).back(), S::Established);
    EXPECT_EQ(path(t, Side::B).back(), S::Established);
}

TEST(ScenarioLibrary, LostSynAckIsRepairedByBothSides) {
    const Trace t = simulate(builtin("lost-synack"));
    EXPECT_GE(sentBy(t, Side::A, kSyn).size(), 2u);          // the client's SYN again
    EXPECT_GE(sentBy(t, Side::B, kSyn | kAck).size(), 2u);   // the server's SYN,ACK again
    EXPECT_EQ(path(t, Side::A).back(), S::Established);
    EXPECT_EQ(path(t, Side::B).back(), S::Established);
}

TEST(ScenarioLibrary, LostFinalAckKeepsTheServerInSynReceivedUntilTheRetransmission) {
    const Trace t = simulate(builtin("lost-final-ack"));
    const auto synacks = sentBy(t, Side::B, kSyn | kAck);
    ASSERT_EQ(synacks.size(), 2u);
    EXPECT_TRUE(synacks[1]->retransmission());
    // The server reaches ESTABLISHED only after its SYN,ACK was retransmitted.
    for (const Event& e : t.events) {
        if (e.kind == EventKind::State && e.endpoint == Side::B && e.to == S::Established) {
            EXPECT_GT(e.time, synacks[1]->sent_at);
        }
    }
    EXPECT_EQ(path(t, Side::B).back(), S::Established);
}

TEST(ScenarioLibrary, TwoWayHandshakeOpensAConnectionNobodyAskedFor) {
    const Trace t = simulate(builtin("two-way-handshake"));
    const auto b = transitions(t, Side::B);
    ASSERT_GE(b.size(), 2u);
    EXPECT_EQ(b[1], (StateChange{S::Listen, S::Established, Cause::RcvSynTwoWay}));
    EXPECT_EQ(path(t, Side::A), (std::vector<S>{S::Closed})) << "the client never opened anything";
    EXPECT_EQ(b.back().cause, Cause::RetransmitLimit) << "the server gives up only after its retries";
}

TEST(ScenarioLibrary, TimeWaitAcknowledgesTheRetransmittedFinAndRestarts2Msl) {
    const Trace t = simulate(builtin("time-wait"));
    const auto fins = sentBy(t, Side::B, kFin | kAck);
    ASSERT_EQ(fins.size(), 2u);
    EXPECT_TRUE(fins[1]->retransmission());
    // The retransmitted FIN reaches A in TIME-WAIT, which ACKs it again and restarts 2MSL.
    EXPECT_EQ(timerStarts(t, Side::A, TimerKind::TimeWait), 2u);
    EXPECT_EQ(sentBy(t, Side::A, kAck).size(), 3u);   // handshake ACK, lost ACK, ACK again
    EXPECT_EQ(path(t, Side::B).back(), S::Closed);
    EXPECT_EQ(path(t, Side::A), (std::vector<S>{S::Closed, S::SynSent, S::Established, S::FinWait1,
                                                S::FinWait2, S::TimeWait, S::Closed}));
    EXPECT_EQ(transitions(t, Side::A).back().cause, Cause::Timeout2Msl);
}

TEST(ScenarioLibrary, SimultaneousOpenPassesThroughSynReceivedOnBothSides) {
    const Trace t = simulate(builtin("simultaneous-open"));
    for (Side side : {Side::A, Side::B})
        EXPECT_EQ(path(t, side), (std::vector<S>{S::Closed, S::SynSent, S::SynReceived, S::Established}));
}

TEST(ScenarioLibrary, SimultaneousCloseEntersClosingOnBothSides) {
    const Trace t = simulate(builtin("simultaneous-close"));
    for (Side side : {Side::A, Side::B}) {
        const auto p = path(t, side);
        EXPECT_NE(std::find(p.begin(), p.end(), S::Closing), p.end());
        EXPECT_EQ(p.back(), S::Closed);
    }
}

TEST(ScenarioLibrary, RefusedConnectionIsReset) {
    const Trace t = simulate(builtin("refused"));
    EXPECT_EQ(transitions(t, Side::A).back(), (StateChange{S::SynSent, S::Closed, Cause::RcvRst}));
    EXPECT_TRUE(hasNotice(t, Side::A, Notice::ConnectionRefused));
    EXPECT_EQ(transitions(t, Side::B).back(), (StateChange{S::Listen, S::Closed, Cause::Close}));
}

TEST(ScenarioLibrary, AbortSendsOneResetAndNoFin) {
    const Trace t = simulate(builtin("abort"));
    EXPECT_EQ(transitions(t, Side::A).back(), (StateChange{S::Established, S::Closed, Cause::Abort}));
    EXPECT_EQ(transitions(t, Side::B).back(), (StateChange{S::Established, S::Closed, Cause::RcvRst}));
    EXPECT_TRUE(hasNotice(t, Side::B, Notice::ConnectionReset));
    EXPECT_EQ(sentBy(t, Side::A, kRst).size(), 1u);
    EXPECT_TRUE(sentBy(t, Side::A, kFin | kAck).empty());
}

TEST(ScenarioLibrary, HalfOpenConnectionIsDiscoveredByTheSurvivor) {
    const Trace t = simulate(builtin("half-open"));
    EXPECT_EQ(transitions(t, Side::A).back().cause, Cause::Reboot);
    EXPECT_EQ(transitions(t, Side::B).back(), (StateChange{S::Established, S::Closed, Cause::RcvRst}));
    EXPECT_EQ(sentBy(t, Side::A, kRst).size(), 1u);
}

TEST(ScenarioLibrary, CloseWaitLeakNeverSendsTheServerFin) {
    const Trace t = simulate(builtin("close-wait-leak"));
    EXPECT_EQ(path(t, Side::B).back(), S::CloseWait);
    EXPECT_EQ(path(t, Side::A).back(), S::FinWait2);
    EXPECT_TRUE(sentBy(t, Side::B, kFin | kAck).empty());
}

TEST(ScenarioLibrary, DataLossIsRetransmittedAndReassembled) {
    Simulator sim(builtin("data-loss"), {.keep_delivered_bytes = true});
    sim.run();
    const Trace& t = sim.trace();
    EXPECT_EQ(count(t, EventKind::Drop, Side::A), 1u);
    std::size_t retransmitted = 0;
    for (const auto& r : t.segments) retransmitted += r.retransmission();
    EXPECT_EQ(retransmitted, 1u);
    EXPECT_TRUE(hasNotice(t, Side::B, Notice::OutOfOrder));
    ASSERT_EQ(sim.bytesDelivered(Side::B), 4000u);
    for (std::size_t i = 0; i < 4000; ++i)
        ASSERT_EQ(sim.deliveredBytes(Side::B)[i], streamByte(Simulator::streamOf(Side::A), i)) << "byte " << i;
}

TEST(ScenarioLibrary, ConnectTimeoutBacksOffThenTheUserGivesUp) {
    const Trace t = simulate(builtin("connect-timeout"));
    const auto syns = sentBy(t, Side::A, kSyn);
    ASSERT_EQ(syns.size(), 4u);   // at 0, 1, 3 and 7 s; the close comes at 10 s
    EXPECT_EQ(syns[3]->sent_at - syns[2]->sent_at, 4'000'000);
    EXPECT_EQ(transitions(t, Side::A).back(), (StateChange{S::SynSent, S::Closed, Cause::Close}));
}

TEST(ScenarioLibrary, ListenSendBecomesActive) {
    const Trace t = simulate(builtin("listen-send"));
    EXPECT_EQ(transitions(t, Side::B)[1], (StateChange{S::Listen, S::SynSent, Cause::Send}));
    EXPECT_EQ(path(t, Side::A).back(), S::Established);
    EXPECT_EQ(path(t, Side::B).back(), S::Established);
}

TEST(ScenarioLibrary, CloseDuringHandshakeLeavesSynReceivedForFinWait1) {
    const Trace t = simulate(builtin("close-during-handshake"));
    const auto b = transitions(t, Side::B);
    EXPECT_NE(std::find(b.begin(), b.end(), StateChange{S::SynReceived, S::FinWait1, Cause::Close}), b.end());
    EXPECT_EQ(path(t, Side::A).back(), S::Closed);
    EXPECT_EQ(path(t, Side::B).back(), S::Closed);
}
