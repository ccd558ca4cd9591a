#include "config/converters.hpp"

#include <algorithm>
#include <cctype>

namespace inlet::host {
namespace {

const std::string *find(const KeyValues &kvs, std::string_view key) {
    for (const auto &[k, v] : kvs)
        if (k == key) return &v;
    return nullptr;
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The class, by its full name or (as Kafka's plugin aliases allow) its simple name.
bool is_class(const std::string &cls, std::string_view full) {
    std::string_view simple = full.substr(full.rfind('.') + 1);
    return cls == full || cls == simple;
}

// The settings under `prefix` ("value.converter."), prefix removed.
KeyValues settings_of(const KeyValues &kvs, const std::string &prefix) {
    KeyValues out;
    for (const auto &[k, v] : kvs)
        if (k.size() > prefix.size() && k.compare(0, prefix.size(), prefix) == 0)
            out.emplace_back(k.substr(prefix.size()), v);
    return out;
}

struct Effective {
    std::string cls;
    KeyValues settings;
    std::string origin; // the file that set it
};

// Kafka's choice for one connector: its own converter, else the worker's.
std::optional<Effective> effective(const std::string &key, const KeyValues &worker,
                                   const std::string &worker_origin, const SourceSpec &src) {
    if (const std::string *cls = find(src.properties, key))
        return Effective{trimmed(*cls), settings_of(src.properties, key + "."), src.origin};
    if (const std::string *cls = find(worker, key))
        return Effective{trimmed(*cls), settings_of(worker, key + "."), worker_origin};
    return std::nullopt;
}

} // namespace

std::optional<OutputFormat> format_of_converter(const std::string &cls, const KeyValues &settings,
                                                std::string &why, std::string &why_key) {
    why_key.clear();
    if (is_class(cls, "org.apache.kafka.connect.json.JsonConverter")) {
        // JsonConverterConfig: schemas.enable (default true); decimal.format BASE64 (default)
        // is what inlet writes, NUMERIC is not.
        bool schemas = true;
        if (const std::string *v = find(settings, "schemas.enable")) {
            std::string b = lower(trimmed(*v));
            if (b != "true" && b != "false") {
                why_key = "schemas.enable";
                why = "'" + *v + "' is not true or false";
                return std::nullopt;
            }
            schemas = b == "true";
        }
        if (const std::string *v = find(settings, "decimal.format");
            v != nullptr && lower(trimmed(*v)) != "base64") {
            why_key = "decimal.format";
            why = "'" + *v + "' is not reproduced: inlet writes Decimal as BASE64 (the default)";
            return std::nullopt;
        }
        return schemas ? OutputFormat::connect_json : OutputFormat::json;
    }
    if (is_class(cls, "org.apache.kafka.connect.storage.StringConverter")) {
        if (const std::string *v = find(settings, "encoding")) {
            std::string e = lower(trimmed(*v));
            if (e != "utf-8" && e != "utf8") {
                why_key = "encoding";
                why = "'" + *v + "' is not reproduced: inlet writes UTF-8 (the default)";
                return std::nullopt;
            }
        }
        return OutputFormat::string;
    }
    if (is_class(cls, "org.apache.kafka.connect.converters.ByteArrayConverter"))
        return OutputFormat::bytes;
    why = "'" + cls + "' is not a converter inlet can reproduce without Kafka (it writes what "
          "JsonConverter, StringConverter and ByteArrayConverter would); choose one of those or "
          "--format";
    return std::nullopt;
}

std::optional<OutputFormat> converter_format(const KeyValues &worker, const std::string &worker_origin,
                                             const std::vector<SourceSpec> &sources,
                                             Diagnostics &diag) {
    std::optional<OutputFormat> chosen;
    std::string chosen_origin;
    for (const std::string key : {"key.converter", "value.converter"}) {
        const bool value = key == "value.converter";
        std::string reported; // a worker-level problem is reported once, not per connector
        for (const SourceSpec &src : sources) {
            auto eff = effective(key, worker, worker_origin, src);
            if (!eff) continue;
            std::string why, why_key;
            auto f = format_of_converter(eff->cls, eff->settings, why, why_key);
            if (!f) {
                std::string at = why_key.empty() ? key : key + "." + why_key;
                if (reported == eff->origin + " " + at) continue;
                reported = eff->origin + " " + at;
                // A line-per-record sink does not write keys: a key converter inlet cannot
                // reproduce changes nothing there, so it is only worth a warning.
                if (value) diag.error(eff->origin, at, why);
                else diag.warn(eff->origin, at, why + " (not used: the output holds values only)");
                continue;
            }
            if (!value) continue;
            if (chosen && *chosen != *f) {
                diag.error(eff->origin, key,
                           "'" + eff->cls + "' differs from the converter of " + chosen_origin +
                               " (one job writes one output format: use the same converter, or "
                               "--format)");
                continue;
            }
            chosen = f;
            chosen_origin = eff->origin;
        }
    }
    return chosen;
}

} // namespace inlet::host
