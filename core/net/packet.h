#pragma once
// IPv4 packets carrying TCP (RFC 791 §3.1): the header tcpviz writes around a segment (in
// pcapng exports and on the TUN device of the interop runs) and the reading of one that comes
// in from a real kernel.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace tcpviz::core {

// Appends the IPv4 header of a TCP segment of `tcp_length` bytes: no options, don't fragment,
// TTL 64, identification `id`, the header checksum. A packet too long for the 16-bit total
// length gets 0 there, as Linux's captures of TCP segmentation offload do.
// (`protocol`: 17 for a UDP datagram.)
void appendIpv4Header(std::vector<std::uint8_t>& out, std::size_t tcp_length, std::uint16_t id, std::uint32_t src,
                      std::uint32_t dst, std::uint8_t protocol = 6);

// The TCP segment inside an IPv4 packet, addresses in host order.
struct Ipv4Tcp {
    std::uint32_t src = 0, dst = 0;
    std::span<const std::uint8_t> tcp;   // the TCP header and payload, by the total length
};

// The TCP segment of `packet` when it is a whole IPv4 packet carrying TCP: version 4, a header
// whose checksum verifies, protocol 6, not a fragment, a total length the bytes hold. Anything
// else (IPv6, ICMP, a fragment, a broken header) is nullopt.
std::optional<Ipv4Tcp> ipv4TcpOf(std::span<const std::uint8_t> packet);

}  // namespace tcpviz::core
