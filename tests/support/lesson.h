#pragma once
// A built-in lesson of hosts run as the window runs it (its shown connection recorded), and what
// its key log holds: for the protocol tests (tls_test.cpp, quic_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <variant>

#include "core/scenario/scenario.h"
#include "core/sim/host_sim.h"

namespace tcpviz_test {

inline tcpviz::core::HostOutcome lesson(const std::string& id) {
    using namespace tcpviz::core;
    const auto any = resolveAnyScenario(id);
    EXPECT_TRUE(any && std::holds_alternative<HostScenario>(*any)) << id;
    return simulateHosts(std::get<HostScenario>(*any), {HostRecording::Mode::FirstClient, 0});
}

// Two runs of one lesson whose libraries' randomness is not seeded: every segment's size and
// time repeat, and at least one segment's bytes differ (the keys do). Returns whether they did.
inline bool bytesDifferAsSizesAndTimesRepeat(const tcpviz::core::Trace& one, const tcpviz::core::Trace& two) {
    EXPECT_EQ(one.segments.size(), two.segments.size());
    bool bytes_differ = false;
    for (std::size_t i = 0; i < std::min(one.segments.size(), two.segments.size()); ++i) {
        EXPECT_EQ(one.segments[i].sent_at, two.segments[i].sent_at) << i;
        EXPECT_EQ(one.segments[i].segment.payload.size(), two.segments[i].segment.payload.size()) << i;
        if (!(one.segments[i].segment.payload == two.segments[i].segment.payload)) bytes_differ = true;
    }
    return bytes_differ;
}

// Whether the key log has a line with this SSLKEYLOGFILE label.
inline bool keyLogHas(const tcpviz::core::Trace& t, const std::string& label) {
    return std::any_of(t.key_log.begin(), t.key_log.end(),
                       [&](const std::string& l) { return l.rfind(label + " ", 0) == 0; });
}

}  // namespace tcpviz_test
