#include "core/tcp/payload.h"

#include <array>
#include <atomic>
#include <utility>
#include <cassert>
#include <string_view>

namespace tcpviz::core {
namespace {

constexpr std::string_view kClientText = "GET /index.html HTTP/1.1\r\nHost: example.test\r\n\r\n";
constexpr std::string_view kServerText =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nHello, TCP! ";
constexpr std::string_view kFiller = "x";

// The period of a stream's prefix sums: its text's length, doubled when odd so that every
// period starts at an even position.
constexpr std::size_t periodOf(std::string_view text) {
    return text.size() % 2 == 0 ? text.size() : 2 * text.size();
}

// One generated stream: its text, repeated, and prefix sums of its bytes at even and at odd
// positions over an even-length period, so that any range's checksum words sum in O(1). Built
// at compile time, with the period a constant: every segment sent and received has its
// checksum summed here, and the divisions by a constant period are multiplications.
template <std::size_t Period>
class StreamTable {
public:
    constexpr explicit StreamTable(std::string_view text) : m_text(text) {
        for (std::size_t k = 0; k < Period; ++k) {
            const auto b = static_cast<std::uint8_t>(text[k % text.size()]);
            m_even[k + 1] = m_even[k] + (k % 2 == 0 ? b : 0);
            m_odd[k + 1] = m_odd[k] + (k % 2 == 1 ? b : 0);
        }
    }

    [[nodiscard]] std::uint8_t byte(std::uint64_t offset) const {
        return static_cast<std::uint8_t>(m_text[offset % m_text.size()]);
    }

    // The sums of the bytes at even and at odd positions of [offset, offset + n).
    [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> sums(std::uint64_t offset, std::uint64_t n) const {
        // The period is even, so reducing the offset keeps every position's parity; whole
        // periods add their totals, and the rest is one or two slices of the prefix tables.
        const std::uint64_t from = offset % Period;
        const std::uint64_t periods = n / Period;
        const std::uint64_t rest = n - periods * Period;
        std::uint64_t even = periods * m_even[Period], odd = periods * m_odd[Period];
        const std::uint64_t to = from + rest;
        if (to <= Period) {
            even += m_even[to] - m_even[from];
            odd += m_odd[to] - m_odd[from];
        } else {
            even += m_even[Period] - m_even[from] + m_even[to - Period];
            odd += m_odd[Period] - m_odd[from] + m_odd[to - Period];
        }
        return {even, odd};
    }

private:
    static_assert(Period % 2 == 0);
    std::string_view m_text;
    std::array<std::uint64_t, Period + 1> m_even{}, m_odd{};
};

constexpr StreamTable<periodOf(kClientText)> kClientTable(kClientText);
constexpr StreamTable<periodOf(kServerText)> kServerTable(kServerText);
constexpr StreamTable<periodOf(kFiller)> kFillerTable(kFiller);

// Calls f with the table of a generated stream (Held has no table; it never gets here).
template <typename F>
decltype(auto) withTable(Stream s, F&& f) {
    switch (s) {
        case Stream::ClientText: return f(kClientTable);
        case Stream::ServerText: return f(kServerTable);
        case Stream::Held:
        case Stream::Filler: break;
    }
    return f(kFillerTable);
}

}  // namespace

std::uint8_t streamByte(Stream stream, std::uint64_t offset) {
    return withTable(stream, [&](const auto& table) { return table.byte(offset); });
}

struct Payload::Held {
    std::atomic<std::uint32_t> refs{1};
    std::vector<std::uint8_t> bytes;
};

Payload::Payload(std::vector<std::uint8_t> bytes)
    : m_length(static_cast<std::uint32_t>(bytes.size())) {
    if (!bytes.empty()) {
        m_held = new Held;
        m_held->bytes = std::move(bytes);
    }
}

void Payload::retain() { m_held->refs.fetch_add(1, std::memory_order_relaxed); }

void Payload::release() {
    if (m_held->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete m_held;
    m_held = nullptr;
}

Payload Payload::generated(Stream stream, std::uint64_t offset, std::uint32_t length) {
    assert(stream != Stream::Held);
    Payload p;
    p.m_stream = stream;
    p.m_offset = offset;
    p.m_length = length;
    return p;
}

std::uint8_t Payload::at(std::size_t i) const {
    assert(i < m_length);
    if (m_stream == Stream::Held) return m_held->bytes[m_offset + i];
    return streamByte(m_stream, m_offset + i);
}

void Payload::appendTo(std::vector<std::uint8_t>& out) const {
    if (m_length == 0) return;
    if (m_stream == Stream::Held) {
        const auto first = m_held->bytes.begin() + static_cast<std::ptrdiff_t>(m_offset);
        out.insert(out.end(), first, first + m_length);
        return;
    }
    out.reserve(out.size() + m_length);
    for (std::uint32_t i = 0; i < m_length; ++i) out.push_back(streamByte(m_stream, m_offset + i));
}

std::vector<std::uint8_t> Payload::bytes() const {
    std::vector<std::uint8_t> out;
    appendTo(out);
    return out;
}

Payload Payload::slice(std::size_t begin, std::size_t length) const {
    assert(begin + length <= m_length);
    Payload p = *this;
    p.m_offset += begin;
    p.m_length = static_cast<std::uint32_t>(length);
    if (length == 0) p = Payload{};
    return p;
}

bool Payload::continuedBy(const Payload& next) const {
    if (empty() || next.empty()) return true;
    if (m_stream != next.m_stream) return false;
    if (std::uint64_t{m_length} + next.m_length > UINT32_MAX) return false;
    if (m_stream == Stream::Held) return m_held == next.m_held && m_offset + m_length == next.m_offset;
    return m_offset + m_length == next.m_offset;
}

Payload Payload::joined(const Payload& next) const {
    if (empty()) return next;
    if (next.empty()) return *this;
    if (continuedBy(next)) {
        Payload p = *this;
        p.m_length += next.m_length;
        return p;
    }
    // Different sources: hold a copy of both (only tests and parsed bytes get here).
    std::vector<std::uint8_t> all = bytes();
    next.appendTo(all);
    return Payload(std::move(all));
}

std::uint64_t Payload::wordSum() const {
    if (m_length == 0) return 0;
    if (m_stream == Stream::Held) {
        std::uint64_t sum = 0;
        const std::uint8_t* p = m_held->bytes.data() + m_offset;
        for (std::uint32_t i = 0; i < m_length; ++i) sum += (i % 2 == 0) ? std::uint64_t{p[i]} << 8 : p[i];
        return sum;
    }
    // Byte i of the payload is a high byte when i is even, that is when its stream position
    // has the parity of the first one.
    const auto [even, odd] =
        withTable(m_stream, [&](const auto& table) { return table.sums(m_offset, m_length); });
    const bool first_odd = m_offset % 2 == 1;
    return ((first_odd ? odd : even) << 8) + (first_odd ? even : odd);
}

bool Payload::operator==(const Payload& other) const {
    if (m_length != other.m_length) return false;
    if (m_stream == other.m_stream && m_offset == other.m_offset &&
        (m_stream != Stream::Held || m_held == other.m_held))
        return true;
    for (std::uint32_t i = 0; i < m_length; ++i)
        if (at(i) != other.at(i)) return false;
    return true;
}

}  // namespace tcpviz::core
