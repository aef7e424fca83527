#include "core/sim/application.h"

#include <algorithm>
#include <cstdint>

namespace tcpviz::core {

namespace {

class RequestClient final : public Application {
public:
    RequestClient(const ClientProgram& client, const ServerProgram& server)
        : m_request(client.request_bytes),
          m_answer(std::max<std::uint32_t>(1, server.response_bytes)),
          m_per_connection(std::max<std::uint32_t>(1, client.requests_per_connection)),
          m_closes_first(client.closes_first) {}

    void connected(AppSocket& s) override { next(s); }
    void readable(AppSocket& s) override { next(s); }
    void closed(AppSocket& s) override {
        if (s.state() == State::CloseWait) s.close();   // the server closed: so does the client
    }

private:
    void next(AppSocket& s) {
        // A request once connected, and (keep-alive) the next once the answer to the last is all in.
        const std::uint64_t answered = s.received() / m_answer;
        if (m_sent < m_per_connection && s.state() == State::Established && answered >= m_sent) {
            ++m_sent;
            s.send(m_request);
            return;
        }
        const bool all_answered = s.received() >= std::uint64_t{m_per_connection} * m_answer;
        if (m_closes_first && all_answered) s.close();
    }

    std::uint32_t m_request, m_answer, m_per_connection;
    bool m_closes_first;
    std::uint32_t m_sent = 0;
};

// A script's connection: its calls (HostSimulator) make it send and close; it closes on the
// server's FIN only when its script says so.
class ScriptClient final : public Application {};

class AnsweringServer final : public Application {
public:
    AnsweringServer(const ServerProgram& server, const ClientProgram& client)
        : m_answer(server.response_bytes),
          m_request(std::max<std::uint32_t>(1, client.request_bytes)),
          // A script's connection gets an answer to each request it sends.
          m_most(client.calls.empty() ? std::max<std::uint32_t>(1, client.requests_per_connection) : UINT32_MAX),
          m_closes(server.closes),
          m_client_closes_first(client.closes_first) {}

    void connected(AppSocket& s) override { serve(s); }
    void readable(AppSocket& s) override { serve(s); }
    void closed(AppSocket& s) override { serve(s); }

private:
    void serve(AppSocket& s) {
        const std::uint64_t requests_in = s.received() / m_request;
        while (m_answers < requests_in && m_answers < m_most &&
               (s.state() == State::Established || s.state() == State::CloseWait)) {
            ++m_answers;
            s.send(m_answer);
        }
        if (!m_closes) return;   // the CLOSE-WAIT leak
        if ((m_answers >= m_most && !m_client_closes_first) || s.state() == State::CloseWait) s.close();
    }

    std::uint32_t m_answer, m_request, m_most;
    bool m_closes, m_client_closes_first;
    std::uint32_t m_answers = 0;
};

}  // namespace

std::unique_ptr<Application> makeClientApplication(const ClientProgram& client, const ServerProgram& server) {
    if (!client.calls.empty()) return std::make_unique<ScriptClient>();
    return std::make_unique<RequestClient>(client, server);
}

std::unique_ptr<Application> makeServerApplication(const ServerProgram& server, const ClientProgram& client) {
    return std::make_unique<AnsweringServer>(server, client);
}

}  // namespace tcpviz::core
