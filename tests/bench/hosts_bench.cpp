// The views of a lesson of hosts at 10,000 sockets (issue 16: "the sockets dock and the host
// chart redraw in ≤ 16 ms at 10,000 sockets"): a client opens 10,000 short connections at 1,000
// a second, so that about 10,000 of its sockets are in TIME-WAIT at 10 s, where the views are
// put (the cursor at the end of connection 9,999).
#include <QApplication>
#include <QEventLoop>
#include <QTableView>
#include <benchmark/benchmark.h>

#include <memory>

#include "ui/panels/sockets_panel.h"
#include "ui/session/session_model.h"
#include "ui/views/host_chart.h"
#include "ui/views/qcustomplot_include.h"

using namespace tcpviz;

namespace {

// The hosts of HostRun's default and of the lessons: "client" and "server", in that order.
constexpr core::HostId kClientHost = 0, kServerHost = 1;

struct Hosts {
    ui::SessionModel model;
    std::unique_ptr<ui::HostChart> chart;
    std::unique_ptr<ui::SocketsPanel> panel;
    std::size_t sockets = 0;

    Hosts() {
        core::HostScenario s;
        s.id = "bench";
        s.run.clients[0].connections = 10'000;
        s.run.clients[0].per_second = 1'000;
        s.run.horizon = 11'000'000;
        model.setHostScenario(s);
        QEventLoop wait;
        QObject::connect(&model, &ui::SessionModel::connectionChanged, &wait, &QEventLoop::quit);
        model.showConnection(9'999);
        if (model.isSwitchingConnection()) wait.exec();
        model.toEnd();
        chart = std::make_unique<ui::HostChart>(&model);
        chart->resize(1200, 500);
        chart->show();
        panel = std::make_unique<ui::SocketsPanel>(&model);
        panel->resize(900, 700);
        panel->show();
        QApplication::processEvents();
        panel->refresh();
        sockets = panel->rows().rows().size();
    }
};

Hosts& hosts() {
    static auto* h = new Hosts;   // lives until the process ends, after the QApplication's loop
    return *h;
}

// A cursor move: the sockets at the new time listed again, and the table's viewport painted.
void BM_SocketsDockRedraw(benchmark::State& state) {
    Hosts& h = hosts();
    for (auto _ : state) {
        h.panel->refresh();
        h.panel->table()->viewport()->repaint();
    }
    state.counters["sockets"] = static_cast<double>(h.sockets);
}
BENCHMARK(BM_SocketsDockRedraw)->Unit(benchmark::kMillisecond);

// The chart built again (another host, a new lesson) and painted.
void BM_HostChartRebuild(benchmark::State& state) {
    Hosts& h = hosts();
    bool server = false;
    for (auto _ : state) {
        h.chart->setHost(server ? kServerHost : kClientHost);
        h.chart->plot()->replot(QCustomPlot::rpImmediateRefresh);
        server = !server;
    }
    state.counters["sockets"] = static_cast<double>(h.sockets);
    state.counters["points"] = h.chart->drawnPoints();
}
BENCHMARK(BM_HostChartRebuild)->Unit(benchmark::kMillisecond);

// A cursor move: the chart's line moved and the chart painted on screen.
void BM_HostChartRedraw(benchmark::State& state) {
    Hosts& h = hosts();
    h.chart->setHost(kClientHost);
    const int last = h.model.stepCount();
    int cursor = 0;
    for (auto _ : state) {
        h.model.setCursor(cursor);   // the chart follows it (HostChart::moveCursorLine)
        h.chart->plot()->repaint();
        cursor = cursor == last ? 0 : last;
    }
}
BENCHMARK(BM_HostChartRedraw)->Unit(benchmark::kMillisecond);

}  // namespace
