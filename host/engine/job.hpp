// A running job: its source tasks (one TaskRunner thread each), the sink stage (the thread that
// calls run()), barriers and snapshots. The path of a record, in three files:
//   task_runner.cpp (poll into a Batch via emitter.cpp) -> exchange.cpp (the task's queue)
//   -> job.cpp (the sink stage: transforms, Sink::write, offsets, snapshots, commits).
// The snapshot protocol itself is described in snapshot/README.md.
#pragma once

#include "config/job_spec.hpp"
#include "engine/exchange.hpp"
#include "engine/job_view.hpp"
#include "engine/snapshot_writer.hpp"
#include "engine/task_runner.hpp"
#include "sink/sink.hpp"
#include "snapshot/snapshot.hpp"
#include "snapshot/snapshot_store.hpp"
#include "snapshot/state_lock.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace inlet::host {

// A job that cannot start: the message names the source, sink, file or setting at fault.
class JobSetupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A source connector and the plugin that runs it.
struct BoundSource {
    SourceSpec spec;
    const inlet_plugin *plugin = nullptr;
    // Created or changed through the REST API: its config is kept in the state directory
    // (connectors.json) and comes back after a restart (engine/connector_states.hpp).
    bool from_api = false;
};

// A change to a worker's connectors while it runs (engine/README.md, "Connectors at run
// time"): applied by the sink stage between batches, like pause and resume.
struct ConnectorChange {
    enum class Op {
        put,           // create `source` (allow_replace: or replace the connector's config)
        remove,        // delete the connector; its offsets stay, as in Kafka
        offsets,       // read the connector's offsets as of the last snapshot
        alter_offsets, // KIP-875 PATCH: `offsets` set (an empty offset resets the partition)
        reset_offsets, // KIP-875 DELETE: every offset of the connector removed
        reset_topics,  // forget the topics the connector has written to
    } op = Op::put;
    std::string connector;
    std::optional<BoundSource> source; // put
    bool allow_replace = false;        // put: PUT .../config may replace, POST /connectors not
    RunState initial_state = RunState::running; // put, when it creates (KIP-980)
    std::vector<ConnectorOffset> offsets;       // alter_offsets (canonical partitions)
    // put, asked by the connector itself (inlet_host.request_task_reconfiguration): `source` is
    // the connector's current one, taken when the change is applied; it stays where it came
    // from (a file or the REST API).
    bool reconfigure = false;
};

struct ChangeReply : ControlReply {
    bool created = false;                 // put: a new connector (201), else replaced (200)
    std::vector<ConnectorOffset> offsets; // offsets: the connector's, by partition
};

// A per-record stage on the sink thread, before the sink. A map may point the record's fields
// at memory it owns, valid until its next call; schemas it sets must outlive the job. A filter
// returning false drops the record.
struct Transform {
    std::function<void(inlet_record &)> map;
    std::function<bool(const inlet_record &)> filter;
};

// Turns a connector's config, as a REST client or the state directory gives it, into a source
// the job can run: the plugin found and the config validated. `errors` (one line each, no
// secret values) when it cannot; then `source` is empty.
struct BindResult {
    std::optional<BoundSource> source;
    std::vector<std::string> errors;
};
using ConnectorBinder = std::function<BindResult(const std::string &name, const KeyValues &config)>;

struct JobOptions {
    std::string name = "inlet-job";
    Guarantee guarantee = Guarantee::at_least_once;
    std::chrono::milliseconds snapshot_interval{1000};
    std::optional<std::filesystem::path> state_dir;
    size_t memory_budget_bytes = 16u << 20;
    std::chrono::milliseconds poll_timeout{100};
    RetryPolicy errors;
    // Live status on stderr: a refreshed line on a terminal, else a log line every 10 s.
    bool show_progress = true;
    // On stopping, how long tasks get to come back from a plugin call before they are given
    // up on (a poll() that ignores both its timeout and wake()).
    std::chrono::milliseconds stop_grace{5000};
    // Install the fatal-signal handler that names the connector running when the process
    // crashes (engine/crash_handler.hpp). An embedder with its own handlers may turn it off.
    bool crash_report = true;
    // A worker (the REST API is on): the job keeps running when its tasks have all ended
    // (finished, stopped or failed), until cancel().
    bool keep_running = false;
    // A worker's connectors created or changed through the API: how their configs become
    // sources, at start (those kept in the state directory) and at run time. Empty: none.
    ConnectorBinder bind;
};

struct TaskSummary {
    std::string label; // connector/task
    uint64_t records = 0;
    uint64_t commits = 0;
    uint32_t restarts = 0;
    uint64_t utf8_replaced = 0; // U+FFFD put in place of ill-formed UTF-8 at the boundary
    std::string failure; // empty: the task did not end FAILED
    // The plugin's own counters (inlet_host.count), by name: e.g. {"lines.skipped", 3}.
    std::vector<std::pair<std::string, uint64_t>> counters;
};

struct JobResult {
    bool ok = true;
    std::string error; // the first failure, naming the connector/task or the sink
    bool cancelled = false;
    uint64_t records = 0;
    uint64_t snapshots = 0;
    uint64_t bytes_written = 0; // by the sink to its output (0: the sink does not count them)
    std::optional<uint64_t> resumed_from; // the snapshot id the job started from
    std::chrono::duration<double> elapsed{};
    std::vector<TaskSummary> tasks;
    // Tasks whose thread never came back from a plugin call and was left behind: the process
    // should exit soon without running static destructors (the thread may still wake up).
    std::vector<std::string> abandoned;
};

class Job {
public:
    // Checks the guarantee against the sources and sink (a clear JobSetupError otherwise).
    Job(JobOptions options, std::vector<BoundSource> sources, std::unique_ptr<Sink> sink,
        std::vector<Transform> transforms = {});
    ~Job();
    Job(const Job &) = delete;
    Job &operator=(const Job &) = delete;

    // Runs to the end: every task finished, cancel(), or a failure. Throws JobSetupError when
    // the job cannot start (state directory locked, snapshots all corrupt, a task_configs()
    // failure…); runtime failures are reported in the result.
    JobResult run();
    // Thread-safe: stop polling, take a final snapshot, commit, stop the tasks; run() returns.
    void cancel();

    // Thread-safe, for operators (engine/job_view.hpp; the REST API).
    JobView view() const;
    // Queues a request for the sink stage, which applies it between batches (engine/README.md,
    // "Control"): accepted, or why not (unknown connector or task, the job is stopping).
    ControlReply control(const ControlRequest &request);
    // Thread-safe: queues a change for the sink stage and waits (up to `timeout`) until it is
    // done: a connector created, replaced or deleted with its tasks started or stopped, offsets
    // changed and in a snapshot. Answers at once when the job is not running (yet, or any more).
    ChangeReply change(ConnectorChange change, std::chrono::milliseconds timeout);

private:
    struct TaskState; // the sink stage's view of one task
    void setup();
    std::vector<KeyValues> task_configs(const BoundSource &source);
    std::string default_topic(const BoundSource &source, const KeyValues &task_config) const;
    nlohmann::json durable_sink_state();
    void sink_stage(JobResult &result);
    void process(size_t t, Batch &batch);
    bool all(const std::vector<char> &a, const std::vector<char> &b) const;
    // Every task has ended and every offset is in a snapshot (a worker with nothing running).
    bool nothing_to_snapshot(const std::vector<char> &ended) const;
    // A snapshot: the cut on the sink thread (begin_snapshot), made durable on writer_'s
    // thread, then taken back on the sink thread (end_snapshot: commits). snapshot() does all
    // three and waits; await_snapshot() waits for the one in flight, if any. False: the
    // snapshot could not be written (logged; the previous one stays). SinkError propagates.
    bool snapshot(uint64_t id);
    void begin_snapshot(uint64_t id);
    bool await_snapshot();
    bool end_snapshot(std::exception_ptr error);
    // A task's end marker was taken: schedule its restart, or record it as FAILED. False when
    // the failure stops the whole job (errors.fail.fast).
    bool task_ended(size_t t, JobResult &result, bool stopping);
    // `attempt`: a restart after a failure, counted against errors.restart.attempts.
    void restart_task(size_t t, bool attempt = true);
    void give_up_restarts();
    void finish_result(JobResult &result);
    // The sink stage's side of control(): applies the queued requests.
    void apply_controls(std::vector<char> &ended, std::vector<char> &blocked, bool stopping);
    // A task that was asked to stop or restart has pushed its end marker.
    bool ended_on_request(size_t t);
    void publish(size_t t, RunState state, std::string trace = {});
    // The connectors paused or stopped by an operator before a restart stay so (needs view_mu_;
    // before the tasks start, so a paused task never polls and a stopped one never runs); their
    // active topics come back too.
    void restore_connector_states();
    // Adds the connectors the REST API created in an earlier run (connectors.json), except
    // those the files define: the files still define their connectors at start.
    void add_saved_connectors();
    void save_connector_states_locked() const;
    // True when a task wrote to a topic it had not written to before (its connector's active
    // topics are then saved with the states).
    bool topics_added();
    std::string status_line() const;

    // Connectors at run time (job_connectors.cpp), all on the sink stage.
    struct PendingChange;
    TaskSetup make_task_setup(const BoundSource &source, uint32_t index, KeyValues config,
                              const OffsetTable *restored);
    // inlet_host.request_task_reconfiguration from one of `connector`'s tasks: queues a
    // replacement of its tasks by new task_configs() (the put path, `reconfigure`); never waits.
    bool request_task_reconfiguration(const std::string &connector);
    // The newest written offset of every partition (what a restarted or new task resumes from).
    std::unique_ptr<OffsetTable> latest_offsets() const;
    // New task slots for `source`, one per task config, started (and ended at once when
    // `state` is STOPPED).
    std::vector<size_t> add_slots(const BoundSource &source, std::vector<KeyValues> configs,
                                  RunState state, std::vector<char> &ended, std::vector<char> &blocked);
    // Asks the slots to end for good (a deleted connector, or a replaced config).
    void retire_slots(const std::vector<size_t> &slots, std::vector<char> &ended);
    // Takes the next queued change, or advances the one in progress; true when it is done.
    void advance_changes(std::vector<char> &ended, std::vector<char> &blocked);
    bool step_change(PendingChange &p, std::vector<char> &ended, std::vector<char> &blocked);
    void change_offsets(PendingChange &p, size_t c);
    // The connector's answer to an offsets change (inlet_plugin.alter_offsets): the reply when
    // it refuses, else nothing (p.plugin_applied set from its answer).
    std::optional<ChangeReply> ask_alter_offsets(PendingChange &p, size_t c, const OwnerMap &owners);
    void fail_changes(const std::string &why);
    // The snapshot just written (or none taken: nothing needs one) answers the changes that
    // waited for their offsets to be durable.
    void changes_durable();
    ChangeReply connector_offsets(const std::string &name) const;

    JobOptions options_;
    std::vector<BoundSource> sources_;
    std::unique_ptr<Sink> sink_;
    std::vector<Transform> transforms_;

    std::unique_ptr<StateLock> lock_;
    std::unique_ptr<SnapshotStore> store_;
    std::optional<Snapshot> restored_;
    // The offsets as of the last cut are restored_offsets_ overlaid by moved_ (see Snapshot).
    std::shared_ptr<const OffsetTable> restored_offsets_; // what tasks see in start()
    OffsetMap moved_; // partitions whose offset changed since the restore
    std::unique_ptr<Exchange> exchange_;
    std::vector<std::unique_ptr<TaskRunner>> tasks_; // a restart replaces one under tasks_mu_
    mutable std::mutex tasks_mu_;                     // tasks_ vs. the progress thread
    std::vector<TaskState> state_;
    std::vector<std::unique_ptr<OffsetTable>> restart_offsets_; // what each restarted task resumes from
    uint64_t last_good_snapshot_ = 0;

    std::mutex cancel_mu_;
    std::atomic<bool> cancel_{false};
    std::atomic<uint64_t> snapshots_{0};
    std::atomic<int64_t> last_snapshot_ns_{0};
    std::atomic<uint64_t> snapshot_failures_{0};
    std::atomic<int64_t> snapshot_duration_ns_{0};
    std::vector<std::unique_ptr<TaskMetrics>> metrics_; // per slot, outlives restarts

    // Operator control (job_control.cpp). slots_ is fixed once setup() has run.
    struct Published {
        RunState state = RunState::running;
        std::string trace;
        bool finished = false;
    };
    // The snapshot in flight: between begin_snapshot() and end_snapshot() only writer_'s
    // thread touches it (the hand-over is writer_'s mutex).
    struct InFlight {
        uint64_t id = 0;
        int64_t t0 = 0; // steady_ns at the cut
        Snapshot snap;
        std::vector<std::pair<size_t, OffsetList>> commits; // per task, once durable
    };
    std::optional<InFlight> writing_;
    bool inline_done_ = false; // no state directory: made durable on the sink thread
    std::exception_ptr inline_outcome_;

    mutable std::mutex view_mu_; // guards everything below
    bool started_view_ = false;
    std::vector<std::vector<size_t>> slots_; // per source: its task slots
    std::vector<Published> published_;       // per slot, written by the sink stage
    std::vector<RunState> connector_state_;  // per source: running, paused or stopped
    std::vector<std::pair<size_t, ControlRequest>> requests_; // (slot, request) for the sink stage
    std::vector<std::unique_ptr<PendingChange>> changes_;    // queued for the sink stage
    bool stopping_view_ = false;
    bool running_stage_ = false; // the sink stage takes changes (false before and after it)

    // The sink stage's own (job_connectors.cpp).
    std::unique_ptr<PendingChange> change_in_progress_;
    std::vector<std::unique_ptr<PendingChange>> awaiting_snapshot_;
    bool snapshot_soon_ = false; // offsets changed: take the next snapshot now
    // Which connector wrote each partition in moved_ (the restored table carries its own).
    OwnerMap moved_owner_;
    // Called once per partition and task slot (TaskState::owner_noted), not per snapshot.
    void note_owner(const std::string &partition, const std::string &connector) {
        auto it = moved_owner_.find(partition);
        if (it == moved_owner_.end()) moved_owner_.emplace(partition, connector);
        else if (it->second != connector) it->second = connector;
    }
    // Offset tables replaced by an offsets change, kept for the tasks that still point at them.
    std::vector<std::shared_ptr<const OffsetTable>> old_offset_tables_;
    size_t max_record_bytes_ = 0;
    std::chrono::steady_clock::time_point started_;

    // Last: destroyed first, while everything its work uses (store_, sink_, writing_,
    // exchange_) still exists.
    std::unique_ptr<SnapshotWriter> writer_;
};

} // namespace inlet::host
