#include "check/static_checks.hpp"

#include "config/config_check.hpp"
#include "loader/descriptor_check.hpp"

#include <algorithm>
#include <cstring>
#include <set>

namespace inlet::check {
namespace {

std::string join(const std::vector<std::string> &items, const char *sep = "; ") {
    std::string out;
    for (const auto &s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

bool name_chars(const char *s, bool dots_and_caps) {
    if (s == nullptr || *s == '\0') return false;
    for (const char *p = s; *p != '\0'; ++p) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                  (dots_and_caps && (c == '.' || (c >= 'A' && c <= 'Z')));
        if (!ok) return false;
    }
    return true;
}

bool empty(const char *s) { return s == nullptr || *s == '\0'; }

std::string shown(const inlet_config_key &k, const char *value) {
    return k.type == INLET_CFG_PASSWORD ? "[hidden]" : "'" + std::string(value) + "'";
}

// A value of the wrong kind for a key, which the host must refuse; nullopt when the key's
// type accepts anything.
std::optional<std::string> bad_value_for(const inlet_config_key &k) {
    switch (k.type) {
    case INLET_CFG_INT:
    case INLET_CFG_LONG:
    case INLET_CFG_DOUBLE: return "not-a-number";
    case INLET_CFG_BOOLEAN: return "maybe";
    default: break;
    }
    if (k.allowed != nullptr) return "no-such-choice";
    return std::nullopt;
}

struct ErrorText {
    char text[1024] = {};
    inlet_error err{text, sizeof text};
};

} // namespace

void check_descriptor(const host::Plugin &plugin, Report &report) {
    const inlet_plugin &d = plugin.descriptor();
    std::vector<std::string> bad;
    if (d.struct_size < host::min_descriptor_size)
        bad.push_back("struct_size " + std::to_string(d.struct_size) + " is below the v1.0 size");
    if (d.abi_major != INLET_ABI_MAJOR)
        bad.push_back("descriptor abi_major " + std::to_string(d.abi_major) + " is not " +
                      std::to_string(INLET_ABI_MAJOR));
    // A connector a runtime plugin found (a Java class) is named by its class (the loader's
    // rule for them: [A-Za-z0-9_.$-]+); a plugin of its own by [a-z0-9_-]+.
    const bool class_named = plugin.provider() != nullptr;
    std::string name = d.name ? d.name : "";
    if (class_named) std::replace(name.begin(), name.end(), '$', '_');
    if (!name_chars(name.c_str(), class_named))
        bad.push_back("name '" + std::string(d.name ? d.name : "") + "' is not " +
                      (class_named ? "a class name" : "[a-z0-9_-]+"));
    if (empty(d.version)) bad.push_back("no version");
    if (empty(d.description)) bad.push_back("no description");
    if ((d.flags & ~(INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED)) != 0)
        bad.push_back("unknown flag bits set");
    if (d.start == nullptr || d.poll == nullptr || d.stop == nullptr)
        bad.push_back("start, poll and stop are mandatory");
    if (d.config_key_count > 0 && d.config_key_size < host::min_config_key_size)
        bad.push_back("config_key_size " + std::to_string(d.config_key_size) + " is below the v1.0 size");
    std::set<std::string> aliases;
    for (const auto &a : plugin.aliases()) {
        if (a.empty() || a.find_first_of(" \t\n") != std::string::npos)
            bad.push_back("alias '" + a + "' is empty or has whitespace");
        if (!aliases.insert(a).second) bad.push_back("alias '" + a + "' is listed twice");
    }
    if (!bad.empty()) {
        report.fail("descriptor", join(bad));
        return;
    }
    std::string flags;
    if (d.flags & INLET_PLUGIN_REPLAYABLE) flags += "REPLAYABLE ";
    if (d.flags & INLET_PLUGIN_BOUNDED) flags += "BOUNDED ";
    report.pass("descriptor", "magic INLETPLG, ABI " + std::to_string(INLET_ABI_MAJOR) + "." +
                                  std::to_string(plugin.abi_minor()) + ", " + d.name + " " +
                                  d.version + ", " + (flags.empty() ? "no flags " : flags) +
                                  "(" + std::to_string(aliases.size()) + " aliases)");
}

void check_config_definition(const host::Plugin &plugin, Report &report) {
    std::vector<std::string> bad;
    std::set<std::string> names;
    size_t i = 0;
    for (const auto &k : plugin.config_keys()) {
        std::string label = empty(k.name) ? "key #" + std::to_string(i) : "'" + std::string(k.name) + "'";
        ++i;
        if (!name_chars(k.name, true)) bad.push_back(label + ": name is not [A-Za-z0-9._-]+");
        else if (!names.insert(k.name).second) bad.push_back(label + ": defined twice");
        if (k.type < INLET_CFG_STRING || k.type > INLET_CFG_PASSWORD) {
            bad.push_back(label + ": type " + std::to_string(static_cast<int>(k.type)) + " is not a config type");
            continue;
        }
        if (empty(k.doc)) bad.push_back(label + ": no doc");
        if (k.required && k.default_value != nullptr)
            bad.push_back(label + ": required, yet has a default (a required key has none)");
        if (k.has_range) {
            bool numeric = k.type == INLET_CFG_INT || k.type == INLET_CFG_LONG || k.type == INLET_CFG_DOUBLE;
            if (!numeric) bad.push_back(label + ": a range on a non-numeric " + host::config_type_name(k.type) + " key");
            if (k.min > k.max) bad.push_back(label + ": range min is above max");
        }
        if (k.allowed != nullptr) {
            inlet_config_key typed = k;
            typed.allowed = nullptr;
            size_t n = 0;
            for (auto a = k.allowed; *a != nullptr; ++a, ++n)
                if (auto why = host::check_value(typed, *a, shown(k, *a)))
                    bad.push_back(label + ": allowed value " + *why);
            if (n == 0) bad.push_back(label + ": an empty list of allowed values");
        }
        if (k.default_value != nullptr)
            if (auto why = host::check_value(k, k.default_value, shown(k, k.default_value)))
                bad.push_back(label + ": default " + *why);
    }
    if (!bad.empty()) report.fail("config-definition", join(bad));
    else report.pass("config-definition", std::to_string(i) + " keys, each typed and documented; defaults valid");
}

std::optional<host::KeyValues> check_config_values(const host::Plugin &plugin,
                                                   const host::KeyValues &given,
                                                   const std::string &source, Report &report) {
    std::vector<std::string> errors, warnings, missing;
    for (const auto &issue : host::check_config(plugin.config_keys(), given)) {
        if (issue.warning) warnings.push_back("'" + issue.key + "': " + issue.message);
        else if (issue.message.rfind("required", 0) == 0) missing.push_back(issue.key);
        else errors.push_back("'" + issue.key + "': " + issue.message);
    }
    if (!missing.empty()) {
        std::string keys;
        for (const auto &m : missing) keys += (keys.empty() ? "" : ", ") + m;
        errors.insert(errors.begin(), "required key(s) without a value: " + keys +
                                          " — provide them with --config FILE (key=value lines)");
    }
    if (!errors.empty()) {
        report.fail("config-values", source + ": " + join(errors));
        return std::nullopt;
    }
    std::string detail = source + ": " + std::to_string(given.size()) + " key(s) set, the rest default";
    if (!warnings.empty()) detail += " (warnings: " + join(warnings) + ")";
    report.pass("config-values", detail);
    return given;
}

void check_validation(Session &session, const host::KeyValues &config, Report &report) {
    const inlet_plugin &d = session.descriptor();
    inlet_host table = host::make_host_table(&session.context());
    table.connector_data = d.connector_data;

    // The good config first: a plugin that rejects it cannot be run at all.
    if (d.validate != nullptr) {
        host::ConfigView view(config);
        ErrorText e;
        inlet_status st = d.validate(&table, &view.config, &e.err);
        if (st != INLET_OK)
            report.fail("validate-accepts-config", std::string("validate() returned ") +
                                                       status_name(st) + ": " + e.text);
        else
            report.pass("validate-accepts-config", "validate() accepts the config under test");
    } else {
        report.pass("validate-accepts-config", "no validate(): the host's key checks apply alone");
    }

    const inlet_config_key *target = nullptr;
    std::string bad;
    for (const auto &k : session.plugin().config_keys()) {
        if (auto v = bad_value_for(k)) {
            target = &k;
            bad = *v;
            break;
        }
    }
    if (target == nullptr) {
        report.skip("validate-rejects-bad-value",
                    "no INT/LONG/DOUBLE/BOOLEAN key and none with allowed values: nothing has a bad value");
        return;
    }
    std::string key = target->name;
    host::KeyValues broken;
    for (const auto &kv : config)
        if (kv.first != key) broken.push_back(kv);
    broken.emplace_back(key, bad);

    std::string host_said;
    for (const auto &issue : host::check_config(session.plugin().config_keys(), broken))
        if (!issue.warning && issue.key == key) host_said = "'" + key + "': " + issue.message;
    if (host_said.empty()) {
        report.fail("validate-rejects-bad-value",
                    "the host's key check accepted " + key + "=" + bad + " (check its type/allowed values)");
        return;
    }
    if (d.validate == nullptr) {
        report.pass("validate-rejects-bad-value", "host: " + host_said);
        return;
    }
    host::ConfigView view(broken);
    ErrorText e;
    inlet_status st = d.validate(&table, &view.config, &e.err);
    if (st == INLET_OK) {
        report.pass("validate-rejects-bad-value",
                    "host: " + host_said + "; the plugin's validate() leaves type checks to the host");
    } else if (st != INLET_INVALID_CONFIG) {
        report.fail("validate-rejects-bad-value", "validate() with " + key + "=" + bad + " returned " +
                                                      status_name(st) + " (expected INVALID_CONFIG): " + e.text);
    } else if (std::strstr(e.text, key.c_str()) == nullptr) {
        report.fail("validate-rejects-bad-value", "validate() rejected " + key + "=" + bad +
                                                      " but its message does not name the key: '" + e.text + "'");
    } else {
        report.pass("validate-rejects-bad-value", "host: " + host_said + "; plugin: " + e.text);
    }
}

std::optional<host::KeyValues> check_task_configs(Session &session, const host::KeyValues &config,
                                                  Report &report) {
    const inlet_plugin &d = session.descriptor();
    if (d.task_configs == nullptr) {
        report.pass("task-configs", "no task_configs(): one task with the connector config");
        return config;
    }
    constexpr uint32_t max_tasks = 2;
    inlet_host table = host::make_host_table(&session.context());
    table.connector_data = d.connector_data;
    host::ConfigView view(config);
    host::inlet_task_list_impl list;
    ErrorText e;
    inlet_status st = d.task_configs(&table, &view.config, max_tasks, host::as_handle(&list), &e.err);
    if (st != INLET_OK) {
        report.fail("task-configs", std::string("task_configs(max_tasks=2) returned ") + status_name(st) + ": " + e.text);
        return std::nullopt;
    }
    if (list.tasks.empty() || list.tasks.size() > max_tasks) {
        report.fail("task-configs", "task_configs(max_tasks=2) produced " +
                                        std::to_string(list.tasks.size()) + " task configs (1..2 expected)");
        return std::nullopt;
    }
    report.pass("task-configs", "task_configs(max_tasks=2) produced " + std::to_string(list.tasks.size()) +
                                    " task config(s); the task checks use the first");
    return list.tasks.front();
}

} // namespace inlet::check
