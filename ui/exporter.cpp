#include "ui/exporter.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <algorithm>

namespace tcpviz::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("tcpviz::ui::Exporter", text); }

QRectF sourceOf(const Figure::Part& part) {
    return part.source.isEmpty() ? part.scene->itemsBoundingRect() : part.source;
}

QFont titleFont() {
    QFont f;
    f.setPixelSize(28);
    f.setBold(true);
    return f;
}

QFont subtitleFont() {
    QFont f;
    f.setPixelSize(18);
    return f;
}

double headerHeight(const Figure& figure) {
    double h = 0;
    if (!figure.title.isEmpty()) h += QFontMetricsF(titleFont()).height() + 6;
    if (!figure.subtitle.isEmpty()) h += QFontMetricsF(subtitleFont()).height() + 4;
    return h > 0 ? h + 12 : 0;
}

}  // namespace

std::optional<ImageFormat> imageFormatForPath(const QString& path) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("png")) return ImageFormat::Png;
    if (ext == QLatin1String("svg")) return ImageFormat::Svg;
    if (ext == QLatin1String("pdf")) return ImageFormat::Pdf;
    return std::nullopt;
}

QSizeF figureSize(const Figure& figure) {
    double width = 0, height = 0;
    for (const auto& part : figure.parts) {
        const QRectF r = sourceOf(part);
        width += r.width();
        height = std::max(height, r.height());
    }
    if (figure.parts.size() > 1) width += figure.gap * static_cast<double>(figure.parts.size() - 1);
    return {std::ceil(width + 2 * figure.gap), std::ceil(height + headerHeight(figure) + 2 * figure.gap)};
}

void paintFigure(QPainter& painter, const Figure& figure, bool fillBackground) {
    const QSizeF size = figureSize(figure);
    if (fillBackground) painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    double y = figure.gap;
    painter.setPen(QColor(0x22, 0x22, 0x22));
    if (!figure.title.isEmpty()) {
        painter.setFont(titleFont());
        const double h = QFontMetricsF(titleFont()).height();
        painter.drawText(QRectF(figure.gap, y, size.width() - 2 * figure.gap, h), Qt::AlignLeft | Qt::AlignVCenter,
                         figure.title);
        y += h + 6;
    }
    if (!figure.subtitle.isEmpty()) {
        painter.setFont(subtitleFont());
        painter.setPen(QColor(0x55, 0x55, 0x55));
        const double h = QFontMetricsF(subtitleFont()).height();
        painter.drawText(QRectF(figure.gap, y, size.width() - 2 * figure.gap, h), Qt::AlignLeft | Qt::AlignVCenter,
                         figure.subtitle);
        y += h + 4;
    }
    const double top = figure.gap + headerHeight(figure);
    double x = figure.gap;
    for (const auto& part : figure.parts) {
        const QRectF source = sourceOf(part);
        part.scene->render(&painter, QRectF(QPointF(x, top), source.size()), source, Qt::KeepAspectRatio);
        x += source.width() + figure.gap;
    }
}

QImage renderPng(const Figure& figure, const ExportOptions& options) {
    const double scale = std::clamp(options.scale, 1.0, 8.0);
    const QSizeF size = figureSize(figure);
    QImage image(QSize(static_cast<int>(std::ceil(size.width() * scale)),
                       static_cast<int>(std::ceil(size.height() * scale))),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(options.transparent ? Qt::transparent : Qt::white);
    QPainter painter(&image);
    painter.scale(scale, scale);
    paintFigure(painter, figure, !options.transparent);
    return image;
}

QByteArray renderSvg(const Figure& figure) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSizeF size = figureSize(figure);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setResolution(96);
    svg.setTitle(figure.title.isEmpty() ? QStringLiteral("tcpviz") : figure.title);
    svg.setDescription(figure.subtitle);
    QPainter painter(&svg);
    paintFigure(painter, figure);
    painter.end();
    return buffer.data();
}

QByteArray renderPdf(const Figure& figure) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSizeF size = figureSize(figure);
    QPdfWriter pdf(&buffer);
    // One page exactly the size of the picture: one scene unit is one point.
    pdf.setPageSize(QPageSize(size, QPageSize::Point, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setResolution(72);
    pdf.setTitle(figure.title);
    pdf.setCreator(QStringLiteral("tcpviz"));
    QPainter painter(&pdf);
    paintFigure(painter, figure);
    painter.end();
    return buffer.data();
}

bool exportFigure(const Figure& figure, ImageFormat format, const QString& path,
                  const ExportOptions& options, QString* error) {
    QSaveFile file(path);
    auto fail = [&](const QString& why) {
        if (error) *error = tr("cannot write %1: %2").arg(path, why);
        file.cancelWriting();
        return false;
    };
    if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
    bool written = false;
    switch (format) {
        case ImageFormat::Png:
            written = renderPng(figure, options).save(&file, "PNG");
            break;
        case ImageFormat::Svg: {
            const QByteArray bytes = renderSvg(figure);
            written = file.write(bytes) == bytes.size();
            break;
        }
        case ImageFormat::Pdf: {
            const QByteArray bytes = renderPdf(figure);
            written = file.write(bytes) == bytes.size();
            break;
        }
    }
    if (!written) return fail(file.errorString());
    if (!file.commit()) return fail(file.errorString());
    return true;
}

}  // namespace tcpviz::ui
