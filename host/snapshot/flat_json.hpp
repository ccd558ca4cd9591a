// Flat JSON objects without building a DOM: partitions and offsets are
// nearly always small objects like {"task":3,"p":17} or {"filename":"/var/log/x","position":42},
// and recovery canonicalises one per source partition (100,000 of them must take milliseconds,
// not seconds). Only an easy shape is handled here; anything else answers nullopt and the
// caller falls back to the full parser (canonical_json), which defines the canonical form:
// no whitespace, keys sorted bytewise, nlohmann's spelling of every value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace inlet::host {

// `json` canonicalised, when it is an object whose keys and string values are printable ASCII
// without escapes, whose other values are integers that fit an int64 (no leading zeros, no
// "-0"), true, false or null, and whose keys are distinct. Otherwise nullopt (which says
// nothing about validity).
std::optional<std::string> canonical_flat_object(std::string_view json);
// The same into `out` (its capacity reused: no allocation per call once warm); false instead of
// nullopt, with `out` then unspecified.
bool canonical_flat_object(std::string_view json, std::string &out);

// In a flat object of the same shape: the text of `key`'s value as written (a string with its
// quotes), or "" when the key is absent. nullopt when `json` is not of that shape (or repeats
// the key): ask the full parser.
std::optional<std::string_view> flat_object_field(std::string_view json, std::string_view key);

} // namespace inlet::host
