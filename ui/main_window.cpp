#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFontMetrics>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <vector>

#include "ui/event_log.h"
#include "ui/export_dialog.h"
#include "ui/player.h"
#include "ui/segment_inspector.h"
#include "ui/sequence_diagram.h"
#include "ui/session_model.h"
#include "ui/state_graph_view.h"
#include "ui/text.h"

namespace tcpviz::ui {

namespace {

QString notationTitle(core::Notation n) {
    switch (n) {
        case core::Notation::Textbook: return MainWindow::tr("Textbook (seq=x)");
        case core::Notation::Relative: return MainWindow::tr("Relative (seq=0)");
        case core::Notation::Absolute: return MainWindow::tr("Absolute (seq=100)");
        case core::Notation::Rfc: return MainWindow::tr("RFC 9293 (<SEQ=100>)");
    }
    return {};
}

constexpr double kSpeeds[] = {0.25, 0.5, 1.0, 1.5, 2.0, 4.0};

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_session(new SessionModel(this)),
      m_scene(new SequenceDiagramScene(m_session, this)),
      m_view(new SequenceDiagramView(m_scene)),
      m_player(new Player(m_session, m_scene, this)) {
    setWindowTitle(tr("TCP Visualizer"));
    setObjectName(QStringLiteral("MainWindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks);

    // The centre: what the scenario is about, and the diagram.
    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_description = new QLabel(centre);
    m_description->setObjectName(QStringLiteral("ScenarioDescription"));
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_description->setContentsMargins(14, 8, 14, 8);
    m_description->setStyleSheet(QStringLiteral("QLabel { background: #F4F7FA; color: #333; border-bottom: 1px solid #DDE3E8; }"));
    QFont description_font = m_description->font();
    if (description_font.pointSizeF() > 0) description_font.setPointSizeF(description_font.pointSizeF() * 1.1);
    m_description->setFont(description_font);
    layout->addWidget(m_description);
    layout->addWidget(m_view, 1);
    setCentralWidget(centre);

    createDocks();
    createActions();
    createMenus();
    createToolBars();
    m_time_label = new QLabel(this);
    statusBar()->addPermanentWidget(m_time_label);

    connect(m_session, &SessionModel::cursorChanged, this, &MainWindow::updateStepControls);
    // After the sequence diagram's own handler (connected when it was made), so that it already
    // knows whether, and when, it animates the step.
    connect(m_session, &SessionModel::cursorChanged, this, &MainWindow::syncStateGraph);
    connect(m_session, &SessionModel::granularityChanged, this, &MainWindow::updateStepControls);
    connect(m_session, &SessionModel::traceChanged, this, [this] {
        updateStepControls();
        updateScenarioText();
    });
    connect(m_player, &Player::playingChanged, this, [this](bool playing) {
        m_play->setText(playing ? tr("Pause") : tr("Play"));
        m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
        m_play->setChecked(playing);
    });

    resize(1600, 1000);
    readSettings();
    updateStepControls();
    updateScenarioText();
    syncStateGraph(m_session->cursor(), m_session->cursor());
}

MainWindow::~MainWindow() {
    // The views go before the session they show.
    m_player->pause();
    delete centralWidget();
    for (QDockWidget* dock : {m_state_dock, m_inspector_dock, m_log_dock}) delete dock;
    delete m_graph_scene;
    delete m_player;
    delete m_scene;
}

bool MainWindow::openScenario(const QString& spec) {
    QString error;
    if (m_session->load(spec, &error) == SessionModel::LoadStatus::Loaded) return true;
    QMessageBox::critical(this, tr("Cannot open the scenario"), error);
    return false;
}

// --- building the window -------------------------------------------------------------------

void MainWindow::createDocks() {
    // RFC 9293 Figure 5 with each endpoint's state at the cursor (syncStateGraph()).
    m_state_dock = new QDockWidget(tr("State diagram"), this);
    m_state_dock->setObjectName(QStringLiteral("StateDiagramDock"));
    m_graph_scene = new StateGraphScene(this);
    m_graph_view = new StateGraphView(m_graph_scene, m_state_dock);
    m_graph_view->setObjectName(QStringLiteral("StateGraphView"));
    m_graph_view->setMinimumWidth(340);
    m_state_dock->setWidget(m_graph_view);
    addDockWidget(Qt::RightDockWidgetArea, m_state_dock);

    m_inspector = new SegmentInspector(m_session);
    m_inspector_dock = new QDockWidget(tr("Segment inspector"), this);
    m_inspector_dock->setObjectName(QStringLiteral("InspectorDock"));
    m_inspector_dock->setWidget(m_inspector);
    addDockWidget(Qt::BottomDockWidgetArea, m_inspector_dock);

    m_log = new EventLogView(m_session);
    m_log_dock = new QDockWidget(tr("Event log"), this);
    m_log_dock->setObjectName(QStringLiteral("EventLogDock"));
    m_log_dock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_log_dock);
    splitDockWidget(m_inspector_dock, m_log_dock, Qt::Horizontal);
}

void MainWindow::showEvent(QShowEvent* e) {
    QMainWindow::showEvent(e);
    if (m_shown) return;
    m_shown = true;
    if (m_state_restored) return;
    // First start: the diagram gets most of the height, the inspector as much as it needs
    // (once the window has its size).
    QTimer::singleShot(0, this, [this] {
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_inspector_dock}, {m_inspector->sizeHint().height() + 4}, Qt::Vertical);
            // The state diagram wide enough to read its labels (about a third of 1920 px).
            resizeDocks({m_state_dock}, {std::clamp(width() * 3 / 8, 340, 640)}, Qt::Horizontal);
            resizeDocks({m_inspector_dock, m_log_dock}, {width() * 9 / 20, width() * 11 / 20}, Qt::Horizontal);
        });
    });
}

void MainWindow::createActions() {
    QStyle* s = style();
    auto make = [this](const QString& text, const QIcon& icon, QList<QKeySequence> keys, auto slot) {
        auto* a = new QAction(icon, text, this);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    m_first = make(tr("First"), s->standardIcon(QStyle::SP_MediaSkipBackward), {Qt::Key_Home},
                   [this] { m_session->toStart(); });
    m_first->setToolTip(tr("Back to the start (Home)"));
    m_previous = make(tr("Previous"), s->standardIcon(QStyle::SP_MediaSeekBackward), {Qt::Key_Left, Qt::Key_PageUp},
                      [this] { m_session->previous(); });
    m_previous->setToolTip(tr("Previous step (Left, Page Up)"));
    m_play = make(tr("Play"), s->standardIcon(QStyle::SP_MediaPlay), {Qt::Key_P}, [this] { m_player->toggle(); });
    m_play->setCheckable(true);
    m_play->setToolTip(tr("Play or pause (P)"));
    m_next = make(tr("Next"), s->standardIcon(QStyle::SP_MediaSeekForward),
                  {Qt::Key_Right, Qt::Key_Space, Qt::Key_PageDown}, [this] {
                      // A step in the middle of an animation first finishes it.
                      m_scene->finishAnimation();
                      m_session->next();
                  });
    m_next->setToolTip(tr("Next step (Right, Space, Page Down)"));
    m_last = make(tr("Last"), s->standardIcon(QStyle::SP_MediaSkipForward), {Qt::Key_End},
                  [this] { m_session->toEnd(); });
    m_last->setToolTip(tr("To the end (End)"));

    m_zoom_in = make(tr("Zoom in"), QIcon(), {Qt::Key_Plus, Qt::Key_Equal, QKeySequence::ZoomIn},
                     [this] { m_view->zoomIn(); });
    m_zoom_out = make(tr("Zoom out"), QIcon(), {Qt::Key_Minus, QKeySequence::ZoomOut}, [this] { m_view->zoomOut(); });
    m_zoom_fit = make(tr("Fit width"), QIcon(), {Qt::Key_0, QKeySequence(Qt::CTRL | Qt::Key_0)},
                      [this] { m_view->fitWidth(); });

    m_textbook_names = new QAction(tr("Textbook state names (SYN_SENT)"), this);
    m_textbook_names->setCheckable(true);
    connect(m_textbook_names, &QAction::toggled, this, &MainWindow::setTextbookStateNames);
    m_faded = new QAction(tr("Show later steps faded"), this);
    m_faded->setCheckable(true);
    connect(m_faded, &QAction::toggled, this,
            [this](bool on) { setFutureSteps(on ? FutureSteps::Faded : FutureSteps::Hidden); });
    m_timers = new QAction(tr("Show timers"), this);
    m_timers->setCheckable(true);
    m_timers->setChecked(true);
    connect(m_timers, &QAction::toggled, m_scene, &SequenceDiagramScene::setShowTimers);
    m_show_description = new QAction(tr("Scenario description"), this);
    m_show_description->setCheckable(true);
    m_show_description->setChecked(true);
    connect(m_show_description, &QAction::toggled, m_description, &QWidget::setVisible);

    m_extra_edges = new QAction(tr("Show extra edges"), this);
    m_extra_edges->setCheckable(true);
    m_extra_edges->setToolTip(tr("Also draw the transitions that Figure 5 leaves to its notes and the text"));
    connect(m_extra_edges, &QAction::toggled, this, &MainWindow::setShowExtraEdges);
    m_graph_sides_group = new QActionGroup(this);
    const std::pair<GraphSides, QString> sides[] = {
        {GraphSides::A, tr("A only")}, {GraphSides::B, tr("B only")}, {GraphSides::Both, tr("Both")}};
    for (const auto& [which, text] : sides) {
        QAction* a = m_graph_sides_group->addAction(text);
        a->setCheckable(true);
        a->setData(static_cast<int>(which));
        a->setChecked(which == m_graph_sides);
        connect(a, &QAction::triggered, this, [this, which = which] { setGraphSides(which); });
    }

    m_notation_group = new QActionGroup(this);
    for (core::Notation n : core::kAllNotations) {
        QAction* a = m_notation_group->addAction(notationTitle(n));
        a->setCheckable(true);
        a->setData(static_cast<int>(n));
        a->setChecked(n == m_notation);
        connect(a, &QAction::triggered, this, [this, n] { setNotation(n); });
    }
    m_granularity_group = new QActionGroup(this);
    const std::pair<core::StepGranularity, QString> granularities[] = {
        {core::StepGranularity::Segment, tr("Step by segment")}, {core::StepGranularity::Event, tr("Step by event")}};
    for (const auto& [g, text] : granularities) {
        QAction* a = m_granularity_group->addAction(text);
        a->setCheckable(true);
        a->setData(static_cast<int>(g));
        a->setChecked(g == m_session->granularity());
        connect(a, &QAction::triggered, this, [this, g = g] { setGranularity(g); });
    }
}

FigureStyle MainWindow::figureStyle() const {
    return {.notation = m_notation, .textbookStateNames = m_textbook_names->isChecked()};
}

void MainWindow::exportDiagram() {
    ExportDialog dialog(m_session, figureStyle(), this);
    dialog.exec();
}

void MainWindow::copyDiagram() { copyDiagramToClipboard(*m_session, figureStyle()); }

void MainWindow::createMenus() {
    auto item = [this](QMenu* menu, const QString& text, auto slot, QKeySequence key = {}) {
        auto* a = new QAction(text, menu);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        menu->addAction(a);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    item(file, tr("&Open scenario…"), [this] { openFile(); }, QKeySequence::Open);
    QMenu* builtin = file->addMenu(tr("&Built-in scenarios"));
    const std::string lang = SessionModel::language().toStdString();
    for (const auto& b : core::builtinScenarios()) {
        QString title = QString::fromStdString(b.id);
        try {
            title = QString::fromStdString(core::parseScenario(b.json, b.id).title.in(lang));
        } catch (const core::ScenarioError&) {
        }
        const QString id = QString::fromStdString(b.id);
        item(builtin, title, [this, id] { openScenario(id); });
    }
    item(file, tr("&Simulate again"), [this] { m_session->resimulate(); }, QKeySequence::Refresh);
    file->addSeparator();
    item(file, tr("&Export…"), [this] { exportDiagram(); }, QKeySequence(Qt::CTRL | Qt::Key_E))
        ->setObjectName(QStringLiteral("exportAction"));
    file->addSeparator();
    item(file, tr("&Quit"), [this] { close(); }, QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    item(edit, tr("&Copy diagram"), [this] { copyDiagram(); }, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C))
        ->setObjectName(QStringLiteral("copyDiagramAction"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QMenu* notation = view->addMenu(tr("&Notation"));
    notation->addActions(m_notation_group->actions());
    view->addAction(m_textbook_names);
    view->addAction(m_faded);
    view->addAction(m_timers);
    view->addAction(m_show_description);
    view->addSeparator();
    view->addAction(m_extra_edges);
    QMenu* graph_sides = view->addMenu(tr("State diagram &shows"));
    graph_sides->addActions(m_graph_sides_group->actions());
    view->addSeparator();
    view->addActions({m_zoom_in, m_zoom_out, m_zoom_fit});
    view->addSeparator();
    view->addAction(m_state_dock->toggleViewAction());
    view->addAction(m_inspector_dock->toggleViewAction());
    view->addAction(m_log_dock->toggleViewAction());

    QMenu* play = menuBar()->addMenu(tr("&Playback"));
    play->addActions({m_play, m_first, m_previous, m_next, m_last});
    play->addSeparator();
    play->addActions(m_granularity_group->actions());
}

void MainWindow::createToolBars() {
    QToolBar* bar = addToolBar(tr("Playback"));
    bar->setObjectName(QStringLiteral("PlaybackToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(22, 22));
    bar->addActions({m_first, m_previous, m_play, m_next, m_last});
    bar->addSeparator();

    m_slider = new QSlider(Qt::Horizontal, bar);
    m_slider->setObjectName(QStringLiteral("StepSlider"));
    m_slider->setMinimumWidth(260);
    m_slider->setPageStep(1);
    m_slider->setFocusPolicy(Qt::NoFocus);
    m_slider->setTickPosition(QSlider::TicksBelow);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (v != m_session->cursor()) m_session->setCursor(v);
    });
    bar->addWidget(m_slider);
    m_step_label = new QLabel(bar);
    m_step_label->setObjectName(QStringLiteral("StepLabel"));
    m_step_label->setMinimumWidth(QFontMetrics(m_step_label->font()).horizontalAdvance(tr("Step 0000 / 0000")) + 24);
    m_step_label->setAlignment(Qt::AlignCenter);
    QFont bold = m_step_label->font();
    bold.setBold(true);
    m_step_label->setFont(bold);
    bar->addWidget(m_step_label);
    bar->addSeparator();

    bar->addWidget(new QLabel(tr("Speed "), bar));
    m_speed = new QComboBox(bar);
    m_speed->setObjectName(QStringLiteral("SpeedBox"));
    m_speed->setFocusPolicy(Qt::NoFocus);
    for (double s : kSpeeds) m_speed->addItem(tr("%1×").arg(QLocale().toString(s)), s);
    m_speed->setCurrentIndex(2);
    connect(m_speed, &QComboBox::activated, this, [this](int i) { setSpeed(m_speed->itemData(i).toDouble()); });
    bar->addWidget(m_speed);

    QToolBar* viewBar = addToolBar(tr("View"));
    viewBar->setObjectName(QStringLiteral("ViewToolBar"));
    viewBar->addWidget(new QLabel(tr("Labels "), viewBar));
    m_notation_box = new QComboBox(viewBar);
    m_notation_box->setObjectName(QStringLiteral("NotationBox"));
    m_notation_box->setFocusPolicy(Qt::NoFocus);
    for (core::Notation n : core::kAllNotations) m_notation_box->addItem(notationTitle(n), static_cast<int>(n));
    connect(m_notation_box, &QComboBox::activated, this,
            [this](int i) { setNotation(static_cast<core::Notation>(m_notation_box->itemData(i).toInt())); });
    viewBar->addWidget(m_notation_box);
    m_granularity_box = new QComboBox(viewBar);
    m_granularity_box->setObjectName(QStringLiteral("GranularityBox"));
    m_granularity_box->setFocusPolicy(Qt::NoFocus);
    m_granularity_box->addItem(tr("By segment"), static_cast<int>(core::StepGranularity::Segment));
    m_granularity_box->addItem(tr("By event"), static_cast<int>(core::StepGranularity::Event));
    connect(m_granularity_box, &QComboBox::activated, this, [this](int i) {
        setGranularity(static_cast<core::StepGranularity>(m_granularity_box->itemData(i).toInt()));
    });
    viewBar->addWidget(m_granularity_box);
    viewBar->addSeparator();
    viewBar->addActions({m_zoom_out, m_zoom_fit, m_zoom_in});
}

// --- options -------------------------------------------------------------------------------

void MainWindow::setNotation(core::Notation n) {
    m_notation = n;
    m_scene->setNotation(n);
    m_inspector->setNotation(n);
    m_log->logModel()->setNotation(n);
    for (QAction* a : m_notation_group->actions()) a->setChecked(a->data().toInt() == static_cast<int>(n));
    if (m_notation_box) m_notation_box->setCurrentIndex(m_notation_box->findData(static_cast<int>(n)));
}

void MainWindow::setTextbookStateNames(bool on) {
    m_scene->setTextbookStateNames(on);
    m_graph_scene->setTextbookStateNames(on);
    m_inspector->setTextbookStateNames(on);
    m_log->logModel()->setTextbookStateNames(on);
    if (m_textbook_names->isChecked() != on) m_textbook_names->setChecked(on);
}

void MainWindow::setFutureSteps(FutureSteps f) {
    m_scene->setFutureSteps(f);
    if (m_faded->isChecked() != (f == FutureSteps::Faded)) m_faded->setChecked(f == FutureSteps::Faded);
}

void MainWindow::setGranularity(core::StepGranularity g) {
    m_session->setGranularity(g);
    for (QAction* a : m_granularity_group->actions()) a->setChecked(a->data().toInt() == static_cast<int>(g));
    if (m_granularity_box) m_granularity_box->setCurrentIndex(m_granularity_box->findData(static_cast<int>(g)));
}

void MainWindow::setSpeed(double factor) {
    m_player->setSpeed(factor);
    int best = 0;
    for (int i = 0; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - m_player->speed()) <
            std::abs(m_speed->itemData(best).toDouble() - m_player->speed()))
            best = i;
    m_speed->setCurrentIndex(best);
}

void MainWindow::setShowExtraEdges(bool on) {
    m_graph_scene->setShowExtraEdges(on);
    if (m_extra_edges->isChecked() != on) m_extra_edges->setChecked(on);
}

void MainWindow::setGraphSides(GraphSides sides) {
    m_graph_sides = sides;
    m_graph_scene->setShownSides(sides != GraphSides::B, sides != GraphSides::A);
    for (QAction* a : m_graph_sides_group->actions()) a->setChecked(a->data().toInt() == static_cast<int>(sides));
}

// --- state of the controls -----------------------------------------------------------------

QString MainWindow::stepText() const {
    return tr("Step %1 / %2").arg(m_session->cursor()).arg(m_session->stepCount());
}

void MainWindow::updateStepControls() {
    const int cursor = m_session->cursor(), count = m_session->stepCount();
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, count);
        m_slider->setValue(cursor);
        m_slider->setTickInterval(count > 40 ? count / 20 : 1);
    }
    m_step_label->setText(stepText());
    m_first->setEnabled(cursor > 0);
    m_previous->setEnabled(cursor > 0);
    m_next->setEnabled(cursor < count);
    m_last->setEnabled(cursor < count);
    m_play->setEnabled(count > 0);
    const core::Trace& t = m_session->trace();
    const std::size_t visible = m_session->visibleEvents();
    m_time_label->setText(tr("t = %1").arg(Text::timeText(visible == 0 ? 0 : t.events[visible - 1].time)));
}

void MainWindow::syncStateGraph(int cursor, int previous) {
    ++m_graph_generation;
    const core::Trace& t = m_session->trace();
    const core::StateGraph& g = m_graph_scene->graph();
    const core::EventRange step = m_session->currentStepEvents();
    // Only what the sequence diagram animates: one step forward.
    const bool animate = cursor == previous + 1 && m_scene->isAnimating();
    const std::size_t shown = animate ? step.begin : m_session->visibleEvents();

    m_graph_visited = g.edgesTaken(t, shown);
    m_graph_scene->finishAnimations();
    const std::array<core::State, 2> before = t.statesAfter(shown);
    m_graph_scene->setCurrentStates(before[0], before[1]);
    m_graph_scene->setVisitedEdges(m_graph_visited);
    if (!animate) return;

    // Each state change of the step travels its edge while its box fades in on the diagram.
    struct Move {
        core::Side side;
        core::StateGraph::EdgeId edge;
        SequenceDiagramScene::Reveal when;
    };
    std::vector<Move> moves;
    for (std::size_t i = step.begin; i < step.end; ++i) {
        const core::Event& e = t.events[i];
        if (e.kind != core::EventKind::State) continue;
        const auto edge = g.findEdge(e.from, e.to, e.cause);
        const auto when = m_scene->revealOf(i);
        if (!edge || !when) {  // nothing to animate along: show where the step ends
            syncStateGraph(cursor, cursor);
            return;
        }
        moves.push_back({e.endpoint, *edge, *when});
    }
    // A side that changes state twice at once takes its edges one after the other.
    std::vector<Move> timed = moves;
    for (std::size_t i = 0; i < moves.size(); ++i) {
        int n = 0, k = 0;
        for (std::size_t j = 0; j < moves.size(); ++j) {
            if (moves[j].side != moves[i].side || moves[j].when.delay_ms != moves[i].when.delay_ms) continue;
            if (j < i) ++k;
            ++n;
        }
        const int part = moves[i].when.duration_ms / n;
        timed[i].when = {moves[i].when.delay_ms + k * part, part};
    }
    const unsigned generation = m_graph_generation;
    for (const Move& m : timed) {
        QTimer::singleShot(m.when.delay_ms, m_graph_scene, [this, generation, m] {
            if (generation != m_graph_generation) return;
            m_graph_visited.push_back(m.edge);
            m_graph_scene->setVisitedEdges(m_graph_visited);
            m_graph_scene->animateTransition(m.side, m.edge, m.when.duration_ms);
        });
    }
}

void MainWindow::updateScenarioText() {
    const QString description = m_session->description();
    m_description->setText(description.isEmpty() ? m_session->title() : description);
    statusBar()->showMessage(m_session->title());
}

void MainWindow::openFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), QString(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty()) openScenario(path);
}

// --- settings ------------------------------------------------------------------------------

void MainWindow::readSettings() {
    QSettings s;
    if (const QByteArray g = s.value(QStringLiteral("window/geometry")).toByteArray(); !g.isEmpty()) restoreGeometry(g);
    if (const QByteArray st = s.value(QStringLiteral("window/state")).toByteArray(); !st.isEmpty())
        m_state_restored = restoreState(st);
    if (auto n = core::notationFromName(s.value(QStringLiteral("view/notation")).toString().toStdString())) setNotation(*n);
    setTextbookStateNames(s.value(QStringLiteral("view/textbookStateNames"), false).toBool());
    setFutureSteps(s.value(QStringLiteral("view/fadeLaterSteps"), false).toBool() ? FutureSteps::Faded : FutureSteps::Hidden);
    m_timers->setChecked(s.value(QStringLiteral("view/showTimers"), true).toBool());
    m_show_description->setChecked(s.value(QStringLiteral("view/showDescription"), true).toBool());
    setGranularity(s.value(QStringLiteral("playback/byEvent"), false).toBool() ? core::StepGranularity::Event
                                                                              : core::StepGranularity::Segment);
    setSpeed(s.value(QStringLiteral("playback/speed"), 1.0).toDouble());
    setShowExtraEdges(s.value(QStringLiteral("view/showExtraEdges"), false).toBool());
    const QString sides = s.value(QStringLiteral("view/stateDiagramSides")).toString();
    setGraphSides(sides == QLatin1String("A")   ? GraphSides::A
                  : sides == QLatin1String("B") ? GraphSides::B
                                                : GraphSides::Both);
}

void MainWindow::writeSettings() const {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("view/notation"), QString::fromLatin1(core::notationName(m_notation).data(),
                                                                   static_cast<int>(core::notationName(m_notation).size())));
    s.setValue(QStringLiteral("view/textbookStateNames"), m_textbook_names->isChecked());
    s.setValue(QStringLiteral("view/fadeLaterSteps"), m_faded->isChecked());
    s.setValue(QStringLiteral("view/showTimers"), m_timers->isChecked());
    s.setValue(QStringLiteral("view/showDescription"), m_show_description->isChecked());
    s.setValue(QStringLiteral("playback/byEvent"), m_session->granularity() == core::StepGranularity::Event);
    s.setValue(QStringLiteral("playback/speed"), m_player->speed());
    s.setValue(QStringLiteral("view/showExtraEdges"), m_extra_edges->isChecked());
    s.setValue(QStringLiteral("view/stateDiagramSides"), m_graph_sides == GraphSides::A   ? QStringLiteral("A")
                                                         : m_graph_sides == GraphSides::B ? QStringLiteral("B")
                                                                                          : QStringLiteral("both"));
}

void MainWindow::closeEvent(QCloseEvent* e) {
    m_player->pause();
    writeSettings();
    QMainWindow::closeEvent(e);
}

}  // namespace tcpviz::ui
