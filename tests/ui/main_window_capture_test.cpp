// A capture in the window (issue 17): it opens from File → Open or a drop like a lesson, its
// connections are listed and each can be shown, its arrows are level on rows of their own, the
// inspector says what the capture says of a segment, what-if editing is off, and "Turn into a
// lesson" makes a lesson of it that can be edited.
#include <QAction>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QUrl>

#include <QStandardPaths>
#include <unistd.h>

#include "core/capture/capture_trace.h"
#include "ui/session/live_demo.h"
#include "ui/panels/capture_panel.h"
#include "ui/panels/segment_inspector.h"
#include "ui/session/session_model.h"
#include "ui/shell/main_window.h"
#include "ui/shell/text.h"
#include "ui/views/diagram_layout.h"

using namespace tcpviz;

namespace {

QString capture(const char* name) { return QStringLiteral(TCPVIZ_TEST_DATA "/captures/") + QLatin1String(name); }

bool waitOpened(ui::MainWindow& w, const std::function<void()>& open) {
    QSignalSpy finished(&w, &ui::MainWindow::openFinished);
    open();
    return finished.wait(20000) && finished.at(0).at(0).toBool();
}

// The window, its drop handler in reach (Qt routes a real drop only from a drag manager).
struct DropWindow : ui::MainWindow {
    using ui::MainWindow::dragEnterEvent;
    using ui::MainWindow::dropEvent;
};

QAction* action(ui::MainWindow& w, const char* name) { return w.findChild<QAction*>(QLatin1String(name)); }

}  // namespace

class MainWindowCaptureTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // `tcpviz --interop-demo` (as root): the live connection with the kernel is drawn as its
    // frames cross, each time at its newest step, and ends with the whole connection shown.
    void theInteropDemoDrawsTheLiveConnectionAsItGoes() {
        if (::geteuid() != 0) QSKIP("the interop demo needs root");
        ui::MainWindow w;
        w.resize(1280, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ui::SessionModel* s = w.session();
        std::vector<std::pair<int, int>> seen;   // (steps, cursor) at each frame adopted
        connect(&w, &ui::MainWindow::openFinished, &w, [&](bool ok, const QString&) {
            if (ok && s->capture()) seen.emplace_back(s->stepCount(), s->cursor());
        });
        w.startInteropDemo(std::chrono::milliseconds(300));
        QVERIFY(w.liveDemo() && w.liveDemo()->isRunning());
        QSignalSpy finished(w.liveDemo(), &ui::LiveDemo::finished);
        QVERIFY(finished.wait(20000));
        if (finished.at(0).at(1).toBool()) {
            // No namespace or TUN device here: the window says why, without blocking.
            QVERIFY(w.findChild<QMessageBox*>(QStringLiteral("liveDemoErrorBox")));
            QSKIP(qPrintable(finished.at(0).at(0).toString()));
        }
        QCOMPARE(finished.at(0).at(0).toString(), QString());
        // The last frames are opened after the end too.
        QTRY_VERIFY_WITH_TIMEOUT(!s->isOpening() && s->capture() && s->trace().segments.size() == 15, 10000);
        QVERIFY2(seen.size() >= 3, qPrintable(QString::number(seen.size())));   // drawn as it went, not once
        for (const auto& [steps, cursor] : seen) QCOMPARE(cursor, steps);   // at its newest step
        QVERIFY(seen.front().first < seen.back().first);
        QCOMPARE(s->cursor(), s->stepCount());
        const QStringList recent = w.recentFiles();
        QVERIFY(!recent.contains(w.liveDemo()->capturePath()));   // opened again and again: no recent file
    }

    void aCaptureOpensWithItsConnectionsAndEditingOff() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("CaptureDock"));
        QVERIFY(dock);
        QVERIFY(!dock->isVisible());   // a lesson has none
        QVERIFY(action(w, "turnIntoLessonAction") && !action(w, "turnIntoLessonAction")->isEnabled());

        QVERIFY(waitOpened(w, [&] { w.openScenario(capture("port-reuse.pcap")); }));
        ui::SessionModel* s = w.session();
        QVERIFY(s->capture());
        QVERIFY(dock->isVisible());
        QVERIFY(!s->isEditable());
        for (const char* name : {"editLessonAction", "dropNextAction", "resimulateAction", "swapSidesAction"})
            QVERIFY2(!action(w, name)->isEnabled(), name);
        QVERIFY(action(w, "turnIntoLessonAction")->isEnabled());
        auto* table = w.findChild<QTableView*>(QStringLiteral("CaptureConnections"));
        QVERIFY(table);
        QCOMPARE(table->model()->rowCount(), 2);   // the port used twice
        QCOMPARE(table->model()->index(0, ui::CaptureConnectionsModel::B).data().toString(), QStringLiteral("127.0.0.1:8080"));

        // Enter on a row (as a double-click) shows that connection: its own ISN.
        const std::uint32_t first_isn = s->trace().segment(1).segment.seq.value();
        QSignalSpy changed(s, &ui::SessionModel::connectionChanged);
        const QModelIndex second = table->model()->index(1, 0);
        table->setCurrentIndex(second);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Return);
        QVERIFY(changed.wait(20000));
        QCOMPARE(s->connection(), 1u);
        QVERIFY(s->trace().segment(1).segment.seq.value() != first_isn);

        // The inspector: the packet, and the checksum loopback left to a card it does not have.
        s->toEnd();
        s->setSelectedSegment(1);
        QVERIFY2(w.inspector()->summary().contains(QStringLiteral("packet ")), qPrintable(w.inspector()->summary()));
        QCOMPARE(w.inspector()->detail(ui::HeaderField::Checksum), ui::Text::checksumText(core::ChecksumCheck::Offloaded));
        QCOMPARE(w.inspector()->detail(ui::HeaderField::Window), QString());   // a SYN's window is never scaled
        s->setSelectedSegment(3);
        QCOMPARE(w.inspector()->detail(ui::HeaderField::Window),
                 QStringLiteral("× 1024 = %1").arg(qulonglong{s->trace().segment(3).segment.window} << 10));
    }

    // Each arrow is level, at its one timestamp, on a row of its own across both lifelines.
    void aCapturesArrowsAreLevelOnRowsOfTheirOwn() {
        const core::Trace t = core::traceOfCaptureFile(capture("retransmission.pcap").toStdString());
        const ui::DiagramLayout l = ui::DiagramLayout::build(t);
        QCOMPARE(l.arrows().size(), t.segments.size());
        double last = -1e300;
        for (const ui::ArrowRow& a : l.arrows()) {
            QCOMPARE(a.y1, a.y0);
            QVERIFY(a.y0 > last);
            last = a.y0;
        }
    }

    // A capture dropped on the window opens; "Turn into a lesson" makes a lesson of the
    // connection shown, with its numbers, that what-if edits can change.
    void aDroppedCaptureTurnsIntoALesson() {
        DropWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitOpened(w, [&] {
            QMimeData data;
            data.setUrls({QUrl::fromLocalFile(capture("handshake-teardown.pcap"))});
            QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
            w.dragEnterEvent(&enter);
            QVERIFY(enter.isAccepted());   // a file: taken
            QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
            w.dropEvent(&drop);
        }));
        ui::SessionModel* s = w.session();
        QVERIFY(s->capture());
        const std::uint32_t isn = s->trace().segment(1).segment.seq.value();
        action(w, "turnIntoLessonAction")->trigger();
        QVERIFY(!s->capture());
        QVERIFY(s->isEditable());
        QCOMPARE(s->scenario().endpoints[0].isn.at(0), isn);
        QCOMPARE(s->trace().segment(1).segment.seq.value(), isn);   // simulated, from the same ISN
        QVERIFY(!w.findChild<QDockWidget*>(QStringLiteral("CaptureDock"))->isVisible());
        QVERIFY(action(w, "dropNextAction")->isEnabled());
    }
};

QTEST_MAIN(MainWindowCaptureTest)
#include "main_window_capture_test.moc"
