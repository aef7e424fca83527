#pragma once
// A shell command run from a test, its output read whole: for the checks against peers such as
// tshark, which run only where the peer is installed.
#include <array>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

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

// tshark's `-T fields` output: a row per packet, `columns` cells each (tab-separated), and
// each cell's values (`-E aggregator=,`) split apart.
inline std::vector<std::vector<std::vector<std::string>>> fieldRows(const std::string& output, std::size_t columns) {
    std::vector<std::vector<std::vector<std::string>>> rows;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        auto& row = rows.emplace_back(columns);
        std::istringstream cells(line);
        std::string cell;
        for (std::size_t c = 0; c < columns && std::getline(cells, cell, '\t'); ++c) {
            std::istringstream values(cell);
            for (std::string v; std::getline(values, v, ',');)
                if (!v.empty()) row[c].push_back(v);
        }
    }
    return rows;
}

inline bool tsharkOnPath() { return runCommand("command -v tshark >/dev/null 2>&1").status == 0; }

}  // namespace tcpviz_test
