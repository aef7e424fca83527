// Scenario files (`tcpviz-scenario/1`): parsing with precise error positions, validation,
// canonical output and atomic saving. resources/scenarios/README.md documents the format.
//
// Parsing happens in three passes over the text (after a look at its first bytes for UTF-16
// and UTF-32, which would otherwise be "invalid literal"):
//   1. nlohmann::json parses it (syntax errors carry nlohmann's byte offset);
//   2. a small scanner walks the now known-good text and rejects duplicate keys, which
//      nlohmann would silently collapse, nesting too deep and numbers too large;
//   3. a reader walks the parsed value with its JSON pointer and display path, checks every
//      key, type and range, and builds the Scenario. An error finds its position by walking
//      the text again to its JSON pointer (nlohmann keeps no positions, and keeping them all
//      cost more than a kilobyte per script entry).
#include "core/scenario/scenario.h"

#include "core/io/file_kind.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>
#include <unordered_set>

#include "core/io/atomic_file.h"

namespace tcpviz::core {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr std::string_view kFormat = "tcpviz-scenario/1";
constexpr std::string_view kHostFormat = "tcpviz-scenario/2";
// Times are limited to about 31 years so that every conversion to microseconds stays exact.
constexpr double kMaxMs = 1e12;
// The format nests at most six levels; anything much deeper is a mistake (or an attack).
constexpr int kMaxDepth = 64;
// Canonical output keeps a container on one line when it fits in this many columns.
constexpr std::size_t kLineWidth = 100;

// ---- small helpers -----------------------------------------------------------------------

std::string errnoText(int err) {
    return std::error_code(err, std::generic_category()).message();
}

// A number for messages: whole numbers without exponent or fraction, others as JSON writes them.
std::string numberText(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
        return std::to_string(static_cast<long long>(v));
    }
    return json(v).dump();
}

// Messages quote what the file says, but a file can hold a 10 MB key: quoted input is cut to
// this many characters, "…" marking the cut.
constexpr std::size_t kQuotedChars = 60;

// The byte at which `s` is cut for a message (after kQuotedChars UTF-8 characters, so never in
// the middle of one), or npos when it is short enough.
std::size_t cutAt(std::string_view s, std::size_t max_chars = kQuotedChars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // a continuation byte
        if (chars == max_chars) return i;
        ++chars;
    }
    return std::string_view::npos;
}

// Input for a message without quotes (a key in a path, a number): cut as cutAt() says.
std::string shortened(std::string_view s) {
    const std::size_t cut = cutAt(s);
    if (cut == std::string_view::npos) return std::string(s);
    return std::string(s.substr(0, cut)) + "…";
}

// Input for a message in JSON quotes, cut as cutAt() says, the "…" after the closing quote.
std::string quotedInput(const std::string& s) {
    // json::dump escapes quotes and control characters; invalid UTF-8 cannot occur here
    // because nlohmann rejected it while parsing, but stay safe anyway.
    const std::size_t cut = cutAt(s);
    const std::string text = cut == std::string::npos ? s : s.substr(0, cut);
    return json(text).dump(-1, ' ', false, json::error_handler_t::replace) +
           (cut == std::string::npos ? "" : "…");
}

// The display path of a member: "link" and "loss" make "link.loss".
std::string memberPath(const std::string& parent, const std::string& key) {
    return parent.empty() ? shortened(key) : parent + "." + shortened(key);
}

// Short description of a value for "got ..." in messages.
std::string describe(const json& v) {
    switch (v.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return v.get<bool>() ? "true" : "false";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return v.dump();
        case json::value_t::number_float: {
            const double d = v.get<double>();
            return std::isfinite(d) ? numberText(d) : "a number that is too large";
        }
        case json::value_t::string:
            return "a string (" + quotedInput(v.get<std::string>()) + ")";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return "an unusable value";
    }
}

std::string joinNames(std::initializer_list<std::string_view> names) {
    std::string out;
    for (std::string_view n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

std::string pointerToken(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

bool hasBom(const std::string& text) {
    return text.compare(0, 3, "\xEF\xBB\xBF") == 0;
}

// "UTF-16" or "UTF-32" when the text is in one of them (some Windows editors save so), by its
// byte-order mark or, without one, by zero bytes among the first four: JSON starts with an ASCII
// character, which these encodings write with zero bytes beside it. nullptr otherwise.
const char* wideEncoding(const std::string& t) {
    const auto starts = [&](std::string_view prefix) {
        return std::string_view(t).substr(0, prefix.size()) == prefix;
    };
    using namespace std::string_view_literals;
    if (t.size() >= 4) {
        if (starts("\xFF\xFE\0\0"sv) || starts("\0\0\xFE\xFF"sv)) return "UTF-32";
        const bool z1 = t[1] == 0, z2 = t[2] == 0;
        if (t[0] != 0 && z1 && z2 && t[3] == 0) return "UTF-32";  // little-endian
        if (t[0] == 0 && z1 && z2 && t[3] != 0) return "UTF-32";  // big-endian
    }
    if (starts("\xFF\xFE"sv) || starts("\xFE\xFF"sv)) return "UTF-16";
    if (t.size() >= 2 && (t[0] == 0) != (t[1] == 0)) return "UTF-16";
    return nullptr;
}

struct Position {
    std::size_t line = 0;
    std::size_t column = 0;
};

// 1-based line and column of a byte offset. Columns count characters (UTF-8 code points),
// as editors do; a byte-order mark at the start of the file is not counted.
Position positionOf(const std::string& text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    if (line_start == 0 && hasBom(text) && offset >= 3) line_start = 3;
    std::size_t column = 1;
    for (std::size_t i = line_start; i < offset; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    }
    return {line, column};
}

// nlohmann's what(): "[json.exception.parse_error.101] parse error at line 2, column 2: syntax
// error while parsing object key - unexpected '}'; expected string literal; last read: '...'".
// Keeps the explanation; drops the id, nlohmann's own position and the raw "last read" text.
std::string cleanNlohmannMessage(std::string msg) {
    if (msg.rfind("[json.exception.", 0) == 0) {
        const auto close = msg.find("] ");
        if (close != std::string::npos) msg.erase(0, close + 2);
    }
    if (msg.rfind("parse error", 0) == 0) {
        const auto column = msg.find("column ");
        const auto colon = msg.find(": ", column == std::string::npos ? 0 : column);
        if (colon != std::string::npos) msg.erase(0, colon + 2);
    }
    const auto last = msg.find("; last read: '");
    if (last != std::string::npos) {
        const auto expected = msg.find("'; expected ", last + 14);
        if (expected != std::string::npos) {
            msg = msg.substr(0, last) + msg.substr(expected + 1);
        } else {
            msg.erase(last);
        }
    }
    return msg;
}

// ---- positions ---------------------------------------------------------------------------

// The keys of one object, to find a duplicate: a short list for the few keys most objects have,
// a hash set beyond that.
class KeySet {
public:
    void clear() {
        m_few.clear();
        // Replaced, not clear()ed: clear() walks all the buckets a big object left, and it
        // would do so again for each small object after it.
        if (!m_many.empty()) std::unordered_set<std::string>().swap(m_many);
    }
    // False when `key` is there already.
    bool insert(std::string key) {
        if (m_many.empty() && m_few.size() < kFew) {
            if (std::find(m_few.begin(), m_few.end(), key) != m_few.end()) return false;
            m_few.push_back(std::move(key));
            return true;
        }
        if (m_many.empty()) {
            for (std::string& k : m_few) m_many.insert(std::move(k));
            m_few.clear();
        }
        return m_many.insert(std::move(key)).second;
    }

private:
    static constexpr std::size_t kFew = 16;
    std::vector<std::string> m_few;
    std::unordered_set<std::string> m_many;
};

// Pass 2, and the positions for pass 3, over JSON text that nlohmann has accepted.
//
// check() walks the whole text once and keeps only the keys of the objects it is in: it rejects
// duplicate keys (which nlohmann would silently collapse), nesting deeper than kMaxDepth and
// numbers too large for a double. It keeps no positions: a map from every JSON pointer to its
// offset took about 1.3 KB per script entry (1.27 GB for a million, issue 15). Instead, an
// error finds its position by walking the text again to its JSON pointer, which happens once.
class PositionScanner {
public:
    PositionScanner(const std::string& text, const std::string& file) : m_t(text), m_file(file) {}

    void check() {
        std::size_t i = start();
        m_parts.clear();
        checkValue(i, 0);
    }

    // Where the value at JSON pointer `ptr` starts, and for an object member where its key
    // starts; nullopt when the text has no such value.
    struct Place {
        std::size_t value = 0;
        std::optional<std::size_t> key;
    };
    [[nodiscard]] std::optional<Place> find(const std::string& ptr) const {
        std::size_t i = start();
        Place place{i, std::nullopt};
        std::size_t from = 0;
        while (from < ptr.size()) {  // ptr is "" or "/token/token..." (RFC 6901)
            const std::size_t slash = ptr.find('/', from + 1);
            const std::size_t end = slash == std::string::npos ? ptr.size() : slash;
            const std::string token = unescapePointer(ptr.substr(from + 1, end - from - 1));
            from = end;
            if (i < m_t.size() && m_t[i] == '{') {
                ++i;
                skipSpace(i);
                place.key.reset();
                while (i < m_t.size() && m_t[i] == '"') {
                    const std::size_t key_at = i;
                    i = stringEnd(i);
                    const bool match = keyText(key_at, i) == token;
                    skipSpace(i);
                    ++i;  // ':'
                    skipSpace(i);
                    if (match) {
                        place.key = key_at;
                        break;
                    }
                    i = valueEnd(i);
                    skipSpace(i);
                    if (i < m_t.size() && m_t[i] == ',') ++i;
                    skipSpace(i);
                }
                if (!place.key) return std::nullopt;
            } else if (i < m_t.size() && m_t[i] == '[') {
                if (token.empty() || token.size() > 19 ||
                    token.find_first_not_of("0123456789") != std::string::npos)
                    return std::nullopt;
                const std::uint64_t index = std::stoull(token);
                ++i;
                skipSpace(i);
                if (i >= m_t.size() || m_t[i] == ']') return std::nullopt;
                for (std::uint64_t k = 0; k < index; ++k) {
                    i = valueEnd(i);
                    skipSpace(i);
                    if (i >= m_t.size() || m_t[i] != ',') return std::nullopt;
                    ++i;
                    skipSpace(i);
                }
                place.key.reset();
            } else {
                return std::nullopt;
            }
            place.value = i;
        }
        return place;
    }

    // The first member of the object at `ptr`, in the order of the file, whose key `allowed`
    // does not hold (nlohmann keeps an object's keys sorted, not in the file's order).
    struct Member {
        std::string key;
        std::size_t at = 0;
    };
    [[nodiscard]] std::optional<Member> firstKeyNotIn(
        const std::string& ptr, std::initializer_list<std::string_view> allowed) const {
        const auto place = find(ptr);
        if (!place || place->value >= m_t.size() || m_t[place->value] != '{') return std::nullopt;
        std::size_t i = place->value + 1;
        skipSpace(i);
        while (i < m_t.size() && m_t[i] == '"') {
            const std::size_t key_at = i;
            i = stringEnd(i);
            std::string key = keyText(key_at, i);
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                return Member{std::move(key), key_at};
            skipSpace(i);
            ++i;  // ':'
            skipSpace(i);
            i = valueEnd(i);
            skipSpace(i);
            if (i < m_t.size() && m_t[i] == ',') ++i;
            skipSpace(i);
        }
        return std::nullopt;
    }

private:
    // A step of the path to where check() is: a key (its bytes in the text) or an index.
    struct Part {
        bool is_key = false;
        std::size_t begin = 0, end = 0;  // the key's token, quotes included
        std::size_t index = 0;
    };

    static std::string unescapePointer(const std::string& token) {
        std::string out;
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] == '~' && i + 1 < token.size()) {
                out += token[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                out += token[i];
            }
        }
        return out;
    }

    // The offset of the value after a byte-order mark and white space.
    [[nodiscard]] std::size_t start() const {
        std::size_t i = hasBom(m_t) ? 3 : 0;
        skipSpace(i);
        return i;
    }

    void skipSpace(std::size_t& i) const {
        while (i < m_t.size() &&
               (m_t[i] == ' ' || m_t[i] == '\t' || m_t[i] == '\n' || m_t[i] == '\r'))
            ++i;
    }

    // The offset after the string token that starts at `i` (a '"').
    [[nodiscard]] std::size_t stringEnd(std::size_t i) const {
        ++i;
        while (i < m_t.size() && m_t[i] != '"') i += (m_t[i] == '\\') ? 2 : 1;
        return std::min(i + 1, m_t.size());
    }

    // The offset after the number or literal that starts at `i`.
    [[nodiscard]] std::size_t scalarEnd(std::size_t i) const {
        while (i < m_t.size() &&
               std::string_view(",]} \t\n\r").find(m_t[i]) == std::string_view::npos)
            ++i;
        return i;
    }

    // The offset after the value that starts at `i`, containers included (without recursion).
    [[nodiscard]] std::size_t valueEnd(std::size_t i) const {
        std::size_t depth = 0;
        do {
            if (i >= m_t.size()) break;
            const char c = m_t[i];
            if (c == '"') {
                i = stringEnd(i);
            } else if (c == '{' || c == '[') {
                ++depth;
                ++i;
            } else if (c == '}' || c == ']') {
                if (depth > 0) --depth;
                ++i;
            } else if (depth > 0 &&
                       std::string_view(",: \t\n\r").find(c) != std::string_view::npos) {
                ++i;
            } else {
                i = scalarEnd(i);
            }
        } while (depth > 0);
        return i;
    }

    // The text of the key token m_t[begin, end), escapes resolved.
    [[nodiscard]] std::string keyText(std::size_t begin, std::size_t end) const {
        const std::string_view raw(m_t.data() + begin, end - begin);
        if (raw.size() >= 2 && raw.find('\\') == std::string_view::npos)
            return std::string(raw.substr(1, raw.size() - 2));
        try {
            return json::parse(raw).get<std::string>();
        } catch (const json::exception&) {
            return std::string(raw);  // not expected: nlohmann has read this key
        }
    }

    // The display path of where check() is, e.g. "script[3].call".
    [[nodiscard]] std::string path() const {
        std::string out;
        for (const Part& p : m_parts) {
            if (p.is_key) {
                out = memberPath(out, keyText(p.begin, p.end));
            } else {
                out += "[" + std::to_string(p.index) + "]";
            }
        }
        return out;
    }

    [[noreturn]] void fail(std::size_t offset, const std::string& msg) const {
        const Position p = positionOf(m_t, offset);
        throw ScenarioError(m_file, p.line, p.column, path(), msg);
    }

    [[nodiscard]] char peek(std::size_t i) const { return i < m_t.size() ? m_t[i] : '\0'; }

    void expect(std::size_t& i, char c) const {
        if (peek(i) != c) fail(i, std::string("malformed JSON: expected '") + c + "'");
        ++i;
    }

    void checkValue(std::size_t& i, int depth) {
        if (depth > kMaxDepth) fail(i, "the JSON is nested too deeply");
        const char c = peek(i);
        if (c == '{') {
            ++i;
            skipSpace(i);
            if (peek(i) == '}') {
                ++i;
                return;
            }
            // Nested objects are one level deeper, so each level can keep its set.
            KeySet& seen = m_seen[static_cast<std::size_t>(depth)];
            seen.clear();
            for (;;) {
                skipSpace(i);
                const std::size_t key_at = i;
                if (peek(i) != '"') fail(i, "malformed JSON: expected '\"'");
                i = stringEnd(i);
                m_parts.push_back({true, key_at, i, 0});
                std::string key = keyText(key_at, i);
                if (!seen.insert(key)) {
                    fail(key_at, "duplicate key " + quotedInput(key) +
                                     "; each key may appear only once here");
                }
                skipSpace(i);
                expect(i, ':');
                skipSpace(i);
                checkValue(i, depth + 1);
                m_parts.pop_back();
                skipSpace(i);
                if (peek(i) == ',') {
                    ++i;
                    continue;
                }
                expect(i, '}');
                return;
            }
        }
        if (c == '[') {
            ++i;
            skipSpace(i);
            if (peek(i) == ']') {
                ++i;
                return;
            }
            m_parts.push_back({false, 0, 0, 0});
            for (;;) {
                skipSpace(i);
                checkValue(i, depth + 1);
                skipSpace(i);
                if (peek(i) == ',') {
                    ++i;
                    ++m_parts.back().index;
                    continue;
                }
                expect(i, ']');
                m_parts.pop_back();
                return;
            }
        }
        if (c == '"') {
            i = stringEnd(i);
            return;
        }
        // A number or a literal.
        const std::size_t begin = i;
        i = scalarEnd(i);
        if (i == begin) fail(i, "malformed JSON: expected a value");
        const std::string_view token(m_t.data() + begin, i - begin);
        if (token[0] == '-' || (token[0] >= '0' && token[0] <= '9')) {
            // Without an exponent, 300 digits are far from DBL_MAX (about 1.8e308): no need to
            // convert the number, the common case.
            if (token.size() <= 300 && token.find_first_of("eE") == std::string_view::npos) return;
            const double d = std::strtod(std::string(token).c_str(), nullptr);
            if (!std::isfinite(d)) fail(begin, "the number " + shortened(token) + " is too large");
        }
    }

    const std::string& m_t;
    const std::string& m_file;
    std::vector<Part> m_parts;
    std::array<KeySet, kMaxDepth + 1> m_seen;
};

// ---- reading -----------------------------------------------------------------------------

// A value in the document with its JSON pointer (for positions) and display path (for people).
struct Node {
    const json* v = nullptr;
    std::string ptr;
    std::string path;

    [[nodiscard]] Node child(const std::string& key) const {
        return {&v->at(key), ptr + "/" + pointerToken(key), memberPath(path, key)};
    }
    [[nodiscard]] Node child(std::size_t index) const {
        return {&v->at(index), ptr + "/" + std::to_string(index),
                path + "[" + std::to_string(index) + "]"};
    }
    [[nodiscard]] bool has(const std::string& key) const { return v->contains(key); }
    [[nodiscard]] std::optional<Node> get(const std::string& key) const {
        if (!has(key)) return std::nullopt;
        return child(key);
    }
};

struct Range {
    std::uint64_t lo;
    std::uint64_t hi;
};

class Reader {
public:
    Reader(const std::string& text, const std::string& file, const PositionScanner& positions)
        : m_text(text), m_file(file), m_pos(positions) {}

    AnyScenario read(const json& root_value) {
        const Node root{&root_value, "", ""};
        if (!root.v->is_object()) {
            fail(root,
                 "expected a JSON object { ... } holding the scenario, got " + describe(*root.v));
        }
        if (!root.has("format")) {
            fail(root, "missing required key \"format\"; add \"format\": \"" +
                           std::string(kFormat) + "\"");
        }
        const Node format = root.child("format");
        const std::string formats = "\"" + std::string(kFormat) + "\" or \"" + std::string(kHostFormat) + "\"";
        if (!format.v->is_string()) fail(format, "expected " + formats + ", got " + describe(*format.v));
        if (format.v->get<std::string>() == kHostFormat) return readHostScenario(root);
        if (format.v->get<std::string>() != kFormat) {
            fail(format, "unsupported format " + quotedInput(format.v->get<std::string>()) +
                             "; this version of tcpviz reads " + formats);
        }
        checkKeys(root, {"format", "id", "group", "title", "description", "start", "horizon_ms", "max_events",
                         "endpoints", "tcp", "link", "script", "faults"});

        Scenario s;
        s.endpoints[0] = {"Client", "192.0.2.1", 50000, {100}, {}};
        s.endpoints[1] = {"Server", "198.51.100.7", 80, {300}, {}};

        readMeta(root, s);
        if (auto n = root.get("start")) {
            s.start = readChoice<StartMode>(*n, {{"closed", StartMode::Closed}, {"established", StartMode::Established}});
        }
        if (auto n = root.get("horizon_ms")) s.horizon_ms = readMs(*n, 0.001);
        if (auto n = root.get("max_events")) s.max_events = readUnsigned(*n, {1000, kMaxEventsLimit});

        TcpConfig tcp;
        if (auto n = root.get("tcp")) applyTcp(*n, tcp);
        s.endpoints[0].tcp = tcp;
        s.endpoints[1].tcp = tcp;
        if (auto n = root.get("endpoints")) {
            expectObject(*n);
            for (const auto& item : n->v->items()) {
                if (item.key() != "A" && item.key() != "B") {
                    failKey(*n, item.key(),
                            "unknown endpoint " + quotedInput(item.key()) +
                                "; expected \"A\" or \"B\"");
                }
            }
            if (auto a = n->get("A")) readEndpoint(*a, s.endpoints[0]);
            if (auto b = n->get("B")) readEndpoint(*b, s.endpoints[1]);
        }

        if (auto n = root.get("link")) {
            expectObject(*n);
            checkKeys(*n, {"delay_ms", "jitter_ms", "loss", "duplicate", "bandwidth_bps",
                           "queue_packets", "burst", "seed", "A->B", "B->A"});
            LinkDirection both;
            applyLink(*n, both);
            s.link = {both, both};
            if (auto d = n->get("A->B")) applyDirection(*d, s.link[0]);
            if (auto d = n->get("B->A")) applyDirection(*d, s.link[1]);
            if (auto seed = n->get("seed")) {
                s.seed = readUnsigned(*seed, {0, std::numeric_limits<std::uint64_t>::max()});
            }
        }

        if (auto n = root.get("script")) {
            expectArray(*n);
            s.script.reserve(n->v->size());
            for (std::size_t i = 0; i < n->v->size(); ++i)
                s.script.push_back(readAction(n->child(i)));
        }
        if (auto n = root.get("faults")) {
            expectArray(*n);
            s.faults.reserve(n->v->size());
            for (std::size_t i = 0; i < n->v->size(); ++i)
                s.faults.push_back(readFault(n->child(i), "\"A\" or \"B\", whose segments it matches",
                                             [&](const Node& from) { return readSide(from); }));
        }
        return s;
    }

private:
    // What the library shows of either kind: id, group, title, description.
    template <typename AnyKind>
    void readMeta(const Node& root, AnyKind& s) const {
        if (auto n = root.get("id")) {
            s.id = readString(*n);
            if (s.id.empty()) fail(*n, "the id must not be empty");
        }
        if (auto n = root.get("group")) s.group = readString(*n);
        if (auto n = root.get("title")) s.title = readText(*n);
        if (auto n = root.get("description")) s.description = readText(*n);
    }

    // ---- tcpviz-scenario/2: hosts and their programs ----
    HostScenario readHostScenario(const Node& root) const {
        checkKeys(root, {"format", "id", "group", "title", "description", "horizon_ms", "tcp", "link", "links", "star",
                         "hosts", "programs", "focus", "faults"});
        HostScenario s;
        readMeta(root, s);
        HostRun& run = s.run;
        if (auto n = root.get("horizon_ms")) run.horizon = readMsAsUs(*n, 0.001);
        if (auto n = root.get("tcp")) applyTcp(*n, run.tcp);
        if (auto n = root.get("link")) {
            // As a lesson's link, its two directions named by who sends: a client toward its
            // server, and back. Every pair of hosts not in "links" has one like it.
            expectObject(*n);
            checkKeys(*n, {"delay_ms", "jitter_ms", "loss", "duplicate", "bandwidth_bps", "queue_packets", "burst",
                           "seed", "client->server", "server->client"});
            LinkDirection both = defaultLink();
            applyLink(*n, both);
            run.link = {both, both};
            if (auto d = n->get("client->server")) applyDirection(*d, run.link[0]);
            if (auto d = n->get("server->client")) applyDirection(*d, run.link[1]);
            if (auto seed = n->get("seed")) run.seed = readUnsigned(*seed, {0, std::numeric_limits<std::uint64_t>::max()});
        }
        if (!root.has("hosts")) failMissing(root, "hosts", ": the hosts, such as {\"client\": {}, \"server\": {}}");
        const Node hosts = root.child("hosts");
        expectObject(hosts);
        // The hosts in the file's order (nlohmann keeps an object's keys sorted).
        std::vector<std::string> names;
        for (const auto& item : hosts.v->items()) names.push_back(item.key());
        const auto keyAt = [&](const std::string& name) {
            const auto place = m_pos.find(hosts.ptr + "/" + pointerToken(name));
            return place ? place->key.value_or(place->value) : std::size_t{0};
        };
        std::stable_sort(names.begin(), names.end(), [&](const std::string& x, const std::string& y) { return keyAt(x) < keyAt(y); });
        if (names.empty()) fail(hosts, "expected at least one host");
        if (names.size() > kMaxHosts) {
            failKey(hosts, names[kMaxHosts], "a host too many: a scenario holds at most " + std::to_string(kMaxHosts));
        }
        run.hosts.clear();
        std::uint32_t clients = 0;   // hosts not called "server" so far: their default addresses
        for (const std::string& name : names) {
            const std::uint32_t address = name == "server" ? 0xC6336407u : 0xC0000201u + clients++;   // 198.51.100.7, 192.0.2.x
            run.hosts.push_back(readHost(hosts.child(name), name, address));
        }
        {
            std::map<std::uint32_t, std::size_t> owner;   // each address's host
            for (std::size_t i = 0; i < run.hosts.size(); ++i) {
                std::vector<std::uint32_t> all{run.hosts[i].info.address};
                all.insert(all.end(), run.hosts[i].more.begin(), run.hosts[i].more.end());
                for (std::uint32_t a : all) {
                    const auto [it, fresh] = owner.emplace(a, i);
                    if (!fresh)
                        failKey(hosts, names[i], it->second == i ? "names an address twice"
                                                                 : "has an address of " + quotedInput(names[it->second]) +
                                                                       "; every host needs its own");
                }
            }
        }
        const auto hostAt = [&](const Node& h) {
            const std::string name = readString(h, "a host name");
            const auto id = run.hostNamed(name);
            if (!id) fail(h, "no host " + quotedInput(name) + " in \"hosts\"");
            return *id;
        };

        if (!root.has("programs")) failMissing(root, "programs", ": what runs on the hosts, at least a server");
        const Node programs = root.child("programs");
        expectArray(programs);
        run.clients.clear();
        run.servers.clear();
        run.floods.clear();
        // The "server" of each client and flood, checked once every server is known.
        struct Target {
            Node node;
            bool flood = false;
            std::size_t index = 0;
        };
        std::vector<Target> targets;
        for (std::size_t i = 0; i < programs.v->size(); ++i) {
            const Node p = programs.child(i);
            expectObject(p);
            if (!p.has("type")) failMissing(p, "type", " (\"server\", \"client\", \"script\" or \"syn_flood\")");
            const std::string type =
                readString(p.child("type"), "\"server\", \"client\", \"script\" or \"syn_flood\"");
            const auto hostOf = [&]() {
                if (!p.has("host")) failMissing(p, "host", ": the name of the host it runs on");
                return hostAt(p.child("host"));
            };
            if (run.clients.size() + run.servers.size() + run.floods.size() >= kMaxPrograms)
                fail(p, "a program too many: a scenario runs at most " + std::to_string(kMaxPrograms));
            if (type == "server") {
                checkKeys(p, {"type", "host", "port", "backlog", "response_bytes", "closes", "accepts_per_second", "stop_ms",
                              "restart_ms", "reuse_address", "tls", "certificate", "http"});
                ServerProgram& sp = run.servers.emplace_back();
                sp.host = hostOf();
                if (auto v = p.get("port")) sp.port = static_cast<std::uint16_t>(readUnsigned(*v, {1, 65535}));
                if (auto v = p.get("backlog")) sp.backlog = static_cast<std::uint32_t>(readUnsigned(*v, {0, 1u << 20}));
                if (auto v = p.get("response_bytes"))
                    sp.response_bytes = static_cast<std::uint32_t>(readUnsigned(*v, {0, 1u << 30}));
                if (auto v = p.get("closes")) sp.closes = readBool(*v);
                if (auto v = p.get("accepts_per_second"))
                    sp.accepts_per_second = readNumber(*v, 0, 1e6, "a number of accept() calls per second from 0 to 1000000");
                if (auto v = p.get("stop_ms")) sp.stop_at = readMsAsUs(*v);
                if (auto v = p.get("restart_ms")) {
                    if (!sp.stop_at) failKey(p, "restart_ms", "a restart needs \"stop_ms\": when the program exits");
                    sp.restart_at = readMsAsUs(*v);
                    if (*sp.restart_at < *sp.stop_at) fail(*v, "the restart comes before the stop (\"stop_ms\")");
                }
                if (auto v = p.get("reuse_address")) sp.reuse_address = readBool(*v);
                if (auto v = p.get("tls")) sp.tls = readTls(*v);
                if (auto v = p.get("certificate")) {
                    if (sp.tls == TlsVersion::None) failKey(p, "certificate", "a certificate goes with \"tls\"");
                    sp.certificate = readChoice<TlsCertificate>(*v, {{"good", TlsCertificate::Good},
                                                                     {"expired", TlsCertificate::Expired},
                                                                     {"wrong-name", TlsCertificate::WrongName},
                                                                     {"unknown-issuer", TlsCertificate::UnknownIssuer}});
                }
                if (auto v = p.get("http")) sp.http = readHttp(*v, sp.tls);
                // A port is TCP's or UDP's (QUIC's): TCP 443 and UDP 443 are two.
                for (std::size_t k = 0; k + 1 < run.servers.size(); ++k)
                    if (run.servers[k].host == sp.host && run.servers[k].port == sp.port &&
                        (run.servers[k].http == HttpVersion::Http3) == (sp.http == HttpVersion::Http3))
                        fail(p.has("port") ? p.child("port") : p,
                             "a second server on " + quotedInput(run.hosts[sp.host].info.name) + " port " +
                                 std::to_string(sp.port) + "; each needs a port of its own (EADDRINUSE)");
                if (sp.http == HttpVersion::Http3 && sp.stop_at)
                    failKey(p, "stop_ms", "a QUIC server here runs for the whole lesson");
                if (sp.http == HttpVersion::Http3 && sp.certificate != TlsCertificate::Good)
                    failKey(p, "certificate", "a QUIC server here shows the good certificate; the broken ones are for TLS over TCP");
            } else if (type == "client") {
                checkKeys(p, {"type", "host", "server", "port", "connections", "per_second", "start_ms", "request_bytes",
                              "requests_per_connection", "closes_first", "linger_zero", "tls", "http", "resume",
                              "early_data", "shown"});
                ClientProgram& cp = run.clients.emplace_back();
                cp.host = hostOf();
                if (auto v = p.get("connections"))
                    cp.connections = static_cast<std::uint32_t>(readUnsigned(*v, {0, kMaxHostConnections}));
                if (auto v = p.get("per_second"))
                    cp.per_second = readNumber(*v, 0.001, 1e6, "a number of connections per second from 0.001 to 1000000");
                if (auto v = p.get("start_ms")) cp.start = readMsAsUs(*v);
                if (auto v = p.get("request_bytes"))
                    cp.request_bytes = static_cast<std::uint32_t>(readUnsigned(*v, {1, 1u << 30}));
                if (auto v = p.get("requests_per_connection"))
                    cp.requests_per_connection = static_cast<std::uint32_t>(readUnsigned(*v, {1, 1'000'000}));
                if (auto v = p.get("closes_first")) cp.closes_first = readBool(*v);
                if (auto v = p.get("linger_zero")) cp.linger_zero = readBool(*v);
                if (auto v = p.get("tls")) cp.tls = readTls(*v);
                if (auto v = p.get("http")) cp.http = readHttp(*v, cp.tls);
                if (auto v = p.get("resume")) cp.resume = readBool(*v);
                if (auto v = p.get("early_data")) cp.early_data = readBool(*v);
                if (auto v = p.get("shown")) cp.shown = readBool(*v);
                if ((cp.resume || cp.early_data) && cp.tls != TlsVersion::Tls13)
                    failKey(p, cp.early_data ? "early_data" : "resume", "resumption here is TLS 1.3's: give the client \"tls\": \"1.3\"");
                if (cp.early_data) cp.resume = true;   // 0-RTT data goes with a resumed session
                if (cp.http == HttpVersion::Http2 && cp.early_data)
                    failKey(p, "early_data", "0-RTT data here is an HTTP/1.1 or HTTP/3 request");
                // HTTP/2 and HTTP/3 ask for them all at once, one stream each: a page's worth,
                // not a flood.
                if (cp.http != HttpVersion::Http11 && cp.requests_per_connection > kMaxHttp2Streams)
                    fail(p.child("requests_per_connection"),
                         std::string(cp.http == HttpVersion::Http2 ? "HTTP/2" : "HTTP/3") +
                             " asks for its requests at once, one stream each: at most " +
                             std::to_string(kMaxHttp2Streams));
                targets.push_back({p, false, run.clients.size() - 1});
            } else if (type == "script") {
                checkKeys(p, {"type", "host", "server", "port", "request_bytes", "linger_zero", "calls"});
                ClientProgram& cp = run.clients.emplace_back();
                cp.host = hostOf();
                if (auto v = p.get("request_bytes"))
                    cp.request_bytes = static_cast<std::uint32_t>(readUnsigned(*v, {1, 1u << 30}));
                if (auto v = p.get("linger_zero")) cp.linger_zero = readBool(*v);
                if (!p.has("calls")) failMissing(p, "calls", ": the calls it makes, such as [{\"at_ms\": 0, \"call\": \"connect\"}]");
                cp.calls = readProgramCalls(p.child("calls"));
                cp.connections = 1;
                targets.push_back({p, false, run.clients.size() - 1});
            } else if (type == "syn_flood") {
                checkKeys(p, {"type", "host", "server", "port", "syns", "per_second", "start_ms"});
                SynFlood& f = run.floods.emplace_back();
                if (auto v = p.get("host")) f.via = hostAt(*v);
                if (auto v = p.get("syns"))
                    f.syns = static_cast<std::uint32_t>(readUnsigned(*v, {0, kMaxHostConnections}));
                if (auto v = p.get("per_second"))
                    f.per_second = readNumber(*v, 0.001, 1e6, "a number of SYNs per second from 0.001 to 1000000");
                if (auto v = p.get("start_ms")) f.start = readMsAsUs(*v);
                targets.push_back({p, true, run.floods.size() - 1});
            } else {
                fail(p.child("type"), "unknown program type " + quotedInput(type) +
                                          "; expected \"server\", \"client\", \"script\" or \"syn_flood\"");
            }
        }
        if (run.servers.empty()) fail(programs, "expected a program of type \"server\": the one every connection goes to");
        std::uint64_t total = 0;
        for (const Target& t : targets) {
            const Node& p = t.node;
            if (!p.has("server")) failMissing(p, "server", ": the name of the host whose server it connects to");
            const Node target = p.child("server");
            const HostId server = hostAt(target);
            const std::string name = run.hosts[server].info.name;
            std::vector<std::uint16_t> ports;
            for (const ServerProgram& sp : run.servers)
                if (sp.host == server) ports.push_back(sp.port);
            if (ports.empty()) fail(target, "no server program runs on " + quotedInput(name));
            std::uint16_t port = ports.front();
            const bool quic = !t.flood && run.clients[t.index].http == HttpVersion::Http3;
            if (auto v = p.get("port")) {
                port = static_cast<std::uint16_t>(readUnsigned(*v, {1, 65535}));
                if (!run.serverAt(server, port, quic) && !run.serverAt(server, port, !quic))
                    fail(*v, "no server program listens on " + quotedInput(name) + " port " + std::to_string(port));
            } else if (ports.size() > 1 && !(ports.size() == 2 && ports[0] == ports[1])) {
                failMissing(p, "port", ": " + quotedInput(name) + " runs servers on several ports");
            }
            // QUIC is UDP: a QUIC server has no TCP port to answer on, nor the reverse.
            if (!run.serverAt(server, port, quic))
                fail(p.has("http") ? p.child("http") : p,
                     quic ? "its server speaks TCP: give the server \"http\": \"3\" too"
                          : "its server speaks HTTP/3 over QUIC: give the client \"http\": \"3\" too");
            if (t.flood) {
                SynFlood& f = run.floods[t.index];
                f.target = server;
                f.port = port;
                if (!p.has("host")) {
                    // Its SYNs come in over the link from another host (any will do).
                    f.via = server == 0 ? HostId{1} : HostId{0};
                    if (run.hosts.size() < 2) fail(p, "a SYN flood needs a host besides its target's to come in from");
                } else if (f.via == server) {
                    fail(p.child("host"), "a SYN flood comes in from another host than its target");
                }
                total += f.syns;
            } else {
                ClientProgram& c = run.clients[t.index];
                if (c.host == server) fail(target, "a client and its server must run on two different hosts");
                c.server = server;
                c.port = port;
                if (c.tls != run.serverAt(server, port, quic)->tls)
                    fail(p.has("tls") ? p.child("tls") : p,
                         c.tls == TlsVersion::None ? "its server speaks TLS: give the client the same \"tls\""
                                                   : "its server speaks another TLS, or none: give both the same \"tls\"");
                // An HTTP/2 server answers HTTP/1.1 too (a client that offers no "h2"), as web
                // servers do; an HTTP/2 client needs a server that speaks it.
                if (c.http == HttpVersion::Http2 && run.serverAt(server, port)->http != HttpVersion::Http2)
                    fail(p.child("http"), "its server speaks HTTP/1.1 only: give the server \"http\": \"2\" too");
                total += c.connections;
            }
        }
        if (total > kMaxHostConnections)
            fail(programs, "the programs open " + std::to_string(total) + " connections in all; at most " +
                               std::to_string(kMaxHostConnections) + " are simulated");
        if (auto n = root.get("links")) readHostLinks(*n, run, hostAt);
        if (auto n = root.get("star")) {
            if (root.has("links")) failKey(root, "star", "a file has \"links\" between pairs of hosts or a \"star\", not both");
            if (auto l = root.get("link"); l && (l->has("client->server") || l->has("server->client")))
                failKey(*l, l->has("client->server") ? "client->server" : "server->client",
                        "in a star each host has its own link (\"up\" and \"down\" in \"star\"), not a client's and a server's");
            readStar(*n, run);
        }
        if (auto n = root.get("focus")) {
            const HostId h = hostAt(*n);
            if (!run.busy(h)) fail(*n, "no program runs on " + quotedInput(run.hosts[h].info.name) + " and no flood goes to it");
            run.focus = h;
        }
        if (auto n = root.get("faults")) {
            expectArray(*n);
            for (std::size_t i = 0; i < n->v->size(); ++i) {
                const Node f = n->child(i);
                HostFault& hf = run.faults.emplace_back();
                const FaultSpec spec = readFault(f, "a host name: the segments it sends", [&](const Node& from) {
                    hf.from = hostAt(from);
                    return Side::A;
                });
                hf.fault = {spec.filter, spec.nth, spec.action, msToUs(spec.amount_ms)};
            }
        }
        return s;
    }

    // A script program's calls, in time order (a stable sort: calls at one time in the file's
    // order): its connect() first, then send, close and abort.
    std::vector<ProgramCall> readProgramCalls(const Node& n) const {
        expectArray(n);
        if (n.v->empty()) fail(n, "expected at least the connect call");
        if (n.v->size() > kMaxProgramCalls) fail(n, "at most " + std::to_string(kMaxProgramCalls) + " calls");
        std::vector<std::pair<ProgramCall, Node>> calls;
        for (std::size_t i = 0; i < n.v->size(); ++i) {
            const Node c = n.child(i);
            expectObject(c);
            checkKeys(c, {"at_ms", "call", "bytes"});
            ProgramCall call;
            if (auto v = c.get("at_ms")) call.at = readMsAsUs(*v);
            if (!c.has("call")) failMissing(c, "call", " (connect, send, close or abort)");
            const Node what = c.child("call");
            const std::string name = readString(what, "the name of a call");
            const auto kind = callFromName(name);
            if (!kind || (*kind != CallKind::Connect && *kind != CallKind::Send && *kind != CallKind::Close &&
                          *kind != CallKind::Abort))
                fail(what, "a program's call is connect, send, close or abort, not " + quotedInput(name) +
                               (kind == CallKind::Receive ? " (a program reads what arrives at once)" : ""));
            call.call = *kind;
            if (call.call == CallKind::Send) {
                if (!c.has("bytes")) failMissing(c, "bytes", ": a send needs the number of bytes");
                call.bytes = static_cast<std::uint32_t>(readUnsigned(c.child("bytes"), {1, 1u << 30}));
            } else if (c.has("bytes")) {
                failKey(c, "bytes", "only a send has bytes");
            }
            calls.emplace_back(call, c);
        }
        std::stable_sort(calls.begin(), calls.end(), [](const auto& a, const auto& b) { return a.first.at < b.first.at; });
        if (calls.front().first.call != CallKind::Connect)
            fail(calls.front().second, "the first call, by time, is the connect: before it there is no connection");
        for (std::size_t i = 1; i < calls.size(); ++i)
            if (calls[i].first.call == CallKind::Connect)
                fail(calls[i].second, "a second connect; a script program makes one connection (add a program for another)");
        std::vector<ProgramCall> out;
        for (const auto& [call, node] : calls) out.push_back(call);
        return out;
    }

    // "star": {"host": {<a link's keys>, "up": {...}, "down": {...}}, ...}: each host's own link
    // to the switch; a host not named has `link`'s.
    void readStar(const Node& n, HostRun& run) const {
        expectObject(n);
        run.star = true;
        for (const auto& item : n.v->items()) {
            const Node l = n.child(item.key());
            const auto id = run.hostNamed(item.key());
            if (!id) failKey(n, item.key(), "no host " + quotedInput(item.key()) + " in \"hosts\"");
            expectObject(l);
            checkKeys(l, {"delay_ms", "jitter_ms", "loss", "duplicate", "bandwidth_bps", "queue_packets", "burst", "up", "down"});
            StarLink s;
            s.host = *id;
            LinkDirection both = run.link[0];
            applyLink(l, both);
            s.dir = {both, both};
            if (auto d = l.get("up")) applyDirection(*d, s.dir[0]);
            if (auto d = l.get("down")) applyDirection(*d, s.dir[1]);
            run.star_links.push_back(s);
        }
    }

    // "links": [{"between": ["a", "b"], <a link's keys>, "a->b": {...}, "b->a": {...}}, ...]
    template <class HostAt>
    void readHostLinks(const Node& n, HostRun& run, const HostAt& hostAt) const {
        expectArray(n);
        for (std::size_t i = 0; i < n.v->size(); ++i) {
            const Node l = n.child(i);
            expectObject(l);
            if (!l.has("between")) failMissing(l, "between", ": the two hosts it joins, such as [\"client\", \"server\"]");
            const Node between = l.child("between");
            expectArray(between);
            if (between.v->size() != 2) fail(between, "expected two host names");
            HostLink link;
            link.a = hostAt(between.child(0));
            link.b = hostAt(between.child(1));
            if (link.a == link.b) fail(between.child(1), "a link joins two different hosts");
            for (const HostLink& other : run.links)
                if ((other.a == link.a && other.b == link.b) || (other.a == link.b && other.b == link.a))
                    fail(between, "a second link between these hosts");
            const std::string forward = run.hosts[link.a].info.name + "->" + run.hosts[link.b].info.name;
            const std::string back = run.hosts[link.b].info.name + "->" + run.hosts[link.a].info.name;
            for (const auto& item : l.v->items()) {
                static constexpr std::array<std::string_view, 8> kKeys{"between", "delay_ms", "jitter_ms", "loss",
                                                                      "duplicate", "bandwidth_bps", "queue_packets", "burst"};
                if (item.key() == forward || item.key() == back) continue;
                if (std::find(kKeys.begin(), kKeys.end(), item.key()) == kKeys.end())
                    failKey(l, item.key(), "unknown key " + quotedInput(item.key()) + "; expected one of " +
                                               joinNames({"between", "delay_ms", "jitter_ms", "loss", "duplicate",
                                                          "bandwidth_bps", "queue_packets", "burst"}) +
                                               ", " + quotedInput(forward) + " or " + quotedInput(back));
            }
            LinkDirection both = defaultLink();
            applyLink(l, both);
            link.dir = {both, both};
            if (auto d = l.get(forward)) applyDirection(*d, link.dir[0]);
            if (auto d = l.get(back)) applyDirection(*d, link.dir[1]);
            run.links.push_back(link);
        }
    }

    HostSpec readHost(const Node& n, const std::string& name, std::uint32_t address) const {
        expectObject(n);
        checkKeys(n, {"address", "addresses", "profile", "port_range", "time_wait_ms", "fin_timeout_ms", "somaxconn",
                      "max_syn_backlog", "synack_retries", "syncookies", "abort_on_overflow", "tw_reuse",
                      "fd_limit"});
        HostSpec spec;
        spec.info = {name, address};
        const auto readAddress = [&](const Node& v) {
            const std::string text = readString(v, "an IPv4 address such as \"192.0.2.1\"");
            const auto a = ipv4FromString(text);
            if (!a) fail(v, "expected an IPv4 address such as \"192.0.2.1\", got " + quotedInput(text));
            return *a;
        };
        if (auto v = n.get("address")) spec.info.address = readAddress(*v);
        if (auto v = n.get("addresses")) {
            if (n.has("address")) failKey(n, "addresses", "a host has \"address\" or \"addresses\", not both");
            expectArray(*v);
            if (v->v->empty() || v->v->size() > 256) fail(*v, "expected from 1 to 256 addresses");
            spec.info.address = readAddress(v->child(0));
            for (std::size_t i = 1; i < v->v->size(); ++i) spec.more.push_back(readAddress(v->child(i)));
        }
        HostProfile& p = spec.profile;
        if (auto v = n.get("profile")) p = readChoice<HostProfile>(*v, {{"linux", HostProfile::ofLinux()}, {"rfc", HostProfile::ofRfc()}});
        if (auto v = n.get("port_range")) {
            expectArray(*v);
            if (v->v->size() != 2) fail(*v, "expected [first, last], two port numbers");
            p.port_low = static_cast<std::uint16_t>(readUnsigned(v->child(0), {1, 65535}));
            p.port_high = static_cast<std::uint16_t>(readUnsigned(v->child(1), {p.port_low, 65535}));
        }
        if (auto v = n.get("time_wait_ms")) p.time_wait = readMsAsUs(*v);
        if (auto v = n.get("fin_timeout_ms")) p.fin_timeout = readMsAsUs(*v);
        if (auto v = n.get("somaxconn")) p.somaxconn = static_cast<std::uint32_t>(readUnsigned(*v, {1, 1u << 20}));
        if (auto v = n.get("max_syn_backlog"))
            p.max_syn_backlog = static_cast<std::uint32_t>(readUnsigned(*v, {1, 1u << 20}));
        if (auto v = n.get("synack_retries")) p.synack_retries = static_cast<std::uint8_t>(readUnsigned(*v, {0, 255}));
        if (auto v = n.get("syncookies")) p.syncookies = static_cast<std::uint8_t>(readUnsigned(*v, {0, 2}));
        if (auto v = n.get("abort_on_overflow")) p.abort_on_overflow = readBool(*v);
        if (auto v = n.get("tw_reuse")) p.tw_reuse = readBool(*v);
        if (auto v = n.get("fd_limit")) p.fd_limit = static_cast<std::uint32_t>(readUnsigned(*v, {1, 1u << 24}));
        return spec;
    }

    [[noreturn]] void failAt(std::optional<std::size_t> offset, const std::string& path,
                             const std::string& msg) const {
        Position p;
        if (offset) p = positionOf(m_text, *offset);
        throw ScenarioError(m_file, p.line, p.column, path, msg);
    }
    [[noreturn]] void fail(const Node& n, const std::string& msg) const {
        const auto place = m_pos.find(n.ptr);
        failAt(place ? std::optional(place->value) : std::nullopt, n.path, msg);
    }
    // An error about a key itself (unknown, misplaced): points at the key, not its value.
    [[noreturn]] void failKey(const Node& parent, const std::string& key,
                              const std::string& msg) const {
        const auto place = m_pos.find(parent.ptr + "/" + pointerToken(key));
        std::optional<std::size_t> offset;
        if (place) offset = place->key ? place->key : place->value;
        failAt(offset, memberPath(parent.path, key), msg);
    }
    [[noreturn]] void failMissing(const Node& n, const std::string& key,
                                  const std::string& explanation) const {
        fail(n, "missing required key " + quotedInput(key) + explanation);
    }

    void expectObject(const Node& n) const {
        if (!n.v->is_object()) fail(n, "expected an object { ... }, got " + describe(*n.v));
    }
    void expectArray(const Node& n) const {
        if (!n.v->is_array()) fail(n, "expected an array [ ... ], got " + describe(*n.v));
    }

    // Rejects keys not in `allowed`; reports the unknown key that comes first in the file.
    void checkKeys(const Node& n, std::initializer_list<std::string_view> allowed) const {
        std::optional<std::string> unknown;
        for (const auto& item : n.v->items()) {
            if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
                unknown = item.key();
                break;
            }
        }
        if (!unknown) return;
        // One walk over the object's text, also when it holds thousands of unknown keys.
        const auto first = m_pos.firstKeyNotIn(n.ptr, allowed);
        const std::string key = first ? first->key : *unknown;
        std::string msg = "unknown key " + quotedInput(key);
        if (key == "seed" && n.path.find("->") != std::string::npos) {
            msg += "; the seed is shared by both directions: set it as link.seed";
        } else {
            msg += "; expected one of " + joinNames(allowed);
        }
        if (first) failAt(first->at, memberPath(n.path, key), msg);
        failKey(n, key, msg);
    }

    std::string readString(const Node& n, const std::string& expected = "a string") const {
        if (!n.v->is_string()) fail(n, "expected " + expected + ", got " + describe(*n.v));
        return n.v->get<std::string>();
    }

    // One of a few names, each standing for a value: "expected "a" or "b", got ...".
    template <typename T>
    T readChoice(const Node& n, std::initializer_list<std::pair<const char*, T>> choices) const {
        std::string expected;
        std::size_t i = 0;
        for (const auto& [name, value] : choices) {
            expected += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + quotedInput(name);
            ++i;
        }
        const std::string v = readString(n, expected);
        for (const auto& [name, value] : choices)
            if (v == name) return value;
        fail(n, "expected " + expected + ", got " + quotedInput(v));
    }

    // "http": HTTP/2 goes over TLS, as browsers speak it (RFC 9113 §3.2: ALPN "h2").
    HttpVersion readHttp(const Node& n, TlsVersion tls) const {
        const HttpVersion v = readChoice<HttpVersion>(
            n, {{"1.1", HttpVersion::Http11}, {"2", HttpVersion::Http2}, {"3", HttpVersion::Http3}});
        if (v == HttpVersion::Http2 && tls == TlsVersion::None)
            fail(n, "HTTP/2 goes over TLS here, as browsers speak it: give the program \"tls\" too");
        // RFC 9001: QUIC's handshake is TLS 1.3's.
        if (v == HttpVersion::Http3 && tls != TlsVersion::Tls13)
            fail(n, "HTTP/3 goes over QUIC, whose handshake is TLS 1.3's: give the program \"tls\": \"1.3\" too");
        return v;
    }

    TlsVersion readTls(const Node& n) const {
        return readChoice<TlsVersion>(n, {{"1.2", TlsVersion::Tls12}, {"1.3", TlsVersion::Tls13}});
    }

    bool readBool(const Node& n) const {
        if (!n.v->is_boolean()) fail(n, "expected true or false, got " + describe(*n.v));
        return n.v->get<bool>();
    }

    std::uint64_t readUnsigned(const Node& n, Range r) const {
        const std::string expected =
            r.hi == std::numeric_limits<std::uint64_t>::max()
                ? "a whole number, " + std::to_string(r.lo) + " or more"
                : "a whole number from " + std::to_string(r.lo) + " to " + std::to_string(r.hi);
        const json& v = *n.v;
        std::uint64_t out = 0;
        if (v.is_number_unsigned()) {
            out = v.get<std::uint64_t>();
        } else if (v.is_number_integer()) {
            // A negative integer (non-negative ones are number_unsigned).
            fail(n, "expected " + expected + ", got " + describe(v));
        } else if (v.is_number_float()) {
            const double d = v.get<double>();
            if (!std::isfinite(d) || d != std::floor(d) || d < 0 || d >= 18446744073709551616.0) {
                fail(n, "expected " + expected + ", got " + describe(v));
            }
            out = static_cast<std::uint64_t>(d);
        } else {
            fail(n, "expected " + expected + ", got " + describe(v));
        }
        if (out < r.lo || out > r.hi) fail(n, "expected " + expected + ", got " + describe(v));
        return out;
    }

    double readNumber(const Node& n, double lo, double hi, const std::string& expected) const {
        if (!n.v->is_number()) fail(n, "expected " + expected + ", got " + describe(*n.v));
        const double d = n.v->get<double>();
        if (!std::isfinite(d) || d < lo || d > hi) {
            fail(n, "expected " + expected + ", got " + describe(*n.v));
        }
        return d;
    }

    double readMs(const Node& n, double lo = 0) const {
        return readNumber(
            n, lo, kMaxMs,
            "a number of milliseconds from " + numberText(lo) + " to " + numberText(kMaxMs));
    }
    TimeUs readMsAsUs(const Node& n, double lo = 0) const { return msToUs(readMs(n, lo)); }

    double readProbability(const Node& n) const {
        return readNumber(n, 0, 1, "a probability from 0 to 1");
    }

    Side readSide(const Node& n) const {
        const std::string v = readString(n, "\"A\" or \"B\"");
        if (v == "A") return Side::A;
        if (v == "B") return Side::B;
        fail(n, "expected \"A\" or \"B\", got " + quotedInput(v));
    }

    LocalizedText readText(const Node& n) const {
        LocalizedText t;
        if (n.v->is_string()) {
            t.text["en"] = n.v->get<std::string>();
            return t;
        }
        if (!n.v->is_object()) {
            fail(n,
                 "expected a string, or an object of translations such as {\"en\": \"...\", "
                 "\"zh_CN\": \"...\"}, got " +
                     describe(*n.v));
        }
        for (const auto& item : n.v->items()) {
            if (item.key().empty()) failKey(n, item.key(), "a language code must not be empty");
            t.text[item.key()] = readString(n.child(item.key()));
        }
        return t;
    }

    std::uint8_t readFlags(const Node& n) const {
        expectArray(n);
        std::uint8_t flags = 0;
        for (std::size_t i = 0; i < n.v->size(); ++i) {
            const Node f = n.child(i);
            std::string name = readString(f, "a flag name such as \"SYN\"");
            for (char& c : name) {
                if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            }
            const auto flag = flagFromName(name);
            if (!flag) {
                fail(f, "unknown flag " + quotedInput(f.v->get<std::string>()) +
                            "; expected one of CWR, ECE, URG, ACK, PSH, RST, SYN, FIN");
            }
            flags = static_cast<std::uint8_t>(flags | *flag);
        }
        return flags;
    }

    void applyTcp(const Node& n, TcpConfig& c) const {
        expectObject(n);
        checkKeys(n, {"mss", "window", "window_scale", "rto_initial_ms", "rto_min_ms", "rto_max_ms",
                      "max_retransmissions", "syn_retries", "msl_ms", "user_timeout_ms", "auto_receive",
                      "two_way_handshake", "congestion", "initial_window", "delayed_ack",
                      "delayed_ack_ms", "quick_acks", "nagle", "invalid_ack_ratelimit_ms", "time_wait_syn",
                      "rfc1337"});
        if (auto v = n.get("mss")) c.mss = static_cast<std::uint16_t>(readUnsigned(*v, {1, 65535}));
        if (auto v = n.get("window")) {
            c.window = static_cast<std::uint32_t>(readUnsigned(*v, {0, 4294967295u}));
        }
        if (auto v = n.get("rto_initial_ms")) c.rto_initial = readMsAsUs(*v, 0.001);
        if (auto v = n.get("rto_min_ms")) c.rto_min = readMsAsUs(*v, 0.001);
        if (auto v = n.get("rto_max_ms")) c.rto_max = readMsAsUs(*v, 0.001);
        // A key against another (the RTO is clamped between the two, RFC 6298 (2.4) and (2.5)):
        // said at the key that broke it, with both values, whether both came from this object or
        // one from the scenario's "tcp" that an endpoint's "tcp" overrides.
        if (c.rto_min > c.rto_max) {
            auto at = n.get("rto_min_ms");
            if (!at) at = n.get("rto_max_ms");
            fail(at ? *at : n, "rto_min_ms (" + numberText(static_cast<double>(c.rto_min) / 1000) +
                                   ") must not be greater than rto_max_ms (" +
                                   numberText(static_cast<double>(c.rto_max) / 1000) + ")");
        }
        if (auto v = n.get("max_retransmissions")) {
            c.max_retransmissions = static_cast<std::uint32_t>(readUnsigned(*v, {0, 4294967295u}));
        }
        if (auto v = n.get("msl_ms")) c.msl = readMsAsUs(*v);
        if (auto v = n.get("user_timeout_ms")) c.user_timeout = readMsAsUs(*v);
        if (auto v = n.get("auto_receive")) c.auto_receive = readBool(*v);
        if (auto v = n.get("two_way_handshake")) c.two_way_handshake = readBool(*v);
        if (auto v = n.get("window_scale")) {
            // "auto", or a shift count from 0 to 14 (RFC 7323 §2.3).
            if (v->v->is_string()) {
                if (v->v->get<std::string>() != "auto")
                    fail(*v, "expected \"auto\" or a whole number from 0 to 14, got " + describe(*v->v));
                c.window_scale = -1;
            } else {
                c.window_scale = static_cast<int>(readUnsigned(*v, {0, 14}));
            }
        }
        if (auto v = n.get("syn_retries")) c.syn_retries = static_cast<std::uint32_t>(readUnsigned(*v, {0, 100}));
        if (auto v = n.get("congestion")) {
            const std::string name = readString(*v, "a congestion control name");
            const auto algorithm = congestionFromName(name);
            if (!algorithm) {
                fail(*v,
                     "unknown congestion control " + quotedInput(name) +
                         "; expected one of \"none\", \"tahoe\", \"reno\", \"newreno\", \"cubic\"");
            }
            c.congestion = *algorithm;
        }
        if (auto v = n.get("initial_window")) c.initial_window = static_cast<std::uint32_t>(readUnsigned(*v, {0, 1000}));
        if (auto v = n.get("delayed_ack")) c.delayed_ack = readBool(*v);
        // RFC 9293 §3.8.6.3 (MUST-40): an ACK must not be delayed by 0.5 s or more.
        if (auto v = n.get("delayed_ack_ms")) {
            c.delayed_ack_timeout = msToUs(readNumber(*v, 0.001, 499.999, "a number of milliseconds from 0.001 to 499.999"));
        }
        if (auto v = n.get("quick_acks")) c.quick_acks = static_cast<std::uint32_t>(readUnsigned(*v, {0, 1000}));
        if (auto v = n.get("nagle")) c.nagle = readBool(*v);
        if (auto v = n.get("invalid_ack_ratelimit_ms")) c.invalid_ack_interval = readMsAsUs(*v);
        if (auto v = n.get("time_wait_syn")) {
            c.time_wait_syn = readChoice<TimeWaitSyn>(*v, {{"rfc", TimeWaitSyn::Rfc}, {"linux", TimeWaitSyn::Linux}});
        }
        if (auto v = n.get("rfc1337")) c.rfc1337 = readBool(*v);
    }

    void readEndpoint(const Node& n, ScenarioEndpoint& e) const {
        expectObject(n);
        checkKeys(n, {"name", "address", "port", "isn", "tcp"});
        if (auto v = n.get("name")) e.name = readString(*v);
        if (auto v = n.get("address")) {
            e.address = readString(*v, "an IPv4 address such as \"192.0.2.1\"");
            if (!ipv4FromString(e.address)) {
                fail(*v, "expected an IPv4 address such as \"192.0.2.1\", got " +
                             quotedInput(e.address));
            }
        }
        if (auto v = n.get("port"))
            e.port = static_cast<std::uint16_t>(readUnsigned(*v, {1, 65535}));
        if (auto v = n.get("isn")) {
            expectArray(*v);
            if (v->v->empty()) fail(*v, "the list of ISNs must hold at least one number");
            e.isn.clear();
            for (std::size_t i = 0; i < v->v->size(); ++i) {
                e.isn.push_back(
                    static_cast<std::uint32_t>(readUnsigned(v->child(i), {0, 4294967295u})));
            }
        }
        if (auto v = n.get("tcp")) applyTcp(*v, e.tcp);
    }

    // Link keys shared by the link object and its "A->B" / "B->A" overrides.
    void applyLink(const Node& n, LinkDirection& d) const {
        if (auto v = n.get("delay_ms")) d.delay_ms = readMs(*v);
        if (auto v = n.get("jitter_ms")) d.jitter_ms = readMs(*v);
        if (auto v = n.get("loss")) d.loss = readProbability(*v);
        if (auto v = n.get("duplicate")) d.duplicate = readProbability(*v);
        if (auto v = n.get("bandwidth_bps")) {
            d.bandwidth_bps = readUnsigned(*v, {0, std::numeric_limits<std::uint64_t>::max()});
        }
        if (auto v = n.get("queue_packets")) {
            d.queue_packets = static_cast<std::uint32_t>(readUnsigned(*v, {1, 4294967295u}));
        }
        if (auto v = n.get("burst")) {
            if (v->v->is_null()) {
                d.burst.reset();
            } else {
                expectObject(*v);
                checkKeys(*v, {"p_good_to_bad", "p_bad_to_good", "loss_good", "loss_bad"});
                LinkDirection::Burst b;
                if (auto p = v->get("p_good_to_bad")) b.p_good_to_bad = readProbability(*p);
                if (auto p = v->get("p_bad_to_good")) b.p_bad_to_good = readProbability(*p);
                if (auto p = v->get("loss_good")) b.loss_good = readProbability(*p);
                if (auto p = v->get("loss_bad")) b.loss_bad = readProbability(*p);
                d.burst = b;
            }
        }
    }

    void applyDirection(const Node& n, LinkDirection& d) const {
        expectObject(n);
        checkKeys(n, {"delay_ms", "jitter_ms", "loss", "duplicate", "bandwidth_bps",
                      "queue_packets", "burst"});
        applyLink(n, d);
    }

    ScriptAction readAction(const Node& n) const {
        expectObject(n);
        checkKeys(n, {"at_ms", "endpoint", "call", "bytes", "inject"});
        ScriptAction a;
        if (auto v = n.get("at_ms")) a.at_ms = readMs(*v);
        if (auto inject = n.get("inject")) {
            for (const char* key : {"endpoint", "call", "bytes"}) {
                if (n.has(key)) {
                    failKey(n, key,
                            "an entry either calls (\"endpoint\", \"call\") or injects a segment "
                            "(\"inject\"), not both");
                }
            }
            a.what = readInject(*inject);
            return a;
        }
        if (!n.has("call")) {
            failMissing(n, "call",
                        " (one of listen, connect, send, receive, close, abort, reboot), or "
                        "\"inject\"");
        }
        if (!n.has("endpoint")) failMissing(n, "endpoint", " (\"A\" or \"B\")");
        ScriptCall c;
        c.endpoint = readSide(n.child("endpoint"));
        const Node call = n.child("call");
        const std::string name = readString(call, "the name of a call");
        const auto kind = callFromName(name);
        if (!kind) {
            fail(call, "unknown call " + quotedInput(name) +
                           "; expected one of listen, connect, send, receive, close, abort, "
                           "reboot");
        }
        c.call = *kind;
        const bool takes_bytes = c.call == CallKind::Send || c.call == CallKind::Receive;
        if (takes_bytes) {
            if (!n.has("bytes")) {
                failMissing(n, "bytes",
                            std::string(": a ") + std::string(callName(c.call)) +
                                " needs the number of bytes");
            }
            c.bytes = static_cast<std::uint32_t>(readUnsigned(n.child("bytes"), {1, 4294967295u}));
        } else if (n.has("bytes")) {
            failKey(n, "bytes", "\"bytes\" applies only to send and receive, not to " + name);
        }
        a.what = c;
        return a;
    }

    ScriptInject readInject(const Node& n) const {
        expectObject(n);
        checkKeys(n, {"from", "seq", "ack", "flags", "window", "len", "bad_checksum"});
        if (!n.has("from")) failMissing(n, "from", " (\"A\" or \"B\": whose address it carries)");
        ScriptInject i;
        i.from = readSide(n.child("from"));
        if (auto v = n.get("seq"))
            i.seq = static_cast<std::uint32_t>(readUnsigned(*v, {0, 4294967295u}));
        if (auto v = n.get("ack"))
            i.ack = static_cast<std::uint32_t>(readUnsigned(*v, {0, 4294967295u}));
        if (auto v = n.get("flags")) i.flags = readFlags(*v);
        if (auto v = n.get("window"))
            i.window = static_cast<std::uint16_t>(readUnsigned(*v, {0, 65535}));
        if (auto v = n.get("len")) i.len = static_cast<std::uint32_t>(readUnsigned(*v, {0, 65535}));
        if (auto v = n.get("bad_checksum")) i.bad_checksum = readBool(*v);
        return i;
    }

    // A fault of "faults": in a lesson of two endpoints "from" is "A" or "B"; in one of hosts
    // (`from_is`, `readFrom`) the host whose segments it matches.
    template <typename ReadFrom>
    FaultSpec readFault(const Node& n, const char* from_is, ReadFrom readFrom) const {
        expectObject(n);
        checkKeys(n, {"match", "action", "amount_ms"});
        if (!n.has("match")) failMissing(n, "match", std::string(" (which segments, at least \"from\": ") + from_is + ")");
        FaultSpec f;
        const Node m = n.child("match");
        expectObject(m);
        checkKeys(m, {"from", "flags", "exact_flags", "seq", "retransmission", "data", "nth"});
        if (!m.has("from")) failMissing(m, "from", std::string(" (") + from_is + ")");
        f.from = readFrom(m.child("from"));
        if (auto v = m.get("data")) f.filter.data = readBool(*v);
        if (auto v = m.get("flags")) f.filter.flags_set = readFlags(*v);
        if (auto v = m.get("exact_flags")) f.filter.flags_exact = readFlags(*v);
        if (auto v = m.get("seq")) {
            f.filter.seq = static_cast<std::uint32_t>(readUnsigned(*v, {0, 4294967295u}));
        }
        if (auto v = m.get("retransmission")) f.filter.retransmission = readBool(*v);
        if (auto v = m.get("nth"))
            f.nth = static_cast<std::uint32_t>(readUnsigned(*v, {0, 4294967295u}));
        if (auto v = n.get("action")) {
            const std::string name = readString(*v, "\"drop\", \"delay\" or \"duplicate\"");
            if (name == "drop") {
                f.action = FaultAction::Drop;
            } else if (name == "delay") {
                f.action = FaultAction::Delay;
            } else if (name == "duplicate") {
                f.action = FaultAction::Duplicate;
            } else {
                fail(*v, "unknown action " + quotedInput(name) +
                             "; expected \"drop\", \"delay\" or \"duplicate\"");
            }
        }
        if (f.action == FaultAction::Drop) {
            if (n.has("amount_ms")) {
                failKey(n, "amount_ms",
                        "\"amount_ms\" applies only to the delay and duplicate actions");
            }
        } else {
            if (!n.has("amount_ms")) {
                failMissing(n, "amount_ms",
                            f.action == FaultAction::Delay
                                ? ": how many milliseconds to delay the segment"
                                : ": how many milliseconds after the original the copy arrives");
            }
            f.amount_ms = readMs(n.child("amount_ms"));
        }
        return f;
    }

    const std::string& m_text;
    const std::string& m_file;
    const PositionScanner& m_pos;
};

// ---- writing -----------------------------------------------------------------------------

// A number: whole numbers as integers (50, not 50.0); others exactly as JSON round-trips them.
ojson numberJson(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
        return static_cast<std::int64_t>(v);
    }
    return v;
}
ojson usAsMsJson(TimeUs us) {
    if (us % 1000 == 0) return us / 1000;
    return static_cast<double>(us) / 1000.0;
}

ojson flagsJson(std::uint8_t flags) {
    ojson out = ojson::array();
    for (const FlagName& f : kFlagsInHeaderOrder) {
        if ((flags & f.flag) != 0) out.push_back(f.name);
    }
    return out;
}

ojson textJson(const LocalizedText& t) {
    ojson out = ojson::object();
    for (const auto& [lang, text] : t.text) out[lang] = text;
    return out;
}

ojson tcpJson(const TcpConfig& c) {
    ojson o = ojson::object();
    o["mss"] = c.mss;
    o["window"] = c.window;
    o["rto_initial_ms"] = usAsMsJson(c.rto_initial);
    o["rto_min_ms"] = usAsMsJson(c.rto_min);
    o["rto_max_ms"] = usAsMsJson(c.rto_max);
    o["max_retransmissions"] = c.max_retransmissions;
    o["msl_ms"] = usAsMsJson(c.msl);
    o["user_timeout_ms"] = usAsMsJson(c.user_timeout);
    o["auto_receive"] = c.auto_receive;
    o["two_way_handshake"] = c.two_way_handshake;
    if (c.window_scale < 0) {
        o["window_scale"] = "auto";
    } else {
        o["window_scale"] = c.window_scale;
    }
    o["syn_retries"] = c.syn_retries;
    o["congestion"] = congestionName(c.congestion);
    o["initial_window"] = c.initial_window;
    o["delayed_ack"] = c.delayed_ack;
    o["delayed_ack_ms"] = usAsMsJson(c.delayed_ack_timeout);
    o["quick_acks"] = c.quick_acks;
    o["nagle"] = c.nagle;
    o["invalid_ack_ratelimit_ms"] = usAsMsJson(c.invalid_ack_interval);
    o["time_wait_syn"] = c.time_wait_syn == TimeWaitSyn::Linux ? "linux" : "rfc";
    o["rfc1337"] = c.rfc1337;
    return o;
}

// Every key of one link direction; "burst" is null when there is none.
ojson linkJson(const LinkDirection& d) {
    ojson o = ojson::object();
    o["delay_ms"] = numberJson(d.delay_ms);
    o["jitter_ms"] = numberJson(d.jitter_ms);
    o["loss"] = numberJson(d.loss);
    o["duplicate"] = numberJson(d.duplicate);
    o["bandwidth_bps"] = d.bandwidth_bps;
    o["queue_packets"] = d.queue_packets;
    if (d.burst) {
        ojson burst = ojson::object();
        burst["p_good_to_bad"] = numberJson(d.burst->p_good_to_bad);
        burst["p_bad_to_good"] = numberJson(d.burst->p_bad_to_good);
        burst["loss_good"] = numberJson(d.burst->loss_good);
        burst["loss_bad"] = numberJson(d.burst->loss_bad);
        o["burst"] = burst;
    } else {
        o["burst"] = nullptr;
    }
    return o;
}

// The members of `full` that differ from `base` (both objects with the same keys).
ojson difference(const ojson& full, const ojson& base) {
    ojson out = ojson::object();
    for (auto it = full.begin(); it != full.end(); ++it) {
        if (!base.contains(it.key()) || base.at(it.key()) != it.value()) out[it.key()] = it.value();
    }
    return out;
}

ojson scenarioJson(const Scenario& s) {
    ojson o = ojson::object();
    o["format"] = kFormat;
    o["id"] = s.id;
    o["group"] = s.group;
    o["title"] = textJson(s.title);
    o["description"] = textJson(s.description);
    o["start"] = s.start == StartMode::Established ? "established" : "closed";
    o["horizon_ms"] = numberJson(s.horizon_ms);
    if (s.max_events != kDefaultMaxEvents) o["max_events"] = s.max_events;

    // The scenario's "tcp" is A's configuration; B's "tcp" lists only what differs.
    const ojson tcp = tcpJson(s.endpoints[0].tcp);
    ojson endpoints = ojson::object();
    for (Side side : {Side::A, Side::B}) {
        const ScenarioEndpoint& e = s.endpoints[idx(side)];
        ojson ep = ojson::object();
        ep["name"] = e.name;
        ep["address"] = e.address;
        ep["port"] = e.port;
        ep["isn"] = e.isn;
        const ojson diff = difference(tcpJson(e.tcp), tcp);
        if (!diff.empty()) ep["tcp"] = diff;
        endpoints[sideName(side)] = ep;
    }
    o["endpoints"] = endpoints;
    o["tcp"] = tcp;

    // The link's keys are A->B's; "B->A" lists only what differs.
    ojson link = linkJson(s.link[0]);
    const ojson back = difference(linkJson(s.link[1]), link);
    if (link["burst"].is_null()) link.erase("burst");
    link["seed"] = s.seed;
    if (!back.empty()) link["B->A"] = back;
    o["link"] = link;

    ojson script = ojson::array();
    for (const ScriptAction& a : s.script) {
        ojson entry = ojson::object();
        entry["at_ms"] = numberJson(a.at_ms);
        if (const auto* c = std::get_if<ScriptCall>(&a.what)) {
            entry["endpoint"] = sideName(c->endpoint);
            entry["call"] = std::string(callName(c->call));
            if (c->call == CallKind::Send || c->call == CallKind::Receive)
                entry["bytes"] = c->bytes;
        } else {
            const auto& i = std::get<ScriptInject>(a.what);
            ojson inject = ojson::object();
            inject["from"] = sideName(i.from);
            inject["seq"] = i.seq;
            inject["ack"] = i.ack;
            inject["flags"] = flagsJson(i.flags);
            inject["window"] = i.window;
            inject["len"] = i.len;
            inject["bad_checksum"] = i.bad_checksum;
            entry["inject"] = inject;
        }
        script.push_back(entry);
    }
    o["script"] = script;

    ojson faults = ojson::array();
    for (const FaultSpec& f : s.faults) {
        ojson match = ojson::object();
        match["from"] = sideName(f.from);
        match["flags"] = flagsJson(f.filter.flags_set);
        if (f.filter.flags_exact) match["exact_flags"] = flagsJson(*f.filter.flags_exact);
        if (f.filter.seq) match["seq"] = *f.filter.seq;
        if (f.filter.retransmission) match["retransmission"] = *f.filter.retransmission;
        match["nth"] = f.nth;
        ojson entry = ojson::object();
        entry["match"] = match;
        switch (f.action) {
            case FaultAction::Drop:
                entry["action"] = "drop";
                break;
            case FaultAction::Delay:
                entry["action"] = "delay";
                entry["amount_ms"] = numberJson(f.amount_ms);
                break;
            case FaultAction::Duplicate:
                entry["action"] = "duplicate";
                entry["amount_ms"] = numberJson(f.amount_ms);
                break;
        }
        faults.push_back(entry);
    }
    o["faults"] = faults;
    return o;
}

// One-line form: {"a": 1, "b": [1, 2]}.
std::string oneLine(const ojson& v) {
    if (v.is_object()) {
        if (v.empty()) return "{}";
        std::string out = "{";
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!first) out += ", ";
            first = false;
            out += ojson(it.key()).dump() + ": " + oneLine(it.value());
        }
        return out + "}";
    }
    if (v.is_array()) {
        if (v.empty()) return "[]";
        std::string out = "[";
        bool first = true;
        for (const auto& e : v) {
            if (!first) out += ", ";
            first = false;
            out += oneLine(e);
        }
        return out + "]";
    }
    return v.dump();
}

// Two-space indentation; a container stays on one line when it fits in kLineWidth columns
// (counting the indentation, its key and a trailing comma). The top level is always expanded.
void pretty(std::string& out, const ojson& v, std::size_t indent, std::size_t prefix, bool top) {
    if (!v.is_structured() || v.empty()) {
        out += oneLine(v);
        return;
    }
    if (!top) {
        const std::string line = oneLine(v);
        if (indent + prefix + line.size() + 1 <= kLineWidth) {
            out += line;
            return;
        }
    }
    const bool object = v.is_object();
    out += object ? "{\n" : "[\n";
    std::size_t k = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++k) {
        out.append(indent + 2, ' ');
        std::size_t key_width = 0;
        if (object) {
            const std::string key = ojson(it.key()).dump() + ": ";
            out += key;
            key_width = key.size();
        }
        pretty(out, it.value(), indent + 2, key_width, false);
        if (k + 1 < v.size()) out += ',';
        out += '\n';
    }
    out.append(indent, ' ');
    out += object ? '}' : ']';
}

}  // namespace

// ---- public ------------------------------------------------------------------------------

std::string LocalizedText::in(const std::string& lang) const {
    if (auto it = text.find(lang); it != text.end()) return it->second;
    if (auto it = text.find("en"); it != text.end()) return it->second;
    if (!text.empty()) return text.begin()->second;
    return {};
}

namespace {
std::string errorText(const std::string& file, std::size_t line, std::size_t column,
                      const std::string& path, const std::string& message) {
    std::string out = file;
    if (line > 0) {
        if (!out.empty()) out += ':';
        out += std::to_string(line);
        if (column > 0) out += ':' + std::to_string(column);
    }
    if (!out.empty()) out += ": ";
    if (!path.empty()) out += path + ": ";
    return out + message;
}
}  // namespace

ScenarioError::ScenarioError(std::string file, std::size_t line, std::size_t column,
                             std::string path, std::string message)
    : std::runtime_error(errorText(file, line, column, path, message)),
      m_file(std::move(file)),
      m_line(line),
      m_column(column),
      m_path(std::move(path)),
      m_message(std::move(message)) {}

AnyScenario parseAnyScenario(const std::string& json_text, const std::string& file) {
    if (const char* encoding = wideEncoding(json_text)) {
        throw ScenarioError(file, 1, 1, "",
                            std::string("the file is ") + encoding + "; save it as UTF-8");
    }
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::parse_error& e) {
        const Position p = positionOf(json_text, e.byte > 0 ? e.byte - 1 : 0);
        throw ScenarioError(file, p.line, p.column, "", cleanNlohmannMessage(e.what()));
    } catch (const json::exception& e) {
        // Syntactically fine but unusable, e.g. a number too large for a double: the scanner
        // finds it and reports its position; if it does not, report without one.
        PositionScanner scanner(json_text, file);
        scanner.check();
        // nlohmann's message may quote the whole token.
        const std::string message = cleanNlohmannMessage(e.what());
        const std::size_t cut = cutAt(message, 200);
        throw ScenarioError(file, 0, 0, "",
                            cut == std::string::npos ? message : message.substr(0, cut) + "…");
    }
    PositionScanner positions(json_text, file);
    positions.check();
    try {
        return Reader(json_text, file, positions).read(root);
    } catch (const json::exception& e) {
        // Not expected: the reader checks every type before reading a value.
        throw ScenarioError(file, 0, 0, "", "internal error: " + cleanNlohmannMessage(e.what()));
    }
}

namespace {

std::string tooLarge(const std::string& how) {
    return "it is larger than " + std::to_string(kMaxScenarioFileBytes / (1024 * 1024)) + " MiB (" +
           how + ")";
}

class Descriptor {
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor() { ::close(m_fd); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    [[nodiscard]] int get() const { return m_fd; }

private:
    int m_fd;
};

}  // namespace

namespace {

// A two-endpoint scenario, or the error that says this one is of hosts.
Scenario twoEndpoint(AnyScenario any, const std::string& file) {
    if (auto* s = std::get_if<Scenario>(&any)) return std::move(*s);
    throw ScenarioError(file, 0, 0, "format",
                        "a tcpviz-scenario/2 file describes hosts with many connections, not the two "
                        "endpoints of one; open it as a lesson of hosts");
}

}  // namespace

Scenario parseScenario(const std::string& json_text, const std::string& file) {
    return twoEndpoint(parseAnyScenario(json_text, file), file);
}

Scenario loadScenarioFile(const std::string& path) { return twoEndpoint(loadAnyScenarioFile(path), path); }

AnyScenario loadAnyScenarioFile(const std::string& path) {
    const auto cannot = [&](const std::string& why) {
        return ScenarioError(path, 0, 0, "", "cannot read the file: " + why);
    };
    // stat() follows links: a dangling one gives ENOENT, a loop ELOOP (POSIX stat()). Only a
    // regular file is read: a FIFO would block open() until a writer comes, and a device such
    // as /dev/zero never ends.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw cannot(errnoText(errno));
    if (!S_ISREG(st.st_mode)) throw cannot(notRegularFileText(st.st_mode));
    // The file can be replaced between stat() and open(): O_NONBLOCK makes open() of a FIFO
    // return at once (POSIX open()), O_NOCTTY keeps a terminal from becoming ours, and fstat()
    // checks what was opened.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) throw cannot(errnoText(errno));
    const Descriptor file(fd);
    if (::fstat(fd, &st) != 0) throw cannot(errnoText(errno));
    if (!S_ISREG(st.st_mode)) throw cannot(notRegularFileText(st.st_mode));
    if (static_cast<std::uint64_t>(st.st_size) > kMaxScenarioFileBytes) {
        throw cannot(tooLarge(std::to_string(st.st_size) + " bytes"));
    }
    std::string text;
    text.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw cannot(errnoText(errno));
        }
        if (n == 0) break;
        // The size stat() gave can be stale (the file grows) or 0 (files in /proc): the cap
        // holds for what is read.
        if (text.size() + static_cast<std::size_t>(n) > kMaxScenarioFileBytes) {
            throw cannot(tooLarge("it grew while it was read"));
        }
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return parseAnyScenario(text, path);
}

std::string scenarioToJson(const Scenario& s) {
    std::string out;
    try {
        pretty(out, scenarioJson(s), 0, 0, true);
    } catch (const json::exception&) {
        // The only way here: a string that is not valid UTF-8.
        throw ScenarioError("", 0, 0, "", "the scenario holds text that is not valid UTF-8");
    }
    out += '\n';
    return out;
}

void saveScenarioFile(const Scenario& s, const std::string& path) {
    try {
        writeFileAtomically(path, scenarioToJson(s));
    } catch (const ScenarioError& e) {
        throw ScenarioError(path, 0, 0, "", "cannot save the scenario: " + e.message());
    } catch (const FileWriteError& e) {
        throw ScenarioError(path, 0, 0, "", "cannot save the scenario: " + e.reason());
    }
}

namespace {

// Whether `spec` names something on disk, a dangling symbolic link included: lstat() does not
// follow the last link. When even that cannot be told (EACCES on the folder, ENAMETOOLONG),
// opening the file will say why.
bool onDisk(const std::string& spec) {
    struct stat st {};
    return ::lstat(spec.c_str(), &st) == 0 || errno != ENOENT;
}

// A '/' or a ".json" ending (in any case) says "a file"; built-in ids have neither.
bool looksLikeAFile(const std::string& spec) {
    if (spec.find('/') != std::string::npos) return true;
    if (spec.size() < 5) return false;
    std::string end = spec.substr(spec.size() - 5);
    for (char& c : end) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return end == ".json";
}

}  // namespace

std::optional<AnyScenario> resolveAnyScenario(const std::string& spec, std::string* note) {
    if (note) note->clear();
    if (spec.empty()) return std::nullopt;
    for (const BuiltinScenario& b : builtinScenarios()) {
        if (b.id != spec) continue;
        // The lessons' names keep working in any folder; a file of the same name is not taken,
        // but it is not hidden without a word either.
        if (note && onDisk(spec)) {
            *note =
                "'" + spec +
                "' is the built-in scenario; the file of that name in this folder was not opened "
                "(open it as ./" +
                spec + ")";
        }
        return parseAnyScenario(b.json, "builtin:" + b.id);
    }
    // So that a missing file, a dangling link or a link loop is reported as what it is.
    if (looksLikeAFile(spec) || onDisk(spec)) return loadAnyScenarioFile(spec);
    return std::nullopt;
}

std::optional<Scenario> resolveScenario(const std::string& spec, std::string* note) {
    auto any = resolveAnyScenario(spec, note);
    if (!any) return std::nullopt;
    return twoEndpoint(std::move(*any), spec);
}

const std::vector<BuiltinScenario>& builtinScenariosOf(ScenarioKind kind) {
    static const std::array<std::vector<BuiltinScenario>, 2> kinds = [] {
        std::array<std::vector<BuiltinScenario>, 2> out;
        for (const BuiltinScenario& b : builtinScenarios()) {
            // Only the format decides; a built-in that does not parse is caught by the tests.
            const json root = json::parse(b.json, nullptr, false);
            const bool hosts = root.is_object() && root.value("format", std::string()) == kHostFormat;
            out[hosts ? 1 : 0].push_back(b);
        }
        return out;
    }();
    return kinds[kind == ScenarioKind::Hosts ? 1 : 0];
}

Scenario withSidesSwapped(Scenario s) {
    std::swap(s.endpoints[0], s.endpoints[1]);
    std::swap(s.link[0], s.link[1]);
    for (ScriptAction& a : s.script)
        std::visit([](auto& what) {
            if constexpr (std::is_same_v<std::decay_t<decltype(what)>, ScriptCall>)
                what.endpoint = peerOf(what.endpoint);
            else
                what.from = peerOf(what.from);
        }, a.what);
    for (FaultSpec& f : s.faults) f.from = peerOf(f.from);
    return s;
}

}  // namespace tcpviz::core
