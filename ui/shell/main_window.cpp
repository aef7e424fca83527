#include "ui/shell/main_window.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QEvent>
#include <QDir>
#include <QStandardPaths>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <tuple>
#include <utility>
#include <vector>

#include "ui/shell/description_bar.h"
#include "ui/shell/step_caption.h"
#include "ui/views/congestion_plot.h"
#include "ui/views/host_chart.h"
#include "ui/views/side_by_side.h"
#include "ui/panels/quiz_panel.h"
#include "ui/panels/course_panel.h"
#include "ui/views/diagram_style.h"
#include "ui/panels/event_log.h"
#include "ui/panels/key_panel.h"
#include "ui/export/export_dialog.h"
#include "ui/export/exporter.h"
#include "ui/shell/language.h"
#include "ui/panels/link_panel.h"
#include "ui/session/player.h"
#include "ui/panels/scenario_browser.h"
#include "ui/panels/capacity_panel.h"
#include "core/capture/to_lesson.h"
#include "ui/panels/capture_panel.h"
#include "ui/panels/sockets_panel.h"
#include "ui/session/lesson_dialog.h"
#include "ui/session/live_demo.h"
#include "ui/session/scenario_editor.h"
#include "ui/panels/segment_inspector.h"
#include "ui/views/sequence_diagram.h"
#include "ui/views/sequence_plot.h"
#include "ui/session/session_model.h"
#include "ui/views/state_graph_view.h"
#include "ui/shell/text.h"
#include "ui/shell/theme.h"
#include "ui/panels/what_if_menu.h"

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
// View → Text size, in per cent.
constexpr int kTextSizes[] = {100, 125, 150};
// A group of checkable actions, one per value (its data: `data(value)`), the one whose data is
// `current` checked; triggering one calls `choose(value)`. Texts are set by retranslateUi().
template <typename Values, typename Data, typename Choose>
QActionGroup* choiceGroup(QObject* parent, const Values& values, Data data, const QVariant& current, Choose choose) {
    auto* group = new QActionGroup(parent);
    for (const auto& v : values) {
        QAction* a = group->addAction(QString());
        a->setCheckable(true);
        a->setData(data(v));
        a->setChecked(a->data() == current);
        QObject::connect(a, &QAction::triggered, parent, [choose, v] { choose(v); });
    }
    return group;
}
template <typename T, typename Data, typename Choose>
QActionGroup* choiceGroup(QObject* parent, std::initializer_list<T> values, Data data, const QVariant& current,
                          Choose choose) {
    return choiceGroup<std::initializer_list<T>>(parent, values, data, current, choose);
}

// Checks the action of `group` whose data is `value` (the group is exclusive).
void checkChoice(QActionGroup* group, const QVariant& value) {
    for (QAction* a : group->actions())
        if (a->data() == value) a->setChecked(true);
}

constexpr int kRecentFiles = 8;
const QString kRecentKey = QStringLiteral("files/recent");
const QString kLastScenarioKey = QStringLiteral("session/last");


// The scenario's description above the diagram: a quiet band in the theme's colours.
QString descriptionStyle() {
    const style::DiagramColors& c = style::colors();
    const QColor band = c.dark ? c.paper.lighter(125) : QColor(0xF4, 0xF7, 0xFA);
    return QStringLiteral("QLabel { background: %1; color: %2; border-bottom: 1px solid %3; }")
        .arg(band.name(), c.ink.name(), c.faint.name());
}

}  // namespace

bool isCompactScreen(QSize available) {
    return available.width() < kCompactBelow.width() || available.height() < kCompactBelow.height();
}

// The docks and the window's size are kept apart for the two layouts: a layout saved on the
// large screen of a teacher's office would leave a projector's diagram a strip.
QString MainWindow::layoutStateKey() const {
    return m_compact ? QStringLiteral("window/compactState") : QStringLiteral("window/state");
}

QString MainWindow::layoutGeometryKey() const {
    return m_compact ? QStringLiteral("window/compactGeometry") : QStringLiteral("window/geometry");
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_session(new SessionModel(this)),
      m_scene(new SequenceDiagramScene(m_session, this)),
      m_view(new SequenceDiagramView(m_scene)),
      m_player(new Player(m_session, m_scene, this)),
      m_theme(Themes::current()) {
    m_editor = new ScenarioEditor(m_session, this);
    m_player->setStepForward([this] { stepForward(); });
    m_what_if = new WhatIfMenus(m_editor, m_session, this);
    setObjectName(QStringLiteral("MainWindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks);
    setAcceptDrops(true);
    if (const QScreen* sc = screen()) m_compact = isCompactScreen(sc->availableGeometry().size());

    // The centre: what the scenario is about, and the diagram.
    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_description = new DescriptionBar(centre);
    m_description->setObjectName(QStringLiteral("ScenarioDescription"));
    m_description->setContentsMargins(14, 8, 14, 8);
    m_description->setStyleSheet(descriptionStyle());
    layout->addWidget(m_description);
    // The diagram, and for a lesson that compares ways of making one request, its runs side by
    // side in a second tab (the tabs show only then).
    m_centre_tabs = new QTabWidget(centre);
    m_centre_tabs->setObjectName(QStringLiteral("CentreTabs"));
    m_centre_tabs->setDocumentMode(true);
    m_centre_tabs->addTab(m_view, QString());
    m_side_by_side = new SideBySideView(m_session);
    m_centre_tabs->addTab(m_side_by_side, QString());
    m_centre_tabs->tabBar()->setVisible(m_side_by_side->hasRuns());
    connect(m_side_by_side, &SideBySideView::runsChanged, this, [this](bool has) {
        m_centre_tabs->tabBar()->setVisible(has);
        if (!has) m_centre_tabs->setCurrentIndex(0);
    });
    connect(m_centre_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        // The runs want the height: the lesson's words in two lines above them; presenting, the
        // whole screen (the state diagram is the sequence diagram's companion).
        m_description->setMaxLines(tab == 1 || m_compact ? 2 : 0);
        if (m_presenting) m_state_dock->setVisible(tab == 0);
    });
    layout->addWidget(m_centre_tabs, 1);
    setCentralWidget(centre);
    m_caption = new StepCaption(m_session, m_view);
    m_scene->setGeometry(m_compact ? DiagramGeometry::SmallScreen : DiagramGeometry::Screen);

    if (m_compact) m_description->setMaxLines(2);
    createDocks();
    createActions();
    createMenus();
    createToolBars();
    m_time_label = new QLabel(this);
    // Shown only when a re-simulation takes long enough to notice (SessionModel::busyChanged).
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("BusyIndicator"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(160);
    m_busy->setTextVisible(false);
    m_busy->hide();
    statusBar()->addPermanentWidget(m_busy);
    // A file opening in the background (openInBackground): its progress and a way to stop it.
    m_open_label = new QLabel(this);
    m_open_label->setObjectName(QStringLiteral("OpeningLabel"));
    m_open_progress = new QProgressBar(this);
    m_open_progress->setObjectName(QStringLiteral("OpeningProgress"));
    m_open_progress->setMaximumWidth(140);
    m_open_progress->setTextVisible(false);
    m_open_cancel = new QToolButton(this);
    m_open_cancel->setObjectName(QStringLiteral("OpeningCancel"));
    m_open_cancel->setDefaultAction(m_cancel_open);
    m_open_cancel->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QWidget* w : std::initializer_list<QWidget*>{m_open_label, m_open_progress, m_open_cancel}) {
        w->hide();
        statusBar()->addPermanentWidget(w);
    }
    m_open_timer = new QTimer(this);
    m_open_timer->setInterval(100);
    connect(m_open_timer, &QTimer::timeout, this, &MainWindow::updateOpening);
    statusBar()->addPermanentWidget(m_time_label);
    retranslateUi();

    connect(m_session, &SessionModel::cursorChanged, this, &MainWindow::updateStepControls);
    // After the sequence diagram's own handler (connected when it was made), so that it already
    // knows whether, and when, it animates the step.
    connect(m_session, &SessionModel::cursorChanged, this, &MainWindow::syncStateGraph);
    connect(m_session, &SessionModel::granularityChanged, this, &MainWindow::updateStepControls);
    connect(m_session, &SessionModel::traceChanged, this, &MainWindow::onTraceChanged);
    connect(m_session, &SessionModel::busyChanged, m_busy, &QWidget::setVisible);
    connect(m_session, &SessionModel::simulationFailed, this,
            [this](const QString& why) { statusBar()->showMessage(why, 8000); });
    m_scene->setBackgroundLayout(true);
    connect(m_scene, &SequenceDiagramScene::layingOutChanged, this, &MainWindow::updateOpening);
    connect(m_session, &SessionModel::opened, this, [this](const QString& spec, const QString& note) {
        updateOpening();
        adoptOpened(spec);
        const bool live = isLiveCapture(spec);
        // The live capture is shown at its newest frame.
        if (live) m_session->toEnd();
        if (!note.isEmpty()) statusBar()->showMessage(note, 10000);
        Q_EMIT openFinished(true, QString());
        // More came meanwhile: open them too.
        if (live && m_live_pending) followLiveDemo();
    });
    connect(m_session, &SessionModel::openFailed, this,
            [this](const QString& spec, SessionModel::LoadStatus, const QString& error) {
                updateOpening();
                if (isLiveCapture(spec)) {
                    statusBar()->showMessage(error, 8000);
                    return;
                }
                QMessageBox::critical(this, tr("Cannot open the scenario"), error);
                Q_EMIT openFinished(false, error);
            });
    connect(m_session, &SessionModel::openCancelled, this, [this](const QString& spec) {
        updateOpening();
        statusBar()->showMessage(tr("Stopped opening %1; the lesson shown is unchanged.")
                                     .arg(QDir::toNativeSeparators(spec)), 8000);
        Q_EMIT openFinished(false, QString());
    });
    connect(m_editor->undoStack(), &QUndoStack::cleanChanged, this, [this](bool clean) { setWindowModified(!clean); });
    connect(m_editor->undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateUndoTexts);
    // An edit made while a file opens would be lost when the file arrives, unasked: the edit wins.
    connect(m_editor->undoStack(), &QUndoStack::indexChanged, this, [this] {
        if (m_session->isOpening()) cancelOpening();
    });
    // What if…? Right-click an arrow or a lifeline.
    connect(m_view, &SequenceDiagramView::segmentContextMenuRequested, this, [this](std::uint64_t id, QPoint at) {
        if (editable()) m_what_if->segmentMenu(id)->popup(at);
    });
    connect(m_view, &SequenceDiagramView::lifelineContextMenuRequested, this,
            [this](core::Side side, double at_ms, QPoint at) {
                if (editable()) m_what_if->lifelineMenu(side, at_ms)->popup(at);
            });
    connect(m_browser, &ScenarioBrowser::openRequested, this, [this](const QString& id) { openScenario(id); });
    connect(m_link_panel, &LinkPanel::linkEdited, this,
            [this](const LinkPair& link, std::uint64_t seed, int field) { m_editor->setLink(link, seed, field); });
    connect(m_player, &Player::playingChanged, this, [this](bool playing) {
        m_play->setText(playing ? tr("Pause") : tr("Play"));
        updateToolIcons();   // Play becomes Pause
        m_play->setChecked(playing);
    });

    // First start: the whole of a small screen, most of a large one, never more than the screen
    // (the saved geometry replaces this later).
    if (const QScreen* sc = screen()) {
        const QRect room = sc->availableGeometry();
        if (m_compact) {
            setGeometry(room);
            setWindowState(Qt::WindowMaximized);
        } else {
            const QSize size = (room.size() * 0.92).boundedTo(QSize(1920, 1200));
            setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, room));
        }
    } else {
        resize(1280, 800);
    }
    readSettings();
    updateStepControls();
    updateScenarioText();
    syncStateGraph(m_session->cursor(), m_session->cursor());
}

MainWindow::~MainWindow() {
    // Children signal as they go (the undo stack as it clears): none of it may reach this
    // half-destroyed window or the editor deleted next.
    for (QObject* sender : std::initializer_list<QObject*>{m_editor->undoStack(), m_link_panel, m_browser, m_view,
                                                           m_session, m_player})
        sender->disconnect(this);
    delete m_what_if;
    delete m_editor;
    // The views go before the session they show.
    m_player->pause();
    delete centralWidget();
    for (QDockWidget* dock : {m_state_dock, m_inspector_dock, m_log_dock, m_plots_dock, m_key_dock, m_host_dock,
                              m_sockets_dock, m_capacity_dock, m_capture_dock})
        delete dock;
    delete m_graph_scene;
    delete m_player;
    delete m_scene;
}

bool MainWindow::openScenario(const QString& spec) {
    if (!maybeSave()) return false;
    if (!isBuiltinScenario(spec) || isHostLesson(spec)) {
        openInBackground(spec);
        return true;
    }
    QString error;
    if (loadScenario(spec, &error) == Opened::Yes) return true;
    QMessageBox::critical(this, tr("Cannot open the scenario"), error);
    return false;
}

MainWindow::Opened MainWindow::loadScenario(const QString& spec, QString* error) {
    QString note;
    switch (m_session->load(spec, error, &note)) {
        case SessionModel::LoadStatus::Loaded: break;
        case SessionModel::LoadStatus::Unknown: return Opened::Unknown;
        case SessionModel::LoadStatus::Invalid: return Opened::Invalid;
    }
    adoptOpened(spec);
    if (!note.isEmpty()) statusBar()->showMessage(note, 10000);
    return Opened::Yes;
}

void MainWindow::adoptOpened(const QString& spec) {
    m_editor->reset();
    setWindowModified(false);
    // A built-in id stays an id; anything else was a file.
    if (isBuiltinScenario(spec)) {
        m_file_path.clear();
    } else {
        m_file_path = QFileInfo(spec).absoluteFilePath();
        // The live demo's capture is opened again at every frame: it is no recent file.
        if (!isLiveCapture(spec)) addRecentFile(m_file_path);
    }
    updateScenarioText();
}

void MainWindow::startInteropDemo(std::chrono::milliseconds pace) {
    if (!m_live) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        QDir().mkpath(dir);
        m_live = new LiveDemo(QDir(dir).filePath(QStringLiteral("interop-demo.pcapng")), this);
        connect(m_live, &LiveDemo::captureChanged, this, &MainWindow::followLiveDemo);
        connect(m_live, &LiveDemo::finished, this, [this](const QString& error, bool unavailable) {
            if (error.isEmpty()) {
                statusBar()->showMessage(
                    tr("The live connection has ended. Its frames are kept in %1, for tcpviz or Wireshark.")
                        .arg(QDir::toNativeSeparators(m_live->capturePath())));
                return;
            }
            const QString why = unavailable ? tr("The live connection needs root and /dev/net/tun: it makes a network "
                                                 "namespace of its own and a TUN device in it. Run tcpviz --interop-demo "
                                                 "as root.")
                                           : tr("The live connection stopped.");
            statusBar()->clearMessage();
            // Shown without waiting for it: the demo's end is news, not a question.
            auto* box = new QMessageBox(QMessageBox::Critical, tr("Live connection"),
                                        why + QStringLiteral("\n\n") + error, QMessageBox::Ok, this);
            box->setObjectName(QStringLiteral("liveDemoErrorBox"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        });
    }
    if (m_live->isRunning()) return;
    statusBar()->showMessage(tr("Live: tcpviz's engine (192.0.2.1) connects to this computer's Linux kernel "
                                "(198.51.100.7) through a TUN device…"));
    m_live->start(pace);
}

bool MainWindow::isLiveCapture(const QString& spec) const { return m_live && spec == m_live->capturePath(); }

void MainWindow::followLiveDemo() {
    if (m_session->isOpening()) {
        m_live_pending = true;
        return;
    }
    m_live_pending = false;
    m_session->open(m_live->capturePath());
}

void MainWindow::openInBackground(const QString& spec) {
    m_session->open(spec);
    updateOpening();
}

void MainWindow::cancelOpening() { m_session->cancelOpen(); }

QString MainWindow::openingText() const {
    if (m_session->isOpening()) {
        const QString name = QFileInfo(m_session->openingSpec()).fileName();
        const SessionModel::OpenProgress p = m_session->openProgress();
        switch (p.phase) {
            case SessionModel::OpenPhase::Reading:
                // A capture counts its packets as it reads them.
                if (p.events > 0)
                    return tr("Opening %1: reading the capture, %2 packets so far…")
                        .arg(name, QLocale().toString(static_cast<qulonglong>(p.events)));
                return tr("Opening %1: reading the file…").arg(name);
            case SessionModel::OpenPhase::Simulating:
                // A lesson of hosts counts no events as it goes.
                if (p.events == 0) return tr("Opening %1: simulating…").arg(name);
                return tr("Opening %1: simulating, %2 events so far…")
                    .arg(name, QLocale().toString(static_cast<qulonglong>(p.events)));
            case SessionModel::OpenPhase::Preparing: return tr("Opening %1: preparing the steps…").arg(name);
        }
    }
    if (m_scene->isLayingOut()) {
        const SequenceDiagramScene::LayoutProgress p = m_scene->layoutProgress();
        if (p.total == 0) return tr("Laying out the diagram…");
        return tr("Placing the labels: %1 of %2…")
            .arg(QLocale().toString(static_cast<qulonglong>(p.placed)), QLocale().toString(static_cast<qulonglong>(p.total)));
    }
    return {};
}

void MainWindow::updateOpening() {
    const bool opening = m_session->isOpening();
    const bool busy = opening || m_scene->isLayingOut();
    m_open_label->setVisible(busy);
    m_open_progress->setVisible(busy);
    m_open_cancel->setVisible(opening);
    m_cancel_open->setEnabled(opening && !m_presenting);   // while presenting, Esc is the other action's
    if (!busy) {
        m_open_timer->stop();
        return;
    }
    if (!m_open_timer->isActive()) m_open_timer->start();
    m_open_label->setText(openingText());
    // While simulating, the event limit is the most a run can take: progress towards it is a
    // bound, not a forecast.
    std::uint64_t done = 0, total = 0;
    if (opening) {
        const SessionModel::OpenProgress p = m_session->openProgress();
        if (p.phase == SessionModel::OpenPhase::Simulating) std::tie(done, total) = std::pair(p.events, p.max_events);
    } else {
        const SequenceDiagramScene::LayoutProgress p = m_scene->layoutProgress();
        std::tie(done, total) = std::pair<std::uint64_t, std::uint64_t>(p.placed, p.total);
    }
    if (total > 0) {
        m_open_progress->setRange(0, 1000);
        m_open_progress->setValue(static_cast<int>(std::min<std::uint64_t>(1000, done * 1000 / total)));
    } else {
        m_open_progress->setRange(0, 0);
    }
}

void MainWindow::onTraceChanged() {
    updateStepControls();
    updateScenarioText();
    updateHostDocks();
    const core::Scenario& sc = m_session->scenario();
    m_link_panel->setEndpointNames(Text::endpointName(m_session->trace().endpoints[0]),
                                   Text::endpointName(m_session->trace().endpoints[1]));
    m_link_panel->setLink(sc.link, sc.seed);
}

// --- files ---------------------------------------------------------------------------------

bool MainWindow::maybeSave() {
    if (!m_editor->isModified()) return true;
    const QMessageBox::StandardButton answer =
        m_unsaved_prompt ? m_unsaved_prompt()
                         : QMessageBox::warning(this, tr("Unsaved changes"),
                                                tr("“%1” has changes that are not saved. Save them first?")
                                                    .arg(m_session->title()),
                                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                                QMessageBox::Save);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::save() {
    if (m_session->capture()) return false;   // never written over a capture file
    return m_file_path.isEmpty() ? saveAs() : saveTo(m_file_path);
}

bool MainWindow::saveAs() {
    const QString suggested = m_file_path.isEmpty()
                                  ? QDir::home().filePath(QString::fromStdString(m_session->scenario().id) + QStringLiteral(".json"))
                                  : m_file_path;
    QString path = QFileDialog::getSaveFileName(this, tr("Save the scenario"), suggested,
                                                tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    return saveTo(path);
}

bool MainWindow::saveTo(const QString& path) {
    // The scenario as it will be once the last edit has simulated.
    const std::string json = core::scenarioToJson(m_session->latestScenario());
    // All of it or nothing (writeFile): a crash or a full disk leaves the old file as it was,
    // and then the edits stay unsaved.
    QString error;
    if (!writeFile(path, json, &error)) {
        QMessageBox::critical(this, tr("Cannot save the scenario"),
                              error + QStringLiteral("\n\n") +
                                  tr("Nothing on the disk was changed; the edits are still here, not saved."));
        return false;
    }
    m_file_path = QFileInfo(path).absoluteFilePath();
    m_editor->markSaved();
    setWindowModified(false);
    addRecentFile(m_file_path);
    updateScenarioText();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_file_path)), 5000);
    return true;
}

QStringList MainWindow::recentFiles() const { return QSettings().value(kRecentKey).toStringList(); }

void MainWindow::addRecentFile(const QString& path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kRecentFiles) files.removeLast();
    QSettings().setValue(kRecentKey, files);
    if (m_recent_menu) fillRecentMenu();
}

void MainWindow::fillRecentMenu() {
    m_recent_menu->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        QAction* a = m_recent_menu->addAction(
            tr("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        a->setToolTip(QDir::toNativeSeparators(path));
        a->setStatusTip(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] {
            if (!QFileInfo::exists(path)) {
                QMessageBox::warning(this, tr("Cannot open the scenario"),
                                     tr("“%1” is not there any more.").arg(QDir::toNativeSeparators(path)));
                QStringList files = recentFiles();
                files.removeAll(path);
                QSettings().setValue(kRecentKey, files);
                fillRecentMenu();
                return;
            }
            openScenario(path);
        });
    }
    if (files.isEmpty()) m_recent_menu->addAction(tr("No recent files"))->setEnabled(false);
    m_recent_menu->addSeparator();
    connect(m_recent_menu->addAction(tr("Clear the list")), &QAction::triggered, this, [this] {
        QSettings().remove(kRecentKey);
        fillRecentMenu();
    });
}

// --- what if -------------------------------------------------------------------------------

bool MainWindow::editable() {
    if (m_session->isEditable()) return true;
    if (m_session->capture()) {
        statusBar()->showMessage(tr("What-if editing is off for a capture: it shows what happened (pick another "
                                    "connection in the Connections dock)."),
                                 8000);
        return false;
    }
    statusBar()->showMessage(tr("What-if editing works on lessons of two endpoints; a lesson of hosts is shown as it "
                                "is (pick another connection in the Sockets dock)."),
                             8000);
    return false;
}

void MainWindow::updateHostDocks() {
    // The host chart and the sockets dock belong to lessons of hosts; what edits a lesson of two
    // endpoints does not apply to them.
    const bool hosts = m_session->hosts() != nullptr;
    if (m_session->scenarioNumber() != m_host_docks_for) {
        m_host_docks_for = m_session->scenarioNumber();
        if (hosts && !m_presenting) {
            m_host_dock->show();
            m_sockets_dock->show();
            m_capacity_dock->show();
            // Where the two share a tab group (a small screen), the chart comes first.
            m_sockets_dock->raise();
            m_host_dock->raise();
        } else if (!hosts) {
            m_host_dock->hide();
            m_sockets_dock->hide();
            m_capacity_dock->hide();
        }
        // A capture's connections, where the inspector and the log are.
        const bool captured = m_session->capture() != nullptr;
        m_capture_dock->setVisible(captured && !m_presenting);
        if (captured && !m_presenting) m_capture_dock->raise();
    }
    // A capture, as a lesson of hosts, is shown as it is: nothing to edit, simulate or save.
    const bool fixed = !m_session->isEditable();
    for (QAction* a : {m_edit_lesson, m_swap_sides, m_drop_next, m_resimulate, m_save, m_save_as}) a->setEnabled(!fixed);
    m_link_panel->setEnabled(!fixed);
    m_turn_into_lesson->setEnabled(m_session->capture() != nullptr);
}

void MainWindow::editLesson(std::function<bool(LessonDialog&)> answer) {
    if (!m_session->hasScenario() || !editable()) return;
    LessonDialog dialog(m_session->scenario(), SessionModel::language(), this);
    const bool ok = answer ? answer(dialog) : dialog.exec() == QDialog::Accepted;
    if (!ok) return;
    core::Scenario edited = dialog.edited();
    if (edited == m_session->scenario()) return;
    m_editor->replaceScenario(std::move(edited), tr("Edit the lesson"));
}

void MainWindow::turnIntoLesson() {
    if (!m_session->capture() || !maybeSave()) return;
    core::Scenario lesson = core::lessonOfCapture(m_session->trace());
    m_session->setScenario(std::move(lesson));
    // A new lesson, not yet saved anywhere: Save asks where (never over the capture).
    m_editor->reset();
    m_file_path.clear();
    setWindowModified(false);
    updateScenarioText();
    statusBar()->showMessage(tr("A lesson made from the capture: change it, drop a segment, or save it (File → Save As)."),
                             10000);
}

void MainWindow::swapSides() {
    if (!m_session->hasScenario() || !editable()) return;
    m_editor->replaceScenario(core::withSidesSwapped(m_session->latestScenario()), tr("Swap the two sides"));
}

bool MainWindow::dropNextSegment() {
    if (m_session->atEnd() || m_session->isSimulating() || !editable()) return false;
    // A step in the middle of an animation first finishes it.
    m_scene->finishAnimation();
    // The segment the next step would deliver: lose it instead, then show that step (and, if
    // the lesson was playing, play on from there).
    const core::Trace& t = m_session->trace();
    const core::EventRange next = m_session->steps().events(static_cast<std::size_t>(m_session->cursor() + 1));
    for (std::size_t i = next.begin; i < next.end; ++i) {
        const core::Event& e = t.events[i];
        if (e.kind != core::EventKind::Arrive || e.copy != 0) continue;
        const bool playing = m_player->isPlaying();
        if (!m_editor->dropSegment(e.segment)) return false;
        connect(
            m_session, &SessionModel::traceChanged, this,
            [this, playing] {
                stepForward();
                if (playing) m_player->play();
            },
            Qt::SingleShotConnection);
        return true;
    }
    return false;
}

void MainWindow::stepForward() {
    // In quiz mode, a question at the cursor is answered (or skipped) before its step is played;
    // presenting, the teacher's next step reveals its answer.
    if (m_quiz_panel->isPending() && m_presenting) {
        m_quiz_panel->reveal();
        return;
    }
    if (m_quiz_panel->isPending()) {
        if (m_player->isPlaying()) m_player->pause();
        m_quiz_dock->show();
        m_quiz_dock->raise();
        statusBar()->showMessage(tr("Answer first: click a choice or press 1–4 (or skip it)"), 4000);
        return;
    }
    // A step in the middle of an animation first finishes it.
    m_scene->finishAnimation();
    m_session->next();
}

bool MainWindow::isQuizMode() const { return m_quiz_panel->isActive(); }

void MainWindow::fitQuizDock() {
    // Room for the question and its four choices: about half the column it shares with the
    // state diagram, more while presenting (the words are larger), once the dock has its place.
    if (m_compact && !m_presenting) return;   // a tab of its own there
    QTimer::singleShot(0, this, [this] {
        if (!m_quiz_dock->isVisible() || m_quiz_dock->isFloating() || !m_state_dock->isVisible()) return;
        const int column = m_state_dock->height() + m_quiz_dock->height();
        const int quiz = m_presenting ? column * 3 / 5
                                      : std::min(column * 3 / 5, std::max(column / 2, m_quiz_panel->sizeHint().height() + 30));
        resizeDocks({m_state_dock, m_quiz_dock}, {column - quiz, quiz}, Qt::Vertical);
    });
}

void MainWindow::setQuizMode(bool on) {
    if (on == m_quiz_panel->isActive()) return;
    if (on) {
        // Nothing of later steps in sight, and steps of a segment each, which the questions fit.
        m_quiz_saved_faded = m_faded->isChecked();
        m_quiz_saved_granularity = m_session->granularity();
        m_faded->setChecked(false);
        setGranularity(core::StepGranularity::Segment);
    }
    m_quiz_panel->setActive(on);
    m_faded->setEnabled(!on);
    for (QAction* a : m_granularity_group->actions()) a->setEnabled(!on);
    if (m_granularity_box) m_granularity_box->setEnabled(!on);
    for (QAction* a : m_quiz_answers) a->setEnabled(on);
    m_quiz_dock->setVisible(on);
    if (on) {
        m_quiz_dock->raise();
        // Presenting, without the dock's title and buttons, as the state diagram is.
        if (m_presenting && !m_quiz_dock->titleBarWidget()) m_quiz_dock->setTitleBarWidget(new QWidget(m_quiz_dock));
        fitQuizDock();
    }
    if (!on) {
        m_faded->setChecked(m_quiz_saved_faded);
        setGranularity(m_quiz_saved_granularity);
    }
    if (m_quiz->isChecked() != on) m_quiz->setChecked(on);
}

void MainWindow::updateUndoTexts() {
    const QUndoStack* stack = m_editor->undoStack();
    m_undo->setEnabled(stack->canUndo());
    m_redo->setEnabled(stack->canRedo());
    m_undo->setText(stack->canUndo() ? tr("&Undo: %1").arg(stack->undoText()) : tr("&Undo"));
    m_redo->setText(stack->canRedo() ? tr("&Redo: %1").arg(stack->redoText()) : tr("&Redo"));
}

// --- building the window -------------------------------------------------------------------

void MainWindow::createDocks() {
    // RFC 9293 Figure 5 with each endpoint's state at the cursor (syncStateGraph()).
    m_state_dock = new QDockWidget(tr("State diagram"), this);
    m_state_dock->setObjectName(QStringLiteral("StateDiagramDock"));
    m_graph_scene = new StateGraphScene(this);
    m_graph_view = new StateGraphView(m_graph_scene, m_state_dock);
    m_graph_view->setObjectName(QStringLiteral("StateGraphView"));
    m_graph_view->setMinimumWidth(m_compact ? 260 : 340);
    m_state_dock->setWidget(m_graph_view);

    m_inspector = new SegmentInspector(m_session);
    m_inspector_dock = new QDockWidget(tr("Segment inspector"), this);
    m_inspector_dock->setObjectName(QStringLiteral("InspectorDock"));
    // Its header figure and its table are taller than a third of a 1080p window, and wider than
    // a small screen's dock column: it scrolls rather than squeeze the diagram.
    setDockContent(m_inspector_dock, m_inspector, true);

    m_log = new EventLogView(m_session);
    m_log_dock = new QDockWidget(tr("Event log"), this);
    m_log_dock->setObjectName(QStringLiteral("EventLogDock"));
    m_log_dock->setWidget(m_log);

    // The plots, a tab beside the event log: wide and low suits a time axis.
    m_plots_dock = new QDockWidget(tr("Plots"), this);
    m_plots_dock->setObjectName(QStringLiteral("PlotsDock"));
    m_plot_tabs = new QTabWidget(m_plots_dock);
    m_plot_tabs->setObjectName(QStringLiteral("PlotTabs"));
    m_plot_tabs->setDocumentMode(true);
    m_cwnd_plot = new CongestionPlot(m_session);
    m_tsg_plot = new SequencePlot(m_session);
    m_plot_tabs->addTab(m_cwnd_plot, QString());
    m_plot_tabs->addTab(m_tsg_plot, QString());
    m_plots_dock->setWidget(m_plot_tabs);

    // The key to the marks, as under an exported figure.
    m_key = new KeyPanel(m_session, m_scene);
    m_key_dock = new QDockWidget(this);
    m_key_dock->setObjectName(QStringLiteral("KeyDock"));
    m_key_dock->setWidget(m_key);
    // View → Plots brings the tab to the front.
    connect(m_plots_dock->toggleViewAction(), &QAction::triggered, this, [this](bool on) {
        if (on) m_plots_dock->raise();
    });

    // A lesson of hosts: its sockets per state over time, and the sockets at the cursor (shown
    // only while such a lesson is open).
    m_host_chart = new HostChart(m_session);
    m_host_dock = new QDockWidget(this);
    m_host_dock->setObjectName(QStringLiteral("HostChartDock"));
    m_host_dock->setWidget(m_host_chart);
    m_sockets = new SocketsPanel(m_session);
    m_sockets_dock = new QDockWidget(this);
    m_sockets_dock->setObjectName(QStringLiteral("SocketsDock"));
    m_sockets_dock->setWidget(m_sockets);
    m_capacity = new CapacityPanel(m_session);
    m_capacity_dock = new QDockWidget(this);
    m_capacity_dock->setObjectName(QStringLiteral("CapacityDock"));
    setDockContent(m_capacity_dock, m_capacity, true);
    connect(m_host_chart, &HostChart::connectionClicked, m_session, &SessionModel::showConnection);
    // Quiz mode's questions (shown only while it is on).
    m_quiz_panel = new QuizPanel(m_session);
    m_quiz_dock = new QDockWidget(this);
    m_quiz_dock->setObjectName(QStringLiteral("QuizDock"));
    setDockContent(m_quiz_dock, m_quiz_panel, true);
    m_quiz_dock->hide();
    // An answer plays the step that shows it.
    connect(m_quiz_panel, &QuizPanel::revealRequested, this, [this] { stepForward(); });
    // The study note's chapters, beside the lessons.
    m_course = new CoursePanel;
    m_course_dock = new QDockWidget(this);
    m_course_dock->setObjectName(QStringLiteral("CourseDock"));
    m_course_dock->setWidget(m_course);
    connect(m_course, &CoursePanel::openRequested, this, [this](const QString& id, bool quiz) {
        if (!openScenario(id)) return;
        if (quiz) setQuizMode(true);
    });
    // Each lesson opened is marked in the course.
    connect(m_session, &SessionModel::traceChanged, this, [this] {
        if (m_session->scenarioNumber() == m_course_number) return;
        m_course_number = m_session->scenarioNumber();
        const std::string& id = m_session->trace().scenario_id;
        if (id.empty() || !isBuiltinScenario(QString::fromStdString(id))) return;
        CoursePanel::markOpened(QString::fromStdString(id));
        m_course->refresh();
    });
    // A capture: its connections (shown only while a capture is open).
    m_capture_panel = new CapturePanel(m_session);
    m_capture_dock = new QDockWidget(this);
    m_capture_dock->setObjectName(QStringLiteral("CaptureDock"));
    m_capture_dock->setWidget(m_capture_panel);
    connect(m_capture_panel, &CapturePanel::turnIntoLessonRequested, this, &MainWindow::turnIntoLesson);
    m_capture_dock->hide();
    connect(m_capture_dock->toggleViewAction(), &QAction::triggered, this, [this](bool on) {
        if (on) m_capture_dock->raise();
    });
    // Until a lesson of hosts is opened (updateHostDocks).
    for (QDockWidget* dock : {m_host_dock, m_sockets_dock, m_capacity_dock}) dock->hide();
    for (QDockWidget* dock : {m_host_dock, m_sockets_dock, m_capacity_dock})
        connect(dock->toggleViewAction(), &QAction::triggered, this, [dock](bool on) {
            if (on) dock->raise();
        });

    // The lessons and the link, tabbed on the left.
    m_browser = new ScenarioBrowser;
    m_browser_dock = new QDockWidget(this);
    m_browser_dock->setObjectName(QStringLiteral("ScenarioBrowserDock"));
    m_browser_dock->setWidget(m_browser);
    m_link_panel = new LinkPanel;
    m_link_dock = new QDockWidget(this);
    m_link_dock->setObjectName(QStringLiteral("LinkPanelDock"));
    // Its two columns of fields are wider than a small screen's dock column.
    setDockContent(m_link_dock, m_link_panel, m_compact);
    arrangeDocks();
}

void MainWindow::setDockContent(QDockWidget* dock, QWidget* content, bool scrolls) {
    if (!scrolls) {
        dock->setWidget(content);
        return;
    }
    auto* scroll = new QScrollArea(dock);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    dock->setWidget(scroll);
}

void MainWindow::arrangeDocks() {
    if (m_compact) {
        // A small screen (a 1024×768 projector, a 1366×768 laptop): the diagram keeps the
        // whole height and about two thirds of the width; the docks share one column on the
        // right in two tabbed groups, the state diagram with the lessons, the link and the key
        // above, the event log with the inspector and the plots below.
        addDockWidget(Qt::RightDockWidgetArea, m_state_dock, Qt::Vertical);
        addDockWidget(Qt::RightDockWidgetArea, m_log_dock, Qt::Vertical);
        tabifyDockWidget(m_state_dock, m_browser_dock);
        tabifyDockWidget(m_state_dock, m_course_dock);
        tabifyDockWidget(m_state_dock, m_link_dock);
        tabifyDockWidget(m_log_dock, m_inspector_dock);
        tabifyDockWidget(m_log_dock, m_plots_dock);
        tabifyDockWidget(m_log_dock, m_host_dock);
        tabifyDockWidget(m_log_dock, m_sockets_dock);
        tabifyDockWidget(m_log_dock, m_capture_dock);
        tabifyDockWidget(m_log_dock, m_quiz_dock);
        tabifyDockWidget(m_state_dock, m_capacity_dock);
        tabifyDockWidget(m_state_dock, m_key_dock);   // the shorter tab bar
        m_state_dock->raise();
        m_log_dock->raise();
        return;
    }
    // A large screen: the state diagram on the right, the lessons and the link on the left, the
    // inspector beside the event log below (the plots a tab behind the log).
    addDockWidget(Qt::RightDockWidgetArea, m_state_dock);
    // The quiz under the state diagram: the question beside the diagram it is about.
    splitDockWidget(m_state_dock, m_quiz_dock, Qt::Vertical);
    addDockWidget(Qt::BottomDockWidgetArea, m_inspector_dock);
    addDockWidget(Qt::BottomDockWidgetArea, m_log_dock);
    splitDockWidget(m_inspector_dock, m_log_dock, Qt::Horizontal);
    addDockWidget(Qt::BottomDockWidgetArea, m_plots_dock);
    tabifyDockWidget(m_log_dock, m_plots_dock);
    tabifyDockWidget(m_log_dock, m_key_dock);
    tabifyDockWidget(m_log_dock, m_host_dock);
    tabifyDockWidget(m_inspector_dock, m_sockets_dock);
    tabifyDockWidget(m_log_dock, m_capture_dock);
    m_log_dock->raise();
    addDockWidget(Qt::LeftDockWidgetArea, m_browser_dock);
    addDockWidget(Qt::LeftDockWidgetArea, m_link_dock);
    tabifyDockWidget(m_browser_dock, m_link_dock);
    tabifyDockWidget(m_browser_dock, m_course_dock);
    tabifyDockWidget(m_browser_dock, m_capacity_dock);
    m_browser_dock->raise();
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
            if (m_presenting) return;   // started with --present: the presentation's layout stays
            if (m_compact) {
                // The column as narrow as the state diagram allows on a 1024 px projector, so
                // that the fitted sequence diagram's labels stay 12 px or more.
                resizeDocks({m_state_dock}, {std::clamp(std::min(width() * 3 / 10, width() - 770), 260, 480)},
                            Qt::Horizontal);
                resizeDocks({m_state_dock, m_log_dock}, {height() * 11 / 20, height() * 9 / 20}, Qt::Vertical);
                return;
            }
            // The inspector as tall as it needs, but never more than 30 % of the window.
            resizeDocks({m_inspector_dock}, {std::min(m_inspector->sizeHint().height() + 4, height() * 3 / 10)},
                        Qt::Vertical);
            // The state diagram a quarter of the width (480 of 1920 px; F5 gives it 45 %), the lessons
            // narrower, and the sequence diagram the rest: its labels 12 px or more when fitted.
            resizeDocks({m_state_dock}, {std::clamp(width() / 4, 340, 560)}, Qt::Horizontal);
            resizeDocks({m_inspector_dock, m_log_dock}, {width() * 9 / 20, width() * 11 / 20}, Qt::Horizontal);
            resizeDocks({m_browser_dock}, {std::clamp(width() / 8, 220, 300)}, Qt::Horizontal);
        });
    });
}

void MainWindow::createActions() {
    // Texts and tooltips are set by retranslateUi(), here only what stays in every language.
    auto make = [this](const QIcon& icon, QList<QKeySequence> keys, auto slot) {
        auto* a = new QAction(icon, QString(), this);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    m_open = make(QIcon(), {QKeySequence::Open}, [this] { openFile(); });
    m_save = make(QIcon(), {QKeySequence::Save}, [this] { save(); });
    m_save_as = make(QIcon(), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)}, [this] { saveAs(); });
    m_undo = make(QIcon(), {QKeySequence::Undo}, [this] { m_editor->undoStack()->undo(); });
    m_undo->setObjectName(QStringLiteral("undoAction"));
    m_redo = make(QIcon(), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)},
                  [this] { m_editor->undoStack()->redo(); });
    m_redo->setObjectName(QStringLiteral("redoAction"));
    m_drop_next = make(QIcon(), {QKeySequence(Qt::CTRL | Qt::Key_D)},
                       [this] { dropNextSegment(); });
    m_drop_next->setObjectName(QStringLiteral("dropNextAction"));
    m_edit_lesson = make(QIcon(), {}, [this] { editLesson(); });
    m_edit_lesson->setObjectName(QStringLiteral("editLessonAction"));
    m_swap_sides = make(QIcon(), {}, [this] { swapSides(); });
    m_swap_sides->setObjectName(QStringLiteral("swapSidesAction"));
    m_resimulate = make(QIcon(), {QKeySequence(Qt::CTRL | Qt::Key_R)}, [this] {
        // On the worker, as an edit is: a big trace never holds the window.
        m_session->applyEdit(m_session->latestScenario());
    });
    m_resimulate->setObjectName(QStringLiteral("resimulateAction"));
    m_turn_into_lesson = make(QIcon(), {}, [this] { turnIntoLesson(); });
    m_turn_into_lesson->setObjectName(QStringLiteral("turnIntoLessonAction"));
    m_turn_into_lesson->setEnabled(false);   // until a capture is open (updateHostDocks)
    m_export = make(QIcon(), {QKeySequence(Qt::CTRL | Qt::Key_E)}, [this] { exportDiagram(); });
    m_export->setObjectName(QStringLiteral("exportAction"));
    m_quit = make(QIcon(), {QKeySequence::Quit}, [this] { close(); });
    m_copy_diagram = make(QIcon(), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)}, [this] { copyDiagram(); });
    m_copy_diagram->setObjectName(QStringLiteral("copyDiagramAction"));

    m_first = make(QIcon(), {Qt::Key_Home}, [this] { m_session->toStart(); });
    // Presenter clickers send Page Up / Page Down (some send Left / Right).
    m_previous = make(QIcon(), {Qt::Key_Left, Qt::Key_PageUp},
                      [this] { m_session->previous(); });
    m_play = make(QIcon(), {Qt::Key_P}, [this] { m_player->toggle(); });
    m_play->setCheckable(true);
    m_next = make(QIcon(), {Qt::Key_Right, Qt::Key_Space, Qt::Key_PageDown},
                  [this] { stepForward(); });
    m_last = make(QIcon(), {Qt::Key_End}, [this] { m_session->toEnd(); });

    m_zoom_in = make(QIcon(), {Qt::Key_Plus, Qt::Key_Equal, QKeySequence::ZoomIn}, [this] { m_view->zoomIn(); });
    m_zoom_out = make(QIcon(), {Qt::Key_Minus, QKeySequence::ZoomOut}, [this] { m_view->zoomOut(); });
    m_zoom_fit = make(QIcon(), {Qt::Key_0, QKeySequence(Qt::CTRL | Qt::Key_0)}, [this] { m_view->fitWidth(); });
    m_zoom_page = make(QIcon(), {Qt::Key_9, QKeySequence(Qt::CTRL | Qt::Key_9)}, [this] { m_view->fitPage(); });

    m_quiz = make(QIcon(), {Qt::Key_Q}, [this] { setQuizMode(m_quiz->isChecked()); });
    m_quiz->setCheckable(true);
    m_quiz->setObjectName(QStringLiteral("quizAction"));
    for (int i = 0; i < 4; ++i) {
        QAction* a = make(QIcon(), {QKeySequence(Qt::Key_1 + i)}, [this, i] { m_quiz_panel->answer(i); });
        a->setEnabled(false);
        m_quiz_answers.push_back(a);
    }
    m_present = make(QIcon(), {Qt::Key_F5}, [this] { setPresenting(!m_presenting); });
    m_present->setCheckable(true);
    m_present->setObjectName(QStringLiteral("presentAction"));
    m_leave_presentation = make(QIcon(), {Qt::Key_Escape}, [this] {
        if (m_session->isOpening())
            cancelOpening();
        else if (isBlanked())
            setBlanked(false);
        else
            setPresenting(false);
    });
    m_leave_presentation->setEnabled(false);
    // Esc outside presentation mode stops a file being opened (while presenting, the action
    // above does).
    m_cancel_open = make(QIcon(), {Qt::Key_Escape}, [this] { cancelOpening(); });
    m_cancel_open->setObjectName(QStringLiteral("cancelOpenAction"));
    m_cancel_open->setEnabled(false);
    // Clickers' "blank screen" button sends B or a full stop.
    m_blank_action = make(QIcon(), {Qt::Key_B, Qt::Key_Period}, [this] { setBlanked(!isBlanked()); });
    m_blank_action->setEnabled(false);
    // The presenter's pen: Ctrl+P and E, as in PowerPoint's and WPS's slide shows (P alone plays);
    // E wipes the ink, and so does each step.
    m_pen_action = make(QIcon(), {QKeySequence(Qt::CTRL | Qt::Key_P)}, [this] { m_view->setPenActive(m_pen_action->isChecked()); });
    m_pen_action->setObjectName(QStringLiteral("penAction"));
    m_pen_action->setCheckable(true);
    m_pen_action->setEnabled(false);
    m_erase_action = make(QIcon(), {Qt::Key_E}, [this] { m_view->clearInk(); });
    m_erase_action->setObjectName(QStringLiteral("eraseInkAction"));
    m_erase_action->setEnabled(false);

    m_shortcuts = make(QIcon(), {QKeySequence::HelpContents}, [this] { showShortcuts(); });
    m_about = make(QIcon(), {}, [this] { showAbout(); });
    m_about->setMenuRole(QAction::AboutRole);
    m_about_qt = make(QIcon(), {}, [] { QApplication::aboutQt(); });
    m_about_qt->setMenuRole(QAction::AboutQtRole);

    m_textbook_names = new QAction(this);
    m_textbook_names->setCheckable(true);
    connect(m_textbook_names, &QAction::toggled, this, &MainWindow::setTextbookStateNames);
    m_faded = new QAction(this);
    m_faded->setObjectName(QStringLiteral("fadedAction"));
    m_faded->setCheckable(true);
    connect(m_faded, &QAction::toggled, this,
            [this](bool on) { setFutureSteps(on ? FutureSteps::Faded : FutureSteps::Hidden); });
    m_timers = new QAction(this);
    m_timers->setCheckable(true);
    m_timers->setChecked(true);
    connect(m_timers, &QAction::toggled, m_scene, &SequenceDiagramScene::setShowTimers);
    m_show_description = new QAction(this);
    m_show_description->setCheckable(true);
    m_show_description->setChecked(true);
    connect(m_show_description, &QAction::toggled, m_description, &QWidget::setVisible);

    m_extra_edges = new QAction(this);
    m_extra_edges->setCheckable(true);
    connect(m_extra_edges, &QAction::toggled, this, &MainWindow::setShowExtraEdges);
    auto asInt = [](auto v) { return QVariant(static_cast<int>(v)); };
    m_graph_sides_group = choiceGroup(this, {GraphSides::A, GraphSides::B, GraphSides::Both}, asInt, asInt(m_graph_sides),
                                      [this](GraphSides s) { setGraphSides(s); });
    m_notation_group = choiceGroup(this, core::kAllNotations, asInt, asInt(m_notation),
                                   [this](core::Notation n) { setNotation(n); });
    m_granularity_group =
        choiceGroup(this, {core::StepGranularity::Segment, core::StepGranularity::Event}, asInt,
                    asInt(m_session->granularity()), [this](core::StepGranularity g) { setGranularity(g); });
    // Each language named in its own words, so the menu is readable whatever is showing.
    auto asText = [](const QString& language) { return QVariant(language); };
    m_language_group = choiceGroup(this, Language::available(), asText, QVariant(Language::current()),
                                   [this](const QString& language) { setLanguage(language); });
    for (QAction* a : m_language_group->actions()) a->setText(Language::nativeName(a->data().toString()));
    auto asName = [](Theme t) { return QVariant(themeName(t)); };
    m_theme_group = choiceGroup(this, kAllThemes, asName, asName(m_theme), [this](Theme t) { setTheme(t); });
    m_text_size_group = choiceGroup(this, kTextSizes, asInt, QVariant(m_text_size), [this](int p) { setTextSize(p); });
    updateToolIcons();   // the playback icons, in the theme's colours
}

FigureStyle MainWindow::figureStyle() const {
    FigureStyle style{.notation = m_notation, .textbookStateNames = m_textbook_names->isChecked()};
    // A sockets figure shows the host the host chart shows.
    if (m_session->hosts())
        if (const auto* chart = findChild<HostChart*>()) style.host = chart->host();
    // A side-by-side figure shows the runs, delay and loss the tab shows.
    if (m_side_by_side->hasRuns()) {
        for (const std::size_t i : m_side_by_side->shown()) style.runs.push_back(m_side_by_side->offered()[i].name);
        if (style.runs.empty()) style.runs.push_back(std::string());   // none chosen: none drawn
        style.delay_ms = m_side_by_side->delayMs();
        style.loss = m_side_by_side->lossPercent() / 100.0;
    }
    return style;
}

void MainWindow::exportDiagram() {
    ExportDialog dialog(m_session, figureStyle(), this);
    // From the side-by-side tab, the runs are what is exported.
    if (m_centre_tabs->currentWidget() == m_side_by_side && m_side_by_side->hasRuns()) {
        ExportChoices c = dialog.choices();
        c.view = FigureView::SideBySide;
        dialog.setChoices(c);
    }
    dialog.exec();
}

void MainWindow::copyDiagram() {
    if (const QString no = copyDiagramToClipboard(*m_session, figureStyle()); !no.isEmpty())
        QMessageBox::warning(this, tr("Copy diagram"), tr("Nothing was copied: %1").arg(no));
}

void MainWindow::createMenus() {
    m_file_menu = menuBar()->addMenu(QString());
    m_file_menu->addAction(m_open);
    m_recent_menu = m_file_menu->addMenu(QString());
    m_builtin_menu = m_file_menu->addMenu(QString());
    m_file_menu->addSeparator();
    m_file_menu->addAction(m_save);
    m_file_menu->addAction(m_save_as);
    m_file_menu->addSeparator();
    m_file_menu->addAction(m_resimulate);
    m_file_menu->addAction(m_turn_into_lesson);
    m_file_menu->addSeparator();
    m_file_menu->addAction(m_export);
    m_file_menu->addSeparator();
    m_file_menu->addAction(m_quit);

    m_edit_menu = menuBar()->addMenu(QString());
    m_edit_menu->addAction(m_undo);
    m_edit_menu->addAction(m_redo);
    m_edit_menu->addSeparator();
    m_edit_menu->addAction(m_edit_lesson);
    m_edit_menu->addAction(m_swap_sides);
    m_edit_menu->addAction(m_drop_next);
    m_edit_menu->addSeparator();
    m_edit_menu->addAction(m_copy_diagram);

    m_view_menu = menuBar()->addMenu(QString());
    m_notation_menu = m_view_menu->addMenu(QString());
    m_notation_menu->addActions(m_notation_group->actions());
    m_view_menu->addAction(m_textbook_names);
    m_view_menu->addAction(m_faded);
    m_view_menu->addAction(m_timers);
    m_view_menu->addAction(m_show_description);
    m_view_menu->addSeparator();
    m_view_menu->addAction(m_extra_edges);
    m_graph_sides_menu = m_view_menu->addMenu(QString());
    m_graph_sides_menu->addActions(m_graph_sides_group->actions());
    m_view_menu->addSeparator();
    m_view_menu->addActions({m_zoom_in, m_zoom_out, m_zoom_fit, m_zoom_page});
    m_view_menu->addSeparator();
    m_view_menu->addAction(m_quiz);
    m_view_menu->addAction(m_present);
    m_language_menu = m_view_menu->addMenu(QString());
    m_language_menu->addActions(m_language_group->actions());
    m_theme_menu = m_view_menu->addMenu(QString());
    m_theme_menu->addActions(m_theme_group->actions());
    m_text_size_menu = m_view_menu->addMenu(QString());
    m_text_size_menu->addActions(m_text_size_group->actions());
    m_view_menu->addSeparator();
    m_view_menu->addAction(m_browser_dock->toggleViewAction());
    m_view_menu->addAction(m_link_dock->toggleViewAction());
    m_view_menu->addAction(m_state_dock->toggleViewAction());
    m_view_menu->addAction(m_inspector_dock->toggleViewAction());
    m_view_menu->addAction(m_log_dock->toggleViewAction());
    m_view_menu->addAction(m_plots_dock->toggleViewAction());
    m_view_menu->addAction(m_key_dock->toggleViewAction());
    m_view_menu->addAction(m_host_dock->toggleViewAction());
    m_view_menu->addAction(m_sockets_dock->toggleViewAction());
    m_view_menu->addAction(m_capture_dock->toggleViewAction());
    m_view_menu->addAction(m_capacity_dock->toggleViewAction());
    m_view_menu->addAction(m_quiz_dock->toggleViewAction());
    m_view_menu->addAction(m_course_dock->toggleViewAction());

    m_playback_menu = menuBar()->addMenu(QString());
    m_playback_menu->addActions({m_play, m_first, m_previous, m_next, m_last});
    m_playback_menu->addSeparator();
    m_playback_menu->addActions(m_granularity_group->actions());

    m_help_menu = menuBar()->addMenu(QString());
    m_help_menu->addAction(m_shortcuts);
    m_help_menu->addSeparator();
    m_help_menu->addAction(m_about);
    m_help_menu->addAction(m_about_qt);
}

void MainWindow::fillScenarioMenu() {
    m_builtin_menu->clear();
    const std::string lang = SessionModel::language().toStdString();
    for (const LibraryScenario& l : scenarioLibrary()) {
        const std::string title = l.title.in(lang);
        QAction* a = m_builtin_menu->addAction(title.empty() ? l.id : QString::fromStdString(title));
        connect(a, &QAction::triggered, this, [this, id = l.id] { openScenario(id); });
    }
}

void MainWindow::createToolBars() {
    m_playback_bar = addToolBar(QString());
    m_playback_bar->setObjectName(QStringLiteral("PlaybackToolBar"));
    // A small screen has room for the icons only (their names are in the tooltips).
    m_playback_bar->setToolButtonStyle(m_compact ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
    m_playback_bar->setIconSize(QSize(22, 22));
    m_playback_bar->addActions({m_first, m_previous, m_play, m_next, m_last});
    m_playback_bar->addSeparator();
    m_playback_bar->addAction(m_drop_next);
    m_playback_bar->addSeparator();

    m_slider = new QSlider(Qt::Horizontal, m_playback_bar);
    m_slider->setObjectName(QStringLiteral("StepSlider"));
    m_slider->setMinimumWidth(m_compact ? 120 : 260);
    m_slider->setPageStep(1);
    m_slider->setFocusPolicy(Qt::NoFocus);
    m_slider->setTickPosition(QSlider::TicksBelow);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (v != m_session->cursor()) m_session->setCursor(v);
    });
    m_playback_bar->addWidget(m_slider);
    m_step_label = new QLabel(m_playback_bar);
    m_step_label->setObjectName(QStringLiteral("StepLabel"));
    m_step_label->setAlignment(Qt::AlignCenter);
    QFont bold = m_step_label->font();
    bold.setBold(true);
    m_step_label->setFont(bold);
    m_playback_bar->addWidget(m_step_label);
    m_playback_bar->addSeparator();

    m_speed_label = new QLabel(m_playback_bar);
    // A small screen keeps the boxes and drops the words before them (the tooltips say them).
    m_playback_bar->addWidget(m_speed_label)->setVisible(!m_compact);
    m_speed = new QComboBox(m_playback_bar);
    m_speed->setObjectName(QStringLiteral("SpeedBox"));
    m_speed->setFocusPolicy(Qt::NoFocus);
    for (double s : kSpeeds) m_speed->addItem(QString(), s);
    m_speed->setCurrentIndex(2);
    connect(m_speed, &QComboBox::activated, this, [this](int i) { setSpeed(m_speed->itemData(i).toDouble()); });
    m_playback_bar->addWidget(m_speed);

    m_view_bar = addToolBar(QString());
    m_view_bar->setObjectName(QStringLiteral("ViewToolBar"));
    m_labels_label = new QLabel(m_view_bar);
    m_view_bar->addWidget(m_labels_label)->setVisible(!m_compact);
    m_notation_box = new QComboBox(m_view_bar);
    m_notation_box->setObjectName(QStringLiteral("NotationBox"));
    m_notation_box->setFocusPolicy(Qt::NoFocus);
    for (core::Notation n : core::kAllNotations) m_notation_box->addItem(QString(), static_cast<int>(n));
    connect(m_notation_box, &QComboBox::activated, this,
            [this](int i) { setNotation(static_cast<core::Notation>(m_notation_box->itemData(i).toInt())); });
    m_view_bar->addWidget(m_notation_box);
    m_granularity_box = new QComboBox(m_view_bar);
    m_granularity_box->setObjectName(QStringLiteral("GranularityBox"));
    m_granularity_box->setFocusPolicy(Qt::NoFocus);
    m_granularity_box->addItem(QString(), static_cast<int>(core::StepGranularity::Segment));
    m_granularity_box->addItem(QString(), static_cast<int>(core::StepGranularity::Event));
    connect(m_granularity_box, &QComboBox::activated, this, [this](int i) {
        setGranularity(static_cast<core::StepGranularity>(m_granularity_box->itemData(i).toInt()));
    });
    // Also in the Playback menu, which is where a small screen leaves it.
    m_view_bar->addWidget(m_granularity_box)->setVisible(!m_compact);
    m_view_bar->addSeparator();
    m_view_bar->addActions({m_zoom_out, m_zoom_fit, m_zoom_in});
}

void MainWindow::retranslateUi() {
    m_ui_language = Language::current();
    m_open->setText(tr("&Open scenario…"));
    m_save->setText(tr("&Save"));
    m_save_as->setText(tr("Save &as…"));
    m_drop_next->setText(tr("Drop next segment"));
    m_edit_lesson->setText(tr("&Lesson: title, description, names…"));
    m_swap_sides->setText(tr("S&wap the two sides"));
    m_swap_sides->setToolTip(tr("Draw each endpoint on the other side, the client on the right: "
                                "its names, addresses, calls and faults go with it"));
    m_drop_next->setToolTip(tr("What if it were lost? The segment of the next step is dropped instead of "
                               "arriving, and that step is shown (Ctrl+D)"));
    updateUndoTexts();
    m_resimulate->setText(tr("&Simulate again"));
    m_turn_into_lesson->setText(tr("&Turn into a lesson"));
    m_turn_into_lesson->setToolTip(tr("Make a lesson of the capture's connection shown: its numbers, timing, data "
                                      "and losses, replayed by the engine and open to what-if edits"));
    m_export->setText(tr("&Export…"));
    m_quit->setText(tr("&Quit"));
    m_copy_diagram->setText(tr("&Copy diagram"));

    m_first->setText(tr("First"));
    m_first->setToolTip(tr("Back to the start (Home)"));
    m_previous->setText(tr("Previous"));
    m_previous->setToolTip(tr("Previous step (Left, Page Up)"));
    m_play->setText(m_player->isPlaying() ? tr("Pause") : tr("Play"));
    m_play->setToolTip(tr("Play or pause (P)"));
    m_next->setText(tr("Next"));
    m_next->setToolTip(tr("Next step (Right, Space, Page Down)"));
    m_last->setText(tr("Last"));
    m_last->setToolTip(tr("To the end (End)"));
    m_zoom_in->setText(tr("Zoom in"));
    m_zoom_out->setText(tr("Zoom out"));
    m_zoom_fit->setText(tr("Fit width"));
    m_zoom_page->setText(tr("Fit page"));
    m_present->setText(tr("&Presentation mode"));
    m_present->setToolTip(tr("Full screen with the two diagrams side by side (F5; Esc leaves)"));
    m_leave_presentation->setText(tr("Leave presentation mode"));
    m_cancel_open->setText(tr("Stop opening"));
    m_cancel_open->setToolTip(tr("Stop opening the file; the lesson shown stays (Esc)"));
    m_blank_action->setText(tr("Blank the screen"));
    m_pen_action->setText(tr("Pen: draw on the diagram"));
    m_erase_action->setText(tr("Wipe the ink"));
    m_shortcuts->setText(tr("&Keyboard shortcuts"));
    m_about->setText(tr("&About tcpviz"));
    m_about_qt->setText(tr("About &Qt"));

    // The spelling of BSD's netstat (and of netstat on Linux), which many textbooks use.
    m_textbook_names->setText(tr("BSD state names (SYN_SENT)"));
    m_faded->setText(tr("Show later steps faded"));
    m_timers->setText(tr("Show timers"));
    m_show_description->setText(tr("Scenario description"));
    m_extra_edges->setText(tr("Show extra edges"));
    m_extra_edges->setToolTip(tr("Also draw the transitions that Figure 5 leaves to its notes and the text"));
    for (QAction* a : m_graph_sides_group->actions()) {
        switch (static_cast<GraphSides>(a->data().toInt())) {
            case GraphSides::A: a->setText(tr("A only")); break;
            case GraphSides::B: a->setText(tr("B only")); break;
            case GraphSides::Both: a->setText(tr("Both")); break;
        }
    }
    for (QAction* a : m_notation_group->actions())
        a->setText(notationTitle(static_cast<core::Notation>(a->data().toInt())));
    for (int i = 0; i < m_notation_box->count(); ++i)
        m_notation_box->setItemText(i, notationTitle(static_cast<core::Notation>(m_notation_box->itemData(i).toInt())));
    for (QAction* a : m_granularity_group->actions())
        a->setText(static_cast<core::StepGranularity>(a->data().toInt()) == core::StepGranularity::Segment
                       ? tr("Step by segment")
                       : tr("Step by event"));
    m_granularity_box->setItemText(0, tr("By segment"));
    m_granularity_box->setItemText(1, tr("By event"));
    checkChoice(m_language_group, Language::current());
    for (QAction* a : m_text_size_group->actions())
        a->setText(a->data().toInt() == 100 ? tr("Normal (100 %)") : tr("%1 %").arg(a->data().toInt()));
    for (QAction* a : m_theme_group->actions()) {
        switch (*themeFromName(a->data().toString())) {
            case Theme::System: a->setText(tr("Follow the system")); break;
            case Theme::Light: a->setText(tr("Light")); break;
            case Theme::Dark: a->setText(tr("Dark")); break;
            case Theme::HighContrast: a->setText(tr("High contrast (for projectors)")); break;
        }
    }

    m_file_menu->setTitle(tr("&File"));
    m_builtin_menu->setTitle(tr("&Built-in scenarios"));
    m_recent_menu->setTitle(tr("Open &recent"));
    fillRecentMenu();
    fillScenarioMenu();
    m_edit_menu->setTitle(tr("&Edit"));
    m_view_menu->setTitle(tr("&View"));
    m_notation_menu->setTitle(tr("&Notation"));
    m_graph_sides_menu->setTitle(tr("State diagram &shows"));
    m_language_menu->setTitle(tr("&Language"));
    m_theme_menu->setTitle(tr("&Theme"));
    m_text_size_menu->setTitle(tr("Te&xt size"));
    m_playback_menu->setTitle(tr("&Playback"));
    m_help_menu->setTitle(tr("&Help"));

    m_state_dock->setWindowTitle(tr("State diagram"));
    m_inspector_dock->setWindowTitle(tr("Segment inspector"));
    m_log_dock->setWindowTitle(tr("Event log"));
    m_plots_dock->setWindowTitle(tr("Plots"));
    //: The dock that explains the diagrams' marks, as a map's key does.
    m_key_dock->setWindowTitle(tr("Key"));
    m_host_dock->setWindowTitle(tr("Host chart"));
    m_sockets_dock->setWindowTitle(tr("Sockets"));
    m_capture_dock->setWindowTitle(tr("Connections"));
    m_capacity_dock->setWindowTitle(tr("Connection calculator"));
    m_quiz_dock->setWindowTitle(tr("Quiz"));
    m_course_dock->setWindowTitle(tr("Course"));
    m_course->retranslate();
    m_quiz->setText(tr("&Quiz: predict the next step"));
    m_quiz->setToolTip(tr("Before each step, a question about what it does (Q)"));
    m_quiz_panel->retranslate();
    m_centre_tabs->setTabText(0, tr("Sequence diagram"));
    m_centre_tabs->setTabText(1, tr("Side by side"));
    m_centre_tabs->setTabToolTip(1, tr("The lesson's runs of one request on one time axis, with their round trips counted"));
    m_plot_tabs->setTabText(0, tr("Congestion window"));
    m_plot_tabs->setTabText(1, tr("Time–sequence"));
    m_browser_dock->setWindowTitle(tr("Scenarios"));
    m_link_dock->setWindowTitle(tr("Link"));
    m_browser->retranslate();
    m_link_panel->retranslate();
    m_host_chart->retranslate();
    m_sockets->retranslate();
    m_capture_panel->retranslate();
    m_capacity->retranslate();
    m_playback_bar->setWindowTitle(tr("Playback"));
    m_view_bar->setWindowTitle(tr("View"));
    m_speed_label->setText(tr("Speed "));
    m_labels_label->setText(tr("Labels "));
    m_speed->setToolTip(m_speed_label->text().trimmed());
    m_notation_box->setToolTip(m_labels_label->text().trimmed());
    for (int i = 0; i < m_speed->count(); ++i)
        m_speed->setItemText(i, tr("%1×").arg(QLocale().toString(m_speed->itemData(i).toDouble())));
    m_step_label->setMinimumWidth(QFontMetrics(m_step_label->font()).horizontalAdvance(tr("Step 0000 / 0000")) + 24);

    // The views draw words too.
    m_scene->retranslate();
    m_graph_scene->retranslate();
    m_inspector->retranslate();
    m_log->logModel()->retranslate();
    m_cwnd_plot->retranslate();
    m_tsg_plot->retranslate();
    m_caption->refresh();
    m_key->refresh();
    if (m_session->hasScenario())
        m_link_panel->setEndpointNames(Text::endpointName(m_session->trace().endpoints[0]),
                                       Text::endpointName(m_session->trace().endpoints[1]));
    updateStepControls();
    updateScenarioText();
}

void MainWindow::changeEvent(QEvent* e) {
    QMainWindow::changeEvent(e);
    // Installing translators posts one LanguageChange each, after setLanguage() has already
    // retranslated: only a language not shown yet is worth the work (the scenes lay out again).
    if (e->type() == QEvent::LanguageChange && Language::current() != m_ui_language) retranslateUi();
}

void MainWindow::setLanguage(const QString& language) {
    if (!Language::setLanguage(language)) return;
    Language::save(language);
    // Qt posts LanguageChange to every window; this one changes at once.
    retranslateUi();
}

QIcon MainWindow::toolIcon(QStyle::StandardPixmap which) const {
    const QIcon icon = style()->standardIcon(which);
    // On a dark window the style's dark glyphs vanish: drawn in the palette's text colour.
    const QPalette p = QGuiApplication::palette();
    if (p.color(QPalette::Window).lightness() >= 128) return icon;
    QIcon tinted;
    for (int size : {16, 22, 32, 48}) {
        QPixmap pixmap = icon.pixmap(size, size);
        QPainter painter(&pixmap);
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(pixmap.rect(), p.color(QPalette::ButtonText));
        painter.end();
        tinted.addPixmap(pixmap);
    }
    return tinted;
}

void MainWindow::updateToolIcons() {
    m_first->setIcon(toolIcon(QStyle::SP_MediaSkipBackward));
    m_previous->setIcon(toolIcon(QStyle::SP_MediaSeekBackward));
    m_play->setIcon(toolIcon(m_player->isPlaying() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_next->setIcon(toolIcon(QStyle::SP_MediaSeekForward));
    m_last->setIcon(toolIcon(QStyle::SP_MediaSkipForward));
    m_drop_next->setIcon(toolIcon(QStyle::SP_DialogDiscardButton));
}

std::array<QDockWidget*, 13> MainWindow::docks() const {
    return {m_browser_dock, m_link_dock,    m_state_dock,   m_inspector_dock, m_log_dock,
            m_plots_dock,   m_key_dock,     m_host_dock,    m_sockets_dock,   m_capacity_dock,
            m_capture_dock, m_quiz_dock,    m_course_dock};
}

void MainWindow::setTextSize(int percent) {
    if (std::find(std::begin(kTextSizes), std::end(kTextSizes), percent) == std::end(kTextSizes)) percent = 100;
    m_text_size = percent;
    checkChoice(m_text_size_group, percent);
    const double k = percent / 100.0;
    m_scene->setTextScale(k);
    m_side_by_side->setTextScale(k);
    m_view->refit();
    // Only the size is set, so the family and weight still follow the theme's font.
    const QFont app = QApplication::font();
    auto scaled = [&app](double factor) {
        QFont f;
        if (app.pointSizeF() > 0)
            f.setPointSizeF(app.pointSizeF() * factor);
        else
            f.setPixelSize(static_cast<int>(std::lround(app.pixelSize() * factor)));
        return f;
    };
    m_description->setFont(scaled(1.1 * k));
    for (QDockWidget* d : docks()) d->widget()->setFont(scaled(k));
}

void MainWindow::setTheme(Theme theme) {
    m_theme = theme;
    Themes::apply(theme);
    updateToolIcons();
    checkChoice(m_theme_group, themeName(theme));
    QSettings().setValue(QStringLiteral("view/theme"), themeName(theme));
    // The diagrams take the new colours (fonts too: high contrast is heavier).
    m_scene->setBackgroundBrush(style::paper());
    m_view->setBackgroundBrush(style::paper());
    m_graph_scene->setBackgroundBrush(style::paper());
    m_scene->retranslate();
    m_graph_scene->retranslate();
    m_scene->update();
    m_graph_scene->update();
    m_cwnd_plot->applyTheme();
    m_tsg_plot->applyTheme();
    m_host_chart->applyTheme();
    m_side_by_side->applyTheme();
    m_caption->refresh();
    m_key->refresh();
    m_inspector->refreshTcbs();   // the State row's colours
    m_description->setStyleSheet(descriptionStyle());
}

// --- presentation mode ---------------------------------------------------------------------

void MainWindow::setPresenting(bool on) {
    if (on == m_presenting) return;
    m_presenting = on;
    if (on) {
        m_saved_state = saveState();
        m_saved_geometry = saveGeometry();
        m_saved_window_state = windowState();
        m_saved_zoom = m_view->zoom();
        for (QDockWidget* dock : docks())
            if (dock != m_state_dock && !(dock == m_quiz_dock && m_quiz_panel->isActive())) dock->hide();
        for (QToolBar* bar : {m_playback_bar, m_view_bar}) bar->hide();
        menuBar()->hide();
        statusBar()->hide();
        m_description->hide();
        // The state diagram beside the sequence diagram, sharing the screen, without the dock's
        // title and buttons.
        m_state_dock->setFloating(false);
        addDockWidget(Qt::RightDockWidgetArea, m_state_dock);
        m_state_dock->setTitleBarWidget(new QWidget(m_state_dock));
        m_state_dock->setVisible(m_centre_tabs->currentIndex() == 0);
        // The whole screen, also where no window manager acts on showFullScreen() (a bare X
        // server driving a projector).
        if (QScreen* sc = screen()) setGeometry(sc->geometry());
        showFullScreen();
        QTimer::singleShot(0, this, [this] {
            if (!m_presenting) return;
            // On a small projector the sequence diagram keeps the larger share: its labels are
            // what the back row reads.
            resizeDocks({m_state_dock}, {width() * (m_compact ? 7 : 9) / 20}, Qt::Horizontal);
            m_view->fitWidth();
            m_view->followCursor(false);   // step 0: the title and the headers in sight
            m_graph_view->resetZoom();
        });
    } else {
        setBlanked(false);
        delete m_state_dock->titleBarWidget();
        m_state_dock->setTitleBarWidget(nullptr);
        menuBar()->show();
        statusBar()->show();
        m_description->setVisible(m_show_description->isChecked());
        setWindowState(m_saved_window_state);
        restoreGeometry(m_saved_geometry);
        restoreState(m_saved_state);
        m_view->setZoom(m_saved_zoom);
    }
    m_caption->setPresenting(on);
    m_quiz_panel->setPresenting(on);
    if (on && m_quiz_panel->isActive()) {
        m_quiz_dock->setTitleBarWidget(new QWidget(m_quiz_dock));
        QTimer::singleShot(0, this, [this] { fitQuizDock(); });
    } else if (QWidget* bar = m_quiz_dock->titleBarWidget()) {
        m_quiz_dock->setTitleBarWidget(nullptr);
        delete bar;
    }
    m_present->setChecked(on);
    m_leave_presentation->setEnabled(on);
    updateOpening();
    m_blank_action->setEnabled(on);
    m_pen_action->setEnabled(on);
    m_erase_action->setEnabled(on);
    if (!on) {
        m_pen_action->setChecked(false);
        m_view->setPenActive(false);
    }
}

void MainWindow::setBlanked(bool on) {
    if (on && !m_presenting) return;
    if (!m_blank) {
        m_blank = new QWidget(this);
        m_blank->setObjectName(QStringLiteral("BlankScreen"));
        m_blank->setAutoFillBackground(true);
        QPalette p = m_blank->palette();
        p.setColor(QPalette::Window, Qt::black);
        m_blank->setPalette(p);
        m_blank->hide();
    }
    if (on) {
        m_blank->setGeometry(rect());
        m_blank->raise();
    }
    m_blank->setVisible(on);
}

bool MainWindow::isBlanked() const { return m_blank && m_blank->isVisible(); }

// --- help ----------------------------------------------------------------------------------

QString MainWindow::shortcutsHtml() const {
    struct Row {
        QString what;
        QList<QKeySequence> keys;
    };
    const std::vector<Row> rows = {
        {tr("Next step"), m_next->shortcuts()},
        {tr("Previous step"), m_previous->shortcuts()},
        {tr("To the start / to the end"), {m_first->shortcut(), m_last->shortcut()}},
        {tr("Play or pause"), m_play->shortcuts()},
        {tr("Zoom in / out / fit width / fit page"),
         {m_zoom_in->shortcut(), m_zoom_out->shortcut(), m_zoom_fit->shortcut(), m_zoom_page->shortcut()}},
        {tr("Quiz mode / answer 1–4"), {m_quiz->shortcut(), m_quiz_answers[0]->shortcut(), m_quiz_answers[3]->shortcut()}},
        {tr("Presentation mode"), m_present->shortcuts()},
        {tr("Leave presentation mode"), m_leave_presentation->shortcuts()},
        {tr("Blank the screen while presenting"), m_blank_action->shortcuts()},
        {tr("Pen while presenting: draw / wipe the ink"), {m_pen_action->shortcut(), m_erase_action->shortcut()}},
        {tr("Open a scenario"), m_open->shortcuts()},
        {tr("Save the scenario"), m_save->shortcuts()},
        {tr("Undo / redo an edit"), {m_undo->shortcut(), m_redo->shortcut()}},
        {tr("Drop the next segment"), m_drop_next->shortcuts()},
        {tr("Simulate again"), m_resimulate->shortcuts()},
        {tr("Export the diagram"), m_export->shortcuts()},
        {tr("Copy the diagram"), m_copy_diagram->shortcuts()},
        {tr("Keyboard shortcuts"), m_shortcuts->shortcuts()},
        {tr("Quit"), m_quit->shortcuts()},
    };
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='5'>");
    for (const Row& r : rows) {
        QStringList keys;
        for (const QKeySequence& k : r.keys)
            if (!k.isEmpty()) keys << QStringLiteral("<b>%1</b>").arg(k.toString(QKeySequence::NativeText).toHtmlEscaped());
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(r.what.toHtmlEscaped(), keys.join(QStringLiteral(", ")));
    }
    html += QStringLiteral("</table><p>%1</p>")
                .arg(tr("Right-click an arrow or a lifeline in the diagram to ask “what if…?”.").toHtmlEscaped());
    return html;
}

void MainWindow::showShortcuts() {
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard shortcuts"));
    box.setTextFormat(Qt::RichText);
    box.setText(shortcutsHtml());
    box.exec();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About tcpviz"),
        tr("<h3>tcpviz %1</h3>"
           "<p>Watch TCP work, segment by segment: the connection states of RFC 9293 and the "
           "segments between two endpoints, for teaching and learning.</p>"
           "<p>Licence: GNU General Public License, version 3 or later.</p>"
           "<p>Built with Qt %2 and Boost.Graph.</p>")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

// --- options -------------------------------------------------------------------------------

void MainWindow::setNotation(core::Notation n) {
    m_notation = n;
    m_scene->setNotation(n);
    m_what_if->setNotation(n);
    m_inspector->setNotation(n);
    m_log->logModel()->setNotation(n);
    checkChoice(m_notation_group, static_cast<int>(n));
    if (m_notation_box) m_notation_box->setCurrentIndex(m_notation_box->findData(static_cast<int>(n)));
}

void MainWindow::setTextbookStateNames(bool on) {
    m_scene->setTextbookStateNames(on);
    m_caption->setTextbookStateNames(on);
    m_graph_scene->setTextbookStateNames(on);
    m_inspector->setTextbookStateNames(on);
    m_log->logModel()->setTextbookStateNames(on);
    m_quiz_panel->setTextbookStateNames(on);
    if (m_textbook_names->isChecked() != on) m_textbook_names->setChecked(on);
}

void MainWindow::setFutureSteps(FutureSteps f) {
    m_scene->setFutureSteps(f);
    m_cwnd_plot->setFutureSteps(f);
    m_tsg_plot->setFutureSteps(f);
    m_graph_scene->setFutureSteps(f);
    m_log->logModel()->setFutureSteps(f);
    m_inspector->setFutureSteps(f);
    if (m_faded->isChecked() != (f == FutureSteps::Faded)) m_faded->setChecked(f == FutureSteps::Faded);
}

void MainWindow::setGranularity(core::StepGranularity g) {
    m_session->setGranularity(g);
    checkChoice(m_granularity_group, static_cast<int>(g));
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
    checkChoice(m_graph_sides_group, static_cast<int>(sides));
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

    // The edges taken (StateGraph::edgesTaken), from the few state changes instead of the
    // whole trace.
    const std::vector<std::uint32_t>& changes = m_session->index().state_events;
    m_graph_visited.clear();
    for (auto i = changes.begin(); i != changes.end() && *i < shown; ++i) {
        const core::Event& e = t.events[*i];
        if (const auto id = g.findEdge(e.from, e.to, e.cause)) m_graph_visited.push_back(*id);
    }
    m_graph_scene->finishAnimations();
    // The markers, their boxes and the tint from the trace up to the cursor alone (issue 14:
    // never from how the cursor got there).
    m_graph_scene->showTraceUpTo(t, shown, changes);
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
    m_description->setFullText(description.isEmpty() ? m_session->title() : description);
    statusBar()->showMessage(m_session->title());
    // The browser marks the built-in lesson that is open, not a file made from one.
    m_browser->setCurrentScenario(m_file_path.isEmpty() ? QString::fromStdString(m_session->scenario().id) : QString());
    // "Simultaneous close — tcpviz", with a mark while there are unsaved edits.
    setWindowTitle(tr("%1[*] — tcpviz").arg(m_session->hasScenario() ? m_session->title() : tr("TCP Visualizer")));
}

void MainWindow::openFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a scenario or a capture"), QString(),
        tr("Scenarios and captures (*.json *.pcap *.pcapng);;Scenarios (*.json);;Captures (*.pcap *.pcapng);;All files (*)"));
    if (!path.isEmpty()) openScenario(path);
}

// The first local file of a drop.
static QString droppedFile(const QMimeData* data) {
    if (!data || !data->hasUrls()) return {};
    for (const QUrl& url : data->urls())
        if (url.isLocalFile()) return url.toLocalFile();
    return {};
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (!droppedFile(e->mimeData()).isEmpty()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const QString path = droppedFile(e->mimeData());
    if (path.isEmpty()) return;
    e->acceptProposedAction();
    openScenario(path);
}

// --- settings ------------------------------------------------------------------------------

void MainWindow::readSettings() {
    QSettings s;
    if (const QByteArray g = s.value(layoutGeometryKey()).toByteArray(); !g.isEmpty()) restoreGeometry(g);
    if (const QByteArray st = s.value(layoutStateKey()).toByteArray(); !st.isEmpty())
        m_state_restored = restoreState(st);
    m_quiz_dock->hide();   // the window opens with quiz mode off, whatever the layout saved
    if (auto n = core::notationFromName(s.value(QStringLiteral("view/notation")).toString().toStdString())) setNotation(*n);
    setTextbookStateNames(s.value(QStringLiteral("view/textbookStateNames"), false).toBool());
    setFutureSteps(s.value(QStringLiteral("view/fadeLaterSteps"), false).toBool() ? FutureSteps::Faded : FutureSteps::Hidden);
    m_timers->setChecked(s.value(QStringLiteral("view/showTimers"), true).toBool());
    m_show_description->setChecked(s.value(QStringLiteral("view/showDescription"), true).toBool());
    setGranularity(s.value(QStringLiteral("playback/byEvent"), false).toBool() ? core::StepGranularity::Event
                                                                              : core::StepGranularity::Segment);
    setSpeed(s.value(QStringLiteral("playback/speed"), 1.0).toDouble());
    setShowExtraEdges(s.value(QStringLiteral("view/showExtraEdges"), false).toBool());
    if (auto t = themeFromName(s.value(QStringLiteral("view/theme")).toString()); t && *t != m_theme) setTheme(*t);
    setTextSize(s.value(QStringLiteral("view/textSize"), 100).toInt());
    const QString sides = s.value(QStringLiteral("view/stateDiagramSides")).toString();
    setGraphSides(sides == QLatin1String("A")   ? GraphSides::A
                  : sides == QLatin1String("B") ? GraphSides::B
                                                : GraphSides::Both);
}

void MainWindow::writeSettings() const {
    QSettings s;
    s.setValue(layoutGeometryKey(), saveGeometry());
    // Where to start next time: the file, or the built-in lesson.
    if (m_session->hasScenario())
        s.setValue(kLastScenarioKey, m_file_path.isEmpty() ? QString::fromStdString(m_session->scenario().id) : m_file_path);
    s.setValue(layoutStateKey(), saveState());
    s.setValue(QStringLiteral("view/notation"), QString::fromLatin1(core::notationName(m_notation).data(),
                                                                   static_cast<int>(core::notationName(m_notation).size())));
    s.setValue(QStringLiteral("view/textbookStateNames"), m_textbook_names->isChecked());
    // (What quiz mode set aside is what the user chose.)
    const bool quiz = m_quiz_panel->isActive();
    s.setValue(QStringLiteral("view/fadeLaterSteps"), quiz ? m_quiz_saved_faded : m_faded->isChecked());
    s.setValue(QStringLiteral("view/showTimers"), m_timers->isChecked());
    s.setValue(QStringLiteral("view/showDescription"), m_show_description->isChecked());
    s.setValue(QStringLiteral("playback/byEvent"),
               (quiz ? m_quiz_saved_granularity : m_session->granularity()) == core::StepGranularity::Event);
    s.setValue(QStringLiteral("playback/speed"), m_player->speed());
    s.setValue(QStringLiteral("view/showExtraEdges"), m_extra_edges->isChecked());
    s.setValue(QStringLiteral("view/textSize"), m_text_size);
    s.setValue(QStringLiteral("view/stateDiagramSides"), m_graph_sides == GraphSides::A   ? QStringLiteral("A")
                                                         : m_graph_sides == GraphSides::B ? QStringLiteral("B")
                                                                                          : QStringLiteral("both"));
}

void MainWindow::closeEvent(QCloseEvent* e) {
    m_player->pause();
    // The layout to come back to is the working one, not the presentation.
    setPresenting(false);
    if (!maybeSave()) {
        e->ignore();
        return;
    }
    if (m_live) m_live->stop();
    writeSettings();
    QMainWindow::closeEvent(e);
}

}  // namespace tcpviz::ui
