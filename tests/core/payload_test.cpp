// core::Payload: a segment's bytes as a place in a generated stream. Its bytes, and their part
// of the checksum (computed in O(1) from prefix sums), must be exactly those of the same bytes
// held in memory.
#include <gtest/gtest.h>

#include <random>

#include "core/tcp/payload.h"
#include "core/tcp/segment.h"

namespace tcpviz::core {
namespace {

std::uint64_t wordSumOf(const std::vector<std::uint8_t>& b) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < b.size(); ++i) sum += i % 2 == 0 ? std::uint64_t{b[i]} << 8 : b[i];
    return sum;
}

TEST(Payload, GeneratedBytesAndTheirChecksumWordsMatchHeldOnes) {
    std::mt19937_64 rng(7);
    for (Stream stream : {Stream::ClientText, Stream::ServerText, Stream::Filler}) {
        for (int i = 0; i < 400; ++i) {
            const std::uint64_t offset = rng() % 5'000'000'000ull;   // beyond 2^32 too
            const auto length = static_cast<std::uint32_t>(rng() % (i % 10 == 0 ? 70'000 : 300));
            const Payload p = Payload::generated(stream, offset, length);
            const std::vector<std::uint8_t> bytes = p.bytes();
            ASSERT_EQ(bytes.size(), length);
            for (std::uint32_t k = 0; k < length; k += 97) ASSERT_EQ(bytes[k], streamByte(stream, offset + k));
            ASSERT_EQ(p.wordSum(), wordSumOf(bytes)) << "offset " << offset << " length " << length;
            ASSERT_EQ(p, Payload(bytes));
        }
    }
}

TEST(Payload, TheChecksumOfAGeneratedSegmentIsTheChecksumOfItsBytes) {
    Segment a{.seq = SeqNum(1000), .ack = SeqNum(2000), .flags = kAck, .window = 4000};
    a.payload = Payload::generated(Stream::ClientText, 12345, 536);
    Segment b = a;
    b.payload = Payload(a.payload.bytes());
    const PseudoHeader ph{0xC0000201, 0xC6336407};
    EXPECT_EQ(computeChecksum(a, ph), computeChecksum(b, ph));
    finalize(a, ph);
    // What goes on the wire parses back to the same segment, bytes included.
    const auto parsed = parse(serialize(a), ph);
    ASSERT_TRUE(std::holds_alternative<Segment>(parsed));
    EXPECT_EQ(std::get<Segment>(parsed), a);
}

TEST(Payload, SlicesAndJoinsKeepTheStream) {
    const Payload p = Payload::generated(Stream::ServerText, 100, 1000);
    const Payload head = p.slice(0, 400), tail = p.slice(400, 600);
    EXPECT_TRUE(head.continuedBy(tail));
    const Payload joined = head.joined(tail);
    EXPECT_EQ(joined.stream(), Stream::ServerText) << "contiguous pieces stay generated";
    EXPECT_EQ(joined, p);
    // Pieces from different places are held as bytes.
    const Payload odd = tail.joined(head);
    EXPECT_EQ(odd.stream(), Stream::Held);
    EXPECT_EQ(odd.size(), 1000u);
    EXPECT_EQ(odd.at(0), p.at(400));
    EXPECT_EQ(odd.at(600), p.at(0));
}

}  // namespace
}  // namespace tcpviz::core
