#include "core/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <random>
#include <system_error>
#include <utility>

namespace tcpviz::core {
namespace {

std::string errnoText(int err) {
    return std::error_code(err, std::generic_category()).message();
}

bool isDiskFull(int err) {
    return err == ENOSPC || err == EDQUOT;
}

std::string reasonText(int err) {
    return isDiskFull(err) ? "the disk is full (" + errnoText(err) + ")" : errnoText(err);
}

// A symbolic link is written through: its target is replaced, and the link stays.
std::string fileToReplace(const std::string& path) {
    struct stat link {};
    if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return path;
    std::error_code ec;
    const std::filesystem::path target = std::filesystem::canonical(path, ec);
    return ec ? path : target.string();  // a dangling link is replaced by the file
}

// Opens a new file "<target>.tmp-xxxxxx" beside the target; -1 (and errno) if none can be made.
int createTemporaryBeside(const std::string& target, std::string& temp) {
    std::uint64_t seed =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
        static_cast<std::uint64_t>(::getpid());
    try {
        seed ^= std::random_device{}();
    } catch (const std::exception&) {
        // No entropy source: the clock and the process id will do.
    }
    std::mt19937_64 gen(seed);
    int fd = -1;
    for (int attempt = 0; attempt < 100; ++attempt) {
        char suffix[32];
        std::snprintf(suffix, sizeof suffix, ".tmp-%06x", static_cast<unsigned>(gen() & 0xFFFFFFu));
        temp = target + suffix;
        fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) break;
    }
    return fd;
}

// write(2) until every byte is written; false (and errno) on the first failure.
bool writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;  // no progress and no reason: not expected from a file
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// fsync(2), where the file system syncs at all: a few (FUSE, some network ones) say they cannot,
// which is not a failure to write.
bool syncToDisk(int fd) {
    if (::fsync(fd) == 0) return true;
    return errno == EINVAL || errno == ENOTSUP || errno == ENOSYS;
}

}  // namespace

FileWriteError::FileWriteError(std::string path, int error_number)
    : std::runtime_error("cannot write " + path + ": " + reasonText(error_number)),
      m_path(std::move(path)),
      m_errno(error_number) {}

bool FileWriteError::diskFull() const {
    return isDiskFull(m_errno);
}

std::string FileWriteError::systemText() const {
    return errnoText(m_errno);
}

std::string FileWriteError::reason() const {
    return reasonText(m_errno);
}

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    const std::string target = fileToReplace(path);
    std::string temp;
    int fd = createTemporaryBeside(target, temp);
    if (fd < 0) throw FileWriteError(path, errno);
    const auto abandon = [&](int err) {
        if (fd >= 0) ::close(fd);
        ::unlink(temp.c_str());
        return FileWriteError(path, err);
    };

    // An existing file keeps its permissions. Best effort: some file systems (FAT on a USB
    // stick) have none to keep and refuse, which must not stop the save.
    struct stat existing {};
    if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
        (void)::fchmod(fd, existing.st_mode & 07777);
    }

    if (!writeAll(fd, bytes) || !syncToDisk(fd)) throw abandon(errno);
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0) throw abandon(errno);
    if (::rename(temp.c_str(), target.c_str()) != 0) throw abandon(errno);
}

}  // namespace tcpviz::core
