#include "core/sim/apps/tls.h"

#include "core/sim/apps/tls_end.h"
#include "core/sim/apps/tls_fields.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <deque>
#include <optional>
#include <stdexcept>
#include <vector>

namespace tcpviz::core {

namespace {

// --- the test PKI -----------------------------------------------------------------------------

constexpr std::time_t kIssued = 1767225600;        // 2026-01-01: every certificate's notBefore
constexpr std::time_t kServerExpires = 2082758400; // 2036-01-01
constexpr std::time_t kCaExpires = 2398377600;     // 2046-01-01

constexpr std::time_t kExpired = 1780272000;       // 2026-06-01: before kTlsLessonTime

// What a server shows: its certificate, its key, the intermediate that issued it.
struct Chain {
    X509* server = nullptr;
    EVP_PKEY* key = nullptr;
    X509* intermediate = nullptr;
};

struct Pki {
    EVP_PKEY* root_key = nullptr;
    X509* root = nullptr;          // the one the client trusts
    EVP_PKEY* intermediate_key = nullptr;
    X509* intermediate = nullptr;
    std::array<Chain, 4> chains;   // by TlsCertificate
};

void fail(const char* what) {
    throw std::runtime_error(std::string("TLS test PKI: ") + what + " failed");
}

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext || X509_add_ext(cert, ext, -1) != 1) fail("an extension");
    X509_EXTENSION_free(ext);
}

// A certificate for `cn` and `key`, signed by `issuer_key` (itself when issuer is null).
X509* certificate(const char* cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, long serial, bool ca,
                  std::time_t expires, const char* dns = nullptr) {
    X509* c = X509_new();
    if (!c) fail("X509_new");
    X509_set_version(c, 2);   // v3
    ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
    ASN1_TIME_set(X509_getm_notBefore(c), kIssued);
    ASN1_TIME_set(X509_getm_notAfter(c), expires);
    X509_set_pubkey(c, key);
    X509_NAME* name = X509_get_subject_name(c);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("tcpviz test PKI"), -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
    X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : name);
    X509* signer = issuer ? issuer : c;
    addExtension(c, signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    addExtension(c, signer, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    addExtension(c, signer, NID_subject_key_identifier, "hash");
    if (issuer) addExtension(c, signer, NID_authority_key_identifier, "keyid:always");
    if (dns) {
        addExtension(c, signer, NID_subject_alt_name, (std::string("DNS:") + dns).c_str());
        addExtension(c, signer, NID_ext_key_usage, "serverAuth");
    }
    if (X509_sign(c, issuer_key, nullptr) <= 0) fail("X509_sign");   // Ed25519 takes no digest
    return c;
}

EVP_PKEY* ed25519() {
    EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!k) fail("Ed25519 key generation");
    return k;
}

// Made once per process, kept for its life (the contexts below hold references to it).
const Pki& testPki() {
    static const Pki pki = [] {
        Pki p;
        p.root_key = ed25519();
        p.root = certificate("tcpviz Test Root CA", p.root_key, nullptr, p.root_key, 1, true, kCaExpires);
        p.intermediate_key = ed25519();
        p.intermediate = certificate("tcpviz Test Intermediate CA", p.intermediate_key, p.root, p.root_key, 2, true,
                                     kCaExpires);
        const auto leaf = [&](TlsCertificate which, const char* name, std::time_t expires, X509* issuer,
                              EVP_PKEY* issuer_key, long serial) {
            Chain& c = p.chains[static_cast<std::size_t>(which)];
            c.key = ed25519();
            c.server = certificate(name, c.key, issuer, issuer_key, serial, false, expires, name);
            c.intermediate = issuer;
        };
        leaf(TlsCertificate::Good, kTlsServerName, kServerExpires, p.intermediate, p.intermediate_key, 3);
        leaf(TlsCertificate::Expired, kTlsServerName, kExpired, p.intermediate, p.intermediate_key, 4);
        leaf(TlsCertificate::WrongName, "www.example.net", kServerExpires, p.intermediate, p.intermediate_key, 5);
        // A chain of the same shape from a root the client has never heard of.
        EVP_PKEY* other_root_key = ed25519();
        X509* other_root = certificate("Unknown Root CA", other_root_key, nullptr, other_root_key, 1, true, kCaExpires);
        EVP_PKEY* other_key = ed25519();
        X509* other = certificate("Unknown Intermediate CA", other_key, other_root, other_root_key, 2, true, kCaExpires);
        leaf(TlsCertificate::UnknownIssuer, kTlsServerName, kServerExpires, other, other_key, 3);
        // Their keys signed what they had to, and the unknown root is shown to nobody.
        EVP_PKEY_free(other_key);
        X509_free(other_root);
        EVP_PKEY_free(other_root_key);
        return p;
    }();
    return pki;
}

// The client's checks of a chain the server sends (tls_fields.h's steps), as OpenSSL makes them
// against the client's store (the test root) on kTlsLessonTime for kTlsServerName: each
// certificate's signature by its issuer, each one's dates, the leaf's name, and the anchor.
std::vector<MessageField> verificationSteps(const std::vector<X509*>& chain) {
    std::vector<MessageField> out;
    if (chain.empty()) return out;
    const Pki& pki = testPki();
    const X509* last = chain.back();
    const bool anchored = X509_check_issued(pki.root, const_cast<X509*>(last)) == X509_V_OK;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const X509* issuer = i + 1 < chain.size() ? chain[i + 1] : anchored ? pki.root : nullptr;
        if (!issuer) continue;   // the anchor's step says why
        const bool ok = X509_verify(chain[i], X509_get0_pubkey(issuer)) == 1;
        out.push_back({MessageFieldKind::CheckSignature, {subjectName(chain[i]), subjectName(issuer)}, ok,
                       ok ? 0 : SSL_AD_DECRYPT_ERROR});
    }
    std::time_t when = kTlsLessonTime;
    ASN1_TIME* today = ASN1_TIME_set(nullptr, when);
    for (const X509* c : chain) {
        const bool ok = X509_cmp_time(X509_get0_notBefore(c), &when) < 0 && X509_cmp_time(X509_get0_notAfter(c), &when) > 0;
        out.push_back({MessageFieldKind::CheckValidity,
                       {subjectName(c), dayOf(X509_get0_notBefore(c)), dayOf(X509_get0_notAfter(c)), dayOf(today)}, ok,
                       ok ? 0 : SSL_AD_CERTIFICATE_EXPIRED});
    }
    ASN1_TIME_free(today);
    // The names the leaf is for: its subjectAltName's DNS names (RFC 6125 §6.4.4: not its CN).
    std::string names;
    if (auto* sans = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(chain.front(), NID_subject_alt_name, nullptr, nullptr))) {
        for (int i = 0; i < sk_GENERAL_NAME_num(sans); ++i) {
            const GENERAL_NAME* n = sk_GENERAL_NAME_value(sans, i);
            if (n->type != GEN_DNS) continue;
            const ASN1_STRING* s = n->d.dNSName;
            names += (names.empty() ? "" : ", ") +
                     std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<std::size_t>(ASN1_STRING_length(s)));
        }
        GENERAL_NAMES_free(sans);
    }
    const bool named = X509_check_host(chain.front(), kTlsServerName, 0, 0, nullptr) == 1;
    // OpenSSL answers a name that does not match with bad_certificate (ssl/statem/statem_lib.c,
    // ssl_x509err2alert: X509_V_ERR_HOSTNAME_MISMATCH).
    out.push_back({MessageFieldKind::CheckName, {kTlsServerName, names}, named, named ? 0 : SSL_AD_BAD_CERTIFICATE});
    out.push_back({MessageFieldKind::CheckAnchor, {issuerName(last)}, anchored, anchored ? 0 : SSL_AD_UNKNOWN_CA});
    return out;
}

// --- contexts ----------------------------------------------------------------------------------

int versionOf(TlsVersion v) { return v == TlsVersion::Tls12 ? TLS1_2_VERSION : TLS1_3_VERSION; }

void keyLogLine(const SSL* ssl, const char* line) {
    if (auto* end = static_cast<TlsEnd*>(SSL_get_app_data(ssl))) end->addKeyLog(line);
}
// A ticket the client was sent: into its host's cache (1: the cache keeps it).
int newSession(SSL* ssl, SSL_SESSION* session) {
    auto* end = static_cast<TlsEnd*>(SSL_get_app_data(ssl));
    if (!end || !end->sessions()) return 0;
    end->sessions()->add(session);
    return 1;
}
// A server's ALPN: the protocol its end takes when the client offers it (RFC 7301 §3.2).
int selectAlpn(SSL* ssl, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
               unsigned int in_length, void*);

SSL_CTX* newContext(bool server, TlsVersion v, TlsCertificate shown = TlsCertificate::Good) {
    SSL_CTX* ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (!ctx) fail("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(ctx, versionOf(v));
    SSL_CTX_set_max_proto_version(ctx, versionOf(v));
    SSL_CTX_set1_groups_list(ctx, "X25519");
    const Pki& pki = testPki();
    if (server) {
        const Chain& c = pki.chains[static_cast<std::size_t>(shown)];
        if (SSL_CTX_use_certificate(ctx, c.server) != 1 || SSL_CTX_use_PrivateKey(ctx, c.key) != 1 ||
            SSL_CTX_add1_chain_cert(ctx, c.intermediate) != 1)
            fail("the server's certificate");
        SSL_CTX_set_alpn_select_cb(ctx, selectAlpn, nullptr);
        // Stateful session tickets (TLS 1.3: the ticket is a session ID; TLS 1.2: no ticket, the
        // session ID): a stateless ticket is the session encrypted in 16-byte blocks, and its
        // DER holds the random ticket_age_add, whose length varies, so one run in a few had a
        // ticket 16 bytes longer and the segments' sizes did not repeat.
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
        // 0-RTT: a TLS 1.3 server takes up to one record of early data (RFC 8446 §4.2.10); its
        // stateful tickets are used once, which is OpenSSL's guard against replay.
        if (v == TlsVersion::Tls13) {
            SSL_CTX_set_max_early_data(ctx, 16384);
            SSL_CTX_set_recv_max_early_data(ctx, 16384);
        }
    } else {
        X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), pki.root);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx), kTlsLessonTime);
        SSL_CTX_set_keylog_callback(ctx, keyLogLine);
        // The tickets go to the client host's cache (TlsEnd::keepSessions), not OpenSSL's.
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(ctx, newSession);
    }
    return ctx;
}

SSL_CTX* clientContext(TlsVersion v) {
    static SSL_CTX* const contexts[2] = {newContext(false, TlsVersion::Tls12), newContext(false, TlsVersion::Tls13)};
    return contexts[v == TlsVersion::Tls13 ? 1 : 0];
}

SSL_CTX* serverContext(TlsVersion v, TlsCertificate shown) {
    static const auto contexts = [] {
        std::array<std::array<SSL_CTX*, 4>, 2> out{};
        for (std::size_t c = 0; c < 4; ++c) {
            out[0][c] = newContext(true, TlsVersion::Tls12, static_cast<TlsCertificate>(c));
            out[1][c] = newContext(true, TlsVersion::Tls13, static_cast<TlsCertificate>(c));
        }
        return out;
    }();
    return contexts[v == TlsVersion::Tls13 ? 1 : 0][static_cast<std::size_t>(shown)];
}

// --- naming the records ------------------------------------------------------------------------

std::string handshakeName(int type) {
    switch (type) {
        case 1: return "ClientHello";
        case 2: return "ServerHello";
        case 4: return "NewSessionTicket";
        case 5: return "EndOfEarlyData";
        case 8: return "EncryptedExtensions";
        case 11: return "Certificate";
        case 12: return "ServerKeyExchange";
        case 13: return "CertificateRequest";
        case 14: return "ServerHelloDone";
        case 15: return "CertificateVerify";
        case 16: return "ClientKeyExchange";
        case 20: return "Finished";
        case 24: return "KeyUpdate";
        default: return "Handshake " + std::to_string(type);
    }
}

std::string alertName(int description) {
    return std::string("Alert (") + SSL_alert_desc_string_long(description) + ")";
}

// The HTTP/1.1 messages, `bytes` long (or as long as their headers, if more).
std::string padded(std::string head, std::uint32_t bytes) {
    constexpr std::string_view kPad = "X-Padding: ";
    if (head.size() + kPad.size() + 4 < bytes) head += std::string(kPad) + std::string(bytes - head.size() - kPad.size() - 4, 'x') + "\r\n";
    return head + "\r\n";
}
std::string httpRequest(std::uint32_t bytes) {
    return padded(std::string("GET / HTTP/1.1\r\nHost: ") + kTlsServerName + "\r\nUser-Agent: tcpviz\r\n", bytes);
}
std::string httpResponse(std::uint32_t bytes) {
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ";
    // The body fills what the headers leave of `bytes`.
    std::string body;
    for (std::size_t guess = 0; guess < 2; ++guess) {
        const std::size_t fixed = head.size() + std::to_string(body.size()).size() + 4;
        body.assign(bytes > fixed ? bytes - fixed : 0, 'x');
    }
    return head + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Reads what has been decrypted into nothing but a count; false once close_notify came.
bool readCount(TlsEnd& tls, std::size_t& got) {
    std::vector<std::uint8_t> bytes;
    const bool open = tls.read(bytes);
    got += bytes.size();
    return open;
}

class TlsClient final : public Application {
public:
    TlsClient(const ClientProgram& p, std::uint32_t response_bytes, std::shared_ptr<TlsSessionCache> sessions)
        : m_version(p.tls), m_request(httpRequest(p.request_bytes)), m_answer(httpResponse(response_bytes).size()),
          m_requests(std::max(1u, p.requests_per_connection)), m_resume(p.resume), m_early(p.early_data),
          m_sessions(std::move(sessions)) {}
    [[nodiscard]] bool readsBytes() const override { return true; }

    void connected(AppSocket& s) override {
        m_tls.emplace(false, m_version);
        m_tls->keepSessions(m_sessions);
        // A resumed session (RFC 8446 §2.2), and with it the request as 0-RTT data, in the
        // ClientHello's flight (§2.3).
        if (m_resume && m_tls->resumeFrom(m_sessions) && m_early && m_tls->mayWriteEarly()) {
            m_tls->write(m_request, {"Application Data"});
            m_sent = 1;
        }
        step(s);
    }
    void readable(AppSocket& s) override {
        if (!m_tls) return;
        m_tls->feed(s.take());
        step(s);
    }
    void closed(AppSocket& s) override {
        if (m_tls) m_tls->flush(s);
        s.close();
    }

private:
    // The first GET once the handshake is done, the next after each whole answer (HTTP/1.1
    // keep-alive: one at a time, RFC 9112 §9.3), the close after the last.
    void step(AppSocket& s) {
        bool failed = false;
        bool open = true;
        if (m_tls->handshake(failed)) {
            // A server that turned the 0-RTT data down never saw the request: again, now.
            if (m_sent == 1 && m_got == 0 && m_tls->earlyDataRejected() && !m_resent) {
                m_resent = true;
                m_sent = 0;
            }
            if (m_sent > 0) open = readCount(*m_tls, m_got);
            if (m_sent < m_requests && m_got >= m_sent * m_answer) {
                m_tls->write(m_request, {"Application Data"});
                ++m_sent;
            }
        }
        m_tls->conclude(s, failed || !open || m_got >= m_requests * m_answer);
    }

    TlsVersion m_version;
    std::string m_request;
    std::size_t m_answer;
    std::size_t m_requests;
    bool m_resume, m_early;
    std::shared_ptr<TlsSessionCache> m_sessions;
    bool m_resent = false;
    std::optional<TlsEnd> m_tls;
    std::size_t m_sent = 0;
    std::size_t m_got = 0;
};

class TlsServer final : public Application {
public:
    TlsServer(TlsVersion v, TlsCertificate shown, std::uint32_t request_bytes, std::uint32_t response_bytes)
        : m_tls(true, v, shown), m_http(request_bytes, response_bytes) {}
    [[nodiscard]] bool readsBytes() const override { return true; }

    void readable(AppSocket& s) override {
        m_tls.feed(s.take());
        bool failed = false;
        bool open = true;
        // 0-RTT data first: the request it holds is answered at once, after the server's
        // Finished (0.5-RTT data, RFC 8446 §2.3), before the client's Finished comes.
        std::vector<std::uint8_t> early;
        const bool early_done = m_tls.readEarly(early, failed);
        if (!early.empty()) m_http.count(m_tls, early.size());
        if (early_done && !failed && m_tls.handshake(failed)) open = m_http.serve(m_tls);
        m_tls.conclude(s, failed || !open);
    }
    void closed(AppSocket& s) override {
        m_tls.flush(s);
        s.close();
    }

private:
    TlsEnd m_tls;
    Http11Server m_http;
};

}  // namespace

// --- TlsEnd ------------------------------------------------------------------------------------

TlsSessionCache::~TlsSessionCache() {
    for (SSL_SESSION* s : m_sessions) SSL_SESSION_free(s);
}

SSL_SESSION* TlsSessionCache::take() {
    if (m_sessions.empty()) return nullptr;
    SSL_SESSION* s = m_sessions.back();
    m_sessions.pop_back();
    return s;
}

std::shared_ptr<TlsSessionCache> makeTlsSessionCache() { return std::make_shared<TlsSessionCache>(); }

TlsEnd::TlsEnd(bool server, TlsVersion version, TlsCertificate shown, std::string alpn)
    : m_version(version), m_server(server) {
    m_ssl = SSL_new(server ? serverContext(version, shown) : clientContext(version));
    if (!m_ssl) fail("SSL_new");
    m_in = BIO_new(BIO_s_mem());
    m_out = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(m_in, -1);   // no bytes yet is "wait", not the end
    SSL_set_bio(m_ssl, m_in, m_out);
    SSL_set_app_data(m_ssl, this);
    SSL_set_msg_callback(m_ssl, &TlsEnd::onMessage);
    SSL_set_msg_callback_arg(m_ssl, this);
    if (!alpn.empty()) m_alpn_wire = std::string(1, static_cast<char>(alpn.size())) + alpn;
    if (server) {
        SSL_set_accept_state(m_ssl);
    } else {
        SSL_set_connect_state(m_ssl);
        SSL_set_tlsext_host_name(m_ssl, kTlsServerName);
        SSL_set1_host(m_ssl, kTlsServerName);
        if (!m_alpn_wire.empty() &&
            SSL_set_alpn_protos(m_ssl, reinterpret_cast<const unsigned char*>(m_alpn_wire.data()),
                                static_cast<unsigned>(m_alpn_wire.size())) != 0)   // 0 is success here
            fail("SSL_set_alpn_protos");
    }
}

TlsEnd::~TlsEnd() { SSL_free(m_ssl); }

void TlsEnd::feed(const std::vector<std::uint8_t>& bytes) {
    if (!bytes.empty()) BIO_write(m_in, bytes.data(), static_cast<int>(bytes.size()));
}

bool TlsEnd::handshake(bool& failed) {
    if (SSL_is_init_finished(m_ssl)) return true;
    const int r = SSL_do_handshake(m_ssl);
    if (r == 1) return true;
    const int e = SSL_get_error(m_ssl, r);
    failed = e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE;
    ERR_clear_error();
    return false;
}

void TlsEnd::write(const std::uint8_t* data, std::size_t length, std::vector<std::string> names,
                   std::vector<MessageDetail> details) {
    // One SSL_write per record, so that each record is one entry of m_written, queued after the
    // call: a write may first put handshake messages out (a client's ClientHello before its
    // 0-RTT data), and their entries come from the message callback during it.
    constexpr std::size_t kMaxRecord = 16384;   // RFC 8446 §5.1: 2^14 bytes of plaintext
    // Before the handshake is done: a client's 0-RTT data, or a server's answer to it (0.5-RTT).
    const bool early = !SSL_is_init_finished(m_ssl);
    for (std::size_t at = 0; at < length; at += kMaxRecord) {
        const std::size_t n = std::min(kMaxRecord, length - at);
        std::size_t written = 0;
        if (early) SSL_write_early_data(m_ssl, data + at, n, &written);
        else written = static_cast<std::size_t>(std::max(0, SSL_write(m_ssl, data + at, static_cast<int>(n))));
        ERR_clear_error();
        if (written == 0) break;
        // (A record split at 16 KiB keeps the details with its first part.)
        m_written.push_back({23, names, n, {}, early && !m_server, at == 0 ? details : std::vector<MessageDetail>{}});
    }
}

bool TlsEnd::resumeFrom(const std::shared_ptr<TlsSessionCache>& sessions) {
    SSL_SESSION* s = sessions ? sessions->take() : nullptr;
    if (!s) return false;
    const bool ok = SSL_set_session(m_ssl, s) == 1;
    SSL_SESSION_free(s);
    return ok;
}

bool TlsEnd::mayWriteEarly() const {
    const SSL_SESSION* s = SSL_get0_session(m_ssl);
    return s && SSL_SESSION_get_max_early_data(s) > 0;
}

bool TlsEnd::earlyDataRejected() const { return SSL_get_early_data_status(m_ssl) == SSL_EARLY_DATA_REJECTED; }

bool TlsEnd::readEarly(std::vector<std::uint8_t>& out, bool& failed) {
    if (m_early_done || m_version != TlsVersion::Tls13) return true;
    std::uint8_t buffer[16384];
    for (;;) {
        std::size_t n = 0;
        const int r = SSL_read_early_data(m_ssl, buffer, sizeof buffer, &n);
        if (r == SSL_READ_EARLY_DATA_SUCCESS) {
            out.insert(out.end(), buffer, buffer + n);
            continue;
        }
        if (r == SSL_READ_EARLY_DATA_FINISH) {
            m_early_done = true;
            return true;
        }
        const int e = SSL_get_error(m_ssl, r);
        ERR_clear_error();
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return false;
        failed = true;
        return true;
    }
}

bool TlsEnd::read(std::vector<std::uint8_t>& out) {
    std::uint8_t buffer[16384];
    for (;;) {
        const int n = SSL_read(m_ssl, buffer, sizeof buffer);
        if (n > 0) {
            out.insert(out.end(), buffer, buffer + n);
            continue;
        }
        const bool open = SSL_get_error(m_ssl, n) != SSL_ERROR_ZERO_RETURN;
        ERR_clear_error();
        return open;
    }
}

void TlsEnd::shutdown() { SSL_shutdown(m_ssl); }

std::string TlsEnd::alpn() const {
    const unsigned char* name = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(m_ssl, &name, &length);
    return name ? std::string(reinterpret_cast<const char*>(name), length) : std::string();
}

void TlsEnd::flush(AppSocket& s) {
    for (std::string& line : m_key_log) s.keyLog(std::move(line));
    m_key_log.clear();
    const auto pending = BIO_ctrl_pending(m_out);
    if (pending == 0) return;
    std::vector<std::uint8_t> out(pending);
    out.resize(static_cast<std::size_t>(std::max(0, BIO_read(m_out, out.data(), static_cast<int>(out.size())))));
    const std::uint64_t base = s.written();
    for (std::size_t at = 0; at + 5 <= out.size();) {
        const std::size_t length = std::size_t{out[at + 3]} << 8 | out[at + 4];
        const std::size_t end = std::min(out.size(), at + 5 + length);
        Named named = nameRecord(out[at], out.data() + at + 5, end - at - 5);
        s.describe(base + at, static_cast<std::uint32_t>(end - at), std::move(named.name), named.application,
                   std::move(named.details));
        at = end;
    }
    s.send(Payload(std::move(out)));
}

// OpenSSL tells of each message as it writes (and reads) it: the messages inside the encrypted
// records, which the bytes do not show.
void TlsEnd::onMessage(int write_p, int, int content_type, const void* buf, std::size_t len, SSL* ssl, void* arg) {
    if (!write_p || len == 0) return;
    auto* self = static_cast<TlsEnd*>(arg);
    const auto* b = static_cast<const std::uint8_t*>(buf);
    if (content_type == SSL3_RT_HANDSHAKE) {
        const bool tls13 = self->m_version == TlsVersion::Tls13;
        std::vector<MessageField> fields = handshakeFields(b, len, tls13, ssl);
        // The chain a server sends, checked as its client will check it.
        if (b[0] == 11 && SSL_is_server(ssl)) {
            const std::vector<X509*> chain = certificateChain(b, len, tls13);
            const std::vector<MessageField> steps = verificationSteps(chain);
            fields.insert(fields.end(), steps.begin(), steps.end());
            for (X509* c : chain) X509_free(c);
        }
        self->m_written.push_back({22, {handshakeName(b[0])}, len, std::move(fields)});
    } else if (content_type == SSL3_RT_ALERT && len >= 2) {
        self->m_written.push_back({21, {alertName(b[1])}, len});
    }
}

TlsEnd::Named TlsEnd::nameRecord(std::uint8_t type, const std::uint8_t* body, std::size_t length) {
    const bool tls13 = m_version == TlsVersion::Tls13;
    std::string names;
    const auto add = [&](const std::string& n, bool encrypted) {
        if (!names.empty()) names += ", ";
        names += encrypted ? "{" + n + "}" : n;
    };
    std::vector<MessageDetail> details;
    const auto detail = [&](const Written& w, bool encrypted) {
        if (!w.fields.empty() && !w.names.empty())
            details.push_back({encrypted ? "{" + w.names.front() + "}" : w.names.front(), w.fields});
    };
    const auto addAll = [&](const Written& w) {
        for (const std::string& n : w.names) add(n, true);
        detail(w, true);
    };
    const auto popOne = [&](int of) {
        if (!m_written.empty() && m_written.front().type == of) {
            if (m_written.front().early) {
                // What the early traffic keys protect, in parentheses (RFC 8446 §2.3, Figure 4).
                for (const std::string& n : m_written.front().names) add("(" + n + ")", false);
            } else {
                addAll(m_written.front());
            }
            for (MessageDetail& d : m_written.front().details) {
                d.name = m_written.front().early ? "(" + d.name + ")" : "{" + d.name + "}";
                details.push_back(std::move(d));
            }
            m_written.pop_front();
            return true;
        }
        return false;
    };
    switch (type) {
        case 20:   // ChangeCipherSpec: in TLS 1.2 what follows from this side is encrypted
            if (!tls13) m_encrypting = true;
            return {"ChangeCipherSpec"};
        case 22:
            if (m_encrypting) {
                popOne(22);
                return {names.empty() ? "{Handshake}" : names, false, std::move(details)};
            }
            // Plaintext: the messages are there to read (type, 24-bit length, body).
            for (std::size_t i = 0; i + 4 <= length;) {
                add(handshakeName(body[i]), false);
                i += 4 + (std::size_t{body[i + 1]} << 16 | std::size_t{body[i + 2]} << 8 | body[i + 3]);
                if (!m_written.empty() && m_written.front().type == 22) {
                    detail(m_written.front(), false);
                    m_written.pop_front();
                }
            }
            return {names.empty() ? "Handshake" : names, false, std::move(details)};
        case 21:
            if (m_encrypting) {
                popOne(21);
                return {names.empty() ? "{Alert}" : names};
            }
            if (!m_written.empty() && m_written.front().type == 21) m_written.pop_front();
            return {length >= 2 ? alertName(body[1]) : "Alert"};
        case 23: {
            // A record of write()'s: one entry each, in order.
            if (popOne(23)) return {names, true, std::move(details)};
            if (tls13) {
                // TLSInnerPlaintext: the messages, their content type (1 byte), the AEAD tag
                // (16 bytes, AES-GCM and ChaCha20-Poly1305 alike), no padding from OpenSSL.
                const std::size_t inner = length >= 17 ? length - 17 : 0;
                std::size_t taken = 0;
                while (!m_written.empty() && m_written.front().type != 23 && taken + m_written.front().length <= inner) {
                    taken += m_written.front().length;
                    addAll(m_written.front());
                    m_written.pop_front();
                }
            }
            if (!names.empty()) return {names, false, std::move(details)};
            return {"{Application Data}", true};
        }
        default:
            return {"TLS record " + std::to_string(type)};
    }
}

namespace {

int selectAlpn(SSL* ssl, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
               unsigned int in_length, void*) {
    const auto* end = static_cast<const TlsEnd*>(SSL_get_app_data(ssl));
    const std::string* mine = end ? end->alpnWire() : nullptr;
    if (!mine) return SSL_TLSEXT_ERR_NOACK;
    unsigned char* chosen = nullptr;
    unsigned char chosen_length = 0;
    if (SSL_select_next_proto(&chosen, &chosen_length, reinterpret_cast<const unsigned char*>(mine->data()),
                              static_cast<unsigned>(mine->size()), in, in_length) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;   // http/1.1 then, as the client offered it too
    *out = chosen;
    *out_length = chosen_length;
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace

Http11Server::Http11Server(std::uint32_t request_bytes, std::uint32_t response_bytes)
    : m_request(httpRequest(request_bytes).size()), m_answer(httpResponse(response_bytes)) {}

bool Http11Server::serve(TlsEnd& tls) {
    std::size_t got = 0;
    const bool open = readCount(tls, got);
    count(tls, got);
    return open;
}

void Http11Server::count(TlsEnd& tls, std::size_t bytes) {
    m_got += bytes;
    for (; m_answered < m_got / m_request; ++m_answered) tls.write(m_answer, {"Application Data"});
}

namespace {

std::string pemOf(int (*write)(BIO*, const void*), const void* what) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (!bio || write(bio, what) != 1) fail("PEM encoding");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
}
int writeCertificate(BIO* bio, const void* c) { return PEM_write_bio_X509(bio, static_cast<const X509*>(c)); }
int writeKey(BIO* bio, const void* k) {
    return PEM_write_bio_PrivateKey(bio, static_cast<const EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr, nullptr);
}

}  // namespace

TestPkiPem testPkiPem(TlsCertificate which) {
    const Pki& pki = testPki();
    const Chain& c = pki.chains.at(static_cast<std::size_t>(which));
    return {pemOf(writeCertificate, c.server) + pemOf(writeCertificate, c.intermediate), pemOf(writeKey, c.key),
            pemOf(writeCertificate, pki.root)};
}

std::unique_ptr<Application> makeTlsClientApplication(const ClientProgram& client, const ServerProgram& server,
                                                      std::shared_ptr<TlsSessionCache> sessions) {
    return std::make_unique<TlsClient>(client, server.response_bytes, std::move(sessions));
}

std::unique_ptr<Application> makeTlsServerApplication(const ServerProgram& server, const ClientProgram& client) {
    return std::make_unique<TlsServer>(server.tls, server.certificate, client.request_bytes, server.response_bytes);
}

}  // namespace tcpviz::core
