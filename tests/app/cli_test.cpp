// Runs the real tcpviz executable, with no display, and checks what it prints and returns.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QProcess>
#include <QImage>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>   // mkfifo

#include "tests/support/full_disk.h"

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs tcpviz in `workDir` (empty: this process's folder); gives up after `timeoutMs`.
Run tcpviz(const QStringList& args, const QString& workDir = {}, int timeoutMs = 60000) {
    QProcess p;
    if (!workDir.isEmpty()) p.setWorkingDirectory(workDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(TCPVIZ_EXE), args);
    if (!p.waitForFinished(timeoutMs)) return {};
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}


// The audit's file that asks for 4 GB to be sent, cut at `max_events`; its path, in `dir`.
QString hugeSend(const QTemporaryDir& dir, const QString& name, int max_events) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(R"({"format": "tcpviz-scenario/1", "max_events": )" + QByteArray::number(max_events) + R"(, "script": [
        {"at_ms": 0, "endpoint": "B", "call": "listen"}, {"at_ms": 10, "endpoint": "A", "call": "connect"},
        {"at_ms": 200, "endpoint": "A", "call": "send", "bytes": 4294967295}]})");
    return path;
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
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: tcpviz [options]")), qPrintable(r.out.left(60)));
        for (const char* verb : {"--list-scenarios", "--print-trace", "--export", "--version"})
            QVERIFY2(r.out.contains(QLatin1String(verb)), verb);
    }
    void unknownFlagIsAUsageError() {
        const Run r = tcpviz({QStringLiteral("--frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(QStringLiteral("frobnicate")), qPrintable(r.err));
    }
    // --interop-demo opens its own connection: a file beside it is a usage error, said before
    // any window or namespace is made; --help names it.
    void theInteropDemoTakesNoFile() {
        const Run r = tcpviz({QStringLiteral("--interop-demo"), QStringLiteral("handshake")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--interop-demo")) && r.err.contains(QStringLiteral("handshake")),
                 qPrintable(r.err));
        QVERIFY(tcpviz({QStringLiteral("--help")}).out.contains(QStringLiteral("--interop-demo")));
    }
    // --measure-crypto: the why-symmetric-keys lesson's table, measured on this computer.
    void measureCryptoPrintsTheHandshakesWorkAgainstTheCiphers() {
        const Run r = tcpviz({QStringLiteral("--measure-crypto")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("OpenSSL 3")), qPrintable(r.out.left(60)));
        for (const char* row : {"AES-256-GCM", "X25519", "Ed25519 signature", "Ed25519 verification", "RSA-2048 signature",
                                "RSA-2048 decryption of 214 bytes", "times slower than AES-256-GCM"})
            QVERIFY2(r.out.contains(QLatin1String(row)), row);
        QCOMPARE(r.out.count(QLatin1Char('\n')), 8);
    }
    void badOptionValueIsAUsageError() {
        const Run r = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("handshake"),
                              QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("xml")), qPrintable(r.err));
        // Issue 15: NaN passed the range check, and ceil(NaN) cast to int is undefined.
        for (const char* bad : {"nan", "inf", "0.5", "9"}) {
            const Run s = tcpviz({QStringLiteral("--export"), QStringLiteral("/tmp/tcpviz-never.png"),
                                  QStringLiteral("--scale"), QLatin1String(bad)});
            QCOMPARE(s.exitCode, 2);
            QVERIFY2(s.err.contains(QStringLiteral("--scale")), qPrintable(s.err));
            QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/tcpviz-never.png")));
        }
    }

    void listScenariosPrintsIdTabTitle() {
        const Run r = tcpviz({QStringLiteral("--list-scenarios")});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 22);
        QCOMPARE(lines.first(), QStringLiteral("handshake\tThree-way handshake"));
        for (const QString& line : lines) QCOMPARE(line.count(QLatin1Char('\t')), 1);
        QVERIFY(lines.contains(QStringLiteral("rfc9293-fig13\tRFC 9293 Figure 13: Simultaneous close sequence")));
    }
    void listScenariosInChinese() {
        const Run r = tcpviz({QStringLiteral("--list-scenarios"), QStringLiteral("--lang"), QStringLiteral("zh_CN")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("handshake\t三次握手\n")), qPrintable(r.out));
    }
    void printTraceInRfcNotation() {
        const Run r = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("rfc9293-fig6")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("SYN-SENT     --> <SEQ=100><CTL=SYN>")), qPrintable(r.out));
        QVERIFY(r.err.isEmpty());
    }
    void printTraceAsJsonIsATrace() {
        const Run r = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("handshake"),
                              QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8());
        QCOMPARE(doc.object().value(QStringLiteral("format")).toString(), QStringLiteral("tcpviz-trace/1"));
    }
    void printTraceAsCsv() {
        const Run r = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("handshake"),
                              QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("step,time_us,kind,endpoint,")));
    }
    // --list-connections: one TSV line per connection (issue 16), a for the side that sent the
    // first SYN; a lesson of two endpoints has one.
    void listConnectionsPrintsOneLinePerConnection() {
        const Run one = tcpviz({QStringLiteral("--list-connections"), QStringLiteral("teardown")});
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(one.out, QStringLiteral("0\t192.0.2.1:50000\t198.51.100.7:80\tCLOSED\tCLOSED\tCLOSED\tCLOSED\t%1\n")
                              .arg(one.out.section(QLatin1Char('\t'), 7).trimmed()));
        const Run many = tcpviz({QStringLiteral("--list-connections"), QStringLiteral("accept-queue-overflow")});
        QCOMPARE(many.exitCode, 0);
        const QStringList lines = many.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 100);
        for (int i = 0; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(QLatin1Char('\t'));
            QCOMPARE(f.size(), 8);
            QCOMPARE(f[0], QString::number(i));
            QVERIFY2(f[1].startsWith(QStringLiteral("192.0.2.1:")), qPrintable(lines[i]));
            QCOMPARE(f[2], QStringLiteral("198.51.100.7:80"));
            // Each client closed first and is in TIME-WAIT at the horizon, or done.
            QVERIFY2(f[4] == QLatin1String("TIME-WAIT") || f[4] == QLatin1String("CLOSED"), qPrintable(lines[i]));
            QVERIFY(f[7].toInt() >= 8);
        }
    }

    // One connection of a lesson of hosts in today's notations; all of them as tcpviz-trace/2;
    // the RFC notation of all of them, or a connection that is not there, is a usage error.
    void printTraceOfHostsByConnection() {
        const Run one = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("syn-flood-cookies"),
                                QStringLiteral("--connection"), QStringLiteral("2000")});
        QCOMPARE(one.exitCode, 0);
        QVERIFY2(one.out.contains(QStringLiteral("TCP A (client)")), qPrintable(one.out.left(300)));
        QVERIFY(one.out.contains(QStringLiteral("<CTL=SYN,ACK>")));
        const Run all = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("accept-queue-overflow"),
                                QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(all.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(all.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("format")).toString(), QStringLiteral("tcpviz-trace/2"));
        QCOMPARE(doc.value(QStringLiteral("connections")).toArray().size(), 100);
        const Run rfc = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("accept-queue-overflow")});
        QCOMPARE(rfc.exitCode, 2);
        QVERIFY2(rfc.err.contains(QStringLiteral("--connection ID")), qPrintable(rfc.err));
        const Run none = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("accept-queue-overflow"),
                                 QStringLiteral("--connection"), QStringLiteral("100")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains(QStringLiteral("connections 0 to 99")), qPrintable(none.err));
        const Run bad = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("handshake"),
                                QStringLiteral("--connection"), QStringLiteral("x")});
        QCOMPARE(bad.exitCode, 2);
    }

    // --view sockets: the host chart, as a picture of the plot's size; a lesson of two endpoints
    // has none and says so.
    void exportsTheHostChart() {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("hosts.png"));
        const Run r = tcpviz({QStringLiteral("--export"), png, QStringLiteral("--scenario"), QStringLiteral("time-wait-pileup"),
                              QStringLiteral("--view"), QStringLiteral("sockets")});
        QCOMPARE(r.exitCode, 0);
        const QImage image(png);
        QVERIFY(image.width() >= 1200 && image.height() >= 720);
        const Run no = tcpviz({QStringLiteral("--export"), dir.filePath(QStringLiteral("no.png")), QStringLiteral("--scenario"),
                               QStringLiteral("handshake"), QStringLiteral("--view"), QStringLiteral("sockets")});
        QCOMPARE(no.exitCode, 1);
        QVERIFY2(no.err.contains(QStringLiteral("lesson of hosts")), qPrintable(no.err));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("no.png"))));
    }

    // --list-connections of a real capture: each connection with its sides' inferred first and
    // last states; a broken capture names the file and the packet.
    void listsTheConnectionsOfACapture() {
        const Run r = tcpviz({QStringLiteral("--list-connections"), QStringLiteral(TCPVIZ_TEST_DATA "/captures/port-reuse.pcap")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("0\t127.0.0.1:40000\t127.0.0.1:8080\tCLOSED\tCLOSED\tLISTEN\tTIME-WAIT\t12\n"
                                       "1\t127.0.0.1:40000\t127.0.0.1:8080\tCLOSED\tCLOSED\tLISTEN\tTIME-WAIT\t12\n"));
        const Run v6 = tcpviz({QStringLiteral("--list-connections"), QStringLiteral(TCPVIZ_TEST_DATA "/captures/ipv6.pcap")});
        QVERIFY2(v6.out.startsWith(QStringLiteral("0\t[::1]:")), qPrintable(v6.out));
        QTemporaryDir dir;
        QFile original(QStringLiteral(TCPVIZ_TEST_DATA "/captures/handshake-teardown.pcap"));
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QString cut = dir.filePath(QStringLiteral("cut.pcap"));
        QFile f(cut);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(original.readAll().left(200));   // the file header, the first packet and a piece of the second
        f.close();
        const Run broken = tcpviz({QStringLiteral("--list-connections"), cut});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains(cut + QStringLiteral(": packet 2: truncated")), qPrintable(broken.err));
    }

    // A capture is a trace as a lesson's is (issue 17): --print-trace in every format, the
    // connection of --connection, and figures of it; each segment carries its packet number,
    // Wireshark's analysis and its checksum check.
    void printsAndExportsACapture() {
        const QString v6 = QStringLiteral(TCPVIZ_TEST_DATA "/captures/ipv6.pcap");
        const Run json = tcpviz({QStringLiteral("--print-trace"), v6, QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("capture")).toObject().value(QStringLiteral("file")).toString(), v6);
        QCOMPARE(doc.value(QStringLiteral("endpoints")).toArray().at(0).toObject().value(QStringLiteral("address")).toString(),
                 QStringLiteral("::1"));
        int sends = 0;
        for (const QJsonValue& v : doc.value(QStringLiteral("events")).toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("kind")).toString() != QLatin1String("send")) continue;
            ++sends;
            QCOMPARE(e.value(QStringLiteral("packet")).toInt(), sends);   // every packet of it is TCP
            QVERIFY(e.value(QStringLiteral("analysis")).isArray());
            // Loopback leaves checksums to a card it does not have (CHECKSUM_PARTIAL).
            QCOMPARE(e.value(QStringLiteral("checksum")).toString(), QStringLiteral("offloaded"));
        }
        QVERIFY(sends >= 10);

        const QString reuse = QStringLiteral(TCPVIZ_TEST_DATA "/captures/port-reuse.pcap");
        const Run first = tcpviz({QStringLiteral("--print-trace"), reuse});
        const Run second = tcpviz({QStringLiteral("--print-trace"), reuse, QStringLiteral("--connection"), QStringLiteral("1")});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.out.contains(QStringLiteral("<CTL=SYN>")), qPrintable(second.out));
        QVERIFY(first.out != second.out);   // another ISN
        const Run none = tcpviz({QStringLiteral("--print-trace"), reuse, QStringLiteral("--connection"), QStringLiteral("2")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains(QStringLiteral("connections 0 to 1")), qPrintable(none.err));

        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("capture.png"));
        const Run image = tcpviz({QStringLiteral("--export"), png, QStringLiteral("--scenario"),
                                  QStringLiteral(TCPVIZ_TEST_DATA "/captures/handshake-teardown.pcap")});
        QCOMPARE(image.exitCode, 0);
        QVERIFY(!QImage(png).isNull());
        const Run again = tcpviz({QStringLiteral("--export"), dir.filePath(QStringLiteral("again.pcapng")), QStringLiteral("--scenario"), v6});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains(QStringLiteral("capture already")), qPrintable(again.err));
    }

    // --export lesson.pcapng writes the simulated segments as a capture, which reads back with
    // the same segments and checksums that verify.
    void exportsALessonAsPcapng() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("data-loss.pcapng"));
        const Run r = tcpviz({QStringLiteral("--export"), file, QStringLiteral("--scenario"), QStringLiteral("data-loss")});
        QCOMPARE(r.exitCode, 0);
        const Run lesson = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("data-loss"), QStringLiteral("--format"), QStringLiteral("json")});
        const Run back = tcpviz({QStringLiteral("--print-trace"), file, QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(back.exitCode, 0);
        const auto sends = [](const QString& text) {
            QList<QJsonObject> out;
            for (const QJsonValue& v : QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("events")).toArray())
                if (v.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("send")) out << v.toObject();
            return out;
        };
        const QList<QJsonObject> simulated = sends(lesson.out), read = sends(back.out);
        QCOMPARE(read.size(), simulated.size());
        for (qsizetype i = 0; i < read.size(); ++i) {
            const QJsonObject a = simulated[i].value(QStringLiteral("segment")).toObject();
            const QJsonObject b = read[i].value(QStringLiteral("segment")).toObject();
            for (const char* key : {"seq", "ack", "flags", "len", "window"})
                QCOMPARE(b.value(QLatin1String(key)), a.value(QLatin1String(key)));
            QCOMPARE(read[i].value(QStringLiteral("checksum")).toString(), QStringLiteral("good"));
        }
    }

    // --host chooses the host of --view sockets, by its name in the scenario; a name it does not
    // have is named with those it has, and --host without --view sockets is a usage error.
    void exportsTheHostChartOfTheHostAskedFor() {
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("far.svg"));
        const auto run = [&](const QString& host, const QString& view) {
            return tcpviz({QStringLiteral("--export"), svg, QStringLiteral("--scenario"), QStringLiteral("time-wait-on-server"),
                           QStringLiteral("--view"), view, QStringLiteral("--host"), host});
        };
        const Run far = run(QStringLiteral("client-3"), QStringLiteral("sockets"));
        QCOMPARE(far.exitCode, 0);
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("Sockets of client-3 (203.0.113.9) per state"));
        QVERIFY(!text.contains(">TIME-WAIT</text>"));   // no band of it: the server closes first
        const Run server = run(QStringLiteral("server"), QStringLiteral("sockets"));
        QCOMPARE(server.exitCode, 0);
        QFile g(svg);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QVERIFY(g.readAll().contains(">TIME-WAIT</text>"));   // where the TIME-WAITs are
        const Run none = run(QStringLiteral("db"), QStringLiteral("sockets"));
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains(QStringLiteral("no host 'db' in time-wait-on-server; its hosts: client-1, client-2, client-3, server")),
                 qPrintable(none.err));
        const Run wrong = run(QStringLiteral("client-3"), QStringLiteral("sequence"));
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains(QStringLiteral("--host goes with --view sockets")), qPrintable(wrong.err));
    }

    // --view side-by-side: a lesson's runs of one request on one time axis (issue 18), as an SVG
    // whose words say each run's round trips; --runs picks and orders them by their hosts' names,
    // a name that is no run's is a usage error naming those there are, and a lesson without runs
    // says why it has no such figure.
    void exportsTheRunsSideBySide() {
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("runs.svg"));
        const auto run = [&](const QStringList& more) {
            return tcpviz(QStringList{QStringLiteral("--export"), svg, QStringLiteral("--scenario"),
                                      QStringLiteral("handshake-rtts"), QStringLiteral("--view"),
                                      QStringLiteral("side-by-side"), QStringLiteral("--lang"), QStringLiteral("en")} +
                          more);
        };
        const Run all = run({});
        QCOMPARE(all.exitCode, 0);
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        f.close();
        for (const char* words : {"TCP + TLS 1.2", "request after 3 RTT", "answer after 4 RTT", "QUIC 0-RTT",
                                  "request after 0 RTT", "Initial: ClientHello", "50 ms each way"})
            QVERIFY2(text.contains(words), words);
        const Run two = run({QStringLiteral("--runs"), QStringLiteral("quic,tls13")});
        QCOMPARE(two.exitCode, 0);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray picked = f.readAll();
        f.close();
        QVERIFY(!picked.contains("TCP + TLS 1.2"));
        QVERIFY(picked.indexOf(">QUIC<") >= 0 && picked.indexOf(">TCP + TLS 1.3<") > picked.indexOf(">QUIC<"));
        const Run wrong = run({QStringLiteral("--runs"), QStringLiteral("tls13,tls14")});
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains(QStringLiteral(
                     "no run 'tls14' in handshake-rtts; its runs: http, tls12, tls13, zero-rtt, quic, quic-0rtt")),
                 qPrintable(wrong.err));
        const Run alone = tcpviz({QStringLiteral("--export"), svg, QStringLiteral("--runs"), QStringLiteral("tls13")});
        QCOMPARE(alone.exitCode, 2);
        QVERIFY2(alone.err.contains(QStringLiteral("--runs goes with --view side-by-side")), qPrintable(alone.err));
        const Run none = tcpviz({QStringLiteral("--export"), dir.filePath(QStringLiteral("no.png")), QStringLiteral("--scenario"),
                                 QStringLiteral("time-wait-pileup"), QStringLiteral("--view"), QStringLiteral("side-by-side")});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains(QStringLiteral("no such runs")), qPrintable(none.err));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("no.png"))));
    }

    // --print-quiz (issue 19): a lesson's questions as JSON, each with its choices and the index
    // of the right one, asked before the step that answers it; the same for a capture; text in
    // Chinese with --lang zh_CN; csv is no format of a quiz.
    void printsALessonsQuiz() {
        const Run json = tcpviz({QStringLiteral("--print-quiz"), QStringLiteral("handshake"), QStringLiteral("--format"),
                                 QStringLiteral("json"), QStringLiteral("--lang"), QStringLiteral("en")});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("format")).toString(), QStringLiteral("tcpviz-quiz/1"));
        const QJsonArray questions = doc.value(QStringLiteral("questions")).toArray();
        QCOMPARE(questions.size(), 3);
        const QJsonObject first = questions.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("state"));
        QCOMPARE(first.value(QStringLiteral("cursor")).toInt() + 1, first.value(QStringLiteral("step")).toInt());
        const QJsonArray choices = first.value(QStringLiteral("choices")).toArray();
        QVERIFY(choices.size() >= 2 && choices.size() <= 4);
        QCOMPARE(choices.at(first.value(QStringLiteral("answer")).toInt()).toString(), QStringLiteral("SYN-RECEIVED"));
        QVERIFY(choices.contains(QStringLiteral("ESTABLISHED")));
        QVERIFY(first.value(QStringLiteral("explanation")).toString().contains(QStringLiteral("RFC 9293 §3.10.7.2")));
        const QJsonObject second = questions.at(1).toObject();
        QCOMPARE(second.value(QStringLiteral("choices")).toArray().at(second.value(QStringLiteral("answer")).toInt()).toString(),
                 QStringLiteral("seq=x+1, ack=y+1"));

        const Run capture = tcpviz({QStringLiteral("--print-quiz"), QStringLiteral(TCPVIZ_TEST_DATA "/captures/handshake-teardown.pcapng"),
                                    QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(capture.exitCode, 0);
        QVERIFY(!QJsonDocument::fromJson(capture.out.toUtf8()).object().value(QStringLiteral("questions")).toArray().isEmpty());

        const Run zh = tcpviz({QStringLiteral("--print-quiz"), QStringLiteral("handshake"), QStringLiteral("--lang"), QStringLiteral("zh_CN")});
        QCOMPARE(zh.exitCode, 0);
        QVERIFY2(zh.out.contains(QStringLiteral("第 1 步之前")) && zh.out.contains(QStringLiteral("答案")), qPrintable(zh.out));
        const Run csv = tcpviz({QStringLiteral("--print-quiz"), QStringLiteral("handshake"), QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(csv.exitCode, 2);
    }

    void printTraceOfAFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lesson.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "tcpviz-scenario/1", "script": [{"at_ms": 0, "endpoint": "A", "call": "connect"}]})");
        f.close();
        const Run r = tcpviz({QStringLiteral("--print-trace"), path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("<CTL=RST,ACK>")), qPrintable(r.out));
    }
    // Issue 15: a file that asks for 4 GB to be sent. The run stops at the file's event limit,
    // prints what it simulated, says on stderr that it stopped, and exits 1.
    void aRunCutAtItsEventLimitSaysSoAndFails() {
        QTemporaryDir dir;
        const QString path = hugeSend(dir, QStringLiteral("huge.json"), 5000);
        QVERIFY(!path.isEmpty());
        const Run r = tcpviz({QStringLiteral("--print-trace"), path, QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 1);
        // The limit the file set, though the trace holds the last input's events too.
        QVERIFY2(r.err.contains(QStringLiteral("stopped at its limit of 5000 events")) &&
                     r.err.contains(QStringLiteral("raise \"max_events\", up to 5000000")),
                 qPrintable(r.err));
        QVERIFY(r.err.contains(path));
        QVERIFY(r.out.contains(QStringLiteral("\"end\": {\"reason\":\"limit\"")));
        // An export writes the figure or the text of what was simulated, and says the same.
        for (const char* ext : {"csv", "svg"}) {
            const QString out = dir.filePath(QStringLiteral("huge.") + QLatin1String(ext));
            const Run e = tcpviz({QStringLiteral("--export"), out, QStringLiteral("--scenario"), path});
            QCOMPARE(e.exitCode, 1);
            QVERIFY2(e.err.contains(QStringLiteral("stopped at its limit")), qPrintable(e.err));
            QVERIFY(QFileInfo(out).size() > 0);
        }
    }

    // Issue 15: a figure of a trace of a million arrows used to be laid out for minutes, and
    // its SVG took 23.6 GB before the kernel killed it. Now it is refused at once, and the
    // state diagram of the same trace is still drawn.
    void aFigureOfTooManyArrowsIsRefusedBeforeItIsLaidOut() {
        QTemporaryDir dir;
        const QString path = hugeSend(dir, QStringLiteral("many.json"), 400000);
        QVERIFY(!path.isEmpty());
        const QString svg = dir.filePath(QStringLiteral("many.svg"));
        const Run r = tcpviz({QStringLiteral("--export"), svg, QStringLiteral("--scenario"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(svg) && r.err.contains(QStringLiteral("a figure may have")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(svg));
        const QString png = dir.filePath(QStringLiteral("state.png"));
        const Run s = tcpviz({QStringLiteral("--export"), png, QStringLiteral("--view"), QStringLiteral("state"),
                              QStringLiteral("--scenario"), path});
        QCOMPARE(s.exitCode, 1);   // the event limit, said as ever
        QVERIFY2(!s.err.contains(QStringLiteral("a figure may have")), qPrintable(s.err));
        QVERIFY(QFileInfo(png).size() > 0);
    }

    void printTraceToAFullDiskFails() {
        // /dev/full: every write fails with ENOSPC. The trace is written as bytes, not through
        // a QTextStream that would drop the error.
        QProcess p;
        p.setStandardOutputFile(QStringLiteral("/dev/full"));
        p.start(QStringLiteral(TCPVIZ_EXE), {QStringLiteral("--print-trace"), QStringLiteral("data-loss"),
                                             QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("cannot write the trace")), qPrintable(err));
    }
    void unknownScenarioIsAUsageError() {
        const Run r = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("no-such-lesson")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(QStringLiteral("no-such-lesson")), qPrintable(r.err));
    }
    // Issue 15: a missing file, a dangling link and a link loop all said "unknown scenario"
    // (exit 2). What looks like a file (a '/', a ".json" name, or something on disk) is opened,
    // and why it cannot be read is said, with exit 1 like any file that cannot be used.
    void whatLooksLikeAFileSaysWhyItCannotBeRead() {
        QTemporaryDir dir;
        QVERIFY(QFile::link(QStringLiteral("gone.json"), dir.filePath(QStringLiteral("dangling"))));
        QVERIFY(
            QFile::link(QStringLiteral("loop.json"), dir.filePath(QStringLiteral("loop.json"))));
        const QString enoent =
            QStringLiteral(": cannot read the file: No such file or directory\n");
        const struct {
            const char* spec;
            QString err;
        } cases[] = {
            {"nope.json", QStringLiteral("tcpviz: nope.json") + enoent},
            {"lessons/handshake", QStringLiteral("tcpviz: lessons/handshake") + enoent},
            {"dangling", QStringLiteral("tcpviz: dangling") + enoent},
            {"loop.json",
             QStringLiteral(
                 "tcpviz: loop.json: cannot read the file: Too many levels of symbolic links\n")},
        };
        for (const auto& c : cases) {
            const Run r =
                tcpviz({QStringLiteral("--print-trace"), QLatin1String(c.spec)}, dir.path());
            QCOMPARE(r.exitCode, 1);
            QCOMPARE(r.err, c.err);
            QVERIFY(r.out.isEmpty());
            // The export verbs say the same (the image export goes another way in).
            for (const char* ext : {"csv", "svg"}) {
                const Run e = tcpviz({QStringLiteral("--export"),
                                      dir.filePath(QStringLiteral("out.") + QLatin1String(ext)),
                                      QStringLiteral("--scenario"), QLatin1String(c.spec)},
                                     dir.path());
                QCOMPARE(e.exitCode, 1);
                // (Qt may say something about the platform first, for an image.)
                QVERIFY2(e.err.endsWith(c.err) && e.err.count(QStringLiteral("tcpviz: ")) == 1,
                         qPrintable(e.err));
            }
        }
        // A bare word that is not there stays an unknown scenario: a usage error.
        const Run r = tcpviz({QStringLiteral("--print-trace"), QStringLiteral("nope")}, dir.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unknown scenario 'nope'")), qPrintable(r.err));
    }
    // Issue 15: a FIFO hung for ever in fopen(), /dev/zero was read until memory ran out.
    void aFifoOrADeviceIsRefusedAtOnce() {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("pipe.json"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        const Run r = tcpviz({QStringLiteral("--print-trace"), fifo}, {}, 20000);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err,
                 QStringLiteral("tcpviz: ") + fifo +
                     QStringLiteral(": cannot read the file: it is not a regular file (a FIFO)\n"));
        const Run z =
            tcpviz({QStringLiteral("--print-trace"), QStringLiteral("/dev/zero")}, {}, 20000);
        QCOMPARE(z.exitCode, 1);
        QCOMPARE(z.err, QStringLiteral("tcpviz: /dev/zero: cannot read the file: it is not a "
                                       "regular file (a character device)\n"));
        // A capture's name on a FIFO is refused as well, before libpcap would open it.
        const QString pcap = dir.filePath(QStringLiteral("pipe.pcap"));
        QVERIFY(::mkfifo(QFile::encodeName(pcap).constData(), 0600) == 0);
        for (const char* verb : {"--print-trace", "--list-connections"}) {
            const Run p = tcpviz({QLatin1String(verb), pcap}, {}, 20000);
            QCOMPARE(p.exitCode, 1);
            QCOMPARE(p.err, QStringLiteral("tcpviz: ") + pcap + QStringLiteral(": cannot read the file: it is not a regular "
                                                                               "file (a FIFO)\n"));
        }
    }
    // Issue 15: a file named like a built-in id, in the current folder, was hidden without a
    // word. The built-in is still taken (the lessons' names keep working), and a note says so.
    void aFileThatABuiltinIdHidesIsNoted() {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("handshake")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"format": "tcpviz-scenario/1", "script": [{"at_ms": 0, "endpoint": "A", "call": "connect"}]})");
        f.close();
        const QString note = QStringLiteral(
            "tcpviz: note: 'handshake' is the built-in scenario; the file of that name in this "
            "folder was not opened (open it as ./handshake)\n");
        const Run r =
            tcpviz({QStringLiteral("--print-trace"), QStringLiteral("handshake")}, dir.path());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, note);
        // The built-in handshake.
        QVERIFY2(r.out.contains(QStringLiteral("<CTL=SYN,ACK>")), qPrintable(r.out));
        for (const char* ext : {"csv", "svg"}) {
            const Run e = tcpviz({QStringLiteral("--export"),
                                  dir.filePath(QStringLiteral("out.") + QLatin1String(ext)),
                                  QStringLiteral("--scenario"), QStringLiteral("handshake")},
                                 dir.path());
            QCOMPARE(e.exitCode, 0);
            QVERIFY2(e.err.endsWith(note) && e.err.count(QStringLiteral("tcpviz: ")) == 1,
                     qPrintable(e.err));
        }
        // Named as a path, the file is opened: nobody listens, so the connection is refused.
        const Run file =
            tcpviz({QStringLiteral("--print-trace"), QStringLiteral("./handshake")}, dir.path());
        QCOMPARE(file.exitCode, 0);
        QVERIFY(file.err.isEmpty());
        QVERIFY2(file.out.contains(QStringLiteral("<CTL=RST,ACK>")), qPrintable(file.out));
    }
    // Issue 15: a UTF-16 file said "invalid literal".
    void aUtf16FileIsNamedAsSuch() {
        const QString path = QStringLiteral(TCPVIZ_TEST_DATA "/scenarios/broken/utf16-le-bom.json");
        const Run r = tcpviz({QStringLiteral("--print-trace"), path});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QStringLiteral("tcpviz: ") + path +
                            QStringLiteral(":1:1: the file is UTF-16; save it as UTF-8\n"));
    }
    void brokenScenarioFileNamesFileLineAndColumn() {
        const QString path = QStringLiteral(TCPVIZ_TEST_DATA "/scenarios/broken/loss-too-large.json");
        QVERIFY(QFile::exists(path));
        const Run r = tcpviz({QStringLiteral("--print-trace"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        // "FILE:LINE:COLUMN: PATH: MESSAGE"
        QVERIFY2(r.err.contains(path + QLatin1Char(':')), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("loss")), qPrintable(r.err));
        const QString afterFile = r.err.mid(r.err.indexOf(path) + path.size());
        QVERIFY2(QRegularExpression(QStringLiteral("^:\\d+:\\d+: ")).match(afterFile).hasMatch(), qPrintable(r.err));
    }
    void exportsTheStateDiagramAsDot() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("states.dot"));
        const Run r = tcpviz({QStringLiteral("--export"), path, QStringLiteral("--view"), QStringLiteral("state")});
        QCOMPARE(r.exitCode, 0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString dot = QString::fromUtf8(f.readAll());
        QVERIFY(dot.startsWith(QStringLiteral("digraph")));
        QVERIFY(dot.contains(QStringLiteral("TIME-WAIT")));
        QVERIFY(dot.contains(QStringLiteral("Timeout=2MSL")));
    }
    void exportsTraceTextFormatsByExtension() {
        QTemporaryDir dir;
        for (const char* ext : {"txt", "json", "csv"}) {
            const QString path = dir.filePath(QStringLiteral("trace.") + QLatin1String(ext));
            const Run r = tcpviz({QStringLiteral("--export"), path, QStringLiteral("--scenario"), QStringLiteral("teardown")});
            QCOMPARE(r.exitCode, 0);
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY2(bytes.contains("FIN"), ext);
            // The same export twice is the same bytes.
            QCOMPARE(tcpviz({QStringLiteral("--export"), path, QStringLiteral("--scenario"), QStringLiteral("teardown")}).exitCode, 0);
            QFile again(path);
            QVERIFY(again.open(QIODevice::ReadOnly));
            QCOMPARE(again.readAll(), bytes);
        }
    }
    void exportToAnUnwritablePathFailsAndLeavesNothing() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing/sub/trace.json"));
        const Run r = tcpviz({QStringLiteral("--export"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(path), qPrintable(r.err));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
    }
    void exportWithAnUnknownExtensionIsAUsageError() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("trace.xyz"));
        const Run r = tcpviz({QStringLiteral("--export"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!QFile::exists(path));
    }

    // Issue 15: every export onto a real full disk fails with exit code 1 and says the disk is
    // full, naming the file; the file that was there keeps its bytes, and no temporary file is
    // left beside it.
    void exportToAFullDiskFailsAndKeepsTheOldFile() {
        const tcpviz_test::FullDisk disk;
        if (!disk.mounted()) QSKIP(disk.whyNot().c_str());
        const QString dir = QString::fromStdString(disk.dir());
        const QStringList extensions = {QStringLiteral("txt"), QStringLiteral("json"), QStringLiteral("csv"),
                                        QStringLiteral("dot"), QStringLiteral("png"), QStringLiteral("svg"),
                                        QStringLiteral("pdf")};
        for (const QString& ext : extensions) {
            QFile f(dir + QStringLiteral("/out.") + ext);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write("the old " + ext.toLatin1() + " file\n"), qint64(ext.size() + 14));
        }
        QStringList left = QDir(dir).entryList(QDir::Files) << QString::fromLatin1(tcpviz_test::FullDisk::kFiller);
        left.sort();
        QVERIFY(disk.fill());
        for (const QString& ext : extensions) {
            const QString path = dir + QStringLiteral("/out.") + ext;
            const Run r = tcpviz({QStringLiteral("--export"), path, QStringLiteral("--scenario"), QStringLiteral("data-loss")});
            QVERIFY2(r.exitCode == 1, qPrintable(ext + QStringLiteral(": exit code %1").arg(r.exitCode)));
            QVERIFY2(r.err.contains(QStringLiteral("tcpviz: cannot write ") + path + QStringLiteral(": the disk is full (")),
                     qPrintable(r.err));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), "the old " + ext.toLatin1() + " file\n");
            QCOMPARE(QDir(dir).entryList(QDir::Files), left);
        }
    }

    // --- image export (issue 8) ---
    void pngDimensionsScaleWithScale() {
        QTemporaryDir dir;
        const QString one = dir.filePath(QStringLiteral("one.png")), three = dir.filePath(QStringLiteral("three.png"));
        QCOMPARE(tcpviz({QStringLiteral("--export"), one}).exitCode, 0);
        QCOMPARE(tcpviz({QStringLiteral("--export"), three, QStringLiteral("--scale"), QStringLiteral("3")}).exitCode, 0);
        const QSize a = QImage(one).size(), b = QImage(three).size();
        QVERIFY(a.width() > 600 && a.height() > 400);
        QVERIFY(qAbs(b.width() - 3 * a.width()) <= 3 && qAbs(b.height() - 3 * a.height()) <= 3);
    }
    void svgHasTheLabelsAndStatesAsText() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("d.svg"));
        QCOMPARE(tcpviz({QStringLiteral("--export"), path, QStringLiteral("--scenario"), QStringLiteral("handshake")}).exitCode, 0);
        const QStringList texts = svgTexts(path);
        for (const char* t : {"SYN=1, seq=x", "SYN=1, ACK=1, seq=y, ack=x+1", "ACK=1, seq=x+1, ack=y+1",
                              "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "Three-way handshake"})
            QVERIFY2(texts.contains(QLatin1String(t)), t);
        // The same export twice is the same bytes.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray first = f.readAll();
        f.close();
        QCOMPARE(tcpviz({QStringLiteral("--export"), path, QStringLiteral("--scenario"), QStringLiteral("handshake")}).exitCode, 0);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), first);
    }
    void stepLimitsTheSegmentsShown() {
        QTemporaryDir dir;
        const QString full = dir.filePath(QStringLiteral("full.svg")), two = dir.filePath(QStringLiteral("two.svg"));
        QCOMPARE(tcpviz({QStringLiteral("--export"), full, QStringLiteral("--notation"), QStringLiteral("rfc")}).exitCode, 0);
        // Step 1: the SYN has arrived and the SYN,ACK is on its way (drawn: it was sent); the
        // final ACK is not sent yet.
        QCOMPARE(tcpviz({QStringLiteral("--export"), two, QStringLiteral("--notation"), QStringLiteral("rfc"),
                         QStringLiteral("--step"), QStringLiteral("1")}).exitCode, 0);
        auto segments = [](const QStringList& texts) {
            return std::count_if(texts.begin(), texts.end(), [](const QString& t) { return t.startsWith(QLatin1String("<SEQ=")); });
        };
        QCOMPARE(segments(svgTexts(full)), 3);
        QCOMPARE(segments(svgTexts(two)), 2);
        QVERIFY(svgTexts(two).contains(QStringLiteral("<SEQ=300><ACK=101><CTL=SYN,ACK>")));
        QVERIFY(!svgTexts(two).contains(QStringLiteral("<SEQ=101><ACK=301><CTL=ACK>")));
    }
    void pdfIsOnePage() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("d.pdf"));
        QCOMPARE(tcpviz({QStringLiteral("--export"), path, QStringLiteral("--view"), QStringLiteral("both")}).exitCode, 0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pdf = f.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        QCOMPARE(int(pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") + pdf.count("/Type /Page\r")), 1);
    }
    void stateViewExportsTheStateDiagram() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.svg"));
        QCOMPARE(tcpviz({QStringLiteral("--export"), path, QStringLiteral("--view"), QStringLiteral("state"),
                         QStringLiteral("--scenario"), QStringLiteral("teardown")}).exitCode, 0);
        const QStringList texts = svgTexts(path);
        QVERIFY(texts.contains(QStringLiteral("TIME-WAIT")));
        QVERIFY(!texts.contains(QStringLiteral("SYN=1, seq=x")));
    }
    void noLegendLeavesTheKeyOut() {
        // Image exports carry the key to the marks under the figure unless --no-legend.
        QTemporaryDir dir;
        const QString with = dir.filePath(QStringLiteral("with.svg"));
        const QString without = dir.filePath(QStringLiteral("without.svg"));
        const QStringList common = {QStringLiteral("--scenario"), QStringLiteral("lost-syn"),
                                    QStringLiteral("--lang"), QStringLiteral("en")};
        const QString no_legend = QStringLiteral("--no-legend");
        QCOMPARE(tcpviz(QStringList{QStringLiteral("--export"), with} + common).exitCode, 0);
        QCOMPARE(tcpviz(QStringList{QStringLiteral("--export"), without, no_legend} + common).exitCode, 0);
        QVERIFY(svgTexts(with).contains(QStringLiteral("lost on the way")));
        QVERIFY(!svgTexts(without).contains(QStringLiteral("lost on the way")));
        QVERIFY(svgTexts(without).contains(QStringLiteral("SYN=1, seq=x")));   // the diagram itself is there
        const QString png_with = dir.filePath(QStringLiteral("with.png"));
        const QString png_without = dir.filePath(QStringLiteral("without.png"));
        QCOMPARE(tcpviz(QStringList{QStringLiteral("--export"), png_with} + common).exitCode, 0);
        QCOMPARE(tcpviz(QStringList{QStringLiteral("--export"), png_without, no_legend} + common).exitCode, 0);
        const QSize a = QImage(png_with).size(), b = QImage(png_without).size();
        QCOMPARE(a.width(), b.width());
        QVERIFY(a.height() > b.height());
    }
    void imageExportToAnUnwritablePathLeavesNothing() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nope/d.png"));
        const Run r = tcpviz({QStringLiteral("--export"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(path), qPrintable(r.err));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
    }

    // --- the plots (issue 13) ---
    void plotViewsExportPngs() {
        QTemporaryDir dir;
        for (const char* view : {"cwnd", "tsg"}) {
            const QString one = dir.filePath(QStringLiteral("%1.png").arg(QLatin1String(view)));
            const QString two = dir.filePath(QStringLiteral("%1-2x.png").arg(QLatin1String(view)));
            const QStringList args = {QStringLiteral("--scenario"), QStringLiteral("data-loss"), QStringLiteral("--view"),
                                      QLatin1String(view)};
            const Run r = tcpviz(QStringList{QStringLiteral("--export"), one} + args);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QCOMPARE(tcpviz(QStringList{QStringLiteral("--export"), two, QStringLiteral("--scale"), QStringLiteral("2")} +
                            args)
                         .exitCode,
                     0);
            const QImage a(one), b(two);
            QVERIFY2(a.width() > 1000 && a.height() > 600, view);
            QVERIFY(a.width() < 2000 && a.height() < 1200);
            QVERIFY(qAbs(b.width() - 2 * a.width()) <= 2 && qAbs(b.height() - 2 * a.height()) <= 2);
            // Drawn, not blank: the plot's blue (cwnd, data segments) is there.
            int blue = 0;
            for (int y = 0; y < a.height(); y += 2)
                for (int x = 0; x < a.width(); x += 2) blue += a.pixelColor(x, y) == QColor(0x00, 0x72, 0xB2);
            QVERIFY2(blue > 20, view);
        }
    }
    void plotViewsExportSvgWithTheirWords() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tsg.svg"));
        QCOMPARE(tcpviz({QStringLiteral("--export"), path, QStringLiteral("--scenario"), QStringLiteral("data-loss"),
                         QStringLiteral("--view"), QStringLiteral("tsg"), QStringLiteral("--lang"), QStringLiteral("en")})
                     .exitCode,
                 0);
        const QStringList texts = svgTexts(path);
        for (const char* t : {"fast retransmission", "lost on the way", "Relative sequence number", "Time (s)",
                              "A lost data segment is retransmitted"})
            QVERIFY2(texts.contains(QLatin1String(t)), t);
    }
    void anUnknownViewIsAUsageError() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.png"));
        const Run r = tcpviz({QStringLiteral("--export"), path, QStringLiteral("--view"), QStringLiteral("cwdn")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("cwdn")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("tsg")), qPrintable(r.err));
        QVERIFY(!QFile::exists(path));
    }

private:
    static QStringList svgTexts(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return {};
        QXmlStreamReader xml(&f);
        QStringList texts;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
                texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
        return texts;
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "cli_test.moc"
