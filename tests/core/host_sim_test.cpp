// Many connections between two hosts (issue 16): the TIME-WAIT pile-up of a client making short
// connections, and the CLOSE-WAIT leak of a server that never closes, through the TCP engine of
// the lessons and the hosts' socket layer (core/net/host.h).
#include "core/sim/host_sim.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace tcpviz::core {
namespace {

// The hosts of HostRun's default and of the lessons: "client" and "server", in that order.
constexpr HostId kClientHost = 0, kServerHost = 1;

std::size_t at(State s) { return static_cast<std::size_t>(s); }

// time-wait-pileup: 500 short connections a second, each closed by the client once the answer
// is in, so that the client keeps each 4-tuple in TIME-WAIT for Linux's 60 s. The 28,232
// ephemeral ports to the one server are all held after 28,232 / 500 = 56.5 s, before the first
// TIME-WAIT ends, and the next connect() fails with EADDRNOTAVAIL.
TEST(HostSimulator, ShortConnectionsPileUpInTimeWaitUntilConnectFails) {
    HostRun run;
    run.clients[0].connections = 30'000;
    run.clients[0].per_second = 500;
    run.horizon = 59'000'000;
    HostSimulator sim(run);
    sim.run();
    const auto& refusals = sim.hostEvents();
    const auto first = std::find_if(refusals.begin(), refusals.end(), [](const HostEvent& r) {
        return r.what == HostEvent::What::Connect;
    });
    ASSERT_NE(first, refusals.end());
    EXPECT_EQ(first->error, SocketError::AddressNotAvailable);
    const double predicted = 28'232.0 / 500.0;
    EXPECT_NEAR(static_cast<double>(first->time) / 1e6, predicted, 0.05 * predicted);
    EXPECT_EQ(sim.connections(), 28'232u);
    // Each of those connections went through a whole handshake, request, answer and close.
    const auto states = sim.statesAt(kClientHost, first->time);
    EXPECT_GE(states[at(State::TimeWait)], static_cast<std::uint32_t>(0.99 * 28'232));
    EXPECT_LE(states[at(State::TimeWait)], 28'232u);
    // The server closed after the client: no TIME-WAIT there, every socket gone.
    const auto server = sim.statesAt(kServerHost, first->time);
    EXPECT_EQ(server[at(State::TimeWait)], 0u);
    EXPECT_LE(server[at(State::LastAck)] + server[at(State::Established)] + server[at(State::SynReceived)], 40u);
}

// At 250 connections a second Linux's 60 s of TIME-WAIT end before the ports run out: about
// 250 * 60 = 15,000 sockets wait in TIME-WAIT at any time, and no connect() fails. With RFC
// 9293's 2MSL of 4 minutes the same rate runs out of ports after 28,232 / 250 = 113 s.
TEST(HostSimulator, TheRateSetsWhenThePortsRunOut) {
    HostRun run;
    run.clients[0].connections = 30'000;
    run.clients[0].per_second = 250;   // 28,232 / 250 = 112.9 s: TIME-WAIT (60 s) ends first
    run.horizon = 130'000'000;
    HostSimulator sim(run);
    sim.run();
    EXPECT_TRUE(std::none_of(sim.hostEvents().begin(), sim.hostEvents().end(),
                             [](const HostEvent& r) { return r.what == HostEvent::What::Connect; }));
    // In the steady state about rate * 60 s sockets wait in TIME-WAIT.
    const auto states = sim.statesAt(kClientHost, 100'000'000);
    EXPECT_NEAR(states[at(State::TimeWait)], 250 * 60, 250 * 60 * 0.02);
    run.hosts[0].profile = HostProfile::ofRfc();
    HostSimulator rfc(run);
    rfc.run();
    const auto first = std::find_if(rfc.hostEvents().begin(), rfc.hostEvents().end(),
                                    [](const HostEvent& r) { return r.what == HostEvent::What::Connect; });
    ASSERT_NE(first, rfc.hostEvents().end());
    EXPECT_NEAR(static_cast<double>(first->time) / 1e6, 28'232.0 / 250.0, 0.05 * 28'232.0 / 250.0);
}

// close-wait-leak-server: a server program that never calls close(). Each client closes after
// the answer; the server's socket then sits in CLOSE-WAIT with its descriptor until accept()
// fails with EMFILE at the descriptor limit (1,024, the listening socket one of them).
TEST(HostSimulator, AServerThatNeverClosesFillsCloseWaitUpToTheDescriptorLimit) {
    HostRun run;
    run.clients[0].connections = 1'500;
    run.clients[0].per_second = 100;
    run.servers[0].closes = false;
    run.horizon = 20'000'000;
    HostSimulator sim(run);
    sim.run();
    const auto states = sim.statesAt(kServerHost, run.horizon);
    EXPECT_EQ(states[at(State::CloseWait)], 1'023u);
    EXPECT_EQ(sim.host(kServerHost).descriptors(), 1'024u);
    const auto emfile = std::find_if(sim.hostEvents().begin(), sim.hostEvents().end(),
                                     [](const HostEvent& r) { return r.what == HostEvent::What::Accept; });
    ASSERT_NE(emfile, sim.hostEvents().end());
    EXPECT_EQ(emfile->error, SocketError::TooManyFiles);
    // The clients' side of each leaked connection waits in FIN-WAIT-2 for a FIN that never
    // comes; Linux lets an orphaned FIN-WAIT-2 go after tcp_fin_timeout (60 s). The server's
    // CLOSE-WAITs stay: no kernel setting closes a socket its program holds.
    EXPECT_GE(sim.statesAt(kClientHost, run.horizon)[at(State::FinWait2)], 1'023u);
    run.horizon = 80'000'000;
    HostSimulator later(run);
    later.run();
    EXPECT_EQ(later.statesAt(kClientHost, 80'000'000)[at(State::FinWait2)], 0u);
    EXPECT_EQ(later.statesAt(kServerHost, 80'000'000)[at(State::CloseWait)], 1'023u);
    // RFC 9293 has no such limit: FIN-WAIT-2 lasts as long as the leak.
    run.hosts[0].profile = HostProfile::ofRfc();
    HostSimulator rfc(run);
    rfc.run();
    EXPECT_GE(rfc.statesAt(kClientHost, 80'000'000)[at(State::FinWait2)], 1'023u);
}

// syn-flood: 2,000 spoofed SYNs a second for 10 s fill the listener's SYN queue (its backlog of
// 511) with requests that are never answered and last 63 s (five SYN,ACK retransmissions). A
// legitimate client's SYNs, and their retransmissions, find it full: none of 20 connections is
// made within a minute. With SYN cookies (Linux's tcp_syncookies = 1) the server keeps nothing
// for a SYN once the queue is full and answers with a cookie, and all 20 complete at once.
TEST(HostSimulator, ASynFloodKeepsClientsOutUnlessTheServerSendsCookies) {
    for (const std::uint8_t cookies : {0, 1}) {
        HostRun run;
        run.hosts[1].profile.syncookies = cookies;
        run.floods = {SynFlood{0, 1, 80, 20'000, 2'000, 0}};
        run.clients[0].connections = 20;
        run.clients[0].per_second = 10;
        run.clients[0].start = 1'000'000;
        run.horizon = 60'000'000;
        HostSimulator sim(run);
        sim.run();
        std::vector<TimeUs> established;
        for (const SocketChange& ch : sim.changes())
            if (ch.host == kClientHost && ch.to == State::Established) established.push_back(ch.time);
        const auto legit_syn_dropped = std::count_if(sim.hostEvents().begin(), sim.hostEvents().end(), [](const HostEvent& r) {
            return r.what == HostEvent::What::Syn && r.syn == SynVerdict::DropSynQueueFull;
        });
        if (cookies == 0) {
            EXPECT_TRUE(established.empty()) << established.size() << " connections got through";
            EXPECT_GT(legit_syn_dropped, 20 * 4);   // each client's SYN and its retransmissions
            EXPECT_EQ(sim.cookiesSent(), 0u);
            EXPECT_EQ(sim.host(kServerHost).synQueueLength(0), 511u);
        } else {
            ASSERT_EQ(established.size(), 20u);
            for (TimeUs t : established) EXPECT_LT(t, 4'000'000);   // a round trip after each connect()
            EXPECT_GT(sim.cookiesSent(), 19'000u);                   // the flood's SYNs once the queue was full
            // Each connection then carried its request and answer, and was closed.
            EXPECT_EQ(sim.statesAt(kClientHost, run.horizon)[at(State::TimeWait)], 20u);
        }
    }
}

// The fixes of time-wait-pileup. tw_reuse lets a connect() take over a 4-tuple that has been in
// TIME-WAIT for a second, so 500 connections a second never run out of ports (the old socket is
// killed); SO_LINGER {1, 0} skips TIME-WAIT altogether by closing with an RST.
TEST(HostSimulator, TwReuseOrAnRstKeepsThePortsFromRunningOut) {
    const auto connectFailures = [](const HostSimulator& sim) {
        return std::count_if(sim.hostEvents().begin(), sim.hostEvents().end(),
                             [](const HostEvent& r) { return r.what == HostEvent::What::Connect; });
    };
    HostRun run;
    run.clients[0].connections = 35'000;   // 70 s at 500 a second: past the ports and TIME-WAIT both
    run.clients[0].per_second = 500;
    run.horizon = 75'000'000;
    HostRun reuse = run;
    reuse.hosts[0].profile.tw_reuse = true;
    HostSimulator with_reuse(reuse);
    with_reuse.run();
    EXPECT_EQ(connectFailures(with_reuse), 0);
    EXPECT_GT(with_reuse.timeWaitReused(), 0u);   // once every port had been used
    EXPECT_EQ(with_reuse.connections(), 35'000u);
    EXPECT_LE(with_reuse.statesAt(kClientHost, 69'000'000)[at(State::TimeWait)], 28'232u);

    HostRun linger = run;
    linger.clients[0].linger_zero = true;
    HostSimulator with_rst(linger);
    with_rst.run();
    EXPECT_EQ(connectFailures(with_rst), 0);
    EXPECT_EQ(with_rst.statesAt(kClientHost, 69'000'000)[at(State::TimeWait)], 0u);
    EXPECT_EQ(with_rst.statesAt(kServerHost, 69'000'000)[at(State::TimeWait)], 0u);
}

// accept-queue-overflow: a server that calls accept() ten times a second, with a backlog of 8,
// while clients connect fifty times a second. The accept queue fills to backlog + 1 = 9, new SYNs
// are dropped, and the clients get in only on their SYN retransmissions, at the program's pace.
TEST(HostSimulator, ASlowAcceptFillsTheAcceptQueue) {
    HostRun run;
    run.clients[0].connections = 100;
    run.clients[0].per_second = 50;
    run.servers[0].backlog = 8;
    run.servers[0].accepts_per_second = 10;
    run.horizon = 200'000'000;
    HostSimulator sim(run);
    sim.run();
    EXPECT_EQ(sim.longestAcceptQueue(), 9u);
    const auto dropped = std::count_if(sim.hostEvents().begin(), sim.hostEvents().end(), [](const HostEvent& r) {
        return r.what == HostEvent::What::Syn && r.syn == SynVerdict::DropAcceptFull;
    });
    EXPECT_GT(dropped, 50);
    // One accept() every 100 ms: the last of the 100 connections cannot be made before 10 s.
    TimeUs last_established = 0;
    std::size_t established = 0;
    for (const SocketChange& ch : sim.changes())
        if (ch.host == kClientHost && ch.to == State::Established) {
            ++established;
            last_established = std::max(last_established, ch.time);
        }
    EXPECT_EQ(established, 100u);
    EXPECT_GT(last_established, 9'900'000);
}

// What `--list-connections` will print: each connection's two addresses, where each side
// started and ended, and its segments. A short connection closed by the client first ends in
// TIME-WAIT on the client and CLOSED on the server; a flood's spoofed one never leaves
// SYN-RECEIVED on the server until it is given up.
TEST(HostSimulator, EachConnectionIsSummedUp) {
    HostRun run;
    run.clients[0].connections = 3;
    run.floods = {SynFlood{0, 1, 80, 1, 1, 0}};
    run.horizon = 30'000'000;
    HostSimulator sim(run);
    sim.run();
    const std::vector<ConnectionSummary> all = sim.summaries();
    ASSERT_EQ(all.size(), 4u);
    std::size_t clients = 0;
    for (const ConnectionSummary& c : all) {
        if (c.spoofed) {
            EXPECT_EQ(c.b_first, State::Listen);
            EXPECT_EQ(c.b_last, State::SynReceived);   // still sending SYN,ACKs at 30 s
            EXPECT_EQ(c.segments, 1u + 5u);            // the SYN; a SYN,ACK and four retransmissions so far
            continue;
        }
        ++clients;
        EXPECT_EQ(c.b.port, 80);
        EXPECT_GE(c.a.port, 32768);
        EXPECT_EQ(c.a_first, State::Closed);
        EXPECT_EQ(c.a_last, State::TimeWait);
        EXPECT_EQ(c.b_first, State::Listen);
        EXPECT_EQ(c.b_last, State::Closed);
        // SYN, SYN-ACK, ACK, request, its ACK, two answer segments, ACK, FIN, ACK, FIN, ACK.
        EXPECT_GE(c.segments, 10u);
        EXPECT_LE(c.segments, 14u);
    }
    EXPECT_EQ(clients, 3u);
}

}  // namespace
}  // namespace tcpviz::core

namespace tcpviz::core {
namespace {

// What a program is told, in order (the interface TLS, HTTP and QUIC programs will implement).
struct Told {
    std::vector<std::string> calls;
    std::vector<std::uint64_t> received;   // at each readable()
    int depth = 0, deepest = 0;
};

// Sends 1000 bytes once connected; closes once all of them have come back.
class EchoClient final : public Application {
public:
    explicit EchoClient(Told& t) : m_t(t) {}
    void connected(AppSocket& s) override {
        Enter e(m_t, "connected");
        s.send(1000);
    }
    void readable(AppSocket& s) override {
        Enter e(m_t, "readable");
        m_t.received.push_back(s.received());
        if (s.received() == 1000) s.close();
    }
    void writable(AppSocket& s) override {
        Enter e(m_t, "writable");
        EXPECT_EQ(s.unacknowledged(), 0u);
        EXPECT_EQ(s.written(), 1000u);
    }
    void closed(AppSocket& s) override { Enter e(m_t, "closed " + std::string(stateName(s.state()))); }

    struct Enter {
        Enter(Told& t, std::string what) : m_t(t) {
            m_t.calls.push_back(std::move(what));
            m_t.deepest = std::max(m_t.deepest, ++m_t.depth);
        }
        ~Enter() { --m_t.depth; }
        Told& m_t;
    };

private:
    Told& m_t;
};

// Writes back what it reads; closes on the client's FIN.
class EchoServer final : public Application {
public:
    explicit EchoServer(Told& t) : m_t(t) {}
    void connected(AppSocket&) override { EchoClient::Enter e(m_t, "connected"); }
    void readable(AppSocket& s) override {
        EchoClient::Enter e(m_t, "readable");
        s.send(static_cast<std::uint32_t>(s.received() - s.written()));
    }
    void closed(AppSocket& s) override {
        EchoClient::Enter e(m_t, "closed " + std::string(stateName(s.state())));
        s.close();
    }

private:
    Told& m_t;
};

TEST(HostApplications, AProgramIsToldConnectedReadableWritableAndClosedOneAtATime) {
    HostRun run;
    run.clients[0].connections = 1;
    Told client, server;
    HostSimulator sim(run, {HostRecording::Mode::One, 0});
    sim.setClientApplication(0, [&] { return std::make_unique<EchoClient>(client); });
    sim.setServerApplication(0, [&] { return std::make_unique<EchoServer>(server); });
    sim.run();
    ASSERT_FALSE(client.calls.empty());
    EXPECT_EQ(client.calls.front(), "connected");
    EXPECT_EQ(std::count(client.calls.begin(), client.calls.end(), "connected"), 1);
    EXPECT_NE(std::find(client.calls.begin(), client.calls.end(), "writable"), client.calls.end());
    EXPECT_TRUE(std::is_sorted(client.received.begin(), client.received.end()));
    ASSERT_FALSE(client.received.empty());
    EXPECT_EQ(client.received.back(), 1000u);   // all of it came back
    EXPECT_EQ(server.calls.front(), "connected");
    EXPECT_EQ(server.calls.back(), "closed CLOSE-WAIT");   // the client's FIN
    // Nothing is told from within another callback.
    EXPECT_EQ(client.deepest, 1);
    EXPECT_EQ(server.deepest, 1);
    // The echo really happened on the wire: 1000 bytes each way, the client closing first.
    const Trace t = sim.takeTrace();
    std::array<std::uint64_t, 2> delivered{};
    for (const Event& e : t.events)
        if (e.kind == EventKind::Deliver) delivered[idx(e.endpoint)] += e.bytes;
    EXPECT_EQ(delivered[0], 1000u);
    EXPECT_EQ(delivered[1], 1000u);
    EXPECT_EQ(sim.summaries()[0].a_last, State::Closed);   // after its TIME-WAIT
    EXPECT_EQ(sim.statesAt(kServerHost, sim.now())[at(State::CloseWait)], 0u);
}

}  // namespace
}  // namespace tcpviz::core
