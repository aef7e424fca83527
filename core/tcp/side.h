#pragma once
// The two ends of a connection, A and B: which one sent, received, or was called. Within a
// connection they stay "A" and "B" in every trace, whatever hosts the connection joins.
#include <cstddef>
#include <cstdint>

namespace tcpviz::core {

enum class Side : std::uint8_t { A = 0, B = 1 };
constexpr Side peerOf(Side s) { return s == Side::A ? Side::B : Side::A; }
constexpr std::size_t idx(Side s) { return static_cast<std::size_t>(s); }
inline const char* sideName(Side s) { return s == Side::A ? "A" : "B"; }

}  // namespace tcpviz::core
