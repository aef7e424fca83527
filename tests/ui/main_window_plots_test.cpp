// The Plots dock of the main window (issue 13): the congestion window and the time–sequence
// graph in two tabs, following the session and the View menu's settings.
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include "ui/session/session_model.h"
#include "ui/shell/main_window.h"
#include "ui/views/congestion_plot.h"
#include "ui/views/sequence_plot.h"

using namespace tcpviz;

namespace {

// The window on screen with its Plots dock in front (small screens start with it hidden).
bool showWithPlots(ui::MainWindow& w) {
    w.show();
    w.plotsDock()->show();
    w.plotsDock()->raise();
    if (!QTest::qWaitForWindowExposed(&w)) return false;
    return QTest::qWaitFor([&] { return w.plotTabs()->isVisible(); });
}

}  // namespace

class MainWindowPlotsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void theDockShowsTheSeriesOfTheLesson() {
        ui::MainWindow w;
        QDockWidget* dock = w.plotsDock();
        QVERIFY(dock);
        QCOMPARE(dock->objectName(), QStringLiteral("PlotsDock"));
        QCOMPARE(dock->windowTitle(), QStringLiteral("Plots"));
        QCOMPARE(w.plotTabs()->count(), 2);
        QCOMPARE(w.plotTabs()->tabText(0), QStringLiteral("Congestion window"));
        QCOMPARE(w.plotTabs()->tabText(1), QStringLiteral("Time–sequence"));
        // In the View menu, like the other docks.
        bool listed = false;
        for (QAction* menu : w.menuBar()->actions())
            if (menu->menu())
                for (QAction* a : menu->menu()->actions()) listed = listed || a == dock->toggleViewAction();
        QVERIFY(listed);

        QVERIFY(w.loadScenario(QStringLiteral("data-loss"), nullptr) == ui::MainWindow::Opened::Yes);
        w.session()->toEnd();
        w.show();
        // A tab beside the event log (on every screen since the compact layout shows it too):
        // View → Plots shows it when hidden, and brings it to the front.
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        if (!dock->isHidden()) dock->toggleViewAction()->trigger();
        QVERIFY(dock->isHidden());
        dock->toggleViewAction()->trigger();
        QVERIFY(!dock->isHidden());
        QTRY_VERIFY(w.plotTabs()->isVisible());
        QTRY_VERIFY(w.congestionPlot()->shownPoints() > 0);
        // The other tab is built when it is first shown.
        QCOMPARE(w.sequencePlot()->shownPoints(), 0);
        w.plotTabs()->setCurrentWidget(w.sequencePlot());
        QTRY_VERIFY(w.sequencePlot()->shownPoints() > 0);
        QVERIFY(w.sequencePlot()->legendNames().contains(QStringLiteral("fast retransmission")));

        // Both follow the cursor.
        w.session()->setCursor(8);
        const core::Trace& t = w.session()->trace();
        const double at = static_cast<double>(t.events[w.session()->visibleEvents() - 1].time) / 1e6;
        QCOMPARE(w.sequencePlot()->cursorTime(), at);
        w.plotTabs()->setCurrentWidget(w.congestionPlot());
        QCOMPARE(w.congestionPlot()->cursorTime(), at);
    }

    void laterStepsFadeInThePlotsToo() {
        ui::MainWindow w;
        QVERIFY(w.loadScenario(QStringLiteral("data-loss"), nullptr) == ui::MainWindow::Opened::Yes);
        QVERIFY(showWithPlots(w));
        w.plotTabs()->setCurrentWidget(w.sequencePlot());
        w.session()->setCursor(4);
        QCOMPARE(w.sequencePlot()->fadedPoints(), 0);
        w.setFutureSteps(ui::FutureSteps::Faded);
        QVERIFY(w.sequencePlot()->fadedPoints() > 0);
        w.setFutureSteps(ui::FutureSteps::Hidden);
        QCOMPARE(w.sequencePlot()->fadedPoints(), 0);
    }

    void aNewLessonReplacesTheSeries() {
        ui::MainWindow w;
        QVERIFY(showWithPlots(w));
        QVERIFY(w.loadScenario(QStringLiteral("handshake"), nullptr) == ui::MainWindow::Opened::Yes);
        w.session()->toEnd();
        w.plotTabs()->setCurrentWidget(w.sequencePlot());
        QVERIFY(w.sequencePlot()->legendNames().isEmpty());   // no data: nothing to explain
        QVERIFY(w.loadScenario(QStringLiteral("data-loss"), nullptr) == ui::MainWindow::Opened::Yes);
        w.session()->toEnd();
        QVERIFY(w.sequencePlot()->legendNames().contains(QStringLiteral("data segment")));
    }

    void presentationModeHidesThePlots() {
        ui::MainWindow w;
        QVERIFY(showWithPlots(w));
        w.setPresenting(true);
        QVERIFY(!w.plotsDock()->isVisible());
        w.setPresenting(false);
        QTRY_VERIFY(!w.plotsDock()->isHidden());
    }
};

QTEST_MAIN(MainWindowPlotsTest)
#include "main_window_plots_test.moc"
