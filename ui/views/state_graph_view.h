#pragma once
// The live state graph: RFC 9293 Figure 5 drawn from core::StateGraph — the eleven states in the
// figure's grid (CLOSED a second time at the bottom right, as the figure draws it), its 20 edges
// with their event / action labels, and on request the three single edges its notes and text
// add (dashed) with a note for the families into CLOSED (RST, ABORT, reboot, timeouts).
//
// On top of the figure: each endpoint's current state lit in its colour (A vermillion, B blue:
// a thick outline and a round token labelled "A"/"B"), the edges taken so far tinted (with
// FutureSteps::Faded the edges still to come too, paler), and the token travelling along the
// edge just taken. No TCP here: the window gives the trace and how many of its events are shown,
// or says which state each side is in and which edge it takes; the scene only draws.
//
// QGraphicsScene::render() draws the complete figure on white (exports use exactly that).
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPainterPath>
#include <QVariantAnimation>
#include <array>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/tcp/state_graph.h"
#include "core/trace/trace.h"
#include "ui/views/future_steps.h"

class QGraphicsSimpleTextItem;

namespace tcpviz::ui {

class StateBoxItem;
class EdgeItem;
class EdgeLabelItem;
class TokenItem;
class ExtraEdgesNoteItem;
struct StateGraphGeometry;

class StateGraphScene : public QGraphicsScene {
    Q_OBJECT
public:
    using EdgeId = core::StateGraph::EdgeId;

    // QGraphicsItem::type() of the items the scene draws (tests count them).
    enum ItemType {
        StateBoxType = QGraphicsItem::UserType + 0x5601,  // a state (or the second CLOSED)
        EdgeType,                                         // an edge's line and arrowhead
        EdgeLabelType,                                    // its event / action label
        TokenType,                                        // the "A" / "B" marker
        NoteType,                                         // the note on the undrawn families
        TransitPathType,                                  // the dashed path of a transition
                                                          // along an edge that is not drawn
    };

    explicit StateGraphScene(QObject* parent = nullptr);
    ~StateGraphScene() override;

    [[nodiscard]] const core::StateGraph& graph() const { return m_graph; }

    // --- what the window tells it ---
    // The figure as the first `events` events of `trace` leave it: each side in its state, its
    // token in the box the edge it took last ends in (the bottom CLOSED after LAST-ACK or
    // TIME-WAIT, the top one before any edge), the edges taken so far tinted, and the edges the
    // trace takes later kept for FutureSteps::Faded. It depends on (trace, events) alone, so
    // stepping, jumping and clicking the log all show a step the same way. A side that moves
    // jumps there; a running animation that already goes there carries on.
    // `state_events` are the indices of the trace's State events, in order (TraceIndex): what
    // it reads of a trace of millions of events is its few state changes.
    void showTraceUpTo(const core::Trace& trace, std::size_t events, std::span<const std::uint32_t> state_events);
    // Each side's current state (nullopt: no token), in its box (for CLOSED the top one), with
    // jumps and animations as above.
    void setCurrentStates(std::optional<core::State> a, std::optional<core::State> b);
    [[nodiscard]] std::optional<core::State> currentState(core::Side side) const;
    // True when `side` is shown and is in `state`: its box is outlined and holds its token.
    [[nodiscard]] bool isLit(core::State state, core::Side side) const;
    // The box side's marker rests in: outlined, its token at home (either CLOSED box for
    // CLOSED). nullopt when the side has no state or is hidden, and while its token travels.
    [[nodiscard]] std::optional<QRectF> markerBox(core::Side side) const;

    // The edges taken so far (any order, repeats allowed); they are tinted.
    void setVisitedEdges(const std::vector<EdgeId>& edges);
    [[nodiscard]] bool isVisited(EdgeId edge) const;
    // Hidden (the default): only the edges taken so far are tinted. Faded: the edges the trace
    // takes after the cursor (showTraceUpTo()) are tinted too, paler.
    void setFutureSteps(FutureSteps f);
    [[nodiscard]] FutureSteps futureSteps() const { return m_future; }
    // True when `edge` is drawn with the paler tint: Faded, taken later and not taken yet.
    [[nodiscard]] bool isTintedAsLater(EdgeId edge) const;

    // Moves side's token along `edge` from its source to its target over durationMs (eased);
    // the side is then in the edge's target state. An edge the figure does not draw (rcv RST
    // into CLOSED, ...) is travelled on a straight dashed path that disappears at the end.
    // durationMs <= 0, or a hidden side, jumps straight to the end.
    void animateTransition(core::Side side, EdgeId edge, int durationMs);
    [[nodiscard]] bool isAnimating() const;
    [[nodiscard]] bool isAnimating(core::Side side) const;
    // Jumps every running animation to its end.
    void finishAnimations();

    // --- options ---
    void setShownSides(bool a, bool b);
    [[nodiscard]] bool isShown(core::Side side) const { return m_sides[core::idx(side)].shown; }
    // The single edges of the figure's notes (dashed) and the note on the families into CLOSED.
    void setShowExtraEdges(bool on);
    [[nodiscard]] bool showExtraEdges() const { return m_show_extra; }
    // SYN_SENT, SYN_RCVD, ... instead of the RFC's SYN-SENT, SYN-RECEIVED.
    void setTextbookStateNames(bool on);
    [[nodiscard]] bool textbookStateNames() const { return m_textbook_names; }
    // Translates labels and tooltips again (after the application's language changed).
    void retranslate();

    // --- geometry and queries (tests, hit testing, exports) ---
    // The state under `scene_pos` (either CLOSED box for CLOSED).
    [[nodiscard]] std::optional<core::State> stateAt(QPointF scene_pos) const;
    // The drawn edge whose line (within a few units) or label is under `scene_pos`.
    [[nodiscard]] std::optional<EdgeId> edgeAt(QPointF scene_pos) const;
    // A state's box; alias: the second CLOSED, bottom right.
    [[nodiscard]] QRectF stateRect(core::State state, bool alias = false) const;
    // The edges drawn now: Figure 5's always, the notes' single edges when they are shown.
    [[nodiscard]] std::vector<EdgeId> visibleEdges() const;
    [[nodiscard]] bool isDashed(EdgeId edge) const;
    // The path an edge is drawn along, from the source box to the arrow's tip; empty for the
    // edges not drawn.
    [[nodiscard]] QPainterPath edgePath(EdgeId edge) const;
    [[nodiscard]] QRectF edgeLabelRect(EdgeId edge) const;
    [[nodiscard]] bool isNoteVisible() const;
    // Where side's token is (its centre); nullopt when it has none or the side is hidden.
    [[nodiscard]] std::optional<QPointF> tokenPos(core::Side side) const;
    [[nodiscard]] QString stateToolTip(core::State state) const;
    // What a state means and what it waits for, one or two sentences (translated).
    [[nodiscard]] static QString stateExplanation(core::State state);

Q_SIGNALS:
    // An animation reached its end, or was jumped there (finishAnimations(), hiding the side);
    // not when setCurrentStates() moves the side elsewhere.
    void animationFinished(tcpviz::core::Side side);

private:
    friend class StateBoxItem;
    friend class EdgeItem;
    friend class EdgeLabelItem;
    friend class TokenItem;
    friend class ExtraEdgesNoteItem;

    // The index of the second CLOSED among the boxes (after the states).
    static constexpr int kAliasBox = static_cast<int>(core::kStateCount);

    struct SideState {
        std::optional<core::State> state;
        int box = -1;  // where the token rests: a State index, or kAliasBox
        bool shown = true;
    };
    struct Transit {
        QVariantAnimation animation;
        QPainterPath path;              // from the token's place in the source box to its
                                        // place in the target box
        std::optional<EdgeId> edge;     // while it runs
        EdgeItem* temporary = nullptr;  // the dashed path of an edge not drawn
    };

    void build();
    void layoutLabels();
    void updateSceneRect();
    // Puts each side (nullopt: none) in box `boxes[side]`, as setCurrentStates() describes.
    void placeSides(const std::array<std::optional<core::State>, 2>& states,
                    const std::array<int, 2>& boxes);
    void placeToken(core::Side side);
    void stopTransit(core::Side side);  // at the end, without emitting
    void onTransitStep(core::Side side, double t);
    void onTransitFinished(core::Side side);
    [[nodiscard]] int boxOf(core::State state) const { return static_cast<int>(state); }
    [[nodiscard]] QPointF tokenHome(int box, core::Side side) const;
    // The box an undrawn edge's straight path ends in: the nearer CLOSED for CLOSED.
    [[nodiscard]] int nearestBox(int from_box, core::State to) const;
    // The box a side is in after taking `edge`: the box its arrow or straight path ends in.
    [[nodiscard]] int arrivalBox(EdgeId edge) const;
    [[nodiscard]] QPainterPath straightPath(int from_box, int to_box) const;
    [[nodiscard]] QRectF boxRect(int box) const;
    [[nodiscard]] QString displayName(core::State state) const;
    // For the items' paint(): which sides outline box `box`; which side is crossing `edge`.
    [[nodiscard]] std::array<bool, 2> outlinesOf(int box) const;
    [[nodiscard]] std::optional<core::Side> travellerOn(EdgeId edge) const;
    [[nodiscard]] const StateGraphGeometry& geometry() const { return *m_geo; }

    const core::StateGraph& m_graph;
    std::unique_ptr<StateGraphGeometry> m_geo;
    std::array<StateBoxItem*, core::kStateCount + 1> m_boxes{};  // by State, then the 2nd CLOSED
    std::vector<EdgeItem*> m_edges;                              // by EdgeId; null: not drawn
    std::vector<EdgeLabelItem*> m_labels;                        // by EdgeId; null: not drawn
    ExtraEdgesNoteItem* m_note = nullptr;
    QGraphicsSimpleTextItem* m_caption = nullptr;
    QRectF m_caption_rect;  // with both of its lines
    std::array<TokenItem*, 2> m_tokens{};
    std::array<SideState, 2> m_sides;
    std::array<Transit, 2> m_transits;
    std::vector<bool> m_visited;  // by EdgeId
    std::vector<bool> m_later;    // by EdgeId: taken after the events shown (showTraceUpTo())
    FutureSteps m_future = FutureSteps::Hidden;
    bool m_show_extra = false;
    bool m_over_udp = false;   // the trace shown is a QUIC connection's (showTraceUpTo)
    bool m_textbook_names = false;
};

// The view: the whole figure fitted to the widget; Ctrl+wheel (and zoomIn/zoomOut) zooms in
// around the mouse, resetZoom() fits it again.
class StateGraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit StateGraphView(StateGraphScene* scene, QWidget* parent = nullptr);

    [[nodiscard]] StateGraphScene* graphScene() const { return m_scene; }
    // 1: the figure fits the view; larger zooms in. 1 to 8.
    [[nodiscard]] double zoom() const { return m_zoom; }
    void setZoom(double zoom);
    void zoomIn() { setZoom(m_zoom * 1.25); }
    void zoomOut() { setZoom(m_zoom / 1.25); }
    void resetZoom() { setZoom(1); }

Q_SIGNALS:
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void applyZoom();

    StateGraphScene* m_scene;
    double m_zoom = 1.0;
};

}  // namespace tcpviz::ui
