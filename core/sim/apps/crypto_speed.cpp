#include "core/sim/apps/crypto_speed.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace tcpviz::core {

namespace {

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("crypto speed: ") + what + " failed");
}

struct PkeyCtx {
    EVP_PKEY_CTX* p = nullptr;
    explicit PkeyCtx(EVP_PKEY_CTX* c) : p(c) { check(p != nullptr, "EVP_PKEY_CTX_new"); }
    ~PkeyCtx() { EVP_PKEY_CTX_free(p); }
    PkeyCtx(const PkeyCtx&) = delete;
    PkeyCtx& operator=(const PkeyCtx&) = delete;
};

// A signature of `message` with `key` (`digest` null for Ed25519, which hashes its own); its
// length, 0 when OpenSSL failed.
std::size_t digestSign(EVP_PKEY* key, const EVP_MD* digest, const unsigned char* message, std::size_t length,
                       unsigned char* signature, std::size_t room) {
    std::size_t n = room;
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    const bool ok = md && EVP_DigestSignInit(md, nullptr, digest, nullptr, key) == 1 &&
                    EVP_DigestSign(md, signature, &n, message, length) == 1;
    EVP_MD_CTX_free(md);
    return ok ? n : 0;
}

}  // namespace

struct CryptoOperations::Keys {
    EVP_PKEY* ed25519 = nullptr;
    EVP_PKEY* rsa = nullptr;
    EVP_PKEY* peer_x25519 = nullptr;
    EVP_CIPHER_CTX* gcm = nullptr;
    std::array<unsigned char, 32> key{};
    std::array<unsigned char, 12> iv{};
    std::vector<unsigned char> record = std::vector<unsigned char>(kRecordBytes, 'x');
    std::vector<unsigned char> sealed = std::vector<unsigned char>(kRecordBytes + 16);
    std::array<unsigned char, 64> message{};
    std::vector<unsigned char> ed_signature = std::vector<unsigned char>(64);
    std::vector<unsigned char> rsa_ciphertext;
    std::uint64_t sequence = 0;
};

CryptoOperations::CryptoOperations() : m_keys(new Keys) {
    Keys& k = *m_keys;
    k.ed25519 = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    k.rsa = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048));
    k.peer_x25519 = EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519");
    k.gcm = EVP_CIPHER_CTX_new();
    check(k.ed25519 && k.rsa && k.peer_x25519 && k.gcm, "key generation");
    check(EVP_EncryptInit_ex(k.gcm, EVP_aes_256_gcm(), nullptr, k.key.data(), k.iv.data()) == 1, "AES-GCM setup");
    check(digestSign(k.ed25519, nullptr, k.message.data(), k.message.size(), k.ed_signature.data(),
                     k.ed_signature.size()) > 0,
          "Ed25519 signature");
    // One block for decryptRsa2048 to open, the most OAEP carries.
    PkeyCtx enc(EVP_PKEY_CTX_new(k.rsa, nullptr));
    check(EVP_PKEY_encrypt_init(enc.p) == 1 && EVP_PKEY_CTX_set_rsa_padding(enc.p, RSA_PKCS1_OAEP_PADDING) == 1,
          "RSA setup");
    std::size_t out = 0;
    check(EVP_PKEY_encrypt(enc.p, nullptr, &out, k.record.data(), CryptoSpeed::kRsaOaepBytes) == 1, "RSA size");
    k.rsa_ciphertext.resize(out);
    check(EVP_PKEY_encrypt(enc.p, k.rsa_ciphertext.data(), &out, k.record.data(), CryptoSpeed::kRsaOaepBytes) == 1,
          "RSA encryption");
}

CryptoOperations::~CryptoOperations() {
    EVP_PKEY_free(m_keys->ed25519);
    EVP_PKEY_free(m_keys->rsa);
    EVP_PKEY_free(m_keys->peer_x25519);
    EVP_CIPHER_CTX_free(m_keys->gcm);
    delete m_keys;
}

std::size_t CryptoOperations::encryptRecord() {
    Keys& k = *m_keys;
    // A fresh nonce per record, as TLS 1.3 makes one from the sequence number (RFC 8446 §5.3).
    ++k.sequence;
    for (std::size_t i = 0; i < 8; ++i) k.iv[4 + i] = static_cast<unsigned char>(k.sequence >> (8 * i));
    int n = 0, tail = 0;
    check(EVP_EncryptInit_ex(k.gcm, nullptr, nullptr, nullptr, k.iv.data()) == 1 &&
              EVP_EncryptUpdate(k.gcm, k.sealed.data(), &n, k.record.data(), static_cast<int>(k.record.size())) == 1 &&
              EVP_EncryptFinal_ex(k.gcm, k.sealed.data() + n, &tail) == 1 &&
              EVP_CIPHER_CTX_ctrl(k.gcm, EVP_CTRL_GCM_GET_TAG, 16, k.sealed.data() + kRecordBytes) == 1,
          "AES-GCM");
    return static_cast<std::size_t>(n + tail) + k.sealed[kRecordBytes];
}

std::size_t CryptoOperations::agreeX25519() {
    // What each side of a TLS 1.3 handshake does: a key pair of its own, and the secret with the peer's share.
    EVP_PKEY* mine = EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519");
    check(mine != nullptr, "X25519 key");
    PkeyCtx ctx(EVP_PKEY_CTX_new(mine, nullptr));
    std::array<unsigned char, 32> secret{};
    std::size_t n = secret.size();
    const bool ok = EVP_PKEY_derive_init(ctx.p) == 1 && EVP_PKEY_derive_set_peer(ctx.p, m_keys->peer_x25519) == 1 &&
                    EVP_PKEY_derive(ctx.p, secret.data(), &n) == 1;
    EVP_PKEY_free(mine);
    check(ok, "X25519 agreement");
    return n + secret[0];
}

std::size_t CryptoOperations::signEd25519() {
    Keys& k = *m_keys;
    std::array<unsigned char, 64> signature{};
    const std::size_t n = digestSign(k.ed25519, nullptr, k.message.data(), k.message.size(), signature.data(), signature.size());
    check(n > 0, "Ed25519 signature");
    return n + signature[0];
}

std::size_t CryptoOperations::verifyEd25519() {
    Keys& k = *m_keys;
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    const bool ok = md && EVP_DigestVerifyInit(md, nullptr, nullptr, nullptr, k.ed25519) == 1 &&
                    EVP_DigestVerify(md, k.ed_signature.data(), k.ed_signature.size(), k.message.data(),
                                     k.message.size()) == 1;
    EVP_MD_CTX_free(md);
    check(ok, "Ed25519 verification");
    return 1;
}

std::size_t CryptoOperations::signRsa2048() {
    Keys& k = *m_keys;
    std::array<unsigned char, 256> signature{};
    const std::size_t n = digestSign(k.rsa, EVP_sha256(), k.message.data(), k.message.size(), signature.data(), signature.size());
    check(n > 0, "RSA signature");
    return n + signature[0];
}

std::size_t CryptoOperations::decryptRsa2048() {
    Keys& k = *m_keys;
    PkeyCtx ctx(EVP_PKEY_CTX_new(k.rsa, nullptr));
    std::array<unsigned char, 256> plain{};
    std::size_t n = plain.size();
    check(EVP_PKEY_decrypt_init(ctx.p) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx.p, RSA_PKCS1_OAEP_PADDING) == 1 &&
              EVP_PKEY_decrypt(ctx.p, plain.data(), &n, k.rsa_ciphertext.data(), k.rsa_ciphertext.size()) == 1,
          "RSA decryption");
    return n;
}

CryptoSpeed measureCryptoSpeed(std::chrono::milliseconds each) {
    CryptoOperations ops;
    const auto rate = [&](auto&& op) {
        using Clock = std::chrono::steady_clock;
        const auto start = Clock::now();
        std::size_t n = 0, sink = 0;
        Clock::duration spent{};
        do {
            for (int i = 0; i < 8; ++i) sink += op();
            n += 8;
            spent = Clock::now() - start;
        } while (spent < each);
        volatile std::size_t keep = sink;
        (void)keep;
        return static_cast<double>(n) / std::chrono::duration<double>(spent).count();
    };
    CryptoSpeed s;
    s.library = OpenSSL_version(OPENSSL_VERSION);
    s.aes_gcm_bytes_per_s = rate([&] { return ops.encryptRecord(); }) * CryptoOperations::kRecordBytes;
    s.x25519_per_s = rate([&] { return ops.agreeX25519(); });
    s.ed25519_sign_per_s = rate([&] { return ops.signEd25519(); });
    s.ed25519_verify_per_s = rate([&] { return ops.verifyEd25519(); });
    s.rsa2048_sign_per_s = rate([&] { return ops.signRsa2048(); });
    s.rsa2048_decrypt_per_s = rate([&] { return ops.decryptRsa2048(); });
    return s;
}

}  // namespace tcpviz::core
