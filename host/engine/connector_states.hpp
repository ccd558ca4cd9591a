// What an operator last asked of each connector (RUNNING, PAUSED or STOPPED), and the configs
// of connectors created or changed through the REST API, kept in the state directory as
// connectors.json, so that a worker restarted after SIGTERM or a kill -9 brings its connectors
// back as they were left (Kafka keeps both in its config topic; a standalone Kafka worker
// forgets REST-created connectors). The file is replaced atomically (temp file, fsync, rename,
// fsync of the directory), like a snapshot; it is readable by its owner only, since a config
// may hold a password.
//
// It also keeps each connector's active topics (GET /connectors/{name}/topics), as Kafka keeps
// them in its status topic, so they survive a restart; rewritten when a connector writes to a
// topic it had not written to before, and on a reset.
//
//   {"configs":{"<name>":{"connector.class":"…",…}},"connectors":{"<name>":"PAUSED",…},
//    "topics":{"<name>":["topic-a",…]}}
//
// An older file has no "configs" or "topics" and still loads.
#pragma once

#include "engine/job_view.hpp"
#include "runtime/host_api.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace inlet::host {

using ConnectorStates = std::map<std::string, RunState>;

struct SavedConnectors {
    ConnectorStates states;
    std::map<std::string, KeyValues> configs; // connectors created or changed through the API
    std::map<std::string, std::vector<std::string>> topics; // active topics, per connector
};

// Empty when there is no file. JobSetupError naming the file when it is not what inlet wrote.
SavedConnectors load_saved_connectors(const std::filesystem::path &state_dir);
// std::runtime_error naming the file when it cannot be written.
void save_connectors(const std::filesystem::path &state_dir, const SavedConnectors &saved);
// The file's path, for messages.
std::filesystem::path saved_connectors_file(const std::filesystem::path &state_dir);

} // namespace inlet::host
