#include "core/net/kernel_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tcpviz::core {

namespace {

std::string failure(const std::string& what, int err) { return what + ": " + std::strerror(err); }

sockaddr_in addressOf(std::uint32_t address, std::uint16_t port) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(address);
    sin.sin_port = htons(port);
    return sin;
}

int newSocket() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) throw TunError(failure("cannot open a TCP socket", errno));
    return fd;
}

void bindTo(int fd, std::uint32_t address, std::uint16_t port) {
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const sockaddr_in sin = addressOf(address, port);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&sin), sizeof sin) != 0) {
        const int err = errno;
        ::close(fd);
        throw TunError(failure("cannot bind " + ipv4ToString(address) + ":" + std::to_string(port), err));
    }
}

// /proc/net/tcp's "st" column (include/net/tcp_states.h) as RFC 9293's states.
std::optional<State> stateOfLinux(int st) {
    switch (st) {
        case 1: return State::Established;
        case 2: return State::SynSent;
        case 3: return State::SynReceived;
        case 4: return State::FinWait1;
        case 5: return State::FinWait2;
        case 6: return State::TimeWait;
        case 7: return State::Closed;
        case 8: return State::CloseWait;
        case 9: return State::LastAck;
        case 10: return State::Listen;
        case 11: return State::Closing;
        default: return std::nullopt;
    }
}

}  // namespace

KernelSocket& KernelSocket::operator=(KernelSocket&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = other.m_fd;
        m_error = other.m_error;
        other.m_fd = -1;
    }
    return *this;
}

KernelSocket::~KernelSocket() {
    if (m_fd >= 0) ::close(m_fd);
}

KernelSocket KernelSocket::listening(std::uint32_t address, std::uint16_t port) {
    const int fd = newSocket();
    bindTo(fd, address, port);
    if (::listen(fd, 16) != 0) {
        const int err = errno;
        ::close(fd);
        throw TunError(failure("cannot listen on port " + std::to_string(port), err));
    }
    return KernelSocket(fd);
}

KernelSocket KernelSocket::connecting(std::uint32_t local, std::uint16_t local_port, std::uint32_t remote,
                                      std::uint16_t remote_port) {
    const int fd = newSocket();
    bindTo(fd, local, local_port);
    const sockaddr_in sin = addressOf(remote, remote_port);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&sin), sizeof sin) != 0 && errno != EINPROGRESS) {
        const int err = errno;
        ::close(fd);
        throw TunError(failure("cannot connect to " + ipv4ToString(remote) + ":" + std::to_string(remote_port), err));
    }
    return KernelSocket(fd);
}

std::optional<KernelSocket> KernelSocket::accept() {
    const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return std::nullopt;
    return KernelSocket(fd);
}

bool KernelSocket::connected(int& error) {
    pollfd p{m_fd, POLLOUT, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    socklen_t len = sizeof error;
    error = 0;
    ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &len);
    return true;
}

KernelSocket::Read KernelSocket::read(std::vector<std::uint8_t>& into) {
    std::uint8_t buffer[65536];
    bool any = false;
    for (;;) {
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            into.insert(into.end(), buffer, buffer + n);
            any = true;
            continue;
        }
        if (n == 0) return any ? Read::Data : Read::End;
        if (errno == EINTR) continue;
        if (errno == EAGAIN) return any ? Read::Data : Read::Nothing;
        m_error = errno;
        return Read::Failed;
    }
}

std::size_t KernelSocket::write(std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) m_error = errno;
        break;
    }
    return done;
}

void KernelSocket::shutdownWrite() { ::shutdown(m_fd, SHUT_WR); }

void KernelSocket::close() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
}

void KernelSocket::abort() {
    const linger l{1, 0};
    ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close();
}

std::uint32_t KernelSocket::retransmissions() const {
    tcp_info info{};
    socklen_t len = sizeof info;
    if (::getsockopt(m_fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return 0;
    return info.tcpi_total_retrans;
}

std::optional<State> kernelState(std::uint32_t local, std::uint16_t local_port, std::uint32_t remote,
                                 std::uint16_t remote_port) {
    // The table of the calling thread's namespace (thread-self: the live demo runs on a thread
    // of its own). A line reads "  0: 07643AC6:1F90 010200C0:C350 01 ..." (get_tcp4_sock in
    // net/ipv4/tcp_ipv4.c): each address is the network-order word printed as a number.
    std::ifstream in("/proc/thread-self/net/tcp");
    std::string line;
    std::getline(in, line);   // the heading
    while (std::getline(in, line)) {
        unsigned slot = 0, la = 0, lp = 0, ra = 0, rp = 0, st = 0;
        if (std::sscanf(line.c_str(), " %u: %8X:%4X %8X:%4X %2X", &slot, &la, &lp, &ra, &rp, &st) != 6) continue;
        if (ntohl(la) == local && lp == local_port && ntohl(ra) == remote && rp == remote_port)
            return stateOfLinux(static_cast<int>(st));
    }
    return std::nullopt;
}

}  // namespace tcpviz::core
