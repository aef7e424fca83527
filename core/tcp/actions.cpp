#include "core/tcp/actions.h"

#include <array>

namespace tcpviz::core {

std::string_view timerKindName(TimerKind k) {
    static constexpr std::array<std::string_view, kTimerKindCount> names = {
        "retransmission", "time-wait", "user-timeout", "persist", "delayed-ack"};
    return names[static_cast<std::size_t>(k)];
}

std::string_view timerOpName(TimerOp op) {
    static constexpr std::array<std::string_view, 3> names = {"start", "stop", "expire"};
    return names[static_cast<std::size_t>(op)];
}

std::string_view sendReasonName(SendReason r) {
    static constexpr std::array<std::string_view, 9> names = {
        "normal", "retransmission", "reset reply", "challenge ACK",
        "window probe", "window update", "abort", "injected", "fast retransmission"};
    return names[static_cast<std::size_t>(r)];
}

std::string_view noticeName(Notice n) {
    static constexpr std::array<std::string_view, 19> names = {
        "",
        "connection refused",
        "connection reset",
        "connection closing",
        "connection does not exist",
        "connection already exists",
        "connection timed out",
        "connection aborted due to user timeout",
        "unacceptable segment",
        "bad checksum",
        "malformed segment",
        "unacceptable ACK",
        "RST ignored",
        "SYN on a synchronized connection",
        "segment ignored",
        "duplicate segment",
        "out of order",
        "SYN queue full",
        "accept queue full",
    };
    return names[static_cast<std::size_t>(n)];
}

}  // namespace tcpviz::core
