// One source task on its own thread. Every plugin call for the task (start, poll, commit, stop)
// happens on this thread, so the contract's "calls on one task are serialized" holds by
// construction; only wake() comes from elsewhere.
//
// Loop: ask the exchange what to do (it inserts requested barriers, hands over commits that
// the sink stage delivered after a snapshot, or a free batch once the memory budget allows) ->
// run commits -> poll(task, emitter, timeout) into the batch -> push the batch to the task's
// queue. A finished or stopped task pushes an end marker and keeps serving its mailbox (the
// final commit) until the job shuts down; then stop() is called.
//
// Faults: every plugin call is guarded (a C++ exception thrown through the C ABI fails the
// task, naming the call), marked for the crash handler, and timed for the watchdog. Retriable
// errors are retried per errors.retry.*. A failed task records why, pushes its end marker,
// stops the plugin and exits; the sink stage decides whether to restart it (engine/README.md).
#pragma once

#include "config/job_spec.hpp"
#include "engine/emitter.hpp"
#include "engine/exchange.hpp"
#include "engine/offset_list.hpp"
#include "engine/partition_table.hpp"
#include "engine/restored_offsets.hpp"
#include "engine/task_metrics.hpp"
#include "runtime/host_api.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace inlet::host {

struct TaskSetup {
    const inlet_plugin *plugin = nullptr;
    std::string connector;  // the connector's name
    std::string default_topic; // what a record's NULL topic means; empty: the connector's name
    uint32_t index = 0;     // task number within the connector
    KeyValues config;       // this task's config (from task_configs)
    const OffsetTable *restored = nullptr; // all restored offsets, or nullptr
    EmitLimits limits;
    std::chrono::milliseconds poll_timeout{100};
    RetryPolicy retry;
    // Re-send commit() for the restored partitions before the first poll. True when starting
    // from a snapshot; false for an in-process restart, whose offsets are written but not yet
    // in a snapshot (committing them would acknowledge what a crash could still lose).
    bool redeliver_restored = true;
    // The slot's counters, owned by the Job (they outlive a restart); never null once running.
    TaskMetrics *metrics = nullptr;
    // inlet_host.request_task_reconfiguration (ABI 1.2); empty: refused.
    std::function<bool()> request_task_reconfiguration{};
};

// Why a task failed, for the sink stage to read after the task's end marker.
struct TaskFailure {
    std::string message;     // "task dice/1 failed in poll(): <reason>"
    bool restartable = true; // false for a configuration error: a restart cannot help
};

class TaskRunner {
public:
    using clock = std::chrono::steady_clock;

    // `slot` is the task's queue in the exchange.
    TaskRunner(TaskSetup setup, Exchange &exchange, size_t slot);
    TaskRunner(const TaskRunner &) = delete;
    TaskRunner &operator=(const TaskRunner &) = delete;
    ~TaskRunner(); // joins, unless abandoned

    void start();
    void join();
    // Joins if the thread ends by `deadline`; false when it is still inside a plugin call.
    bool join_until(clock::time_point deadline);
    // Leaves a thread that is stuck inside a plugin call behind for good: it is detached, and
    // this object (and the exchange it uses) must then outlive the process's last use of it,
    // i.e. never be destroyed. See engine/README.md for why this beats hanging.
    void abandon();

    // Makes a blocked poll() (or a retry's backoff) return soon (thread-safe; a no-op before
    // start() or after stop()).
    void wake();
    // Stop retrying start(): the job is shutting down.
    void request_stop();

    const TaskSetup &setup() const { return setup_; }
    const std::string &connector() const { return setup_.connector; }
    uint32_t index() const { return setup_.index; }
    // "connector/index", for logs and the summary.
    std::string label() const { return setup_.connector + "/" + std::to_string(setup_.index); }

    // Set before the end marker is pushed, so the sink stage sees it once it takes the marker.
    std::optional<TaskFailure> failure() const;

    // The plugin call in progress ("poll", …) and when it began, or {nullptr, 0}.
    struct CallInfo {
        const char *name = nullptr;
        int64_t since_ns = 0; // steady clock
    };
    CallInfo current_call() const;

    TaskMetrics &metrics() const { return *setup_.metrics; }

private:
    struct ErrorBuffer;
    template <class Fn> inlet_status guarded(const char *call, ErrorBuffer &e, Fn &&fn);

    void run();
    bool start_plugin();
    void poll_loop();
    void serve_until_shutdown();
    bool run_commits(std::vector<OffsetList> &lists);
    // One commit() call (retried per errors.*); false when it failed the task.
    bool commit(const std::vector<inlet_offset_entry> &entries);
    void stop_plugin();
    void fail(const char *call, const std::string &reason, bool restartable = true);
    // Sleeps up to `d`; wake() and request_stop() cut it short.
    void pause(std::chrono::milliseconds d);

    TaskSetup setup_;
    Exchange &exchange_;
    size_t slot_;
    HostContext context_;
    inlet_host table_{};
    RestoredOffsets restored_;
    PartitionTable partitions_;
    Emitter emitter_;
    // This task's batches holding borrowed records that the sink stage has not written yet,
    // and whether the last poll's batch is one of them (Exchange::next).
    BorrowLedger borrowed_;
    bool last_poll_borrowed_ = false;
    std::mutex handle_mu_; // guards handle_ between wake() and stop()
    void *handle_ = nullptr;

    std::atomic<const char *> call_name_{nullptr};
    std::atomic<int64_t> call_since_ns_{0};
    std::atomic<bool> stop_requested_{false};

    mutable std::mutex state_mu_; // guards failure_, done_, woken_
    std::condition_variable state_cv_;
    std::optional<TaskFailure> failure_;
    bool done_ = false;
    bool woken_ = false;

    std::thread thread_;
};

} // namespace inlet::host
