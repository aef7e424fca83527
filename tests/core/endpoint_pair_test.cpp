// Two Endpoints back to back: whole connections (RFC 9293 Figures 6, 7, 12, 13), bulk transfer,
// half-close, abort, and a property test under loss, duplication and reordering.
//
// Network is a tiny deterministic loop in place of core::Simulator, so that these tests
// depend on the engine alone: segments sent by one endpoint are delivered to the other after a
// delay (or lost, or duplicated, or delayed more so that they overtake each other), timers run in
// deadline order, and "applications" react to state changes. Every random choice comes from one
// std::mt19937_64.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <random>
#include <sstream>
#include <tuple>

#include "core/tcp/state_graph.h"
#include "tests/core/endpoint_fixture.h"

namespace tcpviz::core::tests {
namespace {

// What one direction of the link does to a segment.
struct LinkFaults {
    double loss = 0.0;        // probability a copy is dropped
    double duplicate = 0.0;   // probability a segment is sent twice
    TimeUs delay = 10 * kMs;  // one-way delay
    TimeUs jitter = 0;        // extra delay, uniform in [0, jitter]: reorders segments
};

class Network {
public:
    static constexpr int kA = 0;
    static constexpr int kB = 1;

    struct Side {
        std::vector<StateChange> changes;
        std::vector<std::uint8_t> delivered;
        std::vector<Notice> notices;
        std::vector<Segment> sent;             // everything this side put on the wire
        std::vector<State> state_at_delivery;  // the state whenever bytes were delivered
        std::size_t retransmissions = 0;
    };

    Network(const TcpConfig& a_tcp, const TcpConfig& b_tcp, std::uint64_t seed = 1) : m_rng(seed) {
        EndpointConfig a;
        a.address = kAddrA;
        a.port = kPortA;
        a.peer_address = kAddrB;
        a.peer_port = kPortB;
        a.tcp = a_tcp;
        a.isn = {100};
        EndpointConfig b;
        b.address = kAddrB;
        b.port = kPortB;
        b.peer_address = kAddrA;
        b.peer_port = kPortA;
        b.tcp = b_tcp;
        b.isn = {300};
        m_ep.emplace_back(a);
        m_ep.emplace_back(b);
    }

    Endpoint& ep(int who) { return m_ep[static_cast<std::size_t>(who)]; }
    Side& side(int who) { return m_side[static_cast<std::size_t>(who)]; }
    [[nodiscard]] TimeUs now() const { return m_now; }

    // Runs a user call now.
    void call(int who, const std::function<void(Endpoint&, TimeUs, Actions&)>& f) {
        Actions out;
        f(ep(who), m_now, out);
        apply(who, out);
    }
    // Runs a user call at a later time.
    void callAt(TimeUs at, int who, std::function<void(Endpoint&, TimeUs, Actions&)> f) {
        m_calls.push_back({at, m_order++, who, std::move(f)});
    }

    LinkFaults faults[2];  // by sender
    std::size_t dropped = 0;
    std::size_t duplicated = 0;
    // Called after every input to an endpoint (the "application" reacting).
    std::function<void(int who)> onInput;

    // Runs events in time order until nothing is left or `limit` is reached. Returns false when
    // it stopped at the limit or ran too many events (something loops).
    bool run(TimeUs limit = 3600 * kSecond, std::size_t max_events = 2'000'000) {
        for (std::size_t n = 0; n < max_events; ++n) {
            std::optional<TimeUs> next;
            const auto consider = [&](std::optional<TimeUs> t) {
                if (t && (!next || *t < *next)) next = t;
            };
            if (!m_calls.empty()) consider(earliest(m_calls)->at);
            if (!m_flights.empty()) consider(earliest(m_flights)->at);
            consider(ep(kA).pollAt());
            consider(ep(kB).pollAt());
            if (!next) return true;
            if (*next > limit) return false;
            m_now = std::max(m_now, *next);
            // Same-time events: user calls, then arrivals, then timers.
            if (!m_calls.empty() && earliest(m_calls)->at <= m_now) {
                auto it = earliest(m_calls);
                Call c = std::move(*it);
                m_calls.erase(it);
                call(c.who, c.f);
                if (onInput) onInput(c.who);
            } else if (!m_flights.empty() && earliest(m_flights)->at <= m_now) {
                auto it = earliest(m_flights);
                Flight f = std::move(*it);
                m_flights.erase(it);
                Actions out;
                ep(f.to).onSegment(f.segment, m_now, out);
                apply(f.to, out);
                if (onInput) onInput(f.to);
            } else {
                const int who = ep(kA).pollAt() && *ep(kA).pollAt() <= m_now ? kA : kB;
                Actions out;
                ep(who).onTimers(m_now, out);
                apply(who, out);
                if (onInput) onInput(who);
            }
        }
        return false;
    }

private:
    struct Flight {
        TimeUs at;
        std::uint64_t order;
        int to;
        Segment segment;
    };
    struct Call {
        TimeUs at;
        std::uint64_t order;
        int who;
        std::function<void(Endpoint&, TimeUs, Actions&)> f;
    };

    template <typename T>
    static typename std::vector<T>::iterator earliest(std::vector<T>& v) {
        return std::min_element(v.begin(), v.end(), [](const T& x, const T& y) {
            return std::tie(x.at, x.order) < std::tie(y.at, y.order);
        });
    }

    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); }

    void apply(int who, const Actions& out) {
        Side& s = side(who);
        for (const auto& a : out.list) {
            if (const auto* c = std::get_if<StateChange>(&a)) {
                s.changes.push_back(*c);
            } else if (const auto* d = std::get_if<DeliverAction>(&a)) {
                d->data.appendTo(s.delivered);
                s.state_at_delivery.push_back(ep(who).state());
            } else if (const auto* n = std::get_if<NoticeAction>(&a)) {
                s.notices.push_back(n->notice);
            } else if (const auto* send = std::get_if<SendAction>(&a)) {
                s.sent.push_back(send->segment);
                if (send->reason == SendReason::Retransmission) ++s.retransmissions;
                transmit(who, send->segment);
            }
        }
    }

    void transmit(int from, const Segment& seg) {
        const LinkFaults& f = faults[from];
        const int copies = f.duplicate > 0 && uniform() < f.duplicate ? 2 : 1;
        if (copies == 2) ++duplicated;
        for (int i = 0; i < copies; ++i) {
            if (f.loss > 0 && uniform() < f.loss) {
                ++dropped;
                continue;
            }
            const TimeUs extra =
                f.jitter > 0 ? static_cast<TimeUs>(uniform() * static_cast<double>(f.jitter)) : 0;
            m_flights.push_back({m_now + f.delay + extra, m_order++, 1 - from, seg});
        }
    }

    std::vector<Endpoint> m_ep;
    Side m_side[2];
    std::vector<Flight> m_flights;
    std::vector<Call> m_calls;
    std::mt19937_64 m_rng;
    TimeUs m_now = 0;
    std::uint64_t m_order = 0;
};

constexpr int kA = Network::kA;
constexpr int kB = Network::kB;

// User calls, for Network::call and Network::callAt.
void doListen(Endpoint& e, TimeUs t, Actions& o) {
    e.listen(t, o);
}
void doConnect(Endpoint& e, TimeUs t, Actions& o) {
    e.connect(t, o);
}
void doClose(Endpoint& e, TimeUs t, Actions& o) {
    e.close(t, o);
}
void doAbort(Endpoint& e, TimeUs t, Actions& o) {
    e.abort(t, o);
}
auto doSend(std::vector<std::uint8_t> data) {
    return [data = std::move(data)](Endpoint& e, TimeUs t, Actions& o) { e.send(data, t, o); };
}

// Every state change must be an edge of Figure 5 or one its notes and §3.10 describe.
::testing::AssertionResult allTransitionsAreRfcEdges(const std::vector<StateChange>& changes) {
    const StateGraph& graph = StateGraph::rfc9293();
    for (const auto& c : changes)
        if (!graph.findEdge(c))
            return ::testing::AssertionFailure() << "not an RFC 9293 transition: " << describe(c);
    return ::testing::AssertionSuccess();
}

std::string describeAll(const std::vector<StateChange>& changes) {
    std::ostringstream o;
    for (const auto& c : changes) o << "\n    " << describe(c);
    return o.str();
}

// RFC 9293 Figure 6, the basic three-way handshake:
//   1. A SYN-SENT    --> <SEQ=100><CTL=SYN>               --> SYN-RECEIVED B
//   2. A ESTABLISHED <-- <SEQ=300><ACK=101><CTL=SYN,ACK>  <-- SYN-RECEIVED B
//   3. A ESTABLISHED --> <SEQ=101><ACK=301><CTL=ACK>       --> ESTABLISHED B
TEST(EndpointPair, ThreeWayHandshake) {
    Network net(TcpConfig{}, TcpConfig{});
    net.call(kB, doListen);
    net.call(kA, doConnect);
    ASSERT_TRUE(net.run());
    EXPECT_EQ(net.ep(kA).state(), State::Established);
    EXPECT_EQ(net.ep(kB).state(), State::Established);
    const auto& a = net.side(kA).sent;
    const auto& b = net.side(kB).sent;
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_TRUE(matches(a[0], {.seq = 100, .flags = kSyn})) << describe(a[0]);
    EXPECT_TRUE(matches(b[0], {.seq = 300, .ack = 101, .flags = kSyn | kAck})) << describe(b[0]);
    EXPECT_TRUE(matches(a[1], {.seq = 101, .ack = 301, .flags = kAck})) << describe(a[1]);
    EXPECT_EQ(net.side(kA).changes,
              (std::vector<StateChange>{{State::Closed, State::SynSent, Cause::ActiveOpen},
                                        {State::SynSent, State::Established, Cause::RcvSynAck}}));
    EXPECT_EQ(
        net.side(kB).changes,
        (std::vector<StateChange>{{State::Closed, State::Listen, Cause::PassiveOpen},
                                  {State::Listen, State::SynReceived, Cause::RcvSyn},
                                  {State::SynReceived, State::Established, Cause::RcvAckOfSyn}}));
    EXPECT_FALSE(net.ep(kA).pollAt().has_value());
    EXPECT_FALSE(net.ep(kB).pollAt().has_value());
}

// RFC 9293 Figure 7, simultaneous connection synchronization: both sides go SYN-SENT ->
// SYN-RECEIVED -> ESTABLISHED, and the connection carries data.
TEST(EndpointPair, SimultaneousOpen) {
    Network net(TcpConfig{}, TcpConfig{});
    net.call(kA, doConnect);
    net.call(kB, doConnect);
    ASSERT_TRUE(net.run());
    for (int who : {kA, kB}) {
        SCOPED_TRACE(who == kA ? "A" : "B");
        EXPECT_EQ(net.ep(who).state(), State::Established);
        ASSERT_GE(net.side(who).changes.size(), 3u);
        EXPECT_EQ(net.side(who).changes[0],
                  (StateChange{State::Closed, State::SynSent, Cause::ActiveOpen}));
        EXPECT_EQ(net.side(who).changes[1],
                  (StateChange{State::SynSent, State::SynReceived, Cause::RcvSyn}));
        EXPECT_EQ(net.side(who).changes[2].to, State::Established);
        EXPECT_TRUE(allTransitionsAreRfcEdges(net.side(who).changes))
            << describeAll(net.side(who).changes);
        for (const auto& s : net.side(who).sent) EXPECT_FALSE(s.has(kRst)) << describe(s);
    }
    net.call(kA, doSend(pattern(3000)));
    net.call(kB, doSend(pattern(2000, 7)));
    ASSERT_TRUE(net.run());
    EXPECT_EQ(net.side(kB).delivered, pattern(3000));
    EXPECT_EQ(net.side(kA).delivered, pattern(2000, 7));
}

// A megabyte each way at the same time: every byte arrives, once, in order.
TEST(EndpointPair, OneMegabyteEachWay) {
    Network net(TcpConfig{}, TcpConfig{});
    const auto a_data = pattern(1 << 20, 0);
    const auto b_data = pattern(1 << 20, 12345);
    net.call(kB, doListen);
    net.call(kA, doConnect);
    ASSERT_TRUE(net.run());
    net.call(kA, doSend(a_data));
    net.call(kB, doSend(b_data));
    ASSERT_TRUE(net.run());
    EXPECT_TRUE(net.side(kB).delivered == a_data)
        << net.side(kB).delivered.size() << " bytes delivered to B";
    EXPECT_TRUE(net.side(kA).delivered == b_data)
        << net.side(kA).delivered.size() << " bytes delivered to A";
    net.call(kA, doClose);
    net.call(kB, doClose);
    ASSERT_TRUE(net.run());
    EXPECT_EQ(net.ep(kA).state(), State::Closed);
    EXPECT_EQ(net.ep(kB).state(), State::Closed);
    EXPECT_TRUE(allTransitionsAreRfcEdges(net.side(kA).changes));
    EXPECT_TRUE(allTransitionsAreRfcEdges(net.side(kB).changes));
}

// RFC 9293 Figure 12 (normal close) with a half-closed connection: A closes, B in CLOSE-WAIT keeps
// sending, A in FIN-WAIT-2 keeps receiving, then B closes.
TEST(EndpointPair, HalfCloseWithDataFlowingTheOtherWay) {
    TcpConfig tcp;
    tcp.msl = 2 * kSecond;
    Network net(tcp, tcp);
    const auto b_data = pattern(50'000, 99);
    net.call(kB, doListen);
    net.call(kA, doConnect);
    ASSERT_TRUE(net.run());
    net.call(kA, doSend(pattern(1000)));
    net.call(kA, doClose);
    bool b_started = false;
    net.onInput = [&](int who) {
        if (who != kB || b_started || net.ep(kB).state() != State::CloseWait) return;
        b_started = true;
        net.call(kB, doSend(b_data));
        net.callAt(net.now() + 5 * kSecond, kB, doClose);
    };
    ASSERT_TRUE(net.run());
    EXPECT_TRUE(b_started);
    EXPECT_EQ(net.side(kB).delivered, pattern(1000));
    EXPECT_TRUE(net.side(kA).delivered == b_data)
        << net.side(kA).delivered.size() << " bytes delivered to A";
    // A received B's text while half-closed.
    for (State s : net.side(kA).state_at_delivery)
        EXPECT_TRUE(s == State::FinWait1 || s == State::FinWait2) << stateName(s);
    EXPECT_EQ(net.side(kA).changes,
              (std::vector<StateChange>{{State::Closed, State::SynSent, Cause::ActiveOpen},
                                        {State::SynSent, State::Established, Cause::RcvSynAck},
                                        {State::Established, State::FinWait1, Cause::Close},
                                        {State::FinWait1, State::FinWait2, Cause::RcvAckOfFin},
                                        {State::FinWait2, State::TimeWait, Cause::RcvFin},
                                        {State::TimeWait, State::Closed, Cause::Timeout2Msl}}))
        << describeAll(net.side(kA).changes);
    EXPECT_EQ(
        net.side(kB).changes,
        (std::vector<StateChange>{{State::Closed, State::Listen, Cause::PassiveOpen},
                                  {State::Listen, State::SynReceived, Cause::RcvSyn},
                                  {State::SynReceived, State::Established, Cause::RcvAckOfSyn},
                                  {State::Established, State::CloseWait, Cause::RcvFin},
                                  {State::CloseWait, State::LastAck, Cause::Close},
                                  {State::LastAck, State::Closed, Cause::RcvAckOfFin}}))
        << describeAll(net.side(kB).changes);
}

// RFC 9293 Figure 13, simultaneous close: the FINs cross, both go FIN-WAIT-1 -> CLOSING ->
// TIME-WAIT -> CLOSED.
TEST(EndpointPair, SimultaneousClose) {
    TcpConfig tcp;
    tcp.msl = 1 * kSecond;
    Network net(tcp, tcp);
    net.call(kB, doListen);
    net.call(kA, doConnect);
    ASSERT_TRUE(net.run());
    net.call(kA, doClose);
    net.call(kB, doClose);
    ASSERT_TRUE(net.run());
    for (int who : {kA, kB}) {
        SCOPED_TRACE(who == kA ? "A" : "B");
        const auto& c = net.side(who).changes;
        ASSERT_GE(c.size(), 4u);
        const std::vector<StateChange> tail(c.end() - 4, c.end());
        EXPECT_EQ(tail,
                  (std::vector<StateChange>{{State::Established, State::FinWait1, Cause::Close},
                                            {State::FinWait1, State::Closing, Cause::RcvFin},
                                            {State::Closing, State::TimeWait, Cause::RcvAckOfFin},
                                            {State::TimeWait, State::Closed, Cause::Timeout2Msl}}))
            << describeAll(c);
        EXPECT_EQ(net.ep(who).state(), State::Closed);
    }
}

// §3.10.5 ABORT in ESTABLISHED sends <SEQ=SND.NXT><CTL=RST>; the peer, finding it at RCV.NXT,
// resets: "Users should also receive an unsolicited general "connection reset" signal".
TEST(EndpointPair, AbortResetsThePeer) {
    Network net(TcpConfig{}, TcpConfig{});
    net.call(kB, doListen);
    net.call(kA, doConnect);
    ASSERT_TRUE(net.run());
    net.call(kA, doSend(pattern(100)));
    ASSERT_TRUE(net.run());
    net.call(kA, doAbort);
    ASSERT_TRUE(net.run());
    EXPECT_EQ(net.side(kA).changes.back(),
              (StateChange{State::Established, State::Closed, Cause::Abort}));
    EXPECT_EQ(net.side(kB).changes.back(),
              (StateChange{State::Established, State::Closed, Cause::RcvRst}));
    const auto& notices = net.side(kB).notices;
    EXPECT_NE(std::find(notices.begin(), notices.end(), Notice::ConnectionReset), notices.end());
    EXPECT_EQ(net.side(kB).delivered, pattern(100));
    EXPECT_TRUE(net.side(kA).sent.back().has(kRst));
    EXPECT_EQ(net.side(kA).sent.back().seq, SeqNum(201));
    EXPECT_FALSE(net.ep(kA).pollAt().has_value());
    EXPECT_FALSE(net.ep(kB).pollAt().has_value());
}

// The property: whatever the link does (0-30 % loss, duplication, reordering), a connection that
// opens, carries data both ways and closes from both ends
//   - only ever takes transitions of Figure 5 and its notes,
//   - delivers exactly the bytes sent, in order, to each side,
//   - ends with both sides CLOSED and no timer running.
TEST(EndpointPair, RandomLossDuplicationAndReorderingNeverBreakTheConnection) {
    constexpr int kRuns = 1000;
    int failures = 0;
    // How much the links actually disturbed, so that a quiet loop cannot pass for a robust engine.
    std::size_t dropped = 0, duplicated = 0, retransmissions = 0;
    EdgeCoverage coverage;
    for (int run = 0; run < kRuns && failures < 5; ++run) {
        std::mt19937_64 rng(static_cast<std::uint64_t>(run));
        const auto pick = [&](double lo, double hi) {
            return std::uniform_real_distribution<double>(lo, hi)(rng);
        };
        TcpConfig tcp;
        tcp.msl = 500 * kMs;
        tcp.max_retransmissions = 30;
        tcp.rto_max = 8 * kSecond;
        Network net(tcp, tcp, rng());
        for (auto& f : net.faults) {
            f.loss = pick(0.0, 0.3);
            f.duplicate = pick(0.0, 0.2);
            f.delay = static_cast<TimeUs>(pick(1, 50)) * kMs;
            f.jitter = rng() % 2 == 0 ? 0 : static_cast<TimeUs>(pick(0, 100)) * kMs;
        }
        const std::size_t a_size = rng() % 20'000;
        const std::size_t a_from = rng() % 1000;
        const std::size_t b_size = rng() % 20'000;
        const std::size_t b_from = rng() % 1000;
        const auto a_data = pattern(a_size, a_from);
        const auto b_data = pattern(b_size, b_from);
        const TimeUs a_close_after = rng() % 3 == 0 ? 0 : static_cast<TimeUs>(rng() % 2000) * kMs;
        const TimeUs b_close_after = rng() % 3 == 0 ? 0 : static_cast<TimeUs>(rng() % 2000) * kMs;
        bool started[2] = {false, false};
        net.onInput = [&](int who) {
            const State s = net.ep(who).state();
            if (started[who] || (s != State::Established && s != State::CloseWait)) return;
            started[who] = true;
            net.call(who, doSend(who == kA ? a_data : b_data));
            const TimeUs after = who == kA ? a_close_after : b_close_after;
            if (after == 0)
                net.call(who, doClose);
            else
                net.callAt(net.now() + after, who, doClose);
        };
        net.call(kB, doListen);
        net.call(kA, doConnect);
        const bool finished = net.run();

        SCOPED_TRACE("run " + std::to_string(run));
        const auto& a = net.side(kA);
        const auto& b = net.side(kB);
        bool ok = true;
        ok &= finished;
        EXPECT_TRUE(finished) << "the loop did not come to rest";
        for (int who : {kA, kB}) {
            const auto& changes = net.side(who).changes;
            const auto edges = allTransitionsAreRfcEdges(changes);
            ok &= static_cast<bool>(edges);
            EXPECT_TRUE(edges) << (who == kA ? "A" : "B") << describeAll(changes);
            for (const auto& c : changes) {
                ok &= c.cause != Cause::RetransmitLimit && c.cause != Cause::UserTimeout;
                EXPECT_NE(c.cause, Cause::RetransmitLimit)
                    << (who == kA ? "A" : "B") << describeAll(changes);
            }
            ok &= net.ep(who).state() == State::Closed;
            EXPECT_EQ(net.ep(who).state(), State::Closed)
                << (who == kA ? "A" : "B") << describeAll(changes);
            EXPECT_FALSE(net.ep(who).pollAt().has_value());
        }
        ok &= b.delivered == a_data && a.delivered == b_data;
        EXPECT_TRUE(b.delivered == a_data)
            << b.delivered.size() << " of " << a_data.size() << " bytes A->B";
        EXPECT_TRUE(a.delivered == b_data)
            << a.delivered.size() << " of " << b_data.size() << " bytes B->A";
        if (!ok) ++failures;
        dropped += net.dropped;
        duplicated += net.duplicated;
        retransmissions += a.retransmissions + b.retransmissions;
        for (const auto& c : a.changes) coverage.add(c);
        for (const auto& c : b.changes) coverage.add(c);
    }
    EXPECT_EQ(failures, 0);
    EXPECT_GT(dropped, 10'000u);
    EXPECT_GT(duplicated, 5'000u);
    EXPECT_GT(retransmissions, 5'000u);
    std::size_t edges = 0;
    for (auto id : StateGraph::rfc9293().edges()) edges += coverage.covered(id) ? 1 : 0;
    ::testing::Test::RecordProperty("segments_dropped", static_cast<int>(dropped));
    ::testing::Test::RecordProperty("segments_duplicated", static_cast<int>(duplicated));
    ::testing::Test::RecordProperty("retransmissions", static_cast<int>(retransmissions));
    ::testing::Test::RecordProperty("edges_taken", static_cast<int>(edges));
    if (std::getenv("TCPVIZ_VERBOSE"))
        std::printf("dropped %zu, duplicated %zu, retransmissions %zu, edges %zu\n", dropped,
                    duplicated, retransmissions, edges);
}

}  // namespace
}  // namespace tcpviz::core::tests
