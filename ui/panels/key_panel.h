#pragma once
// The key to the diagrams' marks in the window (View → Key), as exports put it under a figure:
// the sequence diagram's arrows, tags, timers and state colours, and the state diagram's
// endpoint colours, laid out for the dock's width. The marks only some lessons have (fast
// retransmissions, duplicate ACKs) are listed when the diagram shows them.
#include <QGraphicsView>

#include "ui/views/sequence_diagram.h"

namespace tcpviz::ui {

class LegendScene;
class SessionModel;

class KeyPanel : public QGraphicsView {
    Q_OBJECT
public:
    KeyPanel(SessionModel* session, SequenceDiagramScene* diagram, QWidget* parent = nullptr);
    ~KeyPanel() override;

    // Again, in the current language and colours.
    void refresh();
    // The sentences beside the marks.
    [[nodiscard]] QStringList texts() const;

protected:
    void resizeEvent(QResizeEvent* e) override;

private:
    SessionModel* m_session;
    SequenceDiagramScene* m_diagram;
    LegendScene* m_legend;
    SequenceDiagramScene::ShownMarks m_marks;   // what the key was last laid out for
    int m_width = -1;
};

}  // namespace tcpviz::ui
