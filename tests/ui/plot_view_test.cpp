// The congestion-window plot and the time–sequence graph (issue 13): they show the trace's
// series up to the session's cursor, hide or fade what comes later, move the cursor when a point
// is clicked, offer the other sender when both sent data, and export as they look.
#include <QComboBox>
#include <QImage>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "core/scenario/scenario.h"
#include "core/trace/plot_data.h"
#include "ui/export/export_dialog.h"
#include "ui/export/export_figure.h"
#include "ui/export/exporter.h"
#include "ui/session/session_model.h"
#include "ui/views/congestion_plot.h"
#include "ui/views/diagram_style.h"
#include "ui/views/qcustomplot_include.h"
#include "ui/views/sequence_plot.h"

using namespace tcpviz;

namespace {

// data-loss with the server sending `bytes` back once the client's data is in.
core::Scenario dataLossWithReply(std::uint32_t bytes) {
    core::Scenario s = *core::resolveScenario("data-loss");
    s.script.push_back({.at_ms = 700, .what = core::ScriptCall{.endpoint = core::Side::B,
                                                               .call = core::CallKind::Send, .bytes = bytes}});
    return s;
}

// The event of the first fast retransmission of the client's data.
std::size_t fastRetransmission(const core::Trace& t) {
    const core::SequenceSeries s = core::sequenceSeries(t, core::Side::A);
    for (const core::SequenceMark& m : s.retransmissions)
        if (m.kind == core::Retransmission::Fast) return m.event;
    return 0;
}

// How many pixels of `image` are `color`, give or take a little (antialiasing).
int pixelsOf(const QImage& image, QColor color) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) + std::abs(c.blue() - color.blue()) < 24)
                ++n;
        }
    return n;
}

template <typename Plot>
struct Shown {
    ui::SessionModel model;
    Plot plot{&model};
    explicit Shown(const QString& scenario = QStringLiteral("data-loss")) {
        plot.resize(900, 600);
        plot.show();
        if (!QTest::qWaitForWindowExposed(&plot)) throw std::runtime_error("not exposed");
        if (model.load(scenario) != ui::SessionModel::LoadStatus::Loaded) throw std::runtime_error("no scenario");
        model.toEnd();
        // Lay the plot out, so that its axes map data to pixels.
        plot.plot()->replot();
    }
};

}  // namespace

class PlotViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { ui::style::setColors(ui::style::lightColors()); }

    void congestionPlotShowsTheWindowAndThePhases() {
        Shown<ui::CongestionPlot> s;
        QCOMPARE(s.plot.side(), core::Side::A);
        QVERIFY(!s.plot.canChooseSide());
        const QStringList legend = s.plot.legendNames();
        for (const char* name : {"cwnd", "ssthresh", "bytes in flight", "peer's window",
                                 "slow start", "fast recovery", "congestion avoidance"})
            QVERIFY2(legend.join(QLatin1Char('|')).contains(QLatin1String(name)), name);
        // The peer's 65,535 bytes would squash a window of a few kilobytes: it leaves the top.
        QVERIFY(legend.join(QLatin1Char('|')).contains(QStringLiteral("off the top")));
        // No timeout in data-loss: its phase is not explained.
        QVERIFY(!legend.contains(QStringLiteral("recovery after a timeout")));
        QVERIFY(s.plot.shownPoints() > 0);
        QCOMPARE(s.plot.fadedPoints(), 0);
        QVERIFY(s.plot.caption().contains(QStringLiteral("A (Client)")));
        QCOMPARE(s.plot.plot()->xAxis->label(), QStringLiteral("Time (s)"));
        QCOMPARE(s.plot.plot()->yAxis->label(), QStringLiteral("Bytes"));
    }

    void sequencePlotShowsSegmentsRetransmissionsAndLosses() {
        Shown<ui::SequencePlot> s;
        const QStringList legend = s.plot.legendNames();
        for (const char* name : {"data segment", "fast retransmission", "ACK line", "duplicate ACK", "lost on the way"})
            QVERIFY2(legend.join(QLatin1Char('|')).contains(QLatin1String(name)), name);
        QVERIFY(!legend.contains(QStringLiteral("sent again after a timeout")));
        // Every data segment, retransmission, ACK (twice: its line and its window), dup ACK and loss.
        const core::SequenceSeries series = core::sequenceSeries(s.model.trace(), core::Side::A);
        const auto expected = series.segments.size() + series.retransmissions.size() + 2 * series.acks.size() +
                              series.dup_acks.size() + series.losses.size();
        QCOMPARE(s.plot.shownPoints(), static_cast<int>(expected));
    }

    void theCursorLineFollowsTheCursor() {
        Shown<ui::SequencePlot> s;
        const core::Trace& t = s.model.trace();
        for (int cursor : {3, 10, s.model.stepCount() / 2, s.model.stepCount()}) {
            s.model.setCursor(cursor);
            const std::size_t visible = s.model.visibleEvents();
            QCOMPARE(s.plot.cursorTime(), static_cast<double>(t.events[visible - 1].time) / 1e6);
        }
        s.model.setCursor(0);
        QVERIFY(std::isnan(s.plot.cursorTime()));
        QCOMPARE(s.plot.shownPoints(), 0);
    }

    void hiddenFutureStepsHideLaterPoints() {
        Shown<ui::SequencePlot> s;
        const std::size_t fast = fastRetransmission(s.model.trace());
        QVERIFY(fast > 0);
        const int all = s.plot.shownPoints();
        const QPointF at = *s.plot.pointOfEvent(fast);
        QCOMPARE(s.plot.eventAt(at), std::optional<std::size_t>(fast));

        // Just before the retransmission: it is not drawn, and cannot be clicked.
        s.model.setCursor(s.model.stepOfEvent(fast) - 1);
        QVERIFY(s.model.visibleEvents() <= fast);
        QVERIFY(s.plot.shownPoints() < all);
        QCOMPARE(s.plot.fadedPoints(), 0);
        QVERIFY(!s.plot.eventAt(at));
        // Nothing drawn lies after the cursor line.
        const core::Trace& t = s.model.trace();
        const core::SequenceSeries series = core::sequenceSeries(t, core::Side::A);
        int before = 0;
        for (const auto& m : series.segments) before += m.event < s.model.visibleEvents();
        for (const auto& m : series.retransmissions) before += m.event < s.model.visibleEvents();
        for (const auto& a : series.acks) before += 2 * (a.event < s.model.visibleEvents());
        for (const auto& d : series.dup_acks) before += d.event < s.model.visibleEvents();
        for (const auto& l : series.losses) before += l.event < s.model.visibleEvents();
        QCOMPARE(s.plot.shownPoints(), before);

        // Faded: the later marks are there, pale, and a click on one goes there.
        s.plot.setFutureSteps(ui::FutureSteps::Faded);
        QVERIFY(s.plot.fadedPoints() > 0);
        QCOMPARE(s.plot.shownPoints(), before);
        QCOMPARE(s.plot.eventAt(at), std::optional<std::size_t>(fast));
        s.plot.setFutureSteps(ui::FutureSteps::Hidden);
        QCOMPARE(s.plot.fadedPoints(), 0);
    }

    void clickingAPointMovesTheCursorToItsStep() {
        Shown<ui::SequencePlot> s;
        const std::size_t fast = fastRetransmission(s.model.trace());
        const QPointF at = *s.plot.pointOfEvent(fast);
        QTest::mouseClick(s.plot.plot(), Qt::LeftButton, {}, at.toPoint());
        QCOMPARE(s.model.cursor(), s.model.stepOfEvent(fast));
        // A click where nothing is drawn leaves the cursor.
        const int cursor = s.model.cursor();
        const QRect area = s.plot.plot()->axisRect()->rect();
        QTest::mouseClick(s.plot.plot(), Qt::LeftButton, {}, area.topRight() + QPoint(-3, 3));
        QCOMPARE(s.model.cursor(), cursor);
    }

    void clickingTheWindowLineMovesTheCursorToo() {
        Shown<ui::CongestionPlot> s;
        const core::CwndSeries series = core::cwndSeries(s.model.trace(), core::Side::A);
        // A point in the middle of the cwnd line.
        const core::CwndPoint& p = series.points[series.points.size() / 2];
        const QPointF at(s.plot.plot()->xAxis->coordToPixel(static_cast<double>(p.time) / 1e6),
                         s.plot.plot()->yAxis->coordToPixel(*p.cwnd));
        QTest::mouseClick(s.plot.plot(), Qt::LeftButton, {}, at.toPoint());
        QVERIFY(s.model.cursor() < s.model.stepCount());
        QVERIFY(s.model.visibleEvents() > p.event);
    }

    void aHiddenPlotBuildsNothingUntilShown() {
        ui::SessionModel model;
        ui::CongestionPlot plot(&model);
        QVERIFY(model.load(QStringLiteral("data-loss")) == ui::SessionModel::LoadStatus::Loaded);
        model.toEnd();
        QCOMPARE(plot.plot()->plottableCount(), 0);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QVERIFY(plot.plot()->plottableCount() > 0);
        QVERIFY(plot.shownPoints() > 0);
        // Hidden again: cursor moves wait too.
        plot.hide();
        const int shown = plot.shownPoints();
        model.setCursor(5);
        QCOMPARE(plot.shownPoints(), shown);
        plot.show();
        QVERIFY(plot.shownPoints() < shown);
    }

    void bothSendersCanBeChosen() {
        ui::SessionModel model;
        ui::SequencePlot plot(&model);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        model.setScenario(dataLossWithReply(9000));
        model.toEnd();
        QVERIFY(plot.canChooseSide());
        // The server sent more.
        QCOMPARE(plot.side(), core::Side::B);
        auto* box = plot.findChild<QComboBox*>(QStringLiteral("PlotSideBox"));
        QVERIFY(box && box->isVisible());
        QCOMPARE(box->currentData().toInt(), static_cast<int>(core::Side::B));
        QVERIFY(plot.caption().contains(QStringLiteral("B (Server) → A (Client)")));
        const int server_points = plot.shownPoints();
        plot.setSide(core::Side::A);
        QCOMPARE(box->currentData().toInt(), static_cast<int>(core::Side::A));
        QVERIFY(plot.caption().contains(QStringLiteral("A (Client) → B (Server)")));
        QVERIFY(plot.shownPoints() != server_points);
        // A new lesson forgets the choice; one sender only: no selector.
        QVERIFY(model.load(QStringLiteral("data-loss")) == ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(!plot.canChooseSide());
        QVERIFY(!box->isVisible());
    }

    void theThemeColoursThePlot() {
        Shown<ui::CongestionPlot> s;
        ui::style::setColors(ui::style::darkColors());
        s.plot.applyTheme();
        const QImage dark = s.plot.plot()->toPixmap().toImage();
        QCOMPARE(dark.pixelColor(2, 2), ui::style::darkColors().paper);
        ui::style::setColors(ui::style::lightColors());
        s.plot.applyTheme();
        const QImage light = s.plot.plot()->toPixmap().toImage();
        QCOMPARE(light.pixelColor(2, 2), ui::style::lightColors().paper);
    }

    void exportsDrawThePlotInPrintColours() {
        ui::SessionModel model;
        QVERIFY(model.load(QStringLiteral("data-loss")) == ui::SessionModel::LoadStatus::Loaded);
        // Dark on screen; the export is drawn on white all the same.
        ui::style::setColors(ui::style::darkColors());
        ui::ExportScenes scenes(model, model.stepCount(), {});
        const ui::Figure cwnd = scenes.figure(ui::FigureView::Cwnd);
        QCOMPARE(cwnd.title, model.title());
        QVERIFY(cwnd.subtitle.contains(QStringLiteral("Congestion window")));
        const QImage image = ui::renderPng(cwnd);
        QCOMPARE(image.size(), ui::figureSize(cwnd).toSize());
        QVERIFY(image.width() > ui::ExportScenes::kPlotSize.width());
        QCOMPARE(image.pixelColor(image.width() / 2, 3), QColor(Qt::white));
        QVERIFY2(pixelsOf(image, ui::style::blue()) > 200, "the cwnd line");
        QCOMPARE(ui::style::colors(), ui::style::darkColors());

        const ui::Figure tsg = scenes.figure(ui::FigureView::Tsg, true, true);
        const QImage graph = ui::renderPng(tsg, {.scale = 2});
        QCOMPARE(graph.size(), (ui::figureSize(tsg) * 2).toSize());
        QVERIFY2(pixelsOf(graph, ui::style::bluishGreen()) > 50, "the fast retransmission");
        QVERIFY2(pixelsOf(graph, ui::style::vermillion()) > 30, "the loss");

        // Vector formats keep the words as text.
        const QByteArray svg = ui::renderSvg(tsg);
        QVERIFY(svg.contains("fast retransmission"));
        QVERIFY(svg.contains("Relative sequence number"));
        QVERIFY(ui::renderPdf(cwnd).startsWith("%PDF"));

        // Without the legend, nothing explains the marks.
        const QByteArray bare = ui::renderSvg(scenes.figure(ui::FigureView::Tsg, false, false));
        QVERIFY(!bare.contains("fast retransmission"));
        // The title is not drawn; only the document's <title> names the lesson.
        QCOMPARE(bare.count(model.title().toUtf8()), bare.count("<title>" + model.title().toUtf8() + "</title>"));
    }

    void anExportOfTwoSendersStacksBothPlots() {
        // tahoe-vs-reno: A sends with Tahoe, then B with Reno. The export shows both senders,
        // A over B, each with its caption, over one time axis.
        ui::SessionModel model;
        QVERIFY(model.load(QStringLiteral("tahoe-vs-reno")) == ui::SessionModel::LoadStatus::Loaded);
        ui::ExportScenes scenes(model, model.stepCount(), {});
        const ui::Figure both = scenes.figure(ui::FigureView::Cwnd);
        QCOMPARE(both.parts.size(), std::size_t{2});
        QVERIFY(both.stacked);
        QVERIFY(both.parts[0].caption.contains(QStringLiteral("of A")));
        QVERIFY(both.parts[0].caption.contains(QStringLiteral("Tahoe")));
        QVERIFY(both.parts[1].caption.contains(QStringLiteral("of B")));
        QVERIFY(both.parts[1].caption.contains(QStringLiteral("Reno")));
        const QSizeF size = ui::figureSize(both);
        QVERIFY(size.height() > 2 * ui::ExportScenes::kStackedPlotSize.height());
        QVERIFY(size.width() < 1.5 * ui::ExportScenes::kStackedPlotSize.width());
        const QByteArray svg = ui::renderSvg(both);
        QVERIFY(svg.contains("Congestion window of A"));
        QVERIFY(svg.contains("Congestion window of B"));

        // One sender: one plot, its caption as the subtitle.
        QVERIFY(model.load(QStringLiteral("slow-start")) == ui::SessionModel::LoadStatus::Loaded);
        ui::ExportScenes one(model, model.stepCount(), {});
        const ui::Figure single = one.figure(ui::FigureView::Cwnd);
        QCOMPARE(single.parts.size(), std::size_t{1});
        QVERIFY(!single.stacked);
        QVERIFY(single.subtitle.contains(QStringLiteral("Congestion window of A")));
    }

    void anExportUpToAStepHidesWhatComesLater() {
        ui::SessionModel model;
        QVERIFY(model.load(QStringLiteral("data-loss")) == ui::SessionModel::LoadStatus::Loaded);
        const std::size_t fast = fastRetransmission(model.trace());
        ui::ExportScenes before(model, model.stepOfEvent(fast) - 1, {});
        ui::ExportScenes after(model, model.stepCount(), {});
        const QImage early = ui::renderPng(before.figure(ui::FigureView::Tsg, false, false));
        const QImage late = ui::renderPng(after.figure(ui::FigureView::Tsg, false, false));
        QCOMPARE(pixelsOf(early, ui::style::bluishGreen()), 0);
        QVERIFY(pixelsOf(late, ui::style::bluishGreen()) > 20);
    }

    void theExportDialogOffersThePlots() {
        ui::SessionModel model;
        QVERIFY(model.load(QStringLiteral("data-loss")) == ui::SessionModel::LoadStatus::Loaded);
        ui::ExportDialog dialog(&model);
        for (ui::FigureView view : {ui::FigureView::Cwnd, ui::FigureView::Tsg}) {
            ui::ExportChoices c = dialog.choices();
            c.view = view;
            c.format = ui::ExportFormat::Png;
            c.scale = 1;
            dialog.setChoices(c);
            QCOMPARE(dialog.choices().view, view);
            QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("plot.png"));
            QString error;
            QVERIFY2(dialog.exportTo(path, &error), qPrintable(error));
            ui::ExportScenes scenes(model, model.stepCount(), {});
            QCOMPARE(QImage(path).size(), ui::figureSize(scenes.figure(view, c.title, c.legend)).toSize());
            QCOMPARE(ui::figureViewFromName(ui::figureViewName(view)), std::optional(view));
        }
    }
};

QTEST_MAIN(PlotViewTest)
#include "plot_view_test.moc"
