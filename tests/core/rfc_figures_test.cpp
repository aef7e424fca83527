// RFC 9293 §3.5, Figures 6–13: each built-in `rfc9293-figN` scenario, printed in the RFC's
// notation, shows the figure's segments and states line for line.
//
// The expected lines are the figures transcribed into tcpviz's printer: the figures' side notes
// ("(Close)", "(2 MSL)", "(duplicate)", "(??)", "(Abort!!)") are not printed, a state column
// holds the state the endpoint is in, data shows its length (<DATA=10>), and where the RFC
// draws one arrow for a segment whose arrival comes later, the send and the arrival are two
// lines ("... <SEG> --> STATE").
#include <gtest/gtest.h>

#include <sstream>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/trace/trace_printers.h"

using namespace tcpviz::core;

namespace {

// The numbered lines of the printout with runs of spaces folded, header dropped.
std::vector<std::string> figureLines(const std::string& id) {
    const Trace t = simulate(*resolveScenario(id));
    std::istringstream in(traceToRfc(t));
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;
        std::string folded;
        for (char c : line)
            if (c != ' ' || (!folded.empty() && folded.back() != ' ')) folded += c;
        lines.push_back(folded);
    }
    return lines;
}

void expectFigure(const std::string& id, const std::vector<std::string>& expected) {
    const auto lines = figureLines(id);
    ASSERT_GE(lines.size(), expected.size()) << id;
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(lines[i], expected[i]) << id << " line " << i + 1;
}

}  // namespace

TEST(RfcFigures, Figure6BasicThreeWayHandshake) {
    expectFigure("rfc9293-fig6", {
        "1. CLOSED LISTEN",
        "2. SYN-SENT --> <SEQ=100><CTL=SYN> --> SYN-RECEIVED",
        "3. ESTABLISHED <-- <SEQ=300><ACK=101><CTL=SYN,ACK> <-- SYN-RECEIVED",
        "4. ESTABLISHED --> <SEQ=101><ACK=301><CTL=ACK> --> ESTABLISHED",
        "5. ESTABLISHED --> <SEQ=101><ACK=301><CTL=ACK><DATA=10> --> ESTABLISHED",
    });
}

TEST(RfcFigures, Figure7SimultaneousConnectionSynchronization) {
    expectFigure("rfc9293-fig7", {
        "1. CLOSED CLOSED",
        "2. SYN-SENT --> <SEQ=100><CTL=SYN> ...",
        "3. SYN-RECEIVED <-- <SEQ=300><CTL=SYN> <-- SYN-SENT",
        "4. ... <SEQ=100><CTL=SYN> --> SYN-RECEIVED",
        "5. SYN-RECEIVED --> <SEQ=100><ACK=301><CTL=SYN,ACK> ...",
        "6. ESTABLISHED <-- <SEQ=300><ACK=101><CTL=SYN,ACK> <-- SYN-RECEIVED",
        "7. ... <SEQ=100><ACK=301><CTL=SYN,ACK> --> ESTABLISHED",
    });
    EXPECT_EQ(figureLines("rfc9293-fig7").size(), 7u) << "no extra ACKs: the crossing SYN,ACKs complete it";
}

TEST(RfcFigures, Figure8RecoveryFromOldDuplicateSyn) {
    expectFigure("rfc9293-fig8", {
        "1. CLOSED LISTEN",
        "2. SYN-SENT --> <SEQ=100><CTL=SYN> ...",
        "3. ... <SEQ=90><CTL=SYN> --> SYN-RECEIVED",          // the RFC: "(duplicate) ..."
        "4. SYN-SENT <-- <SEQ=300><ACK=91><CTL=SYN,ACK> <-- SYN-RECEIVED",
        "5. SYN-SENT --> <SEQ=91><CTL=RST> --> LISTEN",
        "6. ... <SEQ=100><CTL=SYN> --> SYN-RECEIVED",
        "7. ESTABLISHED <-- <SEQ=400><ACK=101><CTL=SYN,ACK> <-- SYN-RECEIVED",
        "8. ESTABLISHED --> <SEQ=101><ACK=401><CTL=ACK> --> ESTABLISHED",
    });
}

TEST(RfcFigures, Figure9HalfOpenConnectionDiscovery) {
    // RFC line 1 "(CRASH) (send 300,receive 100)" is the connection before the crash.
    expectFigure("rfc9293-fig9", {
        "1. ESTABLISHED ESTABLISHED",
        "2. CLOSED ESTABLISHED",
        "3. SYN-SENT --> <SEQ=400><CTL=SYN> --> ESTABLISHED",   // the RFC: "(??)"
        "4. SYN-SENT <-- <SEQ=300><ACK=100><CTL=ACK> <-- ESTABLISHED",   // "(!!)"
        "5. SYN-SENT --> <SEQ=100><CTL=RST> --> CLOSED",        // "(Abort!!)"; RFC line 6
        "6. SYN-SENT LISTEN",   // B's application listens again (the RFC leaves B CLOSED here)
        "7. SYN-SENT --> <SEQ=400><CTL=SYN> --> SYN-RECEIVED",
    });
}

TEST(RfcFigures, Figure10ActiveSideCausesHalfOpenConnectionDiscovery) {
    expectFigure("rfc9293-fig10", {
        "1. ESTABLISHED ESTABLISHED",   // the RFC: "(REBOOT) (send 300,receive 100)"
        "2. CLOSED ESTABLISHED",
        "3. CLOSED <-- <SEQ=300><ACK=100><CTL=ACK><DATA=10> <-- ESTABLISHED",   // "???"
        "4. CLOSED --> <SEQ=100><CTL=RST> --> CLOSED",          // "(ABORT!!)"
    });
}

TEST(RfcFigures, Figure11OldDuplicateSynResetsTwoPassiveSockets) {
    expectFigure("rfc9293-fig11", {
        "1. LISTEN LISTEN",
        "2. ... <SEQ=100><CTL=SYN> --> SYN-RECEIVED",           // Z = 100
        "3. LISTEN <-- <SEQ=300><ACK=101><CTL=SYN,ACK> <-- SYN-RECEIVED",   // X = 300; "(??)"
        "4. LISTEN --> <SEQ=101><CTL=RST> --> LISTEN",          // "(return to LISTEN!)"
    });
}

TEST(RfcFigures, Figure12NormalCloseSequence) {
    expectFigure("rfc9293-fig12", {
        "1. ESTABLISHED ESTABLISHED",
        "2. FIN-WAIT-1 --> <SEQ=100><ACK=300><CTL=FIN,ACK> --> CLOSE-WAIT",
        "3. FIN-WAIT-2 <-- <SEQ=300><ACK=101><CTL=ACK> <-- CLOSE-WAIT",
        "4. TIME-WAIT <-- <SEQ=300><ACK=101><CTL=FIN,ACK> <-- LAST-ACK",
        "5. TIME-WAIT --> <SEQ=101><ACK=301><CTL=ACK> --> CLOSED",
        "6. CLOSED CLOSED",   // after 2 MSL
    });
}

TEST(RfcFigures, Figure13SimultaneousCloseSequence) {
    // The RFC draws each pair of crossing segments on one line; here each send and arrival
    // has its own, in the order they happen.
    expectFigure("rfc9293-fig13", {
        "1. ESTABLISHED ESTABLISHED",
        "2. FIN-WAIT-1 --> <SEQ=100><ACK=300><CTL=FIN,ACK> ...",
        "3. ... <SEQ=100><ACK=300><CTL=FIN,ACK> --> CLOSING",
        "4. ... <SEQ=300><ACK=100><CTL=FIN,ACK> <-- FIN-WAIT-1",
        "5. CLOSING <-- <SEQ=300><ACK=100><CTL=FIN,ACK> ...",
        "6. ... <SEQ=301><ACK=101><CTL=ACK> <-- CLOSING",
        "7. TIME-WAIT <-- <SEQ=301><ACK=101><CTL=ACK> ...",
        "8. CLOSING --> <SEQ=101><ACK=301><CTL=ACK> --> TIME-WAIT",
        "9. CLOSED CLOSED",   // both after 2 MSL
    });
}
