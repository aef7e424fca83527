// QUIC and HTTP/3 over UDP on the simulated link (core/sim/apps/quic.h), issue 18: ngtcp2's
// packets, GnuTLS's handshake inside them (RFC 9001), nghttp3's requests, and the round trips
// QUIC saves (RFC 9000 §7: the transport's and TLS's handshakes are one).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/capture/pcapng_writer.h"
#include "core/scenario/scenario.h"
#include "core/sim/apps/quic.h"
#include "core/sim/host_sim.h"
#include "core/trace/messages.h"
#include "tests/support/command.h"
#include "tests/support/lesson.h"
#include "tests/support/temp_dir.h"

namespace tcpviz::core {
namespace {

// Two ends over a link of a fixed one-way delay: every datagram arrives, in order.
struct Flight {
    TimeUs at;
    bool to_server;
    std::vector<std::uint8_t> bytes;
    std::string name;
};

struct PairRun {
    std::vector<Flight> sent;   // as sent, with the sending time
    std::unique_ptr<QuicProgram> client, server;
};

PairRun runPair(const ClientProgram& cp, const ServerProgram& sp, TimeUs delay,
                std::shared_ptr<QuicSessionCache> cache = nullptr, std::uint64_t seed = 1) {
    PairRun run;
    const QuicPath cpath{0x0A000001, 0x0A000002, 50000, 443};
    const QuicPath spath{0x0A000002, 0x0A000001, 443, 50000};
    run.client = makeQuicClient(cp, sp, cpath, seed, std::move(cache));
    std::multimap<TimeUs, Flight> wire;
    TimeUs now = 0;
    const auto flush = [&](QuicProgram& p, bool to_server) {
        for (QuicDatagram& d : p.send(now)) {
            run.sent.push_back({now, to_server, d.bytes, d.name});
            wire.emplace(now + delay, Flight{now, to_server, std::move(d.bytes), d.name});
        }
    };
    flush(*run.client, true);
    for (int guard = 0; guard < 10000; ++guard) {
        std::optional<TimeUs> next;
        if (!wire.empty()) next = wire.begin()->first;
        for (QuicProgram* p : {run.client.get(), run.server.get()})
            if (p && p->expiry() && (!next || *p->expiry() < *next)) next = p->expiry();
        if (!next || *next > 60'000'000) break;
        now = *next;
        if (!wire.empty() && wire.begin()->first == now) {
            Flight f = wire.begin()->second;
            wire.erase(wire.begin());
            if (f.to_server) {
                if (!run.server) run.server = makeQuicServer(sp, f.bytes, spath, seed + 1);
                if (!run.server) continue;
                run.server->receive(f.bytes, now);
                flush(*run.server, false);
            } else {
                run.client->receive(f.bytes, now);
                flush(*run.client, true);
            }
        }
        for (auto [p, to_server] : {std::pair{run.client.get(), true}, std::pair{run.server.get(), false}})
            if (p && p->expiry() && *p->expiry() <= now) {
                p->expire(now);
                flush(*p, to_server);
            }
    }
    return run;
}

using tcpviz_test::lesson;

// The TLS messages a datagram's names say begin in it (CRYPTO[ClientHello], CRYPTO[…Certificate,
// Finished]: Finished only, the Certificate began in an earlier one).
std::vector<std::string> tlsMessagesBegun(const std::string& name) {
    std::vector<std::string> out;
    for (std::size_t at = name.find("CRYPTO["); at != std::string::npos; at = name.find("CRYPTO[", at + 1)) {
        const std::size_t open = at + 7, close = name.find(']', open);
        std::string list = name.substr(open, close - open) + ", ";
        for (std::size_t from = 0, comma; (comma = list.find(", ", from)) != std::string::npos; from = comma + 2) {
            std::string m = list.substr(from, comma - from);
            if (m.rfind("…", 0) == 0) continue;
            if (m.size() >= 3 && m.substr(m.size() - 3) == "…") m.resize(m.size() - 3);
            out.push_back(m);
        }
    }
    return out;
}

// RFC 9000 §7, Figure 5, as ngtcp2 and GnuTLS write it: the client's Initial carries the
// ClientHello, padded to 1200 bytes (§14.1); the server's first flight carries its whole TLS
// flight in Initial and Handshake packets; the client's Finished goes with its request, one
// round trip after it began.
// A browser's HTTP/3 program and a server's on port 443, an answer of 3000 bytes.
struct Programs {
    ClientProgram client;
    ServerProgram server;
    Programs() {
        client.port = server.port = 443;
        server.response_bytes = 3000;
    }
};

TEST(Quic, TheHandshakeTakesOneRoundTripAndTheAnswerArrives) {
    const auto [cp, sp] = Programs();
    const PairRun run = runPair(cp, sp, 50'000);
    EXPECT_TRUE(run.client->handshakeDone());
    EXPECT_EQ(run.client->bodyBytesReceived(), 3000u);
    EXPECT_TRUE(run.client->finished());
    EXPECT_TRUE(run.server->finished());   // drained on the client's CONNECTION_CLOSE

    ASSERT_GE(run.sent.size(), 4u);
    EXPECT_EQ(run.sent[0].name, "Initial[0]: CRYPTO[ClientHello]");
    EXPECT_EQ(run.sent[0].bytes.size(), 1200u);
    std::vector<std::string> server_flight, client_request;
    for (const Flight& f : run.sent) {
        const auto begun = tlsMessagesBegun(f.name);
        if (!f.to_server && f.at == 50'000) server_flight.insert(server_flight.end(), begun.begin(), begun.end());
        if (f.to_server && f.at == 100'000 && f.name.find("STREAM[0") != std::string::npos) client_request = begun;
    }
    EXPECT_EQ(server_flight, (std::vector<std::string>{"ServerHello", "EncryptedExtensions", "Certificate",
                                                       "CertificateVerify", "Finished", "NewSessionTicket",
                                                       "NewSessionTicket"}));
    EXPECT_EQ(client_request, std::vector<std::string>{"Finished"});   // with the GET, one RTT in
    EXPECT_EQ(run.sent.back().name.substr(run.sent.back().name.find(':')), ": CONNECTION_CLOSE");
}

// The lesson's ruler: one round trip before the request, two before the answer; TCP + TLS 1.3
// takes two and three (tls_test.cpp).
TEST(Quic, TheQuicHandshakeLessonsRulerCountsOneRoundTrip) {
    const HostOutcome o = lesson("quic-handshake");
    const Trace& t = o.trace;
    ASSERT_FALSE(t.segments.empty());
    for (const SegmentRecord& r : t.segments) {
        EXPECT_TRUE(r.segment.udp()) << r.id;
        EXPECT_TRUE(r.segment.src_port == 443 || r.segment.dst_port == 443) << r.id;
    }
    const auto rtts = handshakeRtts(t);
    ASSERT_TRUE(rtts);
    EXPECT_EQ(rtts->rtt, 100'000);
    EXPECT_NEAR(rtts->before_request, 1.0, 0.05);
    EXPECT_NEAR(rtts->before_response, 2.0, 0.05);
    EXPECT_EQ(t.segments.front().segment.payload.size(), 1200u);
    // The labels are the packets' (MessageIndex splits a datagram's packets at the top level only).
    const MessageIndex index(t);
    EXPECT_EQ(index.of(t, 1), "Initial[0]: CRYPTO[ClientHello]");
    // Each hello's transport parameters (RFC 9000 §18.2), on the packet that carries it: the
    // client's ClientHello, the server's EncryptedExtensions.
    const auto parameter = [&](Side side, const std::string& name) {
        for (const StreamMessage& m : t.messages)
            if (m.from == side)
                for (const MessageDetail& d : m.details)
                    for (const MessageField& f : d.fields)
                        if (f.kind == MessageFieldKind::TransportParameter && f.args.at(0) == name) return f.args.at(1);
        return std::string("none");
    };
    EXPECT_EQ(parameter(Side::A, "initial_max_streams_uni"), "3");   // HTTP/3's three (RFC 9114 §6.2)
    EXPECT_EQ(parameter(Side::A, "initial_max_streams_bidi"), "0");   // a client takes no requests
    EXPECT_EQ(parameter(Side::B, "initial_max_streams_bidi"), "100");
    EXPECT_EQ(parameter(Side::B, "max_idle_timeout"), "30000 ms");
    for (const char* label : {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                              "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"})
        EXPECT_TRUE(tcpviz_test::keyLogHas(t, label)) << label;
}

// RFC 9001 §4.6: the second visit offers the first one's ticket and sends its GET in a 0-RTT
// packet of its first datagram; the server resumes (no Certificate) and answers at once, so the
// request leaves after 0 round trips and the answer comes after 1.
TEST(Quic, ZeroRttSendsTheRequestWithTheFirstDatagram) {
    const Trace t = lesson("quic-0rtt").trace;
    ASSERT_FALSE(t.messages.empty());
    EXPECT_GE(t.events.front().time, 1'000'000);   // the second visit's
    EXPECT_EQ(t.messages.front().name.rfind("Initial[0]: CRYPTO[ClientHello], 0-RTT[0]: STREAM[0", 0), 0u)
        << t.messages.front().name;
    EXPECT_TRUE(t.messages.front().application);
    for (const StreamMessage& m : t.messages) EXPECT_EQ(m.name.find("CRYPTO[Certificate"), std::string::npos) << m.name;
    const auto rtts = handshakeRtts(t);
    ASSERT_TRUE(rtts);
    EXPECT_EQ(rtts->rtt, 100'000);
    EXPECT_NEAR(rtts->before_request, 0.0, 0.05);
    EXPECT_NEAR(rtts->before_response, 1.0, 0.05);
    EXPECT_TRUE(tcpviz_test::keyLogHas(t, "CLIENT_EARLY_TRAFFIC_SECRET"));
}

// An attacker who copies the 0-RTT datagram and sends it again gets no answer to its request:
// the server remembers the ClientHellos whose early data it accepted (RFC 8446 §8.2, GnuTLS's
// anti-replay) and refuses it the second time.
TEST(Quic, AReplayedZeroRttDatagramIsNotAnswered) {
    auto [cp, sp] = Programs();
    auto cache = makeQuicSessionCache();
    runPair(cp, sp, 50'000, cache);
    cp.resume = true;
    cp.early_data = true;
    const PairRun visit = runPair(cp, sp, 50'000, cache);
    ASSERT_EQ(visit.client->bodyBytesReceived(), 3000u);
    const auto answers = [](const std::vector<std::string>& names) {
        return std::any_of(names.begin(), names.end(),
                           [](const std::string& n) { return n.find("STREAM[0") != std::string::npos; });
    };
    std::vector<std::string> first_answer;
    for (const Flight& f : visit.sent)
        if (!f.to_server && f.at == 50'000) first_answer.push_back(f.name);
    EXPECT_TRUE(answers(first_answer));   // the real visit: answered at once (0.5-RTT)
    const QuicPath spath{0x0A000002, 0x0A000001, 443, 50000};
    const std::unique_ptr<QuicProgram> other = makeQuicServer(sp, visit.sent.front().bytes, spath, 7);
    ASSERT_TRUE(other);
    other->receive(visit.sent.front().bytes, 60'000);
    std::vector<std::string> replay_answer;
    for (const QuicDatagram& d : other->send(60'000)) replay_answer.push_back(d.name);
    EXPECT_FALSE(replay_answer.empty());   // a handshake, still
    EXPECT_FALSE(answers(replay_answer));
}

// quic-vs-tcp-loss: each server loses one packet of its six answers. Over QUIC the lost
// datagram held one stream's bytes, and that stream alone waits for them to come again (RFC
// 9000 §2.2); over TCP every HTTP/2 stream waits for the one segment's repair. Without the
// faults, no stream waits in either.
TEST(Quic, OneLossStallsOneQuicStreamButEveryStreamOverTcp) {
    HostScenario s = std::get<HostScenario>(*resolveAnyScenario("quic-vs-tcp-loss"));
    const auto stalls = [](const HostScenario& lesson) {
        std::map<std::string, std::vector<StreamStall>> out;
        for (const ConnectionSummary& c : simulateHosts(lesson).connections)
            out[lesson.run.hosts.at(c.a_host).info.name] =
                streamStalls(simulateHosts(lesson, {HostRecording::Mode::One, c.id}).trace, Side::B);
        return out;
    };
    const auto waited = [](const std::vector<StreamStall>& v) {
        std::vector<std::uint32_t> out;
        for (const StreamStall& st : v)
            if (st.waited > 0) out.push_back(st.stream);
        return out;
    };
    auto lossy = stalls(s);
    ASSERT_EQ(lossy.size(), 2u);
    const auto& quic = lossy.at("quic-browser");
    const auto& tcp = lossy.at("tcp-browser");
    ASSERT_EQ(quic.size(), 6u);   // streams 0, 4, ..., 20
    ASSERT_EQ(tcp.size(), 6u);    // streams 1, 3, ..., 11
    EXPECT_EQ(waited(quic), std::vector<std::uint32_t>{4});
    EXPECT_EQ(waited(tcp).size(), 6u);
    for (const StreamStall& st : quic)
        if (st.waited > 0) {
            EXPECT_GE(st.waited, 50'000);   // at least the repair's one-way trip
            EXPECT_LE(st.waited, 200'000);
        }
    for (const StreamStall& st : tcp) EXPECT_EQ(st.waited, tcp.front().waited) << st.stream;
    s.run.faults.clear();
    for (const auto& [host, v] : stalls(s)) EXPECT_TRUE(waited(v).empty()) << host;
}

// GnuTLS's randomness is not seeded, so keys and bytes differ; ngtcp2's is (connection IDs,
// tokens), and every datagram's size and time repeats.
TEST(Quic, SizesAndTimesRepeatAlthoughTheKeysDoNot) {
    const Trace one = lesson("quic-handshake").trace, two = lesson("quic-handshake").trace;
    EXPECT_TRUE(tcpviz_test::bytesDifferAsSizesAndTimesRepeat(one, two));
    ASSERT_EQ(one.messages.size(), two.messages.size());
    for (std::size_t i = 0; i < one.messages.size(); ++i) EXPECT_EQ(one.messages[i].name, two.messages[i].name) << i;
}

// Wireshark reads an exported QUIC lesson with the key log its pcapng carries: every datagram
// holds the packets the diagram names, every TLS message named is decoded, the HTTP/3 request
// and answer are inside, and nothing is malformed or fails to decrypt.
TEST(Quic, TsharkDecodesEveryPacketAndHandshakeMessageOfAnExportedLesson) {
    if (!tcpviz_test::tsharkOnPath()) GTEST_SKIP() << "tshark is not on PATH (Debian: apt-get install tshark); nothing checked";
    for (const std::string id : {"quic-handshake", "quic-0rtt", "quic-vs-tcp-loss"}) {
        SCOPED_TRACE(id);
        const Trace t = lesson(id).trace;
        const tcpviz_test::TempDir dir;
        const std::string file = (dir.path() / "lesson.pcapng").string();
        writePcapng(t, file);
        const auto r = tcpviz_test::runCommand("tshark -n -r '" + file +
                                               "' -T fields -E occurrence=a -E aggregator=, -e quic.packet_number"
                                               " -e tls.handshake.type -e http3.frame_type -e _ws.malformed"
                                               " -e quic.decryption_failed 2>/dev/null");
        ASSERT_EQ(r.status, 0);
        const auto rows = tcpviz_test::fieldRows(r.output, 5);
        ASSERT_EQ(rows.size(), t.segments.size());
        const MessageIndex index(t);
        std::multiset<std::string> decoded, named;
        static const std::map<std::string, std::string> kTypes{
            {"1", "ClientHello"}, {"2", "ServerHello"}, {"4", "NewSessionTicket"}, {"8", "EncryptedExtensions"},
            {"11", "Certificate"}, {"15", "CertificateVerify"}, {"20", "Finished"}};
        std::size_t headers = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            std::string label;   // in full: the arrow's may be shortened
            for (const std::uint32_t m : index.carried(t, i + 1)) label += t.messages[m].name;
            // One packet number per packet the label names ("Initial[0]: …, Handshake[0]: …").
            EXPECT_EQ(rows[i][0].size(), static_cast<std::size_t>(std::count(label.begin(), label.end(), ':'))) << label;
            for (const std::string& type : rows[i][1]) decoded.insert(kTypes.count(type) ? kTypes.at(type) : type);
            for (const std::string& m : tlsMessagesBegun(label)) named.insert(m);
            headers += static_cast<std::size_t>(std::count(rows[i][2].begin(), rows[i][2].end(), "1"));
            EXPECT_TRUE(rows[i][3].empty()) << "malformed: " << label;
            EXPECT_TRUE(rows[i][4].empty()) << "not decrypted: " << label;
        }
        EXPECT_EQ(decoded, named);
        // Each GET's HEADERS and each answer's: one of each, six of each for the page of six.
        // Wireshark 4.0 decrypts a 0-RTT packet and lists its STREAM frames but does not read
        // HTTP/3 in them: there, only the answer's.
        const std::map<std::string, std::size_t> expected{{"quic-handshake", 2}, {"quic-0rtt", 1}, {"quic-vs-tcp-loss", 12}};
        EXPECT_EQ(headers, expected.at(id));
    }
}

}  // namespace
}  // namespace tcpviz::core
