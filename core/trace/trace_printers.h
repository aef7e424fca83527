#pragma once
// Printers of a Trace: JSON (`tcpviz-trace/1`), CSV (one row per event), and the notation of
// RFC 9293 §3.5 (numbered lines such as `SYN-SENT --> <SEQ=100><CTL=SYN> --> SYN-RECEIVED`).
#include <string>

#include "core/trace/trace.h"

namespace tcpviz::core {

std::string traceToJson(const Trace& t);
std::string traceToCsv(const Trace& t);
std::string traceToRfc(const Trace& t);

// `<SEQ=100><ACK=301><CTL=SYN,ACK><DATA=10>`: <ACK=n> only when ACK is set, <DATA=n> only
// with payload, CTL flags in the RFC's order (SYN, FIN, RST, PSH, URG, ECE, CWR, then ACK).
std::string rfcSegmentText(const Segment& s);

}  // namespace tcpviz::core
