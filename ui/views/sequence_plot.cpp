#include "ui/views/sequence_plot.h"

#include <QLocale>
#include <algorithm>

#include "core/trace/plot_data.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"
#include "ui/views/diagram_style.h"

namespace tcpviz::ui {

SequencePlot::SequencePlot(SessionModel* model, QWidget* parent) : PlotView(model, parent) {
    setObjectName(QStringLiteral("SequencePlot"));
}

QString SequencePlot::caption() const {
    //: %1 is a direction: "A (Client) → B (Server)".
    return tr("Time–sequence graph: %1").arg(sideText(side()));
}

void SequencePlot::build() {
    const core::Trace& t = model()->trace();
    const core::SequenceSeries& s = model()->index().sequence[core::idx(side())];
    if (s.segments.empty() && s.retransmissions.empty()) {
        setAxes(0, seconds(t.events.back().time), 1, tr("Relative sequence number"));
        setEmptyText(tr("%1 sends no data.").arg(Text::endpointLabel(t, side())));
        return;
    }
    const double end = seconds(s.end);
    double first = end, top = 0, window_top = 0;

    // The receiver's ACKs and window edge, as step lines under the segments.
    std::vector<double> keys, acks, edges;
    std::vector<std::uint32_t> ack_events;
    for (const core::AckPoint& a : s.acks) {
        keys.push_back(seconds(a.time));
        acks.push_back(static_cast<double>(a.ack));
        edges.push_back(static_cast<double>(a.window_edge));
        ack_events.push_back(a.event);
        top = std::max(top, static_cast<double>(a.ack));
        window_top = std::max(window_top, static_cast<double>(a.window_edge));
    }
    if (!keys.empty()) first = keys.front();

    auto bars = [&](const std::vector<core::SequenceMark>& marks, std::vector<std::uint32_t>& events) {
        std::vector<Mark> out;
        for (const core::SequenceMark& m : marks) {
            const double seq = static_cast<double>(m.seq);
            out.push_back({.key = seconds(m.time), .low = seq, .high = seq + m.length});
            events.push_back(m.event);
            top = std::max(top, seq + m.length);
            first = std::min(first, seconds(m.time));
        }
        return out;
    };
    std::vector<std::uint32_t> data_events, timeout_events, fast_events;
    std::vector<core::SequenceMark> timeouts, fasts;
    for (const core::SequenceMark& m : s.retransmissions)
        (m.kind == core::Retransmission::Fast ? fasts : timeouts).push_back(m);
    std::vector<Mark> data = bars(s.segments, data_events);
    std::vector<Mark> timeout = bars(timeouts, timeout_events);
    std::vector<Mark> fast = bars(fasts, fast_events);

    // The window edge lies a whole window above the data: when that would squash the data
    // to the floor, the line leaves the top and the legend says so.
    const double data_top = std::max(top, 1.0);
    if (window_top <= 2 * data_top) top = std::max(top, window_top);
    const double upper = std::max(top, 1.0) * 1.08;
    QString window_name = tr("receive window");
    if (window_top > upper)
        window_name = tr("%1 (off the top: %2)")
                          .arg(window_name, QLocale().toString(static_cast<qlonglong>(window_top)));

    if (!keys.empty()) {
        addStepLine({.name = window_name, .color = style::reddishPurple(), .width = 2, .pen = Qt::DashLine, .rank = 4},
                    keys, edges, ack_events, end);
        addStepLine({.name = tr("ACK line"), .color = style::ink(), .width = 2, .rank = 3}, keys, acks,
                    std::move(ack_events), end);
    }
    addMarks({.name = tr("data segment"), .color = blue(), .width = 2, .rank = 0}, MarkShape::Bar,
             std::move(data), std::move(data_events));
    if (!timeout.empty())
        addMarks({.name = tr("sent again after a timeout"), .color = style::orange(), .width = 2.6, .rank = 1},
                 MarkShape::BarCircle, std::move(timeout), std::move(timeout_events));
    if (!fast.empty())
        addMarks({.name = tr("fast retransmission"), .color = style::bluishGreen(), .width = 2.6, .rank = 2},
                 MarkShape::BarDiamond, std::move(fast), std::move(fast_events));
    if (!s.dup_acks.empty()) {
        std::vector<Mark> ticks;
        std::vector<std::uint32_t> events;
        for (const core::AckPoint& d : s.dup_acks) {
            const double ack = static_cast<double>(d.ack);
            ticks.push_back({.key = seconds(d.time), .low = ack, .high = ack, .level = d.dup_ack});
            events.push_back(d.event);
        }
        addMarks({.name = tr("duplicate ACKs"), .color = style::skyBlue(), .width = 3, .rank = 5}, MarkShape::Tick,
                 std::move(ticks), std::move(events));
    }
    if (!s.losses.empty()) {
        std::vector<Mark> crosses;
        std::vector<std::uint32_t> events;
        for (const core::LossMark& l : s.losses) {
            const double seq = static_cast<double>(l.seq);
            crosses.push_back({.key = seconds(l.time), .low = seq, .high = seq + l.length});
            events.push_back(l.event);
        }
        addMarks({.name = tr("lost on the way"), .color = style::vermillion(), .width = 2.8, .rank = 6},
                 MarkShape::Cross, std::move(crosses), std::move(events));
    }
    setAxes(first, end, upper, tr("Relative sequence number"));
}

}  // namespace tcpviz::ui
