#pragma once
// A host's socket layer, as a kernel keeps it: which 4-tuples are taken (TIME-WAIT ones
// included), the ephemeral ports a connect() may pick, each listening socket's SYN queue and
// accept queue, and the file-descriptor limit. It decides; the TCP engine (core/tcp) runs the
// connections it admits. Issue 16 builds the simulation of many connections on it.
//
// Where the numbers and rules come from:
//  - the `linux` profile's defaults are those of Documentation/networking/ip-sysctl.rst (read off
//    a Linux 6.18 machine: /proc/sys/net/...), each named at its field;
//  - the `rfc` profile follows RFC 9293: 2MSL = 4 minutes (MSL = 2 minutes, §3.4.2), no cap on
//    an orphaned FIN-WAIT-2, no SYN cookies.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time.h"

namespace tcpviz::core {

struct HostProfile {
    // net.ipv4.ip_local_port_range: the ephemeral ports, both ends included (28,232 of them).
    std::uint16_t port_low = 32768, port_high = 60999;
    // How long a socket stays in TIME-WAIT. Linux: TCP_TIMEWAIT_LEN, 60 s (include/net/tcp.h;
    // not a sysctl). RFC 9293: 2MSL.
    TimeUs time_wait = 60'000'000;
    // net.ipv4.tcp_fin_timeout: how long an orphaned FIN-WAIT-2 socket waits for the peer's FIN;
    // 0: for ever (RFC 9293 has no such limit).
    TimeUs fin_timeout = 60'000'000;
    // net.core.somaxconn: the most a listen() backlog can ask for (4096 since Linux 5.4).
    std::uint32_t somaxconn = 4096;
    // net.ipv4.tcp_max_syn_backlog: per listener, the SYN-RECEIVED requests remembered when no
    // SYN cookies are sent (its default grows with memory: 2048 on the machine it was read on;
    // 128 at least).
    std::uint32_t max_syn_backlog = 2048;
    // net.ipv4.tcp_synack_retries: SYN,ACK retransmissions before a request is dropped.
    std::uint8_t synack_retries = 5;
    // net.ipv4.tcp_syncookies: 0 never, 1 when a listener's SYN queue is full, 2 always.
    std::uint8_t syncookies = 1;
    // net.ipv4.tcp_abort_on_overflow: answer a handshake that finds the accept queue full with an
    // RST (true) instead of ignoring its ACK so that the client tries again (false).
    bool abort_on_overflow = false;
    // net.ipv4.tcp_tw_reuse (0 or 1 here; Linux's default 2 means loopback only): a connect() may
    // take over the 4-tuple of a TIME-WAIT socket that has been there for at least a second
    // (tcp_twsk_unique, net/ipv4/tcp_ipv4.c).
    bool tw_reuse = false;
    // RLIMIT_NOFILE, the soft `ulimit -n` a login shell gets: every socket a program holds
    // (listening, connecting, accepted and not yet closed) takes a descriptor.
    std::uint32_t fd_limit = 1024;

    static HostProfile ofLinux();
    static HostProfile ofRfc();
    // "linux" or "rfc"; nullopt for another name.
    static std::optional<HostProfile> named(std::string_view name);
    [[nodiscard]] std::uint32_t ephemeralPorts() const { return port_high >= port_low ? port_high - port_low + 1u : 0u; }
    bool operator==(const HostProfile&) const = default;
};

// An address and port (IPv4, host order).
struct SocketAddress {
    std::uint32_t address = 0;
    std::uint16_t port = 0;
    bool operator==(const SocketAddress&) const = default;
    auto operator<=>(const SocketAddress&) const = default;
};

// A connection's 4-tuple, from this host's side.
struct FourTuple {
    SocketAddress local, remote;
    bool operator==(const FourTuple&) const = default;
    auto operator<=>(const FourTuple&) const = default;
};

// Why a socket call failed, as errno says it.
enum class SocketError : std::uint8_t {
    None,
    AddressNotAvailable,   // EADDRNOTAVAIL: connect() found no free ephemeral port for the peer
    AddressInUse,          // EADDRINUSE: bind() or listen() on a port already taken
    TooManyFiles,          // EMFILE: the descriptor limit is reached
};
std::string_view socketErrorName(SocketError e);   // "EADDRNOTAVAIL", ...

// What a listener does with an arriving SYN.
enum class SynVerdict : std::uint8_t {
    Queued,            // a request in the SYN queue: SYN-RECEIVED, a SYN,ACK sent
    Cookie,            // no request kept: a SYN,ACK carrying a SYN cookie
    DropAcceptFull,    // dropped: the accept queue is full
    DropSynQueueFull,  // dropped: the SYN queue is full and no cookies are sent
    Refused,           // no program listens on the port: an RST (RFC 9293 §3.10.7.1), ECONNREFUSED
};
std::string_view synVerdictName(SynVerdict v);

// What a listener does with the ACK that completes a handshake.
enum class AckVerdict : std::uint8_t {
    Accepted,   // a connection in the accept queue, ESTABLISHED
    Ignored,    // the accept queue is full: the ACK is dropped and the client will retransmit
    Reset,      // the accept queue is full and abort_on_overflow is set: an RST
    NoRequest,  // no request and no valid cookie for it: an RST (RFC 9293 §3.10.7.2)
};

// A connection's two ends in a simulation of many: the one whose program connect()s, and the
// one whose program listens (a host may be either, for different connections).
enum class HostSide : std::uint8_t { Client, Server };
// A host of a simulation of many connections: its index in HostRun::hosts.
using HostId = std::uint16_t;

// Something a host's kernel did on its own account, not one connection's TCP: a call or segment
// it refused, or a SYN it answered with a cookie. The host-level events of tcpviz-trace/2.
struct HostEvent {
    enum class What : std::uint8_t {
        Connect,        // connect() failed: `error` (EADDRNOTAVAIL, EMFILE)
        Syn,            // a SYN the listener did not queue: `syn` (dropped, or a cookie sent)
        HandshakeAck,   // a handshake's ACK found the accept queue full (ignored)
        Accept,         // accept() failed: `error` (EMFILE)
        Listen,         // a server program's listen(): `error` (EADDRINUSE), or None when it listens
        Stop,           // a server program exited: the kernel closed its sockets
    };
    TimeUs time = 0;
    HostId host = 0;
    What what = What::Connect;
    SocketError error = SocketError::None;        // Connect, Accept
    SynVerdict syn = SynVerdict::Queued;           // Syn
    std::uint32_t connection = 0;                  // the connection it concerns (not Connect, Accept)
    [[nodiscard]] bool refusal() const {
        return !(what == What::Syn && syn == SynVerdict::Cookie) && !(what == What::Listen && error == SocketError::None) &&
               what != What::Stop;
    }
};
// A name for the trace: "connect_failed", "syn_dropped", "syn_refused", "syn_cookie_sent",
// "ack_dropped", "accept_failed", "listen_failed", "server_listening", "server_stopped".
std::string_view hostEventName(const HostEvent& e);

class Host {
public:
    explicit Host(std::vector<std::uint32_t> addresses, HostProfile profile = HostProfile::ofLinux());

    [[nodiscard]] const HostProfile& profile() const { return m_profile; }
    [[nodiscard]] const std::vector<std::uint32_t>& addresses() const { return m_addresses; }

    // --- a client's side ---
    // connect(): a descriptor and a local port for a connection from `local` (one of this host's
    // addresses) to `remote`. A port is free for it when no socket of this host holds that
    // 4-tuple: the same port may serve many peers. The search starts at a place that depends on
    // the peer and goes round the range once (Linux's __inet_hash_connect). A TIME-WAIT 4-tuple
    // is taken over only with tw_reuse, after a second in TIME-WAIT.
    struct Connected {
        std::optional<FourTuple> tuple;
        SocketError error = SocketError::None;
        bool reused_time_wait = false;
    };
    Connected connect(std::uint32_t local, SocketAddress remote, TimeUs now);

    // --- a server's side ---
    // listen(): a listening socket on `port` with this backlog (capped at somaxconn); one
    // descriptor. Returns its index, or nullopt with the error. Another listener on the port is
    // EADDRINUSE; so is any other socket bound to it, a TIME-WAIT one included, unless
    // `reuse_address` (SO_REUSEADDR, which the accepted sockets inherit from their listener):
    // Linux's inet_csk_bind_conflict. A server restarted while its old connections wait in
    // TIME-WAIT needs it.
    struct Listening {
        std::optional<std::size_t> listener;
        SocketError error = SocketError::None;
    };
    Listening listen(std::uint16_t port, std::uint32_t backlog, bool reuse_address = false);
    // close() of a listening socket: its descriptor is free and the port no longer listens (what
    // waited in its queues is the caller's to reset).
    void closeListener(std::size_t listener);
    // A SYN from `from` to a listener (tcp_conn_request, net/ipv4/tcp_input.c): dropped when
    // the accept queue is full; otherwise a cookie when cookies are always sent, or when the SYN
    // queue holds `backlog` requests and cookies are on; otherwise dropped when the SYN queue is
    // full (without cookies Linux keeps a quarter of tcp_max_syn_backlog free); otherwise queued.
    SynVerdict synArrived(std::size_t listener, SocketAddress from, TimeUs now);
    // The ACK that completes `from`'s handshake; `cookie` when it carries a valid SYN cookie.
    AckVerdict handshakeAcked(std::size_t listener, SocketAddress from, bool cookie);
    // A request given up (its SYN,ACK retransmitted synack_retries times, or an RST).
    void requestDropped(std::size_t listener, SocketAddress from);
    // accept(): the oldest established connection, which then takes a descriptor; nullopt with
    // the error when the queue is empty (None) or the descriptor limit is reached.
    struct Accepted {
        std::optional<FourTuple> tuple;
        SocketError error = SocketError::None;
    };
    Accepted accept(std::size_t listener);
    [[nodiscard]] std::size_t synQueueLength(std::size_t listener) const { return m_listeners.at(listener).syn_queue.size(); }
    [[nodiscard]] std::size_t acceptQueueLength(std::size_t listener) const { return m_listeners.at(listener).accept_queue.size(); }
    [[nodiscard]] std::uint32_t backlog(std::size_t listener) const { return m_listeners.at(listener).backlog; }

    // --- either side ---
    // The program closed the socket: its descriptor is free. The 4-tuple stays taken until the
    // connection is gone (closed) or in TIME-WAIT (timeWait).
    void closeDescriptor(const FourTuple& t);
    // The connection entered TIME-WAIT at `now`: its 4-tuple stays taken for profile().time_wait.
    void timeWait(const FourTuple& t, TimeUs now);
    // The connection is gone (CLOSED after TIME-WAIT, an RST, an abort): the 4-tuple is free.
    void released(const FourTuple& t);
    // TIME-WAIT sockets whose time is up are released; returns how many.
    std::size_t expireTimeWait(TimeUs now);

    [[nodiscard]] std::size_t descriptors() const { return m_descriptors; }
    [[nodiscard]] std::size_t timeWaitCount() const { return m_time_wait.size(); }
    [[nodiscard]] std::size_t tuplesInUse() const { return m_tuples.size(); }

private:
    struct Request {
        SocketAddress from;
        TimeUs at = 0;
    };
    struct Listener {
        std::uint16_t port = 0;
        std::uint32_t backlog = 0;
        std::vector<Request> syn_queue;
        std::vector<FourTuple> accept_queue;   // oldest first
    };
    enum class TupleState : std::uint8_t { Open, TimeWait };
    using TimeWaitQueue = std::multimap<TimeUs, FourTuple>;   // by the time each one expires
    struct TupleEntry {
        TupleState state = TupleState::Open;
        TimeUs since = 0;            // entered TIME-WAIT at
        bool descriptor = false;     // a program still holds it
        TimeWaitQueue::iterator expiry{};   // in m_time_wait, in TIME-WAIT
    };
    void leaveTimeWait(TupleEntry& e);
    bool hasDescriptorRoom() const { return m_descriptors < m_profile.fd_limit; }
    [[nodiscard]] bool portListening(std::uint16_t port) const;

    HostProfile m_profile;
    std::vector<std::uint32_t> m_addresses;
    std::vector<Listener> m_listeners;
    std::map<FourTuple, TupleEntry> m_tuples;
    TimeWaitQueue m_time_wait;
    // Per peer, how far past the hashed start the next search begins: a connection takes the
    // port after the last one found, instead of searching the taken ones again (the
    // table_perturb of __inet_hash_connect).
    std::unordered_map<std::uint32_t, std::uint32_t> m_advance;
    // How many 4-tuples each (local address, peer) holds: when it is the whole port range, a
    // connect() fails at once instead of trying every port (tw_reuse aside).
    std::map<std::pair<std::uint32_t, SocketAddress>, std::uint32_t> m_held;
    void hold(const FourTuple& t);
    void forget(std::map<FourTuple, TupleEntry>::iterator it);
    std::size_t m_descriptors = 0;
};

}  // namespace tcpviz::core
