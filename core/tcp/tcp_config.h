#pragma once
#include <cstdint>

#include "core/time.h"

namespace tcpviz::core {

// Tunables of one endpoint. Defaults follow the RFCs (RFC 6298 for the RTO) except where a
// classroom needs shorter waits (MSL).
struct TcpConfig {
    std::uint16_t mss = 536;                 // the MSS we announce and send by (RFC 9293 §3.7.1)
    std::uint32_t window = 65535;            // receive buffer size, announced as RCV.WND
    TimeUs rto_initial = 1'000'000;          // RFC 6298 §2.1: 1 s
    TimeUs rto_min = 1'000'000;              // RFC 6298 §2.4: 1 s
    TimeUs rto_max = 60'000'000;             // RFC 6298 §2.5: at least 60 s
    std::uint32_t max_retransmissions = 5;   // then the connection is given up (RFC 9293 §3.8.3 R2)
    TimeUs msl = 30'000'000;                 // TIME-WAIT lasts 2*MSL
    TimeUs user_timeout = 0;                 // 0: off (RFC 9293 §3.10.8)
    bool auto_receive = true;                // the application reads every byte as it arrives
    // Teaching variant, NOT standard TCP: a passive endpoint enters ESTABLISHED as soon as a
    // SYN arrives, so a scenario can show why the third handshake segment is needed.
    bool two_way_handshake = false;
    bool operator==(const TcpConfig&) const = default;
};

}  // namespace tcpviz::core
