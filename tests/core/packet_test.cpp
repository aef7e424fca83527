// IPv4 packets around TCP (core/net/packet.h): the header tcpviz writes, and the reading of what
// a kernel hands over on the interop runs' TUN device.
#include <gtest/gtest.h>

#include "core/net/packet.h"
#include "core/tcp/segment.h"

namespace tcpviz::core {
namespace {

std::vector<std::uint8_t> packetOf(const std::vector<std::uint8_t>& tcp, std::uint32_t src, std::uint32_t dst) {
    std::vector<std::uint8_t> p;
    appendIpv4Header(p, tcp.size(), 7, src, dst);
    p.insert(p.end(), tcp.begin(), tcp.end());
    return p;
}

TEST(PacketTest, AHeaderWrittenReadsBack) {
    const std::vector<std::uint8_t> tcp(24, 0xAB);
    const auto p = packetOf(tcp, 0xC0000201, 0xC6336407);
    ASSERT_EQ(p.size(), 44u);
    EXPECT_EQ(p[2] << 8 | p[3], 44);   // total length
    EXPECT_EQ(p[6] & 0x40, 0x40);      // don't fragment
    const auto ip = ipv4TcpOf(p);
    ASSERT_TRUE(ip);
    EXPECT_EQ(ip->src, 0xC0000201u);
    EXPECT_EQ(ip->dst, 0xC6336407u);
    EXPECT_EQ(std::vector<std::uint8_t>(ip->tcp.begin(), ip->tcp.end()), tcp);
}

TEST(PacketTest, TheTotalLengthBoundsTheSegment) {
    // An Ethernet frame's padding after the packet is no part of the segment.
    auto p = packetOf(std::vector<std::uint8_t>(20, 1), 1, 2);
    p.insert(p.end(), 6, 0);
    const auto ip = ipv4TcpOf(p);
    ASSERT_TRUE(ip);
    EXPECT_EQ(ip->tcp.size(), 20u);
    // A packet shorter than its total length says is cut: no segment.
    p.resize(30);
    EXPECT_FALSE(ipv4TcpOf(p));
}

TEST(PacketTest, WhatIsNotAWholeTcpPacketIsRefused) {
    const auto good = packetOf(std::vector<std::uint8_t>(20, 1), 1, 2);
    auto bad_sum = good;
    bad_sum[8] = 63;   // the TTL changed, the checksum not
    EXPECT_FALSE(ipv4TcpOf(bad_sum));
    // A first fragment, its checksum right: still no whole segment.
    std::vector<std::uint8_t> fragment;
    appendIpv4Header(fragment, 20, 7, 1, 2);
    fragment[6] |= 0x20;   // more fragments
    fragment[10] = fragment[11] = 0;
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < 20; i += 2) sum += std::uint32_t{fragment[i]} << 8 | fragment[i + 1];
    while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
    fragment[10] = static_cast<std::uint8_t>(~sum >> 8);
    fragment[11] = static_cast<std::uint8_t>(~sum);
    fragment.insert(fragment.end(), 20, 1);
    EXPECT_FALSE(ipv4TcpOf(fragment));
    auto ipv6 = good;
    ipv6[0] = 0x60;
    EXPECT_FALSE(ipv4TcpOf(ipv6));
    EXPECT_FALSE(ipv4TcpOf(std::span(good).first(19)));
}

}  // namespace
}  // namespace tcpviz::core
