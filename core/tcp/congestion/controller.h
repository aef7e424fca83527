#pragma once
// The congestion controller of one endpoint: one of the algorithms below, chosen per endpoint
// in the scenario ("tcp": {"congestion": "newreno"}). Like smoltcp's congestion::Controller and
// Linux's tcp_congestion_ops, it only keeps and changes the window; when to retransmit, what a
// duplicate ACK is and when recovery ends are the endpoint's (core/tcp/endpoint.cpp), so the
// RFC 5681 and RFC 6582 rules stay in one place and every algorithm shares them.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "core/tcp/congestion/cubic.h"
#include "core/tcp/congestion/reno.h"
#include "core/tcp/congestion/tahoe.h"
#include "core/tcp/congestion/window.h"

namespace tcpviz::core {

enum class CongestionAlgorithm : std::uint8_t {
    None,      // no congestion window and no fast retransmit: TCP before 1988 (RFC 793)
    Tahoe,
    Reno,      // RFC 5681
    NewReno,   // RFC 6582, the default
    Cubic,     // RFC 9438
};
std::string_view congestionName(CongestionAlgorithm a);   // "none", "tahoe", ...
std::optional<CongestionAlgorithm> congestionFromName(std::string_view name);

// What the sender is doing, for the trace and the congestion-window plot.
enum class CongestionPhase : std::uint8_t {
    SlowStart,
    CongestionAvoidance,
    FastRecovery,      // after a fast retransmit, until the data outstanding then is acknowledged
    AfterTimeout,      // after a retransmission timeout, until the same
    Unlimited,         // no congestion control
};
std::string_view congestionPhaseName(CongestionPhase p);   // "slow start", ...

namespace congestion {
struct None {
    static constexpr bool kFastRecovery = false;
    static constexpr bool kPartialAcks = false;
    void onAck(Window&, std::uint32_t, TimeUs, TimeUs) {}
    [[nodiscard]] std::uint32_t lossThreshold(const Window& w, std::uint32_t, TimeUs) const { return w.ssthresh; }
    void onRecoveryExit(Window&, TimeUs) {}
    void onTimeout(Window&, TimeUs) {}
};
}  // namespace congestion

class CongestionController {
public:
    // An unset ssthresh is "arbitrarily high" (RFC 5681 §3.1).
    static constexpr std::uint32_t kUnlimited = UINT32_MAX;

    CongestionController() : CongestionController(CongestionAlgorithm::NewReno) {}
    explicit CongestionController(CongestionAlgorithm a, std::uint32_t smss = 536,
                                  std::uint32_t initial_segments = 0);

    [[nodiscard]] CongestionAlgorithm algorithm() const { return m_algorithm; }
    // kUnlimited for None.
    [[nodiscard]] std::uint32_t cwnd() const { return limits() ? m_window.cwnd : kUnlimited; }
    [[nodiscard]] std::uint32_t ssthresh() const { return m_window.ssthresh; }
    [[nodiscard]] std::uint32_t smss() const { return m_window.smss; }
    [[nodiscard]] bool limits() const { return m_algorithm != CongestionAlgorithm::None; }
    // Whether three duplicate ACKs retransmit at once (RFC 5681 §3.2).
    [[nodiscard]] bool fastRetransmit() const { return limits(); }
    // Whether fast recovery follows the fast retransmit (all but Tahoe).
    [[nodiscard]] bool fastRecovery() const;
    // Whether a partial ACK keeps the sender in recovery and resends the next hole (RFC 6582).
    [[nodiscard]] bool partialAcks() const;
    [[nodiscard]] bool inSlowStart() const { return m_window.inSlowStart(); }

    // The handshake told us the segment size: the initial window follows it (RFC 5681 §3.1).
    void setSmss(std::uint32_t smss);
    // RFC 5681 §3.1: after a lost SYN or SYN,ACK the initial window is one segment.
    void useOneSegmentWindow() { m_window.cwnd = m_window.smss; }

    // New data acknowledged outside recovery: slow start or congestion avoidance.
    void onAck(std::uint32_t acked, TimeUs now, TimeUs srtt);
    // The third duplicate ACK (RFC 5681 §3.2 steps 2–3): ssthresh from the algorithm, and cwnd
    // = ssthresh + 3·SMSS for fast recovery (Tahoe: one segment and slow start).
    void onFastRetransmit(std::uint32_t flight, TimeUs now);
    // Step 4: each further duplicate ACK in fast recovery inflates cwnd by SMSS.
    void onDuplicateAckInRecovery();
    // RFC 6582 §3.2 step 5: a partial ACK deflates cwnd by what it acknowledged, then adds back
    // SMSS when that was at least SMSS.
    void onPartialAck(std::uint32_t acked);
    // RFC 5681 §3.2 step 6 / RFC 6582 step 3: the full ACK ends recovery; cwnd = ssthresh.
    void onRecoveryExit(TimeUs now);
    // RFC 5681 §3.1 equation (4): ssthresh = the algorithm's threshold (only for the first
    // timeout of a segment), cwnd = the loss window, one segment.
    void onTimeout(std::uint32_t flight, bool first_of_segment, TimeUs now);

private:
    template <typename F>
    decltype(auto) visit(F&& f) { return std::visit(std::forward<F>(f), m_algo); }

    CongestionAlgorithm m_algorithm;
    congestion::Window m_window;
    std::uint32_t m_initial_segments = 0;
    std::variant<congestion::None, congestion::Tahoe, congestion::Reno, congestion::NewReno,
                 congestion::Cubic>
        m_algo;
};

}  // namespace tcpviz::core
