#pragma once
// The figure an export draws, built the same way for File → Export…, Copy diagram and
// `tcpviz --export`: the sequence diagram and/or the state graph at the session's cursor.
#include <QCoreApplication>
#include <QGraphicsScene>
#include <QString>
#include <QStringList>
#include <memory>
#include <array>
#include <optional>

#include "core/net/host.h"
#include "core/trace/notation.h"
#include "ui/views/diagram_style.h"
#include "ui/export/exporter.h"
#include "ui/views/sequence_diagram.h"
#include "ui/session/session_model.h"
#include "ui/views/host_chart.h"
#include "ui/views/side_by_side.h"
#include "ui/views/plot_view.h"
#include "ui/views/state_graph_view.h"

namespace tcpviz::ui {

// The diagrams, or one of the plots (ui/views/congestion_plot.h, ui/views/sequence_plot.h).
// Sockets: a lesson of hosts' host chart (ui/views/host_chart.h). SideBySide: a lesson's runs of
// one request on one time axis (ui/views/side_by_side.h).
enum class FigureView { Sequence, State, Both, Cwnd, Tsg, Sockets, SideBySide };
[[nodiscard]] constexpr bool isPlotView(FigureView v) {
    return v == FigureView::Cwnd || v == FigureView::Tsg || v == FigureView::Sockets;
}

// "sequence", "state", "both", "cwnd", "tsg", "sockets" or "side-by-side".
std::optional<FigureView> figureViewFromName(const QString& name);
QString figureViewName(FigureView view);

// The key under an exported figure: what its marks mean, drawn as the diagrams draw them —
// for the sequence diagram a segment, a retransmission, a network's duplicate, a lost segment,
// the two timers and an expiry, and the state boxes' colours, and where the diagram has them,
// fast retransmissions and duplicate ACKs; for the state diagram the colours of A and B and the
// edges taken. Only the marks of the views in the figure, so a key never explains something the
// picture cannot show.
class LegendScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit LegendScene(QObject* parent = nullptr);
    ~LegendScene() override;

    // Lays the key out for `view` in rows at most `width` wide (scene units); `nameA` and
    // `nameB` are the endpoints' names (the state diagram's colours are theirs). The scene rect
    // becomes the key's.
    void setUp(FigureView view, double width, const QString& nameA, const QString& nameB);
    // What the sequence diagram above it shows of the marks not every figure has (fast
    // retransmissions, duplicate ACKs), for the next setUp().
    void setSequenceMarks(const SequenceDiagramScene::ShownMarks& marks) { m_sequence_marks = marks; }
    // The sentences it writes beside the marks.
    [[nodiscard]] QStringList texts() const;

private:
    class Item;
    Item* m_item = nullptr;
    SequenceDiagramScene::ShownMarks m_sequence_marks;
};

// Sets the scenes up as exports show them — no animation, future steps hidden, no highlight of
// the current step, the state graph at the cursor with the edges taken so far, a sequence
// diagram of the first steps ending a little below them (SequenceDiagramScene::figureRect) —
// and returns the figure of `view`, with the key under it when `legend` is given. The sequence
// diagram draws the scenario's title itself, unless `sequenceTitle` is false; the figure's own
// title is left empty. Either scene may be null when `view` does not need it.
Figure makeFigure(SessionModel& model, SequenceDiagramScene* sequence, StateGraphScene* states,
                  FigureView view, bool sequenceTitle = true, LegendScene* legend = nullptr);

// How the window draws the diagrams, carried over to an export.
struct FigureStyle {
    core::Notation notation = core::Notation::Textbook;
    bool textbookStateNames = false;
    // The host a sockets figure shows (the window's host chart's, --host); unset: the lesson's.
    std::optional<core::HostId> host;
    // A side-by-side figure: the runs drawn, by their hosts' names, in that order (none: every run
    // the lesson has), and the link's one-way delay (ms) and loss (0..1) (unset: the lesson's).
    std::vector<std::string> runs;
    std::optional<double> delay_ms, loss;
};

// A copy of a session at a cursor with scenes of its own, so an export never disturbs the
// window's scenes (their animations, highlight, faded future steps). The scenes are made in
// the print colours, whatever the screen's theme.
class ExportScenes {
    Q_DECLARE_TR_FUNCTIONS(tcpviz::ui::ExportScenes)
public:
    ExportScenes(const SessionModel& source, int cursor, const FigureStyle& style);
    ~ExportScenes();
    ExportScenes(const ExportScenes&) = delete;
    ExportScenes& operator=(const ExportScenes&) = delete;

    // A plot view is the plot alone, at kPlotSize, with the scenario's title and the plot's
    // caption above it when `sequenceTitle`, and its own legend when `legend`. When both
    // endpoints sent data (tahoe-vs-reno), it is both senders' plots, one above the other over
    // the same time axis, each with its caption.
    [[nodiscard]] Figure figure(FigureView view, bool sequenceTitle = true, bool legend = true);
    // Why the figure of `view` of `source` at `cursor` is not made, or empty: a sequence
    // diagram of more than kMaxFigureArrows arrows (a trace of millions of events) would take
    // minutes and gigabytes to lay out and draw, and could be read by no one. Asked before an
    // ExportScenes is made, so that nothing is laid out for it.
    static constexpr std::size_t kMaxFigureArrows = 50'000;
    [[nodiscard]] static QString refusal(const SessionModel& source, int cursor, FigureView view);
    static constexpr QSize kPlotSize{1200, 720};
    static constexpr QSize kStackedPlotSize{1200, 560};
    [[nodiscard]] SessionModel& model() { return m_model; }
    // Laid out when it is first needed (an export of the state diagram alone never is).
    [[nodiscard]] SequenceDiagramScene& sequence() {
        m_sequence.setSuspended(false);
        return m_sequence;
    }

private:
    // The print colours while the scenes are made (until the constructor ends), for what they
    // keep of the colours in effect (a caption's brush, a scene's background).
    std::optional<style::ScopedPrintColors> m_print_colors{std::in_place};
    SessionModel m_model;
    SequenceDiagramScene m_sequence{&m_model};
    StateGraphScene m_states;
    LegendScene m_legend;
    // The plots are made when a plot is exported (they are widgets, never shown).
    std::array<PlotScene, 2> m_plot_scenes;
    std::array<std::unique_ptr<PlotView>, 2> m_plots;
    std::unique_ptr<HostChart> m_host_chart;
    std::unique_ptr<SideBySideScene> m_side_by_side;
    FigureStyle m_style;   // how the window draws (the host chart's host, the runs shown)
    [[nodiscard]] Figure plotFigure(FigureView view, bool title, bool legend);
    [[nodiscard]] Figure hostFigure(bool title, bool legend);
    [[nodiscard]] Figure sideBySideFigure(bool title);
};

// The sequence diagram as on screen, up to the session's cursor, as an image (white, 1x), with
// the key under it when `legend` is true.
QImage sequenceDiagramImage(const SessionModel& session, const FigureStyle& style, bool legend);

}  // namespace tcpviz::ui
