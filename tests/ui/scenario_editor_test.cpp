// What-if editing: edits are undoable commands, simulated off the UI thread, adopted with the
// cursor kept; stale edits are dropped, failed ones leave the session alone.
#include "ui/session/scenario_editor.h"

#include <QAction>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>
#include <QWidget>
#include <algorithm>

#include "core/sim/simulator.h"
#include "core/trace/trace_printers.h"
#include "core/sim/what_if.h"
#include "ui/session/session_model.h"

using namespace tcpviz;
using ui::ScenarioEditor;
using ui::SessionModel;

namespace {

constexpr int kWaitMs = 20'000;

std::string traceText(const core::Trace& t) {
    return core::traceToJson(t);
}

bool hasRetransmittedSynAck(const core::Trace& t) {
    return std::any_of(t.segments.begin(), t.segments.end(), [](const core::SegmentRecord& r) {
        return r.from == core::Side::B && r.segment.flags == (core::kSyn | core::kAck) &&
               r.reason == core::SendReason::Retransmission;
    });
}

bool segmentDroppedByFault(const core::Trace& t, std::uint64_t id) {
    return std::any_of(t.events.begin(), t.events.end(), [id](const core::Event& e) {
        return e.kind == core::EventKind::Drop && e.segment == id &&
               e.drop_reason == core::DropReason::Fault;
    });
}

// A transfer long enough that simulating it takes a noticeable time.
core::Scenario bigTransfer(int segments) {
    return core::parseScenario(QStringLiteral(R"({"format": "tcpviz-scenario/1", "id": "big",
        "horizon_ms": 100000000, "tcp": {"window": 536},
        "script": [{"at_ms": 0, "endpoint": "B", "call": "listen"},
                   {"at_ms": 10, "endpoint": "A", "call": "connect"},
                   {"at_ms": 200, "endpoint": "A", "call": "send", "bytes": %1}]})")
                                   .arg(536 * segments)
                                   .toStdString());
}

}  // namespace

class ScenarioEditorTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void droppingTheSynAckRetransmitsItAndUndoRestoresTheTrace() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        const core::Scenario original_scenario = session.scenario();
        const std::string original = traceText(session.trace());
        ScenarioEditor editor(&session);
        QSignalSpy finished(&session, &SessionModel::simulationFinished);
        QVERIFY(!editor.isModified());

        QCOMPARE(session.trace().segment(2).segment.flags, core::kSyn | core::kAck);
        QVERIFY(editor.dropSegment(2));
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Drop SYN,ACK from B"));
        QVERIFY(editor.isModified());
        QVERIFY(finished.wait(kWaitMs));
        const std::string dropped = traceText(session.trace());
        QVERIFY(hasRetransmittedSynAck(session.trace()));
        QVERIFY(segmentDroppedByFault(session.trace(), 2));
        QCOMPARE(session.scenario().faults.size(), std::size_t{1});

        editor.undoStack()->undo();
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(traceText(session.trace()) == original);
        QVERIFY(session.scenario() == original_scenario);
        QVERIFY(!editor.isModified());

        editor.undoStack()->redo();
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(traceText(session.trace()) == dropped);

        // The same through the shortcuts of the Edit menu's actions.
        QWidget window;
        QAction* undo = editor.undoStack()->createUndoAction(&window);
        undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
        QAction* redo = editor.undoStack()->createRedoAction(&window);
        redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        window.addAction(undo);
        window.addAction(redo);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(traceText(session.trace()) == original);
        QVERIFY(!hasRetransmittedSynAck(session.trace()));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(traceText(session.trace()) == dropped);
    }

    void theCursorKeepsItsStepClamped() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("teardown")), SessionModel::LoadStatus::Loaded);
        ScenarioEditor editor(&session);
        QSignalSpy finished(&session, &SessionModel::simulationFinished);
        session.setCursor(3);
        // Drop the last segment: more steps (its retransmission), the cursor stays at 3.
        const std::uint64_t last = session.trace().segments.size();
        QVERIFY(editor.dropSegment(last));
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(session.cursor(), 3);
        // The cursor moved while the edit was being simulated: where it is then counts.
        const int steps = session.stepCount();
        session.toEnd();
        QVERIFY(editor.restoreSegment(last));
        session.setCursor(steps - 1);
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(session.stepCount() < steps);
        QCOMPARE(session.cursor(), std::min(steps - 1, session.stepCount()));
        // At the end of a trace that gets shorter: clamped to its new end.
        QVERIFY(editor.dropSegment(last));
        QVERIFY(finished.wait(kWaitMs));
        session.toEnd();
        const int longer = session.stepCount();
        editor.undoStack()->undo();
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(session.stepCount() < longer);
        QCOMPARE(session.cursor(), session.stepCount());
    }

    void editsAreSimulatedInTheBackgroundAndStaleOnesDropped() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        const core::Scenario base = session.scenario();
        const std::string original = traceText(session.trace());
        QSignalSpy traces(&session, &SessionModel::traceChanged);
        QSignalSpy finished(&session, &SessionModel::simulationFinished);

        core::Scenario first = base, second = base, third = base;
        first.faults.push_back(core::faultForSegment(session.trace(), 1, core::FaultAction::Drop));
        second.faults.push_back(core::faultForSegment(session.trace(), 2, core::FaultAction::Drop));
        third.faults.push_back(core::faultForSegment(session.trace(), 3, core::FaultAction::Drop));
        session.applyEdit(first);
        session.applyEdit(second);
        session.applyEdit(third);
        // Nothing changed yet: the simulation runs on a worker thread.
        QVERIFY(session.isSimulating());
        QCOMPARE(traces.count(), 0);
        QVERIFY(traceText(session.trace()) == original);
        QVERIFY(session.latestScenario() == third);

        QVERIFY(finished.wait(kWaitMs));
        QTest::qWait(100);  // no late result of an older edit follows
        QCOMPARE(finished.count(), 1);
        QCOMPARE(traces.count(), 1);
        QVERIFY(!session.isSimulating());
        QVERIFY(session.scenario() == third);
        QVERIFY(traceText(session.trace()) == traceText(core::simulate(third)));

        // A scenario loaded meanwhile wins over an edit still being simulated.
        session.applyEdit(first);
        QCOMPARE(session.load(QStringLiteral("teardown")), SessionModel::LoadStatus::Loaded);
        QVERIFY(!session.isSimulating());
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(QString::fromStdString(session.scenario().id), QStringLiteral("teardown"));
    }

    void aScenarioThatCannotBeSimulatedLeavesTheSessionAlone() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        const core::Scenario before = session.scenario();
        const std::string trace = traceText(session.trace());
        ScenarioEditor editor(&session);
        QSignalSpy failed(&session, &SessionModel::simulationFailed);
        QSignalSpy finished(&session, &SessionModel::simulationFinished);
        QSignalSpy traces(&session, &SessionModel::traceChanged);

        core::Scenario broken = before;
        broken.endpoints[0].address = "not an address";  // the simulator throws
        editor.replaceScenario(broken, QStringLiteral("Break it"));
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY(failed.front().front().toString().contains(QStringLiteral("not an address")));
        QVERIFY(session.scenario() == before);
        QVERIFY(traceText(session.trace()) == trace);
        QCOMPARE(traces.count(), 0);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!session.isSimulating());
        // The undo stack follows the session: the failed edit is undone (and can be redone).
        QVERIFY(!editor.undoStack()->canUndo());
        QVERIFY(editor.undoStack()->canRedo());
        QVERIFY(!editor.isModified());
        // A later edit builds on the scenario the session has.
        QVERIFY(editor.dropSegment(3));
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(session.scenario().endpoints[0].address, before.endpoints[0].address);
        QCOMPARE(session.scenario().faults.size(), std::size_t{1});
    }

    void busyIsSignalledOnlyForSlowSimulations() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        QSignalSpy busy(&session, &SessionModel::busyChanged);
        QSignalSpy finished(&session, &SessionModel::simulationFinished);
        // The handshake simulates in well under 100 ms: no indicator flickers.
        core::Scenario s = session.scenario();
        s.faults.push_back(core::faultForSegment(session.trace(), 2, core::FaultAction::Drop));
        session.applyEdit(s);
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(busy.count(), 0);

        // A long transfer takes longer than a 1 ms busy delay: true, then false when adopted.
        session.setBusyDelay(1);
        session.applyEdit(bigTransfer(20'000));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kWaitMs);
        QCOMPARE(busy.count(), 2);
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QCOMPARE(busy.at(1).at(0).toBool(), false);
        QVERIFY(session.trace().segments.size() > 20'000);
    }

    void linkChangesOfOneFieldMergeIntoOneStep() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        ScenarioEditor editor(&session);
        QSignalSpy finished(&session, &SessionModel::simulationFinished);
        const auto original = session.scenario().link;
        const std::uint64_t seed = session.scenario().seed;
        auto link = original;
        enum Field { Delay, Loss, Jitter };

        for (double d : {60.0, 70.0, 80.0}) {
            link[0].delay_ms = d;
            editor.setLink(link, seed, Delay);
        }
        QCOMPARE(editor.undoStack()->count(), 1);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Change the link"));
        link[1].loss = 0.25;
        editor.setLink(link, seed, Loss, QStringLiteral("Loss B→A 25 %"));
        QCOMPARE(editor.undoStack()->count(), 2);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Loss B→A 25 %"));
        QTRY_VERIFY_WITH_TIMEOUT(!session.isSimulating(), kWaitMs);
        QCOMPARE(session.scenario().link[0].delay_ms, 80.0);
        QCOMPARE(session.scenario().link[1].loss, 0.25);

        editor.undoStack()->undo();  // the loss
        QTRY_VERIFY_WITH_TIMEOUT(!session.isSimulating(), kWaitMs);
        QCOMPARE(session.scenario().link[1].loss, original[1].loss);
        QCOMPARE(session.scenario().link[0].delay_ms, 80.0);
        editor.undoStack()->undo();  // all three delays at once
        QTRY_VERIFY_WITH_TIMEOUT(!session.isSimulating(), kWaitMs);
        QVERIFY(session.scenario().link == original);
        QVERIFY(!editor.isModified());

        // Dragging there and back again leaves nothing to undo.
        link = original;
        link[0].jitter_ms = 5;
        editor.setLink(link, seed, Jitter);
        editor.setLink(original, seed, Jitter);
        QCOMPARE(editor.undoStack()->count(), 0);  // the new change dropped the redoable steps
        QVERIFY(!editor.isModified());
        QTRY_VERIFY_WITH_TIMEOUT(!session.isSimulating(), kWaitMs);
        QVERIFY(session.scenario().link == original);

        // A change after saving does not merge into the saved step.
        link[0].delay_ms = 90;
        editor.setLink(link, seed, Delay);
        editor.markSaved();
        QVERIFY(!editor.isModified());
        link[0].delay_ms = 95;
        editor.setLink(link, seed, Delay);
        QCOMPARE(editor.undoStack()->count(), 2);
        QVERIFY(editor.isModified());
        editor.reset();
        QCOMPARE(editor.undoStack()->count(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!session.isSimulating(), kWaitMs);
    }

    void callsAreAddedAtTheirTime() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("handshake")), SessionModel::LoadStatus::Loaded);
        ScenarioEditor editor(&session);
        QSignalSpy finished(&session, &SessionModel::simulationFinished);
        editor.addCall(core::Side::A, core::CallKind::Send, 400, 100);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("A: send(100) at 0.400 s"));
        QVERIFY(finished.wait(kWaitMs));
        const auto& events = session.trace().events;
        const auto call = std::find_if(events.begin(), events.end(), [](const core::Event& e) {
            return e.kind == core::EventKind::Call && e.call == core::CallKind::Send;
        });
        QVERIFY(call != events.end());
        QCOMPARE(call->time, core::msToUs(400));
        QCOMPARE(call->bytes, 100u);
        QCOMPARE(call->endpoint, core::Side::A);
    }
};

QTEST_MAIN(ScenarioEditorTest)
#include "scenario_editor_test.moc"
