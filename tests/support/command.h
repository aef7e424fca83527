#pragma once
// A shell command run from a test, its output read whole: for the checks against peers such as
// tshark, which run only where the peer is installed.
#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace tcpviz_test {

struct CommandResult {
    int status = -1;      // as pclose() gives it; -1 when the command could not be started
    std::string output;   // its standard output
};

inline CommandResult runCommand(const std::string& command) {
    CommandResult r;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) return r;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) r.output.append(buffer.data(), n);
    r.status = ::pclose(pipe.release());
    return r;
}

inline bool tsharkOnPath() { return runCommand("command -v tshark >/dev/null 2>&1").status == 0; }

}  // namespace tcpviz_test
