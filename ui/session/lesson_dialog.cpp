#include "ui/session/lesson_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "ui/shell/text.h"

namespace tcpviz::ui {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

LessonDialog::LessonDialog(const core::Scenario& scenario, const QString& language, QWidget* parent)
    : QDialog(parent), m_scenario(scenario), m_language(language.toStdString()) {
    setObjectName(QStringLiteral("LessonDialog"));
    setWindowTitle(tr("Lesson"));
    auto* form = new QFormLayout;
    m_title = new QLineEdit(q(scenario.title.in(m_language)), this);
    m_title->setObjectName(QStringLiteral("LessonTitle"));
    form->addRow(tr("&Title:"), m_title);
    m_description = new QPlainTextEdit(q(scenario.description.in(m_language)), this);
    m_description->setObjectName(QStringLiteral("LessonDescription"));
    m_description->setMinimumSize(440, 140);
    form->addRow(tr("&Description:"), m_description);
    for (core::Side side : {core::Side::A, core::Side::B}) {
        // As the diagrams name it: "客户端" for the default "Client" in Chinese.
        auto* name = new QLineEdit(Text::endpointName(scenario.endpoints[core::idx(side)].name), this);
        name->setObjectName(side == core::Side::A ? QStringLiteral("NameA") : QStringLiteral("NameB"));
        m_names[core::idx(side)] = name;
        //: %1 is A or B, the endpoint's letter in the diagrams.
        form->addRow(tr("Endpoint %1:").arg(QLatin1String(core::sideName(side))), name);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

core::Scenario LessonDialog::edited() const {
    core::Scenario s = m_scenario;
    // The language shown gets the texts; the other languages keep theirs.
    const std::string title = m_title->text().trimmed().toStdString();
    const std::string description = m_description->toPlainText().trimmed().toStdString();
    if (title != s.title.in(m_language)) s.title.text[m_language] = title;
    if (description != s.description.in(m_language)) s.description.text[m_language] = description;
    for (core::Side side : {core::Side::A, core::Side::B}) {
        const QString name = m_names[core::idx(side)]->text().trimmed();
        // Untouched, a default name stays the default (and stays translated).
        std::string& kept = s.endpoints[core::idx(side)].name;
        if (!name.isEmpty() && name != Text::endpointName(kept)) kept = name.toStdString();
    }
    return s;
}

}  // namespace tcpviz::ui
