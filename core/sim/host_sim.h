#pragma once
// Many connections between hosts (issue 16). Client programs open short connections at a rate;
// server programs accept them, read the request, answer and close, or (the CLOSE-WAIT leak)
// never close; SYN floods send spoofed SYNs. core::Host decides what a kernel decides: ephemeral
// ports, the listeners' queues, TIME-WAIT's hold on a 4-tuple, descriptors. Each connection's two
// ends are core::Endpoint, the engine every lesson runs, over the link between their hosts (a
// core::LinkModel per direction and pair of hosts). It records, per host, every socket's state
// changes and queues, and every call the host refused.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/net/host.h"
#include "core/scenario/host_scenario.h"
#include "core/sim/application.h"
#include "core/scenario/scenario.h"
#include "core/tcp/endpoint.h"
#include "core/tcp/state.h"
#include "core/trace/trace.h"

namespace tcpviz::core {

class TlsSessionCache;   // core/sim/apps/tls.h
class QuicSessionCache;  // core/sim/apps/quic.h
class QuicProgram;

// One connection as `--list-connections` will print it: `a` is the side that sent the first SYN.
struct ConnectionSummary {
    std::uint32_t id = 0;
    HostId a_host = 0, b_host = 0;   // a spoofed `a` is no host: a_host is the flood's `via`
    SocketAddress a, b;
    // Each side's state before its first change and after its last (CLOSED when none).
    State a_first = State::Closed, a_last = State::Closed, b_first = State::Closed, b_last = State::Closed;
    std::uint64_t segments = 0;   // put on the wire by either side
    bool spoofed = false;         // a flood's SYN: `a` never answers
    std::uint16_t client = 0;     // the client program that opened it (HostRun::clients; not a flood's)
};

// A socket's state change: `connection` counts the client's connect() calls that got a socket.
struct SocketChange {
    TimeUs time = 0;
    std::uint32_t connection = 0;
    HostId host = 0;
    State from = State::Closed, to = State::Closed;
};

// A socket's queues after a change, as `ss` shows them: Recv-Q, the bytes that arrived and its
// program has not read (an accepted connection still in the accept queue holds its request
// there); Send-Q, the bytes its program wrote that the peer has not acknowledged.
struct QueueChange {
    TimeUs time = 0;
    std::uint32_t connection = 0;
    HostSide side = HostSide::Client;
    std::uint32_t recv_q = 0, send_q = 0;
};

// A server program's listener after a change of its queues.
struct ListenerSample {
    TimeUs time = 0;
    std::uint32_t syn_queue = 0, accept_queue = 0;
    std::uint16_t server = 0;   // index into HostRun::servers
};

// Which connections' events a run keeps as a Trace, in the notation of a lesson's: none (the
// socket counts only), one connection's (a trace of two endpoints: its client is A, its server
// B), or all of them (a trace of many, tcpviz-trace/2).
struct HostRecording {
    // FirstClient: the first connection the client program opens (a flood's come and go
    // before it), recorded as One.
    enum class Mode : std::uint8_t { None, One, All, FirstClient };
    Mode mode = Mode::None;
    std::uint32_t connection = 0;   // One: this one's
};

class HostSimulator {
public:
    // Throws std::invalid_argument for a run that names a host it does not have, or a client
    // whose server no program listens for (the scenario reader says which key).
    explicit HostSimulator(HostRun run, HostRecording recording = {});
    // A program's applications instead of the built-in ones (a protocol's, a test's): `make` is
    // called for each connection end the program comes to hold. Before run().
    using ApplicationFactory = std::function<std::unique_ptr<Application>()>;
    void setClientApplication(std::size_t program, ApplicationFactory make) { m_client_apps.at(program) = std::move(make); }
    void setServerApplication(std::size_t program, ApplicationFactory make) { m_server_apps.at(program) = std::move(make); }
    // Runs until nothing is left to happen or the horizon.
    void run();

    [[nodiscard]] const std::vector<SocketChange>& changes() const { return m_changes; }
    // What the hosts' kernels did on their own account, in time order.
    [[nodiscard]] const std::vector<HostEvent>& hostEvents() const { return m_host_events; }
    // The listeners' queue lengths, after each change.
    [[nodiscard]] const std::vector<ListenerSample>& listenerSamples() const { return m_listener_samples; }
    [[nodiscard]] const std::vector<QueueChange>& queueChanges() const { return m_queue_changes; }
    // The recorded events (HostRecording), once run() has returned; scenario_id and title are
    // the caller's to fill in.
    [[nodiscard]] Trace takeTrace();
    // The connection recorded as One (FirstClient: once it is known).
    [[nodiscard]] std::optional<std::uint32_t> recordedConnection() const;
    // How many of a host's sockets were in each state at `time` (CLOSED not counted): a
    // TIME-WAIT pile-up is statesAt(Client, t)[TimeWait].
    [[nodiscard]] std::array<std::uint32_t, kStateCount> statesAt(HostId host, TimeUs time) const;
    // Connections, the spoofed ones of a flood included, and whether one was spoofed.
    [[nodiscard]] std::size_t connections() const { return m_conns.size(); }
    [[nodiscard]] bool spoofed(std::size_t connection) const { return m_conns.at(connection).spoofed; }
    [[nodiscard]] std::uint64_t cookiesSent() const { return m_cookies; }
    [[nodiscard]] std::uint64_t segmentsSent() const { return m_segments; }
    // connect()s that took over a TIME-WAIT 4-tuple (tw_reuse).
    [[nodiscard]] std::uint64_t timeWaitReused() const { return m_tw_reused; }
    // The longest a server program's accept queue got.
    [[nodiscard]] std::size_t longestAcceptQueue(std::size_t server = 0) const { return m_servers.at(server).longest; }
    // Every connection, in the order the client (or the flood) opened them.
    [[nodiscard]] std::vector<ConnectionSummary> summaries() const;
    [[nodiscard]] const Host& host(HostId h) const { return m_hosts.at(h); }
    [[nodiscard]] TimeUs now() const { return m_now; }

private:
    struct Conn {
        std::array<std::optional<Endpoint>, 2> ends;   // by HostSide; the server's once its SYN is queued
        FourTuple tuple;                               // as the client sees it
        std::array<HostId, 2> host{};                  // by HostSide (a flood's client: its `via`)
        std::array<std::uint32_t, 2> link{};           // by the sending HostSide: into m_links
        std::array<std::uint32_t, 2> down{kNoLink, kNoLink};   // in a star: the receiver's down link
        std::uint16_t client = 0;                      // its ClientProgram (not for a flood's)
        std::uint16_t server = 0;                      // its ServerProgram
        std::array<std::uint32_t, 2> recv_q{}, send_q{};   // as last recorded (QueueChange)
        std::array<std::uint64_t, 2> written{};        // bytes each program wrote
        std::array<std::uint64_t, 2> got{};            // bytes each program was handed
        std::array<std::vector<Payload>, 2> inbox;     // ... and not yet taken (AppSocket::take)
        // Each end's program (the server's once accept() returned it), and what it was told.
        std::array<std::unique_ptr<Application>, 2> app;
        struct Told {
            bool connected = false, closed = false, unacknowledged = false, busy = false;
            std::uint64_t read = 0;
        };
        std::array<Told, 2> told{};
        bool accepted = false;   // the handshake found room in the accept queue
        bool taken = false;      // the server's program accept()ed it
        std::array<bool, 2> closed{};                  // the program called close()
        std::array<std::optional<TimeUs>, 2> timer_at{};
        bool spoofed = false;    // a flood's: no client end
        std::uint64_t segments = 0;
        // A QUIC connection (HTTP/3): no TCP ends, UDP datagrams between the two programs.
        bool quic = false;
        std::array<std::shared_ptr<QuicProgram>, 2> quic_end{};   // the server's once its first datagram came
        std::array<std::uint64_t, 2> udp_sent{};                   // datagram bytes each end sent
    };
    enum class Kind : std::uint8_t { Open, Arrive, Timers, Flood, AcceptTick, FinTimeout, Drop, Call, Stop, Listen, Switch };
    struct Item {
        TimeUs time = 0;
        std::uint64_t order = 0;
        Kind kind = Kind::Open;
        HostSide to = HostSide::Client;
        std::uint32_t conn = 0;      // Open, Flood: the k-th of its program; Call: the call's index
        std::uint32_t segment = 0;   // Arrive: index into m_wire; Open, Flood, AcceptTick, Call, Stop, Listen: the program
        std::uint32_t record = 0;    // Arrive, Drop: its SegmentRecord id when recorded, else 0
        std::uint16_t copy = 0;      // Arrive: 0 for the original, 1.. for the link's duplicates
    };
    struct Later {
        bool operator()(const Item& a, const Item& b) const {
            return a.time != b.time ? a.time > b.time : a.order > b.order;
        }
    };

    static constexpr std::uint32_t kNoLink = UINT32_MAX;
    void push(Item item);
    // A segment over a link: a Drop when it is lost, else an Arrive (or, `next` being the
    // receiver's down link of a star, a Switch) for each copy.
    void sendOver(std::uint32_t link, std::uint32_t c, HostSide from, Segment&& segment, std::uint32_t record_id,
                  bool retransmission, std::uint32_t next, std::uint16_t copy);
    // A star's link of `host`, up (what it sends) or down, made on first use.
    [[nodiscard]] std::uint32_t starLink(HostId host, bool up);
    void open(std::uint16_t program, std::uint32_t k);
    // A QUIC client's connection (no socket state: UDP), its datagrams, and their arrival.
    void openQuic(std::uint16_t program, std::uint32_t k);
    void quicFlush(std::uint32_t c, HostSide side);
    void quicArrive(std::uint32_t c, HostSide to, const Segment& datagram);
    // A scripted client's call (ClientProgram::calls) on its connection.
    void scriptCall(std::uint16_t program, std::uint32_t k);
    // A server program exits, and listens again (ServerProgram::stop_at, restart_at).
    void stopServer(std::uint16_t server);
    void listenAgain(std::uint16_t server);
    // The answer of a host's kernel to a segment for a port no program listens on (RFC 9293
    // §3.10.7.1: an RST, unless it is one).
    void sendReset(std::uint32_t c, const Segment& to);
    void flood(std::uint16_t program, std::uint32_t k);
    // The server's answer to a SYN it keeps nothing of: a SYN,ACK whose ISN is the cookie.
    void sendCookie(std::uint32_t c, const Segment& syn);
    [[nodiscard]] std::uint32_t cookieOf(const Conn& conn) const;
    // The ACK of a cookie's SYN,ACK, with no request kept: a connection, when the cookie is good.
    bool acceptCookie(std::uint32_t c, const Segment& ack);
    void toWire(std::uint32_t c, HostSide from, Segment&& segment, SendReason reason = SendReason::Normal,
                std::uint32_t cwnd = CongestionController::kUnlimited,
                std::uint32_t ssthresh = CongestionController::kUnlimited, std::uint32_t flight = 0);
    // Recording: whether connection c's events are kept, and a new event of it when they are.
    [[nodiscard]] bool recorded(std::uint32_t c) const {
        return m_recording.mode == HostRecording::Mode::All ||
               (m_recording.mode == HostRecording::Mode::One && m_recording.connection == c);
    }
    Event* record(std::uint32_t c, HostSide side, EventKind kind);
    void recordCall(std::uint32_t c, HostSide side, CallKind call, std::uint32_t bytes = 0);
    void sampleTcb(std::uint32_t c, HostSide side);
    // An orphaned FIN-WAIT-2 socket (its program closed it) whose tcp_fin_timeout is up is gone.
    void finTimeout(std::uint32_t c, HostSide side);
    void arrive(const Item& item);
    // Hands the endpoint's actions to the hosts, the wire and the programs.
    void apply(std::uint32_t c, HostSide side);
    // Tells the end's program what happened since it was last told (Application's callbacks),
    // one thing at a time, until there is nothing more; the kernel holds a server's connection
    // until accept() returns it.
    void react(std::uint32_t c, HostSide side);
    class Socket;   // AppSocket, for a program
    // The program's close() (an RST instead with `abort`, or with SO_LINGER {1, 0}).
    void closeEnd(std::uint32_t c, HostSide side, bool abort = false);
    // A server program accept()s what waits in its queue, while descriptors last.
    void acceptWaiting(std::uint16_t server);
    [[nodiscard]] FourTuple tupleAt(const Conn& conn, HostSide side) const;
    [[nodiscard]] EndpointConfig configFor(const Conn& conn, HostSide side, std::uint32_t k) const;
    // The link from host `from` to host `to` (made on first use from HostRun's links), and
    // whether `from` is the client's end for HostRun::link's default directions.
    [[nodiscard]] std::uint32_t linkOf(HostId from, HostId to, bool from_client);
    // A link made for `key`, with `dir`'s stages after the scripted faults of host `from`.
    [[nodiscard]] std::uint32_t newLink(std::pair<HostId, HostId> key, HostId from, const LinkDirection& dir);
    // A new connection's links: the pair's both ways, or in a star each end's up and down.
    void joinLinks(Conn& conn, HostId client, HostId server);
    // Records a socket's queues when they changed.
    void noteQueues(std::uint32_t c, HostSide side);
    [[nodiscard]] Host& hostOf(const Conn& conn, HostSide side) { return m_hosts[conn.host[static_cast<std::size_t>(side)]]; }

    // A server program's listener and what its accept() loop keeps.
    struct Server {
        std::size_t listener = 0;
        TimeUs next_accept = 0;         // a slow server's next accept()
        bool accept_tick = false;       // an AcceptTick is scheduled
        bool accept_blocked = false;    // the last accept() failed
        std::size_t longest = 0;        // the longest its accept queue got
        std::map<FourTuple, std::uint32_t> by_tuple;   // the connection of an accepted 4-tuple
        std::uint32_t syn_queue = 0, accept_queue = 0; // as last sampled
        bool sampled = false;
        std::size_t last_sample = 0;                   // its latest in m_listener_samples
        bool down = false;                             // the program has exited (stop_at)
    };

    HostRun m_run;
    std::vector<Host> m_hosts;
    std::vector<LinkModel> m_links;
    std::vector<TimeUs> m_link_delay;                          // by link: its delay
    std::map<std::pair<HostId, HostId>, std::uint32_t> m_link_of;   // (from, to) -> link
    std::vector<Server> m_servers;                             // by HostRun::servers
    std::vector<std::uint32_t> m_client_base;                  // by client program: its first k's ISN index
    std::vector<std::uint16_t> m_client_server;                // by client program: its server program
    std::vector<std::uint16_t> m_flood_server;                 // by flood: its target's server program
    std::vector<std::optional<std::uint32_t>> m_script_conn;   // by client program: a script's connection
    std::vector<ApplicationFactory> m_client_apps, m_server_apps;   // by program; empty: the built-in
    std::optional<std::uint16_t> m_shown_program;              // the client program whose first connection FirstClient records
    // Each client host's TLS session cache, as a browser keeps one, made on first use.
    std::map<HostId, std::shared_ptr<TlsSessionCache>> m_tls_sessions;
    [[nodiscard]] const std::shared_ptr<TlsSessionCache>& tlsSessionsOf(HostId host);
    std::map<HostId, std::shared_ptr<QuicSessionCache>> m_quic_sessions;
    [[nodiscard]] const std::shared_ptr<QuicSessionCache>& quicSessionsOf(HostId host);
    Rng m_rng;
    std::vector<Conn> m_conns;
    std::vector<Segment> m_wire;                 // segments on their way
    std::vector<std::uint32_t> m_free_wire;
    std::vector<Item> m_queue;                   // a min-heap by (time, order)
    std::uint64_t m_order = 0;
    std::uint64_t m_cookies = 0;
    std::uint64_t m_segments = 0;
    std::uint64_t m_tw_reused = 0;
    // The connection of a client 4-tuple in TIME-WAIT (addresses are each one host's).
    std::map<FourTuple, std::uint32_t> m_client_time_wait;
    TimeUs m_now = 0;
    Actions m_actions;
    std::vector<SocketChange> m_changes;
    std::vector<QueueChange> m_queue_changes;
    std::vector<HostEvent> m_host_events;
    std::vector<ListenerSample> m_listener_samples;
    void sampleListener();
    HostRecording m_recording;
    Trace m_trace;
    std::size_t m_input = 0;          // the trace step of the input being handled
    bool m_cut = false;               // run() stopped at the horizon with work left
};

// A scenario of hosts run to its end: what the views and the command line show.
struct HostOutcome {
    HostRun run;
    std::vector<SocketChange> changes;          // in time order
    std::vector<HostEvent> host_events;         // in time order
    std::vector<ConnectionSummary> connections;
    std::vector<ListenerSample> listener;       // in time order
    std::vector<QueueChange> queues;            // in time order
    std::uint64_t segments = 0;
    Trace trace;   // as the recording asked, with the scenario's id and title
    std::optional<std::uint32_t> recorded;   // the connection of a One or FirstClient trace
};
HostOutcome simulateHosts(const HostScenario& scenario, HostRecording recording = {});

}  // namespace tcpviz::core
