#include "ui/views/plot_view.h"

#include <QApplication>
#include <QComboBox>
#include <QFontDatabase>
#include <QGraphicsItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/trace/plot_data.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"
#include "ui/views/diagram_marks.h"
#include "ui/views/diagram_style.h"
#include "ui/views/qcustomplot_include.h"

namespace tcpviz::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Later steps in the faded view: paler than the sequence diagram's arrows (0.16), as plot
// lines are thinner.
constexpr double kFadedAlpha = 0.25;
// Sizes for a classroom projector.
constexpr int kTickPixels = 15;
constexpr int kLabelPixels = 16;
constexpr int kLegendPixels = 15;

using marks::withAlpha;

// Which points of a series are drawn: [from, to); a line's last value holds until `tail`,
// bands are cut to [head, tail] (NaN: not cut).
class Windowed {
public:
    virtual ~Windowed() = default;
    void setWindow(int from, int to, double head, double tail) {
        m_from = from;
        m_to = to;
        m_head = head;
        m_tail = tail;
    }

protected:
    int m_from = 0, m_to = 0;
    double m_head = kNaN, m_tail = kNaN;
};

// A QCPGraph that draws only its window of points: the data stays shared and whole, so that
// moving the cursor copies nothing.
class CutGraph : public QCPGraph, public Windowed {
public:
    CutGraph(QCPAxis* key, QCPAxis* value) : QCPGraph(key, value) {}

protected:
    void getOptimizedLineData(QVector<QCPGraphData>* line_data, const QCPGraphDataContainer::const_iterator& begin,
                              const QCPGraphDataContainer::const_iterator& end) const override {
        line_data->clear();
        // QCPGraph turns the points into steps without asking whether there are any: nothing
        // to draw is one point that draws nothing.
        const auto nothing = [&] { line_data->append(QCPGraphData(begin->key, kNaN)); };
        if (m_to <= m_from) return nothing();
        const auto first = mDataContainer->constBegin();
        const auto window_end = first + m_to;
        auto b = std::max(begin, first + m_from);
        const auto e = std::min(end, window_end);
        if (b >= e) {
            // Every drawn point lies left of the visible range: only the last value, held.
            if (e != window_end) return nothing();
            b = e - 1;
        }
        QCPGraph::getOptimizedLineData(line_data, b, e);
        if (e == window_end && !std::isnan(m_tail)) {
            const QCPGraphData& last = *(window_end - 1);
            if (m_tail > last.key && !std::isnan(last.value)) line_data->append(QCPGraphData(m_tail, last.value));
        }
    }
    void getOptimizedScatterData(QVector<QCPGraphData>* scatter_data, QCPGraphDataContainer::const_iterator begin,
                                 QCPGraphDataContainer::const_iterator end) const override {
        scatter_data->clear();
        const auto first = mDataContainer->constBegin();
        begin = std::max(begin, first + m_from);
        end = std::min(end, first + m_to);
        if (begin < end) QCPGraph::getOptimizedScatterData(scatter_data, begin, end);
    }
};

// Marks in data coordinates, drawn in pixels: segments' bars, losses, duplicate-ACK ticks and
// the phases' bands. Only the marks in the visible time range are drawn (binary search).
class MarkPlottable : public QCPAbstractPlottable, public Windowed {
public:
    MarkPlottable(QCPAxis* key, QCPAxis* value, PlotView::MarkShape shape, std::vector<PlotView::Mark> marks)
        : QCPAbstractPlottable(key, value), m_shape(shape), m_marks(std::move(marks)) {
        if (m_shape != PlotView::MarkShape::Band)
            for (PlotView::Mark& m : m_marks) m.key_end = m.key;
        setSelectable(QCP::stNone);
    }

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override {
        found = !m_marks.empty();
        return found ? QCPRange(m_marks.front().key, m_marks.back().key_end) : QCPRange();
    }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
        found = !m_marks.empty();
        QCPRange r;
        for (std::size_t i = 0; i < m_marks.size(); ++i) {
            if (i == 0) r = QCPRange(m_marks[i].low, m_marks[i].high);
            r.expand(m_marks[i].low);
            r.expand(m_marks[i].high);
        }
        return r;
    }

protected:
    void draw(QCPPainter* p) override {
        QCPAxis* x = mKeyAxis.data();
        QCPAxis* y = mValueAxis.data();
        if (!x || !y || m_to <= m_from) return;
        const QCPRange range = x->range();
        // Marks are in time order, and so are their ends (bands do not overlap).
        const auto lo = std::lower_bound(m_marks.begin(), m_marks.end(), range.lower,
                                         [](const PlotView::Mark& m, double k) { return m.key_end < k; });
        const auto hi = std::upper_bound(m_marks.begin(), m_marks.end(), range.upper,
                                         [](double k, const PlotView::Mark& m) { return k < m.key; });
        const auto from = std::max<std::ptrdiff_t>(lo - m_marks.begin(), m_from);
        const auto to = std::min<std::ptrdiff_t>(hi - m_marks.begin(), m_to);
        if (from >= to) return;

        if (m_shape == PlotView::MarkShape::Band) {
            const QRect area = x->axisRect()->rect();
            p->setPen(Qt::NoPen);
            p->setBrush(mBrush);
            for (auto i = from; i < to; ++i) {
                const PlotView::Mark& m = m_marks[static_cast<std::size_t>(i)];
                const double k0 = std::isnan(m_head) ? m.key : std::max(m.key, m_head);
                const double k1 = std::isnan(m_tail) ? m.key_end : std::min(m.key_end, m_tail);
                if (k1 <= k0) continue;
                const double x0 = x->coordToPixel(k0), x1 = x->coordToPixel(k1);
                p->drawRect(QRectF(QPointF(x0, area.top()), QPointF(x1, area.bottom() + 1)));
            }
            return;
        }
        QVector<QLineF> lines;
        QVector<QPointF> centres;
        // More marks than pixels (a long transfer seen whole): one bar per pixel column, from
        // the lowest to the highest byte sent then, and each other mark once per pixel, so that
        // drawing costs the plot's width, not the trace's length.
        const bool dense = (to - from) > 2 * std::max(1, x->axisRect()->width());
        const bool bars = m_shape == PlotView::MarkShape::Bar || m_shape == PlotView::MarkShape::BarCircle ||
                          m_shape == PlotView::MarkShape::BarDiamond;
        if (dense && bars) {
            int column = std::numeric_limits<int>::min();
            double top = 0, bottom = 0;
            for (auto i = from; i <= to; ++i) {
                const PlotView::Mark* m = i < to ? &m_marks[static_cast<std::size_t>(i)] : nullptr;
                const int c = m ? static_cast<int>(std::lround(x->coordToPixel(m->key))) : std::numeric_limits<int>::max();
                if (c != column && column != std::numeric_limits<int>::min())
                    lines << QLineF(column, top, column, bottom);
                if (!m) break;
                const double y0 = y->coordToPixel(m->low), y1 = y->coordToPixel(m->high);
                if (c != column) {
                    column = c;
                    top = std::min(y0, y1);
                    bottom = std::max(y0, y1);
                } else {
                    top = std::min({top, y0, y1});
                    bottom = std::max({bottom, y0, y1});
                }
            }
            p->setPen(mPen);
            p->drawLines(lines);
            return;
        }
        lines.reserve(static_cast<int>(to - from) * 3);
        QPoint last_pixel(std::numeric_limits<int>::min(), 0);
        for (auto i = from; i < to; ++i) {
            const PlotView::Mark& m = m_marks[static_cast<std::size_t>(i)];
            const double px = x->coordToPixel(m.key);
            const double y0 = y->coordToPixel(m.low), y1 = y->coordToPixel(m.high);
            const double mid = (y0 + y1) / 2;
            if (dense) {
                const QPoint pixel(static_cast<int>(std::lround(px)), static_cast<int>(std::lround(mid)));
                if (pixel == last_pixel) continue;
                last_pixel = pixel;
            }
            switch (m_shape) {
                case PlotView::MarkShape::Bar:
                case PlotView::MarkShape::BarCircle:
                case PlotView::MarkShape::BarDiamond:
                    lines << QLineF(px, y0, px, y1) << QLineF(px - kWhisker, y0, px + kWhisker, y0)
                          << QLineF(px - kWhisker, y1, px + kWhisker, y1);
                    if (m_shape != PlotView::MarkShape::Bar) centres << QPointF(px, mid);
                    break;
                case PlotView::MarkShape::Cross:
                    lines << QLineF(px - kCross, mid - kCross, px + kCross, mid + kCross)
                          << QLineF(px - kCross, mid + kCross, px + kCross, mid - kCross);
                    break;
                case PlotView::MarkShape::Tick: {
                    // Tally marks over the line: the third duplicate ACK is the third dash up.
                    // Beside the time, not over a segment sent then.
                    const double at = y0 - kTickGap * std::min(m.level, kMaxTally);
                    lines << QLineF(px + 2, at, px + 2 + 2 * kTick, at);
                    break;
                }
                case PlotView::MarkShape::Band: break;
            }
        }
        p->setPen(mPen);
        p->setBrush(Qt::NoBrush);
        p->drawLines(lines);
        for (const QPointF& c : centres) drawCentre(p, c);
    }

    void drawLegendIcon(QCPPainter* p, const QRectF& r) const override {
        p->setRenderHint(QPainter::Antialiasing);
        const QPointF c = r.center();
        switch (m_shape) {
            case PlotView::MarkShape::Band:
                p->setPen(Qt::NoPen);
                p->setBrush(mBrush);
                p->drawRect(r.adjusted(1, 1, -1, -1));
                return;
            case PlotView::MarkShape::Bar:
            case PlotView::MarkShape::BarCircle:
            case PlotView::MarkShape::BarDiamond: {
                const double top = r.top() + 1, bottom = r.bottom() - 1;
                p->setPen(mPen);
                p->drawLine(QLineF(c.x(), top, c.x(), bottom));
                p->drawLine(QLineF(c.x() - kWhisker, top, c.x() + kWhisker, top));
                p->drawLine(QLineF(c.x() - kWhisker, bottom, c.x() + kWhisker, bottom));
                if (m_shape != PlotView::MarkShape::Bar) drawCentre(p, c);
                return;
            }
            case PlotView::MarkShape::Cross:
                p->setPen(mPen);
                p->drawLine(QLineF(c.x() - kCross, c.y() - kCross, c.x() + kCross, c.y() + kCross));
                p->drawLine(QLineF(c.x() - kCross, c.y() + kCross, c.x() + kCross, c.y() - kCross));
                return;
            case PlotView::MarkShape::Tick:
                p->setPen(mPen);
                for (int level = -1; level <= 1; ++level)
                    p->drawLine(QLineF(c.x() - kTick, c.y() + level * kTickGap, c.x() + kTick, c.y() + level * kTickGap));
                return;
        }
    }

private:
    static constexpr double kWhisker = 4;
    static constexpr double kCross = 6;
    static constexpr double kTick = 7;      // half a tally dash
    static constexpr double kTickGap = 5;   // between tally dashes
    static constexpr int kMaxTally = 8;     // higher counts share the top dash

    // The dot or diamond that tells a retransmission's kind apart without its colour.
    void drawCentre(QCPPainter* p, QPointF c) const {
        p->setPen(QPen(mPen.color(), 1.2));
        p->setBrush(mPen.color());
        if (m_shape == PlotView::MarkShape::BarCircle) {
            p->drawEllipse(c, 4.5, 4.5);
        } else {
            const double s = 5.5;
            p->drawPolygon(QPolygonF({c + QPointF(0, -s), c + QPointF(s, 0), c + QPointF(0, s), c + QPointF(-s, 0)}));
        }
        p->setBrush(Qt::NoBrush);
        p->setPen(mPen);
    }

    PlotView::MarkShape m_shape;
    std::vector<PlotView::Mark> m_marks;
};

// Bytes with the locale's digit grouping: "65,535".
class BytesTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar, int) override {
        return locale.toString(static_cast<qlonglong>(std::llround(tick)));
    }
};

double distanceToBar(QPointF p, double x, double y0, double y1) {
    const double top = std::min(y0, y1), bottom = std::max(y0, y1);
    const double dy = p.y() < top ? top - p.y() : p.y() > bottom ? p.y() - bottom : 0;
    return std::hypot(p.x() - x, dy);
}

}  // namespace

QFont plotFont(int pixels, QFont::Weight weight) {
    QFont f = QApplication::font();
    f.setPixelSize(pixels);
    f.setWeight(weight);
    // QCustomPlot sizes and places a legend's text by the metrics of the font's first family.
    // Chinese words come from fontconfig's CJK fallback, which sits lower and is taller, so the
    // legend would cut them off at the bottom: in Chinese, a CJK family comes first.
    if (QLocale().language() == QLocale::Chinese) {
        static const QString cjk = [] {
            for (const char* name : {"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC"})
                if (QFontDatabase::hasFamily(QString::fromLatin1(name))) return QString::fromLatin1(name);
            return QString();
        }();
        if (!cjk.isEmpty()) f.setFamilies(QStringList{cjk} + f.families());
    }
    return f;
}


// One series: what is drawn in full up to the cursor, what is drawn pale after it, and the
// points' places for clicks.
struct PlotView::Series {
    QCPAbstractPlottable* solid = nullptr;
    QCPAbstractPlottable* ghost = nullptr;
    Windowed* solid_window = nullptr;
    Windowed* ghost_window = nullptr;
    std::vector<std::uint32_t> events;
    std::vector<double> keys, low, high;
    enum class Kind { Line, Marks, Band } kind = Kind::Marks;
    double end = kNaN;   // lines and bands: where the last one ends
    int rank = 0;
    int solid_count = 0;
    int ghost_from = 0, ghost_count = 0;
};

PlotView::PlotView(SessionModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(2);
    auto* header = new QHBoxLayout;
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("PlotCaption"));
    m_caption->setWordWrap(true);
    QFont bold = m_caption->font();
    bold.setBold(true);
    m_caption->setFont(bold);
    header->addWidget(m_caption, 1);
    layout->addLayout(header);
    // The sender's choice on a row of its own, under the caption: beside it, it made the plot
    // (and with it a small screen's dock column) 70 px wider in lessons where both ends send,
    // and the fitted sequence diagram's text smaller (tests/ui/main_window_screen_test).
    auto* chooser = new QHBoxLayout;
    chooser->addStretch(1);
    m_side_label = new QLabel(this);
    chooser->addWidget(m_side_label);
    m_side_box = new QComboBox(this);
    m_side_box->setObjectName(QStringLiteral("PlotSideBox"));
    m_side_box->setFocusPolicy(Qt::NoFocus);
    // Long endpoint names (and translations) may not widen the dock beyond the screen.
    m_side_box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_side_box->setMinimumContentsLength(14);
    m_side_box->addItem(QString(), static_cast<int>(core::Side::A));
    m_side_box->addItem(QString(), static_cast<int>(core::Side::B));
    m_side_label->setBuddy(m_side_box);
    chooser->addWidget(m_side_box);
    layout->addLayout(chooser);

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("Plot"));
    m_plot->setMinimumSize(180, 140);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->setAntialiasedElements(QCP::aePlottables | QCP::aeItems | QCP::aeLegendItems);
    m_plot->addLayer(QStringLiteral("phases"), m_plot->layer(QStringLiteral("grid")), QCustomPlot::limBelow);
    m_plot->addLayer(QStringLiteral("cursor"), m_plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    // The legend goes under the plot or beside it (placeLegend()), in a slot where it keeps
    // its own size: a spacer after it takes the rest of the row or column.
    m_plot->legend->setVisible(true);
    m_below = new QCPLayoutGrid;
    m_beside = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, m_below);
    m_plot->plotLayout()->addElement(0, 1, m_beside);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    for (QCPLayoutGrid* slot : {m_below, m_beside}) {
        slot->setRowSpacing(0);
        slot->setColumnSpacing(0);
    }
    m_below->addElement(0, 0, m_plot->legend);
    m_below->addElement(0, 1, new QCPLayoutElement(m_plot));
    m_below->setColumnStretchFactor(0, 0.001);
    m_below->setColumnStretchFactor(1, 1);
    m_beside->addElement(1, 0, new QCPLayoutElement(m_plot));
    m_beside->setRowStretchFactor(0, 0.001);
    m_beside->setRowStretchFactor(1, 1);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setColumnSpacing(18);
    m_plot->legend->setRowSpacing(2);
    m_plot->legend->setIconSize(30, 16);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setMargins(QMargins(8, 4, 8, 4));
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new BytesTicker));
    layout->addWidget(m_plot, 1);

    connect(m_side_box, &QComboBox::activated, this,
            [this](int i) { setSide(static_cast<core::Side>(m_side_box->itemData(i).toInt())); });
    connect(m_plot, &QCustomPlot::mousePress, this, &PlotView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &PlotView::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] {
        m_zoomed = false;
        fitKeys();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this](const QCPRange& r) {
        if (r.lower != m_key_lower || r.upper != m_key_upper) m_zoomed = true;
    });
    connect(m_model, &SessionModel::traceChanged, this, &PlotView::onTraceChanged);
    connect(m_model, &SessionModel::cursorChanged, this, &PlotView::onCursorChanged);
    retranslate();
}

PlotView::~PlotView() = default;

core::Side PlotView::side() const {
    if (m_chosen_side) return *m_chosen_side;
    return m_model->index().plot_side;
}

void PlotView::setSide(core::Side s) {
    if (m_chosen_side == s) return;
    const core::Side before = side();
    m_chosen_side = s;
    if (before == s) return;
    m_stale = true;
    refresh();
    Q_EMIT sideChanged(s);
}

bool PlotView::canChooseSide() const {
    const TraceIndex& x = m_model->index();
    return x.data_bytes[0] > 0 && x.data_bytes[1] > 0;
}

void PlotView::setFutureSteps(FutureSteps f) {
    if (f == m_future) return;
    m_future = f;
    m_cut_stale = true;
    if (isVisible() || m_print) refresh();
}

void PlotView::applyTheme() {
    m_stale = true;
    if (isVisible()) refresh();
}

void PlotView::retranslate() {
    m_side_label->setText(tr("Sender:"));
    for (int i = 0; i < m_side_box->count(); ++i) {
        const auto s = static_cast<core::Side>(m_side_box->itemData(i).toInt());
        m_side_box->setItemText(i, m_model->hasScenario() ? sideText(s) : QString::fromLatin1(core::sideName(s)));
    }
    m_stale = true;
    if (isVisible()) refresh();
}

QString PlotView::sideText(core::Side s) const {
    const core::Trace& t = m_model->trace();
    //: The direction of the data plotted: "A (Client) → B (Server)".
    return tr("%1 → %2").arg(Text::endpointLabel(t, s), Text::endpointLabel(t, core::peerOf(s)));
}

void PlotView::refresh() {
    if (m_stale)
        rebuild();
    else if (m_cut_stale)
        updateCut();
}

void PlotView::onTraceChanged() {
    m_stale = true;
    // A hidden plot waits until it is shown.
    if (isVisible()) refresh();
}

void PlotView::onCursorChanged() {
    m_cut_stale = true;
    if (isVisible() && !m_stale) updateCut();
}

void PlotView::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    refresh();
}

void PlotView::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    placeLegend(m_plot->size());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

double PlotView::width(double w) { return w * style::lineScale(); }

QColor PlotView::blue() { return style::colors().dark ? style::blue().lighter(140) : style::blue(); }

void PlotView::styleAxes() {
    const style::DiagramColors& c = style::colors();
    m_plot->setBackground(m_print ? QBrush(Qt::NoBrush) : QBrush(c.paper));
    m_plot->axisRect()->setBackground(Qt::NoBrush);
    m_plot->setAntialiasedElements(m_print ? QCP::aeAll
                                           : QCP::aePlottables | QCP::aeItems | QCP::aeLegendItems | QCP::aeFills);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setBasePen(QPen(c.ink, width(1.2), Qt::SolidLine, Qt::SquareCap));
        axis->setTickPen(QPen(c.ink, width(1.2)));
        axis->setSubTickPen(QPen(c.muted, width(1)));
        axis->setTickLabelColor(c.ink);
        axis->setLabelColor(c.ink);
        axis->setTickLengthOut(4);
        axis->setSubTickLengthOut(2);
        axis->setTickLengthIn(0);
        axis->setSubTickLengthIn(0);
        axis->grid()->setPen(QPen(c.faint, 1, Qt::DotLine));   // light in every theme
        axis->grid()->setZeroLinePen(Qt::NoPen);
        axis->grid()->setSubGridVisible(false);
    }
    m_plot->xAxis->setLabel(tr("Time (s)"));
    applyFonts();
    m_plot->legend->setTextColor(c.ink);
}

void PlotView::rebuild() {
    const unsigned number = m_model->scenarioNumber();
    if (number != m_scenario) {
        // A new lesson: its own default side and the whole time axis.
        m_scenario = number;
        m_chosen_side.reset();
        m_zoomed = false;
    }
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_series.clear();
    styleAxes();

    m_cursor_line = new QCPItemLine(m_plot);
    m_cursor_line->setLayer(QStringLiteral("cursor"));
    m_cursor_line->setClipToAxisRect(true);
    m_cursor_line->setPen(QPen(withAlpha(style::ink(), 0.75), width(1.6), Qt::DashLine));
    for (QCPItemPosition* p : {m_cursor_line->start, m_cursor_line->end}) {
        p->setTypeX(QCPItemPosition::ptPlotCoords);
        p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    m_cursor_line->start->setCoords(0, 0);
    m_cursor_line->end->setCoords(0, 1);
    m_empty = new QCPItemText(m_plot);
    m_empty->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_empty->position->setCoords(0.5, 0.5);
    m_empty->setFont(plotFont(kLabelPixels));
    m_empty->setColor(style::muted());
    m_empty->setVisible(false);

    const core::Trace& t = m_model->trace();
    if (m_model->hasScenario() && !t.events.empty()) {
        build();
        orderLegend();
        // An export without the key: no entries, no room taken.
        if (m_print && !m_print_legend) m_plot->legend->clearItems();
    } else {
        setAxes(0, 1, 1, QString());
    }
    updateSideBox();
    m_caption->setText(m_model->hasScenario() ? caption() : QString());
    placeLegend(m_plot->size());
    m_stale = false;
    updateCut();
}

void PlotView::updateSideBox() {
    const bool choose = m_model->hasScenario() && canChooseSide();
    m_side_label->setVisible(choose);
    m_side_box->setVisible(choose);
    for (int i = 0; i < m_side_box->count(); ++i) {
        const auto s = static_cast<core::Side>(m_side_box->itemData(i).toInt());
        m_side_box->setItemText(i, m_model->hasScenario() ? sideText(s) : QString::fromLatin1(core::sideName(s)));
    }
    m_side_box->setCurrentIndex(m_side_box->findData(static_cast<int>(side())));
}

void PlotView::applyFonts() {
    auto px = [this](int pixels) { return static_cast<int>(std::lround(pixels * m_font_scale)); };
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTickLabelFont(plotFont(px(kTickPixels)));
        axis->setLabelFont(plotFont(px(kLabelPixels), QFont::DemiBold));
    }
    m_plot->legend->setFont(plotFont(px(kLegendPixels)));
}

void PlotView::placeLegend(QSize size) {
    // Projector sizes, smaller in a small dock (an export is never small).
    const double scale = std::clamp(std::min(size.width() / 720.0, size.height() / 400.0), 0.8, 1.0);
    if (scale != m_font_scale) {
        m_font_scale = scale;
        applyFonts();
    }
    // Ticks about every 100 pixels across and 60 up, whatever the size.
    m_plot->xAxis->ticker()->setTickCount(std::clamp(size.width() / 110, 2, 10));
    m_plot->yAxis->ticker()->setTickCount(std::clamp(size.height() / 60, 2, 8));

    QCPLegend* legend = m_plot->legend;
    std::vector<QSize> sizes;
    for (int i = 0; i < legend->elementCount(); ++i)
        if (QCPAbstractLegendItem* item = legend->item(i)) sizes.push_back(item->minimumOuterSizeHint());
    if (sizes.empty()) return;
    const QMargins m = legend->margins();
    // Below: as many columns as fit, each as wide as its widest entry.
    const int room = size.width() - m.left() - m.right() - 8;
    const int n = static_cast<int>(sizes.size());
    int columns = n;
    for (; columns > 1; --columns) {
        std::vector<int> column(static_cast<std::size_t>(columns), 0);
        for (int i = 0; i < n; ++i) {
            int& c = column[static_cast<std::size_t>(i % columns)];
            c = std::max(c, sizes[static_cast<std::size_t>(i)].width());
        }
        int total = (columns - 1) * legend->columnSpacing();
        for (int c : column) total += c;
        if (total <= room) break;
    }
    int widest = 0, row = 0;
    for (const QSize& s : sizes) {
        widest = std::max(widest, s.width());
        row = std::max(row, s.height());
    }
    const int rows = (n + columns - 1) / columns;
    const int below_height = rows * (row + legend->rowSpacing()) + m.top() + m.bottom();
    // Under the plot when that leaves it most of the height; else beside it, in one column,
    // if that leaves it most of the width (a wide, low dock); else, in a small window, over
    // the plot's top left corner, where the data of both plots starts low.
    const bool below = below_height <= size.height() / 5;
    const bool beside = !below && widest + m.left() + m.right() < size.width() * 2 / 5;
    const bool over = !below && !beside && below_height > size.height() * 2 / 5;
    // Over a plot too small to leave room for it, the key would hide the plot: left out.
    legend->setVisible(!over || (widest < size.width() * 7 / 10 && below_height < size.height() / 2));
    const style::DiagramColors& c = style::colors();
    if (over) {
        if (legend->layout() != m_plot->axisRect()->insetLayout())
            m_plot->axisRect()->insetLayout()->addElement(legend, Qt::AlignLeft | Qt::AlignTop);
        legend->setBrush(withAlpha(c.paper, 0.88));
        legend->setBorderPen(QPen(c.faint, 1));
    } else {
        QCPLayoutGrid* slot = beside ? m_beside : m_below;
        if (legend->layout() != slot) slot->addElement(0, 0, legend);
        legend->setBrush(Qt::NoBrush);
        legend->setBorderPen(Qt::NoPen);
    }
    legend->setWrap(beside ? 1 : columns);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
}

void PlotView::orderLegend() {
    std::vector<const Series*> listed;
    for (const auto& s : m_series)
        if (!s->solid->name().isEmpty()) listed.push_back(s.get());
    std::stable_sort(listed.begin(), listed.end(), [](const Series* a, const Series* b) { return a->rank < b->rank; });
    for (const Series* s : listed) {
        s->solid->removeFromLegend();
        s->solid->addToLegend();
    }
}

void PlotView::setAxes(double key_lower, double key_upper, double value_upper, const QString& value_title) {
    if (!(key_upper > key_lower)) key_upper = key_lower + 1;
    const double pad = (key_upper - key_lower) * 0.03;
    m_key_lower = std::max(0.0, key_lower - pad);
    m_key_upper = key_upper + pad;
    if (!m_zoomed) fitKeys();
    m_plot->yAxis->setRange(0, value_upper > 0 ? value_upper : 1);
    m_plot->yAxis->setLabel(value_title);
}

void PlotView::setKeyRange(double lower, double upper) {
    m_zoomed = true;
    m_plot->xAxis->setRange(lower, upper);
}

void PlotView::fitKeys() { m_plot->xAxis->setRange(m_key_lower, m_key_upper); }

void PlotView::setEmptyText(const QString& text) {
    m_empty->setText(text);
    m_empty->setVisible(!text.isEmpty());
}

void PlotView::addStepLine(const LineStyle& s, const std::vector<double>& keys, const std::vector<double>& values,
                           std::vector<std::uint32_t> events, double end) {
    auto series = std::make_unique<Series>();
    series->kind = Series::Kind::Line;
    series->end = end;
    series->rank = s.rank;
    auto data = QSharedPointer<QCPGraphDataContainer>::create();
    QVector<QCPGraphData> points;
    points.reserve(static_cast<int>(keys.size()));
    for (std::size_t i = 0; i < keys.size(); ++i) points.append(QCPGraphData(keys[i], values[i]));
    data->set(points, true);
    // The pale future first, so that the present is drawn over it.
    for (bool ghost : {true, false}) {
        auto* g = new CutGraph(m_plot->xAxis, m_plot->yAxis);
        g->setData(data);
        g->setLineStyle(QCPGraph::lsStepLeft);
        g->setAdaptiveSampling(true);
        const QColor color = ghost ? withAlpha(s.color, kFadedAlpha) : s.color;
        g->setPen(QPen(color, width(s.width), s.pen, Qt::FlatCap, Qt::MiterJoin));
        g->setName(s.name);
        g->setSelectable(QCP::stNone);
        if (ghost || s.name.isEmpty()) g->removeFromLegend();
        (ghost ? series->ghost : series->solid) = g;
        (ghost ? series->ghost_window : series->solid_window) = g;
    }
    series->keys = keys;
    series->low = values;
    series->high = values;
    series->events = std::move(events);
    m_series.push_back(std::move(series));
}

void PlotView::addMarks(const LineStyle& s, MarkShape shape, std::vector<Mark> marks, std::vector<std::uint32_t> events,
                        const QColor& fill) {
    auto series = std::make_unique<Series>();
    const bool band = shape == MarkShape::Band;
    series->kind = band ? Series::Kind::Band : Series::Kind::Marks;
    series->rank = s.rank;
    for (const Mark& m : marks) {
        series->keys.push_back(m.key);
        series->low.push_back(m.low);
        series->high.push_back(m.high);
        series->end = std::isnan(series->end) ? m.key_end : std::max(series->end, m.key_end);
    }
    for (bool ghost : {true, false}) {
        auto* p = new MarkPlottable(m_plot->xAxis, m_plot->yAxis, shape, marks);
        const QColor color = ghost ? withAlpha(s.color, kFadedAlpha) : s.color;
        p->setPen(QPen(color, width(s.width), s.pen, Qt::FlatCap));
        if (fill.isValid()) p->setBrush(ghost ? withAlpha(fill, 0.45) : fill);
        p->setName(s.name);
        if (band) p->setLayer(QStringLiteral("phases"));
        if (ghost || s.name.isEmpty()) p->removeFromLegend();
        (ghost ? series->ghost : series->solid) = p;
        (ghost ? series->ghost_window : series->solid_window) = p;
    }
    series->events = std::move(events);
    m_series.push_back(std::move(series));
}

void PlotView::updateCut() {
    const core::Trace& t = m_model->trace();
    const std::size_t visible = std::min(m_model->visibleEvents(), t.events.size());
    m_cursor_time = visible == 0 ? kNaN : seconds(t.events[visible - 1].time);
    const bool faded = m_future == FutureSteps::Faded;
    for (const auto& s : m_series) {
        const int n = static_cast<int>(s->events.size());
        // The points whose events are visible: a prefix, as events are ascending.
        const int k = static_cast<int>(std::lower_bound(s->events.begin(), s->events.end(), visible) -
                                       s->events.begin());
        const bool held = s->kind != Series::Kind::Marks;
        const double tail = held && k > 0 ? std::min(m_cursor_time, s->end) : kNaN;
        s->solid_window->setWindow(0, k, kNaN, tail);
        s->solid->setVisible(k > 0);
        s->solid_count = k;
        // Faded: the rest, a line from the value that holds at the cursor on.
        s->ghost_from = held ? std::max(k - 1, 0) : k;
        s->ghost_count = faded ? n - s->ghost_from : 0;
        s->ghost_window->setWindow(s->ghost_from, n, k > 0 ? m_cursor_time : kNaN, s->end);
        s->ghost->setVisible(faded && s->ghost_count > 0);
    }
    // At the end of the trace the line would only mark its last event.
    const bool line = !std::isnan(m_cursor_time) && !m_model->atEnd();
    m_cursor_line->setVisible(line);
    if (line) {
        m_cursor_line->start->setCoords(m_cursor_time, 0);
        m_cursor_line->end->setCoords(m_cursor_time, 1);
    }
    m_cut_stale = false;
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int PlotView::shownPoints() const {
    int n = 0;
    for (const auto& s : m_series)
        if (s->kind != Series::Kind::Band) n += s->solid_count;
    return n;
}

int PlotView::fadedPoints() const {
    int n = 0;
    for (const auto& s : m_series)
        if (s->kind == Series::Kind::Marks) n += s->ghost_count;
    return n;
}

std::optional<std::size_t> PlotView::eventAt(QPointF pos, double tolerance) const {
    QCPAxis* x = m_plot->xAxis;
    QCPAxis* y = m_plot->yAxis;
    if (!m_plot->axisRect()->rect().contains(pos.toPoint())) return std::nullopt;
    const double k0 = x->pixelToCoord(pos.x() - tolerance), k1 = x->pixelToCoord(pos.x() + tolerance);
    std::optional<std::size_t> best;
    double best_distance = tolerance;
    // Marks before lines: a segment is what a click on it means.
    for (Series::Kind kind : {Series::Kind::Marks, Series::Kind::Line}) {
        const double penalty = kind == Series::Kind::Line ? 2 : 0;
        for (const auto& s : m_series) {
            if (s->kind != kind) continue;
            const auto lo = std::lower_bound(s->keys.begin(), s->keys.end(), std::min(k0, k1)) - s->keys.begin();
            const auto hi = std::upper_bound(s->keys.begin(), s->keys.end(), std::max(k0, k1)) - s->keys.begin();
            for (auto i = lo; i < hi; ++i) {
                const auto n = static_cast<int>(i);
                const bool drawn = n < s->solid_count || (s->ghost_count > 0 && n >= s->ghost_from);
                const auto u = static_cast<std::size_t>(i);
                if (!drawn || std::isnan(s->low[u])) continue;
                const double d = distanceToBar(pos, x->coordToPixel(s->keys[u]), y->coordToPixel(s->low[u]),
                                               y->coordToPixel(s->high[u])) +
                                 penalty;
                if (d < best_distance) {
                    best_distance = d;
                    best = s->events[u];
                }
            }
        }
    }
    return best;
}

std::optional<QPointF> PlotView::pointOfEvent(std::size_t event) const {
    for (Series::Kind kind : {Series::Kind::Marks, Series::Kind::Line}) {
        for (const auto& s : m_series) {
            if (s->kind != kind) continue;
            const auto it = std::lower_bound(s->events.begin(), s->events.end(), event);
            if (it == s->events.end() || *it != event) continue;
            const auto i = static_cast<std::size_t>(it - s->events.begin());
            if (std::isnan(s->low[i])) continue;
            return QPointF(m_plot->xAxis->coordToPixel(s->keys[i]),
                           m_plot->yAxis->coordToPixel((s->low[i] + s->high[i]) / 2));
        }
    }
    return std::nullopt;
}

QStringList PlotView::legendNames() const {
    QStringList out;
    for (int i = 0; i < m_plot->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(m_plot->legend->item(i)))
            out << item->plottable()->name();
    return out;
}

void PlotView::onMousePress(QMouseEvent* e) { m_press = e->position().toPoint(); }

void PlotView::onMouseRelease(QMouseEvent* e) {
    // A click, not the end of a drag.
    if (e->button() != Qt::LeftButton || (e->position().toPoint() - m_press).manhattanLength() > 4) return;
    if (const auto event = eventAt(e->position())) m_model->setCursor(m_model->stepOfEvent(*event));
}

void PlotView::setPrintLook(bool legend) {
    m_print = true;
    m_print_legend = legend;
    m_stale = true;
}

QPicture plotPicture(QCustomPlot& plot, QSize size) {
    QPicture picture;
    QCPPainter painter(&picture);
    // Drawn as vectors, for any scale: no pixel caches, no half-pixel shifts, no hairlines.
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setMode(QCPPainter::pmNonCosmetic);
    plot.toPainter(&painter, size.width(), size.height());
    painter.end();
    return picture;
}

QPicture PlotView::picture(QSize size) {
    refresh();
    placeLegend(size);
    QPicture picture = plotPicture(*m_plot, size);
    placeLegend(m_plot->size());
    return picture;
}

// --- the scene for exports ---------------------------------------------------------------------

class PlotScene::Item : public QGraphicsItem {
public:
    [[nodiscard]] QRectF boundingRect() const override { return m_rect; }
    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        p->save();
        p->drawPicture(QPointF(0, 0), m_picture);
        p->restore();
    }
    void set(QPicture picture, QSizeF size) {
        prepareGeometryChange();
        m_picture = std::move(picture);
        m_rect = QRectF(QPointF(0, 0), size);
        update();
    }

private:
    QPicture m_picture;
    QRectF m_rect;
};

PlotScene::PlotScene(QObject* parent) : QGraphicsScene(parent), m_item(new Item) { addItem(m_item); }

PlotScene::~PlotScene() = default;

void PlotScene::setPlot(PlotView& plot, QSize size) { setPicture(plot.picture(size), size); }

void PlotScene::setPicture(QPicture picture, QSize size) {
    m_item->set(std::move(picture), size);
    setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
}

}  // namespace tcpviz::ui
