// HTTP/2 over TLS over the simulated TCP (issue 18): nghttp2's frames in OpenSSL's records,
// named on the segments that carry them, and the head-of-line blocking one lost TCP segment
// causes: every stream whose bytes came after the hole waits for its repair.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "core/capture/pcapng_writer.h"
#include "core/scenario/scenario.h"
#include "core/sim/host_sim.h"
#include "core/trace/messages.h"
#include "core/trace/notation.h"
#include "tests/support/command.h"
#include "tests/support/temp_dir.h"

namespace tcpviz::core {
namespace {

HostScenario scenario(const std::string& id) {
    const auto any = resolveAnyScenario(id);
    EXPECT_TRUE(any && std::holds_alternative<HostScenario>(*any)) << id;
    return std::get<HostScenario>(*any);
}

Trace run(const HostScenario& s) { return simulateHosts(s, {HostRecording::Mode::FirstClient, 0}).trace; }

// The messages each side wrote, in order.
std::vector<std::string> written(const Trace& t, Side side) {
    std::vector<std::string> out;
    for (const StreamMessage& m : t.messages)
        if (m.from == side) out.push_back(m.name);
    return out;
}

constexpr std::array<std::uint32_t, 6> kStreams{1, 3, 5, 7, 9, 11};

TEST(Http2, StreamsNamedAreReadOffTheMessageNames) {
    EXPECT_EQ(streamsNamed("{SETTINGS}, {SETTINGS ACK}, {HEADERS[1]}"), (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(streamsNamed("…{DATA[3]}, {DATA[5]}…"), (std::vector<std::uint32_t>{3, 5}));
    EXPECT_EQ(streamsNamed("{HEADERS[7]}, {DATA[7]}"), (std::vector<std::uint32_t>{7}));
    EXPECT_TRUE(streamsNamed("{Finished}").empty());
    EXPECT_TRUE(streamsNamed("[x] []").empty());
}

// The client's first flight after TLS's Finished: the preface (RFC 9113 §3.4), its SETTINGS,
// the connection's WINDOW_UPDATE and one HEADERS per object, each on a stream of its own; the
// server answers every stream with HEADERS and DATA, all encrypted.
TEST(Http2, SixRequestsGoOutAtOnceOnOneConnection) {
    const Trace t = run(scenario("http2-head-of-line"));
    const std::vector<std::string> client = written(t, Side::A);
    ASSERT_GE(client.size(), 9u);
    EXPECT_EQ(std::vector<std::string>(client.begin(), client.begin() + 9),
              (std::vector<std::string>{"ClientHello", "ChangeCipherSpec", "{Finished}",
                                        "{Preface}, {SETTINGS}, {WINDOW_UPDATE}, {HEADERS[1]}", "{HEADERS[3]}",
                                        "{HEADERS[5]}", "{HEADERS[7]}", "{HEADERS[9]}", "{HEADERS[11]}"}));
    EXPECT_NE(std::find(client.begin(), client.end(), "{GOAWAY}"), client.end());
    const std::vector<std::string> server = written(t, Side::B);
    for (const std::uint32_t s : kStreams) {
        const std::string n = std::to_string(s);
        EXPECT_EQ(std::count_if(server.begin(), server.end(),
                                [&](const std::string& m) { return m.find("{HEADERS[" + n + "]}") != std::string::npos; }),
                  1)
            << s;
        EXPECT_EQ(std::count(server.begin(), server.end(), "{DATA[" + n + "]}"), 1) << s;
    }
    // Every request leaves in one flight, with the client's Finished: TLS 1.3's two round trips.
    const auto rtts = handshakeRtts(t);
    ASSERT_TRUE(rtts);
    EXPECT_NEAR(rtts->before_request, 2.0, 0.05);
    EXPECT_NEAR(rtts->before_response, 3.0, 0.05);
    // The requests are all in flight together: one send call of the client carries them.
    std::set<TimeUs> sent;
    for (const StreamMessage& m : t.messages)
        if (m.from == Side::A && !streamsNamed(m.name).empty())
            for (const SegmentRecord& r : t.segments)
                if (r.from == Side::A && !r.segment.payload.empty()) {
                    sent.insert(r.sent_at);
                    break;
                }
    EXPECT_EQ(sent.size(), 1u);
}

// The lesson's one lost segment: the server's third data segment, which carries the end of
// stream 1's DATA and the start of stream 3's. Every stream's answer had reached the client but
// for that hole, and every one waits for the fast retransmission, one round trip: TCP hands the
// program nothing past a missing byte (RFC 9293 §3.10.7.4: only in-order data is delivered).
// What the inspector lists of each frame (RFC 9113 §4.1): its type, flags, stream and length;
// a HEADERS frame's fields as HPACK decodes its bytes (RFC 7541, by nghttp2's inflater, which
// must follow the dynamic table through every block in order); a SETTINGS frame's parameters.
TEST(Http2, EachFrameCarriesItsHeaderAndItsFields) {
    const Trace t = run(scenario("http2-head-of-line"));
    // Every detail of a message, by its name, on one side.
    std::array<std::map<std::string, std::vector<MessageField>>, 2> of;
    std::size_t frames = 0;
    for (const StreamMessage& m : t.messages)
        for (const MessageDetail& d : m.details) {
            auto& fields = of[idx(m.from)][d.name];
            fields.insert(fields.end(), d.fields.begin(), d.fields.end());
            for (const MessageField& f : d.fields) frames += f.kind == MessageFieldKind::Http2Frame ? 1 : 0;
        }
    EXPECT_GT(frames, 20u);
    const auto has = [](const std::vector<MessageField>& fields, MessageFieldKind kind, std::vector<std::string> args) {
        return std::any_of(fields.begin(), fields.end(), [&](const MessageField& f) { return f.kind == kind && f.args == args; });
    };
    // Each request, on its own stream, with the path of its object: the later ones decoded
    // from the dynamic table's entries the first one made.
    for (std::size_t k = 0; k < kStreams.size(); ++k) {
        const std::string name = "{HEADERS[" + std::to_string(kStreams[k]) + "]}";
        ASSERT_TRUE(of[0].count(name)) << name;
        const auto& fields = of[0].at(name);
        EXPECT_TRUE(has(fields, MessageFieldKind::HeaderField, {":method", "GET"})) << name;
        EXPECT_TRUE(has(fields, MessageFieldKind::HeaderField, {":authority", "www.example.com"})) << name;
        EXPECT_TRUE(has(fields, MessageFieldKind::HeaderField, {":path", "/objects/" + std::to_string(k + 1)})) << name;
        EXPECT_TRUE(has(fields, MessageFieldKind::Http2Frame,
                        {"HEADERS", "END_STREAM END_HEADERS", std::to_string(kStreams[k]),
                         fields.front().args.at(3)})) << name;
    }
    // The answers: status 200 and the body's length; the last DATA of a stream ends it.
    const auto& answer = of[1].at("{HEADERS[1]}");
    EXPECT_TRUE(has(answer, MessageFieldKind::HeaderField, {":status", "200"}));
    EXPECT_TRUE(has(answer, MessageFieldKind::HeaderField, {"content-type", "text/plain"}));
    bool ended = false;
    for (const auto& [name, fields] : of[1])
        if (name.starts_with("{DATA[1]"))
            for (const MessageField& f : fields)
                ended = ended || (f.kind == MessageFieldKind::Http2Frame && f.args.at(1) == "END_STREAM");
    EXPECT_TRUE(ended);
    // Each side's SETTINGS, as the programs set them: a browser's 100 streams and 6 MiB window,
    // nginx's 128 streams.
    EXPECT_TRUE(has(of[0].at("{SETTINGS}"), MessageFieldKind::Http2Setting, {"SETTINGS_MAX_CONCURRENT_STREAMS", "100"}));
    EXPECT_TRUE(has(of[0].at("{SETTINGS}"), MessageFieldKind::Http2Setting, {"SETTINGS_INITIAL_WINDOW_SIZE", "6291456"}));
    EXPECT_TRUE(has(of[1].at("{SETTINGS}"), MessageFieldKind::Http2Setting, {"SETTINGS_MAX_CONCURRENT_STREAMS", "128"}));
}

TEST(Http2, OneLostSegmentStallsEveryStreamForItsRepair) {
    const HostScenario s = scenario("http2-head-of-line");
    const Trace t = run(s);
    // The drop, and its repair.
    const SegmentRecord* lost = nullptr;
    for (const Event& e : t.events)
        if (e.kind == EventKind::Drop) {
            ASSERT_EQ(lost, nullptr) << "one loss only";
            lost = &t.segment(e.segment);
        }
    ASSERT_NE(lost, nullptr);
    EXPECT_EQ(lost->from, Side::B);
    std::optional<TimeUs> repaired;
    for (const Event& e : t.events)
        if (e.kind == EventKind::Arrive && e.endpoint == Side::A &&
            t.segment(e.segment).segment.seq == lost->segment.seq && t.segment(e.segment).retransmission()) {
            repaired = e.time;
            break;
        }
    ASSERT_TRUE(repaired);
    const TimeUs would_have_arrived = lost->sent_at + 50'000;   // the link's 50 ms
    const TimeUs repair = *repaired - would_have_arrived;
    EXPECT_EQ(repair, 100'000);   // the fast retransmit: one round trip of 100 ms

    const std::vector<StreamStall> stalls = streamStalls(t, Side::B);
    ASSERT_EQ(stalls.size(), kStreams.size());
    for (std::size_t i = 0; i < kStreams.size(); ++i) {
        SCOPED_TRACE(kStreams[i]);
        EXPECT_EQ(stalls[i].stream, kStreams[i]);
        EXPECT_EQ(stalls[i].waited, repair);
        EXPECT_EQ(stalls[i].since, would_have_arrived);
        EXPECT_EQ(stalls[i].held, 1u);   // its one DATA frame
    }

    // Without the loss no stream waits at all.
    HostScenario clean = s;
    clean.run.faults.clear();
    for (const StreamStall& st : streamStalls(run(clean), Side::B)) EXPECT_EQ(st.waited, 0) << st.stream;
}

// A flight of many frames fits its arrow: frames of one type on several streams are written as
// one, and what is still too long gives way to "…" in the middle.
TEST(Http2, AFlightOfFramesIsLabelledShortEnoughForItsArrow) {
    const Trace t = run(scenario("http2-head-of-line"));
    const SegmentLabeler labels(t);
    std::vector<std::string> with_headers;
    for (const SegmentRecord& r : t.segments) {
        const std::string l = labels.label(t, r.id, Notation::Textbook);
        const std::string names = l.substr(0, l.find(" · len="));
        EXPECT_LE(names.size(), 64u) << l;
        if (l.find("{HEADERS[1,3,5,7,9,11]}") != std::string::npos) with_headers.push_back(l);
    }
    // The client's requests, and the server's answers' headers.
    ASSERT_EQ(with_headers.size(), 2u);
    EXPECT_EQ(with_headers[0].rfind("CCS, {Finished}, …, ", 0), 0u) << with_headers[0];
    EXPECT_NE(with_headers[1].find("{DATA[1]}…"), std::string::npos) << with_headers[1];
}

// Frames are nghttp2's and records OpenSSL's, so sizes and times repeat from run to run.
TEST(Http2, SizesAndTimesRepeat) {
    const HostScenario s = scenario("http2-head-of-line");
    const Trace one = run(s), two = run(s);
    ASSERT_EQ(one.segments.size(), two.segments.size());
    for (std::size_t i = 0; i < one.segments.size(); ++i) {
        EXPECT_EQ(one.segments[i].sent_at, two.segments[i].sent_at) << i;
        EXPECT_EQ(one.segments[i].segment.payload.size(), two.segments[i].segment.payload.size()) << i;
    }
    EXPECT_EQ(written(one, Side::B), written(two, Side::B));
}

// The HTTP/2 frame type numbers of RFC 9113 §6, by the names the trace gives.
int frameType(std::string name) {
    name = name.substr(1, name.size() - 2);   // the braces
    name = name.substr(0, name.find('['));
    static const std::map<std::string, int> types{{"DATA", 0},         {"HEADERS", 1},       {"SETTINGS", 4},
                                                  {"SETTINGS ACK", 4}, {"GOAWAY", 7},        {"WINDOW_UPDATE", 8}};
    const auto it = types.find(name);
    return it == types.end() ? -1 : it->second;
}

// Wireshark decrypts the exported lesson with the key log it carries, takes the TLS ALPN's "h2"
// for HTTP/2, and finds every frame the diagram names, the six GETs and their six 200s, and
// nothing malformed.
TEST(Http2, TsharkDecodesEveryFrameOfTheExportedLesson) {
    if (!tcpviz_test::tsharkOnPath()) GTEST_SKIP() << "tshark is not on PATH (Debian: apt-get install tshark); nothing checked";
    const Trace t = run(scenario("http2-head-of-line"));
    const tcpviz_test::TempDir dir;
    const std::string file = (dir.path() / "lesson.pcapng").string();
    writePcapng(t, file);
    const auto r = tcpviz_test::runCommand("tshark -n -r '" + file +
                                           "' -T fields -E occurrence=a -E aggregator=, -e http2.type -e http2.header.value"
                                           " -e _ws.malformed 2>/dev/null");
    ASSERT_EQ(r.status, 0);
    std::multiset<int> decoded;
    std::size_t gets = 0, oks = 0;
    bool malformed = false;
    for (const auto& row : tcpviz_test::fieldRows(r.output, 3)) {
        for (const std::string& type : row[0]) decoded.insert(std::stoi(type));
        gets += static_cast<std::size_t>(std::count(row[1].begin(), row[1].end(), "GET"));
        oks += static_cast<std::size_t>(std::count(row[1].begin(), row[1].end(), "200"));
        malformed = malformed || !row[2].empty();
    }
    std::multiset<int> named;
    for (const StreamMessage& m : t.messages) {
        if (!m.application) continue;
        std::istringstream names(m.name);
        for (std::string name; std::getline(names, name, ',');) {
            name.erase(0, name.find_first_not_of(' '));
            if (const int type = frameType(name); type >= 0) named.insert(type);
        }
    }
    EXPECT_EQ(named.count(0), kStreams.size());
    EXPECT_EQ(decoded, named);
    EXPECT_EQ(gets, kStreams.size());
    EXPECT_EQ(oks, kStreams.size());
    EXPECT_FALSE(malformed);
}

// The three browsers of http1-vs-http2, each over TLS 1.3 to the same server 100 ms away
// (round trip): HTTP/1.1 asks one request per round trip on one connection; six connections
// at once take 3 round trips but six handshakes; HTTP/2 takes 3 round trips on one.
TEST(Http2, OnePageThreeWaysKeepAliveSixConnectionsAndHttp2) {
    const HostScenario s = scenario("http1-vs-http2");
    const HostOutcome o = simulateHosts(s, {HostRecording::Mode::All, 0});
    const Trace& t = o.trace;
    struct Browser {
        TimeUs done = 0;                 // its last close(): every answer is in
        std::uint64_t payload = 0;       // TCP payload bytes, both ways
        std::uint32_t hellos = 0, connections = 0;
    };
    std::map<std::string, Browser> by_host;
    for (const TraceConnection& c : t.connections) ++by_host[c.a.host].connections;
    for (const Event& e : t.events) {
        Browser& b = by_host[t.connections.at(e.conn).a.host];
        if (e.kind == EventKind::Call && e.call == CallKind::Close && e.endpoint == Side::A) b.done = std::max(b.done, e.time);
        if (e.kind == EventKind::Send) b.payload += t.segment(e.segment).segment.payload.size();
    }
    for (const StreamMessage& m : t.messages) by_host[t.connections.at(m.conn).a.host].hellos += m.name == "ClientHello";
    const double rtt = 100'000;
    const Browser& keep_alive = by_host.at("keep-alive");
    const Browser& six = by_host.at("six-connections");
    const Browser& h2 = by_host.at("http2");
    // TCP 1 + TLS 1, then one round trip per request (RFC 9112 §9.3: answers in order).
    EXPECT_NEAR(keep_alive.done / rtt, 2 + 6, 0.1);
    EXPECT_NEAR(six.done / rtt, 3, 0.1);   // opened 1 ms apart
    EXPECT_NEAR(h2.done / rtt, 3, 0.1);
    EXPECT_EQ(keep_alive.connections, 1u);
    EXPECT_EQ(six.connections, 6u);
    EXPECT_EQ(h2.connections, 1u);
    EXPECT_EQ(keep_alive.hellos, 1u);
    EXPECT_EQ(six.hellos, 6u);
    EXPECT_EQ(h2.hellos, 1u);
    // Six certificate chains instead of one.
    EXPECT_GT(six.payload, h2.payload * 3 / 2);
    // The HTTP/1.1 client reached an HTTP/2 server that answered it in HTTP/1.1: no frames.
    for (const StreamMessage& m : t.messages) {
        if (t.connections.at(m.conn).a.host != "http2") {
            EXPECT_TRUE(streamsNamed(m.name).empty()) << m.name;
        }
    }
    // The six connections end in six TIME-WAITs at once on their client.
    const HostId six_host = *s.run.hostNamed("six-connections");
    EXPECT_EQ(simulateHosts(s).connections.size(), 8u);
    HostSimulator sim(s.run);
    sim.run();
    EXPECT_EQ(sim.statesAt(six_host, six.done + 200'000)[static_cast<std::size_t>(State::TimeWait)], 6u);
}

}  // namespace
}  // namespace tcpviz::core
