// The event log: one row per event; selecting a row moves the cursor, and the cursor moves the
// current row.
#include <QStandardPaths>
#include <QTest>

#include "ui/panels/event_log.h"
#include "ui/session/session_model.h"

using namespace tcpviz;

class EventLogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void listsEveryEventInWords() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
        QCOMPARE(session.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
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
        QStringList what;
        for (int r = 0; r < view.logModel()->rowCount(); ++r)
            what << view.logModel()->index(r, ui::EventLogModel::WhatColumn).data().toString();
        QVERIFY(what.contains(QStringLiteral("SYN is lost (scripted fault)")));
        QVERIFY(what.contains(QStringLiteral("retransmission timer expires")));
        QVERIFY(what.contains(QStringLiteral("retransmits SYN (timeout)")));
        QCOMPARE(session.load(QStringLiteral("refused")), ui::SessionModel::LoadStatus::Loaded);
        what.clear();
        for (int r = 0; r < view.logModel()->rowCount(); ++r)
            what << view.logModel()->index(r, ui::EventLogModel::WhatColumn).data().toString();
        QVERIFY(what.contains(QStringLiteral("receives RST,ACK — connection refused")));
    }

    void selectingARowMovesTheCursor() {
        ui::SessionModel session;
        ui::EventLogView view(&session);
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
        // Rows not yet shown are greyed; the current step's are highlighted.
        session.setCursor(1);
        const auto* m = view.logModel();
        QVERIFY(m->index(12, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(!m->index(3, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(m->index(3, 0).data(Qt::BackgroundRole).isValid());
        session.setGranularity(core::StepGranularity::Event);
        QCOMPARE(m->index(12, ui::EventLogModel::StepColumn).data().toString(), QStringLiteral("13"));
    }
};

QTEST_MAIN(EventLogTest)
#include "event_log_test.moc"
