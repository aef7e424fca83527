#include "core/quiz/quiz.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/tcp/state_graph.h"

namespace tcpviz::core {

namespace {

constexpr std::array<std::string_view, 5> kKindNames{"flags", "numbers", "state", "timer", "receiver"};

// What a receiver may do with a segment it cannot use as it comes, by the notice it records.
constexpr std::array<Notice, 4> kReceiverChoices{Notice::OutOfOrder, Notice::DuplicateSegment,
                                                 Notice::UnacceptableSegment, Notice::SegmentIgnored};
bool asksReceiver(Notice n) {
    switch (n) {
        case Notice::UnacceptableSegment:
        case Notice::DuplicateSegment:
        case Notice::OutOfOrder:
        case Notice::UnacceptableAck:
        case Notice::RstIgnored:
        case Notice::SynInSynchronized:
        case Notice::SegmentIgnored:
        case Notice::BadChecksum: return true;
        default: return false;
    }
}

// Appends `c` unless it is there already or is the right answer.
void addWrong(std::vector<Choice>& wrong, const Choice& right, Choice c) {
    if (c == right || std::find(wrong.begin(), wrong.end(), c) != wrong.end()) return;
    wrong.push_back(std::move(c));
}

// The right answer among at most three wrong ones, at a place that depends on the event alone
// (the same quiz every time, the answer not always first).
void place(Question& q, const Choice& right, std::vector<Choice> wrong) {
    if (wrong.size() > 3) wrong.resize(3);
    q.choices = std::move(wrong);
    // (SplitMix64's finalizer of the event's index: consecutive events land anywhere.)
    std::uint64_t z = q.event + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    q.answer = static_cast<std::size_t>(z % (q.choices.size() + 1));
    q.choices.insert(q.choices.begin() + static_cast<std::ptrdiff_t>(q.answer), right);
}

Choice flagsChoice(std::uint8_t f) {
    Choice c;
    c.flags = f;
    return c;
}

void flagsQuestion(Question& q, const Segment& s) {
    const std::uint8_t right = s.flags & kQuizFlags;
    // The bits a student confuses it with: the other half of the handshake, a FIN without its
    // ACK, a reset where an ACK goes.
    std::array<std::uint8_t, 3> near{};
    switch (right) {
        case kSyn: near = {kSyn | kAck, kAck, kRst | kAck}; break;
        case kSyn | kAck: near = {kSyn, kAck, kRst | kAck}; break;
        case kAck: near = {kSyn | kAck, kFin | kAck, kRst}; break;
        case kFin | kAck: near = {kAck, kFin, kRst | kAck}; break;
        case kRst: near = {kAck, kRst | kAck, kFin | kAck}; break;
        case kRst | kAck: near = {kAck, kRst, kFin | kAck}; break;
        default: near = {kAck, kSyn | kAck, kFin | kAck}; break;
    }
    std::vector<Choice> wrong;
    for (const std::uint8_t f : near) addWrong(wrong, flagsChoice(right), flagsChoice(f));
    place(q, flagsChoice(right), std::move(wrong));
    q.rfc = (right & kRst)   ? "RFC 9293 §3.5.2"
            : (right & kSyn) ? "RFC 9293 §3.5"
            : (right & kFin) ? "RFC 9293 §3.6"
                             : "RFC 9293 §3.10.7.4";
}

void numbersQuestion(Question& q, const Trace& t, const SegmentLabeler& labeler, Notation n) {
    const Segment& s = t.segment(q.segment).segment;
    Choice right;
    right.seq = labeler.seqField(t, q.segment, n);
    right.ack = labeler.ackField(t, q.segment, n);
    const auto numbers = [](std::string seq, std::string ack) {
        Choice c;
        c.seq = std::move(seq);
        c.ack = std::move(ack);
        return c;
    };
    std::vector<Choice> wrong;
    const std::uint32_t seq = s.seq.value(), ack = s.ack.value();
    // ack=x where it is x+1: the byte acknowledged instead of the one expected next.
    addWrong(wrong, right, numbers(right.seq, labeler.ackFieldWith(q.segment, n, ack - 1)));
    // The two fields swapped: the peer's number where its own goes.
    addWrong(wrong, right, numbers("seq=" + right.ack.substr(4), "ack=" + right.seq.substr(4)));
    // One more than it is, as if the SYN or FIN had been counted twice.
    addWrong(wrong, right, numbers(labeler.seqFieldWith(q.segment, n, seq + 1), right.ack));
    addWrong(wrong, right, numbers(right.seq, labeler.ackFieldWith(q.segment, n, ack + 1)));
    place(q, right, std::move(wrong));
    q.rfc = "RFC 9293 §3.4";
}

Choice stateChoice(State s) {
    Choice c;
    c.state = s;
    return c;
}

void stateQuestion(Question& q, const StateGraph& graph, State to) {
    std::vector<Choice> wrong;
    const Choice right = stateChoice(to);
    // The classic slips first: the server ESTABLISHED after the SYN alone, TIME-WAIT skipped ...
    switch (to) {
        case State::SynReceived: addWrong(wrong, right, stateChoice(State::Established)); break;
        case State::Established:
            addWrong(wrong, right, stateChoice(q.from == State::SynSent ? State::SynReceived : State::SynSent));
            break;
        case State::FinWait2: addWrong(wrong, right, stateChoice(State::TimeWait)); break;
        case State::TimeWait: addWrong(wrong, right, stateChoice(State::Closed)); break;
        case State::CloseWait: addWrong(wrong, right, stateChoice(State::LastAck)); break;
        case State::LastAck: addWrong(wrong, right, stateChoice(State::Closed)); break;
        case State::Closed: addWrong(wrong, right, stateChoice(State::TimeWait)); break;
        default: break;
    }
    // ... then where the state graph's other edges from here lead, and staying put.
    for (const StateGraph::EdgeId e : graph.edges())
        if (graph.source(e) == q.from) addWrong(wrong, right, stateChoice(graph.target(e)));
    addWrong(wrong, right, stateChoice(q.from));
    for (const State s : {State::Established, State::Closed, State::TimeWait, State::FinWait1, State::CloseWait})
        addWrong(wrong, right, stateChoice(s));
    place(q, right, std::move(wrong));
    switch (q.from) {
        case State::Listen: q.rfc = "RFC 9293 §3.10.7.2"; break;
        case State::SynSent: q.rfc = "RFC 9293 §3.10.7.3"; break;
        case State::TimeWait: q.rfc = q.cause == Cause::Timeout2Msl ? "RFC 9293 §3.10.8" : "RFC 9293 §3.10.7.4"; break;
        case State::Closed: q.rfc = "RFC 9293 §3.10.1"; break;
        default: q.rfc = q.cause == Cause::Close ? "RFC 9293 §3.10.4" : "RFC 9293 §3.10.7.4"; break;
    }
}

Choice timerChoice(TimerKind k, TimeUs after) {
    Choice c;
    c.timer = k;
    c.after = after;
    return c;
}

void timerQuestion(Question& q, TimerKind kind, TimeUs after) {
    const Choice right = timerChoice(kind, after);
    std::vector<Choice> wrong;
    switch (kind) {
        case TimerKind::TimeWait:
            // One MSL instead of two; RFC 793's 2MSL of four minutes; the RTO.
            addWrong(wrong, right, timerChoice(kind, after / 2));
            addWrong(wrong, right, timerChoice(kind, after == 240'000'000 ? 60'000'000 : 240'000'000));
            addWrong(wrong, right, timerChoice(TimerKind::Retransmission, 1'000'000));
            break;
        case TimerKind::Retransmission:
            // Twice or half the timeout (backoff doubles it, RFC 6298 §5.5); TIME-WAIT's.
            addWrong(wrong, right, timerChoice(kind, after * 2));
            addWrong(wrong, right, timerChoice(kind, std::max<TimeUs>(after / 2, 1)));
            addWrong(wrong, right, timerChoice(TimerKind::TimeWait, 60'000'000));
            break;
        default:
            addWrong(wrong, right, timerChoice(kind, after * 2));
            addWrong(wrong, right, timerChoice(TimerKind::Retransmission, 1'000'000));
            addWrong(wrong, right, timerChoice(TimerKind::TimeWait, 60'000'000));
            break;
    }
    place(q, right, std::move(wrong));
    switch (kind) {
        case TimerKind::Retransmission: q.rfc = "RFC 6298 §5"; break;
        case TimerKind::Persist: q.rfc = "RFC 9293 §3.8.6.1"; break;
        case TimerKind::DelayedAck: q.rfc = "RFC 9293 §3.8.6.3"; break;
        default: q.rfc = "RFC 9293 §3.10.8"; break;
    }
}

Choice receiverChoice(Notice n) {
    Choice c;
    c.notice = n;
    return c;
}

void receiverQuestion(Question& q, Notice notice) {
    const Choice right = receiverChoice(notice);
    std::vector<Choice> wrong;
    for (const Notice n : kReceiverChoices) addWrong(wrong, right, receiverChoice(n));
    place(q, right, std::move(wrong));
    q.rfc = notice == Notice::SynInSynchronized ? "RFC 5961 §4"
            : notice == Notice::RstIgnored      ? "RFC 5961 §3"
                                                : "RFC 9293 §3.10.7.4";
}

}  // namespace

std::string_view questionKindName(QuestionKind k) { return kKindNames.at(static_cast<std::size_t>(k)); }

std::vector<Question> quizOf(const Trace& t, const Steps& steps, const SegmentLabeler& labeler, Notation notation) {
    std::vector<Question> out;
    if (t.ofHosts() || t.events.empty()) return out;
    const StateGraph& graph = StateGraph::rfc9293();
    std::size_t sends = 0;   // send questions so far: numbers and flags take turns
    // (A step with both a state change and a send asks one of them: the state at odd steps, so
    // that the handshake asks where the SYN takes the server, then the ACK's numbers.)
    for (std::size_t step = 1; step <= steps.count(); ++step) {
        const EventRange range = steps.events(step);
        std::optional<std::size_t> arrive, expire, state, send;
        // What the step's arrival (or loss) makes happen is asked before what came earlier in
        // it: "B answers the SYN with …?" rather than "A sends …?".
        std::size_t hit = range.begin;
        while (hit < range.end && t.events[hit].kind != EventKind::Arrive && t.events[hit].kind != EventKind::Drop) ++hit;
        if (hit == range.end) hit = range.begin;
        for (std::size_t k = 0; k < range.end - range.begin; ++k) {
            const std::size_t e = hit + k < range.end ? hit + k : range.begin + (hit + k - range.end);
            const Event& ev = t.events[e];
            if (!arrive && ev.kind == EventKind::Arrive && ev.copy == 0 && asksReceiver(ev.notice)) arrive = e;
            if (!expire && ev.kind == EventKind::Timer && ev.timer_op == TimerOp::Expire) expire = e;
            if (!state && ev.kind == EventKind::State && ev.from != ev.to) state = e;
            if (!send && ev.kind == EventKind::Send && !t.segment(ev.segment).segment.udp() &&
                t.segment(ev.segment).reason != SendReason::Injected)
                send = e;
        }
        Question q;
        q.cursor = step - 1;
        q.step = step;
        if (arrive) {
            const Event& ev = t.events[*arrive];
            q.kind = QuestionKind::Receiver;
            q.event = *arrive;
            q.side = ev.endpoint;
            q.segment = ev.segment;
            receiverQuestion(q, ev.notice);
        } else if (expire) {
            const Event& ev = t.events[*expire];
            // How long before it was set: its last start on that side.
            std::optional<TimeUs> after;
            for (std::size_t e = *expire; e-- > 0;) {
                const Event& s = t.events[e];
                if (s.kind == EventKind::Timer && s.timer == ev.timer && s.endpoint == ev.endpoint &&
                    s.timer_op == TimerOp::Start) {
                    after = s.deadline - s.time;
                    break;
                }
            }
            if (!after || *after <= 0) continue;
            q.kind = QuestionKind::Timer;
            q.event = *expire;
            q.side = ev.endpoint;
            timerQuestion(q, ev.timer, *after);
        } else if (state && (!send || step % 2 == 1)) {
            const Event& ev = t.events[*state];
            q.kind = QuestionKind::State;
            q.event = *state;
            q.side = ev.endpoint;
            q.from = ev.from;
            q.cause = ev.cause;
            stateQuestion(q, graph, ev.to);
        } else if (send) {
            const Event& ev = t.events[*send];
            const Segment& s = t.segment(ev.segment).segment;
            q.event = *send;
            q.side = ev.endpoint;
            q.segment = ev.segment;
            if (sends++ % 2 == 0 && s.has(kAck)) {
                q.kind = QuestionKind::Numbers;
                numbersQuestion(q, t, labeler, notation);
            } else {
                q.kind = QuestionKind::Flags;
                flagsQuestion(q, s);
            }
        } else {
            continue;
        }
        if (q.choices.size() >= 2) out.push_back(std::move(q));
    }
    return out;
}

}  // namespace tcpviz::core
