// libFuzzer target for core::parse: arbitrary bytes must never crash, read out of bounds or
// hit undefined behaviour, and whatever parses must survive serialize → parse unchanged.
//
// Random bytes almost never carry a valid checksum, which would keep the fuzzer in front of
// the checksum test. So each input is parsed twice: as it is, and with its checksum field
// rewritten to the correct value, which lets the fuzzer explore the option parser.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <variant>
#include <vector>

#include "core/tcp/segment.h"

namespace {

using tcpviz::core::PseudoHeader;
using tcpviz::core::Segment;

constexpr PseudoHeader kPh{0xC0000201, 0xC6336407};  // 192.0.2.1 → 198.51.100.7

// The Internet checksum of `wire` (checksum field taken as zero) under `ph`, written here
// independently of core/tcp/segment.cpp, byte by byte.
std::uint16_t referenceChecksum(std::span<const std::uint8_t> wire, const PseudoHeader& ph) {
    std::uint64_t sum = (ph.src_addr >> 16) + (ph.src_addr & 0xFFFF) + (ph.dst_addr >> 16) +
                        (ph.dst_addr & 0xFFFF) + 6 + wire.size();
    for (std::size_t i = 0; i < wire.size(); ++i) {
        if (i == 16 || i == 17) continue;
        sum += (i % 2 == 0) ? std::uint64_t{wire[i]} << 8 : std::uint64_t{wire[i]};
    }
    while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

void check(bool ok) {
    if (!ok) std::abort();
}

void parseAndRoundTrip(std::span<const std::uint8_t> bytes) {
    auto result = tcpviz::core::parse(bytes, kPh);
    const auto* parsed = std::get_if<Segment>(&result);
    if (parsed == nullptr) return;

    // What parsed has a header within the bytes and a checksum that verifies.
    check(parsed->data_offset >= 5 && std::size_t{parsed->data_offset} * 4 <= bytes.size());
    check(parsed->payload.size() == bytes.size() - std::size_t{parsed->data_offset} * 4);
    // (A computed checksum of 0x0000 may also be sent as 0xFFFF, the other zero.)
    const std::uint16_t expected = referenceChecksum(bytes, kPh);
    check(parsed->checksum == expected || (expected == 0 && parsed->checksum == 0xFFFF));

    // Re-encoding (options in canonical layout) parses back to the same segment.
    Segment again = *parsed;
    tcpviz::core::finalize(again, kPh);
    const std::vector<std::uint8_t> wire = tcpviz::core::serialize(again);
    check(referenceChecksum(wire, kPh) == again.checksum);
    auto reparsed = tcpviz::core::parse(wire, kPh);
    const auto* back = std::get_if<Segment>(&reparsed);
    check(back != nullptr && *back == again);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    parseAndRoundTrip(bytes);

    if (size >= 20) {
        // An exact-size heap copy, so AddressSanitizer catches any read past its end.
        std::vector<std::uint8_t> fixed(bytes.begin(), bytes.end());
        const std::uint16_t c = referenceChecksum(fixed, kPh);
        fixed[16] = static_cast<std::uint8_t>(c >> 8);
        fixed[17] = static_cast<std::uint8_t>(c);
        parseAndRoundTrip(fixed);
    }
    return 0;
}
