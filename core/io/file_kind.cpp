#include "core/io/file_kind.h"

#include <sys/stat.h>

namespace tcpviz::core {

std::string notRegularFileText(unsigned mode) {
    if (S_ISDIR(mode)) return "it is a directory";
    const char* kind = S_ISFIFO(mode)   ? "a FIFO"
                       : S_ISCHR(mode)  ? "a character device"
                       : S_ISBLK(mode)  ? "a block device"
                       : S_ISSOCK(mode) ? "a socket"
                                        : "of an unknown kind";
    return std::string("it is not a regular file (") + kind + ")";
}

std::optional<std::string> notRegularFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) return std::nullopt;
    return notRegularFileText(st.st_mode);
}

}  // namespace tcpviz::core
