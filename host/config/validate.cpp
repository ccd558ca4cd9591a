// validate_job: every source against its plugin's definition, then the plugin's own
// validate(), then what the job as a whole promises (exactly-once needs a file sink, …).
#include "config/config_check.hpp"
#include "config/job_loader.hpp"
#include "runtime/host_api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace inlet::host {
namespace {

// A plugin's message may quote a value it was given; secrets never leave through it.
std::string redact(std::string message, const SourceSpec &src, const Plugin &plugin) {
    for (const auto &[k, v] : src.properties) {
        bool hidden = std::find(src.hidden_keys.begin(), src.hidden_keys.end(), k) !=
                      src.hidden_keys.end();
        const inlet_config_key *def = plugin.find_key(k);
        if (def != nullptr && def->type == INLET_CFG_PASSWORD) hidden = true;
        if (!hidden || v.empty()) continue;
        for (size_t p = message.find(v); p != std::string::npos; p = message.find(v, p + 8))
            message.replace(p, v.size(), "[hidden]");
    }
    return message;
}

std::string runtime_of(const SourceSpec &src) {
    for (const auto &[k, v] : src.properties)
        if (k == "connector.runtime") return v;
    return {};
}

// Asks a plugin whether this config gives exactly-once: its exactly_once() (ABI 1.2, e.g. a
// Java connector's exactlyOnceSupport), else the REPLAYABLE flag. Empty: yes.
std::string exactly_once_refusal(const SourceSpec &src, const Plugin &plugin) {
    const inlet_plugin &d = plugin.descriptor();
    if (d.exactly_once == nullptr)
        return (d.flags & INLET_PLUGIN_REPLAYABLE) != 0
                   ? ""
                   : "plugin '" + std::string(plugin.name()) + "' is not";
    HostContext ctx{src.name, -1, spdlog::default_logger()};
    inlet_host host = make_host_table(&ctx);
    host.connector_data = d.connector_data;
    ConfigView view(src.properties);
    char buffer[1024] = {0};
    inlet_error err{buffer, sizeof buffer};
    if (d.exactly_once(&host, &view.config, &err) == INLET_OK) return {};
    return "connector '" + std::string(plugin.name()) + "' does not support it: " +
           (buffer[0] ? redact(buffer, src, plugin) : std::string("(no reason given)"));
}

} // namespace

const Plugin *resolve_source(const SourceSpec &src, const PluginRegistry &plugins,
                             std::string &why_not) {
    return plugins.resolve(src.connector_class, runtime_of(src), why_not);
}

namespace {

void validate_source(const SourceSpec &src, const Guarantee guarantee,
                     const PluginRegistry &plugins, ValidateMode mode,
                     std::vector<ConfigProblem> &out) {
    if (src.connector_class.empty()) return; // load_job has said so already
    std::string runtime_why;
    const Plugin *plugin = resolve_source(src, plugins, runtime_why);
    if (plugin == nullptr) {
        std::string msg = "'" + src.connector_class + "' is not a known connector plugin";
        if (!runtime_why.empty()) msg += " (" + runtime_why + ")";
        auto near = plugins.closest(src.connector_class);
        if (!near.empty()) {
            msg += "; closest: ";
            for (size_t i = 0; i < near.size(); ++i) msg += (i ? ", " : "") + near[i];
        } else if (plugins.plugins().empty()) {
            msg += " (no plugins were found: check plugin.path / --plugin-path)";
        }
        out.push_back({src.origin, "connector.class", msg, false});
        return;
    }
    // Old Java connectors declare keys only their task configs carry (a required task.id):
    // Kafka's worker refuses them, Hazelcast's source runs them. `inlet run` runs them with a
    // warning; `inlet validate` reports the error.
    const bool lenient = mode == ValidateMode::run && plugin->provider() != nullptr;
    bool errors = false;
    for (auto &issue : check_config(plugin->config_keys(), src.properties, src.hidden_keys)) {
        const bool warning = issue.warning || lenient;
        errors |= !warning;
        out.push_back({src.origin, issue.key, std::move(issue.message), warning});
    }
    if (guarantee == Guarantee::exactly_once)
        if (auto why = exactly_once_refusal(src, *plugin); !why.empty())
            out.push_back({src.origin, "connector.class",
                           "exactly-once needs a replayable connector and " + why +
                               " (use --guarantee at-least-once)",
                           false});
    // The plugin's own checks assume the definition's checks passed (the contract says so).
    if (errors || plugin->descriptor().validate == nullptr) return;
    HostContext ctx{src.name, -1, spdlog::default_logger()};
    inlet_host host = make_host_table(&ctx);
    host.connector_data = plugin->descriptor().connector_data;
    ConfigView view(src.properties);
    char buffer[4096] = {0};
    inlet_error err{buffer, sizeof buffer};
    inlet_status status = plugin->descriptor().validate(&host, &view.config, &err);
    if (status == INLET_OK) return;
    std::string why = buffer[0] != '\0' ? redact(buffer, src, *plugin) : "(no message)";
    out.push_back({src.origin, "",
                   "plugin '" + std::string(plugin->name()) + "' rejected the config: " + why,
                   lenient});
}

} // namespace

std::vector<ConfigProblem> validate_job(const JobSpec &job, const PluginRegistry &plugins,
                                        ValidateMode mode) {
    std::vector<ConfigProblem> out;
    std::string where = "job '" + job.name + "'";
    if (job.sources.empty()) out.push_back({where, "sources", "the job has no sources", false});
    for (const auto &src : job.sources) validate_source(src, job.guarantee, plugins, mode, out);
    if (job.guarantee == Guarantee::exactly_once) {
        if (job.sink.kind != SinkSpec::Kind::file_sink)
            out.push_back({where, "guarantee",
                           "exactly-once needs the file sink (stdout and null cannot take back "
                           "records written after the last snapshot); use --sink file:PATH or "
                           "--guarantee at-least-once",
                           false});
        if (!job.state_dir)
            out.push_back({where, "guarantee",
                           "exactly-once needs a state directory for its snapshots "
                           "(snapshot.state.dir, offset.storage.file.filename or --state-dir)",
                           false});
    }
    return out;
}

} // namespace inlet::host
