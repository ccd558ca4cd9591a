// The value format: the record's value alone, as Kafka's Values.convertToString renders it.
//   top level: strings raw, numbers as Java prints them, bytes as base64, a null value as an
//   empty line; inside arrays, maps and structs: strings quoted (only \ and " escaped, as
//   Kafka does), elements comma-separated without spaces, struct fields as "name":value.
//   Date/Time/Timestamp print as ISO-8601 in UTC, picked like Kafka by the millisecond value
//   (< one day: HH:mm:ss.SSSZ; a whole day: yyyy-MM-dd; else yyyy-MM-ddTHH:mm:ss.SSSZ);
//   Decimal as BigDecimal.toString.
#include "sink/format.hpp"
#include "sink/format_json.hpp"

#include <cstdio>
#include <cstring>

namespace inlet::host {
namespace {

constexpr int64_t ms_per_day = 86'400'000;

// Howard Hinnant's civil_from_days.
void civil_from_days(int64_t z, int64_t &y, unsigned &m, unsigned &d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = int64_t(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

void append_date(OutBuffer &out, int64_t ms) {
    int64_t days = ms >= 0 ? ms / ms_per_day : -((-ms + ms_per_day - 1) / ms_per_day);
    int64_t in_day = ms - days * ms_per_day;
    char buf[64];
    int n;
    unsigned hh = unsigned(in_day / 3'600'000), mm = unsigned(in_day / 60'000 % 60),
             ss = unsigned(in_day / 1000 % 60), sss = unsigned(in_day % 1000);
    if (ms < ms_per_day) {
        n = std::snprintf(buf, sizeof buf, "%02u:%02u:%02u.%03uZ", hh, mm, ss, sss);
    } else {
        int64_t y;
        unsigned m, d;
        civil_from_days(days, y, m, d);
        if (ms % ms_per_day == 0)
            n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", (long long)y, m, d);
        else
            n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
                              (long long)y, m, d, hh, mm, ss, sss);
    }
    out.append(buf, size_t(n));
}

void append_kafka_escaped(OutBuffer &out, std::string_view s) {
    out.push('"');
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '"' && s[i] != '\\') continue;
        out.append(s.data() + start, i - start);
        out.push('\\');
        start = i;
    }
    out.append(s.data() + start, s.size() - start);
    out.push('"');
}

void append_text(OutBuffer &out, const inlet_value *v, const inlet_schema *schema, bool embedded) {
    if (v == nullptr || v->type == INLET_TYPE_NULL) {
        if (embedded) out.append("null", 4);
        return;
    }
    switch (v->type) {
    case INLET_TYPE_INT32:
        if (is_logical(schema, INLET_LOGICAL_DATE)) return append_date(out, v->u.i * ms_per_day);
        if (is_logical(schema, INLET_LOGICAL_TIME)) return append_date(out, v->u.i);
        return append_int(out, v->u.i);
    case INLET_TYPE_INT64:
        if (is_logical(schema, INLET_LOGICAL_TIMESTAMP)) return append_date(out, v->u.i);
        return append_int(out, v->u.i);
    case INLET_TYPE_INT8:
    case INLET_TYPE_INT16: return append_int(out, v->u.i);
    case INLET_TYPE_FLOAT32: return append_java_float(out, float(v->u.f));
    case INLET_TYPE_FLOAT64: return append_java_double(out, v->u.f);
    case INLET_TYPE_BOOLEAN: return v->u.b ? out.append("true", 4) : out.append("false", 5);
    case INLET_TYPE_STRING:
        if (embedded) return append_kafka_escaped(out, {v->u.s.ptr, v->u.s.len});
        return out.append(v->u.s.ptr, v->u.s.len);
    case INLET_TYPE_BYTES:
        if (is_logical(schema, INLET_LOGICAL_DECIMAL))
            return append_big_decimal(out, {v->u.s.ptr, v->u.s.len}, decimal_scale(schema));
        if (embedded) out.push('"');
        append_base64(out, {v->u.s.ptr, v->u.s.len});
        if (embedded) out.push('"');
        return;
    case INLET_TYPE_ARRAY:
        out.push('[');
        for (size_t i = 0; i < v->u.seq.count; ++i) {
            if (i) out.push(',');
            append_text(out, &v->u.seq.items[i], schema ? schema->value_schema : nullptr, true);
        }
        return out.push(']');
    case INLET_TYPE_MAP:
        out.push('{');
        for (size_t i = 0; i < v->u.seq.count; ++i) {
            if (i) out.push(',');
            append_text(out, &v->u.seq.items[2 * i], schema ? schema->key_schema : nullptr, true);
            out.push(':');
            append_text(out, &v->u.seq.items[2 * i + 1], schema ? schema->value_schema : nullptr,
                        true);
        }
        return out.push('}');
    case INLET_TYPE_STRUCT:
        out.push('{');
        for (size_t i = 0; schema && i < v->u.seq.count && i < schema->field_count; ++i) {
            if (i) out.push(',');
            const char *name = schema->fields[i].name ? schema->fields[i].name : "";
            append_kafka_escaped(out, name);
            out.push(':');
            append_text(out, &v->u.seq.items[i], schema->fields[i].schema, true);
        }
        return out.push('}');
    default: return;
    }
}

class ValueFormat final : public Format {
public:
    void write(const inlet_record &r, OutBuffer &out) override {
        // The usual record, a string value, is its bytes and the newline: one reservation.
        if (r.value != nullptr && r.value->type == INLET_TYPE_STRING) {
            const size_t n = r.value->u.s.len;
            char *to = out.reserve(n + 1);
            if (n) std::memcpy(to, r.value->u.s.ptr, n);
            to[n] = '\n';
            out.advance(n + 1);
            return;
        }
        append_text(out, r.value, r.value_schema, false);
        out.push('\n');
    }
};

} // namespace

std::unique_ptr<Format> make_value_format() { return std::make_unique<ValueFormat>(); }

// BigDecimal.toString of a big-endian two's-complement unscaled value and a scale.
void append_big_decimal(OutBuffer &out, std::string_view bytes, int32_t scale) {
    if (bytes.empty() || bytes.size() > 16) { // beyond 128 bits: keep the bytes, losslessly
        append_base64(out, bytes);
        return;
    }
    __int128 v = (static_cast<signed char>(bytes[0]) < 0) ? -1 : 0;
    for (unsigned char c : bytes) v = (v << 8) | c;
    bool negative = v < 0;
    unsigned __int128 mag = negative ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;
    char digits[48];
    int n = 0;
    do {
        digits[n++] = char('0' + int(mag % 10));
        mag /= 10;
    } while (mag != 0);
    std::string_view coeff;
    char ordered[48];
    for (int i = 0; i < n; ++i) ordered[i] = digits[n - 1 - i];
    coeff = std::string_view(ordered, size_t(n));
    int64_t adjusted = -int64_t(scale) + (n - 1);
    if (negative) out.push('-');
    if (scale >= 0 && adjusted >= -6) {
        if (scale == 0) return out.append(coeff);
        if (n > scale) {
            out.append(coeff.substr(0, size_t(n - scale)));
            out.push('.');
            return out.append(coeff.substr(size_t(n - scale)));
        }
        out.append("0.", 2);
        for (int i = n; i < scale; ++i) out.push('0');
        return out.append(coeff);
    }
    out.push(coeff[0]);
    if (n > 1) {
        out.push('.');
        out.append(coeff.substr(1));
    }
    out.push('E');
    if (adjusted >= 0) out.push('+');
    append_int(out, adjusted);
}


} // namespace inlet::host
