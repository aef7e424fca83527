// Simulations are bounded whatever the scenario file says (issue 15): a run stops at the
// scenario's max_events (2,000,000 by default, 5,000,000 at most) and the trace says so.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/trace/trace_printers.h"

namespace tcpviz::core {
namespace {

// 4 GB to send over a link with no bandwidth limit: left alone it would record millions of
// events (the audit saw 800 MB of memory, and 4 GB of payload before traces kept counts).
std::string hugeSend(const std::string& extra) {
    return R"({"format": "tcpviz-scenario/1", )" + extra + R"(
        "script": [{"at_ms": 0, "endpoint": "B", "call": "listen"},
                   {"at_ms": 10, "endpoint": "A", "call": "connect"},
                   {"at_ms": 200, "endpoint": "A", "call": "send", "bytes": 4294967295}]})";
}

TEST(Limits, ARunStopsAtItsEventLimitAndSaysSo) {
    const Scenario s = parseScenario(hugeSend(R"("max_events": 20000,)"));
    EXPECT_EQ(s.max_events, 20'000u);
    const Trace t = simulate(s);
    EXPECT_EQ(t.end.reason, EndReason::Limit);
    // Checked before each input is dispatched: one input adds a handful of events at most.
    EXPECT_GE(t.events.size(), 20'000u);
    EXPECT_LT(t.events.size(), 20'100u);
    EXPECT_EQ(t.end.time, t.events.back().time);
    const auto json = nlohmann::json::parse(traceToJson(t));
    EXPECT_EQ(json["end"]["reason"], "limit");
}

TEST(Limits, TheDefaultLimitIsOneATeacherNeverMeets) {
    EXPECT_EQ(Scenario{}.max_events, kDefaultMaxEvents);
    // The longest built-in lesson stays far below it.
    for (const BuiltinScenario& b : builtinScenariosOf(ScenarioKind::TwoEndpoints)) {
        const Trace t = simulate(parseScenario(b.json, b.id));
        EXPECT_NE(t.end.reason, EndReason::Limit) << b.id;
        EXPECT_LT(t.events.size(), kDefaultMaxEvents / 10) << b.id;
    }
}

TEST(Limits, TheKeyIsCheckedAndKeptInTheFile) {
    for (const char* bad : {R"("max_events": 999,)", R"("max_events": 5000001,)", R"("max_events": 1.5,)",
                            R"("max_events": "many",)"}) {
        try {
            parseScenario(hugeSend(bad), "lesson.json");
            ADD_FAILURE() << bad;
        } catch (const ScenarioError& e) {
            EXPECT_EQ(e.jsonPath(), "max_events") << bad;
            EXPECT_NE(std::string(e.what()).find("from 1000 to 5000000"), std::string::npos) << e.what();
        }
    }
    const Scenario raised = parseScenario(hugeSend(R"("max_events": 4000000,)"));
    EXPECT_EQ(parseScenario(scenarioToJson(raised)).max_events, 4'000'000u);
    // The default is not written out.
    EXPECT_EQ(scenarioToJson(parseScenario(hugeSend(""))).find("max_events"), std::string::npos);
}

}  // namespace
}  // namespace tcpviz::core
