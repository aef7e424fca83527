// The classroom features of the main window (issue 9): switching the language while running,
// presentation mode with presenter-clicker keys, themes, and settings that survive a restart.
#include <QAction>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QToolBar>

#include "core/scenario/scenario.h"
#include "ui/views/diagram_style.h"
#include "ui/shell/language.h"
#include "ui/shell/main_window.h"
#include "ui/panels/event_log.h"
#include "ui/panels/key_panel.h"
#include "ui/panels/segment_inspector.h"
#include "ui/shell/step_caption.h"
#include "ui/session/session_model.h"
#include "ui/shell/theme.h"
#include "ui/views/sequence_diagram.h"

using namespace tcpviz;

namespace {

bool hasChinese(const QString& s) {
    return std::any_of(s.begin(), s.end(), [](QChar c) { return c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF; });
}

QStringList menuTitles(ui::MainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions()) titles << a->text();
    return titles;
}

QMenu* menuTitled(ui::MainWindow& w, const QString& title) {
    for (QAction* a : w.menuBar()->actions())
        if (a->text() == title) return a->menu();
    return nullptr;
}

QString titleOf(const std::string& id, const std::string& lang) {
    for (const auto& b : core::builtinScenarios())
        if (b.id == id) return QString::fromStdString(core::parseScenario(b.json, b.id).title.in(lang));
    return {};
}

}  // namespace

class MainWindowClassroomTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(ui::Language::setLanguage(QStringLiteral("en")));
    }

    void cleanup() {
        ui::Language::setLanguage(QStringLiteral("en"));
        ui::Themes::apply(ui::Theme::System);
        QSettings().clear();
    }

    void switchingLanguageRetranslatesMenusAndScenarioTitles() {
        ui::MainWindow w;
        QCOMPARE(w.session()->load(QStringLiteral("simultaneous-close")), ui::SessionModel::LoadStatus::Loaded);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QStringList english = menuTitles(w);
        QVERIFY(english.contains(QStringLiteral("&File")));
        QVERIFY(english.contains(QStringLiteral("&Help")));
        const QString en_title = titleOf("simultaneous-close", "en");
        const QString zh_title = titleOf("simultaneous-close", "zh_CN");
        QVERIFY(!zh_title.isEmpty() && zh_title != en_title);
        QVERIFY(w.windowTitle().contains(en_title));
        QMenu* file = menuTitled(w, QStringLiteral("&File"));
        QVERIFY(file);

        w.setLanguage(QStringLiteral("zh_CN"));
        QCOMPARE(ui::Language::current(), QStringLiteral("zh_CN"));
        // Every menu of the bar is now in Chinese, none left in English.
        const QStringList chinese = menuTitles(w);
        QCOMPARE(chinese.size(), english.size());
        for (const QString& t : chinese) QVERIFY2(hasChinese(t), qPrintable(t));
        // The scenario's title and description follow, in the window title and above the diagram.
        QCOMPARE(w.session()->title(), zh_title);
        QVERIFY(w.windowTitle().contains(zh_title));
        auto* description = w.findChild<QLabel*>(QStringLiteral("ScenarioDescription"));
        QVERIFY(description && hasChinese(description->text()));
        // The built-in scenarios in the File menu list their Chinese titles.
        QMenu* builtin = nullptr;
        for (QAction* a : file->actions())
            if (a->menu()) builtin = a->menu();
        QVERIFY(builtin);
        QStringList titles;
        for (QAction* a : builtin->actions()) titles << a->text();
        QVERIFY(titles.contains(zh_title));
        QVERIFY(!titles.contains(en_title));
        QVERIFY(hasChinese(w.stateDiagramDock()->windowTitle()));
        // Posted LanguageChange events arrive later and change nothing more.
        QCoreApplication::processEvents();
        QCOMPARE(menuTitles(w), chinese);
        // The choice is remembered for the next start.
        QCOMPARE(ui::Language::startup(QString()), QStringLiteral("zh_CN"));
        QCOMPARE(ui::Language::startup(QStringLiteral("en")), QStringLiteral("en"));   // --lang wins

        w.setLanguage(QStringLiteral("en"));
        QCOMPARE(menuTitles(w), english);
        QVERIFY(w.windowTitle().contains(en_title));
    }

    void presentationModeAndClickerKeys() {
        ui::MainWindow w;
        QCOMPARE(w.session()->load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        const auto docks = w.findChildren<QDockWidget*>();
        QVERIFY(docks.size() >= 3);
        std::vector<bool> visible_before;
        for (QDockWidget* d : docks) visible_before.push_back(d->isVisible());
        const auto bars = w.findChildren<QToolBar*>();

        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(w.isPresenting());
        QVERIFY(w.isFullScreen());
        QVERIFY(!w.menuBar()->isVisible());
        for (QToolBar* b : bars) QVERIFY(!b->isVisible());
        for (QDockWidget* d : docks) QCOMPARE(d->isVisible(), d == w.stateDiagramDock());
        QTRY_VERIFY(w.stateDiagramDock()->width() > w.width() / 3);
        // Issue 14: F5 at step 0 opened scrolled down, the title and the lifeline heads hidden.
        QTest::qWait(50);
        ui::SequenceDiagramView* view = w.diagramView();
        // Within a pixel on the screen (it was some 30 scene units).
        QVERIFY2(view->mapToScene(QPoint(0, 0)).y() <= w.diagramScene()->diagramRect().top() + 1 / view->zoom(),
                 qPrintable(QString::number(view->mapToScene(QPoint(0, 0)).y())));

        // The presenter's pen: Ctrl+P, then a drag draws; the next step wipes the ink, so does E.
        QVERIFY(!view->isPenActive());
        QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier);
        QVERIFY(view->isPenActive());
        const QPoint from = view->viewport()->rect().center();
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
        for (int i = 1; i <= 5; ++i) QTest::mouseMove(view->viewport(), from + QPoint(10 * i, 4 * i));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, from + QPoint(50, 20));
        QCOMPARE(view->ink().size(), std::size_t{1});
        QVERIFY(view->ink().front().size() >= 2);
        QCOMPARE(w.session()->cursor(), 0);   // drawing is not dragging the picture or stepping
        QTest::keyClick(&w, Qt::Key_E);
        QVERIFY(view->ink().empty());
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, from);
        QCOMPARE(view->ink().size(), std::size_t{1});
        QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier);
        QVERIFY(!view->isPenActive());
        QVERIFY(view->ink().empty());
        QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier);
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, from);
        QVERIFY(!view->ink().empty());

        // A presenter clicker: Page Down / Page Up step, B blanks the screen and brings it back.
        QCOMPARE(w.session()->cursor(), 0);
        QTest::keyClick(&w, Qt::Key_PageDown);
        QTest::keyClick(&w, Qt::Key_PageDown);
        QCOMPARE(w.session()->cursor(), 2);
        QVERIFY(view->ink().empty());   // the ink belonged to step 0
        QTest::keyClick(&w, Qt::Key_PageUp);
        QCOMPARE(w.session()->cursor(), 1);
        QTest::keyClick(&w, Qt::Key_B);
        QVERIFY(w.isBlanked());
        QTest::keyClick(&w, Qt::Key_B);
        QVERIFY(!w.isBlanked());
        QTest::keyClick(&w, Qt::Key_Period);
        QVERIFY(w.isBlanked());
        // Esc first takes the blank away, then leaves presentation mode.
        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.isBlanked());
        QVERIFY(w.isPresenting());
        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.isPresenting());
        QVERIFY(!view->isPenActive());   // the pen is put away with the presentation
        QVERIFY(!w.isFullScreen());
        QVERIFY(w.menuBar()->isVisible());
        for (QToolBar* b : bars) QVERIFY(b->isVisible());
        for (qsizetype i = 0; i < docks.size(); ++i) QCOMPARE(docks[i]->isVisible(), bool(visible_before[std::size_t(i)]));
        // Outside presentation mode B is nothing special.
        QTest::keyClick(&w, Qt::Key_B);
        QVERIFY(!w.isBlanked());
    }

    void aCaptionSaysHowToStartAndWhatEachPresentedStepDid() {
        ui::MainWindow w;
        QCOMPARE(w.session()->load(QStringLiteral("handshake")), ui::SessionModel::LoadStatus::Loaded);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ui::StepCaption* caption = w.stepCaption();
        QVERIFY(caption);
        // Step 0: how to start, over the diagram's bottom edge.
        QVERIFY(caption->isVisible());
        QVERIFY2(caption->text().contains(QStringLiteral("Press →")), qPrintable(caption->text()));
        QVERIFY(w.diagramView()->rect().contains(caption->geometry()));
        // Outside presentation mode, gone once stepping has begun.
        w.session()->setCursor(1);
        QVERIFY(!caption->isVisible());
        // Presenting: the step and what it did, taken from the trace.
        w.setPresenting(true);
        w.session()->setCursor(2);
        QVERIFY(caption->isVisible());
        QVERIFY2(caption->text().startsWith(QStringLiteral("Step 2 / 3")), qPrintable(caption->text()));
        QVERIFY2(caption->text().contains(QStringLiteral("Client: SYN-SENT → ESTABLISHED")), qPrintable(caption->text()));
        QVERIFY(caption->font().pixelSize() >= 24);
        // The BSD spelling follows the View menu.
        w.setTextbookStateNames(true);
        QVERIFY2(caption->text().contains(QStringLiteral("SYN_SENT → ESTABLISHED")), qPrintable(caption->text()));
        w.setTextbookStateNames(false);
        // No dock title bar (with its float and close buttons) on the projector.
        QVERIFY(w.stateDiagramDock()->titleBarWidget());
        QCOMPARE(w.stateDiagramDock()->titleBarWidget()->sizeHint().height(), -1);
        w.setPresenting(false);
        QVERIFY(!w.stateDiagramDock()->titleBarWidget());
        QVERIFY(!caption->isVisible());
    }

    void theKeyExplainsTheMarksInTheWindow() {
        ui::MainWindow w;
        QDockWidget* dock = w.keyDock();
        QVERIFY(dock);
        QCOMPARE(dock->windowTitle(), QStringLiteral("Key"));
        bool listed = false;
        for (QAction* menu : w.menuBar()->actions())
            if (menu->menu())
                for (QAction* a : menu->menu()->actions()) listed = listed || a == dock->toggleViewAction();
        QVERIFY(listed);
        QVERIFY(w.loadScenario(QStringLiteral("handshake"), nullptr) == ui::MainWindow::Opened::Yes);
        w.session()->toEnd();
        QStringList texts = w.keyPanel()->texts();
        QVERIFY(texts.contains(QStringLiteral("lost on the way")));
        QVERIFY(texts.contains(QStringLiteral("Client (A) is in this state")));
        // Nothing about duplicate ACKs where the diagram has none...
        QVERIFY(!texts.join(QLatin1Char('|')).contains(QStringLiteral("duplicate ACK")));
        // ... and where it has them, once they are drawn.
        QVERIFY(w.loadScenario(QStringLiteral("data-loss"), nullptr) == ui::MainWindow::Opened::Yes);
        w.session()->toEnd();
        texts = w.keyPanel()->texts();
        QVERIFY2(texts.join(QLatin1Char('|')).contains(QStringLiteral("a duplicate ACK, counted by the sender")),
                 qPrintable(texts.join(QLatin1Char('|'))));
        // In Chinese at once.
        QVERIFY(ui::Language::setLanguage(QStringLiteral("zh_CN")));
        QTRY_VERIFY(hasChinese(w.keyPanel()->texts().join(QString())));
        QVERIFY(hasChinese(dock->windowTitle()));
    }

    void themesChangeTheDiagramColours() {
        ui::MainWindow w;
        QVERIFY(w.loadScenario(QStringLiteral("handshake"), nullptr) == ui::MainWindow::Opened::Yes);
        w.session()->toEnd();
        w.inspector()->refreshTcbs();
        w.setTheme(ui::Theme::Light);
        const QColor light_fill = w.inspector()->tcbStateFill(core::Side::A);
        QCOMPARE(light_fill, ui::style::stateFill(core::State::Established));
        w.setTheme(ui::Theme::Dark);
        QVERIFY(ui::style::colors().dark);
        QVERIFY(ui::style::paper().lightness() < 80);
        // The toolbar's icons read on the dark window: light glyphs.
        const auto glyphLightness = [&w] {
            const QIcon icon = w.findChild<QToolBar*>(QStringLiteral("PlaybackToolBar"))->actions().front()->icon();
            const QImage image = icon.pixmap(22, 22).toImage();
            double sum = 0;
            int n = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (qAlpha(image.pixel(x, y)) > 200) {
                        sum += QColor(image.pixel(x, y)).lightness();
                        ++n;
                    }
            return n > 0 ? sum / n : -1.0;
        };
        QVERIFY2(glyphLightness() > 160, qPrintable(QString::number(glyphLightness())));
        // The inspector's State row takes the new colours at once.
        QCOMPARE(w.inspector()->tcbStateFill(core::Side::A), ui::style::stateFill(core::State::Established));
        QVERIFY(w.inspector()->tcbStateFill(core::Side::A) != light_fill);
        w.setTheme(ui::Theme::HighContrast);
        QCOMPARE(ui::style::ink(), QColor(Qt::black));
        QVERIFY(ui::style::lineScale() > 1);
        {
            // Exports draw in the light colours whatever the screen shows.
            ui::style::ScopedPrintColors print;
            QCOMPARE(ui::style::colors(), ui::style::lightColors());
        }
        QCOMPARE(ui::style::colors(), ui::style::highContrastColors());
        w.setTheme(ui::Theme::Light);
        QCOMPARE(ui::style::colors(), ui::style::lightColors());
        QVERIFY2(glyphLightness() < 160, qPrintable(QString::number(glyphLightness())));
    }

    void settingsSurviveARestart() {
        {
            ui::MainWindow w;
            w.show();
            w.setNotation(core::Notation::Rfc);
            w.setTextbookStateNames(true);
            w.setSpeed(2.0);
            w.setTheme(ui::Theme::HighContrast);
            w.setGraphSides(ui::MainWindow::GraphSides::B);
            w.close();
        }
        ui::Themes::apply(ui::Theme::System);
        ui::MainWindow again;
        QCOMPARE(again.notation(), core::Notation::Rfc);
        QCOMPARE(again.theme(), ui::Theme::HighContrast);
        QCOMPARE(ui::style::colors(), ui::style::highContrastColors());
        QCOMPARE(QSettings().value(QStringLiteral("playback/speed")).toDouble(), 2.0);
        QCOMPARE(QSettings().value(QStringLiteral("view/stateDiagramSides")).toString(), QStringLiteral("B"));
        QCOMPARE(QSettings().value(QStringLiteral("view/textbookStateNames")).toBool(), true);
    }

    // Issue 14: a classroom text size for the diagram and the docks, from the View menu, kept
    // for the next start; the diagram still fits the view's width.
    void theTextSizeGrowsTheDiagramAndTheDocks() {
        QSettings().clear();
        double label_px = 0;
        int log_row = 0, header_h = 0;
        {
            ui::MainWindow w;
            w.resize(1280, 800);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QTest::qWait(50);
            QCOMPARE(w.textSize(), 100);
            label_px = w.diagramScene()->labelPixelSize() * w.diagramView()->zoom();
            log_row = w.eventLog()->verticalHeader()->defaultSectionSize();
            header_h = w.inspector()->findChild<ui::HeaderDiagram*>()->sizeHint().height();
            QMenu* view = menuTitled(w, QStringLiteral("&View"));
            QVERIFY(view);
            QAction* largest = nullptr;
            for (QAction* a : view->actions())
                if (a->menu())
                    for (QAction* b : a->menu()->actions())
                        if (b->text() == QStringLiteral("150 %")) largest = b;
            QVERIFY(largest);
            largest->trigger();
            QCOMPARE(w.textSize(), 150);
            QTest::qWait(20);
            QCOMPARE(w.diagramScene()->textScale(), 1.5);
            const double grown = w.diagramScene()->labelPixelSize() * w.diagramView()->zoom();
            QVERIFY2(grown > label_px * 1.2, qPrintable(QStringLiteral("%1 -> %2 px").arg(label_px).arg(grown)));
            QVERIFY(w.diagramScene()->diagramRect().width() * w.diagramView()->zoom() <= w.diagramView()->viewport()->width());
            QVERIFY(w.eventLog()->verticalHeader()->defaultSectionSize() > log_row);
            QVERIFY(w.inspector()->findChild<ui::HeaderDiagram*>()->sizeHint().height() > header_h);
            w.close();
        }
        ui::MainWindow again;
        QCOMPARE(again.textSize(), 150);
        QCOMPARE(again.diagramScene()->textScale(), 1.5);
        again.setTextSize(100);
        QCOMPARE(again.eventLog()->verticalHeader()->defaultSectionSize(), log_row);
        QSettings().clear();
    }

    void helpListsTheShortcuts() {
        ui::MainWindow w;
        const QString html = w.shortcutsHtml();
        for (const char* key : {"F5", "PgDown", "Esc", "Ctrl+E"}) QVERIFY2(html.contains(QLatin1String(key)), key);
    }
};

QTEST_MAIN(MainWindowClassroomTest)
#include "main_window_classroom_test.moc"
