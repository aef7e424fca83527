// The state graph: RFC 9293 Figure 5 drawn from core::StateGraph, with the sides lit, the
// edges taken tinted and the token animated.
#include "ui/views/state_graph_view.h"

#include <QGraphicsItem>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>
#include <algorithm>

#include "core/tcp/state_graph.h"

using tcpviz::core::Cause;
using tcpviz::core::Side;
using tcpviz::core::State;
using tcpviz::core::StateGraph;
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

}  // namespace

class StateGraphViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
        scene.setCurrentStates(State::Closed, std::nullopt);  // still there
        QVERIFY(scene.stateRect(State::Closed, true).contains(*scene.tokenPos(Side::A)));
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
