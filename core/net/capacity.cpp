#include "core/net/capacity.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tcpviz::core {

std::string_view capacityLimitName(CapacityLimit l) {
    switch (l) {
        case CapacityLimit::FourTuple: return "4-tuple";
        case CapacityLimit::ClientPorts: return "client ports";
        case CapacityLimit::Descriptors: return "descriptors";
        case CapacityLimit::Memory: return "memory";
    }
    return "";
}

Capacity capacityOf(const CapacityInput& in) {
    Capacity c;
    // Doubles: 2^48 times many sockets is beyond 64 bits, and a limit is a size, not a count.
    const double server_sockets = static_cast<double>(in.server_addresses) * static_cast<double>(in.server_ports);
    c.four_tuple = server_sockets * std::ldexp(1.0, 32) * std::ldexp(1.0, 16);
    // Each client (address, port) pair can be in one connection per server socket.
    c.client_ports = static_cast<double>(in.client_addresses) * static_cast<double>(in.client_ports) * server_sockets;
    // Each listening socket takes a descriptor in each process too.
    const double per_process = std::max(0.0, static_cast<double>(in.fd_limit) - static_cast<double>(in.server_ports) *
                                                                                static_cast<double>(in.server_addresses));
    c.descriptors = per_process * static_cast<double>(in.processes);
    c.memory = in.bytes_per_connection == 0 ? c.four_tuple
                                            : std::floor(static_cast<double>(in.memory_bytes) /
                                                         static_cast<double>(in.bytes_per_connection));
    const std::array<std::pair<double, CapacityLimit>, 4> all{{{c.four_tuple, CapacityLimit::FourTuple},
                                                               {c.client_ports, CapacityLimit::ClientPorts},
                                                               {c.descriptors, CapacityLimit::Descriptors},
                                                               {c.memory, CapacityLimit::Memory}}};
    const auto least = std::min_element(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    c.limit = least->first;
    c.binding = least->second;
    return c;
}

}  // namespace tcpviz::core
