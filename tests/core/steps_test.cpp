// Steps: the segment-by-segment (and event-by-event) partition a trace is replayed in.
#include <gtest/gtest.h>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/trace/steps.h"

using namespace tcpviz::core;

namespace {

Trace run(const std::string& id) { return simulate(*resolveScenario(id)); }

bool isSegmentEnd(const Event& e) { return e.kind == EventKind::Arrive || e.kind == EventKind::Drop; }

std::size_t count(const Trace& t, EventRange r, EventKind k) {
    std::size_t n = 0;
    for (std::size_t i = r.begin; i < r.end; ++i) n += t.events[i].kind == k;
    return n;
}

}  // namespace

TEST(SegmentSteps, HandshakeIsThreeSteps) {
    const Trace t = run("handshake");
    // Step 1 runs to the end of the SYN's arrival group (listen, connect, send, arrive, reply).
    EXPECT_EQ(segmentStepEnds(t), (std::vector<std::size_t>{10, 14, 17}));
    const Steps steps(t, StepGranularity::Segment);
    EXPECT_EQ(steps.count(), 3u);
    EXPECT_EQ(steps.eventsVisibleAt(0), 0u);
    EXPECT_EQ(steps.eventsVisibleAt(1), 10u);
    EXPECT_EQ(steps.eventsVisibleAt(3), t.events.size());
    EXPECT_EQ(steps.eventsVisibleAt(99), t.events.size());
}

TEST(SegmentSteps, EachStepAfterTheFirstShowsOneArrival) {
    const Trace t = run("handshake");
    const Steps steps(t, StepGranularity::Segment);
    for (std::size_t k = 1; k <= steps.count(); ++k)
        EXPECT_EQ(count(t, steps.events(k), EventKind::Arrive), 1u) << "step " << k;
    // Step 1 also holds everything before the first arrival: LISTEN and SYN-SENT.
    EXPECT_EQ(count(t, steps.events(1), EventKind::State), 3u);
    EXPECT_EQ(count(t, steps.events(2), EventKind::State), 1u);
    // The SYN,ACK is sent in step 1 and arrives in step 2.
    const EventRange second = steps.events(2);
    EXPECT_EQ(second.begin, 10u);
    EXPECT_EQ(t.events[second.begin].kind, EventKind::Arrive);
    EXPECT_EQ(t.events[second.begin].segment, 2u);
}

TEST(SegmentSteps, ACallThatChangesAStateIsAStepOfItsOwn) {
    const Trace t = run("teardown");
    const Steps steps(t, StepGranularity::Segment);
    // A's close(): ESTABLISHED -> FIN-WAIT-1 and the FIN leaves, before it arrives anywhere.
    bool found = false;
    for (std::size_t k = 1; k <= steps.count(); ++k) {
        const EventRange r = steps.events(k);
        for (std::size_t i = r.begin; i < r.end; ++i) {
            const Event& e = t.events[i];
            if (e.kind == EventKind::State && e.to == State::FinWait1) {
                found = true;
                EXPECT_EQ(t.events[r.begin].kind, EventKind::Call);
                EXPECT_EQ(t.events[r.begin].call, CallKind::Close);
                EXPECT_EQ(count(t, r, EventKind::Arrive), 0u);
                EXPECT_EQ(count(t, r, EventKind::Send), 1u);
            }
        }
    }
    EXPECT_TRUE(found);
}

TEST(SegmentSteps, TimeWaitExpiryIsTheLastStep) {
    const Trace t = run("time-wait");
    const Steps steps(t, StepGranularity::Segment);
    const EventRange last = steps.events(steps.count());
    ASSERT_EQ(last.end - last.begin, 2u);
    EXPECT_EQ(t.events[last.begin].kind, EventKind::Timer);
    EXPECT_EQ(t.events[last.begin].timer_op, TimerOp::Expire);
    EXPECT_EQ(t.events[last.begin + 1].to, State::Closed);
    EXPECT_EQ(t.events[last.begin + 1].cause, Cause::Timeout2Msl);
}

TEST(SegmentSteps, ADropIsAStepAndARetransmissionJoinsIt) {
    const Trace t = run("lost-syn");
    const Steps steps(t, StepGranularity::Segment);
    // Step 2: the retransmission timer expires, the SYN goes again, and is lost again.
    const EventRange second = steps.events(2);
    EXPECT_EQ(t.events[second.begin].kind, EventKind::Timer);
    EXPECT_EQ(t.events[second.end - 1].kind, EventKind::Drop);
    EXPECT_TRUE(t.segment(t.events[second.end - 1].segment).retransmission());
}

TEST(SegmentSteps, EveryBuiltinScenarioIsPartitioned) {
    for (const auto& builtin : builtinScenariosOf(ScenarioKind::TwoEndpoints)) {
        SCOPED_TRACE(builtin.id);
        const Trace t = run(builtin.id);
        const auto ends = segmentStepEnds(t);
        ASSERT_FALSE(ends.empty());
        EXPECT_EQ(ends.back(), t.events.size());
        for (std::size_t k = 1; k < ends.size(); ++k) EXPECT_LT(ends[k - 1], ends[k]);
        const Steps steps(ends);
        for (std::size_t k = 1; k <= steps.count(); ++k) {
            const EventRange r = steps.events(k);
            std::size_t segments = 0;
            for (std::size_t i = r.begin; i < r.end; ++i) segments += isSegmentEnd(t.events[i]);
            EXPECT_LE(segments, 1u) << "step " << k;
            // A step never splits an input group.
            if (r.end < t.events.size()) {
                EXPECT_NE(t.events[r.end].input, t.events[r.end - 1].input);
            }
        }
    }
}

TEST(SegmentSteps, WithoutArrivalsEverythingIsOneStep) {
    const Trace t = simulate(parseScenario(
        R"({"format": "tcpviz-scenario/1", "script": [{"at_ms": 0, "endpoint": "B", "call": "listen"}]})"));
    ASSERT_FALSE(t.events.empty());
    EXPECT_EQ(segmentStepEnds(t), std::vector<std::size_t>{t.events.size()});
    EXPECT_TRUE(segmentStepEnds(Trace{}).empty());
    EXPECT_EQ(Steps(Trace{}, StepGranularity::Segment).eventsVisibleAt(3), 0u);
}

TEST(SegmentSteps, EventsAfterTheLastSegmentAreAFinalStep) {
    // The client connects to nobody listening in time: its last SYN is still in flight at the
    // horizon, and the call that sent the first one comes before any arrival.
    Trace t = run("handshake");
    t.events.resize(6);   // listen, state, connect, state, send SYN, timer: nothing arrived
    EXPECT_EQ(segmentStepEnds(t), std::vector<std::size_t>{6});
}

TEST(Steps, MapEventsToSteps) {
    const Steps steps(std::vector<std::size_t>{10, 14, 17});
    EXPECT_EQ(steps.stepOfEvent(0), 1u);
    EXPECT_EQ(steps.stepOfEvent(9), 1u);
    EXPECT_EQ(steps.stepOfEvent(10), 2u);
    EXPECT_EQ(steps.stepOfEvent(16), 3u);
    EXPECT_EQ(steps.stepOfEvent(17), 4u);
    EXPECT_TRUE(steps.events(0).empty());
    EXPECT_TRUE(steps.events(4).empty());
    EXPECT_EQ(steps.events(1).begin, 0u);
    EXPECT_EQ(steps.events(3).begin, 14u);
    EXPECT_TRUE(steps.events(3).contains(16));
    EXPECT_EQ(steps.cursorShowing(0), 0u);
    EXPECT_EQ(steps.cursorShowing(9), 0u);
    EXPECT_EQ(steps.cursorShowing(10), 1u);
    EXPECT_EQ(steps.cursorShowing(15), 2u);
    EXPECT_EQ(steps.cursorShowing(17), 3u);
}

TEST(EventSteps, OneStepPerEvent) {
    const Trace t = run("handshake");
    const Steps steps(t, StepGranularity::Event);
    EXPECT_EQ(steps.count(), t.events.size());
    EXPECT_EQ(steps.eventsVisibleAt(5), 5u);
    EXPECT_EQ(steps.stepOfEvent(4), 5u);
}
