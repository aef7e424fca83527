#pragma once
// Edit → Lesson…: the lesson's title and description in the language shown, and the names of
// its two endpoints ("Client", "Server", or a teacher's own: "Browser", "Web server"). OK makes
// it one undoable edit (ScenarioEditor), saved with the lesson.
#include <QDialog>
#include <array>
#include <string>

#include "core/scenario/scenario.h"

class QLineEdit;
class QPlainTextEdit;

namespace tcpviz::ui {

class LessonDialog : public QDialog {
    Q_OBJECT
public:
    // The fields filled from `scenario`, in `language` ("en", "zh_CN").
    LessonDialog(const core::Scenario& scenario, const QString& language, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* titleEdit() const { return m_title; }
    [[nodiscard]] QPlainTextEdit* descriptionEdit() const { return m_description; }
    [[nodiscard]] QLineEdit* nameEdit(core::Side side) const { return m_names[core::idx(side)]; }

    // The scenario with the fields as they are now (an empty name keeps the old one).
    [[nodiscard]] core::Scenario edited() const;

private:
    core::Scenario m_scenario;
    std::string m_language;
    QLineEdit* m_title;
    QPlainTextEdit* m_description;
    std::array<QLineEdit*, 2> m_names{};
};

}  // namespace tcpviz::ui
