#include "runtime/plugin_counters.hpp"

#include <algorithm>

namespace inlet::host {
namespace {

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > PluginCounters::max_name_length) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

} // namespace

PluginCounters::Added PluginCounters::add(std::string_view name, uint64_t delta) {
    if (!valid_name(name)) return Added::bad_name;
    std::lock_guard lock(mu_);
    auto it = counts_.find(name);
    if (it == counts_.end()) {
        if (counts_.size() >= max_names) return Added::too_many;
        it = counts_.emplace(std::string(name), 0).first;
    }
    it->second += delta;
    return Added::ok;
}

std::vector<std::pair<std::string, uint64_t>> PluginCounters::snapshot() const {
    std::lock_guard lock(mu_);
    return {counts_.begin(), counts_.end()};
}

} // namespace inlet::host
