#include "core/tcp/congestion/cubic.h"

#include <cmath>

namespace tcpviz::core::congestion {

void Cubic::startEpoch(const Window& w, TimeUs now) {
    // §4.2: the epoch begins with congestion avoidance; K makes W_cubic(0) the current window.
    epoch_start = now;
    cwnd_segments = static_cast<double>(w.cwnd) / w.smss;
    if (w_max < cwnd_segments) w_max = cwnd_segments;   // no loss yet, or the window grew past it
    k = std::cbrt((w_max - cwnd_segments) / kC);
    w_est = cwnd_segments;
    alpha = kAlpha;
}

void Cubic::onAck(Window& w, std::uint32_t acked, TimeUs now, TimeUs srtt) {
    if (w.inSlowStart()) {
        w.slowStart(acked);
        return;
    }
    if (!epoch_start) startEpoch(w, now);
    const double smss = w.smss;
    const double cwnd = static_cast<double>(w.cwnd) / smss;
    cwnd_segments = std::max(cwnd_segments, cwnd);
    const double segments_acked = acked / smss;
    // §4.3: the Reno-friendly estimate grows by α per window's worth of ACKs; once it has
    // reached the window of the last loss, as fast as Reno (α = 1).
    w_est += alpha * segments_acked / cwnd_segments;
    if (w_est >= w_max) alpha = 1.0;
    const double t = static_cast<double>(now - *epoch_start) / 1e6;
    const double rtt = static_cast<double>(srtt) / 1e6;
    const auto w_cubic = [&](double at) { return kC * std::pow(at - k, 3.0) + w_max; };
    if (w_cubic(t) < w_est) {
        cwnd_segments = w_est;   // §4.3: the Reno-friendly region
    } else {
        // §4.4–§4.5: the concave and convex regions aim at W_cubic one RTT ahead, no more than
        // 1.5 times the window, growing by (target − cwnd)/cwnd per ACK.
        const double target = std::clamp(w_cubic(t + rtt), cwnd_segments, 1.5 * cwnd_segments);
        cwnd_segments += (target - cwnd_segments) / cwnd_segments;
    }
    w.cwnd = std::max(w.cwnd, static_cast<std::uint32_t>(cwnd_segments * smss));
}

void Cubic::reduce(const Window& w) {
    // §4.7 fast convergence: a loss below the last W_max means a new flow took its share;
    // remember a lower W_max so that this one makes room sooner.
    const double cwnd = static_cast<double>(w.cwnd) / w.smss;
    w_max = cwnd < w_max ? cwnd * (1.0 + kBeta) / 2.0 : cwnd;
    epoch_start.reset();
}

std::uint32_t Cubic::lossThreshold(const Window& w, std::uint32_t, TimeUs) {
    // §4.6: ssthresh = cwnd · β_cubic, at least 2 SMSS. RFC 9438 applies β to cwnd, as Linux's
    // bictcp_recalc_ssthresh does, rather than to FlightSize.
    reduce(w);
    return std::max(static_cast<std::uint32_t>(w.cwnd * kBeta), 2 * w.smss);
}

void Cubic::onRecoveryExit(Window&, TimeUs) {
    // Congestion avoidance starts afresh from ssthresh; the epoch begins at its first ACK.
    epoch_start.reset();
}

void Cubic::onTimeout(Window&, TimeUs) {
    // §4.8: after a timeout CUBIC slow-starts like Reno (ssthresh came from lossThreshold).
    epoch_start.reset();
}

}  // namespace tcpviz::core::congestion
