// The inspector's TCB table reads the trace's TCB samples at the cursor's event, so it always
// agrees with what the diagram shows (issue 13: re-simulating to the cursor's *time* showed
// SND.NXT past the last segment drawn, and an all-zero TCB in TIME-WAIT).
#include <QtTest>

#include "core/scenario/scenario.h"
#include "core/tcp/seq_num.h"
#include "ui/session/session_model.h"

using namespace tcpviz;

class SessionTcbTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyStepOfEveryLessonShowsTheTcbOfWhatIsDrawn() {
        int checked = 0;
        for (const auto& lesson : core::builtinScenarios()) {
            ui::SessionModel model;
            QCOMPARE(model.load(QString::fromStdString(lesson.id)), ui::SessionModel::LoadStatus::Loaded);
            const core::Trace& t = model.trace();
            for (int cursor = 0; cursor <= model.stepCount(); ++cursor) {
                model.setCursor(cursor);
                const std::size_t visible = model.visibleEvents();
                const auto tcbs = model.tcbsAtCursor();
                for (core::Side side : {core::Side::A, core::Side::B}) {
                    const core::TcbNumbers& tcb = tcbs[core::idx(side)];
                    QCOMPARE(tcb.state, t.statesAfter(visible)[core::idx(side)]);
                    if (!core::isSynchronized(tcb.state)) continue;
                    // The diagram has drawn this side's SYN with the ISS the table shows, and
                    // every octet up to SND.NXT.
                    std::optional<core::SeqNum> syn, sent_to;
                    for (std::size_t i = 0; i < visible; ++i) {
                        const core::Event& e = t.events[i];
                        if (e.kind != core::EventKind::Send || e.endpoint != side) continue;
                        const core::SegmentRecord& r = t.segment(e.segment);
                        if (r.reason == core::SendReason::Injected || r.segment.has(core::kRst)) continue;
                        if (r.segment.has(core::kSyn)) syn = r.segment.seq;
                        if (!sent_to || r.segment.end() > *sent_to) sent_to = r.segment.end();
                    }
                    const QString where = QStringLiteral("%1 step %2 side %3")
                                              .arg(QString::fromStdString(lesson.id))
                                              .arg(cursor)
                                              .arg(QLatin1String(core::sideName(side)));
                    if (syn) QVERIFY2(core::SeqNum(tcb.iss) == *syn, qPrintable(where));
                    if (sent_to) QVERIFY2(core::SeqNum(tcb.snd_nxt) <= *sent_to, qPrintable(where));
                    ++checked;
                }
            }
        }
        QVERIFY2(checked > 200, qPrintable(QString::number(checked)));
    }

    void theTableChangesOnlyWithTheStep() {
        // In simultaneous-close, stepping back returns exactly the earlier TCB.
        ui::SessionModel model;
        QCOMPARE(model.load(QStringLiteral("simultaneous-close")), ui::SessionModel::LoadStatus::Loaded);
        model.setCursor(4);
        const auto at4 = model.tcbsAtCursor();
        model.toEnd();
        model.setCursor(4);
        QCOMPARE(model.tcbsAtCursor()[0], at4[0]);
        QCOMPARE(model.tcbsAtCursor()[1], at4[1]);
    }
};

QTEST_GUILESS_MAIN(SessionTcbTest)
#include "session_tcb_test.moc"
