// Quiz mode in the window (issue 19): Q turns it on; the question of the cursor waits for its
// answer before its step is played, by click or key; the answer is scored in QSettings and
// explained with its RFC section, and the step plays; nothing of later steps is in sight while
// the quiz is on, and what it turned off comes back when it is off.
#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include "ui/panels/quiz_panel.h"
#include "ui/session/session_model.h"
#include "ui/shell/main_window.h"
#include "ui/shell/quiz_text.h"

using namespace tcpviz;

class QuizTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("tcpviz-quiz-test"));
        QSettings().clear();
    }

    void aQuestionWaitsForItsAnswerBeforeItsStep() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        ui::SessionModel* s = w.session();
        ui::QuizPanel* quiz = w.quizPanel();
        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("QuizDock"));
        QVERIFY(!dock->isVisible());
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Q);
        QVERIFY(w.isQuizMode());
        QTRY_VERIFY(dock->isVisible());
        QCOMPARE(s->cursor(), 0);
        QTRY_VERIFY(quiz->isPending());   // found on a worker thread
        QCOMPARE(quiz->questionText(), QStringLiteral("When the next segment reaches Server, which state does it enter?"));
        QCOMPARE(quiz->choiceTexts().size(), 4);
        // Next does not play the step while the question is open.
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(s->cursor(), 0);
        // The right key: scored, explained, the step played.
        const core::Question q = *quiz->current();
        QTest::keyClick(&w, static_cast<Qt::Key>(Qt::Key_1 + static_cast<int>(q.answer)));
        QCOMPARE(s->cursor(), 1);
        QVERIFY2(quiz->resultText().startsWith(QStringLiteral("✓")), qPrintable(quiz->resultText()));
        QVERIFY(quiz->resultText().contains(QString::fromStdString(q.rfc)));
        QCOMPARE(quiz->lessonScore().right, 1);
        QCOMPARE(quiz->lessonScore().asked, 1);
        // A wrong click: scored as such, the right answer named, the step played.
        QVERIFY(quiz->isPending());
        const core::Question second = *quiz->current();
        const int wrong = second.answer == 0 ? 1 : 0;
        QTest::mouseClick(w.findChild<ui::ChoiceLabel*>(QStringLiteral("QuizChoice%1").arg(wrong + 1)), Qt::LeftButton);
        QCOMPARE(s->cursor(), 2);
        QVERIFY(quiz->resultText().startsWith(QStringLiteral("✗")));
        QCOMPARE(quiz->lessonScore().right, 1);
        QCOMPARE(quiz->lessonScore().asked, 2);
        QCOMPARE(ui::QuizPanel::overallScore().asked, 2);
        // Skipped: explained, not scored.
        QVERIFY(quiz->isPending());
        w.findChild<QPushButton*>(QStringLiteral("QuizSkip"))->click();
        QCOMPARE(s->cursor(), 3);
        QVERIFY(quiz->resultText().startsWith(QStringLiteral("Skipped")));
        QCOMPARE(quiz->lessonScore().asked, 2);
        // The score outlives the window.
        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("quiz/lesson/handshake/asked")).toInt(), 2);
    }

    // Presenting: the question with a countdown and no score; the teacher's next step reveals
    // the answer, unscored, and plays the step.
    void presentingRevealsOnTheTeachersKey() {
        ui::MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        w.setQuizMode(true);
        w.setPresenting(true);
        ui::QuizPanel* quiz = w.quizPanel();
        QTRY_VERIFY(quiz->isPending());
        QVERIFY(quiz->isPresenting());
        QVERIFY(w.findChild<QDockWidget*>(QStringLiteral("QuizDock"))->isVisible());
        QCOMPARE(quiz->secondsLeft(), ui::QuizPanel::kCountdownSeconds);
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("QuizCountdown"))->isVisible());
        QVERIFY(!w.findChild<QLabel*>(QStringLiteral("QuizScore"))->isVisible());
        const int asked = quiz->lessonScore().asked;
        const core::Question q = *quiz->current();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Space);
        QCOMPARE(w.session()->cursor(), 1);
        QVERIFY2(quiz->resultText().startsWith(QStringLiteral("Answer: ")), qPrintable(quiz->resultText()));
        QVERIFY(quiz->resultText().contains(ui::QuizText::choice(q, q.choices[q.answer])));
        QCOMPARE(quiz->lessonScore().asked, asked);
        // The next question gets its own countdown.
        QTRY_VERIFY(quiz->isPending());
        QCOMPARE(quiz->secondsLeft(), ui::QuizPanel::kCountdownSeconds);
        w.setPresenting(false);
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("QuizScore"))->isVisible());
    }

    void nothingOfLaterStepsIsInSightWhileTheQuizIsOn() {
        ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("teardown")));
        // Off, no question is looked for.
        QVERIFY(w.quizPanel()->questions().empty());
        auto* faded = w.findChild<QAction*>(QStringLiteral("fadedAction"));
        QVERIFY(faded);
        faded->setChecked(true);
        w.session()->setGranularity(core::StepGranularity::Event);
        w.setQuizMode(true);
        QCOMPARE(w.session()->granularity(), core::StepGranularity::Segment);
        QVERIFY(!faded->isChecked());
        QVERIFY(!faded->isEnabled());
        QTRY_VERIFY(!w.quizPanel()->questions().empty());
        // Every question is asked where its answer's event is not shown yet.
        for (const core::Question& q : w.quizPanel()->questions())
            QVERIFY(w.session()->steps().eventsVisibleAt(q.cursor) <= q.event);
        w.setQuizMode(false);
        QCOMPARE(w.session()->granularity(), core::StepGranularity::Event);
        QVERIFY(faded->isChecked());
        QVERIFY(faded->isEnabled());
    }
};

QTEST_MAIN(QuizTest)
#include "quiz_test.moc"
