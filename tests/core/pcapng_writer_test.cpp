// Simulated traces written as pcapng (issue 17): the file read back by tcpviz's own reader gives
// the trace's segments and connections; walked block by block here, every frame is an IPv4
// packet whose header and TCP checksums verify and whose payload is the segment's; tshark, when
// it is installed, reads the same segments with good checksums; a file that cannot be written
// is an error naming it.
#include "core/capture/pcapng_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/capture/capture.h"
#include "core/io/atomic_file.h"
#include "core/scenario/scenario.h"
#include "core/sim/host_sim.h"
#include "core/sim/simulator.h"
#include "tests/support/command.h"
#include "tests/support/full_disk.h"
#include "tests/support/temp_dir.h"

namespace tcpviz::core {
namespace {

Trace lessonTrace(const std::string& id) {
    const auto s = resolveScenario(id);
    if (!s) throw std::runtime_error("no built-in scenario " + id);
    return simulate(*s);
}

HostScenario hostLesson(const std::string& id) {
    auto any = resolveAnyScenario(id);
    if (!any || !std::holds_alternative<HostScenario>(*any)) throw std::runtime_error("no scenario of hosts " + id);
    return std::get<HostScenario>(*any);
}

// --- the file, block by block (draft-ietf-opsawg-pcapng), as this test reads it --------------

std::uint16_t le16(const std::string& b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
std::uint32_t le32(const std::string& b, std::size_t at) {
    return std::uint32_t{le16(b, at)} | std::uint32_t{le16(b, at + 2)} << 16;
}
std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) { return std::uint32_t{be16(p)} << 16 | be16(p + 2); }

// A block's options by code (each code once is enough here).
std::map<std::uint16_t, std::string> optionsOf(const std::string& b, std::size_t at, std::size_t end) {
    std::map<std::uint16_t, std::string> out;
    while (at + 4 <= end) {
        const std::uint16_t code = le16(b, at), length = le16(b, at + 2);
        if (code == 0) break;
        EXPECT_LE(at + 4 + length, end) << "option " << code << " overruns its block";
        out[code] = b.substr(at + 4, length);
        at += 4 + (length + 3u) / 4u * 4u;
    }
    return out;
}

struct Frame {
    std::uint32_t interface = 0;
    std::uint64_t time_us = 0;
    std::vector<std::uint8_t> bytes;
    std::string comment;
};

struct InterfaceBlock {
    std::uint16_t link_type = 0;
    std::uint32_t snap_length = 0;
    std::map<std::uint16_t, std::string> options;
};

struct Blocks {
    std::map<std::uint16_t, std::string> section_options;
    std::vector<InterfaceBlock> interfaces;
    std::vector<Frame> frames;
};

Blocks walk(const std::string& b) {
    Blocks out;
    std::size_t at = 0;
    while (at < b.size()) {
        EXPECT_EQ(at % 4, 0u);
        if (at + 12 > b.size()) {
            ADD_FAILURE() << "a block cut short at byte " << at;
            break;
        }
        const std::uint32_t type = le32(b, at), length = le32(b, at + 4);
        if (length < 12 || length % 4 != 0 || at + length > b.size()) {
            ADD_FAILURE() << "block at byte " << at << " has length " << length;
            break;
        }
        EXPECT_EQ(le32(b, at + length - 4), length) << "the trailing length of the block at byte " << at;
        const std::size_t body = at + 8, end = at + length - 4;
        if (type == 0x0A0D0D0A) {
            EXPECT_EQ(at, 0u) << "one section";
            EXPECT_EQ(le32(b, body), 0x1A2B3C4Du);
            EXPECT_EQ(le16(b, body + 4), 1u);
            EXPECT_EQ(le16(b, body + 6), 0u);
            out.section_options = optionsOf(b, body + 16, end);
        } else if (type == 1) {
            EXPECT_TRUE(out.frames.empty()) << "the interfaces come before the packets";
            out.interfaces.push_back({le16(b, body), le32(b, body + 4), optionsOf(b, body + 8, end)});
        } else if (type == 6) {
            Frame f;
            f.interface = le32(b, body);
            f.time_us = std::uint64_t{le32(b, body + 4)} << 32 | le32(b, body + 8);
            const std::uint32_t captured = le32(b, body + 12);
            EXPECT_EQ(le32(b, body + 16), captured) << "every byte of a packet is captured";
            const auto* data = reinterpret_cast<const std::uint8_t*>(b.data() + body + 20);
            f.bytes.assign(data, data + captured);
            const auto options = optionsOf(b, body + 20 + (captured + 3u) / 4u * 4u, end);
            if (options.count(1)) f.comment = options.at(1);
            out.frames.push_back(std::move(f));
        } else {
            ADD_FAILURE() << "unexpected block type " << type;
        }
        at += length;
    }
    return out;
}

std::uint16_t ipv4HeaderSum(const std::uint8_t* h) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < 20; i += 2) sum += be16(h + i);
    while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

// The frame's TCP segment, parsed with the checksum verified against the IPv4 pseudo-header,
// after checking the IPv4 header, its checksum among it; nullopt (and a failure) if any fails.
std::optional<Segment> segmentOf(const Frame& f, std::uint32_t src, std::uint32_t dst) {
    const std::uint8_t* ip = f.bytes.data();
    if (f.bytes.size() < 40) {
        ADD_FAILURE() << "a frame of " << f.bytes.size() << " bytes";
        return std::nullopt;
    }
    EXPECT_EQ(ip[0], 0x45);
    EXPECT_EQ(be16(ip + 2), f.bytes.size()) << "the total length";
    EXPECT_EQ(be16(ip + 6), 0x4000) << "DF, not a fragment";
    EXPECT_EQ(ip[8], 64);
    EXPECT_EQ(ip[9], 6);
    EXPECT_EQ(ipv4HeaderSum(ip), 0xFFFF) << "the IPv4 header checksum verifies";
    EXPECT_EQ(be32(ip + 12), src);
    EXPECT_EQ(be32(ip + 16), dst);
    auto parsed = parse(std::span<const std::uint8_t>(f.bytes).subspan(20), PseudoHeader{be32(ip + 12), be32(ip + 16)});
    if (const auto* failure = std::get_if<ParseFailure>(&parsed)) {
        ADD_FAILURE() << "the TCP segment does not parse: " << parseErrorText(failure->error);
        return std::nullopt;
    }
    return std::get<Segment>(parsed);
}

// The addresses a segment of the trace goes from and to.
std::pair<std::uint32_t, std::uint32_t> addressesOf(const Trace& t, const SegmentRecord& r) {
    if (!t.ofHosts())
        return {t.endpoints[idx(r.from)].address, t.endpoints[idx(peerOf(r.from))].address};
    for (const Event& e : t.events)
        if (e.kind == EventKind::Send && e.segment == r.id) {
            const TraceConnection& c = t.connections.at(e.conn);
            return r.from == Side::A ? std::pair{c.a.address, c.b.address} : std::pair{c.b.address, c.a.address};
        }
    ADD_FAILURE() << "segment " << r.id << " was never sent";
    return {};
}

CaptureEnd endOf(std::uint32_t address, std::uint16_t port) {
    CaptureEnd e;
    e.address.bytes[0] = static_cast<std::uint8_t>(address >> 24);
    e.address.bytes[1] = static_cast<std::uint8_t>(address >> 16);
    e.address.bytes[2] = static_cast<std::uint8_t>(address >> 8);
    e.address.bytes[3] = static_cast<std::uint8_t>(address);
    e.port = port;
    return e;
}

// Everything a test asks of a written trace: read back by tcpviz's reader and walked here.
void expectWrittenFaithfully(const Trace& t) {
    ASSERT_FALSE(t.segments.empty());
    const std::string bytes = pcapngOfTrace(t);
    const Capture c = readCaptureBytes(bytes, t.scenario_id + ".pcapng");
    ASSERT_EQ(c.segments.size(), t.segments.size());
    EXPECT_EQ(c.packets, t.segments.size());
    EXPECT_EQ(c.not_tcp, 0u);
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
        const SegmentRecord& r = t.segments[i];
        const CapturedSegment& s = c.segments[i];
        SCOPED_TRACE("segment " + std::to_string(r.id));
        EXPECT_EQ(s.seq, r.segment.seq.value());
        EXPECT_EQ(s.ack, r.segment.ack.value());
        EXPECT_EQ(s.flags, r.segment.flags & 0x3F);
        EXPECT_EQ(s.window, r.segment.window);
        EXPECT_EQ(s.payload, r.segment.payload.size());
        EXPECT_EQ(s.time, r.sent_at - t.segments.front().sent_at);
    }
    // The connections the reader finds by their 4-tuples are the trace's.
    if (t.ofHosts()) {
        ASSERT_EQ(c.connections.size(), t.connections.size());
        for (std::size_t i = 0; i < c.connections.size(); ++i) {
            EXPECT_EQ(c.connections[i].a, endOf(t.connections[i].a.address, t.connections[i].a.port)) << i;
            EXPECT_EQ(c.connections[i].b, endOf(t.connections[i].b.address, t.connections[i].b.port)) << i;
        }
    } else {
        ASSERT_EQ(c.connections.size(), 1u);
        EXPECT_EQ(c.connections[0].a, endOf(t.endpoints[0].address, t.endpoints[0].port));
        EXPECT_EQ(c.connections[0].b, endOf(t.endpoints[1].address, t.endpoints[1].port));
    }

    const Blocks blocks = walk(bytes);
    EXPECT_EQ(blocks.section_options.at(4), "tcpviz");
    for (const InterfaceBlock& i : blocks.interfaces) {
        EXPECT_EQ(i.link_type, 228u) << "LINKTYPE_IPV4";
        EXPECT_EQ(i.snap_length, 65535u);
        EXPECT_EQ(i.options.at(9), std::string(1, '\x06')) << "microseconds";
        EXPECT_FALSE(i.options.at(2).empty());
        EXPECT_FALSE(i.options.at(3).empty());
    }
    ASSERT_EQ(blocks.frames.size(), t.segments.size());
    std::vector<std::uint16_t> last_id(blocks.interfaces.size(), 0);
    std::vector<bool> seen(blocks.interfaces.size(), false);
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
        const SegmentRecord& r = t.segments[i];
        const Frame& f = blocks.frames[i];
        SCOPED_TRACE("segment " + std::to_string(r.id));
        EXPECT_EQ(f.time_us, static_cast<std::uint64_t>(r.sent_at));
        ASSERT_LT(f.interface, blocks.interfaces.size());
        if (!t.ofHosts()) { EXPECT_EQ(f.interface, idx(r.from)); }
        // The IPv4 identification counts up per sender.
        const std::uint16_t id = be16(f.bytes.data() + 4);
        if (seen[f.interface]) { EXPECT_EQ(id, static_cast<std::uint16_t>(last_id[f.interface] + 1)); }
        seen[f.interface] = true;
        last_id[f.interface] = id;
        const auto [src, dst] = addressesOf(t, r);
        const std::optional<Segment> s = segmentOf(f, src, dst);
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->src_port, r.segment.src_port);
        EXPECT_EQ(s->dst_port, r.segment.dst_port);
        EXPECT_EQ(s->checksum, r.segment.checksum) << "the simulator's checksum, as it is";
        EXPECT_EQ(s->options, r.segment.options);
        EXPECT_EQ(s->payload.bytes(), r.segment.payload.bytes());
        const std::size_t payload_at = 20 + std::size_t{s->data_offset} * 4;
        EXPECT_EQ(std::vector<std::uint8_t>(f.bytes.begin() + static_cast<std::ptrdiff_t>(payload_at), f.bytes.end()),
                  r.segment.payload.bytes());
        if (r.reason == SendReason::Normal) {
            EXPECT_EQ(f.comment, "");
        } else {
            EXPECT_EQ(f.comment.rfind("tcpviz segment " + std::to_string(r.id) + ": ", 0), 0u) << f.comment;
        }
    }
}

// --- the lessons -----------------------------------------------------------------------------

TEST(PcapngWriter, HandshakeReadsBackAsItsSegments) {
    const Trace t = lessonTrace("handshake");
    expectWrittenFaithfully(t);
    const Blocks blocks = walk(pcapngOfTrace(t));
    ASSERT_EQ(blocks.interfaces.size(), 2u);
    EXPECT_EQ(blocks.interfaces[0].options.at(2), "A → B");
    EXPECT_EQ(blocks.interfaces[1].options.at(2), "B → A");
    const EndpointInfo& a = t.endpoints[0];
    const EndpointInfo& b = t.endpoints[1];
    const auto end = [](const EndpointInfo& e) { return e.name + " " + ipv4ToString(e.address) + ":" + std::to_string(e.port); };
    EXPECT_EQ(blocks.interfaces[0].options.at(3), end(a) + " → " + end(b));
    EXPECT_EQ(blocks.interfaces[1].options.at(3), end(b) + " → " + end(a));
    EXPECT_NE(blocks.section_options.at(1).find("handshake"), std::string::npos) << blocks.section_options.at(1);
}

// Each retransmission's frame says which kind it is: "timeout" or "fast", as the trace JSON.
std::size_t expectRetransmissionsNamed(const Trace& t) {
    const Blocks blocks = walk(pcapngOfTrace(t));
    std::size_t named = 0;
    for (const SegmentRecord& r : t.segments) {
        if (!r.retransmission()) continue;
        const std::string kind = r.retransmissionKind() == Retransmission::Timeout ? "timeout" : "fast";
        EXPECT_EQ(blocks.frames.at(r.id - 1).comment,
                  "tcpviz segment " + std::to_string(r.id) + ": retransmission (" + kind + ")");
        ++named;
    }
    return named;
}

TEST(PcapngWriter, DataLossKeepsTheDroppedSegmentAndNamesTheFastRetransmission) {
    const Trace t = lessonTrace("data-loss");
    expectWrittenFaithfully(t);
    std::size_t drops = 0;
    for (const Event& e : t.events) drops += e.kind == EventKind::Drop;
    ASSERT_GT(drops, 0u) << "the lesson loses a segment";
    EXPECT_GT(expectRetransmissionsNamed(t), 0u);
}

TEST(PcapngWriter, ALostSynIsSentAgainOnTimeout) {
    const Trace t = lessonTrace("lost-syn");
    expectWrittenFaithfully(t);
    EXPECT_GT(expectRetransmissionsNamed(t), 0u);
    EXPECT_TRUE(std::any_of(t.segments.begin(), t.segments.end(), [](const SegmentRecord& r) {
        return r.retransmissionKind() == Retransmission::Timeout;
    }));
}

TEST(PcapngWriter, TimeoutAndFastRetransmissionsInOneTransfer) {
    const Trace t = lessonTrace("timeout-vs-fast-retransmit");
    expectWrittenFaithfully(t);
    EXPECT_GT(expectRetransmissionsNamed(t), 0u);
}

TEST(PcapngWriter, LossyHostsHaveAnInterfacePerSendingHost) {
    HostScenario s = hostLesson("http-short-connections");
    s.run.link[0].loss = s.run.link[1].loss = 0.05;
    s.run.seed = 7;
    s.run.horizon = 20'000'000;
    const Trace t = simulateHosts(s, {HostRecording::Mode::All, 0}).trace;
    ASSERT_TRUE(t.ofHosts());
    ASSERT_GT(t.connections.size(), 1u);
    expectWrittenFaithfully(t);
    const Blocks blocks = walk(pcapngOfTrace(t));
    ASSERT_EQ(blocks.interfaces.size(), 2u);
    EXPECT_EQ(blocks.interfaces[0].options.at(2), t.connections[0].a.host) << "the client sends the first SYN";
    EXPECT_EQ(blocks.interfaces[1].options.at(2), t.connections[0].b.host);
    EXPECT_EQ(blocks.interfaces[0].options.at(3),
              "segments sent by " + t.connections[0].a.host + " (" + ipv4ToString(t.connections[0].a.address) + ")");
    for (std::size_t i = 0; i < t.segments.size(); ++i)
        EXPECT_EQ(blocks.frames[i].interface, idx(t.segments[i].from)) << "the client is `a` of every connection";
}

TEST(PcapngWriter, SynFloodsSpoofedSourcesShareAnInterface) {
    HostScenario s = hostLesson("syn-flood");
    s.run.floods[0].syns = 300;
    s.run.horizon = 2'000'000;
    const Trace t = simulateHosts(s, {HostRecording::Mode::All, 0}).trace;
    ASSERT_TRUE(t.connections.at(0).spoofed);
    expectWrittenFaithfully(t);
    const Blocks blocks = walk(pcapngOfTrace(t));
    ASSERT_GE(blocks.interfaces.size(), 2u);
    EXPECT_EQ(blocks.interfaces[0].options.at(2), "spoofed");
    EXPECT_EQ(blocks.interfaces[1].options.at(2), t.connections[0].b.host);
}

TEST(PcapngWriter, OneConnectionOfHostsIsATraceOfTwoEndpoints) {
    const HostOutcome o = simulateHosts(hostLesson("http-keepalive"), {HostRecording::Mode::One, 0});
    ASSERT_FALSE(o.trace.ofHosts());
    expectWrittenFaithfully(o.trace);
}

// --- checksums, times, hand-made segments --------------------------------------------------------

TEST(PcapngWriter, AnInjectedBadChecksumStaysBad) {
    Scenario s = *resolveScenario("handshake");
    ScriptInject bad;
    bad.from = Side::A;
    bad.seq = 12345;
    bad.flags = kAck;
    bad.ack = 1;
    bad.len = 7;
    bad.bad_checksum = true;
    s.script.push_back({500, bad});
    const Trace t = simulate(s);
    const auto injected = std::find_if(t.segments.begin(), t.segments.end(),
                                       [](const SegmentRecord& r) { return r.reason == SendReason::Injected; });
    ASSERT_NE(injected, t.segments.end());
    const Blocks blocks = walk(pcapngOfTrace(t));
    ASSERT_EQ(blocks.frames.size(), t.segments.size());
    const Frame& f = blocks.frames[injected->id - 1];
    EXPECT_EQ(f.comment, "tcpviz segment " + std::to_string(injected->id) + ": injected with a bad checksum");
    const std::span<const std::uint8_t> tcp = std::span<const std::uint8_t>(f.bytes).subspan(20);
    const PseudoHeader ph{t.endpoints[0].address, t.endpoints[1].address};
    const auto parsed = parse(tcp, ph);
    ASSERT_TRUE(std::holds_alternative<ParseFailure>(parsed));
    EXPECT_EQ(std::get<ParseFailure>(parsed).error, ParseError::BadChecksum);
    EXPECT_EQ(be16(tcp.data() + 16), injected->segment.checksum);
    EXPECT_EQ(ipv4HeaderSum(f.bytes.data()), 0xFFFF) << "only the TCP checksum is bad";
}

TEST(PcapngWriter, AHandMadeSegmentGetsItsChecksumAndDataOffset) {
    Trace t;
    t.endpoints[0] = {"A", "Client", 0xC0000201u, 50000};
    t.endpoints[1] = {"B", "Server", 0xC6336407u, 80};
    SegmentRecord r;
    r.id = 1;
    r.segment.src_port = 50000;
    r.segment.dst_port = 80;
    r.segment.seq = SeqNum(7);
    r.segment.flags = kSyn;
    r.segment.options.mss = 1460;   // data_offset and checksum left as they are: 5 and 0
    r.sent_at = 1'000;
    t.segments.push_back(r);
    r.id = 2;
    r.from = Side::B;
    r.segment = {};
    r.segment.src_port = 80;
    r.segment.dst_port = 50000;
    r.segment.flags = kAck | kPsh;
    r.segment.ack = SeqNum(8);
    r.segment.payload = std::vector<std::uint8_t>{'h', 'e', 'l', 'l', 'o'};
    r.sent_at = 2'000;
    t.segments.push_back(r);
    const Blocks blocks = walk(pcapngOfTrace(t));
    ASSERT_EQ(blocks.frames.size(), 2u);
    const auto syn = segmentOf(blocks.frames[0], t.endpoints[0].address, t.endpoints[1].address);
    ASSERT_TRUE(syn);
    EXPECT_EQ(syn->data_offset, 6);
    EXPECT_EQ(syn->options.mss, 1460);
    const auto data = segmentOf(blocks.frames[1], t.endpoints[1].address, t.endpoints[0].address);
    ASSERT_TRUE(data);
    EXPECT_EQ(data->payload.bytes(), (std::vector<std::uint8_t>{'h', 'e', 'l', 'l', 'o'}));
    EXPECT_EQ(blocks.frames[1].interface, 1u);
}

// An MSS above 65,495 makes a segment no IPv4 total length can count: it gets 0 there, as a
// capture of TCP segmentation offload does, and its TCP checksum still verifies.
TEST(PcapngWriter, ASegmentTooLongForIpv4HasTotalLengthZero) {
    Trace t;
    t.endpoints[0] = {"A", "Client", 0xC0000201u, 50000};
    t.endpoints[1] = {"B", "Server", 0xC6336407u, 80};
    SegmentRecord r;
    r.id = 1;
    r.segment.src_port = 50000;
    r.segment.dst_port = 80;
    r.segment.flags = kAck;
    r.segment.payload = Payload::generated(Stream::ClientText, 0, 65'500);
    finalize(r.segment, {t.endpoints[0].address, t.endpoints[1].address});
    t.segments.push_back(r);
    const Blocks blocks = walk(pcapngOfTrace(t));
    ASSERT_EQ(blocks.frames.size(), 1u);
    const Frame& f = blocks.frames[0];
    ASSERT_EQ(f.bytes.size(), 20u + 20u + 65'500u);
    EXPECT_EQ(be16(f.bytes.data() + 2), 0u);
    EXPECT_EQ(ipv4HeaderSum(f.bytes.data()), 0xFFFF);
    const auto parsed = parse(std::span<const std::uint8_t>(f.bytes).subspan(20), {t.endpoints[0].address, t.endpoints[1].address});
    ASSERT_TRUE(std::holds_alternative<Segment>(parsed));
    EXPECT_EQ(std::get<Segment>(parsed).payload.bytes(), r.segment.payload.bytes());
}

TEST(PcapngWriter, TheEpochIsAddedToEveryTime) {
    const Trace t = lessonTrace("handshake");
    const std::int64_t epoch = 1'700'000'000'000'000;   // 2023-11-14
    const Blocks blocks = walk(pcapngOfTrace(t, {epoch}));
    ASSERT_EQ(blocks.frames.size(), t.segments.size());
    for (std::size_t i = 0; i < t.segments.size(); ++i)
        EXPECT_EQ(blocks.frames[i].time_us, static_cast<std::uint64_t>(epoch + t.segments[i].sent_at));
    EXPECT_THROW(pcapngOfTrace(t, {-1'000'000'000}), std::invalid_argument);
}

TEST(PcapngWriter, AnEmptyTraceIsAFileOfNoPackets) {
    const Trace t;
    const std::string bytes = pcapngOfTrace(t);
    const Blocks blocks = walk(bytes);
    EXPECT_EQ(blocks.interfaces.size(), 2u);
    EXPECT_TRUE(blocks.frames.empty());
    EXPECT_EQ(readCaptureBytes(bytes, "empty.pcapng").packets, 0u);
}

// --- tshark ----------------------------------------------------------------------------------

using tcpviz_test::CommandResult;
using tcpviz_test::tsharkOnPath;
CommandResult run(const std::string& command) { return tcpviz_test::runCommand(command); }

std::vector<std::vector<std::string>> rows(const std::string& text) {
    std::vector<std::vector<std::string>> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
            fields.push_back(line.substr(start, tab - start));
        fields.push_back(line.substr(start));
        out.push_back(std::move(fields));
    }
    return out;
}

// tshark reads every frame with a good IPv4 and TCP checksum, and the trace's segments in order.
void expectTsharkReads(const Trace& t, const std::string& file) {
    writePcapng(t, file);
    const CommandResult r = run("tshark -r '" + file +
                                "' -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields"
                                " -e frame.number -e tcp.seq_raw -e tcp.ack_raw -e tcp.flags -e tcp.len"
                                " -e tcp.checksum.status -e ip.checksum.status -e frame.interface_id 2>'" + file + ".err'");
    ASSERT_EQ(r.status, 0) << r.output << tcpviz_test::readText(file + ".err");
    const auto table = rows(r.output);
    ASSERT_EQ(table.size(), t.segments.size()) << r.output;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const SegmentRecord& s = t.segments[i];
        const auto& row = table[i];
        ASSERT_EQ(row.size(), 8u) << r.output;
        SCOPED_TRACE("frame " + row[0]);
        EXPECT_EQ(row[0], std::to_string(i + 1));
        EXPECT_EQ(row[1], std::to_string(s.segment.seq.value()));
        EXPECT_EQ(std::stoul(row[3], nullptr, 16), s.segment.flags);
        // tshark leaves the acknowledgment number out of a segment without ACK.
        if (s.segment.has(kAck)) { EXPECT_EQ(row[2], std::to_string(s.segment.ack.value())); }
        EXPECT_EQ(row[4], std::to_string(s.segment.payload.size()));
        EXPECT_EQ(row[5], "1") << "tcp.checksum.status: 1 is good";
        EXPECT_EQ(row[6], "1") << "ip.checksum.status: 1 is good";
        if (!t.ofHosts()) { EXPECT_EQ(row[7], std::to_string(idx(s.from))); }
    }
}

TEST(PcapngWriter, TsharkReadsTheSegmentsWithGoodChecksums) {
    if (!tsharkOnPath()) GTEST_SKIP() << "tshark is not on PATH (Debian: apt-get install tshark); nothing checked";
    const tcpviz_test::TempDir dir;
    expectTsharkReads(lessonTrace("handshake"), (dir.path() / "handshake.pcapng").string());
    expectTsharkReads(lessonTrace("data-loss"), (dir.path() / "data-loss.pcapng").string());
    HostScenario s = hostLesson("http-short-connections");
    s.run.horizon = 5'000'000;
    expectTsharkReads(simulateHosts(s, {HostRecording::Mode::All, 0}).trace, (dir.path() / "hosts.pcapng").string());
}

TEST(PcapngWriter, TsharkShowsTheCommentsAndInterfaces) {
    if (!tsharkOnPath()) GTEST_SKIP() << "tshark is not on PATH (Debian: apt-get install tshark); nothing checked";
    const tcpviz_test::TempDir dir;
    const std::string file = (dir.path() / "data-loss.pcapng").string();
    const Trace t = lessonTrace("data-loss");
    writePcapng(t, file);
    const CommandResult r =
        run("tshark -r '" + file + "' -T fields -e frame.number -e frame.interface_name -e frame.comment 2>/dev/null");
    ASSERT_EQ(r.status, 0) << r.output;
    const auto table = rows(r.output);
    ASSERT_EQ(table.size(), t.segments.size()) << r.output;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const SegmentRecord& s = t.segments[i];
        ASSERT_EQ(table[i].size(), 3u) << r.output;
        EXPECT_EQ(table[i][1], s.from == Side::A ? "A → B" : "B → A");
        if (s.reason == SendReason::Retransmission) {
            EXPECT_EQ(table[i][2], "tcpviz segment " + std::to_string(s.id) + ": retransmission (timeout)");
        } else if (s.reason == SendReason::Normal) {
            EXPECT_EQ(table[i][2], "");
        }
    }
}

// --- files that cannot be written ------------------------------------------------------------

TEST(PcapngWriter, ADirectoryThatDoesNotExistIsAnErrorNamingThePath) {
    const tcpviz_test::TempDir dir;
    const std::string path = (dir.path() / "no-such-directory" / "trace.pcapng").string();
    try {
        writePcapng(lessonTrace("handshake"), path);
        FAIL() << "writing into a directory that does not exist must fail";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot write " + path + ": No such file or directory");
    }
    EXPECT_TRUE(dir.entries().empty());
}

TEST(PcapngWriter, AFileIsReplacedWholeAndNothingElseIsLeft) {
    const tcpviz_test::TempDir dir;
    const std::string path = (dir.path() / "trace.pcapng").string();
    tcpviz_test::writeText(path, "old");
    const Trace t = lessonTrace("handshake");
    writePcapng(t, path);
    EXPECT_EQ(tcpviz_test::readText(path), pcapngOfTrace(t));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"trace.pcapng"});
    EXPECT_EQ(readCapture(path).segments.size(), t.segments.size());
}

// A device is written into, not replaced (as root, replacing /dev/full would take the device
// away): /dev/full says the disk is full.
TEST(PcapngWriter, DevFullIsAFullDiskErrorNamingIt) {
    struct stat before {};
    if (::stat("/dev/full", &before) != 0 || !S_ISCHR(before.st_mode)) GTEST_SKIP() << "no /dev/full here";
    try {
        writePcapng(lessonTrace("handshake"), "/dev/full");
        FAIL() << "writing to /dev/full must fail";
    } catch (const FileWriteError& e) {
        EXPECT_TRUE(e.diskFull());
        EXPECT_EQ(std::string(e.what()), "cannot write /dev/full: the disk is full (No space left on device)");
    }
    struct stat after {};
    ASSERT_EQ(::stat("/dev/full", &after), 0);
    EXPECT_TRUE(S_ISCHR(after.st_mode)) << "/dev/full is still the device";
    EXPECT_EQ(after.st_rdev, before.st_rdev);
}

TEST(PcapngWriter, AFullDiskKeepsTheOldFile) {
    const tcpviz_test::FullDisk disk;
    if (!disk.mounted()) GTEST_SKIP() << disk.whyNot();
    const std::string path = disk.path("trace.pcapng");
    tcpviz_test::writeText(path, "the old capture\n");
    ASSERT_TRUE(disk.fill());
    try {
        writePcapng(lessonTrace("data-loss"), path);
        FAIL() << "writing to a full disk must fail";
    } catch (const FileWriteError& e) {
        EXPECT_TRUE(e.diskFull()) << e.what();
        EXPECT_EQ(e.path(), path);
    }
    EXPECT_EQ(tcpviz_test::readText(path), "the old capture\n");
    EXPECT_EQ(tcpviz_test::entries(disk.dir()),
              (std::vector<std::string>{tcpviz_test::FullDisk::kFiller, "trace.pcapng"}));
}

}  // namespace
}  // namespace tcpviz::core
