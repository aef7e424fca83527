#pragma once
// Side by side (issue 18): several runs of the same request over the same link, one column
// each, on one time axis that counts round trips. Each column is a small sequence diagram of one
// run, client left and server right, one arrow per flight of packets, from the run's first packet;
// a bar beside the client's lifeline reaches down to where its first request byte leaves, and
// one from there to where the first byte of the answer comes in, and the column's head says how
// many round trips each took. The lines across all columns are the round trips of the link.
//
// SideBySideScene only draws a core::SideBySide; SideBySideView is the tab around it: the runs to
// show, the link's delay and loss, and the runs simulated again on a worker thread whenever
// those change (core::simulateSideBySide), the newest change only.
#include <QFutureWatcher>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QWidget>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "core/sim/side_by_side.h"

class QCheckBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSlider;

namespace tcpviz::ui {

class SessionModel;
struct HostSession;

class SideBySideScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit SideBySideScene(QObject* parent = nullptr);

    // Draws the runs of `runs` whose index is in `shown`, in that order (none: a word on what to
    // do; no runs: that they are being simulated).
    void setRuns(std::shared_ptr<const core::SideBySide> runs, std::vector<std::size_t> shown);
    // Every run of `runs`.
    static std::vector<std::size_t> all(const core::SideBySide& runs);
    void setTextScale(double scale);
    // Draws again in the current colours and language.
    void rebuild();

    [[nodiscard]] const core::SideBySide* runs() const { return m_runs.get(); }
    // --- what is drawn (for tests) ---
    // The columns' titles, left to right: "TCP + TLS 1.3".
    [[nodiscard]] QStringList columnTitles() const { return m_titles; }
    // The labels of a column's arrows, top to bottom.
    [[nodiscard]] QStringList arrowLabels(int column) const;
    // The round trips a column's head gives for the request and the answer (NaN: none).
    [[nodiscard]] std::pair<double, double> columnRtts(int column) const;
    // Where a column is, in scene units.
    [[nodiscard]] QRectF columnRect(int column) const;
    // The scene's y of a time after the runs' start (µs).
    [[nodiscard]] qreal yOf(core::TimeUs t) const;

    // The title of a run: "TCP", "TCP + TLS 1.2", "TCP + TLS 1.3 0-RTT", "QUIC", "QUIC 0-RTT".
    static QString runTitle(const core::RunKind& kind);
    // What the arrow of a flight says: its messages, else its flags and bytes.
    static QString flightLabel(const core::Flight& f);

private:
    void drawColumn(const core::RunTimeline& run, qreal left, core::TimeUs until, qreal bottom);
    [[nodiscard]] QFont font(int pixels, QFont::Weight weight = QFont::Normal) const;

    std::shared_ptr<const core::SideBySide> m_runs;
    std::vector<std::size_t> m_shown;
    double m_text_scale = 1.0;
    qreal m_top = 0;   // where time 0 is drawn
    qreal m_per_rtt = 150;
    QStringList m_titles;
    std::vector<QStringList> m_labels;
    std::vector<std::pair<double, double>> m_rtts;
    std::vector<QRectF> m_columns;
};

class SideBySideView : public QWidget {
    Q_OBJECT
public:
    explicit SideBySideView(SessionModel* model, QWidget* parent = nullptr);
    ~SideBySideView() override;

    // Whether the lesson shown has runs to compare (a lesson of hosts whose clients differ).
    [[nodiscard]] bool hasRuns() const { return m_offered.size() >= 2; }
    [[nodiscard]] const std::vector<core::ComparedRun>& offered() const { return m_offered; }
    [[nodiscard]] SideBySideScene* scene() const { return m_scene; }
    [[nodiscard]] QGraphicsView* view() const { return m_view; }

    // The runs shown, by index into offered(); a change is drawn at once (no simulation).
    void setShown(std::vector<std::size_t> shown);
    [[nodiscard]] std::vector<std::size_t> shown() const;
    // The link's one-way delay (ms) and loss (%, 0..30): the runs are simulated again.
    void setDelayMs(int ms);
    void setLossPercent(int percent);
    [[nodiscard]] int delayMs() const;
    [[nodiscard]] int lossPercent() const;
    // A simulation is under way (or waits for the one before it).
    [[nodiscard]] bool isSimulating() const { return m_running; }

    void retranslate();
    void applyTheme();
    void setTextScale(double scale);

Q_SIGNALS:
    // The runs offered changed (another lesson): the window shows or hides the tab.
    void runsChanged(bool has_runs);
    // A simulation of the runs was drawn.
    void simulated();

protected:
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void onSessionChanged();
    void simulate();
    void onSimulated();
    void fit();
    void updateValueLabels();
    [[nodiscard]] QString checkText(std::size_t run) const;

    SessionModel* m_model;
    SideBySideScene* m_scene;
    QGraphicsView* m_view;
    QLabel* m_runs_label;
    QGridLayout* m_checks_layout;
    std::vector<QCheckBox*> m_checks;
    QLabel* m_delay_label;
    QSlider* m_delay;
    QLabel* m_delay_value;
    QLabel* m_loss_label;
    QSlider* m_loss;
    QLabel* m_loss_value;
    QPushButton* m_reset;
    QLabel* m_busy;

    std::vector<core::ComparedRun> m_offered;
    std::shared_ptr<const core::SideBySide> m_result;   // the runs as last simulated
    // The lesson of hosts shown (its scenario as the file has it, and its runs); null for one of
    // two endpoints or a capture.
    std::shared_ptr<const HostSession> m_hosts;
    double m_lesson_delay = 50;
    bool m_running = false, m_again = false;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFutureWatcher<std::shared_ptr<const core::SideBySide>> m_watcher;
};

}  // namespace tcpviz::ui
