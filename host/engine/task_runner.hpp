// One source task on its own thread. Every plugin call for the task (start, poll, commit, stop)
// happens on this thread, so the contract's "calls on one task are serialized" holds by
// construction; only wake() comes from elsewhere.
//
// Loop: ask the exchange what to do (it inserts requested barriers, hands over commits that
// the sink stage delivered after a snapshot, or a free batch once the memory budget allows) ->
// run commits -> poll(task, emitter, timeout) into the batch -> push the batch to the task's
// queue. A finished, stopped or failed task pushes an end marker and keeps serving its
// mailbox (the final commit) until the job shuts down; then stop() is called.
#pragma once

#include "config/job_spec.hpp"
#include "engine/emitter.hpp"
#include "engine/exchange.hpp"
#include "engine/partition_table.hpp"
#include "engine/restored_offsets.hpp"
#include "runtime/host_api.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace inlet::host {

struct TaskSetup {
    const inlet_plugin *plugin = nullptr;
    std::string connector;  // the connector's name
    uint32_t index = 0;     // task number within the connector
    KeyValues config;       // this task's config (from task_configs)
    const OffsetMap *restored = nullptr; // all restored offsets, or nullptr
    EmitLimits limits;
    std::chrono::milliseconds poll_timeout{100};
    RetryPolicy retry;
};

class TaskRunner {
public:
    // `slot` is the task's queue in the exchange.
    TaskRunner(TaskSetup setup, Exchange &exchange, size_t slot);
    TaskRunner(const TaskRunner &) = delete;
    TaskRunner &operator=(const TaskRunner &) = delete;
    ~TaskRunner(); // joins

    void start();
    void join();
    // Makes a blocked poll() return soon (thread-safe; a no-op before start() or after stop()).
    void wake();

    const std::string &connector() const { return setup_.connector; }
    uint32_t index() const { return setup_.index; }
    // "connector/index", for logs and the summary.
    std::string label() const { return setup_.connector + "/" + std::to_string(setup_.index); }

    std::atomic<uint64_t> polled{0};  // records emitted by the plugin (task thread)
    std::atomic<uint64_t> written{0}; // records the sink stage wrote (sink thread)
    std::atomic<uint64_t> commits{0}; // commit() calls made

private:
    void run();
    bool start_plugin();
    void serve_until_shutdown();
    void run_commits(std::vector<OffsetList> &lists);
    void fail(const std::string &what);

    TaskSetup setup_;
    Exchange &exchange_;
    size_t slot_;
    HostContext context_;
    inlet_host table_{};
    RestoredOffsets restored_;
    PartitionTable partitions_;
    Emitter emitter_;
    std::mutex handle_mu_; // guards handle_ between wake() and stop()
    void *handle_ = nullptr;
    std::thread thread_;
};

} // namespace inlet::host
