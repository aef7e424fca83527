// The diagram's layout: y for every event, folded gaps, bursts drawn as parallel arrows, and
// viewport queries that visit only the rows on screen; rows widened, and labels placed so that
// none overlaps another, a cross or a state box, however little room there is.
#include <QTest>
#include <array>
#include <atomic>
#include <cmath>
#include <set>
#include <thread>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "ui/views/diagram_layout.h"

using namespace tcpviz;
using ui::DiagramLayout;

namespace {
core::Trace run(const char* id) { return core::simulate(*core::resolveScenario(id)); }

// A transfer in one-byte segments, the window wide open: bursts of hundreds of parallel arrows,
// each ACK coming back crossing the data still in flight (more than kStretchable at once).
core::Trace oneByteSegments(int bytes) {
    return core::simulate(core::parseScenario(
        R"({"format":"tcpviz-scenario/1","horizon_ms":100000000,"tcp":{"mss":1},)"
        R"("script":[{"at_ms":0,"endpoint":"B","call":"listen"},{"at_ms":10,"endpoint":"A","call":"connect"},)"
        R"({"at_ms":200,"endpoint":"A","call":"send","bytes":)" +
        std::to_string(bytes) + "}]}"));
}

// Labels as the scene asks for them, roughly: lost segments first, some with a short form.
std::vector<ui::LabelRequest> requests(const DiagramLayout& l, double width) {
    std::vector<ui::LabelRequest> labels(l.arrows().size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        labels[i].width = {width - 7.0 * static_cast<double>(i % 5), i % 3 == 0 ? width / 3 : 0, 0};
        labels[i].rank = l.arrows()[i].lost ? 0 : static_cast<std::uint8_t>(1 + i % 3);
    }
    return labels;
}

using Quad = std::array<std::array<double, 2>, 4>;

// Whether two convex quadrilaterals share more than an edge (separating axis test).
bool overlap(const Quad& a, const Quad& b) {
    for (const Quad* q : {&a, &b})
        for (std::size_t k = 0; k < 4; ++k) {
            const auto& p0 = (*q)[k];
            const auto& p1 = (*q)[(k + 1) % 4];
            const double ax = p0[1] - p1[1], ay = p1[0] - p0[0];
            const double len = std::hypot(ax, ay);
            if (len < 1e-9) continue;
            auto extent = [&](const Quad& r) {
                double lo = 1e300, hi = -1e300;
                for (const auto& c : r) {
                    const double d = (c[0] * ax + c[1] * ay) / len;
                    lo = std::min(lo, d);
                    hi = std::max(hi, d);
                }
                return std::pair{lo, hi};
            };
            const auto [a0, a1] = extent(a);
            const auto [b0, b1] = extent(b);
            if (std::min(a1, b1) - std::max(a0, b0) <= 0.01) return false;
        }
    return true;
}

Quad rect(double left, double top, double right, double bottom) {
    return {{{left, top}, {right, top}, {right, bottom}, {left, bottom}}};
}

// Where a placement puts a label, worked out here from the arrow as the diagram draws it: along
// the arrow read left to right, above it (or below), or level at the point it names.
Quad labelQuad(const ui::ArrowRow& a, const ui::LabelPlacement& at, double width, const ui::LabelSpace& sp) {
    const double h = sp.label_h;
    if (at.level) return rect(at.x - width / 2, at.y - h / 2, at.x + width / 2, at.y + h / 2);
    const double xs = a.from == core::Side::A ? sp.x_a : sp.x_b, xr = a.from == core::Side::A ? sp.x_b : sp.x_a;
    const double x1 = a.lost ? (xs + xr) / 2 : xr;
    const double ax = xs + (x1 - xs) * at.u, ay = a.y0 + (a.y1 - a.y0) * at.u;
    double ex = x1 - xs, ey = a.y1 - a.y0;
    if (ex < 0) {
        ex = -ex;
        ey = -ey;
    }
    const double len = std::hypot(ex, ey);
    ex /= len;
    ey /= len;
    const double nx = -ey, ny = ex;   // across, downwards
    const double v0 = at.below ? sp.offset + at.lift : -sp.offset - at.lift - h, v1 = v0 + h;
    Quad q;
    const double corners[4][2] = {{-width / 2, v0}, {width / 2, v0}, {width / 2, v1}, {-width / 2, v1}};
    for (int k = 0; k < 4; ++k)
        q[static_cast<std::size_t>(k)] = {ax + corners[k][0] * ex + corners[k][1] * nx,
                                          ay + corners[k][0] * ey + corners[k][1] * ny};
    return q;
}

ui::LabelSpace space() {
    ui::LabelSpace sp;
    sp.x_a = 400;
    sp.x_b = 1160;
    sp.label_h = 30;
    sp.box_left = {200, 1190};
    sp.box_w = 170;
    sp.box_h = 34;
    sp.initial_y = -44;
    return sp;
}

// The first thing a label overlaps (another label, a cross, a state box), described; empty if none.
std::string firstCollision(const DiagramLayout& l, const ui::LabelLayout& placed,
                           const std::vector<ui::LabelRequest>& labels, const ui::LabelSpace& sp) {
    struct Item {
        Quad q;
        double top, bottom;
        bool label;
        std::size_t index;
    };
    std::vector<Item> items;
    auto add = [&](const Quad& q, bool label, std::size_t index) {
        double top = 1e300, bottom = -1e300;
        for (const auto& c : q) {
            top = std::min(top, c[1]);
            bottom = std::max(bottom, c[1]);
        }
        items.push_back({q, top, bottom, label, index});
    };
    const double r = sp.cross_reach;
    for (std::size_t i = 0; i < l.arrows().size(); ++i) {
        const ui::ArrowRow& a = l.arrows()[i];
        const ui::LabelPlacement& at = placed.placements[i];
        add(labelQuad(a, at, labels[i].width[static_cast<std::size_t>(at.form)], sp), true, i);
        if (a.lost) add(rect((sp.x_a + sp.x_b) / 2 - r, a.y1 - r, (sp.x_a + sp.x_b) / 2 + r, a.y1 + r), false, i);
    }
    auto box = [&](core::Side s, double y) {
        const double left = sp.box_left[core::idx(s)];
        add(rect(left, y - sp.box_h / 2, left + sp.box_w, y + sp.box_h / 2), false, 0);
    };
    for (const ui::BoxRow& b : l.boxes()) box(b.side, b.y);
    for (core::Side s : {core::Side::A, core::Side::B}) box(s, sp.initial_y);
    std::sort(items.begin(), items.end(), [](const Item& x, const Item& y) { return x.top < y.top; });
    for (std::size_t i = 0; i < items.size(); ++i)
        for (std::size_t j = i + 1; j < items.size() && items[j].top < items[i].bottom; ++j)
            if ((items[i].label || items[j].label) && overlap(items[i].q, items[j].q))
                return "arrow " + std::to_string(items[i].index) + (items[i].label ? "'s label" : "'s mark") +
                       " and arrow " + std::to_string(items[j].index) + (items[j].label ? "'s label" : "'s mark");
    return {};
}
}  // namespace

class DiagramLayoutTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void timeFlowsDownProportionally() {
        const core::Trace t = run("handshake");
        const DiagramLayout l = DiagramLayout::build(t);
        QCOMPARE(l.arrows().size(), std::size_t{3});
        QCOMPARE(l.boxes().size(), std::size_t{5});
        QCOMPARE(l.notes().size(), std::size_t{2});   // listen(), connect()
        // Each lifeline's events keep their order.
        for (core::Side s : {core::Side::A, core::Side::B}) {
            double last = -1e9;
            for (std::size_t i = 0; i < t.events.size(); ++i) {
                if (t.events[i].endpoint != s || t.events[i].kind == core::EventKind::Drop) continue;
                QVERIFY(l.eventY(i) >= last);
                last = l.eventY(i);
            }
        }
        // 50 ms of flight is 50 ms of height: every arrow slants the same.
        const double slant = l.arrows()[0].y1 - l.arrows()[0].y0;
        QCOMPARE(slant, 50 * l.params().px_per_ms);
        for (const auto& a : l.arrows()) QCOMPARE(a.y1 - a.y0, slant);
    }

    void longIdleGapsAreFolded() {
        const core::Trace t = run("time-wait");
        const DiagramLayout l = DiagramLayout::build(t);
        QVERIFY(!l.breaks().empty());
        // The last break is TIME-WAIT's 2MSL: 60 s in a fixed height.
        const ui::BreakRow& last = l.breaks().back();
        QVERIFY(last.gap > 59'000'000);
        QCOMPARE(last.y1 - last.y0, l.params().fold_height);
        QVERIFY(l.height() < 3000);
        // The 2MSL timer is a bracket across the break.
        bool time_wait = false;
        for (const auto& tr : l.timers())
            time_wait |= tr.kind == core::TimerKind::TimeWait && tr.end == ui::TimerEnd::Expire && tr.y0 < last.y0 &&
                         tr.y1 >= last.y1;
        QVERIFY(time_wait);
    }

    void aBurstIsDrawnAsParallelArrows() {
        const core::Trace t = run("data-loss");
        const DiagramLayout l = DiagramLayout::build(t);
        // The eight data segments leave together: each keeps the link's slant, apart by the
        // spacing a label needs.
        std::vector<const ui::ArrowRow*> data;
        for (const auto& a : l.arrows())
            if (a.from == core::Side::A && !t.segment(a.segment).segment.payload.empty() &&
                !t.segment(a.segment).retransmission())
                data.push_back(&a);
        QCOMPARE(data.size(), std::size_t{8});
        const double slant = 50 * l.params().px_per_ms;
        std::set<double> starts;
        for (const auto* a : data) {
            starts.insert(a->y0);
            if (a->lost)
                QCOMPARE(a->y1 - a->y0, slant / 2);
            else
                QVERIFY(std::abs((a->y1 - a->y0) - slant) < 1e-6);
        }
        QCOMPARE(starts.size(), std::size_t{8});
        QVERIFY(*std::next(starts.begin()) - *starts.begin() >= l.params().arrow_spacing);
    }

    void viewportQueriesVisitOnlyWhatIsThere() {
        const core::Trace t = run("teardown");
        const DiagramLayout l = DiagramLayout::build(t);
        for (double top = -100; top < l.height() + 100; top += 37) {
            const double bottom = top + 120;
            std::set<std::uint64_t> found;
            l.forArrowsIn(top, bottom, [&](const ui::ArrowRow& a) { found.insert(a.event); });
            for (const auto& a : l.arrows()) {
                const bool touches = a.y1 >= top && a.y0 <= bottom;
                QCOMPARE(found.count(a.event) == 1, touches);
            }
            std::size_t boxes = 0, expected = 0;
            l.forBoxesIn(top, bottom, [&](const ui::BoxRow&) { ++boxes; });
            for (const auto& b : l.boxes()) expected += b.y >= top && b.y <= bottom;
            QCOMPARE(boxes, expected);
            std::size_t timers = 0, expected_timers = 0;
            l.forTimersIn(top, bottom, [&](const ui::TimerRow&) { ++timers; });
            for (const auto& tr : l.timers()) expected_timers += tr.y1 >= top && tr.y0 <= bottom;
            QCOMPARE(timers, expected_timers);
        }
    }

    void mapsEventsToRows() {
        const core::Trace t = run("handshake");
        const DiagramLayout l = DiagramLayout::build(t);
        QCOMPARE(l.firstArrowOf(2), 1);
        QCOMPARE(l.firstArrowOf(99), -1);
        QCOMPARE(l.arrowRange(0, 10), (std::pair<std::size_t, std::size_t>{0, 1}));
        QCOMPARE(l.arrowRange(0, t.events.size()).second, std::size_t{3});
        QCOMPARE(l.boxRange(0, 10).second, std::size_t{3});
        const auto [top, bottom] = l.spanOf(10, 14);
        QCOMPARE(top, l.arrows()[1].y0);   // the SYN,ACK's flight
        QCOMPARE(bottom, l.eventY(13));
        QCOMPARE(l.bottomOf(0), 0.0);
        QCOMPARE(l.bottomOf(t.events.size()), l.height());
    }

    void aRunCutAtItsHorizonEndsBelowItsLastEvent() {
        // The SYN,ACK is always lost: at 1.5 s both sides still wait to retransmit.
        const core::Trace t = core::simulate(core::parseScenario(
            R"({"format":"tcpviz-scenario/1","horizon_ms":1500,)"
            R"("script":[{"at_ms":0,"endpoint":"B","call":"listen"},{"at_ms":10,"endpoint":"A","call":"connect"}],)"
            R"("faults":[{"match":{"from":"B","flags":["SYN","ACK"],"nth":0},"action":"drop"}]})"));
        QCOMPARE(t.end.reason, core::EndReason::Horizon);
        const DiagramLayout l = DiagramLayout::build(t);
        QVERIFY(l.horizonY());
        // The 390 ms left after the last event are folded like an idle gap.
        QCOMPARE(t.end.time - t.events.back().time, core::TimeUs{390'000});
        QCOMPARE(*l.horizonY(), l.height() + l.params().fold_height);
        for (const ui::TimerRow& r : l.timers())
            if (r.end == ui::TimerEnd::Open) QCOMPARE(r.y1, *l.horizonY());
        // A run that ended by itself has no horizon.
        QVERIFY(!DiagramLayout::build(run("data-loss")).horizonY());
    }

    void wideningMovesWhatIsBelowAndKeepsTheOrder() {
        const core::Trace t = run("data-loss");
        const DiagramLayout before = DiagramLayout::build(t);
        DiagramLayout l = before;
        const double at = before.arrows()[5].y0 - 1e-3, later = before.arrows()[9].y1;
        const std::vector<ui::Widening> rows{{at, 40}, {later, 25}};
        l.widen(rows);
        for (std::size_t i = 0; i < t.events.size(); ++i) {
            const double y = before.eventY(i);
            const double shift = (y > at ? 40 : 0) + (y > later ? 25 : 0);
            QCOMPARE(l.eventY(i), y + shift);
        }
        for (std::size_t i = 0; i < l.arrows().size(); ++i) QVERIFY(l.arrows()[i].y1 >= l.arrows()[i].y0);
        QCOMPARE(l.height(), before.height() + 65);
        // The spatial index follows: a query finds each arrow where it now is.
        for (const ui::ArrowRow& a : l.arrows()) {
            bool found = false;
            l.forArrowsIn(a.y1, a.y1, [&](const ui::ArrowRow& b) { found |= &a == &b; });
            QVERIFY(found);
        }
    }

    // Labels far too wide for the room between crossing arrows: every one still gets a place
    // where it overlaps nothing, if need be in a widened row of its own.
    void labelsNeverOverlapEvenWhenNoneFits_data() {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<double>("width");
        QTest::newRow("data-loss, wide") << QStringLiteral("data-loss") << 560.0;
        QTest::newRow("data-loss, wider than the lifelines") << QStringLiteral("data-loss") << 900.0;
        QTest::newRow("fast-recovery") << QStringLiteral("fast-recovery") << 640.0;
        QTest::newRow("slow-start") << QStringLiteral("slow-start") << 520.0;
        QTest::newRow("time-wait") << QStringLiteral("time-wait") << 700.0;
    }
    void labelsNeverOverlapEvenWhenNoneFits() {
        QFETCH(QString, lesson);
        QFETCH(double, width);
        const core::Trace t = run(qPrintable(lesson));
        DiagramLayout l = DiagramLayout::build(t);
        const DiagramLayout before = l;
        const std::vector<ui::LabelRequest> labels = requests(l, width);
        const ui::LabelSpace sp = space();
        const ui::LabelLayout placed = ui::placeLabels(l, labels, sp);
        QCOMPARE(placed.placements.size(), l.arrows().size());
        const std::string collision = firstCollision(l, placed, labels, sp);
        QVERIFY2(collision.empty(), collision.c_str());
        // Room was made, and only by widening: events keep their order down the diagram, and no
        // two come closer.
        QVERIFY(placed.widened > 0);
        QVERIFY(l.height() > before.height());
        // Wider than the lifelines, labels overhang the state boxes' columns: some find no place
        // clear of the boxes but in rows of their own (so that path is checked here too).
        if (width > sp.x_b - sp.x_a) QVERIFY(placed.level > 0);
        std::vector<std::size_t> down(t.events.size());
        for (std::size_t i = 0; i < down.size(); ++i) down[i] = i;
        std::stable_sort(down.begin(), down.end(),
                         [&](std::size_t x, std::size_t y) { return before.eventY(x) < before.eventY(y); });
        for (std::size_t k = 1; k < down.size(); ++k)
            QVERIFY(l.eventY(down[k]) - l.eventY(down[k - 1]) >=
                    before.eventY(down[k]) - before.eventY(down[k - 1]) - 1e-6);
        // Labels along their arrows keep to them; level ones hang from them on a leader.
        for (const ui::LabelPlacement& at : placed.placements) {
            QVERIFY(at.u >= 0 && at.u <= 1.15f + 1e-4f);   // up to a little past a lost one's cross
            if (at.leader) QVERIFY(at.u <= 1);             // a leader starts on the arrow itself
            if (at.level && !at.leader) QVERIFY(at.u == 0.f || at.u == 1.f);
        }
    }

    // Where there is room, labels sit along their arrows, above them, and nothing is widened.
    void roomyLabelsSitAlongTheirArrows() {
        const core::Trace t = run("handshake");
        DiagramLayout l = DiagramLayout::build(t);
        const double height = l.height();
        std::vector<ui::LabelRequest> labels(l.arrows().size());
        for (auto& r : labels) r.width = {300, 0, 0};
        const ui::LabelLayout placed = ui::placeLabels(l, labels, space());
        QCOMPARE(placed.widened, std::size_t{0});
        QCOMPARE(l.height(), height);
        for (const ui::LabelPlacement& at : placed.placements) {
            QVERIFY(!at.level && !at.below && !at.leader);
            QCOMPARE(at.lift, 0.f);
            QVERIFY(std::abs(at.u - 0.5f) < 0.01f);   // in the middle: nothing in the way
        }
    }

    // A crowd too dense for its labels: many find no room where the ranks would put them, and
    // the crowd is placed again top to bottom, in rows widened for those that still find none
    // (its labels are not placed twice). Nothing overlaps, and every label hangs from its arrow.
    void aCrowdTooDenseForItsLabelsIsPlacedInRows() {
        const core::Trace t = oneByteSegments(900);
        DiagramLayout l = DiagramLayout::build(t);
        const DiagramLayout before = l;
        const std::vector<ui::LabelRequest> labels = requests(l, 380);
        ui::LabelSpace sp = space();
        sp.x_b = sp.x_a + 600;   // the small screen's lifelines
        sp.box_left[1] = sp.x_b + 30;
        const ui::LabelLayout placed = ui::placeLabels(l, labels, sp);
        QCOMPARE(placed.placements.size(), l.arrows().size());
        const std::string collision = firstCollision(l, placed, labels, sp);
        QVERIFY2(collision.empty(), collision.c_str());
        QVERIFY(placed.level > 0);   // some did need a row of their own
        QVERIFY(l.height() > before.height());
        for (const ui::LabelPlacement& at : placed.placements) {
            QVERIFY(at.u >= 0 && at.u <= 1.15f + 1e-4f);
            if (at.leader) QVERIFY(at.u <= 1);
            if (at.level && !at.leader) QVERIFY(at.u == 0.f || at.u == 1.f);
        }
    }

    // A worker thread follows a placement (how many labels have a place) and can stop it.
    void aPlacementCanBeFollowedAndCancelled() {
        const core::Trace t = oneByteSegments(4000);
        const DiagramLayout base = DiagramLayout::build(t);
        const std::vector<ui::LabelRequest> labels = requests(base, 230);
        QVERIFY(labels.size() > 5000);
        const ui::LabelSpace sp = space();
        std::atomic<bool> cancel{false};
        std::atomic<std::size_t> placed{0};
        const ui::PlaceControl control{&cancel, &placed};

        // To the end: every label counted.
        DiagramLayout l = base;
        ui::LabelLayout done = ui::placeLabels(l, labels, sp, control);
        QVERIFY(!done.cancelled);
        QCOMPARE(done.placements.size(), labels.size());
        QCOMPARE(placed.load(), labels.size());

        // Cancelled before it starts: back at once, the layout as it was.
        l = base;
        placed = 0;
        cancel = true;
        done = ui::placeLabels(l, labels, sp, control);
        QVERIFY(done.cancelled);
        QVERIFY(done.placements.empty());
        QCOMPARE(placed.load(), std::size_t{0});
        QCOMPARE(l.height(), base.height());

        // Cancelled once it has begun: it stops, and the count it reported never went down.
        cancel = false;
        placed = 0;
        bool went_down = false;
        std::thread watcher([&] {
            std::size_t last = 0;
            while ((last = placed.load()) == 0) std::this_thread::yield();
            cancel = true;
            for (int k = 0; k < 1000; ++k) {
                const std::size_t now = placed.load();
                went_down |= now < last;
                last = now;
            }
        });
        done = ui::placeLabels(l, labels, sp, control);
        watcher.join();
        QVERIFY(done.cancelled);
        QVERIFY(!went_down);
        QVERIFY(placed.load() < labels.size());
        QCOMPARE(l.height(), base.height());
    }

    void anEmptyTraceHasNoRows() {
        const DiagramLayout l = DiagramLayout::build(core::Trace{});
        QVERIFY(l.arrows().empty());
        QCOMPARE(l.height(), 0.0);
        int n = 0;
        l.forArrowsIn(-1e9, 1e9, [&](const ui::ArrowRow&) { ++n; });
        QCOMPARE(n, 0);
    }
};

QTEST_MAIN(DiagramLayoutTest)
#include "diagram_layout_test.moc"
