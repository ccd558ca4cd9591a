// The formats that are the bytes a Kafka converter puts in a topic, one record's value per line
// (config/converters.hpp chooses them from key.converter / value.converter):
//   json    JsonConverter with schemas.enable=false: the payload alone
//   string  StringConverter: the value's Java toString() in UTF-8
//   bytes   ByteArrayConverter: a BYTES value as it is
// A tombstone (no value and no value schema) is no bytes at all in Kafka (JsonConverter's and
// ByteArrayConverter's fromConnectData return null, StringConverter's serializes null): here an
// empty line, as the value format writes a null value. A value a converter would refuse
// (ByteArrayConverter and a STRING), or whose toString() depends on a JVM's identity hash, hash
// order or time zone, fails the job with the reason (SinkError) instead of writing a guess.
#include "sink/format.hpp"
#include "sink/format_json.hpp"
#include "sink/sink.hpp"
#include "runtime/record_check.hpp"

#include <cstring>
#include <string>

namespace inlet::host {
namespace {

bool tombstone(const inlet_record &r) { return r.value == nullptr && r.value_schema == nullptr; }

class JsonFormat final : public Format {
public:
    void write(const inlet_record &r, OutBuffer &out) override {
        if (!tombstone(r)) append_json_value(out, r.value, r.value_schema);
        out.push('\n');
    }
};

[[noreturn]] void not_reproducible(const char *what) {
    throw SinkError(std::string("--format string (StringConverter): Kafka would write ") + what +
                    ", which inlet cannot reproduce; choose another value.converter or --format");
}

// Object.toString() of the Java object Kafka Connect holds for `v`.
void append_to_string(OutBuffer &out, const inlet_value *v, const inlet_schema *schema) {
    if (v == nullptr || v->type == INLET_TYPE_NULL) return out.append("null", 4);
    switch (v->type) {
    case INLET_TYPE_INT32:
        if (is_logical(schema, INLET_LOGICAL_DATE) || is_logical(schema, INLET_LOGICAL_TIME))
            not_reproducible("a Date/Time as java.util.Date.toString() (in the JVM's time zone)");
        return append_int(out, v->u.i);
    case INLET_TYPE_INT64:
        if (is_logical(schema, INLET_LOGICAL_TIMESTAMP))
            not_reproducible("a Timestamp as java.util.Date.toString() (in the JVM's time zone)");
        return append_int(out, v->u.i);
    case INLET_TYPE_INT8:
    case INLET_TYPE_INT16: return append_int(out, v->u.i);
    case INLET_TYPE_FLOAT32: return append_java_float(out, float(v->u.f)); // Float.toString
    case INLET_TYPE_FLOAT64: return append_java_double(out, v->u.f);       // Double.toString
    case INLET_TYPE_BOOLEAN: return v->u.b ? out.append("true", 4) : out.append("false", 5);
    case INLET_TYPE_STRING: return out.append(v->u.s.ptr, v->u.s.len);
    case INLET_TYPE_BYTES:
        if (is_logical(schema, INLET_LOGICAL_DECIMAL)) // BigDecimal.toString
            return append_big_decimal(out, {v->u.s.ptr, v->u.s.len}, decimal_scale(schema));
        not_reproducible("BYTES as byte[].toString() ('[B@' and an identity hash; ByteArrayConverter writes the bytes)");
    case INLET_TYPE_ARRAY: // AbstractCollection.toString: "[a, b]"
        out.push('[');
        for (size_t i = 0; i < v->u.seq.count; ++i) {
            if (i) out.append(", ", 2);
            append_to_string(out, &v->u.seq.items[i], schema ? schema->value_schema : nullptr);
        }
        return out.push(']');
    case INLET_TYPE_MAP: // AbstractMap.toString: "{k=v}", in a HashMap's order
        if (v->u.seq.count > 1)
            not_reproducible("a MAP of several entries in java.util.HashMap's order");
        out.push('{');
        if (v->u.seq.count == 1) {
            append_to_string(out, &v->u.seq.items[0], schema ? schema->key_schema : nullptr);
            out.push('=');
            append_to_string(out, &v->u.seq.items[1], schema ? schema->value_schema : nullptr);
        }
        return out.push('}');
    case INLET_TYPE_STRUCT: { // Struct.toString: "Struct{a=1,b=x}", null fields left out
        out.append("Struct{", 7);
        bool first = true;
        for (size_t i = 0; schema && i < v->u.seq.count && i < schema->field_count; ++i) {
            const inlet_value &f = v->u.seq.items[i];
            if (f.type == INLET_TYPE_NULL) continue;
            if (!first) out.push(',');
            first = false;
            const char *name = schema->fields[i].name ? schema->fields[i].name : "";
            out.append(name, std::strlen(name));
            out.push('=');
            append_to_string(out, &f, schema->fields[i].schema);
        }
        return out.push('}');
    }
    default: return out.append("null", 4);
    }
}

class StringFormat final : public Format {
public:
    void write(const inlet_record &r, OutBuffer &out) override {
        if (r.value != nullptr && r.value->type != INLET_TYPE_NULL)
            append_to_string(out, r.value, r.value_schema);
        out.push('\n');
    }
};

class BytesFormat final : public Format {
public:
    void write(const inlet_record &r, OutBuffer &out) override {
        // ByteArrayConverter.fromConnectData: a schema other than BYTES, or a value that is not
        // a byte[], is a DataException.
        if (r.value_schema != nullptr && r.value_schema->type != INLET_TYPE_BYTES)
            throw SinkError(std::string("--format bytes (ByteArrayConverter): the value schema is ") +
                            type_name(r.value_schema->type) + ", not BYTES (Kafka refuses it too)");
        if (r.value != nullptr && r.value->type != INLET_TYPE_NULL) {
            if (r.value->type != INLET_TYPE_BYTES)
                throw SinkError(std::string("--format bytes (ByteArrayConverter): a ") +
                                type_name(r.value->type) + " value, not BYTES (Kafka refuses it too)");
            out.append(r.value->u.s.ptr, r.value->u.s.len);
        }
        out.push('\n');
    }

};

} // namespace

std::unique_ptr<Format> make_json_format() { return std::make_unique<JsonFormat>(); }
std::unique_ptr<Format> make_string_format() { return std::make_unique<StringFormat>(); }
std::unique_ptr<Format> make_bytes_format() { return std::make_unique<BytesFormat>(); }

} // namespace inlet::host
