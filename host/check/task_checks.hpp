// The checks that run tasks: lifecycle, records, commit, offsets round-trip, borrowed, wake, poll
// timeouts, and resource leaks over many start/stop cycles.
#pragma once

#include "check/harness.hpp"
#include "check/report.hpp"

namespace inlet::check {

struct TaskCheckOptions {
    size_t leak_cycles = 100;          // start/poll/stop cycles for the leak checks
    long rss_growth_limit_kib = 16384; // VmRSS growth allowed over those cycles
    // --idle-config: keys laid over the task config for the wake check's blocked poll, so that
    // a source which always has data can be made idle (e.g. interval.ms=60000).
    host::KeyValues idle_overrides;
};

void run_task_checks(Session &session, const host::KeyValues &task_config,
                     const TaskCheckOptions &options, Report &report);

} // namespace inlet::check
