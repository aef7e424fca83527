// The export path: one figure rendered to PNG, SVG and PDF files.
#include <QDir>
#include <QFile>
#include <QGraphicsSimpleTextItem>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "ui/exporter.h"

using namespace tcpviz::ui;

namespace {

// A small scene standing in for a diagram: a box and two labels, one of them Chinese.
struct SampleScene {
    QGraphicsScene scene;
    SampleScene() {
        scene.addRect(0, 0, 400, 200, QPen(Qt::black, 2));
        scene.addSimpleText(QStringLiteral("SYN=1, seq=x"))->setPos(20, 20);
        scene.addSimpleText(QStringLiteral("客户端"))->setPos(20, 80);
    }
    Figure figure(const QString& title = {}) {
        Figure f;
        f.parts.push_back({&scene, QRectF(0, 0, 400, 200)});
        f.title = title;
        return f;
    }
};

}  // namespace

class ExporterTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formatFollowsTheExtension() {
        QCOMPARE(imageFormatForPath(QStringLiteral("a/b.PNG")), std::optional(ImageFormat::Png));
        QCOMPARE(imageFormatForPath(QStringLiteral("x.svg")), std::optional(ImageFormat::Svg));
        QCOMPARE(imageFormatForPath(QStringLiteral("x.pdf")), std::optional(ImageFormat::Pdf));
        QVERIFY(!imageFormatForPath(QStringLiteral("x.jpeg")).has_value());
    }
    void pngDimensionsScale() {
        SampleScene s;
        const QSize one = renderPng(s.figure(), {.scale = 1}).size();
        const QSize four = renderPng(s.figure(), {.scale = 4}).size();
        QCOMPARE(one, figureSize(s.figure()).toSize());
        QCOMPARE(four, one * 4);
        QVERIFY(one.width() >= 400 && one.height() >= 200);
    }
    void pngBackgroundIsWhiteOrTransparent() {
        SampleScene s;
        QCOMPARE(renderPng(s.figure()).pixelColor(1, 1), QColor(Qt::white));
        QCOMPARE(renderPng(s.figure(), {.transparent = true}).pixelColor(1, 1).alpha(), 0);
    }
    void twoPartsSideBySide() {
        SampleScene a, b;
        Figure f = a.figure();
        f.parts.push_back({&b.scene, QRectF(0, 0, 400, 200)});
        QCOMPARE(figureSize(f).width(), figureSize(a.figure()).width() + 400 + f.gap);
    }
    void svgIsValidAndKeepsTextAsText() {
        SampleScene s;
        const QByteArray svg = renderSvg(s.figure(QStringLiteral("Three-way handshake")));
        QVERIFY(QSvgRenderer(svg).isValid());
        QXmlStreamReader xml(svg);
        QStringList texts;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
                texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY2(texts.contains(QStringLiteral("SYN=1, seq=x")), qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY(texts.contains(QStringLiteral("客户端")));
        QVERIFY(texts.contains(QStringLiteral("Three-way handshake")));
    }
    void svgIsTheSameBytesTwice() {
        SampleScene s;
        QCOMPARE(renderSvg(s.figure()), renderSvg(s.figure()));
    }
    void pdfIsOnePageFittedToTheFigure() {
        SampleScene s;
        const QByteArray pdf = renderPdf(s.figure());
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page\r") + pdf.count("/Type /Page "), 1);
        const QSizeF size = figureSize(s.figure());
        const QRegularExpression box(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]"));
        const auto m = box.match(QString::fromLatin1(pdf));
        QVERIFY(m.hasMatch());
        QCOMPARE(qRound(m.captured(1).toDouble()), qRound(size.width()));
        QCOMPARE(qRound(m.captured(2).toDouble()), qRound(size.height()));
    }
    void exportWritesTheFile() {
        SampleScene s;
        QTemporaryDir dir;
        for (const char* name : {"f.png", "f.svg", "f.pdf"}) {
            const QString path = dir.filePath(QLatin1String(name));
            QString error;
            QVERIFY2(exportFigure(s.figure(), *imageFormatForPath(path), path, {}, &error), qPrintable(error));
            QVERIFY(QFile(path).size() > 100);
        }
        QCOMPARE(QImage(dir.filePath(QStringLiteral("f.png"))).size(), figureSize(s.figure()).toSize());
    }
    void failedExportLeavesNoFile() {
        SampleScene s;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no/such/dir/f.svg"));
        QString error;
        QVERIFY(!exportFigure(s.figure(), ImageFormat::Svg, path, {}, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
    }
};

QTEST_MAIN(ExporterTest)
#include "exporter_test.moc"
