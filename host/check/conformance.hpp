// `inlet check`: every conformance check, in order, against one loaded plugin.
#pragma once

#include "check/report.hpp"
#include "check/task_checks.hpp"
#include "check/watchdog.hpp"
#include "loader/plugin.hpp"
#include "runtime/host_api.hpp"

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace inlet::check {

struct CheckOptions {
    TaskCheckOptions tasks;
    std::shared_ptr<spdlog::logger> plugin_log; // where the plugin's log lines go
};

// `given` is the connector config (from --config, or empty); `source` names it in messages.
void run_conformance(const host::Plugin &plugin, const host::KeyValues &given,
                     const std::string &source, const CheckOptions &options, Watchdog &watchdog,
                     Report &report);

} // namespace inlet::check
