#pragma once
// HTTPS programs for the hosts' simulation (issue 18): an HTTP/1.1 request and its answer over
// TLS 1.3 or 1.2, the TLS done by OpenSSL 3 through memory BIOs. The bytes OpenSSL writes are
// sent on the simulated TCP connection and the bytes delivered are fed back to it, so every
// record on the wire is OpenSSL's own.
//
// Each record a program writes is named (AppSocket::describe) with the messages it carries, as
// RFC 8446's figures write them: "ClientHello", "ServerHello", "{EncryptedExtensions}",
// "{Certificate}", "{CertificateVerify}", "{Finished}", "{Application Data}" (braces: sent
// encrypted). Plaintext records are read off the bytes; for encrypted ones OpenSSL's message
// callback says what it put in them. The sessions' secrets go to the key log
// (AppSocket::keyLog), in SSLKEYLOGFILE's format.
//
// The server's certificate comes from a test PKI made with OpenSSL's API on first use, in
// memory, and never written anywhere: a root CA, an intermediate CA and the server's own, for
// www.example.com, all Ed25519 (fixed-size keys and signatures, so that sizes repeat from run
// to run although the keys do not). The key exchange is X25519. A server may show instead one of
// three certificates a client refuses (ServerProgram::certificate): expired on 2026-06-01, for
// www.example.net, or from a chain up to a root the client does not trust. What cannot be seeded is
// OpenSSL's randomness (the hellos' random values, the keys): the bytes differ between runs,
// their sizes and times do not. The client verifies the chain as of kTlsLessonTime, a fixed
// date, so that a lesson does not expire.
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>

#include "core/scenario/host_scenario.h"
#include "core/sim/application.h"

namespace tcpviz::core {

// The server name of the test PKI's certificate, and the client's SNI.
inline constexpr const char* kTlsServerName = "www.example.com";
// The moment the client checks the certificates' dates against: 2026-12-01 00:00:00 UTC.
inline constexpr std::time_t kTlsLessonTime = 1796083200;

// An HTTPS client's connection: the TLS handshake once TCP is up, then an HTTP/1.1 GET of
// `client.request_bytes`, the answer read (`server.response_bytes` of body and headers), a
// close_notify and close(). A failed handshake closes the connection after its alert.
//
// A client keeps the session tickets it is sent in `sessions`, its host's cache (a browser's);
// one with ClientProgram::resume offers the newest for its server and, with early_data, sends its
// first request as 0-RTT data: "(Application Data)", in parentheses as RFC 8446's figures write
// what the early traffic keys protect. A ticket is used once (OpenSSL's stateful tickets are).
class TlsSessionCache;
// The test PKI in PEM, for a TLS library other than OpenSSL (QUIC's, core/sim/apps/quic.h): the
// server's chain (its certificate, then the intermediate's), its private key, and the root the
// clients trust. Made from the same keys as the OpenSSL programs use, in memory only.
struct TestPkiPem {
    std::string chain, key, root;
};
TestPkiPem testPkiPem(TlsCertificate which = TlsCertificate::Good);
std::shared_ptr<TlsSessionCache> makeTlsSessionCache();
std::unique_ptr<Application> makeTlsClientApplication(const ClientProgram& client, const ServerProgram& server,
                                                      std::shared_ptr<TlsSessionCache> sessions = nullptr);
// An HTTPS server's connection: the handshake, then an answer to the whole request, then its
// close_notify and close() once the client's has come.
std::unique_ptr<Application> makeTlsServerApplication(const ServerProgram& server, const ClientProgram& client);

}  // namespace tcpviz::core
