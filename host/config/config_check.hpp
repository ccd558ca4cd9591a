// Checks one connector's properties against its plugin's config definition: required keys,
// types, ranges, allowed values, unknown keys. Shared by `inlet validate`/`inlet run` (through
// validate_job) and the conformance checker `inlet check`.
#pragma once

#include "config/key_values.hpp"

#include <inlet/connector.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::host {

struct KeyIssue {
    std::string key;
    std::string message; // never contains the value of a hidden key
    bool warning = false;
};

// Keys Kafka Connect defines for every source connector (name, connector.class, tasks.max,
// converters, transforms, errors.*, topic.creation.*, producer overrides, …).
bool is_common_connector_key(std::string_view key);
// Common keys that inlet accepts but does not act on (transforms, predicates): their presence
// is worth a warning, since the output differs from Kafka Connect's.
bool is_unsupported_connector_key(std::string_view key);

// `hidden` lists keys whose values must not be printed (from config providers); PASSWORD
// keys are hidden anyway. Every problem is reported, in definition order, then unknown keys.
std::vector<KeyIssue> check_config(const std::vector<inlet_config_key> &definition,
                                   const KeyValues &properties,
                                   const std::vector<std::string> &hidden = {});

// One value against one definition: nullopt when fine, else why (without the key's name).
// `shown` is how the value may be printed ("'abc'" or "[hidden]").
std::optional<std::string> check_value(const inlet_config_key &def, std::string_view value,
                                       const std::string &shown);

// tasks.max: a positive 32-bit integer, or nullopt.
std::optional<uint32_t> parse_tasks_max(std::string_view value);

// The names in `candidates` within a small edit distance of `wanted`, closest first.
std::vector<std::string> closest_names(std::string_view wanted,
                                       const std::vector<std::string> &candidates, size_t n = 3);

// A range bound as `describe` and `validate` print it: exact digits for INT/LONG keys
// (1000000, not 1e+06), the shortest exact form for DOUBLE.
std::string format_bound(double value, inlet_config_type type);

// The type's name as Kafka's ConfigDef prints it (INT, LONG, …).
const char *config_type_name(inlet_config_type type);
// Kafka's ConfigDef.Importance name ("HIGH", "MEDIUM", "LOW"), or nullptr when the plugin
// gave none (INLET_IMPORTANCE_UNSET; every key of a plugin older than ABI 1.2).
const char *importance_name(const inlet_config_key &key);

} // namespace inlet::host
