// Speed of exports (issue 8): a 30-segment diagram to SVG in under 50 ms and to PNG at 4x in
// under 200 ms. Part of ui_bench, whose main (diagram_bench.cpp) runs offscreen.
//
// The PNG is drawn on this thread and encoded on a second one (ui::writePng): its real time is
// the figure to compare with the target; its CPU time is this thread's, the drawing's.
#include <benchmark/benchmark.h>

#include <QBuffer>
#include <QImage>
#include <memory>
#include <string>

#include "core/scenario/scenario.h"
#include "ui/export/export_figure.h"
#include "ui/export/exporter.h"
#include "ui/session/session_model.h"

using namespace tcpviz;

namespace {

// The handshake, 13 data segments and their ACKs (one per segment: window of one segment),
// and the teardown: about 30 segments.
core::Scenario thirtySegments() {
    return core::parseScenario(R"({"format": "tcpviz-scenario/1", "id": "export-bench",
        "title": {"en": "Export benchmark"}, "horizon_ms": 100000, "tcp": {"window": 536},
        "script": [{"at_ms": 0, "endpoint": "B", "call": "listen"},
                   {"at_ms": 10, "endpoint": "A", "call": "connect"},
                   {"at_ms": 200, "endpoint": "A", "call": "send", "bytes": 6968},
                   {"at_ms": 2000, "endpoint": "A", "call": "close"},
                   {"at_ms": 2500, "endpoint": "B", "call": "close"}]})");
}

struct ExportFixture {
    ui::SessionModel source;
    std::unique_ptr<ui::ExportScenes> scenes;
    ui::Figure figure;
    ExportFixture() {
        source.setScenario(thirtySegments());
        source.toEnd();
        scenes = std::make_unique<ui::ExportScenes>(source, source.stepCount(), ui::FigureStyle{});
        // Without the key: the figure these benchmarks have always measured.
        figure = scenes->figure(ui::FigureView::Sequence, true, false);
        figure.title = source.title();
    }
};

std::unique_ptr<ExportFixture>& fixtureSlot() {
    static std::unique_ptr<ExportFixture> f;
    return f;
}

ExportFixture& fixture() {
    auto& f = fixtureSlot();
    if (!f) f = std::make_unique<ExportFixture>();
    return *f;
}

void BM_ExportSvg(benchmark::State& state) {
    ExportFixture& f = fixture();
    benchmark::DoNotOptimize(ui::renderSvg(f.figure).size());   // warm up: fonts, labels
    for (auto _ : state) {
        const QByteArray svg = ui::renderSvg(f.figure);
        benchmark::DoNotOptimize(svg.constData());
    }
    state.counters["segments"] = static_cast<double>(f.source.trace().segments.size());
}
BENCHMARK(BM_ExportSvg)->Unit(benchmark::kMillisecond);

void BM_ExportPng4x(benchmark::State& state) {
    ExportFixture& f = fixture();
    std::size_t bytes_written = 0;
    {   // warm up: fonts and glyphs at 4x
        QBuffer warm_up;
        warm_up.open(QIODevice::WriteOnly);
        benchmark::DoNotOptimize(ui::writePng(f.figure, {.scale = 4}, &warm_up));
    }
    for (auto _ : state) {
        // What a .png export does: draw strips and encode them as they come (ui::writePng).
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!ui::writePng(f.figure, {.scale = 4}, &buffer)) state.SkipWithError("writePng failed");
        bytes_written = static_cast<std::size_t>(bytes.size());
        benchmark::DoNotOptimize(bytes.constData());
    }
    state.counters["bytes"] = static_cast<double>(bytes_written);
    state.counters["segments"] = static_cast<double>(f.source.trace().segments.size());
    const QSizeF size = ui::figureSize(f.figure) * 4;
    state.counters["width"] = size.width();
    state.counters["height"] = size.height();
}
BENCHMARK(BM_ExportPng4x)->Unit(benchmark::kMillisecond)->UseRealTime();

// The drawing alone, in one piece, without the PNG encoder (Copy diagram does this at 1x).
void BM_ExportPng4xRenderOnly(benchmark::State& state) {
    ExportFixture& f = fixture();
    for (auto _ : state) {
        const QImage image = ui::renderPng(f.figure, {.scale = 4});
        benchmark::DoNotOptimize(image.constBits());
    }
}
BENCHMARK(BM_ExportPng4xRenderOnly)->Unit(benchmark::kMillisecond);

}  // namespace

// Called by ui_bench's main before the QApplication goes.
void releaseExportBenchFixtures() { fixtureSlot().reset(); }
