// The series of the congestion-window plot and the time–sequence graph, checked against the
// traces of built-in lessons and of variants made here: what a plot shows must be what the
// trace says, in time order, and every point must lead back to an event of the right side.
#include "core/trace/plot_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"

namespace tcpviz::core {
namespace {

Trace simulateBuiltin(const std::string& id) {
    const auto s = resolveScenario(id);
    if (!s) throw std::runtime_error("no built-in scenario " + id);
    return simulate(*s);
}

// data-loss with its JSON text changed: `from` replaced by `to`.
Trace simulateDataLossWith(const std::string& from, const std::string& to) {
    for (const BuiltinScenario& b : builtinScenariosOf(ScenarioKind::TwoEndpoints)) {
        if (b.id != "data-loss") continue;
        std::string json(b.json);
        const auto at = json.find(from);
        if (at == std::string::npos) throw std::runtime_error("data-loss has no " + from);
        json.replace(at, from.size(), to);
        return simulate(parseScenario(json, "data-loss variant"));
    }
    throw std::runtime_error("no data-loss");
}

template <typename Points>
void expectTimeOrdered(const Points& points, const char* what) {
    for (std::size_t i = 1; i < points.size(); ++i) {
        EXPECT_LE(points[i - 1].time, points[i].time) << what << " " << i;
        EXPECT_LT(points[i - 1].event, points[i].event) << what << " " << i;
    }
}

// The series' event indices are events of the kind and side they claim.
void expectEventsOf(const Trace& t, const SequenceSeries& s) {
    for (const auto* marks : {&s.segments, &s.retransmissions}) {
        for (const SequenceMark& m : *marks) {
            ASSERT_LT(m.event, t.events.size());
            const Event& e = t.events[m.event];
            EXPECT_EQ(e.kind, EventKind::Send);
            EXPECT_EQ(e.segment, m.segment);
            EXPECT_EQ(t.segment(m.segment).from, s.side);
            EXPECT_EQ(e.time, m.time);
            EXPECT_GT(m.length, 0u);
        }
    }
    for (const AckPoint& a : s.acks) {
        ASSERT_LT(a.event, t.events.size());
        const Event& e = t.events[a.event];
        EXPECT_EQ(e.kind, EventKind::Arrive);
        EXPECT_EQ(e.endpoint, s.side);
        EXPECT_EQ(t.segment(e.segment).from, peerOf(s.side));
        EXPECT_GE(a.window_edge, a.ack);
    }
    for (const LossMark& l : s.losses) {
        ASSERT_LT(l.event, t.events.size());
        EXPECT_EQ(t.events[l.event].kind, EventKind::Drop);
        EXPECT_EQ(t.segment(l.segment).from, s.side);
    }
}

std::size_t dupAckArrivals(const Trace& t, Side at) {
    return static_cast<std::size_t>(std::count_if(t.events.begin(), t.events.end(), [at](const Event& e) {
        return e.kind == EventKind::Arrive && e.endpoint == at && e.dup_ack > 0;
    }));
}

const SegmentRecord* firstRetransmission(const Trace& t, Side from) {
    for (const SegmentRecord& r : t.segments)
        if (r.from == from && r.retransmission() && r.segment.payload.size() > 0) return &r;
    return nullptr;
}

TEST(PlotData, DataLossPlotsTheClientThatSentTheData) {
    const Trace t = simulateBuiltin("data-loss");
    // 4000 bytes, and the lost segment's 536 again.
    EXPECT_EQ(dataBytesSent(t, Side::A), 4000u + 536u);
    EXPECT_EQ(dataBytesSent(t, Side::B), 0u);
    EXPECT_EQ(defaultPlotSide(t), Side::A);
}

TEST(PlotData, TheSideThatSentMoreDataIsTheDefaultEvenWhenItIsB) {
    // The server answers with more bytes than the client sent.
    Trace t = simulateBuiltin("data-loss");
    for (SegmentRecord& r : t.segments) {
        if (r.from == Side::B) r.segment.payload = Payload::generated(Stream::ServerText, 0, 10000);
    }
    EXPECT_EQ(defaultPlotSide(t), Side::B);
}

TEST(PlotData, DataLossRetransmitsTheLostSegmentAtItsSequenceNumber) {
    const Trace t = simulateBuiltin("data-loss");
    const SequenceSeries s = sequenceSeries(t, Side::A);
    expectEventsOf(t, s);

    // Eight segments cover the 4000 bytes from relative 1 (the SYN is 0), each one where the
    // one before ended.
    ASSERT_EQ(s.segments.size(), 8u);
    std::uint64_t next = 1;
    for (const SequenceMark& m : s.segments) {
        EXPECT_EQ(m.seq, next);
        next += m.length;
    }
    EXPECT_EQ(next, 4001u);

    // The fault drops the segment at absolute 1173 (ISS 100): relative 1073.
    ASSERT_EQ(s.losses.size(), 1u);
    EXPECT_EQ(s.losses[0].seq, 1073u);
    EXPECT_EQ(s.losses[0].reason, DropReason::Fault);
    ASSERT_FALSE(s.retransmissions.empty());
    const auto again = std::find_if(s.retransmissions.begin(), s.retransmissions.end(),
                                    [&](const SequenceMark& m) { return m.seq == s.losses[0].seq; });
    ASSERT_NE(again, s.retransmissions.end());
    EXPECT_EQ(again->kind, Retransmission::Fast);   // three duplicate ACKs come before any timeout
    EXPECT_GT(again->time, s.losses[0].time);
    EXPECT_EQ(again->segment, firstRetransmission(t, Side::A)->id);

    // Every duplicate ACK the client counted is a tick, on the ACK line at the hole.
    EXPECT_EQ(s.dup_acks.size(), dupAckArrivals(t, Side::A));
    EXPECT_GE(s.dup_acks.size(), 3u);
    for (const AckPoint& d : s.dup_acks) EXPECT_EQ(d.ack, 1073u);

    // The last ACK covers everything, and the window edge lies a window beyond it.
    ASSERT_FALSE(s.acks.empty());
    EXPECT_EQ(s.acks.back().ack, 4001u);
    const SegmentRecord& last_ack = t.segment(s.acks.back().segment);
    EXPECT_EQ(s.acks.back().window_edge, 4001u + last_ack.segment.window);
}

TEST(PlotData, SeriesAreTimeOrderedInEveryBuiltinLesson) {
    for (const BuiltinScenario& b : builtinScenariosOf(ScenarioKind::TwoEndpoints)) {
        SCOPED_TRACE(b.id);
        const Trace t = simulate(parseScenario(b.json, b.id));
        for (Side side : {Side::A, Side::B}) {
            const SequenceSeries s = sequenceSeries(t, side);
            expectTimeOrdered(s.segments, "segments");
            expectTimeOrdered(s.retransmissions, "retransmissions");
            expectTimeOrdered(s.acks, "acks");
            expectTimeOrdered(s.dup_acks, "dup acks");
            expectTimeOrdered(s.losses, "losses");
            expectEventsOf(t, s);
            EXPECT_EQ(s.dup_acks.size(), dupAckArrivals(t, side));

            const CwndSeries c = cwndSeries(t, side);
            expectTimeOrdered(c.points, "cwnd");
            if (!c.points.empty()) {
                EXPECT_GE(c.end, c.points.back().time);
            }
            for (std::size_t i = 0; i < c.phases.size(); ++i) {
                EXPECT_LE(c.phases[i].begin, c.phases[i].end);
                EXPECT_NE(c.phases[i].phase, CongestionPhase::Unlimited);
                if (i > 0) {
                    EXPECT_LE(c.phases[i - 1].end, c.phases[i].begin);
                    EXPECT_LT(c.phases[i - 1].event, c.phases[i].event);
                }
            }
        }
    }
}

TEST(PlotData, CwndPointsComeFromTheSendersSendsAndTcbSamples) {
    const Trace t = simulateBuiltin("data-loss");
    const CwndSeries c = cwndSeries(t, Side::A);
    ASSERT_FALSE(c.empty());
    std::set<std::uint32_t> sample_events;
    for (const TcbSample& s : t.tcb_samples[idx(Side::A)])
        if (s.event > 0) sample_events.insert(s.event - 1);
    for (const CwndPoint& p : c.points) {
        ASSERT_LT(p.event, t.events.size());
        const Event& e = t.events[p.event];
        EXPECT_EQ(e.time, p.time);
        if (sample_events.count(p.event)) {
            // The TCB once its input was done.
            const TcbNumbers tcb = t.tcbAfter(Side::A, p.event + 1);
            EXPECT_EQ(p.cwnd, tcb.cwnd);
            EXPECT_EQ(p.flight, tcb.snd_nxt - tcb.snd_una);
            if (tcb.state == State::SynSent) {
                EXPECT_FALSE(p.peer_window.has_value());
            } else {
                EXPECT_EQ(p.peer_window, tcb.snd_wnd);
            }
        } else {
            // A send: the window it was sent with.
            ASSERT_EQ(e.kind, EventKind::Send) << "event " << p.event;
            EXPECT_EQ(e.endpoint, Side::A);
            const SegmentRecord& r = t.segment(e.segment);
            EXPECT_EQ(p.cwnd, r.cwnd);
            EXPECT_EQ(p.flight, r.flight);
        }
    }
    // It starts with the SYN.
    EXPECT_TRUE(t.segment(t.events[c.points.front().event].segment).segment.has(kSyn));
}

TEST(PlotData, SsthreshAppearsAtTheFastRetransmitAndFastRecoveryIsShaded) {
    const Trace t = simulateBuiltin("data-loss");
    const CwndSeries c = cwndSeries(t, Side::A);
    const SegmentRecord* again = firstRetransmission(t, Side::A);
    ASSERT_NE(again, nullptr);
    ASSERT_NE(again->ssthresh, CongestionController::kUnlimited);
    TimeUs fast_at = -1;
    for (const CwndPoint& p : c.points) {
        ASSERT_TRUE(p.cwnd.has_value());   // NewReno limits from the start
        if (p.time < again->sent_at) {
            EXPECT_FALSE(p.ssthresh.has_value()) << "at " << p.time;
        } else {
            EXPECT_EQ(p.ssthresh, again->ssthresh) << "at " << p.time;
        }
        if (fast_at < 0 && p.ssthresh) fast_at = p.time;
    }
    EXPECT_EQ(fast_at, again->sent_at);

    // Slow start from the SYN, fast recovery from the retransmission, congestion avoidance
    // once the new data is acknowledged.
    ASSERT_GE(c.phases.size(), 3u);
    EXPECT_EQ(c.phases[0].phase, CongestionPhase::SlowStart);
    EXPECT_EQ(c.phases[0].begin, c.points.front().time);
    const auto recovery = std::find_if(c.phases.begin(), c.phases.end(), [](const PhaseInterval& p) {
        return p.phase == CongestionPhase::FastRecovery;
    });
    ASSERT_NE(recovery, c.phases.end());
    EXPECT_EQ(recovery->begin, again->sent_at);
    ASSERT_NE(recovery + 1, c.phases.end());
    EXPECT_EQ((recovery + 1)->phase, CongestionPhase::CongestionAvoidance);
    EXPECT_EQ(c.phases.back().end, c.end);
}

TEST(PlotData, ALostLastSegmentIsRetransmittedAfterATimeout) {
    // Nothing follows the last segment, so no duplicate ACK can announce its loss.
    const Trace t = simulateDataLossWith("\"seq\": 1173", "\"seq\": 3853");
    const SequenceSeries s = sequenceSeries(t, Side::A);
    ASSERT_EQ(s.losses.size(), 1u);
    EXPECT_EQ(s.losses[0].seq, 3753u);
    ASSERT_FALSE(s.retransmissions.empty());
    EXPECT_EQ(s.retransmissions[0].seq, 3753u);
    EXPECT_EQ(s.retransmissions[0].kind, Retransmission::Timeout);
    EXPECT_TRUE(s.dup_acks.empty());

    const CwndSeries c = cwndSeries(t, Side::A);
    EXPECT_TRUE(std::any_of(c.phases.begin(), c.phases.end(),
                            [](const PhaseInterval& p) { return p.phase == CongestionPhase::AfterTimeout; }));
    // The loss window: one segment.
    const auto at = std::find_if(c.points.begin(), c.points.end(),
                                 [&](const CwndPoint& p) { return p.event == s.retransmissions[0].event; });
    ASSERT_NE(at, c.points.end());
    EXPECT_EQ(at->cwnd, t.segment(s.retransmissions[0].segment).cwnd);
    EXPECT_LE(*at->cwnd, 536u);
}

TEST(PlotData, WithoutCongestionControlThereIsNoWindowAndNoPhase) {
    const Trace t = simulateDataLossWith("\"endpoints\": {", "\"tcp\": {\"congestion\": \"none\"}, \"endpoints\": {");
    const CwndSeries c = cwndSeries(t, Side::A);
    ASSERT_FALSE(c.empty());
    EXPECT_EQ(c.algorithm, CongestionAlgorithm::None);
    EXPECT_TRUE(c.phases.empty());
    for (const CwndPoint& p : c.points) {
        EXPECT_FALSE(p.cwnd.has_value());
        EXPECT_FALSE(p.ssthresh.has_value());
        EXPECT_TRUE(p.flight.has_value());
    }
    // The server's window, once its SYN,ACK has told it.
    EXPECT_FALSE(c.points.front().peer_window.has_value());
    EXPECT_EQ(c.points.back().peer_window, t.tcbAfter(Side::A, t.events.size()).snd_wnd);
}

TEST(PlotData, TheWindowLineIsScaledAsTheSenderScalesIt) {
    // A receive buffer above 65535 bytes: both SYNs offer a window scale.
    const Trace t = simulateDataLossWith("\"endpoints\": {", "\"tcp\": {\"window\": 400000}, \"endpoints\": {");
    const SequenceSeries s = sequenceSeries(t, Side::A);
    ASSERT_FALSE(s.acks.empty());
    const AckPoint& last = s.acks.back();
    ASSERT_TRUE(t.segment(1).segment.has(kSyn));
    ASSERT_TRUE(t.segment(2).segment.has(kSyn));
    EXPECT_GT(t.segment(1).segment.options.window_scale.value_or(0), 0);
    EXPECT_GT(t.segment(2).segment.options.window_scale.value_or(0), 0);
    // What the client believes the window is in the end, after that ACK.
    EXPECT_EQ(last.window_edge - last.ack, t.tcbAfter(Side::A, t.events.size()).snd_wnd);
    EXPECT_GT(last.window_edge - last.ack, 65535u);
}

TEST(PlotData, ASideThatSentNothingHasEmptySeries) {
    const Trace t = simulateBuiltin("data-loss");
    const SequenceSeries s = sequenceSeries(t, Side::B);
    EXPECT_TRUE(s.segments.empty());
    EXPECT_TRUE(s.retransmissions.empty());
    EXPECT_TRUE(s.losses.empty());
    // The client's segments acknowledge the server's SYN: they are the server's ACK line.
    EXPECT_FALSE(s.acks.empty());
}

}  // namespace
}  // namespace tcpviz::core
