#include "ui/views/side_by_side.h"

#include <QApplication>
#include <QCheckBox>
#include <QEvent>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QResizeEvent>
#include <QSlider>
#include <QTextDocument>
#include <QTextOption>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "ui/session/session_model.h"
#include "ui/session/work_pool.h"
#include "ui/shell/text.h"
#include "ui/views/diagram_style.h"

namespace tcpviz::ui {

namespace {

// Scene units (pixels at 1x, as the sequence diagram's).
constexpr qreal kColumn = 330;       // a run's column
constexpr qreal kGutter = 118;       // the time axis at the left
constexpr qreal kMargin = 24;
constexpr qreal kClientX = 64;       // the lifelines, from a column's left edge
constexpr qreal kServerRight = 34;   // ... and from its right edge
constexpr qreal kBarX = 26;          // the ruler's bars
constexpr qreal kPerRtt = 170;       // one round trip, downwards
constexpr int kMaxDelayMs = 300;
constexpr int kMaxLossPercent = 30;

// "2", "1.5": a count of round trips as a teacher says it.
QString rttNumber(double v) {
    const double r = std::round(v * 10) / 10;
    return QString::number(r, 'f', r == std::floor(r) ? 0 : 1);
}

QColor requestColor() { return style::blue(); }
QColor answerColor() { return style::bluishGreen(); }

// Words on a halo of paper, so that they read over the lines behind them.
class HaloText : public QGraphicsTextItem {
public:
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override {
        const qreal w = document()->idealWidth();
        const QRectF r = boundingRect();
        QColor halo = style::paper();
        halo.setAlphaF(0.85f);
        painter->setPen(Qt::NoPen);
        painter->setBrush(halo);
        painter->drawRoundedRect(QRectF(r.center().x() - w / 2 - 2, r.top() + 2, w + 4, r.height() - 3), 4, 4);
        QGraphicsTextItem::paint(painter, option, widget);
    }
};

QGraphicsSimpleTextItem* words(QGraphicsScene* s, const QString& text, const QFont& f, const QColor& c) {
    auto* t = s->addSimpleText(text, f);
    t->setBrush(c);
    return t;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// SideBySideScene

SideBySideScene::SideBySideScene(QObject* parent) : QGraphicsScene(parent) {}

void SideBySideScene::setRuns(std::shared_ptr<const core::SideBySide> runs, std::vector<std::size_t> shown) {
    m_runs = std::move(runs);
    m_shown = std::move(shown);
    rebuild();
}

std::vector<std::size_t> SideBySideScene::all(const core::SideBySide& runs) {
    std::vector<std::size_t> out(runs.runs.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = i;
    return out;
}

void SideBySideScene::setTextScale(double scale) {
    if (scale == m_text_scale) return;
    m_text_scale = scale;
    rebuild();
}

QFont SideBySideScene::font(int pixels, QFont::Weight weight) const {
    QFont f = QApplication::font();
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(pixels * m_text_scale))));
    f.setWeight(weight);
    return f;
}

QString SideBySideScene::runTitle(const core::RunKind& kind) {
    if (kind.quic()) return kind.early_data ? tr("QUIC 0-RTT") : tr("QUIC");
    switch (kind.tls) {
        case core::TlsVersion::None: return tr("TCP");
        case core::TlsVersion::Tls12: return tr("TCP + TLS 1.2");
        case core::TlsVersion::Tls13: return kind.early_data ? tr("TCP + TLS 1.3 0-RTT") : tr("TCP + TLS 1.3");
    }
    return tr("TCP");
}

QString SideBySideScene::flightLabel(const core::Flight& f) {
    if (!f.messages.empty()) return QString::fromStdString(f.messages);
    QString label = QString::fromStdString(core::controlBitsText(f.flags & (core::kSyn | core::kAck | core::kFin | core::kRst), ", "));
    if (f.payload > 0) {
        const QString bytes = Text::bytesText(f.payload);
        const QString data = f.request    ? tr("request, %1").arg(bytes)
                             : f.response ? tr("answer, %1").arg(bytes)
                                          : bytes;
        label = label.isEmpty() ? data : tr("%1 + %2", "flags + data").arg(label, data);
    }
    return label;
}

qreal SideBySideScene::yOf(core::TimeUs t) const {
    const core::TimeUs rtt = m_runs && m_runs->rtt > 0 ? m_runs->rtt : 1;
    return m_top + static_cast<qreal>(t) / static_cast<qreal>(rtt) * m_per_rtt;
}

QStringList SideBySideScene::arrowLabels(int column) const {
    return column >= 0 && column < static_cast<int>(m_labels.size()) ? m_labels[static_cast<std::size_t>(column)] : QStringList{};
}

std::pair<double, double> SideBySideScene::columnRtts(int column) const {
    const double none = std::numeric_limits<double>::quiet_NaN();
    return column >= 0 && column < static_cast<int>(m_rtts.size()) ? m_rtts[static_cast<std::size_t>(column)]
                                                                    : std::pair{none, none};
}

QRectF SideBySideScene::columnRect(int column) const {
    return column >= 0 && column < static_cast<int>(m_columns.size()) ? m_columns[static_cast<std::size_t>(column)] : QRectF{};
}

void SideBySideScene::rebuild() {
    clear();
    m_titles.clear();
    m_labels.clear();
    m_rtts.clear();
    m_columns.clear();
    setBackgroundBrush(style::paper());
    m_per_rtt = kPerRtt * std::max(1.0, m_text_scale);

    std::vector<const core::RunTimeline*> runs;
    if (m_runs)
        for (const std::size_t i : m_shown)
            if (i < m_runs->runs.size()) runs.push_back(&m_runs->runs[i]);
    if (runs.empty()) {
        auto* t = words(this, m_runs ? tr("Pick the runs to compare above.") : tr("Simulating the runs…"),
                          font(20), style::muted());
        t->setPos(kMargin, kMargin);
        setSceneRect(itemsBoundingRect().adjusted(-kMargin, -kMargin, kMargin, kMargin));
        return;
    }

    // Down to a little after the last answer (the teardowns that follow say nothing of round
    // trips); a run with no answer, down to its last flight.
    core::TimeUs until = 0;
    for (const core::RunTimeline* r : runs) {
        core::TimeUs end = r->response.value_or(0);
        if (!r->response)
            for (const core::Flight& f : r->flights) end = std::max(end, f.arrived.value_or(f.sent));
        until = std::max(until, end);
    }
    const core::TimeUs rtt = std::max<core::TimeUs>(m_runs->rtt, 1);
    until += rtt * 35 / 100;
    // Every arrow begun by then is drawn whole.
    core::TimeUs drawn = until;
    for (const core::RunTimeline* r : runs)
        for (const core::Flight& f : r->flights)
            if (f.sent <= until) drawn = std::max(drawn, f.arrived.value_or(f.sent + rtt / 4));

    // The heads: title, host and HTTP version, and the two counts.
    const QFont title_font = font(24, QFont::Bold), sub_font = font(16), count_font = font(18, QFont::DemiBold);
    const QFont life_font = font(15), axis_font = font(17, QFont::Bold), axis_ms_font = font(14);
    const qreal column = kColumn * std::max(1.0, m_text_scale);
    const qreal head_h = QFontMetricsF(title_font).height() + QFontMetricsF(sub_font).height() +
                         2 * QFontMetricsF(count_font).height() + QFontMetricsF(life_font).height() + 26;
    const qreal gutter = kGutter * std::max(1.0, m_text_scale);
    m_top = kMargin + head_h + 14;
    const qreal bottom = yOf(drawn) + 24;
    const qreal right = kMargin + gutter + column * static_cast<qreal>(runs.size());

    // The round trips of the link, across every column.
    QPen grid(style::faint(), 1 * style::lineScale(), Qt::DashLine);
    grid.setCosmetic(true);
    for (core::TimeUs k = 0; k * rtt <= drawn; ++k) {
        const qreal y = yOf(k * rtt);
        addLine(kMargin + gutter - 8, y, right, y, grid)->setZValue(-2);
        const QString count = k == 0 ? QStringLiteral("0") : tr("%n RTT", nullptr, static_cast<int>(k));
        auto* a = words(this, count, axis_font, style::ink());
        a->setPos(kMargin + gutter - 14 - a->boundingRect().width(), y - a->boundingRect().height() / 2 - 8);
        auto* ms = words(this, Text::durationText(k * rtt), axis_ms_font, style::muted());
        ms->setPos(kMargin + gutter - 14 - ms->boundingRect().width(), y + a->boundingRect().height() / 2 - 8);
    }

    for (std::size_t c = 0; c < runs.size(); ++c) {
        const qreal left = kMargin + gutter + column * static_cast<qreal>(c);
        m_columns.emplace_back(left, kMargin, column, bottom - kMargin);
        if (c > 0) {
            QPen sep(style::faint(), 1 * style::lineScale());
            sep.setCosmetic(true);
            addLine(left, kMargin, left, bottom, sep)->setZValue(-1);
        }
        const core::RunTimeline& r = *runs[c];
        qreal y = kMargin;
        auto* t = words(this, runTitle(r.run.kind), title_font, style::ink());
        t->setPos(left + 16, y);
        y += t->boundingRect().height();
        const QString http = r.run.kind.quic() ? QStringLiteral("HTTP/3")
                             : r.run.kind.http == core::HttpVersion::Http2 ? QStringLiteral("HTTP/2")
                                                                            : QStringLiteral("HTTP/1.1");
        auto* sub = words(this, tr("%1 · %2", "host · HTTP version").arg(QString::fromStdString(r.run.name), http),
                            sub_font, style::muted());
        sub->setPos(left + 16, y);
        y += sub->boundingRect().height() + 6;
        const double before_request = r.request ? m_runs->rtts(*r.request) : std::numeric_limits<double>::quiet_NaN();
        const double before_answer = r.response ? m_runs->rtts(*r.response) : std::numeric_limits<double>::quiet_NaN();
        m_rtts.emplace_back(before_request, before_answer);
        const QString req = r.request ? tr("request after %1 RTT").arg(rttNumber(before_request)) : tr("no request sent");
        const QString ans = r.response ? tr("answer after %1 RTT").arg(rttNumber(before_answer)) : tr("no answer");
        auto* rq = words(this, QStringLiteral("▮ ") + req, count_font, requestColor());
        rq->setPos(left + 16, y);
        y += rq->boundingRect().height();
        auto* an = words(this, QStringLiteral("▮ ") + ans, count_font, answerColor());
        an->setPos(left + 16, y);
        y += an->boundingRect().height() + 4;
        auto* cl = words(this, tr("client"), life_font, style::muted());
        cl->setPos(left + kClientX - cl->boundingRect().width() / 2, y);
        auto* sv = words(this, tr("server"), life_font, style::muted());
        sv->setPos(left + column - kServerRight - sv->boundingRect().width() / 2, y);
        m_titles << runTitle(r.run.kind);
        drawColumn(r, left, until, bottom);
    }
    setSceneRect(QRectF(0, 0, right + kMargin, bottom + kMargin));
}

void SideBySideScene::drawColumn(const core::RunTimeline& run, qreal left, core::TimeUs until, qreal bottom) {
    const qreal width = kColumn * std::max(1.0, m_text_scale);
    const qreal xc = left + kClientX, xs = left + width - kServerRight;
    QPen life(style::ink(), 1.6 * style::lineScale());
    addLine(xc, m_top, xc, bottom, life);
    addLine(xs, m_top, xs, bottom, life);

    // The ruler: to the first request byte, then to the first answer byte.
    const qreal bar_x = left + kBarX;
    if (run.request) {
        addRect(bar_x, m_top, 9, yOf(*run.request) - m_top, Qt::NoPen, requestColor());
        if (run.response && *run.response > *run.request)
            addRect(bar_x, yOf(*run.request), 9, yOf(*run.response) - yOf(*run.request), Qt::NoPen, answerColor());
    }

    QStringList labels;
    const QFont label_font = font(16, QFont::Medium);
    const QFontMetricsF fm(label_font);
    std::vector<QPolygonF> placed;   // the labels' outlines so far
    for (const core::Flight& f : run.flights) {
        if (f.sent > until) break;
        // What follows the answer (the goodbyes) is drawn quietly.
        const bool after = run.response && f.sent >= *run.response && !f.request && !f.response;
        const bool right_ward = f.from == core::Side::A;
        const qreal x0 = right_ward ? xc : xs, x1 = right_ward ? xs : xc;
        const qreal y0 = yOf(f.sent);
        // A lost flight stops half-way, at a cross.
        const bool lost = !f.arrived;
        const qreal y1 = lost ? yOf(f.sent + m_runs->rtt / 4) : yOf(*f.arrived);
        const qreal xe = lost ? (x0 + x1) / 2 : x1;
        const QColor hue = lost                        ? style::vermillion()
                           : f.request                 ? requestColor()
                           : f.response                ? answerColor()
                           : after                     ? style::muted()
                                                       : style::ink();
        QPen pen(hue, (f.request || f.response ? 2.4 : 1.6) * style::lineScale());
        if (lost) pen.setStyle(Qt::DashLine);
        addLine(x0, y0, xe, y1, pen);
        // The head.
        const double angle = std::atan2(y1 - y0, xe - x0);
        if (lost) {
            QPen cross(hue, 3 * style::lineScale());
            addLine(xe - 9, y1 - 9, xe + 9, y1 + 9, cross);
            addLine(xe - 9, y1 + 9, xe + 9, y1 - 9, cross);
        } else {
            QPolygonF head;
            head << QPointF(xe, y1) << QPointF(xe - 14 * std::cos(angle - 0.4), y1 - 14 * std::sin(angle - 0.4))
                 << QPointF(xe - 14 * std::cos(angle + 0.4), y1 - 14 * std::sin(angle + 0.4));
            addPolygon(head, Qt::NoPen, hue);
        }
        // The label along its arrow, as a textbook writes it, just above the line: half-way down
        // unless a label placed before is there, then a little before or after.
        // (1-RTT and 0-RTT keep their hyphen on one line.)
        QString label = flightLabel(f).replace(QStringLiteral("-RTT"), QStringLiteral("\u2011RTT"));
        if (f.retransmission) label = tr("retransmission: %1").arg(label);
        if (lost) label = tr("%1 (lost)").arg(label);
        labels << label;
        auto* text = new HaloText;
        text->setFont(label_font);
        text->setDefaultTextColor(lost ? style::vermillion() : after ? style::muted() : style::ink());
        text->document()->setDocumentMargin(1);
        const qreal length = std::hypot(x1 - x0, yOf(f.sent + m_runs->rtt / 2) - y0);
        const qreal text_w = length * 0.8;
        text->setTextWidth(text_w);
        text->document()->setDefaultTextOption(QTextOption(Qt::AlignHCenter));
        text->setPlainText(label);
        // At most two lines: the rest is in the tooltip.
        if (text->boundingRect().height() > 2.2 * fm.height()) {
            QString shorter = label;
            while (shorter.size() > 8 && text->boundingRect().height() > 2.2 * fm.height()) {
                shorter.chop(2);
                text->setPlainText(shorter + QStringLiteral("…"));
            }
        }
        const QString full = f.full.empty() ? label : QString::fromStdString(f.full);
        text->setToolTip(tr("%1\n%n packet(s), ", nullptr, static_cast<int>(f.packets)).arg(full) +
                         Text::bytesText(f.payload));
        const qreal h = text->boundingRect().height();
        const qreal degrees = std::atan2(y1 - y0, xe - x0) * 180 / std::numbers::pi;
        text->setTransformOriginPoint(text_w / 2, h);
        text->setRotation(right_ward ? degrees : degrees - 180);
        addItem(text);
        const QLineF line(x0, y0, xe, y1);
        for (const double u : {0.5, 0.42, 0.58, 0.5}) {
            // The full arrow's middle; a lost one's is nearer its sender.
            const QPointF at = line.pointAt(lost ? u * 0.9 + 0.1 : u);
            text->setPos(at - QPointF(text_w / 2, h + 1));
            const QPolygonF box = text->mapToScene(text->boundingRect().adjusted(8, 4, -8, -2));
            if (std::none_of(placed.begin(), placed.end(), [&](const QPolygonF& p) { return p.intersects(box); })) break;
        }
        placed.push_back(text->mapToScene(text->boundingRect().adjusted(8, 4, -8, -2)));
    }
    m_labels.push_back(labels);
}

// ---------------------------------------------------------------------------------------------
// SideBySideView

SideBySideView::SideBySideView(SessionModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_scene(new SideBySideScene(this)) {
    setObjectName(QStringLiteral("SideBySide"));
    // Never wider or taller than the diagram's tab needs: its controls' hint would widen the
    // window's centre for both tabs and squeeze the docks (presenting, the state diagram).
    setMinimumSize(240, 160);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 0);
    layout->setSpacing(6);

    auto* runs_row = new QHBoxLayout;
    m_runs_label = new QLabel(this);
    runs_row->addWidget(m_runs_label, 0, Qt::AlignTop);
    m_checks_layout = new QGridLayout;
    m_checks_layout->setHorizontalSpacing(16);
    runs_row->addLayout(m_checks_layout, 1);
    layout->addLayout(runs_row);

    auto* link_row = new QHBoxLayout;
    const auto slider = [this](const char* name, int low, int high, int page, int width) {
        auto* s = new QSlider(Qt::Horizontal, this);
        s->setObjectName(QLatin1String(name));
        s->setRange(low, high);
        s->setPageStep(page);
        s->setMinimumWidth(width);
        return s;
    };
    m_delay_label = new QLabel(this);
    m_delay = slider("SideBySideDelay", 1, kMaxDelayMs, 10, 140);
    m_delay_value = new QLabel(this);
    m_delay_value->setMinimumWidth(64);
    m_loss_label = new QLabel(this);
    m_loss = slider("SideBySideLoss", 0, kMaxLossPercent, 5, 120);
    m_loss_value = new QLabel(this);
    m_loss_value->setMinimumWidth(44);
    m_reset = new QPushButton(this);
    m_busy = new QLabel(this);
    m_busy->setObjectName(QStringLiteral("SideBySideBusy"));
    for (QWidget* w : std::initializer_list<QWidget*>{m_delay_label, m_delay, m_delay_value, m_loss_label, m_loss,
                                                      m_loss_value, m_reset, m_busy})
        link_row->addWidget(w);
    link_row->addStretch(1);
    layout->addLayout(link_row);

    m_view = new QGraphicsView(m_scene, this);
    m_view->setObjectName(QStringLiteral("SideBySideView"));
    m_view->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_view->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    layout->addWidget(m_view, 1);

    connect(m_delay, &QSlider::valueChanged, this, [this] {
        updateValueLabels();
        simulate();
    });
    connect(m_loss, &QSlider::valueChanged, this, [this] {
        updateValueLabels();
        simulate();
    });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        const QSignalBlocker a(m_delay), b(m_loss);
        m_delay->setValue(static_cast<int>(std::lround(m_lesson_delay)));
        m_loss->setValue(0);
        updateValueLabels();
        simulate();
    });
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<const core::SideBySide>>::finished, this,
            &SideBySideView::onSimulated);
    connect(m_model, &SessionModel::traceChanged, this, &SideBySideView::onSessionChanged);
    connect(m_scene, &QGraphicsScene::sceneRectChanged, this, [this] { fit(); });
    retranslate();
    onSessionChanged();
}

SideBySideView::~SideBySideView() {
    if (m_cancel) m_cancel->store(true);
    m_watcher.waitForFinished();
}

void SideBySideView::onSessionChanged() {
    // Another connection of the same lesson shares its HostSession: nothing changes here.
    if (m_model->sharedHosts() == m_hosts) return;
    m_hosts = m_model->sharedHosts();
    for (QCheckBox* c : m_checks) delete c;
    m_checks.clear();
    const bool had = hasRuns();
    m_offered = m_hosts ? m_hosts->runs : std::vector<core::ComparedRun>{};
    if (!hasRuns()) {
        if (m_cancel) m_cancel->store(true);
        m_result.reset();
        m_scene->setRuns(nullptr, {});
        if (had) Q_EMIT runsChanged(false);
        return;
    }
    m_lesson_delay = core::lessonDelayMs(m_hosts->scenario);
    for (std::size_t i = 0; i < m_offered.size(); ++i) {
        auto* box = new QCheckBox(checkText(i), this);
        box->setObjectName(QStringLiteral("SideBySideRun%1").arg(i));
        box->setToolTip(QString::fromStdString(m_offered[i].name));
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, [this] { setShown(shown()); });
        m_checks.push_back(box);
    }
    resizeEvent(nullptr);
    {
        const QSignalBlocker a(m_delay), b(m_loss);
        m_delay->setValue(static_cast<int>(std::lround(m_lesson_delay)));
        m_loss->setValue(0);
    }
    updateValueLabels();
    m_result.reset();
    m_scene->setRuns(nullptr, {});
    simulate();
    if (!had) Q_EMIT runsChanged(true);
}

std::vector<std::size_t> SideBySideView::shown() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < m_checks.size(); ++i)
        if (m_checks[i]->isChecked()) out.push_back(i);
    return out;
}

void SideBySideView::setShown(std::vector<std::size_t> shown) {
    for (std::size_t i = 0; i < m_checks.size(); ++i) {
        const QSignalBlocker block(m_checks[i]);
        m_checks[i]->setChecked(std::find(shown.begin(), shown.end(), i) != shown.end());
    }
    if (m_result) m_scene->setRuns(m_result, this->shown());   // else drawn when the simulation ends
}

QString SideBySideView::checkText(std::size_t i) const {
    QString name = SideBySideScene::runTitle(m_offered[i].kind);
    const auto same = std::count_if(m_offered.begin(), m_offered.end(), [&](const core::ComparedRun& r) {
        return SideBySideScene::runTitle(r.kind) == name;
    });
    if (same > 1) name += QStringLiteral(" (%1)").arg(QString::fromStdString(m_offered[i].name));
    return name;
}

void SideBySideView::setDelayMs(int ms) { m_delay->setValue(ms); }
void SideBySideView::setLossPercent(int percent) { m_loss->setValue(percent); }
int SideBySideView::delayMs() const { return m_delay->value(); }
int SideBySideView::lossPercent() const { return m_loss->value(); }

void SideBySideView::simulate() {
    if (!hasRuns()) return;
    if (m_running) {
        // The newest values are simulated once the one under way ends; it is not worth finishing.
        m_again = true;
        if (m_cancel) m_cancel->store(true);
        return;
    }
    m_running = true;
    m_again = false;
    m_busy->setText(tr("Simulating…"));
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const core::HostScenario scenario = core::withLinks(m_hosts->scenario, delayMs(), lossPercent() / 100.0);
    auto runs = m_offered;
    auto cancel = m_cancel;
    m_watcher.setFuture(QtConcurrent::run(workPool(), [scenario, runs, cancel] {
        return std::make_shared<const core::SideBySide>(core::simulateSideBySide(scenario, runs, cancel.get()));
    }));
}

void SideBySideView::onSimulated() {
    m_running = false;
    std::shared_ptr<const core::SideBySide> result = m_watcher.result();
    if (m_again || !hasRuns()) {
        m_again = false;
        simulate();
        return;
    }
    m_busy->clear();
    m_result = std::move(result);
    m_scene->setRuns(m_result, shown());
    Q_EMIT simulated();
}

void SideBySideView::fit() {
    const QRectF r = m_scene->sceneRect();
    if (r.isEmpty()) return;
    const qreal available = m_view->viewport()->width() - 4;
    // The whole width when it is readable; on a small screen, scrolled sideways instead.
    const qreal scale = std::clamp(available / r.width(), 0.55, 1.25);
    m_view->setTransform(QTransform::fromScale(scale, scale));
}

void SideBySideView::resizeEvent(QResizeEvent* e) {
    if (e) QWidget::resizeEvent(e);
    // The runs' boxes in as many columns as fit.
    int widest = 1;
    for (QCheckBox* box : m_checks) widest = std::max(widest, box->sizeHint().width());
    const int room = width() - m_runs_label->sizeHint().width() - 40;
    const int per_row = std::max(1, room / (widest + m_checks_layout->horizontalSpacing()));
    for (QCheckBox* box : m_checks) m_checks_layout->removeWidget(box);
    for (std::size_t i = 0; i < m_checks.size(); ++i)
        m_checks_layout->addWidget(m_checks[i], static_cast<int>(i) / per_row, static_cast<int>(i) % per_row);
    fit();
}

void SideBySideView::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) retranslate();
}

void SideBySideView::updateValueLabels() {
    m_delay_value->setText(tr("%1 ms").arg(m_delay->value()));
    m_loss_value->setText(tr("%1 %").arg(m_loss->value()));
}

void SideBySideView::retranslate() {
    m_runs_label->setText(tr("Runs:"));
    m_delay_label->setText(tr("One-way delay:"));
    m_delay->setToolTip(tr("The link's delay each way, for every run; the runs are simulated again."));
    m_loss_label->setText(tr("Loss:"));
    m_loss->setToolTip(tr("The share of packets the link loses each way, for every run, from the lesson's seed."));
    m_reset->setText(tr("As in the lesson"));
    for (std::size_t i = 0; i < m_checks.size() && i < m_offered.size(); ++i)
        m_checks[i]->setText(checkText(i));
    updateValueLabels();
    if (m_running) m_busy->setText(tr("Simulating…"));
    m_scene->rebuild();
}

void SideBySideView::applyTheme() {
    m_scene->rebuild();
}

void SideBySideView::setTextScale(double scale) { m_scene->setTextScale(scale); }

}  // namespace tcpviz::ui
