// File → Export… and Edit → Copy diagram (issue 8): the dialog's choices are remembered, its
// non-interactive export writes valid files, and Copy puts the diagram on the clipboard.
#include <QCheckBox>
#include <QComboBox>
#include <QStandardItemModel>
#include <QClipboard>
#include <QCoreApplication>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QSettings>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include "core/capture/capture.h"
#include "ui/export/export_dialog.h"
#include "ui/export/export_figure.h"
#include "ui/shell/main_window.h"
#include "ui/session/session_model.h"
#include <QAction>

using namespace tcpviz::ui;

class ExportDialogTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings_dir;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settings_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("tcpviz-test"));
        QCoreApplication::setApplicationName(QStringLiteral("export_dialog_test"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings_dir.path());
    }

    void choicesRoundTripThroughSettings() {
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("handshake")) == SessionModel::LoadStatus::Loaded);
        const ExportChoices chosen{.format = ExportFormat::Svg, .view = FigureView::Both, .wholeTrace = false,
                                   .scale = 5, .transparent = true, .title = false, .legend = false};
        {
            ExportDialog d(&session);
            d.setChoices(chosen);
            QCOMPARE(d.choices(), chosen);
            QSettings settings;
            d.choices().save(settings);
        }
        QCOMPARE(ExportChoices::load(QSettings()), chosen);
        ExportDialog again(&session);   // a new dialog starts with the last choices
        QCOMPARE(again.choices(), chosen);

        // Out-of-range or unknown values fall back to something valid.
        QSettings settings;
        settings.setValue(QStringLiteral("export/scale"), 99);
        settings.setValue(QStringLiteral("export/format"), QStringLiteral("jpeg"));
        const ExportChoices read = ExportChoices::load(settings);
        QCOMPARE(read.scale, 8);
        QCOMPARE(read.format, ExportFormat::Png);
    }

    // Issue 17: File → Export… writes the lesson's segments as a pcapng too, which the capture
    // reader opens with the same segments; a capture shown is not offered as one.
    void exportsALessonAsACaptureButNotACapture() {
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("data-loss")) == SessionModel::LoadStatus::Loaded);
        QTemporaryDir dir;
        ExportDialog d(&session);
        ExportChoices c = d.choices();
        c.format = ExportFormat::Pcapng;
        c.wholeTrace = false;   // no matter: a capture holds every segment sent
        d.setChoices(c);
        QCOMPARE(d.choices().format, ExportFormat::Pcapng);
        const QString path = dir.filePath(QStringLiteral("data-loss.pcapng"));
        QString error;
        QVERIFY2(d.exportTo(path, &error), qPrintable(error));
        const tcpviz::core::Capture read = tcpviz::core::readCapture(path.toStdString());
        QCOMPARE(read.segments.size(), session.trace().segments.size());
        QCOMPARE(read.connections.size(), std::size_t{1});
        QCOMPARE(read.segments[2].seq, session.trace().segments[2].segment.seq.value());

        SessionModel captured;
        captured.setCapture(tcpviz::core::readCapture(path.toStdString()));
        ExportDialog shown(&captured);
        shown.setChoices(c);
        QCOMPARE(shown.choices().format, ExportFormat::Png);   // the saved choice falls back
        auto* format = shown.findChild<QComboBox*>();
        QVERIFY(format);
        const auto* model = qobject_cast<QStandardItemModel*>(format->model());
        QVERIFY(model && !model->item(format->findData(static_cast<int>(ExportFormat::Pcapng)))->isEnabled());
    }

    void exportsPngAndSvg() {
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("handshake")) == SessionModel::LoadStatus::Loaded);
        session.setCursor(2);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ExportDialog d(&session);

        ExportChoices c{.format = ExportFormat::Png, .view = FigureView::Sequence, .wholeTrace = true,
                        .scale = 1, .transparent = false, .title = true, .legend = true};
        d.setChoices(c);
        QString error;
        const QString png1 = dir.filePath(QStringLiteral("one.png"));
        QVERIFY2(d.exportTo(png1, &error), qPrintable(error));
        c.scale = 3;
        d.setChoices(c);
        const QString png3 = dir.filePath(QStringLiteral("three.png"));
        QVERIFY2(d.exportTo(png3, &error), qPrintable(error));
        QImageReader r1(png1), r3(png3);
        QCOMPARE(r1.format(), QByteArray("png"));
        const QSize one = r1.size();
        QVERIFY(!one.isEmpty());
        QCOMPARE(r3.size(), one * 3);

        c.format = ExportFormat::Svg;
        c.view = FigureView::Both;
        d.setChoices(c);
        const QString svg = dir.filePath(QStringLiteral("both.svg"));
        QVERIFY2(d.exportTo(svg, &error), qPrintable(error));
        QVERIFY(QSvgRenderer(svg).isValid());
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.contains(session.title().toHtmlEscaped().toUtf8()));   // the title, as text
        QVERIFY(bytes.contains("SYN"));

        // Without the title, the figure is shorter and the SVG no longer names the scenario.
        c.title = false;
        c.view = FigureView::Sequence;
        d.setChoices(c);
        const QString titled = dir.filePath(QStringLiteral("titled.svg"));
        const QString untitled = dir.filePath(QStringLiteral("untitled.svg"));
        QVERIFY2(d.exportTo(untitled, &error), qPrintable(error));
        c.title = true;
        d.setChoices(c);
        QVERIFY2(d.exportTo(titled, &error), qPrintable(error));
        QVERIFY(QSvgRenderer(untitled).defaultSize().height() < QSvgRenderer(titled).defaultSize().height());
        QFile u(untitled);
        QVERIFY(u.open(QIODevice::ReadOnly));
        // Not drawn (the document's <title> still names the lesson, for the viewer's title bar).
        const QByteArray untitled_svg = u.readAll();
        const QByteArray title = session.title().toHtmlEscaped().toUtf8();
        QCOMPARE(untitled_svg.count(title), untitled_svg.count("<title>" + title + "</title>"));
        QVERIFY(untitled_svg.contains("<title>" + title + "</title>"));

        // A failure reports the exporter's message and leaves nothing behind.
        const QString bad = dir.filePath(QStringLiteral("missing/dir/x.svg"));
        QVERIFY(!d.exportTo(bad, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!QFile::exists(bad));
    }

    void legendIsADialogChoice() {
        // On by default; the check box is the choice, and the export follows it.
        QSettings().remove(QStringLiteral("export/legend"));
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("teardown")) == SessionModel::LoadStatus::Loaded);
        ExportDialog d(&session);
        auto* box = d.findChild<QCheckBox*>(QStringLiteral("legendCheckBox"));
        QVERIFY(box);
        QVERIFY(box->isChecked());
        QVERIFY(d.choices().legend);
        QTemporaryDir dir;
        QString error;
        ExportChoices c = d.choices();
        c.format = ExportFormat::Svg;
        d.setChoices(c);
        const QString with = dir.filePath(QStringLiteral("with.svg"));
        const QString without = dir.filePath(QStringLiteral("without.svg"));
        QVERIFY2(d.exportTo(with, &error), qPrintable(error));
        box->setChecked(false);
        QVERIFY(!d.choices().legend);
        QVERIFY2(d.exportTo(without, &error), qPrintable(error));
        auto read = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray key_word = QByteArray("TIME-WAIT timer");
        QVERIFY(read(with).contains(key_word));
        QVERIFY(!read(without).contains(key_word));
        QVERIFY(QSvgRenderer(with).defaultSize().height() > QSvgRenderer(without).defaultSize().height());
    }

    void copyPutsTheDiagramOnTheClipboard() {
        // As the Export dialog's last choice says: with the key, then without it.
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("handshake")) == SessionModel::LoadStatus::Loaded);
        session.setCursor(2);
        ExportScenes scenes(session, session.cursor(), {});
        for (const bool legend : {true, false}) {
            QSettings().setValue(QStringLiteral("export/legend"), legend);
            QGuiApplication::clipboard()->clear();
            copyDiagramToClipboard(session, {});
            const QImage image = QGuiApplication::clipboard()->image();
            QVERIFY(!image.isNull());
            QCOMPARE(image.size(), figureSize(scenes.figure(FigureView::Sequence, true, legend)).toSize());
        }
        QSettings().remove(QStringLiteral("export/legend"));
    }

    // Issue 15: an export drew its figure from a second simulation of the lesson, on the UI
    // thread; it now draws the very trace the window shows.
    void anExportDrawsTheTraceShownWithoutSimulatingAgain() {
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("data-loss")) == SessionModel::LoadStatus::Loaded);
        session.setGranularity(tcpviz::core::StepGranularity::Event);
        session.setCursor(5);
        ExportScenes scenes(session, 7, {});
        QCOMPARE(scenes.model().sharedTrace(), session.sharedTrace());
        QCOMPARE(scenes.model().sharedIndex(), session.sharedIndex());
        QCOMPARE(scenes.model().granularity(), session.granularity());
        QCOMPARE(scenes.model().stepCount(), session.stepCount());
        QCOMPARE(scenes.model().cursor(), 7);
        QCOMPARE(session.cursor(), 5);
    }

    void windowHasExportAndCopyActions() {
        MainWindow w;
        QVERIFY(w.openScenario(QStringLiteral("handshake")));
        w.session()->setCursor(3);
        auto* exportAction = w.findChild<QAction*>(QStringLiteral("exportAction"));
        auto* copyAction = w.findChild<QAction*>(QStringLiteral("copyDiagramAction"));
        QVERIFY(exportAction && copyAction);
        QCOMPARE(exportAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
        QCOMPARE(copyAction->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
        QGuiApplication::clipboard()->clear();
        copyAction->trigger();
        const QImage image = QGuiApplication::clipboard()->image();
        QVERIFY(!image.isNull());
        ExportScenes scenes(*w.session(), 3, {.notation = w.notation()});
        const bool legend = ExportChoices::load(QSettings()).legend;
        QCOMPARE(image.size(), figureSize(scenes.figure(FigureView::Sequence, true, legend)).toSize());
    }
};

QTEST_MAIN(ExportDialogTest)
#include "export_dialog_test.moc"
