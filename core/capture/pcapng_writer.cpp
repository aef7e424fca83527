#include "core/capture/pcapng_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/io/atomic_file.h"
#include "core/net/packet.h"

namespace tcpviz::core {

namespace {

// --- pcapng blocks (draft-ietf-opsawg-pcapng), little-endian ---------------------------------

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;    // §4.1
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint32_t kInterfaceDescription = 1;      // §4.2
constexpr std::uint32_t kEnhancedPacket = 6;            // §4.3
constexpr std::uint32_t kDecryptionSecrets = 10;        // §4.7
constexpr std::uint32_t kTlsKeyLog = 0x544c534b;        // "TLSK": secrets of the SSLKEYLOGFILE format
// LINKTYPE_IPV4: the frame is the IPv4 packet. Not LINKTYPE_RAW (101), the same thing: libpcap
// (1.10) maps the first interface's 101 to DLT_RAW (12), then compares each later interface's
// 101 with that and refuses the file ("an interface has a type 101 different from the type of
// the first interface"); 228 is DLT_IPV4 too, so two interfaces of it agree.
constexpr std::uint16_t kLinkTypeIpv4 = 228;
constexpr std::uint32_t kSnapLength = 65535;            // the largest IPv4 packet

// Option codes (§3.5, §4.1, §4.2).
constexpr std::uint16_t kOptEnd = 0;
constexpr std::uint16_t kOptComment = 1;
constexpr std::uint16_t kShbUserApplication = 4;
constexpr std::uint16_t kIfName = 2;
constexpr std::uint16_t kIfDescription = 3;
constexpr std::uint16_t kIfTimestampResolution = 9;
constexpr std::uint8_t kMicroseconds = 6;               // if_tsresol: 10^-6 s

void le16(std::string& out, std::uint16_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
}
void le32(std::string& out, std::uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}
void le64(std::string& out, std::uint64_t v) {
    le32(out, static_cast<std::uint32_t>(v));
    le32(out, static_cast<std::uint32_t>(v >> 32));
}
void padTo32Bits(std::string& out) {
    while (out.size() % 4 != 0) out.push_back('\0');
}

// A block is its type, its total length, its body and its total length again (§3.1). Returns
// where the block starts, for endBlock to fill its length in.
std::size_t beginBlock(std::string& out, std::uint32_t type) {
    const std::size_t start = out.size();
    le32(out, type);
    le32(out, 0);   // the total length, once known
    return start;
}
void endBlock(std::string& out, std::size_t start) {
    padTo32Bits(out);
    const auto total = static_cast<std::uint32_t>(out.size() + 4 - start);
    le32(out, total);
    for (std::size_t i = 0; i < 4; ++i) out[start + 4 + i] = static_cast<char>((total >> (8 * i)) & 0xFF);
}

// An option: code, length, value, padding (§3.5). A value longer than an option can hold is
// cut at a UTF-8 character's start.
void option(std::string& out, std::uint16_t code, std::string_view value) {
    constexpr std::size_t kMax = 0xFFFC;
    if (value.size() > kMax) {
        std::size_t end = kMax;
        while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
        value = value.substr(0, end);
    }
    le16(out, code);
    le16(out, static_cast<std::uint16_t>(value.size()));
    out.append(value);
    padTo32Bits(out);
}
void endOfOptions(std::string& out) {
    le16(out, kOptEnd);
    le16(out, 0);
}

struct Interface {
    std::string name, description;
};

// --- the frames ----------------------------------------------------------------------------

// Who sent a segment, from which address to which: the interface it is captured on.
struct Sender {
    std::uint32_t interface = 0;
    std::uint32_t src = 0, dst = 0;
};

std::string endText(const std::string& name, std::uint32_t address, std::uint16_t port) {
    return name + " " + ipv4ToString(address) + ":" + std::to_string(port);
}

// A trace of two endpoints: interface 0 carries what A sent, 1 what B sent.
std::vector<Sender> sendersOfEndpoints(const Trace& trace, std::vector<Interface>& interfaces) {
    for (Side s : {Side::A, Side::B}) {
        const EndpointInfo& from = trace.endpoints[idx(s)];
        const EndpointInfo& to = trace.endpoints[idx(peerOf(s))];
        interfaces.push_back({from.id + " → " + to.id, endText(from.name, from.address, from.port) + " → " +
                                                           endText(to.name, to.address, to.port)});
    }
    std::vector<Sender> out;
    out.reserve(trace.segments.size());
    for (const SegmentRecord& r : trace.segments) {
        const Side s = r.from;
        out.push_back({static_cast<std::uint32_t>(idx(s)), trace.endpoints[idx(s)].address,
                       trace.endpoints[idx(peerOf(s))].address});
    }
    return out;
}

// A trace of hosts: an interface per host that sent, in the order of their first segments; the
// spoofed sources of a SYN flood, which are no host, share one. A segment's connection is its
// send event's.
std::vector<Sender> sendersOfHosts(const Trace& trace, std::vector<Interface>& interfaces) {
    constexpr std::uint32_t kNone = ~std::uint32_t{0};
    std::vector<std::uint32_t> conn_of(trace.segments.size(), kNone);
    for (const Event& e : trace.events)
        if (e.kind == EventKind::Send && e.segment != 0 && e.segment <= conn_of.size()) conn_of[e.segment - 1] = e.conn;
    std::unordered_map<std::uint32_t, const TraceConnection*> connections;
    connections.reserve(trace.connections.size());
    for (const TraceConnection& c : trace.connections) connections.emplace(c.id, &c);
    std::unordered_map<std::string, std::uint32_t> interface_of;   // by host name, "" spoofed
    const auto interfaceFor = [&](const ConnectionEnd& end) {
        const auto [it, added] = interface_of.emplace(end.host, static_cast<std::uint32_t>(interfaces.size()));
        if (!added) return it->second;
        if (end.host.empty()) {
            interfaces.push_back({"spoofed", "segments sent from spoofed addresses (a SYN flood's)"});
        } else {
            const auto host = std::find_if(trace.hosts.begin(), trace.hosts.end(),
                                           [&](const TraceHost& h) { return h.name == end.host; });
            const std::uint32_t address = host != trace.hosts.end() ? host->address : end.address;
            interfaces.push_back({end.host, "segments sent by " + end.host + " (" + ipv4ToString(address) + ")"});
        }
        return it->second;
    };
    std::vector<Sender> out;
    out.reserve(trace.segments.size());
    for (const SegmentRecord& r : trace.segments) {
        const std::uint32_t conn = conn_of[r.id - 1];
        const auto c = conn == kNone ? connections.end() : connections.find(conn);
        if (c == connections.end())
            throw std::invalid_argument("segment " + std::to_string(r.id) + " of the trace belongs to no connection");
        const ConnectionEnd& from = r.from == Side::A ? c->second->a : c->second->b;
        const ConnectionEnd& to = r.from == Side::A ? c->second->b : c->second->a;
        out.push_back({interfaceFor(from), from.address, to.address});
    }
    return out;
}

// The segment's TCP bytes as they go on the wire. Every segment a simulator sends is finalized
// (Endpoint::emit, Simulator::inject, HostSimulator's SYNs, SYN,ACKs and RSTs), so its stored
// checksum verifies and is written as it is; an injected segment whose checksum does not verify
// was sent so on purpose (a scenario's "bad_checksum") and keeps it. Any other segment (one
// built by hand) is finalized on a copy. `deliberately_bad` says which happened.
std::vector<std::uint8_t> tcpBytes(const SegmentRecord& r, const PseudoHeader& ph, bool& deliberately_bad) {
    const Segment& s = r.segment;
    const bool offset_right = s.data_offset == 5 + s.options.wireLength() / 4;
    deliberately_bad = false;
    if (offset_right && s.checksum == computeChecksum(s, ph)) return serialize(s);
    if (offset_right && r.reason == SendReason::Injected) {
        deliberately_bad = true;
        return serialize(s);
    }
    Segment fixed = s;
    finalize(fixed, ph);
    return serialize(fixed);
}

// "tcpviz segment 7: retransmission (timeout)"; empty for an ordinary segment.
std::string commentOf(const SegmentRecord& r, bool deliberately_bad) {
    std::string why;
    switch (r.reason) {
        case SendReason::Normal: break;
        case SendReason::Retransmission: why = "retransmission (timeout)"; break;
        case SendReason::FastRetransmit: why = "retransmission (fast)"; break;
        default: why = sendReasonName(r.reason); break;
    }
    if (deliberately_bad) why += why.empty() ? "bad checksum" : " with a bad checksum";
    return why.empty() ? std::string() : "tcpviz segment " + std::to_string(r.id) + ": " + why;
}

// write(2) into a device or pipe until every byte is in; FileWriteError on the first failure.
void writeInto(const std::string& path, std::string_view bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) throw FileWriteError(path, errno);
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n == 0 ? EIO : errno;
            ::close(fd);
            throw FileWriteError(path, err);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::close(fd) != 0) throw FileWriteError(path, errno);
}

}  // namespace

PcapngBuilder::PcapngBuilder(std::string_view comment, std::size_t reserve) {
    m_bytes.reserve(reserve);
    const std::size_t start = beginBlock(m_bytes, kSectionHeader);
    le32(m_bytes, kByteOrderMagic);
    le16(m_bytes, 1);                // major version
    le16(m_bytes, 0);                // minor version
    le64(m_bytes, ~std::uint64_t{0});   // the section's length: not given
    if (!comment.empty()) option(m_bytes, kOptComment, comment);
    option(m_bytes, kShbUserApplication, "tcpviz");
    endOfOptions(m_bytes);
    endBlock(m_bytes, start);
}

std::uint32_t PcapngBuilder::addInterface(std::string_view name, std::string_view description) {
    const std::size_t start = beginBlock(m_bytes, kInterfaceDescription);
    le16(m_bytes, kLinkTypeIpv4);
    le16(m_bytes, 0);   // reserved
    le32(m_bytes, kSnapLength);
    option(m_bytes, kIfName, name);
    option(m_bytes, kIfDescription, description);
    option(m_bytes, kIfTimestampResolution, std::string_view(reinterpret_cast<const char*>(&kMicroseconds), 1));
    endOfOptions(m_bytes);
    endBlock(m_bytes, start);
    return m_interfaces++;
}

void PcapngBuilder::addPacket(std::uint32_t interface, std::uint64_t time_us, std::span<const std::uint8_t> frame,
                              std::string_view comment) {
    if (interface >= m_interfaces)
        throw std::invalid_argument("pcapng: packet on interface " + std::to_string(interface) + " of " +
                                    std::to_string(m_interfaces));
    const std::size_t start = beginBlock(m_bytes, kEnhancedPacket);
    le32(m_bytes, interface);
    le32(m_bytes, static_cast<std::uint32_t>(time_us >> 32));
    le32(m_bytes, static_cast<std::uint32_t>(time_us));
    le32(m_bytes, static_cast<std::uint32_t>(frame.size()));   // captured ...
    le32(m_bytes, static_cast<std::uint32_t>(frame.size()));   // ... of the packet's length: all of it
    m_bytes.append(reinterpret_cast<const char*>(frame.data()), frame.size());
    padTo32Bits(m_bytes);
    if (!comment.empty()) {
        option(m_bytes, kOptComment, comment);
        endOfOptions(m_bytes);
    }
    endBlock(m_bytes, start);
}

void PcapngBuilder::addTlsKeyLog(std::string_view lines) {
    const std::size_t start = beginBlock(m_bytes, kDecryptionSecrets);
    le32(m_bytes, kTlsKeyLog);
    le32(m_bytes, static_cast<std::uint32_t>(lines.size()));
    m_bytes.append(lines);
    padTo32Bits(m_bytes);
    endBlock(m_bytes, start);
}

std::string pcapngOfTrace(const Trace& trace, const PcapngOptions& options) {
    std::vector<Interface> interfaces;
    const std::vector<Sender> senders =
        trace.ofHosts() ? sendersOfHosts(trace, interfaces) : sendersOfEndpoints(trace, interfaces);

    // Segments are recorded as they are sent, so in time order already; sorting keeps a trace
    // put together otherwise in order too (equal times keep their order of sending).
    std::vector<std::size_t> order(trace.segments.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto earlier = [&](std::size_t x, std::size_t y) {
        return trace.segments[x].sent_at < trace.segments[y].sent_at;
    };
    if (!std::is_sorted(order.begin(), order.end(), earlier)) std::stable_sort(order.begin(), order.end(), earlier);

    std::size_t estimate = 256 + 128 * interfaces.size();
    for (const SegmentRecord& r : trace.segments) estimate += 140 + r.segment.payload.size();
    std::string comment;
    if (!trace.scenario_id.empty())
        comment = "simulated by tcpviz: " + (trace.scenario_title.empty()
                                                 ? trace.scenario_id
                                                 : trace.scenario_title + " (" + trace.scenario_id + ")");
    PcapngBuilder out(comment, estimate);
    for (const Interface& i : interfaces) out.addInterface(i.name, i.description);
    if (!trace.key_log.empty()) out.addTlsKeyLog(keyLogOf(trace));

    std::vector<std::uint16_t> next_id(interfaces.size(), 0);   // each sender's IPv4 identification
    std::vector<std::uint8_t> frame;
    for (const std::size_t k : order) {
        const SegmentRecord& r = trace.segments[k];
        const Sender& from = senders[k];
        const TimeUs time = options.epoch_us + r.sent_at;
        if (time < 0)
            throw std::invalid_argument("segment " + std::to_string(r.id) + " would be captured before 1970: " +
                                        std::to_string(time) + " µs");
        bool deliberately_bad = false;
        const std::vector<std::uint8_t> tcp = tcpBytes(r, PseudoHeader{from.src, from.dst}, deliberately_bad);
        frame.clear();
        appendIpv4Header(frame, tcp.size(), next_id[from.interface]++, from.src, from.dst, r.segment.ipProtocol());
        frame.insert(frame.end(), tcp.begin(), tcp.end());
        out.addPacket(from.interface, static_cast<std::uint64_t>(time), frame, commentOf(r, deliberately_bad));
    }
    return out.take();
}

std::string keyLogOf(const Trace& trace) {
    std::string out;
    for (const std::string& line : trace.key_log) out += line + "\n";
    return out;
}

void writePcapng(const Trace& trace, const std::string& path, const PcapngOptions& options) {
    writeCaptureFile(pcapngOfTrace(trace, options), path);
}

void writeCaptureFile(const std::string& bytes, const std::string& path) {
    // A device or a pipe (/dev/stdout into Wireshark) is written into: replacing it with a file
    // would take it away.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return writeInto(path, bytes);
    writeFileAtomically(path, bytes);
}

}  // namespace tcpviz::core
