#include "core/trace/notation.h"

#include <array>

#include "core/trace/trace_printers.h"

namespace tcpviz::core {
namespace {

constexpr std::array<std::string_view, 4> kNotationNames = {"textbook", "relative", "absolute", "rfc"};

// Control bits in the order textbooks and the RFC's CTL list write them: ACK last.
constexpr FlagName kTextbookOrder[] = {{kSyn, "SYN"}, {kFin, "FIN"}, {kRst, "RST"}, {kPsh, "PSH"},
                                       {kUrg, "URG"}, {kEce, "ECE"}, {kCwr, "CWR"}, {kAck, "ACK"}};

// `letter`: the textbook's name of b's sequence space (SegmentLabeler::letter).
std::string fieldValue(std::uint32_t value, const SeqFieldBasis& b, Notation n, std::string_view letter) {
    if (n == Notation::Textbook && b.symbolic) return seqSymbol(letter, SeqNum(value), SeqNum(b.base));
    if (n == Notation::Relative && b.has_base) return std::to_string(SeqNum(value) - SeqNum(b.base));
    return std::to_string(value);
}

SeqFieldBasis absoluteBasis() { return {}; }

SeqFieldBasis symbolicBasis(std::uint32_t base, Side space) { return {true, base, true, space}; }

SeqFieldBasis relativeBasis(const std::optional<std::uint32_t>& base, Side space) {
    if (!base) return absoluteBasis();
    return {true, *base, false, space};
}

}  // namespace

std::string_view notationName(Notation n) { return kNotationNames[static_cast<std::size_t>(n)]; }

std::optional<Notation> notationFromName(std::string_view name) {
    for (std::size_t i = 0; i < kNotationNames.size(); ++i)
        if (kNotationNames[i] == name) return static_cast<Notation>(i);
    return std::nullopt;
}

std::string controlBitsText(std::uint8_t flags, std::string_view separator) {
    std::string text;
    for (const auto& f : kTextbookOrder) {
        if (!(flags & f.flag)) continue;
        if (!text.empty()) text += separator;
        text += f.name;
    }
    return text;
}

std::string_view seqLetter(Side space) { return space == Side::A ? "x" : "y"; }

std::string seqSymbol(std::string_view letter, SeqNum value, SeqNum base) {
    const std::int32_t offset = value - base;
    std::string text(letter);
    if (offset > 0) text += "+" + std::to_string(offset);
    if (offset < 0) text += "-" + std::to_string(-static_cast<std::int64_t>(offset));
    return text;
}

SegmentLabeler::SegmentLabeler(const Trace& t) : m_bases(t.segments.size()), m_messages(t) {
    // x is the client's: the side whose SYN opens the connection, wherever it is drawn (a
    // lesson with its sides swapped keeps "SYN=1, seq=x" on the client's arrow).
    for (const SegmentRecord& r : t.segments) {
        if (r.reason == SendReason::Injected || !r.segment.has(kSyn) || r.segment.has(kAck)) continue;
        m_x_side = r.from;
        break;
    }
    // Where relative numbers start when a side's SYN is not in the trace (a scenario that
    // starts ESTABLISHED): one before its first sequence number, as Wireshark does.
    std::array<std::optional<std::uint32_t>, 2> fallback;
    for (const SegmentRecord& r : t.segments) {
        if (r.reason == SendReason::Injected || r.segment.has(kSyn)) continue;
        auto& own = fallback[idx(r.from)];
        if (!own) own = (r.segment.seq - 1).value();
    }
    for (const SegmentRecord& r : t.segments) {
        auto& peer = fallback[idx(peerOf(r.from))];
        if (!peer && r.segment.has(kAck)) peer = (r.segment.ack - 1).value();
    }

    struct Received {
        std::uint32_t seq;
        bool genuine;   // the peer's own SYN, not an injected one
    };
    std::array<std::optional<std::uint32_t>, 2> iss;   // the ISS of each side's latest SYN
    std::array<std::optional<Received>, 2> irs;        // the latest SYN each side accepted
    std::array<std::optional<Received>, 2> arrived_syn;   // a SYN arriving now, not yet accepted
    std::uint64_t answering = 0;                       // the segment whose arrival is being processed
    std::size_t answering_input = 0;
    auto base = [&](Side space) { return iss[idx(space)] ? iss[idx(space)] : fallback[idx(space)]; };

    for (const Event& e : t.events) {
        if (e.kind == EventKind::Arrive) {
            const SegmentRecord& r = t.segment(e.segment);
            arrived_syn[idx(e.endpoint)].reset();
            if (r.segment.has(kSyn))
                arrived_syn[idx(e.endpoint)] = Received{r.segment.seq.value(), r.reason != SendReason::Injected};
            answering = e.segment;
            answering_input = e.input;
            continue;
        }
        if (e.kind == EventKind::State && answering_input == e.input && arrived_syn[idx(e.endpoint)] &&
            (e.cause == Cause::RcvSyn || e.cause == Cause::RcvSynAck || e.cause == Cause::RcvSynTwoWay)) {
            // The SYN was accepted: its sequence number is now the IRS (a SYN set aside, say a
            // challenge-ACKed one in ESTABLISHED, leaves the IRS as it was).
            irs[idx(e.endpoint)] = arrived_syn[idx(e.endpoint)];
            continue;
        }
        if (e.kind != EventKind::Send) continue;
        const SegmentRecord& r = t.segment(e.segment);
        const Side self = r.from, peer = peerOf(r.from);
        Bases& b = m_bases[r.id - 1];
        if (r.reason == SendReason::Injected) {
            // From nowhere: absolute in the textbook, still countable from the ISNs.
            b.seq = relativeBasis(base(self), self);
            b.ack = relativeBasis(base(peer), peer);
            continue;
        }
        if (r.segment.has(kSyn)) iss[idx(self)] = r.segment.seq.value();
        if (r.reason == SendReason::ResetReply && answering != 0 && answering_input == e.input) {
            // A reset echoes the numbers of the segment it answers (RFC 9293 §3.10.7.1):
            // SEQ is that segment's ACK, ACK is its SEQ + LEN.
            const SegmentRecord& offending = t.segment(answering);
            const Bases& ob = m_bases[offending.id - 1];
            b.seq = offending.segment.has(kAck) ? ob.ack : absoluteBasis();
            b.ack = ob.seq;
            continue;
        }
        if (iss[idx(self)])
            b.seq = symbolicBasis(*iss[idx(self)], self);
        else
            b.seq = relativeBasis(fallback[idx(self)], self);
        if (const auto& received = irs[idx(self)])
            b.ack = {true, received->seq, received->genuine, peer};
        else
            b.ack = relativeBasis(fallback[idx(peer)], peer);
    }
}

std::string SegmentLabeler::seqField(const Trace& t, std::uint64_t id, Notation n) const {
    return seqFieldWith(id, n, t.segment(id).segment.seq.value());
}

std::string SegmentLabeler::ackField(const Trace& t, std::uint64_t id, Notation n) const {
    const Segment& s = t.segment(id).segment;
    if (!s.has(kAck)) return {};
    return ackFieldWith(id, n, s.ack.value());
}

std::string SegmentLabeler::seqFieldWith(std::uint64_t id, Notation n, std::uint32_t value) const {
    const SeqFieldBasis& b = m_bases.at(id - 1).seq;
    return "seq=" + fieldValue(value, b, n, letter(b.space));
}

std::string SegmentLabeler::ackFieldWith(std::uint64_t id, Notation n, std::uint32_t value) const {
    const SeqFieldBasis& b = m_bases.at(id - 1).ack;
    return "ack=" + fieldValue(value, b, n, letter(b.space));
}

std::string SegmentLabeler::label(const Trace& t, std::uint64_t id, Notation n) const {
    const Segment& s = t.segment(id).segment;
    if (n == Notation::Rfc) {
        const std::string messages = m_messages.of(t, id);
        return messages.empty() ? rfcSegmentText(s) : rfcSegmentText(s) + " " + messages;
    }
    std::string text;
    auto add = [&text](const std::string& part) {
        if (part.empty()) return;
        if (!text.empty() && text.back() != ' ') text += ", ";
        text += part;
    };
    if (n == Notation::Textbook) {
        for (const auto& f : kTextbookOrder)
            if (s.has(f.flag)) add(std::string(f.name) + "=1");
    } else {
        const std::string flags = controlBitsText(s.flags, ", ");
        if (!flags.empty()) text = "[" + flags + "] ";
    }
    add(seqField(t, id, n));
    add(ackField(t, id, n));
    if (!s.payload.empty()) add("len=" + std::to_string(s.payload.size()));
    // What a protocol's bytes carry says more than their TCP fields, which the inspector shows:
    // the messages, and the length that carries them.
    if (const std::string messages = m_messages.of(t, id); !messages.empty())
        return messages + " · len=" + std::to_string(s.payload.size());
    return text;
}

std::string segmentLabel(const Trace& t, std::uint64_t id, Notation n) {
    return SegmentLabeler(t).label(t, id, n);
}

}  // namespace tcpviz::core
