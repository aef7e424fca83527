#pragma once
// A captured connection as a Trace (issue 17), so that the views, the printers and the exports
// take it as they take a simulation's.
//
// Each captured segment becomes a send by its sender and an arrival at its receiver, both at
// the capture's timestamp: a capture has one time per packet, taken where the capture was, so
// every arrow is drawn from that one moment (Trace::capture says so to the views). Around them
// are the states core::inferStates infers: a change that sending shows (a SYN, FIN or RST)
// just before the send, a change that arriving causes just after the arrival. The TCB samples
// are what the wire shows of each side (SND.UNA, SND.NXT, RCV.NXT, the scaled windows, the
// ISNs); a capture shows nothing of a congestion window, so cwnd and ssthresh are unlimited.
//
// The first pass (readCapture) keeps 40 bytes a segment; the trace of one connection reads the
// file again for that connection's whole segments: their options, payload bytes and checksums.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/capture/capture.h"
#include "core/trace/trace.h"

namespace tcpviz::core {

// The trace of connection `connection` of `capture`, whose file (or, when given, `bytes`, its
// contents) is read again for the whole segments. Throws CaptureError when it cannot be read,
// and std::out_of_range for a connection it does not have.
Trace traceOfCapture(const Capture& capture, std::uint32_t connection, const std::string* bytes = nullptr);

// Reads `path` and gives the trace of its connection `connection` (the first when none).
// Throws CaptureError, naming the file, for a capture that cannot be read, that holds no TCP
// connection, or that has no such connection.
Trace traceOfCaptureFile(const std::string& path, std::optional<std::uint32_t> connection = std::nullopt,
                         const std::function<bool(std::uint64_t)>& progress = {});

// The SACK blocks (RFC 2018) among a segment's option bytes, as [left, right) pairs.
std::vector<std::pair<std::uint32_t, std::uint32_t>> sackBlocks(std::string_view option_bytes);

}  // namespace tcpviz::core
