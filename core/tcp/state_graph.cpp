#include "core/tcp/state_graph.h"

#include <algorithm>
#include <array>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/property_map.hpp>
#include <limits>
#include <map>
#include <ostream>
#include <stdexcept>


namespace tcpviz::core {
namespace {

using EdgeId = StateGraph::EdgeId;
constexpr EdgeId kNoEdge = std::numeric_limits<EdgeId>::max();

constexpr std::size_t index(State s) {
    return static_cast<std::size_t>(s);
}
constexpr std::size_t index(Cause c) {
    return static_cast<std::size_t>(c);
}
constexpr std::size_t lookupIndex(State from, State to, Cause cause) {
    return (index(from) * kStateCount + index(to)) * kCauseCount + index(cause);
}

// Where Figure 5 draws each state, in State order.
struct Place {
    State state;
    GridPos pos;
};
constexpr std::array<Place, kStateCount> kLayout = {{
    {State::Closed, {1, 0}},
    {State::Listen, {1, 1}},
    {State::SynSent, {2, 2}},
    {State::SynReceived, {0, 2}},
    {State::Established, {1, 3}},
    {State::FinWait1, {0, 4}},
    {State::FinWait2, {0, 5}},
    {State::CloseWait, {2, 4}},
    {State::Closing, {1, 5}},
    {State::LastAck, {2, 5}},
    {State::TimeWait, {1, 6}},
}};
// The second CLOSED, bottom right: the target of TIME-WAIT's and LAST-ACK's edges.
constexpr GridPos kClosedAlias = {2, 6};

struct EdgeSpec {
    State from;
    State to;
    Cause cause;
    const char* event;
    const char* action;  // "" when the figure shows "x" or nothing
    const char* note;
};

// The 20 edges of Figure 5, labelled as the figure labels them, top to bottom.
constexpr std::array<EdgeSpec, 20> kDrawn = {{
    {State::Closed, State::Listen, Cause::PassiveOpen, "passive OPEN", "create TCB", ""},
    {State::Closed, State::SynSent, Cause::ActiveOpen, "active OPEN", "create TCB, snd SYN", ""},
    {State::Listen, State::Closed, Cause::Close, "CLOSE", "delete TCB", ""},
    {State::Listen, State::SynReceived, Cause::RcvSyn, "rcv SYN", "snd SYN,ACK", ""},
    {State::Listen, State::SynSent, Cause::Send, "SEND", "snd SYN", ""},
    {State::SynSent, State::Closed, Cause::Close, "CLOSE", "delete TCB", ""},
    // RFC 793 labelled this "snd ACK"; RFC 9293 corrected it to "snd SYN,ACK".
    {State::SynSent, State::SynReceived, Cause::RcvSyn, "rcv SYN", "snd SYN,ACK", ""},
    {State::SynReceived, State::Listen, Cause::RcvRst, "rcv RST", "",
     "Figure 5 note 1: only when SYN-RECEIVED was reached after a passive OPEN"},
    {State::SynReceived, State::Established, Cause::RcvAckOfSyn, "rcv ACK of SYN", "", ""},
    {State::SynSent, State::Established, Cause::RcvSynAck, "rcv SYN,ACK", "snd ACK", ""},
    {State::SynReceived, State::FinWait1, Cause::Close, "CLOSE", "snd FIN", ""},
    {State::Established, State::FinWait1, Cause::Close, "CLOSE", "snd FIN", ""},
    {State::Established, State::CloseWait, Cause::RcvFin, "rcv FIN", "snd ACK", ""},
    {State::FinWait1, State::FinWait2, Cause::RcvAckOfFin, "rcv ACK of FIN", "", ""},
    {State::FinWait1, State::Closing, Cause::RcvFin, "rcv FIN", "snd ACK", ""},
    {State::CloseWait, State::LastAck, Cause::Close, "CLOSE", "snd FIN", ""},
    {State::FinWait2, State::TimeWait, Cause::RcvFin, "rcv FIN", "snd ACK", ""},
    {State::Closing, State::TimeWait, Cause::RcvAckOfFin, "rcv ACK of FIN", "", ""},
    {State::LastAck, State::Closed, Cause::RcvAckOfFin, "rcv ACK of FIN", "", ""},
    {State::TimeWait, State::Closed, Cause::Timeout2Msl, "Timeout=2MSL", "delete TCB", ""},
}};

// Transitions the figure leaves out, each named by a figure note or an RFC section.
constexpr std::array<EdgeSpec, 6> kUndrawnSingles = {{
    {State::FinWait1, State::TimeWait, Cause::RcvFinAckOfFin, "rcv FIN,ACK of FIN", "snd ACK",
     "Figure 5 note 2: a FIN that also acknowledges our FIN"},
    {State::SynReceived, State::Listen, Cause::RcvSyn, "rcv SYN", "",
     "RFC 9293 §3.10.7.4, fourth step: a SYN in SYN-RECEIVED after a passive OPEN returns to "
     "LISTEN"},
    {State::Listen, State::SynSent, Cause::ActiveOpen, "active OPEN", "snd SYN",
     "RFC 9293 §3.10.1: an active OPEN on a listening connection"},
    {State::Listen, State::Established, Cause::RcvSynTwoWay, "rcv SYN", "snd SYN,ACK",
     "teaching variant: two-way handshake (not TCP)"},
    {State::SynReceived, State::Listen, Cause::RetransmitLimit, "retransmission limit", "",
     "RFC 9293 Figure 5 note 1 and §3.8.3: a passive SYN-RECEIVED that gives up the SYN,ACK "
     "returns to LISTEN"},
    {State::TimeWait, State::Listen, Cause::RcvSynNewIsn, "rcv SYN (new ISN)", "",
     "Linux (tcp_timewait_state_process) and RFC 6191: a server's TIME-WAIT gives way to a new "
     "SYN beyond the old sequence space; the listener answers it"},
}};

// Every state in which a connection exists (all but CLOSED).
constexpr std::array<State, 10> kOpenStates = {
    State::Listen,   State::SynSent,   State::SynReceived, State::Established, State::FinWait1,
    State::FinWait2, State::CloseWait, State::Closing,     State::LastAck,     State::TimeWait};

// An acceptable RST closes the connection in every state that has a peer. (SYN-RECEIVED after
// a passive OPEN goes back to LISTEN instead: the drawn edge of note 1.)
constexpr std::array<State, 9> kRstCloses = {
    State::SynSent,   State::SynReceived, State::Established, State::FinWait1, State::FinWait2,
    State::CloseWait, State::Closing,     State::LastAck,     State::TimeWait};

// ABORT sends a RST where the peer may think the connection is open (§3.10.5).
constexpr bool abortSendsRst(State s) {
    return s == State::SynReceived || s == State::Established || s == State::FinWait1 ||
           s == State::FinWait2 || s == State::CloseWait;
}

// States with unacknowledged data or control, where retransmissions can run out and the user
// timeout applies (§3.8.3, §3.10.8). FIN-WAIT-2 and TIME-WAIT have nothing to retransmit.
constexpr std::array<State, 7> kRetransmitting = {
    State::SynSent,   State::SynReceived, State::Established, State::FinWait1,
    State::CloseWait, State::Closing,     State::LastAck};

std::vector<EdgeSpec> allEdges() {
    std::vector<EdgeSpec> specs(kDrawn.begin(), kDrawn.end());
    specs.insert(specs.end(), kUndrawnSingles.begin(), kUndrawnSingles.end());
    for (State s : kRstCloses) {
        const char* note = s == State::SynSent       ? "Figure 5 note 3; RFC 9293 §3.10.7.3"
                           : s == State::SynReceived ? "Figure 5 notes 1 and 3: after an active "
                                                       "OPEN; RFC 9293 §3.10.7.4"
                                                     : "Figure 5 note 3; RFC 9293 §3.10.7.4";
        specs.push_back({s, State::Closed, Cause::RcvRst, "rcv RST", "", note});
    }
    for (State s : kOpenStates) {
        specs.push_back({s, State::Closed, Cause::Abort, "ABORT",
                         abortSendsRst(s) ? "snd RST" : "delete TCB", "RFC 9293 §3.10.5"});
    }
    for (State s : kOpenStates) {
        specs.push_back({s, State::Closed, Cause::Reboot, "reboot", "TCB lost",
                         "the host crashed and lost its TCB: nothing is sent, a peer is left "
                         "with a half-open connection (RFC 9293 §3.5.1)"});
    }
    for (State s : kRetransmitting) {
        specs.push_back({s, State::Closed, Cause::RetransmitLimit, "retransmission limit",
                         "delete TCB", "RFC 9293 §3.8.3 (threshold R2)"});
    }
    for (State s : kRetransmitting) {
        specs.push_back({s, State::Closed, Cause::UserTimeout, "user timeout", "delete TCB",
                         "RFC 9293 §3.10.8"});
    }
    // A kernel's, where RFC 9293 leaves room (many connections on one host):
    specs.push_back({State::FinWait2, State::Closed, Cause::FinTimeout, "tcp_fin_timeout", "delete TCB",
                     "Linux: a FIN-WAIT-2 whose program has closed it waits net.ipv4.tcp_fin_timeout "
                     "(60 s) for the peer's FIN; RFC 9293 waits for ever"});
    specs.push_back({State::TimeWait, State::Closed, Cause::TimeWaitReused, "tw_reuse", "delete TCB",
                     "Linux: with net.ipv4.tcp_tw_reuse a new connect() takes over a 4-tuple that has "
                     "been in TIME-WAIT for a second (tcp_twsk_unique)"});
    return specs;
}

// DOT needs quotes and backslashes escaped inside a quoted string.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

// Keeps the edges of Figure 5 (or all of them) for the breadth-first search.
struct EdgeFilter {
    const StateGraph::Graph* graph = nullptr;
    StateGraph::DotDetail detail = StateGraph::DotDetail::Figure5;
    bool operator()(StateGraph::Graph::edge_descriptor e) const {
        const EdgeProps& p = (*graph)[e];
        switch (detail) {
            case StateGraph::DotDetail::Figure5:
                return p.drawn;
            case StateGraph::DotDetail::Figure5AndNotes:
                // Not the teaching variant, nor Linux's TIME-WAIT reuse: neither is RFC 9293.
                return p.drawn || ((*graph)[boost::target(e, *graph)].state != State::Closed &&
                                   p.cause != Cause::RcvSynTwoWay && p.cause != Cause::RcvSynNewIsn);
            case StateGraph::DotDetail::Everything:
                return true;
        }
        return true;
    }
};

}  // namespace

std::string EdgeProps::label() const {
    return action.empty() ? event : event + " / " + action;
}

const StateGraph& StateGraph::rfc9293() {
    static const StateGraph graph;
    return graph;
}

StateGraph::StateGraph()
    : m_graph(kStateCount), m_lookup(kStateCount * kStateCount * kCauseCount, kNoEdge) {
    for (const Place& p : kLayout) {
        VertexProps& v = m_graph[index(p.state)];
        v.state = p.state;
        v.name = std::string(stateName(p.state));
        v.pos = p.pos;
    }
    m_graph[index(State::Closed)].alias = kClosedAlias;

    for (const EdgeSpec& spec : allEdges()) {
        const EdgeId id = m_edges.size();
        const bool drawn = id < kDrawn.size();
        EdgeProps props{.id = id,
                        .cause = spec.cause,
                        .event = spec.event,
                        .action = spec.action,
                        .drawn = drawn,
                        .to_alias = drawn && spec.to == State::Closed &&
                                    (spec.from == State::TimeWait || spec.from == State::LastAck),
                        .note = spec.note};
        EdgeId& slot = m_lookup[lookupIndex(spec.from, spec.to, spec.cause)];
        if (slot != kNoEdge) throw std::logic_error("StateGraph: duplicate (from, to, cause)");
        slot = id;
        m_edges.push_back(
            boost::add_edge(index(spec.from), index(spec.to), std::move(props), m_graph).first);
    }
}

const VertexProps& StateGraph::vertex(State s) const {
    return m_graph[index(s)];
}

std::vector<StateGraph::EdgeId> StateGraph::edges() const {
    std::vector<EdgeId> ids(m_edges.size());
    for (EdgeId id = 0; id < ids.size(); ++id) ids[id] = id;
    return ids;
}

const EdgeProps& StateGraph::edge(EdgeId id) const {
    return m_graph[m_edges.at(id)];
}

State StateGraph::source(EdgeId id) const {
    return static_cast<State>(boost::source(m_edges.at(id), m_graph));
}

State StateGraph::target(EdgeId id) const {
    return static_cast<State>(boost::target(m_edges.at(id), m_graph));
}

std::optional<StateGraph::EdgeId> StateGraph::findEdge(State from, State to, Cause cause) const {
    const EdgeId id = m_lookup[lookupIndex(from, to, cause)];
    if (id == kNoEdge) return std::nullopt;
    return id;
}

std::optional<std::vector<StateGraph::EdgeId>> StateGraph::shortestPath(State from, State to,
                                                                        bool drawnOnly) const {
    if (from == to) return std::vector<EdgeId>{};
    const boost::filtered_graph<Graph, EdgeFilter> view(
        m_graph, EdgeFilter{&m_graph, drawnOnly ? DotDetail::Figure5 : DotDetail::Everything});

    // The tree edge by which BFS first reached each vertex.
    std::vector<std::optional<Graph::edge_descriptor>> reachedBy(kStateCount);
    auto predecessors = boost::make_iterator_property_map(reachedBy.begin(),
                                                          boost::get(boost::vertex_index, m_graph));
    boost::breadth_first_search(
        view, index(from),
        boost::visitor(boost::make_bfs_visitor(
            boost::record_edge_predecessors(predecessors, boost::on_tree_edge()))));

    if (!reachedBy[index(to)]) return std::nullopt;
    std::vector<EdgeId> path;
    for (std::size_t v = index(to); v != index(from);) {
        const Graph::edge_descriptor e = *reachedBy[v];
        path.push_back(m_graph[e].id);
        v = boost::source(e, m_graph);
    }
    std::reverse(path.begin(), path.end());
    return path;
}

void StateGraph::writeDot(std::ostream& out, DotDetail detail) const {
    // dot ranks the nodes top to bottom; one rank per row of the figure, each listed left to
    // right, is what keeps Figure 5's shape (with ordering=out for FIN-WAIT-1's two edges).
    std::map<double, std::vector<std::size_t>> rows;
    for (std::size_t v = 0; v < kStateCount; ++v) rows[m_graph[v].pos.row].push_back(v);
    for (auto& [row, vertices] : rows) {
        std::sort(vertices.begin(), vertices.end(), [this](std::size_t a, std::size_t b) {
            return m_graph[a].pos.col < m_graph[b].pos.col;
        });
    }
    const auto graphAttributes = [&rows, detail](std::ostream& os) {
        if (detail == DotDetail::Figure5AndNotes) {
            os << "label=\"RFC 9293 Figure 5. Dashed: transitions the figure's notes and the text "
                  "add.\\nNot drawn: rcv RST, ABORT, reboot, retransmission limit and user timeout "
                  "lead from most states to CLOSED.\";\nlabelloc=b;\nfontname=\"Helvetica\";\n"
                  "fontsize=11;\n";
        }
        os << "rankdir=TB;\n"
              "ordering=out;\n"
              "node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
              "edge [fontname=\"Helvetica\", fontsize=10];\n";
        for (const auto& [row, vertices] : rows) {
            os << "subgraph {rank=same;";
            for (std::size_t v : vertices) os << ' ' << v << ';';
            os << "}\n";
        }
    };
    const auto vertexAttributes = [this](std::ostream& os, Graph::vertex_descriptor v) {
        os << "[label=" << quoted(m_graph[v].name) << "]";
    };
    const auto edgeAttributes = [this](std::ostream& os, Graph::edge_descriptor e) {
        const EdgeProps& p = m_graph[e];
        os << "[label=" << quoted(p.label());
        if (!p.drawn) {
            os << ", style=dashed, color=gray55, fontcolor=gray45, fontsize=8, tooltip="
               << quoted(p.note);
        }
        // Only the figure's downward edges shape the ranks; edges back up (to CLOSED, LISTEN)
        // or along a row, and the undrawn ones, are routed without moving any state.
        const bool downward =
            m_graph[boost::target(e, m_graph)].pos.row > m_graph[boost::source(e, m_graph)].pos.row;
        if (!p.drawn || !downward) os << ", constraint=false";
        os << "]";
    };
    if (detail != DotDetail::Everything) {
        const boost::filtered_graph<Graph, EdgeFilter> figure(m_graph, EdgeFilter{&m_graph, detail});
        boost::write_graphviz(out, figure, vertexAttributes, edgeAttributes, graphAttributes);
    } else {
        boost::write_graphviz(out, m_graph, vertexAttributes, edgeAttributes, graphAttributes);
    }
}

std::vector<StateGraph::EdgeId> StateGraph::edgesTaken(std::span<const StateChange> changes) const {
    std::vector<EdgeId> taken;
    for (const StateChange& c : changes)
        if (const auto id = findEdge(c)) taken.push_back(*id);
    return taken;
}

EdgeCoverage::EdgeCoverage(const StateGraph& graph)
    : m_graph(&graph), m_hits(graph.edgeCount(), 0) {}

bool EdgeCoverage::add(const StateChange& change) {
    const std::optional<StateGraph::EdgeId> id = m_graph->findEdge(change);
    if (!id) {
        m_unmatched.push_back(change);
        return false;
    }
    ++m_hits[*id];
    return true;
}

bool EdgeCoverage::add(std::span<const StateChange> changes) {
    bool allMatched = true;
    for (const StateChange& c : changes) allMatched = add(c) && allMatched;
    return allMatched;
}

std::vector<StateGraph::EdgeId> EdgeCoverage::uncovered(bool drawnOnly) const {
    std::vector<StateGraph::EdgeId> ids;
    for (StateGraph::EdgeId id = 0; id < m_hits.size(); ++id) {
        if (m_hits[id] == 0 && (!drawnOnly || m_graph->edge(id).drawn)) ids.push_back(id);
    }
    return ids;
}

}  // namespace tcpviz::core
