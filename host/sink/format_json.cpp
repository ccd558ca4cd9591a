#include "sink/format_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace inlet::host {
namespace {

// 0: copy as is; otherwise the character after the backslash ('u' for \u00XX).
constexpr auto escape_table = [] {
    struct T { char v[256]; } t{};
    for (int c = 0; c < 0x20; ++c) t.v[c] = 'u';
    t.v['\b'] = 'b';
    t.v['\f'] = 'f';
    t.v['\n'] = 'n';
    t.v['\r'] = 'r';
    t.v['\t'] = 't';
    t.v['"'] = '"';
    t.v['\\'] = '\\';
    return t;
}();

// The length of the prefix of `s` that surely needs no escaping (the caller's byte loop takes it
// from there). Wide steps: 16 bytes per compare with SSE2 (every x86-64 has it), else 8 with the
// classic bit tricks for "has a byte below n" and "has a byte equal to c", which never miss such
// a byte (a false yes only ends the wide steps early).
size_t plain_prefix(std::string_view s) {
    size_t i = 0;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                  control_max = _mm_set1_epi8(0x1f);
    for (; i + 16 <= s.size(); i += 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s.data() + i));
        __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max); // v <= 0x1f
        __m128i hit = _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                         _mm_cmpeq_epi8(v, backslash)));
        if (_mm_movemask_epi8(hit) != 0) break;
    }
#endif
    constexpr uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    auto zero_byte = [&](uint64_t v) { return (v - ones) & ~v & highs; };
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if (((w - 0x20 * ones) & ~w & highs) | zero_byte(w ^ ('"' * ones)) |
            zero_byte(w ^ ('\\' * ones)))
            break;
    }
    return i;
}

// Lays out decimal digits d1d2d3… × 10^exp10 (the first digit's power) the way Java does.
void append_java_layout(OutBuffer &out, bool negative, std::string_view digits, int exp10) {
    if (negative) out.push('-');
    if (exp10 >= -3 && exp10 < 7) {
        if (exp10 >= 0) {
            size_t int_len = size_t(exp10) + 1;
            if (digits.size() <= int_len) {
                out.append(digits);
                for (size_t i = digits.size(); i < int_len; ++i) out.push('0');
                out.append(".0", 2);
            } else {
                out.append(digits.substr(0, int_len));
                out.push('.');
                out.append(digits.substr(int_len));
            }
        } else {
            out.append("0.", 2);
            for (int i = -1; i > exp10; --i) out.push('0');
            out.append(digits);
        }
        return;
    }
    out.push(digits[0]);
    out.push('.');
    if (digits.size() > 1) out.append(digits.substr(1));
    else out.push('0');
    out.push('E');
    append_int(out, exp10);
}

template <class F> void append_java_floating(OutBuffer &out, F v) {
    if (std::isnan(v)) return out.append("NaN", 3);
    if (std::isinf(v)) return v > 0 ? out.append("Infinity", 8) : out.append("-Infinity", 9);
    if (v == 0) return std::signbit(v) ? out.append("-0.0", 4) : out.append("0.0", 3);
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view text(buf, size_t(r.ptr - buf)); // "-1.2345e+06"
    bool negative = text[0] == '-';
    if (negative) text.remove_prefix(1);
    size_t e = text.find('e');
    char digits[40];
    size_t n = 0;
    for (char c : text.substr(0, e))
        if (c != '.') digits[n++] = c;
    while (n > 1 && digits[n - 1] == '0') --n;
    int exp10 = std::atoi(std::string(text.substr(e + 1)).c_str());
    append_java_layout(out, negative, std::string_view(digits, n), exp10);
}

bool map_as_object(const inlet_value &v, const inlet_schema *schema) {
    if (schema != nullptr && schema->key_schema != nullptr)
        return schema->key_schema->type == INLET_TYPE_STRING;
    for (size_t i = 0; i < v.u.seq.count; ++i)
        if (v.u.seq.items[2 * i].type != INLET_TYPE_STRING) return false;
    return true;
}

} // namespace

void append_json_string(OutBuffer &out, std::string_view s) {
    char *p = out.reserve(s.size() + 2);
    // Fast path: nothing to escape (the usual case) is one scan and one copy.
    size_t i = plain_prefix(s);
    while (i < s.size() && escape_table.v[static_cast<unsigned char>(s[i])] == 0) ++i;
    if (i == s.size()) {
        p[0] = '"';
        std::memcpy(p + 1, s.data(), s.size());
        p[s.size() + 1] = '"';
        out.advance(s.size() + 2);
        return;
    }
    out.push('"');
    size_t start = 0;
    for (; i < s.size(); ++i) {
        char esc = escape_table.v[static_cast<unsigned char>(s[i])];
        if (esc == 0) continue;
        out.append(s.data() + start, i - start);
        if (esc == 'u') {
            static const char hex[] = "0123456789ABCDEF"; // Jackson's CharTypes.HC
            char u[6] = {'\\', 'u', '0', '0', hex[(s[i] >> 4) & 0xF], hex[s[i] & 0xF]};
            out.append(u, 6);
        } else {
            char two[2] = {'\\', esc};
            out.append(two, 2);
        }
        start = i + 1;
    }
    out.append(s.data() + start, s.size() - start);
    out.push('"');
}

void append_base64(OutBuffer &out, std::string_view bytes) {
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto *b = reinterpret_cast<const unsigned char *>(bytes.data());
    size_t n = bytes.size();
    char *p = out.reserve((n + 2) / 3 * 4);
    char *start = p;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = uint32_t(b[i]) << 16 | uint32_t(b[i + 1]) << 8 | b[i + 2];
        *p++ = alphabet[v >> 18];
        *p++ = alphabet[(v >> 12) & 63];
        *p++ = alphabet[(v >> 6) & 63];
        *p++ = alphabet[v & 63];
    }
    if (i < n) {
        uint32_t v = uint32_t(b[i]) << 16 | (i + 1 < n ? uint32_t(b[i + 1]) << 8 : 0);
        *p++ = alphabet[v >> 18];
        *p++ = alphabet[(v >> 12) & 63];
        *p++ = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
        *p++ = '=';
    }
    out.advance(size_t(p - start));
}

void append_int(OutBuffer &out, int64_t v) {
    char *p = out.reserve(24);
    auto r = std::to_chars(p, p + 24, v);
    out.advance(size_t(r.ptr - p));
}

void append_java_double(OutBuffer &out, double v) { append_java_floating(out, v); }
void append_java_float(OutBuffer &out, float v) { append_java_floating(out, v); }

bool is_logical(const inlet_schema *schema, const char *name) {
    return schema != nullptr && schema->name != nullptr && std::strcmp(schema->name, name) == 0;
}

int32_t decimal_scale(const inlet_schema *schema) {
    if (schema == nullptr || schema->parameters_json == nullptr) return 0;
    const char *p = std::strstr(schema->parameters_json, "\"scale\"");
    if (p == nullptr) return 0;
    p += 7;
    while (*p == ' ' || *p == ':' || *p == '"') ++p;
    return int32_t(std::strtol(p, nullptr, 10));
}

void append_json_value(OutBuffer &out, const inlet_value *v, const inlet_schema *schema) {
    if (v == nullptr || v->type == INLET_TYPE_NULL) return out.append("null", 4);
    switch (v->type) {
    case INLET_TYPE_INT8:
    case INLET_TYPE_INT16:
    case INLET_TYPE_INT32:
    case INLET_TYPE_INT64: return append_int(out, v->u.i);
    case INLET_TYPE_FLOAT32:
    case INLET_TYPE_FLOAT64:
        // JSON has no NaN or infinities: Jackson (QUOTE_NON_NUMERIC_NUMBERS, on by default)
        // writes them as the strings "NaN", "Infinity", "-Infinity".
        if (!std::isfinite(v->u.f)) {
            out.push('"');
            append_java_double(out, v->u.f);
            return out.push('"');
        }
        return v->type == INLET_TYPE_FLOAT32 ? append_java_float(out, float(v->u.f))
                                             : append_java_double(out, v->u.f);
    case INLET_TYPE_BOOLEAN: return v->u.b ? out.append("true", 4) : out.append("false", 5);
    case INLET_TYPE_STRING: return append_json_string(out, {v->u.s.ptr, v->u.s.len});
    case INLET_TYPE_BYTES:
        out.push('"');
        append_base64(out, {v->u.s.ptr, v->u.s.len});
        return out.push('"');
    case INLET_TYPE_ARRAY: {
        const inlet_schema *items = schema ? schema->value_schema : nullptr;
        out.push('[');
        for (size_t i = 0; i < v->u.seq.count; ++i) {
            if (i) out.push(',');
            append_json_value(out, &v->u.seq.items[i], items);
        }
        return out.push(']');
    }
    case INLET_TYPE_MAP: {
        const inlet_schema *ks = schema ? schema->key_schema : nullptr;
        const inlet_schema *vs = schema ? schema->value_schema : nullptr;
        bool object = map_as_object(*v, schema);
        out.push(object ? '{' : '[');
        for (size_t i = 0; i < v->u.seq.count; ++i) {
            if (i) out.push(',');
            const inlet_value &k = v->u.seq.items[2 * i];
            const inlet_value &val = v->u.seq.items[2 * i + 1];
            if (object) {
                append_json_string(out, {k.u.s.ptr, k.u.s.len});
                out.push(':');
                append_json_value(out, &val, vs);
            } else {
                out.push('[');
                append_json_value(out, &k, ks);
                out.push(',');
                append_json_value(out, &val, vs);
                out.push(']');
            }
        }
        return out.push(object ? '}' : ']');
    }
    case INLET_TYPE_STRUCT: {
        if (schema == nullptr) return out.append("null", 4); // only a map() stage can do this
        out.push('{');
        for (size_t i = 0; i < v->u.seq.count && i < schema->field_count; ++i) {
            if (i) out.push(',');
            const inlet_field &f = schema->fields[i];
            append_json_string(out, f.name ? f.name : "");
            out.push(':');
            append_json_value(out, &v->u.seq.items[i], f.schema);
        }
        return out.push('}');
    }
    default: return out.append("null", 4);
    }
}

} // namespace inlet::host
