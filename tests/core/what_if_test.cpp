// What-if edits: a fault made for one segment of a trace hits exactly that segment when the
// scenario is simulated again, and nothing before it changes; script calls are added in time
// order.
#include "core/sim/what_if.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/sim/simulator.h"

namespace tcpviz::core {
namespace {

std::vector<Scenario> allBuiltins() {
    std::vector<Scenario> out;
    for (const BuiltinScenario& b : builtinScenariosOf(ScenarioKind::TwoEndpoints)) out.push_back(parseScenario(b.json, b.id));
    return out;
}

// The segments of a lesson to edit one at a time: all of them in a classroom-sized lesson; about
// 80, spread over the whole run, in a long one (editing each of a thousand segments, and
// checking each edit against every other segment, would take minutes).
std::vector<const SegmentRecord*> segmentsToEdit(const Trace& t) {
    constexpr std::size_t kAtMost = 80;
    const std::size_t every = std::max<std::size_t>(1, t.segments.size() / kAtMost);
    std::vector<const SegmentRecord*> out;
    for (std::size_t i = 0; i < t.segments.size(); i += every) out.push_back(&t.segments[i]);
    return out;
}

Scenario builtin(const std::string& id) {
    auto s = resolveScenario(id);
    if (!s) throw std::runtime_error("no built-in scenario " + id);
    return *s;
}

bool sameEvent(const Event& a, const Event& b) {
    return a.input == b.input && a.time == b.time && a.kind == b.kind &&
           a.endpoint == b.endpoint && a.call == b.call && a.bytes == b.bytes && a.from == b.from &&
           a.to == b.to && a.cause == b.cause && a.segment == b.segment && a.copy == b.copy &&
           a.drop_reason == b.drop_reason && a.timer == b.timer && a.timer_op == b.timer_op &&
           a.deadline == b.deadline && a.notice == b.notice;
}

std::size_t sendStep(const Trace& t, std::uint64_t segment) {
    for (const Event& e : t.events)
        if (e.kind == EventKind::Send && e.segment == segment) return t.stepOf(e);
    throw std::logic_error("segment never sent");
}

// The events of one kind about one segment.
std::vector<const Event*> eventsOf(const Trace& t, EventKind kind, std::uint64_t segment) {
    std::vector<const Event*> out;
    for (const Event& e : t.events)
        if (e.kind == kind && e.segment == segment) out.push_back(&e);
    return out;
}

const Event* originalArrival(const Trace& t, std::uint64_t segment) {
    for (const Event& e : t.events)
        if (e.kind == EventKind::Arrive && e.segment == segment && e.copy == 0) return &e;
    return nullptr;
}

// Everything up to and including the segment's send is the same in both traces, and so is
// every segment sent until then.
void expectSamePrefix(const Trace& before, const Trace& after, std::uint64_t segment) {
    const std::size_t last = sendStep(before, segment);
    ASSERT_GT(after.events.size(), last);
    for (std::size_t i = 0; i <= last; ++i)
        ASSERT_TRUE(sameEvent(before.events[i], after.events[i])) << "event " << i << " differs";
    ASSERT_GE(after.segments.size(), segment);
    for (std::uint64_t id = 1; id <= segment; ++id) {
        EXPECT_EQ(after.segment(id).from, before.segment(id).from) << "segment " << id;
        EXPECT_EQ(after.segment(id).segment, before.segment(id).segment) << "segment " << id;
        EXPECT_EQ(after.segment(id).reason, before.segment(id).reason) << "segment " << id;
        EXPECT_EQ(after.segment(id).sent_at, before.segment(id).sent_at) << "segment " << id;
    }
}

struct Edited {
    Scenario scenario;
    Trace trace;
};

Edited withFault(const Scenario& s, const Trace& t, std::uint64_t segment, FaultAction action,
                 double amount_ms = 0) {
    Edited e{s, {}};
    e.scenario.faults.push_back(faultForSegment(t, segment, action, amount_ms));
    e.trace = simulate(e.scenario);
    return e;
}

// --- faultForSegment ------------------------------------------------------------------------

TEST(WhatIf, FaultForSegmentNamesSenderExactFlagsAndOrdinal) {
    const Trace t = simulate(builtin("handshake"));
    ASSERT_EQ(t.segments.size(), 3u);
    const FaultSpec f = faultForSegment(t, 2, FaultAction::Drop);
    EXPECT_EQ(f.from, Side::B);
    ASSERT_TRUE(f.filter.flags_exact.has_value());
    EXPECT_EQ(*f.filter.flags_exact, kSyn | kAck);
    EXPECT_EQ(f.filter.flags_set, 0);
    EXPECT_EQ(f.nth, 1u);
    EXPECT_EQ(f.action, FaultAction::Drop);
    EXPECT_THROW(faultForSegment(t, 0, FaultAction::Drop), std::out_of_range);
    EXPECT_THROW(faultForSegment(t, 4, FaultAction::Drop), std::out_of_range);
}

TEST(WhatIf, OrdinalCountsRetransmissionsAndSegmentsAlreadyLost) {
    // lost-syn: the first two SYNs are dropped by its faults; the third gets through.
    const Scenario s = builtin("lost-syn");
    const Trace t = simulate(s);
    std::vector<std::uint64_t> syns;
    for (const SegmentRecord& r : t.segments)
        if (r.from == Side::A && r.segment.flags == kSyn) syns.push_back(r.id);
    ASSERT_EQ(syns.size(), 3u);
    EXPECT_EQ(exactFlagsOrdinal(t, syns[0]), 1u);
    EXPECT_EQ(exactFlagsOrdinal(t, syns[2]), 3u);
    EXPECT_TRUE(t.segment(syns[2]).retransmission());
}

TEST(WhatIf, OrdinalCountsInjectedSegmentsLikeTheLinkDoes) {
    // Figure 8 injects an old SYN from A's address before A's real SYN: the link of A's
    // direction counts it, so A's real SYN is the second SYN there.
    const Scenario s = builtin("rfc9293-fig8");
    const Trace t = simulate(s);
    const auto injected =
        std::find_if(t.segments.begin(), t.segments.end(),
                     [](const SegmentRecord& r) { return r.reason == SendReason::Injected; });
    ASSERT_NE(injected, t.segments.end());
    const auto real =
        std::find_if(t.segments.begin(), t.segments.end(), [&](const SegmentRecord& r) {
            return r.from == injected->from && r.segment.flags == injected->segment.flags &&
                   r.reason != SendReason::Injected;
        });
    ASSERT_NE(real, t.segments.end());
    const bool injected_first = injected->id < real->id;
    EXPECT_EQ(exactFlagsOrdinal(t, real->id), injected_first ? 2u : 1u);
    const Edited e = withFault(s, t, real->id, FaultAction::Drop);
    const auto drops = eventsOf(e.trace, EventKind::Drop, real->id);
    ASSERT_EQ(drops.size(), 1u);
    EXPECT_EQ(drops.front()->drop_reason, DropReason::Fault);
    EXPECT_TRUE(eventsOf(e.trace, EventKind::Arrive, injected->id).size() ==
                eventsOf(t, EventKind::Arrive, injected->id).size());
}

// The property the what-if menu rests on, for every lesson and every segment that arrives.
TEST(WhatIf, DroppingAnySegmentThatArrivesDropsExactlyIt) {
    std::size_t checked = 0;
    for (const Scenario& s : allBuiltins()) {
        const Trace t = simulate(s);
        for (const SegmentRecord* edited : segmentsToEdit(t)) {
            const SegmentRecord& r = *edited;
            if (!originalArrival(t, r.id)) continue;
            ++checked;
            SCOPED_TRACE(s.id + ": segment " + std::to_string(r.id));
            const Edited e = withFault(s, t, r.id, FaultAction::Drop);
            expectSamePrefix(t, e.trace, r.id);
            if (::testing::Test::HasFatalFailure()) return;
            const auto drops = eventsOf(e.trace, EventKind::Drop, r.id);
            ASSERT_EQ(drops.size(), 1u);
            EXPECT_EQ(drops.front()->drop_reason, DropReason::Fault);
            EXPECT_EQ(drops.front()->endpoint, r.from);
            EXPECT_EQ(drops.front()->copy, 0);
            EXPECT_TRUE(eventsOf(e.trace, EventKind::Arrive, r.id).empty());
            // The fault names this segment and no other of the new trace.
            const auto hit = faultHitting(e.scenario, e.trace, r.id);
            ASSERT_TRUE(hit.has_value());
            EXPECT_TRUE(faultHits(e.scenario.faults.back(), e.trace, r.id));
            for (const SegmentRecord& other : e.trace.segments) {
                if (other.id != r.id) {
                    EXPECT_FALSE(faultHits(e.scenario.faults.back(), e.trace, other.id))
                        << other.id;
                }
            }
        }
    }
    EXPECT_GE(checked, 100u);  // every lesson, every segment that arrives (143 today)
}

TEST(WhatIf, DelayingAnySegmentThatArrivesDelaysExactlyIt) {
    constexpr double kDelayMs = 7;
    std::size_t checked = 0;
    for (const Scenario& s : allBuiltins()) {
        const Trace t = simulate(s);
        for (const SegmentRecord* edited : segmentsToEdit(t)) {
            const SegmentRecord& r = *edited;
            const Event* arrival = originalArrival(t, r.id);
            if (!arrival) continue;
            ++checked;
            SCOPED_TRACE(s.id + ": segment " + std::to_string(r.id));
            const Edited e = withFault(s, t, r.id, FaultAction::Delay, kDelayMs);
            expectSamePrefix(t, e.trace, r.id);
            if (::testing::Test::HasFatalFailure()) return;
            EXPECT_TRUE(eventsOf(e.trace, EventKind::Drop, r.id).empty());
            const TimeUs expected = arrival->time + msToUs(kDelayMs);
            if (expected > msToUs(s.horizon_ms)) continue;  // past the end of the simulation
            const Event* delayed = originalArrival(e.trace, r.id);
            ASSERT_NE(delayed, nullptr);
            EXPECT_EQ(delayed->time, expected);
            EXPECT_EQ(faultHitting(e.scenario, e.trace, r.id).has_value(), true);
        }
    }
    EXPECT_GE(checked, 100u);  // every lesson, every segment that arrives (143 today)
}

TEST(WhatIf, DuplicatingAnySegmentThatArrivesAddsOneCopy) {
    constexpr double kGapMs = 5;
    std::size_t checked = 0;
    for (const Scenario& s : allBuiltins()) {
        const Trace t = simulate(s);
        for (const SegmentRecord* edited : segmentsToEdit(t)) {
            const SegmentRecord& r = *edited;
            const Event* arrival = originalArrival(t, r.id);
            if (!arrival) continue;
            ++checked;
            SCOPED_TRACE(s.id + ": segment " + std::to_string(r.id));
            const Edited e = withFault(s, t, r.id, FaultAction::Duplicate, kGapMs);
            expectSamePrefix(t, e.trace, r.id);
            if (::testing::Test::HasFatalFailure()) return;
            const Event* first = originalArrival(e.trace, r.id);
            ASSERT_NE(first, nullptr);
            EXPECT_EQ(first->time, arrival->time);
            // The copy comes `gap` after the original (the link's jitter may move it further).
            const TimeUs copy_due = arrival->time + msToUs(kGapMs);
            if (copy_due + msToUs(s.link[idx(r.from)].jitter_ms) > msToUs(s.horizon_ms)) continue;
            EXPECT_EQ(eventsOf(e.trace, EventKind::Arrive, r.id).size(),
                      eventsOf(t, EventKind::Arrive, r.id).size() + 1);
            const auto arrivals = eventsOf(e.trace, EventKind::Arrive, r.id);
            const bool copy_found =
                std::any_of(arrivals.begin(), arrivals.end(), [&](const Event* a) {
                    return a->copy >= 1 &&   // after a copy the lesson itself makes (time-wait-purpose)
                           (s.link[idx(r.from)].jitter_ms > 0 ? a->time >= arrival->time
                                                              : a->time == copy_due);
                });
            EXPECT_TRUE(copy_found);
        }
    }
    EXPECT_GE(checked, 100u);  // every lesson, every segment that arrives (143 today)
}

// --- faultHitting ---------------------------------------------------------------------------

TEST(WhatIf, FaultHittingFindsTheLessonsOwnFaults) {
    std::size_t fault_drops = 0;
    for (const Scenario& s : allBuiltins()) {
        const Trace t = simulate(s);
        for (const Event& e : t.events) {
            if (e.kind != EventKind::Drop || e.drop_reason != DropReason::Fault) continue;
            SCOPED_TRACE(s.id + ": segment " + std::to_string(e.segment));
            ++fault_drops;
            const auto hit = faultHitting(s, t, e.segment);
            ASSERT_TRUE(hit.has_value());
            EXPECT_EQ(s.faults[*hit].action, FaultAction::Drop);
        }
    }
    EXPECT_GE(fault_drops, 5u);  // the loss lessons drop several segments on purpose
}

TEST(WhatIf, FaultHittingIsEmptyWithoutAFaultOnTheSegment) {
    const Scenario s = builtin("lost-synack");
    const Trace t = simulate(s);
    std::size_t hit = 0;
    for (const SegmentRecord& r : t.segments) {
        const auto f = faultHitting(s, t, r.id);
        if (!f) continue;
        ++hit;
        EXPECT_EQ(r.from, Side::B);
        EXPECT_EQ(r.segment.flags, kSyn | kAck);
    }
    EXPECT_EQ(hit, s.faults.size());
    EXPECT_FALSE(faultHitting(s, t, 0).has_value());
    EXPECT_FALSE(faultHitting(s, t, t.segments.size() + 1).has_value());
    EXPECT_FALSE(faultHitting(builtin("handshake"), simulate(builtin("handshake")), 2).has_value());
}

TEST(WhatIf, EveryMatchFaultHitsEverySegmentItMatches) {
    const Trace t = simulate(builtin("handshake"));
    FaultSpec every{.from = Side::A, .nth = 0};
    every.filter.flags_set = kAck;
    EXPECT_FALSE(faultHits(every, t, 1));  // the SYN has no ACK
    EXPECT_FALSE(faultHits(every, t, 2));  // B's segment
    EXPECT_TRUE(faultHits(every, t, 3));
}

// --- script calls ---------------------------------------------------------------------------

TEST(WhatIf, AddedCallsKeepTheScriptSortedAndStable) {
    Scenario s;
    const auto call = [](Side side, CallKind k) { return ScriptCall{side, k, 0}; };
    addScriptCall(s, 100, call(Side::A, CallKind::Connect));
    addScriptCall(s, 0, call(Side::B, CallKind::Listen));
    EXPECT_EQ(addScriptCall(s, 100, call(Side::A, CallKind::Close)), 2u);  // after the connect
    EXPECT_EQ(addScriptCall(s, 0, call(Side::A, CallKind::Abort)), 1u);    // after the listen
    EXPECT_EQ(addScriptCall(s, 250.5, ScriptCall{Side::B, CallKind::Send, 10}), 4u);
    const std::vector<double> times = [&] {
        std::vector<double> v;
        for (const ScriptAction& a : s.script) v.push_back(a.at_ms);
        return v;
    }();
    EXPECT_EQ(times, (std::vector<double>{0, 0, 100, 100, 250.5}));
    EXPECT_EQ(std::get<ScriptCall>(s.script[0].what).call, CallKind::Listen);
    EXPECT_EQ(std::get<ScriptCall>(s.script[1].what).call, CallKind::Abort);
    EXPECT_EQ(std::get<ScriptCall>(s.script[2].what).call, CallKind::Connect);
    EXPECT_EQ(std::get<ScriptCall>(s.script[3].what).call, CallKind::Close);
    EXPECT_EQ(std::get<ScriptCall>(s.script[4].what).bytes, 10u);
}

TEST(WhatIf, AnAddedCallHappensAtItsTimeAndLeavesEarlierEventsAlone) {
    const Scenario s = builtin("handshake");
    const Trace t = simulate(s);
    const TimeUs at = t.events.back().time + msToUs(20);
    Scenario edited = s;
    addScriptCall(edited, static_cast<double>(at) / 1000.0,
                  ScriptCall{Side::A, CallKind::Close, 0});
    const Trace after = simulate(edited);
    ASSERT_GT(after.events.size(), t.events.size());
    for (std::size_t i = 0; i < t.events.size(); ++i)
        EXPECT_TRUE(sameEvent(t.events[i], after.events[i])) << i;
    const Event& call = after.events[t.events.size()];
    EXPECT_EQ(call.kind, EventKind::Call);
    EXPECT_EQ(call.call, CallKind::Close);
    EXPECT_EQ(call.endpoint, Side::A);
    EXPECT_EQ(call.time, at);
    // The scenario still saves and reads back.
    EXPECT_EQ(parseScenario(scenarioToJson(edited)), edited);
}

// applyWhatIf is the whole of an edit (the window's editor only keeps its undo history): a drop
// made on the trace shown loses exactly that segment, and restoring it on the new trace gives the
// scenario back.
TEST(WhatIf, ADropMadeOnTheTraceShownAndItsRestoreAreOneCallEach) {
    const Scenario s = builtin("data-loss");
    const Trace t = simulate(s);
    const std::uint64_t target = 2;
    const auto dropped = applyWhatIf(s, s, t, WhatIf::onSegment(WhatIf::Kind::Drop, target));
    ASSERT_TRUE(dropped);
    ASSERT_EQ(dropped->faults.size(), s.faults.size() + 1);
    const Trace after = simulate(*dropped);
    const auto lost = std::find_if(after.events.begin(), after.events.end(),
                                   [&](const Event& e) { return e.kind == EventKind::Drop && e.segment == target; });
    ASSERT_NE(lost, after.events.end()) << "segment 2 is lost in the edited run";
    EXPECT_EQ(after.segment(target).segment, t.segment(target).segment);
    // Restored, by the id it has in the new trace.
    const auto restored = applyWhatIf(*dropped, *dropped, after, WhatIf::onSegment(WhatIf::Kind::Restore, target));
    ASSERT_TRUE(restored);
    EXPECT_EQ(*restored, s);
}

// Edits that do not apply change nothing and say so.
TEST(WhatIf, AnEditThatDoesNotApplyIsRefused) {
    const Scenario s = builtin("handshake");
    const Trace t = simulate(s);
    const auto on = [&](WhatIf::Kind kind, std::uint64_t id, double ms = 0) {
        return applyWhatIf(s, s, t, WhatIf::onSegment(kind, id, ms)).has_value();
    };
    EXPECT_FALSE(on(WhatIf::Kind::Drop, 0));
    EXPECT_FALSE(on(WhatIf::Kind::Drop, t.segments.size() + 1));
    EXPECT_FALSE(on(WhatIf::Kind::Delay, 1, 0));      // a delay of no time
    EXPECT_FALSE(on(WhatIf::Kind::Duplicate, 1, -5)); // a copy before the original
    EXPECT_FALSE(on(WhatIf::Kind::Restore, 1));       // nothing to restore
    EXPECT_TRUE(on(WhatIf::Kind::Delay, 1, 30));
    EXPECT_TRUE(on(WhatIf::Kind::Duplicate, 1, 0));
}

// An added call is made valid as the scenario format has it, then kept in time order.
TEST(WhatIf, AnAddedCallIsWhatTheFormatAllows) {
    EXPECT_EQ(WhatIf::addCall(Side::A, CallKind::Send, -10, 0).at_ms, 0);
    EXPECT_EQ(WhatIf::addCall(Side::A, CallKind::Send, 5, 0).call.bytes, 1u);
    EXPECT_EQ(WhatIf::addCall(Side::B, CallKind::Receive, 5, 300).call.bytes, 300u);
    EXPECT_EQ(WhatIf::addCall(Side::A, CallKind::Close, 5, 300).call.bytes, 0u);
    const Scenario s = builtin("handshake");
    const auto edited = applyWhatIf(s, s, simulate(s), WhatIf::addCall(Side::A, CallKind::Close, 400));
    ASSERT_TRUE(edited);
    ASSERT_EQ(edited->script.size(), s.script.size() + 1);
    EXPECT_EQ(edited->script.back().at_ms, 400);
    EXPECT_EQ(std::get<ScriptCall>(edited->script.back().what), (ScriptCall{Side::A, CallKind::Close, 0}));
}

}  // namespace
}  // namespace tcpviz::core
