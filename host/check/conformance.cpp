#include "check/conformance.hpp"

#include "check/harness.hpp"
#include "check/static_checks.hpp"

namespace inlet::check {

void run_conformance(const host::Plugin &plugin, const host::KeyValues &given,
                     const std::string &source, const CheckOptions &options, Watchdog &watchdog,
                     Report &report) {
    check_descriptor(plugin, report);
    check_config_definition(plugin, report);
    auto config = check_config_values(plugin, given, source, report);
    if (!config) {
        report.skip("task-checks", "not run: the config under test is incomplete or invalid");
        return;
    }
    Session session(plugin, options.plugin_log, watchdog);
    check_validation(session, *config, report);
    auto task_config = check_task_configs(session, *config, report);
    if (!task_config) {
        report.skip("task-checks", "not run: no task config");
        return;
    }
    run_task_checks(session, *task_config, options.tasks, report);
}

} // namespace inlet::check
