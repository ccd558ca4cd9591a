// `inlet plugins`: list the connector plugins inlet can find, or describe one's configuration.
#include "cli/verb.hpp"
#include "config/config_check.hpp"
#include "loader/plugin.hpp"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>

namespace inlet::cli {
namespace {

namespace po = boost::program_options;
using host::Plugin;
using host::PluginRegistry;

constexpr const char *help_text =
    "Usage: inlet plugins [--plugin-path DIR]... [--kafka-libs DIR] [--json]\n"
    "       inlet plugins describe NAME [--plugin-path DIR]... [--kafka-libs DIR]\n"
    "                              [--runtime native|java] [--json]\n"
    "\n"
    "Lists the connector plugins inlet finds (name, version, connector ABI, aliases, file), or\n"
    "prints every configuration key of one plugin: type, default, whether it is required, its\n"
    "importance (Kafka's HIGH/MEDIUM/LOW; - when the plugin gives none), the allowed values or\n"
    "range, and its documentation. NAME may also be an alias, such as the\n"
    "Java class name a Kafka Connect config uses in connector.class. Defaults of password keys\n"
    "are shown as [hidden].\n"
    "\n"
    "Plugins are searched, in this order, in each --plugin-path DIR, in the colon-separated\n"
    "folders of $INLET_PLUGIN_PATH, then in the plugins installed with inlet. A file that is not\n"
    "a usable plugin is reported on stderr as one line, 'inlet: skipped FILE: REASON'; the other\n"
    "plugins still load. The first plugin to claim a name or alias wins.\n"
    "\n"
    "Java (Kafka Connect) source connectors are listed too when the kafka-connect plugin is\n"
    "built: every SourceConnector class in the jars of each --plugin-path folder, with Kafka's\n"
    "plugin.path rules, its class name and version(); ABI shows 'java'. A class in several\n"
    "plugin folders is listed once per version, the newest first: connector.class runs it, and\n"
    "connector.plugin.version selects another. `describe CLASS` prints the newest's ConfigDef\n"
    "(CLASS: full name, simple name, or simple name without 'Connector'). The Kafka Connect\n"
    "API jars come from --kafka-libs DIR, else $KAFKA_HOME/libs.\n"
    "\n"
    "Options:\n"
    "  --plugin-path DIR  also search DIR (and its immediate subfolders) for *.so; repeatable\n"
    "  --json             machine-readable output\n"
    "  --kafka-libs DIR   the Kafka Connect API jars (default: $KAFKA_HOME/libs)\n"
    "  --runtime R        describe: native or java, when both offer NAME\n"
    "\n"
    "Examples:\n"
    "  inlet plugins                                   every plugin inlet can load\n"
    "  inlet plugins --plugin-path ./build/my-plugin   include a plugin you are developing\n"
    "  inlet plugins --json                            the same list as JSON\n"
    "  inlet plugins describe file                     the file connector's config keys\n"
    "  inlet plugins describe \\\n"
    "      org.apache.kafka.connect.file.FileStreamSourceConnector --json\n";

const char *type_name(inlet_config_type t) {
    switch (t) {
    case INLET_CFG_STRING: return "string";
    case INLET_CFG_INT: return "int";
    case INLET_CFG_LONG: return "long";
    case INLET_CFG_DOUBLE: return "double";
    case INLET_CFG_BOOLEAN: return "boolean";
    case INLET_CFG_LIST: return "list";
    case INLET_CFG_PASSWORD: return "password";
    }
    return "unknown";
}

std::string abi_of(const Plugin &p) {
    if (p.provider() != nullptr) return "java"; // a class a runtime plugin found
    return std::to_string(p.descriptor().abi_major) + "." + std::to_string(p.abi_minor());
}

std::string join(const std::vector<std::string> &items, const char *sep) {
    std::string out;
    for (const auto &s : items) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::vector<std::string> flags_of(const Plugin &p) {
    std::vector<std::string> out;
    if (p.descriptor().flags & INLET_PLUGIN_REPLAYABLE) out.emplace_back("replayable");
    if (p.descriptor().flags & INLET_PLUGIN_BOUNDED) out.emplace_back("bounded");
    return out;
}

// Never print a password key's default: it may be a real credential.
std::optional<std::string> shown_default(const inlet_config_key &k) {
    if (k.default_value == nullptr) return std::nullopt;
    if (k.type == INLET_CFG_PASSWORD) return std::string("[hidden]");
    return std::string(k.default_value);
}

std::vector<std::string> allowed_of(const inlet_config_key &k) {
    std::vector<std::string> out;
    if (k.allowed != nullptr)
        for (size_t i = 0; k.allowed[i] != nullptr; ++i) out.emplace_back(k.allowed[i]);
    return out;
}


// Rows of text, padded to the widest cell of each column.
void print_table(std::ostream &out, const std::vector<std::vector<std::string>> &rows) {
    std::vector<size_t> width;
    for (const auto &r : rows)
        for (size_t i = 0; i < r.size(); ++i) {
            if (width.size() <= i) width.push_back(0);
            width[i] = std::max(width[i], r[i].size());
        }
    for (const auto &r : rows) {
        std::string line;
        for (size_t i = 0; i < r.size(); ++i) {
            line += r[i];
            if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
        }
        out << line << "\n";
    }
}

// Native plugins, then the connectors runtime plugins found (Java classes), which show where
// they came from instead of a .so path.
std::vector<const Plugin *> everything(const PluginRegistry &reg,
                                       const std::vector<const Plugin *> &runtime) {
    std::vector<const Plugin *> all;
    for (const auto &p : reg.plugins()) all.push_back(p.get());
    all.insert(all.end(), runtime.begin(), runtime.end());
    return all;
}

std::string where_of(const Plugin &p) {
    return p.provider() != nullptr ? p.descriptor().description : p.path().string();
}

int list(const PluginRegistry &reg, const std::vector<const Plugin *> &runtime, bool json) {
    if (json) {
        auto arr = nlohmann::json::array();
        for (const Plugin *p : everything(reg, runtime))
            arr.push_back({{"name", p->name()},
                           {"version", p->descriptor().version},
                           {"description", p->descriptor().description},
                           {"abi", abi_of(*p)},
                           {"aliases", p->aliases()},
                           {"path", where_of(*p)},
                           {"runtime", p->provider() ? "java" : "native"}});
        std::cout << arr.dump(2) << "\n";
        return exit_ok;
    }
    std::vector<std::vector<std::string>> rows{{"NAME", "VERSION", "ABI", "ALIASES", "PATH"}};
    for (const Plugin *p : everything(reg, runtime))
        rows.push_back({std::string(p->name()), p->descriptor().version, abi_of(*p),
                        p->aliases().empty() ? "-" : join(p->aliases(), ","), where_of(*p)});
    print_table(std::cout, rows);
    return exit_ok;
}

nlohmann::json key_json(const inlet_config_key &k) {
    nlohmann::json j{{"name", k.name},
                     {"type", type_name(k.type)},
                     {"required", k.required != 0},
                     {"doc", k.doc ? k.doc : ""}};
    const char *importance = host::importance_name(k);
    j["importance"] = importance ? nlohmann::json(importance) : nlohmann::json(nullptr);
    auto def = shown_default(k);
    j["default"] = def ? nlohmann::json(*def) : nlohmann::json(nullptr);
    auto allowed = allowed_of(k);
    j["allowed"] = allowed.empty() ? nlohmann::json(nullptr) : nlohmann::json(allowed);
    j["range"] = k.has_range ? nlohmann::json{{"min", k.min}, {"max", k.max}}
                             : nlohmann::json(nullptr);
    return j;
}

int describe(const Plugin &p, bool json) {
    const inlet_plugin &d = p.descriptor();
    if (json) {
        auto keys = nlohmann::json::array();
        for (const auto &k : p.config_keys()) keys.push_back(key_json(k));
        nlohmann::json j{{"name", p.name()},       {"version", d.version},
                         {"description", d.description}, {"abi", abi_of(p)},
                         {"aliases", p.aliases()}, {"flags", flags_of(p)},
                         {"path", p.path().string()}, {"config", keys}};
        std::cout << j.dump(2) << "\n";
        return exit_ok;
    }
    std::cout << p.name() << " " << d.version << " (connector ABI " << abi_of(p) << ") — "
              << d.description << "\n"
              << "path:    " << p.path().string() << "\n"
              << "aliases: " << (p.aliases().empty() ? "-" : join(p.aliases(), ", ")) << "\n"
              << "flags:   " << (flags_of(p).empty() ? "-" : join(flags_of(p), ", ")) << "\n\n";
    if (p.config_keys().empty()) {
        std::cout << "(no configuration keys)\n";
        return exit_ok;
    }
    std::vector<std::vector<std::string>> rows{
        {"KEY", "TYPE", "DEFAULT", "REQUIRED", "IMPORTANCE", "ALLOWED / RANGE"}};
    std::vector<std::string> docs;
    for (const auto &k : p.config_keys()) {
        std::string constraint = join(allowed_of(k), "|");
        if (k.has_range)
            constraint += (constraint.empty() ? "" : " ") + std::string("[") +
                          host::format_bound(k.min, k.type) + ", " + host::format_bound(k.max, k.type) + "]";
        rows.push_back({k.name, type_name(k.type), shown_default(k).value_or("-"),
                        k.required ? "yes" : "no",
                        host::importance_name(k) ? host::importance_name(k) : "-",
                        constraint.empty() ? "-" : constraint});
        docs.emplace_back(k.doc ? k.doc : "");
    }
    // The table, with each key's doc on the line below it.
    std::ostringstream table;
    print_table(table, rows);
    std::istringstream lines(table.str());
    std::string line;
    for (size_t i = 0; std::getline(lines, line); ++i) {
        std::cout << line << "\n";
        if (i > 0 && !docs[i - 1].empty()) std::cout << "    " << docs[i - 1] << "\n";
    }
    return exit_ok;
}

int run_plugins(const std::vector<std::string> &args) {
    std::vector<std::string> plugin_paths;
    std::string kafka_libs, runtime;
    std::vector<std::string> words;
    bool json = false;
    po::options_description opts;
    opts.add_options()
        ("plugin-path", po::value(&plugin_paths)->composing(), "extra plugin folder")
        ("json", po::bool_switch(&json), "JSON output")
        ("kafka-libs", po::value(&kafka_libs), "Kafka Connect API jars")
        ("runtime", po::value(&runtime), "native or java")
        ("words", po::value(&words), "subcommand and name");
    po::positional_options_description positional;
    positional.add("words", -1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(opts).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error &e) {
        std::cerr << "inlet plugins: " << e.what() << " (try: inlet help plugins)\n";
        return exit_usage;
    }
    const bool describing = !words.empty() && words[0] == "describe";
    if (!words.empty() && (!describing || words.size() != 2)) {
        std::cerr << (describing ? "inlet plugins describe: expected one plugin NAME"
                                 : "inlet plugins: unknown subcommand '" + words[0] + "'")
                  << " (usage: inlet plugins describe NAME)\n";
        return exit_usage;
    }

    std::vector<std::filesystem::path> cli_dirs(plugin_paths.begin(), plugin_paths.end());
    const auto dirs = PluginRegistry::search_path(cli_dirs);
    std::vector<std::pair<std::string, std::string>> runtime_keys;
    if (!kafka_libs.empty()) runtime_keys.emplace_back("kafka.connect.libs", kafka_libs);
    const PluginRegistry reg = PluginRegistry::scan(dirs, runtime_keys);
    for (const auto &problem : reg.problems())
        std::cerr << "inlet: skipped " << problem.file.string() << ": " << problem.reason << "\n";

    if (!describing) {
        std::vector<host::LoadProblem> runtime_problems;
        const auto found = reg.runtime_connectors(runtime_problems);
        for (const auto &problem : runtime_problems)
            std::cerr << "inlet: " << problem.reason << "\n";
        if (reg.plugins().empty()) {
            std::vector<std::string> searched;
            for (const auto &d : dirs) searched.push_back(d.string());
            std::cerr << "inlet: no plugins found (searched: "
                      << (searched.empty() ? "nothing" : join(searched, ", ")) << ")\n";
        }
        return list(reg, found, json);
    }

    const std::string &name = words[1];
    std::string why;
    if (const Plugin *p = reg.resolve(name, runtime, why)) return describe(*p, json);
    if (!why.empty()) {
        std::cerr << "inlet plugins describe: unknown connector '" << name << "' (" << why << ")\n";
        return exit_usage;
    }
    std::vector<std::string> known;
    for (const auto &p : reg.plugins()) known.emplace_back(p->name());
    const auto near = reg.closest(name);
    std::cerr << "inlet plugins describe: unknown plugin '" << name << "' ("
              << (!near.empty()    ? "did you mean: " + join(near, ", ") + "?"
                  : known.empty() ? std::string("no plugins found")
                                  : "known plugins: " + join(known, ", "))
              << ")\n";
    return exit_usage;
}

} // namespace

extern const Verb verb_plugins{"plugins",
                               "List connector plugins, or describe one's config keys",
                               help_text, &run_plugins};

} // namespace inlet::cli
