// The TCP wire format (RFC 9293 §3.1): serialisation, parsing, the checksum, flags, addresses.
#include "core/tcp/segment.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tcpviz::core {
namespace {

using Bytes = std::vector<std::uint8_t>;

// 192.0.2.1 → 198.51.100.7, the addresses of the documentation examples.
constexpr PseudoHeader kPh{0xC0000201, 0xC6336407};

Bytes bytesOf(std::string_view text) { return Bytes(text.begin(), text.end()); }

// Segments and options are built field by field: GCC 12 warns (-Wmissing-field-initializers)
// about designated initializers that leave members to their defaults.
Segment makeSegment(std::uint8_t flags, SeqNum seq = SeqNum(1), Bytes payload = {}) {
    Segment s;
    s.src_port = 1234;
    s.dst_port = 80;
    s.seq = seq;
    s.flags = flags;
    s.window = 4096;
    s.payload = std::move(payload);
    return s;
}

TcpOptions makeOptions(std::optional<std::uint16_t> mss, std::optional<std::uint8_t> window_scale,
                       bool sack_permitted, std::optional<Timestamps> timestamps) {
    TcpOptions o;
    o.mss = mss;
    o.window_scale = window_scale;
    o.sack_permitted = sack_permitted;
    o.timestamps = timestamps;
    return o;
}

// A segment using every field and every option, with an odd-length payload.
Segment fullSegment() {
    Segment s = makeSegment(kAck | kPsh, SeqNum(0xFFFFFFF0), bytesOf("hello, world!"));  // 13
    s.src_port = 50000;
    s.dst_port = 80;
    s.ack = SeqNum(0x12345678);
    s.window = 0xABCD;
    s.urgent_pointer = 0x0102;
    s.options = makeOptions(1460, 7, true, Timestamps{0xDEADBEEF, 0x01020304});
    finalize(s, kPh);
    return s;
}

Segment parsedOk(std::span<const std::uint8_t> bytes, const PseudoHeader& ph = kPh) {
    auto result = parse(bytes, ph);
    if (const auto* failure = std::get_if<ParseFailure>(&result)) {
        ADD_FAILURE() << "parse failed: " << parseErrorText(failure->error) << " at "
                      << failure->offset;
        return {};
    }
    return std::get<Segment>(std::move(result));
}

std::optional<ParseFailure> failureOf(std::span<const std::uint8_t> bytes,
                                      const PseudoHeader& ph = kPh) {
    auto result = parse(bytes, ph);
    if (const auto* failure = std::get_if<ParseFailure>(&result)) return *failure;
    return std::nullopt;
}

// A reference checksum written independently of core/tcp/segment.cpp: build the pseudo-header
// as bytes, append the segment's bytes with the checksum field zeroed, pad to even length,
// and add the 16-bit big-endian words one at a time with end-around carry.
std::uint16_t referenceChecksum(const Bytes& wire, const PseudoHeader& ph) {
    Bytes buf;
    for (const std::uint32_t addr : {ph.src_addr, ph.dst_addr}) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf.push_back(static_cast<std::uint8_t>(addr >> shift));
        }
    }
    buf.push_back(0);
    buf.push_back(6);
    buf.push_back(static_cast<std::uint8_t>(wire.size() >> 8));
    buf.push_back(static_cast<std::uint8_t>(wire.size()));
    const std::size_t tcp_start = buf.size();
    buf.insert(buf.end(), wire.begin(), wire.end());
    buf[tcp_start + 16] = 0;
    buf[tcp_start + 17] = 0;
    if (buf.size() % 2 != 0) buf.push_back(0);
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < buf.size(); i += 2) {
        sum += static_cast<std::uint32_t>(buf[i] << 8 | buf[i + 1]);
        if (sum > 0xFFFF) sum = (sum & 0xFFFF) + 1;
    }
    return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

// Writes a correct checksum into hand-edited wire bytes, so that a test sees the structural
// error it is about and not a checksum failure.
void fixChecksum(Bytes& wire, const PseudoHeader& ph = kPh) {
    const std::uint16_t c = referenceChecksum(wire, ph);
    wire[16] = static_cast<std::uint8_t>(c >> 8);
    wire[17] = static_cast<std::uint8_t>(c);
}

// A bare header (data offset 5) followed by `options` as raw bytes, with the data offset set
// to cover them (they must be a multiple of 4) and a correct checksum.
Bytes withRawOptions(const Bytes& options) {
    Bytes wire = serialize(makeSegment(kSyn));
    wire.insert(wire.end(), options.begin(), options.end());
    wire[12] = static_cast<std::uint8_t>((wire.size() / 4) << 4);
    fixChecksum(wire);
    return wire;
}

// --- Round trips -------------------------------------------------------------------------

TEST(SegmentWire, RoundTripPreservesEveryField) {
    const Segment s = fullSegment();
    EXPECT_EQ(s.data_offset, 10);  // 20-byte header + 20 bytes of options
    const Bytes wire = serialize(s);
    ASSERT_EQ(wire.size(), 40u + 13u);
    const Segment back = parsedOk(wire);
    EXPECT_EQ(back.src_port, s.src_port);
    EXPECT_EQ(back.dst_port, s.dst_port);
    EXPECT_EQ(back.seq, s.seq);
    EXPECT_EQ(back.ack, s.ack);
    EXPECT_EQ(back.data_offset, s.data_offset);
    EXPECT_EQ(back.flags, s.flags);
    EXPECT_EQ(back.window, s.window);
    EXPECT_EQ(back.checksum, s.checksum);
    EXPECT_EQ(back.urgent_pointer, s.urgent_pointer);
    EXPECT_EQ(back.options, s.options);
    EXPECT_EQ(back.payload, s.payload);
    EXPECT_EQ(back, s);
    EXPECT_EQ(serialize(back), wire);
}

TEST(SegmentWire, RoundTripEveryFlagCombination) {
    // All 256 values of the flags byte, including the meaningless ones (SYN+FIN, RST+SYN...):
    // the wire format carries them all and the parser must not judge them.
    Segment s = fullSegment();
    for (unsigned flags = 0; flags <= 0xFF; ++flags) {
        s.flags = static_cast<std::uint8_t>(flags);
        finalize(s, kPh);
        EXPECT_EQ(parsedOk(serialize(s)), s) << flagsToString(s.flags);
    }
}

TEST(SegmentWire, RoundTripEveryOptionSubset) {
    for (unsigned mask = 0; mask < 16; ++mask) {
        Segment s = makeSegment(kSyn);
        if (mask & 1) s.options.mss = 536;
        if (mask & 2) s.options.window_scale = 14;
        if (mask & 4) s.options.sack_permitted = true;
        if (mask & 8) s.options.timestamps = Timestamps{1, 0};
        finalize(s, kPh);
        const Bytes wire = serialize(s);
        EXPECT_EQ(s.options.wireLength() % 4, 0u) << mask;
        EXPECT_EQ(wire.size(), 20u + s.options.wireLength()) << mask;
        EXPECT_EQ(std::size_t{s.data_offset} * 4, wire.size()) << mask;
        EXPECT_EQ(parsedOk(wire), s) << mask;
    }
}

TEST(SegmentWire, RoundTripPayloadLengths) {
    Segment s = fullSegment();
    for (std::size_t n = 0; n < 40; ++n) {
        s.payload = std::vector<std::uint8_t>(n, static_cast<std::uint8_t>(0xA0 + n));
        finalize(s, kPh);
        EXPECT_EQ(parsedOk(serialize(s)), s) << n;
    }
}

TEST(SegmentWire, OptionWireLengths) {
    EXPECT_EQ(TcpOptions{}.wireLength(), 0u);
    const auto none = std::nullopt;
    EXPECT_EQ(makeOptions(1, none, false, none).wireLength(), 4u);
    EXPECT_EQ(makeOptions(none, 1, false, none).wireLength(), 4u);             // 3 → 4
    EXPECT_EQ(makeOptions(none, none, true, none).wireLength(), 4u);           // 2 → 4
    EXPECT_EQ(makeOptions(none, none, false, Timestamps{}).wireLength(), 12u);  // 10 → 12
    EXPECT_EQ(makeOptions(none, 1, true, none).wireLength(), 8u);              // 5 → 8
    EXPECT_EQ(makeOptions(none, 1, false, Timestamps{}).wireLength(), 16u);    // 13 → 16
    EXPECT_EQ(makeOptions(1, 1, true, Timestamps{}).wireLength(), 20u);        // 19 → 20
}

TEST(SegmentWire, HeaderBytesAreInNetworkOrder) {
    const Segment s = fullSegment();
    const Bytes wire = serialize(s);
    const Bytes header(wire.begin(), wire.begin() + 20);
    const Bytes expected = {
        0xC3, 0x50,              // source port 50000
        0x00, 0x50,              // destination port 80
        0xFF, 0xFF, 0xFF, 0xF0,  // sequence number
        0x12, 0x34, 0x56, 0x78,  // acknowledgment number
        0xA0,                    // data offset 10, reserved 0
        0x18,                    // ACK | PSH
        0xAB, 0xCD,              // window
        static_cast<std::uint8_t>(s.checksum >> 8), static_cast<std::uint8_t>(s.checksum),
        0x01, 0x02,  // urgent pointer
    };
    EXPECT_EQ(header, expected);
}

TEST(SegmentWire, OptionsAreWrittenInOrderAndAligned) {
    const Bytes wire = serialize(fullSegment());
    const Bytes options(wire.begin() + 20, wire.begin() + 40);
    const Bytes expected = {
        2,    4,    0x05, 0xB4,                    // MSS 1460
        1,    3,    3,    7,                       // NOP, window scale 7
        4,    2,                                   // SACK permitted
        8,    10,   0xDE, 0xAD, 0xBE, 0xEF,        // timestamps: value
        0x01, 0x02, 0x03, 0x04,                    //             echo reply
    };
    EXPECT_EQ(options, expected);
    EXPECT_EQ(Bytes(wire.begin() + 40, wire.end()), bytesOf("hello, world!"));
}

TEST(SegmentWire, SerializeUsesDataOffsetAndChecksumAsStored) {
    Segment s = fullSegment();
    s.data_offset = 4;
    s.checksum = 0xBEEF;
    const Bytes wire = serialize(s);
    EXPECT_EQ(wire[12], 0x40);
    EXPECT_EQ(wire[16], 0xBE);
    EXPECT_EQ(wire[17], 0xEF);
    // Only the low four bits of data_offset fit in the header.
    s.data_offset = 0x1F;
    EXPECT_EQ(serialize(s)[12], 0xF0);
}

// --- Checksum ----------------------------------------------------------------------------

TEST(SegmentChecksum, MatchesHandComputedExample) {
    // 192.0.2.1:50000 → 198.51.100.7:80, seq 100, ack 300, ACK|PSH, window 65535, "hi!".
    // 16-bit words (the payload's odd byte is padded with zero):
    //   pseudo-header: C000 0201 C633 6407 0006 0017   (protocol 6, TCP length 23)
    //                  sum = 1EC58
    //   header:        C350 0050 0000 0064 0000 012C 5018 FFFF [0000] 0000
    //                  sum = 21547
    //   payload:       6869 2100
    //                  sum = 08969
    //   total 1EC58 + 21547 + 08969 = 48B08; end-around carry 8B08 + 4 = 8B0C;
    //   complement: ~8B0C = 74F3.
    Segment s = makeSegment(kAck | kPsh, SeqNum(100), bytesOf("hi!"));
    s.src_port = 50000;
    s.dst_port = 80;
    s.ack = SeqNum(300);
    s.window = 65535;
    finalize(s, kPh);
    EXPECT_EQ(s.data_offset, 5);
    EXPECT_EQ(s.checksum, 0x74F3);
    EXPECT_EQ(referenceChecksum(serialize(s), kPh), 0x74F3);
    EXPECT_EQ(parsedOk(serialize(s)), s);
}

TEST(SegmentChecksum, MatchesByteByByteReference) {
    std::mt19937 rng(2024);
    std::uniform_int_distribution<unsigned> byte(0, 255);
    std::uniform_int_distribution<std::uint32_t> word;
    for (int round = 0; round < 500; ++round) {
        Segment s;
        s.src_port = static_cast<std::uint16_t>(word(rng));
        s.dst_port = static_cast<std::uint16_t>(word(rng));
        s.seq = SeqNum(word(rng));
        s.ack = SeqNum(word(rng));
        s.flags = static_cast<std::uint8_t>(byte(rng));
        s.window = static_cast<std::uint16_t>(word(rng));
        s.urgent_pointer = static_cast<std::uint16_t>(word(rng));
        const unsigned which = byte(rng);
        if (which & 1) s.options.mss = static_cast<std::uint16_t>(word(rng));
        if (which & 2) s.options.window_scale = static_cast<std::uint8_t>(byte(rng));
        if (which & 4) s.options.sack_permitted = true;
        if (which & 8) s.options.timestamps = Timestamps{word(rng), word(rng)};
        std::vector<std::uint8_t> payload(byte(rng) % 70);
        for (auto& b : payload) b = static_cast<std::uint8_t>(byte(rng));
        s.payload = std::move(payload);
        const PseudoHeader ph{word(rng), word(rng)};
        finalize(s, ph);
        EXPECT_EQ(s.checksum, referenceChecksum(serialize(s), ph)) << "round " << round;
        EXPECT_EQ(parsedOk(serialize(s), ph), s) << "round " << round;
    }
}

TEST(SegmentChecksum, IgnoresTheStoredChecksum) {
    Segment s = fullSegment();
    const std::uint16_t c = computeChecksum(s, kPh);
    s.checksum = static_cast<std::uint16_t>(~c);
    EXPECT_EQ(computeChecksum(s, kPh), c);
}

TEST(SegmentChecksum, CoversThePseudoHeader) {
    const Bytes wire = serialize(fullSegment());
    for (const PseudoHeader other : {PseudoHeader{kPh.dst_addr, kPh.src_addr + 1},
                                     PseudoHeader{kPh.src_addr, kPh.dst_addr + 1},
                                     PseudoHeader{kPh.src_addr + 0x100, kPh.dst_addr}}) {
        const auto failure = failureOf(wire, other);
        ASSERT_TRUE(failure.has_value());
        EXPECT_EQ(failure->error, ParseError::BadChecksum);
    }
}

TEST(SegmentChecksum, TruncatedPayloadFailsToVerify) {
    Bytes wire = serialize(fullSegment());
    wire.pop_back();
    const auto failure = failureOf(wire);
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadChecksum);
    EXPECT_EQ(failure->offset, 16u);
}

// --- Parse failures ----------------------------------------------------------------------

TEST(SegmentParse, FlippingAnySingleByteIsDetected) {
    const Bytes wire = serialize(fullSegment());
    for (std::size_t i = 0; i < wire.size(); ++i) {
        for (const std::uint8_t mask : {0x01, 0x80, 0xFF}) {
            Bytes bad = wire;
            bad[i] ^= mask;
            EXPECT_TRUE(failureOf(bad).has_value()) << "byte " << i << " ^ " << int{mask};
        }
    }
}

TEST(SegmentParse, FlippingAPayloadByteIsBadChecksum) {
    const Bytes wire = serialize(fullSegment());
    for (std::size_t i = 40; i < wire.size(); ++i) {
        Bytes bad = wire;
        bad[i] ^= 0x5A;
        const auto failure = failureOf(bad);
        ASSERT_TRUE(failure.has_value());
        EXPECT_EQ(failure->error, ParseError::BadChecksum) << i;
    }
}

TEST(SegmentParse, NineteenBytesIsTooShort) {
    const Bytes wire = serialize(fullSegment());
    for (const std::size_t n : {0, 1, 19}) {
        const auto failure = failureOf(std::span(wire).first(n));
        ASSERT_TRUE(failure.has_value()) << n;
        EXPECT_EQ(failure->error, ParseError::TooShort) << n;
        EXPECT_EQ(failure->offset, 0u) << n;
    }
}

TEST(SegmentParse, DataOffsetFourIsBadDataOffset) {
    Segment s = fullSegment();
    s.data_offset = 4;
    s.checksum = computeChecksum(s, kPh);
    const auto failure = failureOf(serialize(s));
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadDataOffset);
    EXPECT_EQ(failure->offset, 12u);
}

TEST(SegmentParse, DataOffsetZeroIsBadDataOffset) {
    Bytes wire = withRawOptions({});
    wire[12] = 0x00;
    fixChecksum(wire);
    const auto failure = failureOf(wire);
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadDataOffset);
}

TEST(SegmentParse, DataOffsetBeyondTheBufferIsBadDataOffset) {
    // 20 bytes, data offset 6 (24 bytes).
    Segment bare = makeSegment(kSyn);
    bare.data_offset = 6;
    bare.checksum = computeChecksum(bare, kPh);
    auto failure = failureOf(serialize(bare));
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadDataOffset);
    EXPECT_EQ(failure->offset, 12u);

    // 53 bytes, data offset 15 (60 bytes).
    Bytes wire = serialize(fullSegment());
    wire[12] = 0xF0;
    fixChecksum(wire);
    failure = failureOf(wire);
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadDataOffset);
}

TEST(SegmentParse, DataOffsetCoveringTheWholeBufferIsAccepted) {
    // The header may extend to the very end: options but no payload.
    Segment s = fullSegment();
    s.payload = {};
    finalize(s, kPh);
    EXPECT_EQ(parsedOk(serialize(s)), s);
}

TEST(SegmentParse, OptionOverrunningTheHeaderIsBadOption) {
    // MSS at offset 20 claims 4 bytes, but the header ends at 24 after a NOP at 20..22.
    const Bytes wire = withRawOptions({1, 1, 2, 4});
    const auto failure = failureOf(wire);
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadOption);
    EXPECT_EQ(failure->offset, 22u);

    // An unknown kind whose length runs past the header into the payload.
    Bytes with_payload = withRawOptions({30, 6, 0, 0});
    with_payload.insert(with_payload.end(), {9, 9, 9, 9});
    fixChecksum(with_payload);
    const auto failure2 = failureOf(with_payload);
    ASSERT_TRUE(failure2.has_value());
    EXPECT_EQ(failure2->error, ParseError::BadOption);
    EXPECT_EQ(failure2->offset, 20u);
}

TEST(SegmentParse, ZeroLengthOptionIsBadOption) {
    const auto failure = failureOf(withRawOptions({30, 0, 1, 1}));
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadOption);
    EXPECT_EQ(failure->offset, 20u);
}

TEST(SegmentParse, OneLengthOptionIsBadOption) {
    const auto failure = failureOf(withRawOptions({1, 1, 30, 1}));
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadOption);
    EXPECT_EQ(failure->offset, 22u);
}

TEST(SegmentParse, MissingLengthByteIsBadOption) {
    // A kind in the header's last byte has no room for its length.
    const auto failure = failureOf(withRawOptions({1, 1, 1, 2}));
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->error, ParseError::BadOption);
    EXPECT_EQ(failure->offset, 23u);
}

TEST(SegmentParse, KnownOptionWithWrongLengthIsBadOption) {
    const std::vector<Bytes> cases = {
        {2, 3, 5, 1},                             // MSS of length 3
        {2, 2, 1, 1},                             // MSS of length 2
        {3, 4, 7, 1},                             // window scale of length 4
        {4, 3, 0, 1},                             // SACK permitted of length 3
        {8, 8, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1},     // timestamps of length 8
        {8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},    // timestamps of length 12
    };
    for (const Bytes& options : cases) {
        const auto failure = failureOf(withRawOptions(options));
        ASSERT_TRUE(failure.has_value()) << int{options[0]};
        EXPECT_EQ(failure->error, ParseError::BadOption) << int{options[0]};
        EXPECT_EQ(failure->offset, 20u) << int{options[0]};
    }
}

TEST(SegmentParse, UnknownOptionsAreSkippedAndKnownOnesRead) {
    // Kind 30 (MPTCP) of length 6, MSS 536, NOP, window scale 5, a SACK block (kind 5, 10
    // bytes, which this parser does not interpret), then EOL padding.
    const Bytes wire = withRawOptions({30, 6, 0xAA, 0xBB, 0xCC, 0xDD,  //
                                       2, 4, 0x02, 0x18,               //
                                       1, 3, 3, 5,                     //
                                       5, 10, 0, 0, 0, 1, 0, 0, 0, 2,  //
                                       0, 0, 0, 0});
    const Segment s = parsedOk(wire);
    EXPECT_EQ(s.data_offset, 12);
    EXPECT_EQ(s.options.mss, 536);
    EXPECT_EQ(s.options.window_scale, 5);
    EXPECT_FALSE(s.options.sack_permitted);
    EXPECT_FALSE(s.options.timestamps.has_value());
    EXPECT_TRUE(s.payload.empty());
}

TEST(SegmentParse, EndOfOptionListStopsParsing) {
    // Whatever follows EOL is padding, even if it would not parse as options.
    const Segment s = parsedOk(withRawOptions({2, 4, 0x05, 0xB4, 0, 0xEE, 0, 0xFF}));
    EXPECT_EQ(s.options.mss, 1460);
    EXPECT_EQ(s.data_offset, 7);
}

TEST(SegmentParse, ReservedBitsAreIgnored) {
    Bytes wire = serialize(fullSegment());
    wire[12] |= 0x0F;
    fixChecksum(wire);
    const Segment s = parsedOk(wire);
    EXPECT_EQ(s.data_offset, 10);
    EXPECT_EQ(s.flags, kAck | kPsh);
}

TEST(SegmentParse, NeverReadsPastTheEnd) {
    // Every prefix and every data offset of a full segment: the sanitizer builds check that
    // nothing is read out of bounds; here, only that nothing parses that should not.
    const Bytes wire = serialize(fullSegment());
    for (std::size_t n = 0; n < wire.size(); ++n) {
        // A heap copy of exactly n bytes so that AddressSanitizer sees any over-read.
        const Bytes prefix(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_TRUE(failureOf(prefix).has_value()) << n;
        for (unsigned offset = 0; offset < 16 && n >= 20; ++offset) {
            Bytes bad = prefix;
            bad[12] = static_cast<std::uint8_t>(offset << 4);
            (void)parse(bad, kPh);
        }
    }
    std::mt19937 rng(7);
    std::uniform_int_distribution<unsigned> byte(0, 255);
    for (int round = 0; round < 2000; ++round) {
        Bytes junk(20 + byte(rng) % 50);
        for (auto& b : junk) b = static_cast<std::uint8_t>(byte(rng));
        junk[12] = static_cast<std::uint8_t>((5 + byte(rng) % 11) << 4);
        fixChecksum(junk);
        (void)parse(junk, kPh);
    }
}

// --- Segment ----------------------------------------------------------------------------

TEST(Segment, SegLenCountsSynAndFin) {
    Segment s = makeSegment(0, SeqNum(1000), Bytes(10));
    EXPECT_EQ(s.segLen(), 10u);
    s.flags = kSyn;
    EXPECT_EQ(s.segLen(), 11u);
    s.flags = kFin | kAck;
    EXPECT_EQ(s.segLen(), 11u);
    s.flags = kSyn | kFin;
    EXPECT_EQ(s.segLen(), 12u);
    s.payload = {};
    EXPECT_EQ(s.segLen(), 2u);
    s.flags = kAck | kPsh | kRst | kUrg;
    EXPECT_EQ(s.segLen(), 0u);
}

TEST(Segment, EndWrapsAroundTheSequenceSpace) {
    const Segment s = makeSegment(kSyn | kFin, SeqNum(0xFFFFFFFE), Bytes(3));
    EXPECT_EQ(s.end(), SeqNum(3));
}

TEST(Segment, HasTestsOneFlag) {
    const Segment s = makeSegment(kSyn | kAck);
    EXPECT_TRUE(s.has(kSyn));
    EXPECT_TRUE(s.has(kAck));
    EXPECT_FALSE(s.has(kFin));
    EXPECT_FALSE(s.has(kRst));
}

// --- Flags -------------------------------------------------------------------------------

TEST(SegmentFlags, ToStringListsSetFlagsInHeaderOrder) {
    EXPECT_EQ(flagsToString(0), "");
    EXPECT_EQ(flagsToString(kSyn), "SYN");
    EXPECT_EQ(flagsToString(kSyn | kAck), "ACK,SYN");
    EXPECT_EQ(flagsToString(kFin | kAck), "ACK,FIN");
    EXPECT_EQ(flagsToString(kAck | kPsh), "ACK,PSH");
    EXPECT_EQ(flagsToString(0xFF), "CWR,ECE,URG,ACK,PSH,RST,SYN,FIN");
    EXPECT_EQ(flagsToString(kRst | kAck, ' '), "ACK RST");
    EXPECT_EQ(flagsToString(kCwr | kFin, '|'), "CWR|FIN");
}

TEST(SegmentFlags, FromNameIsTheInverse) {
    for (const auto& [flag, name] : kFlagsInHeaderOrder) {
        EXPECT_EQ(flagFromName(name), flag) << name;
        EXPECT_EQ(flagsToString(flag), name);
    }
    EXPECT_EQ(flagFromName("syn"), std::nullopt);
    EXPECT_EQ(flagFromName(""), std::nullopt);
    EXPECT_EQ(flagFromName("SYNX"), std::nullopt);
    EXPECT_EQ(flagFromName("SY"), std::nullopt);
}

TEST(SegmentFlags, BitsMatchTheHeader) {
    // RFC 9293 §3.1: the flags byte is CWR ECE URG ACK PSH RST SYN FIN from the top bit down.
    std::uint8_t bit = 0x80;
    for (const auto& [flag, name] : kFlagsInHeaderOrder) {
        EXPECT_EQ(flag, bit) << name;
        bit = static_cast<std::uint8_t>(bit >> 1);
    }
}

// --- Errors and addresses ----------------------------------------------------------------

TEST(SegmentParse, ErrorTextsAreDistinct) {
    std::set<std::string> texts;
    for (const ParseError e : {ParseError::TooShort, ParseError::BadDataOffset,
                               ParseError::BadOption, ParseError::BadChecksum}) {
        texts.insert(parseErrorText(e));
    }
    EXPECT_EQ(texts.size(), 4u);
}

TEST(SegmentIpv4, ToStringIsDottedQuad) {
    EXPECT_EQ(ipv4ToString(0xC0000201), "192.0.2.1");
    EXPECT_EQ(ipv4ToString(0), "0.0.0.0");
    EXPECT_EQ(ipv4ToString(0xFFFFFFFF), "255.255.255.255");
    EXPECT_EQ(ipv4ToString(0x0A000001), "10.0.0.1");
}

TEST(SegmentIpv4, FromStringReadsDottedQuad) {
    EXPECT_EQ(ipv4FromString("192.0.2.1"), 0xC0000201u);
    EXPECT_EQ(ipv4FromString("198.51.100.7"), 0xC6336407u);
    EXPECT_EQ(ipv4FromString("0.0.0.0"), 0u);
    EXPECT_EQ(ipv4FromString("255.255.255.255"), 0xFFFFFFFFu);
    for (const std::uint32_t a : {0u, 1u, 0x7F000001u, 0xC0A80A64u, 0xFFFFFFFEu}) {
        EXPECT_EQ(ipv4FromString(ipv4ToString(a)), a);
    }
}

TEST(SegmentIpv4, FromStringRejectsMalformedText) {
    for (const char* text : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "1.2.3.4x",
                             "x1.2.3.4", "1..3.4", ".1.2.3", "1.2.3.", "1.2.3.4.", " 1.2.3.4",
                             "1.2.3.4 ", "+1.2.3.4", "-1.2.3.4", "1.2.3.-4", "01.2.3.4",
                             "1.2.3.0004", "1000.2.3.4", "99999999999.1.1.1", "1,2,3,4"}) {
        EXPECT_EQ(ipv4FromString(text), std::nullopt) << '"' << text << '"';
    }
}

}  // namespace
}  // namespace tcpviz::core

namespace tcpviz::core {
namespace {

// A QUIC datagram on the wire is RFC 768's: ports, length (header and data), checksum, data;
// the checksum verifies over the pseudo-header with protocol 17, and never goes out as zero.
TEST(SegmentWire, AUdpDatagramIsEightBytesOfHeaderAndItsChecksumVerifies) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1200}}) {
        Segment s;
        s.transport = Transport::Udp;
        s.src_port = 50000;
        s.dst_port = 443;
        s.seq = SeqNum(4096);   // not on the wire
        std::vector<std::uint8_t> data(n);
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
        s.payload = Payload(data);
        const PseudoHeader ph{0xC0000201, 0xC6336407};
        finalize(s, ph);
        EXPECT_NE(s.checksum, 0);
        const std::vector<std::uint8_t> wire = serialize(s);
        ASSERT_EQ(wire.size(), 8 + n);
        EXPECT_EQ(wire[0] << 8 | wire[1], 50000);
        EXPECT_EQ(wire[2] << 8 | wire[3], 443);
        EXPECT_EQ(static_cast<std::size_t>(wire[4] << 8 | wire[5]), 8 + n);
        EXPECT_TRUE(std::equal(data.begin(), data.end(), wire.begin() + 8));
        const std::uint64_t pseudo = (ph.src_addr >> 16) + (ph.src_addr & 0xFFFF) + (ph.dst_addr >> 16) +
                                     (ph.dst_addr & 0xFFFF) + 17 + wire.size();
        EXPECT_EQ(foldInternetSum(pseudo + internetSum(wire.data(), wire.size())), 0xFFFF) << n;
        EXPECT_EQ(s.ipProtocol(), 17);
    }
}

}  // namespace
}  // namespace tcpviz::core
