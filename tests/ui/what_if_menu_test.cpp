// The what-if context menus and how the sequence diagram asks for them: right-click an arrow
// or a lifeline, pick an item, and the scenario gets the matching undoable edit.
#include "ui/panels/what_if_menu.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>
#include <algorithm>
#include <memory>

#include "core/trace/trace_printers.h"
#include "ui/session/scenario_editor.h"
#include "ui/views/sequence_diagram.h"
#include "ui/session/session_model.h"

using namespace tcpviz;
using ui::ScenarioEditor;
using ui::SessionModel;
using ui::WhatIfMenus;

namespace {

constexpr int kWaitMs = 20'000;

QAction* action(QMenu* menu, const char* name) {
    const auto actions = menu->actions();
    const auto it = std::find_if(actions.begin(), actions.end(), [name](QAction* a) {
        return a->objectName() == QLatin1String(name);
    });
    return it == actions.end() ? nullptr : *it;
}

// One session with its editor and menus, on `scenario`.
struct Fixture {
    SessionModel session;
    ScenarioEditor editor{&session};
    WhatIfMenus menus{&editor, &session, nullptr};
    QSignalSpy finished{&session, &SessionModel::simulationFinished};
    explicit Fixture(const char* scenario) {
        if (session.load(QString::fromLatin1(scenario)) != SessionModel::LoadStatus::Loaded)
            qFatal("cannot load %s", scenario);
    }
    // Triggers an item of a fresh menu; the menu is deleted afterwards.
    bool trigger(QMenu* menu, const char* name) {
        std::unique_ptr<QMenu> owned(menu);
        QAction* a = action(menu, name);
        if (!a) return false;
        a->trigger();
        return true;
    }
};

}  // namespace

class WhatIfMenuTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void dropThenRestoreASegment() {
        Fixture f("handshake");
        const std::string original = core::traceToJson(f.session.trace());
        {
            std::unique_ptr<QMenu> menu(f.menus.segmentMenu(2));
            QVERIFY(action(menu.get(), "dropSegment"));
            QVERIFY(!action(menu.get(), "restoreSegment"));
            QCOMPARE(action(menu.get(), "dropSegment")->text(),
                     QStringLiteral("Drop this segment"));
        }
        QVERIFY(f.trigger(f.menus.segmentMenu(2), "dropSegment"));
        QVERIFY(f.finished.wait(kWaitMs));
        QCOMPARE(f.session.scenario().faults.size(), std::size_t{1});
        QCOMPARE(f.session.scenario().faults[0].action, core::FaultAction::Drop);
        QCOMPARE(f.editor.undoStack()->undoText(), QStringLiteral("Drop SYN,ACK from B"));

        // The segment is lost now: its menu offers to restore it instead.
        {
            std::unique_ptr<QMenu> menu(f.menus.segmentMenu(2));
            QVERIFY(!action(menu.get(), "dropSegment"));
            QVERIFY(action(menu.get(), "restoreSegment"));
        }
        QVERIFY(f.trigger(f.menus.segmentMenu(2), "restoreSegment"));
        QVERIFY(f.finished.wait(kWaitMs));
        QVERIFY(f.session.scenario().faults.empty());
        QVERIFY(core::traceToJson(f.session.trace()) == original);
        QCOMPARE(f.editor.undoStack()->count(), 2);
        QCOMPARE(f.editor.undoStack()->undoText(), QStringLiteral("Restore SYN,ACK from B"));
    }

    void delayAsksHowLongAndDuplicateAddsACopy() {
        Fixture f("handshake");
        int asked = 0;
        std::optional<int> answer = 250;
        QString title, label;
        f.menus.setPrompt([&](const QString& t, const QString& l, int value, int minimum, int) {
            ++asked;
            title = t;
            label = l;
            [&] { QVERIFY(value >= minimum && minimum >= 1); }();
            return answer;
        });
        // The menu and the dialog name the segment they act on, as the diagram labels it.
        {
            std::unique_ptr<QMenu> menu(f.menus.segmentMenu(3));
            QVERIFY(!menu->actions().isEmpty() && menu->actions().front()->isSeparator());
            QCOMPARE(menu->actions().front()->text(), QStringLiteral("Segment 3, Client → Server: ACK=1, seq=x+1, ack=y+1"));
        }
        QVERIFY(f.trigger(f.menus.segmentMenu(3), "delaySegment"));
        QCOMPARE(asked, 1);
        QCOMPARE(title, QStringLiteral("Delay segment 3"));
        QVERIFY2(label.startsWith(QStringLiteral("Segment 3, Client → Server: ACK=1, seq=x+1, ack=y+1")), qPrintable(label));
        f.menus.setNotation(core::Notation::Rfc);
        QVERIFY(f.menus.segmentName(3).contains(QStringLiteral("<SEQ=101><ACK=301><CTL=ACK>")));
        f.menus.setNotation(core::Notation::Textbook);
        QVERIFY(f.finished.wait(kWaitMs));
        QCOMPARE(f.session.scenario().faults.size(), std::size_t{1});
        const core::FaultSpec delay = f.session.scenario().faults[0];
        QCOMPARE(delay.action, core::FaultAction::Delay);
        QCOMPARE(delay.amount_ms, 250.0);
        QCOMPARE(delay.from, core::Side::A);

        // Cancelled: nothing changes.
        answer.reset();
        QVERIFY(f.trigger(f.menus.segmentMenu(1), "delaySegment"));
        QCOMPARE(asked, 2);
        QCOMPARE(f.editor.undoStack()->count(), 1);
        QVERIFY(!f.session.isSimulating());

        QVERIFY(f.trigger(f.menus.segmentMenu(1), "duplicateSegment"));
        QVERIFY(f.finished.wait(kWaitMs));
        QCOMPARE(f.session.scenario().faults.size(), std::size_t{2});
        QCOMPARE(f.session.scenario().faults[1].action, core::FaultAction::Duplicate);
        QCOMPARE(f.session.scenario().faults[1].amount_ms, WhatIfMenus::kDuplicateGapMs);
        const auto& events = f.session.trace().events;
        QVERIFY(std::any_of(events.begin(), events.end(), [](const core::Event& e) {
            return e.kind == core::EventKind::Arrive && e.segment == 1 && e.copy == 1;
        }));
    }

    void lifelineItemsAddCallsAtTheTime() {
        Fixture f("handshake");
        f.menus.setPrompt(
            [](const QString&, const QString&, int, int, int) { return std::optional<int>(1234); });
        {
            std::unique_ptr<QMenu> menu(f.menus.lifelineMenu(core::Side::A, 500));
            for (const char* name : {"sendCall", "closeCall", "abortCall", "rebootCall"})
                QVERIFY(action(menu.get(), name));
            QCOMPARE(action(menu.get(), "sendCall")->text(),
                     QStringLiteral("A (Client): send(n bytes)…"));
            QCOMPARE(action(menu.get(), "rebootCall")->text(),
                     QStringLiteral("A (Client): reboot"));
        }
        QVERIFY(f.trigger(f.menus.lifelineMenu(core::Side::A, 500), "sendCall"));
        QVERIFY(f.finished.wait(kWaitMs));
        QVERIFY(f.trigger(f.menus.lifelineMenu(core::Side::B, 700), "rebootCall"));
        QVERIFY(f.finished.wait(kWaitMs));

        const auto& script = f.session.scenario().script;
        QCOMPARE(script.size(), std::size_t{4});
        QCOMPARE(script[2].at_ms, 500.0);
        QVERIFY(std::get<core::ScriptCall>(script[2].what) ==
                (core::ScriptCall{core::Side::A, core::CallKind::Send, 1234}));
        QCOMPARE(script[3].at_ms, 700.0);
        QVERIFY(std::get<core::ScriptCall>(script[3].what) ==
                (core::ScriptCall{core::Side::B, core::CallKind::Reboot, 0}));
        const auto& events = f.session.trace().events;
        const auto reboot = std::find_if(events.begin(), events.end(), [](const core::Event& e) {
            return e.kind == core::EventKind::Call && e.call == core::CallKind::Reboot;
        });
        QVERIFY(reboot != events.end());
        QCOMPARE(reboot->endpoint, core::Side::B);
        QCOMPARE(reboot->time, core::msToUs(700));
        QCOMPARE(f.editor.undoStack()->count(), 2);

        QVERIFY(f.trigger(f.menus.lifelineMenu(core::Side::B, 800), "closeCall"));
        QVERIFY(f.finished.wait(kWaitMs));
        QVERIFY(std::get<core::ScriptCall>(f.session.scenario().script.back().what).call ==
                core::CallKind::Close);
    }

    void timeAtYFollowsTheRows() {
        SessionModel session;
        ui::SequenceDiagramScene scene(&session);
        QCOMPARE(session.load(QStringLiteral("teardown")), SessionModel::LoadStatus::Loaded);
        const core::Trace& t = session.trace();
        const ui::DiagramLayout& l = scene.layout();
        // At the lowest row so far of each event, the time is that event's.
        for (std::size_t i = 0; i < t.events.size(); ++i) {
            if (i > 0 && l.bottomOf(i + 1) <= l.bottomOf(i)) continue;
            QCOMPARE(scene.timeAtY(l.bottomOf(i + 1)),
                     static_cast<double>(t.events[i].time) / 1000.0);
        }
        // Never decreasing down the diagram, never negative, a little past the end below it.
        double last = -1;
        for (double y = -200; y < l.height() + 100; y += 3.7) {
            const double ms = scene.timeAtY(y);
            QVERIFY(ms >= last);
            QVERIFY(ms >= 0);
            last = ms;
        }
        QCOMPARE(scene.timeAtY(-500), 0.0);
        const double end = static_cast<double>(t.events.back().time) / 1000.0;
        QVERIFY(scene.timeAtY(l.height() + 1) > end);
        QVERIFY(scene.timeAtY(l.height() + 1) < end + 10);
    }

    void rightClicksAskForTheMenus() {
        SessionModel session;
        ui::SequenceDiagramScene scene(&session);
        scene.setAnimationsEnabled(false);
        ui::SequenceDiagramView view(&scene);
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(session.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        session.toEnd();
        view.setZoom(1.0);
        QSignalSpy segments(&view, &ui::SequenceDiagramView::segmentContextMenuRequested);
        QSignalSpy lifelines(&view, &ui::SequenceDiagramView::lifelineContextMenuRequested);
        const auto rightClick = [&view](QPointF scene_pos) {
            view.centerOn(scene_pos);
            const QPoint at = view.mapFromScene(scene_pos);
            QContextMenuEvent e(QContextMenuEvent::Mouse, at, view.viewport()->mapToGlobal(at));
            QCoreApplication::sendEvent(view.viewport(), &e);
        };

        rightClick(scene.arrowPoint(2, 0.5));
        QCOMPARE(segments.count(), 1);
        QCOMPARE(segments.front().at(0).value<std::uint64_t>(), std::uint64_t{2});
        QCOMPARE(lifelines.count(), 0);

        // Beside B's lifeline, level with the SYN's arrival: B at that time.
        const auto& events = session.trace().events;
        const auto syn_arrives =
            std::find_if(events.begin(), events.end(), [](const core::Event& e) {
                return e.kind == core::EventKind::Arrive && e.segment == 1;
            });
        QVERIFY(syn_arrives != events.end());
        const double y = scene.layout().eventY(session.trace().stepOf(*syn_arrives));
        rightClick(QPointF(scene.lifelineX(core::Side::B) + 30, y + 14));
        QCOMPARE(lifelines.count(), 1);
        QCOMPARE(lifelines.front().at(0).value<core::Side>(), core::Side::B);
        const double at_ms = lifelines.front().at(1).toDouble();
        QCOMPARE(at_ms, scene.timeAtY(y + 14));
        QVERIFY(at_ms >= static_cast<double>(syn_arrives->time) / 1000.0);
        QCOMPARE(segments.count(), 1);

        // Far from lifelines and arrows: nothing.
        rightClick(QPointF((scene.lifelineX(core::Side::A) + scene.lifelineX(core::Side::B)) / 2,
                           scene.headerRect().bottom() + 4));
        QCOMPARE(segments.count(), 1);
        QCOMPARE(lifelines.count(), 1);
    }
};

QTEST_MAIN(WhatIfMenuTest)
#include "what_if_menu_test.moc"
