// How a record becomes one line of output. Each format appends straight into the sink's
// OutBuffer, ending with '\n'. Formats run on the sink stage thread only.
//   envelope      {"topic":…,"partition":{…},"offset":{…},"key":…,"value":…,"timestamp":…,
//                 "headers":[{"key":…,"value":…}]} — values as schemaless JSON (format_json.hpp)
//   value         the value alone as text, like Kafka's Values.convertToString
//   connect-json  Kafka's JsonConverter with schemas: {"schema":{…},"payload":…}
//   json, string, bytes  what JsonConverter (schemas.enable=false), StringConverter and
//                 ByteArrayConverter put in a topic (format_converters.cpp)
// A tombstone (no value, no value schema) is an empty line in every format but envelope
// (where it is "value":null): Kafka's converters give no bytes for it.
#pragma once

#include "config/job_spec.hpp"
#include "sink/out_buffer.hpp"

#include <inlet/connector.h>

#include <memory>

namespace inlet::host {

class Format {
public:
    virtual ~Format() = default;
    // Sink::schemas_from: the ABI minor of the plugin the next records come from.
    virtual void schemas_from(uint32_t /*abi_minor*/) {}
    virtual void write(const inlet_record &rec, OutBuffer &out) = 0;
};

std::unique_ptr<Format> make_format(OutputFormat format);

} // namespace inlet::host
