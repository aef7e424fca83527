#pragma once
// Helpers for tests that drive a window: show it and wait until it has the focus, and answer
// the next message box it shows.
#include <QApplication>
#include <QMessageBox>
#include <QString>
#include <QTest>
#include <QTimer>
#include <QWidget>

namespace tcpviz_test {

// Shows `w` and waits until it is exposed and active (key clicks need the focus).
inline void showActive(QWidget& w) {
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
}

// Accepts the next message box, keeping its text in `shown`. It polls instead of waiting in a
// nested loop: the box may come from a background open, itself inside another loop.
inline void answerNextMessageBox(QString* shown) {
    auto* poll = new QTimer(qApp);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [poll, shown] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box) return;
        *shown = box->text();
        box->accept();
        poll->deleteLater();
    });
    poll->start();
}

}  // namespace tcpviz_test
