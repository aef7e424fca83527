#pragma once
// The kernel's own TCP, the peer of the interop runs (issue 17): a non-blocking IPv4 socket
// and the states /proc/net/tcp shows for the calling thread's network namespace.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/net/tun.h"
#include "core/tcp/segment.h"
#include "core/tcp/state.h"

namespace tcpviz::core {

class KernelSocket {
public:
    // A socket listening on address:port (SO_REUSEADDR, backlog 16). Throws TunError.
    static KernelSocket listening(std::uint32_t address, std::uint16_t port);
    // A socket bound to local:local_port, connecting to remote:remote_port (the connect is not
    // waited for: connected() says when it is done). Throws TunError.
    static KernelSocket connecting(std::uint32_t local, std::uint16_t local_port, std::uint32_t remote,
                                   std::uint16_t remote_port);

    KernelSocket(KernelSocket&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    KernelSocket& operator=(KernelSocket&& other) noexcept;
    KernelSocket(const KernelSocket&) = delete;
    KernelSocket& operator=(const KernelSocket&) = delete;
    ~KernelSocket();

    // A connection the listener has accepted, if one is waiting.
    std::optional<KernelSocket> accept();
    // Whether a connect has finished; its error (SO_ERROR) in `error`, 0 when it succeeded.
    bool connected(int& error);

    enum class Read : std::uint8_t { Data, Nothing, End, Failed };
    // What can be read now, appended to `into`; the error of a failed read in error().
    Read read(std::vector<std::uint8_t>& into);
    // Writes what the socket takes now of `bytes`; returns how many it took.
    std::size_t write(std::span<const std::uint8_t> bytes);
    void shutdownWrite();
    // Closes the socket: an orderly close (the kernel sends a FIN and finishes on its own).
    void close();
    // Closes with SO_LINGER 0: the kernel sends an RST and forgets the connection.
    void abort();
    [[nodiscard]] int error() const { return m_error; }
    [[nodiscard]] bool open() const { return m_fd >= 0; }
    // The retransmissions the kernel counted on this connection (TCP_INFO tcpi_total_retrans).
    [[nodiscard]] std::uint32_t retransmissions() const;

private:
    explicit KernelSocket(int fd) : m_fd(fd) {}
    int m_fd = -1;
    int m_error = 0;
};

// The state of the kernel's socket local:local_port ↔ remote:remote_port in /proc/net/tcp of
// the calling thread's namespace (TIME-WAIT and orphaned sockets included), or nullopt when the
// kernel holds no such connection any more (CLOSED).
std::optional<State> kernelState(std::uint32_t local, std::uint16_t local_port, std::uint32_t remote,
                                 std::uint16_t remote_port);

}  // namespace tcpviz::core
