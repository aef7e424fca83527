// The scenario browser: every built-in listed once under its group's heading, the filter,
// opening by activation, the loaded scenario's mark, and titles in the current language.
#include "ui/panels/scenario_browser.h"

#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocumentFragment>
#include <QTreeWidget>
#include <map>

#include "core/scenario/scenario.h"

using namespace tcpviz;

namespace {

const QLocale kEnglish(QLocale::English, QLocale::UnitedStates);
const QLocale kChinese(QLocale::Chinese, QLocale::China);

// What the library shows of the built-ins (of two endpoints or of hosts), as the core parses
// them, by id.
struct Meta {
    std::string group;
    core::LocalizedText title;
};
std::map<QString, Meta> parsedBuiltins() {
    std::map<QString, Meta> out;
    for (const core::BuiltinScenario& b : core::builtinScenarios())
        std::visit([&](const auto& s) { out.emplace(QString::fromStdString(b.id), Meta{s.group, s.title}); },
                   core::parseAnyScenario(b.json, b.id));
    return out;
}

core::Scenario builtinScenario(const char* id) { return *core::resolveScenario(id); }

QString expectedHeading(const std::string& group) {
    if (group == "establishment") return QStringLiteral("Establishment");
    if (group == "termination") return QStringLiteral("Termination");
    if (group == "loss") return QStringLiteral("Loss and retransmission");
    if (group == "congestion") return QStringLiteral("Flow and congestion control");
    if (group == "resets") return QStringLiteral("Resets and failures");
    if (group == "hosts") return QStringLiteral("Many connections");
    if (group == "https") return QStringLiteral("HTTPS: TLS above TCP");
    if (group == "http2") return QStringLiteral("HTTP/2: many streams, one connection");
    if (group == "quic") return QStringLiteral("QUIC and HTTP/3: TLS inside UDP");
    if (group == "rfc") return QStringLiteral("RFC 9293 figures");
    return QStringLiteral("Other");
}

// Every scenario item (depth 2) in tree order.
QList<QTreeWidgetItem*> scenarioItems(const QTreeWidget* tree) {
    QList<QTreeWidgetItem*> items;
    for (int g = 0; g < tree->topLevelItemCount(); ++g)
        for (int i = 0; i < tree->topLevelItem(g)->childCount(); ++i)
            items << tree->topLevelItem(g)->child(i);
    return items;
}

QStringList visibleIds(const QTreeWidget* tree) {
    QStringList ids;
    for (QTreeWidgetItem* item : scenarioItems(tree))
        if (!item->isHidden() && !item->parent()->isHidden())
            ids << item->data(0, ui::ScenarioBrowser::IdRole).toString();
    return ids;
}

QString plain(const QString& html) {
    return QTextDocumentFragment::fromHtml(html).toPlainText().simplified();
}

}  // namespace

class ScenarioBrowserTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(kEnglish);
    }
    void cleanup() { QLocale::setDefault(kEnglish); }

    void listsEveryBuiltinOnceUnderItsGroup() {
        ui::ScenarioBrowser browser;
        const auto builtins = parsedBuiltins();
        const QList<QTreeWidgetItem*> items = scenarioItems(browser.tree());
        QCOMPARE(items.size(), static_cast<qsizetype>(builtins.size()));
        for (const auto& [id, scenario] : builtins) {
            int found = 0;
            for (QTreeWidgetItem* item : items) {
                if (item->data(0, ui::ScenarioBrowser::IdRole).toString() != id) continue;
                ++found;
                QCOMPARE(item->parent()->text(0), expectedHeading(scenario.group));
                QCOMPARE(item->text(0), QString::fromStdString(scenario.title.in("en")));
            }
            QVERIFY2(found == 1, qPrintable(id));
        }
        // The headings come in the course's order (only those with scenarios), all unfolded;
        // headings are not scenarios and carry no id.
        const QStringList order{
            QStringLiteral("Establishment"),           QStringLiteral("Termination"),
            QStringLiteral("Loss and retransmission"), QStringLiteral("Flow and congestion control"),
            QStringLiteral("Resets and failures"),     QStringLiteral("Many connections"),
            QStringLiteral("HTTPS: TLS above TCP"),    QStringLiteral("HTTP/2: many streams, one connection"),
            QStringLiteral("QUIC and HTTP/3: TLS inside UDP"), QStringLiteral("RFC 9293 figures"),
            QStringLiteral("Other")};
        int last = -1;
        for (int g = 0; g < browser.tree()->topLevelItemCount(); ++g) {
            QTreeWidgetItem* heading = browser.tree()->topLevelItem(g);
            const int at = order.indexOf(heading->text(0));
            QVERIFY2(at > last, qPrintable(heading->text(0)));
            last = at;
            QVERIFY(heading->isExpanded());
            QVERIFY(heading->childCount() > 0);
            QVERIFY(heading->data(0, ui::ScenarioBrowser::IdRole).toString().isEmpty());
            QVERIFY(!(heading->flags() & Qt::ItemIsSelectable));
        }
        QCOMPARE(browser.tree()->topLevelItem(0)->text(0), QStringLiteral("Establishment"));
    }

    void tooltipAndPaneShowTheDescription() {
        ui::ScenarioBrowser browser;
        const core::Scenario s = builtinScenario("data-loss");
        const QString description = QString::fromStdString(s.description.in("en"));
        QVERIFY(!description.isEmpty());
        QTreeWidgetItem* item = browser.itemFor(QStringLiteral("data-loss"));
        QVERIFY(item);
        QCOMPARE(plain(item->toolTip(0)), description.simplified());
        browser.tree()->setCurrentItem(item);
        const QString pane = browser.descriptionView()->toPlainText().simplified();
        QVERIFY2(pane.contains(description.simplified()), qPrintable(pane));
        QVERIFY(pane.contains(QString::fromStdString(s.title.in("en"))));
        QVERIFY(browser.descriptionView()->isReadOnly());
        QVERIFY(browser.openButton()->isEnabled());
        // On a heading there is nothing to open.
        browser.tree()->setCurrentItem(item->parent());
        QVERIFY(!browser.openButton()->isEnabled());
    }

    void filterNarrowsToMatches() {
        ui::ScenarioBrowser browser;
        const int all = static_cast<int>(visibleIds(browser.tree()).size());
        // By words of the English title (any order, any case) and by id.
        QTest::keyClicks(browser.filterEdit(), QStringLiteral("LOST"));
        QStringList ids = visibleIds(browser.tree());
        QVERIFY(!ids.isEmpty());
        QVERIFY(ids.size() < all);
        QVERIFY(ids.contains(QStringLiteral("lost-syn")));
        QVERIFY(!ids.contains(QStringLiteral("handshake")));
        const auto builtins = parsedBuiltins();
        for (const QString& id : ids) {
            const auto& s = builtins.at(id);
            QVERIFY2(id.contains(QStringLiteral("lost"), Qt::CaseInsensitive) ||
                         QString::fromStdString(s.title.in("en"))
                             .contains(QStringLiteral("lost"), Qt::CaseInsensitive),
                     qPrintable(id));
        }
        // A group with no match loses its heading too.
        for (int g = 0; g < browser.tree()->topLevelItemCount(); ++g) {
            QTreeWidgetItem* heading = browser.tree()->topLevelItem(g);
            bool any = false;
            for (int i = 0; i < heading->childCount(); ++i)
                any = any || !heading->child(i)->isHidden();
            QCOMPARE(heading->isHidden(), !any);
        }
        // The cursor follows onto a visible match, so Enter opens what is shown.
        QVERIFY(browser.tree()->currentItem());
        QVERIFY(!browser.tree()->currentItem()->isHidden());

        browser.filterEdit()->setText(QStringLiteral("fig7"));
        QCOMPARE(visibleIds(browser.tree()), QStringList{QStringLiteral("rfc9293-fig7")});

        // The Chinese title matches while the interface is in English.
        const QString zh =
            QString::fromStdString(builtins.at(QStringLiteral("handshake")).title.in("zh_CN"));
        browser.filterEdit()->setText(zh);
        QVERIFY(visibleIds(browser.tree()).contains(QStringLiteral("handshake")));

        browser.filterEdit()->setText(QStringLiteral("no such scenario xyzzy"));
        QVERIFY(visibleIds(browser.tree()).isEmpty());
        QVERIFY(!browser.openButton()->isEnabled());
        QVERIFY(browser.descriptionView()->toPlainText().contains(QStringLiteral("xyzzy")));

        browser.filterEdit()->clear();
        QCOMPARE(visibleIds(browser.tree()).size(), all);
    }

    void activatingAnItemRequestsIt() {
        ui::ScenarioBrowser browser;
        browser.resize(400, 600);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QSignalSpy spy(&browser, &ui::ScenarioBrowser::openRequested);
        QTreeWidget* tree = browser.tree();

        // Enter on the item under the cursor.
        tree->setCurrentItem(browser.itemFor(QStringLiteral("teardown")));
        QCOMPARE(spy.count(), 0);  // moving the cursor opens nothing
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("teardown"));

        // The Open button.
        tree->setCurrentItem(browser.itemFor(QStringLiteral("lost-synack")));
        QTest::mouseClick(browser.openButton(), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("lost-synack"));

        // Double-click, as the window system delivers it: press, release, double-click, release.
        // (QTest::mouseDClick omits the first release, which leaves the view mid-selection.)
        QTreeWidgetItem* item = browser.itemFor(QStringLiteral("handshake"));
        tree->scrollToItem(item);
        QWidget* viewport = tree->viewport();
        const QPoint at = tree->visualItemRect(item).center();
        QCOMPARE(tree->itemAt(at), item);
        QTest::mouseClick(viewport, Qt::LeftButton, {}, at);
        QMouseEvent dbl(QEvent::MouseButtonDblClick, at, viewport->mapToGlobal(at), Qt::LeftButton,
                        Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &dbl);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, at);
        QCOMPARE(spy.count(), 1);  // the first click selects; only the double-click opens
        QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("handshake"));

        // Enter in the filter opens the (first) match.
        browser.filterEdit()->setText(QStringLiteral("fig11"));
        QTest::keyClick(browser.filterEdit(), Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("rfc9293-fig11"));
        browser.filterEdit()->clear();

        // A heading folds and unfolds instead.
        QTreeWidgetItem* heading = tree->topLevelItem(0);
        tree->setCurrentItem(heading);
        QTest::keyClick(tree, Qt::Key_Return);
        QVERIFY(!heading->isExpanded());
        QTest::keyClick(tree, Qt::Key_Return);
        QVERIFY(heading->isExpanded());
        QCOMPARE(spy.count(), 0);
    }

    void keyboardReachesTheListFromTheFilter() {
        ui::ScenarioBrowser browser;
        browser.show();
        browser.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&browser));
        browser.filterEdit()->setFocus();
        QTest::keyClicks(browser.filterEdit(), QStringLiteral("close"));
        QTest::keyClick(browser.filterEdit(), Qt::Key_Down);
        QVERIFY(browser.tree()->hasFocus());
        QTreeWidgetItem* current = browser.tree()->currentItem();
        QVERIFY(current);
        QVERIFY(!current->isHidden());
        QVERIFY(!browser.highlightedScenario().isEmpty());
        QVERIFY(visibleIds(browser.tree()).contains(browser.highlightedScenario()));
    }

    void setCurrentScenarioMarksWithoutASignal() {
        ui::ScenarioBrowser browser;
        QSignalSpy spy(&browser, &ui::ScenarioBrowser::openRequested);
        browser.setCurrentScenario(QStringLiteral("data-loss"));
        QTreeWidgetItem* item = browser.itemFor(QStringLiteral("data-loss"));
        QVERIFY(item->font(0).bold());
        QVERIFY(item->isSelected());
        QCOMPARE(browser.tree()->currentItem(), item);
        QCOMPARE(browser.currentScenario(), QStringLiteral("data-loss"));
        for (QTreeWidgetItem* other : scenarioItems(browser.tree()))
            if (other != item) QVERIFY(!other->font(0).bold());

        browser.setCurrentScenario(QStringLiteral("teardown"));
        QVERIFY(!item->font(0).bold());
        QVERIFY(browser.itemFor(QStringLiteral("teardown"))->font(0).bold());
        QVERIFY(browser.itemFor(QStringLiteral("teardown"))->isSelected());

        // A file that is no built-in: nothing is marked.
        browser.setCurrentScenario(QStringLiteral("custom"));
        for (QTreeWidgetItem* other : scenarioItems(browser.tree()))
            QVERIFY(!other->font(0).bold());
        QVERIFY(browser.tree()->selectedItems().isEmpty());
        QCOMPARE(spy.count(), 0);
    }

    void retranslateShowsTheCurrentLanguage() {
        ui::ScenarioBrowser browser;
        browser.setCurrentScenario(QStringLiteral("handshake"));
        const core::Scenario s = builtinScenario("handshake");
        const QString en = QString::fromStdString(s.title.in("en"));
        const QString zh = QString::fromStdString(s.title.in("zh_CN"));
        QVERIFY(!zh.isEmpty());
        QVERIFY(zh != en);
        QTreeWidgetItem* item = browser.itemFor(QStringLiteral("handshake"));
        QCOMPARE(item->text(0), en);

        QLocale::setDefault(kChinese);
        browser.retranslate();
        QCOMPARE(item->text(0), zh);
        QCOMPARE(plain(item->toolTip(0)),
                 QString::fromStdString(s.description.in("zh_CN")).simplified());
        QVERIFY(browser.descriptionView()->toPlainText().contains(zh));
        QVERIFY(item->font(0).bold());  // the mark survives

        // A language change reaches it as an event too.
        QLocale::setDefault(kEnglish);
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(&browser, &change);
        QCOMPARE(item->text(0), en);
        QVERIFY(browser.descriptionView()->toPlainText().contains(en));
    }
};

QTEST_MAIN(ScenarioBrowserTest)
#include "scenario_browser_test.moc"
