#include "core/sim/simulator.h"

#include <algorithm>
#include <stdexcept>

namespace tcpviz::core {
namespace {

std::uint32_t addressOf(const ScenarioEndpoint& e) {
    if (auto a = ipv4FromString(e.address)) return *a;
    throw std::invalid_argument("invalid IPv4 address: " + e.address);
}

EndpointConfig endpointConfig(const Scenario& s, Side side) {
    const ScenarioEndpoint& self = s.endpoints[idx(side)];
    const ScenarioEndpoint& peer = s.endpoints[idx(peerOf(side))];
    EndpointConfig c;
    c.address = addressOf(self);
    c.port = self.port;
    c.peer_address = addressOf(peer);
    c.peer_port = peer.port;
    c.tcp = self.tcp;
    c.isn = self.isn;
    return c;
}

LinkModel linkModel(const Scenario& s, Side from) {
    const LinkDirection& d = s.link[idx(from)];
    LinkModel m;
    // Scripted faults first: they pick segments by what they are, before chance does.
    std::vector<ScriptedFault> faults;
    for (const FaultSpec& f : s.faults)
        if (f.from == from) faults.push_back({f.filter, f.nth, f.action, msToUs(f.amount_ms)});
    if (!faults.empty()) m.add(scriptedFaults(std::move(faults)));
    addLinkStages(m, d);
    return m;
}

}  // namespace

Simulator::Simulator(const Scenario& scenario, SimulatorOptions options)
    : m_script(scenario.script),
      m_endpoints{Endpoint(endpointConfig(scenario, Side::A)), Endpoint(endpointConfig(scenario, Side::B))},
      m_links{linkModel(scenario, Side::A), linkModel(scenario, Side::B)},
      m_base_delay{msToUs(scenario.link[0].delay_ms), msToUs(scenario.link[1].delay_ms)},
      m_rng(scenario.seed),
      m_horizon(msToUs(scenario.horizon_ms)),
      m_max_events(scenario.max_events),
      m_options(options) {
    m_trace.scenario_id = scenario.id;
    m_trace.scenario_title = scenario.title.in("en");
    for (Side s : {Side::A, Side::B}) {
        const ScenarioEndpoint& e = scenario.endpoints[idx(s)];
        m_trace.endpoints[idx(s)] = {sideName(s), e.name, addressOf(e), e.port, e.tcp.congestion};
    }
    if (scenario.start == StartMode::Established) {
        const std::uint32_t isn_a = scenario.endpoints[0].isn.empty() ? 100 : scenario.endpoints[0].isn[0];
        const std::uint32_t isn_b = scenario.endpoints[1].isn.empty() ? 300 : scenario.endpoints[1].isn[0];
        const TcpConfig& a = scenario.endpoints[0].tcp;
        const TcpConfig& b = scenario.endpoints[1].tcp;
        m_endpoints[0].startEstablished(SeqNum(isn_a), SeqNum(isn_b), b.window, b.mss);
        m_endpoints[1].startEstablished(SeqNum(isn_b), SeqNum(isn_a), a.window, a.mss);
        m_trace.initial_states = {State::Established, State::Established};
    }
    for (Side s : {Side::A, Side::B})
        m_trace.tcb_samples[idx(s)].push_back({0, m_endpoints[idx(s)].numbers()});
    for (std::size_t i = 0; i < m_script.size(); ++i)
        schedule(msToUs(m_script[i].at_ms), PendingKind::Script, Side::A,
                 static_cast<std::uint32_t>(i));
    reserveTrace(scenario);
}

void Simulator::reserveTrace(const Scenario& scenario) {
    // A long transfer records hundreds of thousands of events: room for about as many as the
    // script's sends will make, so that the trace is not copied over and over as it grows.
    // (About 1.6 segments per data segment with their ACKs, 3.5 events per segment.)
    double data_segments = 0;
    for (const ScriptAction& a : m_script) {
        const auto* call = std::get_if<ScriptCall>(&a.what);
        if (!call || call->call != CallKind::Send) continue;
        const auto& e = scenario.endpoints;
        const double mss = std::max(1, std::min<int>(e[idx(call->endpoint)].tcp.mss, e[idx(peerOf(call->endpoint))].tcp.mss));
        data_segments += call->bytes / mss;
    }
    // Never more than the event limit allows.
    const double segments = std::min(static_cast<double>(scenario.max_events) / 3.5, 64 + 1.6 * data_segments);
    m_trace.segments.reserve(static_cast<std::size_t>(segments));
    m_trace.events.reserve(static_cast<std::size_t>(256 + 3.5 * segments));
    for (auto& samples : m_trace.tcb_samples) samples.reserve(static_cast<std::size_t>(16 + 0.6 * segments));
}

void Simulator::schedule(TimeUs time, PendingKind kind, Side side, std::uint32_t index,
                         std::uint16_t copy, DropReason reason) {
    const Pending p{time, m_order++, index, copy, kind, side, reason};
    if (kind == PendingKind::Arrival) {
        // Its lane stays sorted when it is due no earlier than the lane's last (whose order is
        // lower); otherwise (jitter, a delayed or duplicated copy) it goes to the heap.
        std::vector<Pending>& lane = m_arrivals[idx(side)].items;
        if (lane.size() == m_arrivals[idx(side)].head || lane.back().time <= time) {
            lane.push_back(p);
            return;
        }
    }
    m_queue.push_back(p);
    std::push_heap(m_queue.begin(), m_queue.end(), Later{});
}

const Simulator::Pending* Simulator::next() const {
    const Pending* best = m_queue.empty() ? nullptr : &m_queue.front();
    for (const ArrivalLane& lane : m_arrivals) {
        if (lane.head == lane.items.size()) continue;
        const Pending& front = lane.items[lane.head];
        if (!best || before(front, *best)) best = &front;
    }
    return best;
}

Simulator::Pending Simulator::take(const Pending* which) {
    for (ArrivalLane& lane : m_arrivals) {
        if (lane.head == lane.items.size() || which != &lane.items[lane.head]) continue;
        const Pending p = *which;
        if (++lane.head == lane.items.size()) {
            lane.items.clear();
            lane.head = 0;
        } else if (lane.head >= 1024 && 2 * lane.head >= lane.items.size()) {
            // Drop the taken half now and then: the lane's memory stays proportional to what
            // waits in it, and each item moves at most once per halving (amortized O(1)).
            const auto taken = static_cast<std::ptrdiff_t>(lane.head);
            lane.items.erase(lane.items.begin(), lane.items.begin() + taken);
            lane.head = 0;
        }
        return p;
    }
    std::pop_heap(m_queue.begin(), m_queue.end(), Later{});
    const Pending p = m_queue.back();
    m_queue.pop_back();
    return p;
}

void Simulator::run() {
    while (runUntil(m_horizon)) {
    }
    // Stopped by the limit on events, by the horizon when something was still to happen, else
    // when all was quiet.
    if (m_trace.events.size() >= m_max_events) {
        m_trace.end = {EndReason::Limit, m_now};
    } else if (next()) {
        m_trace.end = {EndReason::Horizon, m_horizon};
    } else {
        m_trace.end = {EndReason::Quiet, m_trace.events.empty() ? 0 : m_trace.events.back().time};
    }
}

bool Simulator::runUntil(TimeUs until) {
    // A scenario that never settles (a tiny RTO, a huge transfer) stops at its event limit: the
    // trace, and the memory it takes, stay bounded whatever the file says.
    std::uint32_t until_check = kControlEvery;
    for (const Pending* n = next(); n && n->time <= until && m_trace.events.size() < m_max_events;
         n = next()) {
        if (--until_check == 0) {
            until_check = kControlEvery;
            checkControl();
        }
        const Pending p = take(n);
        m_now = p.time;
        dispatch(p);
    }
    const Pending* n = next();
    return n && n->time <= m_horizon && n->time <= until && m_trace.events.size() < m_max_events;
}

void Simulator::checkControl() {
    if (m_control.events) m_control.events->store(m_trace.events.size(), std::memory_order_relaxed);
    if (m_control.cancel && m_control.cancel->load(std::memory_order_relaxed)) throw SimulationCancelled();
}

Event& Simulator::record(EventKind kind, Side endpoint) {
    // Built where it stays: a long run records hundreds of thousands of events.
    Event& e = m_trace.events.emplace_back();
    e.kind = kind;
    e.endpoint = endpoint;
    e.input = static_cast<std::uint32_t>(m_input);
    e.time = m_now;
    return e;
}

void Simulator::dispatch(const Pending& p) {
    m_input = m_trace.events.size();
    switch (p.kind) {
        case PendingKind::Script:
            return runScript(m_script[p.index]);
        case PendingKind::Arrival: {
            const std::size_t at = m_trace.events.size();
            Event& e = record(EventKind::Arrive, p.side);
            e.segment = p.index;
            e.copy = p.copy;
            m_actions.clear();
            m_endpoints[idx(p.side)].onSegment(m_trace.segment(p.index).segment, m_now, m_actions);
            return apply(p.side, at);
        }
        case PendingKind::Drop: {
            Event& e = record(EventKind::Drop, p.side);
            e.segment = p.index;
            e.copy = p.copy;
            e.drop_reason = p.reason;
            return;
        }
        case PendingKind::TimerCheck: {
            m_timer_check[idx(p.side)].reset();
            Endpoint& ep = m_endpoints[idx(p.side)];
            m_actions.clear();
            ep.onTimers(m_now, m_actions);
            apply(p.side, m_trace.events.size());
            return scheduleTimerCheck(p.side);
        }
    }
}

void Simulator::runScript(const ScriptAction& action) {
    if (const auto* inj = std::get_if<ScriptInject>(&action.what)) return inject(*inj);
    const auto& call = std::get<ScriptCall>(action.what);
    const std::size_t at = m_trace.events.size();
    Event& e = record(EventKind::Call, call.endpoint);
    e.call = call.call;
    e.bytes = call.bytes;
    Endpoint& ep = m_endpoints[idx(call.endpoint)];
    m_actions.clear();
    switch (call.call) {
        case CallKind::Listen: ep.listen(m_now, m_actions); break;
        case CallKind::Connect: ep.connect(m_now, m_actions); break;
        case CallKind::Send: {
            // The next bytes of the application's stream: only where they are, never the bytes.
            // A send the connection refuses ("connection closing") does not use them up.
            std::uint64_t& offset = m_stream_offset[idx(call.endpoint)];
            ep.send(Payload::generated(streamOf(call.endpoint), offset, call.bytes), m_now, m_actions);
            if (m_actions.all<NoticeAction>().empty()) offset += call.bytes;
            break;
        }
        case CallKind::Receive: ep.receive(call.bytes, m_now, m_actions); break;
        case CallKind::Close: ep.close(m_now, m_actions); break;
        case CallKind::Abort: ep.abort(m_now, m_actions); break;
        case CallKind::Reboot: ep.reboot(m_now, m_actions); break;
    }
    apply(call.endpoint, at);
}

void Simulator::inject(const ScriptInject& inj) {
    // A segment from nowhere (an old duplicate), seeming to come from `inj.from`.
    const Endpoint& from = m_endpoints[idx(inj.from)];
    Segment s;
    s.src_port = from.config().port;
    s.dst_port = from.config().peer_port;
    s.seq = SeqNum(inj.seq);
    s.flags = inj.flags;
    if (s.has(kAck)) s.ack = SeqNum(inj.ack);
    s.window = inj.window;
    s.payload = Payload::generated(Stream::Filler, 0, inj.len);
    finalize(s, from.outgoingPseudoHeader());
    if (inj.bad_checksum) s.checksum = static_cast<std::uint16_t>(s.checksum ^ 0x5A5A);
    transmit(inj.from, std::move(s), SendReason::Injected, 0, 0, 0);
}

void Simulator::transmit(Side from, Segment&& segment, SendReason reason, std::uint32_t cwnd,
                         std::uint32_t ssthresh, std::uint32_t flight) {
    const auto id = static_cast<std::uint32_t>(m_trace.segments.size() + 1);
    const std::size_t wire = 20 + segment.data_offset * 4u + segment.payload.size();
    const SegmentRecord& rec = m_trace.segments.emplace_back(
        SegmentRecord{id, from, reason, std::move(segment), m_now, cwnd, ssthresh, flight});
    record(EventKind::Send, from).segment = id;
    const LinkPacket packet{rec.segment, id, rec.retransmission(), wire};
    LinkDecision d = m_links[idx(from)].decide(packet, m_now, m_rng);
    if (d.dropped) {
        // A lost segment is shown dying half-way along the link.
        schedule(m_now + m_base_delay[idx(from)] / 2, PendingKind::Drop, from, id, 0, *d.dropped);
        return;
    }
    for (std::size_t copy = 0; copy < d.arrivals.size(); ++copy)
        schedule(d.arrivals[copy], PendingKind::Arrival, peerOf(from), id,
                 static_cast<std::uint16_t>(copy));
}

void Simulator::apply(Side side, std::size_t input_event) {
    for (Action& action : m_actions.list) {
        if (auto* sc = std::get_if<StateChange>(&action)) {
            Event& e = record(EventKind::State, side);
            e.from = sc->from;
            e.to = sc->to;
            e.cause = sc->cause;
        } else if (auto* send = std::get_if<SendAction>(&action)) {
            transmit(side, std::move(send->segment), send->reason, send->cwnd, send->ssthresh, send->flight);
        } else if (auto* timer = std::get_if<TimerAction>(&action)) {
            Event& e = record(EventKind::Timer, side);
            e.timer = timer->kind;
            e.timer_op = timer->op;
            e.deadline = timer->deadline;
        } else if (auto* deliver = std::get_if<DeliverAction>(&action)) {
            record(EventKind::Deliver, side).bytes = deliver->data.size();
            m_delivered_count[idx(side)] += deliver->data.size();
            if (m_options.keep_delivered_bytes) {
                deliver->data.appendTo(m_delivered[idx(side)]);
                m_delivered_ranges[idx(side)].push_back(
                    {deliver->data.offset(), deliver->data.size(), m_trace.events.size() - 1});
            }
        } else if (auto* notice = std::get_if<NoticeAction>(&action)) {
            // A signal belongs to the call or arrival that caused it; the first one counts.
            if (input_event < m_trace.events.size() && m_trace.events[input_event].notice == Notice::None)
                m_trace.events[input_event].notice = notice->notice;
        } else if (auto* dup = std::get_if<DupAckAction>(&action)) {
            if (input_event < m_trace.events.size())
                m_trace.events[input_event].dup_ack = static_cast<std::uint16_t>(std::min<std::uint32_t>(dup->count, UINT16_MAX));
        }
    }
    m_actions.clear();
    sampleTcb(side);
    scheduleTimerCheck(side);
}

void Simulator::sampleTcb(Side side) {
    // Compared with the last sample itself (the constructor takes the first): no second copy
    // kept elsewhere, whose writing and reading back right away showed in the profile.
    auto& samples = m_trace.tcb_samples[idx(side)];
    const TcbNumbers now = m_endpoints[idx(side)].numbers();
    if (!samples.empty() && now == samples.back().tcb) return;
    samples.push_back({static_cast<std::uint32_t>(m_trace.events.size()), now});
}

void Simulator::scheduleTimerCheck(Side side) {
    const auto due = m_endpoints[idx(side)].pollAt();
    if (!due) return;
    auto& scheduled = m_timer_check[idx(side)];
    if (scheduled && *scheduled <= *due) return;
    scheduled = *due;
    schedule(*due, PendingKind::TimerCheck, side, 0);
}

Trace simulate(const Scenario& scenario) {
    Simulator sim(scenario);
    sim.run();
    return sim.takeTrace();
}

Trace simulate(const Scenario& scenario, const SimulationControl& control) {
    Simulator sim(scenario);
    sim.setControl(control);
    sim.run();
    if (control.events) control.events->store(sim.trace().events.size(), std::memory_order_relaxed);
    return sim.takeTrace();
}

}  // namespace tcpviz::core
