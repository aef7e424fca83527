// The export path: one figure rendered to PNG, SVG and PDF files; PNG files streamed in strips
// equal to the picture drawn whole; the key under the figure; exports in print colours with no
// emphasis of the current step.
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QGraphicsSimpleTextItem>
#include <QImageReader>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <array>
#include <cmath>
#include <cstring>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

#include "core/scenario/scenario.h"
#include "ui/views/diagram_style.h"
#include "ui/export/export_figure.h"
#include "ui/export/exporter.h"
#include "ui/session/session_model.h"
#include "ui/views/sequence_diagram.h"

using namespace tcpviz;
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

// The bytes of writePng().
QByteArray pngBytes(const Figure& figure, const ExportOptions& options) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!writePng(figure, options, &buffer)) return {};
    return buffer.data();
}

// Where two pictures differ first, for a failure message; empty when they are the same.
QString firstDifference(QImage a, QImage b) {
    if (a.size() != b.size())
        return QStringLiteral("sizes %1x%2 and %3x%4").arg(a.width()).arg(a.height()).arg(b.width()).arg(b.height());
    a = a.convertToFormat(QImage::Format_ARGB32);
    b = b.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            if (a.pixel(x, y) != b.pixel(x, y))
                return QStringLiteral("at (%1, %2): %3 and %4")
                    .arg(x)
                    .arg(y)
                    .arg(a.pixel(x, y), 8, 16, QLatin1Char('0'))
                    .arg(b.pixel(x, y), 8, 16, QLatin1Char('0'));
    return {};
}

// Whether a picture drawn in strips is the whole one but for rounding: fewer than one pixel in
// 200 apart, none by more than 6 levels (of 255) unless `transparent`, where a few in a million
// may (see streamedPngEqualsTheWholePicture). Empty when so, else why not.
QString nearlyEqual(const QImage& streamed, const QImage& whole, bool transparent) {
    if (streamed.size() != whole.size()) return firstDifference(streamed, whole);
    // Compared premultiplied, as drawn: unpremultiplied, a pixel barely covered takes any colour.
    const QImage a = streamed.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    const QImage b = whole.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    qint64 differing = 0, far = 0;
    QString where;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            if (p == q) continue;
            ++differing;
            int most = 0;
            for (int shift : {0, 8, 16, 24})
                most = std::max(most, std::abs(int((p >> shift) & 0xFF) - int((q >> shift) & 0xFF)));
            if (most > 6 && far++ == 0) where = QStringLiteral("(%1, %2) by %3").arg(x).arg(y).arg(most);
        }
    }
    const qint64 pixels = qint64(a.width()) * a.height();
    if (differing * 200 >= pixels) return QStringLiteral("%1 pixels differ").arg(differing);
    if (transparent ? far * 100000 >= pixels : far > 0)
        return QStringLiteral("%1 pixels differ by more than 6, first %2").arg(far).arg(where);
    return {};
}

// CRC-32 as PNG computes it (ISO 3309), to check the chunks without zlib.
quint32 crc32Of(const QByteArray& bytes) {
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xFFFFFFFFU;
    for (const char ch : bytes) c = table[(c ^ static_cast<quint8>(ch)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFU;
}

quint32 bigEndian(const QByteArray& bytes, qsizetype at) {
    quint32 v = 0;
    for (qsizetype i = 0; i < 4; ++i) v = (v << 8) | static_cast<quint8>(bytes[at + i]);
    return v;
}

// A trace whose 8x picture takes gigabytes as one image: the handshake, `segments` data
// segments each with its ACK, and the teardown.
core::Scenario longTrace(int segments) {
    return core::parseScenario(QStringLiteral(R"({"format": "tcpviz-scenario/1", "id": "long",
        "title": {"en": "A long trace"}, "horizon_ms": 1000000, "tcp": {"window": 536},
        "script": [{"at_ms": 0, "endpoint": "B", "call": "listen"},
                   {"at_ms": 10, "endpoint": "A", "call": "connect"},
                   {"at_ms": 200, "endpoint": "A", "call": "send", "bytes": %1},
                   {"at_ms": 90000, "endpoint": "A", "call": "close"},
                   {"at_ms": 90500, "endpoint": "B", "call": "close"}]})")
                                   .arg(536 * segments)
                                   .toStdString());
}

// Where a point of the sequence diagram lands in a figure of it alone (untitled figure, no
// parts beside it).
QPoint inFigure(const Figure& f, QPointF scene_point) {
    const QPointF p = scene_point - f.parts.front().source.topLeft() + QPointF(f.gap, f.gap);
    return p.toPoint();
}

// True when every pixel across the arrow of `segment` (a few pixels either side, at two places
// along it, clear of its label) is grey: ink on paper, no coloured emphasis.
bool arrowIsPlain(const QImage& image, const Figure& f, SequenceDiagramScene& scene, std::uint64_t segment,
                  QString* where) {
    for (double along : {0.15, 0.85}) {
        const QPointF at = scene.arrowPoint(segment, along);
        for (int dy = -8; dy <= 8; ++dy) {
            const QPoint p = inFigure(f, at + QPointF(0, dy));
            const QColor c = image.pixelColor(p);
            if (std::abs(c.red() - c.green()) > 8 || std::abs(c.green() - c.blue()) > 8) {
                *where = QStringLiteral("segment %1 at (%2, %3): %4")
                             .arg(segment)
                             .arg(p.x())
                             .arg(p.y())
                             .arg(c.name());
                return false;
            }
        }
    }
    return true;
}

}  // namespace

class ExporterTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QImageReader::setAllocationLimit(0);   // the pictures compared here are up to 60 MB
    }
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
    // A timer's bracket too short for "RTO 1 s" says "RTO" (the data-loss burst's, restarted by
    // each ACK), in a figure and in the window's larger words alike; longer ones say it all.
    void aShortTimerBracketIsStillNamed() {
        SessionModel session;
        QCOMPARE(session.load(QStringLiteral("data-loss")), SessionModel::LoadStatus::Loaded);
        session.setCursor(12);
        for (const DiagramGeometry geometry : {DiagramGeometry::Figure, DiagramGeometry::Screen}) {
            SequenceDiagramScene scene(&session);
            scene.setAnimationsEnabled(false);
            scene.setGeometry(geometry);
            Figure f;
            f.parts.push_back({&scene, scene.diagramRect(), {}});
            QXmlStreamReader xml(renderSvg(f));
            QStringList texts;
            while (!xml.atEnd())
                if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
                    texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
            QVERIFY2(texts.contains(QStringLiteral("RTO")), qPrintable(texts.join(QLatin1Char('|'))));
            QVERIFY(texts.contains(QStringLiteral("RTO 1 s")));
        }
    }

    void svgNamesFontsOtherViewersKnow() {
        // Not fontconfig's alias "Sans Serif", which browsers and Inkscape draw in a serif face:
        // real families, Chinese included, then the CSS generic one.
        SampleScene s;
        const QByteArray svg = renderSvg(s.figure(QStringLiteral("Three-way handshake")));
        QVERIFY(QSvgRenderer(svg).isValid());
        QVERIFY(!svg.contains("font-family=\"Sans Serif\""));
        QXmlStreamReader xml(svg);
        int named = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            const QString family = xml.attributes().value(QStringLiteral("font-family")).toString();
            if (family.isEmpty()) continue;
            ++named;
            QVERIFY2(family.endsWith(QStringLiteral(", sans-serif")), qPrintable(family));
            QVERIFY2(family.contains(QStringLiteral("'Noto Sans CJK SC'")), qPrintable(family));
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(named > 0);
    }
    void svgAndPdfCarryTheLessonsTitle() {
        // Even when the title is drawn by the diagram itself (the sequence view) or not at all.
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("handshake")) == SessionModel::LoadStatus::Loaded);
        ExportScenes scenes(session, session.stepCount(), {});
        for (bool titled : {true, false}) {
            const Figure f = scenes.figure(FigureView::Sequence, titled, false);
            QVERIFY(f.title.isEmpty());
            QCOMPARE(f.name, QStringLiteral("Three-way handshake"));
            QVERIFY(renderSvg(f).contains("<title>Three-way handshake</title>"));
            // QPdfWriter writes the Info dictionary's /Title as a UTF-16BE string.
            QByteArray utf16("\xFE\xFF");
            for (QChar c : f.name) {
                utf16.append(static_cast<char>(c.unicode() >> 8));
                utf16.append(static_cast<char>(c.unicode() & 0xFF));
            }
            const QByteArray pdf = renderPdf(f);
            QVERIFY(pdf.contains("/Title (" + utf16 + ")"));
        }
    }
    void aPngTooLargeIsRefusedWithAMessage() {
        // 8x of a figure 4,000 points wide: 32,000 pixels across, far beyond the cap.
        QGraphicsScene scene;
        scene.addRect(0, 0, 4000, 3000);
        Figure f;
        f.parts.push_back({&scene, QRectF(0, 0, 4000, 3000)});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.png"));
        QString error;
        QVERIFY(!exportFigure(f, ImageFormat::Png, path, {.scale = 8}, &error));
        QVERIFY2(error.contains(QStringLiteral("smaller scale")), qPrintable(error));
        const QSize size = (figureSize(f) * 8).toSize();
        QVERIFY2(error.contains(QStringLiteral("%1×%2").arg(size.width()).arg(size.height())), qPrintable(error));
        QVERIFY2(error.contains(QString::number(kMaxPngWidth)), qPrintable(error));
        QVERIFY(!QFile::exists(path));
        // At 1x it is 4,000 pixels wide: written.
        QVERIFY2(exportFigure(f, ImageFormat::Png, path, {.scale = 1}, &error), qPrintable(error));
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

    // --- PNG files, streamed in strips ---

    void streamedPngEqualsTheWholePicture_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<int>("stripRows");
        QTest::addColumn<bool>("transparent");
        QTest::newRow("1x, one strip") << 1.0 << 100000 << false;
        QTest::newRow("2x transparent, one strip") << 2.0 << 100000 << true;
        QTest::newRow("1x, strips of 7 rows") << 1.0 << 7 << false;
        QTest::newRow("2x, default strips") << 2.0 << 0 << false;
        QTest::newRow("3x, strips of 50 rows") << 3.0 << 50 << false;
        QTest::newRow("2.5x, strips of 13 rows") << 2.5 << 13 << false;
        QTest::newRow("1x transparent, strips of 9 rows") << 1.0 << 9 << true;
    }
    void streamedPngEqualsTheWholePicture() {
        // The sequence diagram paints only the rows a strip exposes; the state graph, the key
        // and the title are drawn whole and clipped. In one strip the file is the picture
        // exactly (the encoder loses nothing). Cut into strips, a sloped straight line that
        // crosses a strip's edge is clipped to the strip by Qt's raster engine before it is
        // rasterised (QRasterizer::rasterizeLine), which moves its ends by rounding errors: a
        // few of its edge pixels come out a few levels (of 255) apart. On nothing, also the
        // aliased edge of a rotated label's white backing may gain or lose a pixel there.
        QFETCH(double, scale);
        QFETCH(int, stripRows);
        QFETCH(bool, transparent);
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("lost-synack")) == SessionModel::LoadStatus::Loaded);
        ExportScenes scenes(session, session.stepCount(), {});
        Figure figure = scenes.figure(FigureView::Both);
        figure.title = QStringLiteral("Lost SYN,ACK — 丢失");
        // Known, and left to the sequence diagram: the dots of the lifelines' dotted tail start
        // at the top of the rows exposed (SequenceDiagramScene::paintLifelines), so a strip edge
        // inside the tail shifts them by a pixel. With nothing left in the future, "faded"
        // draws the same picture with solid lifelines to the bottom: that is compared here.
        scenes.sequence().setFutureSteps(FutureSteps::Faded);
        const ExportOptions options{.scale = scale, .transparent = transparent, .stripRows = stripRows};
        const QByteArray png = pngBytes(figure, options);
        QVERIFY(!png.isEmpty());
        QImage decoded;
        QVERIFY(decoded.loadFromData(png, "PNG"));
        QCOMPARE(decoded.hasAlphaChannel(), transparent);
        const QImage whole = renderPng(figure, options);
        QCOMPARE(decoded.size(), whole.size());
        if (stripRows >= decoded.height()) {
            const QString difference = firstDifference(decoded, whole);
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
            return;
        }
        QString why = nearlyEqual(decoded, whole, transparent);
        QVERIFY2(why.isEmpty(), qPrintable(why));

        // Text, rectangles and level lines only: equal however the strips are cut, at a whole
        // scale. At a fractional one, a glyph cut by a strip's edge may round a level apart.
        SampleScene sample;
        const Figure plain = sample.figure(QStringLiteral("Three-way handshake"));
        QImage plain_decoded;
        QVERIFY(plain_decoded.loadFromData(pngBytes(plain, options), "PNG"));
        const QImage plain_whole = renderPng(plain, options);
        why = scale == std::floor(scale) ? firstDifference(plain_decoded, plain_whole)
                                         : nearlyEqual(plain_decoded, plain_whole, transparent);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void pngFileIsWellFormed() {
        // Checked here without libpng: the chunks and their CRCs, and the zlib stream (through
        // qUncompress, which also checks its Adler-32) holding every row, "up"-filtered.
        SampleScene s;
        const Figure figure = s.figure(QStringLiteral("Three-way handshake"));
        const QByteArray png = pngBytes(figure, {.scale = 2, .stripRows = 33});
        QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n"));
        QStringList types;
        QByteArray idat;
        quint32 width = 0, height = 0, per_metre = 0;
        for (qsizetype at = 8; at < png.size();) {
            QVERIFY(at + 12 <= png.size());
            const qsizetype length = bigEndian(png, at);
            const QByteArray type_and_data = png.mid(at + 4, 4 + length);
            QCOMPARE(bigEndian(png, at + 8 + length), crc32Of(type_and_data));
            const QString type = QString::fromLatin1(type_and_data.left(4));
            const QByteArray data = type_and_data.mid(4);
            types << type;
            if (type == QLatin1String("IHDR")) {
                width = bigEndian(data, 0);
                height = bigEndian(data, 4);
                QCOMPARE(data.mid(8), QByteArray("\x08\x02\x00\x00\x00", 5));   // 8-bit RGB
            }
            if (type == QLatin1String("pHYs")) per_metre = bigEndian(data, 0);
            if (type == QLatin1String("IDAT")) idat += data;
            at += 12 + length;
        }
        QCOMPARE(types.front(), QStringLiteral("IHDR"));
        QCOMPARE(types.back(), QStringLiteral("IEND"));
        QCOMPARE(QSize(int(width), int(height)), (figureSize(figure) * 2).toSize());
        QCOMPARE(per_metre, 7559U);   // 192 dpi: a 2x picture prints as large as the 1x one
        const quint32 raw_size = height * (1 + 3 * width);
        QByteArray sized(4, 0);
        for (int i = 0; i < 4; ++i) sized[i] = char(raw_size >> (24 - 8 * i));
        const QByteArray raw = qUncompress(sized + idat);
        QCOMPARE(quint32(raw.size()), raw_size);
        for (quint32 y = 0; y < height; ++y) QCOMPARE(int(raw[qsizetype(y * (1 + 3 * width))]), 2);
        // Mostly paper: compressed to a small fraction of the raw rows.
        QVERIFY2(png.size() * 20 < raw.size(), qPrintable(QString::number(png.size())));
    }

    void eightTimesALongTraceIsStreamed() {
        // 8x of a long trace is gigapixels: as one image it would take gigabytes. It is drawn
        // and written a strip at a time, in little memory.
        SessionModel session;
        session.setScenario(longTrace(24));
        QVERIFY(session.trace().segments.size() >= 50);
        ExportScenes scenes(session, session.stepCount(), {});
        const Figure figure = scenes.figure(FigureView::Sequence);
        const QSize expected = (figureSize(figure) * 8).toSize();
        QVERIFY2(qint64(expected.width()) * expected.height() * 4 > (qint64(2) << 30),
                 qPrintable(QStringLiteral("%1x%2").arg(expected.width()).arg(expected.height())));
#ifdef Q_OS_LINUX
        rusage before{};
        getrusage(RUSAGE_SELF, &before);
#endif
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.png"));
        QString error;
        QVERIFY2(exportFigure(figure, ImageFormat::Png, path, {.scale = 8}, &error), qPrintable(error));
#ifdef Q_OS_LINUX
        rusage after{};
        getrusage(RUSAGE_SELF, &after);
        QVERIFY2(after.ru_maxrss - before.ru_maxrss < 400 * 1024,   // kB: a few strips, not the picture
                 qPrintable(QStringLiteral("%1 MB more").arg((after.ru_maxrss - before.ru_maxrss) / 1024)));
#endif
        QImageReader reader(path);
        QCOMPARE(reader.format(), QByteArray("png"));
        QCOMPARE(reader.size(), expected);
        // Every row decodes: read shrunk sixteen times (Qt's reader then keeps only a row of
        // the full picture at a time). The key at the bottom is there, grey on white.
        const QSize small(expected.width() / 16, expected.height() / 16);
        reader.setScaledSize(small);
        const QImage shrunk = reader.read();
        QVERIFY2(!shrunk.isNull(), qPrintable(reader.errorString()));
        QCOMPARE(shrunk.size(), small);
        int marked = 0;
        for (int y = shrunk.height() - 100; y < shrunk.height(); ++y)
            for (int x = 0; x < shrunk.width(); ++x) marked += qGray(shrunk.pixel(x, y)) < 240;
        QVERIFY(marked > 50);
    }

    // --- the key ---

    void legendIsUnderTheFigureWhenAskedFor() {
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("handshake")) == SessionModel::LoadStatus::Loaded);
        ExportScenes scenes(session, session.stepCount(), {});
        const Figure bare = scenes.figure(FigureView::Sequence, true, false);
        QVERIFY(!bare.footer.scene);
        const QByteArray svg_bare = renderSvg(bare);
        const QSize png_bare = renderPng(bare).size();
        const Figure keyed = scenes.figure(FigureView::Sequence, true, true);
        QVERIFY(keyed.footer.scene);
        const QByteArray svg_keyed = renderSvg(keyed);
        QVERIFY(QSvgRenderer(svg_keyed).isValid());
        const QStringList words = static_cast<LegendScene*>(keyed.footer.scene)->texts();
        QCOMPARE(words.size(), 8);   // the sequence diagram's marks only
        for (const QString& w : words) {
            QVERIFY2(svg_keyed.contains(w.toHtmlEscaped().toUtf8()), qPrintable(w));
            QVERIFY2(!svg_bare.contains(w.toHtmlEscaped().toUtf8()), qPrintable(w));
        }
        // The tags are drawn with the diagram's words.
        QVERIFY(svg_keyed.contains(">retransmission<") || svg_keyed.contains("retransmission</text>"));
        const QSize png_keyed = renderPng(keyed).size();
        QCOMPARE(png_keyed.width(), png_bare.width());   // the key wraps within the figure
        QVERIFY(png_keyed.height() > png_bare.height() + 60);

        // With the state diagram: the colours of A and B, by the endpoints' names.
        const Figure both = scenes.figure(FigureView::Both, true, true);
        const QStringList both_words = static_cast<LegendScene*>(both.footer.scene)->texts();
        QCOMPARE(both_words.size(), 11);
        QVERIFY(both_words.contains(QStringLiteral("Client (A) is in this state")));
        QVERIFY(both_words.contains(QStringLiteral("Server (B) is in this state")));
        const Figure states = scenes.figure(FigureView::State, true, true);
        QCOMPARE(static_cast<LegendScene*>(states.footer.scene)->texts().size(), 3);
    }

    // --- the print look ---

    void exportsShowNoEmphasisOfTheCurrentStep() {
        // At the end of the handshake the newest segment (the ACK) is the current step's and
        // the selected one; on screen it is blue, with a halo. Exported, it is drawn like the
        // others.
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("handshake")) == SessionModel::LoadStatus::Loaded);
        ExportScenes scenes(session, session.stepCount(), {});
        QCOMPARE(scenes.model().selectedSegment(), std::uint64_t{3});
        const Figure figure = scenes.figure(FigureView::Sequence, false, false);
        QVERIFY(!scenes.sequence().highlightCurrentStep());
        const QImage image = renderPng(figure);
        QString where;
        for (std::uint64_t segment : {1, 2, 3})
            QVERIFY2(arrowIsPlain(image, figure, scenes.sequence(), segment, &where), qPrintable(where));

        // The check sees emphasis where there is some: the same scene with the highlight on.
        scenes.sequence().setHighlightCurrentStep(true);
        const QImage emphasised = renderPng(figure);
        QVERIFY(arrowIsPlain(emphasised, figure, scenes.sequence(), 1, &where));
        QVERIFY(!arrowIsPlain(emphasised, figure, scenes.sequence(), 3, &where));
    }

    void exportsUseThePrintColoursWhateverTheTheme() {
        // A dark screen: the diagrams' colours and the scenes' backgrounds are dark. Exports
        // are drawn light on white all the same, and leave the screen's colours as they were.
        const style::DiagramColors screen = style::colors();
        style::setColors(style::darkColors());
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("handshake")) == SessionModel::LoadStatus::Loaded);
        {
            ExportScenes scenes(session, session.stepCount(), {});
            const Figure figure = scenes.figure(FigureView::Sequence, false, true);
            scenes.sequence().setBackgroundBrush(style::paper());   // as the window's theme does
            const QImage image = renderPng(figure);
            const QImage transparent = renderPng(figure, {.transparent = true});
            QCOMPARE(style::colors(), style::darkColors());
            QCOMPARE(scenes.sequence().backgroundBrush().color(), style::darkColors().paper);

            const double x = scenes.sequence().lifelineX(core::Side::A);
            const double y = scenes.sequence().arrowPoint(1, 0).y() + 40;   // the lifeline, under the first arrow
            const QColor lifeline = image.pixelColor(inFigure(figure, QPointF(x, y)));
            QVERIFY2(lifeline.lightness() < 80, qPrintable(lifeline.name()));   // light theme's ink
            const QColor paper = image.pixelColor(inFigure(figure, QPointF(x + 60, y)));
            QCOMPARE(paper, QColor(Qt::white));
            QCOMPARE(transparent.pixelColor(inFigure(figure, QPointF(x + 60, y))).alpha(), 0);
        }
        style::setColors(screen);
    }

    // --- congestion control's marks in the key, and a run cut at its horizon ---

    void legendExplainsFastRetransmitOnlyWhereItHappens() {
        const QString fast = QStringLiteral("sent again at once: after three duplicate ACKs, or a partial ACK in fast recovery");
        const QString dup = QStringLiteral("a duplicate ACK, counted by the sender");
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("data-loss")) == SessionModel::LoadStatus::Loaded);
        {
            ExportScenes scenes(session, session.stepCount(), {});
            const Figure figure = scenes.figure(FigureView::Sequence, true, true);
            const QStringList words = static_cast<LegendScene*>(figure.footer.scene)->texts();
            QVERIFY(words.contains(fast));
            QVERIFY(words.contains(dup));
            QCOMPARE(words.size(), 10);
            // Drawn with the diagram's words.
            const QByteArray svg = renderSvg(figure);
            QVERIFY(svg.contains("fast retransmission"));
            QVERIFY(svg.contains("dup ACK 3"));
            // The state diagram alone has none of the sequence diagram's marks.
            const Figure states = scenes.figure(FigureView::State, true, true);
            QVERIFY(!static_cast<LegendScene*>(states.footer.scene)->texts().contains(dup));
        }
        {
            // Before the duplicate ACKs come back, the key does not speak of them.
            ExportScenes early(session, 3, {});
            const QStringList words =
                static_cast<LegendScene*>(early.figure(FigureView::Sequence, true, true).footer.scene)->texts();
            QVERIFY(!words.contains(fast));
            QVERIFY(!words.contains(dup));
        }
        // Nor does it where there are none.
        QVERIFY(session.load(QStringLiteral("handshake")) == SessionModel::LoadStatus::Loaded);
        ExportScenes handshake(session, session.stepCount(), {});
        const QStringList words =
            static_cast<LegendScene*>(handshake.figure(FigureView::Sequence, true, true).footer.scene)->texts();
        QVERIFY(!words.contains(fast));
        QVERIFY(!words.contains(dup));
    }

    void aFigureOfTheFirstStepsEndsBelowThem() {
        // Issue 14: a figure of the teardown's first four steps was two thirds empty lifelines.
        SessionModel session;
        QVERIFY(session.load(QStringLiteral("teardown")) == SessionModel::LoadStatus::Loaded);
        ExportScenes whole(session, session.stepCount(), {});
        ExportScenes first(session, 4, {});
        const Figure all = whole.figure(FigureView::Sequence, true, true);
        const Figure four = first.figure(FigureView::Sequence, true, true);
        const QRectF cut = four.parts.front().source;
        SequenceDiagramScene& diagram = first.sequence();
        // Shorter by far, as wide, and still all of step 4 and the answer it sent on its way.
        QCOMPARE(cut.width(), all.parts.front().source.width());
        QVERIFY2(figureSize(four).height() < 0.7 * figureSize(all).height(),
                 qPrintable(QStringLiteral("%1 of %2").arg(figureSize(four).height()).arg(figureSize(all).height())));
        QVERIFY(cut.bottom() > diagram.stepRect(4).bottom() + 20);
        QCOMPARE(diagram.arrowsInFlight().size(), std::size_t{1});
        QVERIFY(cut.bottom() > diagram.labelOutline(diagram.arrowsInFlight().front()).boundingRect().bottom());
        QVERIFY(cut.bottom() > diagram.arrowEnd(diagram.arrowsInFlight().front()).y() + 20);
        QVERIFY(cut.bottom() < diagram.diagramRect().bottom() - 400);
        // Each format is the figure's size.
        const QSizeF size = figureSize(four);
        const QImage png = renderPng(four);
        QCOMPARE(png.height(), static_cast<int>(std::ceil(size.height())));
        QCOMPARE(QImage::fromData(pngBytes(four, {})).height(), png.height());
        const QRegularExpression view_box(QStringLiteral("viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\""));
        const auto svg = view_box.match(QString::fromUtf8(renderSvg(four)));
        QVERIFY(svg.hasMatch());
        QCOMPARE(qRound(svg.captured(2).toDouble()), qRound(size.height()));
        const QRegularExpression media_box(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]"));
        const auto pdf = media_box.match(QString::fromLatin1(renderPdf(four)));
        QVERIFY(pdf.hasMatch());
        QCOMPARE(qRound(pdf.captured(2).toDouble()), qRound(size.height()));
        // The lifelines end a little above the cut (dotted: more was to come), as a whole trace's do.
        const auto lifelineInk = [&](double from, double to) {
            const QPoint at = (QPointF(diagram.lifelineX(core::Side::A), from) - cut.topLeft() +
                               QPointF(four.gap, four.gap)).toPoint();
            int n = 0;
            for (int y = at.y(); y < at.y() + qRound(to - from); ++y)
                for (int x = at.x() - 2; x <= at.x() + 2; ++x) n += qGray(png.pixel(x, y)) < 235;
            return n;
        };
        QCOMPARE(lifelineInk(cut.bottom() - 16, cut.bottom()), 0);
        QVERIFY(lifelineInk(cut.bottom() - 70, cut.bottom() - 30) > 10);

        // The whole trace is not cut: its figure is drawn as before, to the byte.
        QCOMPARE(all.parts.front().source, whole.sequence().diagramRect());
        const QByteArray png_cropping = pngBytes(all, {}), svg_cropping = renderSvg(all);
        whole.sequence().setCropBelowCursor(false);
        QCOMPARE(pngBytes(all, {}), png_cropping);
        QCOMPARE(renderSvg(all), svg_cropping);
        // Nor is a figure with the later steps faded in (the window's, not an export's).
        first.sequence().setFutureSteps(FutureSteps::Faded);
        QCOMPARE(first.sequence().figureRect(true), first.sequence().diagramRect());
    }

    void anExportOfARunCutAtItsHorizonSaysSo() {
        SessionModel session;
        session.setScenario(core::parseScenario(
            R"({"format":"tcpviz-scenario/1","horizon_ms":1500,)"
            R"("script":[{"at_ms":0,"endpoint":"B","call":"listen"},{"at_ms":10,"endpoint":"A","call":"connect"}],)"
            R"("faults":[{"match":{"from":"B","flags":["SYN","ACK"],"nth":0},"action":"drop"}]})"));
        QCOMPARE(session.trace().end.reason, core::EndReason::Horizon);
        ExportScenes cut(session, session.stepCount(), {});
        const QByteArray svg = renderSvg(cut.figure(FigureView::Sequence, true, true));
        QVERIFY(svg.contains("stopped at the horizon"));
        // Not at an earlier step, and never for a run that ended by itself.
        ExportScenes earlier(session, 2, {});
        QVERIFY(!renderSvg(earlier.figure(FigureView::Sequence, true, true)).contains("stopped at the horizon"));
        QVERIFY(session.load(QStringLiteral("data-loss")) == SessionModel::LoadStatus::Loaded);
        ExportScenes quiet(session, session.stepCount(), {});
        QVERIFY(!renderSvg(quiet.figure(FigureView::Sequence, true, true)).contains("stopped at the horizon"));
    }
};

QTEST_MAIN(ExporterTest)
#include "exporter_test.moc"
