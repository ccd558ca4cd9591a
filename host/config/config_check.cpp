#include "config/config_check.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace inlet::host {
namespace {

constexpr std::string_view common_keys[] = {
    "name", "connector.class", "tasks.max", "key.converter", "value.converter",
    "header.converter", "config.action.reload", "transforms", "predicates",
    "errors.retry.timeout", "errors.retry.delay.max.ms", "errors.tolerance",
    "errors.log.enable", "errors.log.include.messages", "topic.creation.groups",
    "exactly.once.support", "transaction.boundary", "transaction.boundary.interval.ms",
    "offsets.storage.topic", "topic.creation.enable",
    "connector.plugin.version",    // Kafka 4.1 (KIP-891): checked by the runtime plugin (kafka-connect)
    "connector.runtime",           // inlet: native or java, when both have the connector.class
    "inlet.exactly.once.vouch"};   // inlet: exactly-once for a Java connector that cannot say

constexpr std::string_view common_prefixes[] = {
    "key.converter.", "value.converter.", "header.converter.", "transforms.", "predicates.",
    "topic.creation.", "producer.override.", "admin.override.", "consumer.override."};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

template <class T> std::optional<T> parse_integer(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<double> parse_double(std::string_view s) {
    std::string t(trim(s));
    if (t.empty()) return std::nullopt;
    errno = 0;
    char *end = nullptr;
    double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || errno == ERANGE || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    s = trim(s);
    if (s.empty()) return out; // Kafka: an empty string is the empty list
    size_t start = 0;
    while (true) {
        size_t comma = s.find(',', start);
        out.emplace_back(trim(s.substr(start, comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}


std::string allowed_list(const char *const *allowed) {
    std::string out;
    for (auto a = allowed; *a != nullptr; ++a) {
        if (!out.empty()) out += ", ";
        out += *a;
    }
    return out;
}

bool is_allowed(const char *const *allowed, std::string_view v) {
    for (auto a = allowed; *a != nullptr; ++a)
        if (v == *a) return true;
    return false;
}

// Optimal string alignment distance: a swapped pair of letters is one typo, not two.
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

} // namespace

const char *config_type_name(inlet_config_type type) {
    switch (type) {
    case INLET_CFG_STRING: return "STRING";
    case INLET_CFG_INT: return "INT";
    case INLET_CFG_LONG: return "LONG";
    case INLET_CFG_DOUBLE: return "DOUBLE";
    case INLET_CFG_BOOLEAN: return "BOOLEAN";
    case INLET_CFG_LIST: return "LIST";
    case INLET_CFG_PASSWORD: return "PASSWORD";
    }
    return "UNKNOWN";
}

const char *importance_name(const inlet_config_key &key) {
    switch (key.importance) {
    case INLET_IMPORTANCE_HIGH: return "HIGH";
    case INLET_IMPORTANCE_MEDIUM: return "MEDIUM";
    case INLET_IMPORTANCE_LOW: return "LOW";
    case INLET_IMPORTANCE_UNSET: break;
    }
    return nullptr;
}

bool is_common_connector_key(std::string_view key) {
    for (auto k : common_keys)
        if (key == k) return true;
    for (auto p : common_prefixes)
        if (starts_with(key, p)) return true;
    return false;
}

bool is_unsupported_connector_key(std::string_view key) {
    return key == "transforms" || key == "predicates" || starts_with(key, "transforms.") ||
           starts_with(key, "predicates.");
}

std::optional<uint32_t> parse_tasks_max(std::string_view value) {
    auto v = parse_integer<int64_t>(value);
    if (!v || *v < 1 || *v > std::numeric_limits<int32_t>::max()) return std::nullopt;
    return static_cast<uint32_t>(*v);
}

std::optional<std::string> check_value(const inlet_config_key &def, std::string_view value,
                                       const std::string &shown) {
    std::optional<double> number;
    switch (def.type) {
    case INLET_CFG_INT: {
        auto v = parse_integer<int32_t>(value);
        if (!v) return shown + " is not an INT (a 32-bit integer)";
        number = *v;
        break;
    }
    case INLET_CFG_LONG: {
        auto v = parse_integer<int64_t>(value);
        if (!v) return shown + " is not a LONG (a 64-bit integer)";
        number = static_cast<double>(*v);
        break;
    }
    case INLET_CFG_DOUBLE:
        number = parse_double(value);
        if (!number) return shown + " is not a DOUBLE (a finite number)";
        break;
    case INLET_CFG_BOOLEAN:
        if (!iequals(trim(value), "true") && !iequals(trim(value), "false"))
            return shown + " is not a BOOLEAN (true or false)";
        break;
    case INLET_CFG_LIST: {
        auto items = split_list(value);
        for (const auto &item : items) {
            if (item.empty()) return shown + " has an empty element (a comma-separated LIST)";
            if (def.allowed != nullptr && !is_allowed(def.allowed, item))
                return (shown == "[hidden]" ? shown : "'" + item + "'") +
                       " is not one of: " + allowed_list(def.allowed);
        }
        return std::nullopt;
    }
    case INLET_CFG_STRING:
    case INLET_CFG_PASSWORD:
        break;
    }
    if (number && def.has_range && (*number < def.min || *number > def.max))
        return shown + " is out of range [" + format_bound(def.min, def.type) + ", " +
               format_bound(def.max, def.type) + "]";
    if (def.allowed != nullptr && !is_allowed(def.allowed, trim(value)))
        return shown + " is not one of: " + allowed_list(def.allowed);
    return std::nullopt;
}

std::vector<KeyIssue> check_config(const std::vector<inlet_config_key> &definition,
                                   const KeyValues &properties,
                                   const std::vector<std::string> &hidden) {
    std::vector<KeyIssue> issues;
    auto value_of = [&](std::string_view key) -> const std::string * {
        const std::string *found = nullptr;
        for (const auto &[k, v] : properties)
            if (k == key) found = &v; // the last one wins, as in a properties file
        return found;
    };
    for (const auto &def : definition) {
        if (def.name == nullptr) continue;
        const std::string *value = value_of(def.name);
        std::string doc = def.doc != nullptr && *def.doc != '\0' ? def.doc : "(no doc)";
        if (value == nullptr) {
            if (def.required && def.default_value == nullptr)
                issues.push_back({def.name, "required: " + doc});
            continue;
        }
        bool secret = def.type == INLET_CFG_PASSWORD ||
                      std::find(hidden.begin(), hidden.end(), def.name) != hidden.end();
        if (def.required && trim(*value).empty()) {
            issues.push_back({def.name, "required, but empty: " + doc});
            continue;
        }
        if (auto why = check_value(def, *value, secret ? "[hidden]" : "'" + *value + "'"))
            issues.push_back({def.name, *why});
    }
    std::vector<std::string> names;
    for (const auto &def : definition)
        if (def.name != nullptr) names.emplace_back(def.name);
    for (const auto &[k, v] : properties) {
        bool defined = std::find(names.begin(), names.end(), k) != names.end();
        if (defined) continue;
        if (is_unsupported_connector_key(k)) {
            if (k == "transforms" || k == "predicates")
                issues.push_back({k, "ignored: inlet does not apply Single Message Transforms",
                                  true});
            continue;
        }
        if (is_common_connector_key(k)) continue;
        std::string msg = "unknown key (the plugin does not define it)";
        auto near = closest_names(k, names, 1);
        if (!near.empty()) msg += "; did you mean '" + near.front() + "'?";
        issues.push_back({k, msg, true});
    }
    return issues;
}

std::vector<std::string> closest_names(std::string_view wanted,
                                       const std::vector<std::string> &candidates, size_t n) {
    std::vector<std::pair<size_t, std::string>> scored;
    for (const auto &c : candidates) {
        size_t d = edit_distance(wanted, c);
        // Close enough to be a typo: a third of the longer name, at least 2 edits.
        size_t limit = std::max<size_t>(2, std::max(wanted.size(), c.size()) / 3);
        if (d <= limit) scored.emplace_back(d, c);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (auto &[d, c] : scored) {
        if (out.size() == n) break;
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
}

std::string format_bound(double v, inlet_config_type t) {
    if (t == INLET_CFG_INT || t == INLET_CFG_LONG) {
        // A long's bounds are doubles here; 2^63 itself does not fit, so clamp before casting.
        constexpr double two63 = 9223372036854775808.0;
        if (v >= two63) return std::to_string(std::numeric_limits<int64_t>::max());
        if (v <= -two63) return std::to_string(std::numeric_limits<int64_t>::min());
        return std::to_string(static_cast<int64_t>(v));
    }
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v); // shortest round-trip form
    return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

} // namespace inlet::host
