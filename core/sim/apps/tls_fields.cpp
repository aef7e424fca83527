#include "core/sim/apps/tls_fields.h"

#include <openssl/asn1.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <optional>
#include <string>

namespace tcpviz::core {

namespace {

// A cursor over a message's bytes: every read is checked against the end.
class Reader {
public:
    Reader(const std::uint8_t* p, std::size_t n) : m_p(p), m_end(p + n) {}
    [[nodiscard]] std::size_t left() const { return static_cast<std::size_t>(m_end - m_p); }
    [[nodiscard]] bool ok() const { return m_ok; }
    std::uint32_t number(std::size_t bytes) {
        if (left() < bytes) return fail();
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < bytes; ++i) v = v << 8 | *m_p++;
        return v;
    }
    // A length of `bytes`, then that many bytes.
    Reader vector(std::size_t bytes) {
        const std::uint32_t n = number(bytes);
        if (left() < n) {
            fail();
            return {m_p, 0};
        }
        Reader r(m_p, n);
        m_p += n;
        return r;
    }
    void skip(std::size_t n) {
        if (left() < n) fail();
        else m_p += n;
    }
    [[nodiscard]] const std::uint8_t* at() const { return m_p; }

private:
    std::uint32_t fail() {
        m_ok = false;
        m_p = m_end;
        return 0;
    }
    const std::uint8_t* m_p;
    const std::uint8_t* m_end;
    bool m_ok = true;
};

std::string versionName(std::uint32_t v) {
    switch (v) {
        case 0x0304: return "TLS 1.3";
        case 0x0303: return "TLS 1.2";
        case 0x0302: return "TLS 1.1";
        case 0x0301: return "TLS 1.0";
        default: return "0x" + std::to_string(v);
    }
}

// RFC 8446 §4.2.7's NamedGroup names (OpenSSL 3.0's SSL_group_to_name takes its own ids).
std::string groupName(std::uint32_t id) {
    switch (id) {
        case 0x0017: return "secp256r1";
        case 0x0018: return "secp384r1";
        case 0x0019: return "secp521r1";
        case 0x001d: return "x25519";
        case 0x001e: return "x448";
        case 0x0100: return "ffdhe2048";
        case 0x0101: return "ffdhe3072";
        default: return "group " + std::to_string(id);
    }
}

// RFC 8446 §4.2.3's SignatureScheme names.
std::string schemeName(std::uint32_t id) {
    switch (id) {
        case 0x0807: return "ed25519";
        case 0x0808: return "ed448";
        case 0x0403: return "ecdsa_secp256r1_sha256";
        case 0x0503: return "ecdsa_secp384r1_sha384";
        case 0x0804: return "rsa_pss_rsae_sha256";
        case 0x0805: return "rsa_pss_rsae_sha384";
        case 0x0401: return "rsa_pkcs1_sha256";
        default: return "scheme " + std::to_string(id);
    }
}

std::string suiteName(const SSL* ssl, const std::uint8_t* two) {
    if (const SSL_CIPHER* c = SSL_CIPHER_find(const_cast<SSL*>(ssl), two)) return SSL_CIPHER_standard_name(c);
    const std::uint32_t id = std::uint32_t{two[0]} << 8 | two[1];
    return id == 0x00ff ? "TLS_EMPTY_RENEGOTIATION_INFO_SCSV" : "suite " + std::to_string(id);
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

// The extensions of a hello or of EncryptedExtensions.
void readExtensions(Reader extensions, bool client, std::vector<MessageField>& out,
                    std::optional<std::string>& version) {
    while (extensions.ok() && extensions.left() >= 4) {
        const std::uint32_t type = extensions.number(2);
        Reader e = extensions.vector(2);
        switch (type) {
            case 0: {   // server_name (RFC 6066 §3)
                if (!client) break;
                Reader list = e.vector(2);
                if (list.number(1) == 0) {
                    Reader name = list.vector(2);
                    if (list.ok()) out.push_back({MessageFieldKind::ServerName, {std::string(name.at(), name.at() + name.left())}});
                }
                break;
            }
            case 16: {   // application_layer_protocol_negotiation (RFC 7301 §3.1)
                Reader list = e.vector(2);
                std::vector<std::string> names;
                while (list.ok() && list.left() > 0) {
                    Reader n = list.vector(1);
                    names.emplace_back(n.at(), n.at() + n.left());
                }
                out.push_back({MessageFieldKind::Alpn, {joined(names)}});
                break;
            }
            case 43: {   // supported_versions (RFC 8446 §4.2.1)
                std::vector<std::string> names;
                if (client) {
                    Reader list = e.vector(1);
                    while (list.ok() && list.left() >= 2) names.push_back(versionName(list.number(2)));
                } else {
                    names.push_back(versionName(e.number(2)));
                }
                version = joined(names);
                break;
            }
            case 51: {   // key_share (RFC 8446 §4.2.8)
                std::vector<std::string> groups;
                Reader entries = client ? e.vector(2) : e;
                while (entries.ok() && entries.left() >= 4) {
                    groups.push_back(groupName(entries.number(2)));
                    entries.vector(2);
                    if (!client) break;
                }
                out.push_back({MessageFieldKind::KeyShare, {joined(groups)}});
                break;
            }
            default: break;
        }
    }
}

std::string commonName(const X509_NAME* name) {
    const int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (at < 0) return "?";
    const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<std::size_t>(ASN1_STRING_length(s)));
}

}  // namespace

std::string dayOf(const ASN1_TIME* t) {
    tm when{};
    if (!t || ASN1_TIME_to_tm(t, &when) != 1) return "?";
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", when.tm_year + 1900, when.tm_mon + 1, when.tm_mday);
    return text;
}

std::vector<std::string> describeCertificate(const X509* cert) {
    return {commonName(X509_get_subject_name(cert)), commonName(X509_get_issuer_name(cert)),
            dayOf(X509_get0_notBefore(cert)), dayOf(X509_get0_notAfter(cert))};
}

std::string subjectName(const X509* cert) { return commonName(X509_get_subject_name(cert)); }
std::string issuerName(const X509* cert) { return commonName(X509_get_issuer_name(cert)); }

std::vector<X509*> certificateChain(const std::uint8_t* message, std::size_t length, bool tls13) {
    std::vector<X509*> out;
    Reader m(message, length);
    if (m.number(1) != 11) return out;
    Reader body = m.vector(3);
    if (tls13) body.vector(1);   // certificate_request_context
    Reader list = body.vector(3);
    while (list.ok() && list.left() > 3) {
        Reader der = list.vector(3);
        const unsigned char* p = der.at();
        if (X509* c = d2i_X509(nullptr, &p, static_cast<long>(der.left()))) out.push_back(c);
        if (tls13) list.vector(2);   // its extensions
    }
    return out;
}

std::vector<MessageField> handshakeFields(const std::uint8_t* message, std::size_t length, bool tls13, const SSL* ssl) {
    std::vector<MessageField> out;
    Reader m(message, length);
    const std::uint32_t type = m.number(1);
    Reader body = m.vector(3);
    if (!m.ok()) return out;
    std::optional<std::string> version;
    switch (type) {
        case 1: {   // ClientHello (RFC 8446 §4.1.2)
            const std::uint32_t legacy = body.number(2);
            body.skip(32);   // random
            body.vector(1);  // legacy_session_id
            Reader suites = body.vector(2);
            std::vector<std::string> names;
            while (suites.ok() && suites.left() >= 2) {
                names.push_back(suiteName(ssl, suites.at()));
                suites.skip(2);
            }
            body.vector(1);  // compression methods
            std::vector<MessageField> ext;
            readExtensions(body.vector(2), true, ext, version);
            out.push_back({MessageFieldKind::Version, {version.value_or(versionName(legacy))}});
            out.push_back({MessageFieldKind::CipherSuites, {joined(names)}});
            out.insert(out.end(), ext.begin(), ext.end());
            break;
        }
        case 2: {   // ServerHello (RFC 8446 §4.1.3)
            const std::uint32_t legacy = body.number(2);
            body.skip(32);
            body.vector(1);
            const std::string suite = body.left() >= 2 ? suiteName(ssl, body.at()) : std::string();
            body.skip(2);
            body.skip(1);   // compression
            std::vector<MessageField> ext;
            if (body.left() >= 2) readExtensions(body.vector(2), false, ext, version);
            out.push_back({MessageFieldKind::Version, {version.value_or(versionName(legacy))}});
            out.push_back({MessageFieldKind::CipherSuite, {suite}});
            out.insert(out.end(), ext.begin(), ext.end());
            break;
        }
        case 8:   // EncryptedExtensions (RFC 8446 §4.3.1)
            readExtensions(body.vector(2), false, out, version);
            break;
        case 11:   // Certificate
            for (X509* c : certificateChain(message, length, tls13)) {
                out.push_back({MessageFieldKind::Certificate, describeCertificate(c)});
                X509_free(c);
            }
            break;
        case 12: {   // ServerKeyExchange (RFC 8422 §5.4): a named curve's key, and its signature
            if (body.number(1) == 3) {
                out.push_back({MessageFieldKind::KeyShare, {groupName(body.number(2))}});
                body.vector(1);
                out.push_back({MessageFieldKind::SignatureAlgorithm, {schemeName(body.number(2))}});
            }
            break;
        }
        case 15:   // CertificateVerify (RFC 8446 §4.4.3)
            out.push_back({MessageFieldKind::SignatureAlgorithm, {schemeName(body.number(2))}});
            break;
        default: break;
    }
    if (!body.ok()) out.clear();   // a message that does not parse says nothing rather than something wrong
    return out;
}

}  // namespace tcpviz::core
