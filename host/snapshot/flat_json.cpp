#include "snapshot/flat_json.hpp"

#include <algorithm>
#include <array>
#include <new>
#include <utility>

namespace inlet::host {
namespace {

constexpr std::array<bool, 256> make_blank_table() {
    std::array<bool, 256> t{};
    t[' '] = t['\t'] = t['\n'] = t['\r'] = true;
    return t;
}
constexpr auto is_blank = make_blank_table();

// A forward scan over [p, end) through a raw pointer: this runs once per restored partition
// (and per offset a connector reads back), so each byte is looked at once, with no bounds
// bookkeeping beyond the pointer compare.
class Scanner {
public:
    explicit Scanner(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

    void blanks() {
        while (p_ != end_ && is_blank[static_cast<unsigned char>(*p_)]) ++p_;
    }
    bool eat(char c) {
        if (p_ != end_ && *p_ == c) return ++p_, true;
        return false;
    }
    bool at_end() const { return p_ == end_; }

    // A string of printable ASCII without escapes, quotes included.
    bool plain_string(std::string_view &out) {
        const char *from = p_;
        if (!eat('"')) return false;
        for (; p_ != end_; ++p_) {
            auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                out = {from, size_t(p_ - from)};
                return true;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') return false;
        }
        return false;
    }

    // A string, an int64 integer nlohmann would print the same way, true, false or null.
    bool plain_value(std::string_view &out) {
        if (p_ == end_) return false;
        char c = *p_;
        if (c == '"') return plain_string(out);
        if (c == '-' || (c >= '0' && c <= '9')) return integer(out);
        for (std::string_view word : {"true", "false", "null"})
            if (size_t(end_ - p_) >= word.size() && std::string_view(p_, word.size()) == word) {
                out = {p_, word.size()};
                p_ += word.size();
                return true;
            }
        return false;
    }

private:
    bool integer(std::string_view &out) {
        const char *from = p_;
        bool negative = eat('-');
        const char *digits = p_;
        while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
        size_t n = size_t(p_ - digits);
        // 18 digits always fit an int64; "0" alone but no other leading zero; no "-0".
        if (n == 0 || n > 18 || (*digits == '0' && (n > 1 || negative))) return false;
        if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
        out = {from, size_t(p_ - from)};
        return true;
    }

    const char *p_;
    const char *end_;
};

// The fields of a flat object, held inline: partitions and offsets have a handful of fields,
// and this runs once per restored partition and per new partition, where a heap allocation
// was a large part of the cost (so was clearing the slots: they are left uninitialised until
// add() fills them). An object with more fields goes to the general parser.
class Fields {
public:
    struct Field {
        std::string_view key, value; // the key with its quotes; the value as written
    };
    static constexpr size_t capacity = 16;

    Fields() {} // NOLINT: deliberately leaves items_ uninitialised
    bool add(std::string_view key, std::string_view value) {
        if (n_ == capacity) return false;
        new (&items_[n_].field) Field{key, value};
        ++n_;
        return true;
    }
    Field *begin() { return &items_[0].field; }
    Field *end() { return &items_[0].field + n_; }
    size_t size() const { return n_; }
    Field &operator[](size_t k) { return items_[k].field; }

private:
    union Slot {
        Slot() {}
        Field field;
    };
    Slot items_[capacity];
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
            std::string_view key, value;
            in.blanks();
            if (!in.plain_string(key)) return false;
            in.blanks();
            if (!in.eat(':')) return false;
            in.blanks();
            if (!in.plain_value(value)) return false;
            if (!fields.add(key, value)) return false;
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
    for (const auto &f : fields) {
        if (bare(f.key) != key) continue;
        if (found) return std::nullopt; // a duplicate key: the general parser decides
        found = f.value;
    }
    return found.value_or(std::string_view());
}

bool canonical_flat_object(std::string_view json, std::string &out) {
    Fields fields;
    if (!parse_flat(json, fields)) return false;

    // Keys are kept with their quotes; they sort without them (bytewise, as std::map does).
    // Insertion sort: there are a handful of fields, usually already in order.
    for (size_t k = 1; k < fields.size(); ++k)
        for (size_t j = k; j > 0 && bare(fields[j].key) < bare(fields[j - 1].key); --j)
            std::swap(fields[j], fields[j - 1]);
    size_t bytes = 2;
    for (size_t k = 0; k < fields.size(); ++k) {
        if (k > 0 && fields[k].key == fields[k - 1].key) return false; // duplicate key
        bytes += fields[k].key.size() + fields[k].value.size() + 2;
    }
    out.resize(bytes);
    char *w = out.data();
    *w++ = '{';
    for (size_t k = 0; k < fields.size(); ++k) {
        if (k > 0) *w++ = ',';
        w = std::copy(fields[k].key.begin(), fields[k].key.end(), w);
        *w++ = ':';
        w = std::copy(fields[k].value.begin(), fields[k].value.end(), w);
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
