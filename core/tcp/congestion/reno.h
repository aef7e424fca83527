#pragma once
// Reno (RFC 5681 §3.1–§3.2): slow start and congestion avoidance, and after three
// duplicate ACKs fast retransmit followed by fast recovery — ssthresh halves and cwnd resumes
// from there instead of from one segment. NewReno (RFC 6582) grows and shrinks the window the
// same way; it differs in what a partial ACK during recovery means (Controller::partialAcks()).
#include "core/tcp/congestion/window.h"

namespace tcpviz::core::congestion {

struct Reno {
    static constexpr bool kFastRecovery = true;
    static constexpr bool kPartialAcks = false;

    void onAck(Window& w, std::uint32_t acked, TimeUs, TimeUs) {
        if (w.inSlowStart()) {
            w.slowStart(acked);
        } else {
            w.congestionAvoidance(acked);
        }
    }
    // RFC 5681 §3.2 step 2 (and equation (4) after a timeout).
    [[nodiscard]] std::uint32_t lossThreshold(const Window& w, std::uint32_t flight, TimeUs) const {
        return w.halfFlight(flight);
    }
    void onRecoveryExit(Window&, TimeUs) {}
    void onTimeout(Window&, TimeUs) {}
};

// RFC 6582: Reno's window, and a partial ACK keeps the sender in fast recovery.
struct NewReno : Reno {
    static constexpr bool kPartialAcks = true;
};

}  // namespace tcpviz::core::congestion
