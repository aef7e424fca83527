// The engine obeys the state diagram: every state change it makes is an edge of RFC 9293
// Figure 5 or of its notes, and the built-in lessons between them walk every edge of the figure.
#include <gtest/gtest.h>

#include <random>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/tcp/state_graph.h"

using namespace tcpviz::core;

namespace {

std::string describe(const std::vector<StateChange>& changes) {
    std::string out;
    for (const auto& c : changes)
        out += std::string(stateName(c.from)) + " -> " + std::string(stateName(c.to)) + " (" +
               std::string(causeName(c.cause)) + "); ";
    return out;
}

std::vector<Scenario> library() {
    std::vector<Scenario> all;
    for (const auto& b : builtinScenariosOf(ScenarioKind::TwoEndpoints)) all.push_back(parseScenario(b.json, b.id));
    return all;
}

}  // namespace

TEST(StateGraphConformance, EveryBuiltinScenarioTakesOnlyEdgesOfTheDiagram) {
    for (const Scenario& s : library()) {
        EdgeCoverage coverage;
        EXPECT_TRUE(coverage.add(simulate(s).stateChanges())) << s.id << ": " << describe(coverage.unmatched());
    }
}

TEST(StateGraphConformance, TheLibraryWalksEveryEdgeOfFigure5) {
    EdgeCoverage coverage;
    for (const Scenario& s : library()) coverage.add(simulate(s).stateChanges());
    const auto& graph = StateGraph::rfc9293();
    std::string missing;
    for (auto id : coverage.uncovered(/*drawnOnly=*/true))
        missing += std::string(stateName(graph.source(id))) + " -> " +
                   std::string(stateName(graph.target(id))) + " [" + graph.edge(id).label() + "]; ";
    EXPECT_TRUE(missing.empty()) << "not exercised: " << missing;
}

// A few thousand random fault schedules over the whole library: loss, duplication, reordering
// and scripted drops of particular segments, each seeded and reproducible.
TEST(StateGraphConformance, RandomFaultSchedulesTakeOnlyEdgesOfTheDiagram) {
    const auto scenarios = library();
    std::mt19937_64 rng(20261125);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::uint8_t kinds[] = {kSyn, kSyn | kAck, kAck, kFin | kAck, kRst};
    int runs = 0;
    for (int i = 0; i < 2000; ++i) {
        Scenario s = scenarios[rng() % scenarios.size()];
        s.seed = rng();
        for (auto& dir : s.link) {
            dir.loss = 0.4 * unit(rng);
            dir.duplicate = 0.2 * unit(rng);
            dir.jitter_ms = 80 * unit(rng);
        }
        for (int f = static_cast<int>(rng() % 3); f > 0; --f) {
            FaultSpec fault;
            fault.from = rng() % 2 ? Side::A : Side::B;
            fault.filter.flags_exact = kinds[rng() % std::size(kinds)];
            fault.nth = static_cast<std::uint32_t>(1 + rng() % 3);
            fault.action = static_cast<FaultAction>(rng() % 3);
            fault.amount_ms = 500 * unit(rng);
            s.faults.push_back(fault);
        }
        EdgeCoverage coverage;
        const bool ok = coverage.add(simulate(s).stateChanges());
        ASSERT_TRUE(ok) << "run " << i << " of " << s.id << " (seed " << s.seed
                        << "): " << describe(coverage.unmatched());
        ++runs;
    }
    EXPECT_EQ(runs, 2000);
}
