// Wireshark's analysis marks (issue 17) against Wireshark itself: for every committed capture,
// tshark's tcp.analysis.* fields, tcp.analysis.duplicate_ack_num and tcp.completeness on each
// TCP segment must be what analyzeCapture and connectionCompleteness say. Skipped where tshark
// is not installed.
//
// The command line:
//  - `-2`, two passes: the analysis is the same either way, but tcp.completeness shows a
//    conversation's final value only on the second pass (on the first, each packet shows the
//    value before it). Even then only its first packet shows exactly that value: the second pass
//    adds each packet's bits again as it goes, the first packet's too, which the first pass did
//    not count unless it was a SYN. So completeness is compared on each connection's first
//    segment;
//  - `-E occurrence=f`: tcp.analysis.duplicate_ack appears twice in a duplicate ACK's tree (the
//    flag and its expert item), and all occurrences would be joined by the same ',' as the
//    columns;
//  - `-o` puts the preferences the marks depend on at their defaults, whatever a local profile
//    says. Relative sequence numbers are left as they are: the analysis works on the absolute
//    ones either way.
// Out-of-order marks could disagree in principle (tcpviz keeps microseconds, Wireshark
// nanoseconds, for its RTT threshold), but no committed capture is near a threshold: if one is
// added that is, this test says which packet.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/capture/analysis.h"
#include "tests/support/command.h"

namespace tcpviz::core {
namespace {

const std::string kDir = TCPVIZ_TEST_DATA "/captures/";

// tcp.analysis.<name>, in AnalysisMark's bit order.
constexpr std::array<const char*, 14> kFields{
    "retransmission", "fast_retransmission", "spurious_retransmission", "duplicate_ack",
    "out_of_order", "zero_window", "zero_window_probe", "zero_window_probe_ack",
    "window_update", "window_full", "keep_alive", "keep_alive_ack",
    "lost_segment", "ack_lost_segment"};

struct TsharkRow {
    SegmentAnalysis analysis;
    unsigned completeness = 0;
};

std::string run(const std::string& command) { return tcpviz_test::runCommand(command).output; }

bool haveTshark() { return tcpviz_test::tsharkOnPath(); }

// Frame number -> what tshark says of it.
std::map<std::uint32_t, TsharkRow> tsharkAnalysis(const std::string& file) {
    std::string command = "tshark -2 -n -r '" + file +
                          "' -o tcp.analyze_sequence_numbers:TRUE -o tcp.fastrt_supersedes_ooo:TRUE"
                          " -Y tcp -T fields -E separator=, -E occurrence=f -e frame.number";
    for (const char* f : kFields) command += std::string(" -e tcp.analysis.") + f;
    command += " -e tcp.analysis.duplicate_ack_num -e tcp.completeness 2>/dev/null";
    std::map<std::uint32_t, TsharkRow> out;
    std::istringstream lines(run(command));
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> cells;
        std::istringstream in(line);
        for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.emplace_back();   // an empty last column
        if (cells.size() != kFields.size() + 3) {
            ADD_FAILURE() << "unexpected tshark line: " << line;
            continue;
        }
        TsharkRow row;
        for (std::size_t i = 0; i < kFields.size(); ++i)
            if (!cells[i + 1].empty()) row.analysis.marks |= static_cast<std::uint16_t>(1u << i);
        const std::string& dup = cells[kFields.size() + 1];
        row.analysis.dup_ack = dup.empty() ? 0 : static_cast<std::uint16_t>(std::stoul(dup));
        const std::string& complete = cells[kFields.size() + 2];
        row.completeness = complete.empty() ? 0 : static_cast<unsigned>(std::stoul(complete));
        out[static_cast<std::uint32_t>(std::stoul(cells[0]))] = row;
    }
    return out;
}

std::string namesOf(std::uint16_t marks) {
    std::string out;
    for (std::string_view n : analysisMarkNames(marks)) out += (out.empty() ? "" : " ") + std::string(n);
    return out.empty() ? "-" : out;
}

TEST(CaptureTshark, everyCommittedCaptureHasTsharksMarks) {
    if (!haveTshark()) GTEST_SKIP() << "tshark is not on PATH: Wireshark's marks cannot be compared here";
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
        const std::string ext = entry.path().extension().string();
        if (ext == ".pcap" || ext == ".pcapng") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 10u);   // the captures README.md lists
    std::size_t marked = 0;
    for (const std::string& file : files) {
        SCOPED_TRACE(file);
        const Capture capture = readCapture(file);
        const std::vector<SegmentAnalysis> ours = analyzeCapture(capture);
        const std::map<std::uint32_t, TsharkRow> theirs = tsharkAnalysis(file);
        ASSERT_EQ(theirs.size(), capture.segments.size()) << "tshark and tcpviz see different TCP segments";
        for (std::size_t i = 0; i < capture.segments.size(); ++i) {
            const CapturedSegment& s = capture.segments[i];
            const auto it = theirs.find(s.packet);
            ASSERT_NE(it, theirs.end()) << "packet " << s.packet << " is not TCP to tshark";
            EXPECT_EQ(namesOf(ours[i].marks), namesOf(it->second.analysis.marks)) << "packet " << s.packet;
            EXPECT_EQ(ours[i].dup_ack, it->second.analysis.dup_ack) << "packet " << s.packet;
            if (i == capture.connections[s.connection].first_segment) {
                EXPECT_EQ(connectionCompleteness(capture, s.connection), it->second.completeness) << "packet " << s.packet;
            }
            if (ours[i].marks) ++marked;
        }
    }
    EXPECT_GT(marked, 100u);   // the comparison is not of empty columns
}

}  // namespace
}  // namespace tcpviz::core
