#pragma once
// How fast this machine's OpenSSL does the work of a TLS connection (issue 18's
// why-symmetric-keys lesson): the public-key operations a handshake needs once, against the
// symmetric cipher every byte after it goes through. `tcpviz --measure-crypto` prints it; the
// lesson quotes a run of it, and tests/bench/core_bench.cpp times the same operations.
#include <chrono>
#include <cstddef>
#include <string>

namespace tcpviz::core {

struct CryptoSpeed {
    std::string library;                // "OpenSSL 3.0.19 ..." as it names itself
    // Each for as long as it was asked to run, on one core.
    double aes_gcm_bytes_per_s = 0;     // AES-256-GCM (TLS 1.3's first suite here), 16 KiB records
    double x25519_per_s = 0;            // ECDHE key agreements: a key pair made and a secret derived
    double ed25519_sign_per_s = 0;      // the server's CertificateVerify
    double ed25519_verify_per_s = 0;    // the client's checks of it and of the chain
    double rsa2048_sign_per_s = 0;      // the same with an RSA-2048 key, PKCS#1 v1.5 and SHA-256
    double rsa2048_decrypt_per_s = 0;   // RSA-2048 private-key decryptions (OAEP)
    // What one RSA-2048 OAEP (SHA-1) operation carries: 256 - 2 * 20 - 2 bytes (RFC 8017 §7.1.1).
    static constexpr std::size_t kRsaOaepBytes = 214;
    [[nodiscard]] double rsaDecryptBytesPerS() const { return rsa2048_decrypt_per_s * kRsaOaepBytes; }
};

// Runs each operation for about `each` (throws std::runtime_error if OpenSSL fails).
CryptoSpeed measureCryptoSpeed(std::chrono::milliseconds each = std::chrono::milliseconds(200));

// The single operations, for the benchmarks: each returns something derived from its result.
class CryptoOperations {
public:
    CryptoOperations();
    ~CryptoOperations();
    CryptoOperations(const CryptoOperations&) = delete;
    CryptoOperations& operator=(const CryptoOperations&) = delete;
    std::size_t encryptRecord();   // AES-256-GCM of one 16 KiB record
    std::size_t agreeX25519();
    std::size_t signEd25519();
    std::size_t verifyEd25519();
    std::size_t signRsa2048();
    std::size_t decryptRsa2048();
    static constexpr std::size_t kRecordBytes = 16384;

private:
    struct Keys;
    Keys* m_keys;
};

}  // namespace tcpviz::core
