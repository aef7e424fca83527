// The quiz (issue 19): questions from the trace itself, on every built-in lesson, a capture and
// a what-if edit. Each answer is checked here against the trace, not against the quiz's own
// code, and so is each wrong choice; no question's answer is shown at the cursor it is asked at.
#include <gtest/gtest.h>

#include <algorithm>
#include <variant>

#include "core/capture/capture.h"
#include "core/capture/capture_trace.h"
#include "core/quiz/quiz.h"
#include "core/scenario/scenario.h"
#include "core/sim/host_sim.h"
#include "core/sim/simulator.h"
#include "core/sim/what_if.h"

namespace tcpviz::core {
namespace {

// When the timer that expires at event `expire` had been set: its last start on that side.
TimeUs setFor(const Trace& t, std::size_t expire) {
    const Event& x = t.events[expire];
    for (std::size_t e = expire; e-- > 0;) {
        const Event& s = t.events[e];
        if (s.kind == EventKind::Timer && s.timer == x.timer && s.endpoint == x.endpoint && s.timer_op == TimerOp::Start)
            return s.deadline - s.time;
    }
    return -1;
}

// Whether `c` is true of what the question asks about, read off the trace.
bool agrees(const Trace& t, const SegmentLabeler& labeler, const Question& q, const Choice& c) {
    const Event& e = t.events.at(q.event);
    switch (q.kind) {
        case QuestionKind::Flags:
            return e.kind == EventKind::Send && (t.segment(e.segment).segment.flags & kQuizFlags) == c.flags;
        case QuestionKind::Numbers:
            return e.kind == EventKind::Send && labeler.seqField(t, e.segment, Notation::Textbook) == c.seq &&
                   labeler.ackField(t, e.segment, Notation::Textbook) == c.ack;
        case QuestionKind::State: return e.kind == EventKind::State && e.to == c.state;
        case QuestionKind::Timer:
            return e.kind == EventKind::Timer && e.timer_op == TimerOp::Expire && e.timer == c.timer &&
                   setFor(t, q.event) == c.after;
        case QuestionKind::Receiver: return e.kind == EventKind::Arrive && e.notice == c.notice;
    }
    return false;
}

// Checks every question of a trace; returns how many there were.
std::size_t checkQuiz(const Trace& t, const std::string& what) {
    const Steps steps(t, StepGranularity::Segment);
    const SegmentLabeler labeler(t);
    const std::vector<Question> quiz = quizOf(t, steps, labeler);
    std::size_t last_step = 0;
    for (const Question& q : quiz) {
        SCOPED_TRACE(what + ", step " + std::to_string(q.step) + ", " + std::string(questionKindName(q.kind)));
        // Asked before the step that shows its answer, one question a step.
        EXPECT_EQ(q.cursor + 1, q.step);
        EXPECT_GT(q.step, last_step);
        last_step = q.step;
        EXPECT_EQ(steps.stepOfEvent(q.event), q.step);
        EXPECT_LE(steps.eventsVisibleAt(q.cursor), q.event) << "the answer is in sight when it is asked";
        EXPECT_EQ(t.events.at(q.event).endpoint, q.side);
        // The right one agrees with the trace, every other one does not, and none is there twice.
        EXPECT_GE(q.choices.size(), 2u);
        EXPECT_LE(q.choices.size(), 4u);
        EXPECT_LT(q.answer, q.choices.size());
        if (q.answer >= q.choices.size()) continue;
        for (std::size_t i = 0; i < q.choices.size(); ++i) {
            EXPECT_EQ(agrees(t, labeler, q, q.choices[i]), i == q.answer) << "choice " << i;
            for (std::size_t j = 0; j < i; ++j) EXPECT_FALSE(q.choices[i] == q.choices[j]) << i << " twice";
        }
        EXPECT_TRUE(q.rfc.starts_with("RFC ")) << q.rfc;
    }
    return quiz.size();
}

TEST(Quiz, EveryBuiltInLessonHasQuestionsThatAgreeWithItsTrace) {
    for (const BuiltinScenario& b : builtinScenarios()) {
        const AnyScenario any = parseAnyScenario(b.json, "builtin:" + b.id);
        Trace t;
        if (const auto* h = std::get_if<HostScenario>(&any))
            t = simulateHosts(*h, {HostRecording::Mode::FirstClient, 0}).trace;   // the connection the window shows first
        else
            t = simulate(std::get<Scenario>(any));
        const std::size_t n = checkQuiz(t, b.id);
        // A QUIC connection has no TCP segments to ask about, but its states and timers none either.
        if (!t.overUdp()) {
            EXPECT_GT(n, 0u) << b.id;
        }
    }
}

// The three-way handshake asks what its textbook asks, one question before each of its three
// steps: the state the SYN puts the server in, with ESTABLISHED (the classic slip) among the
// wrong ones; the numbers of the client's ACK, seq=x+1, ack=y+1, with ack=y and the fields
// swapped among them; the server's state once that ACK is in.
TEST(Quiz, TheHandshakeAsksTheClassicQuestions) {
    const Trace t = simulate(*resolveScenario("handshake"));
    const Steps steps(t, StepGranularity::Segment);
    const std::vector<Question> quiz = quizOf(t, steps, SegmentLabeler(t));
    ASSERT_EQ(quiz.size(), 3u);
    const Question& syn = quiz[0];
    EXPECT_EQ(syn.cursor, 0u);
    EXPECT_EQ(syn.kind, QuestionKind::State);
    EXPECT_EQ(syn.side, Side::B);   // what the SYN does, not the listen() before it
    EXPECT_EQ(syn.choices.at(syn.answer).state, State::SynReceived);
    EXPECT_NE(std::find(syn.choices.begin(), syn.choices.end(), Choice{.state = State::Established}), syn.choices.end());
    EXPECT_EQ(syn.rfc, "RFC 9293 §3.10.7.2");
    const Question& ack = quiz[1];
    EXPECT_EQ(ack.kind, QuestionKind::Numbers);
    EXPECT_EQ(ack.side, Side::A);
    EXPECT_EQ(ack.choices.at(ack.answer), (Choice{.seq = "seq=x+1", .ack = "ack=y+1"}));
    EXPECT_NE(std::find(ack.choices.begin(), ack.choices.end(), Choice{.seq = "seq=x+1", .ack = "ack=y"}), ack.choices.end());
    EXPECT_NE(std::find(ack.choices.begin(), ack.choices.end(), Choice{.seq = "seq=y+1", .ack = "ack=x+1"}), ack.choices.end());
    EXPECT_EQ(quiz[2].kind, QuestionKind::State);
    EXPECT_EQ(quiz[2].choices.at(quiz[2].answer).state, State::Established);
}

// TIME-WAIT's question gives 2MSL against one MSL and RFC 793's four minutes.
TEST(Quiz, TimeWaitsTimerIsAskedWithItsLength) {
    const Trace t = simulate(*resolveScenario("time-wait"));
    const std::vector<Question> quiz = quizOf(t, Steps(t, StepGranularity::Segment), SegmentLabeler(t));
    const auto timer = std::find_if(quiz.begin(), quiz.end(), [](const Question& q) {
        return q.kind == QuestionKind::Timer && q.choices[q.answer].timer == TimerKind::TimeWait;
    });
    ASSERT_NE(timer, quiz.end());
    const TimeUs two_msl = timer->choices[timer->answer].after;
    EXPECT_GT(two_msl, 0);
    EXPECT_NE(std::find(timer->choices.begin(), timer->choices.end(),
                        Choice{.timer = TimerKind::TimeWait, .after = two_msl / 2}),
              timer->choices.end());
    EXPECT_EQ(timer->rfc, "RFC 9293 §3.10.8");
}

TEST(Quiz, ACaptureAndAWhatIfEditHaveTheirQuestionsToo) {
    const Capture c = readCapture(TCPVIZ_TEST_DATA "/captures/handshake-teardown.pcapng");
    ASSERT_FALSE(c.connections.empty());
    EXPECT_GT(checkQuiz(traceOfCapture(c, 0), "capture"), 0u);
    // "What if this ACK is lost?": the handshake's last ACK dropped as the window's menu drops it;
    // the server's timer then resends its SYN,ACK, and the client ACKs the copy it has seen.
    Scenario s = *resolveScenario("handshake");
    const Trace shown = simulate(s);
    std::uint64_t last_ack = 0;
    for (const SegmentRecord& r : shown.segments)
        if (r.from == Side::A && r.segment.flags == kAck && !last_ack) last_ack = r.id;
    ASSERT_NE(last_ack, 0u);
    s.faults.push_back(faultForSegment(shown, last_ack, FaultAction::Drop));
    const Trace lost = simulate(s);
    EXPECT_GT(checkQuiz(lost, "what-if"), 0u);
    const std::vector<Question> quiz = quizOf(lost, Steps(lost, StepGranularity::Segment), SegmentLabeler(lost));
    EXPECT_TRUE(std::any_of(quiz.begin(), quiz.end(), [](const Question& q) {
        return q.kind == QuestionKind::Receiver && q.side == Side::A && q.choices[q.answer].notice == Notice::DuplicateSegment;
    }));
}

}  // namespace
}  // namespace tcpviz::core
