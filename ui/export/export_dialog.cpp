#include "ui/export/export_dialog.h"

#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QImage>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <algorithm>

#include "core/capture/pcapng_writer.h"
#include "ui/session/session_model.h"

namespace tcpviz::ui {

namespace {

const char* const kFormatKey = "export/format";
const char* const kViewKey = "export/view";
const char* const kRangeKey = "export/range";
const char* const kScaleKey = "export/scale";
const char* const kTransparentKey = "export/transparent";
const char* const kTitleKey = "export/title";
const char* const kLegendKey = "export/legend";
const char* const kDirectoryKey = "export/directory";

std::optional<ExportFormat> formatFromName(const QString& name) {
    for (ExportFormat f : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf, ExportFormat::Pcapng})
        if (name == exportFormatExtension(f)) return f;
    return std::nullopt;
}

}  // namespace

QString copyDiagramToClipboard(const SessionModel& session, const FigureStyle& style) {
    if (QString no = ExportScenes::refusal(session, session.cursor(), FigureView::Sequence); !no.isEmpty()) return no;
    const bool legend = ExportChoices::load(QSettings()).legend;
    QGuiApplication::clipboard()->setImage(sequenceDiagramImage(session, style, legend));
    return {};
}

std::optional<ImageFormat> imageFormatOf(ExportFormat format) {
    switch (format) {
        case ExportFormat::Png: return ImageFormat::Png;
        case ExportFormat::Svg: return ImageFormat::Svg;
        case ExportFormat::Pdf: return ImageFormat::Pdf;
        case ExportFormat::Pcapng: break;
    }
    return std::nullopt;
}

QString exportFormatExtension(ExportFormat format) {
    switch (format) {
        case ExportFormat::Png: return QStringLiteral("png");
        case ExportFormat::Svg: return QStringLiteral("svg");
        case ExportFormat::Pdf: return QStringLiteral("pdf");
        case ExportFormat::Pcapng: break;
    }
    return QStringLiteral("pcapng");
}

ExportChoices ExportChoices::load(const QSettings& settings) {
    ExportChoices c;
    c.format = formatFromName(settings.value(kFormatKey).toString()).value_or(c.format);
    c.view = figureViewFromName(settings.value(kViewKey).toString()).value_or(c.view);
    c.wholeTrace = settings.value(kRangeKey, QStringLiteral("whole")).toString() != QLatin1String("cursor");
    c.scale = std::clamp(settings.value(kScaleKey, c.scale).toInt(), 1, 8);
    c.transparent = settings.value(kTransparentKey, c.transparent).toBool();
    c.title = settings.value(kTitleKey, c.title).toBool();
    c.legend = settings.value(kLegendKey, c.legend).toBool();
    return c;
}

void ExportChoices::save(QSettings& settings) const {
    settings.setValue(kFormatKey, exportFormatExtension(format));
    settings.setValue(kViewKey, figureViewName(view));
    settings.setValue(kRangeKey, wholeTrace ? QStringLiteral("whole") : QStringLiteral("cursor"));
    settings.setValue(kScaleKey, scale);
    settings.setValue(kTransparentKey, transparent);
    settings.setValue(kTitleKey, title);
    settings.setValue(kLegendKey, legend);
}

ExportDialog::ExportDialog(const SessionModel* session, const FigureStyle& style, QWidget* parent)
    : QDialog(parent), m_session(session), m_style(style) {
    setWindowTitle(tr("Export Diagram"));

    m_format = new QComboBox(this);
    m_format->addItem(tr("PNG image"), static_cast<int>(ExportFormat::Png));
    m_format->addItem(tr("SVG drawing"), static_cast<int>(ExportFormat::Svg));
    m_format->addItem(tr("PDF document"), static_cast<int>(ExportFormat::Pdf));
    m_format->addItem(tr("Capture for Wireshark (pcapng)"), static_cast<int>(ExportFormat::Pcapng));
    // A capture shown is a file already: what it would write is the capture, less what it had.
    if (m_session->capture()) {
        if (auto* model = qobject_cast<QStandardItemModel*>(m_format->model())) {
            QStandardItem* item = model->item(m_format->count() - 1);
            item->setEnabled(false);
            item->setToolTip(tr("This is a capture already: open its file in Wireshark as it is."));
        }
    }

    m_view = new QComboBox(this);
    m_view->addItem(tr("Sequence diagram"), static_cast<int>(FigureView::Sequence));
    m_view->addItem(tr("State diagram"), static_cast<int>(FigureView::State));
    m_view->addItem(tr("Both, side by side"), static_cast<int>(FigureView::Both));
    m_view->addItem(tr("Congestion window plot"), static_cast<int>(FigureView::Cwnd));
    m_view->addItem(tr("Time–sequence graph"), static_cast<int>(FigureView::Tsg));
    // A lesson of hosts has its host chart; one whose clients make a request in different ways,
    // its runs side by side (as the window shows them: the same runs, delay and loss).
    if (const HostSession* hosts = m_session->hosts()) {
        m_view->addItem(tr("Host chart"), static_cast<int>(FigureView::Sockets));
        if (!hosts->runs.empty())
            m_view->addItem(tr("Runs side by side"), static_cast<int>(FigureView::SideBySide));
    }

    m_whole = new QRadioButton(tr("Whole trace"), this);
    m_to_cursor = new QRadioButton(tr("Up to the current step"), this);
    auto* range = new QVBoxLayout;
    range->addWidget(m_whole);
    range->addWidget(m_to_cursor);

    m_scale = new QSpinBox(this);
    m_scale->setRange(1, 8);
    m_scale->setSuffix(tr("×"));
    m_transparent = new QCheckBox(tr("Transparent background"), this);
    m_title = new QCheckBox(tr("Title (the scenario's name)"), this);
    m_legend = new QCheckBox(tr("Legend (what the marks mean)"), this);
    m_legend->setObjectName(QStringLiteral("legendCheckBox"));
    m_legend->setToolTip(tr("A key under the figure: arrows, tags, lost segments, timers and state colours. "
                            "Edit → Copy diagram follows this choice too."));

    auto* form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&View:"), m_view);
    form->addRow(tr("Range:"), range);
    form->addRow(tr("PNG &scale:"), m_scale);
    form->addRow(QString(), m_transparent);
    form->addRow(QString(), m_title);
    form->addRow(QString(), m_legend);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateEnabled);
    setChoices(ExportChoices::load(QSettings()));
}

ExportChoices ExportDialog::choices() const {
    ExportChoices c;
    c.format = static_cast<ExportFormat>(m_format->currentData().toInt());
    c.view = static_cast<FigureView>(m_view->currentData().toInt());
    c.wholeTrace = m_whole->isChecked();
    c.scale = m_scale->value();
    c.transparent = m_transparent->isChecked();
    c.title = m_title->isChecked();
    c.legend = m_legend->isChecked();
    return c;
}

void ExportDialog::setChoices(const ExportChoices& c) {
    // A capture's own trace is no pcapng to write: a figure of it, then.
    const ExportFormat format = c.format == ExportFormat::Pcapng && m_session->capture() ? ExportFormat::Png : c.format;
    m_format->setCurrentIndex(m_format->findData(static_cast<int>(format)));
    m_view->setCurrentIndex(std::max(0, m_view->findData(static_cast<int>(c.view))));
    (c.wholeTrace ? m_whole : m_to_cursor)->setChecked(true);
    m_scale->setValue(c.scale);
    m_transparent->setChecked(c.transparent);
    m_title->setChecked(c.title);
    m_legend->setChecked(c.legend);
    updateEnabled();
}

void ExportDialog::updateEnabled() {
    const ExportFormat format = choices().format;
    const bool png = format == ExportFormat::Png;
    const bool figure = format != ExportFormat::Pcapng;
    m_scale->setEnabled(png);
    m_transparent->setEnabled(png);
    // A capture holds every segment sent: no view, range, title or key.
    for (QWidget* w : std::initializer_list<QWidget*>{m_view, m_whole, m_to_cursor, m_title, m_legend})
        w->setEnabled(figure);
}

bool ExportDialog::exportTo(const QString& path, QString* error) const {
    const ExportChoices c = choices();
    if (c.format == ExportFormat::Pcapng) {
        if (m_session->capture()) {
            if (error) *error = tr("Cannot export “%1”: this is a capture already").arg(QDir::toNativeSeparators(path));
            return false;
        }
        try {
            core::writePcapng(m_session->trace(), path.toStdString());
        } catch (const std::exception& e) {
            if (error) *error = QString::fromStdString(e.what());
            return false;
        }
        return true;
    }
    const int cursor = c.wholeTrace ? m_session->stepCount() : m_session->cursor();
    if (const QString no = ExportScenes::refusal(*m_session, cursor, c.view); !no.isEmpty()) {
        if (error) *error = tr("Cannot export “%1”: %2").arg(QDir::toNativeSeparators(path), no);
        return false;
    }
    ExportScenes scenes(*m_session, cursor, m_style);
    // The sequence diagram carries the title itself; the state diagram alone gets it above.
    Figure figure = scenes.figure(c.view, c.title, c.legend);
    if (c.title && c.view == FigureView::State) figure.title = m_session->title();
    return exportFigure(figure, *imageFormatOf(c.format), path,
                        {.scale = static_cast<double>(c.scale), .transparent = c.transparent}, error);
}

void ExportDialog::accept() {
    const ExportChoices c = choices();
    QSettings settings;
    c.save(settings);

    const QString ext = exportFormatExtension(c.format);
    QString dir = settings.value(kDirectoryKey).toString();
    if (dir.isEmpty()) dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString base = m_session->scenario().id.empty() ? QStringLiteral("diagram")
                                                           : QString::fromStdString(m_session->scenario().id);
    QString filter;
    switch (c.format) {
        case ExportFormat::Png: filter = tr("PNG images (*.png)"); break;
        case ExportFormat::Svg: filter = tr("SVG drawings (*.svg)"); break;
        case ExportFormat::Pdf: filter = tr("PDF documents (*.pdf)"); break;
        case ExportFormat::Pcapng: filter = tr("Captures (*.pcapng)"); break;
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Export Diagram"),
                                                QDir(dir).filePath(base + QLatin1Char('.') + ext), filter);
    if (path.isEmpty()) return;   // back to the dialog
    if (QFileInfo(path).suffix().toLower() != ext) path += QLatin1Char('.') + ext;
    settings.setValue(kDirectoryKey, QFileInfo(path).absolutePath());

    QString error;
    if (!exportTo(path, &error)) {
        QMessageBox::warning(this, tr("Export Diagram"), error);
        return;
    }
    QDialog::accept();
}

}  // namespace tcpviz::ui
