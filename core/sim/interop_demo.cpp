#include "core/sim/interop_demo.h"

#include <optional>

#include "core/net/kernel_socket.h"
#include "core/net/tun.h"
#include "core/sim/live.h"

namespace tcpviz::core {

namespace {

constexpr std::uint32_t kEngine = kInteropEngineAddress;
constexpr std::uint32_t kKernel = kInteropKernelAddress;
constexpr std::uint16_t kEnginePort = 40000;
constexpr std::uint16_t kKernelPort = 8080;

std::string answerText() {
    std::string body;
    for (int line = 1; body.size() < 3000; ++line)
        body += "Line " + std::to_string(line) + " of the answer, sent by the Linux kernel's TCP.\n";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

struct Stopped {};

}  // namespace

InteropDemoResult runInteropDemo(const InteropDemoOptions& options) {
    InteropDemoResult result;
    if (std::string why = enterPrivateNetwork(); !why.empty()) {
        result.error = why;
        result.unavailable = true;
        return result;
    }
    std::optional<TunDevice> device;
    try {
        device.emplace("tcpviz0", kKernel, kEngine);
    } catch (const TunError& e) {
        result.error = e.what();
        result.unavailable = true;
        return result;
    }
    try {
        TunDevice& tun = *device;   // (made above: its failure is no failure of the demo)
        EndpointConfig config;
        config.address = kEngine;
        config.port = kEnginePort;
        config.peer_address = kKernel;
        config.peer_port = kKernelPort;
        config.tcp.mss = 1460;
        config.tcp.initial_window = 10;
        config.isn = {0x1D7A0000};

        using Clock = std::chrono::steady_clock;
        Clock::time_point last_update{};
        bool changed = false;
        LiveOptions live;
        live.on_frame = [&](const LiveFrame&) { changed = true; };
        LiveEndpoint engine(tun, config, std::move(live));
        const auto publish = [&](bool now) {
            if (!options.update || !changed) return;
            if (!now && Clock::now() - last_update < options.update_every) return;
            options.update(engine.pcapng());
            last_update = Clock::now();
            changed = false;
        };
        const auto stopped = [&] { return options.stop && options.stop->load(); };
        // Runs the engine until `done`, handing over what crossed meanwhile.
        const auto runUntil = [&](const std::function<bool()>& done, std::chrono::milliseconds limit,
                                  const char* what) {
            const bool ok = engine.run(
                [&] {
                    publish(false);
                    return stopped() || done();
                },
                limit);
            if (stopped()) throw Stopped{};
            if (!ok) throw TunError(std::string("the demo timed out ") + what);
        };
        const auto pause = [&] {
            const Clock::time_point until = Clock::now() + options.pace;
            runUntil([&] { return Clock::now() >= until; }, options.pace + std::chrono::seconds(1), "pausing");
        };

        KernelSocket listener = KernelSocket::listening(kKernel, kKernelPort);
        std::optional<KernelSocket> server;
        engine.connect();
        runUntil(
            [&] {
                if (!server) server = listener.accept();
                return server && engine.state() == State::Established;
            },
            std::chrono::seconds(10), "opening the connection");
        pause();

        const std::string request = "GET /index.html HTTP/1.1\r\nHost: 198.51.100.7\r\n\r\n";
        engine.send(Payload(std::vector<std::uint8_t>(request.begin(), request.end())));
        std::vector<std::uint8_t> got;
        runUntil(
            [&] {
                server->read(got);
                return got.size() >= request.size();
            },
            std::chrono::seconds(10), "sending the request");
        result.request.assign(got.begin(), got.end());
        pause();

        const std::string answer = answerText();
        std::size_t written = 0;
        runUntil(
            [&] {
                written += server->write(std::span(reinterpret_cast<const std::uint8_t*>(answer.data()), answer.size())
                                             .subspan(written));
                return engine.received().size() >= answer.size();
            },
            std::chrono::seconds(10), "sending the answer");
        result.answer.assign(engine.received().begin(), engine.received().end());
        pause();

        engine.close();
        bool eof = false;
        runUntil(
            [&] {
                if (!eof) eof = server->read(got) == KernelSocket::Read::End;
                return eof;
            },
            std::chrono::seconds(10), "closing");
        pause();
        server->close();
        runUntil([&] { return engine.state() == State::TimeWait; }, std::chrono::seconds(10),
                 "waiting for the kernel's FIN");
        changed = true;
        publish(true);
        result.pcapng = engine.pcapng();
        result.engine_states.push_back(State::Closed);
        for (const StateChange& c : engine.states()) result.engine_states.push_back(c.to);
    } catch (const TunError& e) {
        result.error = e.what();
    } catch (const Stopped&) {
        result.stopped = true;
    }
    return result;
}

}  // namespace tcpviz::core
