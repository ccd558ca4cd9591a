// Connectors offered by runtime plugins (ABI 1.2: inlet_plugin.list_connectors /
// open_connector), e.g. the Java classes kafka-connect finds on plugin.path. They become Plugin
// objects like native ones, so the engine, `inlet validate` and `inlet plugins` drive them
// through the same descriptor. Opening one may start a runtime (the JVM), so it is done only
// when a connector.class has no native match, when connector.runtime asks for it, or when the
// user lists them.
#include "loader/descriptor_check.hpp"
#include "loader/plugin.hpp"
#include "runtime/host_api.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include <mutex>

namespace inlet::host {

namespace {

class RuntimeConnector final : public Plugin {
public:
    RuntimeConnector(const Plugin &provider, CheckedDescriptor checked)
        : provider_(provider), checked_(std::move(checked)) {}
    const inlet_plugin &descriptor() const override { return checked_.descriptor; }
    const std::filesystem::path &path() const override { return provider_.path(); }
    const std::vector<inlet_config_key> &config_keys() const override { return checked_.keys; }
    const std::vector<std::string> &aliases() const override { return checked_.aliases; }
    uint32_t abi_minor() const override { return checked_.descriptor.abi_minor; }
    const Plugin *provider() const override { return &provider_; }

private:
    const Plugin &provider_;
    CheckedDescriptor checked_;
};

bool is_runtime(const Plugin &p) {
    const inlet_plugin &d = p.descriptor();
    return d.list_connectors != nullptr && d.open_connector != nullptr;
}

// "java" names kafka-connect; any runtime plugin also answers to its own name.
bool runtime_matches(const Plugin &p, std::string_view wanted) {
    return wanted.empty() || wanted == p.name() ||
           (wanted == "java" && p.name() == "kafka-connect");
}

struct ErrorText {
    char text[2048] = {0};
    inlet_error err{text, sizeof text};
};

} // namespace

struct RuntimeState {
    KeyValues keys; // plugin.path first, then the worker keys runtime plugins read
    std::mutex mu;
    std::vector<std::unique_ptr<Plugin>> opened; // by descriptor pointer: one Plugin each
    std::vector<const inlet_plugin *> raw;
};

PluginRegistry::PluginRegistry() : runtime_(std::make_unique<RuntimeState>()) {}
PluginRegistry::~PluginRegistry() = default;
PluginRegistry::PluginRegistry(PluginRegistry &&) noexcept = default;
PluginRegistry &PluginRegistry::operator=(PluginRegistry &&) noexcept = default;

bool PluginRegistry::has_runtimes() const {
    for (const auto &p : plugins_)
        if (is_runtime(*p)) return true;
    return false;
}

namespace {

// The Plugin for a descriptor a runtime returned, made once per descriptor.
const Plugin *adopt(RuntimeState &state, const Plugin &provider, const inlet_plugin *d,
                    std::string &why_not) {
    for (size_t i = 0; i < state.raw.size(); ++i)
        if (state.raw[i] == d) return state.opened[i].get();
    CheckedDescriptor checked;
    if (auto why = check_descriptor(d, checked, NameRule::class_name); !why.empty()) {
        why_not = "plugin '" + std::string(provider.name()) + "' returned a bad connector: " + why;
        return nullptr;
    }
    state.raw.push_back(d);
    state.opened.push_back(std::make_unique<RuntimeConnector>(provider, std::move(checked)));
    return state.opened.back().get();
}

} // namespace

const Plugin *PluginRegistry::open_runtime(std::string_view class_name,
                                           std::string &why_not) const {
    std::lock_guard lock(runtime_->mu);
    ConfigView runtime(runtime_->keys);
    const std::string name(class_name);
    std::string reasons;
    for (const auto &p : plugins_) {
        if (!is_runtime(*p)) continue;
        HostContext ctx{std::string(p->name()), -1, spdlog::default_logger()};
        inlet_host table = make_host_table(&ctx);
        ErrorText e;
        inlet_status status = INLET_OK;
        const inlet_plugin *d =
            p->descriptor().open_connector(&table, &runtime.config, name.c_str(), &status, &e.err);
        if (d != nullptr) return adopt(*runtime_, *p, d, why_not);
        if (status == INLET_INVALID_CONFIG) continue; // simply not there
        if (!reasons.empty()) reasons += "; ";
        reasons += std::string(p->name()) + ": " + (e.text[0] ? e.text : "failed");
    }
    why_not = reasons; // empty: not found anywhere, which the caller words itself
    return nullptr;
}

const Plugin *PluginRegistry::resolve(std::string_view connector_class, std::string_view runtime,
                                      std::string &why_not) const {
    why_not.clear();
    const bool native_only = runtime == "native";
    const bool runtime_only = !runtime.empty() && !native_only;
    if (!runtime_only) {
        if (const Plugin *p = find(connector_class)) return p;
        if (native_only) {
            why_not = "no native plugin is named '" + std::string(connector_class) + "'";
            return nullptr;
        }
    }
    bool any = false;
    for (const auto &p : plugins_) any |= is_runtime(*p) && runtime_matches(*p, runtime);
    if (!any) {
        if (runtime_only)
            why_not = "connector.runtime=" + std::string(runtime) +
                      ": no such runtime plugin is installed (kafka-connect answers to java)";
        return nullptr;
    }
    return open_runtime(connector_class, why_not);
}

std::vector<const Plugin *>
PluginRegistry::runtime_connectors(std::vector<LoadProblem> &problems) const {
    std::vector<const Plugin *> out;
    std::lock_guard lock(runtime_->mu);
    ConfigView runtime(runtime_->keys);
    for (const auto &p : plugins_) {
        if (!is_runtime(*p)) continue;
        // What the runtime logs while listing (a jar that is not a jar, a class missing a
        // dependency) is a problem of the listing, one line each.
        std::ostringstream logged;
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(logged);
        sink->set_pattern("%v");
        HostContext ctx{std::string(p->name()), -1,
                        std::make_shared<spdlog::logger>("runtime-list", sink)};
        ctx.logger->set_level(spdlog::level::warn);
        inlet_host table = make_host_table(&ctx);
        ErrorText e;
        struct Found {
            std::vector<const inlet_plugin *> list;
        } found;
        inlet_status st = p->descriptor().list_connectors(
            &table, &runtime.config, &found,
            [](void *ctx, const inlet_plugin *d) { static_cast<Found *>(ctx)->list.push_back(d); },
            &e.err);
        if (st != INLET_OK) problems.push_back({p->path(), e.text[0] ? e.text : "no message"});
        std::istringstream lines(logged.str());
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) problems.push_back({p->path(), line});
        for (const inlet_plugin *d : found.list) {
            std::string why;
            if (const Plugin *c = adopt(*runtime_, *p, d, why)) out.push_back(c);
            else problems.push_back({p->path(), why});
        }
    }
    return out;
}

void set_runtime_keys(RuntimeState &state, const std::vector<std::filesystem::path> &dirs,
                      KeyValues keys) {
    std::string path;
    for (const auto &d : dirs) path += (path.empty() ? "" : ",") + d.string();
    state.keys.clear();
    state.keys.emplace_back("plugin.path", path);
    for (auto &kv : keys)
        if (kv.first != "plugin.path") state.keys.push_back(std::move(kv));
}

} // namespace inlet::host
