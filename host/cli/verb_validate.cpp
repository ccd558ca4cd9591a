// inlet validate: load the job the way `inlet run` would and check every connector config
// against its plugin, reporting every problem at once.
#include "cli/verb.hpp"
#include "config/job_flags.hpp"
#include "config/job_loader.hpp"
#include "config/names.hpp"
#include "loader/plugin.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace inlet::cli {
namespace po = boost::program_options;
using namespace inlet::host;

namespace {

int run_validate(const std::vector<std::string> &args) {
    JobFlags flags;
    std::vector<std::string> files;
    po::options_description options;
    add_job_flags(options, flags);
    options.add_options()("file", po::value<std::vector<std::string>>(&files), "job files");
    po::positional_options_description positional;
    positional.add("file", -1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error &e) {
        std::cerr << "inlet validate: " << e.what() << " (see: inlet help validate)\n";
        return exit_usage;
    }
    if (files.empty()) {
        std::cerr << "inlet validate: no job file given (see: inlet help validate)\n";
        return exit_usage;
    }

    std::vector<ConfigProblem> problems;
    JobSpec job;
    try {
        job = load_job(std::vector<std::filesystem::path>(files.begin(), files.end()),
                       to_overrides(flags), problems);
    } catch (const JobError &e) {
        std::cerr << e.what() << "\n";
        return exit_usage;
    }

    PluginRegistry plugins =
        PluginRegistry::scan(PluginRegistry::search_path(job.plugin_paths), job.runtime_keys);
    for (const auto &p : plugins.problems())
        problems.push_back({p.file.string(), "", "not loaded: " + p.reason, true});
    auto found = validate_job(job, plugins);
    problems.insert(problems.end(), found.begin(), found.end());

    size_t errors = 0, warnings = 0;
    for (const auto &p : problems) {
        std::cout << format_problem(p) << "\n";
        (p.warning ? warnings : errors) += 1;
    }
    std::cout << "job '" << job.name << "': " << job.sources.size()
              << (job.sources.size() == 1 ? " source" : " sources") << ", sink "
              << to_string(job.sink.kind)
              << (job.sink.kind == SinkSpec::Kind::file_sink ? ":" + job.sink.path.string() : "")
              << " (" << to_string(job.sink.format) << "), " << to_string(job.guarantee) << ": "
              << errors << (errors == 1 ? " error, " : " errors, ") << warnings
              << (warnings == 1 ? " warning" : " warnings") << "\n";
    return errors == 0 ? exit_ok : exit_failure;
}

} // namespace

extern const Verb verb_validate{
    "validate", "Check job files against the connectors' definitions, reporting every problem",
    R"(Usage: inlet validate [options] job.json
       inlet validate [options] [worker.properties] connector.properties...

Loads the job exactly as `inlet run` would (same files, same flags, config providers
resolved) and checks every connector's configuration against its plugin: the connector
class exists, required keys are set, values have the right type, range and allowed value,
then the plugin's own validation. Every problem is printed, one per line:
  conn.properties: key 'file': required: The file to read.
Unknown keys and ignored Kafka worker keys are warnings. Values of password keys and values
from ${env:…}/${file:…} are shown as [hidden].

Options:
  --sink SINK               stdout, null or file:PATH
  --format FMT              envelope, value, connect-json, json, string or bytes
  --guarantee G             none, at-least-once or exactly-once
  --state-dir DIR           where snapshots are kept
  --snapshot-interval-ms N  milliseconds between snapshots
  --plugin-path DIR         a folder of connector plugins (repeatable)

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read or
parsed, or a bad flag.

Examples:
  inlet validate job.json
  inlet validate connect-standalone.properties random.properties
  inlet validate file-source.properties --plugin-path ./my-plugins --guarantee exactly-once
)",
    &run_validate};

} // namespace inlet::cli
