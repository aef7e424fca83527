// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4), especially across the wrap.
#include "core/tcp/seq_num.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <unordered_set>

namespace tcpviz::core {
namespace {

constexpr std::uint32_t kMax = 0xFFFFFFFF;

TEST(SeqNum, DefaultIsZeroAndValueRoundTrips) {
    EXPECT_EQ(SeqNum().value(), 0u);
    EXPECT_EQ(SeqNum(12345).value(), 12345u);
    EXPECT_EQ(SeqNum(kMax).value(), kMax);
}

TEST(SeqNum, ComparesLikeIntegersAwayFromTheWrap) {
    EXPECT_LT(SeqNum(100), SeqNum(200));
    EXPECT_GT(SeqNum(200), SeqNum(100));
    EXPECT_LE(SeqNum(100), SeqNum(100));
    EXPECT_GE(SeqNum(100), SeqNum(100));
    EXPECT_EQ(SeqNum(100), SeqNum(100));
    EXPECT_NE(SeqNum(100), SeqNum(101));
}

TEST(SeqNum, ComparesAcrossTheWrap) {
    // 0x10 is 0x20 ahead of 0xFFFFFFF0 on the circle.
    EXPECT_LT(SeqNum(0xFFFFFFF0), SeqNum(0x10));
    EXPECT_GT(SeqNum(0x10), SeqNum(0xFFFFFFF0));
    EXPECT_LE(SeqNum(0xFFFFFFF0), SeqNum(0x10));
    EXPECT_GE(SeqNum(0x10), SeqNum(0xFFFFFFF0));
    EXPECT_FALSE(SeqNum(0x10) < SeqNum(0xFFFFFFF0));
    EXPECT_LT(SeqNum(kMax), SeqNum(0));
    EXPECT_GT(SeqNum(0), SeqNum(kMax));
    EXPECT_EQ(SeqNum(kMax) <=> SeqNum(0), std::strong_ordering::less);
    EXPECT_EQ(SeqNum(0) <=> SeqNum(kMax), std::strong_ordering::greater);
    EXPECT_EQ(SeqNum(7) <=> SeqNum(7), std::strong_ordering::equal);
}

TEST(SeqNum, JustUnderHalfTheSpaceApartIsStillAhead) {
    const SeqNum a(0xFFFFFF00);
    const SeqNum b = a + 0x7FFFFFFF;  // the farthest that is unambiguously ahead
    EXPECT_LT(a, b);
    EXPECT_GT(b, a);
    EXPECT_EQ(b - a, 0x7FFFFFFF);
    EXPECT_EQ(a - b, -0x7FFFFFFF);
    // One more step and b is behind a.
    const SeqNum c = a + 0x80000001;
    EXPECT_GT(a, c);
    EXPECT_EQ(c - a, -0x7FFFFFFF);
}

TEST(SeqNum, DifferenceIsSignedDistanceAcrossTheWrap) {
    EXPECT_EQ(SeqNum(0x10) - SeqNum(0xFFFFFFF0), 0x20);
    EXPECT_EQ(SeqNum(0xFFFFFFF0) - SeqNum(0x10), -0x20);
    EXPECT_EQ(SeqNum(0) - SeqNum(kMax), 1);
    EXPECT_EQ(SeqNum(kMax) - SeqNum(0), -1);
    EXPECT_EQ(SeqNum(500) - SeqNum(200), 300);
    EXPECT_EQ(SeqNum(200) - SeqNum(500), -300);
    EXPECT_EQ(SeqNum(42) - SeqNum(42), 0);
}

TEST(SeqNum, AddingWrapsAround) {
    EXPECT_EQ(SeqNum(0xFFFFFFF0) + 0x20, SeqNum(0x10));
    EXPECT_EQ(SeqNum(kMax) + 1, SeqNum(0));
    EXPECT_EQ(SeqNum(5) + 0, SeqNum(5));
    EXPECT_EQ(SeqNum(5) + -10, SeqNum(0xFFFFFFFB));
    // A whole turn of the circle (or several) lands on the same number.
    EXPECT_EQ(SeqNum(1234) + (std::int64_t{1} << 32), SeqNum(1234));
    EXPECT_EQ(SeqNum(1234) + 3 * (std::int64_t{1} << 32) + 1, SeqNum(1235));
}

TEST(SeqNum, SubtractingANumberWrapsAround) {
    EXPECT_EQ(SeqNum(0x10) - std::int64_t{0x20}, SeqNum(0xFFFFFFF0));
    EXPECT_EQ(SeqNum(0) - std::int64_t{1}, SeqNum(kMax));
    EXPECT_EQ(SeqNum(kMax) - std::int64_t{-1}, SeqNum(0));
    EXPECT_EQ(SeqNum(300) - std::int64_t{100}, SeqNum(200));
}

TEST(SeqNum, PlusEqualsWrapsAndReturnsItself) {
    SeqNum s(0xFFFFFFFE);
    SeqNum& r = (s += 3);
    EXPECT_EQ(&r, &s);
    EXPECT_EQ(s, SeqNum(1));
    s += -2;
    EXPECT_EQ(s, SeqNum(kMax));
    s += 0;
    EXPECT_EQ(s, SeqNum(kMax));
}

TEST(SeqNum, AddThenDifferenceRecoversTheStep) {
    for (const std::uint32_t start : {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFF0u, kMax}) {
        for (const std::int32_t step : {0, 1, -1, 1000, -1000, 0x7FFFFFFF, -0x7FFFFFFF}) {
            const SeqNum a(start);
            EXPECT_EQ((a + step) - a, step) << start << " + " << step;
        }
    }
}

TEST(SeqNum, InHalfOpenAwayFromTheWrap) {
    const SeqNum lo(100), hi(200);
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(100), hi));
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(150), hi));
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(199), hi));
    EXPECT_FALSE(inHalfOpen(lo, SeqNum(200), hi));
    EXPECT_FALSE(inHalfOpen(lo, SeqNum(99), hi));
    // An empty range holds nothing.
    EXPECT_FALSE(inHalfOpen(lo, lo, lo));
}

TEST(SeqNum, InHalfOpenAcrossTheWrap) {
    const SeqNum lo(0xFFFFFFF0), hi(0x10);
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(0xFFFFFFF0), hi));
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(kMax), hi));
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(0), hi));
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(0xF), hi));
    EXPECT_FALSE(inHalfOpen(lo, SeqNum(0x10), hi));
    EXPECT_FALSE(inHalfOpen(lo, SeqNum(0xFFFFFFEF), hi));
    EXPECT_FALSE(inHalfOpen(lo, SeqNum(0x11), hi));
}

TEST(SeqNum, InOpenClosedAwayFromTheWrap) {
    // The acceptable-ACK test: SND.UNA < SEG.ACK =< SND.NXT.
    const SeqNum una(100), nxt(200);
    EXPECT_FALSE(inOpenClosed(una, SeqNum(100), nxt));
    EXPECT_TRUE(inOpenClosed(una, SeqNum(101), nxt));
    EXPECT_TRUE(inOpenClosed(una, SeqNum(200), nxt));
    EXPECT_FALSE(inOpenClosed(una, SeqNum(201), nxt));
    EXPECT_FALSE(inOpenClosed(una, una, una));
}

TEST(SeqNum, InOpenClosedAcrossTheWrap) {
    const SeqNum una(0xFFFFFFF0), nxt(0x10);
    EXPECT_FALSE(inOpenClosed(una, SeqNum(0xFFFFFFF0), nxt));
    EXPECT_TRUE(inOpenClosed(una, SeqNum(0xFFFFFFF1), nxt));
    EXPECT_TRUE(inOpenClosed(una, SeqNum(kMax), nxt));
    EXPECT_TRUE(inOpenClosed(una, SeqNum(0), nxt));
    EXPECT_TRUE(inOpenClosed(una, SeqNum(0x10), nxt));
    EXPECT_FALSE(inOpenClosed(una, SeqNum(0x11), nxt));
    EXPECT_FALSE(inOpenClosed(una, SeqNum(0xFFFFFFEF), nxt));
}

TEST(SeqNum, RangeEndingExactlyAtTheWrap) {
    const SeqNum lo(0xFFFFFFFE), hi(0);
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(0xFFFFFFFE), hi));
    EXPECT_TRUE(inHalfOpen(lo, SeqNum(kMax), hi));
    EXPECT_FALSE(inHalfOpen(lo, SeqNum(0), hi));
    EXPECT_TRUE(inOpenClosed(lo, SeqNum(0), hi));
    EXPECT_FALSE(inOpenClosed(lo, SeqNum(1), hi));
}

TEST(SeqNum, IsUsableAtCompileTime) {
    static_assert(SeqNum(0xFFFFFFF0) < SeqNum(0x10));
    static_assert(SeqNum(0x10) - SeqNum(0xFFFFFFF0) == 0x20);
    static_assert((SeqNum(kMax) + 1).value() == 0);
    static_assert(inHalfOpen(SeqNum(kMax), SeqNum(0), SeqNum(1)));
    static_assert(inOpenClosed(SeqNum(kMax), SeqNum(0), SeqNum(0)));
    SUCCEED();
}

TEST(SeqNum, HashesByValue) {
    std::unordered_set<SeqNum> set{SeqNum(1), SeqNum(kMax), SeqNum(1) + (std::int64_t{1} << 32)};
    EXPECT_EQ(set.size(), 2u);
    EXPECT_TRUE(set.contains(SeqNum(kMax)));
}

}  // namespace
}  // namespace tcpviz::core
