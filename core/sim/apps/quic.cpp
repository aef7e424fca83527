#include "core/sim/apps/quic.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <nghttp3/nghttp3.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <optional>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string_view>

#include "core/sim/apps/tls.h"

namespace tcpviz::core {

namespace {

constexpr ngtcp2_tstamp stamp(TimeUs t) { return static_cast<ngtcp2_tstamp>(t) * NGTCP2_MICROSECONDS; }
// ngtcp2's nanoseconds as the simulator's microseconds, rounded up so that the wake-up is not early.
constexpr TimeUs micros(ngtcp2_tstamp t) {
    return static_cast<TimeUs>((t + NGTCP2_MICROSECONDS - 1) / NGTCP2_MICROSECONDS);
}

// TLS 1.3 only, X25519 only (one key share of a fixed size), and none of TLS-over-TCP's
// middlebox compatibility: QUIC sends no ChangeCipherSpec (RFC 9001 §8.4).
constexpr const char* kPriorities = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-X25519:%DISABLE_TLS13_COMPAT_MODE";
constexpr std::size_t kCidLength = 8;
constexpr ngtcp2_duration kIdleTimeout = 30 * NGTCP2_SECONDS;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("QUIC: " + what); }

void check(int rv, const char* what) {
    if (rv != 0) fail(std::string(what) + " failed (" + std::to_string(rv) + ")");
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// RFC 9000 §17's packet types as RFC 9001's figures write them.
std::string packetName(std::string_view qlog_type) {
    if (qlog_type == "initial") return "Initial";
    if (qlog_type == "handshake") return "Handshake";
    if (qlog_type == "0RTT") return "0-RTT";
    if (qlog_type == "1RTT") return "1-RTT";
    if (qlog_type == "retry") return "Retry";
    if (qlog_type == "version_negotiation") return "Version Negotiation";
    return std::string(qlog_type);
}

// The TLS handshake messages an end wrote at each encryption level, in order, with where each
// begins in that level's CRYPTO stream (RFC 9001 §4.1.3: the hellos in Initial packets, the
// rest of the handshake in Handshake packets, tickets in 1-RTT ones).
struct CryptoStreams {
    struct Message {
        std::uint64_t offset = 0, length = 0;
        std::string name;
    };
    std::array<std::vector<Message>, 3> by_level;   // Initial, Handshake, 1-RTT
    std::array<std::uint64_t, 3> written{};
    static std::optional<std::size_t> levelOf(std::string_view packet_type) {
        if (packet_type == "initial") return 0;
        if (packet_type == "handshake") return 1;
        if (packet_type == "1RTT") return 2;
        return std::nullopt;
    }
    void add(unsigned type, std::uint64_t length) {
        std::size_t level = 1;
        std::string name;
        switch (type) {
            case GNUTLS_HANDSHAKE_CLIENT_HELLO: level = 0, name = "ClientHello"; break;
            case GNUTLS_HANDSHAKE_SERVER_HELLO: level = 0, name = "ServerHello"; break;
            case GNUTLS_HANDSHAKE_ENCRYPTED_EXTENSIONS: name = "EncryptedExtensions"; break;
            case GNUTLS_HANDSHAKE_CERTIFICATE_PKT: name = "Certificate"; break;
            case GNUTLS_HANDSHAKE_CERTIFICATE_VERIFY: name = "CertificateVerify"; break;
            case GNUTLS_HANDSHAKE_FINISHED: name = "Finished"; break;
            case GNUTLS_HANDSHAKE_NEW_SESSION_TICKET: level = 2, name = "NewSessionTicket"; break;
            default: return;   // none other goes out in QUIC
        }
        by_level[level].push_back({written[level], length, std::move(name)});
        written[level] += length;
    }
    // Whether a frame of `level` at [offset, offset + length) holds the first byte of `name`.
    [[nodiscard]] bool begins(std::size_t level, std::uint64_t offset, std::uint64_t length, std::string_view name) const {
        return std::any_of(by_level[level].begin(), by_level[level].end(), [&](const Message& m) {
            return m.name == name && offset <= m.offset && m.offset < offset + length;
        });
    }
    // "ClientHello", or "…Certificate, CertificateVerify" for a frame that begins inside one.
    [[nodiscard]] std::string of(std::size_t level, std::uint64_t offset, std::uint64_t length) const {
        std::string out;
        for (const Message& m : by_level[level]) {
            if (m.offset + m.length <= offset || m.offset >= offset + length) continue;
            out += (out.empty() ? "" : ", ") + std::string(m.offset < offset ? "…" : "") + m.name +
                   (m.offset + m.length > offset + length ? "…" : "");
        }
        return out;
    }
};

// A packet of qlog's packet_sent as RFC 9000's figures write one (§7, Figure 5): its type and
// number, then its frames, "Initial[0]: CRYPTO[ClientHello]", "Handshake[1]: ACK[0]
// CRYPTO[…Certificate, CertificateVerify, Finished]". PADDING is left out; a CRYPTO frame names
// the TLS messages it carries, an ACK the packets it acknowledges, STREAM frames their streams.
struct SentPacket {
    std::string name;
    std::vector<QuicStreamFrame> frames;
    bool hello = false;   // its CRYPTO frame begins the ClientHello or the EncryptedExtensions
};
// A bidirectional stream's: HTTP/3's requests and answers go on them (RFC 9114 §6.1).
bool onRequestStream(const QuicStreamFrame& f) { return f.stream >= 0 && (f.stream & 0x2) == 0; }
SentPacket describePacket(const nlohmann::json& data, const CryptoStreams& crypto) {
    SentPacket out;
    std::string type = "packet";
    std::int64_t number = -1;
    if (const auto h = data.find("header"); h != data.end() && h->is_object()) {
        type = h->value("packet_type", "packet");
        number = h->value("packet_number", std::int64_t{-1});
    }
    std::vector<std::string> frames;
    std::vector<std::int64_t> streams;
    if (const auto f = data.find("frames"); f != data.end() && f->is_array())
        for (const auto& frame : *f) {
            const std::string kind = frame.value("frame_type", "");
            if (kind.empty() || kind == "padding") continue;
            std::string name = upper(kind);
            if (kind == "stream") {
                const auto id = frame.value("stream_id", std::int64_t{-1});
                out.frames.push_back({id, frame.value("offset", std::uint64_t{0}), frame.value("length", std::uint64_t{0})});
                if (std::find(streams.begin(), streams.end(), id) == streams.end()) streams.push_back(id);
                if (std::find(frames.begin(), frames.end(), "STREAM") == frames.end()) frames.push_back("STREAM");
                continue;
            }
            if (kind == "crypto") {
                const auto level = CryptoStreams::levelOf(type);
                const auto offset = frame.value("offset", std::uint64_t{0}), length = frame.value("length", std::uint64_t{0});
                const std::string what = level ? crypto.of(*level, offset, length) : std::string();
                if (!what.empty()) name += "[" + what + "]";
                out.hello = out.hello || (level && (crypto.begins(*level, offset, length, "ClientHello") ||
                                                    crypto.begins(*level, offset, length, "EncryptedExtensions")));
            } else if (kind == "ack") {
                std::string ranges;
                if (const auto r = frame.find("acked_ranges"); r != frame.end() && r->is_array())
                    for (const auto& range : *r) {
                        if (!range.is_array() || range.empty()) continue;
                        const auto lo = range.front().get<std::int64_t>(), hi = range.back().get<std::int64_t>();
                        ranges += (ranges.empty() ? "" : ",") + std::to_string(lo) + (hi != lo ? "-" + std::to_string(hi) : "");
                    }
                if (!ranges.empty()) name += "[" + ranges + "]";
            }
            if (std::find(frames.begin(), frames.end(), name) == frames.end()) frames.push_back(name);
        }
    std::sort(streams.begin(), streams.end());
    out.name = packetName(type) + (number >= 0 ? "[" + std::to_string(number) + "]" : "") + ":";
    for (const std::string& f : frames) {
        out.name += " " + f;
        if (f == "STREAM") {
            out.name += "[";
            for (std::size_t i = 0; i < streams.size(); ++i) out.name += (i ? "," : "") + std::to_string(streams[i]);
            out.name += "]";
        }
    }
    return out;
}

std::string hex(const unsigned char* p, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 0xF];
    }
    return out;
}

sockaddr_in socketAddress(std::uint32_t address, std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(address);
    return a;
}

// The body of an answer: printable, repeating, the same for every stream.
const std::string& bodyText(std::size_t at_least) {
    static std::string text;
    static constexpr std::string_view line = "tcpviz over HTTP/3: the same bytes, one stream each.\n";
    while (text.size() < at_least) text += line;
    return text;
}

// The servers' session ticket key, one for the process as a farm of servers shares one, so
// that a ticket one connection issued opens the next (RFC 8446 §4.6.1), and their anti-replay
// memory of 0-RTT ClientHellos (§8): each is accepted once.
struct ServerSecrets {
    gnutls_datum_t ticket_key{};
    gnutls_anti_replay_t anti_replay = nullptr;
    std::mutex mutex;
    std::set<std::string> seen;
    ServerSecrets() {
        if (gnutls_session_ticket_key_generate(&ticket_key) != 0 || gnutls_anti_replay_init(&anti_replay) != 0)
            fail("the servers' ticket key");
        gnutls_anti_replay_set_ptr(anti_replay, this);
        gnutls_anti_replay_set_add_function(anti_replay, [](void* self, time_t, const gnutls_datum_t* key,
                                                            const gnutls_datum_t*) {
            auto* s = static_cast<ServerSecrets*>(self);
            const std::lock_guard lock(s->mutex);
            return s->seen.emplace(reinterpret_cast<const char*>(key->data), key->size).second ? 0
                                                                                               : GNUTLS_E_DB_ENTRY_EXISTS;
        });
    }
};
ServerSecrets& serverSecrets() {
    static ServerSecrets secrets;   // kept for the process's life, as the contexts refer to it
    return secrets;
}

}  // namespace

std::shared_ptr<QuicSessionCache> makeQuicSessionCache() { return std::make_shared<QuicSessionCache>(); }

namespace {

class QuicEnd final : public QuicProgram {
public:
    // A client.
    QuicEnd(const ClientProgram& client, const ServerProgram& server, const QuicPath& path, std::uint64_t seed,
            std::shared_ptr<QuicSessionCache> sessions)
        : m_client(true), m_requests(std::max<std::uint32_t>(1, client.requests_per_connection)),
          m_response_bytes(server.response_bytes), m_rng(seed), m_sessions(std::move(sessions)),
          m_resume(client.resume), m_early(client.early_data) {
        setPath(path);
        ngtcp2_cid dcid, scid;
        randomCid(dcid);
        randomCid(scid);
        startTls();
        ngtcp2_settings settings = baseSettings(dcid);
        ngtcp2_transport_params params = baseParams();
        const ngtcp2_callbacks callbacks = callbacksFor(true);
        check(ngtcp2_conn_client_new(&m_conn, &dcid, &scid, &m_path, NGTCP2_PROTO_VER_V1, &callbacks, &settings, &params,
                                     nullptr, this),
              "ngtcp2_conn_client_new");
        ngtcp2_conn_set_tls_native_handle(m_conn, m_tls);
        resumeIfAsked();
    }

    // A server, from the client's first datagram.
    QuicEnd(const ServerProgram& server, const ngtcp2_pkt_hd& hd, const QuicPath& path, std::uint64_t seed)
        : m_client(false), m_response_bytes(server.response_bytes), m_rng(seed) {
        setPath(path);
        ngtcp2_cid scid;
        randomCid(scid);
        startTls();
        ngtcp2_settings settings = baseSettings(hd.dcid);
        ngtcp2_transport_params params = baseParams();
        params.original_dcid = hd.dcid;
        std::uniform_int_distribution<int> byte(0, 255);
        params.stateless_reset_token_present = 1;
        for (auto& b : params.stateless_reset_token) b = static_cast<std::uint8_t>(byte(m_rng));
        const ngtcp2_callbacks callbacks = callbacksFor(false);
        check(ngtcp2_conn_server_new(&m_conn, &hd.scid, &scid, &m_path, hd.version, &callbacks, &settings, &params, nullptr,
                                     this),
              "ngtcp2_conn_server_new");
        ngtcp2_conn_set_tls_native_handle(m_conn, m_tls);
    }

    ~QuicEnd() override {
        if (m_h3) nghttp3_conn_del(m_h3);
        if (m_conn) ngtcp2_conn_del(m_conn);
        if (m_tls) gnutls_deinit(m_tls);
        if (m_cred) gnutls_certificate_free_credentials(m_cred);
    }
    QuicEnd(const QuicEnd&) = delete;
    QuicEnd& operator=(const QuicEnd&) = delete;

    void receive(const std::vector<std::uint8_t>& datagram, TimeUs now) override {
        if (m_finished) return;
        ngtcp2_pkt_info info{};
        const int rv = ngtcp2_conn_read_pkt(m_conn, &m_path, &info, datagram.data(), datagram.size(), stamp(now));
        if (rv == NGTCP2_ERR_DRAINING || rv == NGTCP2_ERR_CLOSING) {
            m_finished = true;   // the peer closed: nothing more to send (RFC 9000 §10.2.2)
        } else if (rv != 0) {
            m_error = rv;
            closeWith(now);
        }
    }

    std::vector<QuicDatagram> send(TimeUs now) override {
        std::vector<QuicDatagram> out;
        if (m_finished) return out;
        if (m_closing) {
            out.push_back(std::move(*m_closing));
            m_closing.reset();
            m_finished = true;
            return out;
        }
        std::array<std::uint8_t, NGTCP2_MAX_UDP_PAYLOAD_SIZE> buf{};
        for (int guard = 0; guard < 4096; ++guard) {
            std::int64_t stream_id = -1;
            int fin = 0;
            std::array<nghttp3_vec, 16> vec{};
            nghttp3_ssize count = 0;
            if (m_h3 && ngtcp2_conn_get_max_data_left(m_conn)) {
                count = nghttp3_conn_writev_stream(m_h3, &stream_id, &fin, vec.data(), vec.size());
                if (count < 0) fail("nghttp3_conn_writev_stream: " + std::string(nghttp3_strerror(static_cast<int>(count))));
            }
            ngtcp2_ssize written = -1;
            std::uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_MORE;
            if (fin) flags |= NGTCP2_WRITE_STREAM_FLAG_FIN;
            ngtcp2_pkt_info info{};
            const ngtcp2_ssize n = ngtcp2_conn_writev_stream(m_conn, nullptr, &info, buf.data(), buf.size(), &written, flags,
                                                             stream_id, reinterpret_cast<const ngtcp2_vec*>(vec.data()),
                                                             static_cast<std::size_t>(count), stamp(now));
            if (n < 0) {
                if (n == NGTCP2_ERR_STREAM_DATA_BLOCKED) {
                    nghttp3_conn_block_stream(m_h3, stream_id);
                    continue;
                }
                if (n == NGTCP2_ERR_STREAM_SHUT_WR) {
                    nghttp3_conn_shutdown_stream_write(m_h3, stream_id);
                    continue;
                }
                if (n == NGTCP2_ERR_WRITE_MORE) {
                    addWritten(stream_id, written);
                    continue;
                }
                m_error = static_cast<int>(n);
                m_finished = true;
                break;
            }
            addWritten(stream_id, written);
            if (n == 0) break;
            out.push_back(datagram(buf.data(), static_cast<std::size_t>(n)));
        }
        if (m_client && !m_closing && m_answered >= m_requests && m_h3) {
            closeWith(now);
            out.push_back(std::move(*m_closing));
            m_closing.reset();
            m_finished = true;
        }
        return out;
    }

    [[nodiscard]] std::optional<TimeUs> expiry() const override {
        if (m_finished || m_closing) return std::nullopt;
        const ngtcp2_tstamp t = ngtcp2_conn_get_expiry(m_conn);
        if (t == UINT64_MAX) return std::nullopt;
        return micros(t);
    }

    void expire(TimeUs now) override {
        if (m_finished) return;
        const int rv = ngtcp2_conn_handle_expiry(m_conn, stamp(now));
        if (rv == NGTCP2_ERR_IDLE_CLOSE) m_finished = true;
        else if (rv != 0) {
            m_error = rv;
            closeWith(now);
        }
    }

    [[nodiscard]] bool finished() const override { return m_finished; }
    [[nodiscard]] bool handshakeDone() const override { return m_handshake_done; }
    [[nodiscard]] std::uint64_t bodyBytesReceived() const override { return m_body; }
    std::vector<std::string> takeKeyLog() override { return std::exchange(m_key_log, {}); }

private:
    void setPath(const QuicPath& p) {
        m_local = socketAddress(p.local_address, p.local_port);
        m_remote = socketAddress(p.remote_address, p.remote_port);
        m_path.local = {reinterpret_cast<ngtcp2_sockaddr*>(&m_local), sizeof m_local};
        m_path.remote = {reinterpret_cast<ngtcp2_sockaddr*>(&m_remote), sizeof m_remote};
    }

    void randomBytes(std::uint8_t* p, std::size_t n) {
        std::uniform_int_distribution<int> byte(0, 255);
        for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(byte(m_rng));
    }
    void randomCid(ngtcp2_cid& cid) {
        std::array<std::uint8_t, kCidLength> bytes{};
        randomBytes(bytes.data(), bytes.size());
        ngtcp2_cid_init(&cid, bytes.data(), bytes.size());
    }

    ngtcp2_settings baseSettings(const ngtcp2_cid& odcid) {
        ngtcp2_settings s;
        ngtcp2_settings_default(&s);
        s.initial_ts = 0;   // the simulation's clock starts with the run
        s.no_pmtud = 1;     // no probes of larger datagrams: a lesson's sizes stay put
        s.rand_ctx.native_handle = this;
        s.qlog.odcid = odcid;
        s.qlog.write = &QuicEnd::onQlog;
        s.handshake_timeout = UINT64_MAX;
        return s;
    }

    ngtcp2_transport_params baseParams() const {
        ngtcp2_transport_params p;
        ngtcp2_transport_params_default(&p);
        p.initial_max_stream_data_bidi_local = 256 * 1024;
        p.initial_max_stream_data_bidi_remote = 256 * 1024;
        p.initial_max_stream_data_uni = 256 * 1024;
        p.initial_max_data = 1024 * 1024;
        p.initial_max_streams_bidi = m_client ? 0 : 100;
        p.initial_max_streams_uni = 3;   // HTTP/3's control and QPACK streams (RFC 9114 §6.2)
        p.max_idle_timeout = kIdleTimeout;
        return p;
    }

    ngtcp2_callbacks callbacksFor(bool client) {
        ngtcp2_callbacks cb{};
        if (client) {
            cb.client_initial = ngtcp2_crypto_client_initial_cb;
            cb.recv_retry = ngtcp2_crypto_recv_retry_cb;
        } else {
            cb.recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
        }
        cb.recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
        cb.encrypt = ngtcp2_crypto_encrypt_cb;
        cb.decrypt = ngtcp2_crypto_decrypt_cb;
        cb.hp_mask = ngtcp2_crypto_hp_mask_cb;
        cb.update_key = ngtcp2_crypto_update_key_cb;
        cb.delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
        cb.delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
        cb.get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
        cb.version_negotiation = ngtcp2_crypto_version_negotiation_cb;
        cb.rand = [](std::uint8_t* dest, std::size_t len, const ngtcp2_rand_ctx* ctx) {
            static_cast<QuicEnd*>(ctx->native_handle)->randomBytes(dest, len);
        };
        cb.get_new_connection_id = [](ngtcp2_conn*, ngtcp2_cid* cid, std::uint8_t* token, std::size_t length,
                                      void* self) {
            auto* end = static_cast<QuicEnd*>(self);
            std::array<std::uint8_t, NGTCP2_MAX_CIDLEN> bytes{};
            end->randomBytes(bytes.data(), length);
            ngtcp2_cid_init(cid, bytes.data(), length);
            end->randomBytes(token, NGTCP2_STATELESS_RESET_TOKENLEN);
            return 0;
        };
        cb.handshake_completed = [](ngtcp2_conn*, void* self) {
            auto* end = static_cast<QuicEnd*>(self);
            end->m_handshake_done = true;
            return end->startHttp3();
        };
        cb.recv_stream_data = [](ngtcp2_conn*, std::uint32_t flags, std::int64_t stream_id, std::uint64_t,
                                 const std::uint8_t* data, std::size_t length, void* self, void*) {
            auto* end = static_cast<QuicEnd*>(self);
            if (end->startHttp3() != 0) return NGTCP2_ERR_CALLBACK_FAILURE;
            const nghttp3_ssize used = nghttp3_conn_read_stream(end->m_h3, stream_id, data, length,
                                                                (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0);
            if (used < 0) return NGTCP2_ERR_CALLBACK_FAILURE;
            ngtcp2_conn_extend_max_stream_offset(end->m_conn, stream_id, static_cast<std::uint64_t>(used));
            ngtcp2_conn_extend_max_offset(end->m_conn, static_cast<std::uint64_t>(used));
            return 0;
        };
        cb.acked_stream_data_offset = [](ngtcp2_conn*, std::int64_t stream_id, std::uint64_t, std::uint64_t length,
                                         void* self, void*) {
            auto* end = static_cast<QuicEnd*>(self);
            if (end->m_h3 && nghttp3_conn_add_ack_offset(end->m_h3, stream_id, length) != 0)
                return NGTCP2_ERR_CALLBACK_FAILURE;
            return 0;
        };
        cb.stream_close = [](ngtcp2_conn*, std::uint32_t flags, std::int64_t stream_id, std::uint64_t code, void* self,
                             void*) {
            auto* end = static_cast<QuicEnd*>(self);
            if (!end->m_h3) return 0;
            if (!(flags & NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET)) code = NGHTTP3_H3_NO_ERROR;
            const int rv = nghttp3_conn_close_stream(end->m_h3, stream_id, code);
            return rv == 0 || rv == NGHTTP3_ERR_STREAM_NOT_FOUND ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
        };
        cb.extend_max_stream_data = [](ngtcp2_conn*, std::int64_t stream_id, std::uint64_t, void* self, void*) {
            auto* end = static_cast<QuicEnd*>(self);
            if (end->m_h3) nghttp3_conn_unblock_stream(end->m_h3, stream_id);
            return 0;
        };
        cb.extend_max_remote_streams_bidi = [](ngtcp2_conn*, std::uint64_t max_streams, void* self) {
            auto* end = static_cast<QuicEnd*>(self);
            if (end->m_h3) nghttp3_conn_set_max_client_streams_bidi(end->m_h3, max_streams);
            return 0;
        };
        return cb;
    }

    static void onQlog(void* self, std::uint32_t, const void* data, std::size_t length) {
        auto* end = static_cast<QuicEnd*>(self);
        end->m_qlog.append(static_cast<const char*>(data), length);
        // JSON text sequences (RFC 7464): each record begins with RS.
        for (;;) {
            const auto first = end->m_qlog.find('\x1e');
            if (first == std::string::npos) return;
            const auto next = end->m_qlog.find('\x1e', first + 1);
            if (next == std::string::npos) return;
            end->qlogRecord(std::string_view(end->m_qlog).substr(first + 1, next - first - 1));
            end->m_qlog.erase(0, next);
        }
    }
    void qlogRecord(std::string_view text) {
        const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || j.value("name", "") != "transport:packet_sent") return;
        if (const auto d = j.find("data"); d != j.end()) m_sent.push_back(describePacket(*d, m_crypto));
    }

    QuicDatagram datagram(const std::uint8_t* p, std::size_t n) {
        // The record of the last packet is written once the next begins: flush the buffer.
        if (const auto first = m_qlog.find('\x1e'); first != std::string::npos) {
            qlogRecord(std::string_view(m_qlog).substr(first + 1));
            m_qlog.clear();
        }
        QuicDatagram d;
        d.bytes.assign(p, p + n);
        for (SentPacket& s : m_sent) {
            d.name += (d.name.empty() ? "" : ", ") + s.name;
            d.application = d.application || std::any_of(s.frames.begin(), s.frames.end(), onRequestStream);
            d.packets.push_back({s.name, std::move(s.frames), s.hello ? transportParameters() : decltype(QuicPacket::parameters){}});
        }
        if (d.name.empty()) d.name = "QUIC";
        m_sent.clear();
        return d;
    }

    // This end's transport parameters as RFC 9000 §18.2 names them (durations in ms).
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> transportParameters() const {
        const ngtcp2_transport_params* p = ngtcp2_conn_get_local_transport_params(m_conn);
        if (!p) return {};
        const auto n = [](std::uint64_t v) { return std::to_string(v); };
        return {{"initial_max_data", n(p->initial_max_data)},
                {"initial_max_stream_data_bidi_local", n(p->initial_max_stream_data_bidi_local)},
                {"initial_max_stream_data_bidi_remote", n(p->initial_max_stream_data_bidi_remote)},
                {"initial_max_stream_data_uni", n(p->initial_max_stream_data_uni)},
                {"initial_max_streams_bidi", n(p->initial_max_streams_bidi)},
                {"initial_max_streams_uni", n(p->initial_max_streams_uni)},
                {"max_idle_timeout", n(p->max_idle_timeout / NGTCP2_MILLISECONDS) + " ms"},
                {"max_udp_payload_size", n(p->max_udp_payload_size)},
                {"active_connection_id_limit", n(p->active_connection_id_limit)},
                {"max_ack_delay", n(p->max_ack_delay / NGTCP2_MILLISECONDS) + " ms"}};
    }

    void addWritten(std::int64_t stream_id, ngtcp2_ssize written) {
        if (m_h3 && stream_id >= 0 && written >= 0)
            if (nghttp3_conn_add_write_offset(m_h3, stream_id, static_cast<std::size_t>(written)) != 0)
                fail("nghttp3_conn_add_write_offset");
    }

    void closeWith(TimeUs now) {
        if (m_closing || m_finished) return;
        ngtcp2_connection_close_error error;
        if (m_error) ngtcp2_connection_close_error_set_transport_error_liberr(&error, m_error, nullptr, 0);
        else ngtcp2_connection_close_error_set_application_error(&error, NGHTTP3_H3_NO_ERROR, nullptr, 0);
        std::array<std::uint8_t, NGTCP2_MAX_UDP_PAYLOAD_SIZE> buf{};
        ngtcp2_pkt_info info{};
        const ngtcp2_ssize n =
            ngtcp2_conn_write_connection_close(m_conn, nullptr, &info, buf.data(), buf.size(), &error, stamp(now));
        if (n > 0) m_closing = datagram(buf.data(), static_cast<std::size_t>(n));
        else m_finished = true;
    }

    void startTls() {
        check(gnutls_certificate_allocate_credentials(&m_cred), "gnutls_certificate_allocate_credentials");
        const TestPkiPem pem = testPkiPem();
        if (m_client) {
            const gnutls_datum_t root{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.root.data())),
                                      static_cast<unsigned>(pem.root.size())};
            if (gnutls_certificate_set_x509_trust_mem(m_cred, &root, GNUTLS_X509_FMT_PEM) != 1)
                fail("the test root for GnuTLS");
            // The dates are checked on the lesson's day, not today's (core/sim/apps/tls.h).
            gnutls_certificate_set_verify_flags(m_cred, GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                                                            GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS);
            gnutls_certificate_set_verify_function(m_cred, &QuicEnd::verifyChain);
        } else {
            const gnutls_datum_t chain{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.chain.data())),
                                       static_cast<unsigned>(pem.chain.size())};
            const gnutls_datum_t key{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.key.data())),
                                     static_cast<unsigned>(pem.key.size())};
            check(gnutls_certificate_set_x509_key_mem2(m_cred, &chain, &key, GNUTLS_X509_FMT_PEM, nullptr, 0),
                  "the server's certificate for GnuTLS");
        }
        const unsigned flags = (m_client ? GNUTLS_CLIENT : GNUTLS_SERVER) | GNUTLS_ENABLE_EARLY_DATA |
                               GNUTLS_NO_END_OF_EARLY_DATA;
        check(gnutls_init(&m_tls, flags), "gnutls_init");
        check(gnutls_priority_set_direct(m_tls, kPriorities, nullptr), "gnutls_priority_set_direct");
        check(m_client ? ngtcp2_crypto_gnutls_configure_client_session(m_tls)
                       : ngtcp2_crypto_gnutls_configure_server_session(m_tls),
              "ngtcp2_crypto_gnutls_configure_session");
        m_ref.get_conn = [](ngtcp2_crypto_conn_ref* ref) { return static_cast<QuicEnd*>(ref->user_data)->m_conn; };
        m_ref.user_data = this;
        gnutls_session_set_ptr(m_tls, &m_ref);
        check(gnutls_credentials_set(m_tls, GNUTLS_CRD_CERTIFICATE, m_cred), "gnutls_credentials_set");
        gnutls_datum_t alpn{reinterpret_cast<unsigned char*>(const_cast<char*>(kHttp3Alpn)),
                            static_cast<unsigned>(std::strlen(kHttp3Alpn))};
        check(gnutls_alpn_set_protocols(m_tls, &alpn, 1, GNUTLS_ALPN_MANDATORY), "gnutls_alpn_set_protocols");
        gnutls_handshake_set_hook_function(m_tls, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_POST, &QuicEnd::onHandshakeMessage);
        if (m_client) {
            check(gnutls_server_name_set(m_tls, GNUTLS_NAME_DNS, kTlsServerName, std::strlen(kTlsServerName)),
                  "gnutls_server_name_set");
            gnutls_session_set_keylog_function(m_tls, &QuicEnd::onSecret);
        } else {
            // Tickets for the next visit, and early data up to ngtcp2's limit (RFC 9001 §4.6.1).
            ServerSecrets& secrets = serverSecrets();
            check(gnutls_session_ticket_enable_server(m_tls, &secrets.ticket_key), "gnutls_session_ticket_enable_server");
            gnutls_anti_replay_enable(m_tls, secrets.anti_replay);
            gnutls_record_set_max_early_data_size(m_tls, 0xFFFFFFFFu);
        }
    }

    static int verifyChain(gnutls_session_t session) {
        unsigned status = 0;
        if (gnutls_certificate_verify_peers3(session, kTlsServerName, &status) != 0 || status != 0)
            return GNUTLS_E_CERTIFICATE_ERROR;
        unsigned count = 0;
        const gnutls_datum_t* certs = gnutls_certificate_get_peers(session, &count);
        for (unsigned i = 0; i < count; ++i) {
            gnutls_x509_crt_t crt;
            if (gnutls_x509_crt_init(&crt) != 0) return GNUTLS_E_CERTIFICATE_ERROR;
            const bool ok = gnutls_x509_crt_import(crt, &certs[i], GNUTLS_X509_FMT_DER) == 0 &&
                            gnutls_x509_crt_get_activation_time(crt) <= kTlsLessonTime &&
                            kTlsLessonTime <= gnutls_x509_crt_get_expiration_time(crt);
            gnutls_x509_crt_deinit(crt);
            if (!ok) return GNUTLS_E_CERTIFICATE_ERROR;
        }
        return 0;
    }

    static int onSecret(gnutls_session_t session, const char* label, const gnutls_datum_t* secret) {
        auto* end = static_cast<QuicEnd*>(static_cast<ngtcp2_crypto_conn_ref*>(gnutls_session_get_ptr(session))->user_data);
        gnutls_datum_t client_random{}, server_random{};
        gnutls_session_get_random(session, &client_random, &server_random);
        end->m_key_log.push_back(std::string(label) + " " + hex(client_random.data, client_random.size) + " " +
                                 hex(secret->data, secret->size));
        return 0;
    }

    // Every handshake message: those it sends, for the names of its CRYPTO frames, and the
    // server's ticket, kept for the next visit.
    static int onHandshakeMessage(gnutls_session_t session, unsigned type, unsigned, unsigned incoming,
                                  const gnutls_datum_t* message) {
        auto* end = static_cast<QuicEnd*>(static_cast<ngtcp2_crypto_conn_ref*>(gnutls_session_get_ptr(session))->user_data);
        if (!incoming) end->m_crypto.add(type, message ? message->size : 0);
        else if (type == GNUTLS_HANDSHAKE_NEW_SESSION_TICKET && end->m_client) end->keepTicket();
        return 0;
    }

    void keepTicket() {
        if (!m_sessions) return;
        gnutls_datum_t data{};
        if (gnutls_session_get_data2(m_tls, &data) != 0) return;
        QuicSessionCache::Entry entry;
        entry.session.assign(data.data, data.data + data.size);
        gnutls_free(data.data);
        const ngtcp2_transport_params* params = ngtcp2_conn_get_remote_transport_params(m_conn);
        if (!params) return;
        std::array<std::uint8_t, 256> buf{};
        const ngtcp2_ssize n = ngtcp2_encode_transport_params(buf.data(), buf.size(),
                                                              NGTCP2_TRANSPORT_PARAMS_TYPE_ENCRYPTED_EXTENSIONS, params);
        if (n <= 0) return;
        entry.params.assign(buf.data(), buf.data() + n);
        m_sessions->entries.push_back(std::move(entry));
    }

    // A resumed visit: the newest ticket, used once, and the parameters it came with; with
    // early data, HTTP/3 starts now, so the requests go out in 0-RTT packets.
    void resumeIfAsked() {
        if (!m_resume || !m_sessions || m_sessions->entries.empty()) return;
        QuicSessionCache::Entry entry = std::move(m_sessions->entries.back());
        m_sessions->entries.pop_back();
        check(gnutls_session_set_data(m_tls, entry.session.data(), entry.session.size()), "gnutls_session_set_data");
        if (!m_early) return;
        ngtcp2_transport_params params;
        check(ngtcp2_decode_transport_params(&params, NGTCP2_TRANSPORT_PARAMS_TYPE_ENCRYPTED_EXTENSIONS,
                                             entry.params.data(), entry.params.size()),
              "ngtcp2_decode_transport_params");
        ngtcp2_conn_set_early_remote_transport_params(m_conn, &params);
        check(startHttp3(), "HTTP/3 in 0-RTT");
    }

    // HTTP/3 over the connection: the control and QPACK streams of each side, then, for a
    // client, its requests.
    int startHttp3() {
        if (m_h3) return 0;
        if (ngtcp2_conn_get_streams_uni_left(m_conn) < 3) return 0;   // the peer's parameters are not known yet
        nghttp3_callbacks cb{};
        cb.acked_stream_data = [](nghttp3_conn*, std::int64_t, std::uint64_t, void*, void*) { return 0; };
        cb.deferred_consume = [](nghttp3_conn*, std::int64_t stream_id, std::size_t consumed, void* self, void*) {
            auto* end = static_cast<QuicEnd*>(self);
            ngtcp2_conn_extend_max_stream_offset(end->m_conn, stream_id, consumed);
            ngtcp2_conn_extend_max_offset(end->m_conn, consumed);
            return 0;
        };
        cb.recv_data = [](nghttp3_conn*, std::int64_t stream_id, const std::uint8_t*, std::size_t length, void* self,
                          void*) {
            auto* end = static_cast<QuicEnd*>(self);
            end->m_body += length;
            ngtcp2_conn_extend_max_stream_offset(end->m_conn, stream_id, length);
            ngtcp2_conn_extend_max_offset(end->m_conn, length);
            return 0;
        };
        cb.end_stream = [](nghttp3_conn*, std::int64_t stream_id, void* self, void*) {
            auto* end = static_cast<QuicEnd*>(self);
            if (end->m_client) ++end->m_answered;
            else return end->answer(stream_id);
            return 0;
        };
        nghttp3_settings settings;
        nghttp3_settings_default(&settings);
        settings.qpack_max_dtable_capacity = 0;   // static table and literals: no encoder stream state
        settings.qpack_blocked_streams = 0;
        const int rv = m_client ? nghttp3_conn_client_new(&m_h3, &cb, &settings, nullptr, this)
                                : nghttp3_conn_server_new(&m_h3, &cb, &settings, nullptr, this);
        if (rv != 0) return NGTCP2_ERR_CALLBACK_FAILURE;
        if (!m_client) {
            nghttp3_conn_set_max_client_streams_bidi(m_h3,
                                                     ngtcp2_conn_get_local_transport_params(m_conn)->initial_max_streams_bidi);
        }
        std::array<std::int64_t, 3> uni{};
        for (auto& id : uni)
            if (ngtcp2_conn_open_uni_stream(m_conn, &id, nullptr) != 0) return NGTCP2_ERR_CALLBACK_FAILURE;
        if (nghttp3_conn_bind_control_stream(m_h3, uni[0]) != 0 ||
            nghttp3_conn_bind_qpack_streams(m_h3, uni[1], uni[2]) != 0)
            return NGTCP2_ERR_CALLBACK_FAILURE;
        if (m_client)
            for (std::uint32_t i = 0; i < m_requests; ++i)
                if (request() != 0) return NGTCP2_ERR_CALLBACK_FAILURE;
        return 0;
    }

    static nghttp3_nv header(const char* name, const std::string& value) {
        return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name)),
                reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), std::strlen(name), value.size(),
                NGHTTP3_NV_FLAG_NONE};
    }

    int request() {
        std::int64_t id = -1;
        if (ngtcp2_conn_open_bidi_stream(m_conn, &id, nullptr) != 0) return -1;
        static const std::string get = "GET", https = "https", authority = kTlsServerName, path = "/index.html";
        const std::array<nghttp3_nv, 4> nva{header(":method", get), header(":scheme", https),
                                            header(":authority", authority), header(":path", path)};
        return nghttp3_conn_submit_request(m_h3, id, nva.data(), nva.size(), nullptr, nullptr);
    }

    int answer(std::int64_t stream_id) {
        m_length = std::to_string(m_response_bytes);
        static const std::string ok = "200";
        const std::array<nghttp3_nv, 2> nva{header(":status", ok), header("content-length", m_length)};
        nghttp3_data_reader reader{};
        reader.read_data = [](nghttp3_conn*, std::int64_t id, nghttp3_vec* vec, std::size_t, std::uint32_t* pflags,
                              void* self, void*) -> nghttp3_ssize {
            auto* end = static_cast<QuicEnd*>(self);
            std::uint64_t& sent = end->m_body_sent[id];
            const std::uint64_t left = end->m_response_bytes - std::min<std::uint64_t>(sent, end->m_response_bytes);
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, 16 * 1024));
            const std::string& text = bodyText(16 * 1024);
            vec[0].base = reinterpret_cast<std::uint8_t*>(const_cast<char*>(text.data()));
            vec[0].len = n;
            sent += n;
            if (sent >= end->m_response_bytes) *pflags |= NGHTTP3_DATA_FLAG_EOF;
            return 1;
        };
        return nghttp3_conn_submit_response(m_h3, stream_id, nva.data(), nva.size(), &reader) == 0
                   ? 0
                   : NGHTTP3_ERR_CALLBACK_FAILURE;
    }

    bool m_client;
    std::uint32_t m_requests = 0;
    std::uint32_t m_response_bytes = 0;
    std::mt19937_64 m_rng;
    std::shared_ptr<QuicSessionCache> m_sessions;
    bool m_resume = false, m_early = false;
    sockaddr_in m_local{}, m_remote{};
    ngtcp2_path m_path{};
    ngtcp2_conn* m_conn = nullptr;
    gnutls_session_t m_tls = nullptr;
    gnutls_certificate_credentials_t m_cred = nullptr;
    ngtcp2_crypto_conn_ref m_ref{};
    nghttp3_conn* m_h3 = nullptr;
    std::string m_qlog;
    std::vector<SentPacket> m_sent;
    CryptoStreams m_crypto;
    std::optional<QuicDatagram> m_closing;
    std::vector<std::string> m_key_log;
    std::map<std::int64_t, std::uint64_t> m_body_sent;
    std::string m_length;
    std::uint64_t m_body = 0;
    std::uint32_t m_answered = 0;
    bool m_handshake_done = false;
    bool m_finished = false;
    int m_error = 0;
};

}  // namespace

std::unique_ptr<QuicProgram> makeQuicClient(const ClientProgram& client, const ServerProgram& server,
                                            const QuicPath& path, std::uint64_t seed,
                                            std::shared_ptr<QuicSessionCache> sessions) {
    return std::make_unique<QuicEnd>(client, server, path, seed, std::move(sessions));
}

std::unique_ptr<QuicProgram> makeQuicServer(const ServerProgram& server, const std::vector<std::uint8_t>& first,
                                            const QuicPath& path, std::uint64_t seed) {
    ngtcp2_pkt_hd hd;
    if (ngtcp2_accept(&hd, first.data(), first.size()) != 0) return nullptr;
    return std::make_unique<QuicEnd>(server, hd, path, seed);
}

}  // namespace tcpviz::core
