#include "core/trace/trace_printers.h"

#include "core/capture/analysis.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <cassert>
#include <charconv>
#include <cstring>
#include <limits>
#include <memory>

namespace tcpviz::core {
namespace {

// The JSON, CSV and RFC texts are written straight into one buffer of kChunk bytes, which is
// handed to the sink when it is nearly full: a long transfer prints hundreds of thousands of
// events, and building a JSON object per event, or the whole text in memory, would cost far more
// than the simulation (a 5,000,000-event JSON text is 1.1 GB). Each record (an event, a TCB
// sample, a CSV row, an RFC line) first makes room for the longest it can be, then writes with
// no further checks; only raw() and spaces(), which may copy the user's own text, check each
// time. The header, which holds the user's own strings, goes through nlohmann::json.
class Out {
public:
    static constexpr std::size_t kChunk = 256 * 1024;   // stays in the cache while it is filled

    // The longest record, with room to spare: an event of the JSON text, the longest, has at
    // most 25 keys of at most 16 characters, each with a number or one of the engine's names (at
    // most 40 characters), which is about 1,500 bytes in the worst case; a real one is 100-450.
    static constexpr std::size_t kRecord = 4096;

    explicit Out(const TextSink& sink) : m_sink(sink), m_buf(new char[kChunk]) {
        m_p = m_buf.get();
        m_end = m_p + kChunk;
    }
    // Starts a record: what follows, up to kRecord bytes, needs no check.
    void record() {
        assert(m_p <= m_end);
        room(kRecord);
    }
    Out& raw(std::string_view text) {
        if (text.empty()) return *this;   // an empty view may have no data() to copy from
        if (text.size() > kChunk / 4) {   // a user's long name: passed on as it is
            flush();
            put(text);
            return *this;
        }
        room(text.size());
        std::memcpy(m_p, text.data(), text.size());
        m_p += text.size();
        return *this;
    }
    Out& ch(char c) {
        *m_p++ = c;
        return *this;
    }
    template <typename T>
    Out& num(T value) {
        m_p = std::to_chars(m_p, m_p + 24, value).ptr;
        return *this;
    }
    // A JSON string of one of the engine's own names (a state, a cause, a timer...), which hold
    // no quote, backslash or control character, so need no escaping: the user's own strings
    // are all in the header.
    Out& name(std::string_view text) {
        *m_p++ = '"';
        std::memcpy(m_p, text.data(), text.size());
        m_p += text.size();
        *m_p++ = '"';
        return *this;
    }
    // "key": (a literal, so that its copy is a few moves)
    template <std::size_t N>
    Out& key(const char (&k)[N], bool first = false) {
        if (!first) *m_p++ = ',';
        *m_p++ = '"';
        std::memcpy(m_p, k, N - 1);
        m_p += N - 1;
        *m_p++ = '"';
        *m_p++ = ':';
        return *this;
    }
    // A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
    Out& csv(std::string_view field) {
        if (field.find_first_of(",\"\r\n") == std::string_view::npos) return raw(field);
        std::string quoted = "\"";
        for (char c : field) {
            if (c == '"') quoted += '"';
            quoted += c;
        }
        quoted += '"';
        return raw(quoted);
    }
    Out& spaces(std::size_t n) {
        while (n > 0) {
            const std::size_t k = std::min(n, kChunk / 4);
            room(k);
            std::memset(m_p, ' ', k);
            m_p += k;
            n -= k;
        }
        return *this;
    }
    // Makes sure the next n bytes (at most kChunk) go into the buffer in one piece.
    void room(std::size_t n) {
        if (static_cast<std::size_t>(m_end - m_p) < n) [[unlikely]]
            flush();
    }
    // Where the next byte goes, for trimSpaces: valid until the next room() that flushes.
    [[nodiscard]] const char* mark() const { return m_p; }
    // Takes back the spaces at the end, down to `from` at most (a mark of the same piece).
    void trimSpaces(const char* from) {
        while (m_p > from && m_p[-1] == ' ') --m_p;
    }
    // False once the sink has refused a piece; what follows is then thrown away.
    [[nodiscard]] bool ok() const { return m_ok; }
    bool finish() {
        flush();
        return m_ok;
    }

private:
    [[gnu::noinline]] void flush() {
        put(std::string_view(m_buf.get(), static_cast<std::size_t>(m_p - m_buf.get())));
        m_p = m_buf.get();
    }
    void put(std::string_view piece) {
        if (m_ok && !piece.empty()) m_ok = m_sink(piece);
    }
    const TextSink& m_sink;
    std::unique_ptr<char[]> m_buf;   // not zeroed: every byte is written before it is passed on
    char* m_p = nullptr;
    char* m_end = nullptr;
    bool m_ok = true;
};

// The whole text in one string, for the callers that keep it.
template <typename Write>
std::string collect(Write write) {
    std::string text;
    write([&text](std::string_view piece) {
        text.append(piece);
        return true;
    });
    return text;
}

// A window in bytes; null when there is no limit (no congestion control, or no ssthresh yet).
void window(Out& o, std::uint32_t w) {
    if (w == CongestionController::kUnlimited) {
        o.raw("null");
    } else {
        o.num(w);
    }
}

// The JSON array of the flags of each of the 256 flag bytes, such as ["SYN","ACK"], made once.
std::string_view flagsJson(std::uint8_t flags) {
    static const std::array<std::string, 256> kTable = [] {
        std::array<std::string, 256> table;
        for (std::size_t b = 0; b < table.size(); ++b) {
            std::string& text = table[b];
            text = "[";
            for (const auto& f : kFlagsInHeaderOrder) {
                if (!(b & f.flag)) continue;
                if (text.size() > 1) text += ',';
                text.append("\"").append(f.name).append("\"");
            }
            text += ']';
        }
        return table;
    }();
    return kTable[flags];
}

void segmentJson(Out& o, const SegmentRecord& r) {
    const Segment& s = r.segment;
    o.ch('{').key("id", true).num(r.id);
    // A UDP datagram (QUIC's) says so; its "seq" is where its bytes begin among its sender's
    // datagrams (core::Segment), and it has no ack, flags or window.
    if (s.udp()) o.key("transport").name("udp");
    o.key("seq").num(s.seq.value());
    o.key("ack").num(s.has(kAck) ? s.ack.value() : 0u);
    o.key("flags").raw(flagsJson(s.flags));
    o.key("len").num(s.payload.size());
    o.key("window").num(s.window);
    o.key("retransmission");
    switch (r.retransmissionKind()) {
        case Retransmission::None: o.raw("false"); break;
        case Retransmission::Timeout: o.name("timeout"); break;
        case Retransmission::Fast: o.name("fast"); break;
    }
    if (r.reason != SendReason::Normal && !r.retransmission()) o.key("reason").name(sendReasonName(r.reason));
    o.ch('}');
}

// What a capture says of a segment: its packet number, Wireshark's analysis marks and the
// checksum check.
void capturedJson(Out& o, const CaptureSource& c, std::uint64_t id) {
    const CapturedSegmentInfo& i = c.segments.at(id - 1);
    o.key("packet").num(i.packet);
    o.key("analysis").ch('[');
    bool first = true;
    for (std::string_view name : analysisMarkNames(i.analysis)) {
        if (!first) o.ch(',');
        first = false;
        o.name(name);
    }
    o.ch(']');
    if (i.dup_ack > 0) o.key("dup_ack").num(i.dup_ack);
    o.key("checksum").name(checksumCheckName(i.checksum));
}

void eventJson(Out& o, const Trace& t, const Event& e) {
    o.ch('{').key("step", true).num(t.stepOf(e));
    o.key("time_us").num(e.time);
    o.key("kind").name(eventKindName(e.kind));
    if (t.ofHosts()) o.key("conn").num(e.conn);
    o.key("endpoint").name(sideName(e.endpoint));
    switch (e.kind) {
        case EventKind::Call:
            o.key("call").name(callName(e.call));
            if (e.call == CallKind::Send || e.call == CallKind::Receive) o.key("bytes").num(e.bytes);
            break;
        case EventKind::State:
            o.key("from").name(stateName(e.from));
            o.key("to").name(stateName(e.to));
            o.key("cause").name(causeName(e.cause));
            break;
        case EventKind::Send: {
            const SegmentRecord& r = t.segment(e.segment);
            o.key("segment");
            segmentJson(o, r);
            if (t.capture) {
                capturedJson(o, *t.capture, e.segment);
            } else if (r.reason != SendReason::Injected) {
                o.key("cwnd");
                window(o, r.cwnd);
                o.key("ssthresh");
                window(o, r.ssthresh);
                o.key("flight").num(r.flight);
            }
            break;
        }
        case EventKind::Arrive:
            o.key("segment");
            segmentJson(o, t.segment(e.segment));
            if (t.capture) capturedJson(o, *t.capture, e.segment);   // its dup_ack among the rest
            if (e.copy > 0) o.key("copy").num(e.copy);
            if (e.dup_ack > 0 && !t.capture) o.key("dup_ack").num(e.dup_ack);
            break;
        case EventKind::Drop:
            o.key("segment");
            segmentJson(o, t.segment(e.segment));
            if (e.copy > 0) o.key("copy").num(e.copy);
            o.key("reason").name(dropReasonName(e.drop_reason));
            break;
        case EventKind::Timer:
            o.key("timer").name(timerKindName(e.timer));
            o.key("action").name(timerOpName(e.timer_op));
            if (e.timer_op == TimerOp::Start) o.key("deadline_us").num(e.deadline);
            break;
        case EventKind::Deliver:
            o.key("bytes").num(e.bytes);
            break;
    }
    if (e.notice != Notice::None) o.key("notice").name(noticeName(e.notice));
    o.ch('}');
}

void tcbJson(Out& o, Side side, const TcbSample& s) {
    const TcbNumbers& n = s.tcb;
    o.ch('{').key("after", true).num(s.event);
    o.key("endpoint").name(sideName(side));
    o.key("state").name(stateName(n.state));
    o.key("snd_una").num(n.snd_una);
    o.key("snd_nxt").num(n.snd_nxt);
    o.key("snd_wnd").num(n.snd_wnd);
    o.key("iss").num(n.iss);
    o.key("rcv_nxt").num(n.rcv_nxt);
    o.key("rcv_wnd").num(n.rcv_wnd);
    o.key("irs").num(n.irs);
    o.key("cwnd");
    window(o, n.cwnd);
    o.key("ssthresh");
    window(o, n.ssthresh);
    o.key("phase").name(congestionPhaseName(n.phase));
    o.key("dup_acks").num(n.dup_acks);
    o.key("srtt_us").num(n.srtt_us);
    o.key("rto_us").num(n.rto_us);
    o.ch('}');
}

// The last member, "end", and the document's closing brace.
bool endJson(Out& o, const Trace& t) {
    o.record();
    o.raw(",\n \"end\": {").key("reason", true).name(endReasonName(t.end.reason));
    o.key("time_us").num(t.end.time).raw("}}\n");
    return o.finish();
}

// A JSON string of the user's own text (a host's name), escaped.
std::string quoted(const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void connectionEndJson(Out& o, const std::string& host, const ConnectionEnd& end) {
    o.ch('{').key("host", true).raw(host);
    o.key("address").ch('"').raw(ipv4ToString(end.address)).ch('"');
    o.key("port").num(end.port).ch('}');
}

void hostEventJson(Out& o, const std::vector<std::string>& hosts, const HostEvent& e) {
    o.ch('{').key("time_us", true).num(e.time);
    o.key("kind").name("host");
    o.key("host").raw(e.host < hosts.size() ? hosts[e.host] : std::string("null"));
    o.key("what").name(hostEventName(e));
    switch (e.what) {
        case HostEvent::What::Connect:
        case HostEvent::What::Accept: o.key("error").name(socketErrorName(e.error)); break;
        case HostEvent::What::Listen:
            if (e.error != SocketError::None) o.key("error").name(socketErrorName(e.error));
            break;
        case HostEvent::What::Stop: break;
        case HostEvent::What::Syn:
            o.key("conn").num(e.connection);
            if (e.syn != SynVerdict::Cookie) o.key("reason").name(synVerdictName(e.syn));
            break;
        case HostEvent::What::HandshakeAck:
            o.key("conn").num(e.connection);
            o.key("reason").name(synVerdictName(SynVerdict::DropAcceptFull));
            break;
    }
    o.ch('}');
}

// tcpviz-trace/2: the hosts, the connections, and the events of all of them with their "conn",
// the host-level events among them in time order.
bool writeHostTraceJson(const Trace& t, const TextSink& sink) {
    using ordered_json = nlohmann::ordered_json;
    ordered_json head;
    head["format"] = "tcpviz-trace/2";
    head["scenario"] = {{"id", t.scenario_id}, {"title", t.scenario_title}};
    Out o(sink);
    std::string text = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.pop_back();
    o.raw(text);
    std::vector<std::string> hosts;   // their names, quoted
    for (const TraceHost& host : t.hosts) hosts.push_back(quoted(host.name));
    o.raw(",\n \"hosts\": [");
    for (std::size_t h = 0; h < hosts.size(); ++h) {
        o.record();
        o.raw(h == 0 ? "\n  " : ",\n  ").ch('{').key("name", true).raw(hosts[h]);
        o.key("address").ch('"').raw(ipv4ToString(t.hosts[h].address)).raw("\"}");
    }
    o.raw("\n ],\n \"connections\": [");
    for (std::size_t i = 0; i < t.connections.size() && o.ok(); ++i) {
        const TraceConnection& c = t.connections[i];
        o.record();
        o.raw(i == 0 ? "\n  " : ",\n  ").ch('{').key("id", true).num(c.id);
        o.key("a");
        connectionEndJson(o, c.spoofed ? std::string("null") : quoted(c.a.host), c.a);
        o.key("b");
        connectionEndJson(o, quoted(c.b.host), c.b);
        if (c.spoofed) o.key("spoofed").raw("true");
        o.ch('}');
    }
    o.raw(t.connections.empty() ? "]" : "\n ]");
    o.raw(",\n \"events\": [");
    bool first = true;
    std::size_t h = 0;
    const auto hostEventsBefore = [&](TimeUs time) {
        for (; h < t.host_events.size() && t.host_events[h].time < time && o.ok(); ++h) {
            o.record();
            o.raw(first ? "\n  " : ",\n  ");
            first = false;
            hostEventJson(o, hosts, t.host_events[h]);
        }
    };
    for (std::size_t i = 0; i < t.events.size() && o.ok(); ++i) {
        hostEventsBefore(t.events[i].time);
        o.record();
        o.raw(first ? "\n  " : ",\n  ");
        first = false;
        eventJson(o, t, t.events[i]);
    }
    hostEventsBefore(std::numeric_limits<TimeUs>::max());   // those after the last event
    o.raw(first ? "]" : "\n ]");
    return endJson(o, t);
}

}  // namespace

bool writeTraceJson(const Trace& t, const TextSink& sink) {
    if (t.ofHosts()) return writeHostTraceJson(t, sink);
    using ordered_json = nlohmann::ordered_json;
    ordered_json head;
    head["format"] = "tcpviz-trace/1";
    head["scenario"] = {{"id", t.scenario_id}, {"title", t.scenario_title}};
    ordered_json eps = ordered_json::array();
    for (std::size_t i = 0; i < 2; ++i) {
        const EndpointInfo& e = t.endpoints[i];
        // A capture's ends may be IPv6.
        const std::string address = t.capture ? t.capture->addresses[i] : ipv4ToString(e.address);
        eps.push_back({{"id", e.id}, {"name", e.name}, {"address", address}, {"port", e.port}});
    }
    head["endpoints"] = eps;
    if (const CaptureSource* c = t.capture.get()) {
        // A trace read from a capture: where from, and what the capture adds (issue 17).
        ordered_json scale = ordered_json::object();
        for (std::size_t i = 0; i < 2; ++i)
            scale[i == 0 ? "A" : "B"] = c->window_scale[i] < 0 ? ordered_json(nullptr) : ordered_json(c->window_scale[i]);
        head["capture"] = {{"file", c->file},
                           {"connection", c->connection},
                           {"connections", c->connections},
                           {"packets", c->packets},
                           {"completeness", c->completeness},
                           {"from_middle", c->from_middle},
                           {"window_scale", scale}};
    }
    head["initial_states"] = {{"A", stateName(t.initial_states[0])}, {"B", stateName(t.initial_states[1])}};
    Out o(sink);
    // One event per line: diff-friendly and still one JSON document.
    std::string text = head.dump();
    text.pop_back();   // the closing brace
    o.raw(text).raw(",\n \"events\": [");
    for (std::size_t i = 0; i < t.events.size() && o.ok(); ++i) {
        o.record();
        o.raw(i == 0 ? "\n  " : ",\n  ");
        eventJson(o, t, t.events[i]);
    }
    o.raw(t.events.empty() ? "]" : "\n ]");
    // The TCB after every input that changed it ("after": how many events it follows).
    o.raw(",\n \"tcb\": [");
    bool first = true;
    for (Side side : {Side::A, Side::B}) {
        for (const TcbSample& s : t.tcb_samples[idx(side)]) {
            if (!o.ok()) break;
            o.record();
            o.raw(first ? "\n  " : ",\n  ");
            first = false;
            tcbJson(o, side, s);
        }
    }
    o.raw(first ? "]" : "\n ]");
    return endJson(o, t);
}

bool writeTraceCsv(const Trace& t, const TextSink& sink) {
    Out out(sink);
    out.raw("step,time_us,kind,endpoint,call,bytes,from,to,cause,segment,seq,ack,flags,len,window,"
            "retransmission,timer,timer_action,deadline_us,reason,notice,cwnd,ssthresh,flight,dup_ack");
    // A trace of many connections adds the connection of each row (tcpviz-trace/2's "conn").
    out.raw(t.ofHosts() ? ",conn\n" : "\n");
    const auto windowCsv = [&](std::uint32_t w) {
        if (w != CongestionController::kUnlimited) out.num(w);
    };
    for (const Event& e : t.events) {
        if (!out.ok()) break;
        out.record();
        out.num(t.stepOf(e)).ch(',').num(e.time).ch(',').raw(eventKindName(e.kind)).ch(',').raw(sideName(e.endpoint)).ch(',');
        if (e.kind == EventKind::Call) out.raw(callName(e.call));
        out.ch(',');
        if (e.kind == EventKind::Deliver || (e.kind == EventKind::Call && e.bytes)) out.num(e.bytes);
        out.ch(',');
        if (e.kind == EventKind::State)
            out.raw(stateName(e.from)).ch(',').raw(stateName(e.to)).ch(',').csv(causeName(e.cause)).ch(',');
        else
            out.raw(",,,");
        const bool seg = e.kind == EventKind::Send || e.kind == EventKind::Arrive || e.kind == EventKind::Drop;
        if (seg) {
            const SegmentRecord& r = t.segment(e.segment);
            const Segment& s = r.segment;
            out.num(r.id).ch(',').num(s.seq.value()).ch(',').num(s.has(kAck) ? s.ack.value() : 0u).ch(',');
            bool first = true;
            for (const auto& f : kFlagsInHeaderOrder) {
                if (!(s.flags & f.flag)) continue;
                if (!first) out.ch('|');
                first = false;
                out.raw(f.name);
            }
            out.ch(',').num(s.payload.size()).ch(',').num(s.window).ch(',');
            switch (r.retransmissionKind()) {
                case Retransmission::Timeout: out.raw("timeout"); break;
                case Retransmission::Fast: out.raw("fast"); break;
                case Retransmission::None: out.raw("false"); break;
            }
            out.ch(',');
        } else {
            out.raw(",,,,,,,");
        }
        if (e.kind == EventKind::Timer) {
            out.raw(timerKindName(e.timer)).ch(',').raw(timerOpName(e.timer_op)).ch(',');
            if (e.timer_op == TimerOp::Start) out.num(e.deadline);
            out.ch(',');
        } else {
            out.raw(",,,");
        }
        if (e.kind == EventKind::Drop) out.raw(dropReasonName(e.drop_reason));
        out.ch(',').csv(noticeName(e.notice)).ch(',');
        if (e.kind == EventKind::Send && t.segment(e.segment).reason != SendReason::Injected) {
            const SegmentRecord& r = t.segment(e.segment);
            windowCsv(r.cwnd);
            out.ch(',');
            windowCsv(r.ssthresh);
            out.ch(',').num(r.flight).ch(',');
        } else {
            out.raw(",,,");
        }
        if (e.dup_ack > 0) out.num(e.dup_ack);
        if (t.ofHosts()) out.ch(',').num(e.conn);
        out.ch('\n');
    }
    return out.finish();
}

std::string rfcSegmentText(const Segment& s) {
    // At most 8 + 10 + 8 + 10 + 38 + 7 + 10 characters: written into a buffer, then one string.
    char buf[128];
    char* p = buf;
    const auto put = [&p](std::string_view text) {
        std::memcpy(p, text.data(), text.size());
        p += text.size();
    };
    const auto number = [&p](std::uint32_t v) { p = std::to_chars(p, p + 10, v).ptr; };
    if (s.udp()) {
        // A QUIC datagram: UDP has neither numbers nor control bits, only its length.
        put("<UDP><DATA=");
        number(static_cast<std::uint32_t>(s.payload.size()));
        *p++ = '>';
        return std::string(buf, p);
    }
    put("<SEQ=");
    number(s.seq.value());
    *p++ = '>';
    if (s.has(kAck)) {
        put("<ACK=");
        number(s.ack.value());
        *p++ = '>';
    }
    static constexpr FlagName kRfcOrder[] = {{kSyn, "SYN"}, {kFin, "FIN"}, {kRst, "RST"}, {kPsh, "PSH"},
                                             {kUrg, "URG"}, {kEce, "ECE"}, {kCwr, "CWR"}, {kAck, "ACK"}};
    bool first = true;
    for (const auto& f : kRfcOrder) {
        if (!s.has(f.flag)) continue;
        put(first ? "<CTL=" : ",");
        put(f.name);
        first = false;
    }
    if (!first) *p++ = '>';
    if (!s.payload.empty()) {
        put("<DATA=");
        number(s.payload.size());
        *p++ = '>';
    }
    return std::string(buf, p);
}

namespace {

// One line of the RFC 9293 §3.5 notation before column widths are known. The texts are the
// engine's static names; a segment is its id, its text written once into the printer's arena.
struct RfcLine {
    std::string_view a;           // TCP A's state column
    std::string_view left;        // "-->", "<--", "...", "XXX" or empty
    std::uint64_t segment = 0;    // 0 for a state line
    std::string_view right;
    std::string_view b;           // TCP B's state column
};

class RfcPrinter {
public:
    explicit RfcPrinter(const Trace& t) : m_t(t), m_states(t.initial_states) {}

    bool print(const TextSink& sink) {
        const auto& ev = m_t.events;
        std::size_t i = 0;
        while (i < ev.size()) {
            std::size_t end = i;
            while (end < ev.size() && ev[end].input == ev[i].input) ++end;
            group(i, end);
            i = end;
        }
        flushOpen();
        return render(sink);
    }

private:
    std::string_view state(Side s) const { return stateName(m_states[idx(s)]); }

    // The segment's RFC text, written once (every segment appears on one or two lines).
    std::string_view segmentText(std::uint64_t id) {
        if (m_text_at.empty()) m_text_at.assign(m_t.segments.size() + 1, kNoText);
        if (m_text_at[id] == kNoText) {
            if (m_text_len.empty()) m_text_len.assign(m_text_at.size(), 0);
            m_text_at[id] = m_texts.size();
            m_texts += rfcSegmentText(m_t.segment(id).segment);
            m_text_len[id] = m_texts.size() - m_text_at[id];
        }
        return std::string_view(m_texts).substr(m_text_at[id], m_text_len[id]);
    }

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
        m_lines.push_back({stateName(m_t.initial_states[0]), "", 0, "",
                           stateName(m_t.initial_states[1])});
    }

    void stateLine(TimeUs time) {
        flushOpen();
        // Two CLOSED endpoints are not worth a line; any other starting point is (a run that
        // starts mid-connection shows where it started, as RFC 9293 Figures 9 and 10 do).
        if (m_t.initial_states != std::array{State::Closed, State::Closed}) startLines();
        // Changes at the same moment, with nothing between, share one line.
        if (m_started && m_last_was_state && m_last_state_time == time) m_lines.pop_back();
        m_started = true;
        m_lines.push_back({state(Side::A), "", 0, "", state(Side::B)});
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
        if (r.from == Side::A)
            push({m_open_state, "-->", r.id, "...", ""});
        else
            push({"", "...", r.id, "<--", m_open_state});
        m_open.reset();
    }

    void arrival(const Event& e) {
        // Joined with its send when nothing came between; otherwise "... <SEG> --> STATE". An
        // arrival of a segment sent earlier is printed before a send still waiting for its own
        // arrival, as RFC 9293 Figures 7 and 13 draw it; one sent later comes after it (Figure 8).
        if (m_open && e.segment > *m_open) flushOpen();
        const SegmentRecord& r = m_t.segment(e.segment);
        const std::uint64_t seg = r.id;
        const bool lost = e.kind == EventKind::Drop;
        const bool joined = m_open && *m_open == e.segment && e.copy == 0;
        const std::string_view sender = joined ? m_open_state : std::string_view();
        if (joined) m_open.reset();
        if (r.from == Side::A) {
            push({sender, joined ? "-->" : "...", seg, lost ? "XXX" : "-->", lost ? "" : state(Side::B)});
        } else {
            push({lost ? "" : state(Side::A), lost ? "XXX" : "<--", seg, joined ? "<--" : "...", sender});
        }
    }

    bool render(const TextSink& sink) {
        std::size_t wa = 12, ws = 0;
        for (const auto& l : m_lines) {
            wa = std::max(wa, l.a.size());
            if (l.segment != 0) ws = std::max(ws, segmentText(l.segment).size());
        }
        // Written straight into the buffer: a long transfer has tens of thousands of lines.
        Out out(sink);
        const auto padded = [&out](std::string_view s, std::size_t w) {
            out.raw(s);
            if (s.size() < w) out.spaces(w - s.size());
        };
        // The B column starts after: number, A's state, arrow, segment, arrow.
        const std::size_t b_column = 5 + wa + ws + 10;
        const std::string head_a = "     TCP A (" + m_t.endpoints[0].name + ")";
        padded(head_a, b_column - 1);
        out.raw(" TCP B (").raw(m_t.endpoints[1].name).raw(")\n");
        std::size_t n = 0;
        char number[24];
        for (const auto& l : m_lines) {
            if (!out.ok()) break;
            // The whole line in one piece of the buffer, so that its trailing spaces can be taken
            // back: a number, two state names, two arrows, a segment and the spaces between.
            out.record();
            out.ch('\n');
            const char* start = out.mark();
            auto r = std::to_chars(number, number + sizeof number - 1, ++n);
            *r.ptr++ = '.';
            padded(std::string_view(number, static_cast<std::size_t>(r.ptr - number)), 5);
            padded(l.a, wa);
            out.ch(' ');
            padded(l.left, 3);
            out.ch(' ');
            padded(l.segment != 0 ? segmentText(l.segment) : std::string_view(), ws);
            out.ch(' ');
            padded(l.right, 3);
            out.ch(' ');
            out.raw(l.b);
            out.trimSpaces(start);
        }
        out.record();
        out.ch('\n');
        return out.finish();
    }

    const Trace& m_t;
    std::array<State, 2> m_states;
    std::vector<RfcLine> m_lines;
    bool m_started = false;
    bool m_last_was_state = false;
    TimeUs m_last_state_time = -1;
    std::optional<std::uint64_t> m_open;   // a sent segment whose line waits for its arrival
    std::string_view m_open_state;
    static constexpr std::size_t kNoText = static_cast<std::size_t>(-1);
    std::string m_texts;                  // every segment's text, one after another
    std::vector<std::size_t> m_text_at;   // by segment id: where its text starts, or kNoText
    std::vector<std::size_t> m_text_len;
};

}  // namespace

bool writeTraceRfc(const Trace& t, const TextSink& sink) { return RfcPrinter(t).print(sink); }

std::string traceToJson(const Trace& t) {
    return collect([&t](const TextSink& sink) { writeTraceJson(t, sink); });
}
std::string traceToCsv(const Trace& t) {
    return collect([&t](const TextSink& sink) { writeTraceCsv(t, sink); });
}
std::string traceToRfc(const Trace& t) {
    return collect([&t](const TextSink& sink) { writeTraceRfc(t, sink); });
}

}  // namespace tcpviz::core
