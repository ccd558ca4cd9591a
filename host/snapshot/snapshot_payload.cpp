#include "snapshot/snapshot_payload.hpp"

#include <array>
#include <charconv>
#include <cstring>

namespace inlet::host {
namespace {

// nlohmann's escaping: quote, backslash, the short control escapes, other controls as \u00XX;
// every other byte as is.
void append_string_general(std::string &out, std::string_view s) {
    out.push_back('"');
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s, start, i - start);
        start = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char u[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(u, sizeof u);
        }
        }
    }
    out.append(s, start, s.size() - start);
    out.push_back('"');
}

// The same output. Partition and offset JSON is full of quotes, so the common case (no control
// bytes) sizes the output once and writes it through a pointer instead of appending piece by
// piece: with 100,000 partitions this was most of a snapshot's encoding time.
void append_string(std::string &out, std::string_view s) {
    size_t escapes = 0;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x20) return append_string_general(out, s);
        escapes += (c == '"') | (c == '\\');
    }
    size_t at = out.size();
    out.resize(at + s.size() + escapes + 2);
    char *w = out.data() + at;
    *w++ = '"';
    if (escapes == 0) {
        std::memcpy(w, s.data(), s.size());
        w += s.size();
    } else {
        for (char c : s) {
            if (c == '"' || c == '\\') *w++ = '\\';
            *w++ = c;
        }
    }
    *w = '"';
}

template <typename Int> void append_number(std::string &out, Int v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// What the string reader does with each byte: most are copied as they are.
enum ByteClass : unsigned char { plain, quote, backslash, refused };
constexpr std::array<ByteClass, 256> make_byte_class() {
    std::array<ByteClass, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[size_t(c)] = c < 0x20 || c >= 0x80 ? refused : c == '"' ? quote : c == '\\' ? backslash : plain;
    return t;
}
constexpr auto byte_class = make_byte_class();

class Reader {
public:
    explicit Reader(std::string_view s) : s_(s) {}

    bool literal(std::string_view text) {
        if (s_.substr(i_, text.size()) != text) return false;
        i_ += text.size();
        return true;
    }
    bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }

    template <typename Int> bool number(Int &v) {
        auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), v);
        if (ec != std::errc()) return false;
        i_ = size_t(end - s_.data());
        return true;
    }

    // A string with the short escapes; \u escapes are left to the general parser, and so are
    // raw control bytes (invalid JSON) and non-ASCII (it needs UTF-8 validation), so both paths
    // accept the same payloads (the snapshot fuzz target found a mismatch). One pass finds the
    // end and checks every byte, a second writes the unescaped text through a pointer.
    bool string(std::string &out) {
        if (!peek('"')) return false;
        const char *text = s_.data();
        size_t from = ++i_, end = from;
        for (;;) {
            while (end < s_.size() && byte_class[static_cast<unsigned char>(text[end])] == plain)
                ++end;
            if (end >= s_.size()) return false;
            auto cls = byte_class[static_cast<unsigned char>(text[end])];
            if (cls == quote) break;
            if (cls == refused) return false;
            end += 2; // a backslash and the byte it escapes (checked below)
        }
        out.resize(end - from);
        char *w = out.data();
        for (size_t k = from; k < end; ++k) {
            char c = text[k];
            if (c != '\\') {
                *w++ = c;
                continue;
            }
            switch (text[++k]) {
            case '"': *w++ = '"'; break;
            case '\\': *w++ = '\\'; break;
            case '/': *w++ = '/'; break;
            case 'b': *w++ = '\b'; break;
            case 'f': *w++ = '\f'; break;
            case 'n': *w++ = '\n'; break;
            case 'r': *w++ = '\r'; break;
            case 't': *w++ = '\t'; break;
            default: return false;
            }
        }
        out.resize(size_t(w - out.data()));
        i_ = end + 1;
        return true;
    }

    size_t at() const { return i_; }
    void seek(size_t i) { i_ = i; }
    std::string_view text() const { return s_; }

private:
    std::string_view s_;
    size_t i_ = 0;
};

} // namespace

std::string encode_payload(const Snapshot &snap) {
    std::string out;
    size_t guess = 128 + snap.job.size();
    if (snap.restored)
        for (const auto &e : *snap.restored) guess += e.partition.size() + e.offset.size() + 16;
    for (const auto &[p, o] : snap.offsets) guess += p.size() + o.size() + 16;
    out.reserve(guess);
    out += R"({"created_ms":)";
    append_number(out, snap.created_ms);
    out += R"(,"format":1,"job":)";
    append_string(out, snap.job);
    out += R"(,"offsets":[)";
    bool first = true;
    for_each_offset(snap, [&](std::string_view p, std::string_view o) {
        out += first ? "[" : ",[";
        first = false;
        append_string(out, p);
        out.push_back(',');
        append_string(out, o);
        out.push_back(']');
    });
    out += R"(],"sink":)";
    out += snap.sink.dump();
    out += R"(,"snapshot":)";
    append_number(out, snap.id);
    out += "}\n";
    return out;
}

std::optional<Snapshot> decode_payload_fast(std::string_view payload) {
    Snapshot snap;
    Reader in(payload);
    if (!in.literal(R"({"created_ms":)") || !in.number(snap.created_ms) ||
        !in.literal(R"(,"format":1,"job":)") || !in.string(snap.job) ||
        !in.literal(R"(,"offsets":[)"))
        return std::nullopt;
    // The unescaped text (with a NUL per string) is never longer than the payload, and an
    // entry takes at least 11 bytes (["{}","{}"]): sized up front, nothing moves while
    // reading, and the pages reserved but not needed are never touched.
    OffsetTable::Builder offsets(payload.size(), payload.size() / 11);
    std::string p, o; // reused: no allocation per entry
    if (!in.literal("]")) {
        for (;;) {
            if (!in.literal("[") || !in.string(p) || !in.literal(",") || !in.string(o) ||
                !in.literal("]"))
                return std::nullopt;
            offsets.add(p, o);
            if (in.literal("]")) break;
            if (!in.literal(",")) return std::nullopt;
        }
    }
    snap.restored = std::make_shared<const OffsetTable>(offsets.finish());
    if (!in.literal(R"(,"sink":)")) return std::nullopt;
    // The sink's object runs up to the last ,"snapshot": (which must end the payload).
    size_t sink_from = in.at();
    size_t tail = payload.rfind(R"(,"snapshot":)");
    if (tail == std::string_view::npos || tail < sink_from) return std::nullopt;
    in.seek(tail);
    if (!in.literal(R"(,"snapshot":)") || !in.number(snap.id) || !in.literal("}")) return std::nullopt;
    if (in.peek('\n')) in.literal("\n");
    if (in.at() != payload.size()) return std::nullopt;
    snap.sink = nlohmann::json::parse(payload.substr(sink_from, tail - sink_from), nullptr,
                                      /*allow_exceptions=*/false);
    if (!snap.sink.is_object()) return std::nullopt;
    return snap;
}

OffsetMap merged_offsets(const Snapshot &snap) {
    OffsetMap out;
    for_each_offset(snap, [&](std::string_view p, std::string_view o) {
        out.emplace_hint(out.end(), std::string(p), std::string(o));
    });
    return out;
}

} // namespace inlet::host
