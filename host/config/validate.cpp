// validate_job: every source against its plugin's definition, then the plugin's own
// validate(), then what the job as a whole promises (exactly-once needs a file sink, …).
#include "config/config_check.hpp"
#include "config/job_loader.hpp"

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

void validate_source(const SourceSpec &src, const Guarantee guarantee,
                     const PluginRegistry &plugins, std::vector<ConfigProblem> &out) {
    if (src.connector_class.empty()) return; // load_job has said so already
    const Plugin *plugin = plugins.find(src.connector_class);
    if (plugin == nullptr) {
        std::string msg = "'" + src.connector_class + "' is not a known connector plugin";
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
    bool errors = false;
    for (auto &issue : check_config(plugin->config_keys(), src.properties, src.hidden_keys)) {
        errors |= !issue.warning;
        out.push_back({src.origin, issue.key, std::move(issue.message), issue.warning});
    }
    if (guarantee == Guarantee::exactly_once &&
        (plugin->descriptor().flags & INLET_PLUGIN_REPLAYABLE) == 0)
        out.push_back({src.origin, "connector.class",
                       "exactly-once needs a replayable connector and plugin '" +
                           std::string(plugin->name()) +
                           "' is not (use --guarantee at-least-once)",
                       false});
    // The plugin's own checks assume the definition's checks passed (the contract says so).
    if (errors || plugin->descriptor().validate == nullptr) return;
    HostContext ctx{src.name, -1, spdlog::default_logger()};
    inlet_host host = make_host_table(&ctx);
    ConfigView view(src.properties);
    char buffer[1024] = {0};
    inlet_error err{buffer, sizeof buffer};
    inlet_status status = plugin->descriptor().validate(&host, &view.config, &err);
    if (status == INLET_OK) return;
    std::string why = buffer[0] != '\0' ? redact(buffer, src, *plugin) : "(no message)";
    out.push_back({src.origin, "",
                   "plugin '" + std::string(plugin->name()) + "' rejected the config: " + why,
                   false});
}

} // namespace

std::vector<ConfigProblem> validate_job(const JobSpec &job, const PluginRegistry &plugins) {
    std::vector<ConfigProblem> out;
    std::string where = "job '" + job.name + "'";
    if (job.sources.empty()) out.push_back({where, "sources", "the job has no sources", false});
    for (const auto &src : job.sources) validate_source(src, job.guarantee, plugins, out);
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
