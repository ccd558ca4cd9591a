// The one meeting point between task threads and the sink stage: per-task queues of batches and
// barrier/end markers, each task's mailbox (barrier requests, commits, stop), the pool of free
// batches, and the memory budget. Everything is guarded by one mutex, taken once per batch
// (thousands of records), never per record.
//
// Backpressure: a task needs a batch before it may poll, and taking one reserves
// `batch_bytes` of the budget until the sink stage recycles it. When the budget is used up,
// the task waits (on a condition variable) — but it still inserts requested barriers and runs
// commits while it waits, so a sink stage that is aligning on a barrier can never deadlock
// against a task that is waiting for memory.
#pragma once

#include "engine/batch.hpp"
#include "engine/offset_list.hpp"
#include "runtime/host_api.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace inlet::host {

struct QueueItem {
    enum class Kind { batch, barrier, end } kind = Kind::batch;
    std::unique_ptr<Batch> batch; // Kind::batch
    uint64_t barrier = 0;         // Kind::barrier
};

// What a task thread should do next (see Exchange::next).
struct TaskWork {
    std::unique_ptr<Batch> batch;     // poll into this
    std::vector<OffsetList> commits;  // run these first, in order
    bool stop = false;                // stop polling: push_end() and keep serving the mailbox
    bool shutdown = false;            // everything is committed: stop the plugin and exit
};

class Exchange {
public:
    // A recycled batch that then waits unused in the pool for `idle_batch_ns` is freed: a burst
    // made it, and the job's memory should follow its load back down.
    Exchange(size_t tasks, size_t budget_bytes, size_t batch_bytes, size_t batch_records,
             int64_t idle_batch_ns = 10'000'000'000);

    // ---- task side ---------------------------------------------------------------------
    // Blocks until there is something for task `t` to do. `want_batch` is false once the task
    // has ended (then only commits and shutdown wake it). With a `ledger`, no batch is handed
    // out while more than `borrowed_allowed` of the task's borrowed batches are still held by
    // the sink stage (a borrowed record's bytes are the plugin's only until its next poll()
    // returns: connector.h).
    TaskWork next(size_t t, bool want_batch, const BorrowLedger *ledger = nullptr,
                  uint32_t borrowed_allowed = 0);
    // Waits until the sink stage holds none of the ledger's batches, or has stopped for good
    // (shutdown): then the plugin may be stopped.
    void await_returned(const BorrowLedger &ledger);
    // Queues a filled batch (an empty one is recycled).
    void push(size_t t, std::unique_ptr<Batch> batch);
    // No more batches from this task (finished, stopped, or failed).
    void push_end(size_t t);
    // The task failed; the job stops. The first failure's message is kept.
    void fail(size_t t, std::string message);
    // A restarted task takes slot `t` over once the sink stage has taken its predecessor's end
    // marker: batches and barriers flow again (a barrier still being aligned is inserted first).
    void reopen(size_t t);

    // ---- sink side ---------------------------------------------------------------------
    struct Taken {
        size_t task;
        QueueItem item;
    };
    // Waits until an unblocked queue has items, a failure happened, or `deadline` passes; then
    // moves items from every unblocked queue into `out`, stopping after a barrier (the caller
    // then blocks that queue until the barrier is aligned).
    void take(std::vector<Taken> &out, const std::vector<char> &blocked,
              std::chrono::steady_clock::time_point deadline);
    // True when a queue that is not blocked holds items (take() would not wait).
    bool waiting(const std::vector<char> &blocked) const;
    void recycle(std::unique_ptr<Batch> batch);
    void request_barrier(uint64_t id);
    // Inserts the requested barrier into task t's queue now, on behalf of a task stuck inside
    // poll() (the watchdog's call). Safe at any moment: a barrier is only a position in the
    // queue, and whatever the task pushes later comes after it, offsets included.
    void insert_barrier(size_t t);
    void deliver_commit(size_t t, OffsetList offsets);
    void stop_polling();
    // Operator control of one task (engine/README.md, "Control"). A paused task gets no batch,
    // so it does not poll, but it still inserts barriers and runs commits: snapshots go on.
    void pause(size_t t, bool paused);
    // One task stops polling, pushes its end marker, runs its pending commits and exits (its
    // plugin is stopped); reopen() clears it for a successor.
    void retire(size_t t);
    // A new task slot (a connector created while the job runs); its index. Sink stage only:
    // take()'s `blocked` must grow with it. A barrier still being aligned is inserted first.
    size_t add_slot();
    void shutdown();
    struct Usage {
        size_t used_bytes = 0, budget_bytes = 0;
        size_t queued_batches = 0; // filled batches waiting for the sink stage
        size_t free_batches = 0;   // recycled batches kept for the tasks' next polls
    };
    Usage usage() const;
    std::optional<std::string> failure() const;
    // Wakes the sink stage (e.g. a cancel request).
    void poke();

private:
    struct Mailbox {
        uint64_t barrier_requested = 0;
        uint64_t barrier_inserted = 0;
        std::vector<OffsetList> commits;
        bool ended = false;
        bool paused = false;
        bool retired = false;
    };
    void release_locked(size_t bytes);
    std::unique_ptr<Batch> make_batch_locked(size_t t);
    // Puts a batch back in its task's pool. Returns the pool's bottom batch if it has waited
    // unused longer than the idle time: the caller frees it with free_unneeded(), unlocked.
    std::unique_ptr<Batch> pool_locked(std::unique_ptr<Batch> batch, int64_t now);
    static void free_unneeded(std::unique_ptr<Batch> batch);

    mutable std::mutex mu_;
    std::condition_variable sink_cv_;
    std::condition_variable task_cv_;
    std::vector<std::deque<QueueItem>> queues_;
    std::vector<Mailbox> mail_;
    // Recycled batches, by the task that filled them last: a task gets its own back, whose
    // memory its core has seen, rather than one another task's core just wrote.
    std::vector<std::vector<std::unique_ptr<Batch>>> free_;
    size_t budget_;
    size_t batch_bytes_;
    size_t batch_records_;
    int64_t idle_batch_ns_;
    size_t used_ = 0;
    bool stop_ = false;
    bool shutdown_ = false;
    bool poked_ = false;
    std::optional<std::string> failure_;
};

} // namespace inlet::host
