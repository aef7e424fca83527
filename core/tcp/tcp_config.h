#pragma once
#include <cstdint>

#include "core/tcp/congestion/controller.h"
#include "core/time.h"

namespace tcpviz::core {

// What a TIME-WAIT connection does with a new SYN for its 4-tuple.
enum class TimeWaitSyn : std::uint8_t {
    Rfc,     // RFC 9293 §3.10.7.4: a SYN in a synchronized state draws a challenge ACK
    Linux,   // a SYN whose ISN lies beyond RCV.NXT reopens the connection (RFC 6191; Linux's
             // tcp_timewait_state_process), when the endpoint was the passive (server) side
};

// Tunables of one endpoint. Defaults follow the RFCs (RFC 6298 for the RTO, RFC 5681 and 6582
// for congestion control) except where a classroom needs shorter waits (MSL).
struct TcpConfig {
    std::uint16_t mss = 536;                 // the MSS we announce and send by (RFC 9293 §3.7.1)
    std::uint32_t window = 65535;            // receive buffer size, announced as RCV.WND
    // RFC 7323 window scale: -1 announces a shift only when the window needs one (above
    // 65535 bytes), 0..14 always announces that shift.
    int window_scale = -1;
    TimeUs rto_initial = 1'000'000;          // RFC 6298 §2.1: 1 s
    TimeUs rto_min = 1'000'000;              // RFC 6298 §2.4: 1 s
    TimeUs rto_max = 60'000'000;             // RFC 6298 §2.5: at least 60 s
    std::uint32_t max_retransmissions = 5;   // then the connection is given up (RFC 9293 §3.8.3 R2)
    // Retransmissions of a SYN (or SYN,ACK) before giving up. RFC 9293 §3.8.3 (MUST-23) asks
    // for at least 3 minutes: with the RFC 6298 back-off from 1 s and the 60 s ceiling, 7 give
    // up after 1+2+4+8+16+32+60+60 = 183 s. (Linux's tcp_syn_retries is 6: 127 s.)
    std::uint32_t syn_retries = 7;
    TimeUs msl = 30'000'000;                 // TIME-WAIT lasts 2*MSL
    TimeUs user_timeout = 0;                 // 0: off (RFC 9293 §3.10.8)
    bool auto_receive = true;                // the application reads every byte as it arrives
    // Teaching variant, NOT standard TCP: a passive endpoint enters ESTABLISHED as soon as a
    // SYN arrives, so a scenario can show why the third handshake segment is needed.
    bool two_way_handshake = false;

    CongestionAlgorithm congestion = CongestionAlgorithm::NewReno;
    // The initial window in segments; 0 is RFC 5681's rule (4, 3 or 2 segments by MSS), 10 is
    // RFC 6928's IW10 (what Linux uses).
    std::uint32_t initial_window = 0;
    // RFC 9293 §3.8.6.3: ACK at least every second full-sized segment, and no later than
    // delayed_ack_timeout (at most 500 ms; Linux waits 40 to 200 ms, TCP_DELACK_MIN/MAX).
    bool delayed_ack = true;
    TimeUs delayed_ack_timeout = 200'000;
    // Like Linux, the first segments of a connection are acknowledged at once (quick-ACK mode):
    // at most this many, and at most RCV.WND / (2 * MSS) of them (tcp_incr_quickack; 16 is
    // TCP_MAX_QUICKACKS in include/net/tcp.h). 0: delay from the first segment, as RFC 9293
    // describes it.
    std::uint32_t quick_acks = 16;
    bool nagle = true;                       // RFC 9293 §3.7.4
    // RFC 5961 §7: at most one ACK per interval in reply to unacceptable segments that carry
    // nothing. 500 ms is Linux's tcp_invalid_ratelimit (Documentation/networking/ip-sysctl.rst).
    TimeUs invalid_ack_interval = 500'000;
    TimeWaitSyn time_wait_syn = TimeWaitSyn::Rfc;
    // RFC 1337: TIME-WAIT ignores RSTs instead of closing ("TIME-WAIT assassination").
    // Linux's tcp_rfc1337, off by default.
    bool rfc1337 = false;

    bool operator==(const TcpConfig&) const = default;
};

}  // namespace tcpviz::core
