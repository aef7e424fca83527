#pragma once
// One rendering path for the screen and for files: scenes are drawn with QGraphicsScene::render
// into a PNG image, an SVG document (text stays text) or a PDF page fitted to the picture.
// Exports are always drawn in the light, print colours (style::ScopedPrintColors) on white or
// on nothing, whatever the screen's theme and the scenes' own backgrounds.
#include <QByteArrayView>
#include <QColor>
#include <QGraphicsScene>
#include <QRectF>
#include <QString>
#include <optional>
#include <vector>

class QIODevice;

namespace tcpviz::ui {

enum class ImageFormat { Png, Svg, Pdf };

// The format named by a file's extension (png, svg, pdf), if any.
std::optional<ImageFormat> imageFormatForPath(const QString& path);

// A picture made of scenes side by side, under an optional title line.
struct Figure {
    struct Part {
        QGraphicsScene* scene = nullptr;
        QRectF source{};   // the part of the scene to draw (its itemsBoundingRect() if empty)
        QString caption{}; // a line above this part alone (when not empty)
    };
    std::vector<Part> parts;
    bool stacked = false;   // the parts one under another (sharing a time axis), not side by side
    QString name;        // the document's title in SVG and PDF (the lesson's), drawn or not
    QString title;       // drawn above the parts when not empty
    QString subtitle;    // a second, smaller line (e.g. the scenario's name)
    Part footer;         // drawn under the parts from the left edge (the legend); none without a scene
    double gap = 48;     // between parts, and around the whole figure
};

// The largest PNG written; more is refused with a message, never drawn for minutes. 16,384
// pixels across is more than 8x of a 1920-pixel screen, and the widest picture that common
// viewers and slide software open; a long trace at 8x may be tall (it is written a strip at a
// time), up to 2,000 million pixels in all.
inline constexpr int kMaxPngWidth = 16'384;
inline constexpr double kMaxPngPixels = 2'000'000'000;

struct ExportOptions {
    double scale = 1.0;              // PNG only: 1x to 8x
    bool transparent = false;        // PNG only: no white background
    int stripRows = 0;               // PNG files only: pixel rows drawn at a time (0: a good default)
};

// The size of the figure in scene units (= points in PDF, pixels at 1x in PNG and SVG).
QSizeF figureSize(const Figure& figure);
// Draws the figure with its top-left corner at (0, 0).
void paintFigure(QPainter& painter, const Figure& figure, bool fillBackground = true);

// The whole picture in one image (Copy diagram, and the reference the streamed PNG is tested
// against). A .png file is written with writePng() instead.
QImage renderPng(const Figure& figure, const ExportOptions& options = {});
// Writes the figure as a PNG file to `device`: drawn in strips of rows, each one encoded on a
// second thread while the next is drawn, so that the time is bounded by the drawing rather
// than by the encoder, and the memory by a strip rather than by the picture (an 8x export of a
// long trace is gigapixels). Decoded, it is renderPng()'s picture: the same pixels when drawn in
// one strip; across strip edges Qt clips sloped lines to the strip before rasterising them,
// and a few of their edge pixels round a few levels (of 255) differently. Returns false and
// sets *error on failure.
bool writePng(const Figure& figure, const ExportOptions& options, QIODevice* device, QString* error = nullptr);
// The file's bytes.
QByteArray renderSvg(const Figure& figure);
QByteArray renderPdf(const Figure& figure);

// Writes the figure to `path` in `format`: drawn into memory, then written with writeFile().
// Returns false and sets *error (a translated sentence naming the path) on failure.
bool exportFigure(const Figure& figure, ImageFormat format, const QString& path,
                  const ExportOptions& options, QString* error);

// The one way the window and the command line write a file (lessons, exports):
// core::writeFileAtomically, so either all of `bytes` are written or, on any failure, nothing
// (the file that was there keeps its bytes). Returns false and sets *error, translated and
// naming the path: "cannot write /home/t/lesson.json: the disk is full (No space left on
// device)".
bool writeFile(const QString& path, QByteArrayView bytes, QString* error);

}  // namespace tcpviz::ui
