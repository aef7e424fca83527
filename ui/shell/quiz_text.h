#pragma once
// The words of a quiz's questions (core/quiz/quiz.h), through tr(): the question, each choice,
// and the one-line explanation the reveal gives, with its RFC section. The command line's
// --print-quiz and the window's quiz say the same.
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "core/quiz/quiz.h"
#include "core/trace/trace.h"

namespace tcpviz::ui {

class QuizText {
    Q_DECLARE_TR_FUNCTIONS(tcpviz::ui::QuizText)
public:
    // "Which state does Server enter next?" (It names no state: at the cursor the one left may
    // not be shown yet.)
    static QString prompt(const core::Trace& t, const core::Question& q);
    static QString choice(const core::Question& q, const core::Choice& c, bool textbook_states = false);
    static QStringList choices(const core::Question& q, bool textbook_states = false);
    // "Server goes from LISTEN to SYN-RECEIVED: rcv SYN (RFC 9293 §3.10.7.2)."
    static QString explanation(const core::Trace& t, const core::Question& q, bool textbook_states = false);
};

}  // namespace tcpviz::ui
