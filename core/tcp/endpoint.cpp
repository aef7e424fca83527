// Endpoint: user calls (RFC 9293 §3.10.1–§3.10.6), sending (Nagle, silly-window avoidance,
// congestion and flow control), retransmission (RFC 6298, RFC 5681, RFC 6582) and timers.
// Segment arrival is in endpoint_arrival.cpp.
#include <algorithm>
#include <cassert>
#include <limits>

#include "core/tcp/endpoint.h"

namespace tcpviz::core {
namespace {

// Appends a timer action, built where it stays: timers start or stop on nearly every input, and
// a TimerAction built first and then copied in is read back with wider loads than it was
// written with, which stalls.
void addTimerAction(Actions& out, TimerKind kind, TimerOp op, TimeUs deadline) {
    auto& timer = std::get<TimerAction>(out.list.emplace_back(std::in_place_type<TimerAction>));
    timer.kind = kind;
    timer.op = op;
    timer.deadline = deadline;
}

}  // namespace

// --- PayloadQueue ---------------------------------------------------------------------------

void PayloadQueue::append(const Payload& p) {
    if (p.empty()) return;
    if (!m_chunks.empty() && m_chunks.back().continuedBy(p))
        m_chunks.back() = m_chunks.back().joined(p);
    else
        m_chunks.push_back(p);
    m_size += p.size();
}

Payload PayloadQueue::read(std::uint64_t offset, std::uint32_t n) const {
    assert(offset + n <= m_size);
    Payload out;
    for (const Payload& chunk : m_chunks) {
        if (n == 0) break;
        if (offset >= chunk.size()) {
            offset -= chunk.size();
            continue;
        }
        const auto take = static_cast<std::uint32_t>(std::min<std::uint64_t>(n, chunk.size() - offset));
        out = out.joined(chunk.slice(static_cast<std::size_t>(offset), take));
        n -= take;
        offset = 0;
    }
    return out;
}

void PayloadQueue::dropFront(std::uint64_t n) {
    n = std::min(n, m_size);
    m_size -= n;
    while (n > 0) {
        Payload& front = m_chunks.front();
        if (n >= front.size()) {
            n -= front.size();
            m_chunks.pop_front();
        } else {
            front = front.slice(static_cast<std::size_t>(n), front.size() - static_cast<std::size_t>(n));
            n = 0;
        }
    }
}

// --- the TCB --------------------------------------------------------------------------------

CongestionPhase Tcb::phase() const {
    if (!cc.limits()) return CongestionPhase::Unlimited;
    if (recovery == Recovery::Fast) return CongestionPhase::FastRecovery;
    if (recovery == Recovery::Timeout) return CongestionPhase::AfterTimeout;
    return cc.inSlowStart() ? CongestionPhase::SlowStart : CongestionPhase::CongestionAvoidance;
}

// --- construction and bookkeeping -----------------------------------------------------------

Endpoint::Endpoint(EndpointConfig config) : m_config(std::move(config)) { freshTcb(); }

void Endpoint::freshTcb() {
    m_unread_discarded += m_tcb.recv_buffer.size();
    m_tcb = Tcb{};
    m_tcb.rcv_wnd = std::min<std::uint32_t>(m_config.tcp.window, 0xFFFF);
    m_tcb.rto = m_config.tcp.rto_initial;
    m_tcb.cc = CongestionController(m_config.tcp.congestion, sendMss(), m_config.tcp.initial_window);
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
    const bool closing = m_state == State::SynReceived && m_tcb.fin_queued && !m_tcb.fin_sent;
    setState(State::Listen, cause, out);
    stopAllTimers(out);
    freshTcb();
    // A CLOSE that was still waiting in SYN-RECEIVED stands: in LISTEN it deletes the TCB
    // (RFC 9293 §3.10.4), rather than leaving a listener nobody wants.
    if (closing) deleteTcb(Cause::Close, out);
}

SeqNum Endpoint::nextIsn() {
    if (m_isn_override) {
        const SeqNum isn = *m_isn_override;
        m_isn_override.reset();
        return isn;
    }
    const auto& list = m_config.isn;
    const std::size_t i = m_next_isn++;
    if (i < list.size()) return SeqNum(list[i]);
    // Past the scenario's list: move on as an ISN clock would (RFC 9293 §3.4.1).
    const std::uint32_t base = list.empty() ? 0 : list.back();
    return SeqNum(base) + static_cast<std::int64_t>(64000) * static_cast<std::int64_t>(i - list.size() + 1);
}

std::uint32_t Endpoint::sendMss() const {
    // RFC 9293 §3.7.1: by the peer's MSS option (536 without one), and never more than our own.
    return std::max<std::uint32_t>(1, std::min<std::uint32_t>(m_tcb.snd_mss, m_config.tcp.mss));
}

std::uint32_t Endpoint::freeBuffer() const {
    const std::uint64_t used = m_tcb.recv_buffer.size();
    return used >= m_config.tcp.window ? 0 : m_config.tcp.window - static_cast<std::uint32_t>(used);
}

std::uint32_t Endpoint::receiveWindow() const {
    const Tcb& t = m_tcb;
    // RFC 7323: the window field holds 16 bits of (window >> scale).
    const std::uint32_t largest = 0xFFFFu << t.rcv_wscale;
    const std::uint32_t granule_mask = ~((1u << t.rcv_wscale) - 1);
    const std::uint32_t free = std::min(freeBuffer(), largest) & granule_mask;
    if (!t.rcv_adv) return free;
    // Receiver-side SWS avoidance (RFC 9293 §3.8.6.2.2, MUST-39): the right edge moves on only
    // by at least min(RCV.BUFF / 2, Eff.snd.MSS); until then it stays where it was offered,
    // which also means it never moves back (§3.8.6.2.2 "shrinking the window").
    const std::int64_t offered = std::max<std::int64_t>(0, *t.rcv_adv - t.rcv_nxt);
    const std::int64_t grown = static_cast<std::int64_t>(free) - offered;
    const std::uint32_t threshold = std::min(m_config.tcp.window / 2, sendMss());
    if (grown >= static_cast<std::int64_t>(std::max<std::uint32_t>(threshold, 1))) return free;
    return static_cast<std::uint32_t>(std::min<std::int64_t>(offered, largest));
}

std::uint64_t Endpoint::queuedAfter(SeqNum seq) const {
    const std::int64_t offset = seq - m_tcb.send_base;
    if (offset < 0) return m_tcb.send_buffer.size();
    const auto off = static_cast<std::uint64_t>(offset);
    return off >= m_tcb.send_buffer.size() ? 0 : m_tcb.send_buffer.size() - off;
}

bool Endpoint::finAt(SeqNum seq) const {
    const std::int64_t offset = seq - m_tcb.send_base;
    return m_tcb.fin_queued && offset >= 0 && static_cast<std::uint64_t>(offset) == m_tcb.send_buffer.size();
}

void Endpoint::startEstablished(SeqNum snd_nxt, SeqNum rcv_nxt, std::uint32_t peer_window,
                                std::uint16_t peer_mss) {
    freshTcb();
    Tcb& t = m_tcb;
    t.iss = snd_nxt - 1;
    t.snd_una = t.snd_nxt = t.snd_max = t.send_base = snd_nxt;
    t.recover = t.iss;
    t.irs = rcv_nxt - 1;
    t.rcv_nxt = rcv_nxt;
    t.snd_mss = peer_mss;
    t.snd_wnd = t.max_snd_wnd = std::min<std::uint32_t>(peer_window, 0xFFFF);
    t.snd_edge = snd_nxt + static_cast<std::int64_t>(t.snd_wnd);
    t.snd_wl1 = t.irs;
    t.snd_wl2 = t.snd_una;
    t.rcv_wnd = receiveWindow();
    t.rcv_adv = t.rcv_nxt + static_cast<std::int64_t>(t.rcv_wnd);
    t.cc.setSmss(sendMss());
    m_state = State::Established;
    m_next_isn = std::max<std::size_t>(m_next_isn, 1);   // the first ISN is this connection's
}

// --- segments out ---------------------------------------------------------------------------

Segment Endpoint::makeSegment(SeqNum seq, std::uint8_t flags) {
    Tcb& t = m_tcb;
    Segment s;
    s.src_port = m_config.port;
    s.dst_port = m_config.peer_port;
    s.seq = seq;
    s.flags = flags;
    t.rcv_wnd = receiveWindow();
    if (flags & kSyn) {
        // RFC 7323 §2.2: the window of a SYN is never scaled.
        s.window = static_cast<std::uint16_t>(std::min<std::uint32_t>(t.rcv_wnd, 0xFFFF));
    } else {
        s.window = static_cast<std::uint16_t>(std::min<std::uint32_t>(t.rcv_wnd >> t.rcv_wscale, 0xFFFF));
    }
    if (flags & kAck) {
        s.ack = t.rcv_nxt;
        const std::uint32_t offered = (flags & kSyn) ? s.window : std::uint32_t{s.window} << t.rcv_wscale;
        t.rcv_adv = t.rcv_nxt + static_cast<std::int64_t>(offered);
    }
    return s;
}

void Endpoint::emit(Segment seg, SendReason reason, Actions& out) {
    Tcb& t = m_tcb;
    finalize(seg, outgoingPseudoHeader());
    const bool acks_all = seg.has(kAck) && seg.ack == t.rcv_nxt;
    out.list.emplace_back(SendAction{std::move(seg), reason, t.cc.cwnd(), t.cc.ssthresh(), t.flight()});
    // Any segment that acknowledges everything received is the ACK a delayed ACK waited for.
    if (acks_all) {
        t.unacked_bytes = 0;
        stopTimer(TimerKind::DelayedAck, out);
    }
}

void Endpoint::sendSyn(bool with_ack, SendReason reason, Actions& out) {
    Segment s = makeSegment(m_tcb.iss, with_ack ? (kSyn | kAck) : kSyn);
    s.options.mss = m_config.tcp.mss;   // RFC 9293 §3.7.1: announce our MSS on the SYN
    // RFC 7323 §2.2: a SYN offers a window scale when we want one; a SYN,ACK answers only a
    // SYN that offered one.
    if (with_ack ? m_tcb.ws_offered_by_peer : m_tcb.ws_offered) s.options.window_scale = m_tcb.rcv_wscale_wanted;
    emit(std::move(s), reason, out);
}

void Endpoint::sendAck(Actions& out, SendReason reason) {
    // A pure ACK carries SND.MAX, not a SND.NXT that a timeout pulled back (as BSD does), so
    // that it stays within what the peer has been told of.
    emit(makeSegment(m_tcb.snd_max, kAck), reason, out);
}

void Endpoint::sendChallengeAck(const Segment& in, TimeUs now, SendReason reason, Actions& out) {
    // RFC 5961 §7 and Linux's tcp_oow_rate_limited: a segment that carries nothing (no text,
    // no SYN, no FIN) gets at most one ACK per interval, so that two endpoints cannot answer
    // each other's unacceptable ACKs for ever. Segments with data or a FIN are always answered.
    Tcb& t = m_tcb;
    if (in.segLen() == 0) {
        if (t.last_challenge && now - *t.last_challenge < m_config.tcp.invalid_ack_interval) return;
        t.last_challenge = now;
    }
    sendAck(out, reason);
}

void Endpoint::beginConnection(TimeUs now, Actions& out) {
    // RFC 9293 §3.10.1: select an ISS, send a SYN, SND.UNA <- ISS, SND.NXT <- ISS+1.
    Tcb& t = m_tcb;
    t.iss = nextIsn();
    t.snd_una = t.iss;
    t.snd_nxt = t.snd_max = t.iss + 1;
    t.send_base = t.iss + 1;
    t.recover = t.iss;
    // RFC 7323: offer a window scale when the receive buffer needs one (or the scenario asks).
    const int ws = m_config.tcp.window_scale;
    if (ws >= 0 || m_config.tcp.window > 0xFFFF) {
        t.ws_offered = true;
        t.rcv_wscale_wanted = ws >= 0 ? static_cast<std::uint8_t>(ws) : windowScaleFor(m_config.tcp.window);
    }
    t.rtt_probe = {{t.snd_nxt, now}};
    sendSyn(false, SendReason::Normal, out);
    restartRetransmissionTimer(now, out);
}

std::uint8_t Endpoint::windowScaleFor(std::uint32_t window) {
    // The smallest shift that lets a 16-bit field hold the window (RFC 7323 §2.3: at most 14).
    std::uint8_t s = 0;
    while (s < 14 && (window >> s) > 0xFFFF) ++s;
    return s;
}

bool Endpoint::canSendData() const {
    switch (m_state) {
        case State::Established:
        case State::CloseWait:
            return true;
        // What was queued before CLOSE still goes out, with the FIN behind it — also once the
        // peer's FIN has arrived (CLOSING) (RFC 9293 §3.10.4: "segmentize any text to be sent").
        case State::FinWait1:
        case State::Closing:
        case State::LastAck:
            return true;
        default:
            return false;
    }
}

bool Endpoint::sendFrom(SeqNum seq, std::uint32_t max, bool fin_allowed, SendReason reason, TimeUs now,
                        Actions& out) {
    Tcb& t = m_tcb;
    const std::uint64_t available = queuedAfter(seq);
    const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(available, max));
    const bool fin = fin_allowed && n == available && finAt(seq + n);
    if (n == 0 && !fin) return false;
    Segment s = makeSegment(seq, fin ? (kAck | kFin) : kAck);
    if (n > 0) s.payload = t.send_buffer.read(static_cast<std::uint64_t>(seq - t.send_base), n);
    const SeqNum end = s.end();
    if (fin) {
        t.fin_sent = true;
        t.fin_seq = seq + static_cast<std::int64_t>(n);
    }
    if (seq == t.snd_nxt) t.snd_nxt = end;
    if (end > t.snd_max) {
        // Time one segment at a time, and only new data (Karn: never a retransmission), and never
        // a window probe: its answer waits for the peer's window, not for the network.
        if (!t.rtt_probe && seq >= t.snd_max && reason != SendReason::WindowProbe) t.rtt_probe = {{end, now}};
        t.snd_max = end;
    }
    emit(std::move(s), reason, out);
    return true;
}

bool Endpoint::output(TimeUs now, Actions& out) {
    if (!canSendData()) return false;
    Tcb& t = m_tcb;
    const bool syn_acked = t.snd_una != t.iss;
    const std::uint32_t mss = sendMss();
    bool sent = false;
    while (true) {
        const std::uint64_t unsent = syn_acked ? queuedAfter(t.snd_nxt) : 0;
        const bool fin_pending = t.fin_queued && (unsent > 0 || finAt(t.snd_nxt));
        if (unsent == 0 && !fin_pending) break;
        // Flow control: the peer's window from SND.UNA, never past the farthest edge it ever
        // offered (the SND.WL1 rule can let SND.UNA + SND.WND slide beyond it when a reordered
        // or retransmitted segment carries an older window). Congestion control: cwnd.
        const SeqNum right = std::min(t.snd_una + static_cast<std::int64_t>(t.snd_wnd), t.snd_edge);
        const std::int64_t window_room = right - t.snd_nxt;
        const std::int64_t cwnd_room =
            t.cc.limits() ? static_cast<std::int64_t>(t.cc.cwnd()) - t.flight() : window_room;
        const std::int64_t room = std::max<std::int64_t>(0, std::min(window_room, cwnd_room));
        // Resending what a timeout pulled SND.NXT back over (not a probe octet sent again when
        // a zero window opens: that is flow control, not a loss).
        const bool retransmission = t.snd_nxt < t.snd_max && t.recovery == Recovery::Timeout;
        const SendReason reason = retransmission ? SendReason::Retransmission : SendReason::Normal;
        if (unsent == 0) {
            // The FIN alone: it takes one sequence number of the peer's window.
            if (window_room <= 0 || !sendFrom(t.snd_nxt, 0, true, reason, now, out)) break;
            sent = true;
            continue;
        }
        const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>({unsent, mss, static_cast<std::uint64_t>(room)}));
        if (n == 0) break;
        const bool whole = n == unsent;
        if (n < mss && !retransmission) {
            // Sender-side SWS avoidance (RFC 9293 §3.8.6.2.1, MUST-38): a short segment only when
            // it empties the queue or fills half the largest window the peer offered. Nagle
            // (§3.7.4): and only when nothing is unacknowledged, except for the last segment
            // that carries the FIN (Linux's tcp_nagle_test exempts it the same way).
            const bool sws_ok = whole || n >= t.max_snd_wnd / 2;
            const bool nagle_ok = !m_config.tcp.nagle || t.snd_nxt == t.snd_una || (whole && t.fin_queued);
            if (!sws_ok || !nagle_ok) break;
        }
        sendFrom(t.snd_nxt, n, whole && window_room > n, reason, now, out);
        sent = true;
    }
    // RFC 6298 §5.1: data (or a FIN) on its way starts the timer when it is not running.
    if (sent && !timerRunning(TimerKind::Retransmission)) restartRetransmissionTimer(now, out);
    // Nothing outstanding yet something waits: a zero window is probed, and a window too small
    // to use is the override timeout of §3.8.6.2.1 (4); the persist timer serves both.
    const bool waiting = (syn_acked && queuedAfter(t.snd_nxt) > 0) || (t.fin_queued && finAt(t.snd_nxt));
    if (waiting && t.snd_nxt == t.snd_una && !timerRunning(TimerKind::Persist) &&
        !timerRunning(TimerKind::Retransmission))
        startTimer(TimerKind::Persist, now + persistInterval(), out);
    return sent;
}

TimeUs Endpoint::persistInterval() {
    // RFC 9293 §3.8.6.1: the first probe after one RTO, then backing off exponentially (as
    // Linux's tcp_probe0_when does), no further apart than the RTO ceiling.
    Tcb& t = m_tcb;
    t.persist_backoff = t.persist_backoff == 0 ? t.rto : std::min(t.persist_backoff * 2, m_config.tcp.rto_max);
    return t.persist_backoff;
}

void Endpoint::retransmitFirst(SendReason reason, TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    t.rtt_probe.reset();   // Karn: the timed segment is not timed any more (RFC 6298 §3)
    // The SYN itself is unacknowledged: send it (or SYN,ACK) again.
    if (m_state == State::SynSent) return sendSyn(false, reason, out);
    if (t.snd_una == t.iss) return sendSyn(true, reason, out);
    // RFC 6298 §5.4 / RFC 5681 §3.2: the earliest segment not yet acknowledged, as much as the
    // peer's window takes (at least one octet); a FIN that was sent rides on it again.
    const SeqNum right = std::min(t.snd_una + static_cast<std::int64_t>(t.snd_wnd), t.snd_edge);
    const std::int64_t room = std::max<std::int64_t>(1, right - t.snd_una);
    const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(
        {sendMss(), static_cast<std::uint64_t>(room), queuedAfter(t.snd_una)}));
    sendFrom(t.snd_una, n, t.fin_sent && room > n, reason, now, out);
}

// --- user calls -------------------------------------------------------------------------------

void Endpoint::enterEstablished(Cause cause, Actions& out) {
    Tcb& t = m_tcb;
    setState(State::Established, cause, out);
    t.snd_max = std::max(t.snd_max, t.snd_nxt);
    // The handshake told us the peer's MSS: the initial window follows it (RFC 5681 §3.1) —
    // or, when the SYN or SYN,ACK had to be retransmitted, is one segment (same section).
    t.cc.setSmss(sendMss());
    if (t.syn_timed_out) t.cc.useOneSegmentWindow();
    // RFC 6298 §5.7: after the SYN timed out, an RTO below 3 s is re-initialized to 3 s when
    // data transmission begins.
    constexpr TimeUs kThreeSeconds = 3'000'000;
    if (t.syn_timed_out && m_config.tcp.rto_initial < kThreeSeconds) t.rto = kThreeSeconds;
    // Text that came on the SYN is processed now (RFC 9293 §3.10.7.2).
    pullQueuedText(out);
    // A CLOSE that waited in SYN-RECEIVED for the queued data (RFC 9293 §3.10.4).
    if (t.fin_queued) setState(State::FinWait1, Cause::Close, out);
}

void Endpoint::enterTimeWait(Cause cause, TimeUs now, Actions& out) {
    // "Enter the TIME-WAIT state, start the time-wait timer, turn off the other timers."
    setState(State::TimeWait, cause, out);
    stopAllTimers(out);
    startTimer(TimerKind::TimeWait, now + 2 * m_config.tcp.msl, out);
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

void Endpoint::send(const Payload& data, TimeUs now, Actions& out) {
    // RFC 9293 §3.10.2 SEND. The buffer holds only where the bytes are, so any amount can be
    // queued: a send of 2^31 bytes or more goes out in pieces like any other.
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
    const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>({max_bytes, t.recv_buffer.size(), UINT32_MAX}));
    if (n == 0) {
        if (t.out_of_order_fin || m_state == State::CloseWait || m_state == State::Closing ||
            m_state == State::LastAck || m_state == State::TimeWait)
            notify(Notice::ConnectionClosing, out);
        return;
    }
    out.list.emplace_back(DeliverAction{t.recv_buffer.read(0, n)});
    t.recv_buffer.dropFront(n);
    // Tell the peer when the window has opened enough to be worth it (receiver-side SWS
    // avoidance, §3.8.6.2.2): receiveWindow() moves the edge only by that much.
    const bool can_receive = m_state == State::Established || m_state == State::FinWait1 ||
                             m_state == State::FinWait2;
    if (can_receive && t.rcv_adv && t.rcv_nxt + static_cast<std::int64_t>(receiveWindow()) > *t.rcv_adv)
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
    addTimerAction(out, k, TimerOp::Start, deadline);
}

void Endpoint::stopTimer(TimerKind k, Actions& out) {
    auto& t = m_timers[static_cast<std::size_t>(k)];
    if (!t) return;
    t.reset();
    addTimerAction(out, k, TimerOp::Stop, 0);
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

void Endpoint::onTimers(TimeUs now, Actions& out) {
    for (std::size_t k = 0; k < kTimerKindCount; ++k) {
        auto& deadline = m_timers[k];
        if (!deadline || *deadline > now) continue;
        deadline.reset();
        addTimerAction(out, static_cast<TimerKind>(k), TimerOp::Expire, 0);
        onTimerExpired(static_cast<TimerKind>(k), now, out);
    }
}

void Endpoint::onTimerExpired(TimerKind k, TimeUs now, Actions& out) {
    switch (k) {
        case TimerKind::Retransmission:
            return onRetransmissionTimeout(now, out);
        case TimerKind::TimeWait:
            // Figure 5: Timeout=2MSL / delete TCB.
            return deleteTcb(Cause::Timeout2Msl, out);
        case TimerKind::UserTimeout:
            notify(Notice::UserTimeout, out);
            return deleteTcb(Cause::UserTimeout, out);
        case TimerKind::Persist:
            return onPersistTimeout(now, out);
        case TimerKind::DelayedAck:
            // RFC 9293 §3.8.6.3: the delayed ACK is due.
            if (m_state != State::Closed && m_state != State::Listen && m_state != State::SynSent)
                sendAck(out);
            return;
    }
}

void Endpoint::onRetransmissionTimeout(TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    const bool syn = m_state == State::SynSent || t.snd_una == t.iss;
    // RFC 9293 §3.8.3: after R2 retransmissions give the connection up; a SYN gets longer
    // (MUST-23: at least 3 minutes).
    if (t.retransmissions >= (syn ? m_config.tcp.syn_retries : m_config.tcp.max_retransmissions)) {
        notify(Notice::ConnectionTimedOut, out);
        // A passive SYN-RECEIVED that gives up goes back to LISTEN, as after an RST (RFC 9293
        // Figure 5 note 1): the listener stays.
        if (m_state == State::SynReceived && t.passive) return returnToListen(Cause::RetransmitLimit, out);
        return deleteTcb(Cause::RetransmitLimit, out);
    }
    if (!syn && t.snd_wnd == 0) {
        // The peer closed its window on data in flight: that is flow control, not a loss. Probe
        // the window instead (BSD's tcp_output does the same), from SND.UNA.
        t.snd_nxt = t.snd_una;
        t.retransmissions = 0;
        startTimer(TimerKind::Persist, now + persistInterval(), out);
        return;
    }
    const bool first = t.retransmissions == 0;
    ++t.retransmissions;
    if (syn) {
        t.syn_timed_out = true;
    } else if (t.cc.limits()) {
        // RFC 5681 §3.1: ssthresh from the flight (only for the first timeout of this segment),
        // cwnd = one segment; RFC 6582 §3.2 step 4: recover = the highest sequence number sent.
        // Everything after SND.UNA counts as lost and is sent again as cwnd allows (go-back-N).
        // A timeout during fast recovery keeps the ssthresh that recovery set: the window was
        // already reduced for this loss, and the flight was inflated by recovery itself (Linux's
        // tcp_enter_loss does the same).
        const bool reduce = first && t.recovery != Recovery::Fast;
        t.cc.onTimeout(static_cast<std::uint32_t>(t.snd_max - t.snd_una), reduce, now);
        t.recovery = Recovery::Timeout;
        t.recover = t.snd_max - 1;
        t.snd_nxt = t.snd_una;
    }
    t.dup_acks = 0;
    retransmitFirst(SendReason::Retransmission, now, out);
    // RFC 6298 §5.5–5.6: back off the timer and restart it. The backed-off RTO stays until a
    // segment sent once only is acknowledged (Karn).
    t.rto = std::min(t.rto * 2, m_config.tcp.rto_max);
    startTimer(TimerKind::Retransmission, now + t.rto, out);
}

void Endpoint::onPersistTimeout(TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    if (!canSendData()) return;
    const bool syn_acked = t.snd_una != t.iss;
    const std::uint64_t data = syn_acked ? queuedAfter(t.snd_una) : 0;
    if (data == 0 && !(t.fin_queued && !ourFinAcked())) return;
    if (t.snd_wnd == 0) {
        // MUST-37: stay open as long as probes are answered; give up after as many unanswered
        // probes as retransmissions.
        if (t.probes >= m_config.tcp.max_retransmissions) {
            notify(Notice::ConnectionTimedOut, out);
            return deleteTcb(Cause::RetransmitLimit, out);
        }
        ++t.probes;
        // RFC 9293 §3.8.6.1: probe the zero window with one octet of data (or the FIN when no
        // data is left). Every probe sends the same octet, at SND.UNA: BSD pulls SND.NXT back to
        // SND.UNA while the window is zero, so SND.NXT never runs past the peer's window and a
        // lost probe is simply sent again.
        t.snd_nxt = t.snd_una;
        sendFrom(t.snd_una, 1, data == 0, SendReason::WindowProbe, now, out);
        startTimer(TimerKind::Persist, now + persistInterval(), out);
        return;
    }
    // The window is open but smaller than the SWS rule waits for: the override timeout
    // (§3.8.6.2.1 (4)) sends what fits.
    const SeqNum right = std::min(t.snd_una + static_cast<std::int64_t>(t.snd_wnd), t.snd_edge);
    const std::int64_t room = right - t.snd_nxt;
    if (room <= 0) return;
    const auto n = static_cast<std::uint32_t>(std::min<std::int64_t>(room, sendMss()));
    if (!sendFrom(t.snd_nxt, n, room > n, SendReason::Normal, now, out)) {
        startTimer(TimerKind::Persist, now + persistInterval(), out);
    } else if (!timerRunning(TimerKind::Retransmission)) {
        restartRetransmissionTimer(now, out);
    }
}

}  // namespace tcpviz::core
