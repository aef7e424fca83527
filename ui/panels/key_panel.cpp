#include "ui/panels/key_panel.h"

#include <QResizeEvent>

#include "ui/export/export_figure.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"
#include "ui/views/diagram_style.h"
#include "ui/views/sequence_diagram.h"

namespace tcpviz::ui {

KeyPanel::KeyPanel(SessionModel* session, SequenceDiagramScene* diagram, QWidget* parent)
    : QGraphicsView(parent), m_session(session), m_diagram(diagram), m_legend(new LegendScene(this)) {
    setObjectName(QStringLiteral("KeyPanel"));
    setScene(m_legend);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setInteractive(false);
    setViewportMargins(10, 8, 6, 8);
    // The marks the diagram shows change with the lesson (and with the steps drawn so far).
    connect(diagram, &SequenceDiagramScene::diagramRebuilt, this, &KeyPanel::refresh);
    // A step changes the key only when it brings the first mark of a kind.
    connect(session, &SessionModel::cursorChanged, this, [this] {
        if (m_diagram->shownMarks() != m_marks) refresh();
    });
    refresh();
}

KeyPanel::~KeyPanel() = default;

void KeyPanel::refresh() {
    const core::Trace& t = m_session->trace();
    const bool named = m_session->hasScenario() && !t.endpoints[0].name.empty();
    const QString a = named ? Text::endpointName(t.endpoints[0]) : QStringLiteral("A");
    const QString b = named ? Text::endpointName(t.endpoints[1]) : QStringLiteral("B");
    m_marks = m_diagram->shownMarks();
    m_legend->setSequenceMarks(m_marks);
    m_width = viewport()->width();
    m_legend->setUp(FigureView::Both, std::max(240, m_width - 16), a, b);
    setBackgroundBrush(style::paper());
}

QStringList KeyPanel::texts() const { return m_legend->texts(); }

void KeyPanel::resizeEvent(QResizeEvent* e) {
    QGraphicsView::resizeEvent(e);
    if (viewport()->width() != m_width) refresh();
}

}  // namespace tcpviz::ui
