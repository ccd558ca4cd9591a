// Config providers, with Kafka's syntax: ${env:NAME} and ${file:PATH:KEY} (PATH a .properties
// file, KEY a key in it, as Kafka's FileConfigProvider). Only what the job's owner allowed is
// resolved: env names and directories listed in the job file or the worker file.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::host {

struct ProviderPolicy {
    // Exact names, or a prefix ending in '*' ("APP_*"). Empty: no env name is allowed.
    std::vector<std::string> allowed_env;
    // A referenced file must be inside one of these (after resolving symlinks and "..").
    std::vector<std::filesystem::path> allowed_dirs;
};

// What a reference could not be resolved for. The message names the reference as written
// ("${env:DB_PASSWORD}") and why; it never contains a resolved value.
class ProviderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Expanded {
    std::string value;
    bool from_provider = false; // at least one reference was substituted: treat as a secret
};

class ProviderResolver {
public:
    using EnvLookup = std::function<std::optional<std::string>(const std::string &)>;

    // `env` defaults to the process environment.
    explicit ProviderResolver(ProviderPolicy policy, EnvLookup env = {});

    // Substitutes every ${provider:…} reference in `value`. Relative file paths are taken
    // from `base_dir`. Throws ProviderError for the first reference that is refused,
    // unknown or unresolvable.
    Expanded expand(std::string_view value, const std::filesystem::path &base_dir);

private:
    std::string resolve_env(const std::string &name, const std::string &ref) const;
    std::string resolve_file(const std::string &path, const std::string &key,
                             const std::filesystem::path &base_dir, const std::string &ref);

    ProviderPolicy policy_;
    EnvLookup env_;
    std::vector<std::filesystem::path> canonical_dirs_;
    // Each referenced file is read once per load.
    std::map<std::filesystem::path, std::map<std::string, std::string>> files_;
};

} // namespace inlet::host
