#pragma once
// Scenarios (`tcpviz-scenario/1` JSON): who talks, over which link, doing what, with which
// faults. Teachers write these by hand, so every key but "format" has a default.
// resources/scenarios/README.md documents the format.
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "core/net/link_model.h"
#include "core/scenario/host_scenario.h"
#include "core/tcp/side.h"
#include "core/tcp/tcp_config.h"
#include "core/tcp/user_call.h"

namespace tcpviz::core {

// Text in several languages ("en", "zh_CN"); `in(lang)` falls back to English.
struct LocalizedText {
    std::map<std::string, std::string> text;
    [[nodiscard]] std::string in(const std::string& lang) const;
    bool operator==(const LocalizedText&) const = default;
};

struct ScenarioEndpoint {
    std::string name;               // default "Client" for A, "Server" for B
    std::string address;            // default 192.0.2.1 / 198.51.100.7
    std::uint16_t port = 0;         // default 50000 / 80
    std::vector<std::uint32_t> isn; // ISNs of successive connection attempts
    TcpConfig tcp;                  // the scenario's "tcp", overridden by the endpoint's "tcp"
    bool operator==(const ScenarioEndpoint&) const = default;
};

struct ScriptCall {
    Side endpoint = Side::A;
    CallKind call = CallKind::Listen;
    std::uint32_t bytes = 0;          // for send / receive
    bool operator==(const ScriptCall&) const = default;
};

// A raw segment put on the wire from nowhere, e.g. an old duplicate SYN (RFC 9293 Figure 8).
struct ScriptInject {
    Side from = Side::A;              // it appears to come from this endpoint's address
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 65535;
    std::uint32_t len = 0;            // payload bytes
    bool bad_checksum = false;        // to show a corrupted segment being rejected
    bool operator==(const ScriptInject&) const = default;
};

struct ScriptAction {
    double at_ms = 0;
    std::variant<ScriptCall, ScriptInject> what;
    bool operator==(const ScriptAction&) const = default;
};

struct FaultSpec {
    Side from = Side::A;              // the direction: segments sent by this endpoint
    SegmentFilter filter;
    std::uint32_t nth = 1;            // 0: every match
    FaultAction action = FaultAction::Drop;
    double amount_ms = 0;             // for delay and duplicate
    bool operator==(const FaultSpec&) const = default;
};

enum class StartMode : std::uint8_t { Closed, Established };

inline constexpr std::uint64_t kDefaultMaxEvents = 2'000'000;
inline constexpr std::uint64_t kMaxEventsLimit = 5'000'000;

struct Scenario {
    std::string id = "custom";
    LocalizedText title;
    LocalizedText description;
    std::string group;                // "establishment", "termination", "loss", "resets", "rfc"
    std::array<ScenarioEndpoint, 2> endpoints;
    std::array<LinkDirection, 2> link;   // [A->B, B->A]
    std::uint64_t seed = 1;
    // Closed: both endpoints start CLOSED. Established: both start ESTABLISHED mid-connection,
    // each with SND.NXT = its first ISN (used to reproduce RFC 9293 Figures 9, 10, 12, 13).
    StartMode start = StartMode::Closed;
    double horizon_ms = 600'000;      // the simulation stops here at the latest
    // ... and after this many trace events (EndReason::Limit), so that no file can take the
    // machine's memory. Measured with --print-trace: 2,000,000 events (the default) take 410 MB,
    // 8,000,000 took 2.6 GB as JSON; the largest allowed (kMaxEventsLimit) stays under 2 GB. No
    // lesson comes near the default.
    std::uint64_t max_events = kDefaultMaxEvents;
    std::vector<ScriptAction> script;
    std::vector<FaultSpec> faults;
    bool operator==(const Scenario&) const = default;
};

// A scenario of hosts (`tcpviz-scenario/2`): what core::HostSimulator runs, and how the library
// shows it.
struct HostScenario {
    std::string id = "custom";
    LocalizedText title;
    LocalizedText description;
    std::string group;
    HostRun run;
    bool operator==(const HostScenario&) const = default;
};
// The most connections (or spoofed SYNs) a tcpviz-scenario/2 program may open: a million, ten
// times what the benchmark simulates in a second.
inline constexpr std::uint64_t kMaxHostConnections = 1'000'000;
// The most hosts, and programs, a tcpviz-scenario/2 file may hold (the views list them all).
inline constexpr std::size_t kMaxHosts = 64;
inline constexpr std::size_t kMaxPrograms = 256;
inline constexpr std::size_t kMaxProgramCalls = 100'000;   // of one script program
// The most requests an HTTP/2 client sends at once on its connection (one stream each).
inline constexpr std::uint32_t kMaxHttp2Streams = 1000;

// Either kind of scenario file.
using AnyScenario = std::variant<Scenario, HostScenario>;

// A scenario file that cannot be used. what() names the file and the position:
// "lesson.json:12:5: link.loss: expected a number from 0 to 1, got 1.5".
class ScenarioError : public std::runtime_error {
public:
    ScenarioError(std::string file, std::size_t line, std::size_t column, std::string path,
                  std::string message);
    const std::string& file() const { return m_file; }
    std::size_t line() const { return m_line; }       // 1-based; 0 when unknown
    std::size_t column() const { return m_column; }   // 1-based; 0 when unknown
    const std::string& jsonPath() const { return m_path; }   // e.g. "script[3].call"
    const std::string& message() const { return m_message; }

private:
    std::string m_file;
    std::size_t m_line, m_column;
    std::string m_path, m_message;
};

// Parses and validates; `file` is used in error messages only. Throws ScenarioError, also when
// the text is a tcpviz-scenario/2 (parseAnyScenario reads both).
Scenario parseScenario(const std::string& json_text, const std::string& file = "<scenario>");
AnyScenario parseAnyScenario(const std::string& json_text, const std::string& file = "<scenario>");
// The largest scenario file read: 64 MiB. The largest lesson that ships is under 4 KB, and a
// script of a million entries (far more than any lesson, and than the default event limit lets
// run) is 54 MB. A larger file is not a lesson but a wrong one (a log, a disk image), and
// parsing takes about ten times a file's size in memory (600 MB for those 54 MB).
inline constexpr std::uint64_t kMaxScenarioFileBytes = 64u * 1024 * 1024;
// Reads and parses a file. Only a regular file of at most kMaxScenarioFileBytes is read: a FIFO,
// a device or a larger file is refused with the rule it broke ("lesson.json: cannot read the
// file: it is not a regular file (a FIFO)"), and a file that cannot be opened with the system's
// reason ("...: cannot read the file: No such file or directory").
Scenario loadScenarioFile(const std::string& path);
AnyScenario loadAnyScenarioFile(const std::string& path);
// The canonical JSON text of a scenario; parseScenario(toJson(s)) == s.
std::string scenarioToJson(const Scenario& s);
// The same lesson with A and B exchanged: endpoints (names, addresses, ISNs, options), the link's
// two directions, and the side of every call, injected segment and fault. The client is then
// drawn on the right; the simulation is the mirror image of the original's.
Scenario withSidesSwapped(Scenario s);
// Writes atomically (core::writeFileAtomically): on failure the file that was there keeps its
// bytes, and ScenarioError names the file: "lesson.json: cannot save the scenario: the disk is
// full (No space left on device)".
void saveScenarioFile(const Scenario& s, const std::string& path);

// The scenarios compiled into the program, in library order.
struct BuiltinScenario {
    std::string id;
    std::string json;
};
const std::vector<BuiltinScenario>& builtinScenarios();
// Those of one kind: the lessons of two endpoints (tcpviz-scenario/1) or of hosts (/2).
enum class ScenarioKind : std::uint8_t { TwoEndpoints, Hosts };
const std::vector<BuiltinScenario>& builtinScenariosOf(ScenarioKind kind);
// A built-in id, or else a file. `spec` is taken as a file when it looks like one (it holds a
// '/' or ends in ".json") or names something on disk (a dangling symbolic link included), so
// that a missing file is reported as one. Returns nullopt only for a bare word that is neither a
// built-in id nor on disk; throws ScenarioError when the built-in or the file cannot be used.
// When a built-in id is also the name of a file in the current folder, the built-in is taken and
// `note`, if given, receives a sentence that says so (otherwise it is cleared).
std::optional<Scenario> resolveScenario(const std::string& spec, std::string* note = nullptr);
std::optional<AnyScenario> resolveAnyScenario(const std::string& spec, std::string* note = nullptr);

}  // namespace tcpviz::core
