// Side by side in the window (issue 18): handshake-rtts brings a second tab beside the sequence
// diagram with its six runs on one time axis and their round trips counted; the boxes pick the
// runs without simulating again; the delay and loss sliders simulate every run again off the UI
// thread, the newest values only; an export draws what the tab shows; a lesson without runs has
// no tab.
#include <QCheckBox>
#include <QPushButton>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSlider>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>
#include <cmath>

#include "ui/export/export_figure.h"
#include "ui/session/session_model.h"
#include "ui/shell/main_window.h"
#include "ui/views/side_by_side.h"

using namespace tcpviz;

namespace {

bool openLesson(ui::MainWindow& w, const QString& id) {
    QSignalSpy finished(&w, &ui::MainWindow::openFinished);
    if (!w.openScenario(id)) return false;
    return finished.wait(20000) && finished.at(0).at(0).toBool();
}

bool waitForRuns(ui::SideBySideView* v) {
    if (!v->isSimulating() && v->scene()->runs()) return true;
    QSignalSpy simulated(v, &ui::SideBySideView::simulated);
    return simulated.wait(20000);
}

const QStringList kTitles{QStringLiteral("TCP"),          QStringLiteral("TCP + TLS 1.2"), QStringLiteral("TCP + TLS 1.3"),
                          QStringLiteral("TCP + TLS 1.3 0-RTT"), QStringLiteral("QUIC"), QStringLiteral("QUIC 0-RTT")};
// Round trips before the first request byte, as the issue counts them; the answer one later.
const std::vector<double> kBeforeRequest{1, 3, 2, 1, 1, 0};

}  // namespace

class SideBySideTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handshakeRttsBringsItsRunsInATabAndALessonWithoutRunsNone() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTabWidget* tabs = w.centreTabs();
        QVERIFY(tabs->tabBar()->isHidden());   // the default lesson has two endpoints
        QVERIFY(openLesson(w, QStringLiteral("handshake-rtts")));
        QVERIFY(tabs->tabBar()->isVisible());
        QCOMPARE(tabs->tabText(1), QStringLiteral("Side by side"));
        tabs->setCurrentIndex(1);
        ui::SideBySideView* side = w.sideBySide();
        QVERIFY(waitForRuns(side));
        QCOMPARE(side->findChildren<QCheckBox*>().size(), 6);
        const ui::SideBySideScene* scene = side->scene();
        QCOMPARE(scene->columnTitles(), kTitles);
        for (int c = 0; c < kTitles.size(); ++c) {
            const auto [request, answer] = scene->columnRtts(c);
            QCOMPARE(request, kBeforeRequest[static_cast<std::size_t>(c)]);
            QCOMPARE(answer, kBeforeRequest[static_cast<std::size_t>(c)] + 1);
        }
        // The arrows say what each flight carries: plain HTTP's request goes with the
        // handshake's ACK; TLS 1.2's server flight is one arrow; QUIC's first datagram, a hello.
        QVERIFY(scene->arrowLabels(0).contains(QStringLiteral("ACK + request, 120 bytes")));
        QVERIFY(scene->arrowLabels(1).contains(QStringLiteral("ServerHello, Certificate, ServerKeyEx, HelloDone")));
        QCOMPARE(scene->arrowLabels(4).value(0), QStringLiteral("Initial: ClientHello"));
        // The columns stand side by side, and one round trip is as tall in each.
        QVERIFY(scene->columnRect(1).left() >= scene->columnRect(0).right() - 0.5);
        QVERIFY(scene->yOf(200'000) > scene->yOf(100'000));

        // An export from the window draws what the tab shows: its runs, delay and loss.
        side->findChild<QCheckBox*>(QStringLiteral("SideBySideRun1"))->setChecked(false);
        const ui::FigureStyle style = w.figureStyle();
        QCOMPARE(style.runs, (std::vector<std::string>{"http", "tls13", "zero-rtt", "quic", "quic-0rtt"}));
        QCOMPARE(style.delay_ms, std::optional<double>(50));
        QCOMPARE(style.loss, std::optional<double>(0));

        // Back to a lesson of two endpoints (open when openScenario returns): no runs, no tab,
        // the diagram in front.
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        QVERIFY(tabs->tabBar()->isHidden());
        QCOMPARE(tabs->currentIndex(), 0);
        QVERIFY(!side->hasRuns());
    }

    void theBoxesPickTheRunsWithoutSimulatingAgain() {
        ui::SessionModel model;
        ui::SideBySideView side(&model);
        QSignalSpy changed(&side, &ui::SideBySideView::runsChanged);
        QCOMPARE(model.load(QStringLiteral("handshake-rtts")), ui::SessionModel::LoadStatus::Loaded);
        QCOMPARE(changed.size(), 1);
        QVERIFY(waitForRuns(&side));
        const core::SideBySide* runs = side.scene()->runs();
        side.findChild<QCheckBox*>(QStringLiteral("SideBySideRun0"))->setChecked(false);
        side.findChild<QCheckBox*>(QStringLiteral("SideBySideRun3"))->setChecked(false);
        QVERIFY(!side.isSimulating());
        QCOMPARE(side.scene()->runs(), runs);
        QCOMPARE(side.scene()->columnTitles(),
                 (QStringList{QStringLiteral("TCP + TLS 1.2"), QStringLiteral("TCP + TLS 1.3"), QStringLiteral("QUIC"),
                              QStringLiteral("QUIC 0-RTT")}));
        side.setShown({});
        QVERIFY(side.scene()->columnTitles().isEmpty());
        side.setShown({5, 4});
        QCOMPARE(side.scene()->columnTitles(), (QStringList{QStringLiteral("QUIC"), QStringLiteral("QUIC 0-RTT")}));
    }

    void theSlidersSimulateEveryRunAgainOffTheUiThread() {
        ui::SessionModel model;
        ui::SideBySideView side(&model);
        QCOMPARE(model.load(QStringLiteral("handshake-rtts")), ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(waitForRuns(&side));
        QCOMPARE(side.delayMs(), 50);   // the lesson's
        QCOMPARE(side.scene()->runs()->rtt, 100'000);
        // Three moves of the slider in a row: each returns at once, and only the newest value is
        // drawn in the end, after at most one simulation before it.
        QSignalSpy simulated(&side, &ui::SideBySideView::simulated);
        QElapsedTimer clock;
        clock.start();
        for (const int ms : {80, 90, 120}) side.setDelayMs(ms);
        QVERIFY(side.isSimulating());
        QVERIFY(simulated.wait(20000));
        if (side.isSimulating()) QVERIFY(simulated.wait(20000));
        QVERIFY(simulated.size() <= 2);
        QCOMPARE(side.scene()->runs()->rtt, 240'000);
        // The round trips counted stay what they were: each way costs round trips, not time.
        for (int c = 0; c < kTitles.size(); ++c)
            QCOMPARE(side.scene()->columnRtts(c).first, kBeforeRequest[static_cast<std::size_t>(c)]);
        // A lossy link: some flights are lost and drawn so.
        side.setLossPercent(20);
        QVERIFY(simulated.wait(20000));
        bool lost = false;
        for (int c = 0; c < kTitles.size(); ++c)
            for (const QString& label : side.scene()->arrowLabels(c)) lost = lost || label.endsWith(QStringLiteral("(lost)"));
        QVERIFY(lost);
        // "As in the lesson" brings its link back.
        side.findChild<QPushButton*>()->click();
        QCOMPARE(side.delayMs(), 50);
        QCOMPARE(side.lossPercent(), 0);
        QVERIFY(simulated.wait(20000));
        QCOMPARE(side.scene()->runs()->rtt, 100'000);
    }

    void anExportDrawsTheRunsAskedForOverTheLinkAskedFor() {
        ui::SessionModel model;
        QCOMPARE(model.load(QStringLiteral("handshake-rtts")), ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(ui::ExportScenes::refusal(model, model.stepCount(), ui::FigureView::SideBySide).isEmpty());
        ui::FigureStyle style;
        style.runs = {"quic", "tls12"};
        style.delay_ms = 30;
        ui::ExportScenes scenes(model, model.stepCount(), style);
        const ui::Figure figure = scenes.figure(ui::FigureView::SideBySide, true, true);
        QCOMPARE(figure.parts.size(), std::size_t{1});
        const auto* scene = dynamic_cast<const ui::SideBySideScene*>(figure.parts[0].scene);
        QVERIFY(scene);
        QCOMPARE(scene->columnTitles(), (QStringList{QStringLiteral("QUIC"), QStringLiteral("TCP + TLS 1.2")}));
        QCOMPARE(scene->runs()->rtt, 60'000);
        QVERIFY(figure.subtitle.contains(QStringLiteral("30 ms each way")));
        const QImage image = ui::renderPng(figure);
        QVERIFY(image.width() > 600 && image.height() > 600);

        ui::SessionModel plain;
        QCOMPARE(plain.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(!ui::ExportScenes::refusal(plain, plain.stepCount(), ui::FigureView::SideBySide).isEmpty());
    }
};

QTEST_MAIN(SideBySideTest)
#include "side_by_side_test.moc"
