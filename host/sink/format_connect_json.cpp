// The connect-json format: Kafka's JsonConverter with schemas.enable=true, one record's value
// per line: {"schema":<schema>,"payload":<value>}. The schema object uses Kafka's exact field
// names and order: type, then items | keys, values | fields (each field's schema with "field"
// last), then optional, name, version, doc, parameters, default (JsonConverter.asJsonSchema; the
// default converted like a payload value, convertToJson). Schemas are static for the life of a
// task, so each one is rendered once and its text cached by address. A schema's default_value
// (ABI 1.2) is read only from plugins built against 1.2 or later: older schemas end before it.
#include "sink/format.hpp"
#include "sink/format_json.hpp"

#include <cstring>
#include <string>
#include <unordered_map>

namespace inlet::host {
namespace {

const char *kafka_type(inlet_type t) {
    switch (t) {
    case INLET_TYPE_INT8: return "int8";
    case INLET_TYPE_INT16: return "int16";
    case INLET_TYPE_INT32: return "int32";
    case INLET_TYPE_INT64: return "int64";
    case INLET_TYPE_FLOAT32: return "float";
    case INLET_TYPE_FLOAT64: return "double";
    case INLET_TYPE_BOOLEAN: return "boolean";
    case INLET_TYPE_STRING: return "string";
    case INLET_TYPE_BYTES: return "bytes";
    case INLET_TYPE_ARRAY: return "array";
    case INLET_TYPE_MAP: return "map";
    case INLET_TYPE_STRUCT: return "struct";
    default: return "null";
    }
}

void append_schema(OutBuffer &out, const inlet_schema &s, const char *field_name, size_t depth,
                   bool has_defaults) {
    out.append(R"({"type":")");
    out.append(kafka_type(s.type));
    out.push('"');
    if (depth < 64) {
        if (s.type == INLET_TYPE_ARRAY && s.value_schema) {
            out.append(R"(,"items":)");
            append_schema(out, *s.value_schema, nullptr, depth + 1, has_defaults);
        } else if (s.type == INLET_TYPE_MAP && s.key_schema && s.value_schema) {
            out.append(R"(,"keys":)");
            append_schema(out, *s.key_schema, nullptr, depth + 1, has_defaults);
            out.append(R"(,"values":)");
            append_schema(out, *s.value_schema, nullptr, depth + 1, has_defaults);
        } else if (s.type == INLET_TYPE_STRUCT) {
            out.append(R"(,"fields":[)");
            for (size_t i = 0; i < s.field_count; ++i) {
                if (i) out.push(',');
                if (s.fields[i].schema) append_schema(out, *s.fields[i].schema, s.fields[i].name ? s.fields[i].name : "", depth + 1, has_defaults);
            }
            out.push(']');
        }
    }
    out.append(s.optional ? R"(,"optional":true)" : R"(,"optional":false)");
    if (s.name) {
        out.append(R"(,"name":)");
        append_json_string(out, s.name);
    }
    if (s.version != 0) {
        out.append(R"(,"version":)");
        append_int(out, s.version);
    }
    if (s.doc) {
        out.append(R"(,"doc":)");
        append_json_string(out, s.doc);
    }
    if (s.parameters_json) {
        out.append(R"(,"parameters":)");
        out.append(s.parameters_json);
    }
    if (has_defaults && s.default_value != nullptr) {
        out.append(R"(,"default":)");
        append_json_value(out, s.default_value, &s);
    }
    if (field_name) {
        out.append(R"(,"field":)");
        append_json_string(out, field_name);
    }
    out.push('}');
}

class ConnectJsonFormat final : public Format {
public:
    void schemas_from(uint32_t abi_minor) override { has_defaults_ = abi_minor >= 2; }
    void write(const inlet_record &r, OutBuffer &out) override {
        // A tombstone: JsonConverter.fromConnectData returns null (no bytes) when both the
        // schema and the value are null; a line-per-record sink writes an empty line.
        if (r.value == nullptr && r.value_schema == nullptr) return out.push('\n');
        out.append(R"({"schema":)");
        if (r.value_schema == nullptr) out.append("null");
        else out.append(schema_text(r.value_schema));
        out.append(R"(,"payload":)");
        append_json_value(out, r.value, r.value_schema);
        out.append("}\n");
    }

private:
    const std::string &schema_text(const inlet_schema *s) {
        auto it = cache_.find(s);
        if (it != cache_.end()) return it->second;
        OutBuffer tmp(256);
        append_schema(tmp, *s, nullptr, 0, has_defaults_);
        return cache_.emplace(s, std::string(tmp.view())).first->second;
    }
    std::unordered_map<const inlet_schema *, std::string> cache_;
    bool has_defaults_ = true;
};

} // namespace

std::unique_ptr<Format> make_connect_json_format() { return std::make_unique<ConnectJsonFormat>(); }

} // namespace inlet::host
