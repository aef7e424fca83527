// libFuzzer target for the whole pipeline a scenario file goes through: parse, then simulate.
// Whatever the file says, the simulation must end without crashing, leaking or undefined
// behaviour, and its trace must keep the invariants below, which hold for any scenario.
//
// Seeds: resources/scenarios and tests/data/scenarios (tools/fuzz passes them);
// scenario.dict holds the format's keys and values.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/scenario/scenario.h"
#include "core/sim/host_series.h"
#include "core/sim/host_sim.h"
#include "core/sim/simulator.h"
#include "core/trace/trace.h"

using namespace tcpviz::core;

namespace {

// The run is cut at this many events rather than the scenario's max_events (at least 1000,
// 2,000,000 by default), so that one input takes well under libFuzzer's 5 s timeout under ASan
// and UBSan: the default limit would let a file that never settles run for minutes. 20,000
// events take about 0.1 s under the sanitizers (tests/data/scenarios/bulk-10mb.json, cut), and
// are more than any built-in lesson records (cubic-vs-newreno, the longest, about 3,900), so
// the lessons still run to their end.
constexpr std::uint64_t kFuzzMaxEvents = 20'000;

[[noreturn]] void fail(const char* what, std::size_t step) {
    std::fprintf(stderr, "invariant broken at step %zu: %s\n", step, what);
    std::abort();
}

void checkTrace(const Trace& t, const Scenario& s) {
    const TimeUs horizon = msToUs(s.horizon_ms);
    const std::size_t n = t.events.size();

    // The run stops at its limit, and only there.
    if ((t.end.reason == EndReason::Limit) != (n >= s.max_events)) fail("end reason vs event limit", n);
    if (t.end.reason == EndReason::Horizon && t.end.time != horizon) fail("horizon end time", n);

    for (std::size_t i = 0; i < t.segments.size(); ++i) {
        if (t.segments[i].id != i + 1) fail("segment ids out of order", i);
        if (i > 0 && t.segments[i].sent_at < t.segments[i - 1].sent_at) fail("segments sent back in time", i);
    }

    std::uint32_t sends = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Event& e = t.events[i];
        // The clock only moves forward, and never past the horizon.
        if (e.time < 0 || e.time > horizon) fail("event outside [0, horizon]", i);
        if (i > 0 && e.time < t.events[i - 1].time) fail("time went backwards", i);
        // What caused an event happened at or before it.
        if (e.input > i) fail("caused by a later event", i);
        switch (e.kind) {
            case EventKind::Send:
                // Segments are recorded in the order they are sent, one send event each.
                if (e.segment != ++sends) fail("send event out of segment order", i);
                break;
            case EventKind::Arrive:
            case EventKind::Drop:
                if (e.segment == 0 || e.segment > sends) fail("arrival or drop of a segment not yet sent", i);
                if (e.time < t.segment(e.segment).sent_at) fail("arrived before it was sent", i);
                break;
            default:
                if (e.segment != 0) fail("segment on an event that has none", i);
                break;
        }
    }
    if (sends != t.segments.size()) fail("segments without a send event", n);
    if (n > 0 && t.end.time < t.events.back().time) fail("ends before its last event", n);

    for (const auto& samples : t.tcb_samples) {
        if (samples.empty() || samples.front().event != 0) fail("no TCB sample at step 0", 0);
        for (std::size_t i = 1; i < samples.size(); ++i)
            if (samples[i].event < samples[i - 1].event || samples[i].event > n) fail("TCB samples out of order", samples[i].event);
    }
}

// A file of hosts is cut down to what runs in well under a second under the sanitizers: a few
// hundred connections (the lessons open up to 35,000), small requests and answers, two minutes.
void boundHosts(HostRun& run) {
    for (ClientProgram& c : run.clients) {
        c.connections = std::min<std::uint32_t>(c.connections, 100);
        c.request_bytes = std::min<std::uint32_t>(c.request_bytes, 20'000);
        c.requests_per_connection = std::min<std::uint32_t>(c.requests_per_connection, 5);
    }
    for (ServerProgram& p : run.servers) p.response_bytes = std::min<std::uint32_t>(p.response_bytes, 20'000);
    for (SynFlood& f : run.floods) f.syns = std::min<std::uint32_t>(f.syns, 300);
    if (run.clients.size() > 4) run.clients.resize(4);
    if (run.floods.size() > 2) run.floods.resize(2);
    run.horizon = std::min<TimeUs>(run.horizon, 120'000'000);
}

void checkHosts(const HostOutcome& o) {
    const auto ordered = [](const auto& v) {
        return std::is_sorted(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
    };
    if (!ordered(o.changes)) fail("socket changes out of time order", 0);
    if (!ordered(o.host_events)) fail("host events out of time order", 0);
    if (!ordered(o.queues)) fail("queue changes out of time order", 0);
    for (const SocketChange& ch : o.changes) {
        if (ch.time > o.run.horizon) fail("socket change past the horizon", ch.connection);
        if (ch.connection >= o.connections.size() || ch.host >= o.run.hosts.size()) fail("socket change of nothing", ch.connection);
    }
    for (std::size_t h = 0; h < o.run.hosts.size(); ++h) {
        const SocketSeries series = socketSeries(o, static_cast<HostId>(h));
        // No host ever holds more sockets than connections were made.
        if (series.peak > o.connections.size()) fail("more sockets than connections", h);
        const std::vector<SocketRow> rows = socketsAt(o, static_cast<HostId>(h), o.run.horizon);
        std::uint32_t open = 0;
        for (std::uint32_t n : series.at(o.run.horizon)) open += n;
        std::size_t sockets = 0;
        for (const SocketRow& r : rows) sockets += r.listener ? 0 : 1;
        if (sockets != open) fail("the sockets listed disagree with the chart", h);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    AnyScenario any;
    try {
        any = parseAnyScenario(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    } catch (const ScenarioError&) {
        return 0;
    }
    if (auto* hosts = std::get_if<HostScenario>(&any)) {
        boundHosts(hosts->run);
        const HostOutcome o = simulateHosts(*hosts, {HostRecording::Mode::FirstClient, 0});
        checkHosts(o);
        return 0;
    }
    Scenario& s = std::get<Scenario>(any);
    s.max_events = std::min(s.max_events, kFuzzMaxEvents);
    checkTrace(simulate(s), s);
    return 0;
}
