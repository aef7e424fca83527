#include "core/tcp/congestion/controller.h"

#include <array>

namespace tcpviz::core {
namespace {
constexpr std::array<std::string_view, 5> kNames = {"none", "tahoe", "reno", "newreno", "cubic"};
constexpr std::array<std::string_view, 5> kPhaseNames = {
    "slow start", "congestion avoidance", "fast recovery", "after timeout", "unlimited"};
}  // namespace

std::string_view congestionName(CongestionAlgorithm a) { return kNames[static_cast<std::size_t>(a)]; }

std::optional<CongestionAlgorithm> congestionFromName(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) return static_cast<CongestionAlgorithm>(i);
    return std::nullopt;
}

std::string_view congestionPhaseName(CongestionPhase p) {
    return kPhaseNames[static_cast<std::size_t>(p)];
}

CongestionController::CongestionController(CongestionAlgorithm a, std::uint32_t smss,
                                           std::uint32_t initial_segments)
    : m_algorithm(a), m_initial_segments(initial_segments) {
    switch (a) {
        case CongestionAlgorithm::None: m_algo = congestion::None{}; break;
        case CongestionAlgorithm::Tahoe: m_algo = congestion::Tahoe{}; break;
        case CongestionAlgorithm::Reno: m_algo = congestion::Reno{}; break;
        case CongestionAlgorithm::NewReno: m_algo = congestion::NewReno{}; break;
        case CongestionAlgorithm::Cubic: m_algo = congestion::Cubic{}; break;
    }
    m_window.ssthresh = kUnlimited;
    setSmss(smss);
}

bool CongestionController::fastRecovery() const {
    return std::visit([](const auto& a) { return std::decay_t<decltype(a)>::kFastRecovery; }, m_algo);
}

bool CongestionController::partialAcks() const {
    return std::visit([](const auto& a) { return std::decay_t<decltype(a)>::kPartialAcks; }, m_algo);
}

void CongestionController::setSmss(std::uint32_t smss) {
    m_window.smss = std::max<std::uint32_t>(smss, 1);
    m_window.cwnd = congestion::initialWindow(m_window.smss, m_initial_segments);
    m_window.ca_acked = 0;
}

void CongestionController::onAck(std::uint32_t acked, TimeUs now, TimeUs srtt) {
    visit([&](auto& a) { a.onAck(m_window, acked, now, srtt); });
}

void CongestionController::onFastRetransmit(std::uint32_t flight, TimeUs now) {
    if (!limits()) return;
    m_window.ssthresh = visit([&](auto& a) { return a.lossThreshold(m_window, flight, now); });
    m_window.cwnd = fastRecovery() ? m_window.ssthresh + 3 * m_window.smss : m_window.smss;
    m_window.ca_acked = 0;
}

void CongestionController::onDuplicateAckInRecovery() {
    if (fastRecovery()) m_window.cwnd += m_window.smss;
}

void CongestionController::onPartialAck(std::uint32_t acked) {
    if (!fastRecovery()) return;
    const std::uint32_t deflated = acked >= m_window.cwnd ? 0 : m_window.cwnd - acked;
    m_window.cwnd = std::max(deflated + (acked >= m_window.smss ? m_window.smss : 0), m_window.smss);
}

void CongestionController::onRecoveryExit(TimeUs now) {
    if (!limits()) return;
    if (fastRecovery()) m_window.cwnd = m_window.ssthresh;
    m_window.ca_acked = 0;
    visit([&](auto& a) { a.onRecoveryExit(m_window, now); });
}

void CongestionController::onTimeout(std::uint32_t flight, bool first_of_segment, TimeUs now) {
    if (!limits()) return;
    if (first_of_segment)
        m_window.ssthresh = visit([&](auto& a) { return a.lossThreshold(m_window, flight, now); });
    m_window.cwnd = m_window.smss;   // the loss window, LW = 1 SMSS
    m_window.ca_acked = 0;
    visit([&](auto& a) { a.onTimeout(m_window, now); });
}

}  // namespace tcpviz::core
