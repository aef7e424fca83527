#pragma once
#include <QMainWindow>
#include <QSize>
#include <QStyle>

#include <QMessageBox>
#include <cstddef>
#include <array>
#include <chrono>
#include <functional>
#include <vector>

#include "core/trace/notation.h"
#include "core/trace/steps.h"

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSlider;
class QTabWidget;
class QTimer;
class QToolBar;
class QToolButton;

namespace tcpviz::ui {

class CongestionPlot;
class SideBySideView;
class QuizPanel;
class CoursePanel;
class CapacityPanel;
class HostChart;
class SocketsPanel;
class CapturePanel;
class LiveDemo;
class EventLogView;
class LinkPanel;
class ScenarioBrowser;
class ScenarioEditor;
class WhatIfMenus;
class Player;
class SegmentInspector;
class SequencePlot;
class SequenceDiagramScene;
class SequenceDiagramView;
class DescriptionBar;
class LessonDialog;
class KeyPanel;
class StepCaption;
class StateGraphScene;
class StateGraphView;
class SessionModel;
struct FigureStyle;
enum class FutureSteps;
enum class Theme;

// A screen smaller than this either way gets the compact layout (MainWindow::arrangeDocks()):
// 1024×768 projectors and 1366×768 or 1280×720 laptops do; 1600×900 and 1920×1080 do not.
inline constexpr QSize kCompactBelow{1500, 900};
[[nodiscard]] bool isCompactScreen(QSize available);

// The application window: the sequence diagram in the centre, the state diagram docked on the
// right, the segment inspector and the event log below (on a small screen, all the docks in one
// tabbed column on the right); playback controls in the toolbar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // How an export of the window looks: its notation, state names, and the host chart's host.
    [[nodiscard]] FigureStyle figureStyle() const;
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a built-in scenario or a file, after offering to save unsaved edits; on failure
    // says why in a message box and keeps the current session. A built-in one is open when
    // this returns; a file is read and simulated in the background (SessionModel::open), with
    // its progress in the status bar and Esc to stop, while the window goes on showing the
    // lesson that was open: true then means the opening started (openFinished() follows).
    bool openScenario(const QString& spec);
    // The same without asking about unsaved edits (the command line's file at start-up).
    void openInBackground(const QString& spec);
    // Stops a file being opened (Esc, or the status bar's Cancel); the lesson shown stays.
    void cancelOpening();
    // The status bar's words while a file is being opened ("Opening big.json: simulating …").
    [[nodiscard]] QString openingText() const;
    // The same without any dialog: `error` says why it failed (for the command line).
    enum class Opened { Yes, Unknown, Invalid };
    Opened loadScenario(const QString& spec, QString* error);
    // File → Save (Ctrl+S) and Save as… (Ctrl+Shift+S): the scenario with its edits, as
    // tcpviz-scenario/1 JSON, written atomically. saveTo() writes without asking.
    bool save();
    bool saveAs();
    bool saveTo(const QString& path);
    // The scenario file being edited; empty for a built-in scenario not saved yet.
    [[nodiscard]] QString filePath() const { return m_file_path; }
    [[nodiscard]] QStringList recentFiles() const;
    // What to do with unsaved edits before they would be lost: Save, Discard or Cancel. By
    // default a message box; tests answer directly.
    using UnsavedPrompt = std::function<QMessageBox::StandardButton()>;
    void setUnsavedPrompt(UnsavedPrompt prompt) { m_unsaved_prompt = std::move(prompt); }
    // Edit → Drop next segment (Ctrl+D), at once: the segment the next step would deliver is
    // lost instead (a what-if edit, one undo away), and that step is shown; a lesson playing
    // plays on. False when there is no such segment (the next step delivers none, or the end).
    bool dropNextSegment();
    // Edit → Lesson…: the title, the description and the endpoints' names, as one undoable
    // edit. `answer` fills in and accepts the dialog instead of showing it (tests).
    void editLesson(std::function<bool(LessonDialog&)> answer = {});
    // Edit → Swap the two sides: the same lesson with A and B exchanged (the client drawn on
    // the right), as one undoable edit.
    // A lesson of the capture's connection shown (core::lessonOfCapture), opened unsaved.
    void turnIntoLesson();
    void swapSides();
    // Next step (Right, Space, Page Down, and each step of Play: the one way forward).
    void stepForward();
    // `tcpviz --interop-demo`: a live connection between tcpviz's engine and this computer's
    // Linux kernel (core::runInteropDemo, as root), drawn as it happens: the capture of its
    // frames is opened again each time it grows, at its last step.
    void startInteropDemo(std::chrono::milliseconds pace = std::chrono::milliseconds(2000));
    [[nodiscard]] LiveDemo* liveDemo() const { return m_live; }

    [[nodiscard]] SessionModel* session() const { return m_session; }
    [[nodiscard]] SequenceDiagramScene* diagramScene() const { return m_scene; }
    [[nodiscard]] SequenceDiagramView* diagramView() const { return m_view; }
    [[nodiscard]] SegmentInspector* inspector() const { return m_inspector; }
    [[nodiscard]] EventLogView* eventLog() const { return m_log; }
    [[nodiscard]] Player* player() const { return m_player; }
    [[nodiscard]] QDockWidget* stateDiagramDock() const { return m_state_dock; }
    [[nodiscard]] StateGraphScene* stateGraphScene() const { return m_graph_scene; }
    [[nodiscard]] StateGraphView* stateGraphView() const { return m_graph_view; }
    // The Plots dock: the congestion window and the time–sequence graph, in tabs.
    [[nodiscard]] QDockWidget* plotsDock() const { return m_plots_dock; }
    [[nodiscard]] bool isCompact() const { return m_compact; }
    [[nodiscard]] StepCaption* stepCaption() const { return m_caption; }
    [[nodiscard]] QDockWidget* keyDock() const { return m_key_dock; }
    [[nodiscard]] KeyPanel* keyPanel() const { return m_key; }
    [[nodiscard]] QTabWidget* plotTabs() const { return m_plot_tabs; }
    [[nodiscard]] QTabWidget* centreTabs() const { return m_centre_tabs; }
    [[nodiscard]] SideBySideView* sideBySide() const { return m_side_by_side; }
    [[nodiscard]] QuizPanel* quizPanel() const { return m_quiz_panel; }
    [[nodiscard]] CoursePanel* coursePanel() const { return m_course; }
    // Quiz mode (Q): a question before each step, answered before the step is played.
    void setQuizMode(bool on);
    // The quiz dock's share of the column it shares with the state diagram.
    void fitQuizDock();
    [[nodiscard]] bool isQuizMode() const;
    [[nodiscard]] CongestionPlot* congestionPlot() const { return m_cwnd_plot; }
    [[nodiscard]] SequencePlot* sequencePlot() const { return m_tsg_plot; }
    [[nodiscard]] QString stepText() const;
    [[nodiscard]] ScenarioEditor* editor() const { return m_editor; }
    [[nodiscard]] WhatIfMenus* whatIfMenus() const { return m_what_if; }
    [[nodiscard]] ScenarioBrowser* scenarioBrowser() const { return m_browser; }
    [[nodiscard]] LinkPanel* linkPanel() const { return m_link_panel; }
    [[nodiscard]] QProgressBar* busyIndicator() const { return m_busy; }

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

    // View → Language: "en" or "zh_CN". Everything retranslates at once; the choice is saved.
    void setLanguage(const QString& language);
    // View → Text size: 100, 125 or 150 % for the sequence diagram, the description and the
    // docks' contents, for the back of a classroom; saved. Menus, toolbars and exported figures
    // keep their sizes.
    void setTextSize(int percent);
    [[nodiscard]] int textSize() const { return m_text_size; }
    // View → Theme; saved.
    void setTheme(Theme theme);
    [[nodiscard]] Theme theme() const { return m_theme; }

    // Presentation mode (F5; Esc leaves): full screen, the sequence diagram and the state
    // diagram side by side, everything else hidden; the layout comes back afterwards.
    void setPresenting(bool on);
    [[nodiscard]] bool isPresenting() const { return m_presenting; }
    // B or "." while presenting: a black screen, as presenter clickers expect; B, "." or Esc return.
    void setBlanked(bool on);
    [[nodiscard]] bool isBlanked() const;
    // Ctrl+P while presenting: the pen (SequenceDiagramView::setPenActive); E wipes its ink.

    // Help → Keyboard shortcuts: the table, from the actions themselves.
    [[nodiscard]] QString shortcutsHtml() const;

Q_SIGNALS:
    // A file opened in the background was adopted (ok), failed (after its message box), or was
    // cancelled (ok false, an empty error).
    void openFinished(bool ok, const QString& error);

protected:
    void closeEvent(QCloseEvent* e) override;
    // A scenario or capture file dropped on the window is opened.
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void showEvent(QShowEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    // Every dock of the window.
    [[nodiscard]] std::array<QDockWidget*, 13> docks() const;
    void createActions();
    void createMenus();
    void createToolBars();
    // Every word of the window, again in the current language.
    void retranslateUi();
    void fillScenarioMenu();
    // Opens the live demo's capture again (or once the opening under way is done).
    void followLiveDemo();
    // Whether `spec` is the live demo's capture, opened again at each burst of frames.
    [[nodiscard]] bool isLiveCapture(const QString& spec) const;
    void showShortcuts();
    void showAbout();
    // Asks about unsaved edits; false: the user cancelled.
    bool maybeSave();
    void addRecentFile(const QString& path);
    void fillRecentMenu();
    void updateUndoTexts();
    void onTraceChanged();
    // Shows the host docks for a lesson of hosts, and turns what-if editing off for it.
    void updateHostDocks();
    // Whether what-if edits apply; says why not on the status bar.
    bool editable();
    void createDocks();
    void arrangeDocks();
    // A toolbar icon that reads on the theme's window colour (light glyphs on a dark one).
    [[nodiscard]] QIcon toolIcon(QStyle::StandardPixmap which) const;
    void updateToolIcons();
    // `content` in `dock`, in a scroll area when it `scrolls`.
    void setDockContent(QDockWidget* dock, QWidget* content, bool scrolls);
    [[nodiscard]] QString layoutStateKey() const;
    [[nodiscard]] QString layoutGeometryKey() const;
    void readSettings();
    void writeSettings() const;
    void updateStepControls();
    void updateScenarioText();
    // The state diagram at the cursor; a step forward that the sequence diagram animates
    // moves the tokens along their edges as the step's state boxes appear.
    void syncStateGraph(int cursor, int previous);
    void openFile();
    // After a scenario is adopted: the editor, the file name and the title follow it.
    void adoptOpened(const QString& spec);
    void updateOpening();

    SessionModel* m_session;
    ScenarioEditor* m_editor = nullptr;
    WhatIfMenus* m_what_if = nullptr;
    ScenarioBrowser* m_browser = nullptr;
    LinkPanel* m_link_panel = nullptr;
    QDockWidget* m_browser_dock = nullptr;
    QDockWidget* m_link_dock = nullptr;
    QProgressBar* m_busy = nullptr;
    // A file opening in the background: what it is doing, how far, and Cancel.
    QLabel* m_open_label = nullptr;
    QProgressBar* m_open_progress = nullptr;
    QToolButton* m_open_cancel = nullptr;
    QTimer* m_open_timer = nullptr;
    QAction* m_cancel_open = nullptr;
    QString m_file_path;
    UnsavedPrompt m_unsaved_prompt;
    SequenceDiagramScene* m_scene;
    SequenceDiagramView* m_view;
    Player* m_player;
    SegmentInspector* m_inspector = nullptr;
    EventLogView* m_log = nullptr;
    QDockWidget* m_state_dock = nullptr;
    QDockWidget* m_inspector_dock = nullptr;
    QDockWidget* m_log_dock = nullptr;
    QDockWidget* m_plots_dock = nullptr;
    QTabWidget* m_plot_tabs = nullptr;
    QTabWidget* m_centre_tabs = nullptr;      // the diagram and the runs side by side
    SideBySideView* m_side_by_side = nullptr;
    QuizPanel* m_quiz_panel = nullptr;
    CoursePanel* m_course = nullptr;
    QDockWidget* m_course_dock = nullptr;
    unsigned m_course_number = 0;              // the session's scenarioNumber() last marked
    QDockWidget* m_quiz_dock = nullptr;
    QAction* m_quiz = nullptr;
    std::vector<QAction*> m_quiz_answers;      // keys 1–4
    bool m_quiz_saved_faded = false;           // what quiz mode turned off, to restore
    core::StepGranularity m_quiz_saved_granularity = core::StepGranularity::Segment;
    CongestionPlot* m_cwnd_plot = nullptr;
    SequencePlot* m_tsg_plot = nullptr;
    StateGraphScene* m_graph_scene = nullptr;
    StateGraphView* m_graph_view = nullptr;
    std::vector<std::size_t> m_graph_visited;  // edges taken, as shown (EdgeIds)
    unsigned m_graph_generation = 0;           // drops the moves of an earlier step
    GraphSides m_graph_sides = GraphSides::Both;
    DescriptionBar* m_description = nullptr;
    KeyPanel* m_key = nullptr;
    QDockWidget* m_key_dock = nullptr;
    HostChart* m_host_chart = nullptr;
    QDockWidget* m_host_dock = nullptr;
    SocketsPanel* m_sockets = nullptr;
    QDockWidget* m_sockets_dock = nullptr;
    CapturePanel* m_capture_panel = nullptr;   // a capture's connections (shown only for a capture)
    QDockWidget* m_capture_dock = nullptr;
    LiveDemo* m_live = nullptr;          // the interop demo, once started
    bool m_live_pending = false;         // its capture grew while the last frames were opened
    CapacityPanel* m_capacity = nullptr;
    QDockWidget* m_capacity_dock = nullptr;
    unsigned m_host_docks_for = ~0u;   // the scenarioNumber() the host docks were shown or hidden for
    StepCaption* m_caption = nullptr;   // over the diagram: how to start, and the step presented
    QWidget* m_blank = nullptr;                // the black screen of presentation mode
    QLabel* m_speed_label = nullptr;
    QLabel* m_labels_label = nullptr;
    QToolBar* m_playback_bar = nullptr;
    QToolBar* m_view_bar = nullptr;
    QMenu* m_file_menu = nullptr;
    QMenu* m_builtin_menu = nullptr;
    QMenu* m_recent_menu = nullptr;
    QMenu* m_edit_menu = nullptr;
    QMenu* m_view_menu = nullptr;
    QMenu* m_notation_menu = nullptr;
    QMenu* m_graph_sides_menu = nullptr;
    QMenu* m_language_menu = nullptr;
    QMenu* m_theme_menu = nullptr;
    QMenu* m_text_size_menu = nullptr;
    QMenu* m_playback_menu = nullptr;
    QMenu* m_help_menu = nullptr;
    Theme m_theme;
    QString m_ui_language;   // the language retranslateUi() last used
    // Presentation mode: what to restore.
    bool m_presenting = false;
    QByteArray m_saved_state, m_saved_geometry;
    Qt::WindowStates m_saved_window_state;
    double m_saved_zoom = 1;
    QLabel* m_step_label = nullptr;
    QLabel* m_time_label = nullptr;
    QSlider* m_slider = nullptr;
    QComboBox* m_speed = nullptr;
    QComboBox* m_notation_box = nullptr;
    QComboBox* m_granularity_box = nullptr;
    core::Notation m_notation = core::Notation::Textbook;
    bool m_compact = false;   // the layout for a small screen (isCompactScreen())
    bool m_shown = false;
    bool m_state_restored = false;

    QAction* m_open = nullptr;
    QAction* m_save = nullptr;
    QAction* m_save_as = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QAction* m_edit_lesson = nullptr;
    QAction* m_swap_sides = nullptr;
    QAction* m_drop_next = nullptr;
    QAction* m_resimulate = nullptr;
    QAction* m_turn_into_lesson = nullptr;   // File → Turn into a lesson (a capture's connection)
    QAction* m_export = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_copy_diagram = nullptr;
    QAction* m_present = nullptr;
    QAction* m_leave_presentation = nullptr;
    QAction* m_blank_action = nullptr;
    QAction* m_pen_action = nullptr;
    QAction* m_erase_action = nullptr;
    QAction* m_shortcuts = nullptr;
    QAction* m_about = nullptr;
    QAction* m_about_qt = nullptr;
    QActionGroup* m_language_group = nullptr;
    QActionGroup* m_theme_group = nullptr;
    QActionGroup* m_text_size_group = nullptr;
    int m_text_size = 100;
    QAction* m_first = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_play = nullptr;
    QAction* m_next = nullptr;
    QAction* m_last = nullptr;
    QAction* m_zoom_in = nullptr;
    QAction* m_zoom_out = nullptr;
    QAction* m_zoom_fit = nullptr;
    QAction* m_zoom_page = nullptr;
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
