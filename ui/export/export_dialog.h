#pragma once
// File → Export…: the diagrams as a PNG, SVG or PDF file, or the segments as a pcapng capture
// for Wireshark, with the last choices remembered.
#include <QDialog>

#include "ui/export/export_figure.h"
#include "ui/export/exporter.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QRadioButton;
class QSettings;
class QSpinBox;

namespace tcpviz::ui {

class SessionModel;

// What File → Export… writes: a figure, or the trace's segments as a capture.
enum class ExportFormat { Png, Svg, Pdf, Pcapng };
// The figure's format; none for a capture.
std::optional<ImageFormat> imageFormatOf(ExportFormat format);

// What to export; saved in QSettings under "export/".
struct ExportChoices {
    ExportFormat format = ExportFormat::Png;
    FigureView view = FigureView::Sequence;
    bool wholeTrace = true;     // else up to the current step
    int scale = 2;              // PNG: 1 to 8
    bool transparent = false;   // PNG: else white
    bool title = true;          // the scenario's title above the diagram(s)
    bool legend = true;         // the key under them (LegendScene)

    [[nodiscard]] static ExportChoices load(const QSettings& settings);
    void save(QSettings& settings) const;
    friend bool operator==(const ExportChoices&, const ExportChoices&) = default;
};

// Edit → Copy diagram: the sequence diagram as on screen, up to the cursor, onto the clipboard
// as an image; with the key under it when the Export dialog's last choice says so. Returns why
// nothing was copied (ExportScenes::refusal), or an empty string.
QString copyDiagramToClipboard(const SessionModel& session, const FigureStyle& style);

// The file extension of a format, without the dot.
QString exportFormatExtension(ExportFormat format);

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // Starts with the choices saved in the application's QSettings.
    explicit ExportDialog(const SessionModel* session, const FigureStyle& style = {}, QWidget* parent = nullptr);

    [[nodiscard]] ExportChoices choices() const;
    void setChoices(const ExportChoices& c);

    // Non-interactive: writes the session with the current choices to `path`. On failure
    // returns false and sets *error to the exporter's message. A pcapng holds every segment of
    // the trace shown (core::writePcapng), whatever the range and view; a capture's own trace
    // is not offered as one (its file is the capture).
    bool exportTo(const QString& path, QString* error) const;

    // OK: saves the choices, asks for a file name and exports; stays open on cancel or failure.
    void accept() override;

private:
    void updateEnabled();

    const SessionModel* m_session;
    FigureStyle m_style;
    QComboBox* m_format = nullptr;
    QComboBox* m_view = nullptr;
    QRadioButton* m_whole = nullptr;
    QRadioButton* m_to_cursor = nullptr;
    QSpinBox* m_scale = nullptr;
    QCheckBox* m_transparent = nullptr;
    QCheckBox* m_title = nullptr;
    QCheckBox* m_legend = nullptr;
};

}  // namespace tcpviz::ui
