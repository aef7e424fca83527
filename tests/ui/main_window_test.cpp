#include <QTest>

#include "ui/shell/main_window.h"

class MainWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void opensTitledWindow() {
        tcpviz::ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.windowTitle().contains(QStringLiteral("tcpviz")));
        QVERIFY(w.centralWidget() != nullptr);
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
