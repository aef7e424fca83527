#pragma once
// What the congestion-window plot and the time–sequence graph draw, taken from a trace: plain
// series, no toolkit. Every point keeps the index of the event it comes from, so that a view
// can hide what lies after its cursor (a point is shown once its event is) and a click on a
// point can find its step.
//
// Every series is in event order, which is also time order.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/trace/trace.h"

namespace tcpviz::core {

// --- the congestion window of one sender ---

struct CwndPoint {
    std::uint32_t event = 0;   // index into Trace::events
    TimeUs time = 0;
    // Each value holds from `time` until the next point. None: not there at this point — no
    // congestion control (cwnd), no threshold yet (ssthresh), or no connection (all of them:
    // the lines break here).
    std::optional<std::uint32_t> cwnd;
    std::optional<std::uint32_t> ssthresh;
    std::optional<std::uint32_t> flight;        // bytes sent and not yet acknowledged
    std::optional<std::uint32_t> peer_window;   // SND.WND: the window the peer offers
};

// A stretch of time in one congestion phase (never CongestionPhase::Unlimited).
struct PhaseInterval {
    CongestionPhase phase = CongestionPhase::SlowStart;
    std::uint32_t event = 0;   // the event that began it
    TimeUs begin = 0;
    TimeUs end = 0;            // where the next one begins, or the series ends
};

struct CwndSeries {
    Side side = Side::A;
    CongestionAlgorithm algorithm = CongestionAlgorithm::NewReno;
    std::vector<CwndPoint> points;
    std::vector<PhaseInterval> phases;   // in order, not overlapping
    // Where the lines end: the last segment sent, arriving or lost in the trace (later timers,
    // such as TIME-WAIT's 2 MSL, would only stretch the time axis). Not before the last point.
    TimeUs end = 0;
    [[nodiscard]] bool empty() const { return points.empty(); }
};

// The sender's window from its first segment on: the values each segment was sent with, and
// those after every input that changed its TCB (an ACK growing the window, a loss halving it).
CwndSeries cwndSeries(const Trace& t, Side sender);

// --- the time–sequence graph of one direction (Stevens, tcptrace) ---

// One data segment of the sender, at the time it was sent.
struct SequenceMark {
    std::uint32_t event = 0;     // its send event
    std::uint64_t segment = 0;   // SegmentRecord id
    TimeUs time = 0;
    std::uint64_t seq = 0;       // of its first byte, relative to the sender's ISS (the SYN is 0)
    std::uint32_t length = 0;    // payload bytes
    Retransmission kind = Retransmission::None;
};

// An ACK from the receiver, as it reaches the sender.
struct AckPoint {
    std::uint32_t event = 0;     // its arrive event
    std::uint64_t segment = 0;
    TimeUs time = 0;
    std::uint64_t ack = 0;           // relative to the sender's ISS
    std::uint64_t window_edge = 0;   // ack + the window it offers (scaled), relative
    std::uint16_t dup_ack = 0;       // the sender counted it as its n-th duplicate ACK
};

// A data segment of the sender lost on the way, where and when it was lost.
struct LossMark {
    std::uint32_t event = 0;     // its drop event
    std::uint64_t segment = 0;
    TimeUs time = 0;
    std::uint64_t seq = 0;       // relative
    std::uint32_t length = 0;
    DropReason reason = DropReason::Loss;
};

struct SequenceSeries {
    Side side = Side::A;   // the sender
    std::vector<SequenceMark> segments;          // first transmissions
    std::vector<SequenceMark> retransmissions;   // sent again (kind: Timeout or Fast)
    std::vector<AckPoint> acks;                  // every ACK arriving at the sender
    std::vector<AckPoint> dup_acks;              // those with dup_ack > 0
    std::vector<LossMark> losses;
    TimeUs end = 0;        // as CwndSeries::end
    [[nodiscard]] bool empty() const { return segments.empty() && retransmissions.empty() && acks.empty(); }
};

SequenceSeries sequenceSeries(const Trace& t, Side sender);

// --- which side ---

// Payload bytes a side put on the wire, retransmissions included.
std::uint64_t dataBytesSent(const Trace& t, Side side);
// The side a plot shows first: the one that sent the most data bytes (A when they are equal).
Side defaultPlotSide(const Trace& t);

}  // namespace tcpviz::core
