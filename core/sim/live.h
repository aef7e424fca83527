#pragma once
// tcpviz's engine as a real TCP (issue 17): one core::Endpoint driven by the clock, its
// segments written to a TUN device as IPv4 packets, the kernel's read from it. Nothing of the
// engine changes: the loop here does what core::Simulator does with a link model, with a real
// network stack at the other end.
//
// Every frame that crosses the device is kept, as the engine's side of it sees it, and can be
// written as a pcapng that tcpviz and Wireshark open: interface 0 carries what the engine sent,
// interface 1 what the kernel sent. Loss is injected at the device, in either direction, so
// that both stacks' loss recovery runs; a dropped frame stays in the capture with a comment.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/net/tun.h"
#include "core/tcp/endpoint.h"

namespace tcpviz::core {

// The addresses of the interop runs (RFC 5737's documentation networks): TEST-NET-1 for the
// engine, TEST-NET-2 for the kernel's side of the device.
inline constexpr std::uint32_t kInteropEngineAddress = 0xC0000201;   // 192.0.2.1
inline constexpr std::uint32_t kInteropKernelAddress = 0xC6336407;   // 198.51.100.7

// One frame at the device.
struct LiveFrame {
    std::int64_t time_us = 0;           // µs since 1970
    bool from_engine = false;
    bool dropped = false;               // loss injected: its receiver never saw it
    std::vector<std::uint8_t> packet;   // the IPv4 packet
};

struct LiveOptions {
    // Loss at the device: asked of every segment of the connection, with its direction and its
    // number among that direction's segments that carry data (from 1; 0 for one that carries
    // none). True drops it.
    std::function<bool(bool from_engine, const Segment& segment, std::uint64_t data_segment)> drop;
    // Told of every frame as it is kept (the live demo draws from it).
    std::function<void(const LiveFrame&)> on_frame;
};

class LiveEndpoint {
public:
    // The engine at `config.address:config.port`, talking to `config.peer_address:peer_port`
    // through `tun`, whose kernel side is the peer.
    LiveEndpoint(TunDevice& tun, EndpointConfig config, LiveOptions options = {});

    // The user calls, now.
    void listen();
    void connect();
    void send(const Payload& data);
    void close();
    void abort();

    // Runs the engine on the clock until `step` returns true or `timeout` passes: each packet
    // from the device is an arrival, each segment the engine sends is written to it, and its
    // timers fire when due. `step` is called before the first input, after every input and at
    // least once a millisecond; it does the other side's part (non-blocking calls on the
    // kernel's sockets) and says when the run is over. Returns whether it was over in time.
    bool run(const std::function<bool()>& step, std::chrono::milliseconds timeout);

    [[nodiscard]] const Endpoint& endpoint() const { return m_endpoint; }
    [[nodiscard]] State state() const { return m_endpoint.state(); }
    [[nodiscard]] const std::vector<StateChange>& states() const { return m_states; }
    [[nodiscard]] const std::vector<Notice>& notices() const { return m_notices; }
    [[nodiscard]] const std::vector<std::uint8_t>& received() const { return m_received; }
    [[nodiscard]] std::uint32_t sent(SendReason reason) const { return m_sent[static_cast<std::size_t>(reason)]; }
    [[nodiscard]] const std::vector<LiveFrame>& frames() const { return m_frames; }
    // The frames as a pcapng file's bytes.
    [[nodiscard]] std::string pcapng() const;
    // The engine's clock: µs since the endpoint was made.
    [[nodiscard]] TimeUs now() const;

private:
    void apply(Actions& actions);
    void arrive(std::vector<std::uint8_t> packet);
    bool ours(std::uint32_t src, std::uint32_t dst, std::span<const std::uint8_t> tcp) const;
    void keep(bool from_engine, bool dropped, std::vector<std::uint8_t> packet);

    TunDevice& m_tun;
    Endpoint m_endpoint;
    LiveOptions m_options;
    std::chrono::steady_clock::time_point m_start;
    std::int64_t m_epoch_us = 0;   // the wall clock at m_start
    Actions m_actions;
    std::vector<StateChange> m_states;
    std::vector<Notice> m_notices;
    std::vector<std::uint8_t> m_received;
    std::array<std::uint32_t, 16> m_sent{};
    std::vector<LiveFrame> m_frames;
    std::array<std::uint64_t, 2> m_data_segments{};   // by direction: 0 from the engine
    std::uint16_t m_ip_id = 0;
};

}  // namespace tcpviz::core
