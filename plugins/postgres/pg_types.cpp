#include "pg_types.hpp"

#include "pg_time.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace inlet_pg {

// ---- Pools ----------------------------------------------------------------------------------

const char *SchemaPool::keep(const std::string &s) {
    if (s.empty()) return nullptr;
    return strings_.emplace_back(s).c_str();
}

const inlet_schema *SchemaPool::make(inlet_type t, bool optional, const std::string &name, int32_t version,
                                     const std::string &params, const inlet_schema *items, const std::string &doc) {
    inlet_schema s{};
    s.type = t;
    s.optional = optional ? 1 : 0;
    s.name = keep(name);
    s.version = version;
    s.doc = keep(doc);
    s.parameters_json = keep(params);
    s.value_schema = items;
    return &schemas_.emplace_back(s);
}

const inlet_schema *SchemaPool::structure(const std::string &name,
                                          const std::vector<std::pair<std::string, const inlet_schema *>> &fields,
                                          bool optional, int32_t version, const std::string &doc) {
    auto &fv = fields_.emplace_back();
    for (const auto &[n, s] : fields) fv.push_back({keep(n), s});
    inlet_schema s{};
    s.type = INLET_TYPE_STRUCT;
    s.optional = optional ? 1 : 0;
    s.name = keep(name);
    s.version = version;
    s.doc = keep(doc);
    s.fields = fv.data();
    s.field_count = fv.size();
    return &schemas_.emplace_back(s);
}

std::string &ValueArena::string() {
    if (strings_used_ == strings_.size()) strings_.emplace_back();
    auto &s = strings_[strings_used_++];
    s.clear();
    return s;
}

std::span<inlet_value> ValueArena::seq(size_t n) {
    constexpr size_t block_values = 256; // a record of a few wide tables
    while (block_ < blocks_.size() && used_ + n > blocks_[block_].size()) {
        ++block_;
        used_ = 0;
    }
    if (block_ == blocks_.size()) blocks_.emplace_back(std::max(n, block_values));
    inlet_value *p = blocks_[block_].data() + used_;
    used_ += n;
    return {p, n}; // not cleared: every caller sets each value whole (str, i64, convert, ...)
}

// ---- Mapping --------------------------------------------------------------------------------

namespace oid {
enum : uint32_t {
    bool_ = 16, bytea = 17, char_ = 18, name = 19, int8 = 20, int2 = 21, int4 = 23, text = 25, oid_ = 26,
    json = 114, float4 = 700, float8 = 701, bpchar = 1042, varchar = 1043, date = 1082, time = 1083,
    timestamp = 1114, timestamptz = 1184, numeric = 1700, uuid = 2950, jsonb = 3802,
};
} // namespace oid

namespace {

// The element type of an array type, or 0.
uint32_t element_of(uint32_t array_oid) {
    switch (array_oid) {
    case 1000: return oid::bool_;
    case 1001: return oid::bytea;
    case 1005: return oid::int2;
    case 1007: return oid::int4;
    case 1009: return oid::text;
    case 1014: return oid::bpchar;
    case 1015: return oid::varchar;
    case 1016: return oid::int8;
    case 1021: return oid::float4;
    case 1022: return oid::float8;
    case 1115: return oid::timestamp;
    case 1182: return oid::date;
    case 1183: return oid::time;
    case 1185: return oid::timestamptz;
    case 1231: return oid::numeric;
    case 2951: return oid::uuid;
    case 199: return oid::json;
    case 3807: return oid::jsonb;
    default: return 0;
    }
}

ColumnMapping scalar(uint32_t t, int32_t typmod, bool opt, const Options &o, SchemaPool &pool) {
    ColumnMapping m;
    const bool adaptive = o.time_mode == TimeMode::adaptive;
    const int precision = typmod < 0 ? 6 : typmod; // time/timestamp: the typmod is the precision
    auto set = [&](Kind k, inlet_type it, const std::string &name = {}, int32_t version = 0,
                   const std::string &params = {}) {
        m.kind = k;
        m.schema = pool.make(it, opt, name, version, params);
    };
    switch (t) {
    case oid::bool_: set(Kind::boolean, INLET_TYPE_BOOLEAN); break;
    case oid::int2: set(Kind::int16, INLET_TYPE_INT16); break;
    case oid::int4: set(Kind::int32, INLET_TYPE_INT32); break;
    case oid::int8:
    case oid::oid_: set(Kind::int64, INLET_TYPE_INT64); break;
    case oid::float4: set(Kind::float32, INLET_TYPE_FLOAT32); break;
    case oid::float8: set(Kind::float64, INLET_TYPE_FLOAT64); break;
    case oid::bytea: set(Kind::bytea, INLET_TYPE_BYTES); break;
    case oid::uuid: set(Kind::text, INLET_TYPE_STRING, "io.debezium.data.Uuid", 1); break;
    case oid::json:
    case oid::jsonb: set(Kind::text, INLET_TYPE_STRING, "io.debezium.data.Json", 1); break;
    case oid::numeric:
        if (o.decimal_mode == DecimalMode::dbl) {
            set(Kind::decimal_double, INLET_TYPE_FLOAT64);
        } else if (o.decimal_mode == DecimalMode::string) {
            set(Kind::decimal_string, INLET_TYPE_STRING);
        } else if (typmod >= 4) {
            // numeric's typmod is ((precision << 16) | scale) + VARHDRSZ.
            const int p = ((typmod - 4) >> 16) & 0xffff, s = (typmod - 4) & 0xffff;
            m.scale = s;
            set(Kind::decimal, INLET_TYPE_BYTES, INLET_LOGICAL_DECIMAL, 1,
                "{\"scale\":\"" + std::to_string(s) + "\",\"connect.decimal.precision\":\"" + std::to_string(p) + "\"}");
        } else {
            m.kind = Kind::var_decimal;
            m.schema = pool.structure("io.debezium.data.VariableScaleDecimal",
                                      {{"scale", pool.make(INLET_TYPE_INT32, false)},
                                       {"value", pool.make(INLET_TYPE_BYTES, false)}},
                                      opt, 1, "Variable scaled decimal");
        }
        break;
    case oid::date:
        set(Kind::date, INLET_TYPE_INT32, adaptive ? "io.debezium.time.Date" : INLET_LOGICAL_DATE, 1);
        break;
    case oid::time:
        if (!adaptive) set(Kind::time_ms, INLET_TYPE_INT32, INLET_LOGICAL_TIME, 1);
        else if (precision <= 3) set(Kind::time_ms, INLET_TYPE_INT32, "io.debezium.time.Time", 1);
        else set(Kind::time_us, INLET_TYPE_INT64, "io.debezium.time.MicroTime", 1);
        break;
    case oid::timestamp:
        if (!adaptive) set(Kind::timestamp_ms, INLET_TYPE_INT64, INLET_LOGICAL_TIMESTAMP, 1);
        else if (precision <= 3) set(Kind::timestamp_ms, INLET_TYPE_INT64, "io.debezium.time.Timestamp", 1);
        else set(Kind::timestamp_us, INLET_TYPE_INT64, "io.debezium.time.MicroTimestamp", 1);
        break;
    case oid::timestamptz: set(Kind::zoned_timestamp, INLET_TYPE_STRING, "io.debezium.time.ZonedTimestamp", 1); break;
    default:
        // text, varchar, char, name, and every type not mapped above: the server's text form.
        set(Kind::text, INLET_TYPE_STRING);
        break;
    }
    return m;
}

} // namespace

ColumnMapping map_column(uint32_t t, int32_t typmod, bool optional, const Options &o, SchemaPool &pool) {
    if (uint32_t e = element_of(t)) {
        ColumnMapping el = scalar(e, typmod, true, o, pool); // Debezium's array items are optional
        ColumnMapping m;
        m.kind = Kind::array;
        m.element = el.kind;
        m.scale = el.scale;
        m.element_schema = el.schema;
        m.schema = pool.make(INLET_TYPE_ARRAY, optional, {}, 0, {}, el.schema);
        return m;
    }
    return scalar(t, typmod, optional, o, pool);
}

// ---- Conversion -----------------------------------------------------------------------------

namespace {

double to_double(std::string_view s) {
    // Like strtod in the C locale, case-insensitive NaN and Infinity included (the server writes
    // NaN, Infinity, -Infinity), but on the view: no copy to terminate it.
    double d = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec != std::errc() || p != s.data() + s.size()) bad("a number", s);
    return d;
}

void bytea_from_hex(std::string_view s, std::string &out) {
    if (s.size() < 2 || s[0] != '\\' || s[1] != 'x' || s.size() % 2) bad("bytea (hex)", s);
    auto nib = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        bad("bytea (hex)", s);
    };
    out.resize((s.size() - 2) / 2);
    for (size_t i = 2, j = 0; i < s.size(); i += 2, ++j) out[j] = static_cast<char>(nib(s[i]) << 4 | nib(s[i + 1]));
}

void set_string(inlet_value &out, inlet_type t, std::string_view s) {
    out.type = t;
    out.u.s.ptr = s.data();
    out.u.s.len = s.size();
}

// Splits a one-dimensional array literal {a,"b c",NULL} into items (false: NULL). An item is a
// view into `s`, or into an arena string when its quotes held escapes.
void array_items(std::string_view s, ValueArena &arena, std::vector<std::pair<bool, std::string_view>> &items) {
    items.clear();
    if (s.size() < 2 || s.front() != '{' || s.back() != '}') bad("an array", s);
    s = s.substr(1, s.size() - 2);
    if (s.empty()) return;
    size_t i = 0;
    while (i <= s.size()) {
        std::string_view item;
        bool quoted = false;
        if (i < s.size() && s[i] == '{') bad("a one-dimensional array", s);
        if (i < s.size() && s[i] == '"') {
            quoted = true;
            const size_t from = ++i;
            while (i < s.size() && s[i] != '"' && s[i] != '\\') ++i;
            if (i < s.size() && s[i] == '\\') { // escapes: unescape into the arena
                auto &buf = arena.string();
                buf.assign(s.substr(from, i - from));
                while (i < s.size() && s[i] != '"') {
                    if (s[i] == '\\' && i + 1 < s.size()) ++i;
                    buf.push_back(s[i++]);
                }
                item = buf;
            } else {
                item = s.substr(from, i - from);
            }
            ++i; // closing quote
        } else {
            const size_t from = i;
            while (i < s.size() && s[i] != ',') ++i;
            item = s.substr(from, i - from);
        }
        items.emplace_back(quoted || item != "NULL", item);
        if (i >= s.size()) break;
        if (s[i] != ',') bad("an array", s);
        ++i;
    }
}

} // namespace

namespace {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

// numeric(p <= 38, s), the usual case: the unscaled value fits an __int128, so no allocation
// and one multiply per digit. False when it does not fit or looks odd (the general path decides).
bool unscaled_small(std::string_view t, int scale, int *scale_out, std::string &out) {
    bool neg = false;
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
        neg = t[0] == '-';
        t.remove_prefix(1);
    }
    const size_t dot = t.find('.');
    const std::string_view whole = t.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? std::string_view() : t.substr(dot + 1);
    if (scale < 0) scale = static_cast<int>(frac.size());
    if (frac.size() > static_cast<size_t>(scale)) frac = frac.substr(0, static_cast<size_t>(scale));
    const size_t digits = whole.size() + static_cast<size_t>(scale);
    if (digits > 38) return false; // 10^38 < 2^127
    // The bytes of BigInteger.toByteArray(): the fewest that hold the value in two's complement,
    // big-endian, written in place (the arena string keeps its capacity).
    auto put = [&](auto value, size_t width) { // value: signed, width: its size in bytes
        size_t n = 1;
        while (n < width && (value >> (8 * n - 1) != 0 && value >> (8 * n - 1) != -1)) ++n;
        out.resize(n);
        for (size_t i = 0; i < n; ++i) out[n - 1 - i] = static_cast<char>(static_cast<unsigned char>(value >> (8 * i)));
    };
    // The digits of whole and frac as one integer, scaled; false on a non-digit.
    auto read = [&](auto &v) {
        for (std::string_view part : {whole, frac})
            for (char c : part) {
                const unsigned d = static_cast<unsigned char>(c) - '0';
                if (d > 9) return false;
                v = v * 10 + d;
            }
        for (size_t i = frac.size(); i < static_cast<size_t>(scale); ++i) v *= 10;
        return true;
    };
    if (digits <= 18) { // numeric(18, s) and smaller, the usual money and quantities: 64 bits
        int64_t v = 0;
        if (!read(v)) return false;
        put(neg ? -v : v, 8);
    } else {
        u128 v = 0;
        if (!read(v)) return false;
        put(neg ? -static_cast<i128>(v) : static_cast<i128>(v), 16);
    }
    if (scale_out) *scale_out = scale;
    return true;
}

} // namespace

void unscaled_into(std::string_view t, int scale, int *scale_out, std::string &out) {
    if (!unscaled_small(t, scale, scale_out, out)) out = unscaled_bytes(t, scale, scale_out);
}

std::string unscaled_bytes(std::string_view t, int scale, int *scale_out) {
    bool neg = false;
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
        neg = t[0] == '-';
        t.remove_prefix(1);
    }
    const size_t dot = t.find('.');
    std::string digits(t.substr(0, dot));
    std::string frac = dot == std::string_view::npos ? std::string() : std::string(t.substr(dot + 1));
    if (scale < 0) scale = static_cast<int>(frac.size()); // variable scale: as written
    if (static_cast<int>(frac.size()) > scale) frac.resize(static_cast<size_t>(scale));
    frac.append(static_cast<size_t>(scale) - frac.size(), '0');
    digits += frac;
    if (scale_out) *scale_out = scale;
    // Magnitude, little-endian base 256.
    std::vector<uint8_t> mag;
    for (char c : digits) {
        if (c < '0' || c > '9') bad("numeric", t);
        unsigned carry = static_cast<unsigned>(c - '0');
        for (auto &b : mag) {
            const unsigned v = b * 10u + carry;
            b = static_cast<uint8_t>(v & 0xff);
            carry = v >> 8;
        }
        while (carry) {
            mag.push_back(static_cast<uint8_t>(carry & 0xff));
            carry >>= 8;
        }
    }
    mag.push_back(0); // room for the sign bit
    if (neg) {
        unsigned carry = 1;
        for (auto &b : mag) {
            const unsigned v = static_cast<uint8_t>(~b) + carry;
            b = static_cast<uint8_t>(v & 0xff);
            carry = v >> 8;
        }
    }
    // Minimal two's complement, big-endian (BigInteger.toByteArray).
    while (mag.size() > 1) {
        const uint8_t top = mag.back(), next = mag[mag.size() - 2];
        if ((top == 0 && !(next & 0x80)) || (top == 0xff && (next & 0x80))) mag.pop_back();
        else break;
    }
    return std::string(mag.rbegin(), mag.rend());
}

namespace {

// Inlined into convert: a call per column costs as much as the cheaper conversions.
[[gnu::always_inline]] inline void convert_scalar(Kind k, int scale, std::string_view text, ValueArena &arena,
                                                  const inlet_schema *schema, inlet_value &out) {
    out = inlet_value{};
    switch (k) {
    case Kind::boolean:
        out.type = INLET_TYPE_BOOLEAN;
        out.u.b = text == "t" || text == "true";
        return;
    case Kind::int16: out.type = INLET_TYPE_INT16; out.u.i = to_int(text, "smallint"); return;
    case Kind::int32: out.type = INLET_TYPE_INT32; out.u.i = to_int(text, "integer"); return;
    case Kind::int64: out.type = INLET_TYPE_INT64; out.u.i = to_int(text, "bigint"); return;
    case Kind::float32: out.type = INLET_TYPE_FLOAT32; out.u.f = static_cast<float>(to_double(text)); return;
    case Kind::float64:
    case Kind::decimal_double: out.type = INLET_TYPE_FLOAT64; out.u.f = to_double(text); return;
    case Kind::text:
    case Kind::decimal_string: set_string(out, INLET_TYPE_STRING, text); return; // no copy (see convert)
    case Kind::bytea: {
        auto &s = arena.string();
        bytea_from_hex(text, s);
        set_string(out, INLET_TYPE_BYTES, s);
        return;
    }
    case Kind::decimal: {
        if (text == "NaN") {
            if (!schema->optional) bad("a precise decimal (NaN has no Decimal form; use decimal.handling.mode=double or string)", text);
            out.type = INLET_TYPE_NULL;
            return;
        }
        auto &s = arena.string();
        unscaled_into(text, scale, nullptr, s);
        set_string(out, INLET_TYPE_BYTES, s);
        return;
    }
    case Kind::var_decimal: {
        if (text == "NaN") {
            if (!schema->optional) bad("a precise decimal (NaN)", text);
            out.type = INLET_TYPE_NULL;
            return;
        }
        auto &s = arena.string();
        int sc = 0;
        unscaled_into(text, -1, &sc, s);
        auto f = arena.seq(2);
        f[0].type = INLET_TYPE_INT32;
        f[0].u.i = sc;
        set_string(f[1], INLET_TYPE_BYTES, s);
        out.type = INLET_TYPE_STRUCT;
        out.u.seq.items = f.data();
        out.u.seq.count = 2;
        return;
    }
    case Kind::date: {
        out.type = INLET_TYPE_INT32;
        if (text == "infinity" || text == "-infinity") out.u.i = text[0] == '-' ? INT32_MIN : INT32_MAX;
        else out.u.i = date_days(text);
        return;
    }
    case Kind::time_ms: out.type = INLET_TYPE_INT32; out.u.i = parse_time_us(text, "time") / 1000; return;
    case Kind::time_us: out.type = INLET_TYPE_INT64; out.u.i = parse_time_us(text, "time"); return;
    case Kind::timestamp_ms:
    case Kind::timestamp_us: {
        bool inf = false;
        const int64_t us = timestamp_us(text, "timestamp", &inf);
        out.type = INLET_TYPE_INT64;
        out.u.i = inf ? us : (k == Kind::timestamp_ms ? floor_div(us, 1000) : us);
        return;
    }
    case Kind::zoned_timestamp: {
        auto &s = arena.string();
        zoned(text, s);
        set_string(out, INLET_TYPE_STRING, s);
        return;
    }
    case Kind::array: break;
    }
    bad("a value", text);
}

} // namespace

namespace {
[[gnu::noinline]] void convert_array(const ColumnMapping &m, std::string_view text, ValueArena &arena, inlet_value &out) {
    thread_local std::vector<std::pair<bool, std::string_view>> items;
    array_items(text, arena, items);
    auto vals = arena.seq(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].first) vals[i] = inlet_value{}; // INLET_TYPE_NULL
        else convert_scalar(m.element, m.scale, items[i].second, arena, m.element_schema, vals[i]);
    }
    out = inlet_value{};
    out.type = INLET_TYPE_ARRAY;
    out.u.seq.items = vals.data();
    out.u.seq.count = vals.size();
}
} // namespace

void convert(const ColumnMapping &m, std::string_view text, ValueArena &arena, inlet_value &out) {
    if (m.kind == Kind::array) return convert_array(m, text, arena, out);
    convert_scalar(m.kind, m.scale, text, arena, m.schema, out);
}

void unavailable(const ColumnMapping &m, ValueArena &arena, inlet_value &out) {
    out = inlet_value{};
    const inlet_type t = m.schema->type;
    if (t == INLET_TYPE_STRING || t == INLET_TYPE_BYTES) {
        set_string(out, t, unavailable_placeholder);
    } else if (t == INLET_TYPE_ARRAY && m.element_schema->type == INLET_TYPE_STRING) {
        auto v = arena.seq(1);
        set_string(v[0], INLET_TYPE_STRING, unavailable_placeholder);
        out.type = INLET_TYPE_ARRAY;
        out.u.seq.items = v.data();
        out.u.seq.count = 1;
    } else if (m.schema->optional) {
        out.type = INLET_TYPE_NULL;
    } else {
        zero(m, arena, out);
    }
}

void zero(const ColumnMapping &m, ValueArena &arena, inlet_value &out) {
    static constexpr std::string_view zero_byte("\0", 1);
    out = inlet_value{};
    out.type = m.schema->type;
    switch (m.schema->type) {
    case INLET_TYPE_STRING:
    case INLET_TYPE_BYTES:
        // A Decimal's zero is one zero byte (BigInteger.ZERO.toByteArray()); else empty.
        set_string(out, m.schema->type, m.kind == Kind::decimal ? zero_byte : std::string_view());
        break;
    case INLET_TYPE_STRUCT: { // VariableScaleDecimal 0
        auto f = arena.seq(2);
        f[0] = inlet_value{}; // scale 0 (arena values come uncleared)
        f[0].type = INLET_TYPE_INT32;
        set_string(f[1], INLET_TYPE_BYTES, zero_byte);
        out.u.seq.items = f.data();
        out.u.seq.count = 2;
        break;
    }
    case INLET_TYPE_ARRAY: out.u.seq.count = 0; break;
    default: break; // numbers and booleans: the union is already zero
    }
}

} // namespace inlet_pg
