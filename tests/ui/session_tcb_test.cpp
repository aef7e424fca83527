// The inspector's TCB table reads the trace's TCB samples at the cursor's event, so it always
// agrees with what the diagram shows (issue 13: re-simulating to the cursor's *time* showed
// SND.NXT past the last segment drawn, and an all-zero TCB in TIME-WAIT), and shows nothing of
// later steps (issue 14); nor does the segment summary while later steps are hidden.
#include <QtTest>

#include "core/scenario/scenario.h"
#include "core/tcp/seq_num.h"
#include "ui/panels/segment_inspector.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"

using namespace tcpviz;

class SessionTcbTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void payloadLineBreaksReadAsEscapes() {
        // A data segment of data-loss carries the generated HTTP-like stream: its CR LF show
        // as \r\n, characters every font has, never as the control-picture glyphs or boxes.
        ui::SessionModel m;
        QVERIFY(m.load(QStringLiteral("data-loss")) == ui::SessionModel::LoadStatus::Loaded);
        m.toEnd();
        ui::SegmentInspector inspector(&m);
        bool seen = false;
        for (const core::SegmentRecord& r : m.trace().segments) {
            if (r.segment.payload.empty()) continue;
            m.setSelectedSegment(r.id);
            const QString data = inspector.detail(ui::HeaderField::Data);
            QVERIFY(!data.contains(QChar(0x240D)) && !data.contains(QChar(0x240A)));
            for (QChar c : data) QVERIFY2(c.unicode() >= 0x20, qPrintable(data));
            seen |= data.contains(QStringLiteral("\\r\\n"));
        }
        QVERIFY(seen);
    }

    // Issue 18: the inspector lists the protocol messages a segment carries with their fields;
    // for the server's certificate chain, the client's checks, the failing one with its alert.
    void theInspectorShowsTheMessagesAndTheCertificateChecks() {
        ui::SessionModel m;
        QVERIFY(m.load(QStringLiteral("certificate-expired")) == ui::SessionModel::LoadStatus::Loaded);
        m.toEnd();
        ui::SegmentInspector inspector(&m);
        QString hello, chain;
        for (const core::SegmentRecord& r : m.trace().segments) {
            m.setSelectedSegment(r.id);
            const QString text = inspector.messagesText();
            if (r.segment.payload.empty()) QVERIFY2(text.isEmpty(), qPrintable(text));
            if (text.contains(QStringLiteral("ClientHello"))) hello = text;
            if (text.contains(QStringLiteral("{Certificate}"))) chain = text;
        }
        QVERIFY2(hello.contains(QStringLiteral("version: TLS 1.3")), qPrintable(hello));
        QVERIFY2(hello.contains(QStringLiteral("server name (SNI): www.example.com")), qPrintable(hello));
        QVERIFY2(hello.contains(QStringLiteral("key share: x25519")), qPrintable(hello));
        QVERIFY2(chain.contains(QStringLiteral("✓ the signature on www.example.com checks out with tcpviz Test "
                                               "Intermediate CA's public key")),
                 qPrintable(chain));
        QVERIFY2(chain.contains(QStringLiteral("✗ www.example.com is not valid on 2026-12-01: only from 2026-01-01 to "
                                               "2026-06-01: the client answers with alert 45 (certificate_expired)")),
                 qPrintable(chain));
        QCOMPARE(chain.count(QStringLiteral("✗")), 1);
        QVERIFY(chain.contains(QStringLiteral("✓ the chain ends at tcpviz Test Root CA, a root this client trusts")));
        // Plain TCP has no messages to show.
        ui::SessionModel plain;
        QVERIFY(plain.load(QStringLiteral("data-loss")) == ui::SessionModel::LoadStatus::Loaded);
        plain.toEnd();
        ui::SegmentInspector other(&plain);
        for (const core::SegmentRecord& r : plain.trace().segments) {
            plain.setSelectedSegment(r.id);
            QVERIFY(other.messagesText().isEmpty());
        }
    }

    // A QUIC datagram is shown as UDP's header (RFC 768), its length and checksum, with the
    // QUIC packets it holds; a TCP segment after it gets TCP's header back.
    void theInspectorShowsAQuicDatagramAsUdp() {
        ui::SessionModel m;
        QVERIFY(m.load(QStringLiteral("quic-handshake")) == ui::SessionModel::LoadStatus::Loaded);
        m.toEnd();
        ui::SegmentInspector inspector(&m);
        m.setSelectedSegment(1);
        QVERIFY(inspector.showsUdp());
        QCOMPARE(inspector.text(ui::HeaderField::DestinationPort), QStringLiteral("443"));
        QCOMPARE(inspector.text(ui::HeaderField::Length), QStringLiteral("1208"));   // 8 + 1200
        QVERIFY2(inspector.detail(ui::HeaderField::Checksum).contains(QStringLiteral("✓")), qPrintable(inspector.detail(ui::HeaderField::Checksum)));
        QVERIFY(inspector.text(ui::HeaderField::Sequence).isEmpty());   // UDP has none
        QVERIFY2(inspector.summary().startsWith(QStringLiteral("Datagram 1:")), qPrintable(inspector.summary()));
        QVERIFY2(inspector.messagesText().contains(QStringLiteral("Initial[0]: CRYPTO[ClientHello]")),
                 qPrintable(inspector.messagesText()));
        ui::SessionModel tcp;
        QVERIFY(tcp.load(QStringLiteral("https-tls13")) == ui::SessionModel::LoadStatus::Loaded);
        tcp.toEnd();
        ui::SegmentInspector other(&tcp);
        tcp.setSelectedSegment(1);
        QVERIFY(!other.showsUdp());
        QVERIFY(!other.text(ui::HeaderField::Sequence).isEmpty());
    }

    void everyStepOfEveryLessonShowsTheTcbOfWhatIsDrawn() {
        int checked = 0;
        for (const auto& lesson : core::builtinScenariosOf(core::ScenarioKind::TwoEndpoints)) {
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

    // At step 0 the table shows each side as the lesson starts: its state, and no numbers
    // unless it starts synchronized (nothing the trace learns later).
    void atStepZeroTheTableShowsOnlyTheStart() {
        for (const auto& lesson : core::builtinScenariosOf(core::ScenarioKind::TwoEndpoints)) {
            ui::SessionModel model;
            ui::SegmentInspector inspector(&model);
            QCOMPARE(model.load(QString::fromStdString(lesson.id)), ui::SessionModel::LoadStatus::Loaded);
            QCOMPARE(model.cursor(), 0);
            inspector.refreshTcbs();
            for (core::Side side : {core::Side::A, core::Side::B}) {
                const core::State start = model.trace().initial_states[core::idx(side)];
                const QString where = QStringLiteral("%1 side %2").arg(QString::fromStdString(lesson.id),
                                                                      QLatin1String(core::sideName(side)));
                QVERIFY2(inspector.tcbText(0, side) == ui::Text::stateName(start, false), qPrintable(where));
                if (core::isSynchronized(start)) continue;
                for (int row = 1; row < ui::SegmentInspector::kTcbRows; ++row)
                    QVERIFY2(inspector.tcbText(row, side) == QStringLiteral("—"), qPrintable(where));
            }
        }
    }

    // A segment in flight at the cursor: with later steps hidden (the default) the summary does
    // not tell whether it arrives or is lost, nor when; faded, it does; once the cursor reaches
    // its arrival or loss, it does either way. A segment not sent yet is not shown at all.
    void theSummaryKeepsLaterStepsHidden() {
        int in_flight = 0, lost = 0, unsent = 0;
        for (const char* id : {"handshake", "lost-synack", "data-loss", "teardown"}) {
            ui::SessionModel model;
            ui::SegmentInspector inspector(&model);
            QCOMPARE(inspector.futureSteps(), ui::FutureSteps::Hidden);
            QCOMPARE(model.load(QString::fromLatin1(id)), ui::SessionModel::LoadStatus::Loaded);
            const core::Trace& t = model.trace();
            for (int cursor = 0; cursor <= model.stepCount(); ++cursor) {
                model.setCursor(cursor);
                const std::size_t visible = model.visibleEvents();
                std::uint64_t sent = 0;   // the last segment sent so far
                for (std::size_t i = 0; i < visible; ++i)
                    if (t.events[i].kind == core::EventKind::Send) sent = t.events[i].segment;
                for (std::uint64_t seg = 1; seg <= t.segments.size(); ++seg) {
                    const QString where = QStringLiteral("%1 step %2 segment %3").arg(QLatin1String(id)).arg(cursor).arg(seg);
                    const auto end = model.endOfFlight(seg);
                    model.setSelectedSegment(seg);
                    if (seg > sent) {
                        QVERIFY2(inspector.segment() == 0, qPrintable(where));
                        inspector.setFutureSteps(ui::FutureSteps::Faded);
                        QVERIFY2(inspector.segment() == seg, qPrintable(where));
                        inspector.setFutureSteps(ui::FutureSteps::Hidden);
                        ++unsent;
                        continue;
                    }
                    QVERIFY2(inspector.segment() == seg, qPrintable(where));
                    const auto tells = [&] {
                        const QString s = inspector.summary();
                        return s.contains(QStringLiteral("arrives at")) || s.contains(QStringLiteral("lost at"));
                    };
                    if (!end) continue;
                    if (*end < visible) {
                        QVERIFY2(tells(), qPrintable(where));
                        continue;
                    }
                    QVERIFY2(!tells(), qPrintable(where + QStringLiteral(": ") + inspector.summary()));
                    inspector.setFutureSteps(ui::FutureSteps::Faded);
                    QVERIFY2(tells(), qPrintable(where));
                    inspector.setFutureSteps(ui::FutureSteps::Hidden);
                    ++in_flight;
                    if (t.events[*end].kind == core::EventKind::Drop) ++lost;
                }
            }
        }
        QVERIFY(in_flight > 10);
        QVERIFY(lost > 0);
        QVERIFY(unsent > 10);
    }

    // Moving the cursor onto the arrival tells it, without selecting the segment again.
    void theSummaryFollowsTheCursor() {
        ui::SessionModel model;
        ui::SegmentInspector inspector(&model);
        QCOMPARE(model.load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        model.setCursor(1);   // the SYN has arrived; B's SYN,ACK is on its way
        const std::uint64_t synack = 2;
        QVERIFY(model.trace().segment(synack).from == core::Side::B);
        QVERIFY(*model.endOfFlight(synack) >= model.visibleEvents());
        model.setSelectedSegment(synack);
        QVERIFY(!inspector.summary().contains(QStringLiteral("arrives at")));
        model.next();
        QCOMPARE(model.selectedSegment(), synack);
        QVERIFY(inspector.summary().contains(QStringLiteral("arrives at")));
    }
};

QTEST_MAIN(SessionTcbTest)
#include "session_tcb_test.moc"
