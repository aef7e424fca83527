#include "core/sim/host_series.h"

#include <algorithm>

namespace tcpviz::core {

namespace {

// A server's socket is born from its listener's LISTEN: a change from LISTEN takes nothing
// away (the listener stays), as HostSimulator::statesAt counts. A client's end never listens.
bool fromListener(const SocketChange& ch) { return ch.from == State::Listen; }

constexpr std::size_t at(State s) { return static_cast<std::size_t>(s); }

}  // namespace

std::array<std::uint32_t, kStateCount> SocketSeries::at(TimeUs time) const {
    std::array<std::uint32_t, kStateCount> out{};
    const auto it = std::upper_bound(times.begin(), times.end(), time);
    if (it == times.begin()) return out;
    const auto i = static_cast<std::size_t>(it - times.begin() - 1);
    for (std::size_t s = 0; s < kStateCount; ++s) out[s] = counts[s][i];
    return out;
}

bool SocketSeries::everIn(State state) const {
    const auto& n = counts[static_cast<std::size_t>(state)];
    return std::any_of(n.begin(), n.end(), [](std::uint32_t k) { return k > 0; });
}

SocketSeries socketSeries(const HostOutcome& outcome, HostId host) {
    SocketSeries out;
    std::array<std::int64_t, kStateCount> n{};
    const auto close = [&](TimeUs time) {
        // One point per moment: the counts after all of its changes.
        if (!out.times.empty() && out.times.back() == time) {
            for (std::size_t s = 0; s < kStateCount; ++s) out.counts[s].back() = static_cast<std::uint32_t>(std::max<std::int64_t>(0, n[s]));
        } else {
            out.times.push_back(time);
            for (std::size_t s = 0; s < kStateCount; ++s) out.counts[s].push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(0, n[s])));
        }
    };
    for (const SocketChange& ch : outcome.changes) {
        if (ch.host != host) continue;
        if (ch.from != State::Closed && !fromListener(ch)) --n[at(ch.from)];
        if (ch.to != State::Closed) ++n[at(ch.to)];
        close(ch.time);
    }
    // The peak of the moments as drawn: after all of a moment's changes (a connect() taking the
    // 4-tuple a TIME-WAIT gives up at the same microsecond is not one socket more).
    for (std::size_t i = 0; i < out.times.size(); ++i) {
        std::uint32_t total = 0;
        for (std::size_t s = 0; s < kStateCount; ++s) total += out.counts[s][i];
        out.peak = std::max(out.peak, total);
    }
    return out;
}

std::vector<SocketRow> socketsAt(const HostOutcome& outcome, HostId host, TimeUs time) {
    struct Now {
        State state = State::Closed;
        TimeUs since = 0;
        std::uint32_t recv_q = 0, send_q = 0;
    };
    std::vector<Now> now(outcome.connections.size());
    for (const SocketChange& ch : outcome.changes) {
        if (ch.time > time) break;
        if (ch.host != host || ch.connection >= now.size()) continue;
        now[ch.connection].state = ch.to;
        now[ch.connection].since = ch.time;
    }
    for (const QueueChange& q : outcome.queues) {
        if (q.time > time) break;
        if (q.connection >= now.size()) continue;
        const ConnectionSummary& s = outcome.connections[q.connection];
        if ((q.side == HostSide::Client ? s.a_host : s.b_host) != host) continue;
        now[q.connection].recv_q = q.recv_q;
        now[q.connection].send_q = q.send_q;
    }
    std::vector<SocketRow> rows;
    for (std::size_t p = 0; p < outcome.run.servers.size(); ++p) {
        const ServerProgram& server = outcome.run.servers[p];
        if (server.host != host) continue;
        SocketRow l;
        l.host = host;
        l.state = State::Listen;
        l.local = {0, server.port};   // 0.0.0.0:port
        l.listener = true;
        l.send_q = std::min(server.backlog, outcome.run.host(host).profile.somaxconn);
        // Its latest sample at or before `time` (the samples of all listeners, in time order).
        const auto end = std::upper_bound(outcome.listener.begin(), outcome.listener.end(), time,
                                          [](TimeUs t, const ListenerSample& s) { return t < s.time; });
        for (auto it = end; it != outcome.listener.begin();) {
            --it;
            if (it->server != p) continue;
            l.recv_q = it->accept_queue;
            break;
        }
        rows.push_back(l);
    }
    for (std::size_t c = 0; c < now.size(); ++c) {
        if (now[c].state == State::Closed) continue;
        const ConnectionSummary& s = outcome.connections[c];
        const bool client = s.a_host == host && !s.spoofed;
        SocketRow r;
        r.connection = static_cast<std::uint32_t>(c);
        r.host = host;
        r.state = now[c].state;
        r.since = now[c].since;
        r.recv_q = now[c].recv_q;
        r.send_q = now[c].send_q;
        r.local = client ? s.a : s.b;
        r.peer = client ? s.b : s.a;
        rows.push_back(r);
    }
    return rows;
}

}  // namespace tcpviz::core
