#pragma once
// The discrete-event simulator: two endpoints, a link model per direction, a script, and a
// virtual clock in microseconds. Every transition is recorded in a Trace.
//
// Same-time events run in the order they were scheduled. The simulator is a copyable value:
// a what-if re-simulation starts again from the scenario.
#include <array>
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/tcp/endpoint.h"
#include "core/net/link_model.h"
#include "core/scenario/scenario.h"
#include "core/trace/trace.h"

namespace tcpviz::core {

struct SimulatorOptions {
    bool keep_delivered_bytes = false;   // keep every delivered byte and range (tests); else count only
};

// Lets another thread follow a long simulation and stop it (the window opening a big file).
struct SimulationControl {
    const std::atomic<bool>* cancel = nullptr;      // once true, the run throws SimulationCancelled
    std::atomic<std::uint64_t>* events = nullptr;   // events recorded so far, updated now and then
};

// Thrown out of a run whose SimulationControl::cancel was set; the trace is not usable.
class SimulationCancelled : public std::runtime_error {
public:
    SimulationCancelled() : std::runtime_error("the simulation was cancelled") {}
};

class Simulator {
public:
    explicit Simulator(const Scenario& scenario, SimulatorOptions options = {});

    // Runs until no event remains or the next one lies past the horizon.
    void run();
    // Reports progress and takes cancellation through `control` from now on.
    void setControl(const SimulationControl& control) { m_control = control; }
    // Runs the events due at or before `until`; returns false when none remain.
    bool runUntil(TimeUs until);

    [[nodiscard]] TimeUs now() const { return m_now; }
    [[nodiscard]] bool finished() const { return next() == nullptr; }
    [[nodiscard]] const Trace& trace() const { return m_trace; }
    [[nodiscard]] Trace takeTrace() { return std::move(m_trace); }
    [[nodiscard]] const Endpoint& endpoint(Side s) const { return m_endpoints[idx(s)]; }
    // What the application at each endpoint had accepted for sending and what it was handed.
    [[nodiscard]] std::uint64_t bytesSent(Side s) const { return m_stream_offset[idx(s)]; }
    [[nodiscard]] std::uint64_t bytesDelivered(Side s) const { return m_delivered_count[idx(s)]; }
    [[nodiscard]] const std::vector<std::uint8_t>& deliveredBytes(Side s) const { return m_delivered[idx(s)]; }
    // Where in the sender's stream each delivery lay (with keep_delivered_bytes).
    struct DeliveredRange {
        std::uint64_t offset = 0;
        std::uint32_t length = 0;
        std::size_t event = 0;   // the deliver event
    };
    [[nodiscard]] const std::vector<DeliveredRange>& deliveredRanges(Side s) const { return m_delivered_ranges[idx(s)]; }
    // The stream an endpoint's application sends (what `send` calls put on the wire).
    static Stream streamOf(Side s) { return s == Side::A ? Stream::ClientText : Stream::ServerText; }

private:
    enum class PendingKind : std::uint8_t { Script, Arrival, Drop, TimerCheck };
    struct Pending {                // 32 bytes
        TimeUs time;
        std::uint64_t order;        // scheduling order breaks ties
        std::uint32_t index;        // Script: action index; Arrival/Drop: segment id
        std::uint16_t copy;
        PendingKind kind;
        Side side;                  // Arrival: receiver; Drop: sender; TimerCheck: endpoint
        DropReason reason;
    };
    static bool before(const Pending& a, const Pending& b) {
        return a.time != b.time ? a.time < b.time : a.order < b.order;
    }
    struct Later {
        bool operator()(const Pending& a, const Pending& b) const { return before(b, a); }
    };
    // Pending arrivals at one endpoint in (time, order) order: a FIFO taken from `head` on.
    struct ArrivalLane {
        std::vector<Pending> items;
        std::size_t head = 0;
    };

    // How often (in inputs) a run publishes its progress and looks for a cancellation: rarely
    // enough to cost nothing, often enough to stop within a millisecond or so.
    static constexpr std::uint32_t kControlEvery = 4096;
    void checkControl();
    void schedule(TimeUs time, PendingKind kind, Side side, std::uint32_t index,
                  std::uint16_t copy = 0, DropReason reason = DropReason::Loss);
    // The earliest pending input (nullptr when none), and taking it out (`which` is next()).
    [[nodiscard]] const Pending* next() const;
    Pending take(const Pending* which);
    void reserveTrace(const Scenario& scenario);
    void dispatch(const Pending& p);
    void runScript(const ScriptAction& action);
    void inject(const ScriptInject& inj);
    // Appends an event of the current input, at the current time, for the caller to fill in.
    Event& record(EventKind kind, Side endpoint);
    // Turns an endpoint's actions into trace events and scheduled arrivals.
    void apply(Side side, std::size_t input_event);
    void transmit(Side from, Segment&& segment, SendReason reason, std::uint32_t cwnd,
                  std::uint32_t ssthresh, std::uint32_t flight);
    void scheduleTimerCheck(Side side);
    // Records the endpoint's TCB when the last input changed it (it differs from the last sample).
    void sampleTcb(Side side);

    std::vector<ScriptAction> m_script;
    std::array<Endpoint, 2> m_endpoints;
    std::array<LinkModel, 2> m_links;     // [A->B, B->A]
    std::array<TimeUs, 2> m_base_delay{};
    Rng m_rng;
    TimeUs m_horizon;
    std::uint64_t m_max_events;   // the scenario's max_events
    TimeUs m_now = 0;
    std::size_t m_input = 0;              // step of the current input's first event
    std::uint64_t m_order = 0;
    // The pending inputs. A link without jitter or duplicates delivers in the order it was
    // given segments, so arrivals wait in a FIFO per receiver (appending and taking the front
    // are cheaper than a heap of hundreds); an arrival due before the last one in its lane, and
    // every other input, waits in the heap. The earliest of the fronts by (time, order) is next,
    // exactly as if all were in one heap.
    std::array<ArrivalLane, 2> m_arrivals;
    std::vector<Pending> m_queue;         // a min-heap by (time, order)
    std::array<std::optional<TimeUs>, 2> m_timer_check{};
    Trace m_trace;
    Actions m_actions;                    // reused for every input
    SimulatorOptions m_options;
    SimulationControl m_control;
    std::array<std::uint64_t, 2> m_stream_offset{};
    std::array<std::uint64_t, 2> m_delivered_count{};
    std::array<std::vector<std::uint8_t>, 2> m_delivered;
    std::array<std::vector<DeliveredRange>, 2> m_delivered_ranges;
};

// Simulates a scenario to the end and returns its trace.
Trace simulate(const Scenario& scenario);
// The same, followed and stoppable from another thread (throws SimulationCancelled).
Trace simulate(const Scenario& scenario, const SimulationControl& control);

}  // namespace tcpviz::core
