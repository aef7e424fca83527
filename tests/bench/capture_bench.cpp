// Speed of importing a capture (issue 17): a 927,000-packet capture of 40,000 TCP connections
// read with readCapture and analysed with analyzeCapture, as opening it in tcpviz does.
// Targets: at least 10 times faster than `tshark -q -z conv,tcp` on the same file, and at most
// 64 bytes kept per packet (segments, connections and the analysis marks).
//
// The capture is generated here, never committed: once per machine, at
// /tmp/tcpviz-bench-927k-v1.pcap, or at the path in TCPVIZ_WRITE_BENCH_CAPTURE when that is set.
// It is written under a temporary name and renamed, so a file at the path is a whole one; an
// existing file is used as it is (the benchmark checks its packets and connections). So
//     TCPVIZ_WRITE_BENCH_CAPTURE=/tmp/bench-927k.pcap core_bench --benchmark_filter=CaptureImport
// writes the file there for tshark to read, and imports it; the benchmark's label is the path.
// One import in a process (to time it whole beside tshark): add --benchmark_min_time=0.001
// (Google Benchmark 1.7 has no "1x"); by default it imports as often as half a second takes.
// bytes_per_packet is what the import keeps, by capacity: the segments, the connections and the
// analysis marks, over the packets.
//
// The capture: classic pcap, Ethernet, microsecond timestamps, whole frames (no snap length),
// taken at the clients' gateway: 200 clients (10.1.0.0/24) open connections to 50 servers (port
// 443, some 80), about 330 a second for two minutes, interleaved. Each is a handshake with
// Linux's SYN options (MSS, SACK permitted, timestamps, mostly a window scale), a request, an
// answer in slow-start flights of 1448-byte segments that the client acknowledges every second
// one, and a FIN teardown (the client's, or the server's first); a few have a segment lost
// before the gateway (then the client's duplicate ACKs with a SACK block, the server's
// retransmission), a request retransmitted after a timeout, a window update, or end with a RST.
// RTTs from 8 to 90 ms; sizes from 9 packets to 160 (most under 20); checksums all correct.
#include <benchmark/benchmark.h>
#include <pcap/pcap.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "core/capture/analysis.h"
#include "core/capture/capture.h"

using namespace tcpviz::core;

namespace {

constexpr std::uint32_t kConnections = 40'000;
constexpr std::uint64_t kPackets = 927'000;
constexpr std::uint32_t kClients = 200, kServers = 50;
constexpr std::int64_t kEpochSeconds = 1'710'406'800;   // 2024-03-14 09:00:00 UTC
constexpr std::uint16_t kMss = 1448;                    // 1460 less the timestamps option

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;

// One packet as planned, before its bytes are written.
struct Planned {
    std::int64_t time = 0;   // µs from the capture's start
    std::uint32_t conn = 0;
    std::uint32_t seq = 0, ack = 0;
    std::uint32_t sack_left = 0, sack_right = 0;   // a duplicate ACK's SACK block, else 0, 0
    std::uint16_t len = 0;
    std::uint16_t window = 0;
    std::uint8_t flags = 0;
    bool from_server = false;
};

struct Conn {
    std::uint16_t client = 0, server = 0;   // indexes of the hosts
    std::uint16_t client_port = 0, server_port = 0;
    std::int8_t client_scale = 7, server_scale = 7;   // -1: no window scale option (both then)
    std::uint32_t ts_client = 0, ts_server = 0;       // the TSval clocks' offsets
};

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_g(seed) {}
    std::uint32_t u32() { return static_cast<std::uint32_t>(m_g() >> 32); }
    int between(int lo, int hi) { return lo + static_cast<int>(m_g() % static_cast<std::uint64_t>(hi - lo + 1)); }
    bool chance(int per_thousand) { return static_cast<int>(m_g() % 1000) < per_thousand; }
    double unit() { return (static_cast<double>(m_g() >> 11) + 0.5) * 0x1.0p-53; }   // in (0, 1)

private:
    std::mt19937_64 m_g;
};

// One connection's packets, exactly `budget` of them, in time order from `start`.
void planConnection(std::uint32_t id, const Conn& conn, int budget, std::int64_t start, Rng& rng,
                    std::vector<Planned>& out) {
    const std::int64_t rtt = rng.between(8'000, 90'000);
    const std::int64_t gap = rng.between(60, 400);   // between the server's segments in a flight
    bool rst_end = rng.chance(15), request_again = rng.chance(10), window_update = rng.chance(20);
    const bool server_closes = rng.chance(300);
    const auto fixed = [&] { return 3 + 1 + (rst_end ? 1 : 3) + (request_again ? 1 : 0) + (window_update ? 1 : 0); };
    if (budget - fixed() < 1) rst_end = request_again = window_update = false;
    const int middle = budget - fixed();
    const bool loss = middle >= 12 && rng.chance(30);

    std::int64_t last = start;
    const auto emit = [&](std::int64_t t, bool from_server, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                          std::uint16_t len, std::uint16_t window, std::uint32_t sack_left = 0,
                          std::uint32_t sack_right = 0) {
        last = std::max(t, last);
        Planned& p = out.emplace_back();
        p.time = last;
        p.conn = id;
        p.seq = seq;
        p.ack = ack;
        p.sack_left = sack_left;
        p.sack_right = sack_right;
        p.len = len;
        p.window = window;
        p.flags = flags;
        p.from_server = from_server;
        return last;
    };
    // The windows as sent: the client's grows as it reads the answer (Linux's autotuning, roughly).
    std::uint32_t received = 0, window_bonus = 0;
    const auto client_window = [&] {
        const std::uint32_t space = 64'256 + std::min<std::uint32_t>(received, 6'000'000) + window_bonus;
        return static_cast<std::uint16_t>(conn.client_scale < 0 ? std::min<std::uint32_t>(space, 65'535)
                                                                : space >> conn.client_scale);
    };
    const std::uint16_t server_window =
        static_cast<std::uint16_t>(conn.server_scale < 0 ? 64'128 : 64'128 >> conn.server_scale);

    // The handshake and the request.
    const std::uint32_t iss_c = rng.u32(), iss_s = rng.u32();
    std::int64_t t = emit(start, false, iss_c, 0, kSyn, 0, 64'240);
    t = emit(t + rtt, true, iss_s, iss_c + 1, kSyn | kAck, 0, 65'160);
    t = emit(t + rng.between(15, 60), false, iss_c + 1, iss_s + 1, kAck, 0, client_window());
    const auto request = static_cast<std::uint16_t>(rng.between(180, 1'200));
    t = emit(t + rng.between(20, 300), false, iss_c + 1, iss_s + 1, kPsh | kAck, request, client_window());
    if (request_again)   // lost past the gateway: the client's RTO (200 ms and the RTT) sends it again
        t = emit(t + 200'000 + rtt, false, iss_c + 1, iss_s + 1, kPsh | kAck, request, client_window());
    const std::uint32_t c_next = iss_c + 1 + request;

    // The answer, in flights; the client acknowledges every second segment.
    std::uint32_t s_next = iss_s + 1, acked = iss_s + 1;
    int remaining = middle, cwnd = 10, in_flight = 0, unacked = 0, data = 0;
    std::int64_t flight_base = t + rtt + rng.between(100, 3'000), first_ack = -1;
    const int loss_at = loss ? rng.between(2, std::min(middle - 10, 30)) : -1;
    const auto arrival = [&] {
        if (in_flight == cwnd) {
            flight_base = std::max(first_ack >= 0 ? first_ack + rtt : last + rtt, last + gap);
            cwnd = std::min(cwnd * 2, 64);
            in_flight = 0;
            first_ack = -1;
        }
        return flight_base + gap * in_flight++;
    };
    const auto ack_now = [&](std::int64_t when) {
        received += s_next - acked;
        acked = s_next;
        const std::int64_t at = emit(when, false, c_next, acked, kAck, 0, client_window());
        if (first_ack < 0) first_ack = at;
        unacked = 0;
        --remaining;
    };
    while (remaining > 0) {
        if (data++ == loss_at && remaining >= 8) {
            // One segment lost before the gateway: three more, each answered at once by a
            // duplicate ACK with a SACK block; then the retransmission, and an ACK of everything.
            const std::uint32_t lost = s_next;
            arrival();
            s_next += kMss;
            received += lost - acked;
            acked = lost;
            std::int64_t at = 0;
            for (int k = 0; k < 3; ++k) {
                at = emit(arrival(), true, s_next, c_next, kAck, kMss, server_window);
                s_next += kMss;
                at = emit(at + 20, false, c_next, acked, kAck, 0, client_window(), lost + kMss, s_next);
            }
            at = emit(at + rtt + rng.between(200, 2'000), true, lost, c_next, kAck, kMss, server_window);
            remaining -= 7;
            unacked = 1;
            ack_now(at + 20);
            cwnd = std::max(cwnd / 2, 2);
            flight_base = last + rtt;
            in_flight = 0;
            first_ack = -1;
            continue;
        }
        const bool final_segment = remaining == 1 || (remaining == 2 && unacked == 1);
        const auto len = static_cast<std::uint16_t>(final_segment ? rng.between(1, kMss) : kMss);
        const std::int64_t at = arrival();
        const std::uint8_t push = in_flight == cwnd || final_segment ? kPsh : 0;
        emit(at, true, s_next, c_next, kAck | push, len, server_window);
        s_next += len;
        --remaining;
        if (++unacked == 2 && remaining > 0) ack_now(at + 20);
    }

    // The application read what it had: the same ACK with a larger window.
    if (window_update) {
        window_bonus = 1u << std::max<int>(conn.client_scale, 0) << 6;
        t = emit(last + rng.between(500, 20'000), false, c_next, acked, kAck, 0, client_window());
    }
    // The end, which acknowledges all of the answer.
    received += s_next - acked;
    t = last;
    if (rst_end) {
        emit(t + rng.between(50, 5'000), false, c_next, s_next, kRst | kAck, 0, 0);
    } else if (server_closes) {
        t = emit(t + gap, true, s_next, c_next, kFin | kAck, 0, server_window);
        t = emit(t + rng.between(30, 2'000), false, c_next, s_next + 1, kFin | kAck, 0, client_window());
        emit(t + rtt, true, s_next + 1, c_next + 1, kAck, 0, server_window);
    } else {
        t = emit(t + rng.between(50, 5'000), false, c_next, s_next, kFin | kAck, 0, client_window());
        t = emit(t + rtt, true, s_next, c_next + 1, kFin | kAck, 0, server_window);
        emit(t + rng.between(15, 60), false, c_next + 1, s_next + 1, kAck, 0, client_window());
    }
}

struct Plan {
    std::vector<Conn> connections;
    std::vector<Planned> packets;   // in time order
};

Plan plan() {
    Rng rng(0x7C9517);
    Plan p;
    // Each connection's packets: most short, some longer, a few bulk; then evened out to the total.
    std::vector<int> budget(kConnections);
    std::uint64_t sum = 0;
    for (int& b : budget) {
        const int r = rng.between(0, 99);
        b = r < 70 ? rng.between(9, 20) : r < 95 ? rng.between(21, 50) : rng.between(51, 160);
        sum += static_cast<std::uint64_t>(b);
    }
    while (sum != kPackets) {
        int& b = budget[static_cast<std::size_t>(rng.between(0, kConnections - 1))];
        if (sum > kPackets && b > 9) {
            --b;
            --sum;
        } else if (sum < kPackets) {
            ++b;
            ++sum;
        }
    }
    std::array<int, kClients> next_port{};
    for (int& port : next_port) port = rng.between(32'768, 50'000);
    p.connections.resize(kConnections);
    p.packets.reserve(kPackets);
    std::int64_t start = 0;
    for (std::uint32_t i = 0; i < kConnections; ++i) {
        Conn& c = p.connections[i];
        c.client = static_cast<std::uint16_t>(rng.between(0, kClients - 1));
        c.server = static_cast<std::uint16_t>(rng.between(0, kServers - 1));
        next_port[c.client] += rng.between(1, 3);
        c.client_port = static_cast<std::uint16_t>(next_port[c.client]);
        c.server_port = rng.chance(150) ? 80 : 443;
        if (rng.chance(50)) {
            c.client_scale = c.server_scale = -1;
        } else {
            c.client_scale = 7;
            c.server_scale = static_cast<std::int8_t>(rng.between(7, 10));
        }
        c.ts_client = rng.u32();
        c.ts_server = rng.u32();
        start += static_cast<std::int64_t>(-std::log(rng.unit()) * 3'000.0);   // about 330 a second
        planConnection(i, c, budget[i], start, rng, p.packets);
    }
    if (p.packets.size() != kPackets) throw std::logic_error("the capture's plan has the wrong number of packets");
    std::stable_sort(p.packets.begin(), p.packets.end(),
                     [](const Planned& a, const Planned& b) { return a.time < b.time; });
    return p;
}

std::uint32_t clientAddress(std::uint16_t i) { return 0x0A010000u | i; }                // 10.1.0.x
std::uint32_t serverAddress(std::uint16_t i) { return 0x5DB8D800u + 0x100u * i + 10; }  // 93.184.216+i.10

struct Writer {
    std::uint8_t* p;
    void u8(std::uint32_t v) { *p++ = static_cast<std::uint8_t>(v); }
    void u16(std::uint32_t v) {
        u8(v >> 8);
        u8(v);
    }
    void u32(std::uint32_t v) {
        u16(v >> 16);
        u16(v & 0xFFFF);
    }
};

std::uint32_t sum16(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
    for (; n > 1; p += 2, n -= 2) sum += std::uint32_t{p[0]} << 8 | p[1];
    if (n) sum += std::uint32_t{p[0]} << 8;
    return sum;
}
std::uint16_t fold(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

void writeCapture(const Plan& plan, const std::string& path) {
    std::vector<std::uint8_t> payload(16'384 + 2 * kMss);   // what the bytes are: random, as TLS's
    Rng rng(17);
    for (auto& b : payload) b = static_cast<std::uint8_t>(rng.u32());

    pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65'535, PCAP_TSTAMP_PRECISION_MICRO);
    if (!dead) throw std::runtime_error("pcap_open_dead failed");
    pcap_dumper_t* dump = pcap_dump_open(dead, path.c_str());
    if (!dump) {
        const std::string why = pcap_geterr(dead);
        pcap_close(dead);
        throw std::runtime_error("cannot write " + path + ": " + why);
    }
    struct Ends {
        std::array<std::uint16_t, 2> ip_id{};
        std::array<std::uint32_t, 2> tsval{};   // the last each side sent
    };
    std::vector<Ends> ends(plan.connections.size());
    for (auto& e : ends) e.ip_id = {static_cast<std::uint16_t>(rng.u32()), static_cast<std::uint16_t>(rng.u32())};
    std::array<std::uint8_t, 14 + 20 + 60 + 2 * kMss> frame{};
    for (const Planned& k : plan.packets) {
        const Conn& c = plan.connections[k.conn];
        Ends& e = ends[k.conn];
        const int side = k.from_server ? 1 : 0;
        const std::uint32_t client = clientAddress(c.client), server = serverAddress(c.server);
        Writer w{frame.data()};
        // Ethernet: the client's MAC and the gateway's.
        const std::array<std::uint8_t, 6> gateway{0x00, 0x1B, 0x21, 0x3A, 0x4F, 0x01};
        const std::array<std::uint8_t, 6> host{0x02, 0x42, 0x0A, 0x01, static_cast<std::uint8_t>(c.client >> 8),
                                               static_cast<std::uint8_t>(c.client)};
        for (std::uint8_t b : k.from_server ? host : gateway) w.u8(b);
        for (std::uint8_t b : k.from_server ? gateway : host) w.u8(b);
        w.u16(0x0800);
        // TCP's options: a SYN's as Linux sends them; the timestamps; a duplicate ACK's SACK block.
        const std::uint32_t tsval = (k.from_server ? c.ts_server : c.ts_client) + static_cast<std::uint32_t>(k.time / 1000);
        const std::uint32_t tsecr = e.tsval[static_cast<std::size_t>(1 - side)];
        e.tsval[static_cast<std::size_t>(side)] = tsval;
        const bool syn = k.flags & kSyn;
        const bool sack = k.sack_right != 0;
        const int scale = k.from_server ? c.server_scale : c.client_scale;
        const std::size_t options = syn ? (scale >= 0 ? 20 : 16) : sack ? 24 : 12;
        const std::size_t tcp_length = 20 + options + k.len;
        // IPv4: DF, TTL 64 from the clients, 52 from the servers (after their hops).
        std::uint8_t* ip = w.p;
        w.u16(0x4500);
        w.u16(static_cast<std::uint32_t>(20 + tcp_length));
        w.u16(e.ip_id[static_cast<std::size_t>(side)]++);
        w.u16(0x4000);
        w.u8(k.from_server ? 52 : 64);
        w.u8(6);
        w.u16(0);
        w.u32(k.from_server ? server : client);
        w.u32(k.from_server ? client : server);
        const std::uint16_t ip_sum = fold(sum16(ip, 20));
        ip[10] = static_cast<std::uint8_t>(ip_sum >> 8);
        ip[11] = static_cast<std::uint8_t>(ip_sum);
        std::uint8_t* tcp = w.p;
        w.u16(k.from_server ? c.server_port : c.client_port);
        w.u16(k.from_server ? c.client_port : c.server_port);
        w.u32(k.seq);
        w.u32(k.ack);
        w.u8(static_cast<std::uint32_t>((20 + options) / 4) << 4);
        w.u8(k.flags);
        w.u16(k.window);
        w.u16(0);
        w.u16(0);
        if (syn) {
            w.u32(0x020405B4);   // MSS 1460
            w.u16(0x0402);       // SACK permitted
            w.u16(0x080A);
            w.u32(tsval);
            w.u32(tsecr);
            if (scale >= 0) {
                w.u8(1);
                w.u8(3);
                w.u8(3);
                w.u8(static_cast<std::uint32_t>(scale));
            }
        } else {
            w.u32(0x0101080A);
            w.u32(tsval);
            w.u32(tsecr);
            if (sack) {
                w.u32(0x0101050A);
                w.u32(k.sack_left);
                w.u32(k.sack_right);
            }
        }
        std::copy_n(payload.begin() + static_cast<std::ptrdiff_t>(k.seq % 16'384), k.len, w.p);
        w.p += k.len;
        const std::uint32_t pseudo = (client >> 16) + (client & 0xFFFF) + (server >> 16) + (server & 0xFFFF) + 6 +
                               static_cast<std::uint32_t>(tcp_length);
        const std::uint16_t tcp_sum = fold(sum16(tcp, tcp_length, pseudo));
        tcp[16] = static_cast<std::uint8_t>(tcp_sum >> 8);
        tcp[17] = static_cast<std::uint8_t>(tcp_sum);

        pcap_pkthdr header{};
        const std::int64_t us = kEpochSeconds * 1'000'000 + k.time;
        header.ts.tv_sec = static_cast<time_t>(us / 1'000'000);
        header.ts.tv_usec = static_cast<suseconds_t>(us % 1'000'000);
        header.caplen = header.len = static_cast<bpf_u_int32>(w.p - frame.data());
        pcap_dump(reinterpret_cast<u_char*>(dump), &header, frame.data());
    }
    const bool failed = pcap_dump_flush(dump) != 0;
    pcap_dump_close(dump);
    pcap_close(dead);
    if (failed) throw std::runtime_error("cannot write " + path);
}

// The capture's path, written the first time it is asked for if there is no file there yet.
const std::string& benchCapture() {
    static const std::string path = [] {
        const char* env = std::getenv("TCPVIZ_WRITE_BENCH_CAPTURE");
        std::string p = env && *env ? env : "/tmp/tcpviz-bench-927k-v1.pcap";
        std::error_code ec;
        if (std::filesystem::is_regular_file(p, ec) && std::filesystem::file_size(p, ec) > 0) return p;
        const std::string tmp = p + ".tmp-" + std::to_string(::getpid());
        try {
            writeCapture(plan(), tmp);
            std::filesystem::rename(tmp, p);
        } catch (...) {
            std::filesystem::remove(tmp, ec);
            throw;
        }
        return p;
    }();
    return path;
}

void BM_CaptureImport927k(benchmark::State& state) {
    std::string path;
    try {
        path = benchCapture();
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    }
    std::uint64_t packets = 0, progress_calls = 0;
    std::size_t connections = 0, segments = 0, marked = 0, bytes = 0;
    for (auto _ : state) {
        // As the window opens one: the progress callback is told now and then, and may cancel.
        Capture capture = readCapture(path, [&progress_calls](std::uint64_t) {
            ++progress_calls;
            return true;
        });
        const std::vector<SegmentAnalysis> analysis = analyzeCapture(capture);
        benchmark::DoNotOptimize(analysis.data());
        state.PauseTiming();
        packets = capture.packets;
        connections = capture.connections.size();
        segments = capture.segments.size();
        marked = static_cast<std::size_t>(
            std::count_if(analysis.begin(), analysis.end(), [](const SegmentAnalysis& a) { return a.marks != 0; }));
        bytes = capture.segments.capacity() * sizeof(CapturedSegment) +
                capture.connections.capacity() * sizeof(CapturedConnection) +
                analysis.capacity() * sizeof(SegmentAnalysis);
        state.ResumeTiming();
    }
    if (packets != kPackets || connections != kConnections) {
        state.SkipWithError((path + " is not the benchmark's capture: remove it to have it written again").c_str());
        return;
    }
    std::error_code ec;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    state.SetLabel(path);
    state.counters["packets"] = static_cast<double>(packets);
    state.counters["connections"] = static_cast<double>(connections);
    state.counters["marked"] = static_cast<double>(marked);   // segments with a tcp.analysis mark
    state.counters["bytes_per_packet"] = static_cast<double>(bytes) / static_cast<double>(packets);
    state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(path, ec)) / 1e6;
    // The process's peak, all of it (the generation's too when this process wrote the file).
    state.counters["max_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
    state.counters["sizeof_CapturedSegment"] = sizeof(CapturedSegment);
    benchmark::DoNotOptimize(segments);
    benchmark::DoNotOptimize(progress_calls);
}
BENCHMARK(BM_CaptureImport927k)->Unit(benchmark::kMillisecond);

}  // namespace
