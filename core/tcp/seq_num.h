#pragma once
// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4).
//
// Sequence numbers live on a circle: "a < b" means b is ahead of a by less than half the
// space (2^31). Every comparison and difference in the engine goes through this type; no code
// elsewhere does raw uint32_t arithmetic on sequence numbers.
#include <compare>
#include <cstdint>
#include <functional>

namespace tcpviz::core {

class SeqNum {
public:
    constexpr SeqNum() = default;
    constexpr explicit SeqNum(std::uint32_t value) : m_value(value) {}

    [[nodiscard]] constexpr std::uint32_t value() const { return m_value; }

    // Moving along the circle wraps around 2^32.
    constexpr SeqNum operator+(std::int64_t n) const {
        return SeqNum(static_cast<std::uint32_t>(m_value + static_cast<std::uint64_t>(n)));
    }
    constexpr SeqNum operator-(std::int64_t n) const { return *this + (-n); }
    constexpr SeqNum& operator+=(std::int64_t n) { return *this = *this + n; }

    // Signed distance from `other` to this number: positive when this is ahead (RFC 9293 §3.4).
    constexpr std::int32_t operator-(SeqNum other) const {
        return static_cast<std::int32_t>(m_value - other.m_value);
    }

    constexpr bool operator==(const SeqNum&) const = default;
    constexpr std::strong_ordering operator<=>(SeqNum other) const {
        return (*this - other) <=> 0;
    }

private:
    std::uint32_t m_value = 0;
};

// lo <= x < hi on the circle (the RFC's "=<" and "<" tests, §3.4).
constexpr bool inHalfOpen(SeqNum lo, SeqNum x, SeqNum hi) { return lo <= x && x < hi; }
// lo < x <= hi on the circle (e.g. the acceptable-ACK test SND.UNA < SEG.ACK =< SND.NXT).
constexpr bool inOpenClosed(SeqNum lo, SeqNum x, SeqNum hi) { return lo < x && x <= hi; }

}  // namespace tcpviz::core

template <>
struct std::hash<tcpviz::core::SeqNum> {
    std::size_t operator()(tcpviz::core::SeqNum s) const noexcept { return s.value(); }
};
