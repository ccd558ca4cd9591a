// inlet run: load a job (job.json, or Kafka Connect .properties files), check it against the
// plugins, and run it through the embedding API (engine/pipeline.hpp) until it finishes, is
// stopped by SIGINT/SIGTERM, or fails.
#include "cli/verb.hpp"
#include "config/job_loader.hpp"
#include "engine/crash_handler.hpp"
#include "engine/pipeline.hpp"
#include "engine/signals.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include <boost/program_options.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace inlet::cli {
namespace {

namespace po = boost::program_options;

const char *const help_text =
    R"(Usage: inlet run FILE... [options]

Runs a job until its sources finish or it is stopped (SIGINT/SIGTERM: final snapshot, commit,
exit 0; a second signal exits at once). FILE is a job.json, or Kafka Connect standalone files:
[worker.properties] connector.properties...

Options (override what the files say):
  --sink stdout|null|file:PATH       where records go (default: stdout)
  --format envelope|value|connect-json
                                     how each record is written, one per line
  --guarantee none|at-least-once|exactly-once
                                     exactly-once needs replayable sources, the file sink
                                     and --state-dir
  --state-dir DIR                    snapshots live here; a restart resumes from the latest
  --snapshot-interval-ms N           time between snapshots (default 1000)
  --memory-budget-mb N               memory for records in flight, all tasks together
  --plugin-path DIR                  where to look for connector plugins (repeatable)
  --quiet                            no live status and no summary
  --log-level trace|debug|info|warn|error
                                     (default: info)

Examples:
  inlet run job.json
  inlet run worker.properties file-source.properties --sink file:/tmp/out.txt --format value
  inlet run conn.properties --guarantee exactly-once --state-dir /var/lib/inlet/job1 \
      --sink file:/data/out.jsonl
)";

std::string with_commas(uint64_t n) {
    std::string s = std::to_string(n);
    for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
    return s;
}

void print_summary(const std::string &name, const host::JobResult &r) {
    double secs = r.elapsed.count();
    std::fprintf(stderr, "inlet: job '%s' %s after %.2f s: %s records (%s/s), %llu snapshots%s\n",
                 name.c_str(), r.ok ? (r.cancelled ? "stopped" : "finished") : "FAILED", secs,
                 with_commas(r.records).c_str(),
                 with_commas(uint64_t(secs > 0 ? double(r.records) / secs : 0)).c_str(),
                 static_cast<unsigned long long>(r.snapshots),
                 r.resumed_from ? (", resumed from snapshot " + std::to_string(*r.resumed_from)).c_str()
                                : "");
    for (const auto &t : r.tasks) {
        std::string extra;
        if (t.restarts > 0) extra += ", " + std::to_string(t.restarts) + " restarts";
        if (!t.failure.empty()) extra += ", FAILED: " + t.failure;
        std::fprintf(stderr, "  %-24s %s records, %llu commits%s\n", t.label.c_str(),
                     with_commas(t.records).c_str(), static_cast<unsigned long long>(t.commits),
                     extra.c_str());
    }
}

// Hands a signal to the job once it exists (a signal may come before it does).
class CancelHook {
public:
    void request() {
        std::lock_guard lock(mu_);
        requested_ = true;
        if (job_) job_->cancel();
    }
    void attach(RunningJob *job) {
        std::lock_guard lock(mu_);
        job_ = job;
        if (job_ && requested_) job_->cancel();
    }

private:
    std::mutex mu_;
    RunningJob *job_ = nullptr;
    bool requested_ = false;
};

int run_run(const std::vector<std::string> &args) {
    po::options_description opts("run");
    opts.add_options()("sink", po::value<std::string>())("format", po::value<std::string>())(
        "guarantee", po::value<std::string>())("state-dir", po::value<std::string>())(
        "snapshot-interval-ms", po::value<long long>())("memory-budget-mb", po::value<long long>())(
        "plugin-path", po::value<std::vector<std::string>>()->composing())("quiet", po::bool_switch())(
        "log-level", po::value<std::string>()->default_value("info"))(
        "files", po::value<std::vector<std::string>>());
    po::positional_options_description pos;
    pos.add("files", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error &e) {
        std::cerr << "inlet run: " << e.what() << " (try: inlet help run)\n";
        return exit_usage;
    }
    if (!vm.count("files")) {
        std::cerr << "inlet run: no job file given (try: inlet help run)\n";
        return exit_usage;
    }
    auto level = spdlog::level::from_str(vm["log-level"].as<std::string>());
    if (level == spdlog::level::off && vm["log-level"].as<std::string>() != "off") {
        std::cerr << "inlet run: --log-level: unknown level '" << vm["log-level"].as<std::string>()
                  << "' (trace, debug, info, warn, error)\n";
        return exit_usage;
    }
    // Logs go to stderr: stdout may be the job's output (--sink stdout).
    spdlog::set_default_logger(spdlog::stderr_color_mt("inlet"));
    spdlog::set_level(level);
    const bool quiet = vm["quiet"].as<bool>();

    host::JobOverrides ov;
    if (vm.count("sink")) ov.sink = vm["sink"].as<std::string>();
    if (vm.count("format")) ov.format = vm["format"].as<std::string>();
    if (vm.count("guarantee")) ov.guarantee = vm["guarantee"].as<std::string>();
    if (vm.count("state-dir")) ov.state_dir = vm["state-dir"].as<std::string>();
    if (vm.count("snapshot-interval-ms")) {
        long long ms = vm["snapshot-interval-ms"].as<long long>();
        if (ms <= 0) {
            std::cerr << "inlet run: --snapshot-interval-ms must be positive, got " << ms << "\n";
            return exit_usage;
        }
        ov.snapshot_interval = std::chrono::milliseconds(ms);
    }
    if (vm.count("plugin-path"))
        for (const auto &p : vm["plugin-path"].as<std::vector<std::string>>()) ov.plugin_paths.push_back(p);
    std::vector<std::filesystem::path> files;
    for (const auto &f : vm["files"].as<std::vector<std::string>>()) files.push_back(f);

    host::JobSpec job;
    try {
        job = host::load_job(files, ov);
    } catch (const host::JobError &e) {
        std::cerr << "inlet run: " << e.what() << "\n";
        return exit_usage;
    }
    if (vm.count("memory-budget-mb")) {
        long long mb = vm["memory-budget-mb"].as<long long>();
        if (mb <= 0) {
            std::cerr << "inlet run: --memory-budget-mb must be positive, got " << mb << "\n";
            return exit_usage;
        }
        job.memory_budget_bytes = size_t(mb) << 20;
    }

    // Before any plugin runs: a JVM (plugins/kafka-connect) started later chains to this
    // handler for the signals it does not handle itself; installed after the JVM, it would
    // replace the JVM's and turn its routine SIGSEGVs (null checks) into crashes.
    host::install_crash_handler();
    // Signals are taken from here on: starting a JVM to resolve a Java connector takes a
    // second, and a SIGTERM in that time must stop the job cleanly, not kill inlet.
    CancelHook hook;
    host::SignalWatcher signals([&hook](int) { hook.request(); });
    auto registry = host::PluginRegistry::scan(host::PluginRegistry::search_path(job.plugin_paths),
                                               job.runtime_keys);
    for (const auto &p : registry.problems())
        spdlog::debug("not a plugin: {}: {}", p.file.string(), p.reason);
    bool bad = false;
    for (const auto &problem : host::validate_job(job, registry, host::ValidateMode::run)) {
        if (problem.warning) {
            spdlog::warn("{}", host::format_problem(problem));
        } else {
            std::cerr << "inlet run: " << host::format_problem(problem) << "\n";
            bad = true;
        }
    }
    if (bad) return exit_failure;

    Pipeline pipeline(job.name);
    for (const auto &source : job.sources) {
        std::string why;
        const host::Plugin *plugin = host::resolve_source(source, registry, why);
        if (plugin == nullptr) { // validate_job reports it; this guards a loader mismatch
            std::cerr << "inlet run: " << source.origin << ": no plugin for connector.class '"
                      << source.connector_class << "'" << (why.empty() ? "" : ": " + why) << "\n";
            return exit_failure;
        }
        // Which kind ran matters when a native alias and a Java class share a name.
        if (plugin->provider() != nullptr)
            spdlog::info("source '{}': connector.class '{}' runs Java class {} {} (through {})",
                         source.name, source.connector_class, plugin->name(),
                         plugin->descriptor().version, plugin->provider()->name());
        else if (registry.has_runtimes())
            spdlog::info("source '{}': connector.class '{}' runs native plugin '{}' "
                         "(connector.runtime=java runs a Java class of that name instead)",
                         source.name, source.connector_class, plugin->name());
        pipeline.read(*plugin, source);
    }
    host::JobOptions options;
    options.name = job.name;
    options.guarantee = job.guarantee;
    options.snapshot_interval = job.snapshot_interval;
    options.state_dir = job.state_dir;
    options.memory_budget_bytes = job.memory_budget_bytes;
    options.poll_timeout = job.poll_timeout;
    options.errors = job.errors;
    options.show_progress = !quiet;
    pipeline.options(options);

    try {
        pipeline.write(job.sink);
        RunningJob running = std::move(pipeline).submit();
        hook.attach(&running);
        host::JobResult result = running.wait();
        hook.attach(nullptr);
        // A job that could not start has no summary, only its one-line reason.
        if (!quiet && !(!result.ok && result.tasks.empty())) print_summary(job.name, result);
        if (!result.ok) {
            std::cerr << "inlet run: " << result.error << "\n";
            if (!result.abandoned.empty()) {
                // A task thread was left inside a plugin call (engine/README.md): exit without
                // static destructors, which it could still run into. Output is already durable.
                std::fflush(nullptr);
                std::_Exit(exit_failure);
            }
            return exit_failure;
        }
        return exit_ok;
    } catch (const std::exception &e) { // JobSetupError, SinkError: the job cannot start
        std::cerr << "inlet run: " << e.what() << "\n";
        return exit_failure;
    }
}

} // namespace

extern const Verb verb_run{"run", "Run a job: connectors -> sink, with snapshots", help_text,
                           &run_run};

} // namespace inlet::cli
