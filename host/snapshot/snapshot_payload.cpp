#include "snapshot/snapshot_payload.hpp"

#include <charconv>

namespace inlet::host {
namespace {

// nlohmann's escaping: quote, backslash, the short control escapes, other controls as \u00XX;
// every other byte as is.
void append_string(std::string &out, std::string_view s) {
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

template <typename Int> void append_number(std::string &out, Int v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

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

    // A string with the short escapes; \u escapes are left to the general parser.
    bool string(std::string &out) {
        if (!literal("\"")) return false;
        out.clear();
        for (;;) {
            size_t from = i_;
            for (; i_ < s_.size(); ++i_) {
                auto c = static_cast<unsigned char>(s_[i_]);
                if (c == '"' || c == '\\') break;
                // Raw control bytes are invalid JSON, and non-ASCII needs UTF-8 validation:
                // both are left to the general parser, so the two paths accept the same
                // payloads (the snapshot fuzz target found a mismatch).
                if (c < 0x20 || c >= 0x80) return false;
            }
            if (i_ >= s_.size()) return false;
            out.append(s_, from, i_ - from);
            if (s_[i_++] == '"') return true;
            if (i_ >= s_.size()) return false;
            switch (s_[i_++]) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case '/': out.push_back('/'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            default: return false;
            }
        }
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
    for (const auto &[p, o] : snap.offsets) guess += p.size() + o.size() + 16;
    out.reserve(guess);
    out += R"({"created_ms":)";
    append_number(out, snap.created_ms);
    out += R"(,"format":1,"job":)";
    append_string(out, snap.job);
    out += R"(,"offsets":[)";
    bool first = true;
    for (const auto &[p, o] : snap.offsets) {
        out += first ? "[" : ",[";
        first = false;
        append_string(out, p);
        out.push_back(',');
        append_string(out, o);
        out.push_back(']');
    }
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
    std::string p, o;
    if (!in.literal("]")) {
        for (;;) {
            if (!in.literal("[") || !in.string(p) || !in.literal(",") || !in.string(o) ||
                !in.literal("]"))
                return std::nullopt;
            // Written in key order, so the hint makes each insert O(1).
            snap.offsets.emplace_hint(snap.offsets.end(), std::move(p), std::move(o));
            if (in.literal("]")) break;
            if (!in.literal(",")) return std::nullopt;
        }
    }
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

} // namespace inlet::host
