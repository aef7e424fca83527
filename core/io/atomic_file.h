#pragma once
// The one way tcpviz writes a file: saved lessons, trace and DOT exports, PNG, SVG and PDF
// pictures. All of the new bytes or, on any failure, none: the file that was there keeps its
// bytes, and no temporary file is left beside it.
#include <stdexcept>
#include <string>
#include <string_view>

namespace tcpviz::core {

// A file that could not be written. what(): "cannot write /home/t/lesson.json: the disk is full
// (No space left on device)".
class FileWriteError : public std::runtime_error {
public:
    FileWriteError(std::string path, int error_number);
    const std::string& path() const { return m_path; }
    int errorNumber() const { return m_errno; }  // errno
    bool diskFull() const;                       // ENOSPC, or EDQUOT (a quota is used up)
    std::string systemText() const;              // strerror: "No space left on device"
    // In words a teacher understands: "the disk is full (No space left on device)", else the
    // system's text ("Permission denied").
    std::string reason() const;

private:
    std::string m_path;
    int m_errno;
};

// Writes `bytes` to a new temporary file beside `path` (the same file system), flushes it to
// the disk (fsync), closes it and renames it over `path`, checking each step. On failure the
// temporary file is removed and FileWriteError is thrown. An existing file keeps its
// permissions; a symbolic link keeps pointing at its target, which is what gets replaced.
void writeFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace tcpviz::core
