// tcpviz's engine against the Linux kernel's TCP (issue 17), on a TUN device in a network
// namespace of each test's own: nothing leaves the namespace. Every case runs in both roles,
// the engine as the client of a kernel server and the kernel as the client of the engine.
//
// Each test checks what both stacks did three ways: the engine's own states and bytes; the
// kernel's sockets (their bytes, their errors, their states in /proc/net/tcp); and the frames
// that crossed the device, written as a pcapng and read back with tcpviz's capture reader,
// whose inferred states must agree with both stacks and whose checksums must verify.
//
// Needs root (CAP_SYS_ADMIN for unshare, CAP_NET_ADMIN for the device): otherwise every test is
// skipped with the reason, and ctest counts it as skipped, not failed.
#include <gtest/gtest.h>
#include <net/if.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/capture/analysis.h"
#include "core/capture/capture.h"
#include "core/capture/capture_trace.h"
#include "core/capture/infer.h"
#include "core/net/kernel_socket.h"
#include "core/net/tun.h"
#include "core/sim/interop_demo.h"
#include "core/sim/live.h"

namespace tcpviz::core {

// Failures name the states.
void PrintTo(State s, std::ostream* os) { *os << stateName(s); }

namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t kEngine = kInteropEngineAddress;   // 192.0.2.1
constexpr std::uint32_t kKernel = kInteropKernelAddress;   // 198.51.100.7
constexpr std::uint16_t kEnginePort = 50000;
constexpr std::uint16_t kKernelPort = 8080;

enum class Role { EngineClient, KernelClient };

std::string roleName(const ::testing::TestParamInfo<Role>& info) {
    return info.param == Role::EngineClient ? "EngineClient" : "KernelClient";
}

std::vector<std::uint8_t> randomBytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::uint8_t> out(n);
    for (auto& b : out) b = static_cast<std::uint8_t>(rng());
    return out;
}

// Whether `got` holds exactly bytes [0, n) of the generated stream `s`.
bool isStream(const std::vector<std::uint8_t>& got, Stream s, std::size_t n) {
    if (got.size() != n) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (got[i] != streamByte(s, i)) return false;
    return true;
}

std::vector<State> statesOf(const std::vector<StateChange>& changes, State initial) {
    std::vector<State> out{initial};
    for (const StateChange& c : changes) out.push_back(c.to);
    return out;
}

class InteropTest : public ::testing::TestWithParam<Role> {
protected:
    void SetUp() override {
        const std::string why = enterPrivateNetwork();
        if (!why.empty()) GTEST_SKIP() << "the interop cases need root and network namespaces: " << why;
        try {
            m_tun = std::make_unique<TunDevice>("tcpviz0", kKernel, kEngine);
        } catch (const TunError& e) {
            GTEST_SKIP() << "the interop cases need a TUN device: " << e.what();
        }
    }

    [[nodiscard]] bool engineClient() const { return GetParam() == Role::EngineClient; }

    LiveEndpoint& engine(LiveOptions options = {}) {
        if (!m_engine) {
            EndpointConfig c;
            c.address = kEngine;
            c.port = kEnginePort;
            c.peer_address = kKernel;
            c.peer_port = kKernelPort;
            c.tcp.mss = 1460;                // the device's MTU of 1500, less 40
            c.tcp.window = 256 * 1024;       // scaled (RFC 7323), as the kernel's is
            c.tcp.initial_window = 10;       // RFC 6928, as Linux
            c.isn = {0x1D7A0000};
            m_engine = std::make_unique<LiveEndpoint>(*m_tun, c, std::move(options));
        }
        return *m_engine;
    }

    // Opens the connection in the test's role: the kernel listens and the engine connects, or
    // the engine listens and the kernel connects. `kernel` is then the kernel's connection.
    void open() {
        LiveEndpoint& e = engine();
        if (engineClient()) {
            m_listener = std::make_unique<KernelSocket>(KernelSocket::listening(kKernel, kKernelPort));
            e.connect();
            ASSERT_TRUE(e.run(
                [&] {
                    if (!kernel) kernel = m_listener->accept();
                    return kernel && e.state() == State::Established;
                },
                5s))
                << "engine in " << stateName(e.state());
        } else {
            e.listen();
            kernel = KernelSocket::connecting(kKernel, kKernelPort, kEngine, kEnginePort);
            int error = -1;
            ASSERT_TRUE(e.run([&] { return kernel->connected(error) && e.state() == State::Established; }, 5s))
                << "engine in " << stateName(e.state());
            ASSERT_EQ(error, 0) << std::strerror(error);
        }
    }

    // The kernel's side of the connection in /proc/net/tcp.
    [[nodiscard]] std::optional<State> kernelSide() const {
        return kernelState(kKernel, kKernelPort, kEngine, kEnginePort);
    }

    // The capture of the frames that crossed the device, read back; also written where
    // TCPVIZ_INTEROP_CAPTURES says, for a person to open.
    struct Recorded {
        std::string bytes;
        Capture capture;
        InferredStates inferred;
        Trace trace;
        std::vector<SegmentAnalysis> analysis;
        std::vector<State> engine_states, kernel_states;   // as inferred, from the first
    };
    Recorded recorded() {
        Recorded r;
        r.bytes = engine().pcapng();
        if (const char* dir = std::getenv("TCPVIZ_INTEROP_CAPTURES")) {
            const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
            std::string name = std::string(info->test_suite_name()) + "." + info->name();
            std::replace(name.begin(), name.end(), '/', '-');
            std::ofstream(std::string(dir) + "/" + name + ".pcapng", std::ios::binary) << r.bytes;
        }
        r.capture = readCaptureBytes(r.bytes, "interop.pcapng");
        if (r.capture.connections.empty()) return r;
        r.inferred = inferStates(r.capture, 0);
        r.trace = traceOfCapture(r.capture, 0, &r.bytes);
        r.analysis = analyzeCapture(r.capture);
        // The connection's `a` is the side whose SYN came first: the client.
        const int engine_side = engineClient() ? 0 : 1;
        for (int side : {0, 1}) {
            std::vector<State>& out = side == engine_side ? r.engine_states : r.kernel_states;
            out.push_back(r.inferred.initial[static_cast<std::size_t>(side)]);
            for (const InferredChange& c : r.inferred.changes)
                if (c.side == side) out.push_back(c.to);
        }
        return r;
    }

    // What every case checks of its capture: one connection, every segment's checksum
    // verified (the kernel's as it sent them through the device, the engine's as it wrote
    // them), the engine's states as the engine itself went through them, and the kernel's as
    // `kernel_states` says (from the diagram), ending where /proc/net/tcp has the socket.
    Recorded checkCapture(const std::vector<State>& kernel_states) {
        Recorded r = recorded();
        EXPECT_EQ(r.capture.connections.size(), 1u);
        if (r.capture.connections.empty()) return r;
        EXPECT_FALSE(r.trace.capture->segments.empty());
        for (std::size_t i = 0; i < r.trace.capture->segments.size(); ++i)
            EXPECT_EQ(r.trace.capture->segments[i].checksum, ChecksumCheck::Good) << "segment " << i + 1;
        // The engine's own path; a capture shows nothing of a LISTEN call, so a listening
        // engine's path starts in LISTEN.
        std::vector<StateChange> changes = engine().states();
        State first = State::Closed;
        if (!changes.empty() && changes.front().to == State::Listen) {
            first = State::Listen;
            changes.erase(changes.begin());
        }
        EXPECT_EQ(r.engine_states, statesOf(changes, first));
        EXPECT_EQ(r.kernel_states, kernel_states);
        EXPECT_EQ(r.inferred.unexplained, 0u);
        EXPECT_EQ(kernelSide().value_or(State::Closed), r.kernel_states.back())
            << "the kernel's socket is " << stateName(kernelSide().value_or(State::Closed));
        return r;
    }

    // The kernel's states in a connection it opened (as the client) or accepted.
    [[nodiscard]] std::vector<State> kernelOpened() const {
        return engineClient() ? std::vector<State>{State::Listen, State::SynReceived, State::Established}
                              : std::vector<State>{State::Closed, State::SynSent, State::Established};
    }

    std::unique_ptr<TunDevice> m_tun;
    std::unique_ptr<LiveEndpoint> m_engine;
    std::unique_ptr<KernelSocket> m_listener;
    std::optional<KernelSocket> kernel;
};

TEST_P(InteropTest, Handshake) {
    ASSERT_NO_FATAL_FAILURE(open());
    EXPECT_EQ(kernelSide(), State::Established);
    const Recorded r = checkCapture(kernelOpened());
    // Three segments: SYN, SYN,ACK and ACK. Both offered a window scale, so both use one.
    ASSERT_EQ(r.capture.segments.size(), 3u);
    EXPECT_EQ(r.capture.segments[0].flags, 0x02);
    EXPECT_EQ(r.capture.segments[1].flags, 0x12);
    EXPECT_EQ(r.capture.segments[2].flags, 0x10);
    EXPECT_GE(r.trace.capture->window_scale[0], 0);
    EXPECT_GE(r.trace.capture->window_scale[1], 0);
    EXPECT_EQ(engine().endpoint().tcb().snd_wscale, r.trace.capture->window_scale[engineClient() ? 1 : 0]);
}

// The client closes first, the server after it; the closing parts of both sides' paths.
std::vector<State> closedFirst() { return {State::FinWait1, State::FinWait2, State::TimeWait}; }
std::vector<State> closedSecond() { return {State::CloseWait, State::LastAck, State::Closed}; }

std::vector<State> joined(std::vector<State> a, const std::vector<State>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// 1 MB each way at once, the engine's bytes from its generated stream and the kernel's random;
// then the client closes first. `options` injects loss.
void transferMegabyteEachWay(InteropTest& t, LiveEndpoint& e, KernelSocket& k, std::vector<std::uint8_t>& got) {
    constexpr std::size_t kMegabyte = 1 << 20;
    const std::vector<std::uint8_t> sent = randomBytes(kMegabyte, 17);
    e.send(Payload::generated(Stream::ClientText, 0, kMegabyte));
    std::size_t written = 0;
    ASSERT_TRUE(e.run(
        [&] {
            written += k.write(std::span(sent).subspan(written));
            EXPECT_NE(k.read(got), KernelSocket::Read::Failed) << std::strerror(k.error());
            return written == sent.size() && got.size() == kMegabyte && e.received().size() == kMegabyte;
        },
        20s))
        << "the engine got " << e.received().size() << " bytes, the kernel " << got.size() << "; the kernel took "
        << written;
    EXPECT_TRUE(isStream(got, Stream::ClientText, kMegabyte)) << "the kernel read other bytes than the engine sent";
    EXPECT_TRUE(e.received() == sent) << "the engine read other bytes than the kernel sent";
    (void)t;
}

TEST_P(InteropTest, OneMegabyteEachWay) {
    ASSERT_NO_FATAL_FAILURE(open());
    std::vector<std::uint8_t> got;
    ASSERT_NO_FATAL_FAILURE(transferMegabyteEachWay(*this, engine(), *kernel, got));
    // No loss: nothing was sent again.
    EXPECT_EQ(engine().sent(SendReason::Retransmission) + engine().sent(SendReason::FastRetransmit), 0u);
    EXPECT_EQ(kernel->retransmissions(), 0u);
    const Recorded r = checkCapture(kernelOpened());
    EXPECT_GT(r.capture.segments.size(), 2u * (1 << 20) / 1460);
}

// Runs until `done`, failing the test if the time runs out.
#define RUN_UNTIL(e, done)                                                                            \
    ASSERT_TRUE((e).run([&] { return (done); }, 10s))                                                 \
        << "timed out with the engine in " << stateName((e).state()) << ", the kernel's socket in "  \
        << stateName(kernelSide().value_or(State::Closed))

// The client closes its sending side and the server sends 64 kB after the FIN has reached it,
// then closes too (RFC 9293 §3.6: a half-closed connection still carries data the other way).
TEST_P(InteropTest, HalfCloseWithDataAfterTheFin) {
    ASSERT_NO_FATAL_FAILURE(open());
    LiveEndpoint& e = engine();
    const std::vector<std::uint8_t> after = randomBytes(64 * 1024, 5);
    std::vector<std::uint8_t> got;
    if (engineClient()) {
        e.close();
        std::size_t written = 0;
        bool eof = false;
        RUN_UNTIL(e, [&] {
            if (!eof) eof = kernel->read(got) == KernelSocket::Read::End;
            if (eof && written < after.size()) {
                written += kernel->write(std::span(after).subspan(written));
                if (written == after.size()) kernel->shutdownWrite();
            }
            return e.state() == State::TimeWait;
        }());
        EXPECT_TRUE(got.empty());
        EXPECT_TRUE(e.received() == after) << "the engine got " << e.received().size() << " bytes after its FIN";
        EXPECT_EQ(statesOf(e.states(), State::Closed),
                  joined({State::Closed, State::SynSent, State::Established}, closedFirst()));
        checkCapture(joined(kernelOpened(), closedSecond()));
    } else {
        kernel->shutdownWrite();
        bool sent = false, eof = false;
        RUN_UNTIL(e, [&] {
            if (!sent && e.state() == State::CloseWait) {
                e.send(Payload(after));
                e.close();
                sent = true;
            }
            if (!eof) eof = kernel->read(got) == KernelSocket::Read::End;
            return eof && e.state() == State::Closed;
        }());
        EXPECT_TRUE(got == after) << "the kernel got " << got.size() << " bytes after its FIN";
        checkCapture(joined(kernelOpened(), closedFirst()));
    }
}

// The client aborts: an RST, and the other side's connection is reset.
TEST_P(InteropTest, Abort) {
    ASSERT_NO_FATAL_FAILURE(open());
    LiveEndpoint& e = engine();
    std::vector<std::uint8_t> got;
    if (engineClient()) {
        e.abort();
        KernelSocket::Read read = KernelSocket::Read::Nothing;
        RUN_UNTIL(e, (read = kernel->read(got)) == KernelSocket::Read::Failed);
        EXPECT_EQ(kernel->error(), ECONNRESET) << std::strerror(kernel->error());
        EXPECT_EQ(e.state(), State::Closed);
    } else {
        kernel->abort();
        RUN_UNTIL(e, e.state() == State::Closed);
        EXPECT_NE(std::find(e.notices().begin(), e.notices().end(), Notice::ConnectionReset), e.notices().end());
    }
    checkCapture(joined(kernelOpened(), {State::Closed}));
}

// A connect to a port nobody listens on draws an RST (RFC 9293 §3.10.7.1): the engine's from
// the kernel, the kernel's from the engine.
TEST_P(InteropTest, ConnectionRefused) {
    LiveEndpoint& e = engine();
    if (engineClient()) {
        e.connect();
        RUN_UNTIL(e, e.state() == State::Closed);
        EXPECT_NE(std::find(e.notices().begin(), e.notices().end(), Notice::ConnectionRefused), e.notices().end());
        checkCapture({State::Closed});
    } else {
        KernelSocket k = KernelSocket::connecting(kKernel, kKernelPort, kEngine, kEnginePort);
        int error = 0;
        RUN_UNTIL(e, k.connected(error));
        EXPECT_EQ(error, ECONNREFUSED) << std::strerror(error);
        EXPECT_TRUE(e.states().empty());
        checkCapture({State::Closed, State::SynSent, State::Closed});
    }
}

// The engine closes first: it goes through FIN-WAIT to TIME-WAIT, the kernel through
// CLOSE-WAIT and LAST-ACK, in either role.
TEST_P(InteropTest, EngineClosesFirst) {
    ASSERT_NO_FATAL_FAILURE(open());
    LiveEndpoint& e = engine();
    e.close();
    std::vector<std::uint8_t> got;
    RUN_UNTIL(e, [&] {
        if (kernel->open() && kernel->read(got) == KernelSocket::Read::End) kernel->close();
        return !kernel->open() && e.state() == State::TimeWait && kernelSide().value_or(State::Closed) == State::Closed;
    }());
    EXPECT_EQ(e.states().back().to, State::TimeWait);
    checkCapture(joined(kernelOpened(), closedSecond()));
}

// The kernel closes first: it ends in TIME-WAIT, the engine in CLOSED after LAST-ACK.
TEST_P(InteropTest, KernelClosesFirst) {
    ASSERT_NO_FATAL_FAILURE(open());
    LiveEndpoint& e = engine();
    kernel->close();
    bool closed = false;
    RUN_UNTIL(e, [&] {
        if (!closed && e.state() == State::CloseWait) {
            e.close();
            closed = true;
        }
        return e.state() == State::Closed && kernelSide() == State::TimeWait;
    }());
    const std::vector<StateChange>& s = e.states();
    ASSERT_GE(s.size(), 3u);
    EXPECT_EQ(s[s.size() - 3].to, State::CloseWait);
    EXPECT_EQ(s[s.size() - 2].to, State::LastAck);
    EXPECT_EQ(s.back().to, State::Closed);
    checkCapture(joined(kernelOpened(), closedFirst()));
}

// 1 MB each way with the 40th data segment of each direction dropped at the device. Three
// duplicate ACKs bring each lost segment again before any timeout (RFC 5681 §3.2): the
// engine's fast retransmit, and the kernel's, which its own counter and Wireshark's analysis
// of the capture both see.
TEST_P(InteropTest, LossRepairedByFastRetransmitOnBothSides) {
    LiveOptions loss;
    loss.drop = [](bool, const Segment&, std::uint64_t data_segment) { return data_segment == 40; };
    engine(std::move(loss));
    ASSERT_NO_FATAL_FAILURE(open());
    std::vector<std::uint8_t> got;
    ASSERT_NO_FATAL_FAILURE(transferMegabyteEachWay(*this, engine(), *kernel, got));
    EXPECT_GE(engine().sent(SendReason::FastRetransmit), 1u);
    EXPECT_EQ(engine().sent(SendReason::Retransmission), 0u) << "the engine waited for a timeout";
    EXPECT_GE(kernel->retransmissions(), 1u);

    const Recorded r = checkCapture(kernelOpened());
    const std::uint8_t engine_from_b = engineClient() ? 0 : 1;
    std::array<int, 2> fast{0, 0};   // fast retransmissions marked, by sender: engine, kernel
    std::array<int, 2> dropped{0, 0};
    for (std::size_t i = 0; i < r.capture.segments.size(); ++i) {
        const bool by_engine = r.capture.segments[i].from_b == engine_from_b;
        if (r.analysis[i].marks & kFastRetransmission) ++fast[by_engine ? 0 : 1];
    }
    for (const LiveFrame& f : engine().frames())
        if (f.dropped) ++dropped[f.from_engine ? 0 : 1];
    EXPECT_EQ(dropped, (std::array<int, 2>{1, 1}));
    EXPECT_GE(fast[0], 1) << "no fast retransmission of the engine's in the capture";
    EXPECT_GE(fast[1], 1) << "no fast retransmission of the kernel's in the capture";
}

// `tcpviz --interop-demo`'s script, unpaced: a request and its answer, then the engine closes
// first; what the window draws is the capture it hands over.
TEST(InteropDemoTest, RunsItsScriptAgainstTheKernel) {
    if (::geteuid() != 0) GTEST_SKIP() << "the interop demo needs root";
    InteropDemoOptions options;
    options.pace = std::chrono::milliseconds(0);
    int updates = 0;
    std::string last;
    options.update = [&](const std::string& pcapng) {
        ++updates;
        last = pcapng;
    };
    // On a thread of its own, as the window runs it: the namespace is that thread's.
    InteropDemoResult r;
    std::thread([&] { r = runInteropDemo(options); }).join();
    if (r.unavailable) GTEST_SKIP() << r.error;
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.request.rfind("GET /index.html HTTP/1.1\r\n", 0), 0u) << r.request;
    EXPECT_EQ(r.answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
    EXPECT_GT(r.answer.size(), 3000u);
    // The kernel closes as soon as it has read the engine's FIN, so its ACK of that FIN may come
    // with its own FIN: FIN-WAIT-1 then goes straight to TIME-WAIT (RFC 9293 §3.10.7.4).
    ASSERT_GE(r.engine_states.size(), 5u);
    EXPECT_EQ(std::vector<State>(r.engine_states.begin(), r.engine_states.begin() + 4),
              (std::vector<State>{State::Closed, State::SynSent, State::Established, State::FinWait1}));
    EXPECT_EQ(r.engine_states.back(), State::TimeWait);
    EXPECT_GE(updates, 1);
    EXPECT_EQ(last, r.pcapng);   // the last update is the whole capture
    const Capture c = readCaptureBytes(r.pcapng, "interop-demo.pcapng");
    ASSERT_EQ(c.connections.size(), 1u);
    const InferredStates s = inferStates(c, 0);
    EXPECT_EQ(s.last(0), State::TimeWait);
    EXPECT_EQ(s.last(1), State::Closed);
    // The calling thread kept its own namespace: no device named tcpviz0 here.
    EXPECT_EQ(::if_nametoindex("tcpviz0"), 0u);
}

INSTANTIATE_TEST_SUITE_P(BothRoles, InteropTest, ::testing::Values(Role::EngineClient, Role::KernelClient), roleName);

}  // namespace
}  // namespace tcpviz::core
