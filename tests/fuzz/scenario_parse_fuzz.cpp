// libFuzzer target for core::parseScenario: arbitrary bytes must never crash, leak, or hit
// undefined behaviour; a ScenarioError is the only way to say no. Whatever parses must survive
// scenarioToJson → parseScenario unchanged, because a saved lesson has to open again as it was.
//
// Seeds: resources/scenarios and tests/data/scenarios (tools/fuzz passes them);
// scenario.dict holds the format's keys and values.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/scenario/scenario.h"

using namespace tcpviz::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Scenario s;
    try {
        s = parseScenario(text, "fuzz.json");
    } catch (const ScenarioError&) {
        return 0;
    }
    // Any other exception escapes, and libFuzzer reports it as a crash.

    const std::string canonical = scenarioToJson(s);
    try {
        if (parseScenario(canonical, "canonical.json") == s) return 0;
        std::fprintf(stderr, "the canonical text parses to another scenario:\n%s\n", canonical.c_str());
    } catch (const ScenarioError& e) {
        std::fprintf(stderr, "the canonical text does not parse: %s\n%s\n", e.what(), canonical.c_str());
    }
    std::abort();
}
