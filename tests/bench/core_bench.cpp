// Speed of the engine and the simulator (targets in issues 3 and 4):
//  - Endpoint: >= 5 million segment arrivals per second per core, bulk transfer both ways.
//  - A classroom scenario (<= 1,000 events) simulates in under 1 ms.
//  - The 10 MB reference transfer of issue 13 simulates, trace included, in at most 13 ms, at
//    most 64 bytes of trace per event; printing it takes at most 3 times that.
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "core/tcp/endpoint.h"
#include "core/scenario/scenario.h"
#include "core/sim/apps/crypto_speed.h"
#include "core/sim/host_sim.h"
#include "core/sim/side_by_side.h"
#include "core/sim/simulator.h"
#include "core/trace/trace_printers.h"

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

// The reference transfer of issue 13 (tests/data/scenarios/bulk-10mb.json): 10 MB from A to B,
// MSS 536, a 10 Mbit/s bottleneck with a 100-packet drop-tail queue, 20 ms each way, 1 % loss on
// the data direction. Targets: the simulation with its trace in at most 13 ms, and a trace event
// (amortized over the whole trace: events, segments, TCB samples) in at most 64 bytes.
// tests/bench/ns3 runs the same transfer in ns-3 for the completion time.
Scenario bulkTransfer(CongestionAlgorithm algorithm) {
    Scenario s = loadScenarioFile(TCPVIZ_TEST_DATA "/scenarios/bulk-10mb.json");
    for (auto& e : s.endpoints) e.tcp.congestion = algorithm;
    return s;
}

void BM_Simulate10MBTransfer(benchmark::State& state) {
    const Scenario s = bulkTransfer(static_cast<CongestionAlgorithm>(state.range(0)));
    std::uint64_t delivered = 0;
    TimeUs done = 0;
    std::size_t events = 0, bytes = 0;
    for (auto _ : state) {
        Simulator sim(s);
        sim.run();
        delivered = sim.bytesDelivered(Side::B);
        const Trace& t = sim.trace();
        events = t.events.size();
        bytes = t.memoryBytes();
        done = t.end.time;
        benchmark::DoNotOptimize(events);
    }
    if (delivered != 10'000'000) state.SkipWithError("the transfer did not complete");
    state.SetLabel(std::string(congestionName(static_cast<CongestionAlgorithm>(state.range(0)))));
    state.counters["events"] = static_cast<double>(events);
    state.counters["simulated_s"] = static_cast<double>(done) / 1e6;
    state.counters["trace_B_per_event"] = static_cast<double>(bytes) / static_cast<double>(events);
    state.counters["sizeof_Event"] = sizeof(Event);
}
BENCHMARK(BM_Simulate10MBTransfer)
    ->Arg(static_cast<int>(CongestionAlgorithm::NewReno))
    ->Arg(static_cast<int>(CongestionAlgorithm::Cubic))
    ->Unit(benchmark::kMillisecond);

// --print-trace of the same run, in each format (target: at most 3 times the simulation). The
// printer writes its pieces to a sink that only counts them, as --print-trace does to stdout.
void BM_Print10MBTrace(benchmark::State& state) {
    const Trace t = simulate(bulkTransfer(CongestionAlgorithm::NewReno));
    const auto print = state.range(0) == 0 ? writeTraceRfc : state.range(0) == 1 ? writeTraceJson : writeTraceCsv;
    std::size_t size = 0;
    const TextSink count = [&size](std::string_view piece) {
        size += piece.size();
        return true;
    };
    for (auto _ : state) {
        size = 0;
        benchmark::DoNotOptimize(print(t, count));
    }
    state.SetLabel(state.range(0) == 0 ? "rfc" : state.range(0) == 1 ? "json" : "csv");
    state.counters["MB"] = static_cast<double>(size) / 1e6;
}
BENCHMARK(BM_Print10MBTrace)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

// Issue 16: 10,000 connections between two hosts, each a request and a 32 KB answer (about 100
// segments), about 1,000,000 segments in all. Target: at most 1 s.
void BM_Simulate10kConnections(benchmark::State& state) {
    HostRun run;
    run.clients[0].connections = 10'000;
    run.clients[0].per_second = 1'000;
    run.servers[0].response_bytes = 60 * 536;
    std::size_t segments = 0, connections = 0;
    for (auto _ : state) {
        HostSimulator sim(run);
        sim.run();
        connections = sim.connections();
        segments = sim.segmentsSent();
        benchmark::DoNotOptimize(segments);
    }
    state.counters["connections"] = static_cast<double>(connections);
    state.counters["segments"] = static_cast<double>(segments);
}
BENCHMARK(BM_Simulate10kConnections)->Unit(benchmark::kMillisecond);

// Issue 18: an HTTPS lesson simulated as the window does (its connection recorded), the TLS
// handshake by OpenSSL included. Target: at most 50 ms. The first run also makes the test PKI.
// Every lesson of issue 18, handshakes included (its target: 50 ms each).
constexpr std::array<const char*, 14> kProtocolLessons{
    "https-tls13",        "https-tls12",          "tls13-resumption-0rtt", "handshake-rtts",
    "why-symmetric-keys", "certificate-verification", "certificate-expired", "certificate-wrong-name",
    "certificate-unknown-issuer", "http1-vs-http2", "http2-head-of-line", "quic-handshake", "quic-0rtt",
    "quic-vs-tcp-loss"};

void BM_SimulateHttpsLesson(benchmark::State& state) {
    const char* id = kProtocolLessons.at(static_cast<std::size_t>(state.range(0)));
    const HostScenario lesson = std::get<HostScenario>(*resolveAnyScenario(id));
    std::size_t segments = 0;
    for (auto _ : state) {
        const HostOutcome o = simulateHosts(lesson, {HostRecording::Mode::FirstClient, 0});
        segments = o.trace.segments.size();
        benchmark::DoNotOptimize(segments);
    }
    state.SetLabel(id);
    state.counters["segments"] = static_cast<double>(segments);
}
BENCHMARK(BM_SimulateHttpsLesson)->DenseRange(0, kProtocolLessons.size() - 1)->Unit(benchmark::kMillisecond);

// Issue 18's side by side: what a move of the delay or loss slider costs, handshake-rtts's six
// runs simulated again (each run a simulation of the lesson with its connection recorded), on
// the worker thread while the tab says it is simulating.
void BM_SideBySide(benchmark::State& state) {
    const HostScenario lesson = std::get<HostScenario>(*resolveAnyScenario("handshake-rtts"));
    const std::vector<ComparedRun> runs = comparedRuns(lesson, simulateHosts(lesson));
    const HostScenario slider = withLinks(lesson, 80.0, 0.05);
    std::size_t flights = 0;
    for (auto _ : state) {
        const SideBySide side = simulateSideBySide(slider, runs);
        flights = 0;
        for (const RunTimeline& r : side.runs) flights += r.flights.size();
        benchmark::DoNotOptimize(flights);
    }
    state.counters["runs"] = static_cast<double>(runs.size());
    state.counters["flights"] = static_cast<double>(flights);
}
BENCHMARK(BM_SideBySide)->Unit(benchmark::kMillisecond);

// The why-symmetric-keys lesson's figures (tcpviz --measure-crypto): a handshake's public-key
// operations against the symmetric cipher the bytes after it go through.
void BM_Crypto(benchmark::State& state) {
    static CryptoOperations ops;
    const auto which = state.range(0);
    std::size_t sink = 0;
    for (auto _ : state) {
        switch (which) {
            case 0: sink += ops.encryptRecord(); break;
            case 1: sink += ops.agreeX25519(); break;
            case 2: sink += ops.signEd25519(); break;
            case 3: sink += ops.verifyEd25519(); break;
            case 4: sink += ops.signRsa2048(); break;
            default: sink += ops.decryptRsa2048(); break;
        }
    }
    benchmark::DoNotOptimize(sink);
    static const char* const kNames[] = {"AES-256-GCM, one 16 KiB record", "X25519 key agreement", "Ed25519 signature",
                                         "Ed25519 verification", "RSA-2048 signature", "RSA-2048 OAEP decryption"};
    state.SetLabel(kNames[which]);
    if (which == 0) state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * CryptoOperations::kRecordBytes);
}
BENCHMARK(BM_Crypto)->DenseRange(0, 5)->Unit(benchmark::kMicrosecond);

}  // namespace
