// Runs the engine's property test (tests/core/schedule_property.h) over many random schedules:
//   schedule_check [COUNT [FIRST_SEED [OUT_DIR]]]
// Prints one line per failing seed and writes its scenario to OUT_DIR/schedule-SEED.json, so
// that `tcpviz --print-trace OUT_DIR/schedule-SEED.json` replays it. Exit status 1 when any
// schedule failed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/schedule_property.h"

using namespace tcpviz::core;

int main(int argc, char** argv) {
    const std::uint64_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000;
    const std::uint64_t first = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
    const std::filesystem::path out = argc > 3 ? argv[3] : "schedule-failures";
    std::uint64_t failed = 0, horizon = 0, resets = 0, events = 0;
    for (std::uint64_t seed = first; seed < first + count; ++seed) {
        const Scenario s = property::randomSchedule(seed);
        const property::Result r = property::checkSchedule(s);
        horizon += r.horizon;
        resets += r.reset;
        events += r.events;
        if (r.failures.empty()) continue;
        ++failed;
        std::filesystem::create_directories(out);
        const auto file = out / ("schedule-" + std::to_string(seed) + ".json");
        std::ofstream(file) << scenarioToJson(s);
        std::printf("seed %llu: %s (%s)\n", static_cast<unsigned long long>(seed), r.failures.front().c_str(),
                    file.c_str());
    }
    std::printf("%llu schedules, %llu failed, %llu cut by the horizon, %llu with a reset, %llu events\n",
                static_cast<unsigned long long>(count), static_cast<unsigned long long>(failed),
                static_cast<unsigned long long>(horizon), static_cast<unsigned long long>(resets),
                static_cast<unsigned long long>(events));
    return failed == 0 ? 0 : 1;
}
