// The lessons of issue 13 (data transfer like real TCP): each shows what its description
// promises, read from the trace. Nothing here copies sequence numbers or times out of a trace:
// the assertions are the rules the lesson teaches (three duplicate ACKs, cwnd = ssthresh + 3 MSS,
// a zero-window probe, window / RTT, ...), with the lesson's own settings as the numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"

using namespace tcpviz::core;

namespace {

constexpr std::uint32_t kUnlimited = CongestionController::kUnlimited;

Scenario lesson(const std::string& id) {
    auto s = resolveScenario(id);
    if (!s) throw std::runtime_error("no built-in scenario " + id);
    return *s;
}

struct LessonRun {
    Scenario scenario;
    Trace trace;
    std::array<std::uint64_t, 2> sent{};        // bytes each application handed to TCP
    std::array<std::uint64_t, 2> delivered{};   // bytes each application was handed
};

LessonRun runLesson(const std::string& id) {
    LessonRun r{lesson(id), {}, {}, {}};
    Simulator sim(r.scenario);
    sim.run();
    for (Side side : {Side::A, Side::B}) {
        r.sent[idx(side)] = sim.bytesSent(side);
        r.delivered[idx(side)] = sim.bytesDelivered(side);
    }
    r.trace = sim.takeTrace();
    return r;
}

std::uint32_t mssOf(const Scenario& s, Side side) { return s.endpoints[idx(side)].tcp.mss; }

// The segments an endpoint sent, in order, optionally only those with data.
std::vector<const SegmentRecord*> sentBy(const Trace& t, Side side, bool data_only = false) {
    std::vector<const SegmentRecord*> out;
    for (const auto& r : t.segments)
        if (r.from == side && (!data_only || !r.segment.payload.empty())) out.push_back(&r);
    return out;
}

std::vector<const SegmentRecord*> retransmissions(const Trace& t, Side side) {
    std::vector<const SegmentRecord*> out;
    for (const auto* r : sentBy(t, side))
        if (r->retransmission()) out.push_back(r);
    return out;
}

std::size_t countKind(const std::vector<const SegmentRecord*>& rs, Retransmission kind) {
    return static_cast<std::size_t>(
        std::count_if(rs.begin(), rs.end(), [&](const SegmentRecord* r) { return r->retransmissionKind() == kind; }));
}

// Index of the send event of a segment.
std::size_t sendIndex(const Trace& t, std::uint64_t segment) {
    for (std::size_t i = 0; i < t.events.size(); ++i)
        if (t.events[i].kind == EventKind::Send && t.events[i].segment == segment) return i;
    throw std::logic_error("segment never sent");
}

// The event (a call, an arrival, a timer expiry) whose processing sent the segment.
const Event& causeOf(const Trace& t, std::uint64_t segment) {
    return t.events.at(t.events[sendIndex(t, segment)].input);
}

// The deadline of the endpoint's retransmission timer as it stood just before event `index`.
std::optional<TimeUs> retransmissionDeadlineBefore(const Trace& t, Side side, std::size_t index) {
    std::optional<TimeUs> deadline;
    for (std::size_t i = 0; i < index; ++i) {
        const Event& e = t.events[i];
        if (e.kind != EventKind::Timer || e.endpoint != side || e.timer != TimerKind::Retransmission) continue;
        if (e.timer_op == TimerOp::Start) deadline = e.deadline;
        else deadline.reset();
    }
    return deadline;
}

TimeUs sampleTime(const Trace& t, const TcbSample& s) { return s.event == 0 ? 0 : t.events[s.event - 1].time; }

// The TCB sample taken after the input that contains event `index` (the first one after it).
const TcbSample& sampleAfterEvent(const Trace& t, Side side, std::size_t index) {
    for (const TcbSample& s : t.tcb_samples[idx(side)])
        if (s.event > index) return s;
    throw std::logic_error("no TCB sample after the event");
}

const TcbSample& sampleAfterSend(const Trace& t, std::uint64_t segment) {
    return sampleAfterEvent(t, t.segment(segment).from, sendIndex(t, segment));
}

TimeUs firstCall(const Trace& t, Side side, CallKind kind, std::size_t nth = 1) {
    std::size_t seen = 0;
    for (const Event& e : t.events)
        if (e.kind == EventKind::Call && e.endpoint == side && e.call == kind && ++seen == nth) return e.time;
    throw std::logic_error("no such call");
}

// How long the endpoint's transfer took: from its (first) send call until everything it ever
// sent was acknowledged.
TimeUs transferTime(const Trace& t, Side side) {
    const auto& samples = t.tcb_samples[idx(side)];
    const std::uint32_t end = samples.back().tcb.snd_nxt;
    const TimeUs start = firstCall(t, side, CallKind::Send);
    for (const TcbSample& s : samples)
        if (sampleTime(t, s) >= start && s.tcb.snd_una == end) return sampleTime(t, s) - start;
    throw std::logic_error("the transfer never completed");
}

std::size_t arrivalsWithDupAck(const Trace& t, Side receiver, TimeUs before) {
    return static_cast<std::size_t>(std::count_if(t.events.begin(), t.events.end(), [&](const Event& e) {
        return e.kind == EventKind::Arrive && e.endpoint == receiver && e.dup_ack > 0 && e.time < before;
    }));
}

std::size_t drops(const Trace& t, Side sender, std::optional<DropReason> reason = {}) {
    return static_cast<std::size_t>(std::count_if(t.events.begin(), t.events.end(), [&](const Event& e) {
        return e.kind == EventKind::Drop && e.endpoint == sender && (!reason || e.drop_reason == *reason);
    }));
}

// A fast retransmission leaves in answer to the third duplicate ACK (or a partial ACK), well
// before the retransmission timer that was running would have expired.
void expectFastBeforeTheTimer(const Trace& t, const SegmentRecord& r, TimeUs margin) {
    EXPECT_EQ(r.retransmissionKind(), Retransmission::Fast) << "segment " << r.id;
    const auto deadline = retransmissionDeadlineBefore(t, r.from, sendIndex(t, r.id));
    ASSERT_TRUE(deadline.has_value()) << "no retransmission timer was running";
    EXPECT_GE(*deadline - r.sent_at, margin) << "segment " << r.id << " left too close to the RTO";
}

const std::vector<std::string> kLossLessons = {"data-loss", "fast-retransmit", "timeout-vs-fast-retransmit",
                                               "fast-recovery"};
const std::vector<std::string> kCongestionLessons = {"slow-start", "tahoe-vs-reno", "cubic-vs-newreno",
                                                     "flow-control", "bandwidth-delay-product",
                                                     "nagle-delayed-ack"};

}  // namespace

TEST(Lessons, EveryTransferLessonIsInItsGroupAndEndsQuietWithEverythingAcknowledged) {
    std::vector<std::string> ids;
    for (const auto& b : builtinScenarios()) ids.push_back(b.id);
    for (const auto* group : {&kLossLessons, &kCongestionLessons}) {
        for (const std::string& id : *group) {
            SCOPED_TRACE(id);
            ASSERT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << "not in library.txt";
            const LessonRun r = runLesson(id);
            EXPECT_EQ(r.scenario.group, group == &kLossLessons ? "loss" : "congestion");
            EXPECT_EQ(r.trace.end.reason, EndReason::Quiet);
            // A lesson whose two applications close ends with both endpoints CLOSED; the others
            // keep the connection open, with nothing left unacknowledged.
            std::array<bool, 2> closes{};
            for (const ScriptAction& a : r.scenario.script)
                if (const auto* c = std::get_if<ScriptCall>(&a.what); c && c->call == CallKind::Close)
                    closes[idx(c->endpoint)] = true;
            const auto states = r.trace.statesAfter(r.trace.events.size());
            for (Side side : {Side::A, Side::B}) {
                EXPECT_EQ(states[idx(side)], closes[0] && closes[1] ? State::Closed : State::Established)
                    << sideName(side);
                const TcbNumbers& last = r.trace.tcb_samples[idx(side)].back().tcb;
                if (last.state == State::Established) {
                    EXPECT_EQ(last.snd_una, last.snd_nxt) << sideName(side);
                }
                // Every byte an application sent reached the other application, except what a
                // slow reader has not read yet.
                if (r.scenario.endpoints[idx(peerOf(side))].tcp.auto_receive) {
                    EXPECT_EQ(r.delivered[idx(peerOf(side))], r.sent[idx(side)]) << sideName(side);
                }
            }
        }
    }
}

TEST(Lessons, DataLossIsRepairedByFastRetransmitNotByTheTimer) {
    const LessonRun r = runLesson("data-loss");
    const Trace& t = r.trace;
    EXPECT_EQ(drops(t, Side::A), 1u);
    const auto again = retransmissions(t, Side::A);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(countKind(again, Retransmission::Timeout), 0u);
    expectFastBeforeTheTimer(t, *again[0], 500'000);
    // It answers the third duplicate ACK.
    const Event& cause = causeOf(t, again[0]->id);
    EXPECT_EQ(cause.kind, EventKind::Arrive);
    EXPECT_EQ(cause.dup_ack, 3);
    EXPECT_EQ(r.delivered[idx(Side::B)], 4000u);
}

TEST(Lessons, FastRetransmitAnswersTheThirdDuplicateAckLongBeforeTheTimeout) {
    const LessonRun r = runLesson("fast-retransmit");
    const Trace& t = r.trace;
    ASSERT_EQ(drops(t, Side::A), 1u);
    const auto again = retransmissions(t, Side::A);
    ASSERT_EQ(again.size(), 1u);
    const SegmentRecord& fast = *again[0];
    expectFastBeforeTheTimer(t, fast, 500'000);
    const Event& cause = causeOf(t, fast.id);
    EXPECT_EQ(cause.kind, EventKind::Arrive);
    EXPECT_EQ(cause.dup_ack, 3);
    // Every ACK after the gap asks for the lost segment: all duplicates name its first byte.
    std::size_t duplicates = 0;
    for (const Event& e : t.events) {
        if (e.kind != EventKind::Arrive || e.endpoint != Side::A || e.dup_ack == 0) continue;
        ++duplicates;
        EXPECT_EQ(t.segment(e.segment).segment.ack, fast.segment.seq);
    }
    EXPECT_GE(duplicates, 3u);
    // It leaves one round trip after the lost segment, not an RTO later.
    const auto& first_try = *std::find_if(t.segments.begin(), t.segments.end(), [&](const SegmentRecord& s) {
        return s.from == Side::A && s.segment.seq == fast.segment.seq && !s.retransmission();
    });
    const TimeUs rtt = msToUs(r.scenario.link[0].delay_ms + r.scenario.link[1].delay_ms);
    EXPECT_LE(fast.sent_at - first_try.sent_at, 2 * rtt);
    // The next ACK from the server acknowledges everything.
    const auto acks = sentBy(t, Side::B);
    const auto after = std::find_if(acks.begin(), acks.end(), [&](const SegmentRecord* a) { return a->sent_at > fast.sent_at; });
    ASSERT_NE(after, acks.end());
    EXPECT_EQ((*after)->segment.ack, SeqNum(t.tcb_samples[0].back().tcb.snd_nxt));
    EXPECT_EQ(r.delivered[idx(Side::B)], r.sent[idx(Side::A)]);
}

TEST(Lessons, TimeoutVsFastRetransmitOnlyTheTimerCanRecoverTheTailOfABurst) {
    const LessonRun r = runLesson("timeout-vs-fast-retransmit");
    const Trace& t = r.trace;
    // The client's loss has segments behind it: fast retransmit, long before its RTO.
    ASSERT_EQ(drops(t, Side::A), 1u);
    const auto a = retransmissions(t, Side::A);
    ASSERT_EQ(a.size(), 1u);
    expectFastBeforeTheTimer(t, *a[0], 500'000);
    // The server's loss is the last segment of its burst: no duplicate ACK ever comes back...
    ASSERT_EQ(drops(t, Side::B), 1u);
    const auto b = retransmissions(t, Side::B);
    ASSERT_GE(b.size(), 1u);
    EXPECT_EQ(countKind(b, Retransmission::Fast), 0u);
    EXPECT_EQ(b[0]->retransmissionKind(), Retransmission::Timeout);
    EXPECT_EQ(arrivalsWithDupAck(t, Side::B, b[0]->sent_at), 0u);
    // ...so it waits for the timer: at least the minimum RTO after the lost segment left.
    const TimeUs lost_at = std::find_if(t.segments.begin(), t.segments.end(), [&](const SegmentRecord& s) {
                               return s.from == Side::B && s.segment.seq == b[0]->segment.seq;
                           })->sent_at;
    EXPECT_GE(b[0]->sent_at - lost_at, r.scenario.endpoints[1].tcp.rto_min);
    EXPECT_EQ(causeOf(t, b[0]->id).kind, EventKind::Timer);
    // And the timeout costs the window: one segment (RFC 5681 equation (4)).
    EXPECT_EQ(b[0]->cwnd, mssOf(r.scenario, Side::B));
    // The fast retransmission kept the client's window at ssthresh + 3 segments.
    EXPECT_EQ(a[0]->cwnd, a[0]->ssthresh + 3 * mssOf(r.scenario, Side::A));
    for (Side side : {Side::A, Side::B}) EXPECT_EQ(r.delivered[idx(peerOf(side))], r.sent[idx(side)]);
}

TEST(Lessons, FastRecoveryResendsEachHoleOnAPartialAck) {
    const LessonRun r = runLesson("fast-recovery");
    const Trace& t = r.trace;
    const std::uint32_t mss = mssOf(r.scenario, Side::A);
    EXPECT_EQ(drops(t, Side::A), 2u);
    const auto again = retransmissions(t, Side::A);
    ASSERT_EQ(again.size(), 2u) << "each hole is resent exactly once";
    EXPECT_EQ(countKind(again, Retransmission::Timeout), 0u);
    for (const auto* s : again) expectFastBeforeTheTimer(t, *s, 500'000);

    // The first: the third duplicate ACK; ssthresh = FlightSize / 2, cwnd = ssthresh + 3 MSS.
    EXPECT_EQ(causeOf(t, again[0]->id).dup_ack, 3);
    const TcbNumbers entered = sampleAfterSend(t, again[0]->id).tcb;
    EXPECT_EQ(entered.phase, CongestionPhase::FastRecovery);
    EXPECT_EQ(again[0]->ssthresh, std::max(again[0]->flight / 2, 2 * mss));
    EXPECT_EQ(again[0]->cwnd, again[0]->ssthresh + 3 * mss);

    // The second: a partial ACK (new data acknowledged, still short of what was outstanding when
    // recovery began), answered at once and without leaving recovery.
    const Event& partial = causeOf(t, again[1]->id);
    ASSERT_EQ(partial.kind, EventKind::Arrive);
    EXPECT_EQ(partial.dup_ack, 0);
    const SegmentRecord& partial_ack = t.segment(partial.segment);
    EXPECT_GT(partial_ack.segment.ack, again[0]->segment.seq);
    EXPECT_EQ(partial_ack.segment.ack, again[1]->segment.seq) << "the partial ACK names the next hole";
    const TcbNumbers before_partial = t.tcbAfter(Side::A, sendIndex(t, again[1]->id) - 1);
    const TcbNumbers after_partial = sampleAfterSend(t, again[1]->id).tcb;
    EXPECT_EQ(after_partial.phase, CongestionPhase::FastRecovery);

    // In between, duplicate ACKs inflated cwnd beyond ssthresh + 3 MSS; the partial ACK deflates.
    std::uint32_t inflated = 0;
    bool left_recovery = false;
    std::optional<TcbNumbers> exit;
    for (const TcbSample& s : t.tcb_samples[0]) {
        if (s.event <= sendIndex(t, again[0]->id)) continue;
        if (s.tcb.phase == CongestionPhase::FastRecovery) {
            EXPECT_FALSE(left_recovery) << "recovery is left only once";
            inflated = std::max(inflated, s.tcb.cwnd);
        } else if (!left_recovery) {
            left_recovery = true;
            exit = s.tcb;
        }
    }
    EXPECT_GT(inflated, entered.ssthresh + 3 * mss);
    EXPECT_LT(after_partial.cwnd, before_partial.cwnd);
    // The full ACK ends recovery: cwnd = ssthresh (RFC 6582 §3.2 step 3).
    ASSERT_TRUE(exit.has_value());
    EXPECT_EQ(exit->phase, CongestionPhase::CongestionAvoidance);
    EXPECT_EQ(exit->cwnd, entered.ssthresh);
    EXPECT_EQ(r.delivered[idx(Side::B)], r.sent[idx(Side::A)]);
}

TEST(Lessons, SlowStartDoublesTheWindowEveryRoundTripUntilTheQueueOverflows) {
    const LessonRun r = runLesson("slow-start");
    const Trace& t = r.trace;
    const auto& samples = t.tcb_samples[0];
    // Round 0 is the initial window; round k + 1 is what was sent by the time round k was
    // acknowledged. With every segment acknowledged, cwnd doubles from one round to the next.
    const auto data = sentBy(t, Side::A, true);
    ASSERT_FALSE(data.empty());
    std::vector<std::uint32_t> windows{data.front()->cwnd};
    EXPECT_EQ(windows.front(), 4 * mssOf(r.scenario, Side::A)) << "RFC 5681 initial window for MSS 536";
    std::uint32_t round_end = sampleAfterSend(t, data.front()->id).tcb.snd_nxt;
    for (const TcbSample& s : samples) {
        if (s.tcb.dup_acks > 0 || s.tcb.phase != CongestionPhase::SlowStart) break;
        EXPECT_EQ(s.tcb.ssthresh, kUnlimited);
        if (sampleTime(t, s) > data.front()->sent_at && s.tcb.snd_una >= round_end) {
            windows.push_back(s.tcb.cwnd);
            round_end = s.tcb.snd_nxt;
        }
    }
    ASSERT_GE(windows.size(), 4u) << "at least three round trips of slow start";
    for (std::size_t k = 1; k < windows.size(); ++k)
        EXPECT_GE(windows[k], 2 * windows[k - 1]) << "round " << k;
    // Slow start ends where the bottleneck queue overflows, and the duplicate ACKs repair it.
    EXPECT_GT(drops(t, Side::A, DropReason::QueueFull), 0u);
    EXPECT_EQ(drops(t, Side::A), drops(t, Side::A, DropReason::QueueFull));
    const auto again = retransmissions(t, Side::A);
    ASSERT_FALSE(again.empty());
    EXPECT_EQ(countKind(again, Retransmission::Timeout), 0u);
    EXPECT_EQ(again.size(), drops(t, Side::A));
    EXPECT_NE(again.front()->ssthresh, kUnlimited);
    EXPECT_EQ(r.delivered[idx(Side::B)], r.sent[idx(Side::A)]);
}

TEST(Lessons, TahoeFallsToOneSegmentRenoToHalf) {
    const LessonRun r = runLesson("tahoe-vs-reno");
    const Trace& t = r.trace;
    ASSERT_EQ(t.endpoints[0].congestion, CongestionAlgorithm::Tahoe);
    ASSERT_EQ(t.endpoints[1].congestion, CongestionAlgorithm::Reno);
    // The same bytes are lost in both transfers.
    std::array<std::set<std::int64_t>, 2> lost;
    for (const Event& e : t.events) {
        if (e.kind != EventKind::Drop) continue;
        const SegmentRecord& s = t.segment(e.segment);
        lost[idx(s.from)].insert(s.segment.seq - SeqNum(t.tcb_samples[idx(s.from)].back().tcb.iss));
    }
    EXPECT_EQ(lost[0], lost[1]);
    ASSERT_GE(lost[0].size(), 2u);

    for (Side side : {Side::A, Side::B}) {
        SCOPED_TRACE(sideName(side));
        const std::uint32_t mss = mssOf(r.scenario, side);
        const auto again = retransmissions(t, side);
        ASSERT_EQ(again.size(), lost[idx(side)].size());
        EXPECT_EQ(countKind(again, Retransmission::Timeout), 0u);
        for (std::size_t i = 0; i < again.size(); ++i) {
            const SegmentRecord& fast = *again[i];
            expectFastBeforeTheTimer(t, fast, 500'000);
            EXPECT_EQ(fast.ssthresh, std::max(fast.flight / 2, 2 * mss));
            const TcbNumbers after = sampleAfterSend(t, fast.id).tcb;
            if (side == Side::A) {
                // Tahoe: one segment, and slow start again.
                EXPECT_EQ(fast.cwnd, mss);
                EXPECT_EQ(after.phase, CongestionPhase::SlowStart);
            } else {
                // Reno: ssthresh + 3 MSS during recovery, ssthresh when it ends.
                EXPECT_EQ(fast.cwnd, fast.ssthresh + 3 * mss);
                EXPECT_EQ(after.phase, CongestionPhase::FastRecovery);
                const std::size_t from = sendIndex(t, fast.id);
                for (const TcbSample& s : t.tcb_samples[1]) {
                    if (s.event <= from || s.tcb.phase == CongestionPhase::FastRecovery) continue;
                    EXPECT_EQ(s.tcb.cwnd, fast.ssthresh);
                    EXPECT_EQ(s.tcb.phase, CongestionPhase::CongestionAvoidance);
                    break;
                }
            }
        }
        // Between two losses the window climbs back to ssthresh and grows linearly from there.
        bool avoided = false;
        for (const TcbSample& s : t.tcb_samples[idx(side)])
            avoided |= s.event > sendIndex(t, again[0]->id) && s.event < sendIndex(t, again[1]->id) &&
                       s.tcb.phase == CongestionPhase::CongestionAvoidance;
        EXPECT_TRUE(avoided);
        EXPECT_EQ(r.delivered[idx(peerOf(side))], r.sent[idx(side)]);
    }
    // Halving costs less than starting again: Reno finishes the same transfer sooner.
    EXPECT_LT(transferTime(t, Side::B), transferTime(t, Side::A));
}

TEST(Lessons, CubicCutsLessAndRegainsItsWindowSoonerThanNewReno) {
    const LessonRun r = runLesson("cubic-vs-newreno");
    const Trace& t = r.trace;
    ASSERT_EQ(t.endpoints[0].congestion, CongestionAlgorithm::Cubic);
    ASSERT_EQ(t.endpoints[1].congestion, CongestionAlgorithm::NewReno);
    struct Cut {
        std::uint32_t w_max = 0;        // cwnd just before the loss was found
        std::uint32_t ssthresh = 0;
        std::optional<TimeUs> regained; // from the end of recovery until cwnd >= w_max again
        std::uint32_t grown_first_second = 0;
    };
    std::array<Cut, 2> cut;
    for (Side side : {Side::A, Side::B}) {
        SCOPED_TRACE(sideName(side));
        const auto again = retransmissions(t, side);
        ASSERT_EQ(again.size(), 1u);
        expectFastBeforeTheTimer(t, *again[0], 500'000);
        Cut& c = cut[idx(side)];
        const std::size_t at = sendIndex(t, again[0]->id);
        c.w_max = t.tcbAfter(side, t.stepOf(causeOf(t, again[0]->id))).cwnd;
        c.ssthresh = again[0]->ssthresh;
        std::optional<TimeUs> exit;
        std::uint32_t exit_cwnd = 0;
        for (const TcbSample& s : t.tcb_samples[idx(side)]) {
            if (s.event <= at || s.tcb.phase == CongestionPhase::FastRecovery) continue;
            const TimeUs now = sampleTime(t, s);
            if (!exit) {
                exit = now;
                exit_cwnd = s.tcb.cwnd;
            }
            if (now - *exit <= 1'000'000) c.grown_first_second = s.tcb.cwnd - exit_cwnd;
            if (!c.regained && s.tcb.cwnd >= c.w_max) c.regained = now - *exit;
        }
        ASSERT_TRUE(exit.has_value());
        EXPECT_EQ(r.delivered[idx(peerOf(side))], r.sent[idx(side)]);
    }
    const std::uint32_t mss = mssOf(r.scenario, Side::A);
    // CUBIC: β = 0.7 of the window (RFC 9438 §4.6); NewReno: half the flight (RFC 5681).
    EXPECT_NEAR(cut[0].ssthresh, 0.7 * cut[0].w_max, mss);
    EXPECT_LE(cut[1].ssthresh, cut[1].w_max / 2 + mss);
    EXPECT_GT(cut[0].ssthresh, cut[1].ssthresh);
    // CUBIC grows by the clock, fast while far below W_max: more in its first second than
    // NewReno's one segment per 0.6 s round trip.
    EXPECT_GT(cut[0].grown_first_second, cut[1].grown_first_second);
    // CUBIC is back at W_max while NewReno is still climbing (or never gets there).
    ASSERT_TRUE(cut[0].regained.has_value());
    if (cut[1].regained) {
        EXPECT_LT(*cut[0].regained, *cut[1].regained);
    }
    EXPECT_LT(transferTime(t, Side::A), transferTime(t, Side::B));
}

TEST(Lessons, FlowControlProbesTheZeroWindowUntilTheUpdate) {
    const LessonRun r = runLesson("flow-control");
    const Trace& t = r.trace;
    // The reader falls behind: the client sees the server's window close to 0.
    bool closed = false;
    for (const TcbSample& s : t.tcb_samples[0]) closed |= s.tcb.state == State::Established && s.tcb.snd_wnd == 0;
    ASSERT_TRUE(closed);
    // While it is closed the client probes, backing off, and each probe is answered with 0.
    std::vector<const SegmentRecord*> probes;
    for (const auto* s : sentBy(t, Side::A)) {
        if (s->reason != SendReason::WindowProbe) continue;
        probes.push_back(s);
        EXPECT_EQ(t.tcbAfter(Side::A, sendIndex(t, s->id)).snd_wnd, 0u) << "probe " << s->id;
        EXPECT_LE(s->segment.payload.size(), 1u);
        const Event& timer = causeOf(t, s->id);
        EXPECT_EQ(timer.kind, EventKind::Timer);
        EXPECT_EQ(timer.timer, TimerKind::Persist);
    }
    ASSERT_GE(probes.size(), 2u);
    // The persist timer backs off: each wait at least as long as the one before, starting from
    // when the zero window arrived.
    const auto zero = std::find_if(t.events.begin(), t.events.end(), [&](const Event& e) {
        return e.kind == EventKind::Arrive && e.endpoint == Side::A && t.segment(e.segment).segment.window == 0;
    });
    ASSERT_NE(zero, t.events.end());
    TimeUs last = zero->time, wait = 0;
    for (const auto* p : probes) {
        EXPECT_GE(p->sent_at - last, wait) << "probe " << p->id;
        wait = p->sent_at - last;
        last = p->sent_at;
    }
    for (const auto* s : sentBy(t, Side::B)) {
        if (s->sent_at > probes.front()->sent_at && s->sent_at < firstCall(t, Side::B, CallKind::Receive)) {
            EXPECT_EQ(s->segment.window, 0u) << "answer " << s->id;
        }
    }
    // The read reopens the window: a window update, and the data flows again.
    const TimeUs read = firstCall(t, Side::B, CallKind::Receive);
    const auto update = std::find_if(t.segments.begin(), t.segments.end(), [&](const SegmentRecord& s) {
        return s.from == Side::B && s.sent_at >= read;
    });
    ASSERT_NE(update, t.segments.end());
    EXPECT_EQ(update->reason, SendReason::WindowUpdate);
    EXPECT_GT(update->segment.window, 0u);
    EXPECT_EQ(update->sent_at, read) << "sent when the application reads";
    bool data_after = false;
    for (const auto* s : sentBy(t, Side::A, true)) data_after |= s->sent_at > read && s->reason != SendReason::WindowProbe;
    EXPECT_TRUE(data_after);
    // No data ever went beyond the window the server offered.
    for (const auto* s : sentBy(t, Side::A, true)) {
        if (s->reason == SendReason::WindowProbe) continue;
        EXPECT_LE(s->flight, sampleAfterSend(t, s->id).tcb.snd_wnd) << "segment " << s->id;
    }
    // All the data arrives, read by the two receive calls.
    EXPECT_EQ(r.delivered[idx(Side::B)], r.sent[idx(Side::A)]);
}

TEST(Lessons, NagleAndDelayedAckStallTheSecondSmallWriteOnlyWithNagle) {
    const LessonRun r = runLesson("nagle-delayed-ack");
    const Trace& t = r.trace;
    for (Side side : {Side::A, Side::B}) {
        SCOPED_TRACE(sideName(side));
        const bool nagle = r.scenario.endpoints[idx(side)].tcp.nagle;
        const TimeUs delack = r.scenario.endpoints[idx(peerOf(side))].tcp.delayed_ack_timeout;
        EXPECT_EQ(r.scenario.endpoints[idx(peerOf(side))].tcp.quick_acks, 0u);
        const auto data = sentBy(t, side, true);
        ASSERT_EQ(data.size(), 2u) << "one segment per small write";
        const TimeUs second_write = firstCall(t, side, CallKind::Send, 2);
        EXPECT_EQ(data[0]->sent_at, firstCall(t, side, CallKind::Send)) << "the first write leaves at once";
        // The peer's ACK of the first segment waits for its delayed-ACK timer...
        const auto acks = sentBy(t, peerOf(side));
        const auto ack = std::find_if(acks.begin(), acks.end(), [&](const SegmentRecord* a) {
            return a->sent_at > data[0]->sent_at && a->segment.ack >= data[0]->segment.end();
        });
        ASSERT_NE(ack, acks.end());
        const Event& why = causeOf(t, (*ack)->id);
        EXPECT_EQ(why.kind, EventKind::Timer);
        EXPECT_EQ(why.timer, TimerKind::DelayedAck);
        if (nagle) {
            // ...and Nagle's algorithm makes the second write wait for that ACK.
            EXPECT_EQ(causeOf(t, data[1]->id).kind, EventKind::Arrive);
            EXPECT_GE(data[1]->sent_at - second_write, delack);
        } else {
            // Without Nagle the second segment does not wait for anything.
            EXPECT_EQ(data[1]->sent_at, second_write);
        }
        EXPECT_EQ(r.delivered[idx(peerOf(side))], r.sent[idx(side)]);
    }
    EXPECT_TRUE(r.scenario.endpoints[0].tcp.nagle);
    EXPECT_FALSE(r.scenario.endpoints[1].tcp.nagle);
}

TEST(Lessons, BandwidthDelayProductNeedsTheWindowScaleOption) {
    const LessonRun r = runLesson("bandwidth-delay-product");
    const Trace& t = r.trace;
    const LinkDirection& link = r.scenario.link[0];
    ASSERT_GT(link.bandwidth_bps, 0u);
    const double rtt_s = (r.scenario.link[0].delay_ms + r.scenario.link[1].delay_ms) / 1000;
    const double bdp = static_cast<double>(link.bandwidth_bps) * rtt_s / 8;
    ASSERT_GT(bdp, 2 * 65535.0) << "the path must hold more than an unscaled window";
    // The client asks for a shift that fits its window; the server announces 0, so that scaling
    // is on while its own window stays below 65536.
    const SegmentRecord& syn = t.segments.at(0);
    const SegmentRecord& synack = t.segments.at(1);
    ASSERT_EQ(syn.segment.flags, kSyn);
    ASSERT_EQ(synack.segment.flags, kSyn | kAck);
    ASSERT_TRUE(syn.segment.options.window_scale.has_value());
    ASSERT_TRUE(synack.segment.options.window_scale.has_value());
    EXPECT_EQ(*synack.segment.options.window_scale, 0);
    const std::uint32_t window = r.scenario.endpoints[0].tcp.window;
    const int shift = *syn.segment.options.window_scale;
    ASSERT_GT(shift, 0);
    EXPECT_LE(window >> shift, 65535u);
    EXPECT_GT(window >> (shift - 1), 65535u) << "the smallest shift that fits";
    EXPECT_GE(r.scenario.endpoints[0].tcp.window, bdp);

    std::array<std::uint32_t, 2> max_flight{};
    for (Side side : {Side::A, Side::B}) {
        for (const auto* s : sentBy(t, side, true)) max_flight[idx(side)] = std::max(max_flight[idx(side)], s->flight);
        EXPECT_TRUE(retransmissions(t, side).empty());
        EXPECT_EQ(r.delivered[idx(peerOf(side))], r.sent[idx(side)]);
    }
    EXPECT_EQ(r.sent[0], r.sent[1]) << "the same transfer both ways";
    // Unscaled: never more than 65535 bytes in flight, so at most window / RTT.
    EXPECT_LE(max_flight[0], 65535u);
    const TimeUs unscaled = transferTime(t, Side::A);
    const TimeUs scaled = transferTime(t, Side::B);
    EXPECT_GE(static_cast<double>(unscaled) / 1e6, static_cast<double>(r.sent[0]) / (65535 / rtt_s));
    // Scaled: a full bandwidth-delay product in flight, and the transfer takes less than half as
    // long.
    EXPECT_GE(max_flight[1], bdp);
    EXPECT_LT(2 * scaled, unscaled);
}

// time-wait-new-syn: RFC 9293 answers a SYN in TIME-WAIT with an ACK of the old connection;
// the client's RST ends TIME-WAIT (assassination, RFC 1337), and only the SYN sent again opens
// the new connection. time-wait-reuse: the Linux way, the SYN opens it at once.
namespace {
std::vector<State> pathOf(const Trace& t, Side side) {
    std::vector<State> p{t.initial_states[idx(side)]};
    for (const Event& e : t.events)
        if (e.kind == EventKind::State && e.endpoint == side) p.push_back(e.to);
    return p;
}
bool contains(const std::vector<State>& path, std::vector<State> run) {
    return std::search(path.begin(), path.end(), run.begin(), run.end()) != path.end();
}
}  // namespace

TEST(Lessons, ANewSynInTimeWaitIsAnsweredAndTheResetAssassinatesTimeWait) {
    const LessonRun r = runLesson("time-wait-new-syn");
    const Trace& t = r.trace;
    bool killed_by_rst = false;
    for (const Event& e : t.events)
        killed_by_rst |= e.kind == EventKind::State && e.endpoint == Side::B && e.from == State::TimeWait &&
                         e.to == State::Closed && e.cause == Cause::RcvRst;
    EXPECT_TRUE(killed_by_rst);
    std::size_t syns = 0;
    for (const auto* s : sentBy(t, Side::A)) syns += s->segment.flags == kSyn;
    EXPECT_EQ(syns, 3u) << "the first connection's SYN, the one TIME-WAIT answered, and the one sent again";
    EXPECT_TRUE(contains(pathOf(t, Side::A), {State::SynSent, State::Established}));
    EXPECT_EQ(t.end.reason, EndReason::Quiet);
}

TEST(Lessons, TimeWaitGivesWayToANewSynTheLinuxWay) {
    const LessonRun r = runLesson("time-wait-reuse");
    const Trace& t = r.trace;
    EXPECT_TRUE(contains(pathOf(t, Side::B), {State::TimeWait, State::Listen, State::SynReceived, State::Established}));
    std::size_t syns = 0, rsts = 0;
    for (const auto& s : t.segments) {
        syns += s.from == Side::A && s.segment.flags == kSyn;
        rsts += s.segment.has(kRst);
    }
    EXPECT_EQ(syns, 2u);
    EXPECT_EQ(rsts, 0u);
    // The new connection's ISS lies beyond everything the old one sent.
    for (const auto* s : sentBy(t, Side::B)) {
        if (s->segment.flags == (kSyn | kAck) && s->segment.ack.value() > 800000) {
            EXPECT_GT(s->segment.seq, SeqNum(302 + 65535));
        }
    }
}

// time-wait-purpose and time-wait-skipped (issue 16): the network's late copy of the server's
// first data segment (seq 301) arrives after the connection closed. In TIME-WAIT the client
// knows it for old (below RCV.NXT, RFC 9293 §3.10.7.4), ACKs and drops it, and the connection
// made after 2MSL receives exactly what its server sent. With TIME-WAIT cut to 2 ms, the same
// 4-tuple is opened again at once, the copy lands in the new receive window, and the client
// delivers more bytes than the new connection's server ever sent.
TEST(Lessons, TimeWaitAbsorbsAnOldDuplicateThatWouldCorruptTheNextConnection) {
    const auto lateCopy = [](const Trace& t) -> const Event* {
        for (const Event& e : t.events)
            if (e.kind == EventKind::Arrive && e.copy > 0 && e.endpoint == Side::A) return &e;
        return nullptr;
    };
    for (const char* id : {"time-wait-purpose", "time-wait-skipped"}) {
        SCOPED_TRACE(id);
        const bool skipped = std::string(id) == "time-wait-skipped";
        const LessonRun r = runLesson(id);
        const Event* copy = lateCopy(r.trace);
        ASSERT_NE(copy, nullptr);
        EXPECT_EQ(r.trace.segment(copy->segment).segment.seq.value(), 301u);
        const std::size_t at = r.trace.stepOf(*copy);
        // Where the copy found the client, and what it made of it.
        const State then = r.trace.statesAfter(at)[idx(Side::A)];
        EXPECT_EQ(then, skipped ? State::Established : State::TimeWait);
        EXPECT_EQ(copy->notice, skipped ? Notice::OutOfOrder : Notice::DuplicateSegment);
        // The server sent 100 bytes on the first connection and 50 on the second.
        EXPECT_EQ(r.sent[idx(Side::B)], 150u);
        std::uint64_t second = 0;   // delivered to the client after the copy came
        for (std::size_t i = at; i < r.trace.events.size(); ++i)
            if (r.trace.events[i].kind == EventKind::Deliver && r.trace.events[i].endpoint == Side::A)
                second += r.trace.events[i].bytes;
        EXPECT_EQ(second, skipped ? 150u : 50u);
    }
}
