#pragma once
// Scenarios of hosts with many connections (`tcpviz-scenario/2`, issue 16): hosts, each with its
// kernel's settings (a core::HostProfile), the links between them, and the programs that run on
// them: clients that open short connections at a rate, servers that accept and answer them (or
// forget to close them), and SYN floods from spoofed addresses. core::HostSimulator runs them.
// resources/scenarios/README.md documents the format; scenario.h reads and writes it.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/net/host.h"
#include "core/net/link_model.h"
#include "core/tcp/tcp_config.h"
#include "core/tcp/user_call.h"
#include "core/time.h"

namespace tcpviz::core {

// A call a scripted client makes, at its time: a lesson's timed script, on a host.
struct ProgramCall {
    TimeUs at = 0;
    CallKind call = CallKind::Connect;   // Connect, Send, Close or Abort
    std::uint32_t bytes = 0;             // Send
    bool operator==(const ProgramCall&) const = default;
};

// The TLS a program speaks on its connections (issue 18): none (plain TCP), or TLS 1.2 or 1.3
// through OpenSSL (core/sim/apps/tls.h). A client and its server speak the same.
enum class TlsVersion : std::uint8_t { None, Tls12, Tls13 };
// The certificate an HTTPS server shows: a good one for the name the client asks for, or one
// of three a client must refuse (expired; for another name; from an issuer it does not trust).
enum class TlsCertificate : std::uint8_t { Good, Expired, WrongName, UnknownIssuer };
// The HTTP above it: HTTP/1.1, or HTTP/2 over TLS through nghttp2 (core/sim/apps/http2.h),
// whose client asks for its requests_per_connection objects at once, on as many streams.
// Http3: HTTP/3 over QUIC (UDP), whose handshake is TLS 1.3's (core/sim/apps/quic.h).
enum class HttpVersion : std::uint8_t { Http11, Http2, Http3 };

struct ClientProgram {
    HostId host = 0;                     // the host it runs on ...
    HostId server = 1;                   // ... and the host whose server it connects to
    std::uint16_t port = 80;             // that server's port
    TimeUs start = 0;                    // its first connect()
    std::uint32_t connections = 1;       // how many it opens, one after another ...
    double per_second = 1;               // ... at this rate, from `start`
    std::uint32_t request_bytes = 100;   // each sends a request once connected
    // HTTP keep-alive: the next request follows each whole answer on the same connection, this
    // many in all; 1 is a short connection per request.
    std::uint32_t requests_per_connection = 1;
    bool closes_first = true;            // and closes once the whole answer is in; false: it
                                         // waits for the server's FIN, then closes
    // SO_LINGER {1, 0}: close() sends an RST and the socket skips TIME-WAIT (data still unsent
    // or in flight is thrown away, which is why it is bad advice against a TIME-WAIT pile-up).
    bool linger_zero = false;
    // A script ("type": "script"): one connection, and these calls at their times instead of
    // the requests above (the first is its connect()). It sends and closes only when told; the
    // server answers each request_bytes it receives.
    std::vector<ProgramCall> calls;
    TlsVersion tls = TlsVersion::None;   // "tls": "1.2" or "1.3": an HTTPS client
    HttpVersion http = HttpVersion::Http11;   // "http": "1.1" or "2"
    // TLS 1.3 session resumption (issue 18): every HTTPS client keeps the tickets its server
    // sends, in its host's cache (a browser's); "resume" offers the newest one, and
    // "early_data" sends the first request as 0-RTT data with the ClientHello (RFC 8446 §2.3).
    bool resume = false;
    bool early_data = false;
    // "shown": the lesson's diagram shows this program's first connection (by default the
    // first connection any client opens).
    bool shown = false;
    bool operator==(const ClientProgram&) const = default;
};

struct ServerProgram {
    HostId host = 1;                      // the host it runs on
    std::uint16_t port = 80;
    std::uint32_t backlog = 511;          // what the program passes to listen()
    std::uint32_t response_bytes = 1000;  // the answer to a whole request
    bool closes = true;                   // false: never calls close(), the CLOSE-WAIT leak
    double accepts_per_second = 0;        // how fast it calls accept(); 0: as soon as one waits
    // A restart: the program exits at stop_at (the kernel closes its sockets: a FIN on each
    // connection it accepted, an RST on those still in the accept queue) and listens again from
    // restart_at, once a second until listen() succeeds.
    std::optional<TimeUs> stop_at, restart_at;
    bool reuse_address = false;           // SO_REUSEADDR on its listener (and so on its connections)
    TlsVersion tls = TlsVersion::None;    // "tls": "1.2" or "1.3": an HTTPS server ...
    TlsCertificate certificate = TlsCertificate::Good;   // ... and "certificate": what it shows
    HttpVersion http = HttpVersion::Http11;   // "http": "1.1" or "2"
    bool operator==(const ServerProgram&) const = default;
};

// Spoofed SYNs from sources that never answer (their SYN,ACKs go nowhere): a SYN flood.
struct SynFlood {
    HostId via = 0;               // the host whose link to the target carries them
    HostId target = 1;            // the host whose server they go to ...
    std::uint16_t port = 80;      // ... on this port
    std::uint32_t syns = 0;       // how many ...
    double per_second = 1000;     // ... at this rate ...
    TimeUs start = 0;             // ... from then on
    bool operator==(const SynFlood&) const = default;
};

// A host as the scenario names it.
struct HostInfo {
    std::string name;
    std::uint32_t address = 0;   // IPv4, host order
    bool operator==(const HostInfo&) const = default;
};

struct HostSpec {
    HostInfo info;                        // its first address
    std::vector<std::uint32_t> more;      // its other addresses: a client program's connections
                                          // take each of them in turn (bind() before connect())
    HostProfile profile = HostProfile::ofLinux();
    bool operator==(const HostSpec&) const = default;
};

// Between hosts a link's default delay is 10 ms each way (a lesson's, 50 ms).
inline LinkDirection defaultLink() {
    LinkDirection d;
    d.delay_ms = 10;
    return d;
}

// The link between two hosts, both ways: [0] carries what `a` sends to `b`, [1] the way back.
struct HostLink {
    HostId a = 0, b = 1;
    std::array<LinkDirection, 2> dir{defaultLink(), defaultLink()};
    bool operator==(const HostLink&) const = default;
};

// A client and a server: "client" 192.0.2.1 and "server" 198.51.100.7, Linux's defaults.
std::vector<HostSpec> defaultHosts();

// A host's own link to the switch of a star: [0] what it sends (up), [1] what it receives (down).
struct StarLink {
    HostId host = 0;
    std::array<LinkDirection, 2> dir{defaultLink(), defaultLink()};
    bool operator==(const StarLink&) const = default;
};

// A scripted fault on what a host sends, on every link it sends over (the head-of-line lessons:
// "the server's 4th data segment is lost"). The nth counts that host's matching segments.
struct HostFault {
    HostId from = 0;
    ScriptedFault fault;
    bool operator==(const HostFault&) const = default;
};

struct HostRun {
    // (Made out of line: GCC 12 warns of a maybe-uninitialized string in the inline list.)
    std::vector<HostSpec> hosts = defaultHosts();
    std::vector<ClientProgram> clients{ClientProgram{}};
    std::vector<ServerProgram> servers{ServerProgram{}};
    std::vector<SynFlood> floods;
    // The link between two hosts not in `links`: [0] carries what a client sends toward its
    // server, [1] what comes back.
    std::array<LinkDirection, 2> link{defaultLink(), defaultLink()};
    std::vector<HostLink> links;   // pairs of hosts with a link of their own
    // A star instead (when `star` is set): every host reaches every other through one switch, up
    // its own link and down the other's, so that what several hosts send to one shares its down
    // link. A host not in `star` has `link`'s as its own.
    bool star = false;
    std::vector<StarLink> star_links;
    std::vector<HostFault> faults;
    std::uint64_t seed = 1;    // the links' chances (loss, jitter, duplication)
    TcpConfig tcp;             // every end; each host's TIME-WAIT sets its MSL
    TimeUs horizon = 600'000'000;
    // The host a lesson is about, which the host chart shows first (the one whose sockets pile
    // up the most when not said).
    std::optional<HostId> focus;

    [[nodiscard]] const HostSpec& host(HostId h) const { return hosts.at(h); }
    // The host called `name`, if any.
    [[nodiscard]] std::optional<HostId> hostNamed(const std::string& name) const;
    // The server program listening on `host`:`port`, if any.
    // (`udp`: the QUIC server's, which shares its port number with a TCP one's, as UDP 443 and
    // TCP 443 do.)
    [[nodiscard]] const ServerProgram* serverAt(HostId host, std::uint16_t port, bool udp = false) const;
    // Whether a program runs on the host, or a flood goes to it.
    [[nodiscard]] bool busy(HostId host) const;
    // The two hosts a lesson's connection joins (the first client program's), for the views
    // that show one pair: the connection calculator, the trace's endpoints.
    [[nodiscard]] HostId firstClientHost() const;
    [[nodiscard]] HostId firstServerHost() const;
    // What carries what `from` sends to `to` when they are not in a star: `links`' own for the
    // pair, else `link`'s direction for a client's sending (from_client) or a server's.
    [[nodiscard]] const LinkDirection& directionBetween(HostId from, HostId to, bool from_client) const;
    // In a star, a host's own link to the switch, up (what it sends) or down: `star_links`' own,
    // else `link[0]`.
    [[nodiscard]] const LinkDirection& starHop(HostId host, bool up) const;
    bool operator==(const HostRun&) const = default;
};

}  // namespace tcpviz::core
