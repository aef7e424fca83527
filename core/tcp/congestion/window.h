#pragma once
// What every congestion controller keeps: the congestion window, the slow-start threshold and
// the sender's maximum segment size, in bytes (RFC 5681 §2), and the growth rules they share.
#include <algorithm>
#include <cstdint>

#include "core/time.h"

namespace tcpviz::core::congestion {

struct Window {
    std::uint32_t smss = 536;       // SMSS: the largest segment the sender sends
    std::uint32_t cwnd = 0;
    std::uint32_t ssthresh = 0;
    std::uint32_t ca_acked = 0;     // bytes acknowledged towards the next congestion-avoidance step

    [[nodiscard]] bool inSlowStart() const { return cwnd < ssthresh; }

    // RFC 5681 §3.1, equation (2): during slow start cwnd grows by at most SMSS per ACK.
    void slowStart(std::uint32_t acked) { cwnd += std::min(acked, smss); }

    // RFC 5681 §3.1, congestion avoidance: one SMSS per round trip, counted the way the RFC
    // recommends, in bytes acknowledged (so delayed ACKs do not slow it down): once a whole
    // cwnd has been acknowledged, add SMSS.
    void congestionAvoidance(std::uint32_t acked) {
        ca_acked += acked;
        if (ca_acked >= cwnd) {
            ca_acked -= cwnd;
            cwnd += smss;
        }
    }

    // RFC 5681 §3.1, equation (4): ssthresh = max(FlightSize / 2, 2*SMSS).
    [[nodiscard]] std::uint32_t halfFlight(std::uint32_t flight) const {
        return std::max(flight / 2, 2 * smss);
    }
};

// RFC 5681 §3.1 initial window: IW = 2, 3 or 4 segments depending on SMSS; `segments` > 0
// replaces it (RFC 6928 allows 10).
inline std::uint32_t initialWindow(std::uint32_t smss, std::uint32_t segments) {
    if (segments > 0) return segments * smss;
    if (smss > 2190) return 2 * smss;
    if (smss > 1095) return 3 * smss;
    return 4 * smss;
}

}  // namespace tcpviz::core::congestion
