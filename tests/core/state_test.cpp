#include "core/tcp/state.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace tcpviz::core;

TEST(StateNames, AreRfc9293Spellings) {
    EXPECT_EQ(stateName(State::SynReceived), "SYN-RECEIVED");
    EXPECT_EQ(stateName(State::FinWait1), "FIN-WAIT-1");
    EXPECT_EQ(stateName(State::TimeWait), "TIME-WAIT");
    EXPECT_EQ(textbookStateName(State::SynReceived), "SYN_RCVD");
    EXPECT_EQ(textbookStateName(State::CloseWait), "CLOSE_WAIT");
}

TEST(StateNames, RoundTripInBothSpellingsAndAreDistinct) {
    std::set<std::string_view> seen;
    for (State s : kAllStates) {
        EXPECT_EQ(stateFromName(stateName(s)), s);
        EXPECT_EQ(stateFromName(textbookStateName(s)), s);
        EXPECT_TRUE(seen.insert(stateName(s)).second) << stateName(s);
    }
    EXPECT_EQ(seen.size(), kStateCount);
    EXPECT_FALSE(stateFromName("ESTABLISH").has_value());
}

TEST(StateNames, SynchronizedStatesAreThoseAfterTheHandshake) {
    // RFC 9293 §3.10.7.4: ESTABLISHED and every state after it are synchronized.
    EXPECT_FALSE(isSynchronized(State::Closed));
    EXPECT_FALSE(isSynchronized(State::Listen));
    EXPECT_FALSE(isSynchronized(State::SynSent));
    EXPECT_FALSE(isSynchronized(State::SynReceived));
    for (State s : {State::Established, State::FinWait1, State::FinWait2, State::CloseWait,
                    State::Closing, State::LastAck, State::TimeWait})
        EXPECT_TRUE(isSynchronized(s)) << stateName(s);
}

TEST(CauseNames, RoundTripAndAreDistinct) {
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < kCauseCount; ++i) {
        const auto c = static_cast<Cause>(i);
        EXPECT_EQ(causeFromName(causeName(c)), c);
        EXPECT_TRUE(seen.insert(causeName(c)).second) << causeName(c);
    }
    EXPECT_EQ(causeName(Cause::Timeout2Msl), "Timeout=2MSL");
    EXPECT_FALSE(causeFromName("rcv nothing").has_value());
}
