#pragma once
// What the views of a scenario of hosts draw, from its outcome (core/sim/host_sim.h): each
// host's sockets per state over time (the host chart), and the sockets a host holds at a
// moment, as `ss -tan` lists them (the sockets dock).
#include <array>
#include <cstdint>
#include <vector>

#include "core/sim/host_sim.h"

namespace tcpviz::core {

// A host's sockets per state (CLOSED not counted), after each moment one changed.
struct SocketSeries {
    std::vector<TimeUs> times;                                   // ascending, each once
    std::array<std::vector<std::uint32_t>, kStateCount> counts;  // counts[state][i]: after times[i]
    std::uint32_t peak = 0;                                      // the most sockets at any time
    // The counts at `time`: those after the last change at or before it (all 0 before the first).
    [[nodiscard]] std::array<std::uint32_t, kStateCount> at(TimeUs time) const;
    // Whether any socket was ever in `state` (the chart's bands, the dock's filter).
    [[nodiscard]] bool everIn(State state) const;
};
SocketSeries socketSeries(const HostOutcome& outcome, HostId host);

// One socket as `ss -tan` shows it at a moment.
struct SocketRow {
    std::uint32_t connection = 0;
    HostId host = 0;
    State state = State::Closed;
    SocketAddress local, peer;
    TimeUs since = 0;            // in this state since
    // As `ss` shows them. A connection: the bytes arrived and not read, and the bytes written
    // and not acknowledged (QueueChange). LISTEN: the connections waiting in the accept queue,
    // and the backlog.
    std::uint32_t recv_q = 0;
    std::uint32_t send_q = 0;
    bool listener = false;       // a server program's listening socket (connection unused)
};
// Every socket of `host` open at `time` (CLOSED ones are gone), its listeners first, then by
// connection.
std::vector<SocketRow> socketsAt(const HostOutcome& outcome, HostId host, TimeUs time);

}  // namespace tcpviz::core
