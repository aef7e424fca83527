#pragma once
// The session: one scenario, its trace, and the cursor every view renders the trace up to.
// Views hold this model and ids (event indices, segment ids), never copies of core objects.
#include <QObject>
#include <QString>
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/capture/capture.h"
#include "core/trace/notation.h"
#include "core/trace/plot_data.h"
#include "core/scenario/scenario.h"
#include "core/sim/host_series.h"
#include "core/sim/side_by_side.h"
#include "core/trace/steps.h"
#include "core/trace/trace.h"

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

namespace tcpviz::ui {

// What the views need of a whole trace, found once, on the thread that simulated it: the views
// adopting a trace of millions of events then have nothing to scan on the UI thread.
struct TraceIndex {
    std::vector<std::uint32_t> state_events;                // the State events, in order
    std::array<std::vector<std::uint32_t>, 2> side_states;  // the same, of one side
    std::vector<std::uint32_t> fast_triggers;   // arrive events answered by a fast retransmission, sorted
    std::array<core::CwndSeries, 2> cwnd;       // the plots' series, by sender
    std::array<core::SequenceSeries, 2> sequence;
    std::array<std::uint64_t, 2> data_bytes{};  // payload bytes each side sent
    core::Side plot_side = core::Side::A;       // core::defaultPlotSide
    static TraceIndex of(const core::Trace& t);
};

// A scenario of hosts (tcpviz-scenario/2) as a session shows it: the views of one connection show
// the connection chosen (SessionModel::connection()) as a trace of two endpoints; the host chart
// and the sockets dock show the hosts.
struct HostSession {
    core::HostScenario scenario;
    core::HostOutcome outcome;                  // its trace is left empty: the session has the connection's
    std::vector<core::SocketSeries> series;     // by core::HostId
    // The runs its side-by-side view compares (core::comparedRuns): none for most lessons.
    std::vector<core::ComparedRun> runs;
    // The hosts the views offer: those a program runs on or a flood goes to, in the file's order.
    [[nodiscard]] std::vector<core::HostId> shownHosts() const;
    // The host shown first: the one the lesson is about, else the one whose sockets pile up the
    // most.
    [[nodiscard]] core::HostId firstShown() const;
};

// A capture opened (issue 17): its connections, read once; the views show one of them
// (SessionModel::connection()) as a trace read from the file again (core::traceOfCapture).
struct CaptureSession {
    core::Capture capture;
};

class SessionModel : public QObject {
    Q_OBJECT
public:
    explicit SessionModel(QObject* parent = nullptr);
    ~SessionModel() override;

    enum class LoadStatus { Loaded, Unknown, Invalid };
    // Loads a built-in scenario id or a scenario file and simulates it. On failure the session
    // is unchanged and `error` says why (for files: name, line and column). Unknown: `spec` is
    // neither a built-in id nor a file; Invalid: it is, but not a usable scenario.
    // `note`, when given, receives anything worth knowing about which one was taken (a file in
    // the current folder named like the built-in id), or is cleared.
    LoadStatus load(const QString& spec, QString* error = nullptr, QString* note = nullptr);
    void setScenario(core::Scenario scenario);
    // Runs a scenario of hosts and shows its first client connection (load() does this for a
    // tcpviz-scenario/2 file).
    void setHostScenario(core::HostScenario scenario);

    // Shows connection `id` of a capture, read before (readCapture): the views show what it
    // shows, and what-if edits are off. Throws core::CaptureError when the file cannot be read
    // again.
    void setCapture(core::Capture capture, std::uint32_t id = 0);
    // The capture shown, or null for a simulation.
    [[nodiscard]] const CaptureSession* capture() const { return m_captured.get(); }
    [[nodiscard]] std::shared_ptr<const CaptureSession> sharedCapture() const { return m_captured; }

    // --- a scenario of hosts ---
    // What the session shows of one, or null when it shows a scenario of two endpoints.
    [[nodiscard]] const HostSession* hosts() const { return m_hosts.get(); }
    [[nodiscard]] std::shared_ptr<const HostSession> sharedHosts() const { return m_hosts; }
    // The connection the views show (0 for two endpoints).
    [[nodiscard]] std::uint32_t connection() const { return m_connection; }
    // Shows another connection of the hosts: simulated again on a worker thread (a connection's
    // events are recorded only when asked), adopted at cursor 0 (connectionChanged()). One
    // asked for while another is being prepared takes its place.
    void showConnection(std::uint32_t id);
    [[nodiscard]] bool isSwitchingConnection() const { return m_switching.has_value(); }
    // What-if edits need a scenario of two endpoints: a scenario of hosts is shown as it is.
    // A capture is shown as it is too.
    [[nodiscard]] bool isEditable() const { return !m_hosts && !m_captured; }

    // --- opening a scenario off the UI thread (the window's File → Open) ---
    // Reads, checks and simulates `spec` on a worker thread, so that a huge or hostile file
    // never freezes the window; the session keeps showing what it showed until the new
    // scenario is ready, and then adopts it as load() does (opened()). A failure leaves the
    // session unchanged (openFailed(), with load()'s status and message); cancelOpen() stops
    // the simulation within a few milliseconds (openCancelled()). Opening again, load() and
    // setScenario() take the place of an open under way.
    void open(const QString& spec);
    void cancelOpen();
    [[nodiscard]] bool isOpening() const { return m_open != nullptr; }
    [[nodiscard]] QString openingSpec() const;
    enum class OpenPhase { Reading, Simulating, Preparing };
    struct OpenProgress {
        OpenPhase phase = OpenPhase::Reading;
        std::uint64_t events = 0;       // recorded so far
        std::uint64_t max_events = 0;   // the scenario's limit, once it is read
    };
    [[nodiscard]] OpenProgress openProgress() const;
    // Simulates the scenario again from the start and keeps the cursor; an edit still being
    // simulated (latestScenario()) is simulated now instead.
    // load(), setScenario() and resimulate() finish before they return (the command line and
    // exports rely on it) and take the place of any edit still being simulated.
    void resimulate();
    // Shows what `source` shows, without simulating again: the same scenario, trace and steps
    // (shared, never copied), cursor 0. An export's own session starts so.
    void showSame(const SessionModel& source);

    // --- what-if edits, simulated off the UI thread ---
    // Simulates `scenario` on a worker thread and adopts it when done, keeping the cursor at
    // the same step number (clamped). Edits that come faster than simulations are coalesced:
    // only the newest is adopted. A scenario that cannot be simulated leaves the session as it
    // was and emits simulationFailed().
    void applyEdit(core::Scenario scenario);
    // Whether an edit is under way: simulating, or waiting for the simulation before it.
    [[nodiscard]] bool isSimulating() const { return m_latest.has_value(); }
    // The scenario of the newest edit, simulated or not; scenario() when none is under way.
    // Further edits build on this one.
    [[nodiscard]] const core::Scenario& latestScenario() const;
    // How long a simulation runs before busyChanged(true) (ms; tests shorten it).
    void setBusyDelay(int ms);

    [[nodiscard]] const core::Scenario& scenario() const { return m_scenario; }
    // Counts the scenarios loaded (load(), setScenario()); edits and resimulate() keep it, so
    // views can tell a new lesson from an edited one.
    [[nodiscard]] unsigned scenarioNumber() const { return m_scenario_number; }
    [[nodiscard]] const core::Trace& trace() const { return *m_trace; }
    [[nodiscard]] const core::SegmentLabeler& labeler() const { return *m_labeler; }
    // The same, shared: a worker thread laying the trace out keeps it alive while the session
    // moves on to another one.
    [[nodiscard]] std::shared_ptr<const core::Trace> sharedTrace() const { return m_trace; }
    [[nodiscard]] std::shared_ptr<const core::SegmentLabeler> sharedLabeler() const { return m_labeler; }
    [[nodiscard]] const TraceIndex& index() const { return *m_index; }
    [[nodiscard]] std::shared_ptr<const TraceIndex> sharedIndex() const { return m_index; }
    // The state `side` is in just before event `event` (the initial state before its first
    // change).
    [[nodiscard]] core::State stateBefore(core::Side side, std::size_t event) const;
    [[nodiscard]] bool isEmpty() const { return m_trace->events.empty(); }
    [[nodiscard]] bool hasScenario() const { return m_loaded; }
    // The title in the user's language ("zh_CN" for Chinese locales, else English).
    [[nodiscard]] QString title() const;
    [[nodiscard]] QString description() const;
    [[nodiscard]] static QString language();

    // --- stepping ---
    [[nodiscard]] core::StepGranularity granularity() const { return m_granularity; }
    void setGranularity(core::StepGranularity g);
    [[nodiscard]] const core::Steps& steps() const { return m_steps; }
    [[nodiscard]] int stepCount() const { return static_cast<int>(m_steps.count()); }
    [[nodiscard]] int cursor() const { return m_cursor; }
    void setCursor(int cursor);
    void next() { setCursor(m_cursor + 1); }
    void previous() { setCursor(m_cursor - 1); }
    void toStart() { setCursor(0); }
    void toEnd() { setCursor(stepCount()); }
    [[nodiscard]] bool atEnd() const { return m_cursor >= stepCount(); }
    // Events [0, visibleEvents()) are shown.
    [[nodiscard]] std::size_t visibleEvents() const { return m_steps.eventsVisibleAt(static_cast<std::size_t>(m_cursor)); }
    // The events of the current step (empty at cursor 0).
    [[nodiscard]] core::EventRange currentStepEvents() const { return m_steps.events(static_cast<std::size_t>(m_cursor)); }
    // When the cursor stands: the time of its last shown event (of the first, at cursor 0; 0 for
    // an empty trace). The host chart and the sockets dock show the hosts then.
    [[nodiscard]] core::TimeUs cursorTime() const {
        if (m_trace->events.empty()) return 0;
        const std::size_t visible = visibleEvents();
        return m_trace->events[visible ? visible - 1 : 0].time;
    }
    // The cursor that first shows event `event`.
    [[nodiscard]] int stepOfEvent(std::size_t event) const { return static_cast<int>(m_steps.stepOfEvent(event)); }
    // The segment arriving (or lost) in the current step, if any.
    [[nodiscard]] std::uint64_t currentStepSegment() const;

    // The event where a segment (its original copy) arrives or is lost; none when it never does.
    [[nodiscard]] std::optional<std::size_t> endOfFlight(std::uint64_t segment) const;

    // --- the segment shown in the inspector (0: none) ---
    [[nodiscard]] std::uint64_t selectedSegment() const { return m_selected; }
    void setSelectedSegment(std::uint64_t id);

    // --- TCBs at the cursor ---
    // Both endpoints' TCB variables once the visible events have happened: the trace's samples,
    // taken by the engine after every input, so they always agree with the diagram.
    [[nodiscard]] std::array<core::TcbNumbers, 2> tcbsAtCursor() const;

Q_SIGNALS:
    void traceChanged();
    void cursorChanged(int cursor, int previous);
    void granularityChanged(core::StepGranularity g);
    void selectedSegmentChanged(std::uint64_t id);
    // true once an edit has been simulating for longer than the busy delay (100 ms); false
    // when the simulations under way are over.
    void busyChanged(bool busy);
    // An edit was simulated and adopted (traceChanged() came first).
    void simulationFinished();
    // The newest edit could not be simulated; the session is unchanged.
    void simulationFailed(const QString& message);
    // open(): adopted (traceChanged() came first); `note` says something worth knowing about
    // which scenario was taken, or is empty.
    void opened(const QString& spec, const QString& note);
    // open(): not adopted, and why (load()'s status and message).
    void openFailed(const QString& spec, tcpviz::ui::SessionModel::LoadStatus status, const QString& error);
    void openCancelled(const QString& spec);
    // showConnection(): the connection now shown (traceChanged() came first).
    void connectionChanged(std::uint32_t id);

private:
    // What a simulation produces, ready to adopt; built on any thread (core only).
    struct Prepared {
        core::Scenario scenario;
        std::shared_ptr<const core::Trace> trace;
        std::shared_ptr<const core::SegmentLabeler> labeler;
        std::shared_ptr<const TraceIndex> index;
        core::StepGranularity granularity = core::StepGranularity::Segment;
        core::Steps steps;
        std::vector<std::size_t> end_of_flight;
        std::shared_ptr<const HostSession> hosts;   // a scenario of hosts, and its connection shown
        std::shared_ptr<const CaptureSession> captured;   // or a capture
        std::uint32_t connection = 0;
    };
    // The outcome of a worker's run: a result, or why there is none.
    struct Outcome {
        std::uint64_t generation = 0;
        std::shared_ptr<Prepared> prepared;
        QString error;
    };
    // What an open() worker shares with the UI thread.
    struct OpenJob {
        QString spec;
        std::atomic<bool> cancel{false};
        std::atomic<std::uint64_t> events{0};
        std::atomic<std::uint64_t> max_events{0};
        std::atomic<int> phase{0};   // OpenPhase
    };
    // Simulates and prepares the steps; an open's `job` follows it and may stop it.
    static std::shared_ptr<Prepared> prepare(core::Scenario scenario, core::StepGranularity g, OpenJob* job = nullptr);
    // The same for a scenario of hosts: runs it (all of it unless `hosts` is given, from an
    // earlier run) with connection `id`'s events recorded, the first client's when none.
    static std::shared_ptr<Prepared> prepareHosts(const core::HostScenario& scenario,
                                                  std::shared_ptr<const HostSession> hosts,
                                                  std::optional<std::uint32_t> id, core::StepGranularity g);
    // The same for connection `id` of a capture.
    static std::shared_ptr<Prepared> prepareCapture(std::shared_ptr<const CaptureSession> captured, std::uint32_t id,
                                                    core::StepGranularity g);
    // What all share: the steps and indexes of `p.trace`.
    static void index(Prepared& p, core::StepGranularity g);
    struct OpenOutcome {
        std::shared_ptr<Prepared> prepared;
        LoadStatus status = LoadStatus::Loaded;
        QString error, note;
        bool cancelled = false;
    };
    // Resolves and simulates `spec` (any thread): load() and open() in one place.
    static OpenOutcome resolveAndPrepare(const QString& spec, core::StepGranularity g, OpenJob* job);
    void onOpenDone(const std::shared_ptr<OpenJob>& job, OpenOutcome outcome);
    // Takes a new scenario's place: no open or edit under way is adopted after it.
    void adoptNew(Prepared p);
    void adopt(core::Scenario scenario, int cursor);
    void adopt(Prepared p, int cursor);
    void startWorker(core::Scenario scenario);
    void onWorkerDone(const Outcome& outcome);
    void cancelEdits();
    void setBusy(bool busy);

    unsigned m_scenario_number = 0;
    core::Scenario m_scenario;
    std::shared_ptr<const core::Trace> m_trace;
    std::shared_ptr<const core::SegmentLabeler> m_labeler;
    std::shared_ptr<const TraceIndex> m_index;
    core::StepGranularity m_granularity = core::StepGranularity::Segment;
    core::Steps m_steps;
    std::vector<std::size_t> m_end_of_flight;   // by segment id - 1; size_t max: never
    bool m_loaded = false;
    int m_cursor = 0;
    std::uint64_t m_selected = 0;

    // Edits: at most one simulation runs; a newer edit waits in m_queued and replaces any
    // older one waiting there. A result whose generation is not the newest is dropped.
    std::uint64_t m_generation = 0;
    bool m_running = false;
    std::optional<core::Scenario> m_queued;
    std::optional<core::Scenario> m_latest;   // the newest edit until it is adopted or fails
    QTimer* m_busy_timer = nullptr;
    bool m_busy = false;
    std::shared_ptr<OpenJob> m_open;   // the open() under way, if any
    std::shared_ptr<const HostSession> m_hosts;
    std::shared_ptr<const CaptureSession> m_captured;
    std::uint32_t m_connection = 0;
    std::optional<std::uint32_t> m_switching;   // showConnection() under way: the newest asked for
    std::uint64_t m_switch_generation = 0;
};

}  // namespace tcpviz::ui
