#pragma once
// A Linux TUN device: IPv4 packets the kernel routes to it are read here, and packets written
// here arrive at the kernel as if from a network (Documentation/networking/tuntap.rst). The
// interop runs (issue 17) put tcpviz's engine behind one, in a network namespace of their own,
// so that it talks TCP with the kernel's own stack and no packet leaves the machine.
//
// How others do it, read for this: packetdrill's netdev.c (a TUN device, its address set with
// ioctls), smoltcp's tap examples and lwIP's tapif.c (a TAP device polled for frames).
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace tcpviz::core {

// A step that could not be taken: what was tried and the system's reason ("cannot open
// /dev/net/tun: No such file or directory").
class TunError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Moves the calling thread (and the threads it starts from now on) into a network namespace
// of its own, with its loopback up: nothing it sends can reach another machine or another
// program's sockets. Needs CAP_SYS_ADMIN (root). Returns an empty string on success, otherwise
// why not ("unshare(CLONE_NEWNET): Operation not permitted").
std::string enterPrivateNetwork();

class TunDevice {
public:
    // Creates the device `name` (IFF_TUN, no packet information header), gives the kernel's
    // side the address `local` with `peer` at the other end of the point-to-point link (both
    // IPv4, host order), sets its MTU and brings it up. Throws TunError.
    TunDevice(const std::string& name, std::uint32_t local, std::uint32_t peer, int mtu = 1500);
    ~TunDevice();
    TunDevice(const TunDevice&) = delete;
    TunDevice& operator=(const TunDevice&) = delete;

    [[nodiscard]] int fd() const { return m_fd; }
    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] int mtu() const { return m_mtu; }
    // Waits at most `timeout_us` for a packet from the kernel and returns it, or nullopt when
    // none came. Throws TunError when the device fails.
    std::optional<std::vector<std::uint8_t>> read(std::int64_t timeout_us);
    // Hands a packet to the kernel. Throws TunError.
    void write(std::span<const std::uint8_t> packet);

private:
    int m_fd = -1;
    std::string m_name;
    int m_mtu = 1500;
};

}  // namespace tcpviz::core
