#include "ui/session/scenario_editor.h"

#include <QUndoCommand>
#include <QUndoStack>
#include <algorithm>
#include <utility>

#include "core/trace/notation.h"
#include "core/sim/what_if.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

namespace {
constexpr int kLinkCommandId = 1;  // QUndoCommand::id() of link changes, which may merge
}  // namespace

// One edit: the whole scenario before and after it (scenarios are small; storing both keeps
// undo exact whatever the edit was).
class ScenarioEditor::EditCommand final : public QUndoCommand {
public:
    EditCommand(ScenarioEditor* editor, core::Scenario before, core::Scenario after,
                const QString& text, int link_field)
        : QUndoCommand(text),
          m_editor(editor),
          m_before(std::move(before)),
          m_after(std::move(after)),
          m_link_field(link_field) {}

    void redo() override { m_editor->apply(m_after, false); }
    void undo() override { m_editor->apply(m_before, true); }
    [[nodiscard]] int id() const override { return m_link_field >= 0 ? kLinkCommandId : -1; }

    bool mergeWith(const QUndoCommand* other) override {
        const auto* o = static_cast<const EditCommand*>(other);  // same id(): an EditCommand
        if (o->m_link_field != m_link_field) return false;
        m_after = o->m_after;
        setText(o->text());
        // Back where it started: the stack drops the command altogether.
        setObsolete(m_after == m_before);
        return true;
    }

private:
    ScenarioEditor* m_editor;
    core::Scenario m_before, m_after;
    int m_link_field;
};

ScenarioEditor::ScenarioEditor(SessionModel* session, QObject* parent)
    : QObject(parent), m_session(session), m_stack(new QUndoStack(this)) {
    connect(m_session, &SessionModel::simulationFailed, this, &ScenarioEditor::onSimulationFailed);
}

ScenarioEditor::~ScenarioEditor() = default;

void ScenarioEditor::apply(const core::Scenario& s, bool undoing) {
    // While stepping back over a failed edit the session already has this scenario.
    if (m_reverting && s == m_session->latestScenario()) return;
    m_last_apply_undid = undoing;
    m_session->applyEdit(s);
}

void ScenarioEditor::onSimulationFailed() {
    // The session kept its scenario; bring the stack back in line with it, without simulating
    // again, so that the failed edit can be redone (or undone) later.
    m_reverting = true;
    if (m_last_apply_undid) {
        if (m_stack->canRedo()) m_stack->redo();
    } else if (m_stack->canUndo()) {
        m_stack->undo();
    }
    m_reverting = false;
}

void ScenarioEditor::push(core::Scenario after, const QString& text, int link_field) {
    core::Scenario before = m_session->latestScenario();
    if (after == before) return;
    m_stack->push(new EditCommand(this, std::move(before), std::move(after), text, link_field));
}

namespace {

// "SYN,ACK" (ACK last, as the diagram writes it).
QString flagsOf(const core::Trace& t, std::uint64_t id) {
    const std::string f = core::controlBitsText(t.segment(id).segment.flags);
    return f.empty() ? ScenarioEditor::tr("a segment without flags") : QString::fromStdString(f);
}

}  // namespace

bool ScenarioEditor::edit(const core::WhatIf& what, const QString& text) {
    auto after = core::applyWhatIf(m_session->latestScenario(), m_session->scenario(), m_session->trace(), what);
    if (!after) return false;
    push(std::move(*after), text);
    return true;
}

// "Drop SYN,ACK from B": what an edit of segment `id` does, for the undo history.
QString ScenarioEditor::segmentEditText(const char* what, std::uint64_t id) const {
    const core::Trace& t = m_session->trace();
    if (id == 0 || id > t.segments.size()) return {};
    return tr(what).arg(flagsOf(t, id), QString::fromLatin1(core::sideName(t.segment(id).from)));
}

bool ScenarioEditor::dropSegment(std::uint64_t id) {
    return edit(core::WhatIf::onSegment(core::WhatIf::Kind::Drop, id), segmentEditText(QT_TR_NOOP("Drop %1 from %2"), id));
}

bool ScenarioEditor::delaySegment(std::uint64_t id, double ms) {
    return edit(core::WhatIf::onSegment(core::WhatIf::Kind::Delay, id, ms),
                segmentEditText(QT_TR_NOOP("Delay %1 from %2 by %3"), id).arg(Text::durationText(core::msToUs(ms))));
}

bool ScenarioEditor::duplicateSegment(std::uint64_t id, double gap_ms) {
    return edit(core::WhatIf::onSegment(core::WhatIf::Kind::Duplicate, id, gap_ms),
                segmentEditText(QT_TR_NOOP("Duplicate %1 from %2"), id));
}

bool ScenarioEditor::restoreSegment(std::uint64_t id) {
    return edit(core::WhatIf::onSegment(core::WhatIf::Kind::Restore, id),
                segmentEditText(QT_TR_NOOP("Restore %1 from %2"), id));
}

void ScenarioEditor::addCall(core::Side side, core::CallKind call, double at_ms, std::uint32_t bytes) {
    const core::WhatIf what = core::WhatIf::addCall(side, call, at_ms, bytes);
    edit(what, tr("%1: %2 at %3")
                   .arg(QString::fromLatin1(core::sideName(side)), Text::callText(call, what.call.bytes),
                        Text::timeText(core::msToUs(what.at_ms))));
}

void ScenarioEditor::setLink(const std::array<core::LinkDirection, 2>& link, std::uint64_t seed,
                             int field, const QString& text) {
    core::Scenario after = m_session->latestScenario();
    after.link = link;
    after.seed = seed;
    push(std::move(after), text.isEmpty() ? tr("Change the link") : text, field);
}

void ScenarioEditor::replaceScenario(core::Scenario scenario, const QString& text) {
    push(std::move(scenario), text);
}

void ScenarioEditor::reset() {
    m_stack->clear();
}

void ScenarioEditor::markSaved() {
    m_stack->setClean();
}

bool ScenarioEditor::isModified() const {
    return !m_stack->isClean();
}

}  // namespace tcpviz::ui
