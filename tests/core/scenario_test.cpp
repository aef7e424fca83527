// Scenario files: parsing, defaults, overrides, canonical output, atomic saving, and the
// error messages teachers see for broken files (tests/data/scenarios/broken/).
#include "core/scenario/scenario.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace tcpviz::core {
namespace {

namespace fs = std::filesystem;

const std::string kBrokenDir = std::string(TCPVIZ_TEST_DATA) + "/scenarios/broken";

using tcpviz_test::readText;
using tcpviz_test::TempDir;
using tcpviz_test::writeText;

ScriptAction call(double at, Side side, CallKind kind, std::uint32_t bytes = 0) {
    return {at, ScriptCall{side, kind, bytes}};
}

// The scenario a minimal file describes, spelled out.
Scenario expectedDefaults() {
    Scenario s;
    s.id = "custom";
    s.endpoints[0] = {"Client", "192.0.2.1", 50000, {100}, TcpConfig{}};
    s.endpoints[1] = {"Server", "198.51.100.7", 80, {300}, TcpConfig{}};
    s.link = {LinkDirection{}, LinkDirection{}};
    s.seed = 1;
    s.start = StartMode::Closed;
    s.horizon_ms = 600'000;
    return s;
}

// A scenario that uses every feature of the format, with awkward values on purpose.
Scenario everyFeature() {
    Scenario s = expectedDefaults();
    s.id = "every-feature";
    s.group = "loss";
    s.title.text = {{"en", "Every \"feature\""}, {"zh_CN", "所有功能"}};
    s.description.text = {{"en", "Line one\nline two\ttabbed"}, {"de", "Alles"}};
    s.start = StartMode::Established;
    s.horizon_ms = 12'345.678;
    s.endpoints[0] = {"Alice", "10.0.0.1", 1234, {0, 4294967295u, 7}, TcpConfig{}};
    s.endpoints[0].tcp.mss = 1460;
    s.endpoints[0].tcp.window = 4294967295u;
    s.endpoints[0].tcp.rto_initial = 1'500;  // 1.5 ms
    s.endpoints[0].tcp.rto_min = 1;          // 0.001 ms
    s.endpoints[0].tcp.rto_max = 120'000'000;
    s.endpoints[0].tcp.max_retransmissions = 0;
    s.endpoints[0].tcp.msl = 0;
    s.endpoints[0].tcp.user_timeout = 7'000'123;
    s.endpoints[0].tcp.auto_receive = false;
    s.endpoints[0].tcp.two_way_handshake = true;
    s.endpoints[1] = {"Bob", "203.0.113.9", 65535, {300}, s.endpoints[0].tcp};
    s.endpoints[1].tcp.mss = 1;
    s.endpoints[1].tcp.auto_receive = true;
    s.link[0].delay_ms = 0.1;
    s.link[0].jitter_ms = 2.5;
    s.link[0].loss = 0.1;
    s.link[0].duplicate = 1e-7;
    s.link[0].bandwidth_bps = 18446744073709551615u;
    s.link[0].queue_packets = 1;
    s.link[0].burst = LinkDirection::Burst{0.01, 0.3, 0.001, 0.9};
    s.link[1] = s.link[0];
    s.link[1].delay_ms = 70;
    s.link[1].loss = 0;
    s.link[1].burst.reset();
    s.seed = 18446744073709551615u;
    s.script = {
        call(0, Side::B, CallKind::Listen),
        call(10.25, Side::A, CallKind::Connect),
        call(400, Side::A, CallKind::Send, 100),
        call(450, Side::B, CallKind::Receive, 4294967295u),
        call(900, Side::A, CallKind::Close),
        call(901, Side::B, CallKind::Abort),
        call(1000, Side::B, CallKind::Reboot),
        {5, ScriptInject{Side::A, 90, 0, kSyn, 65535, 0, false}},
        {6, ScriptInject{Side::B, 4294967295u, 12,
                         kCwr | kEce | kUrg | kAck | kPsh | kRst | kSyn | kFin, 0, 65535, true}},
    };
    FaultSpec drop;
    drop.from = Side::A;
    drop.filter.flags_set = kAck;
    drop.nth = 1;
    drop.action = FaultAction::Drop;
    FaultSpec delay;
    delay.from = Side::B;
    delay.filter.flags_exact = kSyn | kAck;
    delay.filter.seq = 300;
    delay.filter.retransmission = false;
    delay.nth = 0;
    delay.action = FaultAction::Delay;
    delay.amount_ms = 500.5;
    FaultSpec dup;
    dup.from = Side::A;
    dup.filter.flags_exact = 0;  // exactly no flags
    dup.filter.retransmission = true;
    dup.nth = 3;
    dup.action = FaultAction::Duplicate;
    dup.amount_ms = 0;
    s.faults = {drop, delay, dup};
    return s;
}

TEST(ScenarioFile, MinimalFileHasDefaults) {
    const Scenario s = parseScenario(R"({"format": "tcpviz-scenario/1"})");
    EXPECT_EQ(s, expectedDefaults());
    EXPECT_EQ(s.endpoints[0].tcp.mss, 536);
    EXPECT_EQ(s.endpoints[0].tcp.rto_initial, 1'000'000);
    EXPECT_EQ(s.endpoints[1].isn, std::vector<std::uint32_t>{300});
    EXPECT_FALSE(s.link[0].burst.has_value());
}

TEST(ScenarioFile, ParsesEveryKey) {
    const std::string text = R"({
      "format": "tcpviz-scenario/1", "id": "lost-final-ack", "group": "establishment",
      "title": {"en": "The third handshake segment is lost", "zh_CN": "第三次握手的报文丢失"},
      "description": "Plain text counts as English.",
      "start": "established", "horizon_ms": 20000.5,
      "endpoints": {
        "A": {"name": "Laptop", "address": "10.1.2.3", "port": 40000, "isn": [1000, 2000],
              "tcp": {"mss": 100}},
        "B": {"name": "Web", "address": "10.9.8.7", "port": 8080, "isn": [4294967295]}},
      "tcp": {"mss": 536, "window": 1000, "rto_initial_ms": 200, "rto_min_ms": 100,
              "rto_max_ms": 30000, "max_retransmissions": 3, "msl_ms": 2000,
              "user_timeout_ms": 9000, "auto_receive": false, "two_way_handshake": true},
      "link": {"delay_ms": 40, "jitter_ms": 3, "loss": 0.25, "duplicate": 0.5,
               "bandwidth_bps": 1000000, "queue_packets": 8,
               "burst": {"p_good_to_bad": 0.1, "p_bad_to_good": 0.2, "loss_good": 0.3,
                         "loss_bad": 0.4},
               "seed": 42, "A->B": {}, "B->A": {}},
      "script": [
        {"at_ms": 0, "endpoint": "B", "call": "listen"},
        {"at_ms": 10, "endpoint": "A", "call": "connect"},
        {"at_ms": 400, "endpoint": "A", "call": "send", "bytes": 100},
        {"at_ms": 500, "endpoint": "B", "call": "receive", "bytes": 60},
        {"at_ms": 900, "endpoint": "A", "call": "close"},
        {"at_ms": 950, "endpoint": "B", "call": "abort"},
        {"at_ms": 990, "endpoint": "B", "call": "reboot"},
        {"endpoint": "A", "call": "close"},
        {"at_ms": 5, "inject": {"from": "B", "seq": 90, "ack": 7, "flags": ["syn", "ACK"],
                                "window": 512, "len": 20, "bad_checksum": true}},
        {"inject": {"from": "A"}}
      ],
      "faults": [
        {"match": {"from": "A", "flags": ["ACK"], "exact_flags": ["ACK"], "seq": 101,
                   "retransmission": false, "nth": 2}, "action": "drop"},
        {"match": {"from": "B"}, "action": "delay", "amount_ms": 500},
        {"match": {"from": "A", "nth": 0}, "action": "duplicate", "amount_ms": 0.5},
        {"match": {"from": "B"}}
      ]})";
    const Scenario s = parseScenario(text);
    EXPECT_EQ(s.id, "lost-final-ack");
    EXPECT_EQ(s.group, "establishment");
    EXPECT_EQ(s.title.in("en"), "The third handshake segment is lost");
    EXPECT_EQ(s.title.in("zh_CN"), "第三次握手的报文丢失");
    EXPECT_EQ(s.description.text,
              (std::map<std::string, std::string>{{"en", "Plain text counts as English."}}));
    EXPECT_EQ(s.start, StartMode::Established);
    EXPECT_DOUBLE_EQ(s.horizon_ms, 20000.5);

    const ScenarioEndpoint& a = s.endpoints[0];
    EXPECT_EQ(a.name, "Laptop");
    EXPECT_EQ(a.address, "10.1.2.3");
    EXPECT_EQ(a.port, 40000);
    EXPECT_EQ(a.isn, (std::vector<std::uint32_t>{1000, 2000}));
    const ScenarioEndpoint& b = s.endpoints[1];
    EXPECT_EQ(b.name, "Web");
    EXPECT_EQ(b.address, "10.9.8.7");
    EXPECT_EQ(b.port, 8080);
    EXPECT_EQ(b.isn, (std::vector<std::uint32_t>{4294967295u}));

    const TcpConfig& t = b.tcp;
    EXPECT_EQ(t.mss, 536);
    EXPECT_EQ(t.window, 1000u);
    EXPECT_EQ(t.rto_initial, 200'000);
    EXPECT_EQ(t.rto_min, 100'000);
    EXPECT_EQ(t.rto_max, 30'000'000);
    EXPECT_EQ(t.max_retransmissions, 3u);
    EXPECT_EQ(t.msl, 2'000'000);
    EXPECT_EQ(t.user_timeout, 9'000'000);
    EXPECT_FALSE(t.auto_receive);
    EXPECT_TRUE(t.two_way_handshake);
    EXPECT_EQ(a.tcp.mss, 100);  // A's override
    TcpConfig a_expected = t;
    a_expected.mss = 100;
    EXPECT_EQ(a.tcp, a_expected);

    for (const LinkDirection& d : s.link) {
        EXPECT_DOUBLE_EQ(d.delay_ms, 40);
        EXPECT_DOUBLE_EQ(d.jitter_ms, 3);
        EXPECT_DOUBLE_EQ(d.loss, 0.25);
        EXPECT_DOUBLE_EQ(d.duplicate, 0.5);
        EXPECT_EQ(d.bandwidth_bps, 1'000'000u);
        EXPECT_EQ(d.queue_packets, 8u);
        ASSERT_TRUE(d.burst.has_value());
        EXPECT_EQ(*d.burst, (LinkDirection::Burst{0.1, 0.2, 0.3, 0.4}));
    }
    EXPECT_EQ(s.seed, 42u);

    ASSERT_EQ(s.script.size(), 10u);
    EXPECT_EQ(s.script[0], call(0, Side::B, CallKind::Listen));
    EXPECT_EQ(s.script[1], call(10, Side::A, CallKind::Connect));
    EXPECT_EQ(s.script[2], call(400, Side::A, CallKind::Send, 100));
    EXPECT_EQ(s.script[3], call(500, Side::B, CallKind::Receive, 60));
    EXPECT_EQ(s.script[4], call(900, Side::A, CallKind::Close));
    EXPECT_EQ(s.script[5], call(950, Side::B, CallKind::Abort));
    EXPECT_EQ(s.script[6], call(990, Side::B, CallKind::Reboot));
    EXPECT_EQ(s.script[7], call(0, Side::A, CallKind::Close));  // at_ms defaults to 0
    EXPECT_EQ(s.script[8],
              (ScriptAction{5, ScriptInject{Side::B, 90, 7, kSyn | kAck, 512, 20, true}}));
    EXPECT_EQ(s.script[9], (ScriptAction{0, ScriptInject{}}));

    ASSERT_EQ(s.faults.size(), 4u);
    const FaultSpec& f0 = s.faults[0];
    EXPECT_EQ(f0.from, Side::A);
    EXPECT_EQ(f0.filter.flags_set, kAck);
    EXPECT_EQ(f0.filter.flags_exact, std::optional<std::uint8_t>(kAck));
    EXPECT_EQ(f0.filter.seq, std::optional<std::uint32_t>(101));
    EXPECT_EQ(f0.filter.retransmission, std::optional<bool>(false));
    EXPECT_EQ(f0.nth, 2u);
    EXPECT_EQ(f0.action, FaultAction::Drop);
    const FaultSpec& f1 = s.faults[1];
    EXPECT_EQ(f1.from, Side::B);
    EXPECT_EQ(f1.filter, SegmentFilter{});
    EXPECT_EQ(f1.nth, 1u);  // the default
    EXPECT_EQ(f1.action, FaultAction::Delay);
    EXPECT_DOUBLE_EQ(f1.amount_ms, 500);
    EXPECT_EQ(s.faults[2].nth, 0u);
    EXPECT_EQ(s.faults[2].action, FaultAction::Duplicate);
    EXPECT_DOUBLE_EQ(s.faults[2].amount_ms, 0.5);
    EXPECT_EQ(s.faults[3].action, FaultAction::Drop);  // the default action
}

TEST(ScenarioFile, LinkDirectionsOverrideTheLinkDefaults) {
    const Scenario s = parseScenario(R"({"format": "tcpviz-scenario/1",
        "link": {"delay_ms": 30, "loss": 0.1, "queue_packets": 5,
                 "burst": {"p_good_to_bad": 0.05},
                 "A->B": {"delay_ms": 80, "jitter_ms": 4},
                 "B->A": {"loss": 0, "bandwidth_bps": 56000, "burst": null}}})");
    LinkDirection ab;
    ab.delay_ms = 80;
    ab.jitter_ms = 4;
    ab.loss = 0.1;
    ab.queue_packets = 5;
    ab.burst = LinkDirection::Burst{0.05, 1, 0, 1};  // unspecified keys keep their defaults
    LinkDirection ba;
    ba.delay_ms = 30;
    ba.loss = 0;
    ba.bandwidth_bps = 56000;
    ba.queue_packets = 5;
    EXPECT_EQ(s.link[0], ab);
    EXPECT_EQ(s.link[1], ba);
    EXPECT_EQ(s.seed, 1u);

    // A direction's "burst" replaces the link's burst as a whole.
    const Scenario r = parseScenario(R"({"format": "tcpviz-scenario/1",
        "link": {"burst": {"p_good_to_bad": 0.05, "loss_bad": 0.5},
                 "B->A": {"burst": {"p_bad_to_good": 0.5}}}})");
    EXPECT_EQ(r.link[0].burst, (LinkDirection::Burst{0.05, 1, 0, 0.5}));
    EXPECT_EQ(r.link[1].burst, (LinkDirection::Burst{0, 0.5, 0, 1}));
}

TEST(ScenarioFile, EndpointTcpOverridesTheScenarioTcp) {
    // "endpoints" before "tcp" in the file: the override still wins.
    const Scenario s = parseScenario(R"({"format": "tcpviz-scenario/1",
        "endpoints": {"B": {"tcp": {"window": 0, "two_way_handshake": true}}},
        "tcp": {"window": 2000, "msl_ms": 1000, "rto_initial_ms": 250.5}})");
    TcpConfig common;
    common.window = 2000;
    common.msl = 1'000'000;
    common.rto_initial = 250'500;
    TcpConfig b = common;
    b.window = 0;
    b.two_way_handshake = true;
    EXPECT_EQ(s.endpoints[0].tcp, common);
    EXPECT_EQ(s.endpoints[1].tcp, b);
    // The endpoint's other keys keep their defaults.
    EXPECT_EQ(s.endpoints[1].name, "Server");
    EXPECT_EQ(s.endpoints[1].port, 80);
}

TEST(ScenarioFile, LocalizedTextFallsBackToEnglishThenAnyLanguage) {
    LocalizedText t;
    EXPECT_EQ(t.in("en"), "");
    t.text = {{"zh_CN", "握手"}};
    EXPECT_EQ(t.in("en"), "握手");
    EXPECT_EQ(t.in("fr"), "握手");
    t.text["en"] = "Handshake";
    EXPECT_EQ(t.in("zh_CN"), "握手");
    EXPECT_EQ(t.in("fr"), "Handshake");
    EXPECT_EQ(t.in(""), "Handshake");

    const Scenario s = parseScenario(R"({"format": "tcpviz-scenario/1", "title": "Plain"})");
    EXPECT_EQ(s.title.text, (std::map<std::string, std::string>{{"en", "Plain"}}));
    EXPECT_EQ(s.title.in("zh_CN"), "Plain");
}

TEST(ScenarioFile, RoundTripsAScenarioUsingEveryFeature) {
    const Scenario s = everyFeature();
    const std::string text = scenarioToJson(s);
    const Scenario back = parseScenario(text, "round-trip");
    EXPECT_EQ(back, s) << text;
    EXPECT_EQ(scenarioToJson(back), text);

    const Scenario defaults = parseScenario(R"({"format": "tcpviz-scenario/1"})");
    const std::string default_text = scenarioToJson(defaults);
    EXPECT_EQ(parseScenario(default_text), defaults) << default_text;
    EXPECT_EQ(scenarioToJson(parseScenario(default_text)), default_text);
}

TEST(ScenarioFile, RoundTripsAwkwardNumbers) {
    Scenario s = expectedDefaults();
    const double values[] = {0.1, 0.2, 1.0 / 3.0, 1e-300, 0.30000000000000004, 1 - 1e-16};
    for (double v : values) {
        s.link[0].loss = v;
        s.link[1].duplicate = v;
        s.link[0].delay_ms = v * 1000;
        s.horizon_ms = 1 + v;
        s.endpoints[1].tcp.rto_initial = 1'234'567;
        const std::string text = scenarioToJson(s);
        const Scenario back = parseScenario(text);
        EXPECT_EQ(back, s) << text;
        EXPECT_EQ(scenarioToJson(back), text);
    }
}

TEST(ScenarioFile, CanonicalTextIsPrettyAndOrdered) {
    Scenario s = expectedDefaults();
    s.id = "tiny";
    s.script = {call(0, Side::B, CallKind::Listen), call(400, Side::A, CallKind::Send, 100)};
    const std::string text = scenarioToJson(s);
    EXPECT_EQ(text.rfind("{\n  \"format\": \"tcpviz-scenario/1\",\n  \"id\": \"tiny\",\n", 0), 0u)
        << text;
    EXPECT_NE(text.find("\n    {\"at_ms\": 400, \"endpoint\": \"A\", \"call\": \"send\", "
                        "\"bytes\": 100}\n"),
              std::string::npos)
        << text;
    // Whole milliseconds are written as integers.
    EXPECT_NE(text.find("\"rto_initial_ms\": 1000,"), std::string::npos) << text;
    EXPECT_NE(text.find("\"delay_ms\": 50,"), std::string::npos) << text;
    EXPECT_EQ(text.substr(text.size() - 2), "}\n");
    // Key order is fixed.
    const std::vector<std::string> keys = {"\"format\"",     "\"id\"",          "\"group\"",
                                           "\"title\"",      "\"description\"", "\"start\"",
                                           "\"horizon_ms\"", "\"endpoints\"",   "\"tcp\"",
                                           "\"link\"",       "\"script\"",      "\"faults\""};
    std::size_t at = 0;
    for (const std::string& k : keys) {
        const std::size_t found = text.find("\n  " + k + ":", at);
        ASSERT_NE(found, std::string::npos) << k << "\n" << text;
        at = found;
    }
    // Indentation is two spaces, never tabs.
    EXPECT_EQ(text.find('\t'), std::string::npos);
}

TEST(ScenarioFile, SaveWritesAndReplacesContent) {
    TempDir dir;
    const std::string path = (dir.path() / "lesson.json").string();
    Scenario first = everyFeature();
    saveScenarioFile(first, path);
    EXPECT_EQ(loadScenarioFile(path), first);
    EXPECT_EQ(readText(path), scenarioToJson(first));

    Scenario second = expectedDefaults();
    second.id = "second";
    saveScenarioFile(second, path);
    EXPECT_EQ(loadScenarioFile(path), second);
    EXPECT_EQ(readText(path), scenarioToJson(second));
    // Only the target is left: no temporary files.
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"lesson.json"});
}

TEST(ScenarioFile, FailedSaveThrowsAndLeavesNoTemporaryFile) {
    TempDir dir;
    const std::string path = (dir.path() / "missing" / "lesson.json").string();
    try {
        saveScenarioFile(everyFeature(), path);
        FAIL() << "saving into a missing directory must fail";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(e.file(), path);
        EXPECT_EQ(e.line(), 0u);
        EXPECT_NE(e.message().find("cannot save"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
    }
    EXPECT_TRUE(dir.entries().empty());

    // The target is a directory: the rename fails; the directory and its content stay, and
    // the temporary file is removed.
    const fs::path target = dir.path() / "occupied.json";
    fs::create_directories(target);
    writeText(target / "keep.txt", "keep");
    EXPECT_THROW(saveScenarioFile(everyFeature(), target.string()), ScenarioError);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"occupied.json"});
    EXPECT_EQ(readText(target / "keep.txt"), "keep");
}

TEST(ScenarioFile, LoadNamesAnUnreadableFile) {
    TempDir dir;
    const std::string path = (dir.path() / "nope.json").string();
    try {
        (void)loadScenarioFile(path);
        FAIL() << "loading a missing file must fail";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(e.file(), path);
        EXPECT_EQ(e.line(), 0u);
        EXPECT_EQ(e.jsonPath(), "");
        EXPECT_EQ(std::string(e.what()),
                  path + ": cannot read the file: No such file or directory");
    }
    try {
        (void)loadScenarioFile(dir.path().string());
        FAIL() << "loading a directory must fail";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(std::string(e.what()),
                  dir.path().string() + ": cannot read the file: it is a directory");
    }
}

TEST(ScenarioFile, ErrorTextOmitsUnknownParts) {
    EXPECT_STREQ(ScenarioError("lesson.json", 12, 5, "link.loss", "too big").what(),
                 "lesson.json:12:5: link.loss: too big");
    EXPECT_STREQ(ScenarioError("lesson.json", 0, 0, "", "unreadable").what(),
                 "lesson.json: unreadable");
    EXPECT_STREQ(ScenarioError("lesson.json", 3, 0, "", "m").what(), "lesson.json:3: m");
    EXPECT_STREQ(ScenarioError("", 2, 7, "id", "m").what(), "2:7: id: m");
    EXPECT_STREQ(ScenarioError("", 0, 0, "", "m").what(), "m");
    const ScenarioError e("f", 1, 2, "p", "m");
    EXPECT_EQ(e.file(), "f");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.column(), 2u);
    EXPECT_EQ(e.jsonPath(), "p");
    EXPECT_EQ(e.message(), "m");
}

TEST(ScenarioFile, ParseErrorsUseTheGivenFileName) {
    try {
        (void)parseScenario("{\"format\": \"tcpviz-scenario/1\", \"id\": 5}", "mine.json");
        FAIL();
    } catch (const ScenarioError& e) {
        EXPECT_STREQ(e.what(), "mine.json:1:39: id: expected a string, got 5");
    }
    try {
        (void)parseScenario("{\"format\": \"tcpviz-scenario/1\", \"id\": 5}");
        FAIL();
    } catch (const ScenarioError& e) {
        EXPECT_EQ(e.file(), "<scenario>");
    }
}

TEST(ScenarioFile, ResolvesBuiltinsThenFilesThenNothing) {
    for (const BuiltinScenario& b : builtinScenarios()) {
        const auto s = resolveAnyScenario(b.id);
        ASSERT_TRUE(s.has_value()) << b.id;
        EXPECT_EQ(*s, parseAnyScenario(b.json));
    }
    TempDir dir;
    const std::string path = (dir.path() / "mine.json").string();
    saveScenarioFile(everyFeature(), path);
    const auto from_file = resolveScenario(path);
    ASSERT_TRUE(from_file.has_value());
    EXPECT_EQ(*from_file, everyFeature());

    // A path that is not there is a missing file, not an unknown scenario (issue 15);
    // scenario_file_test.cpp has the other cases.
    const std::string absent = (dir.path() / "absent.json").string();
    try {
        (void)resolveScenario(absent);
        ADD_FAILURE() << "a missing file must be reported";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(std::string(e.what()),
                  absent + ": cannot read the file: No such file or directory");
    }
    EXPECT_FALSE(resolveScenario("no-such-builtin-scenario").has_value());

    const std::string broken = (dir.path() / "broken.json").string();
    writeText(broken, "{\"format\": \"tcpviz-scenario/1\", \"start\": \"later\"}");
    EXPECT_THROW((void)resolveScenario(broken), ScenarioError);
}

TEST(ScenarioFile, BuiltinScenariosParseAndRoundTrip) {
    for (const BuiltinScenario& b : builtinScenarios()) {
        SCOPED_TRACE(b.id);
        if (std::holds_alternative<HostScenario>(parseAnyScenario(b.json))) continue;   // no editor writes them
        Scenario s;
        ASSERT_NO_THROW(s = parseScenario(b.json, "builtin:" + b.id));
        EXPECT_EQ(s.id, b.id);
        EXPECT_EQ(parseScenario(scenarioToJson(s)), s);
    }
}

struct BrokenCase {
    const char* file;
    std::size_t line;
    std::size_t column;
    const char* path;
    const char* message;  // a part of the message
};

// Positions are 1-based; columns count characters, not bytes.
const BrokenCase kBrokenCases[] = {
    // Issue 15: a minimum above the maximum broke std::clamp's precondition in the engine; the
    // endpoint's override is checked against the scenario's "tcp" it inherits.
    {"rto-min-above-max.json", 4, 45, "endpoints.B.tcp.rto_min_ms",
     "rto_min_ms (200) must not be greater than rto_max_ms (100)"},
    {"syntax-trailing-comma.json", 4, 40, "",
     "syntax error while parsing object key - unexpected '}'; expected string literal"},
    {"syntax-unclosed.json", 6, 1, "", "unexpected end of input; expected ']'"},
    {"syntax-single-quotes.json", 3, 12, "", "syntax error while parsing value - invalid literal"},
    {"empty.json", 1, 1, "", "unexpected end of input"},
    {"not-an-object.json", 1, 1, "",
     "expected a JSON object { ... } holding the scenario, got an array"},
    {"wrong-type.json", 4, 17, "horizon_ms", "got a string (\"60000\")"},
    {"wrong-type-bool.json", 3, 39, "tcp.auto_receive",
     "expected true or false, got a string (\"yes\")"},
    {"unknown-top-level-key.json", 4, 3, "titel",
     "unknown key \"titel\"; expected one of format, id"},
    {"unknown-nested-key.json", 5, 30, "link.A->B.los",
     "unknown key \"los\"; expected one of delay_ms"},
    {"unknown-call.json", 5, 44, "script[1].call",
     "unknown call \"conect\"; expected one of listen"},
    {"negative-delay.json", 3, 24, "link.delay_ms",
     "expected a number of milliseconds from 0 to 1000000000000, got -5"},
    {"negative-time.json", 3, 24, "script[0].at_ms", "got -1"},
    {"missing-endpoint.json", 6, 5, "script[2]",
     "missing required key \"endpoint\" (\"A\" or \"B\")"},
    {"loss-too-large.json", 5, 22, "link.B->A.loss", "expected a probability from 0 to 1, got 1.5"},
    {"wrong-format.json", 2, 13, "format",
     "unsupported format \"tcpviz-scenario/3\"; this version of tcpviz reads "
     "\"tcpviz-scenario/1\" or \"tcpviz-scenario/2\""},
    {"missing-format.json", 1, 1, "", "missing required key \"format\""},
    {"bad-endpoint-id.json", 4, 30, "script[0].endpoint", "expected \"A\" or \"B\", got \"C\""},
    {"bad-endpoint-key.json", 5, 5, "endpoints.C",
     "unknown endpoint \"C\"; expected \"A\" or \"B\""},
    {"fault-without-from.json", 4, 15, "faults[0].match", "missing required key \"from\""},
    {"send-without-bytes.json", 5, 5, "script[1]",
     "missing required key \"bytes\": a send needs the number of bytes"},
    {"send-zero-bytes.json", 3, 71, "script[0].bytes",
     "expected a whole number from 1 to 4294967295, got 0"},
    {"delay-without-amount.json", 3, 14, "faults[0]", "missing required key \"amount_ms\""},
    {"unknown-action.json", 3, 49, "faults[0].action", "unknown action \"corrupt\""},
    {"unknown-flag.json", 4, 70, "script[0].inject.flags[1]", "unknown flag \"SYNACK\""},
    {"port-out-of-range.json", 3, 49, "endpoints.B.port",
     "expected a whole number from 1 to 65535, got 70000"},
    {"bad-address.json", 3, 34, "endpoints.A.address", "got \"192.0.2.300\""},
    {"isn-out-of-range.json", 3, 36, "endpoints.A.isn[1]", "got 4294967296"},
    {"duplicate-key.json", 3, 41, "link.delay_ms", "duplicate key \"delay_ms\""},
    {"number-too-large.json", 3, 17, "horizon_ms", "the number 1e400 is too large"},
    {"seed-in-direction.json", 3, 21, "link.A->B.seed", "set it as link.seed"},
    {"call-and-inject.json", 3, 27, "script[0].endpoint", "not both"},
    {"bytes-on-listen.json", 3, 62, "script[0].bytes",
     "\"bytes\" applies only to send and receive, not to listen"},
    {"chinese-before-error.json", 3, 38, "start",
     "expected \"closed\" or \"established\", got \"open\""},
    {"fractional-port.json", 3, 31, "endpoints.A.port",
     "expected a whole number from 1 to 65535, got 80.5"},
    {"burst-probability.json", 3, 79, "link.burst.loss_bad",
     "expected a probability from 0 to 1, got 2"},
    // Issue 15: text saved as UTF-16 or UTF-32 (as some Windows editors do) said "invalid
    // literal" with no word about the encoding. With or without a byte-order mark.
    {"utf16-le-bom.json", 1, 1, "", "the file is UTF-16; save it as UTF-8"},
    {"utf16-be-bom.json", 1, 1, "", "the file is UTF-16; save it as UTF-8"},
    {"utf16-le.json", 1, 1, "", "the file is UTF-16; save it as UTF-8"},
    {"utf16-be.json", 1, 1, "", "the file is UTF-16; save it as UTF-8"},
    {"utf32-le-bom.json", 1, 1, "", "the file is UTF-32; save it as UTF-8"},
};

TEST(ScenarioFile, BrokenFilesSayWhatIsWrongAndWhere) {
    for (const BrokenCase& c : kBrokenCases) {
        SCOPED_TRACE(c.file);
        const std::string path = kBrokenDir + "/" + c.file;
        ASSERT_TRUE(fs::exists(path));
        try {
            (void)loadScenarioFile(path);
            ADD_FAILURE() << "no error";
            continue;
        } catch (const ScenarioError& e) {
            EXPECT_EQ(e.file(), path);
            EXPECT_EQ(e.line(), c.line) << e.what();
            EXPECT_EQ(e.column(), c.column) << e.what();
            EXPECT_EQ(e.jsonPath(), c.path) << e.what();
            EXPECT_NE(e.message().find(c.message), std::string::npos) << e.what();
            // what() is "FILE:LINE:COLUMN: PATH: MESSAGE", the path part only when known.
            std::string expected =
                path + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": ";
            if (*c.path != '\0') expected += std::string(c.path) + ": ";
            expected += e.message();
            EXPECT_EQ(std::string(e.what()), expected);
        }
    }
}

TEST(ScenarioFile, EveryFileOfTheBrokenCorpusIsRejected) {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(kBrokenDir)) {
        SCOPED_TRACE(entry.path().string());
        ++count;
        try {
            (void)loadScenarioFile(entry.path().string());
            ADD_FAILURE() << "accepted";
        } catch (const ScenarioError& e) {
            EXPECT_EQ(e.file(), entry.path().string());
            EXPECT_FALSE(e.message().empty());
            EXPECT_GT(e.line(), 0u) << e.what();
            EXPECT_GT(e.column(), 0u) << e.what();
        }
    }
    EXPECT_GE(count, std::size(kBrokenCases));
}

// Truncated and randomly damaged files either parse or raise ScenarioError: nothing else.
TEST(ScenarioFile, DamagedTextNeverCrashes) {
    const std::string good = scenarioToJson(everyFeature());
    std::size_t errors = 0;
    for (std::size_t n = 0; n < good.size(); ++n) {
        try {
            (void)parseScenario(good.substr(0, n));
        } catch (const ScenarioError& e) {
            ++errors;
            EXPECT_GT(e.line(), 0u) << e.what();
        }
    }
    // Every prefix is incomplete except the one that only lacks the final newline.
    EXPECT_EQ(errors, good.size() - 1);

    std::mt19937 rng(12345);
    const std::string alphabet = "{}[],:\"\\ 0123456789.-eE+truefalsnABC->\n\x80\xff";
    for (int i = 0; i < 1500; ++i) {
        std::string text = good;
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < edits; ++k) {
            text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
        }
        try {
            const Scenario s = parseScenario(text);
            // Whatever parses must survive a round trip.
            EXPECT_EQ(parseScenario(scenarioToJson(s)), s);
        } catch (const ScenarioError& e) {
            EXPECT_GT(e.line(), 0u) << e.what();
        }
    }
}

TEST(ScenarioFile, DeepNestingIsAnErrorNotACrash) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const std::string text = "{\"format\": \"tcpviz-scenario/1\", \"title\": " + deep + "}";
    try {
        (void)parseScenario(text);
        FAIL();
    } catch (const ScenarioError& e) {
        EXPECT_EQ(e.line(), 1u);
        EXPECT_NE(e.message().find("nested too deeply"), std::string::npos) << e.message();
    }
}

}  // namespace
}  // namespace tcpviz::core
