// The sequence diagram's labels never collide (issue 14): in every built-in lesson, in every
// notation, at every step (long lessons at a sample of steps, and always at their end), no two
// labels overlap, and no label covers a lost segment's ✕ or a state box; nor at the end in a small
// screen's geometry, where crowds are denser.
#include <QElapsedTimer>
#include <QtMath>
#include <QPolygonF>
#include <QStandardPaths>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "core/scenario/scenario.h"
#include "core/trace/notation.h"
#include "ui/session/session_model.h"
#include "ui/views/sequence_diagram.h"

using namespace tcpviz;

namespace {

// One thing drawn: a label's backing, a cross or a state box, as a convex outline.
struct Drawn {
    QPolygonF outline;
    QRectF bounds;
    bool label = false;
    QString what;
};

// The corners of a convex outline, without the closing repeat of the first.
QPolygonF corners(QPolygonF p) {
    if (p.size() > 1 && p.front() == p.back()) p.removeLast();
    return p;
}

// Whether two convex outlines share more than an edge (separating axis test).
bool overlap(const QPolygonF& a, const QPolygonF& b) {
    for (const QPolygonF* poly : {&a, &b}) {
        for (qsizetype k = 0; k < poly->size(); ++k) {
            const QPointF edge = poly->at((k + 1) % poly->size()) - poly->at(k);
            const double len = std::hypot(edge.x(), edge.y());
            if (len <= 1e-9) continue;
            const QPointF axis(-edge.y() / len, edge.x() / len);
            auto extent = [&axis](const QPolygonF& r) {
                double lo = 1e300, hi = -1e300;
                for (const QPointF& c : r) {
                    const double d = QPointF::dotProduct(c, axis);
                    lo = std::min(lo, d);
                    hi = std::max(hi, d);
                }
                return std::pair{lo, hi};
            };
            const auto [a0, a1] = extent(a);
            const auto [b0, b1] = extent(b);
            if (std::min(a1, b1) - std::max(a0, b0) <= 0.01) return false;   // apart, or touching
        }
    }
    return true;
}

double distanceToSegment(QPointF p, QPointF a, QPointF b) {
    const QPointF d = b - a;
    const double len2 = QPointF::dotProduct(d, d);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, d) / len2, 0.0, 1.0) : 0.0;
    return QLineF(p, a + t * d).length();
}

Drawn drawnRect(const QRectF& r, QString what) { return {corners(QPolygonF(r)), r, false, std::move(what)}; }

// What the diagram draws at the cursor, of the things labels must keep clear of; with `notes`,
// also the notes, which on a screen share the state boxes' column and must keep clear of them
// and of each other.
std::vector<Drawn> drawnAtCursor(const ui::SequenceDiagramScene& scene, bool notes = false) {
    std::vector<Drawn> out;
    const auto& arrows = scene.layout().arrows();
    const auto shown = static_cast<std::size_t>(scene.visibleArrowCount());
    for (std::size_t i = 0; i < shown; ++i) {
        const QPolygonF outline = corners(scene.labelOutline(i));
        QString text = scene.shownArrowLabel(i);
        if (text.isEmpty()) text = scene.arrowTags(i).join(u' ');
        out.push_back({outline, outline.boundingRect(), true,
                       QStringLiteral("the label of segment %1 (%2)").arg(arrows[i].segment).arg(text)});
        if (arrows[i].lost)
            out.push_back(
                drawnRect(scene.lostCrossRect(i), QStringLiteral("the cross of segment %1").arg(arrows[i].segment)));
    }
    for (std::size_t b = 0; b < static_cast<std::size_t>(scene.visibleStateBoxCount()); ++b)
        out.push_back(drawnRect(scene.stateBoxRect(b), QStringLiteral("state box %1").arg(b)));
    for (core::Side s : {core::Side::A, core::Side::B})
        out.push_back(drawnRect(scene.initialStateBoxRect(s), QStringLiteral("an initial state box")));
    if (notes) {
        for (std::size_t n = 0; n < static_cast<std::size_t>(scene.visibleNoteCount()); ++n) {
            Drawn note = drawnRect(scene.noteRect(n), QStringLiteral("note %1 (%2)").arg(n).arg(scene.noteText(scene.layout().notes()[n])));
            note.label = true;   // checked against everything, as a label is
            out.push_back(std::move(note));
        }
    }
    return out;
}

// The first collision between a label and anything else drawn, or an empty string. A sweep down
// the diagram: each outline meets only those whose heights overlap its own.
QString firstCollision(std::vector<Drawn> drawn) {
    std::sort(drawn.begin(), drawn.end(),
              [](const Drawn& x, const Drawn& y) { return x.bounds.top() < y.bounds.top(); });
    for (std::size_t i = 0; i < drawn.size(); ++i) {
        for (std::size_t j = i + 1; j < drawn.size() && drawn[j].bounds.top() < drawn[i].bounds.bottom(); ++j) {
            if (!drawn[i].label && !drawn[j].label) continue;
            if (drawn[j].bounds.left() >= drawn[i].bounds.right() || drawn[i].bounds.left() >= drawn[j].bounds.right())
                continue;
            if (overlap(drawn[i].outline, drawn[j].outline))
                return QStringLiteral("%1 overlaps %2").arg(drawn[i].what, drawn[j].what);
        }
    }
    return {};
}

// Every step of a short lesson; in a long one, steps spread over it; and always the end.
std::vector<int> stepsToCheck(int count) {
    constexpr int kEvery = 250, kSample = 80;
    std::vector<int> out;
    if (count <= kEvery) {
        for (int k = 0; k <= count; ++k) out.push_back(k);
        return out;
    }
    for (int k = 0; k < kSample; ++k) out.push_back(static_cast<int>(static_cast<long long>(count) * k / kSample));
    out.push_back(count);
    return out;
}

}  // namespace

class LabelOverlapTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void labelsNeverCollideInAnyLesson() {
        QElapsedTimer clock;
        clock.start();
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        int lessons = 0, checks = 0, labels = 0, widened = 0, leaders = 0, compact_widened = 0;
        for (const core::BuiltinScenario& lesson : core::builtinScenariosOf(core::ScenarioKind::TwoEndpoints)) {
            const QString id = QString::fromStdString(lesson.id);
            QCOMPARE(model.load(id), ui::SessionModel::LoadStatus::Loaded);
            ++lessons;
            QVERIFY2(model.trace().segments.size() > 0, qPrintable(id));
            for (core::Notation n : core::kAllNotations) {
                scene.setNotation(n);
                const QString where =
                    QStringLiteral("%1, %2 notation").arg(id, QString::fromLatin1(core::notationName(n)));
                widened += scene.widenedRows();
                for (int step : stepsToCheck(model.stepCount())) {
                    model.setCursor(step);
                    const std::vector<Drawn> drawn = drawnAtCursor(scene);
                    const QString collision = firstCollision(drawn);
                    QVERIFY2(collision.isEmpty(),
                             qPrintable(QStringLiteral("%1, step %2: %3").arg(where).arg(step).arg(collision)));
                    ++checks;
                }
                // At the end every label is drawn: all of them were checked.
                QCOMPARE(scene.visibleArrowCount(), static_cast<int>(scene.layout().arrows().size()));
                labels += scene.visibleArrowCount();
                // A label set apart hangs from its own arrow: its leader line starts on the arrow
                // and ends on the label's edge.
                for (std::size_t i = 0; i < scene.layout().arrows().size(); ++i) {
                    const QLineF leader = scene.labelLeader(i);
                    if (leader.isNull()) continue;
                    ++leaders;
                    const ui::ArrowRow& a = scene.layout().arrows()[i];
                    const QPointF from(scene.lifelineX(a.from), a.y0), to = scene.arrowEnd(i);
                    QVERIFY2(distanceToSegment(leader.p1(), from, to) < 0.5, qPrintable(where));
                    const QPolygonF outline = corners(scene.labelOutline(i));
                    double nearest = 1e300;
                    for (qsizetype k = 0; k < outline.size(); ++k) {
                        const QPointF next = outline[(k + 1) % outline.size()];
                        nearest = std::min(nearest, distanceToSegment(leader.p2(), outline[k], next));
                    }
                    QVERIFY2(nearest < 0.5, qPrintable(where));
                }
            }
            // BSD state names make the boxes wider and move the lifelines.
            scene.setNotation(core::Notation::Textbook);
            scene.setTextbookStateNames(true);
            model.toEnd();
            const QString collision = firstCollision(drawnAtCursor(scene));
            QVERIFY2(collision.isEmpty(), qPrintable(QStringLiteral("%1 with BSD state names: %2").arg(id, collision)));
            scene.setTextbookStateNames(false);
            // The window's geometries: every word larger and the notes among the state boxes; on
            // a small screen the lifelines closer too, so that more labels find no room in a
            // crowd and are placed again in rows.
            for (const auto geometry : {ui::DiagramGeometry::Screen, ui::DiagramGeometry::SmallScreen}) {
                scene.setGeometry(geometry);
                const QString screen = geometry == ui::DiagramGeometry::Screen ? QStringLiteral("large screen")
                                                                                : QStringLiteral("small screen");
                for (core::Notation n : core::kAllNotations) {
                    scene.setNotation(n);
                    if (geometry == ui::DiagramGeometry::SmallScreen) compact_widened += scene.widenedRows();
                    const QString collision = firstCollision(drawnAtCursor(scene, true));
                    QVERIFY2(collision.isEmpty(), qPrintable(QStringLiteral("%1, %2 notation, %3: %4")
                                                                 .arg(id, QString::fromLatin1(core::notationName(n)),
                                                                      screen, collision)));
                }
                // Half-way, as a student stepping through sees it.
                model.setCursor(model.stepCount() / 2);
                const QString half = firstCollision(drawnAtCursor(scene, true));
                QVERIFY2(half.isEmpty(), qPrintable(QStringLiteral("%1, %2, half-way: %3").arg(id, screen, half)));
                model.toEnd();
            }
            scene.setGeometry(ui::DiagramGeometry::Figure);
        }
        QVERIFY(lessons >= 30);
        QVERIFY(leaders > 0);   // the check above saw some
        qInfo("%d lessons, %d diagrams checked, %d labels at the ends (%d on leader lines), %d rows widened "
              "(%d on a small screen), in %lld ms",
              lessons, checks, labels, leaders, widened, compact_widened, static_cast<long long>(clock.elapsed()));
    }

    // The figures issue 14 names look like a textbook's: every label written along its own arrow
    // (none set apart, level, in a row of its own), a lost segment's clear of its cross.
    void theFiguresOfTheIssueKeepTheirLabelsAlongTheirArrows() {
        ui::SessionModel model;
        ui::SequenceDiagramScene scene(&model);
        scene.setAnimationsEnabled(false);
        for (const char* id : {"simultaneous-open", "data-loss", "lost-final-ack", "time-wait", "fast-retransmit"}) {
            QCOMPARE(model.load(QString::fromLatin1(id)), ui::SessionModel::LoadStatus::Loaded);
            model.toEnd();
            const auto& arrows = scene.layout().arrows();
            for (std::size_t i = 0; i < arrows.size(); ++i) {
                const QPolygonF label = corners(scene.labelOutline(i));
                QCOMPARE(label.size(), 4);
                const QLineF arrow(QPointF(scene.lifelineX(arrows[i].from), arrows[i].y0), scene.arrowEnd(i));
                const QLineF edge(label[0], label[1]);
                const double turn = std::abs(std::sin(qDegreesToRadians(arrow.angleTo(edge))));
                QVERIFY2(turn < 1e-3, qPrintable(QStringLiteral("%1: the label of segment %2 is not along its arrow")
                                                     .arg(QString::fromLatin1(id))
                                                     .arg(arrows[i].segment)));
                if (arrows[i].lost)
                    QVERIFY2(!overlap(label, corners(QPolygonF(scene.lostCrossRect(i)))), id);
            }
            QVERIFY2(firstCollision(drawnAtCursor(scene)).isEmpty(), id);
        }
    }
};

QTEST_MAIN(LabelOverlapTest)
#include "label_overlap_test.moc"
