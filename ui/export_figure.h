#pragma once
// The figure an export draws, built the same way for File → Export…, Copy diagram and
// `tcpviz --export`: the sequence diagram and/or the state graph at the session's cursor.
#include <QString>
#include <optional>

#include "core/notation.h"
#include "ui/exporter.h"
#include "ui/sequence_diagram.h"
#include "ui/session_model.h"
#include "ui/state_graph_view.h"

namespace tcpviz::ui {

enum class FigureView { Sequence, State, Both };

// "sequence", "state" or "both".
std::optional<FigureView> figureViewFromName(const QString& name);
QString figureViewName(FigureView view);

// Sets the scenes up as exports show them — no animation, future steps hidden, no highlight of
// the current step, the state graph at the cursor with the edges taken so far — and returns
// the figure of `view`. The sequence diagram draws the scenario's title itself, unless
// `sequenceTitle` is false; the figure's own title is left empty. Either scene may be null when
// `view` does not need it.
Figure makeFigure(SessionModel& model, SequenceDiagramScene* sequence, StateGraphScene* states,
                  FigureView view, bool sequenceTitle = true);

// How the window draws the diagrams, carried over to an export.
struct FigureStyle {
    core::Notation notation = core::Notation::Textbook;
    bool textbookStateNames = false;
};

// A copy of a session at a cursor with scenes of its own, so an export never disturbs the
// window's scenes (their animations, highlight, faded future steps).
class ExportScenes {
public:
    ExportScenes(const SessionModel& source, int cursor, const FigureStyle& style);
    ExportScenes(const ExportScenes&) = delete;
    ExportScenes& operator=(const ExportScenes&) = delete;

    [[nodiscard]] Figure figure(FigureView view, bool sequenceTitle = true) {
        return makeFigure(m_model, &m_sequence, &m_states, view, sequenceTitle);
    }
    [[nodiscard]] SessionModel& model() { return m_model; }

private:
    SessionModel m_model;
    SequenceDiagramScene m_sequence{&m_model};
    StateGraphScene m_states;
};

// The sequence diagram as on screen, up to the session's cursor, as an image (white, 1x).
QImage sequenceDiagramImage(const SessionModel& session, const FigureStyle& style);

}  // namespace tcpviz::ui
