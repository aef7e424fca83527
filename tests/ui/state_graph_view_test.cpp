// The state graph: RFC 9293 Figure 5 drawn from core::StateGraph, with the sides lit, the
// edges taken tinted and the token animated.
#include "ui/views/state_graph_view.h"

#include <QGraphicsItem>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QWheelEvent>
#include <algorithm>
#include <array>

#include "core/tcp/state_graph.h"
#include "ui/panels/event_log.h"
#include "ui/session/session_model.h"

using tcpviz::core::Cause;
using tcpviz::core::Side;
using tcpviz::core::State;
using tcpviz::core::StateGraph;
using tcpviz::ui::FutureSteps;
using tcpviz::ui::SessionModel;
using tcpviz::ui::StateGraphScene;
using tcpviz::ui::StateGraphView;

namespace {

int countItems(const StateGraphScene& scene, int type, bool visibleOnly = true) {
    const QList<QGraphicsItem*> items = scene.items();
    return static_cast<int>(std::count_if(items.begin(), items.end(), [&](QGraphicsItem* i) {
        return i->type() == type && (!visibleOnly || i->isVisible());
    }));
}

StateGraph::EdgeId edge(State from, State to, Cause cause) {
    const auto id = StateGraph::rfc9293().findEdge(from, to, cause);
    if (!id) qFatal("no such edge");
    return *id;
}

bool near(QPointF a, QPointF b) {
    return QLineF(a, b).length() < 0.5;
}

// What the main window does when the cursor moves (MainWindow::syncStateGraph): it first ends
// the animations; a step forward shows where the step starts and sends the tokens along the
// step's edges; any other move jumps.
void showCursor(const SessionModel& session, StateGraphScene& scene, int cursor, int previous) {
    scene.finishAnimations();
    const tcpviz::core::Trace& t = session.trace();
    if (cursor != previous + 1) {
        scene.showTraceUpTo(t, session.visibleEvents(), session.index().state_events);
        return;
    }
    const tcpviz::core::EventRange step = session.currentStepEvents();
    scene.showTraceUpTo(t, step.begin, session.index().state_events);
    for (std::size_t i = step.begin; i < step.end; ++i) {
        const tcpviz::core::Event& e = t.events[i];
        if (e.kind != tcpviz::core::EventKind::State) continue;
        if (const auto id = StateGraph::rfc9293().findEdge(e.from, e.to, e.cause))
            scene.animateTransition(e.endpoint, *id, 10000);
        else
            scene.showTraceUpTo(t, i + 1, session.index().state_events);
    }
}

// Makes `scene` follow the session's cursor as the main window's does.
void follow(SessionModel& session, StateGraphScene& scene) {
    QObject::connect(&session, &SessionModel::cursorChanged, &scene,
                     [&session, &scene](int cursor, int previous) {
                         showCursor(session, scene, cursor, previous);
                     });
}

// What the scene shows of each side once its animations are over: the box its marker
// outlines, and its token.
struct Marks {
    std::array<std::optional<QRectF>, 2> box;
    std::array<std::optional<QPointF>, 2> token;
    bool operator==(const Marks&) const = default;
};

Marks marksOf(StateGraphScene& scene) {
    scene.finishAnimations();
    Marks m;
    for (Side side : {Side::A, Side::B}) {
        m.box[tcpviz::core::idx(side)] = scene.markerBox(side);
        m.token[tcpviz::core::idx(side)] = scene.tokenPos(side);
    }
    return m;
}

QString describe(const StateGraphScene& scene, const Marks& m) {
    QStringList sides;
    for (Side side : {Side::A, Side::B}) {
        const std::optional<QRectF>& box = m.box[tcpviz::core::idx(side)];
        QString where = QStringLiteral("nowhere");
        if (box) {
            where = QString::fromLatin1(tcpviz::core::stateName(*scene.stateAt(box->center())));
            if (*box == scene.stateRect(State::Closed, true)) where += QStringLiteral(" (bottom)");
        }
        sides << QStringLiteral("%1 in %2").arg(QLatin1String(tcpviz::core::sideName(side)), where);
    }
    return sides.join(QStringLiteral(", "));
}

// Where the trace leaves each side after its first `events` events, worked out here from the
// trace: in the box of the edge it took last (Figure 5 draws LAST-ACK's and TIME-WAIT's edges
// into the second CLOSED), in its first state's box before any edge. nullopt: either CLOSED box
// (an edge the figure does not draw, into CLOSED).
std::array<std::optional<QRectF>, 2> expectedBoxes(const StateGraphScene& scene,
                                                   const tcpviz::core::Trace& t,
                                                   std::size_t events) {
    const StateGraph& g = StateGraph::rfc9293();
    std::array<std::optional<QRectF>, 2> box{scene.stateRect(t.initial_states[0]),
                                             scene.stateRect(t.initial_states[1])};
    for (std::size_t i = 0; i < events; ++i) {
        const tcpviz::core::Event& e = t.events[i];
        if (e.kind != tcpviz::core::EventKind::State) continue;
        const auto id = g.findEdge(e.from, e.to, e.cause);
        std::optional<QRectF>& b = box[tcpviz::core::idx(e.endpoint)];
        if (e.to == State::Closed && (!id || !g.edge(*id).drawn))
            b.reset();
        else
            b = scene.stateRect(e.to, id && g.edge(*id).to_alias);
    }
    return box;
}

}  // namespace

class StateGraphViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void drawsElevenStatesAndTheSecondClosed() {
        StateGraphScene scene;
        QCOMPARE(countItems(scene, StateGraphScene::StateBoxType), 12);
        for (State s : tcpviz::core::kAllStates) {
            const QRectF r = scene.stateRect(s);
            QVERIFY(!r.isEmpty());
            QCOMPARE(scene.stateAt(r.center()), s);
        }
        const QRectF alias = scene.stateRect(State::Closed, true);
        QVERIFY(alias != scene.stateRect(State::Closed));
        QCOMPARE(scene.stateAt(alias.center()), State::Closed);
        // Figure 5's grid: the second CLOSED right of TIME-WAIT, below LAST-ACK.
        QVERIFY(alias.left() > scene.stateRect(State::TimeWait).right());
        QVERIFY(alias.top() > scene.stateRect(State::LastAck).bottom());
        QCOMPARE(scene.stateAt(scene.sceneRect().topLeft()), std::nullopt);
    }

    void drawsTheTwentyEdgesOfFigure5Solid() {
        StateGraphScene scene;
        const std::vector<StateGraph::EdgeId> shown = scene.visibleEdges();
        QCOMPARE(shown.size(), std::size_t{20});
        QCOMPARE(countItems(scene, StateGraphScene::EdgeType), 20);
        QCOMPARE(countItems(scene, StateGraphScene::EdgeLabelType), 20);
        for (StateGraph::EdgeId id : shown) {
            QVERIFY(StateGraph::rfc9293().edge(id).drawn);
            QVERIFY(!scene.isDashed(id));
            QCOMPARE(scene.edgeAt(scene.edgeLabelRect(id).center()), id);
            QCOMPARE(scene.edgeAt(scene.edgePath(id).pointAtPercent(0.5)), id);
        }
        QVERIFY(!scene.isNoteVisible());
        // TIME-WAIT's and LAST-ACK's edges into CLOSED end at the second CLOSED box.
        const QRectF alias = scene.stateRect(State::Closed, true).adjusted(-1, -1, 1, 1);
        for (auto [from, cause] : {std::pair{State::TimeWait, Cause::Timeout2Msl},
                                   std::pair{State::LastAck, Cause::RcvAckOfFin}}) {
            const QPainterPath p = scene.edgePath(edge(from, State::Closed, cause));
            QVERIFY(alias.contains(p.currentPosition()));
        }
    }

    void extraEdgesShowTheThreeSingleEdgesDashedAndTheNote() {
        StateGraphScene scene;
        scene.setShowExtraEdges(true);
        QVERIFY(scene.isNoteVisible());
        QCOMPARE(countItems(scene, StateGraphScene::NoteType), 1);
        std::vector<StateGraph::EdgeId> dashed;
        for (StateGraph::EdgeId id : scene.visibleEdges()) {
            if (scene.isDashed(id)) dashed.push_back(id);
        }
        std::vector<StateGraph::EdgeId> expected = {
            edge(State::FinWait1, State::TimeWait, Cause::RcvFinAckOfFin),
            edge(State::SynReceived, State::Listen, Cause::RcvSyn),
            edge(State::Listen, State::SynSent, Cause::ActiveOpen)};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(dashed, expected);
        QCOMPARE(scene.visibleEdges().size(), std::size_t{23});
        QCOMPARE(countItems(scene, StateGraphScene::EdgeLabelType), 23);

        const QRectF before = scene.sceneRect();
        scene.setShowExtraEdges(false);
        QCOMPARE(scene.visibleEdges().size(), std::size_t{20});
        QVERIFY(!scene.isNoteVisible());
        QCOMPARE(scene.sceneRect(), before);  // the figure does not move
    }

    // The layout's promise: no label over a box or over another label, no label beyond the
    // scene, with the notes' edges shown or not.
    void labelsOverlapNoBoxAndNoOtherLabel() {
        StateGraphScene scene;
        scene.setShowExtraEdges(true);
        std::vector<QRectF> boxes;
        for (State s : tcpviz::core::kAllStates) boxes.push_back(scene.stateRect(s));
        boxes.push_back(scene.stateRect(State::Closed, true));
        const std::vector<StateGraph::EdgeId> shown = scene.visibleEdges();
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const QRectF label = scene.edgeLabelRect(shown[i]);
            const QString name =
                QString::fromStdString(StateGraph::rfc9293().edge(shown[i]).label());
            QVERIFY2(scene.sceneRect().contains(label), qPrintable(name));
            for (const QRectF& box : boxes) QVERIFY2(!label.intersects(box), qPrintable(name));
            for (std::size_t j = i + 1; j < shown.size(); ++j) {
                QVERIFY2(!label.intersects(scene.edgeLabelRect(shown[j])), qPrintable(name));
            }
            // ... nor over another edge's line.
            for (StateGraph::EdgeId other : shown) {
                if (other == shown[i]) continue;
                const QPainterPath path = scene.edgePath(other);
                for (int k = 0; k <= 400; ++k) {
                    QVERIFY2(!label.contains(path.pointAtPercent(k / 400.0)), qPrintable(name));
                }
            }
        }
    }

    void currentStatesLightTheRightBoxes() {
        StateGraphScene scene;
        QVERIFY(!scene.tokenPos(Side::A));
        scene.setCurrentStates(State::FinWait1, State::CloseWait);
        for (State s : tcpviz::core::kAllStates) {
            QCOMPARE(scene.isLit(s, Side::A), s == State::FinWait1);
            QCOMPARE(scene.isLit(s, Side::B), s == State::CloseWait);
        }
        QVERIFY(scene.stateRect(State::FinWait1).contains(*scene.tokenPos(Side::A)));
        QVERIFY(scene.stateRect(State::CloseWait).contains(*scene.tokenPos(Side::B)));

        scene.setCurrentStates(std::nullopt, State::Listen);
        QVERIFY(!scene.tokenPos(Side::A));
        QVERIFY(!scene.isLit(State::FinWait1, Side::A));
        QVERIFY(scene.isLit(State::Listen, Side::B));
    }

    void bothSidesInOneStateShowTwoTokensSideBySide() {
        StateGraphScene scene;
        scene.setCurrentStates(State::Established, State::Established);
        QVERIFY(scene.isLit(State::Established, Side::A));
        QVERIFY(scene.isLit(State::Established, Side::B));
        const QRectF box = scene.stateRect(State::Established);
        const QPointF a = *scene.tokenPos(Side::A), b = *scene.tokenPos(Side::B);
        QVERIFY(box.contains(a) && box.contains(b));
        QVERIFY(a.x() + 20 < b.x());  // A left, B right, apart
        QCOMPARE(countItems(scene, StateGraphScene::TokenType), 2);
    }

    void shownSidesHideTheOther() {
        StateGraphScene scene;
        scene.setCurrentStates(State::SynSent, State::Listen);
        scene.setShownSides(true, false);
        QVERIFY(scene.isLit(State::SynSent, Side::A));
        QVERIFY(!scene.isLit(State::Listen, Side::B));
        QVERIFY(!scene.tokenPos(Side::B));
        QCOMPARE(countItems(scene, StateGraphScene::TokenType), 1);
        scene.setShownSides(true, true);
        QVERIFY(scene.isLit(State::Listen, Side::B));
        QCOMPARE(countItems(scene, StateGraphScene::TokenType), 2);
    }

    void visitedEdgesAreTinted() {
        StateGraphScene scene;
        const auto close = edge(State::Established, State::FinWait1, Cause::Close);
        const auto ackOfFin = edge(State::FinWait1, State::FinWait2, Cause::RcvAckOfFin);
        scene.setVisitedEdges({close, ackOfFin, close});
        for (StateGraph::EdgeId id : StateGraph::rfc9293().edges()) {
            QCOMPARE(scene.isVisited(id), id == close || id == ackOfFin);
        }
        // The tint is drawn: a pixel beside the line, inside the highlighter stroke, is no
        // longer white.
        const QPointF onLine = scene.edgePath(ackOfFin).pointAtPercent(0.5) + QPointF(4.5, 0);
        const QColor tinted = renderedPixel(scene, onLine);
        scene.setVisitedEdges({});
        QVERIFY(!scene.isVisited(close));
        const QColor plain = renderedPixel(scene, onLine);
        QCOMPARE(plain, QColor(Qt::white));
        QVERIFY(tinted != plain);
    }

    void animationEndsWithTheTokenAtTheTarget() {
        StateGraphScene scene;
        scene.setCurrentStates(State::Established, State::Established);
        const auto id = edge(State::Established, State::FinWait1, Cause::Close);
        QSignalSpy finished(&scene, &StateGraphScene::animationFinished);
        scene.animateTransition(Side::A, id, 120);
        QVERIFY(scene.isAnimating(Side::A));
        QVERIFY(!scene.isAnimating(Side::B));
        QVERIFY(scene.isLit(State::FinWait1, Side::A));  // the side is there already
        QTRY_VERIFY(!scene.isAnimating());
        QCOMPARE(finished.count(), 1);
        QVERIFY(scene.stateRect(State::FinWait1).contains(*scene.tokenPos(Side::A)));
        QVERIFY(scene.stateRect(State::Established).contains(*scene.tokenPos(Side::B)));
        // The window confirming the state does not move the token again.
        const QPointF a = *scene.tokenPos(Side::A);
        scene.setCurrentStates(State::FinWait1, State::Established);
        QVERIFY(near(*scene.tokenPos(Side::A), a));
    }

    void animationPassesAlongTheEdge() {
        StateGraphScene scene;
        scene.setCurrentStates(State::Established, std::nullopt);
        const auto id = edge(State::Established, State::CloseWait, Cause::RcvFin);
        scene.animateTransition(Side::A, id, 400);
        const QPainterPath path = scene.edgePath(id);
        QPainterPathStroker stroker;
        stroker.setWidth(4);
        const QPainterPath corridor = stroker.createStroke(path);
        bool seenOnEdge = false;
        while (scene.isAnimating()) {
            QTest::qWait(20);
            if (auto p = scene.tokenPos(Side::A); p && corridor.contains(*p)) seenOnEdge = true;
        }
        QVERIFY(seenOnEdge);
        QVERIFY(scene.stateRect(State::CloseWait).contains(*scene.tokenPos(Side::A)));
    }

    void edgeIntoTheSecondClosedEndsThere() {
        StateGraphScene scene;
        scene.setCurrentStates(State::TimeWait, std::nullopt);
        scene.animateTransition(Side::A, edge(State::TimeWait, State::Closed, Cause::Timeout2Msl),
                                0);
        QVERIFY(!scene.isAnimating());
        QVERIFY(scene.isLit(State::Closed, Side::A));
        QVERIFY(scene.stateRect(State::Closed, true).contains(*scene.tokenPos(Side::A)));
        QCOMPARE(scene.markerBox(Side::A), scene.stateRect(State::Closed, true));
        // Told only the state, with no edge, the side is in the top CLOSED: where it is depends
        // on what the scene is told, not on how it got there.
        scene.setCurrentStates(State::Closed, std::nullopt);
        QCOMPARE(scene.markerBox(Side::A), scene.stateRect(State::Closed));
        QVERIFY(scene.stateRect(State::Closed).contains(*scene.tokenPos(Side::A)));
    }

    // Issue 14: at the end of teardown the markers sat in the top or the bottom CLOSED
    // depending on how the cursor got there. Every step of each lesson is reached by stepping
    // forward, by stepping back, by End and Home and a jump, and by clicking the log; the markers
    // must be the same each time, and where the trace puts them.
    void markerDependsOnlyOnTheCursor_data() {
        QTest::addColumn<QString>("lesson");
        for (const char* id :
             {"teardown", "handshake", "simultaneous-close", "time-wait", "lost-final-ack"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }

    void markerDependsOnlyOnTheCursor() {
        QFETCH(QString, lesson);
        SessionModel session;
        StateGraphScene scene;
        follow(session, scene);
        tcpviz::ui::EventLogView log(&session);  // later steps hidden: its rows go up to the cursor
        log.resize(900, 400);
        log.show();
        QVERIFY(QTest::qWaitForWindowExposed(&log));
        QCOMPARE(session.load(lesson), SessionModel::LoadStatus::Loaded);
        const tcpviz::core::Trace& t = session.trace();
        const int n = session.stepCount();
        QVERIFY(n > 2);

        // Stepping forward from the start, as the trace places the sides.
        std::vector<Marks> forward(static_cast<std::size_t>(n) + 1);
        forward[0] = marksOf(scene);
        for (int k = 1; k <= n; ++k) {
            session.next();
            QCOMPARE(session.cursor(), k);
            forward[static_cast<std::size_t>(k)] = marksOf(scene);
        }
        for (int k = 0; k <= n; ++k) {
            const Marks& m = forward[static_cast<std::size_t>(k)];
            const auto expected = expectedBoxes(
                scene, t, session.steps().eventsVisibleAt(static_cast<std::size_t>(k)));
            for (Side side : {Side::A, Side::B}) {
                const std::size_t i = tcpviz::core::idx(side);
                const QString where = QStringLiteral("step %1: %2").arg(k).arg(describe(scene, m));
                QVERIFY2(m.box[i] && m.token[i] && m.box[i]->contains(*m.token[i]),
                         qPrintable(where));
                if (expected[i])
                    QVERIFY2(*m.box[i] == *expected[i], qPrintable(where));
                else
                    QVERIFY2(*m.box[i] == scene.stateRect(State::Closed) ||
                                 *m.box[i] == scene.stateRect(State::Closed, true),
                             qPrintable(where));
            }
        }
        if (lesson == QLatin1String("teardown")) {  // the case, spelled out
            for (std::size_t i : {0U, 1U}) {
                QCOMPARE(forward[0].box[i], scene.stateRect(State::Closed));
                QCOMPARE(forward.back().box[i], scene.stateRect(State::Closed, true));
            }
        }

        const auto check = [&](int k, const char* route) {
            QCOMPARE(session.cursor(), k);
            const Marks m = marksOf(scene);
            const Marks& want = forward[static_cast<std::size_t>(k)];
            QVERIFY2(m == want, qPrintable(QStringLiteral("step %1 by %2: %3; stepping forward: %4")
                                               .arg(k)
                                               .arg(QLatin1String(route), describe(scene, m),
                                                    describe(scene, want))));
        };
        // Home after the end, End after the start, and back one step at a time.
        session.toStart();
        check(0, "Home after the end");
        session.toEnd();
        check(n, "End");
        for (int k = n - 1; k >= 0; --k) {
            session.previous();
            check(k, "stepping back");
        }
        // Jumps (the slider, End or Home and then a step number).
        for (int k = 0; k <= n; ++k) {
            session.toEnd();
            session.setCursor(k);
            check(k, "a jump back from the end");
            session.toStart();
            session.setCursor(k);
            check(k, "a jump from the start");
        }
        // Clicking the log: from the end, a row of each step.
        for (int k = n; k >= 1; --k) {
            session.toEnd();
            const int row =
                static_cast<int>(session.steps().events(static_cast<std::size_t>(k)).end) - 1;
            const QModelIndex index =
                log.logModel()->index(row, tcpviz::ui::EventLogModel::WhatColumn);
            QVERIFY(index.isValid());
            log.scrollTo(index);
            QTest::mouseClick(log.viewport(), Qt::LeftButton, {}, log.visualRect(index).center());
            check(k, "clicking the log");
        }
    }

    // FutureSteps: Hidden (the default, as the diagram) tints only the edges taken so far;
    // Faded tints the edges the trace takes later too, paler.
    void laterEdgesAreTintedOnlyWhenFaded() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        const tcpviz::core::Trace& t = session.trace();
        const StateGraph& g = StateGraph::rfc9293();
        StateGraphScene scene;
        QCOMPARE(scene.futureSteps(), FutureSteps::Hidden);
        // CLOSED -> LISTEN runs straight down: a point beside it, inside the tint, tells.
        const auto listen = edge(State::Closed, State::Listen, Cause::PassiveOpen);
        const QPointF beside = scene.edgePath(listen).pointAtPercent(0.5) + QPointF(4.5, 0);
        const std::vector<StateGraph::EdgeId> all = g.edgesTaken(t.stateChanges());
        QVERIFY(std::find(all.begin(), all.end(), listen) != all.end());

        const auto expectTints = [&](std::size_t events) {
            const std::vector<StateGraph::EdgeId> done = g.edgesTaken(t.stateChanges(events));
            const auto in = [](const std::vector<StateGraph::EdgeId>& v, StateGraph::EdgeId id) {
                return std::find(v.begin(), v.end(), id) != v.end();
            };
            for (StateGraph::EdgeId id : g.edges()) {
                const QString name = QString::fromStdString(g.edge(id).label());
                QVERIFY2(scene.isVisited(id) == in(done, id), qPrintable(name));
                const bool later =
                    scene.futureSteps() == FutureSteps::Faded && in(all, id) && !in(done, id);
                QVERIFY2(scene.isTintedAsLater(id) == later, qPrintable(name));
            }
        };

        scene.showTraceUpTo(t, 0, session.index().state_events);
        expectTints(0);
        QCOMPARE(renderedPixel(scene, beside), QColor(Qt::white));  // nothing of later steps

        scene.setFutureSteps(FutureSteps::Faded);
        expectTints(0);
        const QColor faded = renderedPixel(scene, beside);
        scene.showTraceUpTo(t, t.events.size(), session.index().state_events);
        const QColor taken = renderedPixel(scene, beside);
        QVERIFY(faded != QColor(Qt::white));
        QVERIFY2(faded.lightness() > taken.lightness(), "the later tint is paler");

        // Moving the cursor turns later edges into edges taken.
        for (int k = 0; k <= session.stepCount(); ++k) {
            session.setCursor(k);
            scene.showTraceUpTo(t, session.visibleEvents(), session.index().state_events);
            expectTints(session.visibleEvents());
        }
        session.toStart();
        scene.showTraceUpTo(t, 0, session.index().state_events);
        scene.setFutureSteps(FutureSteps::Hidden);
        expectTints(0);
        QCOMPARE(renderedPixel(scene, beside), QColor(Qt::white));
    }

    // A QUIC connection (issue 18) moves no TCP state: no box is lit for either side at any
    // step, the caption says why, and a TCP lesson after it lights its states again.
    void aQuicConnectionLightsNoTcpState() {
        SessionModel quic;
        QCOMPARE(quic.load(QStringLiteral("quic-handshake")), SessionModel::LoadStatus::Loaded);
        QVERIFY(quic.trace().overUdp());
        StateGraphScene scene;
        const tcpviz::core::Trace& t = quic.trace();
        for (std::size_t e : {std::size_t{0}, t.events.size() / 2, t.events.size()}) {
            scene.showTraceUpTo(t, e, quic.index().state_events);
            for (const State s : tcpviz::core::kAllStates)
                for (const Side side : {Side::A, Side::B}) QVERIFY(!scene.isLit(s, side));
            QVERIFY(!scene.markerBox(Side::A) && !scene.markerBox(Side::B));
        }
        bool said = false;
        for (QGraphicsItem* item : scene.items())
            if (auto* text = dynamic_cast<QGraphicsSimpleTextItem*>(item))
                said = said || text->text().contains(QStringLiteral("no TCP states"));
        QVERIFY(said);
        SessionModel tcp;
        QCOMPARE(tcp.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        scene.showTraceUpTo(tcp.trace(), 0, tcp.index().state_events);
        QVERIFY(scene.isLit(tcp.trace().initial_states[0], Side::A));
        QVERIFY(scene.isLit(tcp.trace().initial_states[1], Side::B));
        QVERIFY(scene.markerBox(Side::A) && scene.markerBox(Side::B));
    }

    void undrawnEdgeAnimatesOnATemporaryDashedPath() {
        StateGraphScene scene;
        scene.setCurrentStates(State::Established, State::Established);
        const auto rst = edge(State::Established, State::Closed, Cause::RcvRst);
        QVERIFY(scene.edgePath(rst).isEmpty());  // not drawn
        scene.animateTransition(Side::B, rst, 150);
        QCOMPARE(countItems(scene, StateGraphScene::TransitPathType), 1);
        QVERIFY(scene.isAnimating(Side::B));
        QTRY_VERIFY(!scene.isAnimating());
        QCOMPARE(countItems(scene, StateGraphScene::TransitPathType, false), 0);
        QVERIFY(scene.isLit(State::Closed, Side::B));
        const QPointF b = *scene.tokenPos(Side::B);
        QVERIFY(scene.stateRect(State::Closed).contains(b) ||
                scene.stateRect(State::Closed, true).contains(b));
    }

    void jumpingElsewhereStopsTheAnimation() {
        StateGraphScene scene;
        scene.setCurrentStates(State::Closed, State::Closed);
        scene.animateTransition(Side::A, edge(State::Closed, State::SynSent, Cause::ActiveOpen),
                                10000);
        QVERIFY(scene.isAnimating(Side::A));
        scene.setCurrentStates(State::Listen, State::Closed);  // the cursor jumped
        QVERIFY(!scene.isAnimating());
        QVERIFY(scene.stateRect(State::Listen).contains(*scene.tokenPos(Side::A)));

        scene.animateTransition(Side::A, edge(State::Listen, State::SynReceived, Cause::RcvSyn),
                                10000);
        scene.finishAnimations();
        QVERIFY(!scene.isAnimating());
        QVERIFY(scene.stateRect(State::SynReceived).contains(*scene.tokenPos(Side::A)));
    }

    void everyStateHasATooltip() {
        StateGraphScene scene;
        for (State s : tcpviz::core::kAllStates) {
            QVERIFY(!StateGraphScene::stateExplanation(s).isEmpty());
            QVERIFY(scene.stateToolTip(s).contains(
                StateGraphScene::stateExplanation(s).toHtmlEscaped()));
        }
        for (QGraphicsItem* i : scene.items()) {
            if (i->type() == StateGraphScene::StateBoxType) QVERIFY(!i->toolTip().isEmpty());
        }
        scene.setTextbookStateNames(true);
        QVERIFY(scene.stateToolTip(State::SynReceived).contains(QStringLiteral("SYN_RCVD")));
    }

    // What an export gets: the whole figure on white.
    void renderDrawsTheWholeFigure() {
        StateGraphScene scene;
        scene.setCurrentStates(State::FinWait1, State::CloseWait);
        QImage image(1600, 1200, QImage::Format_ARGB32);
        image.fill(Qt::transparent);
        QPainter p(&image);
        scene.render(&p);
        p.end();
        QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));  // the background is part of it
        // render() scales the scene rect into the image keeping its aspect, at the top left.
        const auto toImage = [&](QPointF scenePoint) {
            const QRectF s = scene.sceneRect();
            const double k = std::min(1600 / s.width(), 1200 / s.height());
            return ((scenePoint - s.topLeft()) * k).toPoint();
        };
        for (State s : tcpviz::core::kAllStates) {
            // A box's fill is its state's fill, not white.
            const QRectF r = scene.stateRect(s);
            const QColor c = image.pixelColor(toImage(QPointF(r.center().x(), r.top() + 6)));
            QVERIFY2(c != QColor(Qt::white), tcpviz::core::stateName(s).data());
        }
    }

    void viewFitsAndZoomsWithCtrlWheel() {
        StateGraphScene scene;
        StateGraphView view(&scene);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QRectF seen = view.mapToScene(view.viewport()->rect()).boundingRect();
        QVERIFY(seen.adjusted(-2, -2, 2, 2).contains(scene.sceneRect()));
        QCOMPARE(view.zoom(), 1.0);

        const QPointF at = view.viewport()->rect().center();
        QWheelEvent plain(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view.viewport(), &plain);
        QCOMPARE(view.zoom(), 1.0);
        QWheelEvent ctrl(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120),
                         Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view.viewport(), &ctrl);
        QVERIFY(view.zoom() > 1.0);
        QVERIFY(view.transform().m11() > 0);
        view.resetZoom();
        QCOMPARE(view.zoom(), 1.0);
    }

private:
    static QColor renderedPixel(StateGraphScene& scene, QPointF scenePoint) {
        const QRectF s = scene.sceneRect();
        QImage image(s.size().toSize(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter p(&image);
        scene.render(&p, QRectF(image.rect()), s);
        p.end();
        return image.pixelColor((scenePoint - s.topLeft()).toPoint());
    }
};

QTEST_MAIN(StateGraphViewTest)
#include "state_graph_view_test.moc"
