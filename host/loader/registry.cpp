// PluginRegistry: where plugins are looked for, scanning, and lookup by name or alias.
#include "loader/install_paths.hpp"
#include "loader/plugin.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <system_error>

namespace inlet::host {
namespace fs = std::filesystem;

namespace {

// The folder holding the running executable, or empty when /proc is unavailable.
fs::path executable_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

bool is_dir(const fs::path &p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool is_plugin_candidate(const fs::directory_entry &e) {
    std::error_code ec;
    return e.path().extension() == ".so" && e.is_regular_file(ec);
}

// *.so files directly in `dir` and in its immediate subfolders (the build tree keeps each
// plugin in plugins/<name>/), sorted so that which duplicate wins never depends on readdir.
std::vector<fs::path> candidates(const fs::path &dir, std::vector<LoadProblem> &problems) {
    std::vector<fs::path> files;
    std::vector<fs::path> subdirs;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (is_plugin_candidate(*it)) files.push_back(it->path());
        else if (it->is_directory(ec)) subdirs.push_back(it->path());
    }
    if (ec) problems.push_back({dir, "cannot read directory: " + ec.message()});
    std::sort(subdirs.begin(), subdirs.end());
    for (const auto &sub : subdirs) {
        std::error_code sub_ec;
        for (fs::directory_iterator it(sub, sub_ec), end; !sub_ec && it != end;
             it.increment(sub_ec))
            if (is_plugin_candidate(*it)) files.push_back(it->path());
        if (sub_ec) problems.push_back({sub, "cannot read directory: " + sub_ec.message()});
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

} // namespace

std::vector<fs::path> PluginRegistry::search_path(const std::vector<fs::path> &cli_paths) {
    std::vector<fs::path> dirs(cli_paths.begin(), cli_paths.end());
    if (const char *env = std::getenv("INLET_PLUGIN_PATH")) {
        std::string_view rest(env);
        while (!rest.empty()) {
            const size_t colon = rest.find(':');
            const std::string_view item = rest.substr(0, colon);
            if (!item.empty()) dirs.emplace_back(item);
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    // The default: the installed layout (<prefix>/bin/inlet next to <prefix>/<libdir>/inlet/
    // plugins) when present, else the build tree, where build/inlet sits beside build/plugins/.
    const fs::path exe_dir = executable_dir();
    if (!exe_dir.empty()) {
        const fs::path installed = (exe_dir / INLET_PLUGINDIR_FROM_BINDIR).lexically_normal();
        const fs::path build_tree = exe_dir / "plugins";
        if (is_dir(installed)) dirs.push_back(installed);
        else if (is_dir(build_tree)) dirs.push_back(build_tree);
    }
    return dirs;
}

void set_runtime_keys(RuntimeState &state, const std::vector<fs::path> &dirs,
                      std::vector<std::pair<std::string, std::string>> keys);

PluginRegistry PluginRegistry::scan(const std::vector<fs::path> &dirs,
                                    std::vector<std::pair<std::string, std::string>> runtime_keys) {
    PluginRegistry reg;
    set_runtime_keys(*reg.runtime_, dirs, std::move(runtime_keys));
    std::set<fs::path> seen_dirs;
    std::set<fs::path> seen_files; // one file reached twice (same dir listed twice) loads once
    std::map<std::string, const Plugin *, std::less<>> claimed; // names and aliases

    for (const auto &dir : dirs) {
        std::error_code ec;
        const fs::path real_dir = fs::weakly_canonical(dir, ec);
        if (!is_dir(dir)) {
            reg.problems_.push_back({dir, fs::exists(dir, ec)
                                              ? "not a directory (give the folder holding the .so)"
                                              : "no such plugin directory"});
            continue;
        }
        if (!seen_dirs.insert(ec ? dir : real_dir).second) continue;

        for (const auto &file : candidates(dir, reg.problems_)) {
            std::error_code file_ec;
            const fs::path real = fs::canonical(file, file_ec);
            if (!seen_files.insert(file_ec ? file : real).second) continue;

            std::string why;
            auto plugin = load_file(file, why);
            if (!plugin) {
                reg.problems_.push_back({file, why});
                continue;
            }
            // Every name and alias must be unclaimed; the first directory in the search path
            // wins, so --plugin-path can shadow a bundled plugin (with a visible warning).
            std::vector<std::string> ids{std::string(plugin->name())};
            for (const auto &a : plugin->aliases())
                if (a != ids.front()) ids.push_back(a);
            std::string conflict;
            for (size_t i = 0; i < ids.size() && conflict.empty(); ++i) {
                if (auto it = claimed.find(ids[i]); it != claimed.end())
                    conflict = std::string(i == 0 ? "plugin name '" : "alias '") + ids[i] +
                               "' from " + file.string() + " already provided by " +
                               it->second->path().string();
            }
            if (!conflict.empty()) {
                reg.problems_.push_back({file, conflict});
                continue;
            }
            for (const auto &id : ids) claimed.emplace(id, plugin.get());
            reg.plugins_.push_back(std::move(plugin));
        }
    }
    return reg;
}

const Plugin *PluginRegistry::find(std::string_view name_or_alias) const {
    for (const auto &p : plugins_) {
        if (p->name() == name_or_alias) return p.get();
        for (const auto &a : p->aliases())
            if (a == name_or_alias) return p.get();
    }
    return nullptr;
}

std::vector<std::string> PluginRegistry::closest(std::string_view wanted, size_t n) const {
    // Case-insensitive, and only near misses: a list of unrelated names helps nobody.
    const std::string w = lower(wanted);
    const size_t limit = std::max<size_t>(3, w.size() / 3);
    std::vector<std::pair<size_t, std::string>> scored;
    auto consider = [&](const std::string &candidate) {
        const size_t d = edit_distance(w, lower(candidate));
        if (d <= limit) scored.emplace_back(d, candidate);
    };
    for (const auto &p : plugins_) {
        consider(std::string(p->name()));
        for (const auto &a : p->aliases()) consider(a);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (const auto &[d, name] : scored) {
        if (out.size() == n) break;
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    return out;
}

} // namespace inlet::host
