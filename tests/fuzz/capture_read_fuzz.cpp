// libFuzzer target for the capture reader (core/capture): any bytes as a pcap or pcapng file.
// Whatever they hold, reading ends with a capture or a CaptureError, without crashing, leaking
// or undefined behaviour, and the capture keeps the invariants below.
//
// Seeds: tests/data/captures (tools/fuzz passes them), real captures of each link type.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/capture/analysis.h"
#include "core/capture/capture.h"
#include "core/capture/capture_trace.h"

using namespace tcpviz::core;

namespace {

[[noreturn]] void fail(const char* what, std::size_t at) {
    std::fprintf(stderr, "invariant broken at %zu: %s\n", at, what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Capture c;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        c = readCaptureBytes(bytes, "fuzz.pcap");
    } catch (const CaptureError&) {
        return 0;
    }
    // The analysis gives one entry a segment; the second pass reads each of the first
    // connections' whole segments again (options, payload, checksums) into a trace.
    if (analyzeCapture(c).size() != c.segments.size()) fail("analysis of every segment", c.segments.size());
    for (std::uint32_t k = 0; k < c.connections.size() && k < 4; ++k) {
        const Trace t = traceOfCapture(c, k, &bytes);
        if (t.segments.size() != c.connections[k].segments) fail("trace of every segment", k);
        if (!t.capture || t.capture->segments.size() != t.segments.size()) fail("capture info of every segment", k);
        for (const SegmentRecord& r : t.segments)
            if (r.segment.payload.size() != c.segments[c.connections[k].first_segment].payload && &r == t.segments.data())
                fail("first segment's length", k);
    }
    if (c.segments.size() + c.not_tcp != c.packets) fail("packets neither TCP nor counted", c.packets);
    std::vector<std::uint32_t> counted(c.connections.size());
    for (std::size_t i = 0; i < c.segments.size(); ++i) {
        const CapturedSegment& s = c.segments[i];
        if (s.connection >= c.connections.size()) fail("segment of no connection", i);
        if (i > 0 && s.packet <= c.segments[i - 1].packet) fail("packet numbers out of order", i);
        ++counted[s.connection];
    }
    for (std::size_t k = 0; k < c.connections.size(); ++k) {
        const CapturedConnection& conn = c.connections[k];
        if (counted[k] != conn.segments) fail("connection's segment count", k);
        if (conn.first_segment >= c.segments.size() || c.segments[conn.first_segment].connection != k)
            fail("connection's first segment", k);
        // Its first segment is `a`'s, unless it was a SYN,ACK (then `a` is who it went to).
        const CapturedSegment& first = c.segments[conn.first_segment];
        if (first.from_b && (first.flags & 0x12) != 0x12) fail("first segment not a's", k);
    }
    return 0;
}
