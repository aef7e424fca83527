// The course (issue 19): the study note's eleven chapters, each with words of its own and
// lessons that exist; a lesson opens from the course and is marked done; "Open with the quiz"
// opens the chapter's next lesson with quiz mode on.
#include <QDockWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>
#include <set>

#include "core/scenario/scenario.h"
#include "ui/panels/course_panel.h"
#include "ui/panels/scenario_browser.h"
#include "ui/session/session_model.h"
#include "ui/shell/main_window.h"

using namespace tcpviz;

class CourseTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("tcpviz-course-test"));
        QSettings().clear();
    }

    void everyChapterOfTheNoteOpensLessonsThatExist() {
        const auto chapters = ui::CoursePanel::chapters();
        QCOMPARE(chapters.size(), std::size_t{11});
        std::set<QString> titles;
        for (const ui::CoursePanel::Chapter& c : chapters) {
            QVERIFY(!c.title.isEmpty());
            QVERIFY(c.text.size() > 60);
            QVERIFY(titles.insert(c.title).second);
            QVERIFY2(!c.lessons.isEmpty(), qPrintable(c.title));
            for (const QString& id : c.lessons) {
                QVERIFY2(ui::isBuiltinScenario(id), qPrintable(id));
                const auto any = core::resolveAnyScenario(id.toStdString());
                QVERIFY2(any.has_value(), qPrintable(id));
                // Both languages have its title.
                const core::LocalizedText& title = std::visit([](const auto& s) -> const core::LocalizedText& { return s.title; }, *any);
                QVERIFY(!title.in("en").empty() && title.in("zh_CN") != title.in("en"));
            }
        }
    }

    void aLessonOpensFromTheCourseAndIsMarkedDone() {
        ui::MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("CourseDock"));
        QVERIFY(dock);
        QTreeWidget* tree = w.coursePanel()->tree();
        QCOMPARE(tree->topLevelItemCount(), 11);
        // Chapter 3, the teardown: its first lesson.
        QTreeWidgetItem* teardown = tree->topLevelItem(2)->child(0);
        QCOMPARE(teardown->data(0, Qt::UserRole).toString(), QStringLiteral("teardown"));
        QVERIFY(teardown->text(1).isEmpty());
        Q_EMIT tree->itemActivated(teardown, 0);
        QCOMPARE(QString::fromStdString(w.session()->trace().scenario_id), QStringLiteral("teardown"));
        QVERIFY(ui::CoursePanel::isOpened(QStringLiteral("teardown")));
        QCOMPARE(tree->topLevelItem(2)->child(0)->text(1), QStringLiteral("✓"));
        QCOMPARE(tree->topLevelItem(2)->text(1), QStringLiteral("1 / 3"));
        // "Open with the quiz" on the chapter: its next lesson not opened yet, quiz mode on.
        tree->setCurrentItem(tree->topLevelItem(2));
        w.findChild<QPushButton*>(QStringLiteral("CourseQuiz"))->click();
        QCOMPARE(QString::fromStdString(w.session()->trace().scenario_id), QStringLiteral("simultaneous-close"));
        QVERIFY(w.isQuizMode());
    }
};

QTEST_MAIN(CourseTest)
#include "course_test.moc"
