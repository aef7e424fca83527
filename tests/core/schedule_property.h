#pragma once
// The engine's property test: random schedules, and the invariants every trace must keep.
//
// A schedule is a scenario drawn from a seed: random congestion control, MSS, windows (small
// and zero ones too: the application may read only now and then), delayed ACKs and Nagle on or
// off, a link with random loss, duplication, reordering jitter, bandwidth and queue; and random
// application calls at random times, so that send, close, abort, reboot and receive land in
// every state (LISTEN, SYN-SENT, SYN-RECEIVED, CLOSE-WAIT, ...). Both applications close at the
// end.
//
// The invariants (checkSchedule):
//   - every state change is an edge of RFC 9293 Figure 5 or of its notes (aborts included);
//   - bytes are delivered in order, never more than were sent, and all of them when nothing
//     reset the connection;
//   - both ends are CLOSED at the end unless the horizon cut the run;
//   - no endpoint is left outside CLOSED (or LISTEN) with no timer pending;
//   - no segment carries more than the peer's MSS or lies beyond the window it advertised;
//   - no more retransmission timeouts in a row than the retransmission limit;
//   - the same scenario always gives the same trace.
//
// Used by tests/core/schedule_property_test.cpp (a few hundred schedules in ctest) and by
// tests/fuzz/schedule_check.cpp (tools/fuzz: 10,000 or more).
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/tcp/state_graph.h"
#include "core/trace/trace_printers.h"

namespace tcpviz::core::property {

inline Scenario randomSchedule(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto unit = [&] { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); };
    const auto pick = [&](auto... options) {
        const std::array values{options...};
        return values[rng() % values.size()];
    };
    Scenario s;
    s.id = "schedule-" + std::to_string(seed);
    s.seed = rng();
    s.horizon_ms = 900'000;
    for (Side side : {Side::A, Side::B}) {
        ScenarioEndpoint& e = s.endpoints[idx(side)];
        e.name = side == Side::A ? "Client" : "Server";
        e.address = side == Side::A ? "192.0.2.1" : "198.51.100.7";
        e.port = side == Side::A ? 50000 : 80;
        e.isn = {static_cast<std::uint32_t>(rng())};   // anywhere, wrap-around included
        TcpConfig& c = e.tcp;
        c.congestion = static_cast<CongestionAlgorithm>(rng() % 5);
        c.mss = pick(std::uint16_t{20}, std::uint16_t{100}, std::uint16_t{536}, std::uint16_t{536},
                     std::uint16_t{1460});
        c.window = pick(50u, 300u, 2000u, 8192u, 65535u, 65535u, 300000u);
        c.delayed_ack = rng() % 2 == 0;
        c.nagle = rng() % 2 == 0;
        c.auto_receive = rng() % 4 != 0;
        c.initial_window = rng() % 4 == 0 ? 10 : 0;
        c.msl = 1'000'000;
        c.rto_max = 8'000'000;
        c.max_retransmissions = 12;
        c.syn_retries = 6;
        c.time_wait_syn = rng() % 2 == 0 ? TimeWaitSyn::Linux : TimeWaitSyn::Rfc;
        c.rfc1337 = rng() % 2 == 0;
    }
    const bool lossy = rng() % 4 != 0;
    for (LinkDirection& d : s.link) {
        d.delay_ms = 1 + 80 * unit();
        d.loss = lossy ? 0.15 * unit() : 0;
        d.duplicate = rng() % 3 == 0 ? 0.1 * unit() : 0;
        d.jitter_ms = rng() % 3 == 0 ? 60 * unit() : 0;
        if (rng() % 3 == 0) {
            d.bandwidth_bps = pick(64'000ull, 1'000'000ull, 10'000'000ull);
            d.queue_packets = pick(2u, 10u, 100u);
        }
    }
    const auto call = [&](double at, Side side, CallKind kind, std::uint32_t bytes = 0) {
        s.script.push_back({at, ScriptCall{side, kind, bytes}});
    };
    // Open: usually a client and a server; sometimes a simultaneous open, or a server that
    // sends first (SEND in LISTEN).
    switch (rng() % 6) {
        case 0:
            call(0, Side::A, CallKind::Connect);
            call(0, Side::B, CallKind::Connect);
            break;
        case 1:
            call(0, Side::B, CallKind::Listen);
            call(5 * unit(), Side::A, CallKind::Listen);
            call(10, Side::A, CallKind::Send, 1 + static_cast<std::uint32_t>(rng() % 3000));
            break;
        default:
            call(0, Side::B, CallKind::Listen);
            call(10 * unit(), Side::A, CallKind::Connect);
            break;
    }
    // Random calls over the first seconds, landing in whatever state each side is in then.
    const int calls = static_cast<int>(rng() % 12);
    for (int i = 0; i < calls; ++i) {
        const Side side = rng() % 2 == 0 ? Side::A : Side::B;
        const double at = 3000 * unit();
        const unsigned r = rng() % 100;
        if (r < 60) {
            call(at, side, CallKind::Send, 1 + static_cast<std::uint32_t>(rng() % (rng() % 4 == 0 ? 60'000 : 3000)));
        } else if (r < 80) {
            call(at, side, CallKind::Close);
        } else if (r < 88) {
            call(at, side, CallKind::Abort);
        } else if (r < 94) {
            call(at, side, CallKind::Reboot);
        } else {
            call(at, side, CallKind::Receive, static_cast<std::uint32_t>(rng() % 5000));
        }
    }
    // An application that does not read on its own reads now and then, until long after the end
    // and more often than TIME-WAIT lasts (what it has not read when the TCB goes is lost).
    for (Side side : {Side::A, Side::B}) {
        if (s.endpoints[idx(side)].tcp.auto_receive) continue;
        const double every = 50 + 500 * unit();
        const auto amount = static_cast<std::uint32_t>(1 + rng() % 4000);
        for (double at = every; at < 10'000; at += every) call(at, side, CallKind::Receive, amount);
        for (double at = 10'000; at < s.horizon_ms; at += 250) call(at, side, CallKind::Receive, 100'000);
    }
    // Both close at the end.
    call(3000 + 3000 * unit(), Side::A, CallKind::Close);
    call(3000 + 3000 * unit(), Side::B, CallKind::Close);
    std::stable_sort(s.script.begin(), s.script.end(),
                     [](const ScriptAction& a, const ScriptAction& b) { return a.at_ms < b.at_ms; });
    return s;
}

struct Result {
    std::vector<std::string> failures;
    bool horizon = false;   // the horizon cut the run
    std::size_t events = 0, segments = 0, retransmissions = 0, drops = 0;
    bool reset = false;     // something ended a connection abnormally
};

namespace detail {

// What a receiver has told a sender about itself, from the segments the receiver sent.
struct Peer {
    std::optional<std::uint16_t> mss;
    std::optional<std::uint8_t> syn_scale;   // the window scale its last SYN offered
    std::optional<SeqNum> edge;              // the farthest right edge it advertised
};

}  // namespace detail

inline Result checkSchedule(const Scenario& scenario) {
    Result r;
    const auto fail = [&](std::string what) { r.failures.push_back(std::move(what)); };
    Simulator sim(scenario, {.keep_delivered_bytes = true});
    sim.run();
    const Trace& t = sim.trace();
    r.events = t.events.size();
    r.segments = t.segments.size();
    r.horizon = t.end.reason == EndReason::Horizon;

    // The same scenario gives the same trace.
    if (traceToJson(simulate(scenario)) != traceToJson(t)) fail("a second run gave another trace");

    // State changes: Figure 5 and its notes only; note what ended a connection abnormally.
    for (const Event& e : t.events) {
        if (e.kind == EventKind::State) {
            if (!StateGraph::rfc9293().findEdge(e.from, e.to, e.cause)) {
                fail("step " + std::to_string(t.stepOf(e)) + ": " + std::string(sideName(e.endpoint)) + " " +
                     std::string(stateName(e.from)) + " -> " + std::string(stateName(e.to)) + " (" +
                     std::string(causeName(e.cause)) + ") is not an RFC 9293 transition");
            }
            if (e.cause == Cause::RcvRst || e.cause == Cause::Abort || e.cause == Cause::Reboot ||
                e.cause == Cause::RetransmitLimit || e.cause == Cause::UserTimeout ||
                // CLOSE in SYN-SENT deletes the TCB, queued data with it (RFC 9293 §3.10.4).
                (e.cause == Cause::Close && e.to == State::Closed))
                r.reset = true;
        }
        if (e.kind == EventKind::Drop) ++r.drops;
    }

    // Deliveries: in order within a connection, never more than was sent, all when no reset.
    for (Side side : {Side::A, Side::B}) {
        const auto& ranges = sim.deliveredRanges(side);
        std::uint64_t next = 0;
        bool first = true;
        std::size_t last_event = 0;
        for (const auto& d : ranges) {
            // A new connection (the receiver passed through CLOSED or LISTEN) may start later.
            bool reopened = false;
            for (std::size_t i = last_event; i < d.event && !first; ++i) {
                const Event& e = t.events[i];
                reopened |= e.kind == EventKind::State && e.endpoint == side &&
                            (e.to == State::Closed || e.to == State::Listen);
            }
            if (!first && !reopened && d.offset != next) {
                fail(std::string(sideName(side)) + " was handed stream offset " + std::to_string(d.offset) +
                     " after " + std::to_string(next) + " (event " + std::to_string(d.event) + ")");
                break;
            }
            if (!first && reopened && d.offset < next) fail(std::string(sideName(side)) + " was handed bytes twice");
            next = d.offset + d.length;
            last_event = d.event;
            first = false;
        }
        const std::uint64_t sent = sim.bytesSent(peerOf(side));
        // Bytes the receiving application never read before the TCB went count as arrived.
        const std::uint64_t got = sim.bytesDelivered(side) + sim.endpoint(side).unreadDiscarded();
        if (got > sent) fail(std::string(sideName(side)) + " got " + std::to_string(got) + " bytes of " + std::to_string(sent));
        if (!r.reset && !r.horizon && got != sent)
            fail(std::string(sideName(side)) + " got " + std::to_string(got) + " of " + std::to_string(sent) +
                 " bytes with no reset");
    }

    // The end: CLOSED (or LISTEN) unless the horizon cut the run, and never stuck with no timer.
    // One exception is RFC 9293's own: FIN-WAIT-2 waits for the peer's FIN for ever, and when an
    // abort or a reboot took the peer away and its RST was lost, that FIN never comes.
    if (!r.horizon) {
        for (Side side : {Side::A, Side::B}) {
            const Endpoint& ep = sim.endpoint(side);
            const State peer = sim.endpoint(peerOf(side)).state();
            if (ep.state() == State::FinWait2 && r.reset && (peer == State::Closed || peer == State::Listen)) continue;
            if (ep.state() != State::Closed)
                fail(std::string(sideName(side)) + " ends in " + std::string(stateName(ep.state())));
            if (ep.state() != State::Closed && ep.state() != State::Listen && !ep.pollAt())
                fail(std::string(sideName(side)) + " is left in " + std::string(stateName(ep.state())) +
                     " with no timer running");
        }
    }

    // Segments: within the peer's MSS and its advertised window; retransmission limits.
    std::array<detail::Peer, 2> peers;   // by the receiver of the segments checked
    std::array<std::uint32_t, 2> timeouts_in_a_row{};
    std::array<std::uint32_t, 2> una{};
    for (const Event& e : t.events) {
        const std::size_t s = idx(e.endpoint);
        if (e.kind == EventKind::Timer && e.timer == TimerKind::Retransmission && e.timer_op == TimerOp::Expire) {
            const std::uint32_t limit = std::max(scenario.endpoints[s].tcp.max_retransmissions,
                                                 scenario.endpoints[s].tcp.syn_retries);
            if (++timeouts_in_a_row[s] > limit + 1)
                fail(std::string(sideName(e.endpoint)) + ": more than " + std::to_string(limit) +
                     " retransmission timeouts in a row (step " + std::to_string(t.stepOf(e)) + ")");
        }
        if (e.kind == EventKind::State) timeouts_in_a_row[s] = 0;
        if (e.kind != EventKind::Send) continue;
        const SegmentRecord& rec = t.segment(e.segment);
        if (rec.reason == SendReason::Injected) continue;
        const Segment& seg = rec.segment;
        if (rec.retransmission()) ++r.retransmissions;
        detail::Peer& me = peers[idx(peerOf(e.endpoint))];   // what the other side knows of me
        detail::Peer& peer = peers[s];                       // what I know of the other side
        if (seg.has(kSyn)) {
            me.mss = seg.options.mss;
            me.syn_scale = seg.options.window_scale;
            me.edge.reset();
        }
        // Progress resets the count of timeouts (the TCB sample after this event tells).
        const TcbNumbers tcb = t.tcbAfter(e.endpoint, t.stepOf(e) + 1);
        if (tcb.snd_una != una[s]) timeouts_in_a_row[s] = 0;
        una[s] = tcb.snd_una;
        if (seg.has(kRst)) continue;
        if (seg.has(kAck) && !seg.has(kSyn)) {
            const bool scaled = me.syn_scale && peer.syn_scale;
            const SeqNum edge = seg.ack + static_cast<std::int64_t>(std::uint32_t{seg.window} << (scaled ? *me.syn_scale : 0));
            if (!me.edge || edge > *me.edge) me.edge = edge;
        }
        const std::uint32_t peer_mss = peer.mss.value_or(scenario.start == StartMode::Established
                                                             ? scenario.endpoints[idx(peerOf(e.endpoint))].tcp.mss
                                                             : 536);
        if (seg.payload.size() > peer_mss)
            fail("step " + std::to_string(t.stepOf(e)) + ": " + std::to_string(seg.payload.size()) +
                 " bytes to a peer whose MSS is " + std::to_string(peer_mss));
        const bool probe = rec.reason == SendReason::WindowProbe;
        const std::uint32_t data_len = seg.payload.size() + (seg.has(kFin) ? 1 : 0);
        if (!seg.has(kSyn) && data_len > 0 && !probe && peer.edge && seg.seq + data_len > *peer.edge)
            fail("step " + std::to_string(t.stepOf(e)) + ": " + std::string(sideName(e.endpoint)) + " sends up to " +
                 std::to_string((seg.seq + data_len).value()) + ", beyond the edge " +
                 std::to_string(peer.edge->value()) + " its peer offered");
    }
    return r;
}

inline std::string describe(const Result& r) {
    std::ostringstream o;
    for (const auto& f : r.failures) o << "\n  " << f;
    return o.str();
}

}  // namespace tcpviz::core::property
