#include "core/tcp/state_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/trace/trace.h"

#include <boost/graph/graphviz.hpp>

using namespace tcpviz::core;

namespace {

using EdgeId = StateGraph::EdgeId;

const StateGraph& rfc() {
    return StateGraph::rfc9293();
}

struct Expected {
    State from;
    State to;
    Cause cause;
    std::string label;
};

// RFC 9293 Figure 5, edge by edge, as the figure labels it.
const std::vector<Expected>& figure5() {
    static const std::vector<Expected> edges = {
        {State::Closed, State::Listen, Cause::PassiveOpen, "passive OPEN / create TCB"},
        {State::Closed, State::SynSent, Cause::ActiveOpen, "active OPEN / create TCB, snd SYN"},
        {State::Listen, State::Closed, Cause::Close, "CLOSE / delete TCB"},
        {State::Listen, State::SynReceived, Cause::RcvSyn, "rcv SYN / snd SYN,ACK"},
        {State::Listen, State::SynSent, Cause::Send, "SEND / snd SYN"},
        {State::SynSent, State::Closed, Cause::Close, "CLOSE / delete TCB"},
        // RFC 793 said "snd ACK" here; RFC 9293's figure says "snd SYN,ACK".
        {State::SynSent, State::SynReceived, Cause::RcvSyn, "rcv SYN / snd SYN,ACK"},
        {State::SynReceived, State::Listen, Cause::RcvRst, "rcv RST"},
        {State::SynReceived, State::Established, Cause::RcvAckOfSyn, "rcv ACK of SYN"},
        {State::SynSent, State::Established, Cause::RcvSynAck, "rcv SYN,ACK / snd ACK"},
        {State::SynReceived, State::FinWait1, Cause::Close, "CLOSE / snd FIN"},
        {State::Established, State::FinWait1, Cause::Close, "CLOSE / snd FIN"},
        {State::Established, State::CloseWait, Cause::RcvFin, "rcv FIN / snd ACK"},
        {State::FinWait1, State::FinWait2, Cause::RcvAckOfFin, "rcv ACK of FIN"},
        {State::FinWait1, State::Closing, Cause::RcvFin, "rcv FIN / snd ACK"},
        {State::CloseWait, State::LastAck, Cause::Close, "CLOSE / snd FIN"},
        {State::FinWait2, State::TimeWait, Cause::RcvFin, "rcv FIN / snd ACK"},
        {State::Closing, State::TimeWait, Cause::RcvAckOfFin, "rcv ACK of FIN"},
        {State::LastAck, State::Closed, Cause::RcvAckOfFin, "rcv ACK of FIN"},
        {State::TimeWait, State::Closed, Cause::Timeout2Msl, "Timeout=2MSL / delete TCB"},
    };
    return edges;
}

// The transitions Figure 5 leaves out, which the engine produces.
const std::vector<Expected>& undrawn() {
    static const std::vector<Expected> edges = [] {
        std::vector<Expected> e = {
            {State::FinWait1, State::TimeWait, Cause::RcvFinAckOfFin,
             "rcv FIN,ACK of FIN / snd ACK"},
            {State::SynReceived, State::Listen, Cause::RcvSyn, "rcv SYN"},
            {State::Listen, State::SynSent, Cause::ActiveOpen, "active OPEN / snd SYN"},
            {State::Listen, State::Established, Cause::RcvSynTwoWay, "rcv SYN / snd SYN,ACK"},
            {State::SynReceived, State::Listen, Cause::RetransmitLimit, "retransmission limit"},
            {State::TimeWait, State::Listen, Cause::RcvSynNewIsn, "rcv SYN (new ISN)"},
        };
        for (State s :
             {State::SynSent, State::SynReceived, State::Established, State::FinWait1,
              State::FinWait2, State::CloseWait, State::Closing, State::LastAck, State::TimeWait})
            e.push_back({s, State::Closed, Cause::RcvRst, "rcv RST"});
        for (State s :
             {State::Listen, State::SynSent, State::Closing, State::LastAck, State::TimeWait})
            e.push_back({s, State::Closed, Cause::Abort, "ABORT / delete TCB"});
        for (State s : {State::SynReceived, State::Established, State::FinWait1, State::FinWait2,
                        State::CloseWait})
            e.push_back({s, State::Closed, Cause::Abort, "ABORT / snd RST"});
        for (State s : kAllStates) {
            if (s != State::Closed)
                e.push_back({s, State::Closed, Cause::Reboot, "reboot / TCB lost"});
        }
        for (State s : {State::SynSent, State::SynReceived, State::Established, State::FinWait1,
                        State::CloseWait, State::Closing, State::LastAck}) {
            e.push_back(
                {s, State::Closed, Cause::RetransmitLimit, "retransmission limit / delete TCB"});
            e.push_back({s, State::Closed, Cause::UserTimeout, "user timeout / delete TCB"});
        }
        // Linux's, for a host's many connections.
        e.push_back({State::FinWait2, State::Closed, Cause::FinTimeout, "tcp_fin_timeout / delete TCB"});
        e.push_back({State::TimeWait, State::Closed, Cause::TimeWaitReused, "tw_reuse / delete TCB"});
        return e;
    }();
    return edges;
}

std::string describe(State from, State to, Cause cause) {
    return std::string(stateName(from)) + " -> " + std::string(stateName(to)) + " (" +
           std::string(causeName(cause)) + ")";
}

// "CLOSED -passive OPEN-> LISTEN -rcv SYN-> SYN-RECEIVED", for failure messages and asserts.
std::string describePath(const std::vector<EdgeId>& path) {
    if (path.empty()) return "(empty)";
    std::string s(stateName(rfc().source(path.front())));
    for (EdgeId id : path) {
        s += " -" + rfc().edge(id).event + "-> " + std::string(stateName(rfc().target(id)));
    }
    return s;
}

// True when each edge starts where the previous one ended, from `from` to `to`.
bool isChain(const std::vector<EdgeId>& path, State from, State to) {
    State at = from;
    for (EdgeId id : path) {
        if (rfc().source(id) != at) return false;
        at = rfc().target(id);
    }
    return at == to;
}

}  // namespace

// ---- Vertices ----------------------------------------------------------------------------------

TEST(StateGraph, HasTheElevenStatesInEnumOrder) {
    const auto& g = rfc().graph();
    ASSERT_EQ(boost::num_vertices(g), kStateCount);
    for (State s : kAllStates) {
        const VertexProps& v = g[static_cast<std::size_t>(s)];
        EXPECT_EQ(v.state, s);
        EXPECT_EQ(v.name, stateName(s));
        EXPECT_EQ(&rfc().vertex(s), &v);
    }
    EXPECT_EQ(rfc().vertex(State::SynReceived).name, "SYN-RECEIVED");
}

TEST(StateGraph, LayoutMirrorsFigure5) {
    const auto pos = [](State s) { return rfc().vertex(s).pos; };
    // CLOSED top centre, LISTEN below it, ESTABLISHED centre, TIME-WAIT below CLOSING.
    EXPECT_EQ(pos(State::Closed).row, 0);
    EXPECT_EQ(pos(State::Listen).col, pos(State::Closed).col);
    EXPECT_GT(pos(State::Listen).row, pos(State::Closed).row);
    EXPECT_EQ(pos(State::Established).col, pos(State::Closed).col);
    EXPECT_EQ(pos(State::TimeWait).col, pos(State::Closing).col);
    EXPECT_GT(pos(State::TimeWait).row, pos(State::Closing).row);
    // SYN-RECEIVED left and SYN-SENT right, on one row between LISTEN and ESTABLISHED.
    EXPECT_EQ(pos(State::SynReceived).row, pos(State::SynSent).row);
    EXPECT_LT(pos(State::SynReceived).col, pos(State::Listen).col);
    EXPECT_GT(pos(State::SynSent).col, pos(State::Listen).col);
    EXPECT_GT(pos(State::SynSent).row, pos(State::Listen).row);
    EXPECT_LT(pos(State::SynSent).row, pos(State::Established).row);
    // FIN-WAIT-1 left and CLOSE-WAIT right below ESTABLISHED.
    EXPECT_EQ(pos(State::FinWait1).row, pos(State::CloseWait).row);
    EXPECT_GT(pos(State::FinWait1).row, pos(State::Established).row);
    EXPECT_LT(pos(State::FinWait1).col, pos(State::Established).col);
    EXPECT_GT(pos(State::CloseWait).col, pos(State::Established).col);
    // FIN-WAIT-2, CLOSING, LAST-ACK on the next row, left to right.
    EXPECT_EQ(pos(State::FinWait2).row, pos(State::Closing).row);
    EXPECT_EQ(pos(State::LastAck).row, pos(State::Closing).row);
    EXPECT_GT(pos(State::Closing).row, pos(State::FinWait1).row);
    EXPECT_LT(pos(State::FinWait2).col, pos(State::Closing).col);
    EXPECT_LT(pos(State::Closing).col, pos(State::LastAck).col);
    // No two states share a place.
    std::set<std::pair<double, double>> places;
    for (State s : kAllStates) EXPECT_TRUE(places.insert({pos(s).col, pos(s).row}).second);
}

TEST(StateGraph, ClosedAloneHasAnAliasAtTheBottomRight) {
    ASSERT_TRUE(rfc().vertex(State::Closed).alias.has_value());
    const GridPos alias = *rfc().vertex(State::Closed).alias;
    for (State s : kAllStates) {
        if (s != State::Closed) {
            EXPECT_FALSE(rfc().vertex(s).alias.has_value()) << stateName(s);
        }
    }
    // Beside TIME-WAIT, below LAST-ACK.
    EXPECT_EQ(alias.row, rfc().vertex(State::TimeWait).pos.row);
    EXPECT_GT(alias.col, rfc().vertex(State::TimeWait).pos.col);
    EXPECT_EQ(alias.col, rfc().vertex(State::LastAck).pos.col);
}

// ---- Edges -------------------------------------------------------------------------------------

TEST(StateGraph, HasTheTwentyEdgesOfFigure5) {
    for (const Expected& e : figure5()) {
        const auto id = rfc().findEdge(e.from, e.to, e.cause);
        ASSERT_TRUE(id.has_value()) << describe(e.from, e.to, e.cause);
        EXPECT_TRUE(rfc().edge(*id).drawn) << describe(e.from, e.to, e.cause);
        EXPECT_EQ(rfc().edge(*id).label(), e.label) << describe(e.from, e.to, e.cause);
    }
    const auto ids = rfc().edges();
    EXPECT_EQ(std::count_if(ids.begin(), ids.end(), [](EdgeId id) { return rfc().edge(id).drawn; }),
              20);
    // The drawn edges come first, in the figure's order.
    for (EdgeId id = 0; id < figure5().size(); ++id) {
        EXPECT_EQ(rfc().source(id), figure5()[id].from) << id;
        EXPECT_EQ(rfc().target(id), figure5()[id].to) << id;
        EXPECT_EQ(rfc().edge(id).cause, figure5()[id].cause) << id;
    }
}

TEST(StateGraph, Note1IsOnTheDrawnRstEdgeBackToListen) {
    const auto id = rfc().findEdge(State::SynReceived, State::Listen, Cause::RcvRst);
    ASSERT_TRUE(id.has_value());
    EXPECT_NE(rfc().edge(*id).note.find("note 1"), std::string::npos) << rfc().edge(*id).note;
}

TEST(StateGraph, OnlyTheTwoEdgesIntoTheBottomClosedGoToTheAlias) {
    std::set<EdgeId> toAlias;
    for (EdgeId id : rfc().edges()) {
        if (rfc().edge(id).to_alias) toAlias.insert(id);
    }
    EXPECT_EQ(toAlias, (std::set<EdgeId>{
                           *rfc().findEdge(State::LastAck, State::Closed, Cause::RcvAckOfFin),
                           *rfc().findEdge(State::TimeWait, State::Closed, Cause::Timeout2Msl)}));
}

TEST(StateGraph, HasEachUndrawnEdgeWithANote) {
    for (const Expected& e : undrawn()) {
        const auto id = rfc().findEdge(e.from, e.to, e.cause);
        ASSERT_TRUE(id.has_value()) << describe(e.from, e.to, e.cause);
        const EdgeProps& p = rfc().edge(*id);
        EXPECT_FALSE(p.drawn) << describe(e.from, e.to, e.cause);
        EXPECT_FALSE(p.to_alias) << describe(e.from, e.to, e.cause);
        EXPECT_FALSE(p.note.empty()) << describe(e.from, e.to, e.cause);
        EXPECT_EQ(p.label(), e.label) << describe(e.from, e.to, e.cause);
    }
    EXPECT_NE(rfc()
                  .edge(*rfc().findEdge(State::FinWait1, State::TimeWait, Cause::RcvFinAckOfFin))
                  .note.find("note 2"),
              std::string::npos);
    EXPECT_EQ(
        rfc().edge(*rfc().findEdge(State::Listen, State::Established, Cause::RcvSynTwoWay)).note,
        "teaching variant: two-way handshake (not TCP)");
}

TEST(StateGraph, HasNoOtherEdges) {
    EXPECT_EQ(undrawn().size(), 51u);
    EXPECT_EQ(rfc().edgeCount(), figure5().size() + undrawn().size());
    EXPECT_EQ(boost::num_edges(rfc().graph()), rfc().edgeCount());
}

TEST(StateGraph, FromToCauseNamesExactlyOneEdge) {
    std::set<std::tuple<State, State, Cause>> seen;
    for (EdgeId id : rfc().edges()) {
        const State from = rfc().source(id);
        const State to = rfc().target(id);
        const Cause cause = rfc().edge(id).cause;
        EXPECT_TRUE(seen.emplace(from, to, cause).second) << describe(from, to, cause);
        EXPECT_EQ(rfc().findEdge(from, to, cause), id) << describe(from, to, cause);
        EXPECT_EQ(rfc().findEdge(StateChange{from, to, cause}), id);
    }
}

TEST(StateGraph, FindEdgeIsEmptyForTransitionsNotInTheGraph) {
    EXPECT_FALSE(rfc().findEdge(State::Established, State::Listen, Cause::RcvRst));
    EXPECT_FALSE(rfc().findEdge(State::Listen, State::Closed, Cause::RcvRst));  // RST ignored
    EXPECT_FALSE(rfc().findEdge(State::Closed, State::Closed, Cause::Reboot));
    EXPECT_FALSE(rfc().findEdge(State::FinWait2, State::Closed, Cause::RetransmitLimit));
    EXPECT_FALSE(rfc().findEdge(State::TimeWait, State::Closed, Cause::UserTimeout));
    EXPECT_FALSE(rfc().findEdge(State::Established, State::FinWait1, Cause::Abort));
    EXPECT_FALSE(rfc().findEdge(State::Closed, State::Listen, Cause::ActiveOpen));
    // Every (from, to, cause) not listed is absent.
    std::size_t found = 0;
    for (State from : kAllStates)
        for (State to : kAllStates)
            for (std::size_t c = 0; c < kCauseCount; ++c)
                found += rfc().findEdge(from, to, static_cast<Cause>(c)).has_value() ? 1 : 0;
    EXPECT_EQ(found, rfc().edgeCount());
}

TEST(StateGraph, EdgeIdsAreIndicesAndMatchTheirDescriptors) {
    const auto ids = rfc().edges();
    ASSERT_EQ(ids.size(), rfc().edgeCount());
    for (EdgeId id = 0; id < ids.size(); ++id) {
        EXPECT_EQ(ids[id], id);
        const auto e = rfc().descriptor(id);
        EXPECT_EQ(rfc().graph()[e].id, id);
        EXPECT_EQ(static_cast<State>(boost::source(e, rfc().graph())), rfc().source(id));
        EXPECT_EQ(static_cast<State>(boost::target(e, rfc().graph())), rfc().target(id));
    }
}

TEST(StateGraph, LabelIsEventSlashActionOrJustTheEvent) {
    EdgeProps p;
    p.event = "rcv SYN";
    p.action = "snd SYN,ACK";
    EXPECT_EQ(p.label(), "rcv SYN / snd SYN,ACK");
    p.action.clear();
    EXPECT_EQ(p.label(), "rcv SYN");
}

// ---- Shortest paths ----------------------------------------------------------------------------

TEST(StateGraph, ShortestPathToTimeWaitOnFigure5TakesFiveEdges) {
    // With the figure's edges TIME-WAIT is 5 edges from CLOSED: it is entered only from
    // FIN-WAIT-2 or CLOSING, which are entered only from FIN-WAIT-1, which is entered from
    // SYN-RECEIVED or ESTABLISHED, which are 2 edges from CLOSED (via LISTEN or SYN-SENT).
    // Several paths have that length; BFS keeps the first it finds in edge order: LISTEN is
    // dequeued before SYN-SENT (CLOSED's edges are in the figure's order), so SYN-RECEIVED is
    // reached before ESTABLISHED and FIN-WAIT-1 is reached by CLOSE in SYN-RECEIVED; then
    // FIN-WAIT-2 before CLOSING (FIN-WAIT-1's edges in figure order).
    const auto path = rfc().shortestPath(State::Closed, State::TimeWait);
    ASSERT_TRUE(path.has_value());
    EXPECT_EQ(path->size(), 5u) << describePath(*path);
    EXPECT_TRUE(isChain(*path, State::Closed, State::TimeWait)) << describePath(*path);
    for (EdgeId id : *path) EXPECT_TRUE(rfc().edge(id).drawn) << describePath(*path);
    EXPECT_EQ(describePath(*path),
              "CLOSED -passive OPEN-> LISTEN -rcv SYN-> SYN-RECEIVED -CLOSE-> FIN-WAIT-1 "
              "-rcv ACK of FIN-> FIN-WAIT-2 -rcv FIN-> TIME-WAIT");
}

TEST(StateGraph, ShortestPathWithUndrawnEdgesUsesNote2) {
    // FIN-WAIT-1 is 3 edges from CLOSED on any edges (CLOSED only leads to LISTEN and SYN-SENT,
    // neither leads straight to FIN-WAIT-1), and the undrawn FIN-WAIT-1 -> TIME-WAIT of note 2
    // makes TIME-WAIT the 4th. FIN-WAIT-2 and CLOSING are 4 edges away themselves, so the last
    // edge must be the note 2 one.
    const auto path = rfc().shortestPath(State::Closed, State::TimeWait, /*drawnOnly=*/false);
    ASSERT_TRUE(path.has_value());
    EXPECT_EQ(path->size(), 4u) << describePath(*path);
    EXPECT_TRUE(isChain(*path, State::Closed, State::TimeWait)) << describePath(*path);
    EXPECT_EQ(path->back(),
              rfc().findEdge(State::FinWait1, State::TimeWait, Cause::RcvFinAckOfFin));
}

TEST(StateGraph, ShortestPathToTheSameStateIsEmpty) {
    for (State s : kAllStates) {
        const auto path = rfc().shortestPath(s, s);
        ASSERT_TRUE(path.has_value());
        EXPECT_TRUE(path->empty());
    }
}

TEST(StateGraph, ShortestPathsAreChainsOfTheirEdgeSet) {
    for (State from : kAllStates)
        for (State to : kAllStates)
            for (bool drawnOnly : {true, false}) {
                const auto path = rfc().shortestPath(from, to, drawnOnly);
                ASSERT_TRUE(path.has_value()) << describe(from, to, Cause::Close);
                EXPECT_TRUE(isChain(*path, from, to)) << describePath(*path);
                if (drawnOnly) {
                    for (EdgeId id : *path) EXPECT_TRUE(rfc().edge(id).drawn);
                }
            }
    // A few lengths by hand.
    EXPECT_EQ(rfc().shortestPath(State::Closed, State::Established)->size(), 2u);
    EXPECT_EQ(rfc().shortestPath(State::Established, State::Closed)->size(), 3u);  // via LAST-ACK
    EXPECT_EQ(rfc().shortestPath(State::Established, State::Closed, false)->size(), 1u);  // RST
    EXPECT_EQ(rfc().shortestPath(State::Listen, State::Established, false)->size(), 1u);
}

TEST(StateGraph, EveryStateIsReachableFromClosedAndBackOnFigure5) {
    // Figure 5 alone is strongly connected, so shortestPath never returns nullopt on it.
    for (State s : kAllStates) {
        EXPECT_TRUE(rfc().shortestPath(State::Closed, s).has_value()) << stateName(s);
        EXPECT_TRUE(rfc().shortestPath(s, State::Closed).has_value()) << stateName(s);
    }
}

// ---- Coverage ----------------------------------------------------------------------------------

TEST(StateGraphCoverage, MarksTakenEdgesAndListsTheRest) {
    EdgeCoverage coverage;
    EXPECT_EQ(coverage.uncovered(/*drawnOnly=*/true).size(), 20u);
    EXPECT_EQ(coverage.uncovered(/*drawnOnly=*/false).size(), rfc().edgeCount());

    EXPECT_TRUE(coverage.add({State::Closed, State::SynSent, Cause::ActiveOpen}));
    EXPECT_TRUE(coverage.add({State::SynSent, State::Established, Cause::RcvSynAck}));
    EXPECT_TRUE(coverage.add({State::Established, State::Closed, Cause::RcvRst}));
    EXPECT_TRUE(coverage.add({State::Closed, State::SynSent, Cause::ActiveOpen}));

    const EdgeId open = *rfc().findEdge(State::Closed, State::SynSent, Cause::ActiveOpen);
    const EdgeId rst = *rfc().findEdge(State::Established, State::Closed, Cause::RcvRst);
    EXPECT_TRUE(coverage.covered(open));
    EXPECT_EQ(coverage.hits(open), 2u);
    EXPECT_TRUE(coverage.covered(rst));
    EXPECT_FALSE(
        coverage.covered(*rfc().findEdge(State::Closed, State::Listen, Cause::PassiveOpen)));

    const auto drawnLeft = coverage.uncovered(true);
    EXPECT_EQ(drawnLeft.size(), 18u);
    EXPECT_TRUE(std::is_sorted(drawnLeft.begin(), drawnLeft.end()));
    EXPECT_EQ(std::count(drawnLeft.begin(), drawnLeft.end(), open), 0);
    EXPECT_EQ(coverage.uncovered(false).size(), rfc().edgeCount() - 3);
    EXPECT_TRUE(coverage.unmatched().empty());
}

TEST(StateGraphCoverage, KeepsChangesThatMatchNoEdge) {
    EdgeCoverage coverage;
    const StateChange bogus{State::Established, State::Listen, Cause::RcvRst};
    EXPECT_FALSE(coverage.add(bogus));
    EXPECT_EQ(coverage.unmatched(), std::vector<StateChange>{bogus});
    EXPECT_EQ(coverage.uncovered(false).size(), rfc().edgeCount());
}

TEST(StateGraphCoverage, ReadsTheStateEventsOfATrace) {
    Trace trace;
    const auto stateEvent = [](Side side, State from, State to, Cause cause) {
        Event e;
        e.kind = EventKind::State;
        e.endpoint = side;
        e.from = from;
        e.to = to;
        e.cause = cause;
        return e;
    };
    Event call;
    call.kind = EventKind::Call;
    call.call = CallKind::Listen;
    trace.events = {
        call,
        stateEvent(Side::B, State::Closed, State::Listen, Cause::PassiveOpen),
        stateEvent(Side::A, State::Closed, State::SynSent, Cause::ActiveOpen),
        stateEvent(Side::B, State::Listen, State::SynReceived, Cause::RcvSyn),
        stateEvent(Side::A, State::SynSent, State::Established, Cause::RcvSynAck),
        stateEvent(Side::B, State::SynReceived, State::Established, Cause::RcvAckOfSyn)};
    EdgeCoverage coverage;
    EXPECT_TRUE(coverage.add(trace.stateChanges()));
    EXPECT_EQ(coverage.uncovered(true).size(), 15u);
    EXPECT_TRUE(
        coverage.covered(*rfc().findEdge(State::Listen, State::SynReceived, Cause::RcvSyn)));

    trace.events.push_back(stateEvent(Side::A, State::Established, State::SynSent, Cause::Close));
    EdgeCoverage second;
    EXPECT_FALSE(second.add(trace.stateChanges()));
    ASSERT_EQ(second.unmatched().size(), 1u);
    EXPECT_EQ(second.unmatched()[0].to, State::SynSent);
    EXPECT_EQ(second.uncovered(true).size(), 15u);  // the matched ones still count
}

// ---- DOT ---------------------------------------------------------------------------------------

namespace {

std::string dot(StateGraph::DotDetail detail = StateGraph::DotDetail::Everything) {
    std::ostringstream out;
    rfc().writeDot(out, detail);
    return out.str();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST(StateGraphDot, IsDeterministic) {
    EXPECT_EQ(dot(), dot());
    EXPECT_EQ(dot(StateGraph::DotDetail::Figure5), dot(StateGraph::DotDetail::Figure5));
}

TEST(StateGraphDot, HasEveryEdgeAndDashesTheUndrawnOnes) {
    const std::string text = dot();
    EXPECT_EQ(text.rfind("digraph G {", 0), 0u) << text;
    EXPECT_EQ(occurrences(text, "->"), rfc().edgeCount());
    EXPECT_EQ(occurrences(text, "style=dashed"), rfc().edgeCount() - 20);
    EXPECT_NE(text.find("3[label=\"SYN-RECEIVED\"];"), std::string::npos) << text;
    EXPECT_NE(text.find("2->4 [label=\"rcv SYN,ACK / snd ACK\"];"), std::string::npos) << text;
    // Edges back up to CLOSED do not pull it down the ranks.
    EXPECT_NE(text.find("10->0 [label=\"Timeout=2MSL / delete TCB\", constraint=false];"),
              std::string::npos)
        << text;
}

// What `tcpviz --export states.dot` writes: Figure 5, the notes' single edges dashed, and a
// caption for the families of edges into CLOSED (drawing all 47 of those is unreadable).
TEST(StateGraphDot, Figure5AndNotesAddsTheSingleEdgesAndACaption) {
    const std::string text = dot(StateGraph::DotDetail::Figure5AndNotes);
    EXPECT_EQ(occurrences(text, "->"), 24u);
    EXPECT_EQ(occurrences(text, "style=dashed"), 4u);
    EXPECT_NE(text.find("rcv FIN,ACK of FIN / snd ACK"), std::string::npos) << "note 2";
    EXPECT_NE(text.find("Not drawn: rcv RST, ABORT"), std::string::npos);
    EXPECT_EQ(text.find("two-way"), std::string::npos) << "the teaching variant is not TCP";
    EXPECT_EQ(text.find("new ISN"), std::string::npos) << "Linux's TIME-WAIT reuse is not RFC 9293";
}

TEST(StateGraphDot, DrawnOnlyWritesJustFigure5) {
    const std::string text = dot(StateGraph::DotDetail::Figure5);
    EXPECT_EQ(occurrences(text, "->"), 20u);
    EXPECT_EQ(occurrences(text, "style=dashed"), 0u);
    for (State s : kAllStates) {
        EXPECT_NE(text.find("[label=\"" + std::string(stateName(s)) + "\"]"), std::string::npos);
    }
}

namespace {
struct DotVertex {
    std::string id;
    std::string label;
};
struct DotEdge {
    std::string label;
    std::string style;
};
using DotGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, DotVertex, DotEdge>;

// Reads DOT text back and checks it against the graph: the same states, and every edge (or
// every drawn edge) once, between the same states, with the same label and dashing.
void expectReadsBack(const std::string& text, bool drawnOnly) {
    DotGraph read;
    boost::dynamic_properties dp(boost::ignore_other_properties);
    dp.property("node_id", boost::get(&DotVertex::id, read));
    dp.property("label", boost::get(&DotVertex::label, read));
    dp.property("label", boost::get(&DotEdge::label, read));
    dp.property("style", boost::get(&DotEdge::style, read));
    ASSERT_TRUE(boost::read_graphviz(text, read, dp, "node_id"));

    ASSERT_EQ(boost::num_vertices(read), kStateCount);
    std::set<std::pair<std::string, std::string>> nodes;  // (id, label)
    for (auto v : boost::make_iterator_range(boost::vertices(read)))
        nodes.emplace(read[v].id, read[v].label);
    std::set<std::pair<std::string, std::string>> expectedNodes;
    for (State s : kAllStates)
        expectedNodes.emplace(std::to_string(static_cast<std::size_t>(s)), stateName(s));
    EXPECT_EQ(nodes, expectedNodes);

    using Row = std::tuple<std::string, std::string, std::string, bool>;
    std::multiset<Row> got;
    for (auto e : boost::make_iterator_range(boost::edges(read))) {
        got.emplace(read[boost::source(e, read)].label, read[boost::target(e, read)].label,
                    read[e].label, read[e].style == "dashed");
    }
    std::multiset<Row> expected;
    for (EdgeId id : rfc().edges()) {
        if (drawnOnly && !rfc().edge(id).drawn) continue;
        expected.emplace(std::string(stateName(rfc().source(id))),
                         std::string(stateName(rfc().target(id))), rfc().edge(id).label(),
                         !rfc().edge(id).drawn);
    }
    EXPECT_EQ(boost::num_edges(read), drawnOnly ? 20u : rfc().edgeCount());
    EXPECT_EQ(got, expected);
}
}  // namespace

TEST(StateGraphDot, ReadsBackWithBoostReadGraphviz) {
    expectReadsBack(dot(), /*drawnOnly=*/false);
    expectReadsBack(dot(StateGraph::DotDetail::Figure5), /*drawnOnly=*/true);
}
