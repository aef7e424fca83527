// Every built-in two-endpoint lesson prints the same tcpviz-trace/1 JSON, byte for byte, as it did
// before the host model came in (issue 16: "a golden test over all of them"). The texts are
// long (a transfer lesson prints megabytes), so tests/data/golden/trace1.txt keeps each one's
// length and SHA-256, one line per lesson: "<id> <bytes> <sha256>".
//
// A change that is meant to alter traces regenerates the file and says why in its commit:
//   TCPVIZ_GOLDEN_WRITE=tests/data/golden/trace1.txt build/release/tests/core_tests --gtest_filter='GoldenTrace.*'
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/trace/trace_printers.h"

namespace tcpviz::core {
namespace {

struct Digest {
    std::uint64_t bytes = 0;
    std::string sha256;
    bool operator==(const Digest&) const = default;
};

// The trace JSON's length and SHA-256, taken from the printer's pieces as they come.
Digest digestOf(const Trace& trace) {
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EXPECT_EQ(EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr), 1);
    Digest d;
    writeTraceJson(trace, [&](std::string_view piece) {
        d.bytes += piece.size();
        return EVP_DigestUpdate(ctx.get(), piece.data(), piece.size()) == 1;
    });
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EXPECT_EQ(EVP_DigestFinal_ex(ctx.get(), md, &n), 1);
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < n; ++i) {
        d.sha256 += kHex[md[i] >> 4];
        d.sha256 += kHex[md[i] & 15];
    }
    return d;
}

std::map<std::string, Digest> readGolden(const std::string& path) {
    std::map<std::string, Digest> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string id;
        Digest d;
        fields >> id >> d.bytes >> d.sha256;
        out[id] = d;
    }
    return out;
}

TEST(GoldenTrace, everyTwoEndpointLessonPrintsTheSameTraceOneAsBefore) {
    const std::string path = std::string(TCPVIZ_TEST_DATA) + "/golden/trace1.txt";
    const std::map<std::string, Digest> golden = readGolden(path);
    std::map<std::string, Digest> now;
    for (const BuiltinScenario& b : builtinScenarios()) {
        const auto scenario = parseAnyScenario(b.json, b.id + ".json");
        if (!std::holds_alternative<Scenario>(scenario)) continue;   // a host lesson: trace/2
        now[b.id] = digestOf(simulate(std::get<Scenario>(scenario)));
    }
    if (const char* out = std::getenv("TCPVIZ_GOLDEN_WRITE")) {
        std::ofstream file(out);
        file << "# id, bytes and SHA-256 of `tcpviz --print-trace ID --format json`; see golden_trace_test.cpp\n";
        for (const auto& [id, d] : now) file << id << ' ' << d.bytes << ' ' << d.sha256 << '\n';
        GTEST_SKIP() << "wrote " << out;
    }
    ASSERT_GE(golden.size(), 36u) << path << " lists fewer lessons than shipped before issue 16";
    for (const auto& [id, d] : golden) {
        const auto it = now.find(id);
        ASSERT_NE(it, now.end()) << id << ": a lesson of the golden file is no longer a two-endpoint built-in";
        EXPECT_EQ(it->second, d) << id << ": its trace/1 JSON changed (" << it->second.bytes << " bytes, "
                                 << it->second.sha256 << ")";
    }
    for (const auto& [id, d] : now)
        EXPECT_TRUE(golden.count(id)) << id << ": a new two-endpoint lesson; add it to " << path;
}

}  // namespace
}  // namespace tcpviz::core
