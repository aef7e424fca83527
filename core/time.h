#pragma once
#include <cstdint>

namespace tcpviz::core {

// Simulated time in microseconds. The engine never reads a clock: time is always an argument.
using TimeUs = std::int64_t;

constexpr TimeUs msToUs(double ms) { return static_cast<TimeUs>(ms * 1000.0 + (ms >= 0 ? 0.5 : -0.5)); }

}  // namespace tcpviz::core
