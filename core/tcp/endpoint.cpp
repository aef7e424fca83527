// Endpoint: user calls (RFC 9293 §3.10.1–§3.10.6), sending, retransmission (RFC 6298) and
// timers. Segment arrival is in endpoint_arrival.cpp.
#include <algorithm>
#include <cassert>

#include "core/tcp/endpoint.h"

namespace tcpviz::core {

// --- ByteQueue ------------------------------------------------------------------------------

void ByteQueue::dropFront(std::size_t n) {
    m_head += std::min(n, size());
    // Compact once the consumed prefix dominates, so memory stays bounded and moves stay rare.
    if (m_head == m_bytes.size()) {
        clear();
    } else if (m_head > 4096 && m_head * 2 > m_bytes.size()) {
        m_bytes.erase(m_bytes.begin(), m_bytes.begin() + static_cast<std::ptrdiff_t>(m_head));
        m_head = 0;
    }
}

void ByteQueue::copyOut(std::size_t offset, std::size_t n, std::vector<std::uint8_t>& out) const {
    assert(offset + n <= size());
    const auto first = m_bytes.begin() + static_cast<std::ptrdiff_t>(m_head + offset);
    out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(n));
}

// --- construction and bookkeeping -----------------------------------------------------------

Endpoint::Endpoint(EndpointConfig config) : m_config(std::move(config)) { freshTcb(); }

void Endpoint::freshTcb() {
    m_tcb = Tcb{};
    m_tcb.rcv_wnd = m_config.tcp.window;
    m_tcb.rto = m_config.tcp.rto_initial;
}

void Endpoint::setState(State to, Cause cause, Actions& out) {
    out.list.emplace_back(StateChange{m_state, to, cause});
    m_state = to;
}

void Endpoint::deleteTcb(Cause cause, Actions& out) {
    setState(State::Closed, cause, out);
    stopAllTimers(out);
    freshTcb();
}

void Endpoint::returnToListen(Cause cause, Actions& out) {
    setState(State::Listen, cause, out);
    stopAllTimers(out);
    freshTcb();
}

SeqNum Endpoint::nextIsn() {
    const auto& list = m_config.isn;
    const std::size_t i = m_next_isn++;
    if (i < list.size()) return SeqNum(list[i]);
    // Past the scenario's list: move on as an ISN clock would (RFC 9293 §3.4.1).
    const std::uint32_t base = list.empty() ? 0 : list.back();
    return SeqNum(base) + static_cast<std::int64_t>(64000) * static_cast<std::int64_t>(i - list.size() + 1);
}

std::uint32_t Endpoint::receiveWindow() const {
    const std::size_t used = m_tcb.recv_buffer.size();
    return used >= m_config.tcp.window ? 0 : m_config.tcp.window - static_cast<std::uint32_t>(used);
}

void Endpoint::startEstablished(SeqNum snd_nxt, SeqNum rcv_nxt, std::uint32_t peer_window) {
    m_tcb = Tcb{};
    m_tcb.iss = snd_nxt - 1;
    m_tcb.snd_una = m_tcb.snd_nxt = m_tcb.send_base = snd_nxt;
    m_tcb.irs = rcv_nxt - 1;
    m_tcb.rcv_nxt = rcv_nxt;
    m_tcb.rcv_wnd = receiveWindow();
    m_tcb.snd_wnd = m_tcb.max_snd_wnd = peer_window;
    m_tcb.snd_wl1 = m_tcb.irs;
    m_tcb.snd_wl2 = m_tcb.snd_una;
    m_tcb.snd_mss = m_config.tcp.mss;
    m_tcb.rto = m_config.tcp.rto_initial;
    m_state = State::Established;
    m_next_isn = std::max<std::size_t>(m_next_isn, 1);   // the first ISN is this connection's
}

// --- segments out ---------------------------------------------------------------------------

Segment Endpoint::makeSegment(SeqNum seq, std::uint8_t flags) const {
    Segment s;
    s.src_port = m_config.port;
    s.dst_port = m_config.peer_port;
    s.seq = seq;
    s.flags = flags;
    if (flags & kAck) s.ack = m_tcb.rcv_nxt;
    s.window = static_cast<std::uint16_t>(std::min<std::uint32_t>(m_tcb.rcv_wnd, 0xFFFF));
    return s;
}

void Endpoint::emit(Segment seg, SendReason reason, Actions& out) {
    finalize(seg, outgoingPseudoHeader());
    out.list.emplace_back(SendAction{std::move(seg), reason});
}

void Endpoint::sendSyn(bool with_ack, SendReason reason, Actions& out) {
    Segment s = makeSegment(m_tcb.iss, with_ack ? (kSyn | kAck) : kSyn);
    s.options.mss = m_config.tcp.mss;   // RFC 9293 §3.7.1: announce our MSS on the SYN
    emit(std::move(s), reason, out);
}

void Endpoint::sendAck(Actions& out, SendReason reason) {
    m_tcb.rcv_wnd = receiveWindow();
    emit(makeSegment(m_tcb.snd_nxt, kAck), reason, out);
}

void Endpoint::beginConnection(TimeUs now, Actions& out) {
    // RFC 9293 §3.10.1: select an ISS, send a SYN, SND.UNA <- ISS, SND.NXT <- ISS+1.
    m_tcb.iss = nextIsn();
    m_tcb.snd_una = m_tcb.iss;
    m_tcb.snd_nxt = m_tcb.iss + 1;
    m_tcb.send_base = m_tcb.iss + 1;
    m_tcb.rcv_wnd = receiveWindow();
    m_tcb.rtt_probe = {{m_tcb.snd_nxt, now}};
    sendSyn(false, SendReason::Normal, out);
    restartRetransmissionTimer(now, out);
}

bool Endpoint::output(TimeUs now, Actions& out) {
    // Data and a FIN go out in ESTABLISHED and CLOSE-WAIT, and — for what was queued before
    // CLOSE — in FIN-WAIT-1 and LAST-ACK until the FIN itself has been sent.
    switch (m_state) {
        case State::Established:
        case State::CloseWait:
            break;
        case State::FinWait1:
        case State::LastAck:
            if (m_tcb.fin_sent) return false;
            break;
        default:
            return false;
    }
    Tcb& t = m_tcb;
    t.rcv_wnd = receiveWindow();
    bool sent = false;
    const bool syn_acked = t.snd_una != t.iss;
    const std::uint32_t mss = std::min<std::uint32_t>(t.snd_mss, m_config.tcp.mss);
    while (true) {
        const SeqNum data_end = t.send_base + static_cast<std::int64_t>(t.send_buffer.size());
        const std::int64_t unsent = std::max<std::int64_t>(0, data_end - t.snd_nxt);
        if (unsent > 0 && syn_acked) {
            const std::int64_t usable = (t.snd_una + static_cast<std::int64_t>(t.snd_wnd)) - t.snd_nxt;
            if (usable <= 0) {
                // Zero window: probe it when nothing is in flight (RFC 9293 §3.8.6.1).
                if (t.snd_wnd == 0 && t.snd_una == t.snd_nxt && !timerRunning(TimerKind::Persist))
                    startTimer(TimerKind::Persist, now + t.rto, out);
                break;
            }
            const auto n = static_cast<std::size_t>(std::min<std::int64_t>({unsent, usable, mss}));
            const bool last = static_cast<std::int64_t>(n) == unsent;
            std::uint8_t flags = kAck;
            // A FIN queued behind the last bytes rides on them.
            if (last && t.fin_queued) flags |= kFin;
            Segment s = makeSegment(t.snd_nxt, flags);
            t.send_buffer.copyOut(static_cast<std::size_t>(t.snd_nxt - t.send_base), n, s.payload);
            if (flags & kFin) {
                t.fin_sent = true;
                t.fin_seq = t.snd_nxt + static_cast<std::int64_t>(n);
            }
            if (!t.rtt_probe) t.rtt_probe = {{s.end(), now}};
            t.snd_nxt = s.end();
            emit(std::move(s), SendReason::Normal, out);
            if (!timerRunning(TimerKind::Retransmission)) restartRetransmissionTimer(now, out);
            sent = true;
            if (t.fin_sent) break;
            continue;
        }
        if (unsent == 0 && t.fin_queued && !t.fin_sent) {
            // RFC 9293 §3.10.4: once the queued SENDs are segmentized, form a FIN and send it.
            Segment s = makeSegment(t.snd_nxt, kFin | kAck);
            t.fin_sent = true;
            t.fin_seq = t.snd_nxt;
            t.snd_nxt = t.snd_nxt + 1;
            emit(std::move(s), SendReason::Normal, out);
            if (!timerRunning(TimerKind::Retransmission)) restartRetransmissionTimer(now, out);
            sent = true;
        }
        break;
    }
    return sent;
}

void Endpoint::retransmit(Actions& out) {
    Tcb& t = m_tcb;
    t.rtt_probe.reset();   // Karn: never time a retransmitted segment (RFC 6298 §3)
    // The SYN itself is unacknowledged: send it (or SYN,ACK) again.
    if (m_state == State::SynSent || t.snd_una == t.iss) t.syn_timed_out = true;
    if (m_state == State::SynSent) return sendSyn(false, SendReason::Retransmission, out);
    if (t.snd_una == t.iss) return sendSyn(true, SendReason::Retransmission, out);
    if (t.snd_una == t.snd_nxt) return;
    const SeqNum data_end = t.send_base + static_cast<std::int64_t>(t.send_buffer.size());
    const std::uint32_t mss = std::min<std::uint32_t>(t.snd_mss, m_config.tcp.mss);
    // RFC 6298 §5.4: retransmit the earliest segment not yet acknowledged.
    const std::int64_t data_left = std::max<std::int64_t>(0, std::min(data_end, t.snd_nxt) - t.snd_una);
    const auto n = static_cast<std::size_t>(std::min<std::int64_t>(data_left, mss));
    std::uint8_t flags = kAck;
    if (t.fin_sent && t.snd_una + static_cast<std::int64_t>(n) == t.fin_seq) flags |= kFin;
    if (n == 0 && !(flags & kFin)) return;
    Segment s = makeSegment(t.snd_una, flags);
    t.send_buffer.copyOut(static_cast<std::size_t>(t.snd_una - t.send_base), n, s.payload);
    emit(std::move(s), SendReason::Retransmission, out);
}

// --- user calls -------------------------------------------------------------------------------

void Endpoint::enterEstablished(Cause cause, Actions& out) {
    setState(State::Established, cause, out);
    // RFC 6298 §5.7: after the SYN timed out, an RTO below 3 s is re-initialized to 3 s when
    // data transmission begins.
    constexpr TimeUs kThreeSeconds = 3'000'000;
    if (m_tcb.syn_timed_out && m_config.tcp.rto_initial < kThreeSeconds) m_tcb.rto = kThreeSeconds;
    // Text that came on the SYN is processed now (RFC 9293 §3.10.7.2).
    pullQueuedText(out);
    // A CLOSE that waited in SYN-RECEIVED for the queued data (RFC 9293 §3.10.4).
    if (m_tcb.fin_queued) setState(State::FinWait1, Cause::Close, out);
}

void Endpoint::listen(TimeUs, Actions& out) {
    // RFC 9293 §3.10.1 OPEN, passive, in CLOSED: create a TCB and enter LISTEN.
    if (m_state != State::Closed) return notify(Notice::ConnectionExists, out);
    freshTcb();
    setState(State::Listen, Cause::PassiveOpen, out);
}

void Endpoint::connect(TimeUs now, Actions& out) {
    // RFC 9293 §3.10.1 OPEN, active: in CLOSED, or in LISTEN with the foreign socket known
    // ("change the connection from passive to active").
    if (m_state != State::Closed && m_state != State::Listen)
        return notify(Notice::ConnectionExists, out);
    if (m_state == State::Closed) freshTcb();
    setState(State::SynSent, Cause::ActiveOpen, out);
    beginConnection(now, out);
}

void Endpoint::send(std::span<const std::uint8_t> data, TimeUs now, Actions& out) {
    // RFC 9293 §3.10.2 SEND.
    switch (m_state) {
        case State::Closed:
            return notify(Notice::ConnectionDoesNotExist, out);
        case State::Listen:
            // The foreign socket is known: become active and send a SYN; the data is queued.
            m_tcb.send_buffer.append(data);
            setState(State::SynSent, Cause::Send, out);
            return beginConnection(now, out);
        case State::SynSent:
        case State::SynReceived:
            // Queued for transmission after entering ESTABLISHED (unless CLOSE came first).
            if (m_tcb.fin_queued) return notify(Notice::ConnectionClosing, out);
            return m_tcb.send_buffer.append(data);
        case State::Established:
        case State::CloseWait:
            m_tcb.send_buffer.append(data);
            output(now, out);
            return;
        default:
            // FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK, TIME-WAIT.
            return notify(Notice::ConnectionClosing, out);
    }
}

void Endpoint::receive(std::size_t max_bytes, TimeUs, Actions& out) {
    // RFC 9293 §3.10.3 RECEIVE (only meaningful when the application does not read on its own).
    if (m_state == State::Closed) return notify(Notice::ConnectionDoesNotExist, out);
    Tcb& t = m_tcb;
    const std::size_t n = std::min(max_bytes, t.recv_buffer.size());
    if (n == 0) {
        if (t.out_of_order_fin || m_state == State::CloseWait || m_state == State::Closing ||
            m_state == State::LastAck || m_state == State::TimeWait)
            notify(Notice::ConnectionClosing, out);
        return;
    }
    const std::uint32_t before = receiveWindow();
    DeliverAction d;
    t.recv_buffer.copyOut(0, n, d.data);
    t.recv_buffer.dropFront(n);
    out.list.emplace_back(std::move(d));
    t.rcv_wnd = receiveWindow();
    // Tell the peer the window has reopened, when it had shrunk below one segment.
    const bool can_receive = m_state == State::Established || m_state == State::FinWait1 ||
                             m_state == State::FinWait2;
    if (can_receive && before < m_config.tcp.mss && t.rcv_wnd >= m_config.tcp.mss)
        sendAck(out, SendReason::WindowUpdate);
}

void Endpoint::close(TimeUs now, Actions& out) {
    // RFC 9293 §3.10.4 CLOSE.
    switch (m_state) {
        case State::Closed:
            return notify(Notice::ConnectionDoesNotExist, out);
        case State::Listen:
        case State::SynSent:
            return deleteTcb(Cause::Close, out);
        case State::SynReceived:
            // With data still queued, the CLOSE waits for ESTABLISHED (enterEstablished);
            // otherwise a FIN goes out now, in FIN-WAIT-1.
            if (m_tcb.fin_queued) return notify(Notice::ConnectionClosing, out);
            m_tcb.fin_queued = true;
            if (!m_tcb.send_buffer.empty()) return;
            setState(State::FinWait1, Cause::Close, out);
            output(now, out);
            return;
        case State::Established:
            // Queue a FIN behind the data; in any case enter FIN-WAIT-1.
            m_tcb.fin_queued = true;
            setState(State::FinWait1, Cause::Close, out);
            output(now, out);
            return;
        case State::CloseWait:
            // Queue the FIN behind the data and enter LAST-ACK (RFC 9293 corrects RFC 793 here).
            m_tcb.fin_queued = true;
            setState(State::LastAck, Cause::Close, out);
            output(now, out);
            return;
        default:
            // FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK, TIME-WAIT: already closing.
            return notify(Notice::ConnectionClosing, out);
    }
}

void Endpoint::abort(TimeUs, Actions& out) {
    // RFC 9293 §3.10.5 ABORT.
    switch (m_state) {
        case State::Closed:
            return notify(Notice::ConnectionDoesNotExist, out);
        case State::SynReceived:
        case State::Established:
        case State::FinWait1:
        case State::FinWait2:
        case State::CloseWait: {
            // Send <SEQ=SND.NXT><CTL=RST>, flush everything, enter CLOSED.
            Segment rst = makeSegment(m_tcb.snd_nxt, kRst);
            rst.window = 0;
            deleteTcb(Cause::Abort, out);
            emit(std::move(rst), SendReason::Abort, out);
            return;
        }
        default:
            // LISTEN, SYN-SENT, CLOSING, LAST-ACK, TIME-WAIT: delete the TCB, no RST.
            return deleteTcb(Cause::Abort, out);
    }
}

void Endpoint::reboot(TimeUs, Actions& out) {
    // The host crashed: the TCB is lost and no segment is sent (RFC 9293 §3.5.2).
    if (m_state != State::Closed) deleteTcb(Cause::Reboot, out);
}

// --- timers ---------------------------------------------------------------------------------

void Endpoint::startTimer(TimerKind k, TimeUs deadline, Actions& out) {
    m_timers[static_cast<std::size_t>(k)] = deadline;
    out.list.emplace_back(TimerAction{k, TimerOp::Start, deadline});
}

void Endpoint::stopTimer(TimerKind k, Actions& out) {
    auto& t = m_timers[static_cast<std::size_t>(k)];
    if (!t) return;
    t.reset();
    out.list.emplace_back(TimerAction{k, TimerOp::Stop, 0});
}

void Endpoint::stopAllTimers(Actions& out) {
    for (std::size_t k = 0; k < kTimerKindCount; ++k) stopTimer(static_cast<TimerKind>(k), out);
}

void Endpoint::restartRetransmissionTimer(TimeUs now, Actions& out) {
    // RFC 6298 §5.1/§5.3: (re)start the timer to expire after RTO.
    startTimer(TimerKind::Retransmission, now + m_tcb.rto, out);
    // RFC 9293 §3.10.8: the user timeout runs while data is outstanding, from its last progress.
    if (m_config.tcp.user_timeout > 0)
        startTimer(TimerKind::UserTimeout, now + m_config.tcp.user_timeout, out);
}

std::optional<TimeUs> Endpoint::pollAt() const {
    std::optional<TimeUs> earliest;
    for (const auto& t : m_timers)
        if (t && (!earliest || *t < *earliest)) earliest = t;
    return earliest;
}

void Endpoint::onTimers(TimeUs now, Actions& out) {
    for (std::size_t k = 0; k < kTimerKindCount; ++k) {
        auto& deadline = m_timers[k];
        if (!deadline || *deadline > now) continue;
        deadline.reset();
        out.list.emplace_back(TimerAction{static_cast<TimerKind>(k), TimerOp::Expire, 0});
        onTimerExpired(static_cast<TimerKind>(k), now, out);
    }
}

void Endpoint::onTimerExpired(TimerKind k, TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    switch (k) {
        case TimerKind::Retransmission:
            // RFC 9293 §3.8.3: after R2 retransmissions give the connection up.
            if (t.retransmissions >= m_config.tcp.max_retransmissions) {
                notify(Notice::ConnectionTimedOut, out);
                return deleteTcb(Cause::RetransmitLimit, out);
            }
            ++t.retransmissions;
            retransmit(out);
            // RFC 6298 §5.5–5.6: back off the timer and restart it.
            t.rto = std::min(t.rto * 2, m_config.tcp.rto_max);
            startTimer(TimerKind::Retransmission, now + t.rto, out);
            return;
        case TimerKind::TimeWait:
            // Figure 5: Timeout=2MSL / delete TCB.
            return deleteTcb(Cause::Timeout2Msl, out);
        case TimerKind::UserTimeout:
            notify(Notice::UserTimeout, out);
            return deleteTcb(Cause::UserTimeout, out);
        case TimerKind::Persist: {
            // RFC 9293 §3.8.6.1: probe a zero window with one new octet, backing off.
            const SeqNum data_end = t.send_base + static_cast<std::int64_t>(t.send_buffer.size());
            if (t.snd_wnd != 0 || data_end - t.snd_nxt <= 0) return;
            Segment s = makeSegment(t.snd_nxt, kAck);
            t.send_buffer.copyOut(static_cast<std::size_t>(t.snd_nxt - t.send_base), 1, s.payload);
            t.snd_nxt = s.end();
            emit(std::move(s), SendReason::WindowProbe, out);
            t.persist_backoff = t.persist_backoff == 0 ? t.rto : std::min(t.persist_backoff * 2, m_config.tcp.rto_max);
            startTimer(TimerKind::Persist, now + t.persist_backoff, out);
            return;
        }
    }
}

}  // namespace tcpviz::core
