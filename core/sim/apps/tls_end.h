#pragma once
// One end of a TLS connection through OpenSSL 3, between memory BIOs (issue 18): what the HTTPS
// and HTTP/2 programs (tls.cpp, http2.cpp) share. It is fed the bytes the connection delivers,
// and flush() sends what OpenSSL wrote, each record named (AppSocket::describe) with the
// messages it carries: plaintext records are read off the bytes, encrypted handshake messages
// come from OpenSSL's message callback, and application records carry the names their program
// gave with write().
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <openssl/ssl.h>

#include "core/scenario/host_scenario.h"
#include "core/sim/application.h"


namespace tcpviz::core {

// The session tickets a client host keeps (tls.h), newest last.
class TlsSessionCache {
public:
    TlsSessionCache() = default;
    ~TlsSessionCache();
    TlsSessionCache(const TlsSessionCache&) = delete;
    TlsSessionCache& operator=(const TlsSessionCache&) = delete;
    void add(SSL_SESSION* s) { m_sessions.push_back(s); }   // takes it
    // The newest, for the caller to free; null when there is none. A ticket is used once.
    SSL_SESSION* take();

private:
    std::vector<SSL_SESSION*> m_sessions;
};

class TlsEnd {
public:
    // `alpn`: the protocols a client offers, or the one a server takes when it is offered
    // ("h2"); empty: no ALPN extension.
    TlsEnd(bool server, TlsVersion version, TlsCertificate shown = TlsCertificate::Good, std::string alpn = {});
    ~TlsEnd();
    TlsEnd(const TlsEnd&) = delete;
    TlsEnd& operator=(const TlsEnd&) = delete;

    [[nodiscard]] SSL* ssl() const { return m_ssl; }
    void feed(const std::vector<std::uint8_t>& bytes);
    // Runs the handshake on: true once it is done; `failed` when it cannot be (an alert is
    // waiting to be flushed).
    bool handshake(bool& failed);
    // Application bytes, in records of at most 16 KiB, each named `names` ("HEADERS[1]"; the
    // braces are added). Once the handshake is done.
    // `details`: what the inspector lists of those messages (an HTTP/2 frame's header fields),
    // named as `names` are.
    void write(const std::uint8_t* data, std::size_t length, std::vector<std::string> names,
               std::vector<MessageDetail> details = {});
    void write(const std::string& data, std::vector<std::string> names) {
        write(reinterpret_cast<const std::uint8_t*>(data.data()), data.size(), std::move(names));
    }
    // Appends what has been decrypted to `out`; false once the peer's close_notify came.
    bool read(std::vector<std::uint8_t>& out);
    // A client: resumes the newest session `sessions` holds (true when there was one), and keeps
    // the tickets it is sent there.
    bool resumeFrom(const std::shared_ptr<TlsSessionCache>& sessions);
    void keepSessions(std::shared_ptr<TlsSessionCache> sessions) { m_sessions = std::move(sessions); }
    [[nodiscard]] const std::shared_ptr<TlsSessionCache>& sessions() const { return m_sessions; }
    // Whether the resumed session lets the client send 0-RTT data, and whether the server took it.
    [[nodiscard]] bool mayWriteEarly() const;
    [[nodiscard]] bool earlyDataRejected() const;
    // A server: reads the client's 0-RTT data into `out`; true once there is no more to come
    // (the EndOfEarlyData came, or there was none), after which the handshake goes on.
    bool readEarly(std::vector<std::uint8_t>& out, bool& failed);
    void shutdown();   // a close_notify
    // Sends what OpenSSL wrote, each record named, and the key log lines since the last time.
    void flush(AppSocket& s);
    // The end of a program's turn: flush(); with `end`, a close_notify first and close() after.
    void conclude(AppSocket& s, bool end) {
        if (end) shutdown();
        flush(s);
        if (end) s.close();
    }

    void addKeyLog(const char* line) { m_key_log.emplace_back(line); }
    // The protocol ALPN settled on ("h2"), empty when none was.
    [[nodiscard]] std::string alpn() const;
    // A server's choice as the wire writes it (its length, then its name); null when it has none.
    [[nodiscard]] const std::string* alpnWire() const { return m_alpn_wire.empty() ? nullptr : &m_alpn_wire; }

private:
    struct Written {
        int type = 0;   // 22 handshake, 21 alert, 23 application data (write())
        std::vector<std::string> names{};
        std::size_t length = 0;
        std::vector<MessageField> fields{};   // a handshake message's (tls_fields.h)
        bool early = false;                 // 0-RTT data: "(Application Data)"
        std::vector<MessageDetail> details{};   // write()'s
    };
    struct Named {
        std::string name;
        bool application = false;
        std::vector<MessageDetail> details{};
    };
    static void onMessage(int write_p, int version, int content_type, const void* buf, std::size_t len, SSL* ssl,
                          void* arg);
    // The messages of one record of `type`, its body `body`.
    Named nameRecord(std::uint8_t type, const std::uint8_t* body, std::size_t length);

    SSL* m_ssl = nullptr;
    BIO* m_in = nullptr;
    BIO* m_out = nullptr;
    TlsVersion m_version;
    std::deque<Written> m_written;
    std::vector<std::string> m_key_log;
    std::string m_alpn_wire;   // a server's ALPN choice, as it appears on the wire
    std::shared_ptr<TlsSessionCache> m_sessions;
    bool m_server = false;
    bool m_early_done = false;
    bool m_encrypting = false;
};

// An HTTP/1.1 server's side of a TLS connection: every whole GET of `request_bytes` answered
// with a 200 of `response_bytes`, as many as come (keep-alive). The HTTPS server's, and the
// HTTP/2 server's when the client did not offer "h2".
class Http11Server {
public:
    Http11Server(std::uint32_t request_bytes, std::uint32_t response_bytes);
    // Reads what TLS decrypted and answers the requests now whole; false once close_notify came.
    bool serve(TlsEnd& tls);
    // `bytes` more of the requests (0-RTT data read apart), answered when whole.
    void count(TlsEnd& tls, std::size_t bytes);

private:
    std::size_t m_request;
    std::string m_answer;
    std::size_t m_got = 0, m_answered = 0;
};

}  // namespace tcpviz::core
