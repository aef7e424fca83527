// SEGMENT ARRIVES (RFC 9293 §3.10.7), in the RFC's order: CLOSED, LISTEN, SYN-SENT, then
// the other states step by step (sequence number, RST, security, SYN, ACK, URG, text, FIN).
// The ACK step also runs loss recovery (duplicate ACKs, fast retransmit and recovery: RFC 5681
// §3.2, RFC 6582), and the text step decides whether the ACK may be delayed (§3.8.6.3).
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

void Endpoint::takeSynOptions(const Segment& seg) {
    Tcb& t = m_tcb;
    t.snd_mss = seg.options.mss.value_or(536);   // RFC 9293 §3.7.1 default send MSS
    // RFC 7323 §2.2: scaling is on only when both SYNs carry the option; a shift above 14 is
    // taken as 14 (§2.3).
    if (seg.options.window_scale && (seg.has(kAck) ? t.ws_offered : true)) {
        t.ws_offered_by_peer = !seg.has(kAck);
        t.snd_wscale = std::min<std::uint8_t>(*seg.options.window_scale, 14);
        if (!seg.has(kAck)) {
            const int ws = m_config.tcp.window_scale;
            t.rcv_wscale_wanted = ws >= 0 ? static_cast<std::uint8_t>(ws) : windowScaleFor(m_config.tcp.window);
        }
        t.rcv_wscale = t.rcv_wscale_wanted;
    } else {
        t.snd_wscale = t.rcv_wscale = 0;
    }
}

void Endpoint::queueSynText(const Segment& seg) {
    // Text on a SYN "should be queued for processing later" (§3.10.7.2, §3.10.7.3): it waits
    // in the out-of-order queue for ESTABLISHED.
    if (!seg.payload.empty()) m_tcb.out_of_order[1] = seg.payload;
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
        takeSynOptions(seg);
        t.snd_wnd = t.max_snd_wnd = seg.window;   // never scaled on a SYN (RFC 7323 §2.2)
        t.snd_wl1 = seg.seq;
        t.iss = nextIsn();
        t.snd_una = t.iss;
        t.snd_nxt = t.snd_max = t.iss + 1;
        t.send_base = t.iss + 1;
        t.snd_edge = t.snd_nxt + static_cast<std::int64_t>(t.snd_wnd);
        t.recover = t.iss;
        t.passive = true;
        if (m_config.tcp.two_way_handshake) {
            // Teaching variant, NOT TCP: the SYN alone opens the connection.
            setState(State::Established, Cause::RcvSynTwoWay, out);
            t.cc.setSmss(sendMss());
        } else {
            setState(State::SynReceived, Cause::RcvSyn, out);
        }
        // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
        queueSynText(seg);
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
    takeSynOptions(seg);
    if (seg.has(kAck)) t.snd_una = seg.ack;
    if (t.snd_una > t.iss) {
        // Our SYN has been ACKed: ESTABLISHED, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
        t.snd_wnd = t.max_snd_wnd = seg.window;
        t.snd_edge = seg.ack + static_cast<std::int64_t>(t.snd_wnd);
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
        AckNeed ack = AckNeed::None;
        const SeqNum window_end = t.rcv_nxt + static_cast<std::int64_t>(t.rcv_wnd);
        processText(seg, ack, out);
        processFin(seg, window_end, false, now, ack, out);
        finishAck(ack, output(now, out), now, out);
        return;
    }
    // Simultaneous open: SYN-RECEIVED, and <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
    t.snd_wnd = t.max_snd_wnd = seg.window;
    t.snd_edge = t.snd_nxt + static_cast<std::int64_t>(t.snd_wnd);
    t.snd_wl1 = seg.seq;
    t.snd_wl2 = seg.ack;
    t.passive = false;
    setState(State::SynReceived, Cause::RcvSyn, out);
    // Text on the SYN is queued for ESTABLISHED (§3.10.7.3: "queued for processing later").
    queueSynText(seg);
    sendSyn(true, SendReason::Normal, out);
}

bool Endpoint::acceptable(const Segment& seg) const {
    // §3.10.7.4 first: the four cases of the acceptability test.
    const std::uint32_t len = seg.segLen();
    const std::uint32_t wnd = m_tcb.rcv_wnd;
    const SeqNum lo = m_tcb.rcv_nxt;
    const SeqNum hi = lo + static_cast<std::int64_t>(wnd);
    // A segment that carries nothing is accepted at the right edge too, as Linux's
    // tcp_sequence() accepts it: a peer whose window we filled sends its ACKs from exactly
    // RCV.NXT + RCV.WND, and refusing them would start an exchange of ACKs that never ends.
    // (Not an RST: one outside the window is still dropped silently.)
    if (len == 0) {
        if (wnd == 0) return seg.seq == lo;
        return inHalfOpen(lo, seg.seq, hi) || (seg.seq == hi && !seg.has(kRst));
    }
    // A zero window accepts nothing, but "special allowance should be made to accept valid
    // ACKs, URGs, and RSTs": a segment at RCV.NXT is processed with its text trimmed away.
    if (wnd == 0) return seg.seq == lo;
    return inHalfOpen(lo, seg.seq, hi) ||
           inHalfOpen(lo, seg.seq + static_cast<std::int64_t>(len) - 1, hi);
}

// TIME-WAIT and a new SYN for the same 4-tuple, the Linux way (tcp_timewait_state_process,
// RFC 6191): a server's TIME-WAIT gives way to a new connection whose ISN lies beyond
// everything of the old one, instead of drawing an ACK the client must answer with an RST.
void Endpoint::arriveTimeWaitSyn(const Segment& seg, TimeUs now, Actions& out) {
    // The new connection's ISS lies past the old one's sequence space (Linux: SND.NXT + 65537).
    m_isn_override = m_tcb.snd_nxt + 65537;
    returnToListen(Cause::RcvSynNewIsn, out);
    arriveListen(seg, now, out);
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

    if (m_state == State::TimeWait && seg.has(kSyn) && !seg.has(kAck) && !seg.has(kRst) &&
        m_config.tcp.time_wait_syn == TimeWaitSyn::Linux && t.passive && seg.seq > t.rcv_nxt)
        return arriveTimeWaitSyn(seg, now, out);

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
        return sendChallengeAck(seg, now, SendReason::Normal, out);
    }

    // Second, check the RST bit (RFC 9293 §3.10.7.4 with RFC 5961 §3.2): only an RST exactly
    // at RCV.NXT resets; one elsewhere in the window draws a challenge ACK.
    if (seg.has(kRst)) {
        if (seg.seq != t.rcv_nxt) {
            notify(Notice::RstIgnored, out);
            return sendChallengeAck(seg, now, SendReason::ChallengeAck, out);
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
            case State::TimeWait:
                // RFC 1337: an RST must not cut TIME-WAIT short ("TIME-WAIT assassination").
                if (m_config.tcp.rfc1337) return notify(Notice::RstIgnored, out);
                return deleteTcb(Cause::RcvRst, out);
            default:   // CLOSING, LAST-ACK
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
        return sendChallengeAck(seg, now, SendReason::ChallengeAck, out);
    }

    // Fifth, check the ACK field: without ACK the segment is dropped.
    if (!seg.has(kAck)) return notify(Notice::SegmentIgnored, out);
    bool fin_acked = false;
    const SeqNum rcv_before = t.rcv_nxt;
    switch (processAck(seg, now, fin_acked, out)) {
        case AckOutcome::Continue:
            break;
        case AckOutcome::SendOnly:
            // CLOSING without the ACK of our FIN: the rest of the segment is ignored, but what it
            // acknowledged may have opened the window for data still queued before our FIN.
            output(now, out);
            return;
        case AckOutcome::Drop:
            return;
    }

    // Sixth, check the URG bit: urgent data is not implemented (RFC 6093); the bit is ignored.

    // Seventh, process the segment text; eighth, check the FIN bit.
    AckNeed ack = AckNeed::None;
    const SeqNum window_end = t.rcv_nxt + static_cast<std::int64_t>(t.rcv_wnd);
    processText(seg, ack, out);
    processFin(seg, window_end, fin_acked, now, ack, out);
    if (t.rcv_nxt != rcv_before && ack == AckNeed::None) ack = AckNeed::Now;   // text queued from the SYN

    // FIN-WAIT-1 whose FIN was acknowledged but who received no FIN: FIN-WAIT-2 (the ACK step's
    // transition, taken after the FIN step so that FIN+ACK of our FIN goes straight to TIME-WAIT
    // as §3.10.7.4 eighth step and Figure 5 note 2 say).
    if (m_state == State::FinWait1 && fin_acked) setState(State::FinWait2, Cause::RcvAckOfFin, out);

    // Send what the windows now allow; the ACK rides on data when there is some.
    finishAck(ack, output(now, out), now, out);
}

void Endpoint::finishAck(AckNeed ack, bool sent, TimeUs now, Actions& out) {
    // A segment just sent carried the ACK (emit() settles a delayed ACK).
    if (sent || ack == AckNeed::None) return;
    if (ack == AckNeed::Now) return sendAck(out);
    // RFC 9293 §3.8.6.3: the ACK may wait, but no longer than the delayed-ACK timeout.
    if (!timerRunning(TimerKind::DelayedAck))
        startTimer(TimerKind::DelayedAck, now + m_config.tcp.delayed_ack_timeout, out);
}

Endpoint::AckOutcome Endpoint::processAck(const Segment& seg, TimeUs now, bool& fin_acked, Actions& out) {
    Tcb& t = m_tcb;
    if (m_state == State::SynReceived) {
        // SND.UNA < SEG.ACK =< SND.NXT: ESTABLISHED, with the window taken from this segment.
        if (!inOpenClosed(t.snd_una, seg.ack, t.snd_nxt)) {
            // Otherwise <SEQ=SEG.ACK><CTL=RST>.
            notify(Notice::UnacceptableAck, out);
            sendReset(seg, seg.ack, out);
            return AckOutcome::Drop;
        }
        enterEstablished(Cause::RcvAckOfSyn, out);
        t.snd_wnd = std::uint32_t{seg.window} << t.snd_wscale;
        t.max_snd_wnd = std::max(t.max_snd_wnd, t.snd_wnd);
        t.snd_edge = seg.ack + static_cast<std::int64_t>(t.snd_wnd);
        t.snd_wl1 = seg.seq;
        t.snd_wl2 = seg.ack;
    }
    // ESTABLISHED processing, shared by every synchronized state.
    // SEG.ACK > SND.NXT acknowledges something not yet sent: ACK, drop, return. (SND.MAX here:
    // after a timeout SND.NXT was pulled back, and ACKs of what was sent before stay good.)
    if (seg.ack > t.snd_max) {
        notify(Notice::UnacceptableAck, out);
        sendChallengeAck(seg, now, SendReason::ChallengeAck, out);
        return AckOutcome::Drop;
    }
    // RFC 5961 §5: an ACK too far in the past is also answered and dropped.
    if (seg.ack < t.snd_una - static_cast<std::int64_t>(t.max_snd_wnd)) {
        notify(Notice::UnacceptableAck, out);
        sendChallengeAck(seg, now, SendReason::ChallengeAck, out);
        return AckOutcome::Drop;
    }
    const SeqNum old_una = t.snd_una;
    // RFC 5681 §2: a duplicate ACK acknowledges nothing new, carries no data, SYN or FIN,
    // leaves the window as it was, and arrives while data is outstanding — outstanding as
    // the retransmission timer counts it: the answers to zero-window probes are not
    // duplicates (BSD's tcp_input counts them only while the retransmission timer runs).
    const bool duplicate = seg.ack == t.snd_una && seg.payload.empty() && !seg.has(kFin) &&
                           t.snd_max != t.snd_una && timerRunning(TimerKind::Retransmission) &&
                           (std::uint32_t{seg.window} << t.snd_wscale) == t.snd_wnd;
    if (seg.ack > t.snd_una) acknowledge(seg.ack, now);
    // SND.UNA =< SEG.ACK =< SND.NXT: update the send window unless this segment is older than
    // the one that last did (SND.WL1, SND.WL2).
    if (seg.ack >= old_una) updateWindow(seg);
    if (t.snd_wnd > 0 && timerRunning(TimerKind::Persist)) {
        // The window opened: no more probing. A probe octet the peer did not take is sent
        // again first.
        stopTimer(TimerKind::Persist, out);
        t.persist_backoff = 0;
        t.snd_nxt = t.snd_una;
    }
    // An answer to our probes (§3.8.6.1, MUST-37): they do not count towards giving up.
    if (t.snd_wnd == 0) t.probes = 0;
    if (seg.ack > old_una) {
        // What congestion control counts is data: not the SYN's or the FIN's sequence number.
        std::uint32_t acked = static_cast<std::uint32_t>(seg.ack - old_una);
        if (old_una == t.iss) --acked;
        if (t.fin_sent && seg.ack == t.fin_seq + 1 && acked > 0) --acked;
        const std::uint32_t flight_before = static_cast<std::uint32_t>(t.snd_max - old_una);
        onNewAck(acked, flight_before, now, out);
    } else if (duplicate) {
        onDuplicateAck(now, out);
    }

    switch (m_state) {
        case State::FinWait1:
            // "if the FIN segment is now acknowledged, then enter FIN-WAIT-2" — taken after the
            // FIN step (see arriveOtherwise).
            fin_acked = ourFinAcked();
            return AckOutcome::Continue;
        case State::Closing:
            // "if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise,
            // ignore the segment."
            if (!ourFinAcked()) return AckOutcome::SendOnly;
            enterTimeWait(Cause::RcvAckOfFin, now, out);
            return AckOutcome::Continue;
        case State::LastAck:
            // "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state, and return."
            if (ourFinAcked()) {
                deleteTcb(Cause::RcvAckOfFin, out);
                return AckOutcome::Drop;
            }
            return AckOutcome::Continue;
        default:
            return AckOutcome::Continue;
    }
}

void Endpoint::acknowledge(SeqNum ack, TimeUs now) {
    Tcb& t = m_tcb;
    // RTT sample, when the timed segment is covered (never a retransmitted one: Karn).
    if (t.rtt_probe && ack >= t.rtt_probe->first) {
        takeRttSample(now - t.rtt_probe->second);
        t.rtt_probe.reset();
    }
    // Acknowledged bytes leave the retransmission queue.
    const std::int64_t acked_offset = ack - t.send_base;
    if (acked_offset > 0) {
        const std::uint64_t drop = std::min<std::uint64_t>(static_cast<std::uint64_t>(acked_offset), t.send_buffer.size());
        t.send_buffer.dropFront(drop);
        t.send_base = t.send_base + static_cast<std::int64_t>(drop);
    }
    t.snd_una = ack;
    // Data sent before a timeout pulled SND.NXT back may be acknowledged beyond it.
    if (t.snd_nxt < t.snd_una) t.snd_nxt = t.snd_una;
    t.retransmissions = 0;
}

void Endpoint::onNewAck(std::uint32_t acked, std::uint32_t flight_before, TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    t.dup_acks = 0;
    // RFC 7661 (and Linux's tcp_is_cwnd_limited): cwnd grows only while it limits the sender —
    // in slow start while at least half of it is in use, afterwards while it is nearly full.
    // An application that sends little, or a small receive window, would otherwise let cwnd
    // grow without end on ACKs of a fraction of it.
    const std::uint32_t cwnd = t.cc.cwnd();
    const bool cwnd_limited = t.cc.inSlowStart() ? flight_before >= cwnd / 2
                                                 : flight_before + t.cc.smss() >= cwnd;
    if (acked == 0 || !cwnd_limited) acked = 0;
    // RFC 6298 §5.2/§5.3: stop the timer when everything is acknowledged, else restart it —
    // except in fast recovery, where only the first partial ACK restarts it (RFC 6582 §3.2
    // step 5, the "impatient" variant), so that many holes cannot hold the timeout off.
    bool restart_timer = true;
    switch (t.recovery) {
        case Recovery::Fast:
            if (t.cc.partialAcks() && t.snd_una <= t.recover) {
                // RFC 6582 §3.2 step 5, a partial ACK: another hole. Resend its first segment at
                // once and deflate the window.
                retransmitFirst(SendReason::FastRetransmit, now, out);
                t.cc.onPartialAck(acked);
                restart_timer = !t.partial_ack_seen;
                t.partial_ack_seen = true;
                break;
            }
            // A full ACK (Reno: any new ACK) ends fast recovery (RFC 5681 §3.2 step 6, RFC 6582
            // step 3): cwnd = ssthresh, and congestion avoidance goes on from there.
            t.recovery = Recovery::None;
            t.cc.onRecoveryExit(now);
            break;
        case Recovery::Timeout:
            // Go-back-N after a timeout ends when what was outstanding then is acknowledged.
            if (t.snd_una > t.recover) t.recovery = Recovery::None;
            if (acked > 0) t.cc.onAck(acked, now, t.srtt);
            break;
        case Recovery::None:
            if (acked > 0) t.cc.onAck(acked, now, t.srtt);
            break;
    }
    if (t.snd_una == t.snd_max) {
        stopTimer(TimerKind::Retransmission, out);
        stopTimer(TimerKind::UserTimeout, out);
    } else if (restart_timer) {
        restartRetransmissionTimer(now, out);
    }
}

void Endpoint::onDuplicateAck(TimeUs now, Actions& out) {
    Tcb& t = m_tcb;
    ++t.dup_acks;
    out.list.emplace_back(DupAckAction{t.dup_acks});
    if (!t.cc.fastRetransmit()) return;
    if (t.recovery == Recovery::Fast) {
        // RFC 5681 §3.2 step 4: each further duplicate ACK means a segment has left the
        // network; inflate cwnd so that a new one may go (output() sends it).
        t.cc.onDuplicateAckInRecovery();
        return;
    }
    // RFC 5681 §3.2: the third duplicate ACK (DupThresh) means the segment is lost.
    constexpr std::uint32_t kDupThresh = 3;
    if (t.dup_acks != kDupThresh) return;
    // RFC 6582 §3.2 step 1: not when the ACK does not cover more than `recover` — those are
    // duplicates of segments a timeout already resent.
    if (t.cc.partialAcks() && !(t.snd_una > t.recover)) return;
    t.recover = t.snd_max - 1;
    t.cc.onFastRetransmit(static_cast<std::uint32_t>(t.snd_max - t.snd_una), now);
    t.recovery = t.cc.fastRecovery() ? Recovery::Fast : Recovery::None;
    t.partial_ack_seen = false;
    retransmitFirst(SendReason::FastRetransmit, now, out);
    restartRetransmissionTimer(now, out);
}

void Endpoint::updateWindow(const Segment& seg) {
    Tcb& t = m_tcb;
    const std::uint32_t wnd = std::uint32_t{seg.window} << t.snd_wscale;
    // Every acceptable ACK tells where the peer's window ends (see output()).
    const SeqNum edge = seg.ack + static_cast<std::int64_t>(wnd);
    if (edge > t.snd_edge) t.snd_edge = edge;
    if (t.snd_wl1 < seg.seq || (t.snd_wl1 == seg.seq && t.snd_wl2 <= seg.ack)) {
        t.snd_wnd = wnd;
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

void Endpoint::processText(const Segment& seg, AckNeed& ack, Actions& out) {
    // Seventh step: text is taken in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 only; in the other
    // states a FIN has been received and text "should not occur" — it is ignored.
    if (seg.payload.empty()) return;
    if (m_state != State::Established && m_state != State::FinWait1 && m_state != State::FinWait2)
        return;
    Tcb& t = m_tcb;
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
    const bool trimmed = end - begin > static_cast<std::size_t>(room);
    end = std::min<std::size_t>(end, begin + static_cast<std::size_t>(room));
    // A duplicate, or text that does not fit (a zero-window probe): say at once where we are.
    if (begin >= end) {
        ack = AckNeed::Now;
        return;
    }
    const Payload text = seg.payload.slice(begin, end - begin);
    const bool filled_gap = first == t.rcv_nxt && !t.out_of_order.empty();
    if (first == t.rcv_nxt && m_config.tcp.auto_receive && t.out_of_order.empty()) {
        // In order, nothing waiting, and the application reads at once: hand the text over.
        t.rcv_nxt = t.rcv_nxt + static_cast<std::int64_t>(text.size());
        out.list.emplace_back(DeliverAction{text});
    } else if (first == t.rcv_nxt) {
        t.recv_buffer.append(text);
        t.rcv_nxt = t.rcv_nxt + static_cast<std::int64_t>(text.size());
        pullQueuedText(out);
    } else {
        // Beyond a gap: hold it until the gap is filled (RFC 9293 §3.10.7.4 seventh step), and
        // acknowledge at once — the duplicate ACK tells the sender (RFC 5681 §4.2).
        notify(Notice::OutOfOrder, out);
        auto& slot = t.out_of_order[static_cast<std::uint32_t>(first - t.irs)];
        if (slot.size() < text.size()) slot = text;
        ack = AckNeed::Now;
        t.rcv_wnd = receiveWindow();
        return;
    }
    t.rcv_wnd = receiveWindow();
    // RFC 5681 §4.2: a segment that fills a gap is acknowledged at once. Otherwise the ACK may
    // wait (§3.8.6.3), but not past the second full-sized segment.
    if (filled_gap || trimmed || !m_config.tcp.delayed_ack) {
        ack = AckNeed::Now;
        return;
    }
    // Quick-ACK mode at the start of a connection (Linux's tcp_incr_quickack): the first
    // segments are acknowledged at once, so that the sender's slow start is not held back.
    if (!t.quick_acks) {
        const std::uint32_t mss = std::max<std::uint32_t>(1, std::min<std::uint32_t>(m_config.tcp.mss, t.snd_mss));
        t.quick_acks = std::min(m_config.tcp.quick_acks, std::max<std::uint32_t>(2, t.rcv_wnd / (2 * mss)));
    }
    if (*t.quick_acks > 0) {
        --*t.quick_acks;
        ack = AckNeed::Now;
        return;
    }
    t.unacked_bytes += text.size();
    const std::uint32_t full = std::min<std::uint32_t>(m_config.tcp.mss, t.snd_mss);
    if (t.unacked_bytes >= 2 * full) {
        ack = AckNeed::Now;
    } else if (ack == AckNeed::None) {
        ack = AckNeed::Delayed;
    }
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
            t.recv_buffer.append(it->second.slice(skip, it->second.size() - skip));
            t.rcv_nxt = at + static_cast<std::int64_t>(it->second.size());
        }
        t.out_of_order.erase(it);
    }
    deliverInOrder(out);
}

void Endpoint::deliverInOrder(Actions& out) {
    Tcb& t = m_tcb;
    if (!m_config.tcp.auto_receive || t.recv_buffer.empty()) return;
    while (!t.recv_buffer.empty()) {
        const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(t.recv_buffer.size(), UINT32_MAX));
        out.list.emplace_back(DeliverAction{t.recv_buffer.read(0, n)});
        t.recv_buffer.dropFront(n);
    }
}

void Endpoint::processFin(const Segment& seg, SeqNum window_end, bool fin_acked, TimeUs now,
                          AckNeed& ack, Actions& out) {
    Tcb& t = m_tcb;
    // Eighth step: a FIN counts once every byte before it has arrived. One that arrived early
    // (beyond a gap) waits in out_of_order_fin.
    if (seg.has(kFin)) {
        // The FIN occupies a sequence number of its own: like text, it counts only inside the
        // window the segment arrived into (a zero window's special allowance covers ACKs, URGs
        // and RSTs, not a FIN: §3.10.7.4 first step).
        const SeqNum fin_at = seg.end() - 1;
        if (fin_at >= window_end) {
            ack = AckNeed::Now;   // trimmed off: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> says so
            return;
        }
        if (fin_at > t.rcv_nxt) t.out_of_order_fin = fin_at;
        if (fin_at != t.rcv_nxt && !(t.out_of_order_fin && *t.out_of_order_fin == t.rcv_nxt)) return;
    } else if (!(t.out_of_order_fin && *t.out_of_order_fin == t.rcv_nxt)) {
        return;
    }
    if (m_state == State::Closed || m_state == State::Listen || m_state == State::SynSent) return;
    t.out_of_order_fin.reset();
    // Advance RCV.NXT over the FIN, signal "connection closing", and acknowledge the FIN at once.
    t.rcv_nxt = t.rcv_nxt + 1;
    ack = AckNeed::Now;
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
                enterTimeWait(Cause::RcvFinAckOfFin, now, out);
            } else {
                setState(State::Closing, Cause::RcvFin, out);
            }
            return;
        case State::FinWait2:
            enterTimeWait(Cause::RcvFin, now, out);
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
