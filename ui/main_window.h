#pragma once
#include <QMainWindow>

#include <cstddef>
#include <vector>

#include "core/notation.h"
#include "core/steps.h"

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QSlider;

namespace tcpviz::ui {

class EventLogView;
class Player;
class SegmentInspector;
class SequenceDiagramScene;
class SequenceDiagramView;
class StateGraphScene;
class StateGraphView;
class SessionModel;
struct FigureStyle;
enum class FutureSteps;

// The application window: the sequence diagram in the centre, the state diagram docked on the
// right, the segment inspector and the event log below; playback controls in the toolbar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a built-in scenario or a file; on failure says why in a message box.
    bool openScenario(const QString& spec);

    [[nodiscard]] SessionModel* session() const { return m_session; }
    [[nodiscard]] SequenceDiagramScene* diagramScene() const { return m_scene; }
    [[nodiscard]] SequenceDiagramView* diagramView() const { return m_view; }
    [[nodiscard]] SegmentInspector* inspector() const { return m_inspector; }
    [[nodiscard]] EventLogView* eventLog() const { return m_log; }
    [[nodiscard]] Player* player() const { return m_player; }
    [[nodiscard]] QDockWidget* stateDiagramDock() const { return m_state_dock; }
    [[nodiscard]] StateGraphScene* stateGraphScene() const { return m_graph_scene; }
    [[nodiscard]] StateGraphView* stateGraphView() const { return m_graph_view; }
    [[nodiscard]] QString stepText() const;

    void setNotation(core::Notation n);
    [[nodiscard]] core::Notation notation() const { return m_notation; }
    void setTextbookStateNames(bool on);
    void setFutureSteps(FutureSteps f);
    void setGranularity(core::StepGranularity g);
    void setSpeed(double factor);
    void setShowExtraEdges(bool on);
    // Which endpoints the state diagram shows a token for.
    enum class GraphSides { A, B, Both };
    void setGraphSides(GraphSides sides);
    // File → Export… (Ctrl+E): the export dialog, modal.
    void exportDiagram();
    // Edit → Copy diagram (Ctrl+Shift+C): the sequence diagram up to the cursor, as an image.
    void copyDiagram();

protected:
    void closeEvent(QCloseEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    void createActions();
    void createMenus();
    void createToolBars();
    void createDocks();
    void readSettings();
    void writeSettings() const;
    void updateStepControls();
    void updateScenarioText();
    // The state diagram at the cursor; a step forward that the sequence diagram animates
    // moves the tokens along their edges as the step's state boxes appear.
    void syncStateGraph(int cursor, int previous);
    void openFile();
    [[nodiscard]] FigureStyle figureStyle() const;

    SessionModel* m_session;
    SequenceDiagramScene* m_scene;
    SequenceDiagramView* m_view;
    Player* m_player;
    SegmentInspector* m_inspector = nullptr;
    EventLogView* m_log = nullptr;
    QDockWidget* m_state_dock = nullptr;
    QDockWidget* m_inspector_dock = nullptr;
    QDockWidget* m_log_dock = nullptr;
    StateGraphScene* m_graph_scene = nullptr;
    StateGraphView* m_graph_view = nullptr;
    std::vector<std::size_t> m_graph_visited;  // edges taken, as shown (EdgeIds)
    unsigned m_graph_generation = 0;           // drops the moves of an earlier step
    GraphSides m_graph_sides = GraphSides::Both;
    QLabel* m_description = nullptr;
    QLabel* m_step_label = nullptr;
    QLabel* m_time_label = nullptr;
    QSlider* m_slider = nullptr;
    QComboBox* m_speed = nullptr;
    QComboBox* m_notation_box = nullptr;
    QComboBox* m_granularity_box = nullptr;
    core::Notation m_notation = core::Notation::Textbook;
    bool m_shown = false;
    bool m_state_restored = false;

    QAction* m_first = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_play = nullptr;
    QAction* m_next = nullptr;
    QAction* m_last = nullptr;
    QAction* m_zoom_in = nullptr;
    QAction* m_zoom_out = nullptr;
    QAction* m_zoom_fit = nullptr;
    QAction* m_textbook_names = nullptr;
    QAction* m_faded = nullptr;
    QAction* m_timers = nullptr;
    QAction* m_show_description = nullptr;
    QAction* m_extra_edges = nullptr;
    QActionGroup* m_graph_sides_group = nullptr;
    QActionGroup* m_notation_group = nullptr;
    QActionGroup* m_granularity_group = nullptr;
};

}  // namespace tcpviz::ui
