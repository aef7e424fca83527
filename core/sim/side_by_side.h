#pragma once
// Side by side (issue 18): one request made several ways over the same link (plain TCP, TCP +
// TLS 1.2, TCP + TLS 1.3, TLS 1.3 resumed with 0-RTT, QUIC, QUIC with 0-RTT), each run's
// connection from its own first packet, so that one time axis can show them all and a ruler can
// count their round trips. The runs are a lesson of hosts' own connections (handshake-rtts):
// they share the lesson's link, its seed and its faults.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/host_scenario.h"
#include "core/scenario/scenario.h"
#include "core/sim/host_sim.h"
#include "core/trace/messages.h"
#include "core/trace/trace.h"

namespace tcpviz::core {

// What a run's client speaks.
struct RunKind {
    TlsVersion tls = TlsVersion::None;
    HttpVersion http = HttpVersion::Http11;   // Http3: QUIC over UDP
    bool early_data = false;                  // its request goes as 0-RTT data
    [[nodiscard]] bool quic() const { return http == HttpVersion::Http3; }
    bool operator==(const RunKind&) const = default;
};

// A run the lesson offers: one connection of its hosts.
struct ComparedRun {
    std::uint32_t connection = 0;   // in the lesson's run (ConnectionSummary::id)
    HostId host = 0;                // the client's host
    std::string name;               // the host's name ("tls13")
    RunKind kind;
    bool operator==(const ComparedRun&) const = default;
};

// The runs of a lesson: the last connection of each client host, in the order the hosts' programs
// come in the file (a host's earlier connections only prepare its last, like the first visit
// that gets a 0-RTT browser its ticket). None unless two of them speak differently: a lesson of
// many clients alike has nothing to compare. `all` is the lesson run to its end.
std::vector<ComparedRun> comparedRuns(const HostScenario& s, const HostOutcome& all);

// The lesson with every link between two hosts set to `delay_ms` each way (a star's hops to
// half of it each, so that host to host is `delay_ms` too) and losing `loss` (0..1) of what it
// carries; what is not given stays the lesson's. The delay slider and the loss slider.
HostScenario withLinks(HostScenario s, std::optional<double> delay_ms, std::optional<double> loss);
// The one-way delay between the first run's hosts, as the lesson sets it (the slider's start).
double lessonDelayMs(const HostScenario& s);

// Segments or datagrams one side sent together, drawn as one arrow: "ServerHello, {EE},
// {Certificate}, {CertVerify}, {Finished}" in however many segments it took.
struct Flight {
    Side from = Side::A;
    TimeUs sent = 0;                  // its first packet's sending, from the run's start
    std::optional<TimeUs> arrived;    // the first packet's arrival; none: lost
    std::string messages;             // what the packets carry, briefly (MessageIndex::of; over
                                      // QUIC, quicBrief), maybe empty
    std::string full;                 // ... and every name in full (over QUIC, every frame)
    std::uint8_t flags = 0;           // every TCP flag any of them set (core/tcp/segment.h)
    std::uint64_t payload = 0;        // bytes of payload, all together
    std::uint32_t packets = 0;
    bool retransmission = false;      // a repair of a lost one
    bool request = false;             // it carries the client's first request byte
    bool response = false;            // ... the server's first answer byte
};

struct RunTimeline {
    ComparedRun run;
    TimeUs start = 0;                           // its first packet's sending, in the lesson
    std::optional<TimeUs> request, response;    // from `start`: the first request byte leaves, the
                                                // first answer byte reaches the client
    std::vector<Flight> flights;                // in sending order
};

struct SideBySide {
    std::vector<RunTimeline> runs;   // in the order asked for
    TimeUs rtt = 0;                  // the link's round trip without queues: the ruler's unit
    // How many round trips `t` is.
    [[nodiscard]] double rtts(TimeUs t) const { return rtt ? static_cast<double>(t) / static_cast<double>(rtt) : 0; }
};

// What a flight of QUIC datagrams says on a figure, from its packets' names ("Initial[0]:
// ACK[0] CRYPTO[ServerHello]"): by packet type the TLS messages of its CRYPTO frames, the
// request's and answer's STREAM frames and a CONNECTION_CLOSE, without packet numbers, ACK and
// PADDING frames or HTTP/3's control streams: "Initial: ServerHello; Handshake: EE, Certificate,
// CertVerify, Finished". Empty when nothing is worth a word (only acknowledgements).
std::string quicBrief(const std::vector<std::string>& datagrams);

// A run's trace of one connection as the view draws it: measured from its first packet, its
// first request and answer bytes, and its flights. Pure ACKs are folded into the flight they go
// with; one alone is left out unless it completes the handshake or is lost, since it says
// nothing about the round trips. `rtt` is the link's, which bounds what goes in one flight.
RunTimeline timelineOf(const Trace& t, TimeUs rtt);

// Simulates each run on its own over `s`'s links: the lesson with only the run's host's client
// programs, that host's last connection recorded. Stops early, returning what it has, when
// `cancel` becomes true.
SideBySide simulateSideBySide(const HostScenario& s, const std::vector<ComparedRun>& runs,
                              const std::atomic<bool>* cancel = nullptr);

}  // namespace tcpviz::core
