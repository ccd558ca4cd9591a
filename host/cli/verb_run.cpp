// inlet run: load a job (job.json, or Kafka Connect .properties files), check it against the
// plugins, and run it through the embedding API (engine/pipeline.hpp) until it finishes, is
// stopped by SIGINT/SIGTERM, or fails.
#include "cli/verb.hpp"
#include "config/job_flags.hpp"
#include "config/config_check.hpp"
#include "config/job_loader.hpp"
#include "engine/crash_handler.hpp"
#include "engine/pipeline.hpp"
#include "engine/progress.hpp"
#include "engine/signals.hpp"
#include "rest/connect_api.hpp"
#include "rest/http_server.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>

#include <boost/program_options.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace inlet::cli {
namespace {

namespace po = boost::program_options;
using host::with_commas;

const char *const help_text =
    R"(Usage: inlet run FILE... [options]

Runs a job until its sources finish or it is stopped (SIGINT/SIGTERM: final snapshot, commit,
exit 0; a second signal exits at once). FILE is a job.json, or Kafka Connect standalone files:
[worker.properties] connector.properties...

At the end a summary on stderr: records, bytes written and snapshots, then per task its records, commits,
restarts and the counters its plugin reported (e.g. the file connector's lines.skipped).
Relative paths (--sink file:PATH, --state-dir) are resolved once, from the working directory,
and recorded absolute: an exactly-once restart writing another output is refused.

Options (override what the files say):
  --sink stdout|null|file:PATH       where records go (default: stdout)
  --roll-size-mb N                   file sink: PATH is DIR/PREFIX of numbered part files,
                                     a new part once one holds N MiB (default: one file)
  --roll-interval-s N                ... and/or once a part has been open N seconds
  --retain-parts N                   delete the oldest finished parts beyond the newest N
  --retain-age-s N                   delete finished parts older than N seconds
                                     (parts and their life cycle: host/sink/README.md)
  --format envelope|value|connect-json|json|string|bytes
                                     how each record is written, one per line
                                     (default: what value.converter means, else
                                     envelope; see host/sink/README.md)
  --guarantee none|at-least-once|exactly-once
                                     exactly-once needs replayable sources, the file sink
                                     and --state-dir
  --state-dir DIR                    snapshots live here; a restart resumes from the latest
  --snapshot-interval-ms N           time between snapshots (default 1000)
  --memory-budget-mb N               memory for records in flight, all tasks together
  --plugin-path DIR                  where to look for connector plugins (repeatable)
  --rest HOST:PORT                   serve Kafka Connect's REST API, /metrics and the
                                     dashboard (also worker keys listeners / rest.port); the
                                     job then runs until stopped, even when its sources finish,
                                     and connectors can be created, changed and deleted through
                                     the API (kept in the state directory); a worker file alone
                                     is then enough
  --rest-token-file FILE             clients must send "Authorization: Bearer <file content>"
                                     (worker key rest.auth.token.file)
  --rest-insecure                    allow an address other than loopback without a token
  --rest-nice N                      run the API's threads N steps nicer than the job's
                                     (0-19, default 10): with the CPUs short, requests wait,
                                     not the job; 0: same priority
  --rest-max-rate N                  the API's admission budget: at most N requests a second
                                     (default 500; bursts of N/10 at once); beyond it requests
                                     wait their turn, in arrival order, never refused, so a
                                     flood of clients slows the answers, not the job (trade:
                                     host/rest/README.md "Under load"); 0: no budget
  --quiet                            no live status and no summary
  --log-level trace|debug|info|warn|error
                                     (default: info)

Examples:
  inlet run job.json
  inlet run worker.properties file-source.properties --sink file:/tmp/out.txt --format value
  inlet run conn.properties --rest 127.0.0.1:8083 --state-dir /var/lib/inlet/w1
  inlet run worker.properties --rest 127.0.0.1:8083    # connectors: POST /connectors
  inlet run conn.properties --guarantee exactly-once --state-dir /var/lib/inlet/job1 \
      --sink file:/data/out.jsonl
  inlet run conn.properties --guarantee exactly-once --state-dir /var/lib/inlet/job1 \
      --sink file:/data/out/orders.jsonl --roll-size-mb 256 --roll-interval-s 3600 \
      --retain-parts 48                # /data/out/orders-00000001.jsonl, ...
)";

// "1 record", "2 records", "1,000 records".
std::string count_of(uint64_t n, const char *noun) {
    return with_commas(n) + " " + noun + (n == 1 ? "" : "s");
}

void print_summary(const std::string &name, const host::JobResult &r) {
    double secs = r.elapsed.count();
    std::string resumed =
        r.resumed_from ? ", resumed from snapshot " + std::to_string(*r.resumed_from) : "";
    // Bytes only from a sink that counts them (file, stdout).
    std::string bytes = r.bytes_written > 0 ? ", " + count_of(r.bytes_written, "byte") + " written" : "";
    std::fprintf(stderr, "inlet: job '%s' %s after %.2f s: %s (%s/s)%s, %s%s\n", name.c_str(),
                 r.ok ? (r.cancelled ? "stopped" : "finished") : "FAILED", secs,
                 count_of(r.records, "record").c_str(),
                 with_commas(uint64_t(secs > 0 ? double(r.records) / secs : 0)).c_str(),
                 bytes.c_str(), count_of(r.snapshots, "snapshot").c_str(), resumed.c_str());
    for (const auto &t : r.tasks) {
        std::string extra;
        if (t.restarts > 0) extra += ", " + count_of(t.restarts, "restart");
        if (t.utf8_replaced > 0)
            extra += ", " + with_commas(t.utf8_replaced) + " invalid UTF-8 sequences replaced by U+FFFD";
        // The plugin's own counts (inlet_host.count), e.g. "lines.skipped 3".
        for (const auto &[counter, n] : t.counters) extra += ", " + counter + " " + with_commas(n);
        if (!t.failure.empty()) extra += ", FAILED: " + t.failure;
        std::fprintf(stderr, "  %-24s %s, %s%s\n", t.label.c_str(), count_of(t.records, "record").c_str(),
                     count_of(t.commits, "commit").c_str(), extra.c_str());
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

// How a worker turns a config from its REST API (or from connectors.json, kept by an earlier
// run) into a connector: checked exactly as a connector file would be (validate_job), against
// the job's guarantee. Values are taken as given: config providers are not resolved there.
host::ConnectorBinder connector_binder(const host::JobSpec &job, const host::PluginRegistry &registry) {
    return [&job, &registry](const std::string &name, const host::KeyValues &config) {
        host::BindResult out;
        host::JobSpec one;
        one.name = job.name;
        one.guarantee = job.guarantee;
        one.sink = job.sink;
        one.state_dir = job.state_dir;
        host::SourceSpec src;
        src.name = name;
        src.origin = "connector '" + name + "'";
        src.properties = config;
        for (const auto &[k, v] : config) {
            if (k == "connector.class") src.connector_class = v;
            if (k == "tasks.max") {
                auto n = host::parse_tasks_max(v);
                if (!n) out.errors.push_back("Invalid value " + v + " for configuration tasks.max: must be a positive integer");
                else src.tasks_max = *n;
            }
        }
        // Kafka's AbstractHerder.validateConnectorConfig refuses a config without a class.
        if (src.connector_class.empty())
            out.errors.push_back("Missing required configuration \"connector.class\" which has no default value.");
        if (!out.errors.empty()) return out;
        one.sources.push_back(src);
        for (const auto &problem : host::validate_job(one, registry)) {
            if (problem.warning) spdlog::warn("{}", host::problem_text(problem));
            else out.errors.push_back(problem.key.empty() ? problem.message
                                                          : "Invalid value for configuration " + problem.key + ": " + problem.message);
        }
        if (!out.errors.empty()) return out;
        // As the job's own sources: a native plugin, else a runtime plugin's connector (a Java
        // class on plugin.path), per connector.runtime.
        std::string why;
        const host::Plugin *plugin = host::resolve_source(src, registry, why);
        if (plugin == nullptr) {
            out.errors.push_back("no plugin for connector.class '" + src.connector_class + "'" +
                                 (why.empty() ? "" : ": " + why));
            return out;
        }
        out.source = host::BoundSource{std::move(src), &plugin->descriptor(), true};
        return out;
    };
}

// --rest HOST:PORT with its token: loopback freely; any other address only with a bearer token
// or an explicit --rest-insecure. nullopt after printing why.
std::optional<rest::ServerOptions> rest_server_options(const host::JobSpec &job, bool insecure) {
    rest::ServerOptions o;
    const std::string &l = *job.rest_listener;
    size_t colon = l.rfind(':');
    std::string port = colon == std::string::npos ? "" : l.substr(colon + 1);
    o.address = colon == std::string::npos ? l : l.substr(0, colon);
    if (o.address.size() > 1 && o.address.front() == '[' && o.address.back() == ']')
        o.address = o.address.substr(1, o.address.size() - 2);
    if (o.address.empty() || o.address == "localhost") o.address = "127.0.0.1";
    char *end = nullptr;
    long p = port.empty() ? -1 : std::strtol(port.c_str(), &end, 10);
    if (p < 0 || p > 65535 || *end != '\0') {
        std::cerr << "inlet run: --rest '" << l << "': expected HOST:PORT, e.g. 127.0.0.1:8083\n";
        return std::nullopt;
    }
    o.port = uint16_t(p);
    if (job.rest_token_file) {
        std::ifstream in(*job.rest_token_file);
        std::string token;
        if (!in || !std::getline(in, token) || token.empty()) {
            std::cerr << "inlet run: rest.auth.token.file " << job.rest_token_file->string()
                      << ": cannot read a token from its first line\n";
            return std::nullopt;
        }
        o.token = token;
    }
    bool loopback = o.address == "127.0.0.1" || o.address == "::1";
    if (!loopback && o.token.empty()) {
        if (!insecure) {
            std::cerr << "inlet run: --rest " << l << " is reachable from other machines: give a "
                      << "token with --rest-token-file FILE (rest.auth.token.file), or pass "
                      << "--rest-insecure to serve it to anyone\n";
            return std::nullopt;
        }
        spdlog::warn("the REST API on {} has no token: anyone who can reach it can stop the job", l);
    }
    return o;
}

int run_run(const std::vector<std::string> &args) {
    po::options_description opts("run");
    opts.add_options()("sink", po::value<std::string>())("format", po::value<std::string>())(
        "guarantee", po::value<std::string>())("state-dir", po::value<std::string>())(
        "snapshot-interval-ms", po::value<long long>())("memory-budget-mb", po::value<long long>())(
        "plugin-path", po::value<std::vector<std::string>>()->composing())("quiet", po::bool_switch())(
        "rest", po::value<std::string>())("rest-token-file", po::value<std::string>())(
        "rest-insecure", po::bool_switch())("rest-nice", po::value<int>())(
        "rest-max-rate", po::value<long long>())("roll-size-mb", po::value<std::string>())(
        "roll-interval-s", po::value<std::string>())("retain-parts", po::value<std::string>())(
        "retain-age-s", po::value<std::string>())(
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
    ov.worker = vm.count("rest") > 0;
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
        // The roll policy's flags are checked as `inlet validate` checks them.
        host::JobFlags roll;
        auto flag = [&vm](const char *name, std::optional<std::string> &to) {
            if (vm.count(name)) to = vm[name].as<std::string>();
        };
        flag("roll-size-mb", roll.roll_size_mb);
        flag("roll-interval-s", roll.roll_interval_s);
        flag("retain-parts", roll.retain_parts);
        flag("retain-age-s", roll.retain_age_s);
        host::JobOverrides checked = host::to_overrides(roll);
        ov.roll_size_mb = checked.roll_size_mb;
        ov.roll_interval_s = checked.roll_interval_s;
        ov.retain_parts = checked.retain_parts;
        ov.retain_age_s = checked.retain_age_s;
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

    if (vm.count("rest")) job.rest_listener = vm["rest"].as<std::string>();
    if (vm.count("rest-token-file")) job.rest_token_file = vm["rest-token-file"].as<std::string>();
    std::optional<rest::ServerOptions> rest_options;
    if (job.rest_listener) {
        auto r = rest_server_options(job, vm["rest-insecure"].as<bool>());
        if (!r) return exit_usage;
        rest_options = std::move(*r);
        if (vm.count("rest-nice")) {
            int n = vm["rest-nice"].as<int>();
            if (n < 0 || n > 19) {
                std::cerr << "inlet run: --rest-nice must be 0 to 19, got " << n << "\n";
                return exit_usage;
            }
            rest_options->nice = n;
        }
        if (vm.count("rest-max-rate")) {
            long long n = vm["rest-max-rate"].as<long long>();
            if (n < 0 || n > 1'000'000) {
                std::cerr << "inlet run: --rest-max-rate must be 0 (no budget) to 1000000 requests a "
                          << "second, got " << n << "\n";
                return exit_usage;
            }
            rest_options->max_rate = unsigned(n);
        }
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
        if (rest_options && problem.key == "sources" && job.sources.empty())
            continue; // a worker may start empty: connectors come through its API
        if (problem.warning) {
            spdlog::warn("{}", host::problem_text(problem));
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
        // (The runtime logs which version of a class runs when the connector starts.)
        if (plugin->provider() != nullptr)
            spdlog::info("source '{}': connector.class '{}' runs Java class {} (through {})",
                         source.name, source.connector_class, plugin->name(), plugin->provider()->name());
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
    options.show_progress = !quiet && !rest_options;
    options.keep_running = rest_options.has_value();
    if (rest_options) options.bind = connector_binder(job, registry);
    pipeline.options(options);

    try {
        pipeline.write(job.sink);
        // The API's port is bound before the job starts: a port in use costs no run. Until the
        // job exists, requests are answered 503.
        std::atomic<const rest::ConnectApi *> api_ptr{nullptr};
        std::unique_ptr<rest::HttpServer> server;
        if (rest_options) {
            try {
                server = std::make_unique<rest::HttpServer>(*rest_options, [&api_ptr](const rest::Request &r) {
                    const rest::ConnectApi *a = api_ptr.load();
                    return a ? a->handle(r) : rest::error_response(503, "the worker is starting");
                });
            } catch (const rest::ServerError &e) {
                std::cerr << "inlet run: " << e.what() << "\n";
                return exit_failure;
            }
        }
        RunningJob running = std::move(pipeline).submit();
        hook.attach(&running);
        std::unique_ptr<rest::ConnectApi> api;
        if (rest_options) {
            std::vector<const host::Plugin *> plugins;
            for (const auto &p : registry.plugins()) plugins.push_back(p.get());
            // The connectors runtime plugins offer (Java classes on plugin.path), so that
            // /connector-plugins lists and describes them too. Without jars on plugin.path no
            // runtime starts; their problems were reported when the job was set up.
            if (registry.has_runtimes()) {
                std::vector<host::LoadProblem> ignored;
                for (const host::Plugin *p : registry.runtime_connectors(ignored)) plugins.push_back(p);
            }
            std::string worker = rest_options->address + ":" + std::to_string(server->port());
            api = std::make_unique<rest::ConnectApi>(running.job(), std::move(plugins), worker,
                                                     connector_binder(job, registry));
            api_ptr.store(api.get());
            spdlog::info("REST API on http://{}:{}/ (dashboard: /ui, metrics: /metrics)",
                         rest_options->address, server->port());
        }
        host::JobResult result = running.wait();
        hook.attach(nullptr);
        server.reset(); // before the job it reads goes
        api.reset();
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
