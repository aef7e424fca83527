#pragma once
// The scenario library (a dock): the built-in scenarios grouped by lesson, a filter, and the
// description of the one under the cursor. It only lists and asks: opening is the main
// window's job (openRequested), which then tells the browser what is loaded
// (setCurrentScenario).
#include <QString>
#include <QWidget>
#include <vector>

#include "core/scenario/scenario.h"

class QEvent;
class QLineEdit;
class QPushButton;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;

namespace tcpviz::ui {

// A built-in scenario, parsed: what the library shows of it (a lesson of two endpoints or of
// hosts alike).
struct LibraryScenario {
    QString id;
    std::string group;
    core::LocalizedText title, description;
    bool hosts = false;   // a lesson of hosts (tcpviz-scenario/2)
};
// The built-in scenarios in library order, parsed once per process.
const std::vector<LibraryScenario>& scenarioLibrary();
[[nodiscard]] bool isBuiltinScenario(const QString& id);
// A built-in lesson of hosts: it takes long enough to simulate (up to a second) to be opened in
// the background, as a file is.
[[nodiscard]] bool isHostLesson(const QString& id);

class ScenarioBrowser : public QWidget {
    Q_OBJECT
public:
    // Item data: the scenario id (empty on group headings) under IdRole, the group key
    // ("establishment", ...; "" for Other) under GroupRole on headings.
    enum Role { IdRole = Qt::UserRole, GroupRole };

    explicit ScenarioBrowser(QWidget* parent = nullptr);

    // Marks the loaded scenario: bold and selected. Emits nothing. An id that is not a
    // built-in (a file, a custom scenario) unmarks all.
    void setCurrentScenario(const QString& id);
    [[nodiscard]] QString currentScenario() const { return m_current; }
    // The id of the scenario under the tree's cursor; empty on a heading or none.
    [[nodiscard]] QString highlightedScenario() const;

    // Headings, titles, tooltips and the description pane again, in the current language
    // (SessionModel::language()).
    void retranslate();

    [[nodiscard]] QLineEdit* filterEdit() const { return m_filter; }
    [[nodiscard]] QTreeWidget* tree() const { return m_tree; }
    [[nodiscard]] QTextBrowser* descriptionView() const { return m_description; }
    [[nodiscard]] QPushButton* openButton() const { return m_open; }
    // The item showing scenario `id`; nullptr for an id that is not listed.
    [[nodiscard]] QTreeWidgetItem* itemFor(const QString& id) const;

Q_SIGNALS:
    // The user asked to load a built-in scenario (double-click, Enter or the Open button).
    void openRequested(const QString& id);

protected:
    void changeEvent(QEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    struct Entry {
        QString id;                      // the built-in id, as SessionModel::load takes it
        const LibraryScenario* scenario;  // parsed once per process, never freed
        QTreeWidgetItem* item;
    };

    void populate();
    void applyFilter(const QString& text);
    void showDescription();
    void activate(QTreeWidgetItem* item);
    [[nodiscard]] QTreeWidgetItem* firstVisibleScenario() const;
    [[nodiscard]] const Entry* entryOf(const QTreeWidgetItem* item) const;

    QLineEdit* m_filter;
    QTreeWidget* m_tree;
    QTextBrowser* m_description;
    QPushButton* m_open;
    std::vector<Entry> m_entries;  // library order
    std::vector<QTreeWidgetItem*> m_groups;
    QString m_current;
};

}  // namespace tcpviz::ui
