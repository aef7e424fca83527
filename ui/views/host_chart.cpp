#include "ui/views/host_chart.h"

#include <QComboBox>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "core/sim/host_series.h"
#include "core/tcp/segment.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"
#include "ui/views/diagram_style.h"
#include "ui/views/plot_view.h"
#include "ui/views/qcustomplot_include.h"

namespace tcpviz::ui {

namespace {

using core::State;

// The bands from the bottom up, in the order a connection lives: opening, open, closing, gone.
constexpr std::array<State, 9> kBandOrder{State::SynSent,  State::SynReceived, State::Established,
                                          State::CloseWait, State::LastAck,   State::FinWait1,
                                          State::FinWait2, State::Closing,    State::TimeWait};

// States sharing a hue (core's phases) are told apart by how strong the fill is.
double fillAmount(State s) {
    switch (s) {
        case State::SynReceived:
        case State::LastAck:
        case State::FinWait2: return 0.40;
        case State::Closing: return 0.25;
        default: return 0.65;
    }
}

constexpr int kTickPixels = 15;
constexpr int kLabelPixels = 16;
constexpr int kLegendPixels = 15;

double seconds(core::TimeUs t) { return static_cast<double>(t) / 1e6; }

// The kernel's refusals of one host, as marks along the bottom.
struct Refusals {
    QString name;
    QColor color;
    std::vector<double> keys;
};

}  // namespace

HostChart::HostChart(SessionModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setObjectName(QStringLiteral("HostChart"));
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("HostChartPlot"));
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("HostChartCaption"));
    QFont bold = m_caption->font();
    bold.setBold(true);
    m_caption->setFont(bold);
    m_host_label = new QLabel(this);
    m_host_box = new QComboBox(this);
    m_host_box->setObjectName(QStringLiteral("HostChartHost"));
    m_host_label->setBuddy(m_host_box);
    connect(m_host_box, &QComboBox::activated, this, [this](int i) {
        m_chosen = true;
        setHost(static_cast<core::HostId>(m_host_box->itemData(i).toInt()));
    });
    auto* top = new QHBoxLayout;
    top->addWidget(m_caption, 1);
    top->addWidget(m_host_label);
    top->addWidget(m_host_box);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_plot, 1);

    makeItems();
    m_plot->layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmBuffered);
    // The legend in a row under the plot, never over the pile-up it explains.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(5);
    m_plot->legend->setMargins(QMargins(6, 2, 6, 2));

    // A click, not the end of a drag along the time axis, picks a connection.
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { m_press = e->position().toPoint(); });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        if (e->button() == Qt::LeftButton && (e->position().toPoint() - m_press).manhattanLength() < 5)
            onClick(m_plot->xAxis->pixelToCoord(e->position().x()));
    });
    connect(m_plot, &QCustomPlot::afterLayout, this, &HostChart::placeLabels);
    connect(m_model, &SessionModel::traceChanged, this, [this] {
        if (isVisible() || m_print) refresh();
    });
    connect(m_model, &SessionModel::cursorChanged, this, [this] {
        if (isVisible() || m_print) moveCursorLine();
    });
    applyTheme();
    retranslate();
}

HostChart::~HostChart() = default;

void HostChart::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    refresh();
}

void HostChart::setHost(core::HostId host) {
    m_host = host;
    m_chosen = true;   // kept for as long as the lesson has it
    m_host_box->setCurrentIndex(m_host_box->findData(static_cast<int>(host)));
    refresh();
}

QString HostChart::caption() const {
    const HostSession* h = m_model->hosts();
    if (!h) return tr("Sockets per state: open a lesson of hosts");
    if (m_host >= h->scenario.run.hosts.size()) return QString();
    const core::HostInfo& info = h->scenario.run.host(m_host).info;
    return tr("Sockets of %1 (%2) per state")
        .arg(Text::endpointName(info.name), QString::fromStdString(core::ipv4ToString(info.address)));
}

void HostChart::refresh() {
    const HostSession* h = m_model->hosts();
    if (h != m_built_for || m_host != m_built_host) {
        if (h && h != m_built_for) {
            // A new lesson: the host it is about, else the one whose sockets pile up the most,
            // unless one was chosen that this lesson has too.
            const std::vector<core::HostId> shown = h->shownHosts();
            if (!m_chosen || std::find(shown.begin(), shown.end(), m_host) == shown.end()) m_host = h->firstShown();
            Text::setHostChoices(m_host_box, h->scenario.run, shown, m_host);
        }
        rebuild();
    }
    moveCursorLine();
}

void HostChart::makeItems() {
    m_cursor_line = new QCPItemLine(m_plot);
    m_cursor_line->setLayer(QStringLiteral("overlay"));
    m_cursor_line->start->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_cursor_line->end->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_cursor_line->setPen(QPen(style::current(), 2 * style::lineScale()));
    m_empty = new QCPItemText(m_plot);
    m_empty->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_empty->position->setCoords(0.5, 0.5);
    m_empty->setColor(style::muted());
    m_empty->setFont(plotFont(kLabelPixels));
}

void HostChart::rebuild() {
    const HostSession* h = m_model->hosts();
    m_built_for = h;
    m_built_host = m_host;
    m_plot->clearPlottables();
    m_plot->clearItems();   // the limits' lines and words, the cursor line and the empty text
    makeItems();
    m_bands.clear();
    m_limits.clear();
    m_marks.clear();
    m_limit_labels.clear();
    m_mark_labels.clear();
    m_keys.clear();
    m_top.clear();
    m_caption->setText(caption());
    m_host_label->setVisible(h != nullptr);
    m_host_box->setVisible(h != nullptr);
    if (!h) {
        m_empty->setText(tr("No lesson of hosts is open."));
        m_plot->replot();
        return;
    }
    const core::SocketSeries& series = h->series[static_cast<std::size_t>(m_host)];
    const core::HostRun& run = h->scenario.run;
    // To the last change of its sockets, or the last thing its kernel did (a server listening
    // again after its sockets are gone).
    core::TimeUs end = std::max<core::TimeUs>(series.times.empty() ? 1 : series.times.back(), 1);
    for (const core::HostEvent& e : h->outcome.host_events)
        if (e.host == m_host) end = std::max(end, e.time);
    // A host with no TCP socket at all (a QUIC lesson's, over UDP): the lesson's length, never a
    // microsecond's axis.
    if (series.times.empty()) {
        for (const core::SocketSeries& other : h->series)
            if (!other.times.empty()) end = std::max(end, other.times.back());
        end = std::max<core::TimeUs>(end, 1'000'000);
    }

    // The moments drawn: every change when there are few, else kMaxPoints evenly spaced ones,
    // each showing the counts then (a step line holds each value until the next).
    std::vector<core::TimeUs> at;
    if (series.times.size() <= static_cast<std::size_t>(kMaxPoints)) {
        at.push_back(0);
        at.insert(at.end(), series.times.begin(), series.times.end());
    } else {
        at.reserve(kMaxPoints + 1);
        for (int i = 0; i <= kMaxPoints; ++i) at.push_back(end * i / kMaxPoints);
    }
    m_keys.reserve(at.size());
    for (core::TimeUs t : at) m_keys.push_back(seconds(t));
    std::vector<std::array<std::uint32_t, core::kStateCount>> counts;
    counts.reserve(at.size());
    for (core::TimeUs t : at) counts.push_back(series.at(t));

    std::vector<double> below(at.size(), 0.0);
    QCPGraph* previous = nullptr;
    for (State s : kBandOrder) {
        const auto si = static_cast<std::size_t>(s);
        if (!series.everIn(s)) continue;
        QVector<double> keys(static_cast<qsizetype>(at.size())), values(static_cast<qsizetype>(at.size()));
        for (std::size_t i = 0; i < at.size(); ++i) {
            below[i] += counts[i][si];
            keys[static_cast<qsizetype>(i)] = m_keys[i];
            values[static_cast<qsizetype>(i)] = below[i];
        }
        QCPGraph* g = m_plot->addGraph();
        g->setData(keys, values, true);
        g->setLineStyle(QCPGraph::lsStepLeft);
        g->setPen(QPen(style::stateBorder(s), 1.2 * style::lineScale()));
        g->setBrush(style::tint(style::stateColor(s), fillAmount(s)));
        if (previous) g->setChannelFillGraph(previous);
        g->setName(Text::stateName(s, false));
        previous = g;
        m_bands << Text::stateName(s, false);
    }
    m_top = below;

    // The limits: the ephemeral ports a client can use towards one server, and the descriptors.
    double top = std::max<double>(series.peak, 1);
    // A line's words, which placeLabels() puts where no others are.
    const auto words = [&](const QString& name, const QColor& color) {
        auto* label = new QCPItemText(m_plot);
        label->position->setType(QCPItemPosition::ptAbsolute);
        label->setText(name);
        label->setColor(color);
        label->setFont(plotFont(kLegendPixels));
        return label;
    };
    const auto limit = [&](double value, const QString& name, const QColor& color) {
        if (value > 4 * std::max<double>(series.peak, 1)) return;   // off the scale of what happens
        auto* line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(0, value);
        line->point2->setCoords(1, value);
        line->setPen(QPen(color, 1.5 * style::lineScale(), Qt::DashLine));
        top = std::max(top, value);
        m_limits << name;
        m_limit_labels.push_back({words(name, color), value, false});
    };
    const core::HostProfile& profile = run.host(m_host).profile;
    const bool connects = std::any_of(run.clients.begin(), run.clients.end(), [&](const core::ClientProgram& c) { return c.host == m_host; });
    if (connects)
        limit(profile.ephemeralPorts(),
              tr("ephemeral ports %1–%2: %3").arg(profile.port_low).arg(profile.port_high).arg(QLocale().toString(profile.ephemeralPorts())),
              style::vermillion());
    limit(profile.fd_limit, tr("descriptor limit (ulimit -n): %1").arg(QLocale().toString(profile.fd_limit)), style::muted());

    // A server program's exit and its listening again, as upright lines with their words.
    const auto mark = [&](const core::HostEvent& e) {
        if (e.what == core::HostEvent::What::Listen && e.error != core::SocketError::None) return;
        const bool stop = e.what == core::HostEvent::What::Stop;
        const QString name = stop ? tr("server stopped") : tr("listening again");
        const QColor color = stop ? style::vermillion() : style::stateBorder(State::Listen);
        auto* line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(seconds(e.time), 0);
        line->point2->setCoords(seconds(e.time), 1);
        line->setPen(QPen(color, 1.5 * style::lineScale(), Qt::DashDotLine));
        m_marks << name;
        m_mark_labels.push_back({words(name, color), seconds(e.time), stop});
    };

    // What the kernel refused, as ticks along the bottom (at most kMaxPoints of each kind).
    // Short names, so that the legend keeps several columns in a narrow dock; the errors are the
    // sockets dock's and the lessons' words (EADDRNOTAVAIL, EMFILE).
    std::vector<Refusals> refused{{tr("connect() failed"), style::vermillion(), {}},
                                  {tr("SYN dropped"), style::vermillion(), {}},
                                  {tr("SYN refused (RST)"), style::muted(), {}},
                                  {tr("accept() failed"), style::ink(), {}},
                                  {tr("listen() failed"), style::ink(), {}}};
    using What = core::HostEvent::What;
    for (const core::HostEvent& e : h->outcome.host_events) {
        if (e.host != m_host) continue;
        if (e.what == What::Stop || e.what == What::Listen) mark(e);
        if (!e.refusal()) continue;
        const std::size_t k = e.what == What::Connect  ? 0
                              : e.what == What::Accept ? 3
                              : e.what == What::Listen ? 4
                              : e.syn == core::SynVerdict::Refused ? 2
                                                                   : 1;
        refused[k].keys.push_back(seconds(e.time));
    }
    for (const Refusals& r : refused) {
        if (r.keys.empty()) continue;
        const std::size_t stride = std::max<std::size_t>(1, r.keys.size() / kMaxPoints);
        QVector<double> keys, values;
        for (std::size_t i = 0; i < r.keys.size(); i += stride) {
            keys << r.keys[i];
            values << 0.0;
        }
        QCPGraph* g = m_plot->addGraph();
        g->setData(keys, values, true);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, r.color, 9));
        g->setName(r.name);
    }

    m_plot->xAxis->setRange(0, seconds(end) * 1.02);
    // Room above the highest line for its words, also in a low dock.
    m_plot->yAxis->setRange(0, top * (m_mark_labels.empty() ? 1.22 : 1.5));   // and for a restart's words
    m_plot->xAxis->setLabel(tr("time (s)"));
    m_plot->yAxis->setLabel(tr("sockets"));
    m_plot->legend->setVisible(!m_bands.isEmpty());
    // An empty legend's grid says it can be no wider than its margins, which its column would
    // impose on the plot above it: out of the layout while it has nothing to say.
    QCPLayoutGrid* grid = m_plot->plotLayout();
    if (m_bands.isEmpty() && grid->hasElement(1, 0)) {
        grid->take(m_plot->legend);
        grid->simplify();
    } else if (!m_bands.isEmpty() && !grid->hasElement(1, 0)) {
        grid->addElement(1, 0, m_plot->legend);
        grid->setRowStretchFactor(1, 0.001);
    }
    fitLegend(m_plot->width());
    m_empty->setText(m_bands.isEmpty() ? tr("This host holds no TCP connection.") : QString());
    m_plot->replot();
}

void HostChart::moveCursorLine() {
    m_cursor_time = seconds(m_model->cursorTime());
    m_cursor_line->start->setCoords(m_cursor_time, 1);
    m_cursor_line->end->setCoords(m_cursor_time, 0);
    // A figure shows the hosts, not where one connection's diagram stood.
    m_cursor_line->setVisible(m_model->hosts() != nullptr && !m_print);
    // The line has a buffered layer of its own: a cursor move repaints that layer over the
    // bands' cached picture, not the bands.
    m_cursor_line->layer()->replot();
}

void HostChart::onClick(double t) {
    const HostSession* h = m_model->hosts();
    if (!h || !std::isfinite(t)) return;
    // The connection of this host whose socket changed state nearest the time clicked.
    const auto& changes = h->outcome.changes;
    const auto time = static_cast<core::TimeUs>(std::max(0.0, t) * 1e6);
    const auto it = std::lower_bound(changes.begin(), changes.end(), time,
                                     [](const core::SocketChange& c, core::TimeUs v) { return c.time < v; });
    const core::SocketChange* best = nullptr;
    for (auto i = it; i != changes.end() && !best; ++i)
        if (i->host == m_host) best = &*i;
    for (auto i = it; i != changes.begin();) {
        --i;
        if (i->host != m_host) continue;
        if (!best || time - i->time < best->time - time) best = &*i;
        break;
    }
    if (best) Q_EMIT connectionClicked(best->connection);
}

void HostChart::placeLabels() {
    // In pixels, once the plot is laid out (afterLayout), so that no two words meet whatever the
    // dock's size: a stop's to the left of its line when there is room and a restart's to the
    // right, each in the highest free row; a limit's above its line on the left, else on the
    // right, else under its line.
    const QRect r = m_plot->axisRect()->rect();
    std::vector<QRectF> taken;
    const auto free = [&](const QRectF& box) {
        return std::none_of(taken.begin(), taken.end(), [&](const QRectF& t) { return t.intersects(box); });
    };
    const auto sizeOf = [](const QCPItemText* label) {
        const QFontMetricsF fm(label->font());
        return QSizeF(fm.horizontalAdvance(label->text()) + 4, fm.height());
    };
    // The limits first, each tied to its line's height; then the marks, each tied to its time and
    // free to go down a row at a time.
    for (const Placed& l : m_limit_labels) {
        const double y = m_plot->yAxis->coordToPixel(l.value);
        const QSizeF size = sizeOf(l.label);
        // Above the line on the left, on the right, then under it: the first that fits in the
        // plot and meets no other words.
        const double lefts[] = {r.left() + 6.0, r.right() - 6.0 - size.width()};
        const double tops[] = {y - size.height(), y + 1};
        std::optional<QRectF> box;
        for (double top : tops) {
            for (double left : lefts) {
                const QRectF at(QPointF(left, top), size);
                if (!box && at.top() >= r.top() && at.bottom() <= r.bottom() && free(at)) box = at;
            }
        }
        l.label->setVisible(box.has_value());   // too small a plot: the line alone
        if (!box) continue;
        taken.push_back(*box);
        l.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        l.label->position->setCoords(box->topLeft());
    }
    for (const Placed& m : m_mark_labels) {
        const double x = m_plot->xAxis->coordToPixel(m.value);
        const QSizeF size = sizeOf(m.label);
        const double leftOf = x - 4 - size.width(), rightOf = x + 4;
        const bool left = m.stop && leftOf > r.left();
        // Row by row from the top, its own side of the line first; too small a plot for it
        // draws the line alone.
        std::optional<QRectF> box;
        for (double top = r.top() + 2; !box && top + size.height() <= r.bottom(); top += size.height() / 2) {
            for (double at : {left ? leftOf : rightOf, left ? rightOf : leftOf}) {
                const QRectF b(QPointF(at, top), size);
                if (!box && b.left() >= r.left() && b.right() <= r.right() && free(b)) box = b;
            }
        }
        m.label->setVisible(box.has_value());
        if (!box) continue;
        taken.push_back(*box);
        m.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        m.label->position->setCoords(box->topLeft());
    }
    m_label_boxes = std::move(taken);
}

void HostChart::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    fitLegend(m_plot->width());
}

void HostChart::fitLegend(int width) {
    // As many entries in a row as fit whole, each column as wide as the widest entry.
    QCPLegend* legend = m_plot->legend;
    int widest = 1;
    const QFontMetrics fm(legend->font());
    for (int i = 0; i < m_plot->graphCount(); ++i)
        if (legend->hasItemWithPlottable(m_plot->graph(i)))
            widest = std::max(widest, fm.horizontalAdvance(m_plot->graph(i)->name()) + legend->iconSize().width() +
                                          legend->iconTextPadding() + 16);
    const int columns = std::clamp((width - 16) / (widest + legend->columnSpacing()), 1, 5);
    if (legend->wrap() == columns) return;
    legend->setWrap(columns);
    legend->setFillOrder(QCPLegend::foColumnsFirst, true);   // the entries laid out again by the new wrap
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QStringList HostChart::bandNames() const { return m_bands; }
QStringList HostChart::limitNames() const { return m_limits; }
QStringList HostChart::markNames() const { return m_marks; }

int HostChart::drawnPoints() const {
    int n = 0;
    for (int i = 0; i < m_plot->graphCount(); ++i) n += m_plot->graph(i)->dataCount();
    return n;
}

double HostChart::totalAt(double t) const {
    const auto it = std::upper_bound(m_keys.begin(), m_keys.end(), t);
    if (it == m_keys.begin() || m_top.empty()) return 0;
    return m_top[static_cast<std::size_t>(it - m_keys.begin() - 1)];
}

void HostChart::applyFonts() {
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTickLabelFont(plotFont(kTickPixels));
        axis->setLabelFont(plotFont(kLabelPixels, QFont::DemiBold));
    }
    m_plot->legend->setFont(plotFont(kLegendPixels));
}

void HostChart::applyTheme() {
    const QColor paper = style::paper(), ink = style::ink();
    m_plot->setBackground(m_print ? QBrush(Qt::NoBrush) : QBrush(paper));
    m_plot->axisRect()->setBackground(Qt::NoBrush);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setBasePen(QPen(ink, 1));
        axis->setTickPen(QPen(ink, 1));
        axis->setSubTickPen(QPen(ink, 1));
        axis->setTickLabelColor(ink);
        axis->setLabelColor(ink);
        axis->grid()->setPen(QPen(style::faint(), 1, Qt::DotLine));
    }
    m_plot->legend->setBrush(QBrush(m_print ? QColor(Qt::white) : paper));
    m_plot->legend->setTextColor(ink);
    m_plot->legend->setBorderPen(QPen(style::faint()));
    applyFonts();
    m_built_for = nullptr;   // the bands take the new colours
    if (isVisible() || m_print) refresh();
}

void HostChart::retranslate() {
    m_host_label->setText(tr("&Host:"));
    if (const HostSession* h = m_model->hosts()) Text::setHostChoices(m_host_box, h->scenario.run, h->shownHosts(), m_host);
    m_built_for = nullptr;
    if (isVisible() || m_print) refresh();
}

void HostChart::setPrintLook(bool legend) {
    m_print = true;
    m_plot->legend->setVisible(legend);
    applyTheme();
    m_plot->legend->setVisible(legend && !m_bands.isEmpty());
}

QPicture HostChart::picture(QSize size) {
    refresh();
    fitLegend(size.width());
    QPicture picture = plotPicture(*m_plot, size);
    fitLegend(m_plot->width());
    return picture;
}

}  // namespace tcpviz::ui
