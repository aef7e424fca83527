#include "core/sim/apps/http2.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/sim/apps/tls.h"
#include "core/sim/apps/tls_end.h"

namespace tcpviz::core {

namespace {

constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";   // RFC 9113 §3.4
// nginx slices a body into DATA frames of http2_chunk_size, 8k by default.
constexpr std::size_t kDataChunk = 8192;

std::string frameName(std::uint8_t type, std::uint8_t flags, std::uint32_t stream) {
    static constexpr std::array<const char*, 10> kTypes{"DATA",    "HEADERS", "PRIORITY", "RST_STREAM",    "SETTINGS",
                                                        "PUSH_PROMISE", "PING", "GOAWAY",   "WINDOW_UPDATE", "CONTINUATION"};
    std::string name = type < kTypes.size() ? kTypes[type] : "frame " + std::to_string(type);
    if ((type == NGHTTP2_SETTINGS || type == NGHTTP2_PING) && (flags & NGHTTP2_FLAG_ACK)) name += " ACK";
    if (stream != 0) name += "[" + std::to_string(stream) + "]";
    return name;
}

// The flags a frame of `type` sets, by the names RFC 9113 §6 gives them.
std::string flagNames(std::uint8_t type, std::uint8_t flags) {
    std::vector<std::pair<std::uint8_t, const char*>> known;
    switch (type) {
        case NGHTTP2_DATA: known = {{NGHTTP2_FLAG_END_STREAM, "END_STREAM"}, {NGHTTP2_FLAG_PADDED, "PADDED"}}; break;
        case NGHTTP2_HEADERS:
            known = {{NGHTTP2_FLAG_END_STREAM, "END_STREAM"}, {NGHTTP2_FLAG_END_HEADERS, "END_HEADERS"},
                     {NGHTTP2_FLAG_PADDED, "PADDED"}, {NGHTTP2_FLAG_PRIORITY, "PRIORITY"}};
            break;
        case NGHTTP2_SETTINGS:
        case NGHTTP2_PING: known = {{NGHTTP2_FLAG_ACK, "ACK"}}; break;
        case NGHTTP2_CONTINUATION: known = {{NGHTTP2_FLAG_END_HEADERS, "END_HEADERS"}}; break;
        default: break;
    }
    std::string out;
    for (const auto& [bit, name] : known)
        if (flags & bit) out += (out.empty() ? "" : " ") + std::string(name);
    return out;
}

// RFC 9113 §6.5.2's names of the settings.
std::string settingName(std::uint16_t id) {
    switch (id) {
        case NGHTTP2_SETTINGS_HEADER_TABLE_SIZE: return "SETTINGS_HEADER_TABLE_SIZE";
        case NGHTTP2_SETTINGS_ENABLE_PUSH: return "SETTINGS_ENABLE_PUSH";
        case NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS: return "SETTINGS_MAX_CONCURRENT_STREAMS";
        case NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE: return "SETTINGS_INITIAL_WINDOW_SIZE";
        case NGHTTP2_SETTINGS_MAX_FRAME_SIZE: return "SETTINGS_MAX_FRAME_SIZE";
        case NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE: return "SETTINGS_MAX_HEADER_LIST_SIZE";
        default: return "setting " + std::to_string(id);
    }
}

nghttp2_nv field(std::string_view name, std::string_view value) {
    return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
            reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
            NGHTTP2_NV_FLAG_NONE};
}

// One end's HTTP/2: an nghttp2 session whose frames go into TLS records.
class Http2End {
public:
    explicit Http2End(bool server) : m_server(server), m_preface_left(server ? 0 : kPreface.size()) {
        nghttp2_session_callbacks* cbs = nullptr;
        if (nghttp2_session_callbacks_new(&cbs) != 0) throw std::runtime_error("nghttp2_session_callbacks_new failed");
        nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, &Http2End::onFrame);
        nghttp2_session_callbacks_set_on_stream_close_callback(cbs, &Http2End::onClose);
        const int r = server ? nghttp2_session_server_new(&m_session, cbs, this) : nghttp2_session_client_new(&m_session, cbs, this);
        nghttp2_session_callbacks_del(cbs);
        if (r != 0) throw std::runtime_error("nghttp2 session failed");
        if (nghttp2_hd_inflate_new(&m_inflater) != 0) throw std::runtime_error("nghttp2_hd_inflate_new failed");
    }
    virtual ~Http2End() {
        nghttp2_hd_inflate_del(m_inflater);
        nghttp2_session_del(m_session);
    }
    Http2End(const Http2End&) = delete;
    Http2End& operator=(const Http2End&) = delete;

    [[nodiscard]] nghttp2_session* session() const { return m_session; }
    // Hands received bytes to nghttp2; false when they are no HTTP/2 (the connection ends).
    bool receive(const std::vector<std::uint8_t>& bytes) {
        if (bytes.empty()) return true;
        return nghttp2_session_mem_recv(m_session, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    }
    // Writes what nghttp2 has to send, into records of the frames up to a HEADERS or DATA frame.
    void send(TlsEnd& tls) {
        for (;;) {
            const std::uint8_t* data = nullptr;
            const ssize_t n = nghttp2_session_mem_send(m_session, &data);
            if (n <= 0) break;
            m_out.insert(m_out.end(), data, data + n);
        }
        std::size_t at = 0, record = 0;
        std::vector<std::string> names;
        std::vector<MessageDetail> details;
        const auto cut = [&](std::size_t end) {
            tls.write(m_out.data() + record, end - record, std::move(names), std::move(details));
            names.clear();
            details.clear();
            record = end;
        };
        if (m_preface_left > 0) {   // the client's first bytes: the preface goes with its SETTINGS
            const std::size_t n = std::min(m_preface_left, m_out.size());
            at = n;
            m_preface_left -= n;
            names.emplace_back("Preface");
        }
        while (at + 9 <= m_out.size()) {
            const std::size_t length = std::size_t{m_out[at]} << 16 | std::size_t{m_out[at + 1]} << 8 | m_out[at + 2];
            if (at + 9 + length > m_out.size()) break;   // nghttp2 gives whole frames; kept for the next call
            const std::uint8_t type = m_out[at + 3];
            const std::uint32_t stream = (std::uint32_t{m_out[at + 5]} & 0x7f) << 24 | std::uint32_t{m_out[at + 6]} << 16 |
                                         std::uint32_t{m_out[at + 7]} << 8 | m_out[at + 8];
            names.push_back(frameName(type, m_out[at + 4], stream));
            details.push_back(describe(type, m_out[at + 4], stream, m_out.data() + at + 9, length));
            details.back().name = names.back();
            at += 9 + length;
            if (type == NGHTTP2_HEADERS || type == NGHTTP2_DATA) cut(at);
        }
        if (at > record) cut(at);
        m_out.erase(m_out.begin(), m_out.begin() + static_cast<std::ptrdiff_t>(record));
    }

protected:
    virtual void requestDone(std::int32_t) {}        // a server: a whole request came
    virtual void streamClosed(std::int32_t) {}

    nghttp2_session* m_session = nullptr;

private:
    // What the inspector lists of a frame: its header, and a HEADERS frame's fields as the peer
    // decodes them (this end's HPACK output, in order, through an inflater of its own), a
    // SETTINGS frame's parameters.
    MessageDetail describe(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, const std::uint8_t* payload,
                           std::size_t length) {
        MessageDetail d;
        d.fields.push_back({MessageFieldKind::Http2Frame,
                            {frameName(type, 0, 0), flagNames(type, flags), std::to_string(stream), std::to_string(length)}});
        if (type == NGHTTP2_HEADERS || type == NGHTTP2_CONTINUATION) {
            // The header block: past a pad length and a priority, short of the padding (§6.2).
            std::size_t begin = 0, end = length;
            if (type == NGHTTP2_HEADERS && (flags & NGHTTP2_FLAG_PADDED) && length > 0) {
                begin = 1;
                end = length >= std::size_t{payload[0]} + 1 ? length - payload[0] : 1;
            }
            if (type == NGHTTP2_HEADERS && (flags & NGHTTP2_FLAG_PRIORITY)) begin += 5;
            const std::uint8_t* in = payload + std::min(begin, end);
            std::size_t left = end > begin ? end - begin : 0;
            const bool final = (flags & NGHTTP2_FLAG_END_HEADERS) != 0;
            for (;;) {
                nghttp2_nv nv{};
                int out = 0;
                const ssize_t used = nghttp2_hd_inflate_hd2(m_inflater, &nv, &out, in, left, final ? 1 : 0);
                if (used < 0) break;
                in += used;
                left -= static_cast<std::size_t>(used);
                if (out & NGHTTP2_HD_INFLATE_EMIT)
                    d.fields.push_back({MessageFieldKind::HeaderField,
                                        {std::string(reinterpret_cast<const char*>(nv.name), nv.namelen),
                                         std::string(reinterpret_cast<const char*>(nv.value), nv.valuelen)}});
                if (out & NGHTTP2_HD_INFLATE_FINAL) {
                    nghttp2_hd_inflate_end_headers(m_inflater);
                    break;
                }
                if (used == 0 && !(out & NGHTTP2_HD_INFLATE_EMIT)) break;   // the rest comes in a CONTINUATION
            }
        } else if (type == NGHTTP2_SETTINGS) {
            for (std::size_t i = 0; i + 6 <= length; i += 6) {
                const auto id = static_cast<std::uint16_t>(payload[i] << 8 | payload[i + 1]);
                const std::uint32_t value = std::uint32_t{payload[i + 2]} << 24 | std::uint32_t{payload[i + 3]} << 16 |
                                            std::uint32_t{payload[i + 4]} << 8 | payload[i + 5];
                d.fields.push_back({MessageFieldKind::Http2Setting, {settingName(id), std::to_string(value)}});
            }
        }
        return d;
    }

    static int onFrame(nghttp2_session*, const nghttp2_frame* frame, void* self) {
        auto* end = static_cast<Http2End*>(self);
        if (end->m_server && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) &&
            (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA))
            end->requestDone(frame->hd.stream_id);
        return 0;
    }
    static int onClose(nghttp2_session*, std::int32_t stream, std::uint32_t, void* self) {
        static_cast<Http2End*>(self)->streamClosed(stream);
        return 0;
    }

    bool m_server;
    std::size_t m_preface_left;
    std::vector<std::uint8_t> m_out;
    nghttp2_hd_inflater* m_inflater = nullptr;
};

class Http2ClientSession final : public Http2End {
public:
    explicit Http2ClientSession(std::uint32_t objects) : Http2End(false) {
        // A browser's large windows (Chrome sends a 6 MiB stream window and opens the
        // connection's to 15 MiB), so that flow control never paces a lesson.
        const std::array<nghttp2_settings_entry, 2> settings{{{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                                                              {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 6u << 20}}};
        nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings.data(), settings.size());
        nghttp2_session_set_local_window_size(m_session, NGHTTP2_FLAG_NONE, 0, 15 << 20);
        for (std::uint32_t k = 1; k <= objects; ++k) {
            const std::string path = "/objects/" + std::to_string(k);
            const std::array<nghttp2_nv, 4> nv{field(":method", "GET"), field(":scheme", "https"),
                                               field(":authority", kTlsServerName), field(":path", path)};
            if (nghttp2_submit_request(m_session, nullptr, nv.data(), nv.size(), nullptr, nullptr) < 0)
                throw std::runtime_error("nghttp2_submit_request failed");
        }
        m_open = objects;
    }
    [[nodiscard]] bool done() const { return m_open == 0; }

private:
    void streamClosed(std::int32_t) override {
        if (m_open > 0) --m_open;
    }
    std::uint32_t m_open = 0;
};

class Http2ServerSession final : public Http2End {
public:
    explicit Http2ServerSession(std::uint32_t body_bytes) : Http2End(true), m_body(body_bytes) {
        // nginx's http2_max_concurrent_streams default.
        const nghttp2_settings_entry settings{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 128};
        nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, &settings, 1);
    }

private:
    void requestDone(std::int32_t stream) override {
        const std::string length = std::to_string(m_body);
        const std::array<nghttp2_nv, 3> nv{field(":status", "200"), field("content-type", "text/plain"),
                                           field("content-length", length)};
        nghttp2_data_provider body{};
        body.source.ptr = this;
        body.read_callback = &Http2ServerSession::readBody;
        m_left.emplace_back(stream, m_body);
        nghttp2_submit_response(m_session, stream, nv.data(), nv.size(), &body);
    }
    static ssize_t readBody(nghttp2_session*, std::int32_t stream, std::uint8_t* buf, std::size_t length,
                            std::uint32_t* flags, nghttp2_data_source* source, void*) {
        auto* self = static_cast<Http2ServerSession*>(source->ptr);
        for (auto& [s, left] : self->m_left) {
            if (s != stream) continue;
            const std::size_t n = std::min({length, left, kDataChunk});
            std::fill_n(buf, n, std::uint8_t{'x'});
            left -= n;
            if (left == 0) *flags |= NGHTTP2_DATA_FLAG_EOF;
            return static_cast<ssize_t>(n);
        }
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    std::uint32_t m_body;
    std::vector<std::pair<std::int32_t, std::size_t>> m_left;   // each answered stream's body still to send
};

class Http2Client final : public Application {
public:
    Http2Client(TlsVersion v, std::uint32_t objects) : m_version(v), m_objects(objects) {}
    [[nodiscard]] bool readsBytes() const override { return true; }

    void connected(AppSocket& s) override {
        m_tls.emplace(false, m_version, TlsCertificate::Good, "h2");
        step(s, {});
    }
    void readable(AppSocket& s) override {
        if (m_tls && !m_done) step(s, s.take());
    }
    void closed(AppSocket& s) override {
        if (m_tls) m_tls->flush(s);
        s.close();
    }

private:
    void step(AppSocket& s, const std::vector<std::uint8_t>& bytes) {
        m_tls->feed(bytes);
        bool failed = false, open = true;
        if (m_tls->handshake(failed)) {
            if (!m_h2) {
                if (m_tls->alpn() != "h2") failed = true;   // a server without HTTP/2
                else m_h2.emplace(m_objects);
            }
            if (m_h2) {
                std::vector<std::uint8_t> plain;
                open = m_tls->read(plain);
                if (!m_h2->receive(plain)) failed = true;
                if (m_h2->done()) nghttp2_session_terminate_session(m_h2->session(), NGHTTP2_NO_ERROR);   // GOAWAY
                m_h2->send(*m_tls);
            }
        }
        m_done = failed || !open || (m_h2 && m_h2->done());
        m_tls->conclude(s, m_done);
    }

    TlsVersion m_version;
    std::uint32_t m_objects;
    std::optional<TlsEnd> m_tls;
    std::optional<Http2ClientSession> m_h2;
    bool m_done = false;
};

class Http2Server final : public Application {
public:
    Http2Server(TlsVersion v, TlsCertificate shown, std::uint32_t request_bytes, std::uint32_t body)
        : m_tls(true, v, shown, "h2"), m_body(body), m_http11(request_bytes, body) {}
    [[nodiscard]] bool readsBytes() const override { return true; }

    void readable(AppSocket& s) override {
        if (m_done) return;
        m_tls.feed(s.take());
        bool failed = false, open = true;
        if (m_tls.handshake(failed)) {
            if (m_tls.alpn() != "h2") {
                // A client that did not offer HTTP/2: HTTP/1.1, as a web server falls back to.
                open = m_http11.serve(m_tls);
            } else {
                if (!m_h2) m_h2.emplace(m_body);
                std::vector<std::uint8_t> plain;
                open = m_tls.read(plain);
                if (!m_h2->receive(plain)) failed = true;
                m_h2->send(m_tls);
            }
        }
        m_done = failed || !open;
        m_tls.conclude(s, m_done);
    }
    void closed(AppSocket& s) override {
        m_tls.flush(s);
        s.close();
    }

private:
    TlsEnd m_tls;
    std::uint32_t m_body;
    std::optional<Http2ServerSession> m_h2;
    Http11Server m_http11;
    bool m_done = false;
};

}  // namespace

std::unique_ptr<Application> makeHttp2ClientApplication(const ClientProgram& client, const ServerProgram&) {
    return std::make_unique<Http2Client>(client.tls, client.requests_per_connection);
}

std::unique_ptr<Application> makeHttp2ServerApplication(const ServerProgram& server, const ClientProgram& client) {
    return std::make_unique<Http2Server>(server.tls, server.certificate, client.request_bytes, server.response_bytes);
}

}  // namespace tcpviz::core
