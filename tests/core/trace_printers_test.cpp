// The trace printers: the tcpviz-trace/1 JSON of DESIGN.md, CSV, and RFC 9293 §3.5 notation.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/trace/trace_printers.h"

using namespace tcpviz::core;

namespace {
Trace run(const std::string& id) { return simulate(*resolveScenario(id)); }
}  // namespace

TEST(TraceJson, FollowsTheDesignFormat) {
    const Trace t = run("lost-syn");
    const auto j = nlohmann::json::parse(traceToJson(t));
    EXPECT_EQ(j["format"], "tcpviz-trace/1");
    EXPECT_EQ(j["scenario"]["id"], "lost-syn");
    EXPECT_EQ(j["scenario"]["title"], "The SYN is lost");
    ASSERT_EQ(j["endpoints"].size(), 2u);
    EXPECT_EQ(j["endpoints"][0]["id"], "A");
    EXPECT_EQ(j["endpoints"][0]["address"], "192.0.2.1");
    EXPECT_EQ(j["endpoints"][1]["port"], 80);
    ASSERT_EQ(j["events"].size(), t.events.size());
    std::set<std::string> kinds;
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const auto& e = j["events"][i];
        EXPECT_EQ(e["step"], i);
        kinds.insert(e["kind"].get<std::string>());
        if (e["kind"] == "state") {
            EXPECT_TRUE(stateFromName(e["from"].get<std::string>()).has_value());
            EXPECT_TRUE(causeFromName(e["cause"].get<std::string>()).has_value());
        }
        if (e.contains("segment")) {
            const auto& seg = e["segment"];
            const bool has_ack = std::find(seg["flags"].begin(), seg["flags"].end(), "ACK") != seg["flags"].end();
            if (!has_ack) {
                EXPECT_EQ(seg["ack"], 0) << "ack is 0 unless ACK is set";
            }
        }
    }
    for (const char* k : {"call", "state", "send", "arrive", "drop", "timer"}) EXPECT_TRUE(kinds.count(k)) << k;
    // A lost segment is a drop with its reason; the send's endpoint is the sender.
    bool dropped = false;
    for (const auto& e : j["events"]) {
        if (e["kind"] != "drop") continue;
        dropped = true;
        EXPECT_EQ(e["reason"], "fault");
        EXPECT_EQ(e["endpoint"], "A");
    }
    EXPECT_TRUE(dropped);
}

TEST(TraceJson, ListsFlagsInHeaderOrderAndMarksRetransmissions) {
    const auto j = nlohmann::json::parse(traceToJson(run("lost-synack")));
    bool saw_synack = false, saw_retransmission = false;
    for (const auto& e : j["events"]) {
        if (e["kind"] != "send") continue;
        const auto& flags = e["segment"]["flags"];
        if (flags.size() == 2 && flags[1] == "SYN") {
            EXPECT_EQ(flags[0], "ACK") << "header order: CWR ECE URG ACK PSH RST SYN FIN";
            saw_synack = true;
        }
        // "retransmission": false, or why the segment was sent again ("timeout" or "fast").
        const auto& r = e["segment"]["retransmission"];
        EXPECT_TRUE(r.is_boolean() ? !r.get<bool>() : r == "timeout" || r == "fast") << r;
        saw_retransmission |= r == "timeout";
    }
    EXPECT_TRUE(saw_synack);
    EXPECT_TRUE(saw_retransmission);
}

TEST(TraceJson, IsTheSameTextForTheSameRun) {
    EXPECT_EQ(traceToJson(run("time-wait")), traceToJson(run("time-wait")));
}

TEST(TraceCsv, HasAHeaderAndOneRowPerEvent) {
    const Trace t = run("teardown");
    std::istringstream in(traceToCsv(t));
    std::string header, line;
    std::getline(in, header);
    EXPECT_EQ(header.rfind("step,time_us,kind,endpoint,", 0), 0u);
    // Separators outside quoted fields (a cause such as "rcv SYN,ACK" is quoted).
    auto separators = [](const std::string& row) {
        std::size_t n = 0;
        bool quoted = false;
        for (char c : row) {
            if (c == '"') quoted = !quoted;
            n += c == ',' && !quoted;
        }
        return n;
    };
    std::size_t rows = 0;
    bool saw_quoted = false;
    while (std::getline(in, line)) {
        EXPECT_EQ(separators(line), separators(header)) << line;
        saw_quoted |= line.find("\"rcv SYN,ACK\"") != std::string::npos;
        ++rows;
    }
    EXPECT_EQ(rows, t.events.size());
    EXPECT_TRUE(saw_quoted);
}

TEST(TraceRfc, SegmentTextFollowsTheRfc) {
    Segment s;
    s.seq = SeqNum(100);
    s.flags = kSyn;
    EXPECT_EQ(rfcSegmentText(s), "<SEQ=100><CTL=SYN>");
    s.flags = kSyn | kAck;
    s.ack = SeqNum(301);
    EXPECT_EQ(rfcSegmentText(s), "<SEQ=100><ACK=301><CTL=SYN,ACK>");
    s.flags = kAck;
    s.payload = std::vector<std::uint8_t>(10, 'x');
    EXPECT_EQ(rfcSegmentText(s), "<SEQ=100><ACK=301><CTL=ACK><DATA=10>");
    s.flags = kRst;
    s.payload = {};
    EXPECT_EQ(rfcSegmentText(s), "<SEQ=100><CTL=RST>") << "<ACK=n> only when ACK is set";
}

TEST(TraceRfc, ALostSegmentEndsInXxx) {
    const std::string text = traceToRfc(run("lost-syn"));
    EXPECT_NE(text.find("SYN-SENT     --> <SEQ=100><CTL=SYN>              XXX"), std::string::npos) << text;
}

// The printers hand their text on in pieces (as --print-trace writes it to stdout), so that a
// long trace is never held whole. The pieces must make the same text as one string would, with
// every record whole however the pieces fall: the 10 MB transfer spans many of them.
TEST(TracePrinters, ALongTraceIsWrittenInPiecesThatMakeTheWholeText) {
    const Trace t = simulate(loadScenarioFile(TCPVIZ_TEST_DATA "/scenarios/bulk-10mb.json"));
    for (const auto print : {writeTraceJson, writeTraceCsv, writeTraceRfc}) {
        std::string text;
        std::size_t pieces = 0, largest = 0;
        ASSERT_TRUE(print(t, [&](std::string_view piece) {
            ++pieces;
            largest = std::max(largest, piece.size());
            text.append(piece);
            return true;
        }));
        EXPECT_GT(pieces, 10u);
        EXPECT_LE(largest, 256u * 1024u) << "a piece is never the whole text";
        if (print == writeTraceJson) {
            EXPECT_EQ(text, traceToJson(t));
            EXPECT_EQ(nlohmann::json::parse(text)["events"].size(), t.events.size());
        } else if (print == writeTraceCsv) {
            EXPECT_EQ(text, traceToCsv(t));
            EXPECT_EQ(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')), t.events.size() + 1);
        } else {
            // RFC lines lose their trailing spaces, also where a piece ends mid-way through the
            // spaces of a line, and are numbered without a gap.
            std::istringstream in(text);
            std::string line;
            std::getline(in, line);   // the header
            std::size_t n = 0;
            while (std::getline(in, line)) {
                if (line.empty()) continue;
                ASSERT_NE(line.back(), ' ') << "line " << n + 1;
                ASSERT_EQ(line.substr(0, line.find('.')), std::to_string(++n));
            }
            EXPECT_GT(n, 10'000u);
        }
    }
}

// A sink that refuses a piece (a full disk, a closed pipe) stops the printer: it says so and
// hands on nothing more.
TEST(TracePrinters, StopAtThePieceTheSinkRefuses) {
    const Trace t = simulate(loadScenarioFile(TCPVIZ_TEST_DATA "/scenarios/bulk-10mb.json"));
    for (const auto print : {writeTraceJson, writeTraceCsv, writeTraceRfc}) {
        int calls = 0;
        EXPECT_FALSE(print(t, [&calls](std::string_view) { return ++calls < 2; }));
        EXPECT_EQ(calls, 2);
    }
}

// The user's own strings may be longer than a piece; they go out whole and escaped.
TEST(TracePrinters, AnEndpointNameLongerThanAPieceIsPrintedWhole) {
    Trace t = run("handshake");
    t.endpoints[0].name = std::string(300'000, 'x') + "\"";
    const auto j = nlohmann::json::parse(traceToJson(t));
    EXPECT_EQ(j["endpoints"][0]["name"], t.endpoints[0].name);
    const std::string rfc = traceToRfc(t);
    EXPECT_NE(rfc.find(t.endpoints[0].name), std::string::npos);
    EXPECT_NE(rfc.find("SYN-SENT"), std::string::npos);
}
