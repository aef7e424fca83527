// SEGMENT ARRIVES (RFC 9293 §3.10.7), in the RFC's order: CLOSED, LISTEN, SYN-SENT, then
// the other states step by step (sequence number, RST, security, SYN, ACK, URG, text, FIN).
#include <algorithm>

#include "core/tcp/endpoint.h"

namespace tcpviz::core {
namespace {

// The reply to a segment goes back to where it came from.
Segment replyTo(const Segment& in, SeqNum seq, std::uint8_t flags) {
    Segment s;
    s.src_port = in.dst_port;
    s.dst_port = in.src_port;
    s.seq = seq;
    s.flags = flags;
    return s;
}

}  // namespace

void Endpoint::onWire(std::span<const std::uint8_t> bytes, TimeUs now, Actions& out) {
    auto parsed = parse(bytes, incomingPseudoHeader());
    if (const auto* failure = std::get_if<ParseFailure>(&parsed)) {
        return notify(failure->error == ParseError::BadChecksum ? Notice::BadChecksum
                                                                : Notice::MalformedSegment,
                      out);
    }
    onSegment(std::get<Segment>(parsed), now, out);
}

void Endpoint::onSegment(const Segment& seg, TimeUs now, Actions& out) {
    // A segment whose checksum does not verify, or whose header is impossible, is dropped
    // before any state looks at it (RFC 9293 §3.1).
    if (seg.data_offset < 5 || seg.data_offset * 4u < 20 + seg.options.wireLength())
        return notify(Notice::MalformedSegment, out);
    if (computeChecksum(seg, incomingPseudoHeader()) != seg.checksum)
        return notify(Notice::BadChecksum, out);

    // A segment for another port meets no connection: it is handled as in CLOSED.
    const bool for_us = seg.dst_port == m_config.port &&
                        (m_state == State::Listen || seg.src_port == m_config.peer_port);
    if (!for_us || m_state == State::Closed) return arriveClosed(seg, out);
    switch (m_state) {
        case State::Listen:
            return arriveListen(seg, now, out);
        case State::SynSent:
            return arriveSynSent(seg, now, out);
        default:
            return arriveOtherwise(seg, now, out);
    }
}

void Endpoint::sendReset(const Segment& in, SeqNum seq, Actions& out) {
    emit(replyTo(in, seq, kRst), SendReason::ResetReply, out);
}

// §3.10.7.1 CLOSED: all data is discarded; anything but an RST is answered with an RST.
void Endpoint::arriveClosed(const Segment& seg, Actions& out) {
    if (seg.has(kRst)) return notify(Notice::SegmentIgnored, out);   // an RST is discarded
    if (!seg.has(kAck)) {
        // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        Segment rst = replyTo(seg, SeqNum(0), kRst | kAck);
        rst.ack = seg.seq + static_cast<std::int64_t>(seg.segLen());
        return emit(std::move(rst), SendReason::ResetReply, out);
    }
    sendReset(seg, seg.ack, out);   // <SEQ=SEG.ACK><CTL=RST>
}

// §3.10.7.2 LISTEN.
void Endpoint::arriveListen(const Segment& seg, TimeUs now, Actions& out) {
    // First, check for an RST: it cannot be a reply to anything of ours; ignore it.
    if (seg.has(kRst)) return notify(Notice::SegmentIgnored, out);
    // Second, check for an ACK: any acknowledgment is bad here; <SEQ=SEG.ACK><CTL=RST>.
    if (seg.has(kAck)) {
        notify(Notice::UnacceptableAck, out);
        return sendReset(seg, seg.ack, out);
    }
    // Third, check for a SYN (the security check is not modelled).
    if (seg.has(kSyn)) {
        Tcb& t = m_tcb;
        t.rcv_nxt = seg.seq + 1;
        t.irs = seg.seq;
        t.snd_mss = seg.options.mss.value_or(536);   // RFC 9293 §3.7.1 default send MSS
        t.snd_wnd = t.max_snd_wnd = seg.window;
        t.snd_wl1 = seg.seq;
        t.iss = nextIsn();
        t.snd_una = t.iss;
        t.snd_nxt = t.iss + 1;
        t.send_base = t.iss + 1;
        t.passive = true;
        t.rcv_wnd = receiveWindow();
        if (m_config.tcp.two_way_handshake) {
            // Teaching variant, NOT TCP: the SYN alone opens the connection.
            setState(State::Established, Cause::RcvSynTwoWay, out);
        } else {
            setState(State::SynReceived, Cause::RcvSyn, out);
        }
        // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. Text on the SYN "should be queued for
        // processing later": it waits in the out-of-order queue for ESTABLISHED.
        if (!seg.payload.empty()) t.out_of_order[1] = seg.payload;
        t.rtt_probe = {{t.snd_nxt, now}};
        sendSyn(true, SendReason::Normal, out);
        restartRetransmissionTimer(now, out);
        return;
    }
    // Fourth, any other control or text: drop the segment.
    notify(Notice::SegmentIgnored, out);
}

// §3.10.7.3 SYN-SENT.
void Endpoint::arriveSynSent(const Segment& seg, TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    // First, check the ACK bit: SEG.ACK =< ISS or SEG.ACK > SND.NXT is unacceptable; reply
    // <SEQ=SEG.ACK><CTL=RST> unless the segment is itself an RST.
    if (seg.has(kAck) && (seg.ack <= t.iss || seg.ack > t.snd_nxt)) {
        if (seg.has(kRst)) return notify(Notice::SegmentIgnored, out);
        notify(Notice::UnacceptableAck, out);
        return sendReset(seg, seg.ack, out);
    }
    const bool ack_acceptable = seg.has(kAck) && inOpenClosed(t.snd_una, seg.ack, t.snd_nxt);
    // Second, check the RST bit: valid only when it acknowledges our SYN (RFC 5961 §3.2).
    if (seg.has(kRst)) {
        if (!ack_acceptable) return notify(Notice::SegmentIgnored, out);
        // The RFC's words are "error: connection reset"; the sockets API (and so every
        // student's program) reports it as "connection refused".
        notify(Notice::ConnectionRefused, out);
        return deleteTcb(Cause::RcvRst, out);
    }
    // Third, the security check is not modelled.
    // Fourth, check the SYN bit.
    if (!seg.has(kSyn)) return notify(Notice::SegmentIgnored, out);   // fifth: drop
    t.irs = seg.seq;
    t.rcv_nxt = seg.seq + 1;
    t.snd_mss = seg.options.mss.value_or(536);
    t.rcv_wnd = receiveWindow();
    if (seg.has(kAck)) t.snd_una = seg.ack;
    if (t.snd_una > t.iss) {
        // Our SYN has been ACKed: ESTABLISHED, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
        t.snd_wnd = t.max_snd_wnd = seg.window;
        t.snd_wl1 = seg.seq;
        t.snd_wl2 = seg.ack;
        if (t.rtt_probe && seg.ack >= t.rtt_probe->first) takeRttSample(now - t.rtt_probe->second);
        t.rtt_probe.reset();
        t.retransmissions = 0;
        enterEstablished(Cause::RcvSynAck, out);
        stopTimer(TimerKind::Retransmission, out);
        stopTimer(TimerKind::UserTimeout, out);
        sendAck(out);
        // Text or a FIN on the SYN,ACK continues at the sixth step; queued data goes out.
        bool ack_needed = false;
        const SeqNum window_end = t.rcv_nxt + static_cast<std::int64_t>(t.rcv_wnd);
        processText(seg, now, ack_needed, out);
        processFin(seg, window_end, false, now, ack_needed, out);
        if (!output(now, out) && ack_needed) sendAck(out);
        return;
    }
    // Simultaneous open: SYN-RECEIVED, and <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
    t.snd_wnd = t.max_snd_wnd = seg.window;
    t.snd_wl1 = seg.seq;
    t.snd_wl2 = seg.ack;
    t.passive = false;
    setState(State::SynReceived, Cause::RcvSyn, out);
    sendSyn(true, SendReason::Normal, out);
}

bool Endpoint::acceptable(const Segment& seg) const {
    // §3.10.7.4 first: the four cases of the acceptability test.
    const std::uint32_t len = seg.segLen();
    const std::uint32_t wnd = m_tcb.rcv_wnd;
    const SeqNum lo = m_tcb.rcv_nxt;
    const SeqNum hi = lo + static_cast<std::int64_t>(wnd);
    if (len == 0) return wnd == 0 ? seg.seq == lo : inHalfOpen(lo, seg.seq, hi);
    // A zero window accepts nothing, but "special allowance should be made to accept valid
    // ACKs, URGs, and RSTs": a segment at RCV.NXT is processed with its text trimmed away.
    if (wnd == 0) return seg.seq == lo;
    return inHalfOpen(lo, seg.seq, hi) ||
           inHalfOpen(lo, seg.seq + static_cast<std::int64_t>(len) - 1, hi);
}

// §3.10.7.4: SYN-RECEIVED and the synchronized states.
void Endpoint::arriveOtherwise(const Segment& seg, TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    t.rcv_wnd = receiveWindow();

    // Simultaneous open (RFC 9293 Figure 7, lines 6 and 7): the peer's SYN,ACK repeats a SYN
    // already received, so the window test would drop it whole; the figure — and Linux — take
    // the acknowledgment it carries, which completes the handshake. Process it as that ACK.
    if (m_state == State::SynReceived && !t.passive && seg.has(kSyn) && seg.has(kAck) &&
        !seg.has(kRst) && !seg.has(kFin) && seg.payload.empty() && seg.seq + 1 == t.rcv_nxt &&
        inOpenClosed(t.snd_una, seg.ack, t.snd_nxt)) {
        Segment ack = seg;
        ack.flags = static_cast<std::uint8_t>(ack.flags & ~kSyn);
        ack.seq = t.rcv_nxt;
        return arriveOtherwise(ack, now, out);
    }

    // First, check the sequence number.
    if (!acceptable(seg)) {
        // An unacceptable RST is dropped silently; anything else gets <SEQ=SND.NXT>
        // <ACK=RCV.NXT><CTL=ACK> and is dropped.
        if (seg.has(kRst)) return notify(Notice::RstIgnored, out);
        // TIME-WAIT: "the only thing that can arrive in this state is a retransmission of the
        // remote FIN. Acknowledge it, and restart the 2 MSL timeout" (eighth step). Its FIN
        // lies just below RCV.NXT, so it is caught here by the window test.
        if (m_state == State::TimeWait && seg.has(kFin) && seg.end() == t.rcv_nxt)
            startTimer(TimerKind::TimeWait, now + 2 * m_config.tcp.msl, out);
        notify(seg.end() <= t.rcv_nxt ? Notice::DuplicateSegment : Notice::UnacceptableSegment, out);
        return sendAck(out);
    }

    // Second, check the RST bit (RFC 9293 §3.10.7.4 with RFC 5961 §3.2): only an RST exactly
    // at RCV.NXT resets; one elsewhere in the window draws a challenge ACK.
    if (seg.has(kRst)) {
        if (seg.seq != t.rcv_nxt) {
            notify(Notice::RstIgnored, out);
            return sendAck(out, SendReason::ChallengeAck);
        }
        switch (m_state) {
            case State::SynReceived:
                if (t.passive) {
                    // Figure 5 note 1: back to LISTEN, as after the passive OPEN.
                    return returnToListen(Cause::RcvRst, out);
                }
                // After an active OPEN (simultaneous open): "connection refused".
                notify(Notice::ConnectionRefused, out);
                return deleteTcb(Cause::RcvRst, out);
            case State::Established:
            case State::FinWait1:
            case State::FinWait2:
            case State::CloseWait:
                notify(Notice::ConnectionReset, out);
                return deleteTcb(Cause::RcvRst, out);
            default:   // CLOSING, LAST-ACK, TIME-WAIT
                return deleteTcb(Cause::RcvRst, out);
        }
    }

    // Third, check security: not modelled.

    // Fourth, check the SYN bit.
    if (seg.has(kSyn)) {
        if (m_state == State::SynReceived && t.passive) {
            // "If the connection was initiated with a passive OPEN, then return this
            // connection to the LISTEN state and return."
            return returnToListen(Cause::RcvSyn, out);
        }
        // Whatever its sequence number, answer with a challenge ACK and drop it (RFC 5961 §4).
        notify(Notice::SynInSynchronized, out);
        return sendAck(out, SendReason::ChallengeAck);
    }

    // Fifth, check the ACK field: without ACK the segment is dropped.
    if (!seg.has(kAck)) return notify(Notice::SegmentIgnored, out);
    bool fin_acked = false;
    const SeqNum rcv_before = t.rcv_nxt;
    if (!processAck(seg, now, fin_acked, out)) return;

    // Sixth, check the URG bit.
    if (seg.has(kUrg) && (m_state == State::Established || m_state == State::FinWait1 ||
                          m_state == State::FinWait2)) {
        const SeqNum up = seg.seq + static_cast<std::int64_t>(seg.urgent_pointer);
        if (up - (t.irs + static_cast<std::int64_t>(t.rcv_up)) > 0)
            t.rcv_up = static_cast<std::uint16_t>(up - t.irs);
    }

    // Seventh, process the segment text; eighth, check the FIN bit.
    bool ack_needed = false;
    const SeqNum window_end = t.rcv_nxt + static_cast<std::int64_t>(t.rcv_wnd);
    processText(seg, now, ack_needed, out);
    processFin(seg, window_end, fin_acked, now, ack_needed, out);
    ack_needed |= t.rcv_nxt != rcv_before;   // text queued from the SYN was taken too

    // FIN-WAIT-1 whose FIN was acknowledged but who received no FIN: FIN-WAIT-2 (the ACK step's
    // transition, taken after the FIN step so that FIN+ACK of our FIN goes straight to TIME-WAIT
    // as §3.10.7.4 eighth step and Figure 5 note 2 say).
    if (m_state == State::FinWait1 && fin_acked) setState(State::FinWait2, Cause::RcvAckOfFin, out);

    // Send what the window now allows; the ACK rides on data when there is some.
    if (!output(now, out) && ack_needed) sendAck(out);
}

bool Endpoint::processAck(const Segment& seg, TimeUs now, bool& fin_acked, Actions& out) {
    Tcb& t = m_tcb;
    if (m_state == State::SynReceived) {
        // SND.UNA < SEG.ACK =< SND.NXT: ESTABLISHED, with the window taken from this segment.
        if (!inOpenClosed(t.snd_una, seg.ack, t.snd_nxt)) {
            // Otherwise <SEQ=SEG.ACK><CTL=RST>.
            notify(Notice::UnacceptableAck, out);
            sendReset(seg, seg.ack, out);
            return false;
        }
        enterEstablished(Cause::RcvAckOfSyn, out);
        t.snd_wnd = seg.window;
        t.max_snd_wnd = std::max(t.max_snd_wnd, t.snd_wnd);
        t.snd_wl1 = seg.seq;
        t.snd_wl2 = seg.ack;
    }
    // ESTABLISHED processing, shared by every synchronized state.
    // SEG.ACK > SND.NXT acknowledges something not yet sent: ACK, drop, return.
    if (seg.ack > t.snd_nxt) {
        notify(Notice::UnacceptableAck, out);
        sendAck(out, SendReason::ChallengeAck);
        return false;
    }
    // RFC 5961 §5: an ACK too far in the past is also answered and dropped.
    if (seg.ack < t.snd_una - static_cast<std::int64_t>(t.max_snd_wnd)) {
        notify(Notice::UnacceptableAck, out);
        sendAck(out, SendReason::ChallengeAck);
        return false;
    }
    const SeqNum old_una = t.snd_una;
    if (seg.ack > t.snd_una) acknowledge(seg.ack, now, out);
    // SND.UNA =< SEG.ACK =< SND.NXT: update the send window unless this segment is older than
    // the one that last did (SND.WL1, SND.WL2).
    if (seg.ack >= old_una) {
        updateWindow(seg);
        // A zero window answered: what the retransmission timer sends are window probes, and
        // "as long as the receiving TCP peer continues to send acknowledgments in response to
        // the probe segments, the sending TCP peer MUST allow the connection to stay open"
        // (§3.8.6.1, MUST-37) — they do not count towards giving up.
        if (t.snd_wnd == 0) t.retransmissions = 0;
    }

    switch (m_state) {
        case State::FinWait1:
            // "if the FIN segment is now acknowledged, then enter FIN-WAIT-2" — taken after the
            // FIN step (see arriveOtherwise).
            fin_acked = ourFinAcked();
            return true;
        case State::Closing:
            // "if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise,
            // ignore the segment."
            if (!ourFinAcked()) return false;
            setState(State::TimeWait, Cause::RcvAckOfFin, out);
            stopAllTimers(out);
            startTimer(TimerKind::TimeWait, now + 2 * m_config.tcp.msl, out);
            return true;
        case State::LastAck:
            // "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state, and return."
            if (ourFinAcked()) {
                deleteTcb(Cause::RcvAckOfFin, out);
                return false;
            }
            return true;
        default:
            return true;
    }
}

void Endpoint::acknowledge(SeqNum ack, TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    // RTT sample, when the timed segment is covered (never a retransmitted one: Karn).
    if (t.rtt_probe && ack >= t.rtt_probe->first) {
        takeRttSample(now - t.rtt_probe->second);
        t.rtt_probe.reset();
    }
    // Acknowledged bytes leave the retransmission queue.
    const SeqNum data_end = t.send_base + static_cast<std::int64_t>(t.send_buffer.size());
    const SeqNum acked_to = std::min(ack, data_end);
    if (acked_to > t.send_base) {
        t.send_buffer.dropFront(static_cast<std::size_t>(acked_to - t.send_base));
        t.send_base = acked_to;
    }
    t.snd_una = ack;
    t.retransmissions = 0;
    // RFC 6298 §5.2/§5.3: stop the timer when everything is acknowledged, else restart it.
    if (t.snd_una == t.snd_nxt) {
        stopTimer(TimerKind::Retransmission, out);
        stopTimer(TimerKind::UserTimeout, out);
    } else {
        restartRetransmissionTimer(now, out);
    }
}

void Endpoint::updateWindow(const Segment& seg) {
    Tcb& t = m_tcb;
    if (t.snd_wl1 < seg.seq || (t.snd_wl1 == seg.seq && t.snd_wl2 <= seg.ack)) {
        t.snd_wnd = seg.window;
        t.snd_wl1 = seg.seq;
        t.snd_wl2 = seg.ack;
        t.max_snd_wnd = std::max(t.max_snd_wnd, t.snd_wnd);
    }
}

void Endpoint::takeRttSample(TimeUs r) {
    // RFC 6298 §2.2–§2.4 with alpha = 1/8, beta = 1/4, K = 4, G = 1 ms.
    Tcb& t = m_tcb;
    if (!t.rtt_measured) {
        t.srtt = r;
        t.rttvar = r / 2;
        t.rtt_measured = true;
    } else {
        t.rttvar = (3 * t.rttvar + std::abs(t.srtt - r)) / 4;
        t.srtt = (7 * t.srtt + r) / 8;
    }
    const TimeUs rto = t.srtt + std::max<TimeUs>(1000, 4 * t.rttvar);
    t.rto = std::clamp(rto, m_config.tcp.rto_min, m_config.tcp.rto_max);
}

void Endpoint::processText(const Segment& seg, TimeUs, bool& ack_needed, Actions& out) {
    // Seventh step: text is taken in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 only; in the other
    // states a FIN has been received and text "should not occur" — it is ignored.
    if (seg.payload.empty()) return;
    if (m_state != State::Established && m_state != State::FinWait1 && m_state != State::FinWait2)
        return;
    Tcb& t = m_tcb;
    ack_needed = true;   // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, piggybacked when possible
    // Trim to the window: bytes before RCV.NXT were received already; bytes past
    // RCV.NXT + RCV.WND do not fit.
    SeqNum first = seg.seq + (seg.has(kSyn) ? 1 : 0);
    std::size_t begin = 0;
    std::size_t end = seg.payload.size();
    if (first < t.rcv_nxt) {
        begin = std::min<std::size_t>(end, static_cast<std::size_t>(t.rcv_nxt - first));
        first = t.rcv_nxt;
    }
    const SeqNum window_end = t.rcv_nxt + static_cast<std::int64_t>(t.rcv_wnd);
    const std::int64_t room = std::max<std::int64_t>(0, window_end - first);
    end = std::min<std::size_t>(end, begin + static_cast<std::size_t>(room));
    if (begin >= end) return;
    const std::span<const std::uint8_t> text(seg.payload.data() + begin, end - begin);
    if (first == t.rcv_nxt && m_config.tcp.auto_receive && t.out_of_order.empty()) {
        // In order, nothing waiting, and the application reads at once: hand the text over.
        t.rcv_nxt = t.rcv_nxt + static_cast<std::int64_t>(text.size());
        out.list.emplace_back(DeliverAction{std::vector<std::uint8_t>(text.begin(), text.end())});
    } else if (first == t.rcv_nxt) {
        t.recv_buffer.append(text);
        t.rcv_nxt = t.rcv_nxt + static_cast<std::int64_t>(text.size());
        pullQueuedText(out);
    } else {
        // Beyond a gap: hold it until the gap is filled (RFC 9293 §3.10.7.4 seventh step).
        notify(Notice::OutOfOrder, out);
        auto& slot = t.out_of_order[static_cast<std::uint32_t>(first - t.irs)];
        if (slot.size() < text.size()) slot.assign(text.begin(), text.end());
    }
    t.rcv_wnd = receiveWindow();
}

void Endpoint::pullQueuedText(Actions& out) {
    // Take from the out-of-order queue whatever now follows on from RCV.NXT, and deliver.
    Tcb& t = m_tcb;
    while (!t.out_of_order.empty()) {
        auto it = t.out_of_order.begin();
        const SeqNum at = t.irs + static_cast<std::int64_t>(it->first);
        if (at > t.rcv_nxt) break;
        const std::size_t skip = static_cast<std::size_t>(t.rcv_nxt - at);
        if (skip < it->second.size()) {
            t.recv_buffer.append(std::span(it->second).subspan(skip));
            t.rcv_nxt = at + static_cast<std::int64_t>(it->second.size());
        }
        t.out_of_order.erase(it);
    }
    deliverInOrder(out);
}

void Endpoint::deliverInOrder(Actions& out) {
    Tcb& t = m_tcb;
    if (!m_config.tcp.auto_receive || t.recv_buffer.empty()) return;
    DeliverAction d;
    t.recv_buffer.copyOut(0, t.recv_buffer.size(), d.data);
    t.recv_buffer.clear();
    out.list.emplace_back(std::move(d));
}

void Endpoint::processFin(const Segment& seg, SeqNum window_end, bool fin_acked, TimeUs now,
                          bool& ack_needed, Actions& out) {
    Tcb& t = m_tcb;
    // Eighth step: a FIN counts once every byte before it has arrived. One that arrived early
    // (beyond a gap) waits in out_of_order_fin.
    if (seg.has(kFin)) {
        // The FIN occupies a sequence number of its own: like text, it counts only inside the
        // window the segment arrived into (a zero window's special allowance covers ACKs, URGs
        // and RSTs, not a FIN: §3.10.7.4 first step).
        const SeqNum fin_at = seg.end() - 1;
        if (fin_at >= window_end) {
            ack_needed = true;   // trimmed off: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> says so
            return;
        }
        if (fin_at > t.rcv_nxt) t.out_of_order_fin = fin_at;
        if (fin_at != t.rcv_nxt && !(t.out_of_order_fin && *t.out_of_order_fin == t.rcv_nxt)) return;
    } else if (!(t.out_of_order_fin && *t.out_of_order_fin == t.rcv_nxt)) {
        return;
    }
    if (m_state == State::Closed || m_state == State::Listen || m_state == State::SynSent) return;
    t.out_of_order_fin.reset();
    // Advance RCV.NXT over the FIN, signal "connection closing", and acknowledge the FIN.
    t.rcv_nxt = t.rcv_nxt + 1;
    ack_needed = true;
    notify(Notice::ConnectionClosing, out);
    switch (m_state) {
        case State::SynReceived:
        case State::Established:
            setState(State::CloseWait, Cause::RcvFin, out);
            return;
        case State::FinWait1:
            if (fin_acked || ourFinAcked()) {
                // "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT,
                // start the time-wait timer, turn off the other timers."
                setState(State::TimeWait, Cause::RcvFinAckOfFin, out);
                stopAllTimers(out);
                startTimer(TimerKind::TimeWait, now + 2 * m_config.tcp.msl, out);
            } else {
                setState(State::Closing, Cause::RcvFin, out);
            }
            return;
        case State::FinWait2:
            setState(State::TimeWait, Cause::RcvFin, out);
            stopAllTimers(out);
            startTimer(TimerKind::TimeWait, now + 2 * m_config.tcp.msl, out);
            return;
        case State::TimeWait:
            // A retransmitted FIN: acknowledge it and restart the 2 MSL timeout.
            startTimer(TimerKind::TimeWait, now + 2 * m_config.tcp.msl, out);
            return;
        default:   // CLOSE-WAIT, CLOSING, LAST-ACK: remain.
            return;
    }
}

}  // namespace tcpviz::core
