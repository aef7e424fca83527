// The main window's state diagram dock: the lit states and the tinted edges follow the cursor.
#include <QAction>
#include <QDockWidget>
#include <QStandardPaths>
#include <QTest>
#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "core/tcp/state_graph.h"
#include "ui/panels/event_log.h"
#include "ui/panels/segment_inspector.h"
#include "ui/shell/main_window.h"
#include "ui/views/sequence_diagram.h"
#include "ui/session/session_model.h"
#include "ui/views/state_graph_view.h"

using namespace tcpviz;

namespace {

// The states the window should light: each side's state after the visible events.
bool litAsTrace(const ui::MainWindow& w) {
    const ui::SessionModel* s = w.session();
    const auto states = s->trace().statesAfter(s->visibleEvents());
    const ui::StateGraphScene* g = w.stateGraphScene();
    return g->isLit(states[0], core::Side::A) && g->isLit(states[1], core::Side::B);
}

// The edges of the visible state changes that the scene tints (each counted once).
int visitedEdges(const ui::MainWindow& w) {
    int n = 0;
    for (core::StateGraph::EdgeId e : core::StateGraph::rfc9293().edges())
        if (w.stateGraphScene()->isVisited(e)) ++n;
    return n;
}

int expectedVisitedEdges(const ui::MainWindow& w) {
    const ui::SessionModel* s = w.session();
    std::vector<bool> taken(core::StateGraph::rfc9293().edgeCount(), false);
    for (std::size_t i = 0; i < s->visibleEvents(); ++i) {
        const core::Event& e = s->trace().events[i];
        if (e.kind != core::EventKind::State) continue;
        const auto edge = core::StateGraph::rfc9293().findEdge(e.from, e.to, e.cause);
        if (edge) taken[*edge] = true;
    }
    return static_cast<int>(std::count(taken.begin(), taken.end(), true));
}

}  // namespace

class MainWindowStateGraphTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void dockHoldsTheStateGraph() {
        ui::MainWindow w;
        QVERIFY(w.stateGraphView() != nullptr);
        QCOMPARE(w.stateDiagramDock()->widget(), static_cast<QWidget*>(w.stateGraphView()));
        QCOMPARE(w.stateGraphView()->graphScene(), w.stateGraphScene());
    }

    void litStatesAndVisitedEdgesFollowTheCursor() {
        ui::MainWindow w;
        w.diagramScene()->setAnimationsEnabled(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("teardown")));
        ui::SessionModel* s = w.session();
        const int n = s->stepCount();
        QVERIFY(n > 6);

        int previous_visited = -1;
        for (int cursor : {0, 1, n / 2, n - 1, n}) {
            s->setCursor(cursor);
            QVERIFY2(litAsTrace(w), qPrintable(QStringLiteral("cursor %1").arg(cursor)));
            const int visited = visitedEdges(w);
            QCOMPARE(visited, expectedVisitedEdges(w));
            QVERIFY(visited >= previous_visited);
            previous_visited = visited;
        }
        QVERIFY(visitedEdges(w) > 0);
        // At the end both sides are back where teardown ends (CLOSED or TIME-WAIT).
        const auto end = s->trace().statesAfter(s->trace().events.size());
        QVERIFY(w.stateGraphScene()->isLit(end[0], core::Side::A));
        QVERIFY(w.stateGraphScene()->isLit(end[1], core::Side::B));

        // Back: the lit states and the tinted edges go back too.
        const int at_end = visitedEdges(w);
        s->setCursor(n / 2);
        QVERIFY(litAsTrace(w));
        QCOMPARE(visitedEdges(w), expectedVisitedEdges(w));
        QVERIFY(visitedEdges(w) <= at_end);
        s->previous();
        QVERIFY(litAsTrace(w));
        s->toStart();
        QVERIFY(litAsTrace(w));
        QCOMPARE(visitedEdges(w), 0);
    }

    void aStepForwardTravelsTheEdge() {
        ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("teardown")));
        ui::SessionModel* s = w.session();
        ui::StateGraphScene* g = w.stateGraphScene();
        // Find a step that changes a state and step onto it.
        int step = 0;
        for (int k = 1; k <= s->stepCount() && step == 0; ++k) {
            const core::EventRange r = s->steps().events(static_cast<std::size_t>(k));
            for (std::size_t i = r.begin; i < r.end; ++i)
                if (s->trace().events[i].kind == core::EventKind::State) step = k;
        }
        QVERIFY(step > 0);
        s->setCursor(step - 1);
        QVERIFY(litAsTrace(w));
        s->next();
        QVERIFY(w.diagramScene()->isAnimating());
        // The token moves once the diagram reveals the new state; it ends lit as the trace says.
        QTRY_VERIFY(g->isAnimating());
        QTRY_VERIFY(!w.diagramScene()->isAnimating());
        QTRY_VERIFY(!g->isAnimating());
        QVERIFY(litAsTrace(w));
        QCOMPARE(visitedEdges(w), expectedVisitedEdges(w));

        // Stepping back jumps (no animation).
        s->previous();
        QVERIFY(!g->isAnimating());
        QVERIFY(litAsTrace(w));
    }

    void viewOptions() {
        ui::MainWindow w;
        ui::StateGraphScene* g = w.stateGraphScene();
        w.setShowExtraEdges(true);
        QVERIFY(g->showExtraEdges());
        w.setShowExtraEdges(false);
        QVERIFY(!g->showExtraEdges());
        w.setGraphSides(ui::MainWindow::GraphSides::A);
        QVERIFY(g->isShown(core::Side::A));
        QVERIFY(!g->isShown(core::Side::B));
        w.setGraphSides(ui::MainWindow::GraphSides::B);
        QVERIFY(!g->isShown(core::Side::A));
        QVERIFY(g->isShown(core::Side::B));
        w.setGraphSides(ui::MainWindow::GraphSides::Both);
        QVERIFY(g->isShown(core::Side::A));
        QVERIFY(g->isShown(core::Side::B));
    }

    // Issue 14: the markers at the end of teardown sat in the top CLOSED after End, in the
    // bottom one after stepping, and stayed in the bottom one after Home. The window's markers
    // depend on the cursor alone: stepping (animated), End/Home and jumps, and clicking the log.
    void markersDependOnlyOnTheCursor() {
        ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("teardown")));
        ui::SessionModel* s = w.session();
        ui::StateGraphScene* g = w.stateGraphScene();
        const int n = s->stepCount();
        using Marks = std::array<std::optional<QRectF>, 2>;
        const auto marks = [&] {
            (void)QTest::qWaitFor([&] { return !w.diagramScene()->isAnimating(); });
            g->finishAnimations();
            return Marks{g->markerBox(core::Side::A), g->markerBox(core::Side::B)};
        };
        std::vector<Marks> forward;
        s->toStart();
        forward.push_back(marks());
        for (int k = 1; k <= n; ++k) {
            s->next();   // animated, as Play and → do it
            forward.push_back(marks());
        }
        const QRectF top = g->stateRect(core::State::Closed), bottom = g->stateRect(core::State::Closed, true);
        QCOMPARE(forward.front(), (Marks{top, top}));
        QCOMPARE(forward.back(), (Marks{bottom, bottom}));
        s->toStart();
        QCOMPARE(marks(), forward.front());   // Home after the end
        s->toEnd();
        QCOMPARE(marks(), forward.back());    // End
        for (int k = n - 1; k >= 0; --k) {
            s->previous();
            QCOMPARE(marks(), forward[static_cast<std::size_t>(k)]);
        }
        for (int k = 0; k <= n; ++k) {
            s->toEnd();
            s->setCursor(k);
            QCOMPARE(marks(), forward[static_cast<std::size_t>(k)]);
        }
        ui::EventLogView* log = w.eventLog();
        for (int k = n; k >= 1; --k) {
            s->toEnd();
            const int row = static_cast<int>(s->steps().events(static_cast<std::size_t>(k)).end) - 1;
            log->selectRow(row);   // as a click on the row does
            QCOMPARE(s->cursor(), k);
            QCOMPARE(marks(), forward[static_cast<std::size_t>(k)]);
        }
    }

    // View → "Show later steps faded" reaches the log, the inspector and the state graph.
    void laterStepsSettingReachesTheDocks() {
        ui::MainWindow w;
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        w.session()->toStart();
        w.setFutureSteps(ui::FutureSteps::Hidden);
        QCOMPARE(w.eventLog()->logModel()->rowCount(), 0);
        QCOMPARE(w.stateGraphScene()->futureSteps(), ui::FutureSteps::Hidden);
        QCOMPARE(w.inspector()->futureSteps(), ui::FutureSteps::Hidden);
        w.setFutureSteps(ui::FutureSteps::Faded);
        QCOMPARE(w.eventLog()->logModel()->rowCount(), static_cast<int>(w.session()->trace().events.size()));
        QCOMPARE(w.stateGraphScene()->futureSteps(), ui::FutureSteps::Faded);
        QCOMPARE(w.inspector()->futureSteps(), ui::FutureSteps::Faded);
        w.setFutureSteps(ui::FutureSteps::Hidden);
        QCOMPARE(w.eventLog()->logModel()->rowCount(), 0);
    }
};

QTEST_MAIN(MainWindowStateGraphTest)
#include "main_window_state_graph_test.moc"
