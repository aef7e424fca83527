// A lesson of hosts in the window (issue 16): the host chart and the sockets dock come with it,
// the connection picker, a socket's row and a click on the chart show another connection in
// the views of one connection, and what-if editing is off, with a word why.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include "core/sim/host_series.h"
#include "ui/export/export_figure.h"
#include "ui/panels/capacity_panel.h"
#include "ui/panels/link_panel.h"
#include "ui/panels/sockets_panel.h"
#include "ui/session/session_model.h"
#include "ui/shell/main_window.h"
#include "ui/views/host_chart.h"
#include "ui/views/qcustomplot_include.h"

using namespace tcpviz;

namespace {

// The hosts of HostRun's default and of the lessons: "client" and "server", in that order.
constexpr core::HostId kClientHost = 0, kServerHost = 1;

// Opens a lesson of hosts as the library does (in the background) and waits for it.
bool openLesson(ui::MainWindow& w, const QString& id) {
    QSignalSpy finished(&w, &ui::MainWindow::openFinished);
    if (!w.openScenario(id)) return false;
    return finished.wait(20000) && finished.at(0).at(0).toBool();
}

bool waitForConnection(ui::SessionModel* s, std::uint32_t id) {
    if (s->connection() == id && !s->isSwitchingConnection()) return true;
    QSignalSpy changed(s, &ui::SessionModel::connectionChanged);
    return changed.wait(20000) && s->connection() == id;
}

}  // namespace

class MainWindowHostsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aLessonOfHostsBringsItsDocksAndTurnsEditingOff() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* host_dock = w.findChild<QDockWidget*>(QStringLiteral("HostChartDock"));
        auto* sockets_dock = w.findChild<QDockWidget*>(QStringLiteral("SocketsDock"));
        QVERIFY(host_dock && sockets_dock);
        QVERIFY(!host_dock->isVisible());   // a lesson of two endpoints has none
        QVERIFY(openLesson(w, QStringLiteral("syn-flood-cookies")));
        const ui::HostSession* h = w.session()->hosts();
        QVERIFY(h);
        QVERIFY(host_dock->isVisible());
        QVERIFY(sockets_dock->isVisible());
        // The connection shown first is the first client's, not one of the flood's spoofed SYNs.
        const auto& list = h->outcome.connections;
        QVERIFY(w.session()->connection() < list.size());
        QVERIFY(!list[w.session()->connection()].spoofed);
        QCOMPARE(w.session()->trace().endpoints[0].port, list[w.session()->connection()].a.port);
        QVERIFY(!w.session()->isEmpty());
        // No what-if edits: the actions are off, and Ctrl+D says why instead of doing anything.
        for (const char* name : {"editLessonAction", "swapSidesAction", "dropNextAction", "resimulateAction"}) {
            auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
            QVERIFY2(a && !a->isEnabled(), name);
        }
        QVERIFY(!w.dropNextSegment());
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("two endpoints")));
        QVERIFY(!w.linkPanel()->isEnabled());
        // Back to a lesson of two endpoints: the docks go, editing comes back.
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        QVERIFY(!w.session()->hosts());
        QVERIFY(!host_dock->isVisible());
        QVERIFY(w.findChild<QAction*>(QStringLiteral("editLessonAction"))->isEnabled());
        QVERIFY(w.linkPanel()->isEnabled());
    }

    void thePickerARowAndTheChartEachShowAConnection() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openLesson(w, QStringLiteral("accept-queue-overflow")));
        ui::SessionModel* s = w.session();
        const auto& list = s->hosts()->outcome.connections;
        QCOMPARE(list.size(), std::size_t{100});
        auto* panel = w.findChild<ui::SocketsPanel*>();
        QVERIFY(panel);
        // The picker.
        panel->connectionPicker()->setValue(42);
        QVERIFY(waitForConnection(s, 42));
        QCOMPARE(s->trace().endpoints[0].port, list[42].a.port);
        QCOMPARE(s->cursor(), 0);
        // The sockets at the cursor: as many as the host chart's series counts then, the listener
        // first on the server.
        panel->setHost(kServerHost);
        s->toEnd();
        const core::TimeUs t = panel->time();
        const auto counts = s->hosts()->series[static_cast<std::size_t>(kServerHost)].at(t);
        std::uint32_t open = 0;
        for (std::uint32_t n : counts) open += n;
        QCOMPARE(panel->rows().rowCount(), static_cast<int>(open) + 1);
        QVERIFY(panel->rows().rows().front().listener);
        panel->setStateFilter(core::State::Established);
        for (const core::SocketRow& r : panel->rows().rows()) QCOMPARE(r.state, core::State::Established);
        panel->setStateFilter(std::nullopt);
        // A row's connection, on activation (double-click, Enter).
        int row = -1;
        for (int i = 0; i < panel->rows().rowCount() && row < 0; ++i)
            if (!panel->rows().rows()[static_cast<std::size_t>(i)].listener &&
                panel->rows().rows()[static_cast<std::size_t>(i)].connection != 42)
                row = i;
        if (row >= 0) {
            const std::uint32_t id = panel->rows().rows()[static_cast<std::size_t>(row)].connection;
            Q_EMIT panel->table()->activated(panel->rows().index(row, 0));
            QVERIFY(waitForConnection(s, id));
            QCOMPARE(panel->connectionPicker()->value(), static_cast<int>(id));
        }
        // A click on the chart: the connection whose socket changed state nearest that time.
        auto* chart = w.findChild<ui::HostChart*>();
        QVERIFY(chart);
        chart->window()->findChild<QDockWidget*>(QStringLiteral("HostChartDock"))->raise();
        QTRY_VERIFY(chart->isVisible());
        chart->setHost(kClientHost);
        QCustomPlot* plot = chart->plot();
        const double at = 9.0;   // s: late connections, that got in only on a SYN retransmission
        const QPoint pixel(static_cast<int>(plot->xAxis->coordToPixel(at)), static_cast<int>(plot->yAxis->coordToPixel(1)));
        QSignalSpy clicked(chart, &ui::HostChart::connectionClicked);
        QTest::mouseClick(plot, Qt::LeftButton, {}, pixel);
        QCOMPARE(clicked.size(), 1);
        const auto picked = clicked.at(0).at(0).value<std::uint32_t>();
        QVERIFY(waitForConnection(s, picked));
        // Its socket did change state near there.
        bool near = false;
        for (const core::SocketChange& c : s->hosts()->outcome.changes)
            near = near || (c.connection == picked && std::abs(static_cast<double>(c.time) / 1e6 - at) < 0.5);
        QVERIFY(near);
        // The chart's line follows the cursor of the connection shown.
        s->toEnd();
        QTRY_COMPARE(chart->cursorTime(), static_cast<double>(s->trace().events.back().time) / 1e6);
    }

    // max-connections: the calculator beside it starts from the lesson's hosts, names the limit
    // that binds (the server's descriptors), and follows what is typed.
    void theConnectionCalculatorStartsFromTheLesson() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openLesson(w, QStringLiteral("max-connections")));
        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("CapacityDock"));
        QVERIFY(dock && dock->isVisibleTo(&w));
        dock->raise();
        auto* calc = w.findChild<ui::CapacityPanel*>();
        QVERIFY(calc);
        QCOMPARE(calc->input().fd_limit, std::uint64_t{1024});
        QCOMPARE(calc->input().client_ports, std::uint64_t{28'232});
        QCOMPARE(calc->result().binding, core::CapacityLimit::Descriptors);
        QCOMPARE(calc->result().limit, 1023.0);
        QVERIFY(calc->findChild<QLabel*>(QStringLiteral("CapacityVerdict"))->text().contains(QStringLiteral("1,023")));
        if (const QByteArray out = qgetenv("TCPVIZ_SHOT"); !out.isEmpty()) {
            QTRY_VERIFY(calc->isVisible());
            calc->window()->grab().save(QString::fromLocal8Bit(out));
        }
        core::CapacityInput in = calc->input();
        in.fd_limit = 1'000'000;
        calc->setInput(in);
        QCOMPARE(calc->result().binding, core::CapacityLimit::ClientPorts);
        QCOMPARE(calc->result().limit, 28'232.0);
    }

    void theChartShowsThePileUpAndItsLimits() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openLesson(w, QStringLiteral("time-wait-pileup")));
        auto* chart = w.findChild<ui::HostChart*>();
        QTRY_VERIFY(chart->isVisible());
        QCOMPARE(chart->host(), kClientHost);   // the host whose sockets pile up
        QVERIFY(chart->bandNames().contains(QStringLiteral("TIME-WAIT")));
        QCOMPARE(chart->limitNames().size(), 2);   // the port range and the descriptors
        // At 58 s every ephemeral port is held (all but a few in TIME-WAIT).
        QVERIFY2(std::abs(chart->totalAt(58.0) - 28'232) < 0.01 * 28'232, qPrintable(QString::number(chart->totalAt(58.0))));
        // However many sockets, a bounded number of points is drawn.
        QVERIFY(chart->drawnPoints() <= 12 * (ui::HostChart::kMaxPoints + 1));
    }

    // A QUIC lesson's hosts hold no TCP socket (issue 18): the chart says so over a plot as wide
    // as any, on a time axis of the lesson's length, not of a microsecond (an empty legend once
    // squeezed the plot to a sliver, its ticks piled up).
    void aHostWithoutTcpSocketsSaysSoOverAWholePlot() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openLesson(w, QStringLiteral("quic-handshake")));
        auto* chart = w.findChild<ui::HostChart*>();
        w.findChild<QDockWidget*>(QStringLiteral("HostChartDock"))->raise();
        QTRY_VERIFY(chart->isVisible());
        QVERIFY(chart->bandNames().isEmpty());
        QCPItemText* empty = nullptr;
        for (int i = 0; i < chart->plot()->itemCount(); ++i)
            if (auto* t = qobject_cast<QCPItemText*>(chart->plot()->item(i)); t && !t->text().isEmpty()) empty = t;
        QVERIFY(empty);
        QCOMPARE(empty->text(), QStringLiteral("This host holds no TCP connection."));
        QVERIFY(chart->plot()->xAxis->range().upper >= 1.0);
        chart->plot()->replot();
        QVERIFY2(chart->plot()->axisRect()->width() > chart->plot()->width() / 2,
                 qPrintable(QStringLiteral("%1 of %2").arg(chart->plot()->axisRect()->width()).arg(chart->plot()->width())));
        // A TCP lesson after it brings its legend back under the plot.
        QVERIFY(openLesson(w, QStringLiteral("time-wait-pileup")));
        QTRY_VERIFY(!chart->bandNames().isEmpty());
        QVERIFY(chart->plot()->plotLayout()->hasElement(1, 0));
        QVERIFY(chart->plot()->legend->visible());
    }

    // A lesson of four hosts: the chart and the dock offer each of them, the lesson's own first;
    // another host's choice shows that host's sockets, with their unread and unsent bytes.
    void everyHostOfALessonCanBeChosen() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openLesson(w, QStringLiteral("time-wait-on-server")));
        const ui::HostSession* h = w.session()->hosts();
        QVERIFY(h);
        const core::HostId server = *h->scenario.run.hostNamed("server");
        const core::HostId far = *h->scenario.run.hostNamed("client-3");
        auto* chart = w.findChild<ui::HostChart*>();
        QTRY_VERIFY(chart->isVisible());
        auto* chart_box = chart->findChild<QComboBox*>(QStringLiteral("HostChartHost"));
        QCOMPARE(chart_box->count(), 4);
        QCOMPARE(chart->host(), server);   // the lesson's focus
        QVERIFY(chart_box->currentText().contains(QStringLiteral("198.51.100.7")));
        QVERIFY(chart->bandNames().contains(QStringLiteral("TIME-WAIT")));
        QVERIFY(chart->totalAt(50.0) > 17'000);
        chart->setHost(far);
        QVERIFY(chart_box->currentText().contains(QStringLiteral("client-3")));
        // File → Export… of the sockets draws the host the chart shows.
        QCOMPARE(w.figureStyle().host, std::optional<core::HostId>(far));
        ui::ExportScenes scenes(*w.session(), w.session()->cursor(), w.figureStyle());
        QVERIFY(scenes.figure(ui::FigureView::Sockets, true, true).subtitle.contains(QStringLiteral("client-3")));
        QVERIFY(!chart->bandNames().contains(QStringLiteral("TIME-WAIT")));   // the server closes first
        QVERIFY(chart->totalAt(50.0) < 100);

        auto* panel = w.findChild<ui::SocketsPanel*>();
        QVERIFY(panel);
        auto* sockets_box = panel->findChild<QComboBox*>(QStringLiteral("SocketsHost"));
        QCOMPARE(sockets_box->count(), 4);
        QCOMPARE(sockets_box->currentData().toInt(), static_cast<int>(server));
        panel->setHost(far);
        QCOMPARE(sockets_box->currentData().toInt(), static_cast<int>(far));
        for (const core::SocketRow& r : panel->rows().rows()) QCOMPARE(r.host, far);
    }

    // A server restarted: the chart marks when it stopped and when it listened again, and the
    // range reaches the listening again although no socket changes then.
    void theChartMarksAServersStopAndRestart() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openLesson(w, QStringLiteral("server-restart-eaddrinuse")));
        auto* chart = w.findChild<ui::HostChart*>();
        QTRY_VERIFY(chart->isVisible());
        QCOMPARE(chart->markNames(), (QStringList{QStringLiteral("server stopped"), QStringLiteral("listening again")}));
        QVERIFY(chart->bandNames().contains(QStringLiteral("TIME-WAIT")));
        QVERIFY(chart->totalAt(30.0) > 50);   // the old connections' TIME-WAITs on port 80
        // However small the dock, no two of the chart's words meet (the limit's moves aside).
        QVERIFY(openLesson(w, QStringLiteral("server-restart-reuseaddr")));
        for (const QSize size : {QSize(1200, 600), QSize(500, 260), QSize(360, 200)}) {
            chart->resize(size);
            auto* plot = chart->findChild<QCustomPlot*>(QStringLiteral("HostChartPlot"));
            plot->replot(QCustomPlot::rpImmediateRefresh);
            const auto& boxes = chart->labelBoxes();
            const QString at = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
            // Stop, restart and the descriptor limit; in a dock too small for them, those that fit.
            QVERIFY2(boxes.size() == 3 || size.height() < 260, qPrintable(at));
            const QRectF area = plot->axisRect()->rect();
            for (std::size_t i = 0; i < boxes.size(); ++i) {
                QVERIFY2(area.contains(boxes[i]), qPrintable(at));
                for (std::size_t j = 0; j < i; ++j) QVERIFY2(!boxes[i].intersects(boxes[j]), qPrintable(at));
            }
        }
    }
};

QTEST_MAIN(MainWindowHostsTest)
#include "main_window_hosts_test.moc"
