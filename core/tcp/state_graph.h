#pragma once
// RFC 9293 Figure 5, the TCP connection state diagram, as a Boost graph: the 11 states, the 20
// edges the figure draws (labelled as the figure labels them), and the transitions its notes and
// the event-processing sections leave out (RST, ABORT, FIN-WAIT-1 -> TIME-WAIT, ...). The engine's
// state changes are checked against it, the UI draws it, writeDot() exports it.
#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/tcp/actions.h"
#include "core/tcp/state.h"

namespace tcpviz::core {


// A place in the figure's layout, in grid cells: columns 0 (left) to 2 (right), rows 0 (top,
// CLOSED) to 6 (bottom, TIME-WAIT). A view scales it to its own size.
struct GridPos {
    double col = 0;
    double row = 0;
    bool operator==(const GridPos&) const = default;
};

struct VertexProps {
    State state = State::Closed;
    std::string name;  // RFC spelling: "SYN-RECEIVED"
    GridPos pos;
    std::optional<GridPos> alias;  // CLOSED only: the figure draws it again at the bottom right
};

struct EdgeProps {
    std::size_t id = 0;  // the StateGraph::EdgeId of this edge
    Cause cause = Cause::PassiveOpen;
    std::string event;      // "rcv SYN"
    std::string action;     // "snd SYN,ACK", "delete TCB"; empty when none ("x")
    bool drawn = false;     // drawn in Figure 5
    bool to_alias = false;  // the figure draws it into the bottom-right CLOSED
    std::string note;       // the figure note or RFC section that describes it
    // "event / action", or just the event when there is no action.
    [[nodiscard]] std::string label() const;
};

class StateGraph {
public:
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                        VertexProps, EdgeProps>;
    // Edges are numbered 0..edgeCount()-1: the 20 drawn edges first, in the order of the figure
    // (top to bottom), then the others. Vertex index == static_cast<std::size_t>(State).
    using EdgeId = std::size_t;

    static const StateGraph& rfc9293();

    // Edge descriptors point into the graph, so a StateGraph is neither copied nor moved.
    StateGraph(const StateGraph&) = delete;
    StateGraph& operator=(const StateGraph&) = delete;

    [[nodiscard]] const Graph& graph() const { return m_graph; }
    [[nodiscard]] const VertexProps& vertex(State s) const;

    [[nodiscard]] std::size_t edgeCount() const { return m_edges.size(); }
    [[nodiscard]] std::vector<EdgeId> edges() const;
    [[nodiscard]] const EdgeProps& edge(EdgeId id) const;
    [[nodiscard]] State source(EdgeId id) const;
    [[nodiscard]] State target(EdgeId id) const;
    [[nodiscard]] Graph::edge_descriptor descriptor(EdgeId id) const { return m_edges.at(id); }

    // The edge a state change takes; (from, to, cause) names at most one edge. O(1).
    [[nodiscard]] std::optional<EdgeId> findEdge(State from, State to, Cause cause) const;
    [[nodiscard]] std::optional<EdgeId> findEdge(const StateChange& c) const {
        return findEdge(c.from, c.to, c.cause);
    }

    // The fewest edges from `from` to `to` (breadth-first search): empty when from == to,
    // nullopt when `to` cannot be reached. drawnOnly keeps to Figure 5's edges, which is what a
    // hint ("how do I get to TIME-WAIT?") should show. Among equally short paths the one found
    // first in edge order wins, so the answer is deterministic.
    // The edges taken by these state changes, in order (what the views tint as "visited"; a
    // trace gives its own with Trace::stateChanges). Changes that match no edge are skipped.
    [[nodiscard]] std::vector<EdgeId> edgesTaken(std::span<const StateChange> changes) const;

    [[nodiscard]] std::optional<std::vector<EdgeId>> shortestPath(State from, State to,
                                                                  bool drawnOnly = true) const;

    // Graphviz DOT: node id = vertex index, node label = RFC state name, edge label =
    // EdgeProps::label(), edges not drawn in Figure 5 dashed and grey; `dot` lays it out in the
    // figure's rows. Deterministic. Every edge by default (the 47 undrawn ones into CLOSED make
    // a wide picture); drawnOnly writes just Figure 5, which renders as a readable diagram.
    enum class DotDetail {
        Figure5,          // the edges drawn in Figure 5
        Figure5AndNotes,  // plus, dashed, the single edges its notes and text add; the families
                          // into CLOSED (RST, ABORT, reboot, timeouts) are named in a caption
        Everything,       // every edge (69; a wide picture)
    };
    void writeDot(std::ostream& out, DotDetail detail = DotDetail::Everything) const;

private:
    StateGraph();

    Graph m_graph;
    std::vector<Graph::edge_descriptor> m_edges;  // by EdgeId
    std::vector<EdgeId> m_lookup;                 // by (from, to, cause); kNoEdge when none
};

// Which edges the state changes of traces took. Feed it every state change (or whole traces);
// changes that match no edge are kept, so a test can report them.
class EdgeCoverage {
public:
    explicit EdgeCoverage(const StateGraph& graph = StateGraph::rfc9293());

    // False (and the change is recorded as unmatched) when no edge is (from, to, cause).
    bool add(const StateChange& change);
    // Each of them (a trace's: Trace::stateChanges); false when any matched no edge.
    bool add(std::span<const StateChange> changes);

    [[nodiscard]] bool covered(StateGraph::EdgeId id) const { return m_hits.at(id) > 0; }
    [[nodiscard]] std::size_t hits(StateGraph::EdgeId id) const { return m_hits.at(id); }
    // Edges not taken yet, in EdgeId order; drawnOnly keeps to the edges of Figure 5.
    [[nodiscard]] std::vector<StateGraph::EdgeId> uncovered(bool drawnOnly) const;
    // Changes that matched no edge, in the order they were added.
    [[nodiscard]] const std::vector<StateChange>& unmatched() const { return m_unmatched; }

private:
    const StateGraph* m_graph;
    std::vector<std::size_t> m_hits;  // by EdgeId
    std::vector<StateChange> m_unmatched;
};

}  // namespace tcpviz::core
