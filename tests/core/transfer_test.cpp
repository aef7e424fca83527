// Whole connections through the simulator: the data-transfer defects issue 13 reported, each as
// the smallest scenario that showed it, the 10 MB reference transfer, and what the trace says
// about congestion control and about how the run ended.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/tcp/state_graph.h"
#include "core/trace/trace_printers.h"

namespace tcpviz::core {
namespace {

Scenario scenario(const std::string& json) { return parseScenario(json, "test.json"); }

std::vector<State> path(const Trace& t, Side side) {
    std::vector<State> states{t.initial_states[idx(side)]};
    for (const Event& e : t.events)
        if (e.kind == EventKind::State && e.endpoint == side) states.push_back(e.to);
    return states;
}

std::uint64_t delivered(const Trace& t, Side receiver) {
    std::uint64_t n = 0;
    for (const Event& e : t.events)
        if (e.kind == EventKind::Deliver && e.endpoint == receiver) n += e.bytes;
    return n;
}

// RFC 9293 §3.10.4 and §3.10.7.4: B calls send() and close() in SYN-RECEIVED, A's handshake ACK
// is lost, and A's FIN,ACK completes the handshake. B passes ESTABLISHED -> FIN-WAIT-1 ->
// CLOSING with its data and FIN still queued, and must still send them ("segmentize any text
// to be sent"): before the fix CLOSING sent nothing, and both ends waited for ever.
TEST(Transfer, DataQueuedBeforeAFinIsSentFromClosing) {
    const Trace t = simulate(scenario(R"({"format": "tcpviz-scenario/1",
        "link": {"delay_ms": 50},
        "script": [
          {"at_ms": 0, "endpoint": "B", "call": "listen"},
          {"at_ms": 10, "endpoint": "A", "call": "connect"},
          {"at_ms": 100, "endpoint": "B", "call": "send", "bytes": 3000},
          {"at_ms": 100, "endpoint": "B", "call": "close"},
          {"at_ms": 120, "endpoint": "A", "call": "close"}],
        "faults": [{"match": {"from": "A", "exact_flags": ["ACK"], "nth": 1}, "action": "drop"}]})"));
    const auto b = path(t, Side::B);
    EXPECT_NE(std::find(b.begin(), b.end(), State::Closing), b.end()) << "the case of the report";
    EXPECT_EQ(delivered(t, Side::A), 3000u);
    EXPECT_EQ(path(t, Side::A).back(), State::Closed);
    EXPECT_EQ(b.back(), State::Closed);
    EXPECT_EQ(t.end.reason, EndReason::Quiet);
}

// Two senders fill each other's window and the first segment of each is lost: RCV.NXT stays
// where it was and every pure ACK from the other side starts at RCV.NXT + RCV.WND. Before the fix the strict acceptability test refused them
// and the two ends answered each other's ACKs with ACKs, thousands of times. Accepting the
// right edge (Linux's tcp_sequence) and rate-limiting replies to unacceptable segments
// (RFC 5961 §7) end it.
TEST(Transfer, NoAckWarWhenBothWindowsAreFull) {
    const Trace t = simulate(scenario(R"({"format": "tcpviz-scenario/1",
        "tcp": {"window": 2144, "congestion": "none", "delayed_ack": false},
        "link": {"delay_ms": 20},
        "script": [
          {"at_ms": 0, "endpoint": "B", "call": "listen"},
          {"at_ms": 0, "endpoint": "A", "call": "connect"},
          {"at_ms": 100, "endpoint": "A", "call": "send", "bytes": 20000},
          {"at_ms": 100, "endpoint": "B", "call": "send", "bytes": 20000},
          {"at_ms": 5000, "endpoint": "A", "call": "close"},
          {"at_ms": 5000, "endpoint": "B", "call": "close"}],
        "faults": [{"match": {"from": "A", "flags": ["ACK"], "seq": 101, "nth": 2}, "action": "drop"},
                   {"match": {"from": "B", "flags": ["ACK"], "seq": 301, "nth": 1}, "action": "drop"}]})"));
    EXPECT_EQ(delivered(t, Side::A), 20000u);
    EXPECT_EQ(delivered(t, Side::B), 20000u);
    EXPECT_LT(t.segments.size(), 250u) << "about 40 data segments each way and their ACKs (the war: 455)";
    EXPECT_EQ(t.end.reason, EndReason::Quiet);
}

// A simultaneous close with both windows closed: the FINs cannot be taken, the zero-window
// probes and their answers go on at the persist timer's pace, never as an exchange of ACKs.
TEST(Transfer, NoAckWarInASimultaneousCloseWithZeroWindows) {
    const Trace t = simulate(scenario(R"({"format": "tcpviz-scenario/1",
        "tcp": {"window": 500, "auto_receive": false, "congestion": "none"},
        "link": {"delay_ms": 20},
        "horizon_ms": 300000,
        "script": [
          {"at_ms": 0, "endpoint": "B", "call": "listen"},
          {"at_ms": 0, "endpoint": "A", "call": "connect"},
          {"at_ms": 100, "endpoint": "A", "call": "send", "bytes": 2000},
          {"at_ms": 100, "endpoint": "B", "call": "send", "bytes": 2000},
          {"at_ms": 1000, "endpoint": "A", "call": "close"},
          {"at_ms": 1000, "endpoint": "B", "call": "close"},
          {"at_ms": 60000, "endpoint": "A", "call": "receive", "bytes": 100000},
          {"at_ms": 60000, "endpoint": "B", "call": "receive", "bytes": 100000},
          {"at_ms": 61000, "endpoint": "A", "call": "receive", "bytes": 100000},
          {"at_ms": 61000, "endpoint": "B", "call": "receive", "bytes": 100000},
          {"at_ms": 62000, "endpoint": "A", "call": "receive", "bytes": 100000},
          {"at_ms": 62000, "endpoint": "B", "call": "receive", "bytes": 100000},
          {"at_ms": 63000, "endpoint": "A", "call": "receive", "bytes": 100000},
          {"at_ms": 63000, "endpoint": "B", "call": "receive", "bytes": 100000}]})"));
    std::size_t before_reading = 0;
    for (const Event& e : t.events)
        if (e.kind == EventKind::Send && e.time > 2'000'000 && e.time < 60'000'000) ++before_reading;
    EXPECT_LT(before_reading, 40u) << "probes and answers, a few per back-off";
    EXPECT_EQ(delivered(t, Side::A), 2000u);
    EXPECT_EQ(delivered(t, Side::B), 2000u);
    EXPECT_EQ(path(t, Side::A).back(), State::Closed);
    EXPECT_EQ(path(t, Side::B).back(), State::Closed);
}

// RFC 9293 §3.10.7.4 answers a SYN in TIME-WAIT with a challenge ACK; the client's RST then
// kills TIME-WAIT ("TIME-WAIT assassination"). Linux lets a server's TIME-WAIT give way to a
// SYN beyond the old sequence space (tcp_timewait_state_process, RFC 6191): one SYN, answered.
// RFC 1337 (Linux's tcp_rfc1337) makes TIME-WAIT ignore that RST.
Scenario timeWaitReuse(const std::string& tcp) {
    return scenario(R"({"format": "tcpviz-scenario/1",
        "tcp": )" + tcp + R"(,
        "endpoints": {"A": {"isn": [100, 900000]}, "B": {"isn": [300, 700000]}},
        "link": {"delay_ms": 50},
        "script": [
          {"at_ms": 0, "endpoint": "B", "call": "listen"},
          {"at_ms": 10, "endpoint": "A", "call": "connect"},
          {"at_ms": 300, "endpoint": "B", "call": "close"},
          {"at_ms": 500, "endpoint": "A", "call": "close"},
          {"at_ms": 1000, "endpoint": "A", "call": "connect"}]})");
}

TEST(Transfer, TimeWaitGivesWayToANewSynTheLinuxWay) {
    const Trace t = simulate(timeWaitReuse(R"({"time_wait_syn": "linux"})"));
    const auto b = path(t, Side::B);
    const std::vector<State> reopened = {State::TimeWait, State::Listen, State::SynReceived, State::Established};
    EXPECT_NE(std::search(b.begin(), b.end(), reopened.begin(), reopened.end()), b.end());
    std::size_t syns = 0, rsts = 0;
    for (const auto& r : t.segments) {
        syns += r.from == Side::A && r.segment.flags == kSyn;
        rsts += r.segment.has(kRst);
    }
    EXPECT_EQ(syns, 2u) << "the first connection's SYN and the new one, no retransmission";
    EXPECT_EQ(rsts, 0u);
    for (const Event& e : t.events) {
        if (e.kind == EventKind::State) {
            EXPECT_TRUE(StateGraph::rfc9293().findEdge(e.from, e.to, e.cause));
        }
    }
}

TEST(Transfer, TimeWaitIsAssassinatedTheRfcWayUnlessRfc1337) {
    const Trace rfc = simulate(timeWaitReuse(R"({"time_wait_syn": "rfc"})"));
    const auto b = path(rfc, Side::B);
    const std::vector<State> killed = {State::TimeWait, State::Closed};
    ASSERT_NE(std::search(b.begin(), b.end(), killed.begin(), killed.end()), b.end());
    bool by_rst = false;
    for (const Event& e : rfc.events)
        by_rst |= e.kind == EventKind::State && e.endpoint == Side::B && e.from == State::TimeWait &&
                  e.cause == Cause::RcvRst;
    EXPECT_TRUE(by_rst) << "the client's RST ended TIME-WAIT";

    const Trace protected_ = simulate(timeWaitReuse(R"({"time_wait_syn": "rfc", "rfc1337": true})"));
    for (const Event& e : protected_.events) {
        if (e.kind == EventKind::State && e.endpoint == Side::B && e.from == State::TimeWait) {
            EXPECT_EQ(e.cause, Cause::Timeout2Msl) << "TIME-WAIT lasts its 2 MSL";
        }
    }
}

// Congestion control must not add segments to RFC 9293's figures: each figure's segments are
// those of the same scenario with no congestion control, no delayed ACKs and no Nagle.
TEST(Transfer, CongestionControlAddsNothingToTheRfcFigures) {
    for (const auto& lesson : builtinScenariosOf(ScenarioKind::TwoEndpoints)) {
        if (lesson.id.rfind("rfc9293-fig", 0) != 0) continue;
        const Scenario s = parseScenario(lesson.json, lesson.id);
        Scenario plain = s;
        for (auto& e : plain.endpoints) {
            e.tcp.congestion = CongestionAlgorithm::None;
            e.tcp.delayed_ack = false;
            e.tcp.nagle = false;
        }
        const Trace a = simulate(s), b = simulate(plain);
        ASSERT_EQ(a.segments.size(), b.segments.size()) << lesson.id;
        for (std::size_t i = 0; i < a.segments.size(); ++i) {
            const Segment& x = a.segments[i].segment;
            const Segment& y = b.segments[i].segment;
            EXPECT_TRUE(x.seq == y.seq && x.ack == y.ack && x.flags == y.flags && x.payload.size() == y.payload.size())
                << lesson.id << " segment " << i + 1;
        }
    }
}

// The reference transfer of issue 13 (tests/data/scenarios/bulk-10mb.json): before congestion
// control only about 420 KB arrived in an hour; ns-3 3.37 moves the 10 MB in 110 to 194 s
// (tests/bench/ns3/README.md). It must complete, and within 1.5 times ns-3's 190 s.
TimeUs completion(const Trace& t, std::uint64_t bytes) {
    std::uint64_t n = 0;
    for (const Event& e : t.events)
        if (e.kind == EventKind::Deliver && e.endpoint == Side::B && (n += e.bytes) >= bytes) return e.time;
    return -1;
}

TEST(Transfer, TheTenMegabyteTransferCompletes) {
    for (CongestionAlgorithm a : {CongestionAlgorithm::NewReno, CongestionAlgorithm::Cubic, CongestionAlgorithm::Reno}) {
        Scenario s = loadScenarioFile(TCPVIZ_TEST_DATA "/scenarios/bulk-10mb.json");
        for (auto& e : s.endpoints) e.tcp.congestion = a;
        const Trace t = simulate(s);
        const TimeUs done = completion(t, 10'000'000);
        ASSERT_GT(done, 0) << congestionName(a);
        EXPECT_LT(done, 285'000'000) << congestionName(a);
        EXPECT_EQ(t.end.reason, EndReason::Quiet) << congestionName(a);
        std::size_t fast = 0;
        for (const auto& r : t.segments) fast += r.retransmissionKind() == Retransmission::Fast;
        EXPECT_GT(fast, 100u) << "most losses are repaired by fast retransmit";
    }
    // Without congestion control the sender floods the bottleneck's queue.
    Scenario s = loadScenarioFile(TCPVIZ_TEST_DATA "/scenarios/bulk-10mb.json");
    for (auto& e : s.endpoints) e.tcp.congestion = CongestionAlgorithm::None;
    const Trace t = simulate(s);
    EXPECT_LT(completion(t, 10'000'000), 0);
    std::size_t overflow = 0;
    for (const Event& e : t.events) overflow += e.kind == EventKind::Drop && e.drop_reason == DropReason::QueueFull;
    EXPECT_GT(overflow, 10u);
}

// The trace says how the run ended, and what congestion control was doing at every send.
TEST(Transfer, TheTraceSaysWhetherTheHorizonCutTheRun) {
    const std::string lesson = R"({"format": "tcpviz-scenario/1", "horizon_ms": 1500,
        "script": [{"at_ms": 0, "endpoint": "B", "call": "listen"},
                   {"at_ms": 10, "endpoint": "A", "call": "connect"}],
        "faults": [{"match": {"from": "B", "flags": ["SYN", "ACK"], "nth": 0}, "action": "drop"}]})";
    const Trace cut = simulate(scenario(lesson));
    EXPECT_EQ(cut.end.reason, EndReason::Horizon);
    EXPECT_EQ(cut.end.time, 1'500'000);
    const auto json = nlohmann::json::parse(traceToJson(cut));
    EXPECT_EQ(json["end"]["reason"], "horizon");
    EXPECT_EQ(json["end"]["time_us"], 1'500'000);
    const Trace quiet = simulate(*resolveScenario("teardown"));
    EXPECT_EQ(quiet.end.reason, EndReason::Quiet);
    EXPECT_EQ(quiet.end.time, quiet.events.back().time);
}

TEST(Transfer, SendsCarryTheWindowAndDuplicateAcksTheirCount) {
    const Trace t = simulate(*resolveScenario("data-loss"));
    const auto json = nlohmann::json::parse(traceToJson(t));
    int sends = 0, dups = 0, fast = 0;
    for (const auto& e : json["events"]) {
        if (e["kind"] == "send" && e["endpoint"] == "A" && e["segment"]["len"].get<int>() > 0) {
            ++sends;
            EXPECT_TRUE(e["cwnd"].is_number());
            EXPECT_TRUE(e["flight"].get<int>() > 0);
            EXPECT_LE(e["flight"].get<int>(), e["cwnd"].get<int>());
            fast += e["segment"]["retransmission"] == "fast";
        }
        if (e["kind"] == "arrive" && e.contains("dup_ack")) {
            ++dups;
            EXPECT_EQ(e["endpoint"], "A");
        }
    }
    EXPECT_GT(sends, 7);
    EXPECT_GE(dups, 3);
    EXPECT_EQ(fast, 1);
    // Every TCB sample is listed, with its congestion window.
    ASSERT_TRUE(json["tcb"].is_array());
    EXPECT_EQ(json["tcb"].size(), t.tcb_samples[0].size() + t.tcb_samples[1].size());
}

}  // namespace
}  // namespace tcpviz::core
