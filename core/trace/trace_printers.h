#pragma once
// Printers of a Trace: JSON (`tcpviz-trace/1`), CSV (one row per event), and the notation of
// RFC 9293 §3.5 (numbered lines such as `SYN-SENT --> <SEQ=100><CTL=SYN> --> SYN-RECEIVED`).
#include <functional>
#include <string>
#include <string_view>

#include "core/trace/trace.h"

namespace tcpviz::core {

// Receives a printed text in pieces, in order, and says whether it kept each one.
using TextSink = std::function<bool(std::string_view)>;

// Each printer writes its text to `sink` in pieces of a few hundred KiB, so that a long trace is
// never held as one text. False when the sink refused a piece (it is given nothing after that).
bool writeTraceJson(const Trace& t, const TextSink& sink);
bool writeTraceCsv(const Trace& t, const TextSink& sink);
bool writeTraceRfc(const Trace& t, const TextSink& sink);

// The same texts, whole.
std::string traceToJson(const Trace& t);
std::string traceToCsv(const Trace& t);
std::string traceToRfc(const Trace& t);

// `<SEQ=100><ACK=301><CTL=SYN,ACK><DATA=10>`: <ACK=n> only when ACK is set, <DATA=n> only
// with payload, CTL flags in the RFC's order (SYN, FIN, RST, PSH, URG, ECE, CWR, then ACK).
std::string rfcSegmentText(const Segment& s);

}  // namespace tcpviz::core
