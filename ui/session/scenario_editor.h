#pragma once
// Undoable edits of the session's scenario: what-if faults on segments, application calls on a
// lifeline, link settings, or a whole new scenario. Each edit is one QUndoCommand holding the
// scenario before and after it; doing or undoing it hands that scenario to
// SessionModel::applyEdit(), which simulates it off the UI thread. Edits build on the newest
// edit even while it is still being simulated (SessionModel::latestScenario()).
#include <QObject>
#include <QString>
#include <array>
#include <cstdint>

#include "core/scenario/scenario.h"
#include "core/sim/what_if.h"

QT_BEGIN_NAMESPACE
class QUndoStack;
QT_END_NAMESPACE

namespace tcpviz::ui {

class SessionModel;

class ScenarioEditor : public QObject {
    Q_OBJECT
public:
    explicit ScenarioEditor(SessionModel* session, QObject* parent = nullptr);
    ~ScenarioEditor() override;

    [[nodiscard]] SessionModel* session() const { return m_session; }
    // Undo/redo (createUndoAction/createRedoAction give the menu items); cleanChanged(bool)
    // says when the scenario gets unsaved changes or loses them.
    [[nodiscard]] QUndoStack* undoStack() const { return m_stack; }

    // Segment edits, by the id of a segment of the session's current trace. Each adds (or, for
    // restore, removes) a scripted fault; false, and nothing pushed, for an unknown id or, for
    // restore, a segment no fault hits.
    bool dropSegment(std::uint64_t id);
    bool delaySegment(std::uint64_t id, double ms);
    bool duplicateSegment(std::uint64_t id, double gap_ms);
    bool restoreSegment(std::uint64_t id);
    // An application call on a lifeline at a simulated time (bytes for send and receive).
    void addCall(core::Side side, core::CallKind call, double at_ms, std::uint32_t bytes = 0);
    // New link settings. Consecutive changes of the same `field` (a number the caller picks
    // for a control, e.g. one per spin box; >= 0) merge into one undo step, so dragging a
    // slider is undone at once; a negative field never merges. `text` names the change;
    // empty: "Change the link".
    void setLink(const std::array<core::LinkDirection, 2>& link, std::uint64_t seed, int field,
                 const QString& text = {});
    // Any other change, as one undo step described by `text`.
    void replaceScenario(core::Scenario scenario, const QString& text);

    // Forgets every edit (after a scenario was loaded); the loaded scenario is the clean state.
    void reset();
    // The current scenario was saved: it is the clean state.
    void markSaved();
    [[nodiscard]] bool isModified() const;

private:
    class EditCommand;
    friend class EditCommand;

    void push(core::Scenario after, const QString& text, int link_field = -1);
    // Hands a command's scenario to the session; `undoing`: on behalf of undo().
    void apply(const core::Scenario& s, bool undoing);
    // Makes the edit (core::applyWhatIf) on the trace shown and pushes it; false when it does
    // not apply.
    bool edit(const core::WhatIf& what, const QString& text);
    // `what` (a source text of this class, such as "Drop %1 from %2") with segment `id`'s flags
    // and sender, for the undo history; empty for an unknown id.
    [[nodiscard]] QString segmentEditText(const char* what, std::uint64_t id) const;
    void onSimulationFailed();

    SessionModel* m_session;
    QUndoStack* m_stack;
    bool m_last_apply_undid = false;  // the last scenario applied came from an undo
    bool m_reverting = false;         // stepping back over an edit that failed to simulate
};

}  // namespace tcpviz::ui
