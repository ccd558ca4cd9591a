#include "snapshot/flat_json.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace inlet::host {
namespace {

class Scanner {
public:
    explicit Scanner(std::string_view s) : s_(s) {}

    void blanks() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
            ++i_;
    }
    bool eat(char c) {
        if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
        return false;
    }
    bool at_end() const { return i_ == s_.size(); }

    // A string of printable ASCII without escapes, quotes included.
    std::optional<std::string_view> plain_string() {
        size_t from = i_;
        if (!eat('"')) return std::nullopt;
        for (; i_ < s_.size(); ++i_) {
            char c = s_[i_];
            if (c == '"') return s_.substr(from, ++i_ - from);
            if (c < 0x20 || c > 0x7e || c == '\\') return std::nullopt;
        }
        return std::nullopt;
    }

    // A string, an int64 integer nlohmann would print the same way, true, false or null.
    std::optional<std::string_view> plain_value() {
        if (i_ >= s_.size()) return std::nullopt;
        char c = s_[i_];
        if (c == '"') return plain_string();
        if (c == '-' || (c >= '0' && c <= '9')) return integer();
        for (std::string_view word : {"true", "false", "null"})
            if (s_.substr(i_, word.size()) == word) {
                i_ += word.size();
                return word;
            }
        return std::nullopt;
    }

private:
    std::optional<std::string_view> integer() {
        size_t from = i_;
        bool negative = eat('-');
        size_t digits = i_;
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
        size_t n = i_ - digits;
        // 18 digits always fit an int64; "0" alone but no other leading zero; no "-0".
        if (n == 0 || n > 18 || (s_[digits] == '0' && (n > 1 || negative))) return std::nullopt;
        if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E')) return std::nullopt;
        return s_.substr(from, i_ - from);
    }

    std::string_view s_;
    size_t i_ = 0;
};

// The fields of a flat object, held inline: partitions and offsets have a handful of fields,
// and this runs once per restored partition and per new partition, where a heap allocation
// was a large part of the cost. An object with more fields goes to the general parser.
class Fields {
public:
    using Field = std::pair<std::string_view, std::string_view>;
    static constexpr size_t capacity = 16;

    bool add(std::string_view key, std::string_view value) {
        if (n_ == capacity) return false;
        items_[n_++] = {key, value};
        return true;
    }
    Field *begin() { return items_.data(); }
    Field *end() { return items_.data() + n_; }
    size_t size() const { return n_; }
    const Field &operator[](size_t k) const { return items_[k]; }

private:
    std::array<Field, capacity> items_;
    size_t n_ = 0;
};

// Splits a flat object into (quoted key, value text) pairs, in the order written.
bool parse_flat(std::string_view json, Fields &fields) {
    Scanner in(json);
    in.blanks();
    if (!in.eat('{')) return false;
    in.blanks();
    if (!in.eat('}')) {
        for (;;) {
            in.blanks();
            auto key = in.plain_string();
            if (!key) return false;
            in.blanks();
            if (!in.eat(':')) return false;
            in.blanks();
            auto value = in.plain_value();
            if (!value) return false;
            if (!fields.add(*key, *value)) return false;
            in.blanks();
            if (in.eat('}')) break;
            if (!in.eat(',')) return false;
        }
    }
    in.blanks();
    return in.at_end();
}

std::string_view bare(std::string_view quoted) { return quoted.substr(1, quoted.size() - 2); }

} // namespace

std::optional<std::string_view> flat_object_field(std::string_view json, std::string_view key) {
    Fields fields;
    if (!parse_flat(json, fields)) return std::nullopt;
    std::optional<std::string_view> found;
    for (const auto &[k, v] : fields) {
        if (bare(k) != key) continue;
        if (found) return std::nullopt; // a duplicate key: the general parser decides
        found = v;
    }
    return found.value_or(std::string_view());
}

bool canonical_flat_object(std::string_view json, std::string &out) {
    Fields fields;
    if (!parse_flat(json, fields)) return false;

    // Keys are kept with their quotes; they sort without them (bytewise, as std::map does).
    // Insertion sort: there are a handful of fields, usually already in order.
    for (size_t k = 1; k < fields.size(); ++k)
        for (size_t j = k; j > 0 && bare(fields[j].first) < bare(fields[j - 1].first); --j)
            std::swap(*(fields.begin() + j), *(fields.begin() + j - 1));
    size_t bytes = 2;
    for (size_t k = 0; k < fields.size(); ++k) {
        if (k > 0 && fields[k].first == fields[k - 1].first) return false; // duplicate key
        bytes += fields[k].first.size() + fields[k].second.size() + 2;
    }
    out.resize(bytes);
    char *w = out.data();
    *w++ = '{';
    for (size_t k = 0; k < fields.size(); ++k) {
        if (k > 0) *w++ = ',';
        w = std::copy(fields[k].first.begin(), fields[k].first.end(), w);
        *w++ = ':';
        w = std::copy(fields[k].second.begin(), fields[k].second.end(), w);
    }
    *w++ = '}';
    out.resize(size_t(w - out.data()));
    return true;
}

std::optional<std::string> canonical_flat_object(std::string_view json) {
    std::string out;
    if (!canonical_flat_object(json, out)) return std::nullopt;
    return out;
}

} // namespace inlet::host
