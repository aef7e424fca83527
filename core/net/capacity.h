#pragma once
// How many TCP connections a server can hold (issue 16, the max-connections lesson): the
// 4-tuple arithmetic, and the limits that bind long before it. A connection is named by its
// 4-tuple (RFC 9293 §3.1: the two sockets, address and port each), so one listening address and
// port can be part of at most 2^32 client addresses × 2^16 client ports = 2^48 connections; what
// stops a real server is its descriptors, its memory, and on the client's side the ephemeral
// ports towards one server socket.
#include <cstdint>
#include <string_view>

namespace tcpviz::core {

struct CapacityInput {
    // The server: how many addresses and ports it listens on.
    std::uint64_t server_addresses = 1;
    std::uint64_t server_ports = 1;
    // The clients: how many addresses they connect from, and each one's ephemeral ports
    // (net.ipv4.ip_local_port_range: 28,232 on Linux).
    std::uint64_t client_addresses = 1;
    std::uint64_t client_ports = 28'232;
    // Descriptors: the server process's `ulimit -n`, and how many such processes serve.
    std::uint64_t fd_limit = 1'024;
    std::uint64_t processes = 1;
    // Memory for sockets, and what one idle connection costs the kernel (an assumption to set:
    // measure it with slabtop, TCP and sock_inode_cache, on the machine at hand).
    std::uint64_t memory_bytes = 4ull << 30;
    std::uint64_t bytes_per_connection = 4'096;
};

enum class CapacityLimit : std::uint8_t { FourTuple, ClientPorts, Descriptors, Memory };
std::string_view capacityLimitName(CapacityLimit l);   // "4-tuple", "client ports", ...

struct Capacity {
    double four_tuple = 0;    // distinct 4-tuples to the server's sockets (2^48 per socket)
    double client_ports = 0;  // what the clients' addresses and ephemeral ports allow
    double descriptors = 0;   // fd_limit × processes (each connection takes one; a listener too)
    double memory = 0;        // memory_bytes / bytes_per_connection
    double limit = 0;         // the smallest of them ...
    CapacityLimit binding = CapacityLimit::FourTuple;   // ... and which one it is
};

Capacity capacityOf(const CapacityInput& in);

}  // namespace tcpviz::core
