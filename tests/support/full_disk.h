#pragma once
// A real full disk for tests of what tcpviz does when a file cannot be written (issue 15): a
// 64 KiB tmpfs mounted on a fresh directory, which fill() then fills to its last byte. The
// kernel, not a test double, says ENOSPC. Unmounted and removed again by the destructor.
//
// Mounting needs root, or else a user and mount namespace of our own (what `unshare -rm`
// does), tried when plain mount(2) is refused; that works only while the process runs one
// thread. When neither works, mounted() is false and whyNot() says why, for the test to skip
// with. No test framework here: core tests (GoogleTest) and ui and command-line tests (QtTest)
// all use it.
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

namespace tcpviz_test {

class FullDisk {
public:
    FullDisk() {
        std::string dir = "/tmp/tcpviz-full-disk-XXXXXX";
        if (!::mkdtemp(dir.data())) {
            m_why = "cannot create a directory to mount a small file system on: " + text(errno);
            return;
        }
        m_dir = dir;
        if (mountSmallTmpfs()) return;
        const int refused = errno;
        m_why = "cannot mount a 64 KiB tmpfs on " + m_dir + " to fill: mount: " + text(refused);
        if (refused == EPERM) {
            std::string why;
            if (enterOwnNamespaces(why)) {
                if (mountSmallTmpfs()) return;
                why = "in a user namespace of its own, mount: " + text(errno);
            }
            m_why += "; " + why;
        }
        m_why += " (run the test as root, or under `unshare -rm`)";
    }
    ~FullDisk() {
        if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
        if (!m_dir.empty()) ::rmdir(m_dir.c_str());
    }
    FullDisk(const FullDisk&) = delete;
    FullDisk& operator=(const FullDisk&) = delete;

    [[nodiscard]] bool mounted() const { return m_mounted; }
    [[nodiscard]] const std::string& whyNot() const { return m_why; }
    [[nodiscard]] const std::string& dir() const { return m_dir; }
    [[nodiscard]] std::string path(const std::string& name) const { return m_dir + "/" + name; }

    // Writes "filler" until the file system has no byte left; false if it never said ENOSPC.
    bool fill() const {
        const int fd =
            ::open(path(kFiller).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0) return false;
        const std::vector<char> block(4096, 'x');
        std::size_t size = block.size();  // whole blocks, then single bytes into the last one
        int err = 0;
        while (err == 0) {
            const ssize_t n = ::write(fd, block.data(), size);
            if (n > 0 || (n < 0 && errno == EINTR)) continue;
            if (n < 0 && errno == ENOSPC && size > 1) {
                size = 1;
                continue;
            }
            err = n == 0 ? EIO : errno;
        }
        return ::close(fd) == 0 && err == ENOSPC;
    }
    static constexpr const char* kFiller = "filler";

private:
    static std::string text(int err) {
        return std::error_code(err, std::generic_category()).message();
    }

    bool mountSmallTmpfs() {
        if (::mount("tcpviz-full-disk", m_dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    "size=64k,mode=0700") != 0)
            return false;
        m_mounted = true;
        return true;
    }

    // Root of a user namespace of our own, mapped to our own uid and gid, in a mount namespace
    // of our own. The test process (and the programs it starts) stays there: they see the same
    // files as before.
    static bool enterOwnNamespaces(std::string& why) {
        const uid_t uid = ::geteuid();
        const gid_t gid = ::getegid();
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
            const int err = errno;
            why = "unshare: " + text(err) +
                  (err == EINVAL ? " (the process already runs threads)" : "");
            return false;
        }
        const auto put = [&why](const char* file, const std::string& line) {
            const int fd = ::open(file, O_WRONLY | O_CLOEXEC);
            const bool ok = fd >= 0 && ::write(fd, line.data(), line.size()) ==
                                           static_cast<ssize_t>(line.size());
            if (!ok) why = std::string("cannot write ") + file + ": " + text(errno);
            if (fd >= 0) ::close(fd);
            return ok;
        };
        if (!put("/proc/self/setgroups", "deny") ||
            !put("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
            !put("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
            return false;
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
            why = "cannot make the mounts private: " + text(errno);
            return false;
        }
        return true;
    }

    std::string m_dir;
    std::string m_why;
    bool m_mounted = false;
};

}  // namespace tcpviz_test
