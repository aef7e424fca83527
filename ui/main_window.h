#pragma once
#include <QMainWindow>

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
class SessionModel;
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
    [[nodiscard]] QString stepText() const;

    void setNotation(core::Notation n);
    [[nodiscard]] core::Notation notation() const { return m_notation; }
    void setTextbookStateNames(bool on);
    void setFutureSteps(FutureSteps f);
    void setGranularity(core::StepGranularity g);
    void setSpeed(double factor);

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
    void openFile();

    SessionModel* m_session;
    SequenceDiagramScene* m_scene;
    SequenceDiagramView* m_view;
    Player* m_player;
    SegmentInspector* m_inspector = nullptr;
    EventLogView* m_log = nullptr;
    QDockWidget* m_state_dock = nullptr;
    QDockWidget* m_inspector_dock = nullptr;
    QDockWidget* m_log_dock = nullptr;
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
    QActionGroup* m_notation_group = nullptr;
    QActionGroup* m_granularity_group = nullptr;
};

}  // namespace tcpviz::ui
