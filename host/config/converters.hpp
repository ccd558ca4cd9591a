// Kafka's key.converter / value.converter, for the converters whose bytes inlet reproduces:
// what a job's converters mean for its output. Kafka's rule for which one applies
// (Worker.startTask): a connector's own `value.converter` (with its `value.converter.*`
// settings from the connector's file) wins; otherwise the worker's, with the worker's settings.
//
// Reproduced: JsonConverter (schemas.enable true -> connect-json, false -> json),
// StringConverter (UTF-8 only -> string), ByteArrayConverter (-> bytes). A line-per-record sink
// writes the value's bytes only, so key.converter changes nothing in the output; it is checked
// all the same. Any other converter is an error naming the key: its bytes cannot be made
// without it. A --format flag or a job file's "format" decides instead (converters are then
// only warned about).
#pragma once

#include "config/job_spec.hpp"
#include "config/load_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace inlet::host {

// The output format `value.converter` asks for, or none when neither the connectors nor the
// worker set one. Every problem goes to `diag`, naming the file and the key.
std::optional<OutputFormat> converter_format(const KeyValues &worker, const std::string &worker_origin,
                                             const std::vector<SourceSpec> &sources,
                                             Diagnostics &diag);

// The format one converter class with its settings (the `value.converter.` prefix removed)
// gives; on nullopt, `why` says what cannot be reproduced and `why_key` the setting at fault
// ("" for the class itself).
std::optional<OutputFormat> format_of_converter(const std::string &cls, const KeyValues &settings,
                                                std::string &why, std::string &why_key);

} // namespace inlet::host
