// The checks that need no running task: the descriptor, the config definition, the config the
// check will run with, validation, and the split into task configs.
#pragma once

#include "check/harness.hpp"
#include "check/report.hpp"

#include <optional>

namespace inlet::check {

void check_descriptor(const host::Plugin &plugin, Report &report);
void check_config_definition(const host::Plugin &plugin, Report &report);

// Checks the connector config the run will use (the --config file's keys; absent keys are left
// to the plugin's own defaults, as in a real job). nullopt when it cannot be used, e.g. a
// required key has no value.
std::optional<host::KeyValues> check_config_values(const host::Plugin &plugin,
                                                   const host::KeyValues &given,
                                                   const std::string &source, Report &report);

// validate-rejects-bad-value and validate-accepts-config.
void check_validation(Session &session, const host::KeyValues &config, Report &report);

// The first task's config, or nullopt when task_configs() failed.
std::optional<host::KeyValues> check_task_configs(Session &session, const host::KeyValues &config,
                                                  Report &report);

} // namespace inlet::check
