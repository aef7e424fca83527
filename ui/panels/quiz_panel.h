#pragma once
// Quiz mode (issue 19): before each step that does something worth asking about, the question
// the trace itself poses (core::quizOf), its choices as buttons (or keys 1–4), and, once
// answered, whether it was right and why, with the RFC section; the window then plays the step
// that shows it. The score of each lesson and of all of them is kept in QSettings.
//
// The panel asks the question of the session's cursor; the window keeps the cursor from moving
// past a question still open (isPending()) and shows nothing of later steps while the quiz is on.
#include <QFutureWatcher>
#include <QLabel>
#include <QWidget>
#include <array>
#include <optional>
#include <vector>

#include "core/quiz/quiz.h"

class QPushButton;
class QTimer;

namespace tcpviz::ui {

class SessionModel;

// A choice of the quiz: a framed, word-wrapped line that answers when clicked (a button's text
// would not wrap in a narrow dock).
class ChoiceLabel : public QLabel {
    Q_OBJECT
public:
    explicit ChoiceLabel(QWidget* parent = nullptr);
Q_SIGNALS:
    void clicked();

protected:
    void mouseReleaseEvent(QMouseEvent* e) override;
};

class QuizPanel : public QWidget {
    Q_OBJECT
public:
    explicit QuizPanel(SessionModel* model, QWidget* parent = nullptr);

    // Turns the quiz on or off; on, the questions are found on a worker thread (a long trace's
    // are many), and questionsReady() says when they are there.
    void setActive(bool on);
    [[nodiscard]] bool isActive() const { return m_active; }
    // The questions of the trace shown.
    [[nodiscard]] const std::vector<core::Question>& questions() const { return m_quiz; }
    // The question asked at the cursor, if any (answered or not).
    [[nodiscard]] const core::Question* current() const;
    // A question waits at the cursor for its answer: the step may not be played yet.
    [[nodiscard]] bool isPending() const;
    // Answers the question at the cursor with choice `index` (0-based): scored, explained, and
    // revealRequested() asks the window to play the step. Nothing when none is pending.
    void answer(int index);
    // Gives up on the question at the cursor: explained, not scored.
    void skip();
    // Presenting (issue 19): the question big for the back row, a countdown while the class
    // thinks, no score; the teacher reveals the answer with a key (reveal()).
    void setPresenting(bool on);
    [[nodiscard]] bool isPresenting() const { return m_presenting; }
    // Shows the right answer and its explanation, unscored, and plays the step.
    void reveal();
    // The seconds the countdown gives a question, and those left (0: over, or none running).
    static constexpr int kCountdownSeconds = 30;
    [[nodiscard]] int secondsLeft() const { return m_seconds_left; }

    // The scores kept: right answers and questions answered, of this lesson and of all.
    struct Score {
        int right = 0, asked = 0;
    };
    [[nodiscard]] Score lessonScore() const;
    [[nodiscard]] static Score overallScore();

    // What the panel says (for tests): the question, the choices' words, the last explanation.
    [[nodiscard]] QString questionText() const;
    [[nodiscard]] QStringList choiceTexts() const;
    [[nodiscard]] QString resultText() const;

    void retranslate();
    void setTextbookStateNames(bool on);

Q_SIGNALS:
    // An answer was given (or the question skipped): play the step that shows it.
    void revealRequested();
    void questionsReady();

protected:
    void changeEvent(QEvent* e) override;

private:
    void rebuild();    // a new trace: its questions, found on a worker
    void adopt();      // ... and taken when they are
    void refresh();    // the cursor moved: the question there
    void record(bool right);
    [[nodiscard]] QString lessonKey() const;

    SessionModel* m_model;
    bool m_active = false;
    bool m_textbook = false;
    std::vector<core::Question> m_quiz;
    QFutureWatcher<std::vector<core::Question>> m_watcher;
    std::uint64_t m_generation = 0, m_computing = 0;
    std::vector<bool> m_answered;          // by question
    QLabel* m_heading;
    QLabel* m_question;
    std::array<ChoiceLabel*, 4> m_choices{};
    QPushButton* m_skip;
    QLabel* m_result;
    QLabel* m_score;
    QLabel* m_countdown;
    QTimer* m_tick;
    int m_seconds_left = 0;
    bool m_presenting = false;
    const core::Question* m_counting = nullptr;   // the question the countdown is for
    QString m_last_result;
};

}  // namespace tcpviz::ui
