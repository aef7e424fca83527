#pragma once
// CUBIC (RFC 9438): after a loss the window grows as a cubic function of the time since the
// loss, W_cubic(t) = C·(t − K)³ + W_max — fast while far below the window where the loss
// happened (W_max), flat around it, then probing beyond — and never slower than the estimate of
// what Reno would have reached (the Reno-friendly region, §4.3). The multiplicative decrease is
// β = 0.7 instead of Reno's 0.5. Loss recovery is NewReno's (RFC 6582), as §4.6 allows.
#include <optional>

#include "core/tcp/congestion/window.h"

namespace tcpviz::core::congestion {

struct Cubic {
    static constexpr bool kFastRecovery = true;
    static constexpr bool kPartialAcks = true;
    // RFC 9438 §5: C = 0.4 and β_cubic = 0.7 (also Linux's tcp_cubic.c, beta = 717/1024).
    static constexpr double kC = 0.4;
    static constexpr double kBeta = 0.7;
    // §4.3: α_cubic = 3·(1 − β)/(1 + β), the Reno-friendly growth per round trip.
    static constexpr double kAlpha = 3.0 * (1.0 - kBeta) / (1.0 + kBeta);

    void onAck(Window& w, std::uint32_t acked, TimeUs now, TimeUs srtt);
    [[nodiscard]] std::uint32_t lossThreshold(const Window& w, std::uint32_t flight, TimeUs now);
    void onRecoveryExit(Window& w, TimeUs now);
    void onTimeout(Window& w, TimeUs now);

    // In segments (RFC 9438 counts windows in segments).
    double w_max = 0;                  // the window just before the last reduction
    double k = 0;                      // seconds from the epoch start until W_cubic reaches W_max
    double w_est = 0;                  // the Reno-friendly estimate
    double alpha = kAlpha;
    double cwnd_segments = 0;          // the window in segments, with its fraction
    std::optional<TimeUs> epoch_start; // when the current congestion-avoidance stage began

private:
    void startEpoch(const Window& w, TimeUs now);
    void reduce(const Window& w);
};

}  // namespace tcpviz::core::congestion
