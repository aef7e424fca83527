// Speed of the engine and the simulator (targets in issues 3 and 4):
//  - Endpoint: >= 5 million segment arrivals per second per core, bulk transfer both ways.
//  - A classroom scenario (<= 1,000 events) simulates in under 1 ms.
//  - A 10 MB transfer over 10 Mbit/s, 20 ms, 1 % loss simulates in under 100 ms.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/tcp/endpoint.h"
#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"

using namespace tcpviz::core;

namespace {

EndpointConfig config(std::uint32_t addr, std::uint16_t port, std::uint32_t peer, std::uint16_t peer_port) {
    EndpointConfig c;
    c.address = addr;
    c.port = port;
    c.peer_address = peer;
    c.peer_port = peer_port;
    c.tcp.mss = 1460;
    return c;
}

// Two established endpoints wired back to back, both sending as fast as the windows allow.
void BM_EndpointBulkTransferBothWays(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    Endpoint a(config(0xC0000201, 50000, 0xC6336407, 80));
    Endpoint b(config(0xC6336407, 80, 0xC0000201, 50000));
    a.startEstablished(SeqNum(100), SeqNum(300), 65535, 536);
    b.startEstablished(SeqNum(300), SeqNum(100), 65535, 536);
    const std::vector<std::uint8_t> chunk(size, 'x');
    Actions out, next;
    std::int64_t arrivals = 0;
    TimeUs now = 0;
    for (auto _ : state) {
        // Keep the send buffers topped up, then run segments across until both are idle.
        out.clear();
        a.send(chunk, now, out);
        b.send(chunk, now, out);
        // Segments sent by A have ports 50000 -> 80; deliver each to the other side.
        while (!out.list.empty()) {
            next.clear();
            for (auto& action : out.list) {
                if (auto* s = std::get_if<SendAction>(&action)) {
                    Endpoint& to = s->segment.dst_port == 80 ? b : a;
                    to.onSegment(s->segment, now, next);
                    ++arrivals;
                }
            }
            std::swap(out, next);
        }
        now += 1000;
    }
    state.SetItemsProcessed(arrivals);
    state.counters["arrivals/s"] = benchmark::Counter(static_cast<double>(arrivals), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EndpointBulkTransferBothWays)->Arg(64 * 1024)->Unit(benchmark::kMicrosecond);

void BM_SimulateDataLossScenario(benchmark::State& state) {
    const Scenario s = *resolveScenario("data-loss");
    std::size_t events = 0;
    for (auto _ : state) {
        Simulator sim(s);
        sim.run();
        events = sim.trace().events.size();
        benchmark::DoNotOptimize(events);
    }
    state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_SimulateDataLossScenario)->Unit(benchmark::kMicrosecond);

void BM_SimulateTeardownScenario(benchmark::State& state) {
    const Scenario s = *resolveScenario("teardown");
    for (auto _ : state) benchmark::DoNotOptimize(simulate(s).events.size());
}
BENCHMARK(BM_SimulateTeardownScenario)->Unit(benchmark::kMicrosecond);

// 10 MB from A to B over a 10 Mbit/s bottleneck, 20 ms each way, 1 % loss both ways.
void BM_Simulate10MBTransfer(benchmark::State& state) {
    Scenario s = *resolveScenario("handshake");
    for (auto& e : s.endpoints) e.tcp.mss = 1460;
    for (auto& d : s.link) {
        d.delay_ms = 20;
        d.loss = 0.01;
        d.bandwidth_bps = 10'000'000;
        d.queue_packets = 100;
    }
    s.horizon_ms = 3'600'000;
    ScriptAction send;
    send.at_ms = 200;
    send.what = ScriptCall{Side::A, CallKind::Send, 10'000'000};
    s.script.push_back(send);
    std::uint64_t delivered = 0;
    std::size_t events = 0;
    TimeUs end = 0;
    for (auto _ : state) {
        Simulator sim(s);
        sim.run();
        delivered = sim.bytesDelivered(Side::B);
        events = sim.trace().events.size();
        end = sim.now();
    }
    if (delivered != 10'000'000) state.SkipWithError("the transfer did not complete");
    state.counters["events"] = static_cast<double>(events);
    state.counters["simulated_s"] = static_cast<double>(end) / 1e6;
}
BENCHMARK(BM_Simulate10MBTransfer)->Unit(benchmark::kMillisecond);

}  // namespace
