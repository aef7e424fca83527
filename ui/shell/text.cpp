#include "ui/shell/text.h"

#include <QComboBox>
#include <QLocale>
#include <QSignalBlocker>
#include <algorithm>

#include "core/trace/notation.h"

namespace tcpviz::ui {

using core::CallKind;
using core::Cause;
using core::EventKind;
using core::Notice;
using core::SendReason;
using core::TimerKind;
using core::TimerOp;

QString Text::endpointName(const core::EndpointInfo& e) { return endpointName(e.name); }

QString Text::endpointName(const std::string& name) {
    // A lesson of hosts names its hosts as keys are written: "client", "server".
    if (name == "Client" || name == "client") return tr("Client");
    if (name == "Server" || name == "server") return tr("Server");
    return QString::fromStdString(name);
}

void Text::setHostChoices(QComboBox* box, const core::HostRun& run, const std::vector<core::HostId>& hosts,
                          core::HostId current) {
    const QSignalBlocker block(box);
    box->clear();
    for (core::HostId h : hosts) {
        const core::HostInfo& info = run.host(h).info;
        box->addItem(tr("%1 (%2)").arg(endpointName(info.name), QString::fromStdString(core::ipv4ToString(info.address))),
                     static_cast<int>(h));
    }
    box->setCurrentIndex(std::max(0, box->findData(static_cast<int>(current))));
}

QString Text::endpointAddress(const core::EndpointInfo& e) {
    return QStringLiteral("%1:%2").arg(QString::fromStdString(core::ipv4ToString(e.address))).arg(e.port);
}

QString Text::endpointAddress(const core::Trace& t, core::Side s) {
    if (t.capture) return QString::fromStdString(s == core::Side::A ? t.capture->a : t.capture->b);
    return endpointAddress(t.endpoints[core::idx(s)]);
}

QString Text::endpointLabel(const core::Trace& t, core::Side s) {
    return tr("%1 (%2)").arg(QString::fromLatin1(core::sideName(s)), endpointName(t.endpoints[core::idx(s)]));
}

QString Text::stateName(core::State s, bool textbook) {
    // State names are the RFC's (or netstat's) and are not translated.
    return QString::fromLatin1(textbook ? core::textbookStateName(s) : core::stateName(s));
}

QString Text::causeText(Cause c) {
    switch (c) {
        case Cause::PassiveOpen: return tr("passive OPEN");
        case Cause::ActiveOpen: return tr("active OPEN");
        case Cause::Send: return tr("SEND");
        case Cause::Close: return tr("CLOSE");
        case Cause::Abort: return tr("ABORT");
        case Cause::Reboot: return tr("reboot");
        case Cause::RcvSyn: return tr("rcv SYN");
        case Cause::RcvSynTwoWay: return tr("rcv SYN, two-way handshake");
        case Cause::RcvSynAck: return tr("rcv SYN,ACK");
        case Cause::RcvAckOfSyn: return tr("rcv ACK of SYN");
        case Cause::RcvFin: return tr("rcv FIN");
        case Cause::RcvFinAckOfFin: return tr("rcv FIN,ACK of FIN");
        case Cause::RcvAckOfFin: return tr("rcv ACK of FIN");
        case Cause::RcvRst: return tr("rcv RST");
        case Cause::Timeout2Msl: return tr("Timeout=2MSL");
        case Cause::RetransmitLimit: return tr("too many retransmissions");
        case Cause::UserTimeout: return tr("user timeout");
        case Cause::RcvSynNewIsn: return tr("rcv SYN with a new ISN");
        case Cause::FinTimeout: return tr("tcp_fin_timeout");
        case Cause::TimeWaitReused: return tr("TIME-WAIT taken over (tw_reuse)");
    }
    return {};
}

QString Text::callText(CallKind c, std::uint32_t bytes) {
    switch (c) {
        case CallKind::Listen: return tr("listen()");
        case CallKind::Connect: return tr("connect()");
        case CallKind::Send: return tr("send(%1)").arg(bytes);
        case CallKind::Receive: return tr("receive(%1)").arg(bytes);
        case CallKind::Close: return tr("close()");
        case CallKind::Abort: return tr("abort()");
        case CallKind::Reboot: return tr("reboot");
    }
    return {};
}

QString Text::timerName(TimerKind k) {
    switch (k) {
        case TimerKind::Retransmission: return tr("retransmission");
        case TimerKind::TimeWait: return tr("TIME-WAIT (2MSL)");
        case TimerKind::UserTimeout: return tr("user timeout");
        case TimerKind::Persist: return tr("persist");
        case TimerKind::DelayedAck: return tr("delayed ACK");
    }
    return {};
}

QString Text::timerShortName(TimerKind k) {
    switch (k) {
        case TimerKind::Retransmission: return tr("RTO");
        case TimerKind::TimeWait: return tr("2MSL");
        case TimerKind::UserTimeout: return tr("user timeout");
        case TimerKind::Persist: return tr("persist");
        case TimerKind::DelayedAck: return tr("delayed ACK");
    }
    return {};
}

QString Text::noticeText(Notice n) {
    switch (n) {
        case Notice::None: return {};
        case Notice::ConnectionRefused: return tr("connection refused");
        case Notice::ConnectionReset: return tr("connection reset");
        case Notice::ConnectionClosing: return tr("connection closing");
        case Notice::ConnectionDoesNotExist: return tr("connection does not exist");
        case Notice::ConnectionExists: return tr("connection already exists");
        case Notice::ConnectionTimedOut: return tr("connection timed out");
        case Notice::UserTimeout: return tr("connection aborted: user timeout");
        case Notice::UnacceptableSegment: return tr("outside the window: dropped");
        case Notice::BadChecksum: return tr("bad checksum: dropped");
        case Notice::MalformedSegment: return tr("malformed: dropped");
        case Notice::UnacceptableAck: return tr("ACK of unsent data");
        case Notice::RstIgnored: return tr("RST ignored");
        case Notice::SynInSynchronized: return tr("unexpected SYN: challenge ACK");
        case Notice::SegmentIgnored: return tr("ignored");
        case Notice::DuplicateSegment: return tr("duplicate: ACKed again");
        case Notice::OutOfOrder: return tr("out of order: kept");
        case Notice::SynQueueFull: return tr("SYN queue full: dropped by the host");
        case Notice::AcceptQueueFull: return tr("accept queue full: dropped by the host");
    }
    return {};
}

QString Text::sendReasonTag(SendReason r) {
    switch (r) {
        case SendReason::Normal: return {};
        case SendReason::Retransmission: return tr("retransmission");
        case SendReason::ResetReply: return {};
        case SendReason::ChallengeAck: return tr("challenge ACK");
        case SendReason::WindowProbe: return tr("window probe");
        case SendReason::WindowUpdate: return tr("window update");
        case SendReason::Abort: return {};
        case SendReason::Injected: return tr("old duplicate");
        case SendReason::FastRetransmit: return tr("fast retransmission");
    }
    return {};
}

QString Text::dupAckTag(unsigned n) { return tr("dup ACK %1").arg(n); }

QString Text::analysisText(std::uint16_t marks, unsigned dup_ack) {
    // In core::AnalysisMark's bit order.
    const QString words[] = {
        tr("retransmission"), tr("fast retransmission"), tr("spurious retransmission"), tr("duplicate ACK %1").arg(dup_ack),
        tr("out of order"), tr("zero window"), tr("zero-window probe"), tr("ACK of a zero-window probe"),
        tr("window update"), tr("window full"), tr("keep-alive"), tr("ACK of a keep-alive"),
        tr("previous segment not captured"), tr("ACKs a segment not captured"),
    };
    QStringList out;
    for (std::size_t bit = 0; bit < std::size(words); ++bit)
        if (marks & (1u << bit)) out << words[bit];
    return out.join(tr(", "));
}

QString Text::completenessParts(std::uint8_t bits) {
    const QString parts[] = {tr("SYN"), tr("SYN-ACK"), tr("ACK"), tr("data"), tr("FIN"), tr("RST")};
    QStringList seen;
    for (int bit = 0; bit < 6; ++bit)
        if (bits & (1 << bit)) seen << parts[bit];
    return seen.isEmpty() ? tr("nothing") : seen.join(tr(", "));
}

QString Text::checksumText(core::ChecksumCheck c) {
    switch (c) {
        case core::ChecksumCheck::Good: return tr("✓ correct");
        case core::ChecksumCheck::Bad: return tr("✗ wrong");
        case core::ChecksumCheck::Offloaded: return tr("left to the network card (offload)");
        case core::ChecksumCheck::Unverified: return tr("not checked: the capture cut the segment short");
    }
    return {};
}

QString Text::dropReasonText(core::DropReason r) {
    switch (r) {
        case core::DropReason::Loss: return tr("lost");
        case core::DropReason::Fault: return tr("lost (scripted fault)");
        case core::DropReason::QueueFull: return tr("dropped: queue full");
    }
    return {};
}

QString Text::phaseText(core::CongestionPhase p) {
    switch (p) {
        case core::CongestionPhase::SlowStart: return tr("slow start");
        case core::CongestionPhase::CongestionAvoidance: return tr("congestion avoidance");
        case core::CongestionPhase::FastRecovery: return tr("fast recovery");
        case core::CongestionPhase::AfterTimeout: return tr("recovery after a timeout");
        case core::CongestionPhase::Unlimited: return tr("no congestion control");
    }
    return {};
}

QString Text::bytesText(qulonglong n) {
    return n == 1 ? tr("1 byte") : tr("%1 bytes").arg(n);
}

QString Text::timeText(core::TimeUs t) {
    return tr("%1 s").arg(QLocale().toString(static_cast<double>(t) / 1e6, 'f', 3));
}

QString Text::durationText(core::TimeUs d) {
    const QLocale locale;
    if (d < 1'000'000) return tr("%1 ms").arg(locale.toString(static_cast<double>(d) / 1e3, 'g', 4));
    return tr("%1 s").arg(locale.toString(static_cast<double>(d) / 1e6, 'g', 4));
}

QString Text::approximateDuration(core::TimeUs d) {
    const QLocale locale;
    if (d < 1'000'000) return tr("≈ %1 ms").arg(locale.toString(qRound(static_cast<double>(d) / 1e3)));
    if (d < 10'000'000) return tr("≈ %1 s").arg(locale.toString(static_cast<double>(d) / 1e6, 'g', 2));
    return tr("≈ %1 s").arg(locale.toString(qRound64(static_cast<double>(d) / 1e6)));
}

QString Text::eventDescription(const core::Trace& t, const core::Event& e, bool textbook_states) {
    auto withNotice = [&](QString text) {
        if (e.notice != Notice::None) text = tr("%1 — %2").arg(text, noticeText(e.notice));
        return text;
    };
    auto segmentWords = [&](const core::SegmentRecord& r) {
        const QString bits = QString::fromStdString(core::controlBitsText(r.segment.flags));
        const auto bytes = static_cast<qulonglong>(r.segment.payload.size());
        if (bytes == 0) return bits.isEmpty() ? tr("an empty segment") : bits;
        if (bits.isEmpty()) return bytesText(bytes);
        return tr("%1 with %2").arg(bits, bytesText(bytes));
    };
    switch (e.kind) {
        case EventKind::Call:
            if (e.call == CallKind::Reboot) return withNotice(tr("the host reboots and forgets the connection"));
            return withNotice(tr("calls %1").arg(callText(e.call, e.bytes)));
        case EventKind::State:
            return tr("%1 → %2 (%3)")
                .arg(stateName(e.from, textbook_states), stateName(e.to, textbook_states), causeText(e.cause));
        case EventKind::Send: {
            const core::SegmentRecord& r = t.segment(e.segment);
            const QString what = segmentWords(r);
            switch (r.reason) {
                case SendReason::Retransmission: return tr("retransmits %1 (timeout)").arg(what);
                case SendReason::FastRetransmit: return tr("retransmits %1 (fast retransmit)").arg(what);
                case SendReason::ResetReply: return tr("answers with %1").arg(what);
                case SendReason::ChallengeAck: return tr("sends %1 (challenge ACK)").arg(what);
                case SendReason::WindowProbe: return tr("sends %1 (window probe)").arg(what);
                case SendReason::WindowUpdate: return tr("sends %1 (window update)").arg(what);
                case SendReason::Abort: return tr("sends %1 (abort)").arg(what);
                case SendReason::Injected: return tr("an old duplicate %1 appears on the wire").arg(what);
                case SendReason::Normal: break;
            }
            return tr("sends %1").arg(what);
        }
        case EventKind::Arrive: {
            const core::SegmentRecord& r = t.segment(e.segment);
            if (e.copy > 0) return withNotice(tr("receives a duplicate copy of %1").arg(segmentWords(r)));
            return withNotice(tr("receives %1").arg(segmentWords(r)));
        }
        case EventKind::Drop:
            return tr("%1 is %2").arg(segmentWords(t.segment(e.segment)), dropReasonText(e.drop_reason));
        case EventKind::Timer:
            switch (e.timer_op) {
                case TimerOp::Start:
                    return tr("%1 timer starts (%2)").arg(timerName(e.timer), durationText(e.deadline - e.time));
                case TimerOp::Stop: return tr("%1 timer stops").arg(timerName(e.timer));
                case TimerOp::Expire: return tr("%1 timer expires").arg(timerName(e.timer));
            }
            break;
        case EventKind::Deliver:
            return tr("hands %1 to the application").arg(bytesText(e.bytes));
    }
    return {};
}

}  // namespace tcpviz::ui
