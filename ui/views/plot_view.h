#pragma once
// What the two plots of the Plots dock share (ui/views/congestion_plot.h, ui/views/sequence_plot.h):
// a QCustomPlot of series from core/trace/plot_data.h, drawn up to the session's cursor.
//
// The series are built when the trace changes (and only while the plot is shown); a cursor
// move only narrows each series to its points whose events are visible (a binary search per
// series) and moves the cursor line, so stepping costs the same for ten segments as for
// 100,000. A click on a point moves the cursor to the step that shows its event.
//
// Exports draw the same plot: picture() records it as vector drawing, PlotScene puts that in
// a QGraphicsScene for the exporter (ui/export/exporter.h).
#include <QFont>
#include <QGraphicsScene>
#include <QPicture>
#include <QPointF>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "core/trace/trace.h"
#include "ui/views/future_steps.h"

class QComboBox;
class QCustomPlot;
class QCPAbstractPlottable;
class QCPItemLine;
class QCPItemText;
class QCPLayoutGrid;
class QLabel;

namespace tcpviz::ui {

class SessionModel;

// A plot's font at `pixels`, with a CJK family first in Chinese (QCustomPlot measures a legend
// entry by its font's first family).
QFont plotFont(int pixels, QFont::Weight weight = QFont::Normal);
// A plot drawn at `size` as vector drawing (pixels at 1x, points in PDF), for the exporter.
QPicture plotPicture(QCustomPlot& plot, QSize size);

class PlotView : public QWidget {
    Q_OBJECT
public:
    ~PlotView() override;

    [[nodiscard]] SessionModel* model() const { return m_model; }
    [[nodiscard]] QCustomPlot* plot() const { return m_plot; }

    // The sender whose data is plotted: the side that sent the most data, until one is chosen
    // (a new lesson forgets the choice).
    [[nodiscard]] core::Side side() const;
    void setSide(core::Side side);
    // Both sides sent data: the side selector is shown.
    [[nodiscard]] bool canChooseSide() const;

    // Hidden: nothing after the cursor is drawn; faded: it is drawn pale (as the sequence
    // diagram does).
    void setFutureSteps(FutureSteps f);
    [[nodiscard]] FutureSteps futureSteps() const { return m_future; }

    // The colours and fonts of the current theme (style::colors()); the words of the current
    // language.
    void applyTheme();
    void retranslate();

    // Builds the series now if the trace changed since they were built, and puts them and the
    // cursor line at the session's cursor (a hidden plot leaves that until it is shown).
    void refresh();

    // What the plot shows, in a line: "Congestion window of A (Client)".
    [[nodiscard]] virtual QString caption() const = 0;

    // --- what is drawn (for tests) ---
    // The cursor line's time (s); NaN when the cursor shows nothing.
    [[nodiscard]] double cursorTime() const { return m_cursor_time; }
    // Points drawn in full (up to the cursor) and pale (after it).
    [[nodiscard]] int shownPoints() const;
    [[nodiscard]] int fadedPoints() const;
    // The event of the point drawn nearest `pos` (pixels of plot()), within `tolerance`
    // pixels; faded points count, hidden ones do not.
    [[nodiscard]] std::optional<std::size_t> eventAt(QPointF pos, double tolerance = 8) const;
    // Where the point of `event` is drawn (pixels of plot()), by the first series that has it.
    [[nodiscard]] std::optional<QPointF> pointOfEvent(std::size_t event) const;
    // The names in the legend.
    [[nodiscard]] QStringList legendNames() const;

    // --- exports ---
    // The look of a figure: no background of its own, everything antialiased, the legend
    // shown or not.
    void setPrintLook(bool legend);
    // The time axis (s) as fitted to the series, and one set from outside: the exporter stacks
    // two plots over one axis.
    [[nodiscard]] std::pair<double, double> fittedKeyRange() const { return {m_key_lower, m_key_upper}; }
    void setKeyRange(double lower, double upper);
    // The plot drawn at `size` (pixels at 1x, points in PDF), as a picture to replay into any
    // painter: the exporter's PNG strips, SVG or PDF.
    [[nodiscard]] QPicture picture(QSize size);

    // What build() draws with.
    struct LineStyle {
        QString name;   // in the legend (empty: not in it)
        QColor color;
        double width = 2;
        Qt::PenStyle pen = Qt::SolidLine;
        int rank = 0;   // the legend lists lower ranks first, whatever the drawing order
    };
    enum class MarkShape {
        Bar,           // a vertical bar from low to high with whiskers: a segment's bytes
        BarCircle,     // ... with a dot in its middle
        BarDiamond,    // ... with a diamond in its middle
        Cross,         // ✕ at the middle: a loss
        Tick,          // a short dash above `low`, one level up per `level`: duplicate ACKs tallied
        Band,          // the whole height from key to key_end: a phase
    };
    struct Mark {
        double key = 0;       // s
        double key_end = 0;   // Band: where it ends
        double low = 0;
        double high = 0;
        int level = 1;        // Tick: the how-manieth
    };

Q_SIGNALS:
    void sideChanged(core::Side side);

protected:
    PlotView(SessionModel* model, QWidget* parent);

    // Adds the plottables of the trace for side(); called with the plot cleared and the axes
    // styled.
    virtual void build() = 0;

    // --- for build(): keys are seconds; a series' events are ascending (a point is drawn
    // once its event is); what is added later is drawn over what came before. ---
    // A step line: each value holds until the next point, the last one until `end` (or the
    // cursor); NaN values break it.
    void addStepLine(const LineStyle& style, const std::vector<double>& keys, const std::vector<double>& values,
                     std::vector<std::uint32_t> events, double end);
    void addMarks(const LineStyle& style, MarkShape shape, std::vector<Mark> marks,
                  std::vector<std::uint32_t> events, const QColor& fill = {});
    // The axes' ranges and titles; values are bytes.
    void setAxes(double key_lower, double key_upper, double value_upper, const QString& value_title);
    // A sentence in the middle of an empty plot.
    void setEmptyText(const QString& text);
    [[nodiscard]] double seconds(core::TimeUs t) const { return static_cast<double>(t) / 1e6; }
    // Pen widths scale with the theme (high contrast is heavier).
    [[nodiscard]] static double width(double w);
    // The palette's blue, lighter on dark paper (where the Okabe–Ito blue is too dim to read).
    [[nodiscard]] static QColor blue();
    [[nodiscard]] QString sideText(core::Side s) const;

    void showEvent(QShowEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

private:
    struct Series;
    void onTraceChanged();
    void onCursorChanged();
    void rebuild();
    void styleAxes();
    void updateCut();
    void updateSideBox();
    void placeLegend(QSize size);
    void applyFonts();
    void orderLegend();
    void onMousePress(QMouseEvent* e);
    void onMouseRelease(QMouseEvent* e);
    void fitKeys();

    SessionModel* m_model;
    QCustomPlot* m_plot = nullptr;
    QLabel* m_caption = nullptr;
    QLabel* m_side_label = nullptr;
    QComboBox* m_side_box = nullptr;
    QCPItemLine* m_cursor_line = nullptr;
    QCPItemText* m_empty = nullptr;
    QCPLayoutGrid* m_below = nullptr;    // the legend's slots
    QCPLayoutGrid* m_beside = nullptr;
    std::vector<std::unique_ptr<Series>> m_series;
    FutureSteps m_future = FutureSteps::Hidden;
    std::optional<core::Side> m_chosen_side;
    // The side that sends more data, counted once per trace (it walks every segment).
    unsigned m_scenario = ~0u;         // SessionModel::scenarioNumber() the side and zoom belong to
    bool m_stale = true;               // the trace changed since the series were built
    bool m_cut_stale = true;           // the cursor moved since the series were cut
    bool m_print = false;
    bool m_print_legend = true;
    bool m_zoomed = false;             // the user dragged or zoomed the time axis
    double m_key_lower = 0, m_key_upper = 1;   // the fitted time axis
    double m_cursor_time = 0;
    double m_font_scale = 1;           // of the projector sizes: smaller in a small dock
    QPoint m_press;
};

// A plot as a scene, for the exporter's figures: the plot's picture at `size`.
class PlotScene : public QGraphicsScene {
public:
    explicit PlotScene(QObject* parent = nullptr);
    ~PlotScene() override;
    void setPlot(PlotView& plot, QSize size);
    // Any other plot's picture (the host chart's).
    void setPicture(QPicture picture, QSize size);

private:
    class Item;
    Item* m_item;
};

}  // namespace tcpviz::ui
