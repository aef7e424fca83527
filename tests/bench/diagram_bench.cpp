// Speed of the sequence diagram (issue 6): a full 1920x1080 viewport of the diagram renders in
// at most 8 ms, and a trace of 100,000 segments no more than 1.5x slower than one of 100 —
// the diagram draws only what is visible. Placing the labels of 10,000 crossing arrows, so that
// none overlaps another, takes at most 200 ms, and in a small screen's geometry about 1.5x the
// time of the large one's (issue 14). Runs offscreen.
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

// The handshake, then A sends `bytes` with the endpoints' `tcp` options.
core::Scenario sending(const std::string& id, const std::string& title, const std::string& tcp, std::int64_t bytes) {
    return core::parseScenario(R"({"format": "tcpviz-scenario/1", "id": ")" + id + R"(",
        "title": {"en": ")" + title + R"("}, "horizon_ms": 100000000, "tcp": )" + tcp + R"(,
        "script": [{"at_ms": 0, "endpoint": "B", "call": "listen"},
                   {"at_ms": 10, "endpoint": "A", "call": "connect"},
                   {"at_ms": 200, "endpoint": "A", "call": "send", "bytes": )" +
                               std::to_string(bytes) + "}]}");
}

// A long transfer: the handshake, then `segments` segments of data and their ACKs. The window
// is eight segments, so both sizes draw the same picture per screen: bursts of eight.
core::Scenario transfer(std::int64_t segments) {
    const std::int64_t bytes = std::max<std::int64_t>(1, (segments - 3) / 2) * 536;
    return sending("bulk", "Bulk transfer", R"({"window": 4288})", bytes);
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

// --- labels (issue 14) ---

// What made a 300-byte scenario take a minute to export: a transfer in one-byte segments (MSS 1),
// the window wide open. Slow start sends bursts of hundreds of parallel data segments, and each
// ACK coming back crosses the data still in flight: about one and a half arrows per byte, and
// hundreds of crossings per arrow.
core::Scenario oneByteSegments(std::int64_t bytes) {
    return sending("one-byte-segments", "One-byte segments", R"({"mss": 1})", bytes);
}

// The diagram of a transfer, and what placing its labels takes, as the diagram asks for it: the
// layout as the trace's times say, each label measured in the forms it may take, and the
// diagram's geometry.
struct Crowd {
    ui::SessionModel model;
    ui::SequenceDiagramScene scene{&model};
    std::vector<ui::LabelRequest> labels;
    ui::LabelSpace space;
    std::int64_t crossings = 0;

    explicit Crowd(const core::Scenario& s, ui::DiagramGeometry geometry = ui::DiagramGeometry::Figure) {
        scene.setAnimationsEnabled(false);
        scene.setGeometry(geometry);
        model.setScenario(s);
        labels = scene.labelRequests();
        space = scene.labelSpace();
        // Pairs of arrows that cross: opposite directions, meeting between the lifelines.
        const ui::DiagramLayout& l = scene.unwidenedLayout();
        for (const ui::ArrowRow& a : l.arrows()) {
            if (a.from != core::Side::A || a.lost) continue;
            l.forArrowsIn(a.y0, a.y1, [&](const ui::ArrowRow& b) {
                if (b.from == core::Side::A || b.lost) return;
                // With t from A (0) to B (1), A→B is at a.y0 + (a.y1 - a.y0) t, B→A at b.y1 - (b.y1 - b.y0) t.
                const double d = (a.y1 - a.y0) + (b.y1 - b.y0);
                const double t = d > 0 ? (b.y1 - a.y0) / d : -1;
                crossings += t > 0 && t < 1;
            });
        }
    }
};

// Built once per workload; destroyed before the QApplication.
std::map<std::pair<int, std::int64_t>, std::unique_ptr<Crowd>>& crowds() {
    static std::map<std::pair<int, std::int64_t>, std::unique_ptr<Crowd>> cache;
    return cache;
}

// 0: one-byte segments, `size` bytes; 1: the bulk transfer above, `size` segments; 2 and 3: the
// same in a small screen's window (ui::DiagramGeometry::SmallScreen).
Crowd& crowd(int kind, std::int64_t size) {
    auto& c = crowds()[{kind, size}];
    if (!c)
        c = std::make_unique<Crowd>(kind % 2 == 1 ? transfer(size) : oneByteSegments(size),
                                    kind >= 2 ? ui::DiagramGeometry::SmallScreen : ui::DiagramGeometry::Figure);
    return *c;
}

// Placing every label (ui::placeLabels): where it costs least, along its arrow, beside a lifeline
// or in a row widened for it, so that none overlaps another, a cross or a state box.
void placeLabelsOf(benchmark::State& state, int kind) {
    Crowd& c = crowd(kind, state.range(0));
    if (c.labels.size() < 10'000) state.SkipWithError("fewer than 10,000 arrows");
    ui::LabelLayout placed;
    for (auto _ : state) {
        state.PauseTiming();
        ui::DiagramLayout layout = c.scene.unwidenedLayout();
        state.ResumeTiming();
        placed = ui::placeLabels(layout, c.labels, c.space);
        benchmark::DoNotOptimize(placed.placements.data());
    }
    state.counters["arrows"] = static_cast<double>(c.labels.size());
    state.counters["crossings"] = static_cast<double>(c.crossings);
    state.counters["widened"] = static_cast<double>(placed.widened);
}
// 6,700 bytes in one-byte segments: 10,000 arrows and more.
void BM_PlaceLabelsOneByteSegments(benchmark::State& state) { placeLabelsOf(state, 0); }
BENCHMARK(BM_PlaceLabelsOneByteSegments)->Arg(6'700)->Unit(benchmark::kMillisecond);
// Bursts of eight data segments, each crossed by the ACKs coming back.
void BM_PlaceLabelsBulk(benchmark::State& state) { placeLabelsOf(state, 1); }
BENCHMARK(BM_PlaceLabelsBulk)->Arg(14'000)->Unit(benchmark::kMillisecond);
// The same 10,000 one-byte arrows as a 1024×768 window draws them: larger labels, closer
// lifelines, more of them crowded (issue 14 asks 12 px there): about a fifth find no room along
// their arrows and the crowd is placed again in rows.
void BM_PlaceLabelsCompact(benchmark::State& state) { placeLabelsOf(state, 2); }
BENCHMARK(BM_PlaceLabelsCompact)->Arg(6'700)->Unit(benchmark::kMillisecond);
// A big trace: the bulk transfer of BM_LoadTrace's largest size, 75,000 arrows, in the small
// screen's geometry, where most pairs of labels need rows widened between them, round after round.
void BM_PlaceLabelsCompactBulk(benchmark::State& state) { placeLabelsOf(state, 3); }
BENCHMARK(BM_PlaceLabelsCompactBulk)->Arg(100'000)->Unit(benchmark::kMillisecond);

// What switching the labels' notation costs the diagram: every label written, measured and
// placed again, and the scene resized to the widened layout.
void BM_RelabelDiagram(benchmark::State& state) {
    Crowd& c = crowd(0, state.range(0));
    bool relative = false;
    for (auto _ : state) {
        relative = !relative;
        c.scene.setNotation(relative ? core::Notation::Relative : core::Notation::Textbook);
        benchmark::DoNotOptimize(c.scene.diagramRect());
    }
    state.counters["arrows"] = static_cast<double>(c.scene.layout().arrows().size());
    state.counters["widened"] = c.scene.widenedRows();
}
BENCHMARK(BM_RelabelDiagram)->Arg(6'700)->Unit(benchmark::kMillisecond);

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
    crowds().clear();
    releaseExportBenchFixtures();
    return 0;
}
