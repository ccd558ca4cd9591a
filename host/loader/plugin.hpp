// A loaded, verified connector plugin and the registry that finds them.
//
// Loading order for one file (the loader's contract; see loader/README.md):
//   1. read the ELF section "inlet_plugin" from the file, without loading it, and check the
//      magic bytes and ABI major — a foreign or mismatched .so never runs code in the host;
//   2. refuse files and folders writable by group or others;
//   3. dlopen (RTLD_NOW | RTLD_LOCAL) through Boost.DLL, resolve inlet_plugin_entry_v1, call
//      it, and check the descriptor (struct size, ABI major, name, mandatory callbacks).
// A library is never unloaded: records, schemas and strings from it may live anywhere.
#pragma once

#include <inlet/connector.h>

#include <filesystem>
#include <memory>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::host {

class Plugin {
public:
    virtual ~Plugin() = default;
    virtual const inlet_plugin &descriptor() const = 0;
    virtual const std::filesystem::path &path() const = 0;
    // Normalised copies (zero-filled where the plugin's structs are older than the host's).
    virtual const std::vector<inlet_config_key> &config_keys() const = 0;
    virtual const std::vector<std::string> &aliases() const = 0;
    // The ABI minor the plugin was built against.
    virtual uint32_t abi_minor() const = 0;

    // The runtime plugin that offered this connector (a Java class through kafka-connect), or
    // nullptr for a native plugin.
    virtual const Plugin *provider() const { return nullptr; }

    std::string_view name() const { return descriptor().name; }
    const inlet_config_key *find_key(std::string_view key) const {
        for (const auto &k : config_keys())
            if (key == k.name) return &k;
        return nullptr;
    }
};

// Why a file was not accepted.
struct LoadProblem {
    std::filesystem::path file;
    std::string reason;
};

struct RuntimeState; // connectors opened through runtime plugins (registry.cpp)

class PluginRegistry {
public:
    PluginRegistry();
    ~PluginRegistry();
    PluginRegistry(PluginRegistry &&) noexcept;
    PluginRegistry &operator=(PluginRegistry &&) noexcept;

    // The directories to scan, in order: each --plugin-path, then $INLET_PLUGIN_PATH
    // (colon-separated), then the default beside the executable (installed layout
    // <prefix>/lib/inlet/plugins, or the freshly built plugins in a build tree).
    static std::vector<std::filesystem::path>
    search_path(const std::vector<std::filesystem::path> &cli_paths);

    // Scans every directory (and its immediate subdirectories) for *.so files; problems are
    // collected, the good plugins still load.
    //
    // `runtime_keys` are the worker keys runtime plugins read (kafka.connect.libs,
    // inlet.jvm.options); plugin.path is added from `dirs`.
    static PluginRegistry
    scan(const std::vector<std::filesystem::path> &dirs,
         std::vector<std::pair<std::string, std::string>> runtime_keys = {});

    // Loads one file, or says why not (used by `inlet check FILE.so` and tests).
    static std::unique_ptr<Plugin> load_file(const std::filesystem::path &file,
                                             std::string &why_not);

    // By name or alias (a Java class name) among native plugins; nullptr when unknown.
    const Plugin *find(std::string_view name_or_alias) const;

    // What a connector.class runs: a native plugin by name or alias, else a connector a runtime
    // plugin finds (a Java class by full name, simple name, or simple name without
    // "Connector"). `runtime` is connector.runtime: "" or "native" prefers the native plugin,
    // "java" (any runtime plugin's name, or "java" for kafka-connect) skips native ones.
    // nullptr with `why_not` when nothing matches.
    const Plugin *resolve(std::string_view connector_class, std::string_view runtime,
                          std::string &why_not) const;

    // Every connector the runtime plugins offer (starts their runtimes: the JVM). Problems
    // (no JDK, a bad jar) are collected.
    std::vector<const Plugin *> runtime_connectors(std::vector<LoadProblem> &problems) const;
    // Whether some loaded plugin is a runtime plugin.
    bool has_runtimes() const;
    // Up to n known names/aliases closest to `wanted` (for "did you mean").
    std::vector<std::string> closest(std::string_view wanted, size_t n = 3) const;

    const std::vector<std::unique_ptr<Plugin>> &plugins() const { return plugins_; }
    const std::vector<LoadProblem> &problems() const { return problems_; }

private:
    const Plugin *open_runtime(std::string_view class_name, std::string &why_not) const;

    std::vector<std::unique_ptr<Plugin>> plugins_;
    std::vector<LoadProblem> problems_;
    std::unique_ptr<RuntimeState> runtime_;
};

} // namespace inlet::host
