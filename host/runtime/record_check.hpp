// Full validation of one inlet_record against the contract (connector.h): the partition and
// offset are JSON objects, the key/value/headers match their schemas recursively (struct field
// counts, map pairs, integer widths, logical types' base types), strings are UTF-8, sizes stay
// within limits.
//
// It is called on every record at the plugin boundary, so it never allocates and never throws:
// a rejection is described into a fixed buffer together with the path of the offending part
// ("value.address.items[3]: INT8 value 300 out of range").
#pragma once

#include <inlet/connector.h>

#include <cstddef>

namespace inlet::host {

struct RecordLimits {
    size_t max_depth = 32;                     // nesting of schemas/values (cycles end here)
    size_t max_json_bytes = 64 * 1024;         // partition and offset text each
    size_t max_payload_bytes = 64 * 1024 * 1024; // strings + bytes + scalars of one record
    size_t max_headers = 1024;
    bool check_utf8 = true; // STRING contents and JSON text must be valid UTF-8
};

// Why a record was rejected; fixed storage so that checking never allocates.
struct RecordFault {
    char text[320] = {};
};

// Facts learnt while checking, useful to whoever copies the record next.
struct RecordFacts {
    size_t payload_bytes = 0; // bytes of strings/bytes plus 8 per scalar, over key/value/headers
};

// True when `rec` is well formed; otherwise fills `fault` (when non-null) and returns false.
bool check_record(const inlet_record *rec, const RecordLimits &limits, RecordFault *fault,
                  RecordFacts *facts = nullptr) noexcept;

// A schema on its own (as referenced by a record): types, composite members, logical types.
bool check_schema(const inlet_schema *schema, const RecordLimits &limits,
                  RecordFault *fault) noexcept;

// True when `text` is a complete JSON object of at most max_bytes bytes. On false, *why (when
// non-null) points at a static description.
bool is_json_object(const char *text, size_t max_bytes, const char **why) noexcept;

// Kafka's rule for topic names: 1..249 of [a-zA-Z0-9._-], not "." or "..".
bool is_valid_topic(const char *topic) noexcept;

// The name of a value/schema type ("INT32"), or "?" for an out-of-range value.
const char *type_name(inlet_type type) noexcept;

} // namespace inlet::host
