#pragma once
// QUIC and HTTP/3 programs for the hosts' simulation (issue 18): RFC 9000's transport by ngtcp2,
// its TLS 1.3 handshake (RFC 9001) by GnuTLS through ngtcp2's crypto helper, and HTTP/3 (RFC
// 9114) by nghttp3. Every byte of every UDP datagram on the link is theirs.
//
// A program is one end of one connection. It is driven by the simulator's clock only: it is told
// the time with each datagram it receives and each timer it asked for (expiry()), and gives back
// the datagrams it has to send. Each datagram is named after the QUIC packets it holds and their
// frames, as ngtcp2's qlog says it wrote them ("Initial[CRYPTO]", "Handshake[ACK, CRYPTO]",
// "1-RTT[STREAM 0]"); one that carries a request or an answer (HTTP/3 on a bidirectional stream)
// is the application's, for the RTT ruler.
//
// The server shows the test PKI's certificate (core/sim/apps/tls.h), Ed25519 like the TLS
// programs', and the key exchange is X25519, so sizes repeat from run to run. What is seeded:
// the connection IDs, the stateless reset tokens and ngtcp2's other random numbers (from the
// simulation's seed). What cannot be: GnuTLS's randomness (the hellos' random values, the keys),
// so the bytes differ between runs and their sizes and times do not. The client logs the
// secrets in SSLKEYLOGFILE's format, so Wireshark decrypts a lesson's capture.
//
// Resumption and 0-RTT (RFC 9001 §4.6): a client keeps the server's session ticket and transport
// parameters in its host's cache; one with ClientProgram::resume offers them, and with
// early_data sends its first request in 0-RTT packets with the ClientHello.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/host_scenario.h"
#include "core/time.h"

namespace tcpviz::core {

// The HTTP/3 server's ALPN, and the client's.
inline constexpr const char* kHttp3Alpn = "h3";

// A STREAM frame: which bytes of which stream a packet carries.
struct QuicStreamFrame {
    std::int64_t stream = 0;
    std::uint64_t offset = 0, length = 0;
};
struct QuicPacket {
    std::string name;                     // "1-RTT[2]: ACK[0] STREAM[0]"
    std::vector<QuicStreamFrame> frames;  // its STREAM frames, in order
    // The transport parameters, {name, value}, of the packet whose CRYPTO frame begins the
    // ClientHello or the EncryptedExtensions, which carry them (RFC 9001 §8.2).
    std::vector<std::pair<std::string, std::string>> parameters;
};

struct QuicDatagram {
    std::vector<std::uint8_t> bytes;   // the UDP payload
    std::string name;                  // its packets and their frames
    bool application = false;          // it carries HTTP/3 request or answer bytes
    std::vector<QuicPacket> packets;   // one by one
};

// Where the two ends are, for the path ngtcp2 keeps (IPv4, host order).
struct QuicPath {
    std::uint32_t local_address = 0, remote_address = 0;
    std::uint16_t local_port = 0, remote_port = 0;
};

class QuicProgram {
public:
    virtual ~QuicProgram() = default;
    // A datagram from the peer, at `now`.
    virtual void receive(const std::vector<std::uint8_t>& datagram, TimeUs now) = 0;
    // What it has to send at `now` (after it began, received or expired), in order.
    virtual std::vector<QuicDatagram> send(TimeUs now) = 0;
    // When it wants to be woken (its loss-detection, ACK or idle timer), if ever.
    [[nodiscard]] virtual std::optional<TimeUs> expiry() const = 0;
    virtual void expire(TimeUs now) = 0;
    // It has nothing more to do: the connection closed, drained or failed.
    [[nodiscard]] virtual bool finished() const = 0;
    // Whether the handshake completed, and the request's answer (its body bytes) arrived.
    [[nodiscard]] virtual bool handshakeDone() const = 0;
    [[nodiscard]] virtual std::uint64_t bodyBytesReceived() const = 0;
    // The key log lines written since the last call (a client's only).
    virtual std::vector<std::string> takeKeyLog() = 0;
};

// A client host's QUIC session tickets: what a client keeps of a server for its next visit,
// GnuTLS's session (the ticket) and the transport parameters its 0-RTT data must respect (RFC
// 9000 §7.4.1). A ticket is taken out when it is used.
class QuicSessionCache {
public:
    struct Entry {
        std::vector<unsigned char> session;
        std::vector<std::uint8_t> params;
    };
    std::vector<Entry> entries;   // oldest first
};
std::shared_ptr<QuicSessionCache> makeQuicSessionCache();

// An HTTP/3 client: the handshake, then `client.requests_per_connection` GETs at once, each on
// its own stream, each answered with `server.response_bytes` of body; then CONNECTION_CLOSE.
// Throws std::runtime_error when a library refuses to start.
std::unique_ptr<QuicProgram> makeQuicClient(const ClientProgram& client, const ServerProgram& server,
                                            const QuicPath& path, std::uint64_t seed,
                                            std::shared_ptr<QuicSessionCache> sessions = nullptr);
// An HTTP/3 server's end of the connection the client's first datagram opens; nullptr when that
// datagram is no QUIC Initial.
std::unique_ptr<QuicProgram> makeQuicServer(const ServerProgram& server, const std::vector<std::uint8_t>& first,
                                            const QuicPath& path, std::uint64_t seed);

}  // namespace tcpviz::core
