// The sink stage's per-task bookkeeping, shared by job.cpp (the record path) and
// job_faults.cpp (failed tasks: restarts and the end result). Internal to the engine.
#pragma once

#include "engine/job.hpp"

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace inlet::host {

// Where a connector-level plugin call (task_configs, alter_offsets) describes a failure.
struct ErrorText {
    char text[1024] = {};
    inlet_error err{text, sizeof text};
};

// The sink stage's view of one task: the newest offset of each of its partitions (by the
// task's partition id) and which of them changed since the last successful snapshot.
struct Job::TaskState {
    std::vector<std::string> offset;
    std::vector<const std::string *> partition;
    std::vector<char> is_dirty;
    // Its connector is recorded as the partition's owner (moved_owner_, or the restored table).
    std::vector<char> owner_noted;
    std::vector<uint32_t> dirty;
    // Offsets written by a failed predecessor of this task and not yet in a snapshot (its
    // partition ids died with it): merged and committed at the next snapshot.
    OffsetMap carried;
    uint32_t restarts = 0;
    std::optional<std::chrono::steady_clock::time_point> restart_at;
    std::string failure; // set when the task ended FAILED for good
    bool given_up = false;  // still in a plugin call after the stop grace period
    bool abandoned = false; // its thread was left behind
    bool stopped = false;        // an operator stopped it: it stays ended until resumed
    bool restart_on_end = false; // an operator asked for a restart: restart at its end marker
    bool restart_is_attempt = true; // the pending restart follows a failure (counted)
    // The ABI minor of the task's plugin: which fields appended to inlet_schema its records'
    // schemas have (the sink reads them only then; connector.h, VERSIONING).
    uint32_t abi_minor = 0;
    // Its connector was deleted or replaced: the slot stays ended for good (its offsets are
    // still snapshotted and its runner kept, since the sink stage's bookkeeping points into it).
    bool dead = false;
};

// A change to the job's connectors on its way through the sink stage (job_connectors.cpp).
struct Job::PendingChange {
    ConnectorChange change;
    std::promise<ChangeReply> reply;
    std::vector<KeyValues> task_configs; // put: computed before anything is touched
    std::vector<size_t> retiring;        // slots asked to end for good
    bool retired = false;
    bool plugin_applied = false;         // offsets: the plugin's alter_offsets answered *applied
};

} // namespace inlet::host
