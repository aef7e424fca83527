// tcpviz-scenario/2 (issue 16): the lessons of hosts with many connections, read from their
// files and run, the errors a broken file gets, and their traces (tcpviz-trace/2, and one
// connection as a trace of two endpoints).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "core/scenario/scenario.h"
#include "core/sim/host_series.h"
#include "core/sim/host_sim.h"
#include "core/trace/trace_printers.h"

namespace tcpviz::core {
namespace {

// The hosts of HostRun's default and of the lessons: "client" and "server", in that order.
constexpr HostId kClientHost = 0, kServerHost = 1;

std::size_t at(State s) { return static_cast<std::size_t>(s); }

HostScenario builtinHosts(const std::string& id) {
    auto any = resolveAnyScenario(id);
    EXPECT_TRUE(any.has_value()) << id;
    EXPECT_TRUE(std::holds_alternative<HostScenario>(*any)) << id << " is not a scenario of hosts";
    return std::get<HostScenario>(*any);
}

std::vector<HostEvent> eventsOf(const HostOutcome& o, HostEvent::What what) {
    std::vector<HostEvent> out;
    std::copy_if(o.host_events.begin(), o.host_events.end(), std::back_inserter(out),
                 [&](const HostEvent& e) { return e.what == what; });
    return out;
}

// How many of a host's sockets are in `state` at `time`, counted from the changes.
std::int64_t countAt(const HostOutcome& o, HostId host, State state, TimeUs time) {
    std::int64_t n = 0;
    for (const SocketChange& ch : o.changes) {
        if (ch.time > time) break;
        if (ch.host != host) continue;
        if (ch.from == state) --n;
        if (ch.to == state) ++n;
    }
    return n;
}

// The lesson as shipped: 500 connections a second, TIME-WAIT 60 s, 28,232 ephemeral ports. The
// first EADDRNOTAVAIL comes at 28,232 / 500 = 56.5 s (within 5 %), when the client's TIME-WAIT
// count has risen to the port range.
TEST(HostLessons, timeWaitPileupRunsOutOfPortsWhenTheArithmeticSays) {
    const HostScenario s = builtinHosts("time-wait-pileup");
    const HostOutcome o = simulateHosts(s);
    const auto failed = eventsOf(o, HostEvent::What::Connect);
    ASSERT_FALSE(failed.empty());
    EXPECT_EQ(failed.front().error, SocketError::AddressNotAvailable);
    const std::uint32_t ports = s.run.hosts[0].profile.ephemeralPorts();
    EXPECT_EQ(ports, 28'232u);
    const double predicted = static_cast<double>(ports) / s.run.clients[0].per_second;
    EXPECT_NEAR(static_cast<double>(failed.front().time) / 1e6, predicted, 0.05 * predicted);
    const std::int64_t time_wait = countAt(o, kClientHost, State::TimeWait, failed.front().time);
    EXPECT_GE(time_wait, static_cast<std::int64_t>(0.99 * ports));
    EXPECT_LE(time_wait, static_cast<std::int64_t>(ports));
    // Once the first TIME-WAITs end (60 s), connect() succeeds again.
    const auto after = std::find_if(o.changes.begin(), o.changes.end(), [](const SocketChange& ch) {
        return ch.host == kClientHost && ch.from == State::Closed && ch.time > 60'000'000;
    });
    EXPECT_NE(after, o.changes.end());
}

// Without cookies no legitimate client gets in; with them all 20 do.
TEST(HostLessons, synFloodKeepsClientsOutUntilCookiesLetThemIn) {
    const auto legitimate = [](const HostOutcome& o) {
        std::size_t n = 0;
        for (const SocketChange& ch : o.changes)
            if (ch.host == kClientHost && ch.to == State::Established) ++n;
        return n;
    };
    const HostOutcome flood = simulateHosts(builtinHosts("syn-flood"));
    EXPECT_EQ(legitimate(flood), 0u);
    EXPECT_GT(eventsOf(flood, HostEvent::What::Syn).size(), 18'000u);   // dropped: the SYN queue is full
    const HostOutcome cookies = simulateHosts(builtinHosts("syn-flood-cookies"));
    EXPECT_EQ(legitimate(cookies), 20u);
    const auto syns = eventsOf(cookies, HostEvent::What::Syn);
    EXPECT_TRUE(std::all_of(syns.begin(), syns.end(), [](const HostEvent& e) { return e.syn == SynVerdict::Cookie; }));
}

TEST(HostLessons, closeWaitLeakFillsTheDescriptorsAndAcceptQueueOverflowDropsSyns) {
    const HostOutcome leak = simulateHosts(builtinHosts("close-wait-leak-server"));
    EXPECT_EQ(countAt(leak, kServerHost, State::CloseWait, leak.run.horizon), 1'023);
    const auto emfile = eventsOf(leak, HostEvent::What::Accept);
    ASSERT_FALSE(emfile.empty());
    EXPECT_EQ(emfile.front().error, SocketError::TooManyFiles);

    const HostOutcome slow = simulateHosts(builtinHosts("accept-queue-overflow"));
    const auto syns = eventsOf(slow, HostEvent::What::Syn);
    EXPECT_GT(std::count_if(syns.begin(), syns.end(), [](const HostEvent& e) { return e.syn == SynVerdict::DropAcceptFull; }),
              50);
}

// http-keepalive against http-short-connections: the same 100 requests and answers, over one
// connection or over 100, and one socket in TIME-WAIT at the end or 100.
TEST(HostLessons, keepAliveLeavesOneTimeWaitWhereShortConnectionsLeaveOneEach) {
    const auto requestsAnswered = [](const HostOutcome& o) {
        std::uint64_t answered = 0;
        for (const ConnectionSummary& c : o.connections) answered += c.segments > 0;
        return answered;
    };
    const HostScenario keep = builtinHosts("http-keepalive");
    const HostScenario shorts = builtinHosts("http-short-connections");
    EXPECT_EQ(keep.run.clients[0].requests_per_connection * keep.run.clients[0].connections,
              shorts.run.clients[0].requests_per_connection * shorts.run.clients[0].connections);
    const HostOutcome k = simulateHosts(keep, {HostRecording::Mode::One, 0});
    const HostOutcome s = simulateHosts(shorts);
    ASSERT_EQ(k.connections.size(), 1u);
    ASSERT_EQ(s.connections.size(), 100u);
    EXPECT_EQ(requestsAnswered(s), 100u);
    // The one connection carried 100 requests and 100 answers: count the calls in its trace.
    std::size_t requests = 0, answers = 0;
    std::uint64_t delivered_to_client = 0;
    for (const Event& e : k.trace.events) {
        if (e.kind == EventKind::Call && e.call == CallKind::Send) ++(e.endpoint == Side::A ? requests : answers);
        if (e.kind == EventKind::Deliver && e.endpoint == Side::A) delivered_to_client += e.bytes;
    }
    EXPECT_EQ(requests, 100u);
    EXPECT_EQ(answers, 100u);
    EXPECT_EQ(delivered_to_client, 100u * keep.run.servers[0].response_bytes);
    const TimeUs end = keep.run.horizon;
    EXPECT_EQ(countAt(k, kClientHost, State::TimeWait, end), 1);
    EXPECT_EQ(countAt(s, kClientHost, State::TimeWait, end), 100);
    // Keep-alive pays one handshake; short connections pay 100, and ten times the segments.
    EXPECT_GT(s.segments, 5 * k.segments / 2);
}

// The link between hosts is a lesson's link: here 5 % of the segments each way are lost. The
// trace shows each loss where it happens, every connection still gets its answer (the engine
// retransmits), and the same seed gives the same run.
TEST(HostLessons, aLossyLinkBetweenHostsLosesSegmentsAndTheConnectionsRecover) {
    HostScenario s = builtinHosts("http-short-connections");
    s.run.link[0].loss = s.run.link[1].loss = 0.05;
    s.run.seed = 7;
    s.run.horizon = 60'000'000;
    const HostOutcome o = simulateHosts(s, {HostRecording::Mode::All, 0});
    std::size_t drops = 0, retransmissions = 0, answers_in = 0;
    for (const Event& e : o.trace.events) {
        if (e.kind == EventKind::Drop) {
            ++drops;
            EXPECT_EQ(e.drop_reason, DropReason::Loss);
        }
        if (e.kind == EventKind::Send && o.trace.segment(e.segment).retransmission()) ++retransmissions;
    }
    for (const ConnectionSummary& c : o.connections) answers_in += c.a_last == State::TimeWait || c.a_last == State::Closed;
    EXPECT_GT(drops, 20u);
    EXPECT_GE(retransmissions, drops / 2);
    EXPECT_EQ(answers_in, 100u);
    const HostOutcome again = simulateHosts(s, {HostRecording::Mode::All, 0});
    EXPECT_EQ(again.trace.events.size(), o.trace.events.size());
    s.run.seed = 8;
    EXPECT_NE(simulateHosts(s).segments, o.segments);
}

// A broken file of hosts gets the file, line, column and key of what is wrong.
TEST(HostScenarioFile, brokenFilesSayWhatIsWrongAndWhere) {
    struct Case {
        const char* text;
        std::size_t line, column;
        const char* path;
        const char* message;
    };
    const Case cases[] = {
        {R"({"format": "tcpviz-scenario/2", "programs": []})", 1, 1, "", "missing required key \"hosts\""},
        {"{\"format\": \"tcpviz-scenario/2\",\n \"hosts\": {\"a\": {\"address\": \"10.0.0.1\"}, \"b\": {\"address\": \"10.0.0.1\"}},\n \"programs\": []}",
         2, 42, "hosts.b", "has an address of \"a\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"web\": {}},\n \"programs\": [{\"type\": \"server\", \"host\": \"web\"},\n"
         "  {\"type\": \"server\", \"host\": \"web\", \"port\": 80}]}",
         3, 45, "programs[1].port", "a second server on \"web\" port 80"},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"web\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"web\"}, {\"type\": \"server\", \"host\": \"web\", \"port\": 443},\n"
         "  {\"type\": \"client\", \"host\": \"client\", \"server\": \"web\"}]}",
         3, 3, "programs[2]", "missing required key \"port\": \"web\" runs servers on several ports"},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"web\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"web\"}],\n"
         " \"links\": [{\"between\": [\"client\", \"web\"], \"web->db\": {}}]}",
         3, 43, "links[0].web->db", "\"client->web\" or \"web->client\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"web\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"web\"}],\n \"links\": [{\"between\": [\"web\", \"web\"]}]}",
         3, 32, "links[0].between[1]", "a link joins two different hosts"},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"web\": {}, \"idle\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"web\"}],\n \"focus\": \"idle\"}",
         3, 11, "focus", "no program runs on \"idle\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"web\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"web\"}, {\"type\": \"syn_flood\", \"server\": \"web\"}]}",
         2, 50, "programs[1]", "a SYN flood needs a host besides its target's"},
        {"{\"format\": \"tcpviz-scenario/2\",\n \"hosts\": {\"server\": {\"fd_limt\": 10}},\n \"programs\": []}", 2, 23,
         "hosts.server.fd_limt", "unknown key \"fd_limt\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"proxy\"}]}", 2, 24,
         "programs[0].type", "unknown program type \"proxy\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"server\"},\n"
         "  {\"type\": \"client\", \"host\": \"client\", \"server\": \"client\"}]}",
         3, 50, "programs[1].server", "no server program runs on \"client\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"client\", \"host\": \"server\", \"server\": \"server\"}]}",
         2, 14, "programs", "expected a program of type \"server\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {\"port_range\": [5000, 4000]}}, \"programs\": []}", 1, 75,
         "hosts.server.port_range[1]", "from 5000 to 65535"},
        {"{\"format\": \"tcpviz-scenario/2\", \"link\": {\"A->B\": {}}, \"hosts\": {}, \"programs\": []}", 1, 42,
         "link.A->B", "unknown key \"A->B\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"server\", \"host\": \"server\"}],\n \"focus\": \"db\"}",
         3, 11, "focus", "no host \"db\" in \"hosts\""},
        // HTTPS (issue 18): a version TLS has not, a certificate without TLS, and a client that
        // speaks no TLS to a server that does.
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.1\"}]}",
         2, 59, "programs[0].tls", "expected \"1.2\" or \"1.3\", got \"1.1\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"certificate\": \"expired\"}]}",
         2, 52, "programs[0].certificate", "a certificate goes with \"tls\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.3\"},\n"
         "  {\"type\": \"client\", \"host\": \"client\", \"server\": \"server\"}]}",
         3, 3, "programs[1]", "its server speaks TLS: give the client the same \"tls\""},
        // HTTP/2 without TLS, and a client and server that speak two HTTPs.
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"http\": \"2\"}]}",
         2, 60, "programs[0].http", "HTTP/2 goes over TLS here"},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.3\"},\n"
         "  {\"type\": \"client\", \"host\": \"client\", \"server\": \"server\", \"tls\": \"1.3\", \"http\": \"2\"}]}",
         3, 82, "programs[1].http", "its server speaks HTTP/1.1 only"},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.3\", \"http\": \"2\"},\n"
         "  {\"type\": \"client\", \"host\": \"client\", \"server\": \"server\", \"tls\": \"1.3\", \"http\": \"2\", \"requests_per_connection\": 5000}]}",
         3, 114, "programs[1].requests_per_connection", "at most 1000"},
        // HTTP/3 is QUIC's, whose handshake is TLS 1.3's, over UDP: a TCP client finds no QUIC
        // server on a port, nor the reverse.
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.2\", \"http\": \"3\"}]}",
         2, 74, "programs[0].http", "HTTP/3 goes over QUIC, whose handshake is TLS 1.3's"},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.3\"},\n"
         "  {\"type\": \"client\", \"host\": \"client\", \"server\": \"server\", \"tls\": \"1.3\", \"http\": \"3\"}]}",
         3, 82, "programs[1].http", "its server speaks TCP"},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.3\", \"http\": \"3\"},\n"
         "  {\"type\": \"client\", \"host\": \"client\", \"server\": \"server\", \"tls\": \"1.3\"}]}",
         3, 3, "programs[1]", "its server speaks HTTP/3 over QUIC"},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.3\", \"http\": \"3\", \"stop_ms\": 5}]}",
         2, 79, "programs[0].stop_ms", "a QUIC server here runs for the whole lesson"},
        // 0-RTT data is TLS 1.3's.
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}, \"client\": {}},\n"
         " \"programs\": [{\"type\": \"server\", \"host\": \"server\", \"tls\": \"1.2\"},\n"
         "  {\"type\": \"client\", \"host\": \"client\", \"server\": \"server\", \"tls\": \"1.2\", \"early_data\": true}]}",
         3, 74, "programs[1].early_data", "resumption here is TLS 1.3's"},
        // A fault of a lesson of hosts names the host whose segments it matches.
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"server\", \"host\": \"server\"}],\n"
         " \"faults\": [{\"match\": {\"from\": \"B\"}, \"action\": \"drop\"}]}",
         3, 32, "faults[0].match.from", "no host \"B\" in \"hosts\""},
        {"{\"format\": \"tcpviz-scenario/2\", \"hosts\": {\"server\": {}},\n \"programs\": [{\"type\": \"server\", \"host\": \"server\"}],\n"
         " \"faults\": [{\"match\": {\"from\": \"server\", \"data\": 1}}]}",
         3, 50, "faults[0].match.data", "expected true or false"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        try {
            parseAnyScenario(c.text, "hosts.json");
            ADD_FAILURE() << "accepted";
        } catch (const ScenarioError& e) {
            EXPECT_EQ(e.file(), "hosts.json");
            EXPECT_EQ(e.line(), c.line) << e.what();
            EXPECT_EQ(e.column(), c.column) << e.what();
            EXPECT_EQ(e.jsonPath(), c.path) << e.what();
            EXPECT_NE(e.message().find(c.message), std::string::npos) << e.what();
        }
    }
    // A file of hosts where one of two endpoints is asked for says what it is.
    try {
        parseScenario(R"({"format": "tcpviz-scenario/2", "hosts": {"server": {}}, "programs": [{"type": "server", "host": "server"}]})",
                      "h.json");
        ADD_FAILURE() << "accepted as a scenario of two endpoints";
    } catch (const ScenarioError& e) {
        EXPECT_NE(std::string(e.what()).find("tcpviz-scenario/2"), std::string::npos) << e.what();
    }
}

// The trace of all connections (tcpviz-trace/2) and the trace of one of them tell the same
// story: the events of connection k in the first are, in order, the events of the second.
TEST(HostTrace, oneConnectionsTraceIsItsPartOfTheTraceOfAll) {
    HostScenario s = builtinHosts("accept-queue-overflow");
    s.run.clients[0].connections = 30;
    const HostOutcome all = simulateHosts(s, {HostRecording::Mode::All, 0});
    ASSERT_EQ(all.trace.connections.size(), all.connections.size());
    ASSERT_TRUE(all.trace.ofHosts());
    for (std::uint32_t k : {0u, 11u, 29u}) {
        SCOPED_TRACE(k);
        const HostOutcome one = simulateHosts(s, {HostRecording::Mode::One, k});
        EXPECT_FALSE(one.trace.ofHosts());
        std::vector<const Event*> mine;
        for (const Event& e : all.trace.events)
            if (e.conn == k) mine.push_back(&e);
        ASSERT_EQ(mine.size(), one.trace.events.size());
        ASSERT_FALSE(mine.empty());
        for (std::size_t i = 0; i < mine.size(); ++i) {
            const Event& a = *mine[i];
            const Event& b = one.trace.events[i];
            EXPECT_EQ(a.time, b.time);
            EXPECT_EQ(a.kind, b.kind);
            EXPECT_EQ(a.endpoint, b.endpoint);
            EXPECT_EQ(a.to, b.to);
            if (a.segment) {
                EXPECT_EQ(all.trace.segment(a.segment).segment.seq, one.trace.segment(b.segment).segment.seq);
                EXPECT_EQ(all.trace.segment(a.segment).segment.flags, one.trace.segment(b.segment).segment.flags);
            }
        }
        // Its two ends start and end where the summary says.
        const ConnectionSummary& sum = all.connections[k];
        const auto last = one.trace.statesAfter(one.trace.events.size());
        EXPECT_EQ(last[0], sum.a_last);
        EXPECT_EQ(last[1], sum.b_last);
        EXPECT_EQ(one.trace.endpoints[0].port, sum.a.port);
        EXPECT_EQ(one.trace.tcbAfter(Side::A, one.trace.events.size()).state, sum.a_last);
        EXPECT_EQ(one.trace.segments.size(), sum.segments);
    }
}

// tcpviz-trace/2 as JSON: the connections, every TCP event with its "conn", the host-level
// events with their "host".
TEST(HostTrace, traceTwoJsonNamesConnectionsAndHostEvents) {
    HostScenario s = builtinHosts("syn-flood");
    s.run.floods[0].syns = 1'000;
    s.run.horizon = 5'000'000;
    const HostOutcome o = simulateHosts(s, {HostRecording::Mode::All, 0});
    const auto j = nlohmann::json::parse(traceToJson(o.trace));
    EXPECT_EQ(j["format"], "tcpviz-trace/2");
    ASSERT_EQ(j["connections"].size(), o.connections.size());
    EXPECT_EQ(j["connections"][0]["spoofed"], true);
    EXPECT_TRUE(j["connections"][0]["a"]["host"].is_null());
    EXPECT_EQ(j["connections"][0]["b"]["host"], "server");
    std::size_t host_events = 0, tcp_events = 0;
    std::int64_t last_time = -1;
    for (const auto& e : j["events"]) {
        EXPECT_GE(e["time_us"].get<std::int64_t>(), last_time);
        last_time = e["time_us"];
        if (e["kind"] == "host") {
            ++host_events;
            EXPECT_EQ(e["host"], "server");
            EXPECT_EQ(e["what"], "syn_dropped");
            EXPECT_EQ(e["reason"], "SYN queue full");
        } else {
            ++tcp_events;
            ASSERT_TRUE(e.contains("conn"));
            EXPECT_LT(e["conn"].get<std::size_t>(), o.connections.size());
        }
    }
    EXPECT_EQ(host_events, o.host_events.size());
    // The flood's SYNs once its first 511 filled the queue, and the clients' from 1 s on.
    EXPECT_GT(host_events, 1'000u - 511u);
    EXPECT_EQ(tcp_events, o.trace.events.size());
    EXPECT_EQ(j["end"]["reason"], "horizon");
}

// The host chart's series and the sockets dock's rows agree with the simulator's own count, at
// any moment, and the listener's row shows its accept queue (ss -ltn: Recv-Q) filling.
TEST(HostSeries, chartSeriesAndSocketRowsAgreeWithTheSimulator) {
    const HostScenario s = builtinHosts("accept-queue-overflow");
    HostSimulator sim(s.run);
    sim.run();
    const HostOutcome o = simulateHosts(s);
    for (HostId host : {kClientHost, kServerHost}) {
        const SocketSeries series = socketSeries(o, host);
        ASSERT_FALSE(series.times.empty());
        EXPECT_TRUE(std::is_sorted(series.times.begin(), series.times.end()));
        for (TimeUs t : {TimeUs{0}, TimeUs{500'000}, TimeUs{2'000'000}, TimeUs{7'300'000}, TimeUs{30'000'000}}) {
            SCOPED_TRACE(t);
            const auto expected = sim.statesAt(host, t);
            const auto got = series.at(t);
            EXPECT_EQ(got, expected);
            std::uint32_t open = 0;
            for (std::uint32_t n : got) open += n;
            const auto rows = socketsAt(o, host, t);
            const std::size_t listeners = host == kServerHost ? 1 : 0;
            EXPECT_EQ(rows.size(), open + listeners);
            for (const SocketRow& r : rows) {
                if (r.listener) continue;
                EXPECT_GT(got[at(r.state)], 0u);
                EXPECT_LE(r.since, t);
            }
        }
    }
    std::uint32_t longest = 0;
    for (TimeUs t = 0; t < 20'000'000; t += 50'000) {
        const auto rows = socketsAt(o, kServerHost, t);
        ASSERT_TRUE(rows.front().listener);
        EXPECT_EQ(rows.front().send_q, 8u);
        longest = std::max(longest, rows.front().recv_q);
    }
    EXPECT_EQ(longest, 9u);   // backlog + 1, as Linux lets it (sk_acceptq_is_full)
}

// Recv-Q and Send-Q as `ss` shows them: a connection waiting in the accept queue holds its
// request unread, and a socket whose answer is in flight holds it unacknowledged; both are
// empty once read and acknowledged.
TEST(HostSeries, socketsShowTheirUnreadAndUnacknowledgedBytes) {
    const HostScenario s = builtinHosts("accept-queue-overflow");
    const HostOutcome o = simulateHosts(s);
    const std::uint32_t request = s.run.clients[0].request_bytes;
    const std::uint32_t answer = s.run.servers[0].response_bytes;
    bool unread = false, unacked_answer = false, unacked_request = false;
    for (TimeUs t = 0; t < 20'000'000; t += 10'000) {
        for (const SocketRow& r : socketsAt(o, kServerHost, t)) {
            if (r.listener) continue;
            EXPECT_TRUE(r.recv_q == 0 || r.recv_q == request) << r.recv_q;
            EXPECT_LE(r.send_q, answer);
            unread = unread || r.recv_q == request;
            unacked_answer = unacked_answer || r.send_q > 0;
            if (r.state == State::TimeWait || r.state == State::Closed) {
                EXPECT_EQ(r.send_q, 0u);
            }
        }
        for (const SocketRow& r : socketsAt(o, kClientHost, t)) {
            EXPECT_EQ(r.recv_q, 0u);   // the client reads every answer at once
            EXPECT_LE(r.send_q, request);
            unacked_request = unacked_request || r.send_q == request;
        }
    }
    EXPECT_TRUE(unread);           // the slow accept() leaves requests in the kernel
    EXPECT_TRUE(unacked_answer);
    EXPECT_TRUE(unacked_request);
    const auto rows = socketsAt(o, kServerHost, s.run.horizon);
    for (const SocketRow& r : rows)
        if (!r.listener) {
            EXPECT_EQ(r.recv_q + r.send_q, 0u);
        }
}

// Four hosts: three clients, the server closing first. TIME-WAIT falls on the server and piles
// up past its descriptors and port range with nothing refused; the clients keep none; the
// farther client's handshakes take its longer link's round trip.
TEST(HostLessons, timeWaitOnAServerOfThreeClients) {
    const HostScenario s = builtinHosts("time-wait-on-server");
    ASSERT_EQ(s.run.hosts.size(), 4u);
    const HostId server = *s.run.hostNamed("server");
    const HostId far = *s.run.hostNamed("client-3");
    EXPECT_EQ(s.run.hosts[0].info.name, "client-1");   // the file's order
    ASSERT_EQ(s.run.clients.size(), 3u);
    ASSERT_EQ(s.run.links.size(), 1u);
    const HostOutcome o = simulateHosts(s);
    EXPECT_TRUE(o.host_events.empty());   // no connect(), SYN or accept() refused
    double opened = 0;
    for (const ClientProgram& c : s.run.clients) opened += c.connections;
    const double within = std::min(opened, 60.0 * 450);   // at most one TIME-WAIT's worth (60 s) at 450 a second
    const SocketSeries on_server = socketSeries(o, server);
    EXPECT_NEAR(static_cast<double>(on_server.peak), within, 0.02 * within);
    EXPECT_GT(on_server.peak, s.run.host(server).profile.fd_limit);
    EXPECT_GT(on_server.peak, s.run.host(server).profile.ephemeralPorts() / 2);
    for (const ClientProgram& c : s.run.clients) {
        EXPECT_FALSE(socketSeries(o, c.host).everIn(State::TimeWait)) << s.run.host(c.host).info.name;
        EXPECT_TRUE(socketSeries(o, c.host).everIn(State::LastAck));
    }
    // The first handshake of each client: SYN-SENT to ESTABLISHED takes one round trip of its link.
    std::map<HostId, TimeUs> syn_sent, established;
    for (const SocketChange& ch : o.changes) {
        if (ch.to == State::SynSent && !syn_sent.count(ch.host)) syn_sent[ch.host] = ch.time;
        if (ch.to == State::Established && ch.host != server && !established.count(ch.host)) established[ch.host] = ch.time;
    }
    EXPECT_EQ(established.at(far) - syn_sent.at(far), 80'000);                    // 40 ms each way
    EXPECT_EQ(established.at(s.run.clients[0].host) - syn_sent.at(s.run.clients[0].host), 20'000);   // 10 ms
    // Every connection's ends are on the hosts its program names.
    for (const ConnectionSummary& c : o.connections) {
        EXPECT_EQ(c.b_host, server);
        EXPECT_NE(c.a_host, server);
        EXPECT_EQ(c.a.address, s.run.host(c.a_host).info.address);
    }
}

// A server program that exits closes its connections first, so their TIME-WAITs hold its port:
// without SO_REUSEADDR listen() fails each second until the last of them ends; with it, the
// program listens again at once. Meanwhile a SYN meets a closed port and gets an RST.
TEST(HostLessons, aRestartedServerListensOnceItsTimeWaitsEndUnlessItReusesTheAddress) {
    struct Run {
        HostOutcome o;
        TimeUs stop = -1, listening = -1, last_time_wait = -1;
        std::vector<TimeUs> failed, refused;
    };
    const auto run = [](const std::string& id) {
        const HostScenario s = builtinHosts(id);
        Run r{simulateHosts(s)};
        const HostId server = *s.run.hostNamed("server");
        for (const HostEvent& e : r.o.host_events) {
            if (e.host != server) continue;
            if (e.what == HostEvent::What::Stop) r.stop = e.time;
            if (e.what == HostEvent::What::Listen && e.error == SocketError::AddressInUse) r.failed.push_back(e.time);
            if (e.what == HostEvent::What::Listen && e.error == SocketError::None) r.listening = e.time;
            if (e.what == HostEvent::What::Syn && e.syn == SynVerdict::Refused) r.refused.push_back(e.time);
        }
        for (const SocketChange& ch : r.o.changes)
            if (ch.host == server && ch.from == State::TimeWait && ch.to == State::Closed) r.last_time_wait = std::max(r.last_time_wait, ch.time);
        return r;
    };
    const Run in_use = run("server-restart-eaddrinuse");
    const HostScenario s = builtinHosts("server-restart-eaddrinuse");
    const ServerProgram& p = s.run.servers[0];
    ASSERT_TRUE(p.stop_at && p.restart_at);
    EXPECT_EQ(in_use.stop, *p.stop_at);
    // The server closed first: its sockets wait in TIME-WAIT, one for each connection it held.
    const HostId server = *s.run.hostNamed("server");
    const SocketSeries series = socketSeries(in_use.o, server);
    const auto held = series.at(*p.stop_at - 1)[at(State::Established)];
    EXPECT_GT(held, 50u);
    EXPECT_EQ(series.at(*p.stop_at + 1'000'000)[at(State::TimeWait)], held);
    // listen() fails every second from the restart until the last TIME-WAIT is gone, 60 s after
    // the stop, and succeeds at the next try.
    ASSERT_FALSE(in_use.failed.empty());
    EXPECT_EQ(in_use.failed.front(), *p.restart_at);
    EXPECT_LT(in_use.failed.back(), in_use.last_time_wait);
    EXPECT_GE(in_use.listening, in_use.last_time_wait);
    EXPECT_LE(in_use.listening, in_use.last_time_wait + 1'000'000);
    EXPECT_NEAR(static_cast<double>(in_use.last_time_wait - in_use.stop), 60e6, 0.2e6);   // TCP_TIMEWAIT_LEN
    EXPECT_EQ(in_use.failed.size(), static_cast<std::size_t>((in_use.listening - *p.restart_at) / 1'000'000));
    // Clients are refused exactly while nothing listens.
    ASSERT_FALSE(in_use.refused.empty());
    EXPECT_GE(in_use.refused.front(), in_use.stop);
    EXPECT_LT(in_use.refused.back(), in_use.listening);
    EXPECT_GT(series.at(in_use.listening + 5'000'000)[at(State::Established)], 0u);   // and come back

    const Run reuse = run("server-restart-reuseaddr");
    EXPECT_TRUE(reuse.failed.empty());
    EXPECT_EQ(reuse.listening, *p.restart_at);
    ASSERT_FALSE(reuse.refused.empty());
    EXPECT_LT(reuse.refused.back(), *p.restart_at);
    // The old TIME-WAITs are still there when the new connections come in beside them.
    const SocketSeries again = socketSeries(reuse.o, server);
    EXPECT_EQ(again.at(*p.restart_at + 5'000'000)[at(State::TimeWait)], held);
    EXPECT_GT(again.at(*p.restart_at + 5'000'000)[at(State::Established)], 0u);

    // A restart needs a stop before it.
    try {
        parseAnyScenario(R"({"format": "tcpviz-scenario/2", "hosts": {"s": {}},
 "programs": [{"type": "server", "host": "s", "restart_ms": 5}]})", "restart.json");
        ADD_FAILURE() << "accepted";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(e.jsonPath(), "programs[0].restart_ms");
        EXPECT_NE(e.message().find("needs \"stop_ms\""), std::string::npos) << e.what();
    }
}

// What a host's kernel does to a socket on its own account is in the trace too, so that a
// connection's diagram ends where the sockets dock does: an orphaned FIN-WAIT-2 goes after
// tcp_fin_timeout, and tw_reuse ends a TIME-WAIT early (its 2MSL timer stopped).
TEST(HostTrace, theKernelsOwnEndsOfASocketAreInTheTrace) {
    const HostOutcome leak = simulateHosts(builtinHosts("close-wait-leak-server"), {HostRecording::Mode::FirstClient, 0});
    const auto last = [](const Trace& t, Side side) {
        const Event* out = nullptr;
        for (const Event& e : t.events)
            if (e.kind == EventKind::State && e.endpoint == side) out = &e;
        return out;
    };
    const Event* client = last(leak.trace, Side::A);
    ASSERT_NE(client, nullptr);
    EXPECT_EQ(client->from, State::FinWait2);
    EXPECT_EQ(client->to, State::Closed);
    EXPECT_EQ(client->cause, Cause::FinTimeout);
    EXPECT_EQ(last(leak.trace, Side::B)->to, State::CloseWait);   // the leak: nothing closes it

    HostRun run;
    run.hosts[0].profile.port_low = 40000;
    run.hosts[0].profile.port_high = 40009;   // ten ports, all in TIME-WAIT after a second
    run.hosts[0].profile.tw_reuse = true;
    run.clients[0].connections = 30;
    run.clients[0].per_second = 10;
    HostSimulator sim(run, {HostRecording::Mode::All, 0});
    sim.run();
    ASSERT_GT(sim.timeWaitReused(), 0u);
    const Trace t = sim.takeTrace();
    std::uint64_t reused = 0;
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const Event& e = t.events[i];
        if (e.kind != EventKind::State || e.cause != Cause::TimeWaitReused) continue;
        ++reused;
        EXPECT_EQ(e.from, State::TimeWait);
        EXPECT_EQ(e.to, State::Closed);
        ASSERT_GT(i, 0u);
        EXPECT_EQ(t.events[i - 1].kind, EventKind::Timer);
        EXPECT_EQ(t.events[i - 1].timer_op, TimerOp::Stop);
        EXPECT_EQ(t.events[i - 1].conn, e.conn);
    }
    EXPECT_EQ(reused, sim.timeWaitReused());
}

// A trace of many connections between several hosts names each host once, and each connection's
// ends by their hosts.
TEST(HostTrace, aTraceOfSeveralHostsNamesThemAll) {
    HostScenario s = builtinHosts("time-wait-on-server");
    for (ClientProgram& c : s.run.clients) c.connections = 2;
    const HostOutcome o = simulateHosts(s, {HostRecording::Mode::All, 0});
    const auto j = nlohmann::json::parse(traceToJson(o.trace));
    EXPECT_EQ(j["format"], "tcpviz-trace/2");
    ASSERT_EQ(j["hosts"].size(), 4u);
    EXPECT_EQ(j["hosts"][2]["name"], "client-3");
    EXPECT_EQ(j["hosts"][2]["address"], "203.0.113.9");
    ASSERT_EQ(j["connections"].size(), 6u);
    std::set<std::string> clients;
    for (const auto& c : j["connections"]) {
        clients.insert(c["a"]["host"].get<std::string>());
        EXPECT_EQ(c["b"]["host"], "server");
        EXPECT_EQ(c["b"]["port"], 80);
    }
    EXPECT_EQ(clients, (std::set<std::string>{"client-1", "client-2", "client-3"}));
}

// A star: three clients upload to one server through a switch, and the server's own down link,
// a 1 Mbit/s bottleneck, carries all three requests, where each pair of hosts with a link of its
// own carries one; so the star takes about three times as long.
TEST(HostScenarioFile, aStarSharesTheServersLinkAmongItsClients) {
    const auto run = [](const std::string& network) {
        const std::string text = R"({"format": "tcpviz-scenario/2", "horizon_ms": 60000, "tcp": {"window": 1000000},
 "hosts": {"a": {}, "b": {}, "c": {}, "server": {}}, )" + network + R"(,
 "programs": [{"type": "server", "host": "server", "response_bytes": 100},
   {"type": "client", "host": "a", "server": "server", "request_bytes": 100000},
   {"type": "client", "host": "b", "server": "server", "request_bytes": 100000},
   {"type": "client", "host": "c", "server": "server", "request_bytes": 100000}]})";
        const HostScenario s = std::get<HostScenario>(parseAnyScenario(text, "star.json"));
        const HostOutcome o = simulateHosts(s);
        // When the last client had its answer and closed.
        TimeUs done = 0;
        for (const SocketChange& ch : o.changes)
            if (ch.host != *s.run.hostNamed("server") && ch.to == State::FinWait1) done = std::max(done, ch.time);
        EXPECT_EQ(o.connections.size(), 3u);
        return std::make_pair(s, done);
    };
    const auto [pairs, alone] = run(R"("link": {"delay_ms": 10, "bandwidth_bps": 1000000, "queue_packets": 1000})");
    const auto [star, shared] = run(R"("link": {"delay_ms": 5},
 "star": {"server": {"down": {"bandwidth_bps": 1000000, "queue_packets": 1000}}})");
    EXPECT_FALSE(pairs.run.star);
    ASSERT_TRUE(star.run.star);
    ASSERT_EQ(star.run.star_links.size(), 1u);
    EXPECT_EQ(star.run.star_links[0].dir[1].bandwidth_bps, 1'000'000u);
    EXPECT_EQ(star.run.star_links[0].dir[0].bandwidth_bps, 0u);   // its up link is as fast as can be
    // 100 kB at 1 Mbit/s is 0.8 s; three of them one after another on one link, 2.4 s.
    EXPECT_GT(alone, 800'000);
    EXPECT_LT(alone, 1'600'000);
    EXPECT_GT(shared, 2'400'000);
    EXPECT_GT(static_cast<double>(shared), 2.2 * static_cast<double>(alone));

    try {
        parseAnyScenario(R"({"format": "tcpviz-scenario/2", "hosts": {"s": {}, "c": {}},
 "links": [{"between": ["s", "c"]}], "star": {"s": {}},
 "programs": [{"type": "server", "host": "s"}]})", "star.json");
        ADD_FAILURE() << "accepted";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(e.jsonPath(), "star");
        EXPECT_NE(e.message().find("not both"), std::string::npos) << e.what();
    }
}

// The third fix time-wait-pileup names: more source addresses. A client of two addresses takes
// them in turn, each with its own 28,232 ports toward the server, so its 35,000 connections all
// get a port and TIME-WAIT climbs past one address's range.
TEST(HostLessons, moreSourceAddressesGiveTheClientMorePorts) {
    HostScenario s = builtinHosts("time-wait-pileup");
    const HostOutcome one = simulateHosts(s);
    EXPECT_FALSE(eventsOf(one, HostEvent::What::Connect).empty());   // the lesson: ports run out
    const std::string text = R"({"format": "tcpviz-scenario/2", "horizon_ms": 75000,
 "hosts": {"client": {"addresses": ["192.0.2.1", "192.0.2.2"]}, "server": {"address": "198.51.100.7"}},
 "programs": [{"type": "server", "host": "server"},
   {"type": "client", "host": "client", "server": "server", "connections": 35000, "per_second": 500}]})";
    const HostScenario two = std::get<HostScenario>(parseAnyScenario(text, "two-addresses.json"));
    ASSERT_EQ(two.run.hosts[0].more.size(), 1u);
    const HostOutcome o = simulateHosts(two);
    EXPECT_TRUE(eventsOf(o, HostEvent::What::Connect).empty());
    EXPECT_GT(socketSeries(o, kClientHost).peak, s.run.hosts[0].profile.ephemeralPorts());
    std::map<std::uint32_t, int> by_address;
    for (const ConnectionSummary& c : o.connections) ++by_address[c.a.address];
    ASSERT_EQ(by_address.size(), 2u);
    EXPECT_EQ(by_address[0xC0000201], 17'500);
    EXPECT_EQ(by_address[0xC0000202], 17'500);
    // An address is one host's.
    try {
        parseAnyScenario(R"({"format": "tcpviz-scenario/2", "hosts": {"a": {"addresses": ["10.0.0.1", "10.0.0.2"]},
 "b": {"address": "10.0.0.2"}}, "programs": [{"type": "server", "host": "b"}]})", "two-addresses.json");
        ADD_FAILURE() << "accepted";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(e.jsonPath(), "hosts.b");
        EXPECT_NE(e.message().find("has an address of \"a\""), std::string::npos) << e.what();
    }
}

// A script program: a lesson's timed calls on a host. Its connection sends and closes only when
// told, the server answering each whole request; an abort resets its connection.
TEST(HostScenarioFile, aScriptProgramMakesItsCallsAtTheirTimes) {
    const std::string text = R"({"format": "tcpviz-scenario/2", "horizon_ms": 200000,
 "hosts": {"client": {}, "server": {}, "other": {}},
 "programs": [{"type": "server", "host": "server", "response_bytes": 50},
              {"type": "script", "host": "client", "server": "server", "request_bytes": 100,
               "calls": [{"at_ms": 1000, "call": "close"}, {"at_ms": 0, "call": "connect"},
                         {"at_ms": 100, "call": "send", "bytes": 300}, {"at_ms": 200, "call": "send", "bytes": 200}]},
              {"type": "script", "host": "other", "server": "server",
               "calls": [{"at_ms": 50, "call": "connect"}, {"at_ms": 300, "call": "abort"}]}]})";
    const HostScenario s = std::get<HostScenario>(parseAnyScenario(text, "script.json"));
    ASSERT_EQ(s.run.clients.size(), 2u);
    ASSERT_EQ(s.run.clients[0].calls.size(), 4u);
    EXPECT_EQ(s.run.clients[0].calls[0].call, CallKind::Connect);   // sorted by time
    EXPECT_EQ(s.run.clients[0].calls[3].call, CallKind::Close);

    const HostOutcome o = simulateHosts(s, {HostRecording::Mode::One, 0});
    ASSERT_EQ(o.connections.size(), 2u);
    std::vector<std::pair<TimeUs, CallKind>> calls;
    std::uint64_t to_client = 0;
    for (const Event& e : o.trace.events) {
        if (e.kind == EventKind::Call && e.endpoint == Side::A) calls.emplace_back(e.time, e.call);
        if (e.kind == EventKind::Deliver && e.endpoint == Side::A) to_client += e.bytes;
    }
    const std::vector<std::pair<TimeUs, CallKind>> expected{
        {0, CallKind::Connect}, {100'000, CallKind::Send}, {200'000, CallKind::Send}, {1'000'000, CallKind::Close}};
    EXPECT_EQ(calls, expected);
    EXPECT_EQ(to_client, 5u * 50);   // 500 bytes are five requests of 100, each answered
    EXPECT_TRUE(socketSeries(o, *s.run.hostNamed("client")).everIn(State::TimeWait));   // it closed first, at 1 s
    EXPECT_FALSE(socketSeries(o, *s.run.hostNamed("server")).everIn(State::TimeWait));
    EXPECT_EQ(o.connections[0].b_last, State::Closed);
    // The other script aborts: an RST, no TIME-WAIT on either side.
    EXPECT_EQ(o.connections[1].a_last, State::Closed);
    EXPECT_EQ(o.connections[1].b_last, State::Closed);
    EXPECT_FALSE(socketSeries(o, *s.run.hostNamed("other")).everIn(State::TimeWait));

    const auto broken = [](const std::string& calls) {
        try {
            parseAnyScenario(R"({"format": "tcpviz-scenario/2", "hosts": {"c": {}, "s": {}},
 "programs": [{"type": "server", "host": "s"}, {"type": "script", "host": "c", "server": "s", "calls": )" + calls + "}]}",
                             "script.json");
        } catch (const ScenarioError& e) {
            return e.jsonPath() + ": " + e.message();
        }
        return std::string("accepted");
    };
    EXPECT_NE(broken(R"([{"at_ms": 5, "call": "send", "bytes": 1}, {"at_ms": 9, "call": "connect"}])").find(
                  "programs[1].calls[0]: the first call, by time, is the connect"),
              std::string::npos);
    EXPECT_NE(broken(R"([{"call": "connect"}, {"call": "receive", "bytes": 1}])").find("programs[1].calls[1].call"),
              std::string::npos);
    EXPECT_NE(broken(R"([{"call": "connect"}, {"call": "send"}])").find("missing required key \"bytes\""), std::string::npos);
    EXPECT_NE(broken(R"([{"call": "connect"}, {"at_ms": 3, "call": "connect"}])").find("a second connect"), std::string::npos);
}

// Two servers on one host, a client for each, and a link of its own between a pair: each client
// reaches the port it names, over its own link.
TEST(HostScenarioFile, clientsReachThePortTheyNameOverTheirOwnLink) {
    const std::string text = R"({"format": "tcpviz-scenario/2", "horizon_ms": 5000,
 "hosts": {"web": {"address": "198.51.100.7"}, "a": {"address": "192.0.2.1"}, "b": {"address": "192.0.2.2"}},
 "links": [{"between": ["b", "web"], "delay_ms": 25, "web->b": {"delay_ms": 5}}],
 "programs": [{"type": "server", "host": "web", "port": 80, "response_bytes": 500},
              {"type": "server", "host": "web", "port": 443, "response_bytes": 700},
              {"type": "client", "host": "a", "server": "web", "port": 80, "connections": 3, "per_second": 10},
              {"type": "client", "host": "b", "server": "web", "port": 443, "connections": 2, "per_second": 10}]})";
    const auto any = parseAnyScenario(text, "two-servers.json");
    const HostRun& run = std::get<HostScenario>(any).run;
    ASSERT_EQ(run.hosts.size(), 3u);
    EXPECT_EQ(run.hosts[0].info.name, "web");
    ASSERT_EQ(run.links.size(), 1u);
    EXPECT_EQ(run.links[0].dir[0].delay_ms, 25);   // b -> web
    EXPECT_EQ(run.links[0].dir[1].delay_ms, 5);    // web -> b
    const HostOutcome o = simulateHosts(std::get<HostScenario>(any));
    ASSERT_EQ(o.connections.size(), 5u);
    std::map<std::uint16_t, int> by_port;
    for (const ConnectionSummary& c : o.connections) {
        ++by_port[c.b.port];
        EXPECT_EQ(c.b.port, c.a_host == 1 ? 80 : 443);
        EXPECT_EQ(c.a_last, State::TimeWait);   // each client closed first
    }
    EXPECT_EQ(by_port[80], 3);
    EXPECT_EQ(by_port[443], 2);
    // b's handshake: 25 ms there, 5 ms back.
    TimeUs sent = -1, done = -1;
    for (const SocketChange& ch : o.changes) {
        if (ch.host != 2) continue;
        if (ch.to == State::SynSent && sent < 0) sent = ch.time;
        if (ch.to == State::Established && done < 0) done = ch.time;
    }
    EXPECT_EQ(done - sent, 30'000);
    // Each server program has its listener in the sockets of its host, with its own backlog.
    const auto rows = socketsAt(o, 0, 0);
    ASSERT_GE(rows.size(), 2u);
    EXPECT_TRUE(rows[0].listener && rows[1].listener);
    EXPECT_EQ(rows[0].local.port, 80);
    EXPECT_EQ(rows[1].local.port, 443);
}

}  // namespace
}  // namespace tcpviz::core
