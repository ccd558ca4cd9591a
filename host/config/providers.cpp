#include "config/providers.hpp"

#include "config/job_loader.hpp"
#include "config/properties.hpp"

#include <cstdlib>

namespace inlet::host {
namespace fs = std::filesystem;

namespace {

std::optional<std::string> process_env(const std::string &name) {
    const char *v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
}

bool env_allowed(const std::vector<std::string> &allowed, const std::string &name) {
    for (const auto &a : allowed) {
        if (!a.empty() && a.back() == '*') {
            if (name.compare(0, a.size() - 1, a, 0, a.size() - 1) == 0) return true;
        } else if (a == name) {
            return true;
        }
    }
    return false;
}

bool is_inside(const fs::path &file, const fs::path &dir) {
    auto f = file.begin();
    for (auto d = dir.begin(); d != dir.end(); ++d, ++f) {
        if (d->empty()) continue; // a trailing separator
        if (f == file.end() || *f != *d) return false;
    }
    return true;
}

} // namespace

ProviderResolver::ProviderResolver(ProviderPolicy policy, EnvLookup env)
    : policy_(std::move(policy)), env_(env ? std::move(env) : EnvLookup(&process_env)) {
    for (const auto &d : policy_.allowed_dirs) {
        std::error_code ec;
        fs::path c = fs::weakly_canonical(fs::absolute(d, ec), ec);
        if (!ec) canonical_dirs_.push_back(c);
    }
}

Expanded ProviderResolver::expand(std::string_view value, const fs::path &base_dir) {
    Expanded out;
    size_t pos = 0;
    while (pos < value.size()) {
        size_t open = value.find("${", pos);
        if (open == std::string_view::npos) break;
        size_t close = value.find('}', open + 2);
        if (close == std::string_view::npos) break; // no reference: kept as written, like Kafka
        std::string_view body = value.substr(open + 2, close - open - 2);
        size_t colon = body.find(':');
        if (colon == std::string_view::npos) {
            // "${foo}" is not a provider reference in Kafka's syntax: keep it.
            out.value.append(value.substr(pos, close + 1 - pos));
            pos = close + 1;
            continue;
        }
        out.value.append(value.substr(pos, open - pos));
        std::string ref(value.substr(open, close + 1 - open));
        std::string provider(body.substr(0, colon));
        std::string rest(body.substr(colon + 1));
        if (provider == "env") {
            out.value += resolve_env(rest, ref);
        } else if (provider == "file") {
            // As Kafka: the path ends at the first ':' after the provider, the key is the rest.
            size_t sep = rest.find(':');
            if (sep == std::string::npos || sep == 0 || sep + 1 == rest.size())
                throw ProviderError(ref + ": expected ${file:PATH:KEY}");
            out.value += resolve_file(rest.substr(0, sep), rest.substr(sep + 1), base_dir, ref);
        } else {
            throw ProviderError(ref + ": unknown config provider '" + provider +
                                "' (inlet has: env, file)");
        }
        out.from_provider = true;
        pos = close + 1;
    }
    if (pos < value.size()) out.value.append(value.substr(pos));
    return out;
}

std::string ProviderResolver::resolve_env(const std::string &name, const std::string &ref) const {
    if (name.empty()) throw ProviderError(ref + ": expected ${env:NAME}");
    if (!env_allowed(policy_.allowed_env, name))
        throw ProviderError(ref + ": refused: environment variable '" + name +
                            "' is not in config.providers.allow.env");
    auto v = env_(name);
    if (!v) throw ProviderError(ref + ": environment variable '" + name + "' is not set");
    return *v;
}

std::string ProviderResolver::resolve_file(const std::string &path, const std::string &key,
                                           const fs::path &base_dir, const std::string &ref) {
    std::error_code ec;
    fs::path p = fs::path(path).is_absolute() ? fs::path(path) : base_dir / path;
    fs::path canonical = fs::weakly_canonical(fs::absolute(p, ec), ec);
    bool allowed = false;
    if (!ec)
        for (const auto &d : canonical_dirs_)
            if (is_inside(canonical, d)) allowed = true;
    // Refuse before looking at the file, so a refusal never tells whether it exists.
    if (!allowed)
        throw ProviderError(ref + ": refused: '" + p.string() +
                            "' is not inside a directory of config.providers.allow.dirs");
    auto it = files_.find(canonical);
    if (it == files_.end()) {
        std::map<std::string, std::string> kv;
        try {
            for (auto &prop : read_properties_file(canonical)) kv[prop.key] = std::move(prop.value);
        } catch (const JobError &e) {
            throw ProviderError(ref + ": " + e.what());
        }
        it = files_.emplace(canonical, std::move(kv)).first;
    }
    auto found = it->second.find(key);
    if (found == it->second.end())
        throw ProviderError(ref + ": no key '" + key + "' in " + p.string());
    return found->second;
}

} // namespace inlet::host
