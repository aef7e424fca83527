#include "ui/export_figure.h"

#include <QImage>
#include <array>
#include <vector>

#include "core/state_graph.h"

namespace tcpviz::ui {

std::optional<FigureView> figureViewFromName(const QString& name) {
    if (name == QLatin1String("sequence")) return FigureView::Sequence;
    if (name == QLatin1String("state")) return FigureView::State;
    if (name == QLatin1String("both")) return FigureView::Both;
    return std::nullopt;
}

QString figureViewName(FigureView view) {
    switch (view) {
        case FigureView::Sequence: return QStringLiteral("sequence");
        case FigureView::State: return QStringLiteral("state");
        case FigureView::Both: break;
    }
    return QStringLiteral("both");
}

Figure makeFigure(SessionModel& model, SequenceDiagramScene* sequence, StateGraphScene* states,
                  FigureView view, bool sequenceTitle) {
    Figure figure;
    if (view != FigureView::State && sequence) {
        sequence->setAnimationsEnabled(false);
        sequence->setFutureSteps(FutureSteps::Hidden);
        sequence->setHighlightCurrentStep(false);
        sequence->setShowTitle(sequenceTitle);
        figure.parts.push_back({sequence, sequenceTitle ? sequence->diagramRect() : sequence->untitledDiagramRect()});
    }
    if (view != FigureView::Sequence && states) {
        const std::array<core::State, 2> at = model.trace().statesAfter(model.visibleEvents());
        states->setCurrentStates(at[0], at[1]);
        states->setVisitedEdges(core::StateGraph::rfc9293().edgesTaken(model.trace(), model.visibleEvents()));
        figure.parts.push_back({states, states->sceneRect()});
    }
    return figure;
}

ExportScenes::ExportScenes(const SessionModel& source, int cursor, const FigureStyle& style) {
    m_sequence.setAnimationsEnabled(false);
    m_sequence.setFutureSteps(FutureSteps::Hidden);
    m_sequence.setHighlightCurrentStep(false);
    m_sequence.setNotation(style.notation);
    m_sequence.setTextbookStateNames(style.textbookStateNames);
    m_states.setTextbookStateNames(style.textbookStateNames);
    if (!source.hasScenario()) return;
    m_model.setScenario(source.scenario());
    m_model.setGranularity(source.granularity());
    m_model.setCursor(cursor);
}

QImage sequenceDiagramImage(const SessionModel& session, const FigureStyle& style) {
    ExportScenes scenes(session, session.cursor(), style);
    return renderPng(scenes.figure(FigureView::Sequence));
}

}  // namespace tcpviz::ui
