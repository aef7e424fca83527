// Speed of the sequence diagram (issue 6): a full 1920x1080 viewport of the diagram renders in
// at most 8 ms, and a trace of 100,000 segments no more than 1.5x slower than one of 100 —
// the diagram draws only what is visible. Runs offscreen.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <map>
#include <memory>

#include "core/scenario/scenario.h"
#include "ui/views/sequence_diagram.h"
#include "ui/session/session_model.h"

using namespace tcpviz;

namespace {

// A long transfer: the handshake, then `segments` segments of data and their ACKs. The window
// is eight segments, so both sizes draw the same picture per screen: bursts of eight.
core::Scenario transfer(std::int64_t segments) {
    const std::int64_t bytes = std::max<std::int64_t>(1, (segments - 3) / 2) * 536;
    return core::parseScenario(R"({"format": "tcpviz-scenario/1", "id": "bulk",
        "title": {"en": "Bulk transfer"}, "horizon_ms": 100000000, "tcp": {"window": 4288},
        "script": [{"at_ms": 0, "endpoint": "B", "call": "listen"},
                   {"at_ms": 10, "endpoint": "A", "call": "connect"},
                   {"at_ms": 200, "endpoint": "A", "call": "send", "bytes": )" +
                               std::to_string(bytes) + "}]}");
}

struct Diagram {
    ui::SessionModel model;
    ui::SequenceDiagramScene scene{&model};
    ui::SequenceDiagramView view{&scene};

    explicit Diagram(std::int64_t segments) {
        scene.setAnimationsEnabled(false);
        view.resize(1920, 1080);
        view.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        view.setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        model.setScenario(transfer(segments));
        model.toEnd();   // everything shown
        view.setZoom(1.0);
        view.show();
        QApplication::processEvents();
    }
    // Scroll positions spread over the middle of the trace.
    [[nodiscard]] std::vector<int> positions(int count) const {
        const QScrollBar* bar = view.verticalScrollBar();
        const int lo = bar->minimum() + (bar->maximum() - bar->minimum()) / 3;
        const int span = std::max(1, std::min(bar->maximum() - lo, 1080 * 4));
        std::vector<int> out;
        for (int i = 0; i < count; ++i) out.push_back(lo + span * i / count);
        return out;
    }
};

// Built once per size; destroyed before the QApplication.
std::map<std::int64_t, std::unique_ptr<Diagram>>& diagrams() {
    static std::map<std::int64_t, std::unique_ptr<Diagram>> cache;
    return cache;
}

Diagram& diagram(std::int64_t segments) {
    auto& d = diagrams()[segments];
    if (!d) d = std::make_unique<Diagram>(segments);
    return *d;
}

// What scrolling costs: the view's viewport painted at a new position.
void BM_ViewportFrame(benchmark::State& state) {
    Diagram& d = diagram(state.range(0));
    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    const std::vector<int> at = d.positions(16);
    for (int y : at) {   // warm up: labels measured and placed once
        d.view.verticalScrollBar()->setValue(y);
        d.view.viewport()->render(&image);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        d.view.verticalScrollBar()->setValue(at[i++ % at.size()]);
        d.view.viewport()->render(&image);
        benchmark::DoNotOptimize(image.constBits());
    }
    state.counters["segments"] = static_cast<double>(d.model.trace().segments.size());
    state.counters["events"] = static_cast<double>(d.model.trace().events.size());
}
BENCHMARK(BM_ViewportFrame)->Arg(100)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The export path: QGraphicsScene::render of the visible rectangle.
void BM_SceneRenderOfViewport(benchmark::State& state) {
    Diagram& d = diagram(state.range(0));
    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    const std::vector<int> at = d.positions(16);
    std::vector<QRectF> rects;
    for (int y : at) {
        d.view.verticalScrollBar()->setValue(y);
        rects.push_back(d.view.mapToScene(d.view.viewport()->rect()).boundingRect());
    }
    for (const QRectF& r : rects) {
        QPainter p(&image);
        d.scene.render(&p, QRectF(image.rect()), r);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        image.fill(Qt::white);
        QPainter p(&image);
        d.scene.render(&p, QRectF(image.rect()), rects[i++ % rects.size()]);
        p.end();
        benchmark::DoNotOptimize(image.constBits());
    }
    state.counters["segments"] = static_cast<double>(d.model.trace().segments.size());
}
BENCHMARK(BM_SceneRenderOfViewport)->Arg(100)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Loading: simulation, steps, labels and the layout of the whole trace.
void BM_LoadTrace(benchmark::State& state) {
    const core::Scenario s = transfer(state.range(0));
    for (auto _ : state) {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        model.setScenario(s);
        benchmark::DoNotOptimize(scene.layout().height());
    }
}
BENCHMARK(BM_LoadTrace)->Arg(100)->Arg(3'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

void releaseExportBenchFixtures();   // export_bench.cpp

int main(int argc, char** argv) {
    // Offscreen: no display needed, the same raster engine as on screen.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    diagrams().clear();
    releaseExportBenchFixtures();
    return 0;
}
