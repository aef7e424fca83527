// A host's socket layer (issue 16): ephemeral ports and the 4-tuples TIME-WAIT keeps, the two
// queues of a listener and SYN cookies, the descriptor limit; Linux's defaults and rules
// (Documentation/networking/ip-sysctl.rst, tcp_conn_request, __inet_hash_connect).
#include "core/net/host.h"

#include <gtest/gtest.h>

#include <set>

namespace tcpviz::core {
namespace {

constexpr std::uint32_t kClient = 0xC0000201;   // 192.0.2.1
constexpr std::uint32_t kServer = 0xC6336407;   // 198.51.100.7
const SocketAddress kHttp{kServer, 80};

HostProfile plenty() {
    HostProfile p = HostProfile::ofLinux();
    p.fd_limit = 1'000'000;
    return p;
}

TEST(HostProfile, LinuxAndRfcDefaults) {
    const HostProfile linux_host = HostProfile::ofLinux();
    EXPECT_EQ(linux_host.ephemeralPorts(), 28'232u);   // 32768-60999
    EXPECT_EQ(linux_host.time_wait, 60'000'000);
    EXPECT_EQ(linux_host.somaxconn, 4096u);
    EXPECT_EQ(linux_host.syncookies, 1);
    EXPECT_EQ(linux_host.synack_retries, 5);
    const HostProfile rfc = HostProfile::ofRfc();
    EXPECT_EQ(rfc.time_wait, 240'000'000);   // 2MSL, MSL = 2 minutes
    EXPECT_EQ(rfc.syncookies, 0);
    EXPECT_EQ(rfc.fin_timeout, 0);
    EXPECT_TRUE(HostProfile::named("linux"));
    EXPECT_FALSE(HostProfile::named("bsd"));
}

// The time-wait-pileup arithmetic: short connections at 500/s, each closed by the client first
// so that it is the client that keeps TIME-WAIT for 60 s. The 28,232 ports to one server run out
// after 28,232 / 500 = 56.5 s, before the first TIME-WAIT ends, and the next connect() fails
// with EADDRNOTAVAIL; once TIME-WAITs expire, connects succeed again.
TEST(Host, ShortConnectionsExhaustTheEphemeralPortsToOneServer) {
    Host client({kClient}, plenty());
    constexpr TimeUs kEvery = 2'000;   // 500 connections a second
    constexpr TimeUs kLife = 5'000;    // from connect() to TIME-WAIT
    std::set<std::uint16_t> ports;
    TimeUs now = 0;
    std::optional<TimeUs> failed_at;
    for (int k = 0; k < 40'000 && !failed_at; ++k, now += kEvery) {
        client.expireTimeWait(now);
        const Host::Connected c = client.connect(kClient, kHttp, now);
        if (!c.tuple) {
            EXPECT_EQ(c.error, SocketError::AddressNotAvailable);
            failed_at = now;
            break;
        }
        ports.insert(c.tuple->local.port);
        EXPECT_GE(c.tuple->local.port, 32768);
        EXPECT_LE(c.tuple->local.port, 60999);
        client.timeWait(*c.tuple, now + kLife);   // the client closed first
    }
    ASSERT_TRUE(failed_at);
    EXPECT_EQ(ports.size(), 28'232u);
    EXPECT_EQ(client.timeWaitCount(), 28'232u);
    const double predicted = 28'232.0 / 500.0;   // seconds
    EXPECT_NEAR(static_cast<double>(*failed_at) / 1e6, predicted, 0.05 * predicted);
    // Another server (or port) has its own 4-tuples: the same local ports serve it.
    EXPECT_TRUE(client.connect(kClient, {kServer, 443}, *failed_at).tuple);
    // When the first TIME-WAIT ends (60 s after it began), its port is free again.
    EXPECT_FALSE(client.connect(kClient, kHttp, 60'000'000).tuple);
    EXPECT_TRUE(client.connect(kClient, kHttp, 60'000'000 + kLife).tuple);
}

// tw_reuse lets a connect take over a TIME-WAIT 4-tuple, but only after a second there.
TEST(Host, TwReuseTakesOverATimeWaitTupleAfterASecond) {
    HostProfile p = plenty();
    p.port_low = 40000;
    p.port_high = 40000;   // one port: the choice is forced
    p.tw_reuse = true;
    Host client({kClient}, p);
    const auto first = client.connect(kClient, kHttp, 0);
    ASSERT_TRUE(first.tuple);
    client.timeWait(*first.tuple, 1000);
    EXPECT_EQ(client.connect(kClient, kHttp, 500'000).error, SocketError::AddressNotAvailable);
    const auto again = client.connect(kClient, kHttp, 1'001'000);
    ASSERT_TRUE(again.tuple);
    EXPECT_TRUE(again.reused_time_wait);
    EXPECT_EQ(client.timeWaitCount(), 0u);
    // Without tw_reuse the port stays taken for the whole of TIME-WAIT.
    p.tw_reuse = false;
    Host strict({kClient}, p);
    strict.timeWait(*strict.connect(kClient, kHttp, 0).tuple, 1000);
    EXPECT_FALSE(strict.connect(kClient, kHttp, 59'000'000).tuple);
    EXPECT_TRUE(strict.connect(kClient, kHttp, 60'001'000).tuple);
}

// A SYN flood: without cookies the SYN queue fills and a legitimate SYN is dropped; with
// cookies (Linux's default, tcp_syncookies = 1) it gets a cookie and its handshake completes
// although no request was kept.
TEST(Host, ASynFloodFillsTheSynQueueUnlessCookiesAreSent) {
    for (const std::uint8_t cookies : {0, 1}) {
        HostProfile p = plenty();
        p.syncookies = cookies;
        p.max_syn_backlog = 128;
        Host server({kServer}, p);
        const std::size_t l = *server.listen(80, 128).listener;
        // Spoofed sources that never answer.
        for (std::uint16_t port = 1; port <= 500; ++port) server.synArrived(l, {0x0A000001, port}, 0);
        const SocketAddress legit{kClient, 50000};
        const SynVerdict v = server.synArrived(l, legit, 1000);
        if (cookies == 0) {
            // Without cookies, requests stop once fewer than a quarter of tcp_max_syn_backlog
            // would be left: 97 of 128.
            EXPECT_EQ(server.synQueueLength(l), 97u);
            EXPECT_EQ(v, SynVerdict::DropSynQueueFull);
            EXPECT_EQ(server.handshakeAcked(l, legit, false), AckVerdict::NoRequest);
        } else {
            EXPECT_EQ(server.synQueueLength(l), 128u);   // the backlog
            EXPECT_EQ(v, SynVerdict::Cookie);
            EXPECT_EQ(server.handshakeAcked(l, legit, true), AckVerdict::Accepted);
            const auto a = server.accept(l);
            ASSERT_TRUE(a.tuple);
            EXPECT_EQ(a.tuple->remote, legit);
        }
    }
}

// A slow accept(): the accept queue holds backlog + 1 connections (sk_acceptq_is_full is
// "more than"); then new SYNs are dropped and a completing handshake's ACK is ignored, or reset
// with tcp_abort_on_overflow.
TEST(Host, AFullAcceptQueueDropsSynsAndIgnoresOrResetsTheLastAck) {
    for (const bool abort : {false, true}) {
        HostProfile p = plenty();
        p.abort_on_overflow = abort;
        Host server({kServer}, p);
        const std::size_t l = *server.listen(80, 4).listener;
        for (std::uint16_t port = 1; port <= 5; ++port) {
            ASSERT_EQ(server.synArrived(l, {kClient, port}, 0), SynVerdict::Queued);
            ASSERT_EQ(server.handshakeAcked(l, {kClient, port}, false), AckVerdict::Accepted);
        }
        EXPECT_EQ(server.acceptQueueLength(l), 5u);
        EXPECT_EQ(server.synArrived(l, {kClient, 6}, 0), SynVerdict::DropAcceptFull);
        // Handshakes under way when the queue fills: their ACKs find no room.
        Host late({kServer}, p);
        const std::size_t m = *late.listen(80, 2).listener;
        const auto handshake = [&](std::uint16_t port) {
            EXPECT_EQ(late.synArrived(m, {kClient, port}, 0), SynVerdict::Queued) << port;
            return late.handshakeAcked(m, {kClient, port}, false);
        };
        ASSERT_EQ(handshake(1), AckVerdict::Accepted);
        ASSERT_EQ(handshake(2), AckVerdict::Accepted);
        ASSERT_EQ(late.synArrived(m, {kClient, 3}, 0), SynVerdict::Queued);
        ASSERT_EQ(late.synArrived(m, {kClient, 4}, 0), SynVerdict::Queued);
        ASSERT_EQ(late.handshakeAcked(m, {kClient, 3}, false), AckVerdict::Accepted);   // the third of 2 + 1
        EXPECT_EQ(late.handshakeAcked(m, {kClient, 4}, false), abort ? AckVerdict::Reset : AckVerdict::Ignored);
        EXPECT_EQ(late.synQueueLength(m), abort ? 0u : 1u);   // ignored: the request waits on
        // accept() makes room, and the client's retransmitted ACK gets in.
        ASSERT_TRUE(late.accept(m).tuple);
        if (!abort) {
            EXPECT_EQ(late.handshakeAcked(m, {kClient, 4}, false), AckVerdict::Accepted);
        }
    }
}

// The backlog a program asks for is capped at somaxconn.
TEST(Host, TheBacklogIsCappedAtSomaxconn) {
    Host server({kServer}, plenty());
    EXPECT_EQ(server.backlog(*server.listen(80, 100'000).listener), 4096u);
    EXPECT_EQ(server.listen(80, 10).error, SocketError::AddressInUse);
}

// A server that never calls close(): every accepted connection keeps its descriptor (in
// CLOSE-WAIT once the client has gone), until accept() fails with EMFILE.
TEST(Host, AServerThatNeverClosesRunsOutOfDescriptors) {
    HostProfile p = HostProfile::ofLinux();   // ulimit -n 1024
    Host server({kServer}, p);
    const std::size_t l = *server.listen(80, 4096).listener;
    std::size_t accepted = 0;
    for (std::uint16_t port = 1; port <= 2000; ++port) {
        server.synArrived(l, {kClient, port}, 0);
        server.handshakeAcked(l, {kClient, port}, false);
        const auto a = server.accept(l);
        if (!a.tuple) {
            EXPECT_EQ(a.error, SocketError::TooManyFiles);
            break;
        }
        ++accepted;
    }
    EXPECT_EQ(accepted, 1023u);   // the listening socket holds one of the 1024
    EXPECT_EQ(server.descriptors(), 1024u);
    // Closing one (the fix is in the program, not in a kernel setting) lets the next one in.
    server.closeDescriptor(FourTuple{{kServer, 80}, {kClient, 1}});
    EXPECT_TRUE(server.accept(l).tuple);
}

// A server restarted while its old connections wait in TIME-WAIT (it closed them first): its
// listen() on the same port fails with EADDRINUSE, as bind() does on Linux, unless the program
// sets SO_REUSEADDR; another listener on the port is refused either way.
TEST(Host, ARestartedServerNeedsReuseAddressWhileItsOldConnectionsWaitInTimeWait) {
    Host server({kServer}, plenty());
    const std::size_t l = *server.listen(80, 511).listener;
    const FourTuple t{{kServer, 80}, {kClient, 40000}};
    ASSERT_EQ(server.synArrived(l, t.remote, 0), SynVerdict::Queued);
    ASSERT_EQ(server.handshakeAcked(l, t.remote, false), AckVerdict::Accepted);
    ASSERT_EQ(server.accept(l).tuple, t);
    EXPECT_EQ(server.listen(80, 511, true).error, SocketError::AddressInUse);   // still listening
    server.timeWait(t, 1'000'000);   // the server closed first
    server.closeListener(l);         // and its process exited
    EXPECT_EQ(server.timeWaitCount(), 1u);
    EXPECT_EQ(server.listen(80, 511).error, SocketError::AddressInUse);
    const Host::Listening again = server.listen(80, 511, true);
    ASSERT_TRUE(again.listener);
    // Once TIME-WAIT is over, no option is needed.
    Host later({kServer}, plenty());
    const std::size_t l2 = *later.listen(80, 511).listener;
    later.synArrived(l2, t.remote, 0);
    later.handshakeAcked(l2, t.remote, false);
    ASSERT_TRUE(later.accept(l2).tuple);
    later.timeWait(t, 0);
    later.closeListener(l2);
    EXPECT_EQ(later.expireTimeWait(later.profile().time_wait), 1u);
    EXPECT_TRUE(later.listen(80, 511).listener);
}

}  // namespace
}  // namespace tcpviz::core
