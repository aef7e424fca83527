#include "core/net/link_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace tcpviz::core {
namespace {

Segment makeSegment(std::uint8_t flags, std::uint32_t seq = 1000) {
    Segment s;
    s.src_port = 50000;
    s.dst_port = 80;
    s.seq = SeqNum(seq);
    s.flags = flags;
    s.window = 65535;
    return s;
}

// A decision as a comparable value.
using Outcome = std::pair<std::optional<DropReason>, std::vector<TimeUs>>;
Outcome outcome(const LinkDecision& d) {
    return {d.dropped, {d.arrivals.begin(), d.arrivals.end()}};
}
std::vector<TimeUs> times(const LinkDecision& d) { return {d.arrivals.begin(), d.arrivals.end()}; }

// Sends `count` identical data segments `spacing` apart starting at `start`.
std::vector<LinkDecision> run(LinkModel& model, Rng& rng, int count, TimeUs start = 0,
                              TimeUs spacing = 1000, std::size_t wire_bytes = 1500) {
    const Segment seg = makeSegment(kAck | kPsh);
    std::vector<LinkDecision> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const LinkPacket p{seg, static_cast<std::uint64_t>(i + 1), false, wire_bytes};
        out.push_back(model.decide(p, start + i * spacing, rng));
    }
    return out;
}

// |observed - expected| <= 4 standard deviations.
void expectWithinFourSigma(double observed, double expected, double sigma) {
    EXPECT_LE(std::abs(observed - expected), 4.0 * sigma)
        << "observed " << observed << ", expected " << expected << " ± 4 × " << sigma;
}

TEST(LinkModel, DropReasonNames) {
    EXPECT_STREQ(dropReasonName(DropReason::Loss), "loss");
    EXPECT_STREQ(dropReasonName(DropReason::Fault), "fault");
    EXPECT_STREQ(dropReasonName(DropReason::QueueFull), "queue full");
}

TEST(LinkModel, EmptyModelDeliversNowOnce) {
    LinkModel model;
    Rng rng(1);
    const Rng before = rng;
    const Segment seg = makeSegment(kSyn);
    const LinkDecision d = model.decide({seg, 1, false, 40}, 1234, rng);
    EXPECT_FALSE(d.dropped.has_value());
    EXPECT_EQ(times(d), std::vector<TimeUs>{1234});
    EXPECT_EQ(model.stageCount(), 0U);
    EXPECT_EQ(rng, before);
}

TEST(LinkModel, FixedDelayAddsToEveryArrival) {
    LinkModel model;
    model.add(fixedDelay(msToUs(50))).add(fixedDelay(7));
    EXPECT_EQ(model.stageCount(), 2U);
    Rng rng(1);
    const Rng before = rng;
    const Segment seg = makeSegment(kSyn);
    const LinkDecision d = model.decide({seg, 1, false, 40}, 10'000, rng);
    EXPECT_FALSE(d.dropped.has_value());
    EXPECT_EQ(times(d), std::vector<TimeUs>{60'007});
    EXPECT_EQ(rng, before) << "a fixed delay uses no randomness";

    // Applied to copies too: a duplicate made before the delay is delayed as well.
    LinkModel dup;
    dup.add(scriptedFault({}, 0, FaultAction::Duplicate, 100)).add(fixedDelay(1000));
    EXPECT_EQ(times(dup.decide({seg, 1, false, 40}, 0, rng)), (std::vector<TimeUs>{1000, 1100}));
}

TEST(LinkModel, BernoulliLossRateWithinStatisticalBounds) {
    constexpr int kPackets = 100'000;
    constexpr double kP = 0.1;
    LinkModel model;
    model.add(bernoulliLoss(kP));
    Rng rng(42);
    int lost = 0;
    for (const LinkDecision& d : run(model, rng, kPackets)) {
        if (d.dropped) {
            EXPECT_EQ(*d.dropped, DropReason::Loss);
            EXPECT_TRUE(d.arrivals.empty());
            ++lost;
        } else {
            EXPECT_EQ(d.arrivals.size(), 1U);
        }
    }
    // Binomial(n, p): mean n·p, standard deviation sqrt(n·p·(1−p)).
    const double sigma = std::sqrt(kPackets * kP * (1.0 - kP));
    expectWithinFourSigma(lost, kPackets * kP, sigma);
}

TEST(LinkModel, BernoulliExtremes) {
    Rng rng(3);
    LinkModel never;
    never.add(bernoulliLoss(0.0));
    LinkModel always;
    always.add(bernoulliLoss(1.0));
    for (const LinkDecision& d : run(never, rng, 1000)) EXPECT_FALSE(d.dropped.has_value());
    for (const LinkDecision& d : run(always, rng, 1000)) EXPECT_TRUE(d.dropped.has_value());
}

TEST(LinkModel, RandomStagesDrawOneNumberPerPacketWhateverTheProbability) {
    const Segment seg = makeSegment(kAck);
    for (const double p : {0.0, 0.3, 1.0}) {
        for (int kind = 0; kind < 3; ++kind) {
            LinkModel model;
            if (kind == 0) model.add(bernoulliLoss(p));
            if (kind == 1) model.add(duplication(p, 5));
            if (kind == 2) model.add(gilbertElliottLoss(p, p, p, p));
            Rng rng(9);
            Rng expected = rng;
            for (int i = 0; i < 100; ++i) {
                (void)model.decide({seg, 1, false, 40}, i, rng);
                expected.discard(1);
                ASSERT_EQ(rng, expected) << "kind " << kind << ", p " << p << ", packet " << i;
            }
        }
    }
}

TEST(LinkModel, ChangingOnlyTheDelayKeepsTheRandomOutcomes) {
    auto build = [](TimeUs delay) {
        LinkModel m;
        m.add(fixedDelay(delay)).add(bernoulliLoss(0.2)).add(duplication(0.2, 3));
        return m;
    };
    LinkModel a = build(1000);
    LinkModel b = build(90'000);
    Rng ra(5);
    Rng rb(5);
    const auto da = run(a, ra, 2000);
    const auto db = run(b, rb, 2000);
    for (std::size_t i = 0; i < da.size(); ++i) {
        ASSERT_EQ(da[i].dropped, db[i].dropped);
        ASSERT_EQ(da[i].arrivals.size(), db[i].arrivals.size());
        for (std::size_t c = 0; c < da[i].arrivals.size(); ++c)
            EXPECT_EQ(db[i].arrivals[c] - da[i].arrivals[c], 89'000);
    }
}

TEST(LinkModel, GilbertElliottBurstLengthAndLossRate) {
    constexpr int kPackets = 100'000;
    constexpr double kGoodToBad = 0.05;
    constexpr double kBadToGood = 0.25;
    LinkModel model;
    model.add(gilbertElliottLoss(kGoodToBad, kBadToGood, /*loss_good=*/0.0, /*loss_bad=*/1.0));
    Rng rng(2024);
    const auto decisions = run(model, rng, kPackets);

    // With loss_good = 0 and loss_bad = 1 a packet is lost exactly when the chain is Bad, so a
    // burst of losses is one stay in Bad: geometric with mean 1/p_bg, variance (1−p_bg)/p_bg².
    int lost = 0;
    std::vector<int> bursts;  // completed bursts only
    int current = 0;
    for (const LinkDecision& d : decisions) {
        if (d.dropped) {
            EXPECT_EQ(*d.dropped, DropReason::Loss);
            ++lost;
            ++current;
        } else if (current > 0) {
            bursts.push_back(current);
            current = 0;
        }
    }
    ASSERT_GT(bursts.size(), 100U);
    double sum = 0;
    for (const int b : bursts) sum += b;
    const double mean_burst = sum / static_cast<double>(bursts.size());
    const double burst_sigma = std::sqrt((1.0 - kBadToGood) / (kBadToGood * kBadToGood)) /
                               std::sqrt(static_cast<double>(bursts.size()));
    expectWithinFourSigma(mean_burst, 1.0 / kBadToGood, burst_sigma);

    // Stationary probability of Bad: π = p_gb / (p_gb + p_bg). The time average of a two-state
    // chain has asymptotic variance π(1−π)(1+λ)/((1−λ)n), λ = 1 − p_gb − p_bg being the
    // chain's second eigenvalue (successive packets are correlated).
    const double pi_bad = kGoodToBad / (kGoodToBad + kBadToGood);
    const double lambda = 1.0 - kGoodToBad - kBadToGood;
    const double rate_sigma =
        std::sqrt(pi_bad * (1.0 - pi_bad) * (1.0 + lambda) / ((1.0 - lambda) * kPackets));
    expectWithinFourSigma(static_cast<double>(lost) / kPackets, pi_bad, rate_sigma);
}

TEST(LinkModel, JitterStaysInRangeAndReorders) {
    constexpr int kPackets = 200;
    constexpr TimeUs kDelay = msToUs(50);
    constexpr TimeUs kJitter = msToUs(10);
    constexpr TimeUs kSpacing = msToUs(1);
    LinkModel model;
    model.add(fixedDelay(kDelay)).add(jitter(kJitter));
    Rng rng(11);
    const auto decisions = run(model, rng, kPackets, 0, kSpacing);
    std::vector<TimeUs> arrivals;
    for (int i = 0; i < kPackets; ++i) {
        const LinkDecision& d = decisions[static_cast<std::size_t>(i)];
        ASSERT_FALSE(d.dropped.has_value());
        ASSERT_EQ(d.arrivals.size(), 1U);
        const TimeUs sent = i * kSpacing;
        EXPECT_GE(d.arrivals[0], sent + kDelay);
        EXPECT_LE(d.arrivals[0], sent + kDelay + kJitter);
        arrivals.push_back(d.arrivals[0]);
    }
    bool reordered = false;
    for (std::size_t i = 1; i < arrivals.size() && !reordered; ++i)
        for (std::size_t j = 0; j < i && !reordered; ++j) reordered = arrivals[i] < arrivals[j];
    EXPECT_TRUE(reordered) << "some later-sent packet should overtake an earlier one";

    // Not every packet gets the same extra delay.
    bool varied = false;
    for (int i = 1; i < kPackets; ++i)
        varied = varied || (arrivals[static_cast<std::size_t>(i)] - i * kSpacing != arrivals[0]);
    EXPECT_TRUE(varied);
}

TEST(LinkModel, JitterIsIndependentPerCopyAndZeroJitterAddsNothing) {
    const Segment seg = makeSegment(kAck);
    LinkModel none;
    none.add(jitter(0));
    Rng rng(1);
    for (int i = 0; i < 50; ++i)
        EXPECT_EQ(times(none.decide({seg, 1, false, 40}, i, rng)), std::vector<TimeUs>{i});

    // Duplicate made before the jitter stage: the two copies get their own extra delays.
    LinkModel model;
    model.add(scriptedFault({}, 0, FaultAction::Duplicate, 0)).add(jitter(msToUs(10)));
    bool differ = false;
    for (int i = 0; i < 50 && !differ; ++i) {
        const LinkDecision d = model.decide({seg, 1, false, 40}, 0, rng);
        ASSERT_EQ(d.arrivals.size(), 2U);
        differ = d.arrivals[0] != d.arrivals[1];
    }
    EXPECT_TRUE(differ);
}

TEST(LinkModel, DuplicationProbabilityAndGap) {
    constexpr int kPackets = 100'000;
    constexpr double kP = 0.25;
    constexpr TimeUs kGap = 300;
    constexpr TimeUs kDelay = 20'000;
    LinkModel model;
    model.add(fixedDelay(kDelay)).add(duplication(kP, kGap));
    Rng rng(77);
    const auto decisions = run(model, rng, kPackets);
    int duplicated = 0;
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        const LinkDecision& d = decisions[i];
        ASSERT_FALSE(d.dropped.has_value());
        ASSERT_GE(d.arrivals.size(), 1U);
        ASSERT_LE(d.arrivals.size(), 2U);
        EXPECT_EQ(d.arrivals[0], static_cast<TimeUs>(i) * 1000 + kDelay);
        if (d.arrivals.size() == 2) {
            EXPECT_EQ(d.arrivals[1], d.arrivals[0] + kGap);
            ++duplicated;
        }
    }
    const double sigma = std::sqrt(kPackets * kP * (1.0 - kP));
    expectWithinFourSigma(duplicated, kPackets * kP, sigma);
}

TEST(LinkModel, DropSkipsLaterStages) {
    const Segment seg = makeSegment(kAck);
    LinkModel model;
    model.add(bernoulliLoss(1.0))
        .add(duplication(1.0))
        .add(scriptedFault({}, 1, FaultAction::Delay, 500));
    Rng rng(4);
    Rng expected = rng;
    for (int i = 0; i < 10; ++i) {
        const LinkDecision d = model.decide({seg, 1, false, 40}, i, rng);
        EXPECT_EQ(d.dropped, DropReason::Loss);
        EXPECT_TRUE(d.arrivals.empty());
    }
    expected.discard(10);  // only the loss stage drew
    EXPECT_EQ(rng, expected);

    // A stage after a drop does not see the packet: its match count does not advance.
    SegmentFilter syn_only;
    syn_only.flags_exact = kSyn;
    LinkModel faults;
    faults.add(scriptedFault(syn_only, 0, FaultAction::Drop))
        .add(scriptedFault({}, 1, FaultAction::Delay, 500));
    const Segment syn = makeSegment(kSyn);
    EXPECT_EQ(faults.decide({syn, 1, false, 40}, 0, rng).dropped, DropReason::Fault);
    EXPECT_EQ(times(faults.decide({seg, 2, false, 40}, 0, rng)), std::vector<TimeUs>{500});
    EXPECT_EQ(times(faults.decide({seg, 3, false, 40}, 0, rng)), std::vector<TimeUs>{0});
}

TEST(LinkModel, BandwidthSerialisesBackToBackPackets) {
    constexpr std::uint64_t kBps = 1'000'000;  // 1 Mbit/s
    constexpr std::size_t kWire = 1500;        // 12,000 bits
    constexpr TimeUs kSerialisation = 12'000;  // µs
    LinkModel model;
    model.add(bandwidthQueue(kBps, 100));
    Rng rng(1);
    const Rng before = rng;
    // Ten packets handed over at the same instant depart one serialisation time apart.
    const auto decisions = run(model, rng, 10, 5000, /*spacing=*/0, kWire);
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        ASSERT_FALSE(decisions[i].dropped.has_value());
        EXPECT_EQ(times(decisions[i]),
                  std::vector<TimeUs>{5000 + static_cast<TimeUs>(i + 1) * kSerialisation});
    }
    EXPECT_EQ(rng, before);

    // Once the link has drained, a packet only waits for its own serialisation.
    const Segment seg = makeSegment(kAck);
    const LinkDecision later = model.decide({seg, 11, false, kWire}, 1'000'000, rng);
    EXPECT_EQ(times(later), std::vector<TimeUs>{1'000'000 + kSerialisation});
}

TEST(LinkModel, BandwidthShiftsEveryArrivalAndRoundsUp) {
    const Segment seg = makeSegment(kAck);
    Rng rng(1);
    // 1 byte = 8 bits at 3 bit/s: 2.666… s, rounded up to whole microseconds.
    LinkModel slow;
    slow.add(bandwidthQueue(3, 10));
    EXPECT_EQ(times(slow.decide({seg, 1, false, 1}, 0, rng)), std::vector<TimeUs>{2'666'667});

    // Earlier stages' delays and copies are shifted by the queueing + serialisation time.
    LinkModel model;
    model.add(fixedDelay(100))
        .add(scriptedFault({}, 0, FaultAction::Duplicate, 50))
        .add(bandwidthQueue(8'000'000, 10));  // 1 byte per µs
    const LinkDecision d = model.decide({seg, 1, false, 1000}, 0, rng);
    EXPECT_EQ(times(d), (std::vector<TimeUs>{1100, 1150}));
}

TEST(LinkModel, BandwidthQueueDropsExactlyWhenFull) {
    constexpr std::uint64_t kBps = 1'000'000;
    constexpr std::size_t kWire = 1500;
    constexpr TimeUs kSerialisation = 12'000;
    constexpr std::size_t kLimit = 3;
    const Segment seg = makeSegment(kAck);
    LinkModel model;
    model.add(bandwidthQueue(kBps, kLimit));
    Rng rng(1);
    auto send = [&](TimeUs now) { return model.decide({seg, 1, false, kWire}, now, rng); };

    // At t=0: the first kLimit packets are accepted (one in service, the rest waiting) ...
    for (std::size_t i = 0; i < kLimit; ++i) {
        const LinkDecision d = send(0);
        ASSERT_FALSE(d.dropped.has_value()) << "packet " << i;
        EXPECT_EQ(times(d), std::vector<TimeUs>{static_cast<TimeUs>(i + 1) * kSerialisation});
    }
    // ... and the next one finds the queue full.
    LinkDecision full = send(0);
    EXPECT_EQ(full.dropped, DropReason::QueueFull);
    EXPECT_TRUE(full.arrivals.empty());
    // Still full just before the first packet has left ...
    EXPECT_EQ(send(kSerialisation - 1).dropped, DropReason::QueueFull);
    // ... and there is room for exactly one more as soon as it has.
    const LinkDecision accepted = send(kSerialisation);
    ASSERT_FALSE(accepted.dropped.has_value());
    EXPECT_EQ(times(accepted), std::vector<TimeUs>{4 * kSerialisation});
    EXPECT_EQ(send(kSerialisation).dropped, DropReason::QueueFull);
}

TEST(LinkModel, ZeroBandwidthMeansNoLimit) {
    const Segment seg = makeSegment(kAck);
    LinkModel model;
    model.add(bandwidthQueue(0, 0));
    Rng rng(1);
    for (int i = 0; i < 100; ++i) {
        const LinkDecision d = model.decide({seg, 1, false, 1500}, 42, rng);
        EXPECT_FALSE(d.dropped.has_value());
        EXPECT_EQ(times(d), std::vector<TimeUs>{42});
    }
}

TEST(LinkModel, SegmentFilterMatches) {
    const Segment syn = makeSegment(kSyn, 100);
    const Segment synack = makeSegment(kSyn | kAck, 300);
    const Segment ack = makeSegment(kAck, 101);
    const LinkPacket p_syn{syn, 1, false, 40};
    const LinkPacket p_synack{synack, 2, false, 40};
    const LinkPacket p_ack{ack, 3, false, 40};
    const LinkPacket p_ack_rtx{ack, 4, true, 40};

    const SegmentFilter any;
    EXPECT_TRUE(any.matches(p_syn));
    EXPECT_TRUE(any.matches(p_ack_rtx));

    SegmentFilter with_ack;
    with_ack.flags_set = kAck;
    EXPECT_FALSE(with_ack.matches(p_syn));
    EXPECT_TRUE(with_ack.matches(p_synack));
    EXPECT_TRUE(with_ack.matches(p_ack));

    SegmentFilter only_ack;
    only_ack.flags_exact = kAck;
    EXPECT_FALSE(only_ack.matches(p_synack));
    EXPECT_TRUE(only_ack.matches(p_ack));

    SegmentFilter seq;
    seq.seq = 300;
    EXPECT_TRUE(seq.matches(p_synack));
    EXPECT_FALSE(seq.matches(p_syn));

    SegmentFilter rtx;
    rtx.retransmission = true;
    EXPECT_TRUE(rtx.matches(p_ack_rtx));
    EXPECT_FALSE(rtx.matches(p_ack));
    rtx.retransmission = false;
    EXPECT_FALSE(rtx.matches(p_ack_rtx));
    EXPECT_TRUE(rtx.matches(p_ack));

    SegmentFilter all;
    all.flags_set = kAck;
    all.seq = 101;
    all.retransmission = true;
    EXPECT_TRUE(all.matches(p_ack_rtx));
    EXPECT_FALSE(all.matches(p_ack));
}

TEST(LinkModel, ScriptedFaultDropsExactlyTheNthMatch) {
    SegmentFilter filter;
    filter.flags_set = kAck;
    LinkModel model;
    model.add(fixedDelay(1000)).add(scriptedFault(filter, 2, FaultAction::Drop));
    Rng rng(1);
    const Segment syn = makeSegment(kSyn);
    const Segment synack = makeSegment(kSyn | kAck);
    const Segment ack = makeSegment(kAck);
    // SYN: not a match; SYN-ACK: match 1; SYN: not a match; ACK: match 2 (dropped); ACK: 3.
    const std::vector<const Segment*> sequence = {&syn, &synack, &syn, &ack, &ack, &synack};
    std::vector<bool> dropped;
    for (std::size_t i = 0; i < sequence.size(); ++i) {
        const LinkDecision d =
            model.decide({*sequence[i], i + 1, false, 40}, static_cast<TimeUs>(i), rng);
        dropped.push_back(d.dropped.has_value());
        if (d.dropped) {
            EXPECT_EQ(*d.dropped, DropReason::Fault);
        } else {
            EXPECT_EQ(times(d), std::vector<TimeUs>{static_cast<TimeUs>(i) + 1000});
        }
    }
    EXPECT_EQ(dropped, (std::vector<bool>{false, false, false, true, false, false}));
}

TEST(LinkModel, ScriptedFaultWithNthZeroHitsEveryMatch) {
    SegmentFilter filter;
    filter.flags_exact = kSyn;
    LinkModel model;
    model.add(scriptedFault(filter, 0, FaultAction::Drop));
    Rng rng(1);
    const Segment syn = makeSegment(kSyn);
    const Segment ack = makeSegment(kAck);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(model.decide({syn, 1, false, 40}, 0, rng).dropped, DropReason::Fault);
        EXPECT_FALSE(model.decide({ack, 2, false, 40}, 0, rng).dropped.has_value());
    }
}

TEST(LinkModel, ScriptedFaultDelayAndDuplicateAmounts) {
    const Segment ack = makeSegment(kAck);
    Rng rng(1);

    LinkModel delay;
    delay.add(fixedDelay(50'000)).add(scriptedFault({}, 3, FaultAction::Delay, 200'000));
    for (TimeUs i = 1; i <= 4; ++i) {
        const TimeUs extra = i == 3 ? 200'000 : 0;
        EXPECT_EQ(times(delay.decide({ack, 1, false, 40}, i, rng)),
                  std::vector<TimeUs>{i + 50'000 + extra})
            << "packet " << i;
    }

    LinkModel dup;
    dup.add(fixedDelay(50'000)).add(scriptedFault({}, 1, FaultAction::Duplicate, 7'000));
    EXPECT_EQ(times(dup.decide({ack, 1, false, 40}, 10, rng)),
              (std::vector<TimeUs>{50'010, 57'010}));
    EXPECT_EQ(times(dup.decide({ack, 2, false, 40}, 20, rng)), std::vector<TimeUs>{50'020});

    // Delay applies to every copy already made.
    LinkModel both;
    both.add(duplication(1.0, 10)).add(scriptedFault({}, 0, FaultAction::Delay, 1000));
    EXPECT_EQ(times(both.decide({ack, 1, false, 40}, 0, rng)), (std::vector<TimeUs>{1000, 1010}));
}

LinkModel everyRandomStage() {
    LinkModel m;
    m.add(fixedDelay(msToUs(20)))
        .add(jitter(msToUs(5)))
        .add(gilbertElliottLoss(0.02, 0.3, 0.01, 0.8))
        .add(bernoulliLoss(0.05))
        .add(duplication(0.05, 100))
        .add(bandwidthQueue(2'000'000, 8));
    return m;
}

std::vector<Outcome> outcomes(const std::vector<LinkDecision>& ds) {
    std::vector<Outcome> out;
    for (const LinkDecision& d : ds) out.push_back(outcome(d));
    return out;
}

TEST(LinkModel, SameSeedSameDecisionsDifferentSeedDifferent) {
    LinkModel a = everyRandomStage();
    LinkModel b = everyRandomStage();
    LinkModel c = everyRandomStage();
    Rng ra(123);
    Rng rb(123);
    Rng rc(124);
    const auto oa = outcomes(run(a, ra, 5000));
    const auto ob = outcomes(run(b, rb, 5000));
    const auto oc = outcomes(run(c, rc, 5000));
    EXPECT_EQ(oa, ob);
    EXPECT_NE(oa, oc);
}

TEST(LinkModel, CopyContinuesIdenticallyFromMidRunState) {
    LinkModel original = everyRandomStage();
    Rng rng(99);
    (void)run(original, rng, 3000);

    LinkModel copy(original);
    EXPECT_EQ(copy.stageCount(), original.stageCount());
    LinkModel assigned;
    assigned.add(fixedDelay(1));
    assigned = original;
    Rng rng_copy = rng;
    Rng rng_assigned = rng;

    const auto o1 = outcomes(run(original, rng, 3000, 3'000'000));
    const auto o2 = outcomes(run(copy, rng_copy, 3000, 3'000'000));
    const auto o3 = outcomes(run(assigned, rng_assigned, 3000, 3'000'000));
    EXPECT_EQ(o1, o2);
    EXPECT_EQ(o1, o3);
}

TEST(LinkModel, CopyCarriesGilbertElliottStateAndIsIndependent) {
    // Sticky chain, loses everything in Bad and nothing in Good: the state decides all.
    LinkModel original;
    original.add(gilbertElliottLoss(0.01, 0.01, 0.0, 1.0));
    Rng rng(7);
    const Segment seg = makeSegment(kAck);
    // Run until the chain is in Bad (the last packet was lost).
    int guard = 0;
    while (!original.decide({seg, 1, false, 40}, 0, rng).dropped) ASSERT_LT(++guard, 100'000);

    const LinkModel snapshot = original;  // deep copy, taken in the Bad state
    const Rng rng_snapshot = rng;

    // Advance the original a long way; the snapshot must not move with it.
    std::vector<Outcome> first;
    for (int i = 0; i < 500; ++i)
        first.push_back(outcome(original.decide({seg, 1, false, 40}, 0, rng)));

    LinkModel replay = snapshot;
    Rng rng_replay = rng_snapshot;
    std::vector<Outcome> second;
    for (int i = 0; i < 500; ++i)
        second.push_back(outcome(replay.decide({seg, 1, false, 40}, 0, rng_replay)));
    EXPECT_EQ(first, second);

    // A fresh chain (starting in Good) with the same random numbers behaves differently: the
    // copy really carried the Bad state over rather than starting afresh.
    LinkModel fresh;
    fresh.add(gilbertElliottLoss(0.01, 0.01, 0.0, 1.0));
    Rng rng_fresh = rng_snapshot;
    std::vector<Outcome> third;
    for (int i = 0; i < 500; ++i)
        third.push_back(outcome(fresh.decide({seg, 1, false, 40}, 0, rng_fresh)));
    EXPECT_NE(first, third);
}

TEST(LinkModel, CopyCarriesScriptedFaultCounter) {
    const Segment seg = makeSegment(kAck);
    LinkModel original;
    original.add(scriptedFault({}, 2, FaultAction::Drop));
    Rng rng(1);
    EXPECT_FALSE(original.decide({seg, 1, false, 40}, 0, rng).dropped.has_value());
    LinkModel copy = original;
    EXPECT_EQ(copy.decide({seg, 2, false, 40}, 0, rng).dropped, DropReason::Fault);
    EXPECT_EQ(original.decide({seg, 2, false, 40}, 0, rng).dropped, DropReason::Fault);
    EXPECT_FALSE(copy.decide({seg, 3, false, 40}, 0, rng).dropped.has_value());
}

TEST(LinkModel, SelfAssignmentAndMove) {
    LinkModel model = everyRandomStage();
    const std::size_t n = model.stageCount();
    LinkModel& alias = model;
    model = alias;
    EXPECT_EQ(model.stageCount(), n);
    LinkModel moved = std::move(model);
    EXPECT_EQ(moved.stageCount(), n);
    LinkModel target;
    target = std::move(moved);
    EXPECT_EQ(target.stageCount(), n);
    Rng rng(1);
    EXPECT_EQ(run(target, rng, 10).size(), 10U);
}

}  // namespace
}  // namespace tcpviz::core
