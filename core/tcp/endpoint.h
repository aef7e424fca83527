#pragma once
// One TCP endpoint: a TCB and its state, driven by RFC 9293 §3.10 event processing, with the
// data transfer of real stacks: congestion control (RFC 5681, 6582, 9438), fast retransmit and
// recovery, RFC 6298 retransmission timing, delayed ACKs and Nagle, silly-window avoidance on
// both sides, zero-window probing and window scaling (RFC 7323).
//
// Pure: every input (a user call, a segment arrival, a timer expiry) comes with the current
// time, and the endpoint answers with actions appended to `out` (segments to send, timers,
// delivered bytes, state changes with their cause, signals to the user). It never reads a clock
// and does no I/O. pollAt() says when it next needs to run.
//
// Files by concern: endpoint.cpp (user calls, sending, timers), endpoint_arrival.cpp
// (SEGMENT ARRIVES, §3.10.7, step by step).
//
// Urgent data (URG, the urgent pointer) is not implemented: RFC 6093 asks new applications not
// to use it. An arriving URG bit and urgent pointer are shown in the header but ignored.
#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "core/tcp/actions.h"
#include "core/tcp/congestion/controller.h"
#include "core/tcp/payload.h"
#include "core/tcp/segment.h"
#include "core/tcp/seq_num.h"
#include "core/tcp/state.h"
#include "core/tcp/tcp_config.h"
#include "core/time.h"

namespace tcpviz::core {

// A FIFO of payloads (the send and receive buffers), counted in 64 bits: a queued send costs
// one entry, however many bytes it has.
class PayloadQueue {
public:
    [[nodiscard]] std::uint64_t size() const { return m_size; }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    void append(const Payload& p);
    // Bytes [offset, offset + n) as one payload.
    [[nodiscard]] Payload read(std::uint64_t offset, std::uint32_t n) const;
    void dropFront(std::uint64_t n);
    void clear() {
        m_chunks.clear();
        m_size = 0;
    }

private:
    std::deque<Payload> m_chunks;
    std::uint64_t m_size = 0;
};

// How the sender is repairing a loss.
enum class Recovery : std::uint8_t {
    None,
    Fast,      // fast recovery after three duplicate ACKs (RFC 5681 §3.2, RFC 6582)
    Timeout,   // after a retransmission timeout, until the data outstanding then is ACKed
};

// The Transmission Control Block (RFC 9293 §3.3.1) plus what this implementation keeps.
struct Tcb {
    // Send sequence variables
    SeqNum snd_una;        // oldest unacknowledged sequence number
    SeqNum snd_nxt;        // next sequence number to be sent
    SeqNum snd_max;        // one past the highest sequence number ever sent (BSD's snd_max):
                           // after a timeout SND.NXT goes back to SND.UNA, and ACKs up to here
                           // stay acceptable
    std::uint32_t snd_wnd = 0;   // the peer's window, in bytes (scaled)
    SeqNum snd_wl1;        // segment sequence number used for the last window update
    SeqNum snd_wl2;        // segment acknowledgment number used for the last window update
    SeqNum iss;            // initial send sequence number
    std::uint32_t max_snd_wnd = 0;   // largest window the peer has offered (RFC 5961 §5)
    SeqNum snd_edge;       // the farthest right edge (SEG.ACK + SEG.WND) the peer has offered
    // Receive sequence variables
    SeqNum rcv_nxt;
    std::uint32_t rcv_wnd = 0;   // the window the next segment offers
    SeqNum irs;
    std::optional<SeqNum> rcv_adv;   // the right edge last offered (RCV.NXT + RCV.WND then)
    // Options
    std::uint16_t snd_mss = 536;     // the peer's MSS (its option, or the default)
    std::uint8_t snd_wscale = 0;     // RFC 7323 shift counts, in use when both sides sent one
    std::uint8_t rcv_wscale = 0;
    bool ws_offered = false;         // our SYN offered a window scale ...
    bool ws_offered_by_peer = false; // ... the peer's SYN did
    std::uint8_t rcv_wscale_wanted = 0;
    // Connection bookkeeping
    bool passive = false;            // reached SYN-RECEIVED from LISTEN (RFC 9293 Figure 5 note 1)
    bool fin_queued = false;         // CLOSE was called: send a FIN after the queued data
    bool fin_sent = false;           // ... and it has been sent at least once, at fin_seq
    SeqNum fin_seq;
    PayloadQueue send_buffer;        // bytes from send_base on, sent or not
    SeqNum send_base;                // the sequence number of send_buffer's first byte
    PayloadQueue recv_buffer;        // in-order bytes not yet read by the application
    std::map<std::uint32_t, Payload> out_of_order;   // by offset from IRS
    std::optional<SeqNum> out_of_order_fin;          // a FIN seen beyond RCV.NXT
    // Retransmission (RFC 6298)
    TimeUs srtt = 0;
    TimeUs rttvar = 0;
    TimeUs rto = 0;
    bool rtt_measured = false;
    std::optional<std::pair<SeqNum, TimeUs>> rtt_probe;   // the segment being timed (Karn)
    std::uint32_t retransmissions = 0;   // timeouts in a row without progress
    bool syn_timed_out = false;          // our SYN (or SYN,ACK) was retransmitted
    TimeUs persist_backoff = 0;
    std::uint32_t probes = 0;            // zero-window probes in a row without an answer
    // Congestion control and loss recovery (RFC 5681, RFC 6582)
    CongestionController cc;
    std::uint32_t dup_acks = 0;          // duplicate ACKs in a row (RFC 5681 §2)
    Recovery recovery = Recovery::None;
    SeqNum recover;                      // RFC 6582's "recover": the highest sequence number
                                         // sent when the loss was detected
    bool partial_ack_seen = false;       // in this fast recovery (RFC 6582 §3.2 step 5)
    // Delayed ACKs (RFC 9293 §3.8.6.3)
    std::uint32_t unacked_bytes = 0;     // in-order bytes received since the last ACK sent
    std::optional<std::uint32_t> quick_acks;   // left in quick-ACK mode; set by the first data
    // RFC 5961 §7: replies to unacceptable segments are rate-limited
    std::optional<TimeUs> last_challenge;

    [[nodiscard]] std::uint32_t flight() const { return static_cast<std::uint32_t>(snd_nxt - snd_una); }
    [[nodiscard]] CongestionPhase phase() const;
};

// The TCB variables a view shows, as they are after an input (core::Trace keeps one per input
// that changes them, so the inspector never re-simulates).
struct TcbNumbers {
    State state = State::Closed;
    std::uint32_t snd_una = 0, snd_nxt = 0, snd_wnd = 0, iss = 0;
    std::uint32_t rcv_nxt = 0, rcv_wnd = 0, irs = 0;
    std::uint32_t cwnd = 0, ssthresh = 0;      // CongestionController::kUnlimited when none
    std::uint16_t smss = 0;                    // the segment size cwnd counts in
    std::uint32_t srtt_us = 0, rto_us = 0;
    std::uint16_t dup_acks = 0;
    std::uint8_t retransmissions = 0;
    CongestionPhase phase = CongestionPhase::SlowStart;
    bool operator==(const TcbNumbers&) const = default;
};

struct EndpointConfig {
    std::uint32_t address = 0;       // IPv4, host order
    std::uint16_t port = 0;
    std::uint32_t peer_address = 0;
    std::uint16_t peer_port = 0;
    TcpConfig tcp;
    std::vector<std::uint32_t> isn;  // ISNs for successive connection attempts
};

class Endpoint {
public:
    explicit Endpoint(EndpointConfig config);

    // --- user calls (RFC 9293 §3.10.1 – §3.10.6) ---
    void listen(TimeUs now, Actions& out);                   // passive OPEN
    void connect(TimeUs now, Actions& out);                  // active OPEN
    void send(const Payload& data, TimeUs now, Actions& out);
    void receive(std::size_t max_bytes, TimeUs now, Actions& out);   // when !auto_receive
    void close(TimeUs now, Actions& out);
    void abort(TimeUs now, Actions& out);
    // The host crashes and comes back without its TCB; nothing is sent.
    void reboot(TimeUs now, Actions& out);

    // --- arrivals (§3.10.7) ---
    void onSegment(const Segment& seg, TimeUs now, Actions& out);
    // Wire bytes: parsed and checksum-verified first; a bad segment is dropped with a notice.
    void onWire(std::span<const std::uint8_t> bytes, TimeUs now, Actions& out);

    // --- timers (§3.8, §3.10.8) ---
    // Processes every timer whose deadline is at or before `now`.
    void onTimers(TimeUs now, Actions& out);
    [[nodiscard]] std::optional<TimeUs> pollAt() const;
    [[nodiscard]] std::optional<TimeUs> timerDeadline(TimerKind k) const {
        return m_timers[static_cast<std::size_t>(k)];
    }

    // Start mid-connection (RFC 9293's figures 9, 10, 12 and 13 begin in ESTABLISHED), as if the
    // handshake had told each side the other's window and MSS.
    void startEstablished(SeqNum snd_nxt, SeqNum rcv_nxt, std::uint32_t peer_window,
                          std::uint16_t peer_mss);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const Tcb& tcb() const { return m_tcb; }
    [[nodiscard]] TcbNumbers numbers() const;
    [[nodiscard]] const EndpointConfig& config() const { return m_config; }
    // In-order bytes the application never read before the TCB was deleted (RFC 9293: deleting
    // the TCB flushes the queues).
    [[nodiscard]] std::uint64_t unreadDiscarded() const { return m_unread_discarded; }
    [[nodiscard]] PseudoHeader outgoingPseudoHeader() const { return {m_config.address, m_config.peer_address}; }
    [[nodiscard]] PseudoHeader incomingPseudoHeader() const { return {m_config.peer_address, m_config.address}; }

private:
    // The one place the state changes; records {from, to, cause}.
    void setState(State to, Cause cause, Actions& out);
    // Enters CLOSED and forgets the connection (timers stopped, buffers flushed).
    void deleteTcb(Cause cause, Actions& out);
    // A TCB with nothing in it: empty buffers, a full receive window, the initial RTO.
    void freshTcb();
    // SYN-RECEIVED after a passive OPEN goes back to LISTEN, forgetting the attempt.
    void returnToListen(Cause cause, Actions& out);
    void notify(Notice n, Actions& out) { out.list.emplace_back(NoticeAction{n}); }

    // Segment construction and output.
    Segment makeSegment(SeqNum seq, std::uint8_t flags);
    void emit(Segment seg, SendReason reason, Actions& out);
    void sendSyn(bool with_ack, SendReason reason, Actions& out);
    void sendAck(Actions& out, SendReason reason = SendReason::Normal);
    // The ACK asked for by an unacceptable segment, at most one per invalid_ack_interval for
    // segments that carry nothing (RFC 5961 §7; Linux's tcp_oow_rate_limited).
    void sendChallengeAck(const Segment& in, TimeUs now, SendReason reason, Actions& out);
    void sendReset(const Segment& in, SeqNum seq, Actions& out);   // <SEQ=seq><CTL=RST> back to its sender
    // Sends what the windows, Nagle and sender-side SWS avoidance allow: queued data, then a
    // queued FIN, from SND.NXT on. Returns true when something was sent (an ACK rides on it).
    bool output(TimeUs now, Actions& out);
    // One segment from `seq`: at most `max` bytes of the data there, and the FIN when it
    // reaches it and fin_allowed. False when there is nothing at `seq`.
    bool sendFrom(SeqNum seq, std::uint32_t max, bool fin_allowed, SendReason reason, TimeUs now,
                  Actions& out);
    // The next persist-timer interval, backing off (RFC 9293 §3.8.6.1).
    TimeUs persistInterval();
    static std::uint8_t windowScaleFor(std::uint32_t window);
    // The earliest unacknowledged segment again (RFC 6298 §5.4, RFC 5681 §3.2 step 3).
    void retransmitFirst(SendReason reason, TimeUs now, Actions& out);
    void beginConnection(TimeUs now, Actions& out);    // choose the ISS and send a SYN
    SeqNum nextIsn();
    [[nodiscard]] std::uint32_t sendMss() const;
    [[nodiscard]] std::uint64_t queuedAfter(SeqNum seq) const;   // bytes of the buffer from seq on
    [[nodiscard]] bool finAt(SeqNum seq) const;   // a queued FIN occupies `seq`
    [[nodiscard]] bool canSendData() const;

    // Arrival processing by state (endpoint_arrival.cpp).
    void arriveClosed(const Segment& seg, Actions& out);
    void arriveListen(const Segment& seg, TimeUs now, Actions& out);
    void arriveSynSent(const Segment& seg, TimeUs now, Actions& out);
    void arriveOtherwise(const Segment& seg, TimeUs now, Actions& out);
    void arriveTimeWaitSyn(const Segment& seg, TimeUs now, Actions& out);
    bool acceptable(const Segment& seg) const;
    // How an arrival wants to be acknowledged: not at all, within the delayed-ACK rules, or now.
    enum class AckNeed : std::uint8_t { None, Delayed, Now };
    // What the rest of the arrival does after the ACK step.
    enum class AckOutcome : std::uint8_t {
        Continue,   // go on to the text and FIN steps
        SendOnly,   // ignore the rest of the segment, but send what the window now allows
        Drop,       // done (answered, dropped, or the TCB is gone)
    };
    AckOutcome processAck(const Segment& seg, TimeUs now, bool& fin_acked, Actions& out);
    void onNewAck(std::uint32_t acked, std::uint32_t flight_before, TimeUs now, Actions& out);
    void onDuplicateAck(TimeUs now, Actions& out);
    void processText(const Segment& seg, AckNeed& ack, Actions& out);
    void processFin(const Segment& seg, SeqNum window_end, bool fin_acked, TimeUs now, AckNeed& ack,
                    Actions& out);
    void acknowledge(SeqNum ack, TimeUs now);
    void updateWindow(const Segment& seg);
    void takeSynOptions(const Segment& seg);
    void takeRttSample(TimeUs rtt);
    void queueSynText(const Segment& seg);
    void pullQueuedText(Actions& out);
    void deliverInOrder(Actions& out);
    // The window the next segment offers (receiver-side SWS avoidance, §3.8.6.2.2).
    [[nodiscard]] std::uint32_t receiveWindow() const;
    [[nodiscard]] std::uint32_t freeBuffer() const;
    void finishAck(AckNeed ack, bool sent, TimeUs now, Actions& out);
    [[nodiscard]] bool ourFinAcked() const { return m_tcb.fin_sent && m_tcb.snd_una == m_tcb.fin_seq + 1; }

    // Timers are plain deadlines.
    void startTimer(TimerKind k, TimeUs deadline, Actions& out);
    void stopTimer(TimerKind k, Actions& out);
    void stopAllTimers(Actions& out);
    [[nodiscard]] bool timerRunning(TimerKind k) const { return m_timers[static_cast<std::size_t>(k)].has_value(); }
    void onTimerExpired(TimerKind k, TimeUs now, Actions& out);
    void onRetransmissionTimeout(TimeUs now, Actions& out);
    void onPersistTimeout(TimeUs now, Actions& out);
    void restartRetransmissionTimer(TimeUs now, Actions& out);
    void enterEstablished(Cause cause, Actions& out);
    void enterTimeWait(Cause cause, TimeUs now, Actions& out);

    EndpointConfig m_config;
    State m_state = State::Closed;
    Tcb m_tcb;
    std::array<std::optional<TimeUs>, kTimerKindCount> m_timers{};
    std::size_t m_next_isn = 0;
    std::optional<SeqNum> m_isn_override;   // the ISS of a connection reopened from TIME-WAIT
    std::uint64_t m_unread_discarded = 0;
};

// Inline, as the simulator asks for both after every input: a std::optional or a TcbNumbers
// returned from an out-of-line call comes back through memory, and reading it back at once
// stalls (the wide loads cannot take the bytes from the callee's narrow stores).
inline std::optional<TimeUs> Endpoint::pollAt() const {
    // A plain minimum, with "not running" as the largest time (`any` keeps a deadline there).
    constexpr TimeUs kNever = std::numeric_limits<TimeUs>::max();
    TimeUs earliest = kNever;
    bool any = false;
    for (const auto& t : m_timers) {
        any |= t.has_value();
        earliest = std::min(earliest, t.value_or(kNever));
    }
    if (!any) return std::nullopt;
    return earliest;
}

inline TcbNumbers Endpoint::numbers() const {
    const Tcb& t = m_tcb;
    TcbNumbers n;
    n.state = m_state;
    n.snd_una = t.snd_una.value();
    n.snd_nxt = t.snd_nxt.value();
    n.snd_wnd = t.snd_wnd;
    n.iss = t.iss.value();
    n.rcv_nxt = t.rcv_nxt.value();
    n.rcv_wnd = t.rcv_wnd;
    n.irs = t.irs.value();
    n.cwnd = t.cc.cwnd();
    n.ssthresh = t.cc.ssthresh();
    n.smss = static_cast<std::uint16_t>(std::min<std::uint32_t>(t.cc.smss(), UINT16_MAX));
    n.srtt_us = static_cast<std::uint32_t>(std::clamp<TimeUs>(t.srtt, 0, UINT32_MAX));
    n.rto_us = static_cast<std::uint32_t>(std::clamp<TimeUs>(t.rto, 0, UINT32_MAX));
    n.dup_acks = static_cast<std::uint16_t>(std::min<std::uint32_t>(t.dup_acks, UINT16_MAX));
    n.retransmissions = static_cast<std::uint8_t>(std::min<std::uint32_t>(t.retransmissions, 255));
    n.phase = t.phase();
    return n;
}

}  // namespace tcpviz::core
