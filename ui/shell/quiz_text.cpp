#include "ui/shell/quiz_text.h"

#include "core/trace/notation.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

namespace {

using core::Notice;
using core::QuestionKind;

QString who(const core::Trace& t, core::Side s) { return Text::endpointName(t.endpoints[core::idx(s)]); }

// What a receiver does with a segment, by the notice it records.
QString receiverText(Notice n) {
    switch (n) {
        case Notice::OutOfOrder: return QuizText::tr("keeps it until the bytes before it come, and ACKs what it has so far");
        case Notice::DuplicateSegment: return QuizText::tr("throws it away, since it has those bytes, and ACKs again");
        case Notice::UnacceptableSegment: return QuizText::tr("throws it away as outside its window, and sends an ACK");
        case Notice::SegmentIgnored: return QuizText::tr("throws it away without a word");
        case Notice::UnacceptableAck: return QuizText::tr("throws it away, since it ACKs bytes not sent yet, and sends an ACK");
        case Notice::RstIgnored: return QuizText::tr("ignores the RST, which is not at the byte it expects next");
        case Notice::SynInSynchronized: return QuizText::tr("answers the SYN with a challenge ACK");
        case Notice::BadChecksum: return QuizText::tr("throws it away: its checksum is wrong");
        default: return Text::noticeText(n);
    }
}

}  // namespace

QString QuizText::prompt(const core::Trace& t, const core::Question& q) {
    const QString name = who(t, q.side);
    switch (q.kind) {
        case QuestionKind::Flags: return tr("Which control bits does the next segment %1 sends set?").arg(name);
        case QuestionKind::Numbers: {
            const QString flags = QString::fromStdString(core::controlBitsText(t.segment(q.segment).segment.flags & core::kQuizFlags, ", "));
            return tr("%1 sends a segment with %2 next. What are its seq and ack?").arg(name, flags);
        }
        case QuestionKind::State: {
            // (Not the state it leaves: at the cursor it may still show an earlier one, the
            // listen() before the SYN being in the same step.)
            using core::Cause;
            switch (q.cause) {
                case Cause::RcvSyn:
                case Cause::RcvSynTwoWay:
                case Cause::RcvSynAck:
                case Cause::RcvAckOfSyn:
                case Cause::RcvFin:
                case Cause::RcvFinAckOfFin:
                case Cause::RcvAckOfFin:
                case Cause::RcvRst:
                case Cause::RcvSynNewIsn:
                    return tr("When the next segment reaches %1, which state does it enter?").arg(name);
                default: return tr("Which state does %1 enter next?").arg(name);
            }
        }
        case QuestionKind::Timer: return tr("Which of %1's timers expires next, and how long after it was set?").arg(name);
        case QuestionKind::Receiver: return tr("The next segment to reach %1 is one it cannot use as it comes. What does it do with it?").arg(name);
    }
    return {};
}

QString QuizText::choice(const core::Question& q, const core::Choice& c, bool textbook_states) {
    switch (q.kind) {
        case QuestionKind::Flags: return QString::fromStdString(core::controlBitsText(c.flags, ", "));
        case QuestionKind::Numbers:
            return c.ack.empty() ? QString::fromStdString(c.seq) : QStringLiteral("%1, %2").arg(QString::fromStdString(c.seq), QString::fromStdString(c.ack));
        case QuestionKind::State: return Text::stateName(c.state, textbook_states);
        case QuestionKind::Timer: return tr("the %1 timer, %2 after it was set").arg(Text::timerName(c.timer), Text::durationText(c.after));
        case QuestionKind::Receiver: return receiverText(c.notice);
    }
    return {};
}

QStringList QuizText::choices(const core::Question& q, bool textbook_states) {
    QStringList out;
    for (const core::Choice& c : q.choices) out << choice(q, c, textbook_states);
    return out;
}

QString QuizText::explanation(const core::Trace& t, const core::Question& q, bool textbook_states) {
    const QString name = who(t, q.side);
    const core::Choice& right = q.choices.at(q.answer);
    const QString rfc = QString::fromStdString(q.rfc);
    switch (q.kind) {
        case QuestionKind::Flags:
            return tr("%1 sends %2 (%3).").arg(name, choice(q, right, textbook_states), rfc);
        case QuestionKind::Numbers:
            return tr("%1: seq is the number of its own next byte, ack the next byte it expects from its peer (%2).")
                .arg(choice(q, right, textbook_states), rfc);
        case QuestionKind::State:
            return tr("%1 goes from %2 to %3: %4 (%5).")
                .arg(name, Text::stateName(q.from, textbook_states), Text::stateName(right.state, textbook_states),
                     Text::causeText(q.cause), rfc);
        case QuestionKind::Timer:
            return tr("%1's %2 timer expires, %3 after it was set (%4).")
                .arg(name, Text::timerName(right.timer), Text::durationText(right.after), rfc);
        case QuestionKind::Receiver: return tr("%1 %2 (%3).").arg(name, receiverText(right.notice), rfc);
    }
    return {};
}

}  // namespace tcpviz::ui
