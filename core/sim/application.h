#pragma once
// What a program on a host sees of a connection, and what it is told (issue 16): the small
// interface every program of a simulation of hosts implements, the built-in ones below and the
// protocol programs to come (TLS, HTTP, QUIC), so that core::HostSimulator needs to know none
// of them.
//
// A program gets one Application per connection end it holds: a client's as soon as it
// connect()s, a server's once accept() returns it. The simulator calls it back, never from
// within another of its calls:
//  - connected(): the handshake is done (a server: accept() has returned the connection);
//  - readable(): bytes arrived (AppSocket::received() grew); a program reads all at once;
//  - writable(): everything it wrote has been acknowledged (AppSocket::unacknowledged() is 0);
//  - closed(): the peer closed its side (its FIN: CLOSE-WAIT), or the connection is gone (an RST,
//    a timeout): AppSocket::state() says which.
// Once a program has called close() or abort() it is told nothing more of that connection.
// HostSimulator::setClientApplication and setServerApplication put a program's own in place of
// the built-in ones.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/scenario/host_scenario.h"
#include "core/tcp/payload.h"
#include "core/tcp/state.h"
#include "core/trace/trace.h"
#include "core/time.h"

namespace tcpviz::core {

// A connection end as its program holds it.
class AppSocket {
public:
    virtual ~AppSocket() = default;
    [[nodiscard]] virtual State state() const = 0;
    [[nodiscard]] virtual TimeUs now() const = 0;
    [[nodiscard]] virtual std::uint64_t received() const = 0;        // bytes read so far
    [[nodiscard]] virtual std::uint64_t written() const = 0;         // bytes written so far
    [[nodiscard]] virtual std::uint64_t unacknowledged() const = 0;  // of those, not yet acknowledged
    // send(): `bytes` more of this end's stream (core::Payload::generated), or the payload given.
    virtual void send(std::uint32_t bytes) = 0;
    virtual void send(Payload data) = 0;
    virtual void close() = 0;   // close(): a FIN after what was written (SO_LINGER {1, 0}: an RST)
    virtual void abort() = 0;   // an RST at once
    // The bytes handed over since the last take(), for a program that reads them
    // (Application::readsBytes()); the others only count them (received()).
    virtual std::vector<std::uint8_t> take() = 0;
    // Names bytes [offset, offset + length) of what this end wrote with the protocol message
    // they carry ("ClientHello", "{Finished}"), for the diagram's labels (Trace::messages);
    // `application` for the application's own bytes ("{Application Data}", "{HEADERS[1]}").
    // `details`: the fields of its messages, for the inspector.
    virtual void describe(std::uint64_t offset, std::uint32_t length, std::string name, bool application,
                          std::vector<MessageDetail> details = {}) = 0;
    // A line of the run's key log (SSLKEYLOGFILE format), so that Wireshark can decrypt it.
    virtual void keyLog(std::string line) = 0;
};

class Application {
public:
    virtual ~Application() = default;
    // Whether it reads the bytes it is handed (AppSocket::take) rather than counting them.
    [[nodiscard]] virtual bool readsBytes() const { return false; }
    virtual void connected(AppSocket&) {}
    virtual void readable(AppSocket&) {}
    virtual void writable(AppSocket&) {}
    virtual void closed(AppSocket&) {}
};

// The built-in programs of tcpviz-scenario/2, for one connection each.
// A client program's connection: a request once connected, the next one after each whole answer
// (HTTP keep-alive) up to requests_per_connection, then close() (or, closes_first false, wait
// for the server's FIN). A script's does nothing of its own: its calls come at their times.
std::unique_ptr<Application> makeClientApplication(const ClientProgram& client, const ServerProgram& server);
// A server program's connection: an answer to each whole request, then close() after the last
// when the client waits for it, or on the client's FIN; never, for a server that leaks.
std::unique_ptr<Application> makeServerApplication(const ServerProgram& server, const ClientProgram& client);

}  // namespace tcpviz::core
