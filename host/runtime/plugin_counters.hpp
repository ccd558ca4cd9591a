// A task's named counters: what a plugin reports through inlet_host.count ("lines.skipped"),
// for the end summary (and, later, a metrics endpoint). The task's own thread adds; any thread
// may read a copy.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inlet::host {

class PluginCounters {
public:
    static constexpr size_t max_names = 32;
    static constexpr size_t max_name_length = 64;

    enum class Added { ok, bad_name, too_many };

    // Adds `delta` to `name`; a name outside [a-z0-9._-]{1,64}, or a 33rd distinct name, is
    // not counted (the caller says so once).
    Added add(std::string_view name, uint64_t delta);
    // Name -> total, sorted by name.
    std::vector<std::pair<std::string, uint64_t>> snapshot() const;

private:
    mutable std::mutex mu_;
    std::map<std::string, uint64_t, std::less<>> counts_;
};

} // namespace inlet::host
