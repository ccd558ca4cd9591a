// What an operator last asked of each connector (RUNNING, PAUSED or STOPPED), kept in the state
// directory as connectors.json, so that a worker restarted after SIGTERM or a kill -9 brings its
// connectors back as they were left (Kafka keeps these target states in its config topic). The
// file is replaced atomically (temp file, fsync, rename, fsync of the directory), like a snapshot.
#pragma once

#include "engine/job_view.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace inlet::host {

using ConnectorStates = std::map<std::string, RunState>;

// Empty when there is no file. JobSetupError naming the file when it is not what inlet wrote.
ConnectorStates load_connector_states(const std::filesystem::path &state_dir);
// std::runtime_error naming the file when it cannot be written.
void save_connector_states(const std::filesystem::path &state_dir, const ConnectorStates &states);

} // namespace inlet::host
