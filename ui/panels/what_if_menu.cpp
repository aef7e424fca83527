#include "ui/panels/what_if_menu.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QWidget>

#include "core/sim/what_if.h"
#include "ui/session/scenario_editor.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

WhatIfMenus::WhatIfMenus(ScenarioEditor* editor, SessionModel* session, QWidget* parent)
    : QObject(parent), m_editor(editor), m_session(session), m_parent(parent) {}

void WhatIfMenus::setPrompt(IntPrompt prompt) {
    m_prompt = std::move(prompt);
}

std::optional<int> WhatIfMenus::ask(const QString& title, const QString& label, int value,
                                    int minimum, int maximum) const {
    if (m_prompt) return m_prompt(title, label, value, minimum, maximum);
    bool ok = false;
    const int v = QInputDialog::getInt(m_parent, title, label, value, minimum, maximum, 1, &ok);
    return ok ? std::optional<int>(v) : std::nullopt;
}

QString WhatIfMenus::segmentName(std::uint64_t id) const {
    const core::Trace& t = m_session->trace();
    if (id == 0 || id > t.segments.size()) return {};
    const core::SegmentRecord& r = t.segment(id);
    //: %1 is the segment's number, %2 and %3 the endpoints ("Client"), %4 its label.
    return tr("Segment %1, %2 → %3: %4")
        .arg(id)
        .arg(Text::endpointName(t.endpoints[core::idx(r.from)]), Text::endpointName(t.endpoints[core::idx(core::peerOf(r.from))]),
             QString::fromStdString(m_session->labeler().label(t, id, m_notation)));
}

QMenu* WhatIfMenus::segmentMenu(std::uint64_t id) {
    auto* menu = new QMenu(m_parent);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const core::Trace& t = m_session->trace();
    if (id == 0 || id > t.segments.size()) return menu;
    // Which segment the menu acts on, as the diagram labels it.
    menu->addSection(segmentName(id));
    // The handlers capture values only: the menu may be gone when a dialog returns.
    ScenarioEditor* editor = m_editor;
    if (core::faultHitting(m_session->scenario(), t, id)) {
        QAction* restore = menu->addAction(tr("Restore this segment"));
        restore->setObjectName(QStringLiteral("restoreSegment"));
        restore->setToolTip(tr("Remove the scripted fault that hits this segment"));
        connect(restore, &QAction::triggered, this, [editor, id] { editor->restoreSegment(id); });
    } else {
        QAction* drop = menu->addAction(tr("Drop this segment"));
        drop->setObjectName(QStringLiteral("dropSegment"));
        connect(drop, &QAction::triggered, this, [editor, id] { editor->dropSegment(id); });
    }
    QAction* delay = menu->addAction(tr("Delay it by…"));
    delay->setObjectName(QStringLiteral("delaySegment"));
    connect(delay, &QAction::triggered, this, [this, editor, id, name = segmentName(id)] {
        // A short title (a dialog's title bar is narrow), the segment named in full below it.
        const auto ms = ask(tr("Delay segment %1").arg(id), tr("%1\n\nExtra delay (ms):").arg(name), m_last_delay_ms,
                            1, 600'000);
        if (!ms) return;
        m_last_delay_ms = *ms;
        editor->delaySegment(id, *ms);
    });
    QAction* duplicate = menu->addAction(tr("Duplicate it"));
    duplicate->setObjectName(QStringLiteral("duplicateSegment"));
    connect(duplicate, &QAction::triggered, this,
            [editor, id] { editor->duplicateSegment(id, kDuplicateGapMs); });
    return menu;
}

QMenu* WhatIfMenus::lifelineMenu(core::Side side, double at_ms) {
    auto* menu = new QMenu(m_parent);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    ScenarioEditor* editor = m_editor;
    const QString who = Text::endpointLabel(m_session->trace(), side);  // "A (Client)"
    menu->addSection(tr("At %1").arg(Text::timeText(core::msToUs(at_ms))));

    QAction* send = menu->addAction(tr("%1: send(n bytes)…").arg(who));
    send->setObjectName(QStringLiteral("sendCall"));
    connect(send, &QAction::triggered, this, [this, editor, side, at_ms, who] {
        const auto bytes =
            ask(tr("Send"), tr("Bytes %1 sends:").arg(who), m_last_bytes, 1, 10'000'000);
        if (!bytes) return;
        m_last_bytes = *bytes;
        editor->addCall(side, core::CallKind::Send, at_ms, static_cast<std::uint32_t>(*bytes));
    });
    const struct {
        core::CallKind call;
        const char* name;
    } plain[] = {{core::CallKind::Close, "closeCall"},
                 {core::CallKind::Abort, "abortCall"},
                 {core::CallKind::Reboot, "rebootCall"}};
    for (const auto& p : plain) {
        QAction* a = menu->addAction(tr("%1: %2").arg(who, Text::callText(p.call, 0)));
        a->setObjectName(QString::fromLatin1(p.name));
        const core::CallKind call = p.call;
        connect(a, &QAction::triggered, this,
                [editor, side, call, at_ms] { editor->addCall(side, call, at_ms); });
    }
    return menu;
}

}  // namespace tcpviz::ui
