#include "core/sim/host_sim.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/sim/apps/http2.h"
#include "core/sim/apps/quic.h"
#include "core/sim/apps/tls.h"

namespace tcpviz::core {

namespace {

constexpr std::size_t at(HostSide h) { return static_cast<std::size_t>(h); }
constexpr HostSide other(HostSide h) { return h == HostSide::Client ? HostSide::Server : HostSide::Client; }
// In a recorded trace a connection's client end is A, its server end B.
constexpr Side sideOf(HostSide h) { return h == HostSide::Client ? Side::A : Side::B; }

// The address a client program's k-th connection leaves from: a host of several addresses uses
// each in turn (the ports toward one server are each address's: several addresses multiply them).
std::uint32_t addressFor(const HostSpec& spec, std::uint32_t k) {
    const std::size_t which = k % (1 + spec.more.size());
    return which == 0 ? spec.info.address : spec.more[which - 1];
}

}  // namespace

// A connection end as its program holds it.
class HostSimulator::Socket final : public AppSocket {
public:
    Socket(HostSimulator& sim, std::uint32_t c, HostSide side) : m_sim(sim), m_c(c), m_side(side) {}
    [[nodiscard]] State state() const override {
        const auto& end = conn().ends[at(m_side)];
        return end ? end->state() : State::Closed;
    }
    [[nodiscard]] TimeUs now() const override { return m_sim.m_now; }
    [[nodiscard]] std::uint64_t received() const override { return conn().got[at(m_side)]; }
    [[nodiscard]] std::uint64_t written() const override { return conn().written[at(m_side)]; }
    [[nodiscard]] std::uint64_t unacknowledged() const override {
        const auto& end = conn().ends[at(m_side)];
        return end ? end->tcb().send_buffer.size() : 0;
    }
    void send(std::uint32_t bytes) override {
        const Stream stream = m_side == HostSide::Client ? Stream::ClientText : Stream::ServerText;
        send(Payload::generated(stream, written(), bytes));
    }
    void send(Payload data) override {
        auto& end = m_sim.m_conns[m_c].ends[at(m_side)];
        if (!end || m_sim.m_conns[m_c].closed[at(m_side)]) return;
        const auto bytes = static_cast<std::uint32_t>(data.size());
        m_sim.recordCall(m_c, m_side, CallKind::Send, bytes);
        m_sim.m_conns[m_c].written[at(m_side)] += bytes;
        end->send(std::move(data), m_sim.m_now, m_sim.m_actions);
        m_sim.apply(m_c, m_side);
    }
    void close() override { m_sim.closeEnd(m_c, m_side); }
    void abort() override { m_sim.closeEnd(m_c, m_side, true); }
    std::vector<std::uint8_t> take() override {
        std::vector<Payload>& inbox = m_sim.m_conns[m_c].inbox[at(m_side)];
        std::vector<std::uint8_t> out;
        for (const Payload& p : inbox) p.appendTo(out);
        inbox.clear();
        return out;
    }
    void describe(std::uint64_t offset, std::uint32_t length, std::string name, bool application,
                  std::vector<MessageDetail> details) override {
        if (m_sim.recorded(m_c))
            m_sim.m_trace.messages.push_back(
                {sideOf(m_side), offset, length, std::move(name), application, m_c, std::move(details)});
    }
    void keyLog(std::string line) override {
        if (m_sim.recorded(m_c)) m_sim.m_trace.key_log.push_back(std::move(line));
    }

private:
    [[nodiscard]] const Conn& conn() const { return m_sim.m_conns[m_c]; }
    HostSimulator& m_sim;
    std::uint32_t m_c;
    HostSide m_side;
};

namespace {

// The program a scenario's keys ask for: plain TCP, HTTPS, or HTTP/2 over TLS.
std::unique_ptr<Application> builtinClient(const ClientProgram& p, const ServerProgram& server,
                                           const std::shared_ptr<TlsSessionCache>& sessions) {
    if (p.http == HttpVersion::Http2) return makeHttp2ClientApplication(p, server);
    if (p.tls != TlsVersion::None) return makeTlsClientApplication(p, server, sessions);
    return makeClientApplication(p, server);
}
std::unique_ptr<Application> builtinServer(const ServerProgram& p, const ClientProgram& client) {
    if (p.http == HttpVersion::Http2) return makeHttp2ServerApplication(p, client);
    if (p.tls != TlsVersion::None) return makeTlsServerApplication(p, client);
    return makeServerApplication(p, client);
}

}  // namespace

const std::shared_ptr<TlsSessionCache>& HostSimulator::tlsSessionsOf(HostId host) {
    auto& cache = m_tls_sessions[host];
    if (!cache) cache = makeTlsSessionCache();
    return cache;
}

const std::shared_ptr<QuicSessionCache>& HostSimulator::quicSessionsOf(HostId host) {
    auto& cache = m_quic_sessions[host];
    if (!cache) cache = makeQuicSessionCache();
    return cache;
}

HostSimulator::HostSimulator(HostRun run, HostRecording recording)
    : m_run(std::move(run)), m_rng(m_run.seed), m_recording(recording) {
    for (std::size_t i = 0; i < m_run.clients.size() && !m_shown_program; ++i)
        if (m_run.clients[i].shown) m_shown_program = static_cast<std::uint16_t>(i);
    m_hosts.reserve(m_run.hosts.size());
    for (const HostSpec& h : m_run.hosts) {
        std::vector<std::uint32_t> addresses{h.info.address};
        addresses.insert(addresses.end(), h.more.begin(), h.more.end());
        m_hosts.emplace_back(std::move(addresses), h.profile);
    }
    const auto hostOk = [&](HostId h) {
        if (h >= m_hosts.size()) throw std::invalid_argument("a program names host " + std::to_string(h) + ", which is not there");
    };
    for (std::size_t i = 0; i < m_run.servers.size(); ++i) {
        const ServerProgram& p = m_run.servers[i];
        hostOk(p.host);
        Server& s = m_servers.emplace_back();
        if (p.http == HttpVersion::Http3) continue;   // QUIC's: UDP, no listener of TCP's
        const Host::Listening l = m_hosts[p.host].listen(p.port, p.backlog, p.reuse_address);
        if (!l.listener) throw std::invalid_argument("two server programs listen on one host's port " + std::to_string(p.port));
        s.listener = *l.listener;
        if (p.stop_at) push({*p.stop_at, 0, Kind::Stop, HostSide::Server, 0, static_cast<std::uint32_t>(i)});
        if (p.stop_at && p.restart_at)
            push({std::max(*p.restart_at, *p.stop_at), 0, Kind::Listen, HostSide::Server, 0, static_cast<std::uint32_t>(i)});
    }
    const auto serverOf = [&](HostId host, std::uint16_t port, bool udp = false) {
        for (std::size_t s = 0; s < m_run.servers.size(); ++s)
            if (&m_run.servers[s] == m_run.serverAt(host, port, udp)) return static_cast<std::uint16_t>(s);
        throw std::invalid_argument("no server program listens on host " + std::to_string(host) + " port " + std::to_string(port));
    };
    for (const ClientProgram& p : m_run.clients) {
        hostOk(p.host);
        hostOk(p.server);
        if (p.host == p.server) throw std::invalid_argument("a client program connects to its own host");
        m_client_server.push_back(serverOf(p.server, p.port, p.http == HttpVersion::Http3));
    }
    for (const SynFlood& f : m_run.floods) {
        hostOk(f.via);
        hostOk(f.target);
        m_flood_server.push_back(serverOf(f.target, f.port));
    }
    m_client_apps.resize(m_run.clients.size());
    m_server_apps.resize(m_run.servers.size());
    for (const HostSpec& h : m_run.hosts) m_trace.hosts.push_back({h.info.name, h.info.address});
    // The endpoints of a trace of one connection (takeTrace makes them the recorded one's).
    const HostSpec& a = m_run.hosts.at(m_run.firstClientHost());
    const HostSpec& b = m_run.hosts.at(m_run.firstServerHost());
    const std::uint16_t port = !m_run.clients.empty() ? m_run.clients.front().port
                               : m_run.servers.empty() ? std::uint16_t{0} : m_run.servers.front().port;
    m_trace.endpoints[0] = {"A", a.info.name, a.info.address, 0, m_run.tcp.congestion};
    m_trace.endpoints[1] = {"B", b.info.name, b.info.address, port, m_run.tcp.congestion};
    // The server's end of a connection starts from its listener's LISTEN.
    m_trace.initial_states = {State::Closed, State::Listen};
    std::uint32_t base = 0;
    for (std::size_t i = 0; i < m_run.clients.size(); ++i) {
        const ClientProgram& p = m_run.clients[i];
        m_client_base.push_back(base);
        m_script_conn.emplace_back();
        if (!p.calls.empty()) {
            // A script: its connect() and then each call at its time.
            base += 1;
            push({p.calls.front().at, 0, Kind::Open, HostSide::Client, 0, static_cast<std::uint32_t>(i)});
            for (std::uint32_t k = 1; k < p.calls.size(); ++k)
                push({p.calls[k].at, 0, Kind::Call, HostSide::Client, k, static_cast<std::uint32_t>(i)});
            continue;
        }
        base += p.connections;
        const double rate = std::max(1e-6, p.per_second);
        for (std::uint32_t k = 0; k < p.connections; ++k)
            push({p.start + static_cast<TimeUs>(std::llround(k * 1e6 / rate)), 0, Kind::Open, HostSide::Client, k,
                  static_cast<std::uint32_t>(i)});
    }
    for (std::size_t i = 0; i < m_run.floods.size(); ++i) {
        const SynFlood& f = m_run.floods[i];
        const double rate = std::max(1e-6, f.per_second);
        for (std::uint32_t k = 0; k < f.syns; ++k)
            push({f.start + static_cast<TimeUs>(std::llround(k * 1e6 / rate)), 0, Kind::Flood, HostSide::Server, k,
                  static_cast<std::uint32_t>(i)});
    }
}

void HostSimulator::joinLinks(Conn& conn, HostId client, HostId server) {
    if (m_run.star) {
        conn.link = {starLink(client, true), starLink(server, true)};
        conn.down = {starLink(server, false), starLink(client, false)};
        return;
    }
    conn.link = {linkOf(client, server, true), linkOf(server, client, false)};
}

std::uint32_t HostSimulator::linkOf(HostId from, HostId to, bool from_client) {
    const auto key = std::make_pair(from, to);
    if (const auto it = m_link_of.find(key); it != m_link_of.end()) return it->second;
    return newLink(key, from, m_run.directionBetween(from, to, from_client));
}

std::uint32_t HostSimulator::newLink(std::pair<HostId, HostId> key, HostId from, const LinkDirection& dir) {
    const auto index = static_cast<std::uint32_t>(m_links.size());
    LinkModel& m = m_links.emplace_back();
    // Scripted faults first, as in a lesson of two endpoints: they pick segments by what they
    // are, before chance does.
    std::vector<ScriptedFault> faults;
    for (const HostFault& f : m_run.faults)
        if (f.from == from) faults.push_back(f.fault);
    if (!faults.empty()) m.add(scriptedFaults(std::move(faults)));
    addLinkStages(m, dir);
    m_link_delay.push_back(msToUs(dir.delay_ms));
    m_link_of.emplace(key, index);
    return index;
}

void HostSimulator::push(Item item) {
    item.order = m_order++;
    m_queue.push_back(item);
    std::push_heap(m_queue.begin(), m_queue.end(), Later{});
}

void HostSimulator::run() {
    while (!m_queue.empty()) {
        std::pop_heap(m_queue.begin(), m_queue.end(), Later{});
        const Item item = m_queue.back();
        m_queue.pop_back();
        if (item.time > m_run.horizon) {
            m_cut = true;
            break;
        }
        m_now = item.time;
        m_input = m_trace.events.size();
        switch (item.kind) {
            case Kind::Open: open(static_cast<std::uint16_t>(item.segment), item.conn); break;
            case Kind::Call: scriptCall(static_cast<std::uint16_t>(item.segment), item.conn); break;
            case Kind::Stop: stopServer(static_cast<std::uint16_t>(item.segment)); break;
            case Kind::Listen: listenAgain(static_cast<std::uint16_t>(item.segment)); break;
            case Kind::Flood: flood(static_cast<std::uint16_t>(item.segment), item.conn); break;
            case Kind::FinTimeout: finTimeout(item.conn, item.to); break;
            case Kind::AcceptTick:
                m_servers[item.segment].accept_tick = false;
                acceptWaiting(static_cast<std::uint16_t>(item.segment));
                break;
            case Kind::Arrive: arrive(item); break;
            case Kind::Switch: {
                // The rest of the way: down the receiver's link of the star.
                Segment seg = std::move(m_wire[item.segment]);
                m_free_wire.push_back(item.segment);
                const HostSide from = other(item.to);
                sendOver(m_conns[item.conn].down[at(from)], item.conn, from, std::move(seg), item.record, false, kNoLink,
                         item.copy);
                break;
            }
            case Kind::Drop:
                if (Event* e = record(item.conn, item.to, EventKind::Drop)) {
                    e->segment = item.record;
                    e->drop_reason = static_cast<DropReason>(item.copy);
                }
                break;
            case Kind::Timers: {
                Conn& conn = m_conns[item.conn];
                auto& due = conn.timer_at[at(item.to)];
                if (!due || *due != item.time) break;   // moved since it was scheduled
                due.reset();
                if (conn.quic) {
                    conn.quic_end[at(item.to)]->expire(m_now);
                    quicFlush(item.conn, item.to);
                    break;
                }
                conn.ends[at(item.to)]->onTimers(m_now, m_actions);
                apply(item.conn, item.to);
                break;
            }
        }
        sampleListener();
    }
}

void HostSimulator::sampleListener() {
    for (std::size_t i = 0; i < m_servers.size(); ++i) {
        Server& s = m_servers[i];
        if (m_run.servers[i].http == HttpVersion::Http3) continue;   // no queues: UDP
        const Host& host = m_hosts[m_run.servers[i].host];
        const auto syn = s.down ? 0u : static_cast<std::uint32_t>(host.synQueueLength(s.listener));
        const auto accept = s.down ? 0u : static_cast<std::uint32_t>(host.acceptQueueLength(s.listener));
        if (s.sampled && s.syn_queue == syn && s.accept_queue == accept) continue;
        s.syn_queue = syn;
        s.accept_queue = accept;
        const ListenerSample sample{m_now, syn, accept, static_cast<std::uint16_t>(i)};
        // One sample per moment: a change undone at the same microsecond replaces its own.
        if (s.sampled && s.last_sample < m_listener_samples.size() && m_listener_samples[s.last_sample].time == m_now) {
            m_listener_samples[s.last_sample] = sample;
        } else {
            s.last_sample = m_listener_samples.size();
            m_listener_samples.push_back(sample);
        }
        s.sampled = true;
    }
}

void HostSimulator::noteQueues(std::uint32_t c, HostSide side) {
    Conn& conn = m_conns[c];
    const auto& end = conn.ends[at(side)];
    const auto clamp = [](std::uint64_t n) { return static_cast<std::uint32_t>(std::min<std::uint64_t>(n, UINT32_MAX)); };
    // The programs read what arrives at once; a connection the server has not accept()ed yet
    // holds it in the kernel.
    const std::uint32_t send_q = end ? clamp(end->tcb().send_buffer.size()) : 0;
    const std::uint32_t recv_q = end && side == HostSide::Server && !conn.taken ? clamp(conn.got[at(side)]) : 0;
    if (send_q == conn.send_q[at(side)] && recv_q == conn.recv_q[at(side)]) return;
    conn.send_q[at(side)] = send_q;
    conn.recv_q[at(side)] = recv_q;
    m_queue_changes.push_back({m_now, c, side, recv_q, send_q});
}

FourTuple HostSimulator::tupleAt(const Conn& conn, HostSide side) const {
    return side == HostSide::Client ? conn.tuple : FourTuple{conn.tuple.remote, conn.tuple.local};
}

EndpointConfig HostSimulator::configFor(const Conn& conn, HostSide side, std::uint32_t k) const {
    const FourTuple t = tupleAt(conn, side);
    EndpointConfig cfg;
    cfg.address = t.local.address;
    cfg.port = t.local.port;
    cfg.peer_address = t.remote.address;
    cfg.peer_port = t.remote.port;
    cfg.tcp = m_run.tcp;
    const HostProfile& profile = m_hosts[conn.host[at(side)]].profile();
    cfg.tcp.msl = profile.time_wait / 2;   // TIME-WAIT lasts 2*MSL
    if (side == HostSide::Server) cfg.tcp.syn_retries = profile.synack_retries;
    // A different initial sequence number for each connection and side.
    cfg.isn = {static_cast<std::uint32_t>(1000u + k * 64'007u + (side == HostSide::Server ? 500'000'000u : 0u))};
    return cfg;
}

void HostSimulator::open(std::uint16_t program, std::uint32_t k) {
    const ClientProgram& p = m_run.clients[program];
    if (p.http == HttpVersion::Http3) {
        openQuic(program, k);
        return;
    }
    Host& client = m_hosts[p.host];
    const std::uint32_t local = addressFor(m_run.hosts[p.host], k);
    const Host::Connected c = client.connect(local, {m_run.hosts[p.server].info.address, p.port}, m_now);
    if (!c.tuple) {
        m_host_events.push_back({m_now, p.host, HostEvent::What::Connect, c.error, SynVerdict::Queued, 0});
        return;
    }
    if (c.reused_time_wait) {
        // Linux kills the TIME-WAIT socket whose 4-tuple the new connection takes.
        ++m_tw_reused;
        const auto old = m_client_time_wait.find(*c.tuple);
        if (old != m_client_time_wait.end()) {
            Conn& gone = m_conns[old->second];
            m_changes.push_back({m_now, old->second, p.host, State::TimeWait, State::Closed});
            // Its 2MSL timer stops with it (tcp_twsk_unique kills the TIME-WAIT socket).
            if (Event* e = record(old->second, HostSide::Client, EventKind::Timer)) {
                e->timer = TimerKind::TimeWait;
                e->timer_op = TimerOp::Stop;
            }
            if (Event* e = record(old->second, HostSide::Client, EventKind::State)) {
                e->from = State::TimeWait;
                e->to = State::Closed;
                e->cause = Cause::TimeWaitReused;
            }
            gone.ends[at(HostSide::Client)].reset();
            gone.timer_at[at(HostSide::Client)].reset();
            m_client_time_wait.erase(old);
        }
    }
    const auto index = static_cast<std::uint32_t>(m_conns.size());
    if (m_recording.mode == HostRecording::Mode::FirstClient && (!m_shown_program || *m_shown_program == program))
        m_recording = {HostRecording::Mode::One, index};
    Conn& conn = m_conns.emplace_back();
    conn.tuple = *c.tuple;
    conn.host = {p.host, p.server};
    conn.client = program;
    if (!p.calls.empty()) m_script_conn[program] = index;
    conn.server = m_client_server[program];   // before the program, which is told its server's
    conn.app[at(HostSide::Client)] = m_client_apps[program]
                                         ? m_client_apps[program]()
                                         : builtinClient(p, m_run.servers[conn.server], tlsSessionsOf(p.host));
    joinLinks(conn, p.host, p.server);
    conn.ends[at(HostSide::Client)].emplace(configFor(conn, HostSide::Client, m_client_base[program] + k));
    if (recorded(index)) {
        sampleTcb(index, HostSide::Client);
        recordCall(index, HostSide::Client, CallKind::Connect);
    }
    conn.ends[at(HostSide::Client)]->connect(m_now, m_actions);
    apply(index, HostSide::Client);
}

void HostSimulator::openQuic(std::uint16_t program, std::uint32_t k) {
    const ClientProgram& p = m_run.clients[program];
    const std::uint32_t local = addressFor(m_run.hosts[p.host], k);
    // An ephemeral UDP port, from Linux's default ip_local_port_range (32768 to 60999).
    const auto port = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(32768, 60999)(m_rng));
    const auto index = static_cast<std::uint32_t>(m_conns.size());
    if (m_recording.mode == HostRecording::Mode::FirstClient && (!m_shown_program || *m_shown_program == program))
        m_recording = {HostRecording::Mode::One, index};
    Conn& conn = m_conns.emplace_back();
    conn.quic = true;
    conn.tuple = {{local, port}, {m_run.hosts[p.server].info.address, p.port}};
    conn.host = {p.host, p.server};
    conn.client = program;
    conn.server = m_client_server[program];
    joinLinks(conn, p.host, p.server);
    const QuicPath path{local, conn.tuple.remote.address, port, p.port};
    conn.quic_end[at(HostSide::Client)] =
        makeQuicClient(p, m_run.servers[conn.server], path, m_rng(), quicSessionsOf(p.host));
    if (recorded(index)) recordCall(index, HostSide::Client, CallKind::Connect);
    quicFlush(index, HostSide::Client);
}

void HostSimulator::quicFlush(std::uint32_t c, HostSide side) {
    QuicProgram& q = *m_conns[c].quic_end[at(side)];
    std::vector<QuicDatagram> out = q.send(m_now);
    for (std::string& line : q.takeKeyLog())
        if (recorded(c)) m_trace.key_log.push_back(std::move(line));
    for (QuicDatagram& d : out) {
        Conn& conn = m_conns[c];
        const FourTuple t = tupleAt(conn, side);
        Segment s;
        s.transport = Transport::Udp;
        s.src_port = t.local.port;
        s.dst_port = t.remote.port;
        std::uint64_t& sent = conn.udp_sent[at(side)];
        s.seq = SeqNum(static_cast<std::uint32_t>(sent));
        const auto length = static_cast<std::uint32_t>(d.bytes.size());
        s.payload = Payload(std::move(d.bytes));
        finalize(s, PseudoHeader{t.local.address, t.remote.address});
        if (recorded(c)) {
            // Each packet with its STREAM frames, for the inspector and the streams' waits.
            std::vector<MessageDetail> details;
            for (QuicPacket& packet : d.packets) {
                MessageDetail& detail = details.emplace_back();
                detail.name = std::move(packet.name);
                for (auto& [name, value] : packet.parameters)
                    detail.fields.push_back({MessageFieldKind::TransportParameter, {std::move(name), std::move(value)}, true, 0});
                for (const QuicStreamFrame& f : packet.frames)
                    detail.fields.push_back({MessageFieldKind::QuicStream,
                                             {std::to_string(f.stream), std::to_string(f.offset), std::to_string(f.length)},
                                             true, 0});
            }
            m_trace.messages.push_back({sideOf(side), sent, length, std::move(d.name), d.application, c, std::move(details)});
        }
        sent += length;
        toWire(c, side, std::move(s));
    }
    Conn& conn = m_conns[c];
    auto& due = conn.timer_at[at(side)];
    due.reset();
    if (const auto when = q.expiry()) {
        due = std::max(*when, m_now);
        push({*due, 0, Kind::Timers, side, c});
    }
}

void HostSimulator::quicArrive(std::uint32_t c, HostSide to, const Segment& datagram) {
    std::vector<std::uint8_t> bytes;
    datagram.payload.appendTo(bytes);
    Conn& conn = m_conns[c];
    auto& end = conn.quic_end[at(to)];
    if (!end) {
        // The server's end is made by the client's first datagram (ngtcp2_accept).
        if (to != HostSide::Server || m_servers[conn.server].down) return;
        const FourTuple t = tupleAt(conn, to);
        end = makeQuicServer(m_run.servers[conn.server], bytes, {t.local.address, t.remote.address, t.local.port, t.remote.port},
                             m_rng());
        if (!end) return;
    }
    end->receive(bytes, m_now);
    quicFlush(c, to);
}

Event* HostSimulator::record(std::uint32_t c, HostSide side, EventKind kind) {
    if (!recorded(c)) return nullptr;
    Event& e = m_trace.events.emplace_back();
    e.kind = kind;
    e.endpoint = sideOf(side);
    e.input = static_cast<std::uint32_t>(m_input);
    e.time = m_now;
    e.conn = c;
    return &e;
}

void HostSimulator::recordCall(std::uint32_t c, HostSide side, CallKind call, std::uint32_t bytes) {
    if (Event* e = record(c, side, EventKind::Call)) {
        e->call = call;
        e->bytes = bytes;
        m_input = m_trace.events.size() - 1;   // what the call causes follows from it
    }
}

void HostSimulator::sampleTcb(std::uint32_t c, HostSide side) {
    // Only a trace of one connection has a TCB to show beside its diagram.
    if (m_recording.mode != HostRecording::Mode::One || m_recording.connection != c) return;
    const auto& end = m_conns[c].ends[at(side)];
    if (!end) return;
    auto& samples = m_trace.tcb_samples[idx(sideOf(side))];
    const TcbNumbers now = end->numbers();
    if (samples.empty()) {
        samples.push_back({0, now});
        return;
    }
    if (now == samples.back().tcb) return;
    samples.push_back({static_cast<std::uint32_t>(m_trace.events.size()), now});
}

void HostSimulator::toWire(std::uint32_t c, HostSide from, Segment&& segment, SendReason reason,
                           std::uint32_t cwnd, std::uint32_t ssthresh, std::uint32_t flight) {
    ++m_segments;
    ++m_conns[c].segments;
    std::uint32_t record_id = 0;
    if (recorded(c)) {
        record_id = static_cast<std::uint32_t>(m_trace.segments.size() + 1);
        m_trace.segments.push_back({record_id, sideOf(from), reason, segment, m_now, cwnd, ssthresh, flight});
        record(c, from, EventKind::Send)->segment = record_id;
    }
    const Conn& conn = m_conns[c];
    sendOver(conn.link[at(from)], c, from, std::move(segment), record_id,
             reason == SendReason::Retransmission || reason == SendReason::FastRetransmit, conn.down[at(from)], 0);
}

void HostSimulator::sendOver(std::uint32_t link, std::uint32_t c, HostSide from, Segment&& segment,
                             std::uint32_t record_id, bool retransmission, std::uint32_t next, std::uint16_t copy) {
    const std::size_t wire_bytes = 20 + segment.data_offset * 4u + segment.payload.size();
    LinkDecision d = m_links[link].decide({segment, record_id, retransmission, wire_bytes}, m_now, m_rng);
    if (d.dropped) {
        // A lost segment dies half-way along the link, as in a lesson's diagram.
        if (record_id) {
            Item drop{m_now + m_link_delay[link] / 2, 0, Kind::Drop, from, c, 0, record_id};
            drop.copy = static_cast<std::uint16_t>(*d.dropped);   // the reason, for the Drop event
            push(drop);
        }
        return;
    }
    for (std::size_t k = 0; k < d.arrivals.size(); ++k) {
        std::uint32_t slot;
        Segment one = k + 1 < d.arrivals.size() ? segment : std::move(segment);
        if (!m_free_wire.empty()) {
            slot = m_free_wire.back();
            m_free_wire.pop_back();
            m_wire[slot] = std::move(one);
        } else {
            slot = static_cast<std::uint32_t>(m_wire.size());
            m_wire.push_back(std::move(one));
        }
        // At the switch of a star it goes on down the receiver's link, at its time (a link
        // decides in the order packets reach it).
        Item arrive{d.arrivals[k], 0, next == kNoLink ? Kind::Arrive : Kind::Switch, other(from), c, slot, record_id};
        arrive.copy = static_cast<std::uint16_t>(copy + k);
        push(arrive);
    }
}

std::uint32_t HostSimulator::starLink(HostId host, bool up) {
    // Keyed (host, switch) up and (switch, host) down, beside the pairs' (from, to).
    constexpr HostId kSwitch = UINT16_MAX;
    const auto key = up ? std::make_pair(host, kSwitch) : std::make_pair(kSwitch, host);
    if (const auto it = m_link_of.find(key); it != m_link_of.end()) return it->second;
    // What a host sends goes up its own link: its faults act there, not again on the way down.
    return newLink(key, up ? host : kSwitch, m_run.starHop(host, up));
}

void HostSimulator::finTimeout(std::uint32_t c, HostSide side) {
    Conn& conn = m_conns[c];
    auto& end = conn.ends[at(side)];
    if (!end || end->state() != State::FinWait2) return;   // the FIN came in time
    m_changes.push_back({m_now, c, conn.host[at(side)], State::FinWait2, State::Closed});
    // Not a transition of RFC 9293's diagram but Linux's (tcp_fin_timeout).
    if (Event* e = record(c, side, EventKind::State)) {
        e->from = State::FinWait2;
        e->to = State::Closed;
        e->cause = Cause::FinTimeout;
    }
    hostOf(conn, side).released(tupleAt(conn, side));
    end.reset();   // gone without a word: no RST (inet_twsk_kill)
    conn.timer_at[at(side)].reset();
    noteQueues(c, side);
}

void HostSimulator::flood(std::uint16_t program, std::uint32_t k) {
    const SynFlood& f = m_run.floods[program];
    const auto index = static_cast<std::uint32_t>(m_conns.size());
    Conn& conn = m_conns.emplace_back();
    conn.spoofed = true;
    conn.host = {f.via, f.target};
    conn.server = m_flood_server[program];
    joinLinks(conn, f.via, f.target);
    // Sources in 10.0.0.0/8 that no host answers for, a /16 for each flood.
    conn.tuple = {{0x0A000000u + (std::uint32_t{program} << 16) + 1 + k / 50'000, static_cast<std::uint16_t>(1024 + k % 50'000)},
                  {m_run.hosts[f.target].info.address, f.port}};
    Segment syn;
    syn.src_port = conn.tuple.local.port;
    syn.dst_port = conn.tuple.remote.port;
    syn.seq = SeqNum(k * 2'654'435'761u);
    syn.flags = kSyn;
    syn.window = 65535;
    syn.options.mss = 1460;
    finalize(syn, PseudoHeader{conn.tuple.local.address, conn.tuple.remote.address});
    toWire(index, HostSide::Client, std::move(syn));
}

std::uint32_t HostSimulator::cookieOf(const Conn& conn) const {
    // A keyed hash of the 4-tuple (a real cookie also encodes the MSS and a time counter).
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ conn.tuple.local.address;
    h = (h ^ conn.tuple.local.port) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ conn.tuple.remote.port) * 0x94D049BB133111EBull;
    return static_cast<std::uint32_t>(h >> 32);
}

void HostSimulator::sendCookie(std::uint32_t c, const Segment& syn) {
    const Conn& conn = m_conns[c];
    Segment sa;
    sa.src_port = syn.dst_port;
    sa.dst_port = syn.src_port;
    sa.seq = SeqNum(cookieOf(conn));
    sa.ack = syn.seq + 1;
    sa.flags = kSyn | kAck;
    sa.window = static_cast<std::uint16_t>(std::min<std::uint32_t>(m_run.tcp.window, 65535));
    sa.options.mss = m_run.tcp.mss;
    finalize(sa, PseudoHeader{conn.tuple.remote.address, conn.tuple.local.address});
    ++m_cookies;
    m_host_events.push_back({m_now, conn.host[at(HostSide::Server)], HostEvent::What::Syn, SocketError::None, SynVerdict::Cookie, c});
    toWire(c, HostSide::Server, std::move(sa));
}

bool HostSimulator::acceptCookie(std::uint32_t c, const Segment& ack) {
    Conn& conn = m_conns[c];
    Host& server = hostOf(conn, HostSide::Server);
    if (server.profile().syncookies == 0 || !ack.has(kAck) || ack.has(kSyn) || ack.has(kRst)) return false;
    if (ack.ack != SeqNum(cookieOf(conn)) + 1) return false;
    Server& program = m_servers[conn.server];
    const AckVerdict v = server.handshakeAcked(program.listener, conn.tuple.local, true);
    if (v != AckVerdict::Accepted) {
        m_host_events.push_back({m_now, conn.host[at(HostSide::Server)], HostEvent::What::HandshakeAck, SocketError::None,
                                 SynVerdict::DropAcceptFull, c});
        return false;
    }
    auto& end = conn.ends[at(HostSide::Server)];
    end.emplace(configFor(conn, HostSide::Server, c));
    end->startEstablished(ack.ack, ack.seq, ack.window, m_run.tcp.mss);
    m_changes.push_back({m_now, c, conn.host[at(HostSide::Server)], State::Listen, State::Established});
    if (Event* e = record(c, HostSide::Server, EventKind::State)) {
        // The cookie stood for the SYN-RECEIVED the listener never kept.
        e->from = State::Listen;
        e->to = State::Established;
        e->cause = Cause::RcvAckOfSyn;
    }
    sampleTcb(c, HostSide::Server);
    conn.accepted = true;
    program.by_tuple[tupleAt(conn, HostSide::Server)] = c;
    return true;
}

void HostSimulator::arrive(const Item& item) {
    const Segment seg = std::move(m_wire[item.segment]);
    m_free_wire.push_back(item.segment);
    Conn& conn = m_conns[item.conn];
    Host& server = hostOf(conn, HostSide::Server);
    Server& program = m_servers[conn.server];
    const HostId server_host = conn.host[at(HostSide::Server)];
    auto& end = conn.ends[at(item.to)];
    std::optional<std::size_t> arrival;   // its event, when recorded
    if (Event* e = record(item.conn, item.to, EventKind::Arrive)) {
        e->segment = item.record;
        e->copy = item.copy;
        arrival = m_trace.events.size() - 1;
    }
    if (conn.quic) {
        quicArrive(item.conn, item.to, seg);
        return;
    }
    // What the host's kernel did with it, on the arrival's event.
    const auto noteDrop = [&](Notice n) {
        if (arrival) m_trace.events[*arrival].notice = n;
    };
    if (item.to == HostSide::Server) {
        const SocketAddress from = conn.tuple.local;
        if (!end && program.down) {
            // No program listens: the kernel refuses it.
            if (seg.has(kSyn) && !seg.has(kAck))
                m_host_events.push_back({m_now, server_host, HostEvent::What::Syn, SocketError::None, SynVerdict::Refused, item.conn});
            sendReset(item.conn, seg);
            return;
        }
        if (!end) {
            // No socket for it yet: the listener decides (tcp_conn_request). An ACK may carry a
            // SYN cookie; anything else finds no connection and is dropped.
            if (!seg.has(kSyn)) {
                if (!acceptCookie(item.conn, seg)) return;
            } else if (seg.has(kAck)) {
                return;
            } else {
                const SynVerdict v = server.synArrived(program.listener, from, m_now);
                if (v == SynVerdict::Cookie) {
                    sendCookie(item.conn, seg);
                    return;
                }
                if (v != SynVerdict::Queued) {
                    m_host_events.push_back({m_now, server_host, HostEvent::What::Syn, SocketError::None, v, item.conn});
                    noteDrop(v == SynVerdict::DropSynQueueFull ? Notice::SynQueueFull : Notice::AcceptQueueFull);
                    return;
                }
                end.emplace(configFor(conn, HostSide::Server, item.conn));
                end->listen(m_now, m_actions);   // a new TCB per SYN, as if it had listened itself
                m_actions.clear();               // (its CLOSED -> LISTEN is the listener's, not drawn)
                sampleTcb(item.conn, HostSide::Server);
            }
        } else if (end->state() == State::SynReceived && seg.has(kAck) && !conn.accepted) {
            // The ACK that completes the handshake needs room in the accept queue.
            const AckVerdict v = server.handshakeAcked(program.listener, from, false);
            if (v == AckVerdict::Ignored || v == AckVerdict::NoRequest) {
                m_host_events.push_back({m_now, server_host, HostEvent::What::HandshakeAck, SocketError::None,
                                         SynVerdict::DropAcceptFull, item.conn});
                noteDrop(Notice::AcceptQueueFull);
                return;
            }
            if (v == AckVerdict::Reset) {
                // tcp_abort_on_overflow: the kernel resets the connection (RFC 9293's ABORT).
                end->abort(m_now, m_actions);
                apply(item.conn, item.to);
                return;
            }
            conn.accepted = true;
            program.by_tuple[tupleAt(conn, HostSide::Server)] = item.conn;
        }
    }
    if (!end) return;
    end->onSegment(seg, m_now, m_actions);
    apply(item.conn, item.to);
}

void HostSimulator::apply(std::uint32_t c, HostSide side) {
    Conn& conn = m_conns[c];
    Host& host = hostOf(conn, side);
    const HostId host_id = conn.host[at(side)];
    const FourTuple tuple = tupleAt(conn, side);
    bool request_gone = false;
    const std::size_t input_event = m_input;
    for (Action& action : m_actions.list) {
        if (auto* sc = std::get_if<StateChange>(&action)) {
            if (Event* e = record(c, side, EventKind::State)) {
                e->from = sc->from;
                e->to = sc->to;
                e->cause = sc->cause;
            }
            // A request given up (its SYN,ACK unanswered, an RST) goes back to the listener: the
            // per-SYN TCB is gone, and the listener stays in LISTEN.
            if (side == HostSide::Server && sc->from == State::SynReceived &&
                (sc->to == State::Listen || sc->to == State::Closed)) {
                m_changes.push_back({m_now, c, host_id, sc->from, State::Closed});
                host.requestDropped(m_servers[conn.server].listener, conn.tuple.local);
                request_gone = true;
                continue;
            }
            m_changes.push_back({m_now, c, host_id, sc->from, sc->to});
            if (sc->to == State::TimeWait) {
                host.timeWait(tuple, m_now);
                if (side == HostSide::Client) m_client_time_wait[tuple] = c;
            }
            // Linux keeps an orphaned FIN-WAIT-2 for tcp_fin_timeout only (tcp_rcv_state_process
            // makes it a FIN-WAIT-2 timewait socket of that lifetime), where RFC 9293 waits for the
            // peer's FIN for ever.
            if (sc->to == State::FinWait2 && conn.closed[at(side)] && host.profile().fin_timeout > 0)
                push({m_now + host.profile().fin_timeout, 0, Kind::FinTimeout, side, c, 0});
            if (sc->to == State::Closed) {
                host.released(tuple);
                if (side == HostSide::Client && sc->from == State::TimeWait) m_client_time_wait.erase(tuple);
            }
        } else if (auto* send = std::get_if<SendAction>(&action)) {
            toWire(c, side, std::move(send->segment), send->reason, send->cwnd, send->ssthresh, send->flight);
        } else if (auto* deliver = std::get_if<DeliverAction>(&action)) {
            m_conns[c].got[at(side)] += deliver->data.size();
            // Kept for a program that reads them, or for the one accept() will give them to.
            if (const auto& app = m_conns[c].app[at(side)]; !app || app->readsBytes())
                m_conns[c].inbox[at(side)].push_back(std::move(deliver->data));
            if (Event* e = record(c, side, EventKind::Deliver)) e->bytes = deliver->data.size();
        } else if (auto* timer = std::get_if<TimerAction>(&action)) {
            // 2MSL started again (a FIN retransmitted into TIME-WAIT, RFC 9293 §3.10.7.4): the
            // kernel keeps the 4-tuple that much longer too (Linux's inet_twsk_reschedule).
            if (timer->kind == TimerKind::TimeWait && timer->op == TimerOp::Start) host.timeWait(tuple, m_now);
            if (Event* e = record(c, side, EventKind::Timer)) {
                e->timer = timer->kind;
                e->timer_op = timer->op;
                e->deadline = timer->deadline;
            }
        } else if (!recorded(c)) {
            continue;
        } else if (auto* notice = std::get_if<NoticeAction>(&action)) {
            // As in the lessons' simulator: a signal belongs to the call or arrival that caused it.
            if (input_event < m_trace.events.size() && m_trace.events[input_event].notice == Notice::None)
                m_trace.events[input_event].notice = notice->notice;
        } else if (auto* dup = std::get_if<DupAckAction>(&action)) {
            if (input_event < m_trace.events.size())
                m_trace.events[input_event].dup_ack =
                    static_cast<std::uint16_t>(std::min<std::uint32_t>(dup->count, UINT16_MAX));
        }
    }
    m_actions.clear();
    sampleTcb(c, side);
    if (request_gone) {
        conn.ends[at(side)].reset();
        conn.timer_at[at(side)].reset();
        noteQueues(c, side);
        return;
    }
    noteQueues(c, side);
    react(c, side);
    // The endpoint's next timer.
    Conn& again = m_conns[c];
    const std::optional<TimeUs> due = again.ends[at(side)]->pollAt();
    if (due) {
        const TimeUs when = std::max(*due, m_now);
        if (again.timer_at[at(side)] != when) {
            again.timer_at[at(side)] = when;
            push({when, 0, Kind::Timers, side, c, 0});
        }
    }
}

void HostSimulator::scriptCall(std::uint16_t program, std::uint32_t k) {
    if (!m_script_conn[program]) return;   // its connect() failed
    const std::uint32_t c = *m_script_conn[program];
    Conn& conn = m_conns[c];
    auto& end = conn.ends[at(HostSide::Client)];
    if (!end || conn.closed[at(HostSide::Client)]) return;   // gone, or closed already
    const ProgramCall& call = m_run.clients[program].calls[k];
    Socket socket(*this, c, HostSide::Client);
    switch (call.call) {
        case CallKind::Send: socket.send(call.bytes); break;
        case CallKind::Close: socket.close(); break;
        case CallKind::Abort: socket.abort(); break;
        default: break;   // the reader lets no other call through
    }
}

void HostSimulator::stopServer(std::uint16_t server) {
    Server& s = m_servers[server];
    const ServerProgram& p = m_run.servers[server];
    if (s.down) return;
    s.down = true;
    Host& host = m_hosts[p.host];
    m_host_events.push_back({m_now, p.host, HostEvent::What::Stop, SocketError::None, SynVerdict::Queued, 0});
    // The kernel closes what the program held, as exit() does (inet_csk_listen_stop, tcp_close).
    for (std::uint32_t c = 0; c < m_conns.size(); ++c) {
        Conn& conn = m_conns[c];
        auto& end = conn.ends[at(HostSide::Server)];
        if (conn.server != server || !end || conn.closed[at(HostSide::Server)]) continue;
        if (conn.taken) {
            closeEnd(c, HostSide::Server);   // the program's socket: a FIN after what it wrote
        } else if (conn.accepted) {
            // Established, still in the accept queue: reset (inet_child_forget).
            conn.closed[at(HostSide::Server)] = true;
            end->abort(m_now, m_actions);
            apply(c, HostSide::Server);
        } else {
            // A request in the SYN queue goes without a word.
            m_changes.push_back({m_now, c, p.host, end->state(), State::Closed});
            end.reset();
            conn.timer_at[at(HostSide::Server)].reset();
            noteQueues(c, HostSide::Server);
        }
    }
    host.closeListener(s.listener);
    s.by_tuple.clear();
    s.accept_tick = false;
}

void HostSimulator::listenAgain(std::uint16_t server) {
    Server& s = m_servers[server];
    const ServerProgram& p = m_run.servers[server];
    if (!s.down) return;
    const Host::Listening l = m_hosts[p.host].listen(p.port, p.backlog, p.reuse_address);
    m_host_events.push_back({m_now, p.host, HostEvent::What::Listen, l.error, SynVerdict::Queued, 0});
    if (!l.listener) {
        // bind() says EADDRINUSE while a socket of the old program holds the port (TIME-WAIT
        // ones too, without SO_REUSEADDR): it tries again a second later, as a supervisor would.
        push({m_now + 1'000'000, 0, Kind::Listen, HostSide::Server, 0, server});
        return;
    }
    s.listener = *l.listener;
    s.down = false;
    s.accept_blocked = false;
    s.next_accept = m_now;
}

void HostSimulator::sendReset(std::uint32_t c, const Segment& to) {
    if (to.has(kRst)) return;
    const Conn& conn = m_conns[c];
    Segment rst;
    rst.src_port = to.dst_port;
    rst.dst_port = to.src_port;
    if (to.has(kAck)) {
        rst.seq = to.ack;
        rst.flags = kRst;
    } else {
        rst.ack = to.end();
        rst.flags = kRst | kAck;
    }
    finalize(rst, PseudoHeader{conn.tuple.remote.address, conn.tuple.local.address});
    toWire(c, HostSide::Server, std::move(rst));
}

void HostSimulator::closeEnd(std::uint32_t c, HostSide side, bool abort) {
    Conn& conn = m_conns[c];
    if (conn.closed[at(side)]) return;
    conn.closed[at(side)] = true;
    hostOf(conn, side).closeDescriptor(tupleAt(conn, side));
    const bool linger_zero = abort || (side == HostSide::Client && m_run.clients[conn.client].linger_zero);
    recordCall(c, side, linger_zero ? CallKind::Abort : CallKind::Close);
    if (linger_zero)
        conn.ends[at(side)]->abort(m_now, m_actions);   // SO_LINGER {1, 0}: an RST
    else
        conn.ends[at(side)]->close(m_now, m_actions);
    apply(c, side);
    if (side == HostSide::Server) acceptWaiting(conn.server);   // a descriptor is free again
}

void HostSimulator::acceptWaiting(std::uint16_t server) {
    Server& s = m_servers[server];
    const ServerProgram& p = m_run.servers[server];
    if (s.down) return;
    Host& host = m_hosts[p.host];
    s.longest = std::max(s.longest, host.acceptQueueLength(s.listener));
    const double rate = p.accepts_per_second;
    while (host.acceptQueueLength(s.listener) > 0) {
        if (rate > 0) {
            // A slow program: one accept() per 1/rate, the next one on a tick of its own.
            if (m_now < s.next_accept) {
                if (!s.accept_tick) {
                    s.accept_tick = true;
                    push({s.next_accept, 0, Kind::AcceptTick, HostSide::Server, 0, server});
                }
                return;
            }
            s.next_accept = m_now + static_cast<TimeUs>(std::llround(1e6 / rate));
        }
        const Host::Accepted a = host.accept(s.listener);
        if (!a.tuple) {
            if (!s.accept_blocked)   // said once, until an accept() succeeds again
                m_host_events.push_back({m_now, p.host, HostEvent::What::Accept, a.error, SynVerdict::Queued, 0});
            s.accept_blocked = true;
            return;
        }
        s.accept_blocked = false;
        const auto it = s.by_tuple.find(*a.tuple);
        if (it == s.by_tuple.end()) continue;
        const std::uint32_t c = it->second;
        s.by_tuple.erase(it);
        Conn& taken = m_conns[c];
        taken.taken = true;
        taken.app[at(HostSide::Server)] =
            m_server_apps[server] ? m_server_apps[server]() : builtinServer(p, m_run.clients[taken.client]);
        noteQueues(c, HostSide::Server);   // the program reads what waited
        react(c, HostSide::Server);
    }
}

void HostSimulator::react(std::uint32_t c, HostSide side) {
    Conn& conn = m_conns[c];
    if (conn.spoofed) return;   // no program on either end
    if (side == HostSide::Server && !conn.taken) {
        // Until the program accept()s it, the kernel holds it (acceptWaiting reacts for it).
        if (conn.accepted) acceptWaiting(conn.server);
        return;
    }
    if (!conn.app[at(side)] || conn.told[at(side)].busy) return;   // told one thing at a time
    conn.told[at(side)].busy = true;
    Socket socket(*this, c, side);
    // One callback at a time, the connection looked at again after each (a callback may change
    // it, and m_conns may grow under it: a program may connect again).
    for (;;) {
        Conn& now = m_conns[c];
        Conn::Told& told = now.told[at(side)];
        Application& app = *now.app[at(side)];
        const bool gone = now.closed[at(side)];   // the program closed it: nothing more to tell
        const State state = socket.state();
        const bool synchronized = state != State::Closed && state != State::Listen && state != State::SynSent &&
                                  state != State::SynReceived;
        if (gone) break;
        if (!told.connected && synchronized) {
            told.connected = true;
            app.connected(socket);
        } else if (told.connected && now.got[at(side)] > told.read) {
            told.read = now.got[at(side)];
            app.readable(socket);
            // A program that only counts what it is handed keeps none of it.
            if (!app.readsBytes()) m_conns[c].inbox[at(side)].clear();
        } else if (told.unacknowledged && socket.unacknowledged() == 0 && synchronized) {
            told.unacknowledged = false;
            app.writable(socket);
        } else if (!told.closed && (state == State::CloseWait || (state == State::Closed && now.ends[at(side)]))) {
            told.closed = true;
            app.closed(socket);
        } else {
            told.unacknowledged = socket.unacknowledged() > 0;
            break;
        }
    }
    m_conns[c].told[at(side)].busy = false;
}

std::optional<std::uint32_t> HostSimulator::recordedConnection() const {
    if (m_recording.mode != HostRecording::Mode::One || m_recording.connection >= m_conns.size()) return std::nullopt;
    return m_recording.connection;
}

Trace HostSimulator::takeTrace() {
    Trace t = std::move(m_trace);
    m_trace = Trace{};
    t.end.reason = m_cut ? EndReason::Horizon : EndReason::Quiet;
    t.end.time = m_cut ? m_run.horizon : (t.events.empty() ? m_now : t.events.back().time);
    if (m_recording.mode == HostRecording::Mode::One) {
        // A trace of two endpoints, as a lesson's: the connection's own addresses and ports.
        if (m_recording.connection < m_conns.size()) {
            const Conn& conn = m_conns[m_recording.connection];
            t.endpoints[0].name = conn.spoofed ? "spoofed" : m_run.hosts[conn.host[0]].info.name;
            t.endpoints[0].address = conn.tuple.local.address;
            t.endpoints[0].port = conn.tuple.local.port;
            t.endpoints[1].name = m_run.hosts[conn.host[1]].info.name;
            t.endpoints[1].address = conn.tuple.remote.address;
            t.endpoints[1].port = conn.tuple.remote.port;
        }
        for (Side s : {Side::A, Side::B})
            if (t.tcb_samples[idx(s)].empty()) t.tcb_samples[idx(s)].push_back({0, TcbNumbers{}});
        for (const HostEvent& e : m_host_events)
            if (e.connection == m_recording.connection && e.what != HostEvent::What::Connect &&
                e.what != HostEvent::What::Accept)
                t.host_events.push_back(e);
        return t;
    }
    if (m_recording.mode == HostRecording::Mode::All) {
        t.of_hosts = true;
        t.connections.reserve(m_conns.size());
        for (std::size_t c = 0; c < m_conns.size(); ++c) {
            const Conn& conn = m_conns[c];
            t.connections.push_back({static_cast<std::uint32_t>(c),
                                     {conn.spoofed ? std::string() : m_run.hosts[conn.host[0]].info.name,
                                      conn.tuple.local.address, conn.tuple.local.port},
                                     {m_run.hosts[conn.host[1]].info.name, conn.tuple.remote.address,
                                      conn.tuple.remote.port},
                                     conn.spoofed});
        }
        t.host_events = m_host_events;
    }
    return t;
}

std::vector<ConnectionSummary> HostSimulator::summaries() const {
    std::vector<ConnectionSummary> out(m_conns.size());
    std::vector<std::array<bool, 2>> seen(m_conns.size(), {false, false});
    for (std::size_t c = 0; c < m_conns.size(); ++c) {
        const Conn& conn = m_conns[c];
        ConnectionSummary& s = out[c];
        s.id = static_cast<std::uint32_t>(c);
        s.a_host = conn.host[0];
        s.b_host = conn.host[1];
        s.a = conn.tuple.local;
        s.b = conn.tuple.remote;
        s.segments = conn.segments;
        s.spoofed = conn.spoofed;
        s.client = conn.client;
    }
    for (const SocketChange& ch : m_changes) {
        ConnectionSummary& s = out[ch.connection];
        const bool client = ch.host == s.a_host;
        bool& first = seen[ch.connection][client ? 0 : 1];
        if (!first) (client ? s.a_first : s.b_first) = ch.from;
        first = true;
        (client ? s.a_last : s.b_last) = ch.to;
    }
    return out;
}

std::array<std::uint32_t, kStateCount> HostSimulator::statesAt(HostId host, TimeUs time) const {
    std::array<std::int64_t, kStateCount> n{};
    for (const SocketChange& ch : m_changes) {
        if (ch.time > time) break;
        if (ch.host != host) continue;
        // A server's socket starts from LISTEN without a change of its own (the listener's); a
        // client's end is never in LISTEN.
        const bool from_listener = ch.from == State::Listen;
        if (ch.from != State::Closed && !from_listener) --n[static_cast<std::size_t>(ch.from)];
        if (ch.to != State::Closed) ++n[static_cast<std::size_t>(ch.to)];
    }
    std::array<std::uint32_t, kStateCount> out{};
    for (std::size_t i = 0; i < kStateCount; ++i) out[i] = static_cast<std::uint32_t>(std::max<std::int64_t>(0, n[i]));
    return out;
}

HostOutcome simulateHosts(const HostScenario& scenario, HostRecording recording) {
    HostSimulator sim(scenario.run, recording);
    sim.run();
    HostOutcome out;
    out.run = scenario.run;
    out.connections = sim.summaries();
    out.segments = sim.segmentsSent();
    out.recorded = sim.recordedConnection();
    out.trace = sim.takeTrace();
    out.trace.scenario_id = scenario.id;
    out.trace.scenario_title = scenario.title.in("en");
    out.changes = sim.changes();
    out.host_events = sim.hostEvents();
    out.listener = sim.listenerSamples();
    out.queues = sim.queueChanges();
    return out;
}

}  // namespace tcpviz::core
