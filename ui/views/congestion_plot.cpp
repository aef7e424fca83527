#include "ui/views/congestion_plot.h"

#include <QLocale>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/trace/plot_data.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"
#include "ui/views/diagram_style.h"

namespace tcpviz::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double valueOf(const std::optional<std::uint32_t>& v) { return v ? static_cast<double>(*v) : kNaN; }

// The phases' tints: what the timer caused is warm, what ACKs caused is cool, as the sequence
// diagram's tags are (orange for a timeout, bluish green for a fast retransmission).
struct PhaseLook {
    core::CongestionPhase phase;
    QColor hue;
    double amount;
};

// The algorithms as their authors spell them (names, not words: never translated).
QString algorithmName(core::CongestionAlgorithm a) {
    switch (a) {
        case core::CongestionAlgorithm::None: return QStringLiteral("none");
        case core::CongestionAlgorithm::Tahoe: return QStringLiteral("Tahoe");
        case core::CongestionAlgorithm::Reno: return QStringLiteral("Reno");
        case core::CongestionAlgorithm::NewReno: return QStringLiteral("NewReno");
        case core::CongestionAlgorithm::Cubic: return QStringLiteral("CUBIC");
    }
    return {};
}

}  // namespace

CongestionPlot::CongestionPlot(SessionModel* model, QWidget* parent) : PlotView(model, parent) {
    setObjectName(QStringLiteral("CongestionPlot"));
}

QString CongestionPlot::caption() const {
    const core::Trace& t = model()->trace();
    const QString who = Text::endpointLabel(t, side());
    //: %1 is an endpoint ("A (Client)").
    if (t.endpoints[core::idx(side())].congestion == core::CongestionAlgorithm::None)
        return tr("Bytes in flight of %1, without congestion control").arg(who);
    //: %1 is an endpoint ("A (Client)"), %2 the name of a congestion control algorithm ("NewReno").
    return tr("Congestion window of %1 — %2").arg(who, algorithmName(t.endpoints[core::idx(side())].congestion));
}

void CongestionPlot::build() {
    const core::Trace& t = model()->trace();
    const core::CwndSeries& s = model()->index().cwnd[core::idx(side())];
    if (s.empty()) {
        setAxes(0, seconds(t.events.back().time), 1, tr("Bytes"));
        setEmptyText(tr("%1 sends nothing.").arg(Text::endpointLabel(t, side())));
        return;
    }
    const double end = seconds(s.end);

    // The phases, behind everything.
    const style::DiagramColors& c = style::colors();
    const double strength = c.dark ? 1.6 : 1.0;
    const PhaseLook looks[] = {
        {core::CongestionPhase::SlowStart, style::skyBlue(), 0.20},
        {core::CongestionPhase::CongestionAvoidance, style::yellow(), 0.30},
        {core::CongestionPhase::FastRecovery, style::bluishGreen(), 0.20},
        {core::CongestionPhase::AfterTimeout, style::orange(), 0.26},
    };
    int rank = 10;
    for (const PhaseLook& look : looks) {
        std::vector<Mark> bands;
        std::vector<std::uint32_t> events;
        for (const core::PhaseInterval& p : s.phases) {
            if (p.phase != look.phase) continue;
            bands.push_back({.key = seconds(p.begin), .key_end = seconds(p.end)});
            events.push_back(p.event);
        }
        if (bands.empty()) continue;
        const QColor fill = style::tint(look.hue, std::min(1.0, look.amount * strength));
        addMarks({.name = Text::phaseText(look.phase), .color = fill, .width = 0, .rank = rank++}, MarkShape::Band,
                 std::move(bands), std::move(events), fill);
    }

    std::vector<double> keys, cwnd, ssthresh, flight, window;
    std::vector<std::uint32_t> events;
    double top = 0, ssthresh_top = 0, window_top = 0;
    for (const core::CwndPoint& p : s.points) {
        keys.push_back(seconds(p.time));
        events.push_back(p.event);
        cwnd.push_back(valueOf(p.cwnd));
        ssthresh.push_back(valueOf(p.ssthresh));
        flight.push_back(valueOf(p.flight));
        window.push_back(valueOf(p.peer_window));
        top = std::max({top, p.cwnd.value_or(0) * 1.0, p.flight.value_or(0) * 1.0});
        ssthresh_top = std::max(ssthresh_top, p.ssthresh.value_or(0) * 1.0);
        window_top = std::max(window_top, p.peer_window.value_or(0) * 1.0);
    }
    // The scale is the congestion window's. A threshold or a window far above it would
    // squash it to the floor: those lines leave the top, and the legend says so.
    auto fits = [&](double v) { return v <= 2 * std::max(top, 1.0); };
    if (fits(ssthresh_top)) top = std::max(top, ssthresh_top);
    if (fits(window_top)) top = std::max(top, window_top);
    const double upper = std::max(top, 1.0) * 1.12;
    auto name = [&](const QString& what, double max) {
        return max > upper ? tr("%1 (off the top: %2)").arg(what, QLocale().toString(static_cast<qlonglong>(max)))
                           : what;
    };

    addStepLine({.name = name(tr("peer's window"), window_top),
                 .color = style::reddishPurple(), .width = 2.2, .pen = Qt::DashLine, .rank = 3},
                keys, window, events, end);
    addStepLine({.name = tr("bytes in flight"), .color = style::ink(), .width = 1.6, .rank = 2}, keys, flight, events,
                end);
    if (ssthresh_top > 0)
        addStepLine({.name = name(tr("ssthresh"), ssthresh_top), .color = style::vermillion(),
                     .width = 2.4, .pen = Qt::DashDotLine, .rank = 1},
                    keys, ssthresh, events, end);
    if (s.algorithm != core::CongestionAlgorithm::None)
        addStepLine({.name = tr("cwnd"), .color = blue(), .width = 3.2, .rank = 0}, keys,
                    cwnd, std::move(events), end);
    setAxes(keys.front(), end, upper, tr("Bytes"));
}

}  // namespace tcpviz::ui
