#pragma once
// The what-if context menus of the sequence diagram: on a segment's arrow (drop, restore,
// delay, duplicate it) and on a lifeline at a time (the application sends, closes, aborts, or
// the host reboots then). Every item becomes an undoable ScenarioEditor edit.
#include <QObject>
#include <QPointer>
#include <QString>
#include <cstdint>
#include <functional>
#include <optional>

#include "core/trace/notation.h"
#include "core/trace/trace.h"

QT_BEGIN_NAMESPACE
class QMenu;
class QWidget;
QT_END_NAMESPACE

namespace tcpviz::ui {

class ScenarioEditor;
class SessionModel;

class WhatIfMenus : public QObject {
    Q_OBJECT
public:
    WhatIfMenus(ScenarioEditor* editor, SessionModel* session, QWidget* parent);

    // A new menu, a child of the parent widget, deleted when it closes (show it with popup()
    // or exec()). Actions have object names for tests: "dropSegment" or "restoreSegment",
    // "delaySegment", "duplicateSegment"; "sendCall", "closeCall", "abortCall", "rebootCall".
    [[nodiscard]] QMenu* segmentMenu(std::uint64_t id);
    [[nodiscard]] QMenu* lifelineMenu(core::Side side, double at_ms);

    // Asks for a whole number (title, label, initial value, minimum, maximum); nullopt when
    // cancelled. By default a QInputDialog; tests put a function that answers at once.
    using IntPrompt = std::function<std::optional<int>(const QString& title, const QString& label,
                                                       int value, int minimum, int maximum)>;
    void setPrompt(IntPrompt prompt);
    // The labels' notation, to name the segment a menu acts on as the diagram labels it.
    void setNotation(core::Notation n) { m_notation = n; }
    // "Segment 3, Client → Server: ACK=1, seq=x+1, ack=y+1".
    [[nodiscard]] QString segmentName(std::uint64_t id) const;

    // What "Duplicate it" leaves between the original and the copy.
    static constexpr double kDuplicateGapMs = 10;

private:
    [[nodiscard]] std::optional<int> ask(const QString& title, const QString& label, int value,
                                         int minimum, int maximum) const;

    ScenarioEditor* m_editor;
    SessionModel* m_session;
    QPointer<QWidget> m_parent;
    IntPrompt m_prompt;
    core::Notation m_notation = core::Notation::Textbook;
    int m_last_delay_ms = 200;
    int m_last_bytes = 100;
};

}  // namespace tcpviz::ui
