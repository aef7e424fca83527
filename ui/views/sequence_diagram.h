#pragma once
// The sequence diagram: two lifelines, time flowing down, one arrow per segment, states boxed
// where they are entered, timers as brackets, application calls as notes, drawn up to the
// session's cursor.
//
// The scene holds one DiagramItem whose paint() draws only the rows in the exposed rectangle
// (binary search in DiagramLayout), so a trace of 100,000 segments scrolls like one of ten.
// QGraphicsScene::render() draws the same picture (exports use it).
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QLineF>
#include <QPointer>
#include <QPolygonF>
#include <QStringList>
#include <QVariantAnimation>
#include <QFontMetricsF>
#include <array>
#include <deque>
#include <memory>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "core/trace/messages.h"
#include "core/trace/notation.h"
#include "ui/views/diagram_layout.h"
#include "ui/views/future_steps.h"

namespace tcpviz::ui {

class SessionModel;
struct TraceIndex;
class DiagramItem;

// How the sequence diagram is proportioned: as a figure (exports, slides: the textbook's
// proportions), or for the window on a large or a small screen (larger words, the notes in the
// state boxes' column; on a small screen the lifelines closer too).
enum class DiagramGeometry : std::uint8_t { Figure, Screen, SmallScreen };

class SequenceDiagramScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit SequenceDiagramScene(SessionModel* model, QObject* parent = nullptr);
    ~SequenceDiagramScene() override;

    [[nodiscard]] SessionModel* model() const { return m_model; }

    // --- options ---
    void setNotation(core::Notation n);
    [[nodiscard]] core::Notation notation() const { return m_notation; }
    void setTextbookStateNames(bool on);
    [[nodiscard]] bool textbookStateNames() const { return m_textbook_names; }
    void setFutureSteps(FutureSteps f);
    [[nodiscard]] FutureSteps futureSteps() const { return m_future; }
    void setShowTimers(bool on);
    // The classroom text size: every font of the diagram times `factor` (1 is normal; 0.5 to 3).
    void setTextScale(double factor);
    [[nodiscard]] double textScale() const { return m_text_scale; }
    // The geometry for a small screen's window: the lifelines closer and the labels larger
    // (exports and large screens keep the normal one).
    void setGeometry(DiagramGeometry geometry);
    [[nodiscard]] DiagramGeometry geometry() const { return m_geometry; }
    // The pixel size of the arrows' labels in the scene: times the view's zoom, on the screen.
    [[nodiscard]] int labelPixelSize() const { return m_geo.label.pixelSize(); }
    // The smallest of the diagram's fonts (titles, labels, tags, states, notes, timers, marks),
    // in scene pixels.
    [[nodiscard]] int smallestTextPixelSize() const;
    // Re-reads the words it draws (tags, notes, gaps) after the language changed.
    void retranslate();
    [[nodiscard]] bool showTimers() const { return m_show_timers; }
    // The current step's band and emphasis, and the selected segment's halo; all off for
    // figures exported for slides and print.
    void setHighlightCurrentStep(bool on);
    // The scenario's title above the headers (on by default; exports may leave it out).
    void setShowTitle(bool on);
    [[nodiscard]] bool highlightCurrentStep() const { return m_highlight_current; }
    // Exports: while later steps are hidden, the figure ends a short stub of lifeline below what
    // the cursor shows (figureRect()), and the lifelines end with it. Off on screen.
    void setCropBelowCursor(bool on);
    // While suspended the scene draws an empty diagram and lays nothing out, whatever the
    // session does; resuming lays out the session's trace. An export that draws only the
    // state diagram or a plot never pays for the sequence diagram of a long trace.
    void setSuspended(bool on);

    // --- animation: replay time, independent of simulated time ---
    // 1 is the normal pace (an arrow takes 0.6 s); 0.25 to 4.
    void setAnimationSpeed(double factor);
    [[nodiscard]] double animationSpeed() const { return m_speed; }
    void setAnimationsEnabled(bool on);
    [[nodiscard]] bool animationsEnabled() const { return m_animations; }
    [[nodiscard]] bool isAnimating() const { return m_anim.active; }
    // Jumps to the end of the running animation.
    void finishAnimation();
    // While a step animates: when event `event` of it starts to appear (ms from now) and how
    // long it takes to (a state box fades in after the arrow has grown); nullopt otherwise.
    struct Reveal {
        int delay_ms = 0;
        int duration_ms = 0;
    };
    [[nodiscard]] std::optional<Reveal> revealOf(std::size_t event) const;

    // --- geometry and queries ---
    [[nodiscard]] const DiagramLayout& layout() const { return *m_layout; }

    // --- big traces, laid out in the background (the window; exports lay out at once) ---
    // With this on, a trace of more than kBackgroundArrows arrows is laid out on a worker
    // thread, so that the window stays responsive: first its rows (the diagram shows its
    // headers), then its labels (the arrows show without them); each change that moves the
    // labels (notation, text size, language) places them again the same way.
    static constexpr std::size_t kBackgroundArrows = 4000;
    void setBackgroundLayout(bool on) { m_background = on; }
    [[nodiscard]] bool isLayingOut() const { return m_job != nullptr; }
    // While laying out: the labels placed so far, and in all (0 and 0 while the rows are laid out).
    struct LayoutProgress {
        std::size_t placed = 0, total = 0;
    };
    [[nodiscard]] LayoutProgress layoutProgress() const;
    [[nodiscard]] double lifelineX(core::Side s) const { return s == core::Side::A ? m_geo.x_a : m_geo.x_b; }
    // The whole diagram: title, headers, every row (the scene rect).
    [[nodiscard]] QRectF diagramRect() const;
    // The whole diagram without its title line: from the lifeline headers down.
    [[nodiscard]] QRectF untitledDiagramRect() const;
    // What an export draws: diagramRect(), or untitledDiagramRect() when not `titled`, cut below
    // what the cursor shows when setCropBelowCursor() is on and later steps are hidden.
    [[nodiscard]] QRectF figureRect(bool titled) const;
    // The lifeline headers (and the title above them).
    [[nodiscard]] QRectF headerRect() const;
    // What step `step` adds to the picture (full width); null for step 0.
    [[nodiscard]] QRectF stepRect(int step) const;
    // The segment whose arrow or label is nearest `scene_pos` (within `tolerance`), among
    // those drawn; 0 for none.
    [[nodiscard]] std::uint64_t segmentAt(QPointF scene_pos, double tolerance = 6) const;
    // The simulated time (ms) at height `y`: interpolated between the rows of the events
    // around it, never below 0; below the last event, a little after it.
    [[nodiscard]] double timeAtY(double y) const;
    // A point on a segment's (first) arrow, `along` from sender (0) to its end (1).
    [[nodiscard]] QPointF arrowPoint(std::uint64_t segment, double along = 0.5) const;
    // The label drawn above a segment's arrow, in the current notation.
    [[nodiscard]] QString arrowLabel(std::uint64_t segment) const;
    // The arrows of segments that arrived or were lost by the cursor (hidden future steps not
    // counted, faded ones neither) ...
    [[nodiscard]] int visibleArrowCount() const;
    // ... and those still on their way at the cursor: sent at or before it, arriving (or lost)
    // after it; indices into layout().arrows(). Each is drawn from its send to where it is at the
    // cursor's time, the rest of its way dotted, with its label.
    [[nodiscard]] std::vector<std::size_t> arrowsInFlight() const;
    // How much of arrow `arrow` is drawn, from its sender (0) to its end (1): 1 once it arrived,
    // less while it flies (or grows in an animation); 0 before it is sent.
    [[nodiscard]] double shownProgress(std::size_t arrow) const;
    [[nodiscard]] int visibleStateBoxCount() const;   // boxes of states entered (not the initial ones)

    // --- what is drawn, for the key of exports and for tests ---
    // The marks drawn at the cursor (hidden future steps not counted, faded ones neither).
    struct ShownMarks {
        bool timeout_retransmission = false;   // "retransmission": sent again after a timeout
        bool fast_retransmission = false;      // sent again after duplicate ACKs
        bool dup_ack = false;                  // "dup ACK n"
        bool network_copy = false;             // "duplicate": a copy the link made
        bool lost = false;
        bool horizon = false;                  // the line where the simulation was cut
        bool operator==(const ShownMarks&) const = default;
    };
    [[nodiscard]] ShownMarks shownMarks() const;
    // The words in the pills of arrow `arrow` (an index into layout().arrows()), left to right.
    [[nodiscard]] QStringList arrowTags(std::size_t arrow) const;
    // Its label as drawn: the full one, or where a burst leaves no room for it, a pure ACK's
    // short one ("ack=x+1"), or none at all beside a duplicate ACK's tag.
    [[nodiscard]] QString shownArrowLabel(std::size_t arrow) const;
    // The outline of that label's backing (text and pills), in scene coordinates.
    [[nodiscard]] QPolygonF labelOutline(std::size_t arrow) const;
    // The leader line from the arrow to its label, when the label sits apart; null otherwise.
    [[nodiscard]] QLineF labelLeader(std::size_t arrow) const;
    // Where the lost segment of arrow `arrow` dies: the centre of its cross ...
    [[nodiscard]] QPointF arrowEnd(std::size_t arrow) const;
    // ... and the square the cross covers (null for an arrow that arrived).
    [[nodiscard]] QRectF lostCrossRect(std::size_t arrow) const;
    // The box of state `box` (an index into layout().boxes()), and of each side's initial state.
    [[nodiscard]] QRectF stateBoxRect(std::size_t box) const;
    [[nodiscard]] QRectF initialStateBoxRect(core::Side side) const;
    // How many notes (application calls, what arrivals signalled) the cursor shows, and the
    // outline of note `note` (an index into layout().notes()) and its words.
    [[nodiscard]] int visibleNoteCount() const;
    [[nodiscard]] QRectF noteRect(std::size_t note) const;
    [[nodiscard]] QString noteText(const NoteRow& n) const;
    // How many rows the layout was widened by for labels that had no room along their arrows.
    [[nodiscard]] int widenedRows() const { return m_widened_rows; }
    // What placing the labels starts from (placeLabels in diagram_layout.h): the layout before
    // any row is widened, each arrow's label as measured, and the diagram's geometry.
    [[nodiscard]] const DiagramLayout& unwidenedLayout() const { return *m_base_layout; }
    [[nodiscard]] std::vector<LabelRequest> labelRequests() const;
    [[nodiscard]] LabelSpace labelSpace() const;
    // The height of the "stopped at the horizon" line, when it is drawn: the simulation was cut
    // at its horizon and the cursor shows its end (or future steps are faded).
    [[nodiscard]] std::optional<double> horizonMarkY() const;
    // Its words, "stopped at the horizon (1.500 s): ...".
    [[nodiscard]] QString horizonText() const;
    // The RTT ruler of a trace whose programs spoke a protocol above TCP (issue 18), at the
    // left edge: a tick at each of the client's round trips from its SYN (the y of the first
    // event at or after it), the one where the request leaves and the one where the answer
    // arrives named so. Empty for plain TCP.
    struct RttTick {
        double y = 0;
        int round_trips = 0;
        bool request = false, answer = false;
        std::size_t event = 0;   // shown from this step on
    };
    [[nodiscard]] std::vector<RttTick> rttRuler() const;
    // Beside the ruler, the head-of-line wait of the streams the answer's messages name (the
    // HTTP/2 lessons): from when the first held message's bytes had arrived (or would have, but
    // for a loss) to when TCP delivered them. None when no stream waited.
    struct StreamWait {
        double top = 0, bottom = 0;
        std::size_t from_event = 0, to_event = 0;
        std::vector<std::uint32_t> streams;   // those that waited
        core::TimeUs waited = 0;              // the longest
    };
    [[nodiscard]] std::optional<StreamWait> streamWait() const;
    // Its words: "6 streams wait", "100 ms".
    [[nodiscard]] static QString streamWaitText(std::size_t streams);
    // The messages that went in several segments (core::messageSpans), each bracketed across
    // the segments beside its sender's lifeline, in a lane of its own outside the timers'.
    struct Bracket {
        core::Side side = core::Side::A;
        double top = 0, bottom = 0;          // the first and the last segment's sending
        std::size_t first_event = 0, last_event = 0;
        QString name;                        // "{Certificate}"
        qreal x = 0;                         // two that share a segment are in two lanes
    };
    [[nodiscard]] std::vector<Bracket> messageBrackets() const;

    // Painting, for DiagramItem and the view's sticky header.
    void paintDiagram(QPainter* p, const QRectF& exposed) const;
    void paintHeaders(QPainter* p, double top, bool compact) const;
    [[nodiscard]] double compactHeaderHeight() const;

Q_SIGNALS:
    void animationFinished();
    void diagramRebuilt();
    // A background layout started (true) or ended (false) ...
    void layingOutChanged(bool busy);
    // ... and its labels are in place (the diagram's rows may have moved to make room).
    void labelsPlaced();

private:
    // Fonts and x positions, from the fonts' metrics; y positions come from the layout.
    struct Geometry {
        QFont title, header_name, header_address, label, tag, tag_strong, box, note, timer, gap, horizon;
        qreal x_a = 0, x_b = 0;           // the lifelines
        qreal left = 0, right = 0;        // the drawing's extent
        qreal box_w = 160, box_h = 32;
        std::array<qreal, 2> box_left{};  // left edge of each side's state-box column
        std::array<qreal, 2> note_edge{}; // the edge of each side's notes nearest the lifeline
        qreal note_w = 180;
        qreal lane_w = 26;
        std::array<int, 2> lanes{1, 1};   // timer lanes beside each lifeline
        qreal title_top = 0, header_top = 0, header_bottom = 0, initial_y = 0, bottom = 0;
        qreal label_h = 28;
        qreal ruler_w = 0;                // the RTT ruler's column at the left edge; 0 without one
    };
    // The round trips the ruler counts (rebuildGeometry), and its ticks for the layout drawn.
    std::optional<core::HandshakeRtts> m_rtts;
    // The streams that waited, by the events their wait spans (rebuildGeometry).
    struct Stall {
        std::size_t from_event = 0, to_event = 0;
        std::vector<std::uint32_t> streams;
        core::TimeUs waited = 0;
    };
    std::optional<Stall> m_stall;
    std::vector<core::MessageSpan> m_spans;       // rebuildGeometry
    std::vector<int> m_span_lane;                  // each one's lane among its side's brackets ...
    std::array<int, 2> m_bracket_lanes{};          // ... and how many lanes each side has for them
    // The brackets drawn for the layout drawn, made once for it, not at every paint.
    mutable std::pair<std::shared_ptr<const DiagramLayout>, std::vector<Bracket>> m_brackets;
    // (Keyed by the layout itself, held: an address alone could be a later layout's.)
    mutable std::pair<std::shared_ptr<const DiagramLayout>, std::vector<RttTick>> m_rtt_ticks;
    static constexpr std::size_t kNoEvent = std::numeric_limits<std::size_t>::max();
    struct Animation {
        bool active = false;
        std::size_t begin = 0, end = 0;   // the events being revealed
        std::size_t arrival = kNoEvent;   // the arrive or drop event whose arrow grows
        double t = 0;                     // ms since the start
        double pre = 0, arrow = 0, post = 0;
    };
    // A label's widths, measured once; its words are made again where it is drawn (labelText),
    // so that a trace of a million arrows keeps 16 bytes for each, not its strings.
    struct Label {
        qreal width = -1;         // < 0: not measured yet
        qreal short_width = -1;   // a pure ACK's short form; < 0: none (other segments)
        [[nodiscard]] bool hasShort() const { return short_width >= 0; }
    };
    // A segment's label in the notation: the full one, or a pure ACK's short form ("ack=x+1";
    // empty when it has none).
    static QString labelText(const core::Trace& t, const core::SegmentLabeler& labeler, core::Notation notation,
                             std::uint64_t segment, bool short_form);
    [[nodiscard]] QString labelText(std::uint64_t segment, bool short_form) const;
    static QString shortLabelText(const core::Trace& t, const core::SegmentLabeler& labeler, core::Notation notation,
                                  std::uint64_t segment, const QString& full);
    // A pill after a label's text.
    struct Tag {
        QString text;
        qreal width = 0;
        QColor color;
        bool strong = false;      // filled: the third duplicate ACK, where fast retransmit happens
    };
    struct LabelGeometry {
        QPointF anchor;
        qreal angle = 0;          // degrees, the arrow's slope read left to right
        QRectF box;               // in the rotated frame around `anchor`
        qreal text_width = 0;     // 0 when only the tags are written
        LabelForm form = LabelForm::Full;
        std::array<const Tag*, 2> tags{};   // a send reason's or a copy's, then a duplicate ACK's
        int tag_count = 0;
        QLineF leader;            // from the arrow to a label set apart from it; null if none
    };

    void rebuild();
    // The rest of rebuild(), once the trace's rows are laid out.
    // What the cursor needs of all the arrows, found with the base layout (on its worker for a
    // big trace): the arrows' order never changes when rows are widened.
    struct ArrowFacts {
        static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
        core::TimeUs longest_flight = 0;   // from a send to its arrival or drop
        // The first arrow (index into arrows()) with each mark of ShownMarks.
        std::size_t first_timeout = kNone, first_fast = kNone, first_dup_ack = kNone, first_copy = kNone,
                    first_lost = kNone;
        static ArrowFacts of(const DiagramLayout& layout, const core::Trace& t);
    };
    void adoptBaseLayout(std::shared_ptr<const DiagramLayout> base, const ArrowFacts& facts);
    static std::pair<std::shared_ptr<const DiagramLayout>, ArrowFacts> baseOf(const core::Trace& t,
                                                                              const LayoutParams& params);
    // The compact geometry writes each note in its side's state-box column, above or below the
    // boxes, which the layout keeps apart (LayoutParams::stack_spacing).
    [[nodiscard]] bool stacksNotes() const { return m_geometry != DiagramGeometry::Figure; }
    [[nodiscard]] LayoutParams layoutParams() const;
    [[nodiscard]] int pixels(int base_pixels) const;   // scaled by the text size
    [[nodiscard]] QFont boxFont() const;
    [[nodiscard]] QFont noteFont() const;
    // Where note `n` is drawn, and (`shown`) its words as they fit.
    [[nodiscard]] QRectF noteBox(const NoteRow& n, QString* shown) const;
    // After the fonts changed: the geometry again, and the rows when their spacing changed.
    void relayoutFonts();
    // Which marks of ShownMarks arrow `a` carries (lost aside).
    static void noteMarks(const ArrowRow& a, const core::Trace& t, ShownMarks& m);
    void rebuildGeometry();
    void cancelLayout();
    void startLabelPlacement();
    // What measuring a label needs, copied for a worker.
    struct LabelMeasure;
    [[nodiscard]] LabelMeasure labelMeasure() const;
    static Label measureLabel(const core::Trace& t, const core::SegmentLabeler& labeler, core::Notation notation,
                              const QFontMetricsF& fm, std::uint64_t segment);
    static std::vector<LabelRequest> requestsFor(const DiagramLayout& base, const LabelMeasure& m,
                                                 std::vector<Label>& labels);
    void onCursorChanged(int cursor, int previous);
    void startAnimation(int step);
    void stopAnimation();
    void updateStep(int step);

    [[nodiscard]] double alphaOf(std::size_t event, std::size_t visible) const;
    // In flight when `visible` events are shown: how far from its send to its arrival (or drop)
    // the simulated time of the last of them is, 0 to 1; nullopt when not in flight.
    [[nodiscard]] std::optional<double> flightAt(const ArrowRow& a, std::size_t visible) const;
    // Calls f(row) for each arrow in flight when `visible` events are shown.
    template <typename F> void forArrowsInFlight(std::size_t visible, F&& f) const;
    // Drawn as still on its way: in flight at the cursor, or growing to its end in an animation
    // from where it was in flight.
    [[nodiscard]] bool isFlying(const ArrowRow& a, std::size_t visible) const;
    [[nodiscard]] double arrowAlpha(const ArrowRow& a, std::size_t visible) const;
    [[nodiscard]] double arrowProgress(const ArrowRow& a, std::size_t visible) const;
    [[nodiscard]] QLineF arrowLine(const ArrowRow& a) const;
    // Where a segment on its way is headed: its arrow's end, or for one that will be lost, the
    // receiver's lifeline (it does not know yet) ...
    [[nodiscard]] QPointF flightEnd(const ArrowRow& a) const;
    // ... and what it covers on the way, its label with it.
    [[nodiscard]] QRectF flightRect(const ArrowRow& a) const;
    // The bottom of the figure: the scene's, or where setCropBelowCursor() cuts it.
    [[nodiscard]] double figureBottom() const;
    [[nodiscard]] std::size_t arrowIndex(const ArrowRow& a) const;
    // Measures every label and places them all (which may widen rows of the layout) ...
    void placeLabels();
    // ... and then sizes the scene to the layout.
    void relayoutLabels();
    void finishRelayout();
    [[nodiscard]] qreal labelWidth(const ArrowRow& a, LabelForm form) const;
    [[nodiscard]] LabelGeometry labelGeometryAt(const ArrowRow& a, const LabelPlacement& at) const;
    [[nodiscard]] const Label& label(std::uint64_t segment) const;
    [[nodiscard]] LabelGeometry labelGeometry(const ArrowRow& a) const;
    [[nodiscard]] std::array<const Tag*, 2> tagsOf(const ArrowRow& a, int* count) const;
    [[nodiscard]] const Tag& dupAckTag(unsigned n, bool strong) const;
    [[nodiscard]] bool showsHorizon(std::size_t visible) const;
    [[nodiscard]] QRectF boxRect(core::Side side, double y) const;
    [[nodiscard]] bool isCurrent(std::size_t event) const;

    void paintStepBand(QPainter* p, const QRectF& r) const;
    void paintLifelines(QPainter* p, const QRectF& r, std::size_t visible) const;
    void paintBreaks(QPainter* p, const QRectF& r, std::size_t visible, bool labels) const;
    void paintTimers(QPainter* p, const QRectF& r, std::size_t visible) const;
    void paintArrow(QPainter* p, const ArrowRow& a, double alpha, double progress, bool current,
                    bool selected, bool flying = false) const;
    void paintArrowLabel(QPainter* p, const ArrowRow& a, double alpha, bool current, bool selected) const;
    void paintBox(QPainter* p, core::Side side, double y, core::State s, double alpha, bool current) const;
    void paintNote(QPainter* p, const NoteRow& n, double alpha) const;
    void paintHorizon(QPainter* p, const QRectF& r, std::size_t visible) const;
    void paintRttRuler(QPainter* p, const QRectF& r, std::size_t visible) const;
    void paintStreamWait(QPainter* p, std::size_t visible) const;
    void paintBrackets(QPainter* p, const QRectF& r, std::size_t visible) const;
    [[nodiscard]] const std::vector<Bracket>& bracketsDrawn() const;
    [[nodiscard]] static std::optional<Stall> findStall(const core::Trace& t, core::Side client);

    SessionModel* m_model;
    DiagramItem* m_item = nullptr;
    // Shared, so that a worker can lay them out while they are drawn.
    std::shared_ptr<const DiagramLayout> m_base_layout = std::make_shared<const DiagramLayout>();   // as the trace's times say
    std::shared_ptr<const DiagramLayout> m_layout = m_base_layout;   // with the rows widened for labels: what is drawn
    struct LayoutJob;
    std::shared_ptr<LayoutJob> m_job;   // a background layout under way
    bool m_background = false;
    Geometry m_geo;
    core::Notation m_notation = core::Notation::Textbook;
    bool m_textbook_names = false;
    FutureSteps m_future = FutureSteps::Hidden;
    bool m_show_timers = true;
    double m_text_scale = 1.0;
    DiagramGeometry m_geometry = DiagramGeometry::Figure;
    bool m_highlight_current = true;
    bool m_show_title = true;
    double m_speed = 1.0;
    bool m_animations = true;
    Animation m_anim;
    QVariantAnimation m_animation;
    mutable std::vector<Label> m_labels;   // by segment id - 1, measured as the labels are placed
    std::vector<LabelPlacement> m_placements;   // where each arrow's label sits, by arrow index
    double m_label_reach = 0;                   // how far a label lies above or below its arrow
    int m_widened_rows = 0;
    // FastRetransmit is the last core::SendReason.
    static constexpr std::size_t kSendReasons = static_cast<std::size_t>(core::SendReason::FastRetransmit) + 1;
    std::array<Tag, kSendReasons + 1> m_tags;          // by core::SendReason, then "duplicate"
    // "dup ACK n" by n, plain and filled, made as needed (deques: labels hold pointers to their
    // tags as they grow).
    mutable std::array<std::deque<Tag>, 2> m_dup_ack_tags;
    struct LabelMeasure {
        std::shared_ptr<const core::Trace> trace;
        std::shared_ptr<const core::SegmentLabeler> labeler;
        core::Notation notation = core::Notation::Textbook;
        QFont label, tag, tag_strong;
        std::array<Tag, kSendReasons + 1> tags;
        std::shared_ptr<const TraceIndex> index;   // its fast_triggers
    };
    // The tags an arrow carries: its send reason's or its copy's (if any), then "dup ACK n".
    struct TagChoice {
        const Tag* first = nullptr;
        unsigned dup_ack = 0;   // 0: none
        bool strong = false;    // filled: where the sender retransmitted fast
    };
    static TagChoice chooseTags(const ArrowRow& a, const core::Trace& t, const std::array<Tag, kSendReasons + 1>& tags,
                                const std::vector<std::uint32_t>& fast_triggers);
    static qreal dupAckTagWidth(const QString& text, bool strong, const QFontMetricsF& plain, const QFontMetricsF& filled);
    // A label's width in a form: its text (or none) and its tags.
    static qreal labelWidthOf(qreal text_width, std::span<const qreal> tag_widths);
    static LabelRequest requestOf(const ArrowRow& a, const core::Trace& t, const Label& text,
                                  std::span<const qreal> tag_widths);
    ArrowFacts m_facts;
    double m_lost_span = 0;              // the tallest lost arrow (its flight reaches twice as far)
    bool m_crop = false;
    bool m_suspended = false;
};

// The view: zoom (+/-/0, Ctrl+wheel), click an arrow to inspect it, and follow the cursor.
class SequenceDiagramView : public QGraphicsView {
    Q_OBJECT
public:
    explicit SequenceDiagramView(SequenceDiagramScene* scene, QWidget* parent = nullptr);

    [[nodiscard]] SequenceDiagramScene* diagram() const { return m_scene; }
    [[nodiscard]] double zoom() const { return m_zoom; }
    void setZoom(double z);
    void zoomIn() { setZoom(m_zoom * 1.2); }
    void zoomOut() { setZoom(m_zoom / 1.2); }
    // Scales the diagram to the width of the view (the "0" key), at any size of the view.
    void fitWidth();
    // Scales the whole diagram into the view, width and height, and shows it from its top
    // (View → Fit page, the "9" key): the whole lesson on one screen.
    void fitPage();
    // After the diagram changed size (the text size, a what-if edit): fits its width again if
    // the zoom follows the view (no zoom was chosen), keeping what is at the top of the view.
    void refit();
    // The zooms the view takes: from a tenth for a long lesson on a small screen, to five times.
    static constexpr double kMinZoom = 0.05, kMaxZoom = 5.0;
    // Scrolls so that the current step is in view.
    void followCursor(bool smoothly = true);
    // The presenter's pen: while it is on, dragging draws on the diagram instead of moving it.
    // The ink belongs to the step it was drawn at: the next move of the cursor wipes it.
    void setPenActive(bool on);
    [[nodiscard]] bool isPenActive() const { return m_pen; }
    void clearInk();
    // The strokes drawn, in scene coordinates (for tests).
    [[nodiscard]] const std::vector<QPolygonF>& ink() const { return m_ink; }
    // How far beside a lifeline (scene units) a right-click opens its menu: about 30 pixels on
    // the screen at any zoom, never less than 40 units, never past the middle between them.
    [[nodiscard]] double lifelineReach() const;

Q_SIGNALS:
    void zoomChanged(double zoom);
    // A right-click on a drawn segment (its arrow or label) ...
    void segmentContextMenuRequested(std::uint64_t segment, QPoint global);
    // ... or else near a lifeline, at the simulated time of that height.
    void lifelineContextMenuRequested(core::Side side, double at_ms, QPoint global);

protected:
    void wheelEvent(QWheelEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void contextMenuEvent(QContextMenuEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void drawForeground(QPainter* p, const QRectF& rect) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    unsigned m_shown_scenario = ~0u;   // SessionModel::scenarioNumber() the zoom and place belong to
    void scrollToSceneY(double top, bool smoothly);
    // fitWidth() if the zoom follows the view, with scene height `top` at the top again.
    void fitWidthKeepingTop(double top);

    SequenceDiagramScene* m_scene;
    double m_zoom = 1.0;
    bool m_fitted = false;     // fitted to the width since the last trace change
    QPoint m_press_pos;
    QVariantAnimation m_scroll;
    bool m_pen = false;
    bool m_drawing = false;
    std::vector<QPolygonF> m_ink;
};

}  // namespace tcpviz::ui
