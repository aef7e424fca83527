#pragma once
// Fixtures for the per-state Endpoint tests (STYLE.md "Tests"): one builder per state, built by
// chaining, and helpers that feed the endpoint one input at a time and check what comes back.
//
// Every expectation in the tests is taken from RFC 9293 §3.10 (event processing), RFC 5961
// (challenge ACKs) and RFC 6298 (retransmission timer); each test names its section.
//
// The numbers used throughout:
//   us   (the endpoint under test) 192.0.2.1:50000, ISS = 100
//   peer                           198.51.100.7:80, its ISN = 300
// so after the handshake SND.NXT = 101 and RCV.NXT = 301; after our FIN SND.NXT = 102; after
// the peer's FIN RCV.NXT = 302.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <source_location>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/tcp/actions.h"
#include "core/tcp/endpoint.h"
#include "core/tcp/segment.h"
#include "core/tcp/state.h"
#include "core/tcp/state_graph.h"
#include "core/tcp/tcp_config.h"

namespace tcpviz::core {

// Readable values in GoogleTest's failure messages.
inline void PrintTo(State s, std::ostream* os) {
    *os << stateName(s);
}
inline void PrintTo(SeqNum n, std::ostream* os) {
    *os << n.value();
}
inline void PrintTo(Cause c, std::ostream* os) {
    *os << causeName(c);
}
inline void PrintTo(const StateChange& c, std::ostream* os) {
    *os << stateName(c.from) << " -> " << stateName(c.to) << " (" << causeName(c.cause) << ")";
}

}  // namespace tcpviz::core

namespace tcpviz::core::tests {

// 192.0.2.1:50000 (us) and 198.51.100.7:80 (the peer).
inline constexpr std::uint32_t kAddrA = (192u << 24) | (0u << 16) | (2u << 8) | 1u;
inline constexpr std::uint32_t kAddrB = (198u << 24) | (51u << 16) | (100u << 8) | 7u;
inline constexpr std::uint16_t kPortA = 50000;
inline constexpr std::uint16_t kPortB = 80;
inline constexpr std::uint32_t kIss = 100;  // ours
inline constexpr std::uint32_t kIrs = 300;  // the peer's ISN
// The window the peer announces unless a test says otherwise.
inline constexpr std::uint16_t kPeerWindow = 16384;
inline constexpr TimeUs kMs = 1'000;
inline constexpr TimeUs kSecond = 1'000'000;

inline std::vector<std::uint8_t> bytes(std::string_view text) {
    return {text.begin(), text.end()};
}

// n bytes of a recognisable pattern, starting at position `from` of an endless stream.
inline std::vector<std::uint8_t> pattern(std::size_t n, std::size_t from = 0) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = static_cast<std::uint8_t>((from + i) * 7 + (from + i) / 251);
    return v;
}

// "<SEQ=101><ACK=301><CTL=ACK><WND=16384> len=0", in the RFC's notation.
inline std::string describe(const Segment& s) {
    std::ostringstream o;
    o << "<SEQ=" << s.seq.value() << ">";
    if (s.has(kAck)) o << "<ACK=" << s.ack.value() << ">";
    o << "<CTL=" << flagsToString(s.flags) << "><WND=" << s.window << "> len=" << s.payload.size();
    return o.str();
}

// One expected segment: SEQ, ACK (compared only when ACK is among the flags), the control bits
// (PSH is not compared: RFC 9293 leaves it to the sender), the payload length and, when given,
// the window.
struct Sent {
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    std::size_t len = 0;
    std::optional<std::uint16_t> window;
};

inline std::string describe(const Sent& s) {
    std::ostringstream o;
    o << "<SEQ=" << s.seq << ">";
    if (s.flags & kAck) o << "<ACK=" << s.ack << ">";
    o << "<CTL=" << flagsToString(s.flags) << ">";
    if (s.window) o << "<WND=" << *s.window << ">";
    o << " len=" << s.len;
    return o.str();
}

inline bool matches(const Segment& got, const Sent& want) {
    const auto ctl = [](std::uint8_t f) { return static_cast<std::uint8_t>(f & ~kPsh); };
    return got.seq.value() == want.seq && ctl(got.flags) == ctl(want.flags) &&
           (!(want.flags & kAck) || got.ack.value() == want.ack) &&
           got.payload.size() == want.len && (!want.window || got.window == *want.window);
}

inline std::string describe(const StateChange& c) {
    return std::string(stateName(c.from)) + " -> " + std::string(stateName(c.to)) + " (" +
           std::string(causeName(c.cause)) + ")";
}

// The per-state tests check RFC 9293 §3.10 event processing one segment at a time, so by
// default every segment is answered at once and sent as soon as the window allows: no delayed
// ACKs, no Nagle, no congestion window. The data-transfer tests (congestion_test.cpp, ...)
// turn these on.
inline TcpConfig eventProcessingConfig() {
    TcpConfig c;
    c.delayed_ack = false;
    c.nagle = false;
    c.congestion = CongestionAlgorithm::None;
    return c;
}

class EndpointTest : public ::testing::Test {
protected:
    explicit EndpointTest(TcpConfig tcp = eventProcessingConfig()) : ep(endpointConfig(tcp)) {}

    static EndpointConfig endpointConfig(const TcpConfig& tcp) {
        EndpointConfig c;
        c.address = kAddrA;
        c.port = kPortA;
        c.peer_address = kAddrB;
        c.peer_port = kPortB;
        c.tcp = tcp;
        c.isn = {kIss};
        return c;
    }
    // Every state change a test caused must be an edge of RFC 9293 Figure 5 or of the transitions
    // its notes and §3.10 add (core::StateGraph).
    void TearDown() override {
        for (const auto& c : history)
            EXPECT_TRUE(StateGraph::rfc9293().findEdge(c).has_value())
                << "not an RFC 9293 transition: " << describe(c);
    }

    // Starts over with another configuration (call before any builder).
    void configure(const TcpConfig& tcp) {
        ep = Endpoint(endpointConfig(tcp));
        out.clear();
    }

    // --- inputs: each clears `out`, runs one input at `now` and returns what it produced ---

    // A segment from the peer: ports filled in for the peer -> us direction (unless the test set
    // them), data offset and checksum made right, then SEGMENT ARRIVES.
    const Actions& arrive(Segment seg, std::optional<TimeUs> at = {}) {
        if (seg.src_port == 0) seg.src_port = kPortB;
        if (seg.dst_port == 0) seg.dst_port = kPortA;
        finalize(seg, ep.incomingPseudoHeader());
        return arriveAsIs(seg, at);
    }
    // The segment exactly as given (checksum and data offset included).
    const Actions& arriveAsIs(const Segment& seg, std::optional<TimeUs> at = {}) {
        if (at) now = *at;
        return run([&] { ep.onSegment(seg, now, out); });
    }
    const Actions& arriveWire(std::span<const std::uint8_t> wire) {
        return run([&] { ep.onWire(wire, now, out); });
    }
    // Moves the clock and runs every timer due by then.
    const Actions& advance(TimeUs dt) { return advanceTo(now + dt); }
    const Actions& advanceTo(TimeUs t) {
        now = t;
        return run([&] { ep.onTimers(now, out); });
    }
    // Runs the timer with the earliest deadline (the clock jumps there).
    const Actions& fireNextTimer() {
        const auto at = ep.pollAt();
        EXPECT_TRUE(at.has_value()) << "no timer is running";
        return advanceTo(at.value_or(now));
    }

    const Actions& callListen() {
        return run([&] { ep.listen(now, out); });
    }
    const Actions& callConnect() {
        return run([&] { ep.connect(now, out); });
    }
    const Actions& callSend(const Payload& data) {
        return run([&] { ep.send(data, now, out); });
    }
    const Actions& callReceive(std::size_t n) {
        return run([&] { ep.receive(n, now, out); });
    }
    const Actions& callClose() {
        return run([&] { ep.close(now, out); });
    }
    const Actions& callAbort() {
        return run([&] { ep.abort(now, out); });
    }

    // --- what the last input produced ---

    [[nodiscard]] std::vector<Segment> sent() const {
        std::vector<Segment> v;
        for (const auto* s : out.all<SendAction>()) v.push_back(s->segment);
        return v;
    }
    [[nodiscard]] std::vector<SendReason> sendReasons() const {
        std::vector<SendReason> v;
        for (const auto* s : out.all<SendAction>()) v.push_back(s->reason);
        return v;
    }
    [[nodiscard]] std::vector<std::uint8_t> delivered() const {
        std::vector<std::uint8_t> v;
        for (const auto* d : out.all<DeliverAction>()) d->data.appendTo(v);
        return v;
    }
    [[nodiscard]] std::vector<StateChange> transitions() const {
        std::vector<StateChange> v;
        for (const auto* c : out.all<StateChange>()) v.push_back(*c);
        return v;
    }
    [[nodiscard]] bool noticed(Notice n) const {
        for (const auto* a : out.all<NoticeAction>())
            if (a->notice == n) return true;
        return false;
    }
    [[nodiscard]] bool timerStarted(TimerKind k) const {
        for (const auto* t : out.all<TimerAction>())
            if (t->kind == k && t->op == TimerOp::Start) return true;
        return false;
    }

    // --- expectations about the last input ---

    void expectSent(std::initializer_list<Sent> want,
                    std::source_location loc = std::source_location::current()) const {
        const auto got = sent();
        bool ok = got.size() == want.size();
        for (std::size_t i = 0; ok && i < got.size(); ++i) ok = matches(got[i], want.begin()[i]);
        if (ok) return;
        std::ostringstream msg;
        msg << "segments sent differ\n  expected:";
        for (const auto& w : want) msg << "\n    " << describe(w);
        if (want.size() == 0) msg << " nothing";
        msg << "\n  actual:";
        for (const auto& g : got) msg << "\n    " << describe(g);
        if (got.empty()) msg << " nothing";
        ADD_FAILURE_AT(loc.file_name(), static_cast<int>(loc.line())) << msg.str();
    }
    void expectNothingSent(std::source_location loc = std::source_location::current()) const {
        expectSent({}, loc);
    }
    void expectState(State s, std::source_location loc = std::source_location::current()) const {
        if (ep.state() != s)
            ADD_FAILURE_AT(loc.file_name(), static_cast<int>(loc.line()))
                << "state is " << stateName(ep.state()) << ", expected " << stateName(s);
    }
    // The last input changed the state exactly once, from -> to for this cause.
    void expectTransition(State from, State to, Cause cause,
                          std::source_location loc = std::source_location::current()) const {
        const auto got = transitions();
        if (got.size() == 1 && got[0] == StateChange{from, to, cause}) return;
        std::ostringstream msg;
        msg << "expected the one state change " << describe(StateChange{from, to, cause})
            << ", got";
        for (const auto& c : got) msg << "\n    " << describe(c);
        if (got.empty()) msg << " none";
        ADD_FAILURE_AT(loc.file_name(), static_cast<int>(loc.line())) << msg.str();
    }
    void expectNoTransition(std::source_location loc = std::source_location::current()) const {
        const auto got = transitions();
        if (got.empty()) return;
        std::ostringstream msg;
        msg << "expected no state change, got";
        for (const auto& c : got) msg << "\n    " << describe(c);
        ADD_FAILURE_AT(loc.file_name(), static_cast<int>(loc.line())) << msg.str();
    }
    void expectNotice(Notice n, std::source_location loc = std::source_location::current()) const {
        if (!noticed(n))
            ADD_FAILURE_AT(loc.file_name(), static_cast<int>(loc.line()))
                << "expected the notice \"" << noticeName(n) << "\"";
    }
    void expectNothingDelivered(std::source_location loc = std::source_location::current()) const {
        if (!delivered().empty())
            ADD_FAILURE_AT(loc.file_name(), static_cast<int>(loc.line()))
                << delivered().size() << " bytes delivered, expected none";
    }
    void expectNoTimers(std::source_location loc = std::source_location::current()) const {
        if (ep.pollAt())
            ADD_FAILURE_AT(loc.file_name(), static_cast<int>(loc.line()))
                << "a timer still runs, due at " << *ep.pollAt();
    }

    // --- builders: each reaches its state from the one before, as Figure 5 draws it ---

    // CLOSED --passive OPEN--> LISTEN
    void makeListen() {
        callListen();
        expectTransition(State::Closed, State::Listen, Cause::PassiveOpen);
    }
    // LISTEN --rcv SYN / snd SYN,ACK--> SYN-RECEIVED
    void makeSynReceived() {
        makeListen();
        arrive(Segment{.seq = SeqNum(kIrs), .flags = kSyn, .window = kPeerWindow});
        expectSent({{.seq = kIss, .ack = kIrs + 1, .flags = kSyn | kAck}});
        expectTransition(State::Listen, State::SynReceived, Cause::RcvSyn);
    }
    // SYN-RECEIVED --rcv ACK of SYN--> ESTABLISHED
    void makeEstablishedPassive() {
        makeSynReceived();
        arrive(Segment{.seq = SeqNum(kIrs + 1),
                       .ack = SeqNum(kIss + 1),
                       .flags = kAck,
                       .window = kPeerWindow});
        expectNothingSent();
        expectTransition(State::SynReceived, State::Established, Cause::RcvAckOfSyn);
    }
    // CLOSED --active OPEN / snd SYN--> SYN-SENT
    void makeSynSent() {
        callConnect();
        expectSent({{.seq = kIss, .flags = kSyn}});
        expectTransition(State::Closed, State::SynSent, Cause::ActiveOpen);
    }
    // SYN-SENT --rcv SYN / snd SYN,ACK--> SYN-RECEIVED (simultaneous open: an active OPEN)
    void makeSynReceivedActive() {
        makeSynSent();
        arrive(Segment{.seq = SeqNum(kIrs), .flags = kSyn, .window = kPeerWindow});
        expectSent({{.seq = kIss, .ack = kIrs + 1, .flags = kSyn | kAck}});
        expectTransition(State::SynSent, State::SynReceived, Cause::RcvSyn);
    }
    // SYN-SENT --rcv SYN,ACK / snd ACK--> ESTABLISHED
    void makeEstablished() {
        makeSynSent();
        arrive(Segment{.seq = SeqNum(kIrs),
                       .ack = SeqNum(kIss + 1),
                       .flags = kSyn | kAck,
                       .window = kPeerWindow});
        expectSent({{.seq = kIss + 1, .ack = kIrs + 1, .flags = kAck}});
        expectTransition(State::SynSent, State::Established, Cause::RcvSynAck);
    }
    // ESTABLISHED --CLOSE / snd FIN--> FIN-WAIT-1; our FIN is 101, SND.NXT = 102.
    void makeFinWait1() {
        makeEstablished();
        callClose();
        expectSent({{.seq = kIss + 1, .ack = kIrs + 1, .flags = kFin | kAck}});
        expectTransition(State::Established, State::FinWait1, Cause::Close);
    }
    // FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2
    void makeFinWait2() {
        makeFinWait1();
        arrive(Segment{.seq = SeqNum(kIrs + 1),
                       .ack = SeqNum(kIss + 2),
                       .flags = kAck,
                       .window = kPeerWindow});
        expectNothingSent();
        expectTransition(State::FinWait1, State::FinWait2, Cause::RcvAckOfFin);
    }
    // ESTABLISHED --rcv FIN / snd ACK--> CLOSE-WAIT; the peer's FIN is 301, RCV.NXT = 302.
    void makeCloseWait() {
        makeEstablished();
        arrive(Segment{.seq = SeqNum(kIrs + 1),
                       .ack = SeqNum(kIss + 1),
                       .flags = kFin | kAck,
                       .window = kPeerWindow});
        expectSent({{.seq = kIss + 1, .ack = kIrs + 2, .flags = kAck}});
        expectTransition(State::Established, State::CloseWait, Cause::RcvFin);
    }
    // CLOSE-WAIT --CLOSE / snd FIN--> LAST-ACK
    void makeLastAck() {
        makeCloseWait();
        callClose();
        expectSent({{.seq = kIss + 1, .ack = kIrs + 2, .flags = kFin | kAck}});
        expectTransition(State::CloseWait, State::LastAck, Cause::Close);
    }
    // FIN-WAIT-1 --rcv FIN (not acknowledging ours) / snd ACK--> CLOSING
    void makeClosing() {
        makeFinWait1();
        arrive(Segment{.seq = SeqNum(kIrs + 1),
                       .ack = SeqNum(kIss + 1),
                       .flags = kFin | kAck,
                       .window = kPeerWindow});
        expectSent({{.seq = kIss + 2, .ack = kIrs + 2, .flags = kAck}});
        expectTransition(State::FinWait1, State::Closing, Cause::RcvFin);
    }
    // FIN-WAIT-2 --rcv FIN / snd ACK--> TIME-WAIT
    void makeTimeWait() {
        makeFinWait2();
        arrive(Segment{.seq = SeqNum(kIrs + 1),
                       .ack = SeqNum(kIss + 2),
                       .flags = kFin | kAck,
                       .window = kPeerWindow});
        expectSent({{.seq = kIss + 2, .ack = kIrs + 2, .flags = kAck}});
        expectTransition(State::FinWait2, State::TimeWait, Cause::RcvFin);
    }

    Endpoint ep;
    Actions out;
    TimeUs now = 0;
    std::vector<StateChange> history;  // every state change since the test began

private:
    template <typename F>
    const Actions& run(F&& input) {
        out.clear();
        input();
        for (const auto* c : out.all<StateChange>()) history.push_back(*c);
        return out;
    }
};

}  // namespace tcpviz::core::tests
