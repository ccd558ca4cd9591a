#include "runtime/record_check.hpp"

#include <cctype>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace inlet::host {
namespace {

// ---- UTF-8 and JSON text ------------------------------------------------------------------

bool continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The sequence at p (left > 0 bytes, p[0] >= 0x80), judged as Java's UTF-8 decoder judges it:
// either a well-formed character of `len` bytes, or `len` ill-formed bytes that Java turns into
// one U+FFFD. That is Unicode's "maximal subpart" practice (a lead byte with the right
// continuations so far is one unit; anything else is one byte at a time), except that Java takes
// a complete encoded surrogate (ED A0..BF 80..BF) as one unit where Unicode takes three.
struct Seq {
    size_t len;
    bool valid;
};
Seq utf8_step(const unsigned char *p, size_t left) {
    unsigned c = p[0];
    if (c >= 0xC2 && c <= 0xDF) return left >= 2 && continuation(p[1]) ? Seq{2, true} : Seq{1, false};
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
        if (left < 2 || p[1] < lo || p[1] > 0xBF) return {1, false};
        if (left < 3 || !continuation(p[2])) return {2, false};
        return {3, !(c == 0xED && p[1] >= 0xA0)}; // ED A0..BF: a surrogate
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned lo = c == 0xF0 ? 0x90 : 0x80;  // F0 80..8F would be overlong
        unsigned hi = c == 0xF4 ? 0x8F : 0xBF;  // F4 90.. is past U+10FFFF
        if (left < 2 || p[1] < lo || p[1] > hi) return {1, false};
        if (left < 3 || !continuation(p[2])) return {2, false};
        if (left < 4 || !continuation(p[3])) return {3, false};
        return {4, true};
    }
    return {1, false}; // 80..C1 (a stray continuation or an overlong lead), F5..FF
}

// Length of the run of ASCII bytes at p. With SSE2 (every x86-64 has it) 64 bytes a step (one
// movemask of four OR-ed loads), then 16, and the last bytes by one load overlapping the bytes
// before them; else 8 with a word test. Valid text costs a fraction of the copy it precedes.
[[gnu::always_inline]] inline size_t ascii_run(const unsigned char *p, size_t len) {
    size_t i = 0;
#ifdef __SSE2__
    auto load = [p](size_t at) { return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + at)); };
    for (; i + 64 <= len; i += 64) {
        __m128i any = _mm_or_si128(_mm_or_si128(load(i), load(i + 16)),
                                   _mm_or_si128(load(i + 32), load(i + 48)));
        if (_mm_movemask_epi8(any) != 0) break;
    }
    for (; i + 16 <= len; i += 16)
        if (int high = _mm_movemask_epi8(load(i)); high != 0)
            return i + size_t(__builtin_ctz(unsigned(high)));
    if (len >= 16 && i < len) {
        // Bits (16 - left)..15 of the mask are the bytes i..len-1.
        const unsigned left = unsigned(len - i);
        const unsigned high = unsigned(_mm_movemask_epi8(load(len - 16))) >> (16 - left);
        return high != 0 ? i + size_t(__builtin_ctz(high)) : len;
    }
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        if ((w & 0x8080808080808080u) != 0) break;
    }
    while (i < len && p[i] < 0x80) ++i;
    return i;
}

// Walks s from `from` (a sequence boundary), handing each well-formed run to keep(begin, n)
// and each ill-formed unit to replace().
template <class Keep, class Replace>
void utf8_walk(const unsigned char *p, size_t len, size_t from, Keep keep, Replace replace) {
    size_t run = from, i = from;
    while (i < len) {
        i += ascii_run(p + i, len - i);
        if (i == len) break;
        Seq q = utf8_step(p + i, len - i);
        if (!q.valid) {
            keep(run, i - run);
            replace();
            run = i + q.len;
        }
        i += q.len;
    }
    keep(run, len - run);
}

constexpr char replacement_char[] = "\xEF\xBF\xBD"; // U+FFFD

bool valid_utf8(const char *s, size_t len) { return utf8_valid_prefix(s, len) == len; }

// A recursive-descent JSON recogniser over NUL-terminated text: it only answers "is this
// JSON", so it needs no allocation.
class JsonScan {
public:
    JsonScan(const char *p, size_t depth_left) : p_(p), depth_left_(depth_left) {}
    const char *why = nullptr;

    bool document_is_object() {
        ws();
        if (*p_ != '{') return fail("not a JSON object");
        if (!value()) return false;
        ws();
        if (*p_ != '\0') return fail("trailing characters after the JSON object");
        return true;
    }

private:
    const char *p_;
    size_t depth_left_;

    bool fail(const char *w) {
        if (why == nullptr) why = w;
        return false;
    }
    void ws() {
        while (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r') ++p_;
    }
    bool literal(const char *word) {
        size_t n = std::strlen(word);
        if (std::strncmp(p_, word, n) != 0) return fail("invalid JSON literal");
        p_ += n;
        return true;
    }
    static bool digit(char c) { return c >= '0' && c <= '9'; }
    bool number() {
        if (*p_ == '-') ++p_;
        if (*p_ == '0') ++p_;
        else if (digit(*p_)) while (digit(*p_)) ++p_;
        else return fail("invalid JSON number");
        if (*p_ == '.') {
            ++p_;
            if (!digit(*p_)) return fail("invalid JSON number");
            while (digit(*p_)) ++p_;
        }
        if (*p_ == 'e' || *p_ == 'E') {
            ++p_;
            if (*p_ == '+' || *p_ == '-') ++p_;
            if (!digit(*p_)) return fail("invalid JSON number");
            while (digit(*p_)) ++p_;
        }
        return true;
    }
    bool string() {
        ++p_; // opening quote
        for (;;) {
            auto c = static_cast<unsigned char>(*p_);
            if (c == '\0') return fail("unterminated JSON string");
            if (c == '"') { ++p_; return true; }
            if (c < 0x20) return fail("control character inside a JSON string");
            if (c == '\\') {
                ++p_;
                char e = *p_;
                if (e == 'u') {
                    for (int i = 1; i <= 4; ++i)
                        if (!std::isxdigit(static_cast<unsigned char>(p_[i])))
                            return fail("invalid \\u escape in a JSON string");
                    p_ += 5;
                } else if (std::strchr("\"\\/bfnrt", e) != nullptr && e != '\0') {
                    ++p_;
                } else {
                    return fail("invalid escape in a JSON string");
                }
                continue;
            }
            if (c < 0x80) { ++p_; continue; }
            Seq q = utf8_step(reinterpret_cast<const unsigned char *>(p_), std::strlen(p_));
            if (!q.valid) return fail("invalid UTF-8 inside a JSON string");
            p_ += q.len;
        }
    }
    bool value() {
        ws();
        switch (*p_) {
        case '{': return composite('{', '}', true);
        case '[': return composite('[', ']', false);
        case '"': return string();
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default: return number();
        }
    }
    bool composite(char open, char close, bool object) {
        (void)open;
        if (depth_left_ == 0) return fail("JSON nested too deeply");
        --depth_left_;
        ++p_;
        ws();
        if (*p_ == close) { ++p_; ++depth_left_; return true; }
        for (;;) {
            if (object) {
                ws();
                if (*p_ != '"') return fail("expected a string key in a JSON object");
                if (!string()) return false;
                ws();
                if (*p_ != ':') return fail("expected ':' in a JSON object");
                ++p_;
            }
            if (!value()) return false;
            ws();
            if (*p_ == ',') { ++p_; continue; }
            if (*p_ == close) { ++p_; ++depth_left_; return true; }
            return fail(object ? "expected ',' or '}' in a JSON object"
                               : "expected ',' or ']' in a JSON array");
        }
    }
};

// ---- Paths into a record, formatted only when something is wrong --------------------------

struct Segment {
    const char *name; // a field name, "key"/"value" of a map entry, or nullptr
    size_t index;
    bool indexed;
};

class Walk {
public:
    Walk(const RecordLimits &limits, RecordFault *fault) : limits_(limits), fault_(fault) {}

    size_t payload = 0;
    size_t replacements = 0; // U+FFFD the boundary puts in place of ill-formed UTF-8

    bool push(const char *name, size_t index, bool indexed) {
        if (depth_ >= limits_.max_depth || depth_ >= max_segments)
            return fail("nested deeper than %zu levels (a cyclic schema?)", limits_.max_depth);
        path_[depth_++] = Segment{name, index, indexed};
        return true;
    }
    void pop() { --depth_; }
    const RecordLimits &limits() const { return limits_; }

#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    bool fail(const char *fmt, ...) {
        if (fault_ == nullptr) return false;
        char *out = fault_->text;
        size_t cap = sizeof fault_->text;
        size_t used = 0;
        for (size_t i = 0; i < depth_ && used < cap; ++i) {
            const Segment &s = path_[i];
            int n;
            if (s.indexed && s.name != nullptr)
                n = std::snprintf(out + used, cap - used, "%s%s[%zu]", i ? "." : "", s.name, s.index);
            else if (s.indexed)
                n = std::snprintf(out + used, cap - used, "[%zu]", s.index);
            else
                n = std::snprintf(out + used, cap - used, "%s%s", i ? "." : "", s.name);
            if (n < 0) break;
            used += static_cast<size_t>(n);
        }
        if (used < cap && depth_ > 0) {
            int n = std::snprintf(out + used, cap - used, ": ");
            if (n > 0) used += static_cast<size_t>(n);
        }
        if (used < cap) {
            va_list ap;
            va_start(ap, fmt);
            std::vsnprintf(out + used, cap - used, fmt, ap);
            va_end(ap);
        }
        return false;
    }

private:
    static constexpr size_t max_segments = 64;
    const RecordLimits &limits_;
    RecordFault *fault_;
    Segment path_[max_segments] = {};
    size_t depth_ = 0;
};

bool is_logical(const inlet_schema *s, const char *logical) {
    return s->name != nullptr && std::strcmp(s->name, logical) == 0;
}

bool known_type(inlet_type t) { return t >= INLET_TYPE_NULL && t <= INLET_TYPE_STRUCT; }

// ---- Schemas ------------------------------------------------------------------------------

bool schema_ok(Walk &w, const inlet_schema *s) {
    if (!known_type(s->type) || s->type == INLET_TYPE_NULL)
        return w.fail("schema type %d is not a schema type", static_cast<int>(s->type));
    if (s->parameters_json != nullptr) {
        const char *why = nullptr;
        if (!is_json_object(s->parameters_json, w.limits().max_json_bytes, &why))
            return w.fail("schema parameters_json: %s", why);
    }
    struct Logical {
        const char *name;
        inlet_type base;
    };
    static constexpr Logical logicals[] = {{INLET_LOGICAL_DECIMAL, INLET_TYPE_BYTES},
                                           {INLET_LOGICAL_DATE, INLET_TYPE_INT32},
                                           {INLET_LOGICAL_TIME, INLET_TYPE_INT32},
                                           {INLET_LOGICAL_TIMESTAMP, INLET_TYPE_INT64}};
    for (const auto &l : logicals) {
        if (!is_logical(s, l.name)) continue;
        if (s->type != l.base)
            return w.fail("logical type %s must have base type %s, not %s", l.name,
                          type_name(l.base), type_name(s->type));
        if (l.base == INLET_TYPE_BYTES &&
            (s->parameters_json == nullptr || std::strstr(s->parameters_json, "\"scale\"") == nullptr))
            return w.fail("logical type %s needs parameters_json with a \"scale\"", l.name);
    }
    switch (s->type) {
    case INLET_TYPE_ARRAY:
        if (s->value_schema == nullptr) return w.fail("ARRAY schema without value_schema");
        if (!w.push("items", 0, false)) return false;
        if (!schema_ok(w, s->value_schema)) return false;
        w.pop();
        return true;
    case INLET_TYPE_MAP:
        if (s->key_schema == nullptr || s->value_schema == nullptr)
            return w.fail("MAP schema needs both key_schema and value_schema");
        if (!w.push("keys", 0, false) || !schema_ok(w, s->key_schema)) return false;
        w.pop();
        if (!w.push("values", 0, false) || !schema_ok(w, s->value_schema)) return false;
        w.pop();
        return true;
    case INLET_TYPE_STRUCT:
        if (s->field_count > 0 && s->fields == nullptr)
            return w.fail("STRUCT schema with %zu fields but fields is NULL", s->field_count);
        for (size_t i = 0; i < s->field_count; ++i) {
            const inlet_field &f = s->fields[i];
            if (f.name == nullptr || f.name[0] == '\0')
                return w.fail("STRUCT field %zu has no name", i);
            for (size_t j = 0; j < i; ++j)
                if (std::strcmp(s->fields[j].name, f.name) == 0)
                    return w.fail("STRUCT field name '%s' appears twice", f.name);
            if (!w.push(f.name, 0, false)) return false;
            if (f.schema == nullptr) return w.fail("field has no schema");
            if (!schema_ok(w, f.schema)) return false;
            w.pop();
        }
        return true;
    default: return true;
    }
}

// ---- Values -------------------------------------------------------------------------------

bool value_ok(Walk &w, const inlet_schema *s, const inlet_value *v);

bool items_ok(Walk &w, const inlet_value *items, size_t n, const char *what) {
    if (n > 0 && items == nullptr) return w.fail("%s with %zu items but items is NULL", what, n);
    return true;
}

bool value_ok(Walk &w, const inlet_schema *s, const inlet_value *v) {
    if (!known_type(v->type)) return w.fail("value type %d is not a type", static_cast<int>(v->type));
    if (v->type == INLET_TYPE_NULL) {
        if (s != nullptr && !s->optional)
            return w.fail("null value for a required (non-optional) %s schema", type_name(s->type));
        return true;
    }
    if (s != nullptr && s->type != v->type)
        return w.fail("%s value does not match its %s schema", type_name(v->type),
                      type_name(s->type));
    switch (v->type) {
    case INLET_TYPE_INT8:
    case INLET_TYPE_INT16:
    case INLET_TYPE_INT32:
    case INLET_TYPE_INT64:
        if (!int_in_range(v->type, v->u.i))
            return w.fail("%s value %lld out of range", type_name(v->type),
                          static_cast<long long>(v->u.i));
        if (s != nullptr && is_logical(s, INLET_LOGICAL_TIME) &&
            (v->u.i < 0 || v->u.i >= 86400000))
            return w.fail("Time value %lld is not a millisecond of the day",
                          static_cast<long long>(v->u.i));
        w.payload += 8;
        return true;
    case INLET_TYPE_FLOAT32:
    case INLET_TYPE_FLOAT64:
    case INLET_TYPE_BOOLEAN: w.payload += 8; return true;
    case INLET_TYPE_STRING:
    case INLET_TYPE_BYTES:
        if (v->u.s.len > 0 && v->u.s.ptr == nullptr)
            return w.fail("%s of %zu bytes but ptr is NULL", type_name(v->type), v->u.s.len);
        if (v->u.s.len > w.limits().max_payload_bytes)
            return w.fail("%s of %zu bytes is over the record limit", type_name(v->type), v->u.s.len);
        if (v->type == INLET_TYPE_STRING && !valid_utf8(v->u.s.ptr, v->u.s.len))
            w.replacements += utf8_repaired_size(v->u.s.ptr, v->u.s.len).replacements;
        w.payload += v->u.s.len;
        return true;
    case INLET_TYPE_ARRAY: {
        if (!items_ok(w, v->u.seq.items, v->u.seq.count, "ARRAY")) return false;
        const inlet_schema *elem = s ? s->value_schema : nullptr;
        for (size_t i = 0; i < v->u.seq.count; ++i) {
            if (!w.push(nullptr, i, true) || !value_ok(w, elem, &v->u.seq.items[i])) return false;
            w.pop();
        }
        return true;
    }
    case INLET_TYPE_MAP: {
        if (v->u.seq.count > SIZE_MAX / 2) return w.fail("MAP pair count overflows");
        if (!items_ok(w, v->u.seq.items, v->u.seq.count * 2, "MAP")) return false;
        for (size_t i = 0; i < v->u.seq.count; ++i) {
            if (!w.push("key", i, true) ||
                !value_ok(w, s ? s->key_schema : nullptr, &v->u.seq.items[2 * i]))
                return false;
            w.pop();
            if (!w.push("value", i, true) ||
                !value_ok(w, s ? s->value_schema : nullptr, &v->u.seq.items[2 * i + 1]))
                return false;
            w.pop();
        }
        return true;
    }
    case INLET_TYPE_STRUCT:
        if (s == nullptr) return w.fail("STRUCT value without a schema (its field names are unknown)");
        if (v->u.seq.count != s->field_count)
            return w.fail("STRUCT value has %zu fields, its schema %zu", v->u.seq.count,
                          s->field_count);
        if (!items_ok(w, v->u.seq.items, v->u.seq.count, "STRUCT")) return false;
        for (size_t i = 0; i < v->u.seq.count; ++i) {
            if (!w.push(s->fields[i].name, 0, false) ||
                !value_ok(w, s->fields[i].schema, &v->u.seq.items[i]))
                return false;
            w.pop();
        }
        return true;
    default: return w.fail("unhandled value type %d", static_cast<int>(v->type));
    }
}

// A key, value or header: schema (if any) first, then the value against it.
bool part_ok(Walk &w, const char *name, size_t index, bool indexed, const inlet_schema *s,
             const inlet_value *v) {
    if (!w.push(name, index, indexed)) return false;
    if (s != nullptr && !schema_ok(w, s)) return false;
    if (v == nullptr) {
        if (s != nullptr && !s->optional)
            return w.fail("absent (null) but its %s schema is not optional", type_name(s->type));
    } else if (!value_ok(w, s, v)) {
        return false;
    }
    w.pop();
    return true;
}

bool json_field_ok(Walk &w, const char *name, const char *text) {
    if (text == nullptr) return w.fail("%s is NULL (every record needs one)", name);
    const char *why = nullptr;
    if (!is_json_object(text, w.limits().max_json_bytes, &why)) {
        char head[48];
        std::snprintf(head, sizeof head, "%s", text);
        return w.fail("%s is not a JSON object (%s): %s%s", name, why, head,
                      std::strlen(text) >= sizeof head ? "..." : "");
    }
    return true;
}

} // namespace

bool int_in_range(inlet_type t, int64_t v) noexcept {
    switch (t) {
    case INLET_TYPE_INT8: return v >= INT8_MIN && v <= INT8_MAX;
    case INLET_TYPE_INT16: return v >= INT16_MIN && v <= INT16_MAX;
    case INLET_TYPE_INT32: return v >= INT32_MIN && v <= INT32_MAX;
    default: return true;
    }
}

const char *type_name(inlet_type type) noexcept {
    static constexpr const char *names[] = {"NULL",    "INT8",    "INT16",   "INT32", "INT64",
                                            "FLOAT32", "FLOAT64", "BOOLEAN", "STRING", "BYTES",
                                            "ARRAY",   "MAP",     "STRUCT"};
    if (type < INLET_TYPE_NULL || type > INLET_TYPE_STRUCT) return "?";
    return names[type];
}

bool is_json_object(const char *text, size_t max_bytes, const char **why) noexcept {
    auto said = [&](const char *w) {
        if (why != nullptr) *why = w;
        return false;
    };
    if (text == nullptr) return said("NULL");
    if (strnlen(text, max_bytes + 1) > max_bytes) return said("longer than the limit");
    JsonScan scan(text, 64);
    if (!scan.document_is_object()) return said(scan.why);
    return true;
}

bool is_valid_topic(const char *topic) noexcept {
    if (topic == nullptr) return false;
    size_t n = 0;
    for (const char *p = topic; *p != '\0'; ++p, ++n) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok || n >= 249) return false;
    }
    return n > 0 && std::strcmp(topic, ".") != 0 && std::strcmp(topic, "..") != 0;
}

bool check_schema(const inlet_schema *schema, const RecordLimits &limits,
                  RecordFault *fault) noexcept {
    Walk w(limits, fault);
    if (schema == nullptr) return w.fail("schema is NULL");
    return schema_ok(w, schema);
}

bool check_record(const inlet_record *rec, const RecordLimits &limits, RecordFault *fault,
                  RecordFacts *facts) noexcept {
    Walk w(limits, fault);
    if (rec == nullptr) return w.fail("record is NULL");
    if (rec->struct_size < offsetof(inlet_record, header_count) + sizeof(rec->header_count))
        return w.fail("struct_size %u is smaller than a v1.0 inlet_record (%zu)",
                      rec->struct_size, sizeof(inlet_record));
    if (rec->topic != nullptr && !is_valid_topic(rec->topic))
        return w.fail("topic '%.64s' is not a valid Kafka topic name ([a-zA-Z0-9._-], 1..249)",
                      rec->topic);
    if (!json_field_ok(w, "source_partition", rec->source_partition)) return false;
    if (!json_field_ok(w, "source_offset", rec->source_offset)) return false;
    if (rec->timestamp_ms != INLET_NO_TIMESTAMP && rec->timestamp_ms < 0)
        return w.fail("timestamp_ms %lld is negative (use INLET_NO_TIMESTAMP for none)",
                      static_cast<long long>(rec->timestamp_ms));
    if (rec->key_schema != nullptr || rec->key != nullptr)
        if (!part_ok(w, "key", 0, false, rec->key_schema, rec->key)) return false;
    if (!part_ok(w, "value", 0, false, rec->value_schema, rec->value)) return false;
    if (rec->header_count > 0 && rec->headers == nullptr)
        return w.fail("header_count is %zu but headers is NULL", rec->header_count);
    if (rec->header_count > limits.max_headers)
        return w.fail("%zu headers, over the limit of %zu", rec->header_count, limits.max_headers);
    for (size_t i = 0; i < rec->header_count; ++i) {
        const inlet_header &h = rec->headers[i];
        if (h.key == nullptr) {
            w.push("headers", i, true);
            return w.fail("header key is NULL");
        }
        if (size_t n = std::strlen(h.key); !valid_utf8(h.key, n))
            w.replacements += utf8_repaired_size(h.key, n).replacements;
        if (!part_ok(w, "headers", i, true, h.schema, &h.value)) return false;
    }
    if (w.payload > limits.max_payload_bytes)
        return w.fail("record payload of %zu bytes is over the limit of %zu", w.payload,
                      limits.max_payload_bytes);
    if (facts != nullptr) {
        facts->payload_bytes = w.payload;
        facts->utf8_replacements = w.replacements;
    }
    return true;
}

size_t utf8_valid_prefix(const char *s, size_t len) noexcept {
    const auto *p = reinterpret_cast<const unsigned char *>(s);
    size_t i = 0;
    for (;;) {
        i += ascii_run(p + i, len - i);
        if (i == len) return len;
        Seq q = utf8_step(p + i, len - i);
        if (!q.valid) return i;
        i += q.len;
    }
}

Utf8Repair utf8_repaired_size(const char *s, size_t len, size_t from) noexcept {
    Utf8Repair r{from, 0};
    utf8_walk(
        reinterpret_cast<const unsigned char *>(s), len, from, [&](size_t, size_t n) { r.size += n; },
        [&] {
            r.size += 3;
            ++r.replacements;
        });
    return r;
}

size_t utf8_repair(char *dst, const char *s, size_t len, size_t from) noexcept {
    std::memcpy(dst, s, from);
    char *out = dst + from;
    utf8_walk(
        reinterpret_cast<const unsigned char *>(s), len, from,
        [&](size_t begin, size_t n) {
            std::memcpy(out, s + begin, n);
            out += n;
        },
        [&] {
            std::memcpy(out, replacement_char, 3);
            out += 3;
        });
    return size_t(out - dst);
}

} // namespace inlet::host
