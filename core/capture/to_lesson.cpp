#include "core/capture/to_lesson.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <stdexcept>

#include "core/capture/analysis.h"

namespace tcpviz::core {

namespace {

double ms(TimeUs us) { return std::round(static_cast<double>(us)) / 1000.0; }

}  // namespace

Scenario lessonOfCapture(const Trace& t) {
    if (!t.capture) throw std::invalid_argument("lessonOfCapture: the trace was not read from a capture");
    const CaptureSource& c = *t.capture;
    Scenario s;
    const std::string stem = t.scenario_id.substr(0, t.scenario_id.find_last_of('.'));
    s.id = "capture-" + stem + "-" + std::to_string(c.connection);
    s.title.text = {{"en", "From a capture: " + c.a + " → " + c.b},
                    {"zh_CN", "来自抓包：" + c.a + " → " + c.b}};
    s.description.text = {
        {"en", "Made from connection " + std::to_string(c.connection) + " of the capture " + t.scenario_id +
                   ": its ISNs, MSS, windows, the handshake's round trip as the link delay, its data as the "
                   "applications' sends, and every segment sent again as the loss of its first copy. The engine "
                   "replays it with its own TCP, so change what you like and watch what follows."},
        {"zh_CN", "由抓包 " + t.scenario_id + " 的第 " + std::to_string(c.connection) +
                      " 个连接生成：沿用其初始序号、MSS、窗口，以握手的往返时间作为链路时延，把数据当作应用的发送，"
                      "把每个重传的报文段当作其第一份副本的丢失。引擎用自己的 TCP 重演它，可以任意修改，看看会发生什么。"}};
    s.group = "capture";
    const TimeUs base = t.segments.empty() ? 0 : t.segments.front().sent_at;

    // The ends, and what each side's first segments say of it.
    std::array<std::optional<std::uint32_t>, 2> isn, first_seq;
    std::array<std::optional<std::uint16_t>, 2> mss;
    std::array<std::optional<std::uint32_t>, 2> window;
    for (const SegmentRecord& r : t.segments) {
        const std::size_t x = idx(r.from);
        const Segment& seg = r.segment;
        if (!first_seq[x]) first_seq[x] = seg.seq.value();
        if (seg.has(kSyn) && !isn[x]) {
            isn[x] = seg.seq.value();
            mss[x] = seg.options.mss;
        } else if (!seg.has(kSyn) && !window[x]) {
            const int shift = c.window_scale[x];
            window[x] = shift > 0 ? std::uint32_t{seg.window} << shift : seg.window;
        }
    }
    for (std::size_t x = 0; x < 2; ++x) {
        ScenarioEndpoint& e = s.endpoints[x];
        e.name = t.endpoints[x].name;
        const bool v4 = c.addresses[x].find(':') == std::string::npos;
        e.address = v4 ? c.addresses[x] : (x == 0 ? "192.0.2.1" : "198.51.100.7");   // IPv6: the lesson's own
        e.port = t.endpoints[x].port;
        if (isn[x] || first_seq[x]) e.isn = {isn[x].value_or(*first_seq[x])};
        if (mss[x] && *mss[x] > 0) e.tcp.mss = *mss[x];
        if (window[x]) e.tcp.window = std::max<std::uint32_t>(*window[x], 1);
        e.tcp.window_scale = c.window_scale[x] >= 0 ? c.window_scale[x] : -1;
        e.tcp.congestion = CongestionAlgorithm::NewReno;
    }

    // The link: half the handshake's round trip each way (from wherever it was captured, the
    // SYN to the ACK of the SYN,ACK is one round trip).
    std::optional<TimeUs> syn, ack_of_syn_ack;
    std::optional<std::uint32_t> syn_ack_end;
    for (const SegmentRecord& r : t.segments) {
        const Segment& seg = r.segment;
        if (r.from == Side::A && seg.has(kSyn) && !seg.has(kAck) && !syn) syn = r.sent_at;
        if (r.from == Side::B && seg.has(kSyn) && seg.has(kAck) && !syn_ack_end) syn_ack_end = seg.end().value();
        if (r.from == Side::A && syn_ack_end && !seg.has(kSyn) && seg.has(kAck) && seg.ack.value() == *syn_ack_end &&
            !ack_of_syn_ack)
            ack_of_syn_ack = r.sent_at;
    }
    if (syn && ack_of_syn_ack)
        for (LinkDirection& d : s.link) d.delay_ms = std::max(0.001, ms(*ack_of_syn_ack - *syn) / 2);

    // The calls.
    const auto call = [&](TimeUs at, Side side, CallKind k, std::uint32_t bytes = 0) {
        s.script.push_back({ms(at - base), ScriptCall{side, k, bytes}});
    };
    if (c.from_middle) {
        s.start = StartMode::Established;
    } else {
        if (t.initial_states[1] == State::Listen) s.script.push_back({0, ScriptCall{Side::B, CallKind::Listen, 0}});
        if (syn) call(*syn, Side::A, CallKind::Connect);
    }
    std::array<bool, 2> closed{false, false}, aborted{false, false};
    std::set<std::pair<std::size_t, std::uint32_t>> lost;   // (side, seq) of each first copy lost
    for (std::size_t j = 0; j < t.segments.size(); ++j) {
        const SegmentRecord& r = t.segments[j];
        const Segment& seg = r.segment;
        const std::size_t x = idx(r.from);
        const std::uint16_t marks = c.segments[j].analysis;
        // Sent again: its first copy was lost (a spurious one was not, only late or unneeded).
        if (marks & (kRetransmission | kFastRetransmission)) {
            if (lost.insert({x, seg.seq.value()}).second) {
                FaultSpec f;
                f.from = r.from;
                f.filter.seq = seg.seq.value();
                if (seg.has(kSyn)) f.filter.flags_set = kSyn;
                f.filter.retransmission = false;
                f.nth = 1;
                f.action = FaultAction::Drop;
                s.faults.push_back(f);
            }
            continue;
        }
        if (marks & (kSpuriousRetransmission | kKeepAlive | kZeroWindowProbe)) continue;   // no new data
        if (!seg.payload.empty() && !closed[x]) call(r.sent_at, r.from, CallKind::Send, seg.payload.size());
        if (seg.has(kFin) && !closed[x]) {
            closed[x] = true;
            call(r.sent_at, r.from, CallKind::Close);
        }
        // An RST of its own (not the refusal of a side that never listened) is an ABORT.
        if (seg.has(kRst) && !aborted[x] && !(r.from == Side::B && t.initial_states[1] == State::Closed)) {
            aborted[x] = true;
            call(r.sent_at, r.from, CallKind::Abort);
        }
    }
    std::stable_sort(s.script.begin(), s.script.end(),
                     [](const ScriptAction& a, const ScriptAction& b) { return a.at_ms < b.at_ms; });
    // Long enough for what was captured, its retransmissions and a TIME-WAIT after it.
    const TimeUs span = t.segments.empty() ? 0 : t.segments.back().sent_at - base;
    s.horizon_ms = std::max(600'000.0, ms(span) + 300'000.0);
    return s;
}

}  // namespace tcpviz::core
