#include "core/capture/capture.h"
#include "core/capture/frame.h"
#include "core/io/file_kind.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string_view>
#include <fstream>
#include <cstring>
#include <unordered_map>
#include <memory>
#include <optional>

namespace tcpviz::core {

namespace {

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10;

using capture_detail::be16;
using capture_detail::be32;

// Where the IP packet starts in a frame of this link type, and which IP it is: 4, 6, or 0 for
// a frame that carries no IP.
struct IpStart {
    std::size_t offset = 0;
    int version = 0;
};

int versionOfEthertype(std::uint16_t type) { return type == 0x0800 ? 4 : type == 0x86DD ? 6 : 0; }

IpStart ipStart(int link, const std::uint8_t* p, std::size_t n) {
    switch (link) {
        case DLT_EN10MB: {
            if (n < 14) return {};
            std::size_t off = 12;
            std::uint16_t type = be16(p + off);
            // 802.1Q and 802.1ad tags, as many as there are.
            while ((type == 0x8100 || type == 0x88A8 || type == 0x9100) && off + 6 <= n) {
                off += 4;
                type = be16(p + off);
            }
            return {off + 2, versionOfEthertype(type)};
        }
        case DLT_LINUX_SLL:   // 16 bytes, the protocol last
            if (n < 16) return {};
            return {16, versionOfEthertype(be16(p + 14))};
        case DLT_LINUX_SLL2:  // 20 bytes, the protocol first
            if (n < 20) return {};
            return {20, versionOfEthertype(be16(p))};
        case DLT_NULL:
        case DLT_LOOP: {
            // The address family, in the capturing host's byte order (NULL) or big-endian
            // (LOOP): AF_INET is 2 everywhere, AF_INET6 24, 28 or 30 by system.
            if (n < 4) return {};
            const std::uint32_t le = std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
                                     std::uint32_t{p[3]} << 24;
            const std::uint32_t family = link == DLT_LOOP ? be32(p) : (le > 0xFFFF ? be32(p) : le);
            return {4, family == 2 ? 4 : (family == 24 || family == 28 || family == 30) ? 6 : 0};
        }
        case DLT_RAW:
        case DLT_IPV4:
        case DLT_IPV6:
            if (n < 1) return {};
            return {0, p[0] >> 4 == 4 ? 4 : p[0] >> 4 == 6 ? 6 : 0};
        default: return {};
    }
}

using capture_detail::TcpFrame;

// The TCP segment of an IP packet, if it is one (first fragments only).
std::optional<TcpFrame> parseIp(int version, const std::uint8_t* p, std::size_t n) {
    TcpFrame out;
    std::size_t l4 = 0, l4_length = 0;
    if (version == 4) {
        if (n < 20) return std::nullopt;
        const std::size_t ihl = std::size_t{p[0] & 0x0Fu} * 4;
        const std::size_t total = be16(p + 2);
        if (ihl < 20 || total < ihl || p[9] != 6) return std::nullopt;
        if ((be16(p + 6) & 0x1FFF) != 0) return std::nullopt;   // a later fragment
        std::copy(p + 12, p + 16, out.from.address.bytes.begin());
        std::copy(p + 16, p + 20, out.to.address.bytes.begin());
        l4 = ihl;
        l4_length = total - ihl;
    } else {
        if (n < 40) return std::nullopt;
        out.from.address.v6 = out.to.address.v6 = true;
        std::copy(p + 8, p + 24, out.from.address.bytes.begin());
        std::copy(p + 24, p + 40, out.to.address.bytes.begin());
        std::size_t length = be16(p + 4);   // the payload after the fixed header
        std::uint8_t next = p[6];
        l4 = 40;
        // Extension headers: hop-by-hop, routing, destination options; a fragment header
        // whose offset is not 0 is a later fragment.
        while (next == 0 || next == 43 || next == 60 || next == 44) {
            if (l4 + 8 > n) return std::nullopt;
            if (next == 44) {
                if ((be16(p + l4 + 2) & 0xFFF8) != 0) return std::nullopt;
                next = p[l4];
                l4 += 8;
                length = length >= 8 ? length - 8 : 0;
                continue;
            }
            const std::size_t ext = (std::size_t{p[l4 + 1]} + 1) * 8;
            next = p[l4];
            l4 += ext;
            length = length >= ext ? length - ext : 0;
        }
        if (next != 6) return std::nullopt;
        l4_length = length;
    }
    if (l4 + 20 > n || l4_length < 20) return std::nullopt;   // the TCP header was not captured
    const std::uint8_t* t = p + l4;
    const std::size_t header = static_cast<std::size_t>(t[12] >> 4) * 4;
    if (header < 20 || header > l4_length) return std::nullopt;
    out.from.port = be16(t);
    out.to.port = be16(t + 2);
    out.segment.seq = be32(t + 4);
    out.segment.ack = be32(t + 8);
    out.segment.flags = t[13] & 0x3F;
    out.segment.window = be16(t + 14);
    out.segment.payload = static_cast<std::uint32_t>(l4_length - header);
    out.tcp = l4;
    out.tcp_length = l4_length;
    out.header = header;
    if ((out.segment.flags & kSyn) && l4 + header <= n) {
        // The SYN's options, for its window scale (kind 3, length 3); a malformed list ends the
        // search, since the segment itself is still counted.
        for (std::size_t o = 20; o < header;) {
            const std::uint8_t kind = t[o];
            if (kind == 0) break;
            if (kind == 1) {
                ++o;
                continue;
            }
            if (o + 1 >= header || t[o + 1] < 2 || o + t[o + 1] > header) break;
            if (kind == 3 && t[o + 1] == 3) out.segment.wscale = t[o + 2];
            o += t[o + 1];
        }
    }
    return out;
}

// A connection being tracked: what tells a new one on the same 4-tuple from this one.
// A hash of a 4-tuple: its address bytes as 64-bit words, and its ports, mixed.
struct FourTupleHash {
    std::size_t operator()(const std::pair<CaptureEnd, CaptureEnd>& k) const noexcept {
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (std::uint64_t{k.first.port} << 16 | k.second.port) ^
                          (k.first.address.v6 ? 0x5555u : 0u);
        for (const CaptureEnd* e : {&k.first, &k.second})
            for (std::size_t i = 0; i < 16; i += 8) {
                std::uint64_t w;
                std::memcpy(&w, e->address.bytes.data() + i, 8);
                h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
                h ^= h >> 31;
            }
        return static_cast<std::size_t>(h);
    }
};

struct Tracked {
    std::uint32_t index = 0;
    std::optional<std::uint32_t> syn_seq;   // `a`'s ISN, when its SYN was seen
    bool fin_a = false, fin_b = false, rst = false;
    [[nodiscard]] bool over() const { return rst || (fin_a && fin_b); }
};


}  // namespace

namespace capture_detail {

std::optional<TcpFrame> tcpFrame(int link, const std::uint8_t* frame, std::size_t n) {
    const IpStart ip = ipStart(link, frame, n);
    if (ip.version == 0 || ip.offset > n) return std::nullopt;
    std::optional<TcpFrame> out = parseIp(ip.version, frame + ip.offset, n - ip.offset);
    if (out) out->tcp += ip.offset;
    return out;
}

bool knownLinkType(int link) {
    switch (link) {
        case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_NULL: case DLT_LOOP:
        case DLT_RAW: case DLT_IPV4: case DLT_IPV6: return true;
        default: return false;
    }
}

}  // namespace capture_detail

std::string captureAddressText(const CaptureAddress& a) {
    char text[64];
    if (!a.v6) {
        std::snprintf(text, sizeof text, "%u.%u.%u.%u", a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]);
        return text;
    }
    // RFC 5952: the longest run of two or more zero groups as "::", lower case, no leading zeros.
    std::array<std::uint16_t, 8> g{};
    for (std::size_t i = 0; i < 8; ++i) g[i] = be16(a.bytes.data() + 2 * i);
    std::size_t best = 8, best_len = 0;
    for (std::size_t i = 0; i < 8;) {
        std::size_t j = i;
        while (j < 8 && g[j] == 0) ++j;
        if (j - i > best_len && j - i >= 2) {
            best = i;
            best_len = j - i;
        }
        i = j == i ? i + 1 : j;
    }
    std::string out;
    for (std::size_t i = 0; i < 8; ++i) {
        if (i == best) {
            out += "::";
            i += best_len - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        std::snprintf(text, sizeof text, "%x", g[i]);
        out += text;
    }
    return out;
}

std::string captureEndText(const CaptureEnd& e) {
    const std::string a = captureAddressText(e.address);
    return (e.address.v6 ? "[" + a + "]" : a) + ":" + std::to_string(e.port);
}

CaptureError::CaptureError(std::string file, std::uint64_t packet, const std::string& message)
    : std::runtime_error(file + (packet ? ": packet " + std::to_string(packet) : std::string()) + ": " + message),
      m_file(std::move(file)),
      m_packet(packet) {}

bool looksLikeCapture(const std::string& path) {
    if (notRegularFile(path)) return false;   // a FIFO would hold the open for ever
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 4> m{};
    if (!in.read(reinterpret_cast<char*>(m.data()), 4)) return false;
    const std::uint32_t be = be32(m.data());
    return be == 0xA1B2C3D4 || be == 0xD4C3B2A1 || be == 0xA1B23C4D || be == 0x4D3CB2A1 ||   // pcap, us and ns
           be == 0x0A0D0D0A;                                                                  // pcapng
}

bool isCapturePath(const std::string& path) {
    const auto ends = [&](std::string_view ext) {
        if (path.size() < ext.size()) return false;
        for (std::size_t i = 0; i < ext.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(path[path.size() - ext.size() + i])) != ext[i]) return false;
        return true;
    };
    return ends(".pcap") || ends(".pcapng") || looksLikeCapture(path);
}

namespace capture_detail {

namespace {

struct PcapClose {
    void operator()(pcap_t* p) const { pcap_close(p); }
};

std::unique_ptr<pcap_t, PcapClose> openSource(const FrameSource& source) {
    char error[PCAP_ERRBUF_SIZE] = {};
    if (!source.bytes) {
        // A FIFO would hold libpcap's fopen() for ever, a device be read without end.
        if (const auto why = notRegularFile(source.name)) throw CaptureError(source.name, 0, "cannot read the file: " + *why);
        std::unique_ptr<pcap_t, PcapClose> pcap(
            pcap_open_offline_with_tstamp_precision(source.name.c_str(), PCAP_TSTAMP_PRECISION_MICRO, error));
        if (!pcap) throw CaptureError(source.name, 0, error);
        return pcap;
    }
    // libpcap reads a FILE*; fmemopen gives one over the bytes (libpcap closes it).
    const std::string& bytes = *source.bytes;
    std::FILE* f = bytes.empty() ? nullptr : fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
    if (!f) throw CaptureError(source.name, 0, "empty, or not readable as a file");
    std::unique_ptr<pcap_t, PcapClose> pcap(pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_MICRO, error));
    if (!pcap) {
        std::fclose(f);
        throw CaptureError(source.name, 0, error);
    }
    return pcap;
}

}  // namespace

int visitFrames(const FrameSource& source, const FrameVisitor& visit) {
    std::unique_ptr<pcap_t, PcapClose> pcap = openSource(source);
    const int link = pcap_datalink(pcap.get());
    if (!knownLinkType(link)) {
        const char* name = pcap_datalink_val_to_name(link);
        throw CaptureError(source.name, 0, "link type " + std::to_string(link) + (name ? std::string(" (") + name + ")" : "") +
                                               " is not one tcpviz reads; it reads Ethernet, Linux cooked (SLL, SLL2), "
                                               "NULL/loopback and raw IP");
    }
    pcap_pkthdr* header = nullptr;
    const std::uint8_t* data = nullptr;
    for (std::uint64_t packet = 1;; ++packet) {
        const int r = pcap_next_ex(pcap.get(), &header, &data);
        if (r == PCAP_ERROR_BREAK) break;   // the end of the file
        if (r != 1) throw CaptureError(source.name, packet, pcap_geterr(pcap.get()));
        // (A pcapng timestamp is 64 bits of any unit: one past what microseconds hold is refused.)
        std::int64_t us = 0;
        if (__builtin_mul_overflow(std::int64_t{header->ts.tv_sec}, std::int64_t{1'000'000}, &us) ||
            __builtin_add_overflow(us, std::int64_t{header->ts.tv_usec}, &us))
            throw CaptureError(source.name, packet, "its timestamp is out of range");
        if (!visit(link, packet, us, header->caplen, data)) break;
    }
    return link;
}

}  // namespace capture_detail

namespace {

Capture readFrom(const capture_detail::FrameSource& source, const std::function<bool(std::uint64_t)>& progress) {
    Capture out;
    out.file = source.name;
    // By the 4-tuple, lower end first, hashed: one lookup a packet (an ordered map's comparisons
    // took a fifth of a 927k-packet import).
    std::unordered_map<std::pair<CaptureEnd, CaptureEnd>, Tracked, FourTupleHash> tracked;
    tracked.reserve(1024);
    std::optional<std::int64_t> first_us;
    out.link_type = capture_detail::visitFrames(source, [&](int link, std::uint64_t packet, std::int64_t us, std::size_t n,
                                                            const std::uint8_t* data) {
        out.packets = packet;
        if (progress && packet % 65536 == 0 && !progress(packet)) throw CaptureError(source.name, packet, "cancelled");
        if (!first_us) first_us = us;
        std::optional<TcpFrame> seg = capture_detail::tcpFrame(link, data, n);
        if (!seg) {
            ++out.not_tcp;
            return true;
        }
        if (__builtin_sub_overflow(us, *first_us, &seg->segment.time))
            throw CaptureError(source.name, packet, "its timestamp is too far from the first packet's");
        seg->segment.packet = static_cast<std::uint32_t>(std::min<std::uint64_t>(packet, UINT32_MAX));
        const bool forward = seg->from < seg->to;
        const auto key = forward ? std::make_pair(seg->from, seg->to) : std::make_pair(seg->to, seg->from);
        const std::uint8_t flags = seg->segment.flags;
        const bool syn = (flags & kSyn) && !(flags & kAck);
        auto it = tracked.find(key);
        bool fresh = it == tracked.end();
        if (!fresh && syn) {
            // A SYN on a 4-tuple that has a connection: the same one when it is that SYN again,
            // a new one when the old one is over or the ISN is another (tcptrace's port reuse).
            const Tracked& t = it->second;
            const CapturedConnection& c = out.connections[t.index];
            // (A SYN from `b` is a simultaneous open's, while the connection lasts.)
            const bool again = c.a == seg->from && t.syn_seq && *t.syn_seq == seg->segment.seq;
            const bool new_isn = c.a == seg->from && t.syn_seq && *t.syn_seq != seg->segment.seq;
            fresh = !again && (t.over() || new_isn || !t.syn_seq);
        }
        if (fresh) {
            Tracked t;
            t.index = static_cast<std::uint32_t>(out.connections.size());
            CapturedConnection& c = out.connections.emplace_back();
            c.id = t.index;
            c.first_segment = static_cast<std::uint32_t>(out.segments.size());
            // `a` sent the first SYN; a SYN,ACK first means its receiver did; else who spoke first.
            const bool syn_ack = (flags & kSyn) && (flags & kAck);
            c.a = syn_ack ? seg->to : seg->from;
            c.b = syn_ack ? seg->from : seg->to;
            c.from_syn = syn;
            if (syn) t.syn_seq = seg->segment.seq;
            it = tracked.insert_or_assign(key, t).first;
        }
        Tracked& t = it->second;
        CapturedConnection& c = out.connections[t.index];
        seg->segment.connection = t.index;
        // (A connection of a socket to itself has one end: all of it is `a`'s.)
        seg->segment.from_b = seg->from == c.a ? 0 : 1;
        if (flags & kFin) (seg->segment.from_b ? t.fin_b : t.fin_a) = true;
        if (flags & kRst) t.rst = true;
        ++c.segments;
        out.segments.push_back(seg->segment);
        return true;
    });
    return out;
}

}  // namespace

Capture readCapture(const std::string& path, const std::function<bool(std::uint64_t)>& progress) {
    return readFrom({path, nullptr}, progress);
}

Capture readCaptureBytes(const std::string& bytes, const std::string& name) { return readFrom({name, &bytes}, {}); }

}  // namespace tcpviz::core
