#include "core/trace/messages.h"

#include <algorithm>

namespace tcpviz::core {

namespace {

// The first SYN each side sent (not one a scenario injected): where its stream's numbers start.
std::array<std::optional<std::uint32_t>, 2> firstSyns(const Trace& t) {
    std::array<std::optional<std::uint32_t>, 2> iss;
    for (const SegmentRecord& r : t.segments)
        if (r.reason != SendReason::Injected && r.segment.has(kSyn) && !iss[idx(r.from)])
            iss[idx(r.from)] = r.segment.seq.value();
    return iss;
}

// Where a segment's payload starts in its sender's stream, from the byte after its SYN.
std::optional<std::uint64_t> streamOffset(const std::array<std::optional<std::uint32_t>, 2>& iss,
                                          const SegmentRecord& r) {
    const auto& own = iss[idx(r.from)];
    if (!own || r.segment.payload.empty()) return std::nullopt;
    return static_cast<std::uint32_t>(r.segment.seq.value() - *own - 1);
}

constexpr std::string_view kApplicationData = "{Application Data}";
// Longer than this, the names of a segment's messages are shortened (MessageIndex::of).
constexpr std::size_t kBriefBeyond = 40;

}  // namespace

MessageIndex::MessageIndex(const Trace& t) {
    // Plain TCP names nothing: no pass over a long trace's segments for it.
    if (t.messages.empty()) return;
    m_iss = firstSyns(t);
    for (std::uint32_t i = 0; i < t.messages.size(); ++i) m_by_side[idx(t.messages[i].from)].push_back(i);
    for (auto& side : m_by_side)
        std::stable_sort(side.begin(), side.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return t.messages[a].offset < t.messages[b].offset; });
}

std::string MessageIndex::of(const Trace& t, std::uint64_t id) const {
    if (empty()) return {};
    const SegmentRecord& r = t.segment(id);
    const auto begin = streamOffset(m_iss, r);
    if (!begin) return {};
    const std::uint64_t end = *begin + r.segment.payload.size();
    const std::vector<std::uint32_t>& side = m_by_side[idx(r.from)];
    // The first message that ends after the segment begins.
    auto it = std::partition_point(side.begin(), side.end(), [&](std::uint32_t m) {
        return t.messages[m].offset + t.messages[m].length <= *begin;
    });
    std::vector<std::string> parts;
    for (; it != side.end() && t.messages[*it].offset < end; ++it) {
        const StreamMessage& m = t.messages[*it];
        parts.push_back((m.offset < *begin ? "…" : "") + m.name + (m.offset + m.length > end ? "…" : ""));
    }
    const auto joined = [&] {
        std::string out;
        for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
        return out;
    };
    std::string out = joined();
    if (out.size() <= kBriefBeyond) return out;
    // A whole flight on one arrow: the long names shortened, as the literature writes them.
    static const std::array<std::pair<std::string_view, std::string_view>, 8> kShort{{
        {"ChangeCipherSpec", "CCS"},
        {"EncryptedExtensions", "EE"},
        {"CertificateVerify", "CertVerify"},
        {"NewSessionTicket", "Ticket"},
        {"ServerKeyExchange", "ServerKeyEx"},
        {"ClientKeyExchange", "ClientKeyEx"},
        {"ServerHelloDone", "HelloDone"},
        {"Application Data", "Data"},
    }};
    for (std::string& p : parts)
        for (const auto& [name, brief] : kShort)
            if (const auto at = p.find(name); at != std::string::npos) p.replace(at, name.size(), brief);
    return joined();
}

std::optional<HandshakeRtts> handshakeRtts(const Trace& t) {
    // The client: the side whose SYN opens the connection.
    const SegmentRecord* syn = nullptr;
    for (const SegmentRecord& r : t.segments)
        if (r.reason != SendReason::Injected && r.segment.has(kSyn) && !r.segment.has(kAck)) {
            syn = &r;
            break;
        }
    if (!syn) return std::nullopt;
    const Side client = syn->from;
    std::optional<TimeUs> syn_ack_arrives;
    for (const Event& e : t.events) {
        if (e.kind != EventKind::Arrive || e.endpoint != client || e.copy != 0) continue;
        const Segment& s = t.segment(e.segment).segment;
        if (s.has(kSyn) && s.has(kAck)) {
            syn_ack_arrives = e.time;
            break;
        }
    }
    if (!syn_ack_arrives || *syn_ack_arrives <= syn->sent_at) return std::nullopt;
    const TimeUs start = syn->sent_at;
    const TimeUs rtt = *syn_ack_arrives - start;

    // Where each side's application bytes start in its stream.
    const auto iss = firstSyns(t);
    std::array<std::optional<std::uint64_t>, 2> first_app;
    for (const StreamMessage& m : t.messages)
        if (m.name == kApplicationData && !first_app[idx(m.from)]) first_app[idx(m.from)] = m.offset;
    if (t.messages.empty()) first_app = {0, 0};
    const auto carries = [&](const SegmentRecord& r, Side side) {
        const auto at = streamOffset(iss, r);
        return r.from == side && at && first_app[idx(side)] &&
               *at + r.segment.payload.size() > *first_app[idx(side)] && *at <= *first_app[idx(side)];
    };
    std::optional<std::size_t> request, response;
    for (std::size_t i = 0; i < t.events.size() && (!request || !response); ++i) {
        const Event& e = t.events[i];
        if (e.segment == 0) continue;
        const SegmentRecord& r = t.segment(e.segment);
        if (!request && e.kind == EventKind::Send && carries(r, client)) request = i;
        if (!response && e.kind == EventKind::Arrive && e.endpoint == client && carries(r, peerOf(client)))
            response = i;
    }
    if (!request || !response) return std::nullopt;
    HandshakeRtts out;
    out.client = client;
    out.start = start;
    out.rtt = rtt;
    out.request_event = *request;
    out.response_event = *response;
    out.before_request = static_cast<double>(t.events[*request].time - start) / static_cast<double>(rtt);
    out.before_response = static_cast<double>(t.events[*response].time - start) / static_cast<double>(rtt);
    return out;
}

}  // namespace tcpviz::core
