// The envelope format: every part of the record, one JSON object per line.
#include "sink/format.hpp"
#include "sink/format_json.hpp"

#include <cstring>

namespace inlet::host {
namespace {

class EnvelopeFormat final : public Format {
public:
    void write(const inlet_record &r, OutBuffer &out) override {
        out.append(R"({"topic":)");
        append_json_string(out, r.topic ? r.topic : "");
        // Partition and offset are JSON objects already (checked by the emitter).
        out.append(R"(,"partition":)");
        out.append(r.source_partition, std::strlen(r.source_partition));
        out.append(R"(,"offset":)");
        out.append(r.source_offset, std::strlen(r.source_offset));
        out.append(R"(,"key":)");
        append_json_value(out, r.key, r.key_schema);
        out.append(R"(,"value":)");
        append_json_value(out, r.value, r.value_schema);
        out.append(R"(,"timestamp":)");
        if (r.timestamp_ms == INLET_NO_TIMESTAMP) out.append("null");
        else append_int(out, r.timestamp_ms);
        if (r.kafka_partition != nullptr) {
            out.append(R"(,"kafka_partition":)");
            append_int(out, *r.kafka_partition);
        }
        out.append(R"(,"headers":[)");
        for (size_t i = 0; i < r.header_count; ++i) {
            if (i) out.push(',');
            out.append(R"({"key":)");
            append_json_string(out, r.headers[i].key);
            out.append(R"(,"value":)");
            append_json_value(out, &r.headers[i].value, r.headers[i].schema);
            out.push('}');
        }
        out.append("]}\n");
    }
};

} // namespace

std::unique_ptr<Format> make_envelope_format() { return std::make_unique<EnvelopeFormat>(); }

} // namespace inlet::host
