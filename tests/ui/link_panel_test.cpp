// The link panel: setLink fills it silently, each committed user edit emits the whole link
// once, and the emitted link and seed drive the simulator deterministically.
#include "ui/panels/link_panel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <limits>
#include <optional>

#include "core/scenario/scenario.h"
#include "core/sim/simulator.h"
#include "core/trace/trace_printers.h"

using namespace tcpviz;
using ui::LinkPair;
using ui::LinkPanel;

namespace {

LinkPair distinctLink() {
    LinkPair link;
    link[0].delay_ms = 30;
    link[0].jitter_ms = 5;
    link[0].loss = 0.02;
    link[0].duplicate = 0.01;
    link[0].bandwidth_bps = 256'000;
    link[0].queue_packets = 7;
    link[1].delay_ms = 70.5;
    link[1].loss = 0.25;
    link[1].bandwidth_bps = 0;
    return link;
}

// Types `text` into a spin box and commits it with Enter, as a user does.
void typeInto(QDoubleSpinBox* spin, const QString& text) {
    spin->selectAll();
    QTest::keyClicks(spin, text);
}

struct Emitted {
    LinkPair link;
    std::uint64_t seed;
    int field;
};

Emitted emitted(const QSignalSpy& spy, qsizetype i) {
    const QList<QVariant>& args = spy.at(i);
    return {args.at(0).value<LinkPair>(), args.at(1).value<std::uint64_t>(), args.at(2).toInt()};
}

int lossDrops(const core::Trace& t) {
    int n = 0;
    for (const core::Event& e : t.events)
        if (e.kind == core::EventKind::Drop && e.drop_reason == core::DropReason::Loss) ++n;
    return n;
}

core::Scenario builtin(const std::string& id) {
    for (const core::BuiltinScenario& b : core::builtinScenariosOf(core::ScenarioKind::TwoEndpoints))
        if (b.id == id) return core::parseScenario(b.json, b.id);
    throw std::runtime_error("no built-in " + id);
}

}  // namespace

class LinkPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void setLinkFillsTheControlsSilently() {
        LinkPanel panel;
        QSignalSpy spy(&panel, &LinkPanel::linkEdited);
        const std::uint64_t big_seed = std::numeric_limits<std::uint64_t>::max();  // beyond any int
        panel.setLink(distinctLink(), big_seed);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(panel.spinBox(0, LinkPanel::Delay)->value(), 30.0);
        QCOMPARE(panel.spinBox(0, LinkPanel::Jitter)->value(), 5.0);
        QCOMPARE(panel.spinBox(0, LinkPanel::Loss)->value(), 2.0);
        QCOMPARE(panel.spinBox(0, LinkPanel::Duplicate)->value(), 1.0);
        QCOMPARE(panel.spinBox(0, LinkPanel::Bandwidth)->value(), 256.0);
        QCOMPARE(panel.spinBox(1, LinkPanel::Delay)->value(), 70.5);
        QCOMPARE(panel.spinBox(1, LinkPanel::Loss)->value(), 25.0);
        QCOMPARE(panel.spinBox(1, LinkPanel::Bandwidth)->text(), QStringLiteral("unlimited"));
        QCOMPARE(panel.seedEdit()->text(), QStringLiteral("18446744073709551615"));
        QCOMPARE(panel.seed(), big_seed);
        QVERIFY(panel.link() == distinctLink());
        QVERIFY(panel.spinBox(0, LinkPanel::Delay)->suffix().contains(QStringLiteral("ms")));
        QVERIFY(!panel.spinBox(0, LinkPanel::Loss)->toolTip().isEmpty());
        // Different directions: not "same both ways"; equal ones: on by default.
        QVERIFY(!panel.sameBothWays());
        panel.setLink(LinkPair{}, 1);
        QVERIFY(panel.sameBothWays());
        QVERIFY(panel.burstNote()->isHidden());
        QCOMPARE(spy.count(), 0);
    }

    void lossEditEmitsOnceWithThatDirection() {
        LinkPanel panel;
        panel.setLink(distinctLink(), 9);
        QVERIFY(!panel.sameBothWays());
        QSignalSpy spy(&panel, &LinkPanel::linkEdited);
        QDoubleSpinBox* loss = panel.spinBox(0, LinkPanel::Loss);
        typeInto(loss, QStringLiteral("10"));
        QCOMPARE(spy.count(), 0);  // keystrokes are no commits
        QTest::keyClick(loss, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        const Emitted e = emitted(spy, 0);
        QCOMPARE(e.link[0].loss, 0.1);
        QCOMPARE(e.link[1].loss, 0.25);  // the other direction untouched
        QCOMPARE(e.seed, std::uint64_t{9});
        QCOMPARE(e.field, LinkPanel::field(0, LinkPanel::Loss));
        // Everything else passes through, including what the panel does not show.
        LinkPair expected = distinctLink();
        expected[0].loss = 0.1;
        QVERIFY(e.link == expected);
        QCOMPARE(e.link[0].queue_packets, 7u);
        // Enter again without a change: nothing new.
        QTest::keyClick(loss, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        // An arrow step commits at once, one signal per step, naming its control.
        panel.spinBox(1, LinkPanel::Delay)->stepUp();
        QCOMPARE(spy.count(), 2);
        QVERIFY(emitted(spy, 1).link[1].delay_ms > 70.5);
        QCOMPARE(emitted(spy, 1).field, LinkPanel::field(1, LinkPanel::Delay));
    }

    void sameBothWaysMirrorsTheEdit() {
        LinkPanel panel;
        LinkPair link;
        link[1].burst = core::LinkDirection::Burst{0.1, 0.5, 0, 0.8};
        link[0].queue_packets = 3;
        panel.setLink(link, 1);
        QVERIFY(panel.sameBothWays());  // equal in every shown value
        // B->A uses the file's bursty loss: its loss field is off and a note says why.
        QVERIFY(!panel.burstNote()->isHidden());
        QVERIFY(!panel.spinBox(1, LinkPanel::Loss)->isEnabled());
        QVERIFY(panel.spinBox(0, LinkPanel::Loss)->isEnabled());

        QSignalSpy spy(&panel, &LinkPanel::linkEdited);
        QDoubleSpinBox* loss = panel.spinBox(0, LinkPanel::Loss);
        typeInto(loss, QStringLiteral("10"));
        QTest::keyClick(loss, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);  // one edit, one signal, though two controls changed
        const Emitted e = emitted(spy, 0);
        QCOMPARE(e.link[0].loss, 0.1);
        QCOMPARE(e.link[1].loss, 0.1);
        QCOMPARE(panel.spinBox(1, LinkPanel::Loss)->value(), 10.0);
        QVERIFY(e.link[1].burst == link[1].burst);
        QCOMPARE(e.link[0].queue_packets, 3u);
        QCOMPARE(e.field, LinkPanel::field(0, LinkPanel::Loss));

        // The echo of its own edit keeps the user's choice; switched off, edits stay one-way.
        panel.setSameBothWays(false);
        panel.setLink(e.link, e.seed);
        QVERIFY(!panel.sameBothWays());
        panel.spinBox(1, LinkPanel::Delay)->setValue(80);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(emitted(spy, 1).link[1].delay_ms, 80.0);
        QCOMPARE(emitted(spy, 1).link[0].delay_ms, 50.0);
        QCOMPARE(panel.spinBox(0, LinkPanel::Delay)->value(), 50.0);
    }

    void seedEditsEmit() {
        LinkPanel panel;
        panel.setLink(distinctLink(), 5);
        QSignalSpy spy(&panel, &LinkPanel::linkEdited);
        QLineEdit* seed = panel.seedEdit();
        seed->selectAll();
        QTest::keyClicks(seed, QStringLiteral("42"));
        QCOMPARE(spy.count(), 0);
        QTest::keyClick(seed, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(emitted(spy, 0).seed, std::uint64_t{42});
        QCOMPARE(emitted(spy, 0).field, LinkPanel::SeedField);
        QVERIFY(emitted(spy, 0).link == distinctLink());
        QTest::keyClick(seed, Qt::Key_Return);  // unchanged: no signal
        QCOMPARE(spy.count(), 1);

        // Only uint64 digits get in.
        QTest::keyClicks(seed, QStringLiteral("x-"));
        QCOMPARE(seed->text(), QStringLiteral("42"));
        seed->setText(QStringLiteral("18446744073709551616"));  // 2^64
        QVERIFY(!seed->hasAcceptableInput());
        seed->setText(QStringLiteral("18446744073709551615"));
        QVERIFY(seed->hasAcceptableInput());
        QTest::keyClick(seed, Qt::Key_Return);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(emitted(spy, 1).seed, std::numeric_limits<std::uint64_t>::max());

        // "New seed" picks another one and says so.
        QTest::mouseClick(panel.newSeedButton(), Qt::LeftButton);
        QCOMPARE(spy.count(), 3);
        const std::uint64_t fresh = emitted(spy, 2).seed;
        QVERIFY(fresh != std::numeric_limits<std::uint64_t>::max());
        QCOMPARE(panel.seed(), fresh);
        QCOMPARE(seed->text(), QString::number(fresh));
        QCOMPARE(emitted(spy, 2).field, LinkPanel::SeedField);
    }

    // Without the main window: what the panel emits, applied to a scenario, is what the
    // simulator runs — random loss that is reproducible for one seed and differs for another.
    void emittedLinkChangesTheTraceDeterministically() {
        core::Scenario scenario = builtin("data-loss");    // eight data segments and their ACKs
        QCOMPARE(lossDrops(core::simulate(scenario)), 0);  // its own loss is a scripted fault

        LinkPanel panel;
        panel.setLink(scenario.link, scenario.seed);
        QVERIFY(panel.sameBothWays());
        QSignalSpy spy(&panel, &LinkPanel::linkEdited);
        QDoubleSpinBox* loss = panel.spinBox(0, LinkPanel::Loss);
        typeInto(loss, QStringLiteral("30"));
        QTest::keyClick(loss, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        scenario.link = emitted(spy, 0).link;
        QCOMPARE(scenario.link[0].loss, 0.3);
        QCOMPARE(scenario.link[1].loss, 0.3);

        // Each seed goes in through the panel's seed field, as a user types it.
        auto traceWithSeed = [&](std::uint64_t s) {
            panel.seedEdit()->setText(QString::number(s));
            const qsizetype before = spy.count();
            QTest::keyClick(panel.seedEdit(), Qt::Key_Return);
            core::Scenario run = scenario;
            if (spy.count() > before) {
                const Emitted e = emitted(spy, spy.count() - 1);
                run.link = e.link;
                run.seed = e.seed;
            }
            return core::simulate(run);
        };

        // The first seed (searched, not assumed) whose run loses a segment to chance.
        std::optional<std::uint64_t> lossy;
        std::string first;
        for (std::uint64_t s = 1; s <= 50 && !lossy; ++s) {
            const core::Trace t = traceWithSeed(s);
            if (lossDrops(t) > 0) {
                lossy = s;
                first = core::traceToJson(t);
            }
        }
        QVERIFY2(lossy, "no seed in 1..50 loses a segment at 30 % loss");
        QCOMPARE(panel.seed(), *lossy);

        // The same seed again (after another one) gives the very same trace.
        (void)traceWithSeed(*lossy + 1000);
        const core::Trace again = traceWithSeed(*lossy);
        QVERIFY(lossDrops(again) > 0);
        QVERIFY(core::traceToJson(again) == first);

        // Some other seed gives another trace.
        bool differs = false;
        for (std::uint64_t s = *lossy + 1; s <= *lossy + 50 && !differs; ++s)
            differs = core::traceToJson(traceWithSeed(s)) != first;
        QVERIFY(differs);
    }
};

QTEST_MAIN(LinkPanelTest)
#include "link_panel_test.moc"
