#pragma once
// What kind of file a path names, for the readers that refuse anything but a regular file: a
// FIFO would block their open for ever, a device such as /dev/zero would be read until memory
// ran out.
#include <optional>
#include <string>

namespace tcpviz::core {

// Why a file of this st_mode is not read: "it is a directory", "it is not a regular file (a FIFO)".
std::string notRegularFileText(unsigned mode);

// The same for a path that exists and is not a regular file; nothing for a regular file or a
// path that does not exist (opening it then says what is wrong).
std::optional<std::string> notRegularFile(const std::string& path);

}  // namespace tcpviz::core
