// The capture reader (issue 17, first part) on real captures taken here with tcpdump
// (tests/data/captures/README.md says how): every link type and IP version they hold, the
// connections found by 4-tuple, a port used again, and the errors a broken file gets.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/capture/capture.h"

namespace tcpviz::core {
namespace {

const std::string kDir = TCPVIZ_TEST_DATA "/captures/";

std::string flagsOf(const CapturedSegment& s) {
    std::string out;
    if (s.flags & 0x02) out += "S";
    if (s.flags & 0x01) out += "F";
    if (s.flags & 0x04) out += "R";
    if (s.flags & 0x10) out += ".";
    return out;
}

// The handshake and teardown of one HTTP/1.0 request on loopback, as tcpdump printed it: the
// server (port 8080) closes first.
void expectHandshakeAndTeardown(const Capture& c) {
    ASSERT_EQ(c.connections.size(), 1u);
    const CapturedConnection& conn = c.connections[0];
    EXPECT_TRUE(conn.from_syn);
    EXPECT_EQ(conn.b.port, 8080);
    EXPECT_EQ(captureAddressText(conn.a.address), "127.0.0.1");
    ASSERT_EQ(c.segments.size(), 12u);
    EXPECT_EQ(conn.segments, 12u);
    std::vector<std::string> flags;
    for (const CapturedSegment& s : c.segments) flags.push_back(std::string(s.from_b ? "b" : "a") + flagsOf(s));
    const std::vector<std::string> expected{"aS", "bS.", "a.", "a.", "b.", "b.", "a.", "b.", "a.", "bF.", "aF.", "b."};
    EXPECT_EQ(flags, expected);
    // The numbers: the SYN,ACK acknowledges the SYN's ISN + 1, the request is 78 bytes (GET /),
    // the answer 155 + 258.
    EXPECT_EQ(c.segments[1].ack, c.segments[0].seq + 1);
    EXPECT_EQ(c.segments[3].payload, 78u);
    EXPECT_EQ(c.segments[5].payload + c.segments[7].payload, 155u + 258u);
    EXPECT_EQ(c.segments[10].seq, c.segments[0].seq + 1 + 78);   // the client's FIN after its request
    EXPECT_EQ(c.segments[0].time, 0);
    EXPECT_TRUE(std::is_sorted(c.segments.begin(), c.segments.end(),
                               [](const CapturedSegment& x, const CapturedSegment& y) { return x.time < y.time; }));
    EXPECT_EQ(c.segments[11].packet, 12u);
}

TEST(Capture, readsAHandshakeAndTeardownFromPcapAndPcapng) {
    const Capture pcap = readCapture(kDir + "handshake-teardown.pcap");
    EXPECT_EQ(pcap.link_type, 1);   // DLT_EN10MB: Linux's loopback
    EXPECT_EQ(pcap.packets, 12u);
    EXPECT_EQ(pcap.not_tcp, 0u);
    expectHandshakeAndTeardown(pcap);
    const Capture ng = readCapture(kDir + "handshake-teardown.pcapng");
    expectHandshakeAndTeardown(ng);
    ASSERT_EQ(ng.segments.size(), pcap.segments.size());
    for (std::size_t i = 0; i < ng.segments.size(); ++i) {
        EXPECT_EQ(ng.segments[i].seq, pcap.segments[i].seq);
        EXPECT_EQ(ng.segments[i].time, pcap.segments[i].time);
    }
    EXPECT_TRUE(looksLikeCapture(kDir + "handshake-teardown.pcap"));
    EXPECT_TRUE(looksLikeCapture(kDir + "handshake-teardown.pcapng"));
    EXPECT_FALSE(looksLikeCapture(kDir + "README.md"));
}

TEST(Capture, readsLinuxCookedV2AndIpv6) {
    const Capture any = readCapture(kDir + "any-sll2.pcap");
    EXPECT_EQ(any.link_type, 276);   // DLT_LINUX_SLL2, what `tcpdump -i any` writes
    ASSERT_EQ(any.connections.size(), 1u);
    EXPECT_EQ(any.connections[0].b.port, 8080);
    EXPECT_TRUE(any.connections[0].from_syn);
    EXPECT_GE(any.segments.size(), 10u);

    const Capture v6 = readCapture(kDir + "ipv6.pcap");
    ASSERT_EQ(v6.connections.size(), 1u);
    EXPECT_TRUE(v6.connections[0].a.address.v6);
    EXPECT_EQ(captureEndText(v6.connections[0].b), "[::1]:8082");
    EXPECT_EQ(v6.segments[1].flags & 0x12, 0x12);   // the SYN,ACK
    EXPECT_EQ(v6.segments[1].ack, v6.segments[0].seq + 1);
}

TEST(Capture, aRefusedConnectionIsASynAndAnRst) {
    const Capture c = readCapture(kDir + "refused.pcap");
    ASSERT_EQ(c.connections.size(), 1u);
    ASSERT_EQ(c.segments.size(), 2u);
    EXPECT_EQ(flagsOf(c.segments[0]), "S");
    EXPECT_EQ(flagsOf(c.segments[1]), "R.");
    EXPECT_EQ(c.segments[1].from_b, 1);
    EXPECT_EQ(c.segments[1].ack, c.segments[0].seq + 1);
}

// Two connections on one 4-tuple (curl --local-port 40000, twice): tshark lists two
// conversations, and so does the reader.
TEST(Capture, aPortUsedAgainIsANewConnection) {
    const Capture c = readCapture(kDir + "port-reuse.pcap");
    ASSERT_EQ(c.connections.size(), 2u);
    EXPECT_EQ(c.connections[0].a, c.connections[1].a);
    EXPECT_EQ(c.connections[0].a.port, 40000);
    EXPECT_EQ(c.connections[0].segments, 12u);
    EXPECT_EQ(c.connections[1].segments, 12u);
    EXPECT_EQ(c.connections[1].first_segment, 12u);
    EXPECT_NE(c.segments[0].seq, c.segments[12].seq);   // a new ISN
    for (std::size_t i = 0; i < c.segments.size(); ++i) EXPECT_EQ(c.segments[i].connection, i < 12 ? 0u : 1u);
}

TEST(Capture, aSegmentIsACompactRecord) { EXPECT_LE(sizeof(CapturedSegment), 40u); }

// A truncated file, a wrong magic number, a file that is not there: the error names the file,
// and the packet where one was being read.
TEST(Capture, brokenFilesSayWhatAndWhere) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "tcpviz-capture-test";
    std::filesystem::create_directories(dir);
    std::ifstream in(kDir + "handshake-teardown.pcap", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    };
    // Cut in the middle of the fifth packet: after the 24-byte file header, each record is a
    // 16-byte header (its captured length at offset 8, little-endian here) and the bytes.
    std::size_t at = 24;
    for (int k = 0; k < 4; ++k) {
        const auto* h = reinterpret_cast<const unsigned char*>(bytes.data() + at);
        at += 16 + (h[8] | h[9] << 8 | h[10] << 16 | std::size_t{h[11]} << 24);
    }
    const std::string cut = write("cut.pcap", bytes.substr(0, at + 16 + 10));
    try {
        readCapture(cut);
        ADD_FAILURE() << "read";
    } catch (const CaptureError& e) {
        EXPECT_EQ(e.file(), cut);
        EXPECT_EQ(e.packet(), 5u) << e.what();
        EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }
    const std::string magic = write("magic.pcap", "NOPE" + bytes.substr(4));
    EXPECT_FALSE(looksLikeCapture(magic));
    try {
        readCapture(magic);
        ADD_FAILURE() << "read";
    } catch (const CaptureError& e) {
        EXPECT_EQ(e.packet(), 0u);
        EXPECT_NE(std::string(e.what()).find(magic), std::string::npos) << e.what();
    }
    EXPECT_THROW(readCapture((dir / "absent.pcap").string()), CaptureError);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tcpviz::core

namespace tcpviz::core {
namespace {

// Found by capture_read_fuzz: a pcapng timestamp past what microseconds hold in 64 bits was
// multiplied without a check (undefined behaviour). It is now an error naming the packet.
TEST(Capture, aTimestampOutOfRangeIsAnErrorNamingThePacket) {
    const std::string path = std::string(TCPVIZ_TEST_DATA) + "/captures/broken/timestamp-overflow.pcapng";
    try {
        readCapture(path);
        FAIL() << "read without an error";
    } catch (const CaptureError& e) {
        EXPECT_GT(e.packet(), 0u);
        EXPECT_NE(std::string(e.what()).find("timestamp"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace tcpviz::core
