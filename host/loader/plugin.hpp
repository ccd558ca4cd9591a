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

class PluginRegistry {
public:
    // The directories to scan, in order: each --plugin-path, then $INLET_PLUGIN_PATH
    // (colon-separated), then the default beside the executable (installed layout
    // <prefix>/lib/inlet/plugins, or the freshly built plugins in a build tree).
    static std::vector<std::filesystem::path>
    search_path(const std::vector<std::filesystem::path> &cli_paths);

    // Scans every directory (and its immediate subdirectories) for *.so files; problems are
    // collected, the good plugins still load.
    static PluginRegistry scan(const std::vector<std::filesystem::path> &dirs);

    // Loads one file, or says why not (used by `inlet check FILE.so` and tests).
    static std::unique_ptr<Plugin> load_file(const std::filesystem::path &file,
                                             std::string &why_not);

    // By name or alias (a Java class name); nullptr when unknown.
    const Plugin *find(std::string_view name_or_alias) const;
    // Up to n known names/aliases closest to `wanted` (for "did you mean").
    std::vector<std::string> closest(std::string_view wanted, size_t n = 3) const;

    const std::vector<std::unique_ptr<Plugin>> &plugins() const { return plugins_; }
    const std::vector<LoadProblem> &problems() const { return problems_; }

private:
    std::vector<std::unique_ptr<Plugin>> plugins_;
    std::vector<LoadProblem> problems_;
};

} // namespace inlet::host
