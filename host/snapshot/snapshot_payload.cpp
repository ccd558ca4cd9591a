#include "snapshot/snapshot_payload.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <future>
#include <system_error>

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

// The unescaped text (with a NUL per string) of payload[from, to) is never longer than that
// range, and an entry takes at least 11 bytes (["{}","{}"], the connector's name optional): a builder sized from it never
// moves anything while reading, and the pages reserved but not needed are never touched.
OffsetTable::Builder builder_for(size_t from, size_t to) {
    return OffsetTable::Builder(to - from, (to - from) / 11);
}

enum class Entries { ended, stopped, bad };

// Reads offset entries (["<partition>","<offset>"] separated by commas) into `out`: up to and
// including the array's closing bracket (ended), or up to position `stop_at` if an entry starts
// exactly there (stopped).
Entries read_entries(Reader &in, OffsetTable::Builder &out, size_t stop_at) {
    std::string p, o, c; // reused: no allocation per entry
    for (;;) {
        if (in.at() == stop_at) return Entries::stopped;
        if (!in.literal("[") || !in.string(p) || !in.literal(",") || !in.string(o))
            return Entries::bad;
        c.clear();
        if (in.literal(",") && !in.string(c)) return Entries::bad; // the connector, when recorded
        if (!in.literal("]")) return Entries::bad;
        out.add(p, o, c);
        if (in.literal("]")) return Entries::ended;
        if (!in.literal(",")) return Entries::bad;
    }
}

// A likely start of an entry at or after `from`: the bracket of `"],["` after a quote that no
// backslash escapes. Only a guess (the text could sit inside a string, or past the offsets):
// read_offsets() trusts it only when the reader from the start arrives there on its own.
size_t likely_entry_start(std::string_view s, size_t from) {
    for (size_t i = s.find(R"("],[")", from); i != std::string_view::npos;
         i = s.find(R"("],[")", i + 1)) {
        size_t slashes = 0;
        while (i > slashes && s[i - 1 - slashes] == '\\') ++slashes;
        if (slashes % 2 == 0) return i + 3;
    }
    return std::string_view::npos;
}

// Below this many payload bytes, one thread reads the offsets faster than two can start.
constexpr size_t parallel_from_bytes = 1u << 20;

// The offsets array, `in` just past its opening bracket; `in` ends past its closing bracket.
// A large array is read in two halves at once: its decode stands between a restart and the
// first new record, and the second core has nothing else to do then. The second half's
// reader starts at a likely entry start; its work is used only if the first reader, going
// entry by entry, stops exactly there — so the result is always what one reader would give.
std::optional<OffsetTable::Builder> read_offsets(Reader &in) {
    std::string_view text = in.text();
    size_t from = in.at();
    auto one_reader = [&]() -> std::optional<OffsetTable::Builder> {
        auto all = builder_for(from, text.size());
        if (read_entries(in, all, std::string_view::npos) != Entries::ended) return std::nullopt;
        return all;
    };
    if (in.literal("]")) return builder_for(0, 0);
    if (text.size() - from < parallel_from_bytes) return one_reader();
    size_t split = likely_entry_start(text, from + (text.size() - from) / 2);
    if (split == std::string_view::npos) return one_reader();
    struct Half {
        OffsetTable::Builder offsets;
        Entries how;
        size_t end;
    };
    std::future<Half> second;
    try {
        second = std::async(std::launch::async, [text, split] {
            Reader tail(text);
            tail.seek(split);
            Half h{builder_for(split, text.size()), Entries::bad, 0};
            h.how = read_entries(tail, h.offsets, std::string_view::npos);
            h.end = tail.at();
            return h;
        });
    } catch (const std::system_error &) { // no thread to be had
        return one_reader();
    }
    auto first = builder_for(from, split);
    Entries how = read_entries(in, first, split);
    Half rest = second.get(); // joined in every case: it reads `text`, which the caller owns
    if (how == Entries::bad) return std::nullopt;
    if (how == Entries::stopped) {
        if (rest.how != Entries::ended) return std::nullopt; // what one reader would say too
        first.append(std::move(rest.offsets));
        in.seek(rest.end);
    }
    return first;
}

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
    for_each_owned_offset(snap.restored.get(), snap.offsets, snap.owners,
                          [&](std::string_view p, std::string_view o, std::string_view c) {
        out += first ? "[" : ",[";
        first = false;
        append_string(out, p);
        out.push_back(',');
        append_string(out, o);
        if (!c.empty()) { // the owning connector, when known: a third element
            out.push_back(',');
            append_string(out, c);
        }
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
    auto offsets = read_offsets(in);
    if (!offsets) return std::nullopt;
    snap.restored = std::make_shared<const OffsetTable>(offsets->finish());
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

OffsetMap merged_offsets(const OffsetTable *restored, const OffsetMap &offsets) {
    OffsetMap out;
    for_each_offset(restored, offsets, [&](std::string_view p, std::string_view o) {
        out.emplace_hint(out.end(), std::string(p), std::string(o));
    });
    return out;
}

} // namespace inlet::host
