// The rules a record must meet at the plugin boundary (connector.h), in one place: the partition
// and offset are JSON objects, the key/value/headers match their schemas recursively (struct
// field counts, map pairs, integer widths, logical types' base types), sizes stay within
// limits, and text is UTF-8 -- where a STRING or a header key is not, each ill-formed sequence
// becomes U+FFFD exactly as Java's UTF-8 decoder does (the one Kafka's FileStreamSourceTask
// reads with), never a rejection.
//
// check_record walks a whole record without copying it: `inlet check` (check/harness.cpp)
// judges every record a plugin emits with it. `inlet run` copies each record into a batch
// (engine/emitter.cpp) and applies the same rules from here during that one copy
// (int_in_range, type_name, is_valid_topic, the UTF-8 functions) instead of walking twice.
// Nothing here allocates or throws: a rejection is described into a fixed buffer together with
// the path of the offending part ("value.address.items[3]: INT8 value 300 out of range").
#pragma once

#include <inlet/connector.h>

#include <cstddef>
#include <cstdint>

namespace inlet::host {

struct RecordLimits {
    size_t max_depth = 32;                     // nesting of schemas/values (cycles end here)
    size_t max_json_bytes = 64 * 1024;         // partition and offset text each
    size_t max_payload_bytes = 64 * 1024 * 1024; // strings + bytes + scalars of one record
    size_t max_headers = 1024;
};

// Why a record was rejected; fixed storage so that checking never allocates.
struct RecordFault {
    char text[320] = {};
};

// Facts learnt while checking, useful to whoever copies the record next.
struct RecordFacts {
    size_t payload_bytes = 0; // bytes of strings/bytes plus 8 per scalar, over key/value/headers
    size_t utf8_replacements = 0; // U+FFFD the boundary puts into STRINGs and header keys
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

// True when an integer of type `type` (INT8..INT64) holds `v` without overflow.
bool int_in_range(inlet_type type, int64_t v) noexcept;

// ---- UTF-8 at the boundary ----------------------------------------------------------------
// Length of the longest well-formed UTF-8 prefix of s: `len` means nothing to repair. ASCII
// goes 16 bytes a step, so valid text costs far less than the copy it precedes.
size_t utf8_valid_prefix(const char *s, size_t len) noexcept;

struct Utf8Repair {
    size_t size = 0;         // bytes once repaired
    size_t replacements = 0; // U+FFFD put in place of ill-formed sequences
};
// What repairing s would give; `from` is a known-good prefix (from utf8_valid_prefix).
Utf8Repair utf8_repaired_size(const char *s, size_t len, size_t from = 0) noexcept;
// Writes s repaired into dst (utf8_repaired_size(s, len, from).size bytes); returns that size.
size_t utf8_repair(char *dst, const char *s, size_t len, size_t from = 0) noexcept;

// The name of a value/schema type ("INT32"), or "?" for an out-of-range value.
const char *type_name(inlet_type type) noexcept;

} // namespace inlet::host
