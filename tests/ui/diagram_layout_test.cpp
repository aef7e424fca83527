// The diagram's layout: y for every event, folded gaps, bursts drawn as parallel arrows, and
// viewport queries that visit only the rows on screen.
#include <QTest>
#include <set>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "ui/views/diagram_layout.h"

using namespace tcpviz;
using ui::DiagramLayout;

namespace {
core::Trace run(const char* id) { return core::simulate(*core::resolveScenario(id)); }
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
