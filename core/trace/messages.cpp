#include "core/trace/messages.h"

#include <algorithm>
#include <limits>
#include <map>

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
    if (r.segment.udp()) return r.segment.seq.value();   // a datagram's place among its sender's (segment.h)
    const auto& own = iss[idx(r.from)];
    if (!own || r.segment.payload.empty()) return std::nullopt;
    return static_cast<std::uint32_t>(r.segment.seq.value() - *own - 1);
}

// When each segment `from` sent first reached its peer, and when it did or, lost, would have:
// its sending plus the time the next segment sent after it that arrived took (the same way
// through the same queues). By segment index.
struct Reached {
    std::vector<std::optional<TimeUs>> arrived, would;
};
Reached reachedBy(const Trace& t, Side from) {
    const Side to = peerOf(from);
    Reached out;
    out.arrived.resize(t.segments.size());
    for (const Event& e : t.events)
        if (e.endpoint == to && e.kind == EventKind::Arrive && e.segment != 0 && !out.arrived[e.segment - 1])
            out.arrived[e.segment - 1] = e.time;
    out.would = out.arrived;
    std::optional<TimeUs> transit;   // of the next segment that arrived
    for (std::size_t i = t.segments.size(); i-- > 0;) {
        const SegmentRecord& r = t.segments[i];
        if (r.from != from) continue;
        if (out.arrived[i]) transit = *out.arrived[i] - r.sent_at;
        else if (transit) out.would[i] = r.sent_at + *transit;
    }
    return out;
}

// Longer than this, the names of a segment's messages are shortened (MessageIndex::of) ...
constexpr std::size_t kBriefBeyond = 40;
// ... and longer than this once shortened, some are left out.
constexpr std::size_t kElideBeyond = 64;

// "{HEADERS[1]}", "{HEADERS[3]}" as "{HEADERS[1,3]}": consecutive frames of one type on
// several streams, as one part. A part that began in an earlier segment ("…{DATA[1]}") may
// start a run and one that goes on ("{DATA[5]}…") end it.
void mergeStreams(std::vector<std::string>& parts) {
    struct Frame {
        std::string type, streams;
        bool from_before = false, goes_on = false;
    };
    const auto frameOf = [](std::string_view p) -> std::optional<Frame> {
        Frame f;
        constexpr std::string_view kMore = "…";
        if (p.substr(0, kMore.size()) == kMore) {
            f.from_before = true;
            p.remove_prefix(kMore.size());
        }
        if (p.size() >= kMore.size() && p.substr(p.size() - kMore.size()) == kMore) {
            f.goes_on = true;
            p.remove_suffix(kMore.size());
        }
        const auto open = p.find('[');
        if (p.size() < 5 || p.front() != '{' || p.substr(p.size() - 2) != "]}" || open == std::string_view::npos)
            return std::nullopt;
        f.type = std::string(p.substr(1, open - 1));
        f.streams = std::string(p.substr(open + 1, p.size() - open - 3));
        return f;
    };
    std::vector<std::string> out;
    std::optional<Frame> run;
    const auto flush = [&] {
        if (run)
            out.push_back((run->from_before ? "…{" : "{") + run->type + "[" + run->streams + "]}" + (run->goes_on ? "…" : ""));
        run.reset();
    };
    for (const std::string& p : parts) {
        const auto f = frameOf(p);
        if (f && run && f->type == run->type && !run->goes_on && !f->from_before) {
            run->streams += "," + f->streams;
            run->goes_on = f->goes_on;
            continue;
        }
        flush();
        if (f) run = f;
        else out.push_back(p);
    }
    flush();
    parts = std::move(out);
}

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

std::vector<std::uint32_t> MessageIndex::carried(const Trace& t, std::uint64_t id) const {
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
    std::vector<std::uint32_t> out;
    for (; it != side.end() && t.messages[*it].offset < end; ++it) out.push_back(*it);
    return out;
}

std::string MessageIndex::of(const Trace& t, std::uint64_t id) const {
    return of(t, std::span<const std::uint64_t>(&id, 1));
}

std::string MessageIndex::of(const Trace& t, std::span<const std::uint64_t> ids) const {
    // The messages of all, each once, and the stretch of the stream the segments cover.
    std::vector<std::uint32_t> messages;
    std::uint64_t begin = std::numeric_limits<std::uint64_t>::max(), end = 0;
    for (const std::uint64_t id : ids) {
        const std::vector<std::uint32_t> own = carried(t, id);
        if (own.empty()) continue;
        for (const std::uint32_t m : own)
            if (std::find(messages.begin(), messages.end(), m) == messages.end()) messages.push_back(m);
        const SegmentRecord& r = t.segment(id);
        const std::uint64_t at = *streamOffset(m_iss, r);
        begin = std::min(begin, at);
        end = std::max(end, at + r.segment.payload.size());
    }
    if (messages.empty()) return {};
    std::sort(messages.begin(), messages.end(),
              [&](std::uint32_t a, std::uint32_t b) { return t.messages[a].offset < t.messages[b].offset; });
    std::vector<std::string> parts;
    for (const std::uint32_t at : messages) {
        const StreamMessage& m = t.messages[at];
        // A record of several messages ("{SETTINGS}, {HEADERS[1]}") gives a part for each.
        const std::size_t first = parts.size();
        for (std::string& part : splitMessageNames(m.name, ", ")) parts.push_back(std::move(part));
        if (m.offset < begin) parts[first] = "…" + parts[first];
        if (m.offset + m.length > end) parts.back() += "…";
    }
    const auto joined = [&] {
        std::string out;
        for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
        return out;
    };
    std::string out = joined();
    if (out.size() <= kBriefBeyond) return out;
    // A whole flight on one arrow: the long names shortened, as the literature writes them.
    for (std::string& p : parts) p = briefMessageNames(p);
    mergeStreams(parts);
    // Still too long for an arrow: the parts nearest the middle give way to one "…", so that the
    // first messages and the last stay (the inspector lists them all).
    while (joined().size() > kElideBeyond && parts.size() > 3) {
        const std::size_t gap = std::find(parts.begin(), parts.end(), "…") - parts.begin();
        if (gap == parts.size()) {
            parts[parts.size() / 2] = "…";
            continue;
        }
        // Widen the gap on the side with more parts left.
        const std::size_t left = gap, right = parts.size() - gap - 1;
        if (left == 0 || right == 0 || (left <= 1 && right <= 1)) break;
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(left >= right ? gap - 1 : gap + 1));
    }
    return joined();
}

namespace {

// Over QUIC: the TLS messages cut between datagrams, from the "…" their names carry.
std::vector<MessageSpan> cryptoSpans(const Trace& t, const MessageIndex& index) {
    std::vector<MessageSpan> out;
    std::array<std::optional<MessageSpan>, 2> open;   // a side's message still going on
    for (std::size_t e = 0; e < t.events.size(); ++e) {
        const Event& ev = t.events[e];
        if (ev.kind != EventKind::Send || ev.segment == 0) continue;
        auto& going = open[idx(ev.endpoint)];
        for (const std::uint32_t m : index.carried(t, ev.segment))
            for (const QuicPacketName& packet : quicPackets(t.messages[m].name))
                for (const QuicFrameName& frame : packet.frames) {
                    if (frame.kind != "CRYPTO") continue;
                    for (std::string written : splitMessageNames(frame.inside, ", ")) {
                        const MessagePiece piece = messagePiece(std::move(written));
                        if (piece.went_on && going && going->name == piece.name) {
                            going->last_send = e;
                            ++going->segments;
                            if (!piece.goes_on) {
                                out.push_back(*going);
                                going.reset();
                            }
                        } else if (piece.goes_on) {
                            going = MessageSpan{m, e, e, 1, piece.name};
                        }
                    }
                }
    }
    return out;
}

}  // namespace

std::vector<MessageSpan> messageSpans(const Trace& t) {
    if (t.messages.empty()) return {};
    const MessageIndex index(t);
    if (t.overUdp()) return cryptoSpans(t, index);
    std::vector<MessageSpan> spans(t.messages.size());
    for (std::size_t e = 0; e < t.events.size(); ++e) {
        const Event& ev = t.events[e];
        if (ev.kind != EventKind::Send || ev.segment == 0 || t.segment(ev.segment).retransmission()) continue;
        for (const std::uint32_t m : index.carried(t, ev.segment)) {
            MessageSpan& s = spans[m];
            if (s.segments++ == 0) s.first_send = e;
            s.last_send = e;
            s.message = m;
            s.name = t.messages[m].name;
        }
    }
    std::erase_if(spans, [](const MessageSpan& s) { return s.segments < 2; });
    std::sort(spans.begin(), spans.end(), [](const MessageSpan& a, const MessageSpan& b) { return a.first_send < b.first_send; });
    return spans;
}

std::vector<std::string> splitMessageNames(std::string_view names, std::string_view separator) {
    std::vector<std::string> out;
    int depth = 0;
    std::size_t from = 0;
    for (std::size_t at = 0; at <= names.size(); ++at) {
        if (at < names.size() && names[at] == '[') ++depth;
        if (at < names.size() && names[at] == ']') --depth;
        if (at == names.size() || (depth == 0 && names.compare(at, separator.size(), separator) == 0)) {
            out.emplace_back(names.substr(from, at - from));
            from = at + separator.size();
            at += separator.size() - 1;
        }
    }
    return out;
}

std::vector<QuicPacketName> quicPackets(std::string_view datagram) {
    std::vector<QuicPacketName> out;
    for (const std::string& packet : splitMessageNames(datagram, ", ")) {
        const std::size_t colon = packet.find(": ");
        QuicPacketName p;
        p.type = packet.substr(0, std::min(colon, packet.find('[')));
        if (colon != std::string::npos)
            for (const std::string& frame : splitMessageNames(std::string_view(packet).substr(colon + 2), " ")) {
                const std::size_t open = frame.find('[');
                QuicFrameName f;
                f.kind = frame.substr(0, open);
                if (open != std::string::npos && frame.size() >= open + 2 && frame.back() == ']')
                    f.inside = frame.substr(open + 1, frame.size() - open - 2);
                p.frames.push_back(std::move(f));
            }
        out.push_back(std::move(p));
    }
    return out;
}

MessagePiece messagePiece(std::string written) {
    constexpr std::string_view kDots = "…";
    MessagePiece p;
    p.went_on = written.starts_with(kDots);
    if (p.went_on) written.erase(0, kDots.size());
    p.goes_on = written.ends_with(kDots);
    if (p.goes_on) written.erase(written.size() - kDots.size());
    p.name = std::move(written);
    return p;
}

std::string briefMessageNames(std::string names) {
    static const std::array<std::pair<std::string_view, std::string_view>, 9> kShort{{
        {"(Application Data)", "(Early Data)"},   // 0-RTT data, by the name of its extension
        {"ChangeCipherSpec", "CCS"},
        {"EncryptedExtensions", "EE"},
        {"CertificateVerify", "CertVerify"},
        {"NewSessionTicket", "Ticket"},
        {"ServerKeyExchange", "ServerKeyEx"},
        {"ClientKeyExchange", "ClientKeyEx"},
        {"ServerHelloDone", "HelloDone"},
        {"Application Data", "Data"},
    }};
    for (const auto& [name, brief] : kShort)
        for (auto at = names.find(name); at != std::string::npos; at = names.find(name, at + brief.size()))
            names.replace(at, name.size(), brief);
    return names;
}

std::optional<HandshakeRtts> handshakeRtts(const Trace& t) {
    // The client: the side whose SYN opens the connection; over QUIC, whose first datagram
    // (its Initial) does, and the round trip ends with the server's first one.
    const SegmentRecord* syn = nullptr;
    for (const SegmentRecord& r : t.segments)
        if (r.reason != SendReason::Injected &&
            (r.segment.udp() || (r.segment.has(kSyn) && !r.segment.has(kAck)))) {
            syn = &r;
            break;
        }
    if (!syn) return std::nullopt;
    const Side client = syn->from;
    std::optional<TimeUs> syn_ack_arrives;
    for (const Event& e : t.events) {
        if (e.kind != EventKind::Arrive || e.endpoint != client || e.copy != 0) continue;
        const Segment& s = t.segment(e.segment).segment;
        if (s.udp() || (s.has(kSyn) && s.has(kAck))) {
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
        if (m.application && !first_app[idx(m.from)]) first_app[idx(m.from)] = m.offset;
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

const char* tlsAlertName(int description) {
    switch (description) {
        case 0: return "close_notify";
        case 10: return "unexpected_message";
        case 20: return "bad_record_mac";
        case 40: return "handshake_failure";
        case 42: return "bad_certificate";
        case 43: return "unsupported_certificate";
        case 44: return "certificate_revoked";
        case 45: return "certificate_expired";
        case 46: return "certificate_unknown";
        case 47: return "illegal_parameter";
        case 48: return "unknown_ca";
        case 50: return "decode_error";
        case 51: return "decrypt_error";
        case 70: return "protocol_version";
        case 80: return "internal_error";
        case 112: return "unrecognized_name";
        case 120: return "no_application_protocol";
        default: return "alert";
    }
}

std::vector<std::uint32_t> streamsNamed(std::string_view name) {
    std::vector<std::uint32_t> out;
    for (std::size_t open = name.find('['); open != std::string_view::npos; open = name.find('[', open + 1)) {
        std::uint32_t n = 0;
        std::size_t i = open + 1;
        for (; i < name.size() && name[i] >= '0' && name[i] <= '9' && n < 100'000'000; ++i)
            n = n * 10 + static_cast<std::uint32_t>(name[i] - '0');
        if (i == open + 1 || i >= name.size() || name[i] != ']') continue;
        if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
    return out;
}

std::vector<MessageWait> messageWaits(const Trace& t, Side from) {
    const auto iss = firstSyns(t);
    const Side to = peerOf(from);
    std::vector<std::uint32_t> mine;
    for (std::uint32_t i = 0; i < t.messages.size(); ++i)
        if (t.messages[i].from == from) mine.push_back(i);
    std::stable_sort(mine.begin(), mine.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return t.messages[a].offset < t.messages[b].offset; });
    const auto endOf = [&](std::uint32_t m) { return t.messages[m].offset + t.messages[m].length; };
    const std::vector<std::optional<TimeUs>> reached = reachedBy(t, from).would;
    std::vector<std::optional<TimeUs>> delivered(mine.size());
    std::uint64_t delivered_bytes = 0;
    std::size_t next_delivered = 0;   // into mine: the first not yet delivered
    for (const Event& e : t.events) {
        if (e.endpoint != to || e.kind != EventKind::Deliver) continue;
        delivered_bytes += e.bytes;
        for (; next_delivered < mine.size() && endOf(mine[next_delivered]) <= delivered_bytes; ++next_delivered)
            delivered[next_delivered] = e.time;
    }
    // The first time each message's last byte reached the receiver, or would have.
    std::vector<std::optional<TimeUs>> arrived(mine.size());
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
        const SegmentRecord& r = t.segments[i];
        const auto at = streamOffset(iss, r);
        if (r.from != from || !at || !reached[i]) continue;
        const std::uint64_t end = *at + r.segment.payload.size();
        // The messages whose last byte lies in [at, end).
        auto it = std::partition_point(mine.begin(), mine.end(), [&](std::uint32_t m) { return endOf(m) <= *at; });
        for (; it != mine.end() && endOf(*it) <= end; ++it) {
            auto& first = arrived[static_cast<std::size_t>(it - mine.begin())];
            if (!first || *reached[i] < *first) first = reached[i];
        }
    }
    std::vector<MessageWait> out;
    for (std::size_t i = 0; i < mine.size(); ++i)
        if (arrived[i] && delivered[i]) out.push_back({mine[i], *arrived[i], std::max(*arrived[i], *delivered[i])});
    return out;
}

namespace {

// QUIC's streams are delivered each on its own (RFC 9000 §2.2): a stream's bytes reach the
// program once every earlier byte of that stream has arrived, whatever other streams miss. A
// stream waited from the moment it would have been complete but for a loss (each lost datagram
// arriving with the transit of the next one from its sender that did arrive, as for TCP above)
// to the moment it was, its lost bytes having come again in another packet. Only the
// bidirectional streams are counted: HTTP/3's requests and answers (the control and QPACK
// streams are unidirectional).
std::vector<StreamStall> quicStreamStalls(const Trace& t, Side from) {
    constexpr TimeUs kNever = std::numeric_limits<TimeUs>::max();
    const Reached reached = reachedBy(t, from);
    // Each datagram's STREAM frames, from the message that names it (its offset is its seq).
    struct Frame {
        std::uint64_t lo = 0, hi = 0;
        TimeUs arrived = kNever, would = kNever;
    };
    std::map<std::uint32_t, std::vector<Frame>> streams;
    std::map<std::uint64_t, const StreamMessage*> by_offset;
    for (const StreamMessage& m : t.messages)
        if (m.from == from) by_offset[m.offset] = &m;
    for (const SegmentRecord& r : t.segments) {
        if (r.from != from) continue;
        const auto m = by_offset.find(r.segment.seq.value());
        if (m == by_offset.end()) continue;
        for (const MessageDetail& d : m->second->details)
            for (const MessageField& f : d.fields) {
                if (f.kind != MessageFieldKind::QuicStream || f.args.size() < 3) continue;
                const auto id = std::stoull(f.args[0]);
                if ((id & 0x2) != 0) continue;   // unidirectional
                const auto offset = std::stoull(f.args[1]);
                streams[static_cast<std::uint32_t>(id)].push_back({offset, offset + std::max<std::uint64_t>(1, std::stoull(f.args[2])),
                                                                   reached.arrived[r.id - 1].value_or(kNever),
                                                                   reached.would[r.id - 1].value_or(kNever)});
            }
    }
    std::vector<StreamStall> out;
    for (const auto& [id, frames] : streams) {
        StreamStall& s = out.emplace_back(StreamStall{id});
        std::vector<std::uint64_t> cuts;
        for (const Frame& f : frames) cuts.insert(cuts.end(), {f.lo, f.hi});
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
        // Complete once its last piece came: the latest of each piece's first arrival.
        TimeUs done = 0, would_done = 0;
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
            TimeUs first = kNever, first_would = kNever;
            bool covered = false;
            for (const Frame& f : frames)
                if (f.lo <= cuts[i] && cuts[i + 1] <= f.hi) {
                    covered = true;
                    first = std::min(first, f.arrived);
                    first_would = std::min(first_would, f.would);
                }
            if (!covered) continue;
            done = std::max(done, first);
            would_done = std::max(would_done, first_would);
        }
        if (done == kNever || would_done == kNever || done <= would_done) continue;
        s.waited = done - would_done;
        s.since = would_done;
        s.held = 1;
    }
    return out;
}

}  // namespace

std::vector<StreamStall> streamStalls(const Trace& t, Side from) {
    if (t.overUdp()) return quicStreamStalls(t, from);
    std::vector<StreamStall> out;
    const auto of = [&](std::uint32_t stream) -> StreamStall& {
        auto it = std::lower_bound(out.begin(), out.end(), stream,
                                   [](const StreamStall& s, std::uint32_t n) { return s.stream < n; });
        if (it == out.end() || it->stream != stream) it = out.insert(it, StreamStall{stream});
        return *it;
    };
    for (const StreamMessage& m : t.messages)
        if (m.from == from)
            for (std::uint32_t s : streamsNamed(m.name)) of(s);
    for (const MessageWait& w : messageWaits(t, from)) {
        if (w.waited() == 0) continue;
        for (std::uint32_t s : streamsNamed(t.messages[w.message].name)) {
            StreamStall& stall = of(s);
            ++stall.held;
            if (w.waited() > stall.waited) {
                stall.waited = w.waited();
                stall.since = w.arrived;
            }
        }
    }
    return out;
}

}  // namespace tcpviz::core
