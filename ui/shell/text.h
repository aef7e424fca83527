#pragma once
// Every user-visible word about a trace, through tr(): endpoint names, states, causes, calls,
// timers, notices and one-line descriptions of events. Nothing here decides anything about
// TCP; it only names what the trace says.
#include <QCoreApplication>
#include <QString>

#include "core/scenario/host_scenario.h"
#include "core/trace/trace.h"

class QComboBox;

namespace tcpviz::ui {

class Text {
    Q_DECLARE_TR_FUNCTIONS(tcpviz::ui::Text)
public:
    // "Client" and "Server" (the scenario defaults) are translated; other names are the
    // teacher's own and shown as written.
    static QString endpointName(const core::EndpointInfo& e);
    // The same for a name as a scenario writes it ("Client" and "Server" are translated).
    static QString endpointName(const std::string& name);
    // "192.0.2.1:50000"
    static QString endpointAddress(const core::EndpointInfo& e);
    // The same of a trace's side: a capture's as captured ("[::1]:8082").
    static QString endpointAddress(const core::Trace& t, core::Side s);
    // "A (Client)"
    static QString endpointLabel(const core::Trace& t, core::Side s);
    // The hosts of a scenario of hosts as a choice lists them, "Client (192.0.2.1)", each with its
    // core::HostId as the item's data; `current` is chosen.
    static void setHostChoices(QComboBox* box, const core::HostRun& run, const std::vector<core::HostId>& hosts,
                               core::HostId current);

    // RFC spelling (SYN-RECEIVED) or the textbook's (SYN_RCVD).
    static QString stateName(core::State s, bool textbook);
    static QString causeText(core::Cause c);
    // "connect()", "send(100)", "reboot"
    static QString callText(core::CallKind c, std::uint32_t bytes);
    // "retransmission", "TIME-WAIT" ...
    static QString timerName(core::TimerKind k);
    // Short names beside the lifeline: "RTO", "2MSL".
    static QString timerShortName(core::TimerKind k);
    static QString noticeText(core::Notice n);
    // A tag for how a segment came to be sent: "retransmission", "injected", ... empty for normal.
    static QString sendReasonTag(core::SendReason r);
    // The tag of an ACK its receiver counted as the n-th duplicate in a row: "dup ACK 3".
    static QString dupAckTag(unsigned n);
    // Wireshark's analysis of a captured segment (core::AnalysisMark bits), as words:
    // "retransmission, duplicate ACK 2"; empty when it has none.
    static QString analysisText(std::uint16_t marks, unsigned dup_ack);
    // How a captured segment's checksum was found: "✓ correct", "offloaded to the card", …
    static QString checksumText(core::ChecksumCheck c);
    // Wireshark's conversation completeness bits (SYN 1, SYN-ACK 2, ACK 4, data 8, FIN 16,
    // RST 32) as the words of what was seen: "SYN, SYN-ACK, ACK, data, FIN"; "nothing".
    static QString completenessParts(std::uint8_t bits);
    // Whether Wireshark calls it complete: the handshake, data, and a FIN or an RST.
    static bool isComplete(std::uint8_t bits) { return (bits & 0x0F) == 0x0F && (bits & 0x30) != 0; }
    static QString dropReasonText(core::DropReason r);

    // "1 byte", "100 bytes"
    static QString bytesText(qulonglong n);
    // Simulated time "0.110 s"; a duration "50 ms", "1 s", "60 s"; "≈ 60 s" for folded gaps.
    static QString timeText(core::TimeUs t);
    static QString durationText(core::TimeUs d);
    // "slow start", "congestion avoidance", ... (RFC 5681's names for what the sender does).
    static QString phaseText(core::CongestionPhase p);
    static QString approximateDuration(core::TimeUs d);

    // What happened, in one line: "sends SYN", "receives SYN,ACK — connection refused",
    // "SYN-SENT → ESTABLISHED (rcv SYN,ACK)", "retransmission timer expires".
    static QString eventDescription(const core::Trace& t, const core::Event& e, bool textbook_states);
};

}  // namespace tcpviz::ui
