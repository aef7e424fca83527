// The main window's sequence diagram: stepping, notation, clicking an arrow, playing.
#include <QContextMenuEvent>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "core/capture/capture.h"
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

// The whole diagram as drawn, at 1x, on white.
QImage rendered(ui::SequenceDiagramScene& scene) {
    const QRectF r = scene.diagramRect();
    QImage image(r.size().toSize(), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    scene.render(&p, QRectF(), r);
    p.end();
    return image;
}

// How many pixels in `area` (scene coordinates) of such a picture `is` picks.
template <typename Pick>
int pixelsIn(const ui::SequenceDiagramScene& scene, const QImage& image, const QRectF& area, Pick is) {
    const QRect box = area.translated(-scene.diagramRect().topLeft()).toAlignedRect() & image.rect();
    int n = 0;
    for (int y = box.top(); y <= box.bottom(); ++y)
        for (int x = box.left(); x <= box.right(); ++x) n += is(image.pixelColor(x, y));
    return n;
}

bool isInk(const QColor& c) { return qGray(c.rgb()) < 100; }
bool isSolidInk(const QColor& c) { return qGray(c.rgb()) < 60; }   // not the dotted rest of a way
bool isRed(const QColor& c) { return c.red() > 150 && c.green() < 140 && c.blue() < 100; }

// Sends a right-click at `at` (viewport pixels) and says which menu it asked for.
enum class Menu { None, Segment, Lifeline };
Menu rightClick(ui::SequenceDiagramView& view, QPoint at, std::uint64_t* segment = nullptr,
                core::Side* side = nullptr) {
    QSignalSpy segments(&view, &ui::SequenceDiagramView::segmentContextMenuRequested);
    QSignalSpy lifelines(&view, &ui::SequenceDiagramView::lifelineContextMenuRequested);
    QContextMenuEvent e(QContextMenuEvent::Mouse, at, view.viewport()->mapToGlobal(at));
    QApplication::sendEvent(view.viewport(), &e);
    if (!segments.isEmpty()) {
        if (segment) *segment = segments.first().at(0).value<std::uint64_t>();
        return Menu::Segment;
    }
    if (!lifelines.isEmpty()) {
        if (side) *side = lifelines.first().at(0).value<core::Side>();
        return Menu::Lifeline;
    }
    return Menu::None;
}

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

    // A capture of the engine against the kernel (tests/interop): its arrows are level, a row
    // each, with folded pauses of 2 s between the demo's steps. Each label is whole and above
    // its own arrow, the first after a fold too (it was pushed under its arrow, onto the next
    // row, whose label then shrank to "ack=x+49").
    void aCapturesLabelsSitAboveTheirArrowsAfterAPause() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        model.setCapture(core::readCapture(TCPVIZ_TEST_DATA "/captures/interop-demo.pcapng"));
        const auto& arrows = scene.layout().arrows();
        QCOMPARE(arrows.size(), std::size_t{15});
        QVERIFY(scene.layout().breaks().size() >= 3);
        for (std::size_t i = 0; i < arrows.size(); ++i) {
            const QString label = scene.shownArrowLabel(i);
            QVERIFY2(label.contains(QLatin1String("seq=")), qPrintable(QStringLiteral("arrow %1 shows only “%2”").arg(i).arg(label)));
            const double y = scene.arrowEnd(i).y();
            const QRectF box = scene.labelOutline(i).boundingRect();
            QVERIFY2(box.bottom() <= y + 1 && box.bottom() >= y - 30,
                     qPrintable(QStringLiteral("“%1” is at %2–%3, its arrow at %4").arg(label).arg(box.top()).arg(box.bottom()).arg(y)));
        }
    }

    // Issue 18: the RTT ruler of an HTTPS lesson counts the client's round trips from its SYN:
    // the request leaves after 2 with TLS 1.3 and 3 with TLS 1.2, the answer arrives one later.
    // Plain TCP has no ruler and keeps its width.
    void anHttpsLessonHasAnRttRuler() {
        for (const auto& [id, request] : {std::pair{"https-tls13", 2}, std::pair{"https-tls12", 3}}) {
            ui::SessionModel model;
            ui::SequenceDiagramScene scene(&model);
            QCOMPARE(model.load(QLatin1String(id)), ui::SessionModel::LoadStatus::Loaded);
            const auto ticks = scene.rttRuler();
            QCOMPARE(int(ticks.size()), request + 2);   // 0 .. request + 1
            for (std::size_t k = 0; k < ticks.size(); ++k) {
                QCOMPARE(ticks[k].round_trips, int(k));
                QCOMPARE(ticks[k].request, int(k) == request);
                QCOMPARE(ticks[k].answer, int(k) == request + 1);
                if (k > 0) QVERIFY(ticks[k].y > ticks[k - 1].y);
            }
            // The request's tick is where the client sends it: its first {Application Data}.
            const core::Event& sent = model.trace().events[ticks[std::size_t(request)].event];
            QCOMPARE(sent.kind, core::EventKind::Send);
            QCOMPARE(sent.endpoint, core::Side::A);
        }
        ui::SessionModel plain;
        ui::SequenceDiagramScene scene(&plain);
        QCOMPARE(plain.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(scene.rttRuler().empty());
    }

    // Beside the ruler of the HTTP/2 lesson, the head-of-line wait: all six streams, for the
    // 100 ms the lost segment's repair takes, from the answer's arrival to the delivery that
    // ends it. No lesson without a loss has one.
    void theHeadOfLineLessonShowsItsStreamsWaiting() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        QCOMPARE(model.load(QStringLiteral("http2-head-of-line")), ui::SessionModel::LoadStatus::Loaded);
        const auto wait = scene.streamWait();
        QVERIFY(wait);
        QCOMPARE(wait->streams, (std::vector<std::uint32_t>{1, 3, 5, 7, 9, 11}));
        QCOMPARE(wait->waited, core::TimeUs{100'000});
        QVERIFY(wait->bottom > wait->top);
        const core::Trace& t = model.trace();
        QCOMPARE(t.events[wait->to_event].kind, core::EventKind::Deliver);
        QCOMPARE(t.events[wait->to_event].endpoint, core::Side::A);
        // It ends with the repair's arrival: the fast retransmission reaches the client just before.
        bool repaired = false;
        for (std::size_t e = wait->from_event; e < wait->to_event; ++e)
            repaired = repaired || (t.events[e].kind == core::EventKind::Arrive && t.segment(t.events[e].segment).retransmission());
        QVERIFY(repaired);
        QVERIFY(ui::SequenceDiagramScene::streamWaitText(6).startsWith(QLatin1String("6 stream")));
        ui::SessionModel tls;
        ui::SequenceDiagramScene plain(&tls);
        QCOMPARE(tls.load(QStringLiteral("https-tls13")), ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(!plain.streamWait());
        // Over QUIC the band names the one stream whose bytes were lost, and ends where the
        // datagram that completed it arrives (QUIC records no deliveries), and the diagram draws
        // no TCP states for it.
        ui::SessionModel quic;
        ui::SequenceDiagramScene over(&quic);
        QCOMPARE(quic.load(QStringLiteral("quic-vs-tcp-loss")), ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(quic.trace().overUdp());
        const auto one = over.streamWait();
        QVERIFY(one);
        QCOMPARE(one->streams, std::vector<std::uint32_t>{4});
        QCOMPARE(quic.trace().events[one->to_event].kind, core::EventKind::Arrive);
        QCOMPARE(quic.trace().events[one->to_event].endpoint, core::Side::A);
        QVERIFY(one->bottom > one->top);
    }

    // Issue 18: a message in several segments is bracketed across them beside its sender's
    // lifeline, outside the timers' lanes: TLS 1.2's answer, one 2,000-byte record in two
    // segments of the server's. A message in one segment has none, and plain TCP none at all.
    void aMessageInSeveralSegmentsIsBracketedAcrossThem() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        QCOMPARE(model.load(QStringLiteral("https-tls12")), ui::SessionModel::LoadStatus::Loaded);
        const core::Trace& t = model.trace();
        const auto brackets = scene.messageBrackets();
        QVERIFY(!brackets.empty());
        bool answer = false;
        for (const auto& b : brackets) {
            QVERIFY(b.bottom > b.top);
            QCOMPARE(t.events[b.first_event].kind, core::EventKind::Send);
            QCOMPARE(t.events[b.last_event].kind, core::EventKind::Send);
            QCOMPARE(t.events[b.first_event].endpoint, b.side);
            QVERIFY(t.events[b.first_event].segment != t.events[b.last_event].segment);
            // Beside its sender's lifeline, on the outer side, beyond the timers' brackets.
            if (b.side == core::Side::B) QVERIFY(b.x > scene.lifelineX(core::Side::B) + 20);
            else QVERIFY(b.x < scene.lifelineX(core::Side::A) - 20);
            if (b.side == core::Side::B && b.name == QStringLiteral("{Data}")) answer = true;
        }
        QVERIFY(answer);
        ui::SessionModel plain;
        ui::SequenceDiagramScene none(&plain);
        QCOMPARE(plain.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        QVERIFY(none.messageBrackets().empty());
    }

    // A capture that ends while its connection is open (the live demo's, as first opened) says
    // that it ends there, not that a simulation was stopped.
    void aCaptureEndingWithItsConnectionOpenSaysSo() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        model.setCapture(core::readCapture(TCPVIZ_TEST_DATA "/captures/interop-demo-open.pcapng"));
        QCOMPARE(model.trace().end.reason, core::EndReason::Horizon);
        QVERIFY(scene.horizonText().startsWith(QLatin1String("the capture ends here")));
    }

    // Issue 15: a run stopped at its event limit ends with the same cut, and its words say why.
    void aSimulationCutAtItsEventLimitSaysSo() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        model.setScenario(core::parseScenario(
            R"({"format":"tcpviz-scenario/1","max_events":1000,"script":[{"at_ms":0,"endpoint":"B","call":"listen"},)"
            R"({"at_ms":10,"endpoint":"A","call":"connect"},{"at_ms":200,"endpoint":"A","call":"send","bytes":100000000}]})"));
        QCOMPARE(model.trace().end.reason, core::EndReason::Limit);
        model.toEnd();
        const std::optional<double> y = scene.horizonMarkY();
        QVERIFY(y);
        QVERIFY(*y > scene.layout().height());
        QVERIFY2(scene.horizonText().contains(QStringLiteral("limit of %1 events").arg(QLocale().toString(1000))) &&
                     scene.horizonText().contains(QStringLiteral("raise the scenario's max_events")),
                 qPrintable(scene.horizonText()));
        QVERIFY(scene.shownMarks().horizon);
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
        const QImage image = rendered(scene);
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

    // --- issue 14: segments on their way, the lifelines' menu ---

    void aSegmentSentIsDrawnOnItsWay() {
        // Step 6 of the teardown: the client calls close() and sends its FIN, which arrives in
        // step 7. The log says it was sent; the diagram shows it leaving, on its way to B.
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        scene.setHighlightCurrentStep(false);   // in ink, as exported
        QCOMPARE(model.load(QStringLiteral("teardown")), ui::SessionModel::LoadStatus::Loaded);
        const core::Trace& t = model.trace();
        const auto& arrows = scene.layout().arrows();
        std::size_t fin = arrows.size();
        for (std::size_t i = 0; i < arrows.size(); ++i)
            if (arrows[i].from == core::Side::A && t.segment(arrows[i].segment).segment.has(core::kFin)) fin = i;
        QVERIFY(fin < arrows.size());
        const std::uint64_t id = arrows[fin].segment;
        const int sent = static_cast<int>(model.steps().stepOfEvent(arrows[fin].send_event));
        const int arrived = static_cast<int>(model.steps().stepOfEvent(arrows[fin].event));
        QCOMPARE(sent, 6);
        QCOMPARE(arrived, 7);

        const QRectF label = scene.labelOutline(fin).boundingRect();
        // The far end of its way: where its head will be once it arrives, at B's lifeline.
        const QPointF end = scene.arrowEnd(fin);
        const QRectF head(end - QPointF(16, 8), QSizeF(12, 16));
        model.setCursor(sent - 1);
        QVERIFY(scene.arrowsInFlight().empty());
        QCOMPARE(scene.shownProgress(fin), 0.0);
        QCOMPARE(pixelsIn(scene, rendered(scene), label, isInk), 0);

        model.setCursor(sent);
        QCOMPARE(scene.arrowsInFlight(), std::vector<std::size_t>{fin});
        QCOMPARE(scene.visibleArrowCount(), static_cast<int>(fin));   // the ones that arrived
        // Sent at the cursor's time: just out of the sender, not at B.
        const double progress = scene.shownProgress(fin);
        QVERIFY2(progress > 0 && progress < 0.2, qPrintable(QString::number(progress)));
        const QImage on_its_way = rendered(scene);
        QVERIFY2(pixelsIn(scene, on_its_way, label, isInk) > 100, "its label is written");
        QVERIFY2(pixelsIn(scene, on_its_way, QRectF(scene.arrowPoint(id, progress) - QPointF(10, 10), QSizeF(20, 20)),
                          isSolidInk) > 20,
                 "its head is out of the sender");
        QVERIFY2(pixelsIn(scene, on_its_way, head, isSolidInk) < 5, "no head at B's lifeline yet");
        // It can be clicked anywhere on its way.
        QCOMPARE(scene.segmentAt(scene.arrowPoint(id, 0.7)), id);

        model.setCursor(arrived);   // and B's ACK of it is on its way back
        const std::vector<std::size_t> flying = scene.arrowsInFlight();
        QCOMPARE(flying.size(), std::size_t{1});
        QVERIFY(flying.front() != fin);
        QCOMPARE(scene.shownProgress(fin), 1.0);
        QVERIFY2(pixelsIn(scene, rendered(scene), head, isSolidInk) > 30, "its head at B once it arrived");
    }

    void byEventEverySegmentSentIsDrawnWhereItIs() {
        // Stepping by event, a segment is drawn from its send on, cut where it is at the
        // cursor's time; a lost one dies in its cross when its drop is reached, not before.
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        QCOMPARE(model.load(QStringLiteral("data-loss")), ui::SessionModel::LoadStatus::Loaded);
        model.setGranularity(core::StepGranularity::Event);
        const core::Trace& t = model.trace();
        const auto& arrows = scene.layout().arrows();
        int between = 0;
        for (int k = 0; k <= model.stepCount(); ++k) {
            model.setCursor(k);
            const std::size_t visible = model.visibleEvents();
            const std::vector<std::size_t> flying = scene.arrowsInFlight();
            for (std::size_t i = 0; i < arrows.size(); ++i) {
                const ui::ArrowRow& a = arrows[i];
                const bool on_its_way = a.send_event < visible && a.event >= visible;
                QCOMPARE(static_cast<int>(std::count(flying.begin(), flying.end(), i)), on_its_way ? 1 : 0);
                const double p = scene.shownProgress(i);
                if (a.send_event >= visible) QCOMPARE(p, 0.0);
                if (a.event < visible) QCOMPARE(p, 1.0);
                if (!on_its_way) continue;
                QVERIFY(p > 0 && p < 1);
                const core::TimeUs sent = t.events[a.send_event].time, end = t.events[a.event].time;
                const core::TimeUs now = t.events[visible - 1].time;
                if (now > sent && now < end) {
                    // Where it is at the cursor's time (unless that is too near either end to show).
                    const double f = static_cast<double>(now - sent) / static_cast<double>(end - sent);
                    if (f > 0.2 && f < 0.8) QVERIFY2(std::abs(p - f) < 1e-9, qPrintable(QStringLiteral("%1 vs %2").arg(p).arg(f)));
                    ++between;
                }
            }
        }
        QVERIFY(between > 0);

        // The lost segment: on its way until its drop, then the half arrow and its cross.
        std::size_t lost = arrows.size();
        for (std::size_t i = 0; i < arrows.size(); ++i)
            if (arrows[i].lost) lost = i;
        QVERIFY(lost < arrows.size());
        const QRectF cross = scene.lostCrossRect(lost);
        model.setCursor(static_cast<int>(arrows[lost].event));   // everything before the drop
        std::vector<std::size_t> flying = scene.arrowsInFlight();
        QCOMPARE(static_cast<int>(std::count(flying.begin(), flying.end(), lost)), 1);
        QVERIFY(!scene.shownMarks().lost);
        QCOMPARE(pixelsIn(scene, rendered(scene), cross, isRed), 0);
        model.next();   // the drop, half-way: the segments sent with it are half-way too
        QVERIFY(scene.shownMarks().lost);
        QCOMPARE(scene.shownProgress(lost), 1.0);
        QVERIFY(pixelsIn(scene, rendered(scene), cross, isRed) > 40);
        flying = scene.arrowsInFlight();
        const core::TimeUs burst = t.events[arrows[lost].send_event].time;
        int with_it = 0;
        for (std::size_t i : flying) {
            if (t.events[arrows[i].send_event].time != burst) continue;
            QCOMPARE(scene.shownProgress(i), 0.5);
            ++with_it;
        }
        QCOMPARE(with_it, 3);
    }

    void aSegmentOnItsWayFliesOnFromWhereItWas() {
        // Stepping on animates the FIN from where step 6 left it to B, never back from A.
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        QCOMPARE(model.load(QStringLiteral("teardown")), ui::SessionModel::LoadStatus::Loaded);
        scene.setAnimationsEnabled(false);
        model.setCursor(6);
        QCOMPARE(scene.arrowsInFlight().size(), std::size_t{1});
        const std::size_t fin = scene.arrowsInFlight().front();
        const double was = scene.shownProgress(fin);
        scene.setAnimationsEnabled(true);
        scene.setAnimationSpeed(4);
        model.next();
        QVERIFY(scene.isAnimating());
        double lowest = 1;
        while (scene.isAnimating()) {
            lowest = std::min(lowest, scene.shownProgress(fin));
            QTest::qWait(5);
        }
        QVERIFY2(lowest >= was - 1e-9, qPrintable(QStringLiteral("%1 < %2").arg(lowest).arg(was)));
        QCOMPARE(scene.shownProgress(fin), 1.0);
    }

    void theLifelineMenuIsInReachAtAnyZoom() {
        ui::SessionModel model;
        QCOMPARE(model.load(QStringLiteral("teardown")), ui::SessionModel::LoadStatus::Loaded);
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        ui::SequenceDiagramView view(&scene);
        view.resize(1000, 700);
        model.toEnd();   // before it is shown: no smooth scroll under the clicks
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // A quiet moment: between the answer to the data (300 ms) and the close (400 ms).
        const auto& ev = model.trace().events;
        std::size_t close = 0;
        while (ev[close].kind != core::EventKind::Call || ev[close].call != core::CallKind::Close) ++close;
        const double quiet = (scene.layout().eventY(close - 1) + scene.layout().eventY(close)) / 2;
        const double x_a = scene.lifelineX(core::Side::A), x_b = scene.lifelineX(core::Side::B);
        for (double zoom : {0.3, 2.0}) {
            view.setZoom(zoom);
            view.centerOn(QPointF(x_a, quiet));
            QApplication::processEvents();
            const QPoint at = view.mapFromScene(QPointF(x_a, quiet));
            QVERIFY(view.viewport()->rect().contains(at));
            // 28 px either side of the lifeline on the screen, whatever that is in the scene.
            core::Side side = core::Side::B;
            for (int dx : {-28, 28}) {
                QCOMPARE(rightClick(view, at + QPoint(dx, 0), nullptr, &side), Menu::Lifeline);
                QCOMPARE(side, core::Side::A);
            }
            const double reach = view.lifelineReach();
            QVERIFY2(reach * zoom >= 29, qPrintable(QStringLiteral("%1 px at %2x").arg(reach * zoom).arg(zoom)));
            QVERIFY(reach >= 40);
            const int outside = static_cast<int>(std::ceil(reach * zoom)) + 4;
            QCOMPARE(rightClick(view, at + QPoint(outside, 0)), Menu::None);
            QCOMPARE(rightClick(view, at - QPoint(outside, 0)), Menu::None);
            // A segment under the pointer still opens its own menu, however near the lifeline:
            // the SYN, 20 px from where it leaves A.
            const QPointF on_syn = scene.arrowPoint(1, 20 / zoom / (x_b - x_a));
            view.centerOn(on_syn);
            QApplication::processEvents();
            std::uint64_t segment = 0;
            QCOMPARE(rightClick(view, view.mapFromScene(on_syn), &segment), Menu::Segment);
            QCOMPARE(segment, std::uint64_t{1});
        }
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
