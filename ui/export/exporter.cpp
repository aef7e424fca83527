#include "ui/export/exporter.h"

#include <zlib.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <functional>
#include <future>
#include <string_view>

#include "core/io/atomic_file.h"
#include "ui/views/diagram_style.h"

namespace tcpviz::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("tcpviz::ui::Exporter", text); }

QString cannotWrite(const QString& path, const QString& why) {
    return tr("cannot write %1: %2").arg(path, why);
}

QRectF sourceOf(const Figure::Part& part) {
    return part.source.isEmpty() ? part.scene->itemsBoundingRect() : part.source;
}

QFont titleFont() {
    QFont f;
    f.setPixelSize(28);
    f.setBold(true);
    return f;
}

QFont subtitleFont() {
    QFont f;
    f.setPixelSize(18);
    return f;
}

double headerHeight(const Figure& figure) {
    double h = 0;
    if (!figure.title.isEmpty()) h += QFontMetricsF(titleFont()).height() + 6;
    if (!figure.subtitle.isEmpty()) h += QFontMetricsF(subtitleFont()).height() + 4;
    return h > 0 ? h + 12 : 0;
}

// The line above a part with a caption, and the space it takes.
double captionHeight(const Figure::Part& part) {
    return part.caption.isEmpty() ? 0 : QFontMetricsF(subtitleFont()).height() + 8;
}

// The parts side by side, or stacked: their width and height with the gaps between them.
QSizeF partsSize(const Figure& figure) {
    double width = 0, height = 0;
    for (const auto& part : figure.parts) {
        const QRectF r = sourceOf(part);
        const double h = r.height() + captionHeight(part);
        if (figure.stacked) {
            width = std::max(width, r.width());
            height += h;
        } else {
            width += r.width();
            height = std::max(height, h);
        }
    }
    const double gaps = figure.parts.size() > 1 ? figure.gap * static_cast<double>(figure.parts.size() - 1) : 0;
    (figure.stacked ? height : width) += gaps;
    return {width, height};
}

// Between the parts and the footer.
double footerGap(const Figure& figure) { return figure.gap / 2; }

// An export looks the same whatever the window looks like: the print colours, and no scene
// background of its own (the screen's theme may have set one), so that the figure is on white
// or, for a transparent PNG, on nothing.
class PrintLook {
public:
    explicit PrintLook(const Figure& figure) {
        for (const Figure::Part& part : figure.parts) clear(part.scene);
        clear(figure.footer.scene);
    }
    ~PrintLook() {
        for (auto& [scene, brush] : m_saved) scene->setBackgroundBrush(brush);
    }
    PrintLook(const PrintLook&) = delete;
    PrintLook& operator=(const PrintLook&) = delete;

private:
    void clear(QGraphicsScene* scene) {
        if (!scene || scene->backgroundBrush().style() == Qt::NoBrush) return;
        m_saved.emplace_back(scene, scene->backgroundBrush());
        scene->setBackgroundBrush(Qt::NoBrush);
    }
    style::ScopedPrintColors m_colors;
    std::vector<std::pair<QGraphicsScene*, QBrush>> m_saved;
};

QSize pixelSize(const Figure& figure, double scale) {
    const QSizeF size = figureSize(figure);
    return {static_cast<int>(std::ceil(size.width() * scale)), static_cast<int>(std::ceil(size.height() * scale))};
}

// Rows `top` to `top + image.height()` of the picture at `scale`, into `image` (as wide as the
// picture): the same drawing, shifted by whole pixels. The painter is clipped to those rows, so
// the sequence diagram paints only the rows of its trace that reach them.
void paintRows(const Figure& figure, const ExportOptions& options, double scale, int top, QImage& image) {
    const auto paper = options.transparent ? Qt::transparent : Qt::white;   // the paper, or nothing
    auto paint = [&](QImage& target, int first_row) {
        target.fill(paper);
        QPainter painter(&target);
        painter.setClipRect(QRect(QPoint(0, 0), target.size()));   // in pixels, whatever the scale
        painter.translate(0, -first_row);
        painter.scale(scale, scale);
        paintFigure(painter, figure, false);
    };
    // Qt rounds the place of a glyph that starts above the image's top edge (at a negative
    // row) a pixel apart from where it puts the same glyph inside an image. A strip is drawn
    // with rows to spare above it, as many as a line of text is high (up to 64), so that its
    // glyphs land where the whole picture has them.
    const int margin = std::min({top, 64, static_cast<int>(std::ceil(24 * scale))});
    if (margin == 0) {
        paint(image, top);
        return;
    }
    QImage taller(image.width(), image.height() + margin, image.format());
    paint(taller, top - margin);
    const auto row_bytes = static_cast<std::size_t>(image.width()) * static_cast<std::size_t>(image.depth() / 8);
    for (int y = 0; y < image.height(); ++y) std::memcpy(image.scanLine(y), taller.constScanLine(y + margin), row_bytes);
}

// --- PNG encoding ---
//
// A PNG file (ISO/IEC 15948) is a few chunks around one zlib stream of the rows, each row
// "filtered" (here with "up": minus the row above, byte by byte) and prefixed by its filter's
// number. A diagram is mostly paper and straight lines: most of a filtered row is zeros, and the
// rest comes in runs of equal pixels. So instead of a general deflate (Qt's PNG writer spent
// 3.5 s of a 4x export encoding; libpng with zlib's fastest settings still took a second), the
// rows are coded here as deflate literals and "repeat the pixel before" matches, found by
// comparing a row with the one above it in whole words, with a Huffman code made for each strip
// (RFC 1951). It takes less than half the time of the drawing it runs beside; its files are
// as small as zlib's level 1 makes them, about 1.5 times the size of zlib's default level.

// Adler-32 (RFC 1950 §8.2), with runs of zeros in constant time.
class Adler32 {
public:
    void update(const std::uint8_t* data, std::size_t n) {
        while (n > 0) {
            // At most 5552 bytes between reductions keep b below 2^32.
            const std::size_t chunk = std::min<std::size_t>(n, 5552);
            for (std::size_t i = 0; i < chunk; ++i) {
                m_a += data[i];
                m_b += m_a;
            }
            m_a %= kMod;
            m_b %= kMod;
            data += chunk;
            n -= chunk;
        }
    }
    void zeros(std::size_t n) {
        m_b = static_cast<std::uint32_t>((m_b + (n % kMod) * std::uint64_t{m_a}) % kMod);
    }
    [[nodiscard]] std::uint32_t value() const { return (m_b << 16) | m_a; }

private:
    static constexpr std::uint32_t kMod = 65521;
    std::uint32_t m_a = 1, m_b = 0;
};

// Code lengths of a Huffman code for `freq` no longer than `limit` bits (0 for unused symbols).
// Over the limit, the counts are flattened and the code built again: rare in practice, and
// only a little less compact than an optimal length-limited code.
std::vector<std::uint8_t> huffmanLengths(std::vector<std::uint32_t> freq, int limit) {
    const std::size_t n = freq.size();
    std::vector<std::uint8_t> lengths(n, 0);
    for (;;) {
        // Nodes: the symbols, then the inner nodes; a min-heap of (weight, node).
        std::vector<int> parent(2 * n, -1);
        using Entry = std::pair<std::uint64_t, int>;
        std::vector<Entry> heap;
        for (std::size_t i = 0; i < n; ++i)
            if (freq[i] > 0) heap.emplace_back(freq[i], static_cast<int>(i));
        std::make_heap(heap.begin(), heap.end(), std::greater<>());
        int next = static_cast<int>(n);
        while (heap.size() > 1) {
            std::pop_heap(heap.begin(), heap.end(), std::greater<>());
            const Entry a = heap.back();
            heap.pop_back();
            std::pop_heap(heap.begin(), heap.end(), std::greater<>());
            const Entry b = heap.back();
            heap.pop_back();
            parent[static_cast<std::size_t>(a.second)] = parent[static_cast<std::size_t>(b.second)] = next;
            heap.emplace_back(a.first + b.first, next++);
            std::push_heap(heap.begin(), heap.end(), std::greater<>());
        }
        int longest = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (freq[i] == 0) continue;
            int depth = 0;
            for (int v = parent[i]; v >= 0; v = parent[static_cast<std::size_t>(v)]) ++depth;
            lengths[i] = static_cast<std::uint8_t>(std::max(depth, 1));
            longest = std::max(longest, depth);
        }
        if (longest <= limit) return lengths;
        for (auto& f : freq)
            if (f > 0) f = f / 2 + 1;
    }
}

// Canonical codes for code lengths (RFC 1951 §3.2.2), bit-reversed: the stream is written
// from the least significant bit, a Huffman code from its most significant one.
std::vector<std::uint16_t> canonicalCodes(const std::vector<std::uint8_t>& lengths) {
    std::array<int, 16> count{}, next{};
    for (std::uint8_t l : lengths) ++count[l];
    count[0] = 0;
    for (int bits = 1, code = 0; bits < 16; ++bits) {
        code = (code + count[static_cast<std::size_t>(bits) - 1]) << 1;
        next[static_cast<std::size_t>(bits)] = code;
    }
    std::vector<std::uint16_t> codes(lengths.size(), 0);
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        const int l = lengths[i];
        if (l == 0) continue;
        const int c = next[static_cast<std::size_t>(l)]++;
        int r = 0;
        for (int b = 0; b < l; ++b) r |= ((c >> b) & 1) << (l - 1 - b);
        codes[i] = static_cast<std::uint16_t>(r);
    }
    return codes;
}

// Deflate's match lengths 3 to 258: the symbol, and the extra bits after it (RFC 1951 §3.2.5).
struct LengthCode {
    std::uint16_t symbol;
    std::uint8_t extra_bits;
    std::uint8_t extra;
};

const std::array<LengthCode, 259>& lengthCodes() {
    static const std::array<LengthCode, 259> table = [] {
        static constexpr std::array<int, 29> kBase = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                                      31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
        static constexpr std::array<int, 29> kExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                       2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        std::array<LengthCode, 259> t{};
        for (int len = 3; len <= 258; ++len) {
            std::size_t i = kBase.size() - 1;
            while (kBase[i] > len) --i;
            t[static_cast<std::size_t>(len)] = {static_cast<std::uint16_t>(257 + i),
                                                static_cast<std::uint8_t>(kExtra[i]),
                                                static_cast<std::uint8_t>(len - kBase[i])};
        }
        return t;
    }();
    return table;
}

void appendBigEndian(QByteArray& out, std::uint32_t v) {
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.append(b, 4);
}

// Appends a chunk: length, type, data, and the CRC-32 of type and data.
void appendChunk(QByteArray& out, const char (&type)[5], const QByteArray& data) {
    appendBigEndian(out, static_cast<std::uint32_t>(data.size()));
    out.append(type, 4);
    out.append(data);
    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type), 4);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.constData()), static_cast<uInt>(data.size()));
    appendBigEndian(out, static_cast<std::uint32_t>(crc));
}

// A PNG file written as its rows come: header(), then encode() for each strip of rows in order
// (QImage::Format_RGB32, written as RGB, or Format_ARGB32 not premultiplied, written as RGBA),
// then finish(). Each returns the bytes of the file that are ready. Each strip is one deflate
// block with its own Huffman code.
class PngStream {
public:
    PngStream(QSize size, bool alpha, double scale)
        : m_size(size), m_alpha(alpha), m_scale(scale), m_prev(static_cast<std::size_t>(size.width()), 0) {}

    [[nodiscard]] QByteArray header() const {
        QByteArray out("\x89PNG\r\n\x1a\n", 8);
        QByteArray ihdr;
        appendBigEndian(ihdr, static_cast<std::uint32_t>(m_size.width()));
        appendBigEndian(ihdr, static_cast<std::uint32_t>(m_size.height()));
        // 8 bits per sample, RGB (2) or RGBA (6), deflate, adaptive filtering, not interlaced.
        ihdr.append(char(8)).append(char(m_alpha ? 6 : 2)).append(char(0)).append(char(0)).append(char(0));
        appendChunk(out, "IHDR", ihdr);
        // Print size: a scene unit is 1/96 inch whatever the scale, so a 4x picture placed on
        // a slide or a page comes out as large as the 1x one, four times as sharp.
        QByteArray phys;
        const auto per_metre = static_cast<std::uint32_t>(std::lround(96 / 0.0254 * m_scale));
        appendBigEndian(phys, per_metre);
        appendBigEndian(phys, per_metre);
        phys.append(char(1));   // the unit: the metre
        appendChunk(out, "pHYs", phys);
        return out;
    }

    [[nodiscard]] QByteArray encode(const QImage& rows) {
        if (!m_started) {
            // zlib's header: deflate, 32 KiB window, no dictionary (RFC 1950 §2.2).
            m_out.append(char(0x78)).append(char(0x01));
            m_started = true;
        }
        m_tokens.clear();
        m_lit_freq.assign(286, 0);
        m_dist_freq.assign(30, 0);
        const int width = m_size.width();
        for (int y = 0; y < rows.height(); ++y) {
            const auto* row = reinterpret_cast<const std::uint32_t*>(rows.constScanLine(y));
            tokenizeRow(row, m_prev.data(), width);
            std::memcpy(m_prev.data(), row, static_cast<std::size_t>(width) * 4);
        }
        writeBlock();
        return takeChunk();
    }

    [[nodiscard]] QByteArray finish() {
        // An empty last block with the fixed code: its end-of-block symbol is seven 0 bits.
        put(1, 1);
        put(1, 2);
        put(0, 7);
        if (m_nbits % 8 != 0) put(0, 8 - m_nbits % 8);   // to a whole byte
        flushBits();
        appendBigEndian(m_out, m_adler.value());
        QByteArray out = takeChunk();
        appendChunk(out, "IEND", {});
        return out;
    }

private:
    // A token: a literal byte (below 256), or a match of kMatch | length << 8 | distance.
    static constexpr std::uint32_t kMatch = 1U << 31;

    // Per byte, the difference of two pixels (the "up" filter of a whole pixel).
    static std::uint32_t difference(std::uint32_t a, std::uint32_t b) {
        constexpr std::uint32_t kHigh = 0x80808080U;
        return ((a | kHigh) - (b & ~kHigh)) ^ ((a ^ ~b) & kHigh);
    }

    // How many pixels from the start are the same in both rows (zeros once filtered).
    static int sameAsAbove(const std::uint32_t* cur, const std::uint32_t* prev, int n) {
        int i = 0;
        constexpr int kBlock = 16;
        while (i + kBlock <= n && std::memcmp(cur + i, prev + i, kBlock * 4) == 0) i += kBlock;
        while (i < n && cur[i] == prev[i]) ++i;
        return i;
    }

    void tokenizeRow(const std::uint32_t* cur, const std::uint32_t* prev, int width) {
        const int bpp = m_alpha ? 4 : 3;
        std::uint8_t bytes[4] = {2, 0, 0, 0};
        literal(2);   // the row's filter: "up"
        m_adler.update(bytes, 1);
        std::uint32_t last = 0;
        for (int x = 0; x < width;) {
            if (x > 0) {
                // Pixels that filter to the same bytes as the one before: a match at the
                // distance of one pixel (at least three bytes long, as deflate requires).
                int run = 0;
                if (last == 0) {
                    run = sameAsAbove(cur + x, prev + x, width - x);
                } else {
                    while (x + run < width && difference(cur[x + run], prev[x + run]) == last) ++run;
                }
                if (run > 0) {
                    match(run * bpp, bpp);
                    if (last == 0) {
                        m_adler.zeros(static_cast<std::size_t>(run) * static_cast<std::size_t>(bpp));
                    } else {
                        for (int i = 0; i < run; ++i) m_adler.update(bytes, static_cast<std::size_t>(bpp));
                    }
                    x += run;
                    if (x >= width) break;
                }
            }
            // The next pixel as literals, in PNG's order: R, G, B (, A).
            last = difference(cur[x], prev[x]);
            bytes[0] = static_cast<std::uint8_t>(last >> 16);
            bytes[1] = static_cast<std::uint8_t>(last >> 8);
            bytes[2] = static_cast<std::uint8_t>(last);
            bytes[3] = static_cast<std::uint8_t>(last >> 24);
            for (int i = 0; i < bpp; ++i) literal(bytes[i]);
            m_adler.update(bytes, static_cast<std::size_t>(bpp));
            ++x;
        }
    }

    void literal(std::uint8_t byte) {
        m_tokens.push_back(byte);
        ++m_lit_freq[byte];
    }

    // `length` bytes repeating the last `distance` (1 to 4) ones.
    void match(int length, int distance) {
        while (length > 0) {
            int n = std::min(length, 258);
            if (length - n > 0 && length - n < 3) n = length - 3;   // leave 3 or more for the next
            m_tokens.push_back(kMatch | static_cast<std::uint32_t>(n) << 8 |
                               static_cast<std::uint32_t>(distance));
            ++m_lit_freq[lengthCodes()[static_cast<std::size_t>(n)].symbol];
            ++m_dist_freq[static_cast<std::size_t>(distance) - 1];   // distances 1 to 4: codes 0 to 3
            length -= n;
        }
    }

    // The strip's tokens as a deflate block with a code of its own (RFC 1951 §3.2.7).
    void writeBlock() {
        m_lit_freq[256] = 1;   // the end of the block
        // Two distance codes at least: a code of one symbol is a special case best avoided.
        for (std::size_t d : {0, 1})
            if (m_dist_freq[d] == 0) m_dist_freq[d] = 1;
        const std::vector<std::uint8_t> lit_len = huffmanLengths(m_lit_freq, 15);
        const std::vector<std::uint8_t> dist_len = huffmanLengths(m_dist_freq, 15);
        const std::vector<std::uint16_t> lit_code = canonicalCodes(lit_len), dist_code = canonicalCodes(dist_len);
        std::size_t hlit = 286, hdist = 30;
        while (hlit > 257 && lit_len[hlit - 1] == 0) --hlit;
        while (hdist > 1 && dist_len[hdist - 1] == 0) --hdist;

        // The code lengths, run-length coded: 16 repeats the previous length 3-6 times, 17 and
        // 18 write 3-10 and 11-138 zeros.
        std::vector<std::uint8_t> all(lit_len.begin(), lit_len.begin() + static_cast<std::ptrdiff_t>(hlit));
        all.insert(all.end(), dist_len.begin(), dist_len.begin() + static_cast<std::ptrdiff_t>(hdist));
        std::vector<std::pair<std::uint8_t, std::uint8_t>> rle;   // (symbol, extra)
        std::vector<std::uint32_t> cl_freq(19, 0);
        for (std::size_t i = 0; i < all.size();) {
            std::size_t run = 1;
            while (i + run < all.size() && all[i + run] == all[i]) ++run;
            std::size_t left = run;
            if (all[i] == 0) {
                while (left >= 11) {
                    const std::size_t n = std::min<std::size_t>(left, 138);
                    rle.emplace_back(18, static_cast<std::uint8_t>(n - 11));
                    left -= n;
                }
                if (left >= 3) {
                    rle.emplace_back(17, static_cast<std::uint8_t>(left - 3));
                    left = 0;
                }
            } else {
                rle.emplace_back(all[i], 0);
                --left;
                while (left >= 3) {
                    const std::size_t n = std::min<std::size_t>(left, 6);
                    rle.emplace_back(16, static_cast<std::uint8_t>(n - 3));
                    left -= n;
                }
            }
            for (; left > 0; --left) rle.emplace_back(all[i], 0);
            i += run;
        }
        for (const auto& [symbol, extra] : rle) ++cl_freq[symbol];
        const std::vector<std::uint8_t> cl_len = huffmanLengths(cl_freq, 7);
        const std::vector<std::uint16_t> cl_code = canonicalCodes(cl_len);
        static constexpr std::array<std::uint8_t, 19> kOrder = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                                11, 4,  12, 3, 13, 2, 14, 1, 15};
        std::size_t hclen = 19;
        while (hclen > 4 && cl_len[kOrder[hclen - 1]] == 0) --hclen;

        put(0, 1);   // not the last block
        put(2, 2);   // dynamic Huffman codes
        put(static_cast<std::uint32_t>(hlit - 257), 5);
        put(static_cast<std::uint32_t>(hdist - 1), 5);
        put(static_cast<std::uint32_t>(hclen - 4), 4);
        for (std::size_t i = 0; i < hclen; ++i) put(cl_len[kOrder[i]], 3);
        for (const auto& [symbol, extra] : rle) {
            put(cl_code[symbol], cl_len[symbol]);
            if (symbol == 16) put(extra, 2);
            if (symbol == 17) put(extra, 3);
            if (symbol == 18) put(extra, 7);
        }
        for (const std::uint32_t t : m_tokens) {
            if ((t & kMatch) == 0) {
                put(lit_code[t], lit_len[t]);
                continue;
            }
            const LengthCode& l = lengthCodes()[(t >> 8) & 0x1FF];
            put(lit_code[l.symbol], lit_len[l.symbol]);
            if (l.extra_bits > 0) put(l.extra, l.extra_bits);
            const std::size_t d = (t & 0xFF) - 1;
            put(dist_code[d], dist_len[d]);
        }
        put(lit_code[256], lit_len[256]);
    }

    void put(std::uint32_t bits, int n) {
        m_bits |= std::uint64_t{bits} << m_nbits;
        m_nbits += n;
        if (m_nbits >= 32) {
            const auto v = static_cast<std::uint32_t>(m_bits);
            const char b[4] = {char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
            m_out.append(b, 4);
            m_bits >>= 32;
            m_nbits -= 32;
        }
    }

    void flushBits() {
        while (m_nbits >= 8) {
            m_out.append(char(m_bits & 0xFF));
            m_bits >>= 8;
            m_nbits -= 8;
        }
    }

    // The bytes of the stream so far as an IDAT chunk (nothing when there are none); the bits
    // of a last, incomplete byte wait for the next one.
    QByteArray takeChunk() {
        QByteArray out;
        if (!m_out.isEmpty()) appendChunk(out, "IDAT", m_out);
        m_out.clear();
        return out;
    }

    QSize m_size;
    bool m_alpha;
    double m_scale;
    std::vector<std::uint32_t> m_prev;   // the row above (zeros above the first one)
    bool m_started = false;
    std::vector<std::uint32_t> m_tokens;   // of the strip being encoded
    std::vector<std::uint32_t> m_lit_freq, m_dist_freq;
    QByteArray m_out;
    std::uint64_t m_bits = 0;
    int m_nbits = 0;
    Adler32 m_adler;
};

// Rows per strip: about 4 MB of pixels (152 rows of a 4x sequence diagram), small enough to
// stay in the caches, large enough that what is drawn twice (what reaches across a strip's
// edge) costs little. From 2 to 8 MB the times measured were the same.
int defaultStripRows(int width) { return std::clamp((4 << 20) / std::max(1, 4 * width), 64, 1024); }

}  // namespace

std::optional<ImageFormat> imageFormatForPath(const QString& path) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("png")) return ImageFormat::Png;
    if (ext == QLatin1String("svg")) return ImageFormat::Svg;
    if (ext == QLatin1String("pdf")) return ImageFormat::Pdf;
    return std::nullopt;
}

QSizeF figureSize(const Figure& figure) {
    const QSizeF parts = partsSize(figure);
    double width = parts.width(), height = parts.height() + headerHeight(figure);
    if (figure.footer.scene) {
        const QRectF footer = sourceOf(figure.footer);
        width = std::max(width, footer.width());
        height += footerGap(figure) + footer.height();
    }
    return {std::ceil(width + 2 * figure.gap), std::ceil(height + 2 * figure.gap)};
}

void paintFigure(QPainter& painter, const Figure& figure, bool fillBackground) {
    const QSizeF size = figureSize(figure);
    if (fillBackground) painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    double y = figure.gap;
    painter.setPen(QColor(0x22, 0x22, 0x22));
    if (!figure.title.isEmpty()) {
        painter.setFont(titleFont());
        const double h = QFontMetricsF(titleFont()).height();
        painter.drawText(QRectF(figure.gap, y, size.width() - 2 * figure.gap, h), Qt::AlignLeft | Qt::AlignVCenter,
                         figure.title);
        y += h + 6;
    }
    if (!figure.subtitle.isEmpty()) {
        painter.setFont(subtitleFont());
        painter.setPen(QColor(0x55, 0x55, 0x55));
        const double h = QFontMetricsF(subtitleFont()).height();
        painter.drawText(QRectF(figure.gap, y, size.width() - 2 * figure.gap, h), Qt::AlignLeft | Qt::AlignVCenter,
                         figure.subtitle);
        y += h + 4;
    }
    const double top = figure.gap + headerHeight(figure);
    // A PNG strip draws only the parts that reach into it.
    const QRectF clip = painter.hasClipping() ? painter.clipBoundingRect() : QRectF();
    auto render = [&](const Figure::Part& part, QPointF at) {
        const QRectF source = sourceOf(part), target(at, source.size());
        if (clip.isNull() || clip.intersects(target))
            part.scene->render(&painter, target, source, Qt::KeepAspectRatio);
    };
    QPointF at(figure.gap, top);
    for (const auto& part : figure.parts) {
        const QRectF source = sourceOf(part);
        if (!part.caption.isEmpty()) {
            painter.setFont(subtitleFont());
            painter.setPen(QColor(0x33, 0x33, 0x33));
            painter.drawText(QRectF(at.x(), at.y(), source.width(), captionHeight(part)),
                             Qt::AlignLeft | Qt::AlignTop, part.caption);
        }
        render(part, at + QPointF(0, captionHeight(part)));
        if (figure.stacked)
            at.ry() += captionHeight(part) + source.height() + figure.gap;
        else
            at.rx() += source.width() + figure.gap;
    }
    if (figure.footer.scene)
        render(figure.footer, QPointF(figure.gap, top + partsSize(figure).height() + footerGap(figure)));
}

QImage renderPng(const Figure& figure, const ExportOptions& options) {
    const PrintLook look(figure);
    const double scale = std::clamp(options.scale, 1.0, 8.0);
    QImage image(pixelSize(figure, scale), QImage::Format_ARGB32_Premultiplied);
    paintRows(figure, options, scale, 0, image);
    return image;
}

bool writePng(const Figure& figure, const ExportOptions& options, QIODevice* device, QString* error) {
    const PrintLook look(figure);
    const double scale = std::clamp(options.scale, 1.0, 8.0);
    const QSize size = pixelSize(figure, scale);
    auto fail = [&](const QString& why) {
        if (error) *error = why;
        return false;
    };
    if (size.isEmpty()) return fail(tr("the picture is empty"));
    if (size.width() > kMaxPngWidth)
        //: %1×%2 is the size in pixels, %3 the widest picture written.
        return fail(tr("the picture would be %1×%2 pixels, wider than %3: choose a smaller scale")
                        .arg(size.width())
                        .arg(size.height())
                        .arg(kMaxPngWidth));
    if (static_cast<double>(size.width()) * size.height() > kMaxPngPixels)
        //: %1×%2 is the size in pixels, %3 the most written, in millions of pixels.
        return fail(tr("the picture would be %1×%2 pixels, more than %3 million: choose a smaller scale")
                        .arg(size.width())
                        .arg(size.height())
                        .arg(static_cast<qint64>(kMaxPngPixels / 1'000'000)));
    // Opaque pictures are drawn on RGB32 (as fast as the premultiplied format, and the encoder
    // drops the unused byte); transparent ones are un-premultiplied for PNG.
    const QImage::Format format =
        options.transparent ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32;
    const int strip_rows = options.stripRows > 0 ? options.stripRows : defaultStripRows(size.width());
    // Two strips: one drawn here while the other is encoded on a second thread.
    std::array<QImage, 2> strips;
    for (QImage& s : strips) {
        s = QImage(size.width(), std::min(strip_rows, size.height()), format);
        if (s.isNull()) return fail(tr("not enough memory for a picture %1 pixels wide").arg(size.width()));
    }

    auto write = [device](const QByteArray& bytes) { return device->write(bytes) == bytes.size(); };
    PngStream png(size, options.transparent, scale);
    if (!write(png.header())) return fail(device->errorString());
    std::future<QByteArray> encoding;
    int k = 0;
    for (int top = 0; top < size.height(); top += strip_rows, k ^= 1) {
        QImage& strip = strips[static_cast<std::size_t>(k)];
        // The strip's rows (fewer for the last strip), drawn on in place: a view of its buffer.
        QImage view(strip.bits(), strip.width(), std::min(strip_rows, size.height() - top),
                          strip.bytesPerLine(), format);
        paintRows(figure, options, scale, top, view);
        if (encoding.valid() && !write(encoding.get())) return fail(device->errorString());
        // The view shares the strip's buffer, which is not drawn on again until its rows are
        // encoded (the get() above, one strip later).
        encoding = std::async(std::launch::async, [&png, view, alpha = options.transparent] {
            return png.encode(alpha ? view.convertToFormat(QImage::Format_ARGB32) : view);
        });
    }
    if (encoding.valid() && !write(encoding.get())) return fail(device->errorString());
    if (!write(png.finish())) return fail(device->errorString());
    return true;
}

namespace {

// QSvgGenerator names the fonts as Qt does, and Qt's default family is fontconfig's alias
// "Sans Serif", which browsers and Inkscape do not know (they fall back to a serif face). Each
// family becomes the fonts tcpviz draws with, Chinese included, and the CSS generic family.
// What a viewer's title bar and a slide program's file list show.
QString documentTitle(const Figure& figure) {
    if (!figure.name.isEmpty()) return figure.name;
    return figure.title.isEmpty() ? QStringLiteral("tcpviz") : figure.title;
}

QByteArray withRealFontFamilies(QByteArray svg) {
    static const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
    QString text = QString::fromUtf8(svg);
    QString out;
    out.reserve(text.size() + text.size() / 8);
    qsizetype at = 0;
    for (auto it = family.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(at, m.capturedStart() - at);
        const QString name = m.captured(1);
        const bool mono = name.contains(QLatin1String("Mono"), Qt::CaseInsensitive);
        const bool generic = name == QLatin1String("Sans Serif") || name == QLatin1String("Sans") ||
                             name == QLatin1String("sans-serif") || name == QLatin1String("Monospace");
        QStringList families;
        if (!generic) families << QStringLiteral("'%1'").arg(name);
        if (mono) {
            families << QStringLiteral("'DejaVu Sans Mono'") << QStringLiteral("monospace");
        } else {
            families << QStringLiteral("'Noto Sans'") << QStringLiteral("'DejaVu Sans'")
                     << QStringLiteral("'Noto Sans CJK SC'") << QStringLiteral("sans-serif");
        }
        out += QStringLiteral("font-family=\"%1\"").arg(families.join(QStringLiteral(", ")));
        at = m.capturedEnd();
    }
    out += QStringView(text).mid(at);
    return out.toUtf8();
}

}  // namespace

QByteArray renderSvg(const Figure& figure) {
    const PrintLook look(figure);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSizeF size = figureSize(figure);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setResolution(96);
    svg.setTitle(documentTitle(figure));
    svg.setDescription(figure.subtitle);
    QPainter painter(&svg);
    paintFigure(painter, figure);
    painter.end();
    return withRealFontFamilies(buffer.data());
}

QByteArray renderPdf(const Figure& figure) {
    const PrintLook look(figure);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSizeF size = figureSize(figure);
    QPdfWriter pdf(&buffer);
    // One page exactly the size of the picture: one scene unit is one point.
    pdf.setPageSize(QPageSize(size, QPageSize::Point, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setResolution(72);
    pdf.setTitle(documentTitle(figure));
    pdf.setCreator(QStringLiteral("tcpviz"));
    QPainter painter(&pdf);
    paintFigure(painter, figure);
    painter.end();
    return buffer.data();
}

bool exportFigure(const Figure& figure, ImageFormat format, const QString& path,
                  const ExportOptions& options, QString* error) {
    QByteArray bytes;
    switch (format) {
        case ImageFormat::Png: {
            // Compressed as it is drawn: the file in memory is a small part of the picture.
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            QString why;
            if (!writePng(figure, options, &buffer, &why)) {
                if (error) *error = cannotWrite(path, why);
                return false;
            }
            break;
        }
        case ImageFormat::Svg:
            bytes = renderSvg(figure);
            break;
        case ImageFormat::Pdf:
            bytes = renderPdf(figure);
            break;
    }
    return writeFile(path, bytes, error);
}

bool writeFile(const QString& path, QByteArrayView bytes, QString* error) {
    try {
        const std::string_view view(bytes.data(), static_cast<std::size_t>(bytes.size()));
        core::writeFileAtomically(QFile::encodeName(path).toStdString(), view);
        return true;
    } catch (const core::FileWriteError& e) {
        const QString system = QString::fromStdString(e.systemText());
        //: %1 is the system's own words for it, e.g. "No space left on device".
        const QString why = e.diskFull() ? tr("the disk is full (%1)").arg(system) : system;
        if (error) *error = cannotWrite(path, why);
        return false;
    }
}

}  // namespace tcpviz::ui
