#pragma once
// Predict the next step (issue 19): questions made from a trace itself, each asked at a cursor
// that does not yet show its answer. One question at most before each step, about what that
// step does: the segment a side sends in reply (its flags, or its seq and ack in the notation
// shown), the state a side enters, the timer that expires, or what a receiver does with a
// segment it cannot use. Every question has its right answer, read off the trace, and up to
// three wrong ones that a student could believe: the state graph's neighbouring edges, and the
// classic slips (ack=x where it is x+1, the server ESTABLISHED after the SYN, a FIN without its
// ACK, TIME-WAIT lasting one MSL).
//
// Questions are data: their words are the front end's (ui/shell/quiz_text.h), in each language.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/tcp/actions.h"
#include "core/tcp/state.h"
#include "core/trace/notation.h"
#include "core/trace/steps.h"
#include "core/trace/trace.h"

namespace tcpviz::core {

enum class QuestionKind : std::uint8_t {
    Flags,      // which control bits the next segment of `side` sets
    Numbers,    // its seq and ack, as the notation writes them
    State,      // the state `side` enters (the explanation gives the cause)
    Timer,      // the timer of `side` that expires next, and how long after it was set
    Receiver,   // what `side` does with the segment that arrives
};
std::string_view questionKindName(QuestionKind k);   // "flags", "numbers", "state", "timer", "receiver"

// One choice; only the fields of its question's kind mean anything.
struct Choice {
    std::uint8_t flags = 0;          // Flags: SYN, ACK, FIN and RST bits
    std::string seq{}, ack{};        // Numbers: "seq=x+1", "ack=y+1" (ack empty without ACK)
    State state = State::Closed;     // State
    TimerKind timer = TimerKind::Retransmission;   // Timer ...
    TimeUs after = 0;                // ... set this long before it expires
    Notice notice = Notice::None;    // Receiver: what it does, by the notice the engine records
    bool operator==(const Choice&) const = default;
};

struct Question {
    QuestionKind kind = QuestionKind::Flags;
    std::size_t cursor = 0;        // asked with the first `cursor` steps shown ...
    std::size_t step = 0;          // ... before this step (cursor + 1), which reveals the answer
    std::size_t event = 0;         // the event the answer is: a Send, State, Timer expiry or Arrive
    Side side = Side::A;           // who sends, enters, whose timer, who receives
    std::uint64_t segment = 0;     // the segment sent or received (Flags, Numbers, Receiver)
    std::vector<Choice> choices;   // two to four, in the order shown
    std::size_t answer = 0;        // index of the right one
    std::string rfc;               // where the rule is: "RFC 9293 §3.5"
    // For the explanation: the state left and the cause (State), the segment's flags.
    State from = State::Closed;
    Cause cause = Cause::PassiveOpen;
};

// The questions of a trace at by-segment steps (Steps(t, StepGranularity::Segment)), in step
// order, numbers written in `notation`. A trace of many connections (tcpviz-trace/2) has none:
// its views show one connection at a time.
std::vector<Question> quizOf(const Trace& t, const Steps& steps, const SegmentLabeler& labeler,
                             Notation notation = Notation::Textbook);

// The control bits a Flags question asks about: SYN, ACK, FIN and RST (PSH, URG and ECN's
// aside).
inline constexpr std::uint8_t kQuizFlags = kSyn | kAck | kFin | kRst;

}  // namespace tcpviz::core
