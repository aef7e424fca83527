#include "core/capture/capture_trace.h"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <variant>

#include "core/capture/analysis.h"
#include "core/capture/frame.h"
#include "core/capture/infer.h"
#include "core/tcp/congestion/controller.h"

namespace tcpviz::core {

namespace {

constexpr std::uint8_t kSynBit = 0x02;

bool after(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) > 0; }

using capture_detail::be16;
using capture_detail::be32;

// The pseudo-header's part of the checksum sum: RFC 9293 §3.1 for IPv4, RFC 8200 §8.1 for IPv6.
std::uint64_t pseudoSum(const CaptureEnd& from, const CaptureEnd& to, std::size_t tcp_length) {
    const std::size_t n = from.address.v6 ? 16 : 4;
    std::uint64_t sum = internetSum(from.address.bytes.data(), n) + internetSum(to.address.bytes.data(), n);
    return sum + 6 + (tcp_length & 0xFFFF) + (tcp_length >> 16);
}

ChecksumCheck checkSum(const capture_detail::TcpFrame& f, const std::uint8_t* tcp, std::size_t captured) {
    if (captured < f.tcp_length) return ChecksumCheck::Unverified;
    const std::uint64_t pseudo = pseudoSum(f.from, f.to, f.tcp_length);
    if (foldInternetSum(pseudo + internetSum(tcp, f.tcp_length)) == 0xFFFF) return ChecksumCheck::Good;
    // Left to the card: Linux writes the folded pseudo-header sum in the field and lets the
    // card finish it (CHECKSUM_PARTIAL), and a capture on the sending host sees it so.
    const std::uint16_t stored = be16(tcp + 16);
    const std::uint16_t partial = foldInternetSum(pseudo);
    if (stored == partial || stored == static_cast<std::uint16_t>(~partial)) return ChecksumCheck::Offloaded;
    return ChecksumCheck::Bad;
}

SendReason reasonOf(std::uint16_t marks) {
    if (marks & kFastRetransmission) return SendReason::FastRetransmit;
    if (marks & (kRetransmission | kSpuriousRetransmission)) return SendReason::Retransmission;
    if (marks & kZeroWindowProbe) return SendReason::WindowProbe;
    if (marks & kWindowUpdate) return SendReason::WindowUpdate;
    return SendReason::Normal;
}

// What the wire shows of one side's TCB.
struct WireTcb {
    TcbNumbers n;
    std::optional<std::uint32_t> iss, irs;
    bool sent = false, acked = false, received_ack = false;
    std::uint16_t raw_window = 0;   // the last window it advertised, unscaled
};

std::string endName(const CaptureEnd& e) { return captureEndText(e); }

}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> sackBlocks(std::string_view option_bytes) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    const auto* b = reinterpret_cast<const std::uint8_t*>(option_bytes.data());
    const std::size_t n = option_bytes.size();
    for (std::size_t i = 0; i < n;) {
        if (b[i] == 0) break;
        if (b[i] == 1) {
            ++i;
            continue;
        }
        if (i + 1 >= n || b[i + 1] < 2 || i + b[i + 1] > n) break;
        if (b[i] == 5)
            for (std::size_t j = i + 2; j + 8 <= i + b[i + 1]; j += 8) out.emplace_back(be32(b + j), be32(b + j + 4));
        i += b[i + 1];
    }
    return out;
}

Trace traceOfCapture(const Capture& capture, std::uint32_t connection, const std::string* bytes) {
    const CapturedConnection& conn = capture.connections.at(connection);
    const std::vector<SegmentAnalysis> analysis = analyzeCapture(capture);
    const InferredStates inferred = inferStates(capture, connection);

    // The connection's segments (indexes into capture.segments), in file order.
    std::vector<std::uint32_t> mine;
    mine.reserve(conn.segments);
    for (std::size_t i = conn.first_segment; i < capture.segments.size() && mine.size() < conn.segments; ++i)
        if (capture.segments[i].connection == connection) mine.push_back(static_cast<std::uint32_t>(i));

    Trace t;
    auto source = std::make_shared<CaptureSource>();
    source->file = capture.file;
    source->connection = connection;
    source->connections = static_cast<std::uint32_t>(capture.connections.size());
    source->packets = capture.packets;
    source->a = endName(conn.a);
    source->b = endName(conn.b);
    source->addresses = {captureAddressText(conn.a.address), captureAddressText(conn.b.address)};
    source->completeness = connectionCompleteness(capture, connection);
    source->from_middle = inferred.from_middle;
    source->unexplained = inferred.unexplained;
    source->segments.resize(mine.size());

    const std::size_t slash = capture.file.find_last_of('/');
    t.scenario_id = slash == std::string::npos ? capture.file : capture.file.substr(slash + 1);
    t.scenario_title = source->a + " → " + source->b;
    const CaptureEnd ends[2] = {conn.a, conn.b};
    for (int s = 0; s < 2; ++s) {
        EndpointInfo& e = t.endpoints[static_cast<std::size_t>(s)];
        e.id = s == 0 ? "A" : "B";
        // The side that sent the SYN is the client; without the SYN, no one can say.
        e.name = conn.from_syn ? (s == 0 ? "Client" : "Server") : e.id;
        if (!ends[s].address.v6) e.address = be32(ends[s].address.bytes.data());
        e.port = ends[s].port;
        e.congestion = CongestionAlgorithm::None;   // a capture shows no congestion window
    }
    t.initial_states = inferred.initial;

    // Window scaling (RFC 7323 §2.2-2.3): in force once both SYNs offered it; a SYN's own
    // window is never scaled.
    std::array<std::uint8_t, 2> offered{kNoWindowScale, kNoWindowScale};
    for (std::uint32_t i : mine) {
        const CapturedSegment& s = capture.segments[i];
        if ((s.flags & kSynBit) && offered[s.from_b] == kNoWindowScale) offered[s.from_b] = s.wscale;
    }
    if (offered[0] != kNoWindowScale && offered[1] != kNoWindowScale)
        for (int s = 0; s < 2; ++s) source->window_scale[static_cast<std::size_t>(s)] = static_cast<std::int8_t>(std::min<int>(offered[static_cast<std::size_t>(s)], 14));

    // The second pass: the whole segments.
    t.segments.resize(mine.size());
    std::size_t next = 0;
    capture_detail::FrameSource from{capture.file, bytes};
    capture_detail::visitFrames(from, [&](int link, std::uint64_t packet, std::int64_t, std::size_t n, const std::uint8_t* data) {
        if (next >= mine.size()) return false;
        const CapturedSegment& brief = capture.segments[mine[next]];
        if (packet != brief.packet) return true;
        const std::size_t j = next++;
        SegmentRecord& r = t.segments[j];
        CapturedSegmentInfo& info = source->segments[j];
        r.id = static_cast<std::uint32_t>(j + 1);
        r.from = brief.from_b ? Side::B : Side::A;
        r.sent_at = brief.time;
        r.cwnd = r.ssthresh = CongestionController::kUnlimited;
        info.packet = brief.packet;
        info.analysis = analysis[mine[j]].marks;
        info.dup_ack = analysis[mine[j]].dup_ack;
        r.reason = reasonOf(info.analysis);
        const std::optional<capture_detail::TcpFrame> f = capture_detail::tcpFrame(link, data, n);
        Segment seg;
        if (f) {
            const std::uint8_t* tcp = data + f->tcp;
            const std::size_t captured = std::min(n - f->tcp, f->tcp_length);
            auto parsed = parseUnchecked(std::span<const std::uint8_t>(tcp, captured));
            if (auto* ok = std::get_if<Segment>(&parsed)) seg = std::move(*ok);
            info.checksum = checkSum(*f, tcp, captured);
            seg.checksum = be16(tcp + 16);
            seg.data_offset = static_cast<std::uint8_t>(f->header / 4);
            info.options_at = static_cast<std::uint32_t>(source->options.size());
            // (Only the option bytes captured: a snap length may cut the header itself.)
            info.options_length = static_cast<std::uint8_t>(std::min({f->header, captured, std::size_t{60}}) - 20);
            source->options.append(reinterpret_cast<const char*>(tcp + 20), info.options_length);
            info.captured_payload = static_cast<std::uint32_t>(captured > f->header ? captured - f->header : 0);
        }
        // The header fields the first pass read, whatever the second made of the options.
        seg.src_port = brief.from_b ? conn.b.port : conn.a.port;
        seg.dst_port = brief.from_b ? conn.a.port : conn.b.port;
        seg.seq = SeqNum(brief.seq);
        seg.ack = SeqNum(brief.ack);
        seg.flags = static_cast<std::uint8_t>((seg.flags & 0xC0) | brief.flags);
        seg.window = brief.window;
        // A payload cut by the snap length keeps its length (the sequence space is the IP
        // header's): 'x' bytes stand for it, and captured_payload says how many are real.
        if (seg.payload.size() != brief.payload || info.captured_payload < brief.payload)
            seg.payload = Payload::generated(Stream::Filler, 0, brief.payload);
        r.segment = std::move(seg);
        return next < mine.size();
    });
    if (next != mine.size()) throw CaptureError(capture.file, 0, "the file changed while it was read");

    // The events, the inferred states around them, and the TCB as the wire shows it.
    std::array<WireTcb, 2> tcb;
    for (int s = 0; s < 2; ++s) {
        tcb[static_cast<std::size_t>(s)].n.state = inferred.initial[static_cast<std::size_t>(s)];
        tcb[static_cast<std::size_t>(s)].n.cwnd = tcb[static_cast<std::size_t>(s)].n.ssthresh = CongestionController::kUnlimited;
        t.tcb_samples[static_cast<std::size_t>(s)].push_back({0, tcb[static_cast<std::size_t>(s)].n});
    }
    t.events.reserve(mine.size() * 2 + inferred.changes.size());
    std::size_t change = 0;
    const auto addState = [&](const InferredChange& c, TimeUs time, std::uint32_t input) {
        Event e;
        e.kind = EventKind::State;
        e.time = time;
        e.input = input;
        e.endpoint = c.side ? Side::B : Side::A;
        e.from = c.from;
        e.to = c.to;
        e.cause = c.cause;
        t.events.push_back(e);
        tcb[c.side].n.state = c.to;
    };
    for (std::size_t j = 0; j < mine.size(); ++j) {
        const SegmentRecord& r = t.segments[j];
        const Segment& s = r.segment;
        const std::size_t x = r.from == Side::B ? 1 : 0, y = 1 - x;
        const auto step = [&] { return static_cast<std::uint32_t>(t.events.size()); };
        // Changes sending it shows, then the send and the arrival, then what arriving did.
        std::size_t first = change;
        while (first < inferred.changes.size() && inferred.changes[first].segment < mine[j]) ++first;
        change = first;
        for (std::size_t c = first; c < inferred.changes.size() && inferred.changes[c].segment == mine[j]; ++c)
            if (inferred.changes[c].side == x) addState(inferred.changes[c], r.sent_at, step());
        Event send;
        send.kind = EventKind::Send;
        send.time = r.sent_at;
        send.endpoint = r.from;
        send.segment = r.id;
        send.input = step();
        t.events.push_back(send);
        Event arrive = send;
        arrive.kind = EventKind::Arrive;
        arrive.endpoint = peerOf(r.from);
        arrive.input = step();
        arrive.dup_ack = source->segments[j].dup_ack;   // as the diagram marks a simulation's
        t.events.push_back(arrive);
        const std::uint32_t arrival = arrive.input;
        for (; change < inferred.changes.size() && inferred.changes[change].segment == mine[j]; ++change)
            if (inferred.changes[change].side == y) addState(inferred.changes[change], r.sent_at, arrival);

        // The sender's numbers, and the receiver's view of them.
        WireTcb& me = tcb[x];
        WireTcb& peer = tcb[y];
        const auto scale = [&](std::size_t side, std::uint16_t w, bool syn) {
            const std::int8_t k = source->window_scale[side];
            return syn || k < 0 ? std::uint32_t{w} : std::uint32_t{w} << k;
        };
        if (s.has(kSyn)) {
            me.iss = s.seq.value();
            peer.irs = s.seq.value();
            me.n.iss = peer.n.irs = s.seq.value();
            if (s.options.mss) peer.n.smss = *s.options.mss;
        }
        const std::uint32_t end = s.end().value();
        if (!me.sent || after(end, me.n.snd_nxt)) me.n.snd_nxt = end;
        if (!me.sent) me.n.snd_una = s.seq.value();
        me.sent = true;
        me.n.rcv_wnd = scale(x, s.window, s.has(kSyn));
        peer.n.snd_wnd = me.n.rcv_wnd;
        if (s.has(kAck)) {
            if (!me.acked || after(s.ack.value(), me.n.rcv_nxt)) me.n.rcv_nxt = s.ack.value();
            me.acked = true;
            if (!peer.received_ack || after(s.ack.value(), peer.n.snd_una)) peer.n.snd_una = s.ack.value();
            peer.received_ack = true;
        }
        for (std::size_t side = 0; side < 2; ++side) {
            std::vector<TcbSample>& samples = t.tcb_samples[side];
            if (!(samples.back().tcb == tcb[side].n)) samples.push_back({step(), tcb[side].n});
        }
    }
    // Where it ends: with the capture. A side not yet closed was still going when the capture
    // stopped (TIME-WAIT ends on a timer no segment shows).
    const auto settled = [](State s) { return s == State::Closed || s == State::TimeWait || s == State::Listen; };
    t.end.time = t.segments.empty() ? 0 : t.segments.back().sent_at;
    t.end.reason = settled(tcb[0].n.state) && settled(tcb[1].n.state) ? EndReason::Quiet : EndReason::Horizon;
    t.capture = std::move(source);
    return t;
}

Trace traceOfCaptureFile(const std::string& path, std::optional<std::uint32_t> connection,
                         const std::function<bool(std::uint64_t)>& progress) {
    const Capture capture = readCapture(path, progress);
    if (capture.connections.empty())
        throw CaptureError(path, 0, "no TCP connection in it (" + std::to_string(capture.packets) + " packets read)");
    const std::uint32_t id = connection.value_or(0);
    if (id >= capture.connections.size())
        throw CaptureError(path, 0, "no connection " + std::to_string(id) + "; it has connections 0 to " +
                                        std::to_string(capture.connections.size() - 1));
    return traceOfCapture(capture, id);
}

}  // namespace tcpviz::core
