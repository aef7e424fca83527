#pragma once
// The session: one scenario, its trace, and the cursor every view renders the trace up to.
// Views hold this model and ids (event indices, segment ids), never copies of core objects.
#include <QObject>
#include <QString>
#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "core/notation.h"
#include "core/scenario.h"
#include "core/steps.h"
#include "core/trace.h"

namespace tcpviz::core {
class Simulator;
}

namespace tcpviz::ui {

// The TCB variables the inspector shows for one endpoint at the cursor.
struct TcbSnapshot {
    core::State state = core::State::Closed;
    core::SeqNum snd_una, snd_nxt, iss, rcv_nxt, irs;
    std::uint32_t snd_wnd = 0, rcv_wnd = 0;
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
    LoadStatus load(const QString& spec, QString* error = nullptr);
    void setScenario(core::Scenario scenario);
    // Simulates the scenario again from the start (after an edit) and keeps the cursor.
    void resimulate();

    [[nodiscard]] const core::Scenario& scenario() const { return m_scenario; }
    [[nodiscard]] const core::Trace& trace() const { return m_trace; }
    [[nodiscard]] const core::SegmentLabeler& labeler() const { return m_labeler; }
    [[nodiscard]] bool isEmpty() const { return m_trace.events.empty(); }
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
    // Re-runs the simulation to the cursor's time (continuing forward when it can).
    [[nodiscard]] std::array<TcbSnapshot, 2> tcbsAtCursor();

Q_SIGNALS:
    void traceChanged();
    void cursorChanged(int cursor, int previous);
    void granularityChanged(core::StepGranularity g);
    void selectedSegmentChanged(std::uint64_t id);

private:
    void adopt(core::Scenario scenario, int cursor);

    core::Scenario m_scenario;
    core::Trace m_trace;
    core::SegmentLabeler m_labeler;
    core::StepGranularity m_granularity = core::StepGranularity::Segment;
    core::Steps m_steps;
    std::vector<std::size_t> m_end_of_flight;   // by segment id - 1; size_t max: never
    bool m_loaded = false;
    int m_cursor = 0;
    std::uint64_t m_selected = 0;
    // A simulator run up to the last TCB request, continued when the cursor moves forward.
    std::unique_ptr<core::Simulator> m_probe;
    core::TimeUs m_probe_until = -1;
};

}  // namespace tcpviz::ui
