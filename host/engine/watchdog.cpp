#include "engine/watchdog.hpp"

#include "engine/steady_ns.hpp"

#include <algorithm>
#include <cstdio>

#include <spdlog/spdlog.h>

namespace inlet::host {

Watchdog::Watchdog(std::chrono::milliseconds poll_timeout)
    : limit_ns_(std::chrono::nanoseconds(poll_timeout +
                                         std::max(poll_timeout, std::chrono::milliseconds(1000)))
                    .count()) {}

void Watchdog::check(const std::vector<std::unique_ptr<TaskRunner>> &tasks) {
    reported_.resize(tasks.size(), 0);
    stuck_.assign(tasks.size(), 0);
    int64_t now = steady_ns();
    for (size_t t = 0; t < tasks.size(); ++t) {
        auto call = tasks[t]->current_call();
        if (call.name == nullptr || std::string_view(call.name) != "poll") continue;
        if (now - call.since_ns < limit_ns_) continue;
        stuck_[t] = 1;
        if (reported_[t] == call.since_ns) continue;
        reported_[t] = call.since_ns;
        spdlog::warn("task {} is stuck: poll() has run {:.1f} s, past its timeout of {} ms; "
                     "waking it",
                     tasks[t]->label(), double(now - call.since_ns) / 1e9,
                     tasks[t]->setup().poll_timeout.count());
        tasks[t]->wake();
    }
}

std::string Watchdog::describe(const TaskRunner &task) {
    auto call = task.current_call();
    if (call.name == nullptr) return "task " + task.label() + " did not stop";
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", double(steady_ns() - call.since_ns) / 1e9);
    return "task " + task.label() + " is stuck in " + call.name + "() for " + secs + " s";
}

} // namespace inlet::host
