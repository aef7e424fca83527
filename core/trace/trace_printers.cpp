#include "core/trace/trace_printers.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tcpviz::core {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json flagsJson(std::uint8_t flags) {
    ordered_json list = ordered_json::array();
    for (const auto& f : kFlagsInHeaderOrder)
        if (flags & f.flag) list.push_back(f.name);
    return list;
}

// A window in bytes; null when there is no limit (no congestion control, or no ssthresh yet).
ordered_json windowJson(std::uint32_t w) {
    if (w == CongestionController::kUnlimited) return nullptr;
    return w;
}

ordered_json tcbJson(Side side, const TcbSample& s) {
    const TcbNumbers& n = s.tcb;
    ordered_json j;
    j["after"] = s.event;
    j["endpoint"] = sideName(side);
    j["state"] = stateName(n.state);
    j["snd_una"] = n.snd_una;
    j["snd_nxt"] = n.snd_nxt;
    j["snd_wnd"] = n.snd_wnd;
    j["iss"] = n.iss;
    j["rcv_nxt"] = n.rcv_nxt;
    j["rcv_wnd"] = n.rcv_wnd;
    j["irs"] = n.irs;
    j["cwnd"] = windowJson(n.cwnd);
    j["ssthresh"] = windowJson(n.ssthresh);
    j["phase"] = congestionPhaseName(n.phase);
    j["dup_acks"] = n.dup_acks;
    j["srtt_us"] = n.srtt_us;
    j["rto_us"] = n.rto_us;
    return j;
}

ordered_json segmentJson(const SegmentRecord& r) {
    const Segment& s = r.segment;
    ordered_json j;
    j["id"] = r.id;
    j["seq"] = s.seq.value();
    j["ack"] = s.has(kAck) ? s.ack.value() : 0u;
    j["flags"] = flagsJson(s.flags);
    j["len"] = s.payload.size();
    j["window"] = s.window;
    switch (r.retransmissionKind()) {
        case Retransmission::None: j["retransmission"] = false; break;
        case Retransmission::Timeout: j["retransmission"] = "timeout"; break;
        case Retransmission::Fast: j["retransmission"] = "fast"; break;
    }
    if (r.reason != SendReason::Normal && !r.retransmission()) j["reason"] = sendReasonName(r.reason);
    return j;
}

ordered_json eventJson(const Trace& t, const Event& e) {
    ordered_json j;
    j["step"] = e.step;
    j["time_us"] = e.time;
    j["kind"] = eventKindName(e.kind);
    j["endpoint"] = sideName(e.endpoint);
    switch (e.kind) {
        case EventKind::Call:
            j["call"] = callName(e.call);
            if (e.call == CallKind::Send || e.call == CallKind::Receive) j["bytes"] = e.bytes;
            break;
        case EventKind::State:
            j["from"] = stateName(e.from);
            j["to"] = stateName(e.to);
            j["cause"] = causeName(e.cause);
            break;
        case EventKind::Send: {
            const SegmentRecord& r = t.segment(e.segment);
            j["segment"] = segmentJson(r);
            if (r.reason != SendReason::Injected) {
                j["cwnd"] = windowJson(r.cwnd);
                j["ssthresh"] = windowJson(r.ssthresh);
                j["flight"] = r.flight;
            }
            break;
        }
        case EventKind::Arrive:
            j["segment"] = segmentJson(t.segment(e.segment));
            if (e.copy > 0) j["copy"] = e.copy;
            if (e.dup_ack > 0) j["dup_ack"] = e.dup_ack;
            break;
        case EventKind::Drop:
            j["segment"] = segmentJson(t.segment(e.segment));
            if (e.copy > 0) j["copy"] = e.copy;
            j["reason"] = dropReasonName(e.drop_reason);
            break;
        case EventKind::Timer:
            j["timer"] = timerKindName(e.timer);
            j["action"] = timerOpName(e.timer_op);
            if (e.timer_op == TimerOp::Start) j["deadline_us"] = e.deadline;
            break;
        case EventKind::Deliver:
            j["bytes"] = e.bytes;
            break;
    }
    if (e.notice != Notice::None) j["notice"] = noticeName(e.notice);
    return j;
}

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
    std::string quoted = "\"";
    for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

const char* retransmissionCsv(const SegmentRecord& r) {
    switch (r.retransmissionKind()) {
        case Retransmission::Timeout: return "timeout";
        case Retransmission::Fast: return "fast";
        case Retransmission::None: break;
    }
    return "false";
}

std::string windowCsv(std::uint32_t w) {
    return w == CongestionController::kUnlimited ? std::string() : std::to_string(w);
}

}  // namespace

std::string traceToJson(const Trace& t) {
    ordered_json head;
    head["format"] = "tcpviz-trace/1";
    head["scenario"] = {{"id", t.scenario_id}, {"title", t.scenario_title}};
    ordered_json eps = ordered_json::array();
    for (const EndpointInfo& e : t.endpoints)
        eps.push_back({{"id", e.id}, {"name", e.name}, {"address", ipv4ToString(e.address)}, {"port", e.port}});
    head["endpoints"] = eps;
    head["initial_states"] = {{"A", stateName(t.initial_states[0])}, {"B", stateName(t.initial_states[1])}};
    // One event per line: diff-friendly and still one JSON document.
    std::string text = head.dump();
    text.pop_back();   // the closing brace
    text += ",\n \"events\": [";
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        text += i == 0 ? "\n  " : ",\n  ";
        text += eventJson(t, t.events[i]).dump();
    }
    text += t.events.empty() ? "]" : "\n ]";
    // The TCB after every input that changed it ("after": how many events it follows).
    text += ",\n \"tcb\": [";
    bool first = true;
    for (Side side : {Side::A, Side::B}) {
        for (const TcbSample& s : t.tcb_samples[idx(side)]) {
            text += first ? "\n  " : ",\n  ";
            first = false;
            text += tcbJson(side, s).dump();
        }
    }
    text += first ? "]" : "\n ]";
    ordered_json end;
    end["reason"] = endReasonName(t.end.reason);
    end["time_us"] = t.end.time;
    text += ",\n \"end\": " + end.dump() + "}\n";
    return text;
}

std::string traceToCsv(const Trace& t) {
    std::ostringstream out;
    out << "step,time_us,kind,endpoint,call,bytes,from,to,cause,segment,seq,ack,flags,len,window,"
           "retransmission,timer,timer_action,deadline_us,reason,notice,cwnd,ssthresh,flight,dup_ack\n";
    for (const Event& e : t.events) {
        out << e.step << ',' << e.time << ',' << eventKindName(e.kind) << ',' << sideName(e.endpoint) << ',';
        out << (e.kind == EventKind::Call ? callName(e.call) : "") << ',';
        out << (e.kind == EventKind::Deliver || (e.kind == EventKind::Call && e.bytes) ? std::to_string(e.bytes) : "") << ',';
        if (e.kind == EventKind::State)
            out << stateName(e.from) << ',' << stateName(e.to) << ',' << csv(causeName(e.cause)) << ',';
        else
            out << ",,,";
        const bool seg = e.kind == EventKind::Send || e.kind == EventKind::Arrive || e.kind == EventKind::Drop;
        if (seg) {
            const SegmentRecord& r = t.segment(e.segment);
            const Segment& s = r.segment;
            out << r.id << ',' << s.seq.value() << ',' << (s.has(kAck) ? s.ack.value() : 0u) << ','
                << flagsToString(s.flags, '|') << ',' << s.payload.size() << ',' << s.window << ','
                << retransmissionCsv(r) << ',';
        } else {
            out << ",,,,,,,";
        }
        if (e.kind == EventKind::Timer)
            out << timerKindName(e.timer) << ',' << timerOpName(e.timer_op) << ','
                << (e.timer_op == TimerOp::Start ? std::to_string(e.deadline) : "") << ',';
        else
            out << ",,,";
        out << (e.kind == EventKind::Drop ? dropReasonName(e.drop_reason) : "") << ',';
        out << csv(noticeName(e.notice)) << ',';
        if (e.kind == EventKind::Send && t.segment(e.segment).reason != SendReason::Injected) {
            const SegmentRecord& r = t.segment(e.segment);
            out << windowCsv(r.cwnd) << ',' << windowCsv(r.ssthresh) << ',' << r.flight << ',';
        } else {
            out << ",,,";
        }
        if (e.dup_ack > 0) out << e.dup_ack;
        out << '\n';
    }
    return out.str();
}

std::string rfcSegmentText(const Segment& s) {
    std::string text = "<SEQ=" + std::to_string(s.seq.value()) + ">";
    if (s.has(kAck)) text += "<ACK=" + std::to_string(s.ack.value()) + ">";
    static constexpr FlagName kRfcOrder[] = {{kSyn, "SYN"}, {kFin, "FIN"}, {kRst, "RST"}, {kPsh, "PSH"},
                                             {kUrg, "URG"}, {kEce, "ECE"}, {kCwr, "CWR"}, {kAck, "ACK"}};
    std::string ctl;
    for (const auto& f : kRfcOrder)
        if (s.has(f.flag)) {
            if (!ctl.empty()) ctl += ',';
            ctl += f.name;
        }
    if (!ctl.empty()) text += "<CTL=" + ctl + ">";
    if (!s.payload.empty()) text += "<DATA=" + std::to_string(s.payload.size()) + ">";
    return text;
}

namespace {

// One line of the RFC 9293 §3.5 notation before column widths are known.
struct RfcLine {
    std::string a;        // TCP A's state column
    std::string left;     // "-->", "<--", "...", "XXX" or empty
    std::string segment;  // empty for a state line
    std::string right;
    std::string b;        // TCP B's state column
};

class RfcPrinter {
public:
    explicit RfcPrinter(const Trace& t) : m_t(t), m_states(t.initial_states) {}

    std::string print() {
        const auto& ev = m_t.events;
        std::size_t i = 0;
        while (i < ev.size()) {
            std::size_t end = i;
            while (end < ev.size() && ev[end].input == ev[i].input) ++end;
            group(i, end);
            i = end;
        }
        flushOpen();
        return render();
    }

private:
    std::string state(Side s) const { return std::string(stateName(m_states[idx(s)])); }

    void group(std::size_t begin, std::size_t end) {
        const auto& ev = m_t.events;
        const Event& head = ev[begin];
        bool printed = false;
        if (head.kind == EventKind::Arrive || head.kind == EventKind::Drop) {
            // Apply the receiver's state changes first: an arrival line shows the state after.
            for (std::size_t k = begin; k < end; ++k)
                if (ev[k].kind == EventKind::State) m_states[idx(ev[k].endpoint)] = ev[k].to;
            arrival(head);
            printed = true;
            for (std::size_t k = begin; k < end; ++k)
                if (ev[k].kind == EventKind::Send) sent(ev[k]);
        } else {
            // A call or a timer: the sender's state at each send is the one shown.
            for (std::size_t k = begin; k < end; ++k) {
                if (ev[k].kind == EventKind::State) m_states[idx(ev[k].endpoint)] = ev[k].to;
                if (ev[k].kind == EventKind::Send) {
                    sent(ev[k]);
                    printed = true;
                }
            }
        }
        bool changed = false;
        for (std::size_t k = begin; k < end; ++k) changed |= ev[k].kind == EventKind::State;
        if (!printed && changed) stateLine(head.time);
    }

    void startLines() {
        if (m_started) return;
        m_started = true;
        m_lines.push_back({std::string(stateName(m_t.initial_states[0])), "", "", "",
                           std::string(stateName(m_t.initial_states[1]))});
    }

    void stateLine(TimeUs time) {
        flushOpen();
        // Two CLOSED endpoints are not worth a line; any other starting point is (a run that
        // starts mid-connection shows where it started, as RFC 9293 Figures 9 and 10 do).
        if (m_t.initial_states != std::array{State::Closed, State::Closed}) startLines();
        // Changes at the same moment, with nothing between, share one line.
        if (m_started && m_last_was_state && m_last_state_time == time) m_lines.pop_back();
        m_started = true;
        m_lines.push_back({state(Side::A), "", "", "", state(Side::B)});
        m_last_was_state = true;
        m_last_state_time = time;
    }

    void push(RfcLine line) {
        startLines();
        m_lines.push_back(std::move(line));
        m_last_was_state = false;
    }

    void sent(const Event& e) {
        // A segment from nowhere (an old duplicate) has no sender state; it shows at arrival.
        if (m_t.segment(e.segment).reason == SendReason::Injected) return;
        flushOpen();
        startLines();
        m_open = e.segment;
        m_open_state = state(e.endpoint);
    }

    void flushOpen() {
        if (!m_open) return;
        const SegmentRecord& r = m_t.segment(*m_open);
        const std::string seg = rfcSegmentText(r.segment);
        if (r.from == Side::A)
            push({m_open_state, "-->", seg, "...", ""});
        else
            push({"", "...", seg, "<--", m_open_state});
        m_open.reset();
    }

    void arrival(const Event& e) {
        // Joined with its send when nothing came between; otherwise "... <SEG> --> STATE". An
        // arrival of a segment sent earlier is printed before a send still waiting for its own
        // arrival, as RFC 9293 Figures 7 and 13 draw it; one sent later comes after it (Figure 8).
        if (m_open && e.segment > *m_open) flushOpen();
        const SegmentRecord& r = m_t.segment(e.segment);
        const std::string seg = rfcSegmentText(r.segment);
        const bool lost = e.kind == EventKind::Drop;
        const bool joined = m_open && *m_open == e.segment && e.copy == 0;
        const std::string sender = joined ? m_open_state : "";
        if (joined) m_open.reset();
        if (r.from == Side::A) {
            push({sender, joined ? "-->" : "...", seg, lost ? "XXX" : "-->", lost ? "" : state(Side::B)});
        } else {
            push({lost ? "" : state(Side::A), lost ? "XXX" : "<--", seg, joined ? "<--" : "...", sender});
        }
    }

    std::string render() const {
        std::size_t wa = 12, ws = 0;
        for (const auto& l : m_lines) {
            wa = std::max(wa, l.a.size());
            ws = std::max(ws, l.segment.size());
        }
        auto pad = [](std::string s, std::size_t w) {
            s.resize(std::max(s.size(), w), ' ');
            return s;
        };
        // The B column starts after: number, A's state, arrow, segment, arrow.
        const std::size_t b_column = 5 + wa + ws + 10;
        std::string out = pad(pad("", 5) + "TCP A (" + m_t.endpoints[0].name + ")", b_column - 1) + " " +
                          "TCP B (" + m_t.endpoints[1].name + ")\n";
        std::size_t n = 0;
        for (const auto& l : m_lines) {
            std::string line = pad(std::to_string(++n) + ".", 5) + pad(l.a, wa) + " " + pad(l.left, 3) +
                               " " + pad(l.segment, ws) + " " + pad(l.right, 3) + " " + l.b;
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += "\n" + line;
        }
        return out + "\n";
    }

    const Trace& m_t;
    std::array<State, 2> m_states;
    std::vector<RfcLine> m_lines;
    bool m_started = false;
    bool m_last_was_state = false;
    TimeUs m_last_state_time = -1;
    std::optional<std::uint64_t> m_open;   // a sent segment whose line waits for its arrival
    std::string m_open_state;
};

}  // namespace

std::string traceToRfc(const Trace& t) { return RfcPrinter(t).print(); }

}  // namespace tcpviz::core
