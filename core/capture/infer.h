#pragma once
// Each side's state in a captured connection, inferred from the segments through RFC 9293's
// diagram (issue 17): every change is one of core::StateGraph's edges, caused by a segment the
// side sent (an active OPEN sends a SYN, a CLOSE a FIN, an ABORT an RST) or received (a SYN, a
// SYN,ACK, the ACK of a SYN or of a FIN, a FIN, an RST), in capture order.
//
// Where the inference is uncertain, it says so:
//  - a connection captured from its middle starts with both sides in ESTABLISHED (no SYN seen);
//  - a capture taken at one host sees that host's segments when they leave and the peer's when
//    they arrive, so a change of the peer's is drawn when its segment reached the capture point
//    (on loopback the two are the same moment);
//  - TIME-WAIT ends on a timer no segment shows: a side left in TIME-WAIT stays there.
#include <array>
#include <cstdint>
#include <vector>

#include "core/capture/capture.h"
#include "core/tcp/state.h"

namespace tcpviz::core {

struct InferredChange {
    std::uint32_t segment = 0;   // index into Capture::segments: the segment that caused it
    std::uint8_t side = 0;       // 0: the connection's `a`, 1: `b`
    State from = State::Closed, to = State::Closed;
    Cause cause = Cause::PassiveOpen;
};

struct InferredStates {
    std::array<State, 2> initial{State::Closed, State::Listen};
    std::vector<InferredChange> changes;   // in capture order
    bool from_middle = false;              // no SYN was captured: both start in ESTABLISHED
    std::uint32_t unexplained = 0;         // segments no edge of the diagram explains (left as they were)
    [[nodiscard]] State last(int side) const;
};

InferredStates inferStates(const Capture& capture, std::uint32_t connection);

}  // namespace tcpviz::core
