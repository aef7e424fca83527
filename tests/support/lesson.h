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

// Whether the key log has a line with this SSLKEYLOGFILE label.
inline bool keyLogHas(const tcpviz::core::Trace& t, const std::string& label) {
    return std::any_of(t.key_log.begin(), t.key_log.end(),
                       [&](const std::string& l) { return l.rfind(label + " ", 0) == 0; });
}

}  // namespace tcpviz_test
