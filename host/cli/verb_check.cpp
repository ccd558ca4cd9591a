// `inlet check PLUGIN.so`: the conformance run a connector author uses before shipping.
#include "check/conformance.hpp"
#include "cli/verb.hpp"
#include "config/job_loader.hpp"
#include "config/properties.hpp"
#include "engine/crash_handler.hpp"
#include "loader/plugin.hpp"

#include <boost/program_options.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>

namespace inlet::cli {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

constexpr const char *help_text =
    "Usage: inlet check PLUGIN [--config FILE] [--idle-config KEY=VALUE]... [--json] [--cycles N]\n"
    "                          [--verbose] [--plugin-path DIR]... [--kafka-libs DIR]\n"
    "\n"
    "Runs a connector plugin through the whole contract, the way a job would, and prints each\n"
    "check with PASS, FAIL or SKIP and why. Exits 0 only when no check fails.\n"
    "\n"
    "PLUGIN is a .so file, the name of a plugin on the plugin path, or a connector class a\n"
    "runtime plugin finds there: a Kafka Connect (Java) SourceConnector in a plugin.path folder,\n"
    "by full name, simple name or simple name without \"Connector\", run through the\n"
    "kafka-connect bridge exactly as `inlet run` would run it. The checks:\n"
    "  descriptor                 magic, ABI, name, version, mandatory callbacks\n"
    "  config-definition          every key typed and documented, defaults valid\n"
    "  config-values              the config under test is complete and valid\n"
    "  validate-accepts-config    the plugin's validate() accepts it\n"
    "  validate-rejects-bad-value a bad value for a typed key is rejected, naming the key\n"
    "  task-configs               task_configs() splits into 1..tasks.max configs\n"
    "  lifecycle                  start / poll / stop, three times\n"
    "  records                    every emitted record is well formed\n"
    "  commit                     commit() accepts exactly the emitted offsets (and again)\n"
    "  offsets-roundtrip          REPLAYABLE: a restart from the last offsets emits none again\n"
    "  borrowed                   a record flagged INLET_RECORD_BORROWED keeps what its key\n"
    "                             and value point at (bytes; a composite's items, all the way\n"
    "                             down) unchanged until the next poll() returns or stop()\n"
    "                             begins (compared with a copy at that moment); SKIP\n"
    "                             when no record is borrowed; a record flagged\n"
    "                             INLET_RECORD_STABLE_NAMES keeps its topic and partition\n"
    "                             text unchanged until its poll() returns\n"
    "  wake                       wake() is called at every moment `inlet run` may (before,\n"
    "                             during and between polls, before stop()), and ends a blocked\n"
    "                             poll() within 2 s; SKIP when no poll() ever blocked (a source\n"
    "                             that always has data: see --idle-config)\n"
    "  poll-timeout               every poll() returned within its timeout (+ slack)\n"
    "  leaks-fd, leaks-memory     many start/stop cycles leak no descriptors or memory\n"
    "\n"
    "Options:\n"
    "  --config FILE   the connector config, as key=value lines (a Kafka Connect .properties\n"
    "                  file works); without it, keys are left to their defaults and required\n"
    "                  keys are reported as missing\n"
    "  --idle-config KEY=VALUE\n"
    "                  laid over the config for the wake check only, to make the source idle\n"
    "                  so that a poll() blocks (e.g. interval.ms=60000); repeatable\n"
    "  --json          one JSON document instead of lines\n"
    "  --cycles N      start/stop cycles for the leak checks (default 100)\n"
    "  --verbose       show the plugin's own log lines (warnings and errors are always shown)\n"
    "  --plugin-path DIR  where to look when PLUGIN is a name (native plugins, and Java\n"
    "                  connector folders as Kafka's plugin.path); repeatable\n"
    "  --kafka-libs DIR   the Kafka Connect API jars for a Java connector (default:\n"
    "                  $KAFKA_HOME/libs)\n"
    "\n"
    "Examples:\n"
    "  inlet check ./build/my-connector.so\n"
    "  inlet check ./build/my-connector.so --config my-connector.properties\n"
    "  inlet check ./build/my-connector.so --idle-config interval.ms=60000\n"
    "  inlet check random --json\n"
    "  inlet check org.example.MySourceConnector --plugin-path /opt/connectors \\\n"
    "      --kafka-libs /opt/kafka/libs --config my-connector.properties\n";

host::KeyValues read_config(const fs::path &file) {
    host::KeyValues out;
    for (auto &p : host::read_properties_file(file)) out.emplace_back(std::move(p.key), std::move(p.value));
    return out;
}

// The plugin under test: a file loaded on its own, or what the plugin path offers under that
// name. `registry` owns a connector a runtime plugin found (a Java class).
const host::Plugin *load(const std::string &what, const std::vector<fs::path> &paths,
                         const std::string &kafka_libs, std::unique_ptr<host::Plugin> &file_plugin,
                         std::optional<host::PluginRegistry> &registry, std::string &why_not) {
    fs::path file(what);
    bool looks_like_name = what.find('/') == std::string::npos && file.extension() != ".so";
    if (!looks_like_name || fs::exists(file)) {
        file_plugin = host::PluginRegistry::load_file(file, why_not);
        return file_plugin.get();
    }
    // A name: find its file on the plugin path, then load that file on its own.
    std::vector<std::pair<std::string, std::string>> runtime_keys;
    if (!kafka_libs.empty()) runtime_keys.emplace_back("kafka.connect.libs", kafka_libs);
    registry.emplace(host::PluginRegistry::scan(host::PluginRegistry::search_path(paths), runtime_keys));
    if (const host::Plugin *found = registry->find(what)) {
        file_plugin = host::PluginRegistry::load_file(found->path(), why_not);
        return file_plugin.get();
    }
    // A connector class a runtime plugin finds (a Java class on plugin.path).
    if (registry->has_runtimes())
        if (const host::Plugin *found = registry->resolve(what, "java", why_not)) return found;
    if (why_not.empty()) why_not = "no plugin named '" + what + "' on the plugin path (and no such file)";
    return nullptr;
}

int run_check(const std::vector<std::string> &args) {
    std::string plugin_arg, config_file, kafka_libs;
    std::vector<fs::path> plugin_paths;
    std::vector<std::string> idle_config;
    bool json = false, verbose = false;
    size_t cycles = 100;
    po::options_description opts;
    opts.add_options()
        ("plugin", po::value(&plugin_arg), "plugin")
        ("config", po::value(&config_file), "config file")
        ("json", po::bool_switch(&json), "JSON output")
        ("verbose", po::bool_switch(&verbose), "plugin logs")
        ("cycles", po::value(&cycles), "leak cycles")
        ("idle-config", po::value(&idle_config)->composing(), "KEY=VALUE for the wake check")
        ("plugin-path", po::value(&plugin_paths)->composing(), "plugin folder")
        ("kafka-libs", po::value(&kafka_libs), "Kafka Connect API jars");
    po::positional_options_description positional;
    positional.add("plugin", 1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(opts).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error &e) {
        std::cerr << "inlet check: " << e.what() << " (try: inlet help check)\n";
        return exit_usage;
    }
    if (plugin_arg.empty()) {
        std::cerr << "inlet check: which plugin? (usage: inlet check PLUGIN.so [--config FILE])\n";
        return exit_usage;
    }
    if (cycles == 0) {
        std::cerr << "inlet check: --cycles must be at least 1\n";
        return exit_usage;
    }
    host::KeyValues idle;
    for (const auto &kv : idle_config) {
        auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << "inlet check: --idle-config '" << kv << "' is not KEY=VALUE\n";
            return exit_usage;
        }
        idle.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }

    host::KeyValues given;
    std::string source = "defaults";
    if (!config_file.empty()) {
        try {
            given = read_config(config_file);
            source = config_file;
        } catch (const host::JobError &e) {
            std::cerr << "inlet check: " << e.what() << "\n";
            return exit_usage;
        }
    }

    std::mutex out_mu; // the watchdog may print from its own thread
    check::Report report([&](const check::Result &r) {
        if (json) return;
        std::lock_guard lock(out_mu);
        check::print_text_line(std::cout, r);
    });
    auto finish = [&] {
        std::lock_guard lock(out_mu);
        if (json) {
            check::print_json(std::cout, plugin_arg, report);
        } else {
            std::cout << (report.all_passed() ? "inlet check: all checks passed for "
                                              : "inlet check: " + std::to_string(report.failures()) +
                                                    " check(s) failed for ")
                      << plugin_arg << "\n";
        }
    };

    std::string why_not;
    std::unique_ptr<host::Plugin> file_plugin;
    std::optional<host::PluginRegistry> registry;
    const host::Plugin *plugin =
        load(plugin_arg, plugin_paths, kafka_libs, file_plugin, registry, why_not);
    if (!plugin) {
        report.fail("descriptor", "cannot load " + plugin_arg + ": " + why_not);
        finish();
        return exit_failure;
    }

    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>("check", sink);
    logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
    logger->set_pattern("[%l] %v");

    check::Watchdog watchdog([&](const std::string &what) {
        report.fail("hung", what + " has not returned 30 s past its deadline; giving up (the process exits)");
        finish();
    });
    check::CheckOptions options;
    options.tasks.leak_cycles = cycles;
    options.tasks.idle_overrides = std::move(idle);
    // A plugin that crashes (e.g. in wake()) takes the process with it: say which call did.
    host::install_crash_handler();
    options.plugin_log = logger;
    check::run_conformance(*plugin, given, source, options, watchdog, report);
    finish();
    return report.all_passed() ? exit_ok : exit_failure;
}

} // namespace

extern const Verb verb_check{"check", "Conformance check for a connector plugin (.so)", help_text,
                             &run_check};

} // namespace inlet::cli
