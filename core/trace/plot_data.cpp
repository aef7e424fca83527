#include "core/trace/plot_data.h"

#include <algorithm>

namespace tcpviz::core {
namespace {

std::optional<std::uint32_t> limited(std::uint32_t v) {
    if (v == CongestionController::kUnlimited) return std::nullopt;
    return v;
}

bool hasConnection(State s) { return s != State::Closed && s != State::Listen; }

// The time of the last segment event: where the plots' lines end.
TimeUs lastSegmentTime(const Trace& t) {
    for (auto it = t.events.rbegin(); it != t.events.rend(); ++it)
        if (it->kind == EventKind::Send || it->kind == EventKind::Arrive || it->kind == EventKind::Drop)
            return it->time;
    return t.events.empty() ? 0 : t.events.back().time;
}

// Sequence numbers relative to the sender's ISS, and the receiver's window scaled as the
// sender scales it (RFC 7323 §2.3: only when both SYNs offered a shift; never on a SYN).
class Relative {
public:
    explicit Relative(Side sender) : m_sender(sender) {}

    // Learns what the SYNs said; call for every segment sent, in order.
    void see(const SegmentRecord& r) {
        if (!r.segment.has(kSyn)) return;
        if (r.from == m_sender) {
            m_iss = r.segment.seq.value();
            m_offered = r.segment.options.window_scale.has_value();
        } else {
            m_peer_shift = r.segment.options.window_scale ? *r.segment.options.window_scale : -1;
        }
    }
    [[nodiscard]] std::uint64_t of(SeqNum s) const { return static_cast<std::uint32_t>(s.value() - m_iss); }
    [[nodiscard]] std::uint64_t window(const Segment& s) const {
        const int shift = m_offered && m_peer_shift >= 0 && !s.has(kSyn) ? std::min(m_peer_shift, 14) : 0;
        return std::uint64_t{s.window} << shift;
    }

private:
    Side m_sender;
    std::uint32_t m_iss = 0;
    bool m_offered = false;
    int m_peer_shift = -1;   // the shift the peer's SYN offered; -1: none
};

}  // namespace

CwndSeries cwndSeries(const Trace& t, Side sender) {
    CwndSeries out;
    out.side = sender;
    out.algorithm = t.endpoints[idx(sender)].congestion;
    const std::vector<TcbSample>& samples = t.tcb_samples[idx(sender)];
    std::size_t next_sample = 0;
    bool started = false;      // the sender has sent its first segment
    bool connected = false;    // and has a TCB
    std::optional<std::uint32_t> peer_window;
    std::optional<CongestionPhase> phase;

    auto add = [&](CwndPoint p) {
        if (!out.points.empty()) {
            CwndPoint& last = out.points.back();
            // A send that ends its input is followed by the TCB after that input: the later word.
            if (last.event == p.event) {
                last = p;
                return;
            }
            if (last.cwnd == p.cwnd && last.ssthresh == p.ssthresh && last.flight == p.flight &&
                last.peer_window == p.peer_window)
                return;
        }
        out.points.push_back(p);
    };
    auto enterPhase = [&](std::optional<CongestionPhase> p, std::uint32_t event, TimeUs time) {
        if (p == phase) return;
        if (!out.phases.empty() && out.phases.back().end < 0) out.phases.back().end = time;
        phase = p;
        if (p && *p != CongestionPhase::Unlimited) out.phases.push_back({*p, event, time, -1});
    };
    // The samples taken once the first `events` events had happened.
    auto takeSamples = [&](std::size_t events) {
        for (; next_sample < samples.size() && samples[next_sample].event <= events; ++next_sample) {
            const TcbSample& s = samples[next_sample];
            if (!started || s.event == 0) continue;
            const std::uint32_t event = s.event - 1;   // the last event of the input that changed it
            const TimeUs time = t.events[event].time;
            if (!hasConnection(s.tcb.state)) {
                // The TCB is gone: the lines break until the next connection.
                if (connected) {
                    add({.event = event, .time = time});
                    enterPhase(std::nullopt, event, time);
                }
                connected = false;
                continue;
            }
            connected = true;
            // A SYN sent, none received: the peer has offered no window yet.
            peer_window = s.tcb.state == State::SynSent ? std::nullopt : std::optional(s.tcb.snd_wnd);
            add({.event = event,
                 .time = time,
                 .cwnd = limited(s.tcb.cwnd),
                 .ssthresh = limited(s.tcb.ssthresh),
                 .flight = s.tcb.snd_nxt - s.tcb.snd_una,
                 .peer_window = peer_window});
            enterPhase(s.tcb.phase, event, time);
        }
    };

    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const Event& e = t.events[i];
        takeSamples(i);
        if (e.kind != EventKind::Send || e.endpoint != sender || e.segment == 0) continue;
        const SegmentRecord& r = t.segment(e.segment);
        if (r.from != sender) continue;
        const auto event = static_cast<std::uint32_t>(i);
        if (!connected) {
            // A connection begins with a SYN (or SYN,ACK); what a closed port answers with is
            // no connection's.
            if (!r.segment.has(kSyn) && !hasConnection(t.tcbAfter(sender, i + 1).state)) continue;
            started = connected = true;
            peer_window.reset();
            enterPhase(t.tcbAfter(sender, i + 1).phase, event, e.time);
        }
        add({.event = event,
             .time = e.time,
             .cwnd = limited(r.cwnd),
             .ssthresh = limited(r.ssthresh),
             .flight = r.flight,
             .peer_window = peer_window});
    }
    takeSamples(t.events.size());

    out.end = std::max(lastSegmentTime(t), out.points.empty() ? TimeUs{0} : out.points.back().time);
    if (!out.phases.empty() && out.phases.back().end < 0) out.phases.back().end = out.end;
    return out;
}

SequenceSeries sequenceSeries(const Trace& t, Side sender) {
    SequenceSeries out;
    out.side = sender;
    Relative rel(sender);
    std::uint64_t seen = 0;   // segments whose SYN options have been read
    auto learnUpTo = [&](std::uint64_t id) {
        for (; seen < id && seen < t.segments.size(); ++seen) rel.see(t.segments[seen]);
    };
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const Event& e = t.events[i];
        if (e.segment == 0) continue;
        const SegmentRecord& r = t.segment(e.segment);
        learnUpTo(e.segment);
        const auto event = static_cast<std::uint32_t>(i);
        const std::uint32_t length = r.segment.payload.size();
        if (r.from == sender && length > 0) {
            if (e.kind == EventKind::Send) {
                const SequenceMark m{.event = event,
                                     .segment = r.id,
                                     .time = e.time,
                                     .seq = rel.of(r.segment.seq),
                                     .length = length,
                                     .kind = r.retransmissionKind()};
                (m.kind == Retransmission::None ? out.segments : out.retransmissions).push_back(m);
            } else if (e.kind == EventKind::Drop) {
                out.losses.push_back({.event = event,
                                      .segment = r.id,
                                      .time = e.time,
                                      .seq = rel.of(r.segment.seq),
                                      .length = length,
                                      .reason = e.drop_reason});
            }
        } else if (r.from != sender && e.kind == EventKind::Arrive && e.endpoint == sender &&
                   r.segment.has(kAck)) {
            const std::uint64_t ack = rel.of(r.segment.ack);
            const AckPoint a{.event = event,
                             .segment = r.id,
                             .time = e.time,
                             .ack = ack,
                             .window_edge = ack + rel.window(r.segment),
                             .dup_ack = e.dup_ack};
            out.acks.push_back(a);
            if (a.dup_ack > 0) out.dup_acks.push_back(a);
        }
    }
    out.end = lastSegmentTime(t);
    return out;
}

std::uint64_t dataBytesSent(const Trace& t, Side side) {
    std::uint64_t n = 0;
    for (const SegmentRecord& r : t.segments)
        if (r.from == side) n += r.segment.payload.size();
    return n;
}

Side defaultPlotSide(const Trace& t) {
    return dataBytesSent(t, Side::B) > dataBytesSent(t, Side::A) ? Side::B : Side::A;
}

}  // namespace tcpviz::core
