#pragma once
// One TCP endpoint: a TCB and its state, driven by RFC 9293 §3.10 event processing.
//
// Pure: every input (a user call, a segment arrival, a timer expiry) comes with the current
// time, and the endpoint answers with actions appended to `out` (segments to send, timers,
// delivered bytes, state changes with their cause, signals to the user). It never reads a clock
// and does no I/O. pollAt() says when it next needs to run.
//
// Files by concern: endpoint.cpp (user calls, sending, timers), endpoint_arrival.cpp
// (SEGMENT ARRIVES, §3.10.7, step by step).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "core/tcp/actions.h"
#include "core/tcp/segment.h"
#include "core/tcp/seq_num.h"
#include "core/tcp/state.h"
#include "core/tcp/tcp_config.h"
#include "core/time.h"

namespace tcpviz::core {

// A FIFO of bytes with cheap removal from the front (the send and receive buffers).
class ByteQueue {
public:
    [[nodiscard]] std::size_t size() const { return m_bytes.size() - m_head; }
    [[nodiscard]] bool empty() const { return size() == 0; }
    void append(std::span<const std::uint8_t> data) { m_bytes.insert(m_bytes.end(), data.begin(), data.end()); }
    void dropFront(std::size_t n);
    // Bytes [offset, offset + n) appended to `out`.
    void copyOut(std::size_t offset, std::size_t n, std::vector<std::uint8_t>& out) const;
    void clear() { m_bytes.clear(); m_head = 0; }

private:
    std::vector<std::uint8_t> m_bytes;
    std::size_t m_head = 0;
};

// The Transmission Control Block (RFC 9293 §3.3.1) plus what this implementation keeps.
struct Tcb {
    // Send sequence variables
    SeqNum snd_una;        // oldest unacknowledged sequence number
    SeqNum snd_nxt;        // next sequence number to be sent
    std::uint32_t snd_wnd = 0;
    std::uint16_t snd_up = 0;
    SeqNum snd_wl1;        // segment sequence number used for the last window update
    SeqNum snd_wl2;        // segment acknowledgment number used for the last window update
    SeqNum iss;            // initial send sequence number
    std::uint32_t max_snd_wnd = 0;   // largest window the peer has offered (RFC 5961 §5)
    // Receive sequence variables
    SeqNum rcv_nxt;
    std::uint32_t rcv_wnd = 0;
    std::uint16_t rcv_up = 0;
    SeqNum irs;
    // Connection bookkeeping
    std::uint16_t snd_mss = 536;     // the peer's MSS (its option, or the default)
    bool passive = false;            // reached SYN-RECEIVED from LISTEN (RFC 9293 Figure 5 note 1)
    bool fin_queued = false;         // CLOSE was called: send a FIN after the queued data
    bool fin_sent = false;
    SeqNum fin_seq;                  // the sequence number our FIN occupies, once sent
    ByteQueue send_buffer;           // bytes from SND.UNA (or ISS+1) on, sent or not
    SeqNum send_base;                // the sequence number of send_buffer's first byte
    ByteQueue recv_buffer;           // in-order bytes not yet read by the application
    std::map<std::uint32_t, std::vector<std::uint8_t>> out_of_order;  // by offset from RCV.NXT's origin
    std::optional<SeqNum> out_of_order_fin;   // a FIN seen beyond RCV.NXT
    // Retransmission (RFC 6298)
    TimeUs srtt = 0;
    TimeUs rttvar = 0;
    TimeUs rto = 0;
    bool rtt_measured = false;
    std::optional<std::pair<SeqNum, TimeUs>> rtt_probe;   // the segment being timed (Karn)
    std::uint32_t retransmissions = 0;                    // of the oldest unacknowledged segment
    bool syn_timed_out = false;                           // our SYN (or SYN,ACK) was retransmitted
    TimeUs persist_backoff = 0;
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
    void send(std::span<const std::uint8_t> data, TimeUs now, Actions& out);
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

    // Start mid-connection (RFC 9293's figures 9, 10, 12 and 13 begin in ESTABLISHED).
    void startEstablished(SeqNum snd_nxt, SeqNum rcv_nxt, std::uint32_t peer_window);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const Tcb& tcb() const { return m_tcb; }
    [[nodiscard]] const EndpointConfig& config() const { return m_config; }
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
    Segment makeSegment(SeqNum seq, std::uint8_t flags) const;
    void emit(Segment seg, SendReason reason, Actions& out);
    void sendSyn(bool with_ack, SendReason reason, Actions& out);
    void sendAck(Actions& out, SendReason reason = SendReason::Normal);
    void sendReset(const Segment& in, SeqNum seq, Actions& out);   // <SEQ=seq><CTL=RST> back to its sender
    // Sends whatever the window allows: queued data, then a queued FIN. Returns true when
    // something was sent (an ACK then rides on it).
    bool output(TimeUs now, Actions& out);
    void retransmit(Actions& out);
    void beginConnection(TimeUs now, Actions& out);    // choose the ISS and send a SYN
    SeqNum nextIsn();

    // Arrival processing by state (endpoint_arrival.cpp).
    void arriveClosed(const Segment& seg, Actions& out);
    void arriveListen(const Segment& seg, TimeUs now, Actions& out);
    void arriveSynSent(const Segment& seg, TimeUs now, Actions& out);
    void arriveOtherwise(const Segment& seg, TimeUs now, Actions& out);
    bool acceptable(const Segment& seg) const;
    bool processAck(const Segment& seg, TimeUs now, bool& fin_acked, Actions& out);
    void processText(const Segment& seg, TimeUs now, bool& ack_needed, Actions& out);
    void processFin(const Segment& seg, SeqNum window_end, bool fin_acked, TimeUs now, bool& ack_needed,
                    Actions& out);
    void acknowledge(SeqNum ack, TimeUs now, Actions& out);
    void updateWindow(const Segment& seg);
    void takeRttSample(TimeUs rtt);
    void pullQueuedText(Actions& out);
    void deliverInOrder(Actions& out);
    [[nodiscard]] std::uint32_t receiveWindow() const;
    [[nodiscard]] bool ourFinAcked() const { return m_tcb.fin_sent && m_tcb.snd_una == m_tcb.fin_seq + 1; }

    // Timers are plain deadlines.
    void startTimer(TimerKind k, TimeUs deadline, Actions& out);
    void stopTimer(TimerKind k, Actions& out);
    void stopAllTimers(Actions& out);
    [[nodiscard]] bool timerRunning(TimerKind k) const { return m_timers[static_cast<std::size_t>(k)].has_value(); }
    void onTimerExpired(TimerKind k, TimeUs now, Actions& out);
    void restartRetransmissionTimer(TimeUs now, Actions& out);
    void enterEstablished(Cause cause, Actions& out);

    EndpointConfig m_config;
    State m_state = State::Closed;
    Tcb m_tcb;
    std::array<std::optional<TimeUs>, kTimerKindCount> m_timers{};
    std::size_t m_next_isn = 0;
    TimeUs m_user_timer_base = 0;
};

}  // namespace tcpviz::core
