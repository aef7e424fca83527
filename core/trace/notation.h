#pragma once
// Segment labels for the sequence diagram and the event log, in four notations:
//
//   textbook  `SYN=1, seq=x`, `SYN=1, ACK=1, seq=y, ack=x+1`, `ACK=1, seq=x+1, ack=y+1, len=100`
//             x is the ISS of the side that sends the first SYN (A when no SYN is sent), y the
//             other's. A segment injected from nowhere (an old duplicate) is
//             written with absolute numbers, and so is a number that echoes one of its fields.
//   relative  `[SYN, ACK] seq=0, ack=1`: numbers counted from each direction's ISN, like
//             Wireshark's relative sequence numbers.
//   absolute  `[SYN, ACK] seq=300, ack=101`
//   rfc       `<SEQ=300><ACK=101><CTL=SYN,ACK>` (core::rfcSegmentText)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tcp/seq_num.h"
#include "core/trace/messages.h"
#include "core/trace/trace.h"

namespace tcpviz::core {

enum class Notation : std::uint8_t { Textbook, Relative, Absolute, Rfc };
inline constexpr Notation kAllNotations[] = {Notation::Textbook, Notation::Relative,
                                             Notation::Absolute, Notation::Rfc};
std::string_view notationName(Notation n);   // "textbook", "relative", "absolute", "rfc"
std::optional<Notation> notationFromName(std::string_view name);

// The set control bits in the order labels write them, ACK last: "SYN,ACK", "FIN,ACK".
std::string controlBitsText(std::uint8_t flags, std::string_view separator = ",");

// The letters textbooks use for the two sequence spaces: "x" for A, "y" for B (a labeler's
// letter() gives "x" to the side that opens, which is A in all but swapped lessons).
std::string_view seqLetter(Side space);
// "x", "x+1", "x-9": `value` written as an offset from `base` in the space named `letter`.
std::string seqSymbol(std::string_view letter, SeqNum value, SeqNum base);

// How one sequence-number field of a segment is written.
struct SeqFieldBasis {
    bool has_base = false;      // relative notation counts from `base`; else absolute
    std::uint32_t base = 0;
    bool symbolic = false;      // textbook writes it with the letter of `space`; else absolute
    Side space = Side::A;
};

// Labels every segment of one trace. A segment that carries a protocol's messages (TLS) is
// labelled with them and its length instead ("ClientHello · len=517"), as RFC 8446's figures
// name the messages; its TCP fields are the inspector's. Building it is one pass over the trace, after which each
// label costs one string. The trace passed to label() must be the one it was built from.
class SegmentLabeler {
public:
    SegmentLabeler() = default;
    explicit SegmentLabeler(const Trace& t);

    [[nodiscard]] std::string label(const Trace& t, std::uint64_t segment_id, Notation n) const;
    // The seq and ack fields alone ("seq=x+1", "ack=y+1"; ack is empty without ACK).
    [[nodiscard]] std::string seqField(const Trace& t, std::uint64_t segment_id, Notation n) const;
    [[nodiscard]] std::string ackField(const Trace& t, std::uint64_t segment_id, Notation n) const;
    // The same fields as if they held `value`, written as the segment's own are ("ack=x" where
    // it says "ack=x+1"): a quiz's wrong choices.
    [[nodiscard]] std::string seqFieldWith(std::uint64_t segment_id, Notation n, std::uint32_t value) const;
    [[nodiscard]] std::string ackFieldWith(std::uint64_t segment_id, Notation n, std::uint32_t value) const;
    [[nodiscard]] const SeqFieldBasis& seqBasis(std::uint64_t segment_id) const { return m_bases.at(segment_id - 1).seq; }
    [[nodiscard]] const SeqFieldBasis& ackBasis(std::uint64_t segment_id) const { return m_bases.at(segment_id - 1).ack; }
    // The letter of a side's sequence space: "x" for the side whose SYN came first, else "y".
    [[nodiscard]] std::string_view letter(Side space) const { return seqLetter(space == m_x_side ? Side::A : Side::B); }
    // What a protocol above TCP said the bytes carry.
    [[nodiscard]] const MessageIndex& messages() const { return m_messages; }

private:
    struct Bases {
        SeqFieldBasis seq, ack;
    };
    std::vector<Bases> m_bases;   // by segment id - 1
    Side m_x_side = Side::A;      // whose space is "x"
    MessageIndex m_messages;      // what a protocol above TCP said its bytes carry
};

// One label, building a labeler for the trace (O(trace)); prefer SegmentLabeler for many.
std::string segmentLabel(const Trace& t, std::uint64_t segment_id, Notation n);

}  // namespace tcpviz::core
