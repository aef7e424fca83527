#pragma once
// HTTP/2 programs for the hosts' simulation (issue 18): a browser that asks for several objects
// at once over one TLS connection, and a server that answers them, both through nghttp2
// (RFC 9113 framing, HPACK header compression) above the TLS of core/sim/apps/tls_end.h, with
// ALPN "h2" (RFC 9113 §3.2).
//
// The client sends the connection preface, its SETTINGS and a GET per object, each on its own
// stream (1, 3, 5, ...), all in its first flight after TLS's Finished; it reads every answer,
// then ends the connection with a GOAWAY, a close_notify and close(). The server answers each
// GET with HEADERS and the body in DATA frames of at most 8 KiB (nginx's http2_chunk_size
// default), the streams taking turns as nghttp2's scheduler gives them (all at one weight, so
// round robin). Each TLS record carries the frames up to and including one HEADERS or DATA
// frame, and is named with them: "{SETTINGS}, {HEADERS[1]}", "{DATA[3]}" (the stream in
// brackets, braces as every encrypted message).
//
// A client asks for `requests_per_connection` objects of `response_bytes` each. Everything is
// deterministic but TLS's keys (see tls.h).
#include <memory>

#include "core/scenario/host_scenario.h"
#include "core/sim/application.h"

namespace tcpviz::core {

std::unique_ptr<Application> makeHttp2ClientApplication(const ClientProgram& client, const ServerProgram& server);
std::unique_ptr<Application> makeHttp2ServerApplication(const ServerProgram& server, const ClientProgram& client);

}  // namespace tcpviz::core
