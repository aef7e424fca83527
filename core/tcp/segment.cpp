// TCP segments on the wire (RFC 9293 §3.1): serialisation, parsing and the checksum.
#include "core/tcp/segment.h"

#include <array>
#include <bit>
#include <charconv>
#include <cstring>

namespace tcpviz::core {

namespace {

static_assert(std::endian::native == std::endian::little ||
                  std::endian::native == std::endian::big,
              "the checksum assumes a little- or big-endian machine");

constexpr std::size_t kHeaderLength = 20;
constexpr std::size_t kMaxOptionsLength = 40;  // data offset 15 → 60-byte header

// Option kinds and their fixed lengths.
constexpr std::uint8_t kOptEnd = 0;
constexpr std::uint8_t kOptNop = 1;
constexpr std::uint8_t kOptMss = 2;
constexpr std::uint8_t kOptWindowScale = 3;
constexpr std::uint8_t kOptSackPermitted = 4;
constexpr std::uint8_t kOptTimestamps = 8;
constexpr std::uint8_t kLenMss = 4;
constexpr std::uint8_t kLenWindowScale = 3;
constexpr std::uint8_t kLenSackPermitted = 2;
constexpr std::uint8_t kLenTimestamps = 10;

// Byte offsets of the fixed header fields.
constexpr std::size_t kOffDataOffset = 12;
constexpr std::size_t kOffChecksum = 16;

// The fixed length of a known option kind, 0 for kinds this parser does not know.
constexpr std::uint8_t knownOptionLength(std::uint8_t kind) {
    switch (kind) {
        case kOptMss:
            return kLenMss;
        case kOptWindowScale:
            return kLenWindowScale;
        case kOptSackPermitted:
            return kLenSackPermitted;
        case kOptTimestamps:
            return kLenTimestamps;
        default:
            return 0;
    }
}

// --- Big-endian field access -------------------------------------------------------------

std::uint8_t* put16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
    return p + 2;
}
std::uint8_t* put32(std::uint8_t* p, std::uint32_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
    return p + 4;
}
std::uint16_t get16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t get32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

// --- Options -----------------------------------------------------------------------------

// Options in the order MSS, WS, SACK-permitted, timestamps, each aligned the way common
// stacks align them so that the multi-byte values start on 4-byte boundaries:
//   MSS(4) | NOP WS(3) | SACKP(2) TS(10)  or  NOP NOP TS(10)  or  NOP NOP SACKP(2)
// Every group is a multiple of 4 bytes, so this is exactly wireLength() bytes and no
// trailing EOL padding is ever needed.
using OptionBytes = std::array<std::uint8_t, kMaxOptionsLength>;

std::size_t writeOptions(const TcpOptions& o, OptionBytes& out) {
    std::uint8_t* p = out.data();
    if (o.mss) {
        *p++ = kOptMss;
        *p++ = kLenMss;
        p = put16(p, *o.mss);
    }
    if (o.window_scale) {
        *p++ = kOptNop;
        *p++ = kOptWindowScale;
        *p++ = kLenWindowScale;
        *p++ = *o.window_scale;
    }
    if (o.sack_permitted && !o.timestamps) {
        *p++ = kOptNop;
        *p++ = kOptNop;
    }
    if (o.sack_permitted) {
        *p++ = kOptSackPermitted;
        *p++ = kLenSackPermitted;
    }
    if (o.timestamps) {
        if (!o.sack_permitted) {
            *p++ = kOptNop;
            *p++ = kOptNop;
        }
        *p++ = kOptTimestamps;
        *p++ = kLenTimestamps;
        p = put32(p, o.timestamps->value);
        p = put32(p, o.timestamps->echo_reply);
    }
    return static_cast<std::size_t>(p - out.data());
}

// --- The Internet checksum (RFC 1071) ----------------------------------------------------

// Folds a 64-bit accumulator of 16-bit words into a 16-bit one's-complement sum
// (2^16 ≡ 1 modulo 2^16 - 1, so carries wrap around).
std::uint16_t fold(std::uint64_t acc) {
    acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
    acc = (acc & 0xFFFFu) + (acc >> 16);
    acc = (acc & 0xFFFFu) + (acc >> 16);
    acc = (acc & 0xFFFFu) + (acc >> 16);
    return static_cast<std::uint16_t>(acc);
}

// One's-complement sum of `bytes` read as big-endian 16-bit words, the last odd byte padded
// with zero. Reads 32-bit words in native order into independent 64-bit accumulators (no
// carries are lost below 2^32 words) and swaps once at the end: the one's-complement sum does
// not depend on byte order (RFC 1071 §2(B)). Eight accumulators let the additions overlap.
std::uint16_t sumBytes(const std::uint8_t* data, std::size_t n) {
    std::array<std::uint64_t, 8> acc{};
    for (; n >= 32; data += 32, n -= 32) {
        std::array<std::uint32_t, 8> w;
        std::memcpy(w.data(), data, 32);
        for (std::size_t i = 0; i < 8; ++i) acc[i] += w[i];
    }
    std::uint64_t total = 0;
    for (std::uint64_t a : acc) total += (a & 0xFFFFFFFFu) + (a >> 32);
    for (; n >= 4; data += 4, n -= 4) {
        std::uint32_t w;
        std::memcpy(&w, data, 4);
        total += w;
    }
    if (n != 0) {
        std::array<std::uint8_t, 4> tail{};
        std::memcpy(tail.data(), data, n);
        std::uint32_t w;
        std::memcpy(&w, tail.data(), 4);
        total += w;
    }
    const std::uint16_t s = fold(total);
    if constexpr (std::endian::native == std::endian::little) {
        return static_cast<std::uint16_t>((s >> 8) | (s << 8));
    }
    return s;
}

// The pseudo-header's share of the sum (RFC 9293 §3.1): source and destination address,
// zero, protocol, TCP length.
std::uint64_t pseudoHeaderSum(const PseudoHeader& ph, std::size_t tcp_length) {
    return std::uint64_t{ph.src_addr >> 16} + (ph.src_addr & 0xFFFFu) + (ph.dst_addr >> 16) +
           (ph.dst_addr & 0xFFFFu) + kProtocolOfTcp + std::uint64_t{tcp_length};
}

std::uint8_t dataOffsetByte(const Segment& s) {
    return static_cast<std::uint8_t>((s.data_offset & 0x0F) << 4);
}

// Reads a decimal 0..255 without leading zeros and advances `p` past it.
std::optional<std::uint32_t> parseOctet(const char*& p, const char* end) {
    if (p == end || *p < '0' || *p > '9') return std::nullopt;
    if (*p == '0' && p + 1 != end && p[1] >= '0' && p[1] <= '9') return std::nullopt;
    unsigned value = 0;
    const auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc{} || value > 255) return std::nullopt;
    p = next;
    return value;
}

}  // namespace

// --- Flags -------------------------------------------------------------------------------

std::string flagsToString(std::uint8_t flags, char separator) {
    std::string out;
    for (const auto& [flag, name] : kFlagsInHeaderOrder) {
        if ((flags & flag) == 0) continue;
        if (!out.empty()) out += separator;
        out += name;
    }
    return out;
}

std::optional<Flag> flagFromName(std::string_view name) {
    for (const auto& [flag, flag_name] : kFlagsInHeaderOrder) {
        if (name == flag_name) return flag;
    }
    return std::nullopt;
}

// --- Options -----------------------------------------------------------------------------

std::size_t TcpOptions::wireLength() const {
    std::size_t n = 0;
    if (mss) n += kLenMss;
    if (window_scale) n += kLenWindowScale;
    if (sack_permitted) n += kLenSackPermitted;
    if (timestamps) n += kLenTimestamps;
    return (n + 3) / 4 * 4;
}

// --- Checksum ----------------------------------------------------------------------------

std::uint16_t computeChecksum(const Segment& s, const PseudoHeader& ph) {
    if (s.udp()) {
        // RFC 768: the pseudo-header with protocol 17 and the UDP length, the header with the
        // checksum as zero, the data; a sum of zero is sent as all ones (zero means "none").
        const std::uint64_t length = 8 + s.payload.size();
        std::uint64_t acc = std::uint64_t{ph.src_addr >> 16} + (ph.src_addr & 0xFFFFu) + (ph.dst_addr >> 16) +
                            (ph.dst_addr & 0xFFFFu) + kProtocolOfUdp + length;
        acc += std::uint64_t{s.src_port} + s.dst_port + (length & 0xFFFFu);
        acc += s.payload.wordSum();
        const auto sum = static_cast<std::uint16_t>(~fold(acc));
        return sum == 0 ? 0xFFFF : sum;
    }
    OptionBytes options;
    // Most segments carry no options: skip writing and summing them.
    const bool any = s.options.mss || s.options.window_scale || s.options.sack_permitted || s.options.timestamps;
    const std::size_t options_length = any ? writeOptions(s.options, options) : 0;
    const std::size_t tcp_length = kHeaderLength + options_length + s.payload.size();

    std::uint64_t acc = pseudoHeaderSum(ph, tcp_length);
    // The fixed header, word by word; the checksum field counts as zero.
    acc += std::uint64_t{s.src_port} + s.dst_port;
    acc += (s.seq.value() >> 16) + (s.seq.value() & 0xFFFFu);
    acc += (s.ack.value() >> 16) + (s.ack.value() & 0xFFFFu);
    acc += (std::uint32_t{dataOffsetByte(s)} << 8) | s.flags;
    acc += std::uint64_t{s.window} + s.urgent_pointer;
    // Options and payload both start on even offsets, so their sums simply add.
    if (options_length != 0) acc += sumBytes(options.data(), options_length);
    acc += s.payload.wordSum();
    return static_cast<std::uint16_t>(~fold(acc));
}

void finalize(Segment& s, const PseudoHeader& ph) {
    s.data_offset = static_cast<std::uint8_t>(5 + s.options.wireLength() / 4);
    s.checksum = computeChecksum(s, ph);
}

// --- Serialisation -----------------------------------------------------------------------

std::vector<std::uint8_t> serialize(const Segment& s) {
    if (s.udp()) {
        std::vector<std::uint8_t> out(8);
        out.reserve(8 + s.payload.size());
        std::uint8_t* p = out.data();
        p = put16(p, s.src_port);
        p = put16(p, s.dst_port);
        p = put16(p, static_cast<std::uint16_t>(8 + s.payload.size()));
        put16(p, s.checksum);
        s.payload.appendTo(out);
        return out;
    }
    OptionBytes options;
    const std::size_t options_length = writeOptions(s.options, options);

    std::vector<std::uint8_t> out(kHeaderLength + options_length);
    out.reserve(out.size() + s.payload.size());
    std::uint8_t* p = out.data();
    p = put16(p, s.src_port);
    p = put16(p, s.dst_port);
    p = put32(p, s.seq.value());
    p = put32(p, s.ack.value());
    *p++ = dataOffsetByte(s);  // the low four bits are reserved and sent as zero
    *p++ = s.flags;
    p = put16(p, s.window);
    p = put16(p, s.checksum);
    p = put16(p, s.urgent_pointer);
    if (options_length != 0) std::memcpy(p, options.data(), options_length);
    s.payload.appendTo(out);
    return out;
}

std::uint64_t internetSum(const std::uint8_t* bytes, std::size_t n) { return sumBytes(bytes, n); }
std::uint16_t foldInternetSum(std::uint64_t sum) { return fold(sum); }

// --- Parsing -----------------------------------------------------------------------------

const char* parseErrorText(ParseError e) {
    switch (e) {
        case ParseError::TooShort:
            return "shorter than a 20-byte TCP header";
        case ParseError::BadDataOffset:
            return "data offset below 5 words or past the end of the segment";
        case ParseError::BadOption:
            return "malformed option";
        case ParseError::BadChecksum:
            return "checksum does not verify";
    }
    return "unknown parse error";
}

// Checks the structure first (length, data offset, options), then the checksum, so that a
// structurally broken segment reports what is broken rather than just a bad checksum.
std::variant<Segment, ParseFailure> parse(std::span<const std::uint8_t> bytes,
                                          const PseudoHeader& ph) {
    auto parsed = parseUnchecked(bytes);
    if (std::holds_alternative<ParseFailure>(parsed)) return parsed;
    // Summing every byte, the checksum field included, gives 0xFFFF (negative zero) exactly
    // when the checksum verifies (RFC 1071 §1).
    std::uint64_t acc = pseudoHeaderSum(ph, bytes.size());
    acc += sumBytes(bytes.data(), bytes.size());
    if (fold(acc) != 0xFFFF) return ParseFailure{ParseError::BadChecksum, kOffChecksum};
    return parsed;
}

std::variant<Segment, ParseFailure> parseUnchecked(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < kHeaderLength) return ParseFailure{ParseError::TooShort, 0};
    const std::uint8_t* b = bytes.data();

    Segment s;
    s.data_offset = static_cast<std::uint8_t>(b[kOffDataOffset] >> 4);
    const std::size_t header_length = std::size_t{s.data_offset} * 4;
    if (s.data_offset < 5 || header_length > bytes.size()) {
        return ParseFailure{ParseError::BadDataOffset, kOffDataOffset};
    }
    s.src_port = get16(b);
    s.dst_port = get16(b + 2);
    s.seq = SeqNum(get32(b + 4));
    s.ack = SeqNum(get32(b + 8));
    s.flags = b[13];
    s.window = get16(b + 14);
    s.checksum = get16(b + kOffChecksum);
    s.urgent_pointer = get16(b + 18);

    // Options (RFC 9293 §3.1, §3.2): EOL ends the list, NOP is one byte, every other kind has
    // a length byte counting kind and length. Unknown kinds are skipped by their length.
    // Failures report the offset of the offending option's kind byte.
    for (std::size_t i = kHeaderLength; i < header_length;) {
        const std::uint8_t kind = b[i];
        if (kind == kOptEnd) break;
        if (kind == kOptNop) {
            ++i;
            continue;
        }
        if (i + 1 >= header_length) return ParseFailure{ParseError::BadOption, i};
        const std::uint8_t length = b[i + 1];
        if (length < 2 || length > header_length - i) {
            return ParseFailure{ParseError::BadOption, i};
        }
        const std::uint8_t wanted = knownOptionLength(kind);
        if (wanted != 0 && length != wanted) return ParseFailure{ParseError::BadOption, i};
        const std::uint8_t* value = b + i + 2;
        switch (kind) {
            case kOptMss:
                s.options.mss = get16(value);
                break;
            case kOptWindowScale:
                s.options.window_scale = value[0];
                break;
            case kOptSackPermitted:
                s.options.sack_permitted = true;
                break;
            case kOptTimestamps:
                s.options.timestamps = Timestamps{get32(value), get32(value + 4)};
                break;
            default:  // an unknown kind with a sane length: skipped
                break;
        }
        i += length;
    }
    s.payload = Payload(std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(header_length), bytes.end()));
    return s;
}

// --- IPv4 addresses ----------------------------------------------------------------------

std::string ipv4ToString(std::uint32_t addr) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) {
        if (!out.empty()) out += '.';
        out += std::to_string((addr >> shift) & 0xFFu);
    }
    return out;
}

// Exactly four decimal octets 0..255 separated by dots; no signs, spaces or leading zeros
// (which some parsers read as octal).
std::optional<std::uint32_t> ipv4FromString(std::string_view text) {
    const char* p = text.data();
    const char* end = p + text.size();
    std::uint32_t addr = 0;
    for (int i = 0; i < 4; ++i) {
        if (i != 0) {
            if (p == end || *p != '.') return std::nullopt;
            ++p;
        }
        const auto octet = parseOctet(p, end);
        if (!octet) return std::nullopt;
        addr = (addr << 8) | *octet;
    }
    if (p != end) return std::nullopt;
    return addr;
}

}  // namespace tcpviz::core
