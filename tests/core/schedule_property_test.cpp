// The property test over random schedules (tests/core/schedule_property.h): a few hundred here;
// tools/fuzz runs tens of thousands. A failure prints the seed and the scenario, which
// `tcpviz --print-trace` replays.
#include <gtest/gtest.h>

#include "schedule_property.h"

using namespace tcpviz::core;

TEST(ScheduleProperty, RandomSchedulesKeepEveryInvariant) {
    constexpr std::uint64_t kSchedules = 300;
    std::size_t horizon = 0, resets = 0, retransmissions = 0, drops = 0;
    for (std::uint64_t seed = 1; seed <= kSchedules; ++seed) {
        const Scenario s = property::randomSchedule(seed);
        const property::Result r = property::checkSchedule(s);
        ASSERT_TRUE(r.failures.empty()) << "seed " << seed << property::describe(r) << "\n"
                                        << scenarioToJson(s);
        horizon += r.horizon;
        resets += r.reset;
        retransmissions += r.retransmissions;
        drops += r.drops;
    }
    // The schedules must really stress the engine: losses, retransmissions, and resets of every
    // kind happen, and few runs end at the horizon.
    EXPECT_GT(drops, 1000u);
    EXPECT_GT(retransmissions, 1000u);
    EXPECT_GT(resets, 30u);
    EXPECT_LT(horizon, kSchedules / 10);
}
