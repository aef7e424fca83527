#include "core/scenario/host_scenario.h"

#include <algorithm>

namespace tcpviz::core {

std::vector<HostSpec> defaultHosts() {
    std::vector<HostSpec> hosts(2);
    hosts[0].info = {"client", 0xC0000201};   // 192.0.2.1
    hosts[1].info = {"server", 0xC6336407};   // 198.51.100.7
    return hosts;
}

std::optional<HostId> HostRun::hostNamed(const std::string& name) const {
    for (std::size_t h = 0; h < hosts.size(); ++h)
        if (hosts[h].info.name == name) return static_cast<HostId>(h);
    return std::nullopt;
}

const ServerProgram* HostRun::serverAt(HostId host, std::uint16_t port, bool udp) const {
    const auto it = std::find_if(servers.begin(), servers.end(), [&](const ServerProgram& s) {
        return s.host == host && s.port == port && (s.http == HttpVersion::Http3) == udp;
    });
    return it == servers.end() ? nullptr : &*it;
}

bool HostRun::busy(HostId host) const {
    return std::any_of(clients.begin(), clients.end(), [&](const ClientProgram& c) { return c.host == host; }) ||
           std::any_of(servers.begin(), servers.end(), [&](const ServerProgram& s) { return s.host == host; }) ||
           std::any_of(floods.begin(), floods.end(), [&](const SynFlood& f) { return f.target == host; });
}

HostId HostRun::firstClientHost() const {
    if (!clients.empty()) return clients.front().host;
    const HostId server = firstServerHost();
    for (std::size_t h = 0; h < hosts.size(); ++h)
        if (h != server) return static_cast<HostId>(h);
    return 0;
}

const LinkDirection& HostRun::directionBetween(HostId from, HostId to, bool from_client) const {
    const LinkDirection* dir = &link[from_client ? 0 : 1];
    for (const HostLink& l : links) {
        if (l.a == from && l.b == to) dir = &l.dir[0];
        else if (l.b == from && l.a == to) dir = &l.dir[1];
    }
    return *dir;
}

const LinkDirection& HostRun::starHop(HostId host, bool up) const {
    const LinkDirection* dir = &link[0];
    for (const StarLink& l : star_links)
        if (l.host == host) dir = &l.dir[up ? 0 : 1];
    return *dir;
}

HostId HostRun::firstServerHost() const {
    if (!clients.empty()) return clients.front().server;
    return servers.empty() ? HostId{0} : servers.front().host;
}

}  // namespace tcpviz::core
