// The event log: one row per event shown (or, later steps faded, per event); selecting a row
// moves the cursor, and the cursor moves the current row.
#include <QHeaderView>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTest>

#include "ui/panels/event_log.h"
#include "ui/session/session_model.h"

using namespace tcpviz;

namespace {

// The rows' texts in one column.
QStringList column(const ui::EventLogModel* m, int c) {
    QStringList texts;
    for (int r = 0; r < m->rowCount(); ++r) texts << m->index(r, c).data().toString();
    return texts;
}

}  // namespace

class EventLogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void listsEveryEventInWords() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
        QCOMPARE(session.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        session.toEnd();
        const ui::EventLogModel* m = view.logModel();
        QCOMPARE(m->rowCount(), static_cast<int>(session.trace().events.size()));
        QCOMPARE(m->columnCount(), static_cast<int>(ui::EventLogModel::ColumnCount));
        auto text = [&](int row, int column) { return m->index(row, column).data().toString(); };
        // Row 4: A sends the SYN in step 1, at 10 ms.
        QCOMPARE(text(4, ui::EventLogModel::StepColumn), QStringLiteral("1"));
        QCOMPARE(text(4, ui::EventLogModel::TimeColumn), QStringLiteral("0.010 s"));
        QCOMPARE(text(4, ui::EventLogModel::EndpointColumn), QStringLiteral("A (Client)"));
        QCOMPARE(text(4, ui::EventLogModel::WhatColumn), QStringLiteral("sends SYN"));
        QCOMPARE(text(4, ui::EventLogModel::SegmentColumn), QStringLiteral("SYN=1, seq=x"));
        QCOMPARE(text(4, ui::EventLogModel::StateColumn), QStringLiteral("SYN-SENT"));
        QCOMPARE(text(10, ui::EventLogModel::WhatColumn), QStringLiteral("receives SYN,ACK"));
        QCOMPARE(text(11, ui::EventLogModel::WhatColumn), QStringLiteral("SYN-SENT → ESTABLISHED (rcv SYN,ACK)"));
        QCOMPARE(text(11, ui::EventLogModel::StateColumn), QStringLiteral("SYN-SENT → ESTABLISHED"));
        QCOMPARE(text(5, ui::EventLogModel::WhatColumn), QStringLiteral("retransmission timer starts (1 s)"));
        QCOMPARE(text(12, ui::EventLogModel::WhatColumn), QStringLiteral("retransmission timer stops"));
        m->headerData(0, Qt::Horizontal);
        view.logModel()->setNotation(core::Notation::Rfc);
        QCOMPARE(text(4, ui::EventLogModel::SegmentColumn), QStringLiteral("<SEQ=100><CTL=SYN>"));
    }

    void namesLossesNoticesAndTimers() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
        QCOMPARE(session.load(QStringLiteral("lost-syn")), ui::SessionModel::LoadStatus::Loaded);
        session.toEnd();
        QStringList what;
        for (int r = 0; r < view.logModel()->rowCount(); ++r)
            what << view.logModel()->index(r, ui::EventLogModel::WhatColumn).data().toString();
        QVERIFY(what.contains(QStringLiteral("SYN is lost (scripted fault)")));
        QVERIFY(what.contains(QStringLiteral("retransmission timer expires")));
        QVERIFY(what.contains(QStringLiteral("retransmits SYN (timeout)")));
        QCOMPARE(session.load(QStringLiteral("refused")), ui::SessionModel::LoadStatus::Loaded);
        session.toEnd();
        what.clear();
        for (int r = 0; r < view.logModel()->rowCount(); ++r)
            what << view.logModel()->index(r, ui::EventLogModel::WhatColumn).data().toString();
        QVERIFY(what.contains(QStringLiteral("receives RST,ACK — connection refused")));
    }

    void selectingARowMovesTheCursor() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
        view.logModel()->setFutureSteps(ui::FutureSteps::Faded);   // later rows can be picked
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(session.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        QCOMPARE(session.cursor(), 0);
        // Row 10, the SYN,ACK arriving, is in step 2.
        view.selectRow(10);
        QCOMPARE(session.cursor(), 2);
        QCOMPARE(view.currentIndex().row(), 10);   // the row picked stays picked
        // A click on a row of step 3.
        const QRect cell = view.visualRect(view.logModel()->index(15, ui::EventLogModel::WhatColumn));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(session.cursor(), 3);
        QCOMPARE(view.currentIndex().row(), 15);
    }

    void theCurrentRowFollowsTheCursor() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
        QCOMPARE(session.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        session.setCursor(1);
        QCOMPARE(view.currentIndex().row(), 9);    // the last event of step 1
        session.next();
        QCOMPARE(view.currentIndex().row(), 13);
        session.toStart();
        QVERIFY(!view.selectionModel()->hasSelection());
        // The current step's rows are highlighted.
        session.setCursor(1);
        const auto* m = view.logModel();
        QVERIFY(!m->index(3, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(m->index(3, 0).data(Qt::BackgroundRole).isValid());
        session.toEnd();
        session.setGranularity(core::StepGranularity::Event);
        QCOMPARE(m->index(12, ui::EventLogModel::StepColumn).data().toString(), QStringLiteral("13"));
    }

    // In a narrow dock, following the cursor scrolls down, never sideways: the step and the
    // time columns stay in sight.
    void followingTheCursorKeepsTheFirstColumnsInSight() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
        view.resize(260, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(session.load(QStringLiteral("data-loss")), ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(view.horizontalScrollBar()->maximum() > 0);
        for (int step = 1; step <= 9; ++step) {
            session.setCursor(step);
            QCOMPARE(view.horizontalScrollBar()->value(), 0);
        }
        QVERIFY(view.verticalScrollBar()->value() > 0);
    }

    // Issue 14: at step 0 the log listed every later event, "SYN-SENT → ESTABLISHED" among them,
    // while the diagram hid them. By default (later steps hidden) it lists only what the cursor
    // shows.
    void theLongestStateChangeFitsItsColumn() {
        // Issue 14: "rcv ACK of S…" was cut off. Every state change of the teardown and the
        // handshake fits the column, in the bold the log draws them in.
        ui::SessionModel session;
        ui::EventLogView view(&session);
        QFont bold = view.font();
        bold.setBold(true);
        const QFontMetrics fm(bold);
        for (const char* lesson : {"handshake", "teardown", "simultaneous-close"}) {
            QCOMPARE(session.load(QString::fromLatin1(lesson)), ui::SessionModel::LoadStatus::Loaded);
            view.logModel()->setFutureSteps(ui::FutureSteps::Faded);
            for (int r = 0; r < view.logModel()->rowCount(); ++r) {
                const QString what = view.logModel()->index(r, ui::EventLogModel::WhatColumn).data().toString();
                if (!what.contains(QStringLiteral("→"))) continue;
                QVERIFY2(fm.horizontalAdvance(what) + 8 <= view.horizontalHeader()->sectionSize(ui::EventLogModel::WhatColumn),
                         qPrintable(what));
            }
        }
    }

    void laterStepsAreHiddenByDefault() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(session.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        ui::EventLogModel* m = view.logModel();
        QCOMPARE(m->futureSteps(), ui::FutureSteps::Hidden);
        QCOMPARE(session.cursor(), 0);
        QCOMPARE(m->rowCount(), 0);
        QVERIFY(!m->index(11, ui::EventLogModel::StateColumn).isValid());

        // Each step adds its rows, and only those: the same texts as the whole log's first rows.
        ui::SessionModel whole;
        ui::EventLogModel all(&whole);
        all.setFutureSteps(ui::FutureSteps::Faded);
        QCOMPARE(whole.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        QCOMPARE(all.rowCount(), static_cast<int>(whole.trace().events.size()));
        const QString established = QStringLiteral("SYN-SENT → ESTABLISHED");
        const int establishedRow = static_cast<int>(column(&all, ui::EventLogModel::StateColumn).indexOf(established));
        QVERIFY(establishedRow > 0);
        for (int k = 1; k <= session.stepCount(); ++k) {
            session.next();
            const int visible = static_cast<int>(session.visibleEvents());
            QCOMPARE(m->rowCount(), visible);
            QCOMPARE(column(m, ui::EventLogModel::WhatColumn), column(&all, ui::EventLogModel::WhatColumn).mid(0, visible));
            QCOMPARE(column(m, ui::EventLogModel::StateColumn).contains(established), establishedRow < visible);
            for (int r = 0; r < m->rowCount(); ++r)   // every row listed is shown: none in grey
                QVERIFY(m->index(r, ui::EventLogModel::WhatColumn).data(Qt::ForegroundRole) != QColor(0xA0, 0xA0, 0xA0));
            QCOMPARE(view.currentIndex().row(), visible - 1);   // the step's last row is current
        }
        // Back: the rows go again, and the cursor stays where it was sent.
        session.setCursor(1);
        QCOMPARE(session.cursor(), 1);
        QCOMPARE(m->rowCount(), static_cast<int>(session.visibleEvents()));
        QVERIFY(!column(m, ui::EventLogModel::StateColumn).contains(established));
        QCOMPARE(view.currentIndex().row(), m->rowCount() - 1);
        session.toStart();
        QCOMPARE(m->rowCount(), 0);
        QVERIFY(!view.selectionModel()->hasSelection());

        // Clicking a row still moves the cursor back.
        session.toEnd();
        const QModelIndex row4 = m->index(4, ui::EventLogModel::WhatColumn);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.visualRect(row4).center());
        QCOMPARE(session.cursor(), 1);
        QCOMPARE(m->rowCount(), static_cast<int>(session.visibleEvents()));
        QCOMPARE(view.currentIndex().row(), 4);

        // A new granularity keeps the rows to what is shown.
        session.setGranularity(core::StepGranularity::Event);
        QCOMPARE(m->rowCount(), static_cast<int>(session.visibleEvents()));
        session.next();
        QCOMPARE(m->rowCount(), static_cast<int>(session.visibleEvents()));
    }

    // Later steps faded: every row is there, the later ones in grey; moving the cursor turns
    // them black.
    void fadedShowsLaterRowsInGrey() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
        QCOMPARE(session.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        ui::EventLogModel* m = view.logModel();
        m->setFutureSteps(ui::FutureSteps::Faded);
        const int events = static_cast<int>(session.trace().events.size());
        QCOMPARE(m->rowCount(), events);
        const auto grey = [&](int row) {
            return m->index(row, ui::EventLogModel::WhatColumn).data(Qt::ForegroundRole) == QColor(0xA0, 0xA0, 0xA0);
        };
        for (int k = 0; k <= session.stepCount(); ++k) {
            session.setCursor(k);
            QCOMPARE(m->rowCount(), events);
            for (int r = 0; r < events; ++r)
                QVERIFY2(grey(r) == (static_cast<std::size_t>(r) >= session.visibleEvents()),
                         qPrintable(QStringLiteral("step %1 row %2").arg(k).arg(r)));
        }
        QCOMPARE(m->index(11, ui::EventLogModel::StateColumn).data().toString(), QStringLiteral("SYN-SENT → ESTABLISHED"));
        // Hidden again: the later rows go.
        session.setCursor(1);
        m->setFutureSteps(ui::FutureSteps::Hidden);
        QCOMPARE(m->rowCount(), static_cast<int>(session.visibleEvents()));
        QVERIFY(m->rowCount() < events);
        m->setFutureSteps(ui::FutureSteps::Faded);
        QCOMPARE(m->rowCount(), events);
        QVERIFY(grey(events - 1));
    }
};

QTEST_MAIN(EventLogTest)
#include "event_log_test.moc"
