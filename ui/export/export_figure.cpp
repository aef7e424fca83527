#include "ui/export/export_figure.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "core/tcp/state_graph.h"
#include "ui/views/congestion_plot.h"
#include "ui/views/diagram_marks.h"
#include "ui/views/sequence_plot.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

std::optional<FigureView> figureViewFromName(const QString& name) {
    if (name == QLatin1String("sequence")) return FigureView::Sequence;
    if (name == QLatin1String("state")) return FigureView::State;
    if (name == QLatin1String("both")) return FigureView::Both;
    if (name == QLatin1String("cwnd")) return FigureView::Cwnd;
    if (name == QLatin1String("tsg")) return FigureView::Tsg;
    if (name == QLatin1String("sockets")) return FigureView::Sockets;
    if (name == QLatin1String("side-by-side")) return FigureView::SideBySide;
    return std::nullopt;
}

QString figureViewName(FigureView view) {
    switch (view) {
        case FigureView::Sequence: return QStringLiteral("sequence");
        case FigureView::State: return QStringLiteral("state");
        case FigureView::Cwnd: return QStringLiteral("cwnd");
        case FigureView::Tsg: return QStringLiteral("tsg");
        case FigureView::Sockets: return QStringLiteral("sockets");
        case FigureView::SideBySide: return QStringLiteral("side-by-side");
        case FigureView::Both: break;
    }
    return QStringLiteral("both");
}

// --- the key -------------------------------------------------------------------------------
//
// Its marks copy the diagrams' own drawing (ui/views/sequence_diagram.cpp: paintArrow, paintArrowLabel,
// paintTimers, paintBox; ui/views/state_graph_view.cpp: StateBoxItem, TokenItem, EdgeItem): the same
// colours, pens and fonts, at the same size.

namespace {

enum class Mark {
    // the sequence diagram's
    Segment, Retransmission, FastRetransmission, DupAck, Duplicate, Lost, RetransmissionTimer, TimeWaitTimer,
    TimerExpired, States,
    // the state diagram's
    SideA, SideB, EdgeTaken,
};

QFont sized(int pixels, QFont::Weight weight = QFont::Normal) {
    QFont f = QApplication::font();
    f.setPixelSize(pixels);
    f.setWeight(weight);
    return f;
}

QFont textFont() { return sized(17); }
QFont tagFont() { return sized(14, QFont::DemiBold); }       // the diagram's tags and timer names
QFont strongTagFont() { return sized(14, QFont::Black); }    // its third duplicate ACK's
QFont tokenFont() { return sized(15, QFont::Bold); }

using marks::withAlpha;

constexpr double kRowHeight = 40;
constexpr double kArrowLength = 70;
constexpr double kGlyphGap = 10;      // between a mark and its words
constexpr double kEntryGap = 34;      // between entries
constexpr double kRuleGap = 14;       // under the rule that separates the key from the figure

// The pill of a tag, as paintArrowLabel draws it.
struct Tag {
    QString text;
    QColor color;
    [[nodiscard]] double width() const { return QFontMetricsF(tagFont()).horizontalAdvance(text) + 14; }
};

Tag tagOf(Mark m) {
    if (m == Mark::Retransmission)
        return {Text::sendReasonTag(core::SendReason::Retransmission), style::retransmissionTagColor()};
    if (m == Mark::FastRetransmission)
        return {Text::sendReasonTag(core::SendReason::FastRetransmit), style::fastRetransmissionTagColor()};
    // The diagram's own word for a network's copy.
    return {QCoreApplication::translate("tcpviz::ui::SequenceDiagramScene", "duplicate"),
            style::copyTagColor()};
}

// A duplicate ACK's two looks: the first ones, and the third, where fast retransmit happens.
Tag dupAckTag(unsigned n) { return {Text::dupAckTag(n), style::dupAckTagColor()}; }
double strongTagWidth(const Tag& tag) { return QFontMetricsF(strongTagFont()).horizontalAdvance(tag.text) + 18; }
constexpr double kTagGap = 6;   // between the two

constexpr std::array<core::State, 5> kSwatches = {core::State::SynSent, core::State::Established,
                                                  core::State::FinWait1, core::State::CloseWait,
                                                  core::State::TimeWait};
constexpr double kSwatchW = 26, kSwatchGap = 6;

double glyphWidth(Mark m) {
    switch (m) {
        case Mark::Segment:
        case Mark::Lost:
        case Mark::EdgeTaken: return kArrowLength;
        case Mark::Retransmission:
        case Mark::FastRetransmission:
        case Mark::Duplicate: return kArrowLength + 8 + tagOf(m).width();
        case Mark::DupAck: return kArrowLength + 8 + dupAckTag(1).width() + kTagGap + strongTagWidth(dupAckTag(3));
        case Mark::RetransmissionTimer:
        case Mark::TimeWaitTimer: {
            const auto kind =
                m == Mark::RetransmissionTimer ? core::TimerKind::Retransmission : core::TimerKind::TimeWait;
            return 14 + QFontMetricsF(tagFont()).horizontalAdvance(Text::timerShortName(kind));
        }
        case Mark::TimerExpired: return 12;
        case Mark::States: return kSwatches.size() * (kSwatchW + kSwatchGap) - kSwatchGap;
        case Mark::SideA:
        case Mark::SideB: return 76;
    }
    return kArrowLength;
}

// An arrow as the diagram draws one that is not the current step's.
void paintArrow(QPainter* p, QPointF from, QPointF to, bool dashed, QColor color) {
    marks::arrow(p, from, to, 2.2, 15, dashed, color);
}

void paintTag(QPainter* p, const Tag& tag, QRectF pill) { marks::tagPill(p, pill, tag.color, tagFont(), tag.text); }

// A mark in `r` (its glyph's box, a row high).
void paintMark(QPainter* p, Mark m, const QRectF& r, const QString& letter) {
    const double y = r.center().y();
    switch (m) {
        case Mark::Segment:
            paintArrow(p, QPointF(r.left(), y), QPointF(r.left() + kArrowLength, y), false, style::ink());
            return;
        case Mark::Retransmission:
        case Mark::FastRetransmission:
        case Mark::Duplicate: {
            paintArrow(p, QPointF(r.left(), y), QPointF(r.left() + kArrowLength, y), true, style::ink());
            const Tag tag = tagOf(m);
            const double h = 22;
            paintTag(p, tag, QRectF(r.left() + kArrowLength + 8, y - h / 2, tag.width(), h));
            return;
        }
        case Mark::DupAck: {
            // An ACK as any other, tagged "dup ACK 1", and the third one filled.
            paintArrow(p, QPointF(r.left(), y), QPointF(r.left() + kArrowLength, y), false, style::ink());
            const Tag first = dupAckTag(1), third = dupAckTag(3);
            const double h = 22, x = r.left() + kArrowLength + 8;
            paintTag(p, first, QRectF(x, y - h / 2, first.width(), h));
            marks::tagPill(p, QRectF(x + first.width() + kTagGap, y - h / 2, strongTagWidth(third), h), third.color,
                           strongTagFont(), third.text, true);
            return;
        }
        case Mark::Lost: {
            // The shaft to where the segment died, and a red cross there.
            const QPointF end(r.left() + kArrowLength - 12, y);
            p->setPen(QPen(style::ink(), 2.2 * style::lineScale(), Qt::SolidLine, Qt::FlatCap));
            p->drawLine(QPointF(r.left(), y), end);
            marks::lostCross(p, end, style::vermillion());
            return;
        }
        case Mark::RetransmissionTimer:
        case Mark::TimeWaitTimer:
        case Mark::TimerExpired: {
            // A bracket beside a lifeline (A's side: it opens to the right) with its short name
            // beside it, or one that ends in the dot of a timer that expired.
            const bool expired = m == Mark::TimerExpired;
            const auto kind =
                m == Mark::TimeWaitTimer ? core::TimerKind::TimeWait : core::TimerKind::Retransmission;
            const QColor c = kind == core::TimerKind::TimeWait ? style::blue() : style::vermillion();
            const double x = r.left() + 2, y0 = r.top() + 4, y1 = r.bottom() - 4;
            p->setPen(QPen(c, 2.4, Qt::SolidLine, Qt::FlatCap));
            p->drawLine(QPointF(x, y0), QPointF(x, y1));
            p->drawLine(QPointF(x, y0), QPointF(x + 6, y0));
            p->drawLine(QPointF(x, y1), QPointF(x + 6, y1));
            if (expired) {
                p->setPen(Qt::NoPen);
                p->setBrush(c);
                p->drawEllipse(QPointF(x, y1), 4.5, 4.5);
                return;
            }
            p->setFont(tagFont());
            p->setPen(c);
            p->drawText(QRectF(x + 12, r.top(), r.width() - 14, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                        Text::timerShortName(kind));
            return;
        }
        case Mark::States: {
            double x = r.left();
            for (core::State s : kSwatches) {
                p->setPen(QPen(style::stateBorder(s), 2.2));
                p->setBrush(style::stateFill(s));
                p->drawRoundedRect(QRectF(x, y - 10, kSwatchW, 20), 6, 6);
                x += kSwatchW + kSwatchGap;
            }
            return;
        }
        case Mark::SideA:
        case Mark::SideB: {
            // A state box lit in the side's colour, and the side's token.
            const QColor c = m == Mark::SideA ? style::vermillion() : style::blue();
            const QRectF box(r.left() + 2.5, y - 13, 44, 26);
            p->setPen(QPen(withAlpha(c, 0.3), 8));
            p->setBrush(Qt::NoBrush);
            p->drawRoundedRect(box, 8, 8);
            p->setPen(QPen(c, 5));
            p->setBrush(style::stateFill(core::State::Established));
            p->drawRoundedRect(box, 8, 8);
            const double radius = 12;
            const QPointF centre(r.right() - radius - 2, y);
            p->setPen(QPen(Qt::white, 2.5));
            p->setBrush(c);
            p->drawEllipse(centre, radius, radius);
            p->setPen(Qt::white);
            p->setFont(tokenFont());
            p->drawText(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius), Qt::AlignCenter,
                        letter);
            return;
        }
        case Mark::EdgeTaken: {
            // The highlighter stroke under an edge that was taken.
            const QPointF a(r.left() + 6, y), b(r.left() + kArrowLength, y);
            p->setPen(QPen(withAlpha(style::orange(), 0.5), 13, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p->drawLine(a, b - QPointF(9, 0));
            paintArrow(p, a, b, false, style::ink());
            return;
        }
    }
}

struct LegendEntry {
    Mark mark;
    QString text;
    QString letter;   // the token's, for A and B
    QPointF at;       // top-left of its glyph
};

}  // namespace

class LegendScene::Item : public QGraphicsItem {
public:
    [[nodiscard]] QRectF boundingRect() const override { return m_rect; }
    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        p->setRenderHint(QPainter::Antialiasing);
        p->setRenderHint(QPainter::TextAntialiasing);
        p->setPen(QPen(style::faint(), 1.2));
        p->drawLine(QPointF(0, 0.6), QPointF(m_rect.right(), 0.6));
        const QFontMetricsF fm(textFont());
        for (const LegendEntry& e : m_entries) {
            const double w = glyphWidth(e.mark);
            p->save();
            paintMark(p, e.mark, QRectF(e.at, QSizeF(w, kRowHeight)), e.letter);
            p->restore();
            p->setFont(textFont());
            p->setPen(style::ink());
            p->drawText(QRectF(e.at.x() + w + kGlyphGap, e.at.y(), fm.horizontalAdvance(e.text) + 2, kRowHeight),
                        Qt::AlignLeft | Qt::AlignVCenter, e.text);
        }
    }

    void setEntries(std::vector<LegendEntry> entries, double width) {
        prepareGeometryChange();
        const QFontMetricsF fm(textFont());
        double x = 0, y = kRuleGap, right = 0;
        for (LegendEntry& e : entries) {
            const double w = glyphWidth(e.mark) + kGlyphGap + fm.horizontalAdvance(e.text);
            if (x > 0 && x + w > width) {
                x = 0;
                y += kRowHeight;
            }
            e.at = QPointF(x, y);
            right = std::max(right, x + w);
            x += w + kEntryGap;
        }
        m_entries = std::move(entries);
        // As wide as the figure above it (the rule spans it), unless an entry is wider still.
        m_rect = QRectF(0, 0, std::ceil(std::max(right, width)), m_entries.empty() ? 0 : y + kRowHeight);
    }

    [[nodiscard]] const std::vector<LegendEntry>& entries() const { return m_entries; }

private:
    std::vector<LegendEntry> m_entries;
    QRectF m_rect;
};

LegendScene::LegendScene(QObject* parent) : QGraphicsScene(parent), m_item(new Item) { addItem(m_item); }

LegendScene::~LegendScene() = default;

void LegendScene::setUp(FigureView view, double width, const QString& nameA, const QString& nameB) {
    std::vector<LegendEntry> entries;
    if (view != FigureView::State) {
        entries.push_back({Mark::Segment, tr("segment, from sender to receiver"), {}, {}});
        entries.push_back({Mark::Retransmission, tr("sent again after a timeout"), {}, {}});
        // Congestion control's marks only where the figure shows them.
        if (m_sequence_marks.fast_retransmission)
            entries.push_back({Mark::FastRetransmission, tr("sent again at once: after three duplicate ACKs, or a partial ACK in fast recovery"), {}, {}});
        if (m_sequence_marks.dup_ack)
            entries.push_back({Mark::DupAck, tr("a duplicate ACK, counted by the sender"), {}, {}});
        entries.push_back({Mark::Duplicate, tr("a copy the network made"), {}, {}});
        entries.push_back({Mark::Lost, tr("lost on the way"), {}, {}});
        entries.push_back(
            {Mark::RetransmissionTimer, tr("retransmission timer (pale: stopped in time)"), {}, {}});
        entries.push_back({Mark::TimeWaitTimer, tr("TIME-WAIT timer"), {}, {}});
        entries.push_back({Mark::TimerExpired, tr("a timer expired"), {}, {}});
        entries.push_back({Mark::States,
                           tr("state entered: opening, established, active close, passive close, TIME-WAIT"),
                           {}, {}});
    }
    if (view != FigureView::Sequence) {
        // The endpoints' ids are not translated (as on the tokens).
        entries.push_back({Mark::SideA, tr("%1 (A) is in this state").arg(nameA), QStringLiteral("A"), {}});
        entries.push_back({Mark::SideB, tr("%1 (B) is in this state").arg(nameB), QStringLiteral("B"), {}});
        entries.push_back({Mark::EdgeTaken, tr("transitions taken so far"), {}, {}});
    }
    m_item->setEntries(std::move(entries), width);
    setSceneRect(m_item->boundingRect());
}

QStringList LegendScene::texts() const {
    QStringList out;
    for (const LegendEntry& e : m_item->entries()) out << e.text;
    return out;
}

// --- figures -------------------------------------------------------------------------------

Figure makeFigure(SessionModel& model, SequenceDiagramScene* sequence, StateGraphScene* states,
                  FigureView view, bool sequenceTitle, LegendScene* legend) {
    // Whatever the scenes keep of the colours while they are set up is the print colours'.
    const style::ScopedPrintColors print;
    Figure figure;
    figure.name = model.title();
    if ((view == FigureView::Sequence || view == FigureView::Both) && sequence) {
        sequence->setAnimationsEnabled(false);
        sequence->setFutureSteps(FutureSteps::Hidden);
        sequence->setHighlightCurrentStep(false);
        sequence->setShowTitle(sequenceTitle);
        // A figure of the first steps ends a little below them, not at the end of the trace.
        sequence->setCropBelowCursor(true);
        figure.parts.push_back({sequence, sequence->figureRect(sequenceTitle)});
    }
    if ((view == FigureView::State || view == FigureView::Both) && states) {
        states->setFutureSteps(FutureSteps::Hidden);
        states->showTraceUpTo(model.trace(), model.visibleEvents(), model.index().state_events);
        figure.parts.push_back({states, states->sceneRect()});
    }
    if (legend && !figure.parts.empty()) {
        double width = figure.gap * static_cast<double>(figure.parts.size() - 1);
        for (const Figure::Part& part : figure.parts) width += part.source.width();
        const core::Trace& t = model.trace();
        legend->setSequenceMarks(sequence && figure.parts.front().scene == sequence ? sequence->shownMarks()
                                                                                   : SequenceDiagramScene::ShownMarks{});
        legend->setUp(view, width, Text::endpointName(t.endpoints[core::idx(core::Side::A)]),
                      Text::endpointName(t.endpoints[core::idx(core::Side::B)]));
        figure.footer = {legend, legend->sceneRect()};
    }
    return figure;
}

ExportScenes::ExportScenes(const SessionModel& source, int cursor, const FigureStyle& style) {
    m_sequence.setSuspended(true);
    m_sequence.setAnimationsEnabled(false);
    m_sequence.setFutureSteps(FutureSteps::Hidden);
    m_sequence.setHighlightCurrentStep(false);
    m_sequence.setNotation(style.notation);
    m_sequence.setTextbookStateNames(style.textbookStateNames);
    m_states.setTextbookStateNames(style.textbookStateNames);
    m_style = style;
    if (source.hasScenario()) {
        // The source's own trace: simulated once, whatever the exports.
        m_model.showSame(source);
        m_model.setCursor(cursor);
    }
    m_print_colors.reset();
}

ExportScenes::~ExportScenes() = default;

QString ExportScenes::refusal(const SessionModel& source, int cursor, FigureView view) {
    if (view == FigureView::Sockets && !source.hosts())
        return tr("the host chart shows a lesson of hosts (tcpviz-scenario/2); this lesson has two endpoints");
    if (view == FigureView::SideBySide && (!source.hosts() || source.hosts()->runs.empty()))
        return tr("the side-by-side view compares a lesson's clients making one request in different ways "
                  "(handshake-rtts); this lesson has no such runs");
    if (view != FigureView::Sequence && view != FigureView::Both) return {};
    // An arrow for each arrival or loss shown (copies included), as the layout draws them.
    const core::Trace& t = source.trace();
    const std::size_t shown = std::min(source.steps().eventsVisibleAt(static_cast<std::size_t>(std::max(cursor, 0))),
                                       t.events.size());
    std::size_t arrows = 0;
    for (std::size_t i = 0; i < shown; ++i)
        if (t.events[i].kind == core::EventKind::Arrive || t.events[i].kind == core::EventKind::Drop) ++arrows;
    if (arrows <= kMaxFigureArrows) return {};
    return tr("the sequence diagram would draw %1 segments, more than the %2 a figure may have: "
              "export it at an earlier step, or export the trace as text (txt, json or csv)")
        .arg(QLocale().toString(static_cast<qulonglong>(arrows)),
             QLocale().toString(static_cast<qulonglong>(kMaxFigureArrows)));
}

Figure ExportScenes::figure(FigureView view, bool sequenceTitle, bool legend) {
    if (view == FigureView::SideBySide) return sideBySideFigure(sequenceTitle);
    if (isPlotView(view)) return plotFigure(view, sequenceTitle, legend);
    const bool sequence_shown = view == FigureView::Sequence || view == FigureView::Both;
    return makeFigure(m_model, sequence_shown ? &sequence() : nullptr, &m_states, view, sequenceTitle,
                      legend ? &m_legend : nullptr);
}

Figure ExportScenes::hostFigure(bool title, bool legend) {
    const style::ScopedPrintColors print;
    if (!m_host_chart) m_host_chart = std::make_unique<HostChart>(&m_model);
    m_host_chart->setPrintLook(legend);
    if (m_style.host) m_host_chart->setHost(*m_style.host);
    m_host_chart->resize(kPlotSize);
    m_plot_scenes[0].setPicture(m_host_chart->picture(kPlotSize), kPlotSize);
    Figure figure;
    figure.name = m_model.title();
    if (title) {
        figure.title = m_model.title();
        figure.subtitle = m_host_chart->caption();
    }
    figure.parts.push_back({&m_plot_scenes[0], m_plot_scenes[0].sceneRect()});
    return figure;
}

Figure ExportScenes::sideBySideFigure(bool title) {
    const style::ScopedPrintColors print;
    Figure figure;
    figure.name = m_model.title();
    if (title) figure.title = m_model.title();
    const HostSession* hosts = m_model.hosts();
    if (!hosts) return figure;
    // The runs asked for, in the order asked; all of them when none are named.
    std::vector<core::ComparedRun> runs;
    for (const std::string& name : m_style.runs)
        for (const core::ComparedRun& r : hosts->runs)
            if (r.name == name) runs.push_back(r);
    if (m_style.runs.empty()) runs = hosts->runs;
    const core::HostScenario scenario = core::withLinks(hosts->scenario, m_style.delay_ms, m_style.loss);
    auto result = std::make_shared<const core::SideBySide>(core::simulateSideBySide(scenario, runs));
    m_side_by_side = std::make_unique<SideBySideScene>();
    m_side_by_side->setRuns(result, SideBySideScene::all(*result));
    const double loss = m_style.loss.value_or(scenario.run.link[0].loss);
    if (title)
        figure.subtitle = loss > 0 ? tr("The same request over one link, %1 each way, %2 % lost")
                                         .arg(Text::durationText(result->rtt / 2), QLocale().toString(loss * 100, 'g', 3))
                                   : tr("The same request over one link, %1 each way")
                                         .arg(Text::durationText(result->rtt / 2));
    figure.parts.push_back({m_side_by_side.get(), m_side_by_side->sceneRect()});
    return figure;
}

Figure ExportScenes::plotFigure(FigureView view, bool title, bool legend) {
    if (view == FigureView::Sockets) return hostFigure(title, legend);
    // Made and drawn in the print colours, as the scenes are.
    const style::ScopedPrintColors print;
    const bool cwnd = view == FigureView::Cwnd;
    for (auto& plot : m_plots) {
        if (plot && (dynamic_cast<CongestionPlot*>(plot.get()) != nullptr) == cwnd) continue;
        if (cwnd)
            plot = std::make_unique<CongestionPlot>(&m_model);
        else
            plot = std::make_unique<SequencePlot>(&m_model);
    }
    for (auto& plot : m_plots) {
        plot->setFutureSteps(FutureSteps::Hidden);
        plot->setPrintLook(legend);
    }
    Figure figure;
    figure.name = m_model.title();
    if (title) figure.title = m_model.title();
    if (!m_plots[0]->canChooseSide()) {
        m_plot_scenes[0].setPlot(*m_plots[0], kPlotSize);
        figure.parts.push_back({&m_plot_scenes[0], m_plot_scenes[0].sceneRect()});
        if (title) figure.subtitle = m_plots[0]->caption();
        return figure;
    }
    // Both sides sent data: A's plot over B's, over the time axis that holds both.
    double lower = 0, upper = 0;
    for (std::size_t i = 0; i < m_plots.size(); ++i) {
        m_plots[i]->refresh();   // first: a new lesson's first build forgets a chosen side
        m_plots[i]->setSide(i == 0 ? core::Side::A : core::Side::B);
        const auto [lo, hi] = m_plots[i]->fittedKeyRange();
        lower = i == 0 ? lo : std::min(lower, lo);
        upper = i == 0 ? hi : std::max(upper, hi);
    }
    figure.stacked = true;
    for (std::size_t i = 0; i < m_plots.size(); ++i) {
        m_plots[i]->setKeyRange(lower, upper);
        m_plot_scenes[i].setPlot(*m_plots[i], kStackedPlotSize);
        figure.parts.push_back({&m_plot_scenes[i], m_plot_scenes[i].sceneRect(), m_plots[i]->caption()});
    }
    return figure;
}

QImage sequenceDiagramImage(const SessionModel& session, const FigureStyle& style, bool legend) {
    ExportScenes scenes(session, session.cursor(), style);
    return renderPng(scenes.figure(FigureView::Sequence, true, legend));
}

}  // namespace tcpviz::ui
