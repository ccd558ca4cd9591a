#include "config/names.hpp"

namespace inlet::host {

std::optional<Guarantee> parse_guarantee(std::string_view s) {
    if (s == "none") return Guarantee::none;
    if (s == "at-least-once") return Guarantee::at_least_once;
    if (s == "exactly-once") return Guarantee::exactly_once;
    return std::nullopt;
}

std::optional<OutputFormat> parse_format(std::string_view s) {
    if (s == "envelope") return OutputFormat::envelope;
    if (s == "value") return OutputFormat::value;
    if (s == "connect-json") return OutputFormat::connect_json;
    if (s == "json") return OutputFormat::json;
    if (s == "string") return OutputFormat::string;
    if (s == "bytes") return OutputFormat::bytes;
    return std::nullopt;
}

std::optional<SinkSpec> parse_sink(std::string_view s, OutputFormat format) {
    SinkSpec sink;
    sink.format = format;
    if (s == "stdout") {
        sink.kind = SinkSpec::Kind::stdout_sink;
    } else if (s == "null") {
        sink.kind = SinkSpec::Kind::null_sink;
    } else if (s.substr(0, 5) == "file:" && s.size() > 5) {
        sink.kind = SinkSpec::Kind::file_sink;
        sink.path = std::string(s.substr(5));
    } else {
        return std::nullopt;
    }
    return sink;
}

const char *to_string(Guarantee g) {
    switch (g) {
    case Guarantee::none: return "none";
    case Guarantee::at_least_once: return "at-least-once";
    case Guarantee::exactly_once: return "exactly-once";
    }
    return "?";
}

const char *to_string(OutputFormat f) {
    switch (f) {
    case OutputFormat::envelope: return "envelope";
    case OutputFormat::value: return "value";
    case OutputFormat::connect_json: return "connect-json";
    case OutputFormat::json: return "json";
    case OutputFormat::string: return "string";
    case OutputFormat::bytes: return "bytes";
    }
    return "?";
}

const char *to_string(SinkSpec::Kind k) {
    switch (k) {
    case SinkSpec::Kind::stdout_sink: return "stdout";
    case SinkSpec::Kind::null_sink: return "null";
    case SinkSpec::Kind::file_sink: return "file";
    }
    return "?";
}

} // namespace inlet::host
