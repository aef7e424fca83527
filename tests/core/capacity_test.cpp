// How many connections a server can hold (issue 16, max-connections): the 4-tuple bound and the
// limits that bind first, checked against the simulated hosts they describe.
#include "core/net/capacity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/scenario/scenario.h"
#include "core/sim/host_series.h"

namespace tcpviz::core {
namespace {

// The hosts of HostRun's default and of the lessons: "client" and "server", in that order.
constexpr HostId kClientHost = 0, kServerHost = 1;

TEST(Capacity, oneListeningSocketCouldHoldTwoToTheFortyEighthButDescriptorsBindFirst) {
    const Capacity c = capacityOf({});
    // RFC 9293 §3.1: a connection is its pair of sockets; the server's is fixed, the client's
    // address (32 bits) and port (16 bits) vary.
    EXPECT_EQ(c.four_tuple, std::ldexp(1.0, 48));
    EXPECT_EQ(c.client_ports, 28'232.0);     // one client address towards one server socket
    EXPECT_EQ(c.descriptors, 1'023.0);       // ulimit -n 1024, one of them the listener
    EXPECT_EQ(c.binding, CapacityLimit::Descriptors);
    EXPECT_EQ(c.limit, c.descriptors);
    // Raise the descriptor limit and the clients' ports bind; give the clients many addresses
    // and memory does.
    CapacityInput in;
    in.fd_limit = 1u << 20;
    EXPECT_EQ(capacityOf(in).binding, CapacityLimit::ClientPorts);
    in.client_addresses = 10'000;
    in.fd_limit = 1u << 30;
    const Capacity m = capacityOf(in);
    EXPECT_EQ(m.binding, CapacityLimit::Memory);
    EXPECT_EQ(m.limit, static_cast<double>(in.memory_bytes / in.bytes_per_connection));
    // Two server ports double what the 4-tuple and the clients' ports allow.
    in.server_ports = 2;
    EXPECT_EQ(capacityOf(in).four_tuple, 2 * std::ldexp(1.0, 48));
    EXPECT_EQ(capacityOf(in).client_ports, 2 * m.client_ports);
}

// The calculator's numbers are the simulated hosts' own: the lessons stop where it says.
TEST(Capacity, theLessonsOfHostsStopWhereTheArithmeticSays) {
    const auto hosts = [](const char* id) { return std::get<HostScenario>(*resolveAnyScenario(id)); };
    const HostScenario leak = hosts("close-wait-leak-server");
    CapacityInput in;
    in.fd_limit = leak.run.hosts[1].profile.fd_limit;
    const HostOutcome o = simulateHosts(leak);
    EXPECT_EQ(static_cast<double>(socketSeries(o, kServerHost).at(leak.run.horizon)[static_cast<std::size_t>(State::CloseWait)]),
              capacityOf(in).descriptors);
    const HostScenario pileup = hosts("time-wait-pileup");
    in.client_ports = pileup.run.hosts[0].profile.ephemeralPorts();
    in.fd_limit = 1u << 20;
    EXPECT_EQ(capacityOf(in).client_ports, static_cast<double>(socketSeries(simulateHosts(pileup), kClientHost).peak));
}

// max-connections: the server program holds as many connections as its descriptors allow; past
// them the kernel keeps backlog + 1 finished handshakes in the accept queue, then drops SYNs.
TEST(Capacity, maxConnectionsStopsAtTheDescriptorsAndTheAcceptQueue) {
    const HostScenario s = std::get<HostScenario>(*resolveAnyScenario("max-connections"));
    CapacityInput in;
    in.fd_limit = s.run.hosts[1].profile.fd_limit;
    in.client_ports = s.run.hosts[0].profile.ephemeralPorts();
    const Capacity c = capacityOf(in);
    EXPECT_EQ(c.binding, CapacityLimit::Descriptors);
    const HostOutcome o = simulateHosts(s);
    const auto end = socketSeries(o, kServerHost).at(s.run.horizon);
    const double queue = std::min(s.run.servers[0].backlog, s.run.hosts[1].profile.somaxconn) + 1.0;
    EXPECT_EQ(static_cast<double>(end[static_cast<std::size_t>(State::Established)]), c.descriptors + queue);
    const auto dropped = std::count_if(o.host_events.begin(), o.host_events.end(), [](const HostEvent& e) {
        return e.what == HostEvent::What::Syn && e.syn == SynVerdict::DropAcceptFull;
    });
    EXPECT_GT(dropped, 0);
}

}  // namespace
}  // namespace tcpviz::core
