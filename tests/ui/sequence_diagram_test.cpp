// The main window's sequence diagram: stepping, notation, clicking an arrow, playing.
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <cmath>

#include "core/scenario/scenario.h"
#include "ui/shell/main_window.h"
#include "ui/session/player.h"
#include "ui/panels/segment_inspector.h"
#include "ui/views/sequence_diagram.h"
#include "ui/session/session_model.h"

using namespace tcpviz;
using ui::HeaderField;

namespace {

// A handshake whose SYN,ACK is always lost, cut at 1.5 s while both sides still wait to retransmit.
constexpr const char* kCutAtTheHorizon =
    R"({"format":"tcpviz-scenario/1","horizon_ms":1500,)"
    R"("script":[{"at_ms":0,"endpoint":"B","call":"listen"},{"at_ms":10,"endpoint":"A","call":"connect"}],)"
    R"("faults":[{"match":{"from":"B","flags":["SYN","ACK"],"nth":0},"action":"drop"}]})";

// The area two convex outlines share.
double sharedArea(const QPolygonF& a, const QPolygonF& b) {
    const QPolygonF common = a.intersected(b);
    double area = 0;
    for (qsizetype i = 0; i + 1 < common.size(); ++i)
        area += common[i].x() * common[i + 1].y() - common[i + 1].x() * common[i].y();
    return std::abs(area) / 2;
}

}  // namespace

class SequenceDiagramTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void steppingShowsOneMoreSegmentAtATime() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        QCOMPARE(model.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        QCOMPARE(model.stepCount(), 3);
        QCOMPARE(model.cursor(), 0);
        QCOMPARE(scene.visibleArrowCount(), 0);
        QCOMPARE(scene.visibleStateBoxCount(), 0);
        // Step 1: the SYN arrives; LISTEN, SYN-SENT and SYN-RECEIVED are boxed.
        const int arrows[] = {1, 2, 3};
        const int boxes[] = {3, 4, 5};
        for (int k = 1; k <= 3; ++k) {
            model.next();
            QCOMPARE(model.cursor(), k);
            QCOMPARE(scene.visibleArrowCount(), arrows[k - 1]);
            QCOMPARE(scene.visibleStateBoxCount(), boxes[k - 1]);
        }
        model.next();   // past the end: nothing changes
        QCOMPARE(model.cursor(), 3);
        model.previous();
        QCOMPARE(scene.visibleArrowCount(), 2);
        model.toStart();
        QCOMPARE(scene.visibleArrowCount(), 0);
        model.toEnd();
        QCOMPARE(scene.visibleArrowCount(), 3);
    }

    void keysStepTheWindow() {
        ui::MainWindow w;
        w.diagramScene()->setAnimationsEnabled(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("teardown")));
        ui::SessionModel* s = w.session();
        const int n = s->stepCount();
        QVERIFY(n > 6);
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(s->cursor(), 1);
        QTest::keyClick(&w, Qt::Key_Space);
        QTest::keyClick(&w, Qt::Key_PageDown);
        QCOMPARE(s->cursor(), 3);
        QTest::keyClick(&w, Qt::Key_Left);
        QTest::keyClick(&w, Qt::Key_PageUp);
        QCOMPARE(s->cursor(), 1);
        QTest::keyClick(&w, Qt::Key_End);
        QCOMPARE(s->cursor(), n);
        QCOMPARE(w.stepText(), QStringLiteral("Step %1 / %1").arg(n));
        QTest::keyClick(&w, Qt::Key_Home);
        QCOMPARE(s->cursor(), 0);
        QCOMPARE(w.stepText(), QStringLiteral("Step 0 / %1").arg(n));
        // Zoom: +, -, 0.
        const double fitted = w.diagramView()->zoom();
        QTest::keyClick(&w, Qt::Key_Plus);
        QVERIFY(w.diagramView()->zoom() > fitted);
        QTest::keyClick(&w, Qt::Key_Minus);
        QTest::keyClick(&w, Qt::Key_Minus);
        QVERIFY(w.diagramView()->zoom() < fitted);
        QTest::keyClick(&w, Qt::Key_0);
        QCOMPARE(w.diagramView()->zoom(), fitted);
    }

    void fitWidthAndFitPageWorkAtAnySize() {
        // Issue 14: zoom stopped at 0.3, so on a small view neither fit could fit. A long
        // lesson in a small view: 0 fits its width, 9 its whole page, from its top.
        ui::SessionModel session;
        QVERIFY(session.load(QStringLiteral("fast-recovery")) == ui::SessionModel::LoadStatus::Loaded);
        ui::SequenceDiagramScene scene(&session);
        ui::SequenceDiagramView view(&scene);
        view.resize(320, 240);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        session.toEnd();
        const QRectF page = scene.diagramRect();
        view.fitWidth();
        const QRectF seen_width = view.mapToScene(view.viewport()->rect()).boundingRect();
        QVERIFY2(view.zoom() < 0.3, qPrintable(QString::number(view.zoom())));
        QVERIFY(seen_width.left() <= page.left() + 2 / view.zoom() && seen_width.right() >= page.right() - 2 / view.zoom());
        view.fitPage();
        const QRectF seen_page = view.mapToScene(view.viewport()->rect()).boundingRect();
        const double px = 2 / view.zoom();   // two pixels of rounding, in scene units
        QVERIFY2(seen_page.adjusted(-px, -px, px, px).contains(page),
                 qPrintable(QStringLiteral("%1,%2 %3x%4 vs %5,%6 %7x%8").arg(seen_page.x()).arg(seen_page.y()).arg(seen_page.width()).arg(seen_page.height()).arg(page.x()).arg(page.y()).arg(page.width()).arg(page.height())));
        QVERIFY(view.zoom() >= ui::SequenceDiagramView::kMinZoom);
    }

    void byEventStepsEveryEvent() {
        ui::SessionModel model;
        QCOMPARE(model.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        model.setCursor(2);   // the SYN,ACK has arrived: 14 events shown
        QCOMPARE(model.visibleEvents(), std::size_t{14});
        model.setGranularity(core::StepGranularity::Event);
        QCOMPARE(model.stepCount(), static_cast<int>(model.trace().events.size()));
        QCOMPARE(model.cursor(), 14);
        QCOMPARE(model.visibleEvents(), std::size_t{14});
        model.setGranularity(core::StepGranularity::Segment);
        QCOMPARE(model.cursor(), 2);
    }

    void notationSwitchChangesLabels() {
        ui::MainWindow w;
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        ui::SequenceDiagramScene* scene = w.diagramScene();
        QCOMPARE(scene->arrowLabel(1), QStringLiteral("SYN=1, seq=x"));
        QCOMPARE(scene->arrowLabel(2), QStringLiteral("SYN=1, ACK=1, seq=y, ack=x+1"));
        w.setNotation(core::Notation::Relative);
        QCOMPARE(scene->arrowLabel(1), QStringLiteral("[SYN] seq=0"));
        QCOMPARE(scene->arrowLabel(2), QStringLiteral("[SYN, ACK] seq=0, ack=1"));
        w.setNotation(core::Notation::Absolute);
        QCOMPARE(scene->arrowLabel(1), QStringLiteral("[SYN] seq=100"));
        w.setNotation(core::Notation::Rfc);
        QCOMPARE(scene->arrowLabel(1), QStringLiteral("<SEQ=100><CTL=SYN>"));
        QCOMPARE(scene->arrowLabel(2), QStringLiteral("<SEQ=300><ACK=101><CTL=SYN,ACK>"));
        w.setNotation(core::Notation::Textbook);
        QCOMPARE(scene->arrowLabel(3), QStringLiteral("ACK=1, seq=x+1, ack=y+1"));
    }

    void clickingAnArrowFillsTheInspector() {
        ui::MainWindow w;
        w.diagramScene()->setAnimationsEnabled(false);
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        w.session()->toEnd();
        ui::SegmentInspector* inspector = w.inspector();
        // The step's segment is shown first: the final ACK.
        QCOMPARE(inspector->segment(), std::uint64_t{3});

        ui::SequenceDiagramView* view = w.diagramView();
        const QPointF on_arrow = w.diagramScene()->arrowPoint(2, 0.5);
        view->centerOn(on_arrow);
        QApplication::processEvents();
        const QPoint at = view->mapFromScene(on_arrow);
        QVERIFY(view->viewport()->rect().contains(at));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(w.session()->selectedSegment(), std::uint64_t{2});
        QCOMPARE(inspector->segment(), std::uint64_t{2});
        // The SYN,ACK: B's port to A's, seq 300 (y), ack 101 (x+1), SYN and ACK lit.
        QCOMPARE(inspector->text(HeaderField::SourcePort), QStringLiteral("80"));
        QCOMPARE(inspector->text(HeaderField::DestinationPort), QStringLiteral("50000"));
        QCOMPARE(inspector->text(HeaderField::Sequence), QStringLiteral("300"));
        QCOMPARE(inspector->detail(HeaderField::Sequence), QStringLiteral("seq=y"));
        QCOMPARE(inspector->text(HeaderField::Acknowledgment), QStringLiteral("101"));
        QCOMPARE(inspector->detail(HeaderField::Acknowledgment), QStringLiteral("ack=x+1"));
        QCOMPARE(inspector->flags(), std::uint8_t(core::kSyn | core::kAck));
        QCOMPARE(inspector->text(HeaderField::Window), QStringLiteral("65535"));
        // A SYN carries the MSS option: six 32-bit words of header.
        QCOMPARE(inspector->text(HeaderField::DataOffset), QStringLiteral("6"));
        QCOMPARE(inspector->text(HeaderField::Options), QStringLiteral("MSS = 536"));
        QCOMPARE(inspector->text(HeaderField::Data), QStringLiteral("none"));
        QVERIFY(inspector->summary().contains(QStringLiteral("Server → Client")));

        // Clicking the label selects too; clicking empty space changes nothing.
        const QPointF empty(w.diagramScene()->lifelineX(core::Side::A) - 300, on_arrow.y());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(empty));
        QCOMPARE(inspector->segment(), std::uint64_t{2});
    }

    void inspectorShowsBothTcbsAtTheCursor() {
        ui::MainWindow w;
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        ui::SegmentInspector* inspector = w.inspector();
        w.session()->toEnd();
        inspector->refreshTcbs();
        QCOMPARE(inspector->tcbText(0, core::Side::A), QStringLiteral("ESTABLISHED"));
        QCOMPARE(inspector->tcbText(2, core::Side::A), QStringLiteral("x+1 (101)"));   // SND.NXT
        QCOMPARE(inspector->tcbText(5, core::Side::B), QStringLiteral("x+1 (101)"));   // RCV.NXT
        QCOMPARE(inspector->tcbText(7, core::Side::A), QStringLiteral("y (300)"));     // IRS
        w.session()->setCursor(1);   // the SYN has arrived: A in SYN-SENT knows no IRS yet
        inspector->refreshTcbs();
        QCOMPARE(inspector->tcbText(0, core::Side::A), QStringLiteral("SYN-SENT"));
        QCOMPARE(inspector->tcbText(0, core::Side::B), QStringLiteral("SYN-RECEIVED"));
        QCOMPARE(inspector->tcbText(7, core::Side::A), QStringLiteral("—"));
        QCOMPARE(inspector->tcbText(2, core::Side::B), QStringLiteral("y+1 (301)"));
        w.setTextbookStateNames(true);
        QCOMPARE(inspector->tcbText(0, core::Side::B), QStringLiteral("SYN_RCVD"));
        w.session()->toStart();
        inspector->refreshTcbs();
        QCOMPARE(inspector->tcbText(0, core::Side::B), QStringLiteral("CLOSED"));
        QCOMPARE(inspector->tcbText(1, core::Side::B), QStringLiteral("—"));
    }

    void steppingForwardAnimatesAndBackIsImmediate() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        QCOMPARE(model.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        QSignalSpy finished(&scene, &ui::SequenceDiagramScene::animationFinished);
        scene.setAnimationSpeed(4);
        model.next();
        QVERIFY(scene.isAnimating());
        QTRY_VERIFY_WITH_TIMEOUT(!scene.isAnimating(), 3000);
        QCOMPARE(finished.count(), 1);
        model.next();
        QVERIFY(scene.isAnimating());
        model.previous();   // back: at once
        QVERIFY(!scene.isAnimating());
        model.toEnd();      // a jump: at once
        QVERIFY(!scene.isAnimating());
    }

    void playReachesTheEnd() {
        ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        ui::Player* player = w.player();
        w.setSpeed(4);
        QCOMPARE(player->speed(), 4.0);
        player->setDwell(40);
        QSignalSpy finished(w.diagramScene(), &ui::SequenceDiagramScene::animationFinished);
        QTest::keyClick(&w, Qt::Key_P);
        QVERIFY(player->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(!player->isPlaying(), 10000);
        QVERIFY(w.session()->atEnd());
        QCOMPARE(finished.count(), w.session()->stepCount());
        QVERIFY(!w.diagramScene()->isAnimating());
        // Play at the end starts again from the beginning; P pauses.
        player->play();
        QVERIFY(player->isPlaying());
        QCOMPARE(w.session()->cursor(), 1);
        QTest::keyClick(&w, Qt::Key_P);
        QVERIFY(!player->isPlaying());
    }

    void speedIsClamped() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        ui::Player player(&model, &scene);
        player.setSpeed(10);
        QCOMPARE(player.speed(), 4.0);
        player.setSpeed(0.1);
        QCOMPARE(player.speed(), 0.25);
        QCOMPARE(scene.animationSpeed(), 0.25);
    }

    void futureStepsHiddenOrFaded() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        QCOMPARE(model.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        model.setCursor(1);
        // The next arrow is not drawn and cannot be clicked while hidden ...
        const QPointF third = scene.arrowPoint(3, 0.5);
        QCOMPARE(scene.segmentAt(third), std::uint64_t{0});
        QCOMPARE(scene.segmentAt(scene.arrowPoint(1, 0.5)), std::uint64_t{1});
        // ... and is, faded.
        scene.setFutureSteps(ui::FutureSteps::Faded);
        QCOMPARE(scene.segmentAt(third), std::uint64_t{3});
        QCOMPARE(scene.visibleArrowCount(), 1);
    }

    void rendersThroughQGraphicsSceneRender() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        QCOMPARE(model.load(QStringLiteral("lost-syn")), ui::SessionModel::LoadStatus::Loaded);
        auto ink = [&] {
            const QRectF r = scene.diagramRect();
            QImage image(r.size().toSize() / 2, QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter p(&image);
            scene.render(&p, QRectF(), r);
            p.end();
            qint64 dark = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x) dark += qGray(image.pixel(x, y)) < 128;
            return dark;
        };
        const qint64 at_start = ink();
        model.toEnd();
        const qint64 at_end = ink();
        QVERIFY(at_start > 0);            // headers and lifelines
        QVERIFY(at_end > at_start + 500);  // and then the arrows, crosses and boxes
    }

    // --- congestion control's marks ---

    void duplicateAcksAreTaggedWithTheirCount() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        QCOMPARE(model.load(QStringLiteral("data-loss")), ui::SessionModel::LoadStatus::Loaded);
        const core::Trace& t = model.trace();
        const auto& arrows = scene.layout().arrows();
        std::vector<int> counts;
        for (std::size_t i = 0; i < arrows.size(); ++i) {
            const core::Event& arrival = t.events[arrows[i].event];
            const QStringList tags = scene.arrowTags(i);
            const QStringList dup = tags.filter(QStringLiteral("dup ACK"));
            if (arrival.kind == core::EventKind::Arrive && arrival.dup_ack > 0) {
                QCOMPARE(dup, QStringList{QStringLiteral("dup ACK %1").arg(arrival.dup_ack)});
                counts.push_back(arrival.dup_ack);
            } else {
                QVERIFY2(dup.isEmpty(), qPrintable(tags.join(u',')));
            }
        }
        // The client counts four: the third makes it retransmit, the fourth arrives after.
        QCOMPARE(counts, (std::vector<int>{1, 2, 3, 4}));
    }

    void aFastRetransmissionIsNotATimeout() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        QCOMPARE(model.load(QStringLiteral("data-loss")), ui::SessionModel::LoadStatus::Loaded);
        const core::Trace& t = model.trace();
        const auto& arrows = scene.layout().arrows();
        int fast = 0;
        for (std::size_t i = 0; i < arrows.size(); ++i) {
            const QStringList tags = scene.arrowTags(i);
            const core::Retransmission again = t.segment(arrows[i].segment).retransmissionKind();
            QCOMPARE(tags.contains(QStringLiteral("fast retransmission")), again == core::Retransmission::Fast);
            QVERIFY(!tags.contains(QStringLiteral("retransmission")));   // no timeout here
            fast += again == core::Retransmission::Fast;
        }
        QCOMPARE(fast, 1);
        model.toEnd();
        const ui::SequenceDiagramScene::ShownMarks shown = scene.shownMarks();
        QVERIFY(shown.fast_retransmission && shown.dup_ack && shown.lost);
        QVERIFY(!shown.timeout_retransmission && !shown.network_copy && !shown.horizon);
        // Before the duplicate ACKs come back, none is shown.
        model.setCursor(3);
        QVERIFY(!scene.shownMarks().dup_ack);
    }

    void burstLabelsKeepClearOfEachOtherAndOfTheCross() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        QCOMPARE(model.load(QStringLiteral("data-loss")), ui::SessionModel::LoadStatus::Loaded);
        const auto& arrows = scene.layout().arrows();
        std::vector<QPolygonF> outlines;
        for (std::size_t i = 0; i < arrows.size(); ++i) outlines.push_back(scene.labelOutline(i));
        int lost = 0;
        for (std::size_t i = 0; i < arrows.size(); ++i) {
            for (std::size_t j = i + 1; j < arrows.size(); ++j) {
                const double area = sharedArea(outlines[i], outlines[j]);
                QVERIFY2(area < 1, qPrintable(QStringLiteral("the labels of %1 and %2 overlap (%3 px²)")
                                                  .arg(scene.shownArrowLabel(i), scene.shownArrowLabel(j))
                                                  .arg(area)));
            }
            if (!arrows[i].lost) continue;
            ++lost;
            const QPointF cross = scene.arrowEnd(i);
            for (std::size_t j = 0; j < arrows.size(); ++j)
                QVERIFY2(!outlines[j].containsPoint(cross, Qt::OddEvenFill),
                         qPrintable(QStringLiteral("%1 covers the cross").arg(scene.shownArrowLabel(j))));
        }
        QCOMPARE(lost, 1);
    }

    void aSimulationCutAtItsHorizonSaysSo() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        model.setScenario(core::parseScenario(kCutAtTheHorizon));
        QCOMPARE(model.trace().end.reason, core::EndReason::Horizon);
        QCOMPARE(model.trace().end.time, core::TimeUs{1'500'000});
        // Not before the end: the cut is what the last step shows.
        QVERIFY(!scene.horizonMarkY());
        model.toEnd();
        const std::optional<double> y = scene.horizonMarkY();
        QVERIFY(y);
        QVERIFY(*y > scene.layout().height());
        QVERIFY(*y < scene.diagramRect().bottom());
        QVERIFY(scene.shownMarks().horizon);
        QVERIFY(scene.horizonText().contains(QStringLiteral("1.500 s")));
        // The retransmission timers still running reach the cut.
        int open = 0;
        for (const ui::TimerRow& r : scene.layout().timers())
            if (r.end == ui::TimerEnd::Open) {
                ++open;
                QCOMPARE(r.y1, *y);
            }
        QCOMPARE(open, 2);
        // Drawn: the line across the diagram, in the horizon's colour, between the lifelines.
        const QRectF r = scene.diagramRect();
        QImage image(r.size().toSize(), QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter p(&image);
        scene.render(&p, QRectF(), r);
        p.end();
        const int row = static_cast<int>(std::lround(*y - r.top()));
        int reddish = 0;
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, row);
            reddish += c.red() > 150 && c.green() < 140 && c.blue() < 100;
        }
        QVERIFY2(reddish > 200, qPrintable(QString::number(reddish)));

        // A run that ended quietly has no such mark.
        QCOMPARE(model.load(QStringLiteral("data-loss")), ui::SessionModel::LoadStatus::Loaded);
        QCOMPARE(model.trace().end.reason, core::EndReason::Quiet);
        model.toEnd();
        QVERIFY(!scene.horizonMarkY());
        QVERIFY(!scene.layout().horizonY());
        QVERIFY(!scene.shownMarks().horizon);
    }

    void unknownAndBrokenScenariosAreRefused() {
        ui::SessionModel model;
        QString error;
        QCOMPARE(model.load(QStringLiteral("no-such-scenario"), &error), ui::SessionModel::LoadStatus::Unknown);
        QVERIFY(error.contains(QStringLiteral("no-such-scenario")));
        QCOMPARE(model.load(QStringLiteral(TCPVIZ_TEST_DATA "/scenarios/broken/loss-too-large.json"), &error),
                 ui::SessionModel::LoadStatus::Invalid);
        QVERIFY(error.contains(QStringLiteral("loss-too-large.json:")));
        QVERIFY(!model.hasScenario());
        QCOMPARE(model.stepCount(), 0);
    }
};

QTEST_MAIN(SequenceDiagramTest)
#include "sequence_diagram_test.moc"
