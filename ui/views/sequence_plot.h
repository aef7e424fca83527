#pragma once
// The time–sequence graph of one direction, as Stevens and tcptrace draw it: each data
// segment as a bar from its first to its last byte at the time it was sent, retransmissions
// in their own colours (after a timeout, or fast), the ACK line and the receive-window line
// as the sender receives them, a tick for each duplicate ACK and a ✕ where a segment was lost.
#include "ui/views/plot_view.h"

namespace tcpviz::ui {

class SequencePlot : public PlotView {
    Q_OBJECT
public:
    explicit SequencePlot(SessionModel* model, QWidget* parent = nullptr);
    [[nodiscard]] QString caption() const override;

protected:
    void build() override;
};

}  // namespace tcpviz::ui
