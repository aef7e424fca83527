#pragma once
// Link models: what the network does to each segment on one direction of the path.
//
// A model decides, for each segment handed to it, whether it is lost and otherwise when each
// copy arrives. Models compose (a Pipeline applies stages in order); all randomness comes from
// the one seeded generator the simulator passes in, so a run is reproducible from its seed.
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/tcp/segment.h"
#include "core/time.h"

namespace tcpviz::core {

using Rng = std::mt19937_64;

// What the link sees of a segment.
struct LinkPacket {
    const Segment& segment;
    std::uint64_t id = 0;          // the trace's segment id
    bool retransmission = false;
    std::size_t wire_bytes = 0;    // IP + TCP header + payload, for serialisation delay
};

enum class DropReason : std::uint8_t { Loss, Fault, QueueFull };
const char* dropReasonName(DropReason r);   // "loss", "fault", "queue full"

// The fate of one packet: dropped (with a reason) or delivered as one or more copies.
struct LinkDecision {
    std::optional<DropReason> dropped;
    // Arrival time of each copy; copy 0 is the original. Inline: deciding allocates nothing.
    boost::container::small_vector<TimeUs, 2> arrivals;
};

// One stage of a link. A stage receives the decision so far and may change it:
// add delay to every arrival, drop, add copies.
class LinkStage {
public:
    virtual ~LinkStage() = default;
    virtual void apply(const LinkPacket& p, TimeUs now, Rng& rng, LinkDecision& d) = 0;
    // Stages are values inside a copyable simulator.
    [[nodiscard]] virtual std::unique_ptr<LinkStage> clone() const = 0;
};

// A direction of the link: stages applied in order to a decision that starts as
// "delivered now, one copy".
class LinkModel {
public:
    LinkModel() = default;
    LinkModel(const LinkModel& other);
    LinkModel& operator=(const LinkModel& other);
    LinkModel(LinkModel&&) noexcept = default;
    LinkModel& operator=(LinkModel&&) noexcept = default;

    LinkModel& add(std::unique_ptr<LinkStage> stage);
    [[nodiscard]] LinkDecision decide(const LinkPacket& p, TimeUs now, Rng& rng);
    [[nodiscard]] std::size_t stageCount() const { return m_stages.size(); }

private:
    std::vector<std::unique_ptr<LinkStage>> m_stages;
};

// One direction of a link, as a scenario describes it. A scenario's "link" gives defaults for
// both directions; "A->B" and "B->A" (or, between hosts, "client->server" and
// "server->client") override them.
struct LinkDirection {
    double delay_ms = 50;
    double jitter_ms = 0;
    double loss = 0;                  // Bernoulli loss probability, 0..1
    double duplicate = 0;             // duplication probability, 0..1
    std::uint64_t bandwidth_bps = 0;  // 0: unlimited
    std::uint32_t queue_packets = 100;
    // Gilbert–Elliott bursty loss; used when present.
    struct Burst {
        double p_good_to_bad = 0, p_bad_to_good = 1, loss_good = 0, loss_bad = 1;
        bool operator==(const Burst&) const = default;
    };
    std::optional<Burst> burst;
    bool operator==(const LinkDirection&) const = default;
};

// Adds the stages `d` describes, in the order they act: the bottleneck, the delay, jitter, loss,
// duplication (a scenario's scripted faults, when it has any, come before them).
void addLinkStages(LinkModel& m, const LinkDirection& d);

// --- stages -------------------------------------------------------------------------------

// Every copy arrives `delay` later.
std::unique_ptr<LinkStage> fixedDelay(TimeUs delay);
// Every copy gets an extra delay uniform in [0, jitter]; this reorders segments.
std::unique_ptr<LinkStage> jitter(TimeUs max_extra);
// Each packet is lost with probability p, independently.
std::unique_ptr<LinkStage> bernoulliLoss(double p);
// Gilbert–Elliott two-state loss: Good/Bad states with transition probabilities
// p_good_to_bad, p_bad_to_good and loss probabilities loss_good, loss_bad.
std::unique_ptr<LinkStage> gilbertElliottLoss(double p_good_to_bad, double p_bad_to_good,
                                              double loss_good, double loss_bad);
// Each delivered packet is duplicated with probability p (the copy arrives `gap` later).
std::unique_ptr<LinkStage> duplication(double p, TimeUs gap = 0);
// A bottleneck of `bits_per_second` with a drop-tail queue of `queue_packets` packets:
// packets are serialised one after another; a packet finding the queue full is dropped.
std::unique_ptr<LinkStage> bandwidthQueue(std::uint64_t bits_per_second, std::size_t queue_packets);

// A filter over segments for scripted faults. Empty fields match anything.
struct SegmentFilter {
    std::uint8_t flags_set = 0;            // every one of these flags must be set
    std::optional<std::uint8_t> flags_exact;  // the flags must be exactly these
    std::optional<std::uint32_t> seq;      // SEG.SEQ must equal this
    std::optional<bool> retransmission;    // must (not) be a retransmission
    std::optional<bool> data;              // must (not) carry payload bytes
    bool operator==(const SegmentFilter&) const = default;
    [[nodiscard]] bool matches(const LinkPacket& p) const;
};

enum class FaultAction : std::uint8_t { Drop, Delay, Duplicate };

// Drop, delay or duplicate the nth (1-based) segment matching `filter` on this direction;
// nth == 0 means every matching segment. Delay adds `amount` to every copy; Duplicate adds a
// copy `amount` after the original.
std::unique_ptr<LinkStage> scriptedFault(SegmentFilter filter, std::uint32_t nth,
                                         FaultAction action, TimeUs amount = 0);

struct ScriptedFault {
    SegmentFilter filter;
    std::uint32_t nth = 1;
    FaultAction action = FaultAction::Drop;
    TimeUs amount = 0;
    bool operator==(const ScriptedFault&) const = default;
};
// All the scripted faults of one direction in one stage. Each counts every matching segment
// put on the wire, so "the 2nd SYN" is the second SYN sent even when another fault dropped
// the first.
std::unique_ptr<LinkStage> scriptedFaults(std::vector<ScriptedFault> faults);

}  // namespace tcpviz::core
