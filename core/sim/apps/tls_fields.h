#pragma once
// What the inspector shows of a TLS handshake message (issue 18), read off the message as
// OpenSSL's message callback hands it over (its type, 24-bit length and body, in the clear even
// when the record carrying it is encrypted): versions, cipher suites, key-share groups, SNI,
// ALPN, signature algorithms, and the certificates of a chain.
#include <cstdint>
#include <string>
#include <vector>

#include <openssl/types.h>

#include "core/trace/trace.h"

namespace tcpviz::core {

// The fields of ClientHello, ServerHello, EncryptedExtensions, Certificate (each certificate's
// names and dates), CertificateVerify and ServerKeyExchange; none for the others, or for bytes
// that do not parse. `ssl` names the cipher suites and groups.
std::vector<MessageField> handshakeFields(const std::uint8_t* message, std::size_t length, bool tls13, const SSL* ssl);

// The certificates of a Certificate message, leaf first (the caller frees them).
std::vector<X509*> certificateChain(const std::uint8_t* message, std::size_t length, bool tls13);

// {subject CN, issuer CN, not before, not after}: "www.example.com", "tcpviz Test Intermediate CA",
// "2026-01-01", "2036-01-01".
std::vector<std::string> describeCertificate(const X509* cert);
std::string subjectName(const X509* cert);
std::string issuerName(const X509* cert);
// A day as ISO 8601 writes it, "2026-12-01".
std::string dayOf(const ASN1_TIME* t);

}  // namespace tcpviz::core
