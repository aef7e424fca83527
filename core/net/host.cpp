#include "core/net/host.h"

#include <algorithm>
#include <utility>

namespace tcpviz::core {

HostProfile HostProfile::ofLinux() { return HostProfile{}; }

HostProfile HostProfile::ofRfc() {
    HostProfile p;
    p.time_wait = 2 * 120'000'000;   // 2MSL, MSL = 2 minutes (RFC 9293 §3.4.2)
    p.fin_timeout = 0;               // FIN-WAIT-2 waits for the peer's FIN
    p.syncookies = 0;                // not part of TCP itself (RFC 4987 describes them)
    return p;
}

std::optional<HostProfile> HostProfile::named(std::string_view name) {
    if (name == "linux") return ofLinux();
    if (name == "rfc") return ofRfc();
    return std::nullopt;
}

std::string_view socketErrorName(SocketError e) {
    switch (e) {
        case SocketError::None: return "";
        case SocketError::AddressNotAvailable: return "EADDRNOTAVAIL";
        case SocketError::AddressInUse: return "EADDRINUSE";
        case SocketError::TooManyFiles: return "EMFILE";
    }
    return "";
}

std::string_view hostEventName(const HostEvent& e) {
    switch (e.what) {
        case HostEvent::What::Connect: return "connect_failed";
        case HostEvent::What::Syn:
            return e.syn == SynVerdict::Cookie ? "syn_cookie_sent" : e.syn == SynVerdict::Refused ? "syn_refused" : "syn_dropped";
        case HostEvent::What::HandshakeAck: return "ack_dropped";
        case HostEvent::What::Accept: return "accept_failed";
        case HostEvent::What::Listen: return e.error == SocketError::None ? "server_listening" : "listen_failed";
        case HostEvent::What::Stop: return "server_stopped";
    }
    return "";
}

std::string_view synVerdictName(SynVerdict v) {
    switch (v) {
        case SynVerdict::Queued: return "queued";
        case SynVerdict::Cookie: return "cookie";
        case SynVerdict::DropAcceptFull: return "accept queue full";
        case SynVerdict::DropSynQueueFull: return "SYN queue full";
        case SynVerdict::Refused: return "no listener";
    }
    return "";
}

Host::Host(std::vector<std::uint32_t> addresses, HostProfile profile)
    : m_profile(profile), m_addresses(std::move(addresses)) {}

bool Host::portListening(std::uint16_t port) const {
    return std::any_of(m_listeners.begin(), m_listeners.end(), [port](const Listener& l) { return l.port == port; });
}

Host::Connected Host::connect(std::uint32_t local, SocketAddress remote, TimeUs now) {
    Connected out;
    if (!hasDescriptorRoom()) {   // socket() itself fails
        out.error = SocketError::TooManyFiles;
        return out;
    }
    expireTimeWait(now);
    const std::uint32_t range = m_profile.ephemeralPorts();
    if (!m_profile.tw_reuse) {
        const auto held = m_held.find({local, remote});
        if (held != m_held.end() && held->second >= range) {
            out.error = SocketError::AddressNotAvailable;
            return out;
        }
    }
    // Where the search starts depends on the peer, so that connections to different peers do
    // not all compete for the first ports (a simple mix of the addresses and port).
    std::uint32_t h = local * 2654435761u ^ remote.address * 40503u ^ remote.port * 97u;
    h ^= h >> 13;
    std::uint32_t& advance = m_advance[h];
    const std::uint32_t start = range ? (h + advance) % range : 0;
    for (std::uint32_t i = 0; i < range; ++i) {
        const auto port = static_cast<std::uint16_t>(m_profile.port_low + (start + i) % range);
        if (portListening(port)) continue;
        const FourTuple t{{local, port}, remote};
        const auto it = m_tuples.find(t);
        if (it != m_tuples.end()) {
            // Taken over only from TIME-WAIT, with tw_reuse, after at least a second there
            // (tcp_twsk_unique: the timestamps then tell old segments from new ones).
            if (!(m_profile.tw_reuse && it->second.state == TupleState::TimeWait && now - it->second.since >= 1'000'000))
                continue;
            leaveTimeWait(it->second);
            out.reused_time_wait = true;
        } else {
            hold(t);
        }
        m_tuples[t] = TupleEntry{TupleState::Open, now, true, {}};
        ++m_descriptors;
        advance += i + 1;
        out.tuple = t;
        return out;
    }
    out.error = SocketError::AddressNotAvailable;
    return out;
}

Host::Listening Host::listen(std::uint16_t port, std::uint32_t backlog, bool reuse_address) {
    Listening out;
    if (!hasDescriptorRoom()) {
        out.error = SocketError::TooManyFiles;
        return out;
    }
    const bool bound = std::any_of(m_tuples.begin(), m_tuples.end(),
                                   [port](const auto& t) { return t.first.local.port == port; });
    if (portListening(port) || (bound && !reuse_address)) {
        out.error = SocketError::AddressInUse;
        return out;
    }
    Listener l;
    l.port = port;
    l.backlog = std::min(backlog, m_profile.somaxconn);   // listen(2): capped at somaxconn
    m_listeners.push_back(std::move(l));
    ++m_descriptors;
    out.listener = m_listeners.size() - 1;
    return out;
}

void Host::closeListener(std::size_t listener) {
    Listener& l = m_listeners.at(listener);
    if (l.port == 0) return;
    l.port = 0;   // listens no more; the index stays valid
    l.syn_queue.clear();
    l.accept_queue.clear();
    if (m_descriptors > 0) --m_descriptors;
}

SynVerdict Host::synArrived(std::size_t listener, SocketAddress from, TimeUs now) {
    Listener& l = m_listeners.at(listener);
    // tcp_conn_request (net/ipv4/tcp_input.c), in its order.
    const bool syn_queue_full = l.syn_queue.size() >= l.backlog;   // inet_csk_reqsk_queue_is_full
    bool cookie = false;
    if (m_profile.syncookies == 2 || syn_queue_full) {
        if (m_profile.syncookies == 0) return SynVerdict::DropSynQueueFull;
        cookie = true;
    }
    // sk_acceptq_is_full: more than `backlog` waiting, so backlog + 1 fit.
    if (l.accept_queue.size() > l.backlog) return SynVerdict::DropAcceptFull;
    if (cookie) return SynVerdict::Cookie;
    // Without cookies, a quarter of tcp_max_syn_backlog is kept free ("Kill the following clause,
    // if you dislike this way").
    const std::uint32_t max = m_profile.max_syn_backlog;
    if (m_profile.syncookies == 0 && max - std::min<std::size_t>(max, l.syn_queue.size()) < (max >> 2))
        return SynVerdict::DropSynQueueFull;
    const auto same = std::find_if(l.syn_queue.begin(), l.syn_queue.end(), [&](const Request& r) { return r.from == from; });
    if (same == l.syn_queue.end()) l.syn_queue.push_back({from, now});   // a retransmitted SYN finds its request
    return SynVerdict::Queued;
}

AckVerdict Host::handshakeAcked(std::size_t listener, SocketAddress from, bool cookie) {
    Listener& l = m_listeners.at(listener);
    const auto req = std::find_if(l.syn_queue.begin(), l.syn_queue.end(), [&](const Request& r) { return r.from == from; });
    if (req == l.syn_queue.end() && !cookie) return AckVerdict::NoRequest;
    // tcp_v4_syn_recv_sock: a full accept queue makes no child; tcp_check_req then ignores the
    // ACK (the request stays, its SYN,ACK is sent again) or, with abort_on_overflow, resets.
    if (l.accept_queue.size() > l.backlog) {
        if (!m_profile.abort_on_overflow) return AckVerdict::Ignored;
        if (req != l.syn_queue.end()) l.syn_queue.erase(req);
        return AckVerdict::Reset;
    }
    if (req != l.syn_queue.end()) l.syn_queue.erase(req);
    const FourTuple t{{m_addresses.empty() ? 0 : m_addresses.front(), l.port}, from};
    l.accept_queue.push_back(t);
    if (!m_tuples.contains(t)) hold(t);
    m_tuples[t] = TupleEntry{TupleState::Open, 0, false, {}};
    return AckVerdict::Accepted;
}

void Host::requestDropped(std::size_t listener, SocketAddress from) {
    Listener& l = m_listeners.at(listener);
    std::erase_if(l.syn_queue, [&](const Request& r) { return r.from == from; });
}

Host::Accepted Host::accept(std::size_t listener) {
    Listener& l = m_listeners.at(listener);
    Accepted out;
    if (l.accept_queue.empty()) return out;
    if (!hasDescriptorRoom()) {
        out.error = SocketError::TooManyFiles;
        return out;
    }
    out.tuple = l.accept_queue.front();
    l.accept_queue.erase(l.accept_queue.begin());
    m_tuples[*out.tuple].descriptor = true;
    ++m_descriptors;
    return out;
}

void Host::closeDescriptor(const FourTuple& t) {
    const auto it = m_tuples.find(t);
    if (it == m_tuples.end() || !it->second.descriptor) return;
    it->second.descriptor = false;
    --m_descriptors;
}

void Host::timeWait(const FourTuple& t, TimeUs now) {
    closeDescriptor(t);   // a TIME-WAIT socket belongs to the kernel alone
    if (!m_tuples.contains(t)) hold(t);
    TupleEntry& e = m_tuples[t];
    leaveTimeWait(e);   // entered again: counted from now
    e.state = TupleState::TimeWait;
    e.since = now;
    e.expiry = m_time_wait.emplace(now + m_profile.time_wait, t);
}

void Host::leaveTimeWait(TupleEntry& e) {
    if (e.state != TupleState::TimeWait) return;
    m_time_wait.erase(e.expiry);
    e.state = TupleState::Open;
}

void Host::released(const FourTuple& t) {
    const auto it = m_tuples.find(t);
    if (it == m_tuples.end()) return;
    if (it->second.descriptor) --m_descriptors;
    leaveTimeWait(it->second);
    forget(it);
}

std::size_t Host::expireTimeWait(TimeUs now) {
    std::size_t n = 0;
    while (!m_time_wait.empty() && m_time_wait.begin()->first <= now) {
        const auto it = m_tuples.find(m_time_wait.begin()->second);
        m_time_wait.erase(m_time_wait.begin());
        if (it != m_tuples.end()) forget(it);
        ++n;
    }
    return n;
}

void Host::hold(const FourTuple& t) { ++m_held[{t.local.address, t.remote}]; }

void Host::forget(std::map<FourTuple, TupleEntry>::iterator it) {
    const auto held = m_held.find({it->first.local.address, it->first.remote});
    if (held != m_held.end() && --held->second == 0) m_held.erase(held);
    m_tuples.erase(it);
}

}  // namespace tcpviz::core
