#pragma once
// The course (issue 19): the study note's chapters in its order, each with a short explanation
// in our own words, its lessons in order, and progress marks (the lessons opened, the quiz's
// score on them). A lesson opens on a double-click or Enter; "Open with the quiz" opens the
// chapter's next lesson not yet opened with quiz mode on.
#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace tcpviz::ui {

class CoursePanel : public QWidget {
    Q_OBJECT
public:
    struct Chapter {
        QString title;
        QString text;          // what it is about, in a few sentences
        QStringList lessons;   // built-in ids, in order
    };
    // The chapters, in the user's language.
    static std::vector<Chapter> chapters();

    explicit CoursePanel(QWidget* parent = nullptr);
    [[nodiscard]] QTreeWidget* tree() const { return m_tree; }

    // Marks a lesson as opened (the window calls it whenever one is).
    static void markOpened(const QString& id);
    [[nodiscard]] static bool isOpened(const QString& id);
    // A chapter's lessons opened, and its quiz score: right answers of all answered.
    struct Progress {
        int opened = 0, lessons = 0, right = 0, asked = 0;
    };
    [[nodiscard]] static Progress progress(const Chapter& c);

    void refresh();
    void retranslate();

Q_SIGNALS:
    void openRequested(const QString& id, bool quiz);

protected:
    void changeEvent(QEvent* e) override;

private:
    void showChapterText();
    [[nodiscard]] int chosenChapter() const;
    QTreeWidget* m_tree;
    QLabel* m_text;
    QPushButton* m_quiz;
};

}  // namespace tcpviz::ui
