#include "ui/session/session_model.h"
#include "ui/session/work_pool.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <climits>
#include <exception>
#include <limits>

#include "core/capture/capture_trace.h"
#include "core/sim/simulator.h"
#include "ui/shell/language.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

namespace {
constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();
}  // namespace

SessionModel::SessionModel(QObject* parent)
    : QObject(parent),
      m_trace(std::make_shared<const core::Trace>()),
      m_labeler(std::make_shared<const core::SegmentLabeler>()),
      m_index(std::make_shared<const TraceIndex>()),
      m_busy_timer(new QTimer(this)) {
    // A busy indicator for anything slower than this; quicker edits just appear.
    m_busy_timer->setSingleShot(true);
    m_busy_timer->setInterval(100);
    connect(m_busy_timer, &QTimer::timeout, this, [this] {
        if (isSimulating() || isSwitchingConnection()) setBusy(true);
    });
}

SessionModel::~SessionModel() {
    // A worker still opening a file stops soon instead of simulating on after the window closed.
    if (m_open) m_open->cancel.store(true, std::memory_order_relaxed);
}

TraceIndex TraceIndex::of(const core::Trace& t) {
    TraceIndex x;
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const core::Event& e = t.events[i];
        if (e.kind == core::EventKind::State) {
            x.state_events.push_back(static_cast<std::uint32_t>(i));
            x.side_states[core::idx(e.endpoint)].push_back(static_cast<std::uint32_t>(i));
        } else if (e.kind == core::EventKind::Send && t.segment(e.segment).reason == core::SendReason::FastRetransmit &&
                   e.input < t.events.size() && t.events[e.input].kind == core::EventKind::Arrive) {
            // Each send names the input it answers.
            x.fast_triggers.push_back(static_cast<std::uint32_t>(e.input));
        }
    }
    std::sort(x.fast_triggers.begin(), x.fast_triggers.end());
    for (core::Side s : {core::Side::A, core::Side::B}) {
        x.cwnd[core::idx(s)] = core::cwndSeries(t, s);
        x.sequence[core::idx(s)] = core::sequenceSeries(t, s);
        x.data_bytes[core::idx(s)] = core::dataBytesSent(t, s);
    }
    x.plot_side = core::defaultPlotSide(t);
    return x;
}

core::State SessionModel::stateBefore(core::Side side, std::size_t event) const {
    const std::vector<std::uint32_t>& changes = m_index->side_states[core::idx(side)];
    const auto after = std::lower_bound(changes.begin(), changes.end(), event);
    if (after == changes.begin()) return m_trace->initial_states[core::idx(side)];
    return m_trace->events[*(after - 1)].to;
}

SessionModel::OpenOutcome SessionModel::resolveAndPrepare(const QString& spec, core::StepGranularity g,
                                                          OpenJob* job) {
    OpenOutcome out;
    try {
        if (core::isCapturePath(spec.toStdString())) {
            // A capture: its connections read with progress (and cancel), the first one shown.
            const auto progress = [job](std::uint64_t packets) {
                if (!job) return true;
                job->events.store(packets, std::memory_order_relaxed);
                return !job->cancel.load(std::memory_order_relaxed);
            };
            auto captured = std::make_shared<CaptureSession>();
            captured->capture = core::readCapture(spec.toStdString(), progress);
            if (captured->capture.connections.empty()) {
                out.error = tr("“%1” holds no TCP connection (%n packets read).", nullptr,
                               static_cast<int>(std::min<std::uint64_t>(captured->capture.packets, INT_MAX)))
                                .arg(spec);
                out.status = LoadStatus::Invalid;
                return out;
            }
            if (job) job->phase.store(static_cast<int>(OpenPhase::Preparing), std::memory_order_relaxed);
            out.prepared = prepareCapture(std::move(captured), 0, g);
            return out;
        }
        std::string note;
        std::optional<core::AnyScenario> s = core::resolveAnyScenario(spec.toStdString(), &note);
        out.note = QString::fromStdString(note);
        if (!s) {
            out.status = LoadStatus::Unknown;
            out.error = tr("Unknown scenario “%1”: it is neither a built-in scenario nor a file.").arg(spec);
            return out;
        }
        if (auto* hosts = std::get_if<core::HostScenario>(&*s)) {
            if (job) job->phase.store(static_cast<int>(OpenPhase::Simulating), std::memory_order_relaxed);
            out.prepared = prepareHosts(*hosts, nullptr, std::nullopt, g);
            return out;
        }
        out.prepared = prepare(std::move(std::get<core::Scenario>(*s)), g, job);
        return out;
    } catch (const core::SimulationCancelled&) {
        out.cancelled = true;
    } catch (const core::CaptureError& e) {
        if (job && job->cancel.load(std::memory_order_relaxed)) {
            out.cancelled = true;
            return out;
        }
        out.error = QString::fromStdString(e.what());
    } catch (const core::ScenarioError& e) {
        out.error = QString::fromStdString(e.what());
    } catch (const std::bad_alloc&) {
        out.error = tr("Cannot simulate “%1”: there is not enough memory.").arg(spec);
    } catch (const std::exception& e) {
        out.error = tr("Cannot simulate “%1”: %2").arg(spec, QString::fromStdString(e.what()));
    }
    out.status = LoadStatus::Invalid;
    return out;
}

SessionModel::LoadStatus SessionModel::load(const QString& spec, QString* error, QString* note) {
    OpenOutcome out = resolveAndPrepare(spec, m_granularity, nullptr);
    if (note) *note = out.note;
    if (!out.prepared) {
        if (error) *error = out.error;
        return out.status;
    }
    adoptNew(std::move(*out.prepared));
    return LoadStatus::Loaded;
}

void SessionModel::setScenario(core::Scenario scenario) { adoptNew(std::move(*prepare(std::move(scenario), m_granularity))); }

void SessionModel::setHostScenario(core::HostScenario scenario) {
    adoptNew(std::move(*prepareHosts(scenario, nullptr, std::nullopt, m_granularity)));
}

void SessionModel::setCapture(core::Capture capture, std::uint32_t id) {
    auto captured = std::make_shared<CaptureSession>();
    captured->capture = std::move(capture);
    adoptNew(std::move(*prepareCapture(std::move(captured), id, m_granularity)));
}

std::shared_ptr<SessionModel::Prepared> SessionModel::prepareCapture(std::shared_ptr<const CaptureSession> captured,
                                                                     std::uint32_t id, core::StepGranularity g) {
    auto p = std::make_shared<Prepared>();
    auto trace = std::make_shared<core::Trace>(core::traceOfCapture(captured->capture, id));
    p->connection = id;
    // The connection as a scenario would describe it, for the views that name the lesson and
    // its two ends (nothing simulates it).
    core::Scenario& s = p->scenario;
    s.id = trace->scenario_id;
    s.title.text = {{"en", trace->scenario_title}};
    for (core::Side side : {core::Side::A, core::Side::B}) {
        const core::EndpointInfo& e = trace->endpoints[core::idx(side)];
        s.endpoints[core::idx(side)].name = e.name;
        s.endpoints[core::idx(side)].address = trace->capture->addresses[core::idx(side)];
        s.endpoints[core::idx(side)].port = e.port;
    }
    s.horizon_ms = static_cast<double>(trace->end.time) / 1000.0;
    p->captured = std::move(captured);
    p->trace = std::move(trace);
    index(*p, g);
    return p;
}

std::vector<core::HostId> HostSession::shownHosts() const {
    std::vector<core::HostId> out;
    for (std::size_t h = 0; h < scenario.run.hosts.size(); ++h)
        if (scenario.run.busy(static_cast<core::HostId>(h))) out.push_back(static_cast<core::HostId>(h));
    return out;
}

core::HostId HostSession::firstShown() const {
    if (scenario.run.focus) return *scenario.run.focus;
    const std::vector<core::HostId> hosts = shownHosts();
    if (hosts.empty()) return 0;
    core::HostId best = hosts.front();   // the first of those with the highest peak
    for (core::HostId h : hosts)
        if (series.at(h).peak > series.at(best).peak) best = h;
    return best;
}

std::shared_ptr<SessionModel::Prepared> SessionModel::prepareHosts(const core::HostScenario& scenario,
                                                                   std::shared_ptr<const HostSession> hosts,
                                                                   std::optional<std::uint32_t> id,
                                                                   core::StepGranularity g) {
    const core::HostRecording recording = id ? core::HostRecording{core::HostRecording::Mode::One, *id}
                                             : core::HostRecording{core::HostRecording::Mode::FirstClient, 0};
    core::HostOutcome outcome = core::simulateHosts(scenario, recording);
    auto trace = std::make_shared<core::Trace>(std::move(outcome.trace));
    outcome.trace = core::Trace{};
    auto p = std::make_shared<Prepared>();
    p->connection = outcome.recorded.value_or(id.value_or(0));
    if (!hosts) {
        auto made = std::make_shared<HostSession>();
        made->scenario = scenario;
        made->outcome = std::move(outcome);
        for (std::size_t h = 0; h < scenario.run.hosts.size(); ++h)
            made->series.push_back(core::socketSeries(made->outcome, static_cast<core::HostId>(h)));
        made->runs = core::comparedRuns(made->scenario, made->outcome);
        hosts = std::move(made);
    }
    p->hosts = std::move(hosts);
    // The connection as a scenario of two endpoints would describe it, for the views that name
    // the lesson and its two ends (nothing simulates it).
    core::Scenario& s = p->scenario;
    s.id = scenario.id;
    s.title = scenario.title;
    s.description = scenario.description;
    s.group = scenario.group;
    for (core::Side side : {core::Side::A, core::Side::B}) {
        const core::EndpointInfo& e = trace->endpoints[core::idx(side)];
        s.endpoints[core::idx(side)].name = e.name;
        s.endpoints[core::idx(side)].address = core::ipv4ToString(e.address);
        s.endpoints[core::idx(side)].port = e.port;
        s.endpoints[core::idx(side)].tcp = scenario.run.tcp;
    }
    s.link = scenario.run.link;
    s.seed = scenario.run.seed;
    s.horizon_ms = static_cast<double>(scenario.run.horizon) / 1000.0;
    p->trace = std::move(trace);
    index(*p, g);
    return p;
}

void SessionModel::showConnection(std::uint32_t id) {
    const std::size_t count = m_hosts ? m_hosts->outcome.connections.size()
                              : m_captured ? m_captured->capture.connections.size() : 0;
    if (id >= count) return;
    if (!m_switching && id == m_connection) return;
    m_switching = id;
    const std::uint64_t generation = ++m_switch_generation;
    m_busy_timer->start();
    const core::StepGranularity g = m_granularity;
    auto* watcher = new QFutureWatcher<std::shared_ptr<Prepared>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Prepared>>::finished, this, [this, watcher, generation, id] {
        watcher->deleteLater();
        if (generation != m_switch_generation) return;   // another connection was asked for since
        m_switching.reset();
        m_busy_timer->stop();
        setBusy(false);
        std::shared_ptr<Prepared> p = watcher->result();
        if (!p) return;
        cancelEdits();
        adopt(std::move(*p), 0);
        Q_EMIT connectionChanged(id);
    });
    // The worker shares the hosts' outcome (read only) and builds the rest itself.
    watcher->setFuture(QtConcurrent::run(workPool(), [hosts = m_hosts, captured = m_captured, id, g]() -> std::shared_ptr<Prepared> {
        try {
            if (captured) return prepareCapture(captured, id, g);
            return prepareHosts(hosts->scenario, hosts, id, g);
        } catch (const std::exception&) {
            return nullptr;
        }
    }));
}

void SessionModel::adoptNew(Prepared p) {
    cancelOpen();
    ++m_switch_generation;   // a connection being prepared belongs to the lesson shown before
    m_switching.reset();
    ++m_scenario_number;
    cancelEdits();
    adopt(std::move(p), 0);
}

void SessionModel::showSame(const SessionModel& source) {
    Prepared p;
    p.scenario = source.m_scenario;
    p.trace = source.m_trace;
    p.labeler = source.m_labeler;
    p.index = source.m_index;
    p.granularity = source.m_granularity;
    p.steps = source.m_steps;
    p.end_of_flight = source.m_end_of_flight;
    p.hosts = source.m_hosts;
    p.captured = source.m_captured;
    p.connection = source.m_connection;
    m_granularity = source.m_granularity;
    adoptNew(std::move(p));
}

// An edit still being simulated is simulated now, here. A scenario of hosts has no edits, and
// its connection's trace stays as it is.
void SessionModel::resimulate() {
    if (m_hosts || m_captured) return;   // nothing to simulate again
    adopt(latestScenario(), m_cursor);
}

std::shared_ptr<SessionModel::Prepared> SessionModel::prepare(core::Scenario scenario, core::StepGranularity g,
                                                              OpenJob* job) {
    core::SimulationControl control;
    if (job) {
        job->max_events.store(scenario.max_events, std::memory_order_relaxed);
        job->phase.store(static_cast<int>(OpenPhase::Simulating), std::memory_order_relaxed);
        control.cancel = &job->cancel;
        control.events = &job->events;
    }
    auto p = std::make_shared<Prepared>();
    auto trace = std::make_shared<core::Trace>(core::simulate(scenario, control));
    if (job) job->phase.store(static_cast<int>(OpenPhase::Preparing), std::memory_order_relaxed);
    p->trace = trace;
    p->scenario = std::move(scenario);
    index(*p, g);
    return p;
}

void SessionModel::index(Prepared& prepared, core::StepGranularity g) {
    Prepared* p = &prepared;
    const core::Trace& t = *p->trace;
    p->labeler = std::make_shared<const core::SegmentLabeler>(t);
    p->index = std::make_shared<const TraceIndex>(TraceIndex::of(t));
    p->granularity = g;
    p->steps = core::Steps(t, g);
    p->end_of_flight.assign(t.segments.size(), kNever);
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const core::Event& e = t.events[i];
        if ((e.kind == core::EventKind::Arrive || e.kind == core::EventKind::Drop) && e.copy == 0 &&
            p->end_of_flight[e.segment - 1] == kNever)
            p->end_of_flight[e.segment - 1] = i;
    }
}

void SessionModel::adopt(core::Scenario scenario, int cursor) {
    // Prepared first: a scenario that throws leaves the session as it was.
    std::shared_ptr<Prepared> p = prepare(std::move(scenario), m_granularity);
    cancelEdits();
    adopt(std::move(*p), cursor);
}

void SessionModel::adopt(Prepared p, int cursor) {
    m_scenario = std::move(p.scenario);
    m_hosts = std::move(p.hosts);
    m_captured = std::move(p.captured);
    m_connection = p.connection;
    m_trace = std::move(p.trace);
    m_loaded = true;
    m_labeler = std::move(p.labeler);
    m_index = std::move(p.index);
    m_end_of_flight = std::move(p.end_of_flight);
    // The granularity may have changed while a worker simulated.
    m_steps = p.granularity == m_granularity ? std::move(p.steps) : core::Steps(*m_trace, m_granularity);
    const int previous = m_cursor;
    m_cursor = std::clamp(cursor, 0, stepCount());
    m_selected = 0;
    Q_EMIT traceChanged();
    Q_EMIT cursorChanged(m_cursor, previous);
    Q_EMIT selectedSegmentChanged(m_selected);
}

// --- opening off the UI thread ---------------------------------------------------------------

void SessionModel::open(const QString& spec) {
    cancelOpen();
    auto job = std::make_shared<OpenJob>();
    job->spec = spec;
    m_open = job;
    const core::StepGranularity g = m_granularity;
    auto* watcher = new QFutureWatcher<OpenOutcome>(this);
    connect(watcher, &QFutureWatcher<OpenOutcome>::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        onOpenDone(job, watcher->result());
    });
    // The worker owns a reference to its job and touches nothing of the session.
    watcher->setFuture(QtConcurrent::run(workPool(), [job, g] { return resolveAndPrepare(job->spec, g, job.get()); }));
}

void SessionModel::cancelOpen() {
    if (!m_open) return;
    m_open->cancel.store(true, std::memory_order_relaxed);
    const QString spec = m_open->spec;
    m_open.reset();   // its result, whenever it comes, is dropped
    Q_EMIT openCancelled(spec);
}

QString SessionModel::openingSpec() const { return m_open ? m_open->spec : QString(); }

SessionModel::OpenProgress SessionModel::openProgress() const {
    OpenProgress p;
    if (!m_open) return p;
    p.phase = static_cast<OpenPhase>(m_open->phase.load(std::memory_order_relaxed));
    p.events = m_open->events.load(std::memory_order_relaxed);
    p.max_events = m_open->max_events.load(std::memory_order_relaxed);
    return p;
}

void SessionModel::onOpenDone(const std::shared_ptr<OpenJob>& job, OpenOutcome outcome) {
    if (job != m_open) return;   // cancelled, or another open took its place
    m_open.reset();
    if (outcome.cancelled) {
        Q_EMIT openCancelled(job->spec);
        return;
    }
    if (!outcome.prepared) {
        Q_EMIT openFailed(job->spec, outcome.status, outcome.error);
        return;
    }
    adoptNew(std::move(*outcome.prepared));
    Q_EMIT opened(job->spec, outcome.note);
}

// --- what-if edits -------------------------------------------------------------------------

const core::Scenario& SessionModel::latestScenario() const { return m_latest ? *m_latest : m_scenario; }

void SessionModel::setBusyDelay(int ms) { m_busy_timer->setInterval(std::max(0, ms)); }

void SessionModel::applyEdit(core::Scenario scenario) {
    if (m_captured) {
        Q_EMIT simulationFailed(tr("What-if editing is off for a capture: it shows what happened. "
                                   "“Turn into a lesson” makes a lesson of it that can be changed."));
        return;
    }
    if (m_hosts) {
        Q_EMIT simulationFailed(tr("What-if editing works on lessons of two endpoints; this lesson of hosts is "
                                   "shown as it is."));
        return;
    }
    ++m_generation;
    if (!m_latest) m_busy_timer->start();   // a new period of simulating begins
    m_latest = scenario;
    if (m_running) {
        m_queued = std::move(scenario);     // replaces an older edit that has not started
        return;
    }
    startWorker(std::move(scenario));
}

void SessionModel::startWorker(core::Scenario scenario) {
    m_running = true;
    const std::uint64_t generation = m_generation;
    const core::StepGranularity g = m_granularity;
    // The worker owns its copy of the scenario and touches nothing of the session; its result
    // is adopted on this (the UI) thread by onWorkerDone().
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        onWorkerDone(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(workPool(), [scenario = std::move(scenario), generation, g]() mutable {
        Outcome out;
        out.generation = generation;
        try {
            out.prepared = prepare(std::move(scenario), g);
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        } catch (...) {
            out.error = QStringLiteral("?");
        }
        return out;
    }));
}

void SessionModel::onWorkerDone(const Outcome& outcome) {
    m_running = false;
    if (m_queued) {
        // A newer edit came in meanwhile: this result is already stale.
        core::Scenario next = std::move(*m_queued);
        m_queued.reset();
        startWorker(std::move(next));
        return;
    }
    if (outcome.generation != m_generation) return;   // cancelled by load() or setScenario()
    m_latest.reset();
    m_busy_timer->stop();
    setBusy(false);
    if (!outcome.prepared) {
        Q_EMIT simulationFailed(tr("The edited scenario cannot be simulated: %1").arg(outcome.error));
        return;
    }
    adopt(std::move(*outcome.prepared), m_cursor);
    Q_EMIT simulationFinished();
}

void SessionModel::cancelEdits() {
    ++m_generation;   // whatever is running now is stale
    m_queued.reset();
    m_latest.reset();
    m_busy_timer->stop();
    setBusy(false);
}

void SessionModel::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

QString SessionModel::language() {
    return Language::ofLocale(QLocale());
}

QString SessionModel::title() const {
    if (m_captured && m_trace->capture) {
        const core::CaptureSource& c = *m_trace->capture;
        return tr("%1, connection %2: %3 → %4")
            .arg(QString::fromStdString(m_scenario.id))
            .arg(c.connection)
            .arg(QString::fromStdString(c.a), QString::fromStdString(c.b));
    }
    const std::string t = m_scenario.title.in(language().toStdString());
    return t.empty() ? QString::fromStdString(m_scenario.id) : QString::fromStdString(t);
}

QString SessionModel::description() const {
    if (m_captured && m_trace->capture) {
        const core::CaptureSource& c = *m_trace->capture;
        // What a capture can and cannot show: one timestamp per packet, taken where it was
        // captured; states inferred, not seen.
        QString text = tr("Read from the capture %1: connection %2 of its %3, in %n segments. Each packet has one "
                          "timestamp, taken where the capture was made, so each arrow is drawn at that moment. The "
                          "states are inferred from the segments through RFC 9293's state diagram.",
                          nullptr, static_cast<int>(m_trace->segments.size()))
                           .arg(QString::fromStdString(c.file))
                           .arg(c.connection)
                           .arg(c.connections);
        if (c.from_middle)
            text += QLatin1Char(' ') + tr("The capture starts after the handshake: both sides are taken to be ESTABLISHED "
                                          "from the start.");
        text += QLatin1Char(' ') + (Text::isComplete(c.completeness) ? tr("Wireshark would call it complete (%1).")
                                                                     : tr("Wireshark would call it incomplete: it saw %1."))
                                       .arg(Text::completenessParts(c.completeness));
        return text;
    }
    return QString::fromStdString(m_scenario.description.in(language().toStdString()));
}

void SessionModel::setGranularity(core::StepGranularity g) {
    if (g == m_granularity) return;
    // Keep showing (about) the same events: the last cursor of the new partition that shows
    // no more than the old one did.
    const std::size_t shown = visibleEvents();
    m_granularity = g;
    m_steps = core::Steps(*m_trace, g);
    const int previous = m_cursor;
    m_cursor = static_cast<int>(m_steps.cursorShowing(shown));
    Q_EMIT granularityChanged(g);
    Q_EMIT cursorChanged(m_cursor, previous);
}

void SessionModel::setCursor(int cursor) {
    cursor = std::clamp(cursor, 0, stepCount());
    if (cursor == m_cursor) return;
    const int previous = m_cursor;
    m_cursor = cursor;
    // The inspector follows the step: the segment that arrives (or is lost) in it.
    if (const std::uint64_t id = currentStepSegment(); id != 0) {
        setSelectedSegment(id);
    } else if (m_selected != 0) {
        // Keep a selection that is still on screen.
        const auto end = endOfFlight(m_selected);
        if (!end || *end >= visibleEvents()) setSelectedSegment(0);
    }
    Q_EMIT cursorChanged(m_cursor, previous);
}

std::uint64_t SessionModel::currentStepSegment() const {
    const core::EventRange r = currentStepEvents();
    for (std::size_t i = r.end; i > r.begin; --i) {
        const core::Event& e = m_trace->events[i - 1];
        if (e.kind == core::EventKind::Arrive || e.kind == core::EventKind::Drop) return e.segment;
    }
    return 0;
}

std::optional<std::size_t> SessionModel::endOfFlight(std::uint64_t segment) const {
    if (segment == 0 || segment > m_end_of_flight.size() || m_end_of_flight[segment - 1] == kNever)
        return std::nullopt;
    return m_end_of_flight[segment - 1];
}

void SessionModel::setSelectedSegment(std::uint64_t id) {
    if (id > m_trace->segments.size()) id = 0;
    if (id == m_selected) return;
    m_selected = id;
    Q_EMIT selectedSegmentChanged(id);
}

std::array<core::TcbNumbers, 2> SessionModel::tcbsAtCursor() const {
    const std::size_t visible = visibleEvents();
    return {m_trace->tcbAfter(core::Side::A, visible), m_trace->tcbAfter(core::Side::B, visible)};
}

}  // namespace tcpviz::ui
