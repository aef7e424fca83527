// HTTPS over the simulated TCP (issue 18): TLS 1.3 and 1.2 handshakes by OpenSSL through memory
// BIOs, their records named on the segments that carry them, and the round trips each costs
// before the first request byte (RFC 8446 §2: TLS 1.3 takes one, TLS 1.2 two, after TCP's one).
#include <gtest/gtest.h>

#include <algorithm>

#include <map>
#include <set>
#include <sstream>

#include "core/capture/pcapng_writer.h"
#include "core/scenario/scenario.h"
#include "core/sim/apps/crypto_speed.h"
#include "core/sim/apps/tls.h"
#include "core/sim/host_sim.h"
#include "core/trace/messages.h"
#include "core/trace/notation.h"
#include "tests/support/command.h"
#include "tests/support/lesson.h"
#include "tests/support/temp_dir.h"

namespace tcpviz::core {
namespace {

using tcpviz_test::lesson;

// The messages each side wrote, in order.
std::vector<std::string> written(const Trace& t, Side side) {
    std::vector<std::string> out;
    for (const StreamMessage& m : t.messages)
        if (m.from == side) out.push_back(m.name);
    return out;
}

TEST(Tls, TheTls13HandshakeTakesOneRoundTripAfterTcps) {
    const HostOutcome o = lesson("https-tls13");
    const Trace& t = o.trace;
    // RFC 8446 §2, Figure 1, as OpenSSL 3 writes it (the empty ChangeCipherSpec records are its
    // middlebox compatibility, Appendix D.4).
    EXPECT_EQ(written(t, Side::A), (std::vector<std::string>{"ClientHello", "ChangeCipherSpec", "{Finished}",
                                                             "{Application Data}", "{Alert (close notify)}"}));
    const std::vector<std::string> server = written(t, Side::B);
    ASSERT_GE(server.size(), 7u);
    EXPECT_EQ(std::vector<std::string>(server.begin(), server.begin() + 6),
              (std::vector<std::string>{"ServerHello", "ChangeCipherSpec", "{EncryptedExtensions}", "{Certificate}",
                                        "{CertificateVerify}", "{Finished}"}));
    EXPECT_NE(std::find(server.begin(), server.end(), "{NewSessionTicket}"), server.end());
    EXPECT_NE(std::find(server.begin(), server.end(), "{Application Data}"), server.end());

    const auto rtts = handshakeRtts(t);
    ASSERT_TRUE(rtts);
    EXPECT_EQ(rtts->rtt, 100'000);   // 50 ms each way
    EXPECT_NEAR(rtts->before_request, 2.0, 0.05);
    EXPECT_NEAR(rtts->before_response, 3.0, 0.05);
    // The client closes first, after its close_notify (RFC 8446 §6.1), and waits in TIME-WAIT;
    // the server has closed too.
    EXPECT_EQ(o.connections.at(0).a_last, State::TimeWait);
    EXPECT_TRUE(o.connections.at(0).b_last == State::Closed || o.connections.at(0).b_last == State::TimeWait);
    // The secrets Wireshark needs to read the records (SSLKEYLOGFILE, TLS 1.3's five labels).
    for (const char* label : {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                              "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"})
        EXPECT_TRUE(tcpviz_test::keyLogHas(t, label)) << label;
}

TEST(Tls, TheTls12HandshakeTakesTwoRoundTripsAfterTcps) {
    const HostOutcome o = lesson("https-tls12");
    const Trace& t = o.trace;
    EXPECT_EQ(written(t, Side::A), (std::vector<std::string>{"ClientHello", "ClientKeyExchange", "ChangeCipherSpec",
                                                             "{Finished}", "{Application Data}",
                                                             "{Alert (close notify)}"}));
    const std::vector<std::string> server = written(t, Side::B);
    // RFC 5246 §7.3's flights, each message a record of its own: the server's first in the
    // clear, its second ChangeCipherSpec and {Finished} (no session ticket: the server resumes
    // sessions by their ID, tls.cpp).
    ASSERT_GE(server.size(), 7u);
    EXPECT_EQ(std::vector<std::string>(server.begin(), server.begin() + 6),
              (std::vector<std::string>{"ServerHello", "Certificate", "ServerKeyExchange", "ServerHelloDone",
                                        "ChangeCipherSpec", "{Finished}"}))
        << ::testing::PrintToString(server);
    const auto rtts = handshakeRtts(t);
    ASSERT_TRUE(rtts);
    EXPECT_NEAR(rtts->before_request, 3.0, 0.05);
    EXPECT_NEAR(rtts->before_response, 4.0, 0.05);
    EXPECT_TRUE(std::any_of(t.key_log.begin(), t.key_log.end(),
                            [](const std::string& l) { return l.rfind("CLIENT_RANDOM ", 0) == 0; }));
}

// The three certificates a client must refuse: each fails at its own step of the chain's check,
// with its alert (RFC 8446 §6.2), in place of the client's {Finished}; no request is sent. The
// alert goes in the clear: the client sends with its handshake keys only from its Finished on
// (OpenSSL switches its write keys there), and no ChangeCipherSpec has gone before it. The good
// chain of certificate-verification passes every step.
TEST(Tls, ABrokenCertificateIsRefusedWithItsAlert) {
    const std::vector<std::pair<const char*, const char*>> cases{
        {"certificate-expired", "Alert (certificate expired)"},   // 45: the dates
        {"certificate-wrong-name", "Alert (bad certificate)"},    // 42: the name (RFC 6125)
        {"certificate-unknown-issuer", "Alert (unknown CA)"},     // 48: no trusted issuer
    };
    for (const auto& [id, alert] : cases) {
        SCOPED_TRACE(id);
        const HostOutcome o = lesson(id);
        const std::vector<std::string> client = written(o.trace, Side::A);
        EXPECT_EQ(client, (std::vector<std::string>{"ClientHello", alert}));
        const std::vector<std::string> server = written(o.trace, Side::B);
        EXPECT_NE(std::find(server.begin(), server.end(), "{Certificate}"), server.end());
        EXPECT_EQ(std::find(server.begin(), server.end(), "{Application Data}"), server.end());
        EXPECT_FALSE(handshakeRtts(o.trace));   // no request, no answer
    }
    const std::vector<std::string> good = written(lesson("certificate-verification").trace, Side::A);
    EXPECT_NE(std::find(good.begin(), good.end(), "{Finished}"), good.end());
    EXPECT_NE(std::find(good.begin(), good.end(), "{Application Data}"), good.end());
}

TEST(Tls, PlainTcpTakesOneRoundTripBeforeTheRequest) {
    const HostOutcome o = lesson("http-keepalive");
    const auto rtts = handshakeRtts(o.trace);
    ASSERT_TRUE(rtts);
    EXPECT_NEAR(rtts->before_request, 1.0, 0.05);
    EXPECT_NEAR(rtts->before_response, 2.0, 0.05);
}

// The bytes on the wire are TLS records, and each arrow is labelled with what it carries.
TEST(Tls, SegmentsAreLabelledWithTheRecordsTheyCarry) {
    const Trace t = lesson("https-tls13").trace;
    const SegmentLabeler labels(t);
    const SegmentRecord* hello = nullptr;
    for (const SegmentRecord& r : t.segments)
        if (r.from == Side::A && !r.segment.payload.empty()) {
            hello = &r;
            break;
        }
    ASSERT_TRUE(hello);
    // A handshake record (22), version 0x0301 on the ClientHello's record (RFC 8446 §5.1),
    // then the message's type 1.
    EXPECT_EQ(hello->segment.payload[0], 22);
    EXPECT_EQ(hello->segment.payload[1], 3);
    EXPECT_EQ(hello->segment.payload[5], 1);
    const std::string label = labels.label(t, hello->id, Notation::Textbook);
    EXPECT_EQ(label, "ClientHello · len=" + std::to_string(hello->segment.payload.size()));
    // The answer is larger than one segment: a record that goes on is marked so on both; and
    // the server's whole flight on one arrow is written short.
    int goes_on = 0, went_on = 0, flight = 0;
    for (const SegmentRecord& r : t.segments) {
        if (r.from != Side::B) continue;
        const std::string l = labels.label(t, r.id, Notation::Textbook);
        goes_on += l.find("}… · len=") != std::string::npos;
        went_on += l.rfind("…{Application Data}", 0) == 0;
        flight += l == "ServerHello, CCS, {EE}, {Certificate}, {CertVerify}, {Finished} · len=" +
                           std::to_string(r.segment.payload.size());
    }
    EXPECT_EQ(goes_on, 1);
    EXPECT_EQ(went_on, 1);
    EXPECT_EQ(flight, 1);
    // A segment without a protocol's bytes keeps its TCP label.
    EXPECT_EQ(labels.label(t, 1, Notation::Textbook), "SYN=1, seq=x");
}

// Keys and random values differ from run to run (OpenSSL's randomness is not seeded), but the
// sizes and times of every segment repeat.
TEST(Tls, SizesAndTimesRepeatAlthoughTheKeysDoNot) {
    const Trace one = lesson("https-tls13").trace, two = lesson("https-tls13").trace;
    EXPECT_TRUE(tcpviz_test::bytesDifferAsSizesAndTimesRepeat(one, two));
    ASSERT_EQ(one.events.size(), two.events.size());
}

// The handshake type numbers of RFC 8446 §4 and RFC 5246 §7.4, by the names the trace gives.
int handshakeType(std::string name) {
    if (name.front() == '{') name = name.substr(1, name.size() - 2);
    static const std::map<std::string, int> types{
        {"ClientHello", 1},         {"ServerHello", 2},        {"NewSessionTicket", 4},
        {"EncryptedExtensions", 8}, {"Certificate", 11},       {"ServerKeyExchange", 12},
        {"ServerHelloDone", 14},    {"CertificateVerify", 15}, {"ClientKeyExchange", 16},
        {"Finished", 20},           {"EndOfEarlyData", 5}};
    const auto it = types.find(name);
    return it == types.end() ? 0 : it->second;
}

// Wireshark reads an exported lesson as TLS, decrypts it with the key log the pcapng carries
// (its Decryption Secrets Block), and finds every handshake message the diagram names, the
// HTTP request and answer inside, and nothing malformed.
TEST(Tls, TsharkDecodesEveryHandshakeMessageOfAnExportedLesson) {
    if (!tcpviz_test::tsharkOnPath()) GTEST_SKIP() << "tshark is not on PATH (Debian: apt-get install tshark); nothing checked";
    for (const std::string id : {"https-tls13", "https-tls12", "certificate-expired", "tls13-resumption-0rtt"}) {
        SCOPED_TRACE(id);
        const bool refused = id == "certificate-expired";
        const Trace t = lesson(id).trace;
        const tcpviz_test::TempDir dir;
        const std::string file = (dir.path() / "lesson.pcapng").string();
        writePcapng(t, file);
        const auto r = tcpviz_test::runCommand("tshark -n -r '" + file +
                                               "' -T fields -E occurrence=a -E aggregator=, -e tls.handshake.type"
                                               " -e http.request.method -e http.response.code -e _ws.malformed"
                                               " -e tls.alert_message.desc 2>/dev/null");
        ASSERT_EQ(r.status, 0);
        std::multiset<int> decoded;
        bool get = false, ok = false, malformed = false, expired = false;
        const auto has = [](const std::vector<std::string>& cell, const char* v) {
            return std::find(cell.begin(), cell.end(), v) != cell.end();
        };
        for (const auto& row : tcpviz_test::fieldRows(r.output, 5)) {
            for (const std::string& type : row[0]) decoded.insert(std::stoi(type));
            get = get || has(row[1], "GET");
            ok = ok || has(row[2], "200");
            malformed = malformed || !row[3].empty();
            expired = expired || has(row[4], "45");
        }
        std::multiset<int> named;
        for (const StreamMessage& m : t.messages) {
            std::istringstream names(m.name);
            for (std::string name; std::getline(names, name, ',');) {
                name.erase(0, name.find_first_not_of(' '));
                if (const int type = handshakeType(name)) named.insert(type);
            }
        }
        EXPECT_FALSE(named.empty());
        EXPECT_EQ(decoded, named);
        EXPECT_EQ(get, !refused);
        EXPECT_EQ(ok, !refused);
        EXPECT_EQ(expired, refused);   // alert 45, certificate_expired
        EXPECT_FALSE(malformed);
    }
}

// why-symmetric-keys: one handshake's public-key work, then all 100 kB of the answer in seven
// AES-GCM records of at most 16 KiB (RFC 8446 §5.1), as the lesson says.
TEST(Tls, TheHandshakeSignsOnceAndTheAnswerGoesInSymmetricRecords) {
    const Trace t = lesson("why-symmetric-keys").trace;
    const std::vector<std::string> server = written(t, Side::B);
    EXPECT_EQ(std::count(server.begin(), server.end(), "{CertificateVerify}"), 1);
    std::uint64_t answer = 0;
    int records = 0;
    for (const StreamMessage& m : t.messages)
        if (m.from == Side::B && m.name == "{Application Data}") {
            answer += m.length;
            ++records;
        }
    EXPECT_EQ(records, 7);
    EXPECT_GT(answer, 100'000u);
    EXPECT_LT(answer, 100'000u + 7 * 22 + 200);   // a record's 22 bytes (header, type, tag) and the headers
}

// The measurement the lesson quotes (tcpviz --measure-crypto), run briefly: every rate is
// measured, and the symmetric cipher moves bytes far faster than RSA can (thousands of times on
// the machines measured; ten is the bound here, so that a slow or busy machine still passes).
TEST(Tls, SymmetricEncryptionOutrunsPublicKeyEncryption) {
    const CryptoSpeed s = measureCryptoSpeed(std::chrono::milliseconds(5));
    EXPECT_NE(s.library.find("OpenSSL 3"), std::string::npos) << s.library;
    for (const double rate : {s.aes_gcm_bytes_per_s, s.x25519_per_s, s.ed25519_sign_per_s, s.ed25519_verify_per_s,
                              s.rsa2048_sign_per_s, s.rsa2048_decrypt_per_s})
        EXPECT_GT(rate, 0);
    EXPECT_GT(s.aes_gcm_bytes_per_s, 10 * s.rsaDecryptBytesPerS());
}

// The fields the inspector shows, read off the handshake messages OpenSSL wrote.
const MessageDetail* detailOf(const Trace& t, Side side, const std::string& name) {
    for (const StreamMessage& m : t.messages)
        for (const MessageDetail& d : m.details)
            if (m.from == side && d.name == name) return &d;
    return nullptr;
}
std::vector<std::string> fieldValues(const MessageDetail& d, MessageFieldKind kind) {
    std::vector<std::string> out;
    for (const MessageField& f : d.fields)
        if (f.kind == kind) out.push_back(f.args.empty() ? std::string() : f.args.front());
    return out;
}

TEST(Tls, TheHandshakeMessagesCarryTheirFields) {
    const Trace t = lesson("https-tls13").trace;
    const MessageDetail* hello = detailOf(t, Side::A, "ClientHello");
    ASSERT_TRUE(hello);
    EXPECT_EQ(fieldValues(*hello, MessageFieldKind::Version), (std::vector<std::string>{"TLS 1.3"}));
    EXPECT_EQ(fieldValues(*hello, MessageFieldKind::KeyShare), (std::vector<std::string>{"x25519"}));
    EXPECT_EQ(fieldValues(*hello, MessageFieldKind::ServerName), (std::vector<std::string>{kTlsServerName}));
    const std::string offered = fieldValues(*hello, MessageFieldKind::CipherSuites).at(0);
    EXPECT_NE(offered.find("TLS_AES_128_GCM_SHA256"), std::string::npos) << offered;
    const MessageDetail* answer = detailOf(t, Side::B, "ServerHello");
    ASSERT_TRUE(answer);
    EXPECT_EQ(fieldValues(*answer, MessageFieldKind::Version), (std::vector<std::string>{"TLS 1.3"}));
    EXPECT_EQ(fieldValues(*answer, MessageFieldKind::KeyShare), (std::vector<std::string>{"x25519"}));
    const std::string chosen = fieldValues(*answer, MessageFieldKind::CipherSuite).at(0);
    EXPECT_NE(offered.find(chosen), std::string::npos) << chosen << " is one the client offered";
    const MessageDetail* verify = detailOf(t, Side::B, "{CertificateVerify}");
    ASSERT_TRUE(verify);
    EXPECT_EQ(fieldValues(*verify, MessageFieldKind::SignatureAlgorithm), (std::vector<std::string>{"ed25519"}));
    // The chain: the server's certificate and the intermediate's, and every check passes.
    const MessageDetail* chain = detailOf(t, Side::B, "{Certificate}");
    ASSERT_TRUE(chain);
    EXPECT_EQ(fieldValues(*chain, MessageFieldKind::Certificate),
              (std::vector<std::string>{kTlsServerName, "tcpviz Test Intermediate CA"}));
    int checks = 0;
    for (const MessageField& f : chain->fields)
        if (f.kind >= MessageFieldKind::CheckSignature) {
            ++checks;
            EXPECT_TRUE(f.ok) << static_cast<int>(f.kind);
        }
    EXPECT_EQ(checks, 2 + 2 + 1 + 1);   // two signatures, two validities, the name, the anchor
    // HTTP/2 is asked for and agreed on by ALPN.
    const Trace h2 = lesson("http2-head-of-line").trace;
    EXPECT_EQ(fieldValues(*detailOf(h2, Side::A, "ClientHello"), MessageFieldKind::Alpn), (std::vector<std::string>{"h2"}));
    EXPECT_EQ(fieldValues(*detailOf(h2, Side::B, "{EncryptedExtensions}"), MessageFieldKind::Alpn),
              (std::vector<std::string>{"h2"}));
}

// Each broken certificate fails one step of the checks, and that step's alert is the one the
// client sent.
TEST(Tls, EachBrokenCertificateFailsAtItsStepWithTheAlertTheClientSends) {
    for (const auto& [id, step, alert] : {std::tuple{"certificate-expired", MessageFieldKind::CheckValidity, 45},
                                          std::tuple{"certificate-wrong-name", MessageFieldKind::CheckName, 42},
                                          std::tuple{"certificate-unknown-issuer", MessageFieldKind::CheckAnchor, 48}}) {
        SCOPED_TRACE(id);
        const Trace t = lesson(id).trace;
        const MessageDetail* chain = detailOf(t, Side::B, "{Certificate}");
        ASSERT_TRUE(chain);
        std::vector<const MessageField*> failed;
        for (const MessageField& f : chain->fields)
            if (!f.ok) failed.push_back(&f);
        ASSERT_EQ(failed.size(), 1u);
        EXPECT_EQ(failed[0]->kind, step);
        EXPECT_EQ(failed[0]->alert, alert);
        // The client's alert, as OpenSSL names it: "Alert (certificate expired)".
        std::string sent;
        for (const StreamMessage& m : t.messages)
            if (m.from == Side::A && m.name.rfind("Alert (", 0) == 0) sent = m.name.substr(7, m.name.size() - 8);
        std::string expected = tlsAlertName(alert);
        std::replace(expected.begin(), expected.end(), '_', ' ');
        std::transform(sent.begin(), sent.end(), sent.begin(), [](unsigned char c) { return std::tolower(c); });
        EXPECT_EQ(sent, expected);
    }
}

// tls13-resumption-0rtt: the second visit resumes the first's session with its ticket and
// sends the request as 0-RTT data with the ClientHello (RFC 8446 §2.3, Figure 4): no
// certificate, the request after TCP's one round trip, the answer (0.5-RTT data, right after
// the server's Finished) one round trip later.
TEST(Tls, AResumedSessionSendsItsRequestInTheFirstFlight) {
    const HostOutcome o = lesson("tls13-resumption-0rtt");
    ASSERT_EQ(o.connections.size(), 2u);
    EXPECT_EQ(o.recorded, std::optional<std::uint32_t>{1}) << "the lesson shows the second visit";
    const Trace& t = o.trace;
    EXPECT_EQ(written(t, Side::A), (std::vector<std::string>{"ClientHello", "ChangeCipherSpec", "(Application Data)",
                                                             "{EndOfEarlyData}", "{Finished}", "{Alert (close notify)}"}));
    const std::vector<std::string> server = written(t, Side::B);
    ASSERT_GE(server.size(), 5u);
    EXPECT_EQ(std::vector<std::string>(server.begin(), server.begin() + 5),
              (std::vector<std::string>{"ServerHello", "ChangeCipherSpec", "{EncryptedExtensions}", "{Finished}",
                                        "{Application Data}"}));
    EXPECT_EQ(std::count(server.begin(), server.end(), "{Certificate}"), 0);
    // On its arrow, the early data is named as its extension is (early_data, §4.2.10).
    const SegmentLabeler labels(t);
    bool early_label = false;
    for (const SegmentRecord& r : t.segments)
        early_label = early_label || labels.label(t, r.id, Notation::Textbook).rfind("ClientHello, CCS, (Early Data) · len=", 0) == 0;
    EXPECT_TRUE(early_label);
    const auto rtts = handshakeRtts(t);
    ASSERT_TRUE(rtts);
    EXPECT_NEAR(rtts->before_request, 1.0, 0.05);
    EXPECT_NEAR(rtts->before_response, 2.0, 0.05);
    EXPECT_TRUE(std::any_of(t.key_log.begin(), t.key_log.end(),
                            [](const std::string& l) { return l.rfind("CLIENT_EARLY_TRAFFIC_SECRET ", 0) == 0; }));
    // The first visit did the full handshake, certificate and all.
    const HostOutcome first = simulateHosts(std::get<HostScenario>(*resolveAnyScenario("tls13-resumption-0rtt")),
                                            {HostRecording::Mode::One, 0});
    const std::vector<std::string> full = written(first.trace, Side::B);
    EXPECT_EQ(std::count(full.begin(), full.end(), "{Certificate}"), 1);
    EXPECT_NEAR(handshakeRtts(first.trace)->before_request, 2.0, 0.05);
}

// handshake-rtts: the same GET from four browsers at the same moment, each connection's round
// trips counted from its own trace: before the request TCP 1, TCP + TLS 1.2 3, TCP + TLS 1.3 2,
// TCP + TLS 1.3 with 0-RTT 1 (TCP's own); the answer one later in each.
// The counts issue 18 gives: TCP 1; TCP + TLS 1.2 3; TCP + TLS 1.3 2; QUIC 1; QUIC 0-RTT 0 (and
// TLS 1.3's 0-RTT over TCP 1, TCP's own handshake first).
// A message in several segments is one span of them (the diagram brackets it): TLS 1.2's
// 2,000-byte answer is one record in two of the server's segments, and no message of a segment
// of its own spans anything. Repairs do not widen a span.
TEST(Tls, AMessageInSeveralSegmentsSpansThem) {
    const Trace t = lesson("https-tls12").trace;
    const std::vector<MessageSpan> spans = messageSpans(t);
    ASSERT_FALSE(spans.empty());
    bool answer = false;
    for (const MessageSpan& s : spans) {
        const StreamMessage& m = t.messages.at(s.message);
        EXPECT_GE(s.segments, 2u) << m.name;
        EXPECT_LT(s.first_send, s.last_send) << m.name;
        for (const std::size_t e : {s.first_send, s.last_send}) {
            const Event& ev = t.events.at(e);
            EXPECT_EQ(ev.kind, EventKind::Send);
            EXPECT_EQ(ev.endpoint, m.from);
            EXPECT_FALSE(t.segment(ev.segment).retransmission());
        }
        // Its bytes are in the first segment and in the last.
        const MessageIndex index(t);
        for (const std::size_t e : {s.first_send, s.last_send}) {
            const auto carried = index.carried(t, t.events[e].segment);
            EXPECT_NE(std::find(carried.begin(), carried.end(), s.message), carried.end()) << m.name;
        }
        if (m.from == Side::B && m.application && m.length > 1460) answer = true;
    }
    EXPECT_TRUE(answer);
    // Over QUIC, a TLS message in CRYPTO frames of two datagrams: the server's certificate
    // chain does not fit its first Handshake packet.
    const Trace quic = lesson("quic-handshake").trace;
    const std::vector<MessageSpan> crypto = messageSpans(quic);
    ASSERT_EQ(crypto.size(), 1u);
    EXPECT_EQ(quic.messages.at(crypto[0].message).from, Side::B);
    EXPECT_EQ(crypto[0].segments, 2u);
    EXPECT_LT(crypto[0].first_send, crypto[0].last_send);
    EXPECT_TRUE(crypto[0].name.find("Certificate") != std::string::npos) << crypto[0].name;
    EXPECT_EQ(crypto[0].name.find("…"), std::string::npos) << crypto[0].name;
    EXPECT_TRUE(messageSpans(lesson("https-tls13").trace).size() >= 1);
}

TEST(Tls, HandshakeRttsCountsOneThreeTwoOneOneAndZero) {
    const HostScenario s = std::get<HostScenario>(*resolveAnyScenario("handshake-rtts"));
    const HostOutcome all = simulateHosts(s);
    const std::map<std::string, double> expected{{"http", 1}, {"tls12", 3}, {"tls13", 2}, {"zero-rtt", 1},
                                                 {"quic", 1},  {"quic-0rtt", 0}};
    std::map<std::string, double> counted;
    for (const ConnectionSummary& c : all.connections) {
        const std::string host = s.run.hosts.at(c.a_host).info.name;
        const Trace t = simulateHosts(s, {HostRecording::Mode::One, c.id}).trace;
        const auto rtts = handshakeRtts(t);
        ASSERT_TRUE(rtts) << host;
        if (t.events.front().time < 1'000'000) continue;   // the 0-RTT browser's first visit, for its ticket
        EXPECT_NEAR(rtts->before_response - rtts->before_request, 1.0, 0.05) << host;
        counted[host] = rtts->before_request;
    }
    ASSERT_EQ(counted.size(), expected.size());
    for (const auto& [host, n] : expected) EXPECT_NEAR(counted.at(host), n, 0.05) << host;
}

}  // namespace
}  // namespace tcpviz::core
