#include "core/net/packet.h"

namespace tcpviz::core {

namespace {

// The one's-complement sum of a header's 16-bit words, folded (RFC 791 §3.1, RFC 1071).
std::uint16_t headerSum(const std::uint8_t* h, std::size_t n) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < n; i += 2) sum += std::uint32_t{h[i]} << 8 | h[i + 1];
    while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

std::uint32_t be32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

}  // namespace

void appendIpv4Header(std::vector<std::uint8_t>& out, std::size_t tcp_length, std::uint16_t id, std::uint32_t src,
                      std::uint32_t dst, std::uint8_t protocol) {
    const std::size_t total = 20 + tcp_length;
    const auto length = static_cast<std::uint16_t>(total <= 0xFFFF ? total : 0);
    std::uint8_t h[20] = {0x45, 0,   // version 4, IHL 5 words; TOS 0
                          static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length),
                          static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id),
                          0x40, 0,   // DF, fragment offset 0
                          64, protocol,   // TTL 64
                          0, 0,      // the header checksum, below
                          static_cast<std::uint8_t>(src >> 24), static_cast<std::uint8_t>(src >> 16),
                          static_cast<std::uint8_t>(src >> 8), static_cast<std::uint8_t>(src),
                          static_cast<std::uint8_t>(dst >> 24), static_cast<std::uint8_t>(dst >> 16),
                          static_cast<std::uint8_t>(dst >> 8), static_cast<std::uint8_t>(dst)};
    const auto checksum = static_cast<std::uint16_t>(~headerSum(h, sizeof h));
    h[10] = static_cast<std::uint8_t>(checksum >> 8);
    h[11] = static_cast<std::uint8_t>(checksum);
    out.insert(out.end(), h, h + sizeof h);
}

std::optional<Ipv4Tcp> ipv4TcpOf(std::span<const std::uint8_t> packet) {
    if (packet.size() < 20 || packet[0] >> 4 != 4) return std::nullopt;
    const std::size_t header = std::size_t{packet[0] & 0x0Fu} * 4;
    const std::size_t total = std::size_t{packet[2]} << 8 | packet[3];
    if (header < 20 || total < header || total > packet.size()) return std::nullopt;
    if (headerSum(packet.data(), header) != 0xFFFF) return std::nullopt;   // RFC 791: sums to all ones
    const bool more_fragments = (packet[6] & 0x20) != 0;
    const std::size_t fragment_offset = std::size_t{packet[6] & 0x1Fu} << 8 | packet[7];
    if (packet[9] != 6 || more_fragments || fragment_offset != 0) return std::nullopt;
    return Ipv4Tcp{be32(packet.data() + 12), be32(packet.data() + 16), packet.subspan(header, total - header)};
}

}  // namespace tcpviz::core
