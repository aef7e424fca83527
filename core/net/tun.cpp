#include "core/net/tun.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tcpviz::core {

namespace {

std::string failure(const std::string& what, int err) { return what + ": " + std::strerror(err); }

// A socket to configure interfaces with (SIOCSIF* ioctls want one), closed on return.
class ControlSocket {
public:
    ControlSocket() : m_fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
        if (m_fd < 0) throw TunError(failure("cannot open a socket to configure interfaces", errno));
    }
    ~ControlSocket() { ::close(m_fd); }
    ControlSocket(const ControlSocket&) = delete;
    ControlSocket& operator=(const ControlSocket&) = delete;
    void ioctl(unsigned long request, ifreq& ifr, const char* what) const {
        if (::ioctl(m_fd, request, &ifr) != 0)
            throw TunError(failure(std::string(what) + " of " + ifr.ifr_name, errno));
    }

private:
    int m_fd;
};

ifreq requestFor(const std::string& name) {
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    return ifr;
}

void setAddress(ifreq& ifr, std::uint32_t address) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(address);
    std::memcpy(&ifr.ifr_addr, &sin, sizeof sin);
}

void bringUp(const ControlSocket& s, ifreq ifr) {
    s.ioctl(SIOCGIFFLAGS, ifr, "SIOCGIFFLAGS");
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
    s.ioctl(SIOCSIFFLAGS, ifr, "SIOCSIFFLAGS");
}

}  // namespace

std::string enterPrivateNetwork() {
    if (::unshare(CLONE_NEWNET) != 0) return failure("unshare(CLONE_NEWNET)", errno);
    try {
        bringUp(ControlSocket(), requestFor("lo"));
    } catch (const TunError& e) {
        return e.what();
    }
    return {};
}

TunDevice::TunDevice(const std::string& name, std::uint32_t local, std::uint32_t peer, int mtu)
    : m_name(name), m_mtu(mtu) {
    m_fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (m_fd < 0) throw TunError(failure("cannot open /dev/net/tun", errno));
    try {
        ifreq ifr = requestFor(name);
        ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
        if (::ioctl(m_fd, TUNSETIFF, &ifr) != 0) throw TunError(failure("TUNSETIFF " + name, errno));
        m_name = ifr.ifr_name;

        const ControlSocket s;
        ifreq req = requestFor(m_name);
        setAddress(req, local);
        s.ioctl(SIOCSIFADDR, req, "SIOCSIFADDR");
        req = requestFor(m_name);
        setAddress(req, peer);
        s.ioctl(SIOCSIFDSTADDR, req, "SIOCSIFDSTADDR");   // a route to the peer, through the device
        req = requestFor(m_name);
        setAddress(req, 0xFFFFFFFFu);
        s.ioctl(SIOCSIFNETMASK, req, "SIOCSIFNETMASK");
        req = requestFor(m_name);
        req.ifr_mtu = mtu;
        s.ioctl(SIOCSIFMTU, req, "SIOCSIFMTU");
        bringUp(s, requestFor(m_name));
    } catch (...) {
        ::close(m_fd);
        throw;
    }
}

TunDevice::~TunDevice() {
    if (m_fd >= 0) ::close(m_fd);
}

std::optional<std::vector<std::uint8_t>> TunDevice::read(std::int64_t timeout_us) {
    std::vector<std::uint8_t> packet(static_cast<std::size_t>(m_mtu) + 64);
    for (;;) {
        const ssize_t n = ::read(m_fd, packet.data(), packet.size());
        if (n >= 0) {
            packet.resize(static_cast<std::size_t>(n));
            return packet;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN) throw TunError(failure("cannot read from " + m_name, errno));
        if (timeout_us < 0) return std::nullopt;
        pollfd p{m_fd, POLLIN, 0};
        // poll() counts in milliseconds: round up, so a wait of 300 µs is not a busy loop.
        const int ms = static_cast<int>((timeout_us + 999) / 1000);
        const int r = ::poll(&p, 1, ms);
        if (r < 0 && errno != EINTR) throw TunError(failure("cannot poll " + m_name, errno));
        timeout_us = -1;   // one wait; then read what came, if anything
        if (r == 0) return std::nullopt;
    }
}

void TunDevice::write(std::span<const std::uint8_t> packet) {
    for (;;) {
        const ssize_t n = ::write(m_fd, packet.data(), packet.size());
        if (n == static_cast<ssize_t>(packet.size())) return;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) {
            pollfd p{m_fd, POLLOUT, 0};
            ::poll(&p, 1, 10);
            continue;
        }
        throw TunError(failure("cannot write to " + m_name, n < 0 ? errno : EIO));
    }
}

}  // namespace tcpviz::core
