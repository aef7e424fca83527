#pragma once
// The congestion window of one sender over time: cwnd and ssthresh as step lines, the bytes in
// flight, the window the peer offers, and the congestion phases shaded behind them (RFC 5681's
// slow start and congestion avoidance, fast recovery, the recovery after a timeout).
#include "ui/views/plot_view.h"

namespace tcpviz::ui {

class CongestionPlot : public PlotView {
    Q_OBJECT
public:
    explicit CongestionPlot(SessionModel* model, QWidget* parent = nullptr);
    [[nodiscard]] QString caption() const override;

protected:
    void build() override;
};

}  // namespace tcpviz::ui
