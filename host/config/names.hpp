// The text forms of a job's choices, shared by job files, worker files and flags.
#pragma once

#include "config/job_spec.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace inlet::host {

inline constexpr const char *guarantee_choices = "none, at-least-once, exactly-once";
inline constexpr const char *format_choices = "envelope, value, connect-json, json, string, bytes";
inline constexpr const char *sink_choices = "stdout, null, file:PATH";

std::optional<Guarantee> parse_guarantee(std::string_view s);
std::optional<OutputFormat> parse_format(std::string_view s);
// "stdout", "null" or "file:PATH" (the format is left as it is).
std::optional<SinkSpec> parse_sink(std::string_view s, OutputFormat format);

const char *to_string(Guarantee g);
const char *to_string(OutputFormat f);
const char *to_string(SinkSpec::Kind k);

} // namespace inlet::host
