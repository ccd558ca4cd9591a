#include "file_list.hpp"

#include <inlet/connector.hpp>

#include <glob.h>

#include <algorithm>
#include <set>

namespace inlet_file {
namespace {

bool has_glob_chars(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

// glob(3) results for one pattern, freed on every path out.
class GlobResult {
public:
    explicit GlobResult(const std::string &pattern) {
        rc_ = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &g_);
    }
    ~GlobResult() { ::globfree(&g_); }
    GlobResult(const GlobResult &) = delete;
    GlobResult &operator=(const GlobResult &) = delete;
    int rc() const { return rc_; }
    std::vector<std::string> paths() const {
        std::vector<std::string> out;
        if (rc_ == 0)
            for (size_t i = 0; i < g_.gl_pathc; ++i) out.emplace_back(g_.gl_pathv[i]);
        return out;
    }

private:
    glob_t g_{};
    int rc_ = 0;
};

} // namespace

std::vector<std::string> expand_files(const std::vector<std::string> &entries, bool require_match) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto add = [&](std::string p) {
        if (seen.insert(p).second) out.push_back(std::move(p));
    };
    for (const auto &e : entries) {
        if (!has_glob_chars(e)) {
            add(e);
            continue;
        }
        GlobResult g(e);
        if (!require_match && g.rc() != 0) continue;
        if (g.rc() == GLOB_NOMATCH) throw inlet::ConfigError("files", "'" + e + "' matches no file");
        if (g.rc() != 0)
            throw inlet::ConfigError("files", "cannot expand '" + e + "' (unreadable directory)");
        auto paths = g.paths(); // glob(3) sorts them
        for (auto &p : paths) add(std::move(p));
    }
    return out;
}

std::vector<std::vector<std::string>> split_round_robin(const std::vector<std::string> &files,
                                                        size_t max_tasks) {
    const size_t groups = std::max<size_t>(1, std::min(max_tasks, files.size()));
    std::vector<std::vector<std::string>> out(groups);
    for (size_t i = 0; i < files.size(); ++i) out[i % groups].push_back(files[i]);
    return out;
}

std::string join_paths(const std::vector<std::string> &paths) {
    std::string out;
    for (size_t i = 0; i < paths.size(); ++i) {
        if (i) out.push_back('\n');
        out += paths[i];
    }
    return out;
}

std::vector<std::string> split_paths(std::string_view joined) {
    std::vector<std::string> out;
    while (!joined.empty()) {
        const size_t nl = joined.find('\n');
        std::string_view item = joined.substr(0, nl);
        if (!item.empty()) out.emplace_back(item);
        if (nl == std::string_view::npos) break;
        joined.remove_prefix(nl + 1);
    }
    return out;
}

} // namespace inlet_file
