#include "core/net/link_model.h"

#include <algorithm>
#include <utility>

namespace tcpviz::core {

namespace {

// Randomness rules (so that a run stays the same when a teacher changes an unrelated
// parameter): every random stage that a packet reaches draws a fixed number of engine outputs
// for it, whatever its probabilities are. Bernoulli loss, duplication and Gilbert–Elliott each
// take exactly one 64-bit engine output per packet; jitter takes one distribution sample per
// copy. A packet already dropped by an earlier stage never reaches later stages.

// A uniform double in [0, 1) from one engine output (53 random bits; portable, since
// mt19937_64's output sequence is fixed by the standard).
double unitFrom(std::uint64_t bits) {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// Two independent uniforms in [0, 1) from one engine output (32 random bits each).
std::pair<double, double> twoUnitsFrom(std::uint64_t bits) {
    return {static_cast<double>(bits >> 32) * 0x1.0p-32,
            static_cast<double>(bits & 0xffff'ffffU) * 0x1.0p-32};
}

void markDropped(LinkDecision& d, DropReason reason) {
    d.dropped = reason;
    d.arrivals.clear();  // a dropped packet has no arrivals
}

void addDelay(LinkDecision& d, TimeUs delay) {
    for (TimeUs& t : d.arrivals) t += delay;
}

class FixedDelayStage final : public LinkStage {
public:
    explicit FixedDelayStage(TimeUs delay) : m_delay(delay) {}
    void apply(const LinkPacket&, TimeUs, Rng&, LinkDecision& d) override { addDelay(d, m_delay); }
    [[nodiscard]] std::unique_ptr<LinkStage> clone() const override {
        return std::make_unique<FixedDelayStage>(*this);
    }

private:
    TimeUs m_delay;
};

class JitterStage final : public LinkStage {
public:
    explicit JitterStage(TimeUs max_extra) : m_max(std::max<TimeUs>(max_extra, 0)) {}
    void apply(const LinkPacket&, TimeUs, Rng& rng, LinkDecision& d) override {
        // Drawn even when m_max is 0, so the amount of randomness used does not depend on it.
        std::uniform_int_distribution<TimeUs> extra(0, m_max);
        for (TimeUs& t : d.arrivals) t += extra(rng);
    }
    [[nodiscard]] std::unique_ptr<LinkStage> clone() const override {
        return std::make_unique<JitterStage>(*this);
    }

private:
    TimeUs m_max;
};

class BernoulliLossStage final : public LinkStage {
public:
    explicit BernoulliLossStage(double p) : m_p(p) {}
    void apply(const LinkPacket&, TimeUs, Rng& rng, LinkDecision& d) override {
        if (unitFrom(rng()) < m_p) markDropped(d, DropReason::Loss);
    }
    [[nodiscard]] std::unique_ptr<LinkStage> clone() const override {
        return std::make_unique<BernoulliLossStage>(*this);
    }

private:
    double m_p;
};

class GilbertElliottStage final : public LinkStage {
public:
    GilbertElliottStage(double p_gb, double p_bg, double loss_good, double loss_bad)
        : m_p_gb(p_gb), m_p_bg(p_bg), m_loss_good(loss_good), m_loss_bad(loss_bad) {}
    void apply(const LinkPacket&, TimeUs, Rng& rng, LinkDecision& d) override {
        const auto [u_transition, u_loss] = twoUnitsFrom(rng());
        // First move between the states, then lose with the new state's probability.
        if (m_bad) {
            if (u_transition < m_p_bg) m_bad = false;
        } else {
            if (u_transition < m_p_gb) m_bad = true;
        }
        if (u_loss < (m_bad ? m_loss_bad : m_loss_good)) markDropped(d, DropReason::Loss);
    }
    [[nodiscard]] std::unique_ptr<LinkStage> clone() const override {
        return std::make_unique<GilbertElliottStage>(*this);
    }

private:
    double m_p_gb;
    double m_p_bg;
    double m_loss_good;
    double m_loss_bad;
    bool m_bad = false;  // the chain starts in the Good state
};

class DuplicationStage final : public LinkStage {
public:
    DuplicationStage(double p, TimeUs gap) : m_p(p), m_gap(gap) {}
    void apply(const LinkPacket&, TimeUs, Rng& rng, LinkDecision& d) override {
        const bool duplicate = unitFrom(rng()) < m_p;
        if (duplicate && !d.arrivals.empty()) d.arrivals.push_back(d.arrivals.front() + m_gap);
    }
    [[nodiscard]] std::unique_ptr<LinkStage> clone() const override {
        return std::make_unique<DuplicationStage>(*this);
    }

private:
    double m_p;
    TimeUs m_gap;
};

class BandwidthQueueStage final : public LinkStage {
public:
    BandwidthQueueStage(std::uint64_t bps, std::size_t queue_packets)
        : m_bps(bps), m_limit(queue_packets) {}

    void apply(const LinkPacket& p, TimeUs now, Rng&, LinkDecision& d) override {
        if (m_bps == 0) return;  // no bottleneck
        // Packets that have left by `now` no longer occupy the queue. (The ring index wraps
        // by comparison, not `%`: a division per packet showed in the profile.)
        while (m_count > 0 && m_departures[m_head] <= now) {
            if (++m_head == m_departures.size()) m_head = 0;
            --m_count;
        }
        if (m_count >= m_limit) {
            markDropped(d, DropReason::QueueFull);
            return;
        }
        const TimeUs departure = std::max(now, m_link_free) + serialisationOf(p.wire_bytes);
        m_link_free = departure;
        if (m_count == m_departures.size()) {
            // The ring is full: unroll it and double it (it never outgrows the queue's limit).
            std::rotate(m_departures.begin(), m_departures.begin() + static_cast<std::ptrdiff_t>(m_head), m_departures.end());
            m_head = 0;
            m_departures.resize(std::max<std::size_t>(8, 2 * m_departures.size()));
        }
        std::size_t tail = m_head + m_count;   // < 2 * size: one subtraction wraps it
        if (tail >= m_departures.size()) tail -= m_departures.size();
        m_departures[tail] = departure;
        ++m_count;
        addDelay(d, departure - now);
    }
    [[nodiscard]] std::unique_ptr<LinkStage> clone() const override {
        return std::make_unique<BandwidthQueueStage>(*this);
    }

private:
    // serialisation(), remembered for the last size asked: a direction carries mostly packets
    // of one size (full data segments one way, pure ACKs the other), and the three 64-bit
    // divisions showed in the profile.
    TimeUs serialisationOf(std::size_t wire_bytes) {
        if (wire_bytes != m_memo_bytes) {
            m_memo_bytes = wire_bytes;
            m_memo_us = serialisation(wire_bytes);
        }
        return m_memo_us;
    }
    // wire_bytes * 8 / bps seconds, in microseconds, rounded up. Split into whole and
    // fractional seconds so that the intermediate products stay within 64 bits.
    [[nodiscard]] TimeUs serialisation(std::size_t wire_bytes) const {
        const std::uint64_t bits = static_cast<std::uint64_t>(wire_bytes) * 8U;
        const std::uint64_t whole = bits / m_bps;
        const std::uint64_t rest = bits % m_bps;
        const std::uint64_t frac_us = (rest * 1'000'000U + m_bps - 1) / m_bps;
        return static_cast<TimeUs>(whole * 1'000'000U + frac_us);
    }

    std::uint64_t m_bps;
    std::size_t m_limit;
    TimeUs m_link_free = 0;           // when the link finishes the last accepted packet
    // Packets waiting or in service, by departure time: a ring of m_count from m_head.
    std::vector<TimeUs> m_departures;
    std::size_t m_head = 0;
    std::size_t m_count = 0;
    std::size_t m_memo_bytes = 0;     // serialisationOf(m_memo_bytes) == m_memo_us
    TimeUs m_memo_us = 0;
};

class ScriptedFaultStage final : public LinkStage {
public:
    ScriptedFaultStage(SegmentFilter filter, std::uint32_t nth, FaultAction action, TimeUs amount)
        : m_filter(std::move(filter)), m_nth(nth), m_action(action), m_amount(amount) {}

    void apply(const LinkPacket& p, TimeUs, Rng&, LinkDecision& d) override {
        if (!m_filter.matches(p)) return;
        ++m_matched;
        if (m_nth != 0 && m_matched != m_nth) return;
        switch (m_action) {
            case FaultAction::Drop:
                markDropped(d, DropReason::Fault);
                break;
            case FaultAction::Delay:
                addDelay(d, m_amount);
                break;
            case FaultAction::Duplicate:
                if (!d.arrivals.empty()) d.arrivals.push_back(d.arrivals.front() + m_amount);
                break;
        }
    }
    [[nodiscard]] std::unique_ptr<LinkStage> clone() const override {
        return std::make_unique<ScriptedFaultStage>(*this);
    }

private:
    SegmentFilter m_filter;
    std::uint32_t m_nth;
    FaultAction m_action;
    TimeUs m_amount;
    std::uint64_t m_matched = 0;  // matching packets seen so far (the count is 1-based)
};

class ScriptedFaultSetStage final : public LinkStage {
public:
    explicit ScriptedFaultSetStage(const std::vector<ScriptedFault>& faults) {
        for (const auto& f : faults) m_faults.emplace_back(f.filter, f.nth, f.action, f.amount);
    }
    void apply(const LinkPacket& p, TimeUs now, Rng& rng, LinkDecision& d) override {
        // Every fault sees every packet, dropped by a sibling or not, so each count is the
        // count of segments sent.
        for (auto& f : m_faults) f.apply(p, now, rng, d);
    }
    [[nodiscard]] std::unique_ptr<LinkStage> clone() const override {
        return std::make_unique<ScriptedFaultSetStage>(*this);
    }

private:
    std::vector<ScriptedFaultStage> m_faults;
};

}  // namespace

const char* dropReasonName(DropReason r) {
    switch (r) {
        case DropReason::Loss:
            return "loss";
        case DropReason::Fault:
            return "fault";
        case DropReason::QueueFull:
            return "queue full";
    }
    return "?";
}

// --- LinkModel ----------------------------------------------------------------------------

LinkModel::LinkModel(const LinkModel& other) {
    m_stages.reserve(other.m_stages.size());
    for (const auto& stage : other.m_stages) m_stages.push_back(stage->clone());
}

LinkModel& LinkModel::operator=(const LinkModel& other) {
    if (this != &other) {
        LinkModel copy(other);  // clone first, so a throwing clone leaves *this unchanged
        m_stages = std::move(copy.m_stages);
    }
    return *this;
}

LinkModel& LinkModel::add(std::unique_ptr<LinkStage> stage) {
    if (stage) m_stages.push_back(std::move(stage));
    return *this;
}

LinkDecision LinkModel::decide(const LinkPacket& p, TimeUs now, Rng& rng) {
    LinkDecision d{std::nullopt, {now}};
    for (const auto& stage : m_stages) {
        if (d.dropped) break;
        stage->apply(p, now, rng, d);
    }
    return d;
}

// --- SegmentFilter ------------------------------------------------------------------------

bool SegmentFilter::matches(const LinkPacket& p) const {
    const std::uint8_t flags = p.segment.flags;
    if ((flags & flags_set) != flags_set) return false;
    if (flags_exact && flags != *flags_exact) return false;
    if (seq && p.segment.seq.value() != *seq) return false;
    if (retransmission && p.retransmission != *retransmission) return false;
    if (data && p.segment.payload.empty() == *data) return false;
    return true;
}

// --- factories ----------------------------------------------------------------------------

std::unique_ptr<LinkStage> fixedDelay(TimeUs delay) {
    return std::make_unique<FixedDelayStage>(delay);
}

std::unique_ptr<LinkStage> jitter(TimeUs max_extra) {
    return std::make_unique<JitterStage>(max_extra);
}

std::unique_ptr<LinkStage> bernoulliLoss(double p) {
    return std::make_unique<BernoulliLossStage>(p);
}

std::unique_ptr<LinkStage> gilbertElliottLoss(double p_good_to_bad, double p_bad_to_good,
                                              double loss_good, double loss_bad) {
    return std::make_unique<GilbertElliottStage>(p_good_to_bad, p_bad_to_good, loss_good, loss_bad);
}

std::unique_ptr<LinkStage> duplication(double p, TimeUs gap) {
    return std::make_unique<DuplicationStage>(p, gap);
}

std::unique_ptr<LinkStage> bandwidthQueue(std::uint64_t bits_per_second,
                                          std::size_t queue_packets) {
    return std::make_unique<BandwidthQueueStage>(bits_per_second, queue_packets);
}

std::unique_ptr<LinkStage> scriptedFault(SegmentFilter filter, std::uint32_t nth,
                                         FaultAction action, TimeUs amount) {
    return std::make_unique<ScriptedFaultStage>(std::move(filter), nth, action, amount);
}

std::unique_ptr<LinkStage> scriptedFaults(std::vector<ScriptedFault> faults) {
    return std::make_unique<ScriptedFaultSetStage>(faults);
}

void addLinkStages(LinkModel& m, const LinkDirection& d) {
    if (d.bandwidth_bps > 0) m.add(bandwidthQueue(d.bandwidth_bps, d.queue_packets));
    m.add(fixedDelay(msToUs(d.delay_ms)));
    if (d.jitter_ms > 0) m.add(jitter(msToUs(d.jitter_ms)));
    if (d.burst) {
        m.add(gilbertElliottLoss(d.burst->p_good_to_bad, d.burst->p_bad_to_good, d.burst->loss_good, d.burst->loss_bad));
    } else if (d.loss > 0) {
        m.add(bernoulliLoss(d.loss));
    }
    if (d.duplicate > 0) m.add(duplication(d.duplicate, 1000));
}

}  // namespace tcpviz::core
