#pragma once
// TCP Tahoe (4.3BSD-Tahoe, 1988; Jacobson's "Congestion Avoidance and Control"): slow start,
// congestion avoidance and fast retransmit as Reno, but no fast recovery — every loss, found by
// three duplicate ACKs or by a timeout, sends the window back to one segment and slow start
// again.
#include "core/tcp/congestion/reno.h"

namespace tcpviz::core::congestion {

struct Tahoe : Reno {
    static constexpr bool kFastRecovery = false;
};

}  // namespace tcpviz::core::congestion
