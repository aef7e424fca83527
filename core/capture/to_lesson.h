#pragma once
// "Turn into a lesson" (issue 17): a captured connection as a scenario the simulator can replay
// and a teacher can then vary.
//
// What the capture shows becomes the scenario's: the two ends' addresses (IPv4; an IPv6 capture
// keeps the lesson defaults) and ports, each side's ISN, announced MSS and window scale from its
// SYN, its window; half the handshake's round trip as each direction's link delay; the server's
// listen, the client's connect, every new data segment as a send() of its bytes at the moment it
// was captured, the first FIN of each side as its close() and an RST as an abort(); and every
// segment sent again as a fault that drops its first copy. A capture without its SYNs starts
// the lesson ESTABLISHED.
//
// The replay is the engine's TCP, not the captured hosts': it sends when its own rules say
// (Nagle, delayed ACKs, its congestion window), so its segments are the capture's data in the
// engine's way, not a copy of the capture.
#include "core/scenario/scenario.h"
#include "core/trace/trace.h"

namespace tcpviz::core {

// The scenario of a trace read from a capture (Trace::capture must be set).
Scenario lessonOfCapture(const Trace& captured);

}  // namespace tcpviz::core
