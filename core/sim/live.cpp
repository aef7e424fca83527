#include "core/sim/live.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "core/capture/pcapng_writer.h"
#include "core/net/packet.h"

namespace tcpviz::core {

LiveEndpoint::LiveEndpoint(TunDevice& tun, EndpointConfig config, LiveOptions options)
    : m_tun(tun), m_endpoint(std::move(config)), m_options(std::move(options)),
      m_start(std::chrono::steady_clock::now()),
      m_epoch_us(std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count()) {}

TimeUs LiveEndpoint::now() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_start).count();
}

void LiveEndpoint::listen() {
    m_endpoint.listen(now(), m_actions);
    apply(m_actions);
}
void LiveEndpoint::connect() {
    m_endpoint.connect(now(), m_actions);
    apply(m_actions);
}
void LiveEndpoint::send(const Payload& data) {
    m_endpoint.send(data, now(), m_actions);
    apply(m_actions);
}
void LiveEndpoint::close() {
    m_endpoint.close(now(), m_actions);
    apply(m_actions);
}
void LiveEndpoint::abort() {
    m_endpoint.abort(now(), m_actions);
    apply(m_actions);
}

void LiveEndpoint::keep(bool from_engine, bool dropped, std::vector<std::uint8_t> packet) {
    m_frames.push_back({m_epoch_us + now(), from_engine, dropped, std::move(packet)});
    if (m_options.on_frame) m_options.on_frame(m_frames.back());
}

void LiveEndpoint::apply(Actions& actions) {
    for (Action& a : actions.list) {
        if (auto* s = std::get_if<StateChange>(&a)) {
            m_states.push_back(*s);
        } else if (auto* n = std::get_if<NoticeAction>(&a)) {
            m_notices.push_back(n->notice);
        } else if (auto* d = std::get_if<DeliverAction>(&a)) {
            d->data.appendTo(m_received);
        } else if (auto* send = std::get_if<SendAction>(&a)) {
            ++m_sent[static_cast<std::size_t>(send->reason)];
            const Segment& seg = send->segment;
            const std::uint64_t data = seg.payload.empty() ? 0 : ++m_data_segments[0];
            const bool drop = m_options.drop && m_options.drop(true, seg, data);
            const std::vector<std::uint8_t> tcp = serialize(seg);
            std::vector<std::uint8_t> packet;
            packet.reserve(20 + tcp.size());
            const EndpointConfig& c = m_endpoint.config();
            appendIpv4Header(packet, tcp.size(), m_ip_id++, c.address, c.peer_address);
            packet.insert(packet.end(), tcp.begin(), tcp.end());
            if (!drop) m_tun.write(packet);
            keep(true, drop, std::move(packet));
        }
    }
    actions.clear();
}

bool LiveEndpoint::ours(std::uint32_t src, std::uint32_t dst, std::span<const std::uint8_t> tcp) const {
    const EndpointConfig& c = m_endpoint.config();
    return src == c.peer_address && dst == c.address && tcp.size() >= 20;
}

void LiveEndpoint::arrive(std::vector<std::uint8_t> packet) {
    const auto ip = ipv4TcpOf(packet);
    // The kernel also sends what a new interface sends (IPv6 router solicitations and the
    // like): only TCP between the two addresses is the connection's.
    if (!ip || !ours(ip->src, ip->dst, ip->tcp)) return;
    bool drop = false;
    if (m_options.drop) {
        const auto parsed = parseUnchecked(ip->tcp);
        if (const auto* seg = std::get_if<Segment>(&parsed)) {
            const std::uint64_t data = seg->payload.empty() ? 0 : ++m_data_segments[1];
            drop = m_options.drop(false, *seg, data);
        }
    }
    const std::vector<std::uint8_t> tcp(ip->tcp.begin(), ip->tcp.end());
    keep(false, drop, std::move(packet));
    if (drop) return;
    m_endpoint.onWire(tcp, now(), m_actions);
    apply(m_actions);
}

bool LiveEndpoint::run(const std::function<bool()>& step, std::chrono::milliseconds timeout) {
    const TimeUs end = now() + std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
    constexpr TimeUs kStepEvery = 1000;   // µs: how long the other side may wait for `step`
    for (;;) {
        if (step()) return true;
        const TimeUs t = now();
        if (t >= end) return false;
        if (const auto due = m_endpoint.pollAt(); due && *due <= t) {
            m_endpoint.onTimers(t, m_actions);
            apply(m_actions);
            continue;
        }
        TimeUs wait = std::min(kStepEvery, end - t);
        if (const auto due = m_endpoint.pollAt()) wait = std::min(wait, std::max<TimeUs>(0, *due - t));
        if (auto packet = m_tun.read(wait)) arrive(std::move(*packet));
    }
}

std::string LiveEndpoint::pcapng() const {
    const EndpointConfig& c = m_endpoint.config();
    const auto end = [](std::uint32_t address, std::uint16_t port) {
        return ipv4ToString(address) + ":" + std::to_string(port);
    };
    const std::string engine = "tcpviz " + end(c.address, c.port);
    const std::string kernel = "Linux " + end(c.peer_address, c.peer_port);
    std::size_t estimate = 512;
    for (const LiveFrame& f : m_frames) estimate += 64 + f.packet.size();
    PcapngBuilder out("tcpviz's engine against the Linux kernel, on TUN device " + m_tun.name(), estimate);
    out.addInterface(m_tun.name() + " (tcpviz)", "segments sent by " + engine + " to " + kernel);
    out.addInterface(m_tun.name() + " (Linux)", "segments sent by " + kernel + " to " + engine);
    for (const LiveFrame& f : m_frames)
        out.addPacket(f.from_engine ? 0 : 1, static_cast<std::uint64_t>(f.time_us), f.packet,
                      f.dropped ? "dropped at the TUN device: loss injected" : "");
    return out.take();
}

}  // namespace tcpviz::core
