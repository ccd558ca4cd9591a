// What an operator sees of a running job and may ask of it (the REST API, the dashboard, the
// metrics): its connectors, their tasks in Kafka Connect's states, counters; and the requests
// pause / resume / stop / restart. Plain values, copied out under a lock: a reader never holds
// anything of the engine's.
#pragma once

#include "engine/exchange.hpp"
#include "engine/task_metrics.hpp"
#include "runtime/host_api.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inlet::host {

// Kafka Connect's AbstractStatus.State names.
enum class RunState { running, paused, stopped, failed, unassigned, restarting };
const char *state_name(RunState s); // "RUNNING", …

struct TaskView {
    uint32_t id = 0;
    RunState state = RunState::unassigned;
    std::string trace; // why it FAILED
    bool finished = false; // a bounded source that has read everything
    KeyValues config;  // from task_configs()
    TaskCounters counters;
};

struct ConnectorView {
    std::string name;
    std::string connector_class; // as configured
    std::string plugin;          // the plugin that runs it
    std::string plugin_version;
    KeyValues config;
    std::vector<std::string> hidden_keys; // read back as "[hidden]"
    RunState state = RunState::running;
    std::vector<TaskView> tasks; // none while STOPPED, as Kafka
    std::vector<std::string> topics; // the topics its records went to (Kafka's active topics)
};

struct JobView {
    std::string name;
    bool started = false; // false until the tasks exist
    std::vector<ConnectorView> connectors;
    uint64_t snapshots = 0;
    uint64_t snapshot_failures = 0;
    double last_snapshot_seconds = 0;          // how long the last snapshot took
    std::optional<double> snapshot_age_seconds; // since the last snapshot; none yet
    double uptime_seconds = 0;
    Exchange::Usage memory;
    uint64_t bytes_written = 0; // what the sink reports, 0 when it does not count
};

struct ControlRequest {
    enum class Op { pause, resume, stop, restart } op = Op::pause;
    std::string connector;
    std::optional<uint32_t> task; // restart one task
    bool include_tasks = false;   // restart: the tasks too (inlet's connectors have no other life)
    bool only_failed = false;     // restart: only FAILED tasks
};

struct ControlReply {
    // bad_request: the request itself is wrong (Kafka's 400); failed: it could not be carried
    // out (500); timed_out: the sink stage did not get to it in time (500, "Request timed out").
    enum class Outcome { accepted, not_found, conflict, bad_request, failed, timed_out } outcome =
        Outcome::accepted;
    std::string message;
};

// One source partition's offset as the job keeps it: canonical partition JSON, offset JSON.
struct ConnectorOffset {
    std::string partition;
    std::string offset;
};

} // namespace inlet::host
