#include "core/sim/side_by_side.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <span>
#include <map>

namespace tcpviz::core {

namespace {

RunKind kindOf(const ClientProgram& p) { return {p.tls, p.http, p.early_data}; }

// The delay from one host to another, over the links HostSimulator picks for them.
double oneWayMs(const HostRun& run, HostId from, HostId to, bool from_client) {
    if (run.star) return run.starHop(from, true).delay_ms + run.starHop(to, false).delay_ms;
    return run.directionBetween(from, to, from_client).delay_ms;
}

std::pair<HostId, HostId> firstPair(const HostRun& run) {
    return {run.firstClientHost(), run.firstServerHost()};
}

void setLink(LinkDirection& d, std::optional<double> delay_ms, std::optional<double> loss) {
    if (delay_ms) d.delay_ms = *delay_ms;
    if (loss) d.loss = *loss;
}

// The names of the messages (over QUIC, the packets) the segments carry, each once.
std::vector<std::string> carriedNames(const Trace& t, const MessageIndex& index, std::span<const std::uint64_t> ids) {
    std::vector<std::uint32_t> seen;
    std::vector<std::string> out;
    for (const std::uint64_t id : ids)
        for (const std::uint32_t m : index.carried(t, id))
            if (std::find(seen.begin(), seen.end(), m) == seen.end()) {
                seen.push_back(m);
                out.push_back(t.messages[m].name);
            }
    return out;
}

}  // namespace

std::string quicBrief(const std::vector<std::string>& datagrams) {
    // By packet type, in order: the frames worth a word on a figure.
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    const auto add = [](std::vector<std::string>& words, std::string w) {
        // A message in pieces across datagrams ("CertVerify…", "…CertVerify") is one word.
        w = messagePiece(std::move(w)).name;
        if (!w.empty() && std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
    };
    for (const std::string& datagram : datagrams)
        for (const QuicPacketName& packet : quicPackets(datagram)) {
            auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == packet.type; });
            if (group == groups.end()) group = groups.insert(groups.end(), {packet.type, {}});
            std::vector<std::string>& words = group->second;
            for (const auto& [kind, inside] : packet.frames) {
                if (kind == "CRYPTO") {
                    for (std::string& m : splitMessageNames(inside, ", ")) add(words, std::move(m));
                } else if (kind == "STREAM") {
                    // The request's and the answer's: bidirectional streams (RFC 9000 §2.1, the
                    // two low bits of the id 0 or 1), not HTTP/3's control and QPACK streams.
                    std::string ids;
                    for (const std::string& id : splitMessageNames(inside, ",")) {
                        unsigned long long n = 0;
                        const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
                        if (ec == std::errc() && end == id.data() + id.size() && n % 4 >= 2) continue;
                        ids += (ids.empty() ? "" : ",") + id;
                    }
                    if (!ids.empty()) add(words, "STREAM[" + ids + "]");
                } else if (kind == "CONNECTION_CLOSE" || kind == "RESET_STREAM") {
                    add(words, kind);
                }
            }
        }
    std::string out;
    for (const auto& [type, words] : groups) {
        if (words.empty()) continue;
        std::string list;
        for (const std::string& w : words) list += (list.empty() ? "" : ", ") + w;
        out += (out.empty() ? "" : "; ") + type + ": " + list;
    }
    return briefMessageNames(out);
}

namespace {

// A segment that only acknowledges: over TCP no payload and no SYN, FIN or RST; over QUIC a
// datagram whose packets carry nothing but ACK and PADDING frames (and the like).
bool pureAck(const Trace& t, const MessageIndex& index, std::uint64_t id) {
    const Segment& s = t.segment(id).segment;
    if (s.udp()) return quicBrief(carriedNames(t, index, std::span<const std::uint64_t>(&id, 1))).empty();
    return s.payload.empty() && (s.flags & (kSyn | kFin | kRst)) == 0;
}

}  // namespace

std::vector<ComparedRun> comparedRuns(const HostScenario& s, const HostOutcome& all) {
    const HostRun& run = s.run;
    // Each client host's last connection (connections are numbered in the order they opened).
    std::map<HostId, const ConnectionSummary*> last;
    for (const ConnectionSummary& c : all.connections)
        if (!c.spoofed) last[c.a_host] = &c;
    std::vector<ComparedRun> out;
    for (const ClientProgram& p : run.clients) {
        const auto it = last.find(p.host);
        if (it == last.end() || !it->second) continue;
        const ConnectionSummary& c = *it->second;
        it->second = nullptr;   // once per host
        ComparedRun r;
        r.connection = c.id;
        r.host = p.host;
        r.name = run.host(p.host).info.name;
        r.kind = kindOf(run.clients.at(c.client));
        out.push_back(std::move(r));
    }
    const bool differ = std::any_of(out.begin(), out.end(), [&](const ComparedRun& r) { return !(r.kind == out.front().kind); });
    if (!differ) out.clear();
    return out;
}

HostScenario withLinks(HostScenario s, std::optional<double> delay_ms, std::optional<double> loss) {
    HostRun& run = s.run;
    if (run.star) {
        // Two hops host to host: half the delay each, and the loss that makes both together lose
        // `loss`.
        const std::optional<double> hop_delay = delay_ms ? std::optional(*delay_ms / 2) : std::nullopt;
        const std::optional<double> hop_loss = loss ? std::optional(1 - std::sqrt(1 - *loss)) : std::nullopt;
        for (LinkDirection& d : run.link) setLink(d, hop_delay, hop_loss);
        for (StarLink& l : run.star_links)
            for (LinkDirection& d : l.dir) setLink(d, hop_delay, hop_loss);
        return s;
    }
    for (LinkDirection& d : run.link) setLink(d, delay_ms, loss);
    for (HostLink& l : run.links)
        for (LinkDirection& d : l.dir) setLink(d, delay_ms, loss);
    return s;
}

double lessonDelayMs(const HostScenario& s) {
    const auto [client, server] = firstPair(s.run);
    return oneWayMs(s.run, client, server, true);
}

RunTimeline timelineOf(const Trace& t, TimeUs rtt) {
    RunTimeline line;
    const SegmentRecord* first = nullptr;
    for (const SegmentRecord& r : t.segments)
        if (r.reason != SendReason::Injected) {
            first = &r;
            break;
        }
    if (!first) return line;
    const TimeUs start = first->sent_at;
    const Side client = first->from;
    line.start = start;
    std::vector<Flight> out;
    const MessageIndex index(t);

    // When each segment arrived (its original copy), by id - 1.
    std::vector<std::optional<TimeUs>> arrived(t.segments.size());
    std::array<std::vector<TimeUs>, 2> arrivals;   // at each side, in time order
    for (const Event& e : t.events)
        if (e.kind == EventKind::Arrive && e.segment != 0 && e.copy == 0) {
            if (!arrived[e.segment - 1]) arrived[e.segment - 1] = e.time;
            arrivals[idx(e.endpoint)].push_back(e.time);
        }
    const auto heardBetween = [&](Side side, TimeUs after, TimeUs upTo) {
        const auto& a = arrivals[idx(side)];
        const auto it = std::upper_bound(a.begin(), a.end(), after);
        return it != a.end() && *it <= upTo;
    };

    const std::optional<HandshakeRtts> rtts = handshakeRtts(t);
    if (rtts) {
        line.request = t.events[rtts->request_event].time - start;
        line.response = t.events[rtts->response_event].time - start;
    }
    const std::uint64_t request_segment = rtts ? t.events[rtts->request_event].segment : 0;
    const std::uint64_t response_segment = rtts ? t.events[rtts->response_event].segment : 0;

    // A flight still open on each side, and the ids of its packets, by index into `out`.
    const TimeUs window = std::max<TimeUs>(rtt / 8, 1);
    std::array<std::optional<std::size_t>, 2> open;
    std::vector<std::vector<std::uint64_t>> ids;
    for (const SegmentRecord& r : t.segments) {
        if (r.reason == SendReason::Injected) continue;
        const std::optional<TimeUs> at = arrived[r.id - 1];
        const TimeUs sent = r.sent_at - start;
        auto& mine = open[idx(r.from)];
        const bool joins = mine && !r.retransmission() && at && out[*mine].arrived && !out[*mine].retransmission &&
                           sent - out[*mine].sent <= window &&
                           !heardBetween(r.from, out[*mine].sent + start, r.sent_at);
        if (!joins) {
            Flight f;
            f.from = r.from;
            f.sent = sent;
            if (at) f.arrived = *at - start;
            f.retransmission = r.retransmission();
            mine = out.size();
            out.push_back(f);
            ids.emplace_back();
        }
        Flight& f = out[*mine];
        f.flags |= r.segment.flags;
        f.payload += r.segment.payload.size();
        ++f.packets;
        f.request = f.request || r.id == request_segment;
        f.response = f.response || r.id == response_segment;
        ids[*mine].push_back(r.id);
        // A lost one stands alone, and so does what comes after it.
        if (!at) mine.reset();
    }

    std::vector<Flight>& kept = line.flights;
    bool client_acked = false;   // the client's handshake ACK is kept
    for (std::size_t i = 0; i < out.size(); ++i) {
        Flight& f = out[i];
        bool only_acks = true;
        for (const std::uint64_t id : ids[i]) only_acks = only_acks && pureAck(t, index, id);
        if (only_acks && f.arrived) {
            const bool handshake = f.from == client && !client_acked;
            if (f.from == client) client_acked = true;
            if (!handshake) continue;
        } else if (f.from == client && (f.flags & kAck) != 0) {
            client_acked = true;
        }
        if (t.segment(ids[i].front()).segment.udp()) {
            const std::vector<std::string> names = carriedNames(t, index, ids[i]);
            for (const std::string& n : names) f.full += (f.full.empty() ? "" : ", ") + n;
            f.messages = quicBrief(names);
            // Only acknowledgements, kept because lost: the first packet's type says which.
            if (f.messages.empty() && !names.empty()) f.messages = names.front().substr(0, names.front().find('[')) + ": ACK";
        } else {
            f.messages = index.of(t, ids[i]);
            f.full = f.messages;
        }
        kept.push_back(std::move(f));
    }
    return line;
}

SideBySide simulateSideBySide(const HostScenario& s, const std::vector<ComparedRun>& runs,
                              const std::atomic<bool>* cancel) {
    SideBySide out;
    const auto [client, server] = firstPair(s.run);
    out.rtt = msToUs(oneWayMs(s.run, client, server, true) + oneWayMs(s.run, server, client, false));
    for (const ComparedRun& run : runs) {
        if (cancel && cancel->load()) break;
        // The run on its own: its host's programs (a 0-RTT browser's first visit with it) and the
        // servers, over the same links. The other runs' connections share nothing with it but
        // the seed's draws, and leaving them out makes a slider's move several times cheaper.
        // Its connection is the last its host opens.
        HostScenario alone = s;
        alone.run.clients.clear();
        std::uint32_t opened = 0;
        for (const ClientProgram& p : s.run.clients)
            if (p.host == run.host) {
                alone.run.clients.push_back(p);
                opened += p.calls.empty() ? p.connections : 1;
            }
        const Trace t = simulateHosts(alone, {HostRecording::Mode::One, opened > 0 ? opened - 1 : 0}).trace;
        RunTimeline line = timelineOf(t, out.rtt);
        line.run = run;
        out.runs.push_back(std::move(line));
    }
    return out;
}

}  // namespace tcpviz::core
