// Runs the real tcpviz executable, with no display, and checks what it prints and returns.
#include <QProcess>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run tcpviz(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(TCPVIZ_EXE), args);
    if (!p.waitForFinished(60000)) return {};
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace

class CliTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionPrintsNameAndVersion() {
        const Run r = tcpviz({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("tcpviz " TCPVIZ_VERSION_STRING "\n"));
        QVERIFY(r.err.isEmpty());
    }
    void helpListsTheVerbs() {
        const Run r = tcpviz({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char* verb : {"--list-scenarios", "--print-trace", "--export", "--version"})
            QVERIFY2(r.out.contains(QLatin1String(verb)), verb);
    }
    void unknownFlagIsAUsageError() {
        const Run r = tcpviz({QStringLiteral("--frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(QStringLiteral("frobnicate")), qPrintable(r.err));
    }
    void badOptionValueIsAUsageError() {
        const Run r = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("handshake"),
                              QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("xml")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "cli_test.moc"
