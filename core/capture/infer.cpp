#include "core/capture/infer.h"

#include <optional>

#include "core/tcp/state_graph.h"

namespace tcpviz::core {

namespace {

constexpr std::uint8_t kFinBit = 0x01, kSynBit = 0x02, kRstBit = 0x04, kAckBit = 0x10;

// Sequence numbers compare modulo 2^32 (RFC 9293 §3.4).
bool atOrAfter(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) >= 0; }

struct Side {
    State state = State::Closed;
    std::optional<std::uint32_t> isn;       // its SYN's sequence number
    std::optional<std::uint32_t> fin_end;   // one past its FIN
};

}  // namespace

State InferredStates::last(int side) const {
    for (auto it = changes.rbegin(); it != changes.rend(); ++it)
        if (it->side == side) return it->to;
    return initial[static_cast<std::size_t>(side)];
}

InferredStates inferStates(const Capture& capture, std::uint32_t connection) {
    InferredStates out;
    const CapturedConnection& conn = capture.connections.at(connection);
    const StateGraph& graph = StateGraph::rfc9293();
    std::array<Side, 2> sides;
    out.from_middle = !conn.from_syn;
    if (out.from_middle) {
        out.initial = {State::Established, State::Established};
    } else {
        // `b` listened, unless its first word was an RST: nothing listened (a refused connect).
        out.initial = {State::Closed, State::Listen};
        for (std::size_t i = conn.first_segment; i < capture.segments.size(); ++i) {
            const CapturedSegment& s = capture.segments[i];
            if (s.connection != connection || !s.from_b) continue;
            if ((s.flags & kRstBit) && !(s.flags & kSynBit)) out.initial[1] = State::Closed;
            break;
        }
    }
    sides[0].state = out.initial[0];
    sides[1].state = out.initial[1];

    std::uint32_t index = 0;
    bool explained = false;
    const auto move = [&](int who, State to, Cause cause) {
        Side& s = sides[static_cast<std::size_t>(who)];
        if (!graph.findEdge(s.state, to, cause)) return false;   // the diagram has no such step
        out.changes.push_back({index, static_cast<std::uint8_t>(who), s.state, to, cause});
        s.state = to;
        explained = true;
        return true;
    };
    std::uint32_t seen = 0;
    for (std::size_t i = conn.first_segment; i < capture.segments.size() && seen < conn.segments; ++i) {
        const CapturedSegment& seg = capture.segments[i];
        if (seg.connection != connection) continue;
        ++seen;
        index = static_cast<std::uint32_t>(i);
        explained = false;
        const int x = seg.from_b, y = 1 - seg.from_b;
        Side& sender = sides[static_cast<std::size_t>(x)];
        Side& receiver = sides[static_cast<std::size_t>(y)];
        const std::uint8_t f = seg.flags;
        if (f & kSynBit) sender.isn = seg.seq;
        if (f & kFinBit) sender.fin_end = seg.seq + seg.payload + ((f & kSynBit) ? 1 : 0) + 1;

        // What sending it says of its sender.
        if ((f & kSynBit) && !(f & kAckBit)) move(x, State::SynSent, Cause::ActiveOpen);
        if (f & kFinBit) {
            if (sender.state == State::CloseWait) move(x, State::LastAck, Cause::Close);
            else move(x, State::FinWait1, Cause::Close);
        }
        if ((f & kRstBit) && sender.state != State::Closed && sender.state != State::Listen) move(x, State::Closed, Cause::Abort);

        // What it does to its receiver, as RFC 9293 §3.10.7 processes an arrival.
        if (f & kRstBit) {
            if (receiver.state == State::SynReceived && !move(y, State::Listen, Cause::RcvRst)) move(y, State::Closed, Cause::RcvRst);
            else if (receiver.state != State::SynReceived) move(y, State::Closed, Cause::RcvRst);
        } else if (f & kSynBit) {
            if (f & kAckBit) {
                if (receiver.state == State::SynSent && receiver.isn && seg.ack == *receiver.isn + 1)
                    move(y, State::Established, Cause::RcvSynAck);
                else if (receiver.state == State::SynSent)
                    move(y, State::SynReceived, Cause::RcvSyn);
            } else {
                move(y, State::SynReceived, Cause::RcvSyn);   // from LISTEN, or a simultaneous open
            }
        } else {
            const bool acks_syn = (f & kAckBit) && receiver.isn && atOrAfter(seg.ack, *receiver.isn + 1);
            const bool acks_fin = (f & kAckBit) && receiver.fin_end && atOrAfter(seg.ack, *receiver.fin_end);
            if (receiver.state == State::SynReceived && acks_syn) move(y, State::Established, Cause::RcvAckOfSyn);
            if (f & kFinBit) {
                if (receiver.state == State::FinWait1 && acks_fin) {
                    move(y, State::TimeWait, Cause::RcvFinAckOfFin);
                } else if (receiver.state == State::FinWait1) {
                    move(y, State::Closing, Cause::RcvFin);
                } else if (receiver.state == State::FinWait2) {
                    move(y, State::TimeWait, Cause::RcvFin);
                } else if (receiver.state == State::Established) {
                    move(y, State::CloseWait, Cause::RcvFin);
                }
            } else if (acks_fin) {
                if (receiver.state == State::FinWait1) move(y, State::FinWait2, Cause::RcvAckOfFin);
                else if (receiver.state == State::Closing) move(y, State::TimeWait, Cause::RcvAckOfFin);
                else if (receiver.state == State::LastAck) move(y, State::Closed, Cause::RcvAckOfFin);
            }
        }
        // A segment that moves no one is usual (data, ACKs); one with SYN, FIN or RST that no
        // edge explains is not.
        if (!explained && (f & (kSynBit | kFinBit | kRstBit)) && !((f & kRstBit) && sender.state == State::Closed))
            ++out.unexplained;
    }
    return out;
}

}  // namespace tcpviz::core
