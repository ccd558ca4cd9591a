#include "engine/job.hpp"

#include "engine/crash_handler.hpp"
#include "engine/job_task_state.hpp"
#include "engine/progress.hpp"
#include "engine/resume_check.hpp"
#include "engine/watchdog.hpp"
#include "engine/steady_ns.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <spdlog/spdlog.h>

namespace inlet::host {

namespace {

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

Job::Job(JobOptions options, std::vector<BoundSource> sources, std::unique_ptr<Sink> sink,
         std::vector<Transform> transforms)
    : options_(std::move(options)), sources_(std::move(sources)), sink_(std::move(sink)),
      transforms_(std::move(transforms)) {
    // A worker may start empty: its connectors come through the REST API.
    if (sources_.empty() && !options_.keep_running)
        throw JobSetupError("job '" + options_.name + "' has no sources");
    for (const auto &s : sources_)
        if (s.plugin == nullptr)
            throw JobSetupError("source '" + s.spec.name + "': no plugin for connector.class '" +
                                s.spec.connector_class + "'");
    if (options_.guarantee != Guarantee::exactly_once) return;
    for (const auto &s : sources_)
        // A plugin with exactly_once() (ABI 1.2) answers per config; validate_job asked it.
        if (!(s.plugin->flags & INLET_PLUGIN_REPLAYABLE) && s.plugin->exactly_once == nullptr)
            throw JobSetupError("exactly-once needs replayable sources, but source '" + s.spec.name +
                                "' (connector " + s.plugin->name +
                                ") is not replayable; use --guarantee at-least-once");
    if (!sink_->can_rewind())
        throw JobSetupError("exactly-once needs the file sink (the " + sink_->describe() +
                            " sink cannot take back output written after a snapshot); use "
                            "--sink file:PATH or --guarantee at-least-once");
    if (!options_.state_dir)
        throw JobSetupError("exactly-once needs a state directory for its snapshots: add "
                            "--state-dir DIR");
    sink_->hold_until_committed();
}

Job::~Job() = default;

void Job::cancel() {
    cancel_.store(true);
    std::lock_guard lock(cancel_mu_);
    if (exchange_) exchange_->poke();
}

void Job::setup() {
    if (options_.state_dir) {
        try {
            lock_ = std::make_unique<StateLock>(*options_.state_dir);
            store_ = std::make_unique<SnapshotStore>(*options_.state_dir);
            int64_t t0 = steady_ns();
            restored_ = store_->load_latest();
            if (restored_)
                spdlog::debug("snapshot {} read and checked in {:.1f} ms", restored_->id,
                              double(steady_ns() - t0) / 1e6);
        } catch (const std::runtime_error &e) {
            throw JobSetupError(e.what());
        }
    }
    if (restored_) {
        if (restored_->job != options_.name)
            throw JobSetupError("state directory " + options_.state_dir->string() +
                                " holds snapshots of job '" + restored_->job + "', not of '" +
                                options_.name + "'");
        // A restart must continue the output the snapshot describes: under exactly-once a
        // different file would get what follows the snapshot without what came before it (and
        // the old file's tail after the cut would never be truncated).
        if (options_.guarantee == Guarantee::exactly_once) {
            if (auto why = sink_->resume_conflict(restored_->sink); !why.empty())
                throw JobSetupError(
                    "state directory " + options_.state_dir->string() + " holds snapshot " +
                    std::to_string(restored_->id) + " of job '" + options_.name + "': " + why +
                    ". Resume the same output (a relative path is resolved from the working "
                    "directory; give it as an absolute path) or use another state directory");
        }
        // From another working directory (rare: only then is each partition read) a
        // partition naming a relative path would now mean another file.
        if (restored_->restored && restored_->sink.contains(working_dir_key) &&
            restored_->sink[working_dir_key].is_string()) {
            std::error_code ec;
            auto why = relative_path_conflict(*restored_->restored,
                                              restored_->sink[working_dir_key].get<std::string>(),
                                              std::filesystem::current_path(ec));
            if (!why.empty())
                throw JobSetupError("state directory " + options_.state_dir->string() +
                                    " holds snapshot " + std::to_string(restored_->id) + " of job '" +
                                    options_.name + "': " + why);
        }
        // Offsets go back to the connectors as they wrote them; the partitions were stored
        // canonical. Nothing here is per-partition work beyond the decode: with 100,000
        // partitions every pass over them shows in the time to the first new record.
        restored_offsets_ = std::move(restored_->restored);
        spdlog::info("resuming job '{}' from snapshot {} ({} partitions)", options_.name,
                     restored_->id, restored_offsets_ ? restored_offsets_->size() : 0);
    }

    if (options_.state_dir) add_saved_connectors();
    std::vector<TaskSetup> setups;
    std::vector<std::vector<size_t>> slots;
    for (const auto &source : sources_) {
        auto configs = task_configs(source);
        slots.emplace_back();
        for (size_t i = 0; i < configs.size(); ++i) {
            slots.back().push_back(setups.size());
            setups.push_back(make_task_setup(source, uint32_t(i), std::move(configs[i]),
                                             restored_offsets_.get()));
        }
    }
    if (setups.empty() && !options_.keep_running)
        throw JobSetupError("job '" + options_.name + "' has no tasks to run");

    // Batches are large enough for big writes yet small enough that every task always holds a
    // few within the budget; one record may take at most a quarter of the budget.
    size_t n = setups.size();
    size_t budget = std::max<size_t>(options_.memory_budget_bytes, 1u << 20);
    size_t batch_bytes = std::clamp<size_t>(budget / (4 * std::max<size_t>(n, 1)), 64u << 10, 1u << 20);
    size_t max_record = std::max<size_t>(budget / 4, 64u << 10);
    max_record_bytes_ = max_record;
    {
        std::lock_guard lock(cancel_mu_);
        exchange_ = std::make_unique<Exchange>(n, budget, batch_bytes, 8192);
    }
    state_.resize(n);
    restart_offsets_.resize(n);
    for (size_t i = 0; i < n; ++i) {
        state_[i].abi_minor = setups[i].plugin->abi_minor;
        metrics_.push_back(std::make_unique<TaskMetrics>());
        setups[i].metrics = metrics_.back().get();
        setups[i].limits.max_record_bytes = max_record;
        std::lock_guard lock(tasks_mu_);
        tasks_.push_back(std::make_unique<TaskRunner>(std::move(setups[i]), *exchange_, i));
    }
    std::lock_guard lock(view_mu_);
    slots_ = std::move(slots);
    published_.resize(n);
    connector_state_.assign(sources_.size(), RunState::running);
    if (options_.state_dir) restore_connector_states();
    started_view_ = true;
}

JobResult Job::run() {
    started_ = std::chrono::steady_clock::now();
    JobResult result;
    if (options_.crash_report) install_crash_handler();
    setup();
    if (restored_) result.resumed_from = restored_->id;
    if (restored_) last_good_snapshot_ = restored_->id;

    if (store_ && !restored_) {
        // Snapshot 0 records the output as it was before this job wrote anything, so a crash
        // before the first periodic snapshot still rewinds to the right place.
        Snapshot first;
        first.id = 0;
        first.job = options_.name;
        first.created_ms = now_ms();
        first.sink = durable_sink_state();
        try {
            store_->write(first);
        } catch (const SnapshotError &e) {
            throw JobSetupError(e.what());
        }
    }

    writer_ = std::make_unique<SnapshotWriter>([this] { exchange_->poke(); });
    for (auto &t : tasks_) t->start();
    {
        std::unique_ptr<Progress> progress;
        if (options_.show_progress) progress = std::make_unique<Progress>([this] { return status_line(); });
        sink_stage(result);
    }
    exchange_->shutdown();
    auto give_up_at = std::chrono::steady_clock::now() + options_.stop_grace;
    for (size_t t = 0; t < tasks_.size(); ++t) {
        if (tasks_[t]->join_until(state_[t].given_up ? std::chrono::steady_clock::now()
                                                       : give_up_at))
            continue;
        // A plugin call that never returns: hanging here would hang the process. Its thread is
        // left behind, with everything it may still touch (the runner, the exchange) kept
        // alive for the rest of the process; the output and snapshots are already final.
        std::string why = Watchdog::describe(*tasks_[t]);
        spdlog::error("{} and did not stop within {} ms; giving up on it", why,
                      options_.stop_grace.count());
        result.abandoned.push_back(why);
        if (result.ok) {
            result.ok = false;
            result.error = why + " (abandoned at shutdown)";
        }
        tasks_[t]->abandon();
        state_[t].abandoned = true;
    }
    finish_result(result);
    if (!result.abandoned.empty()) {
        // Deliberately leaked (see above): destroying them would pull the rug from under a
        // thread that may still return into them.
        std::lock_guard lock(tasks_mu_);
        for (size_t t = 0; t < tasks_.size(); ++t)
            if (state_[t].abandoned) {
                (void)tasks_[t].release();
                (void)restart_offsets_[t].release();
            }
        (void)exchange_.release();
    }
    return result;
}

bool Job::all(const std::vector<char> &a, const std::vector<char> &b) const {
    for (size_t i = 0; i < a.size(); ++i)
        if (!a[i] && !b[i]) return false;
    return true;
}

void Job::process(size_t t, Batch &batch) {
    auto records = batch.records();
    sink_->schemas_from(state_[t].abi_minor);
    if (transforms_.empty() && sink_->counts_only()) {
        sink_->write_count(records.size());
    } else if (transforms_.empty()) {
        for (const auto &r : records) sink_->write(r.rec);
    } else {
        for (const auto &r : records) {
            inlet_record rec = r.rec;
            bool keep = true;
            for (const auto &tr : transforms_) {
                if (tr.map) tr.map(rec);
                if (tr.filter && !tr.filter(rec)) {
                    keep = false;
                    break;
                }
            }
            if (keep) sink_->write(rec);
        }
    }
    TaskState &ts = state_[t];
    for (const auto &po : batch.partition_offsets()) {
        if (po.partition_id >= ts.offset.size()) {
            ts.offset.resize(po.partition_id + 1);
            ts.partition.resize(po.partition_id + 1);
            ts.is_dirty.resize(po.partition_id + 1);
            ts.owner_noted.resize(po.partition_id + 1);
        }
        ts.offset[po.partition_id].assign(po.offset);
        ts.partition[po.partition_id] = po.partition;
        if (!ts.is_dirty[po.partition_id]) {
            ts.is_dirty[po.partition_id] = 1;
            ts.dirty.push_back(po.partition_id);
        }
    }
    metrics_[t]->written.fetch_add(records.size(), std::memory_order_relaxed);
}

// The sink's state plus the working directory the job's connectors resolved relative paths
// from (a restart elsewhere is checked against it: engine/resume_check.hpp).
static void add_working_dir(nlohmann::json &state) {
    std::error_code ec;
    if (state.is_object()) state[working_dir_key] = std::filesystem::current_path(ec).string();
}

nlohmann::json Job::durable_sink_state() {
    nlohmann::json state = sink_->make_durable();
    add_working_dir(state);
    return state;
}

bool Job::snapshot(uint64_t id) {
    begin_snapshot(id);
    return await_snapshot();
}

void Job::begin_snapshot(uint64_t id) {
    InFlight w;
    w.id = id;
    w.t0 = steady_ns();
    SinkCut cut = sink_->cut(); // a SinkError fails the job
    add_working_dir(cut.state);
    for (size_t t = 0; t < state_.size(); ++t) {
        TaskState &ts = state_[t];
        if (ts.dirty.empty() && ts.carried.empty()) continue;
        const std::string &owner = tasks_[t]->connector(); // recorded for KIP-875 (job_connectors.cpp)
        for (const auto &[p, o] : ts.carried) {
            moved_[p] = o;
            note_owner(p, owner);
        }
        for (uint32_t pid : ts.dirty) {
            moved_[*ts.partition[pid]] = ts.offset[pid];
            if (!ts.owner_noted[pid]) { // once per partition and task, not per snapshot
                ts.owner_noted[pid] = 1;
                note_owner(*ts.partition[pid], owner);
            }
        }
    }
    // What each task may commit once this snapshot is durable: taken now, so that records
    // written while it is being made durable wait for the next one.
    for (size_t t = 0; t < state_.size(); ++t) {
        TaskState &ts = state_[t];
        if (ts.dirty.empty() && ts.carried.empty()) continue;
        OffsetList list;
        list.reserve(ts.dirty.size() + ts.carried.size());
        for (const auto &[p, o] : ts.carried) list.emplace_back(p, o);
        ts.carried.clear();
        for (uint32_t pid : ts.dirty) {
            list.emplace_back(*ts.partition[pid], ts.offset[pid]);
            ts.is_dirty[pid] = 0;
        }
        ts.dirty.clear();
        w.commits.emplace_back(t, std::move(list));
    }
    w.snap.id = id;
    w.snap.job = options_.name;
    w.snap.created_ms = now_ms();
    w.snap.sink = std::move(cut.state);
    // Lent to the snapshot rather than copied (one map node per partition moved) and taken
    // back when it is durable: nothing else reads moved_ meanwhile (a task restart waits).
    w.snap.restored = restored_offsets_;
    w.snap.offsets = std::move(moved_);
    w.snap.owners = std::move(moved_owner_);
    writing_ = std::move(w);
    auto work = [this, sync = std::move(cut.sync)] {
        if (sync) sync();                           // the output up to the cut
        if (store_) store_->write(writing_->snap); // then the snapshot naming it
    };
    if (store_) {
        writer_->submit(std::move(work));
        return;
    }
    std::exception_ptr error; // no state directory: nothing to wait for but the sink
    try {
        work();
    } catch (...) {
        error = std::current_exception();
    }
    inline_outcome_ = error ? error : nullptr;
    inline_done_ = true;
}

bool Job::await_snapshot() {
    if (!writing_) return true;
    std::exception_ptr error;
    if (inline_done_) {
        error = std::exchange(inline_outcome_, nullptr);
        inline_done_ = false;
    } else {
        writer_->wait(error);
    }
    return end_snapshot(error);
}

bool Job::end_snapshot(std::exception_ptr error) {
    InFlight w = std::move(*writing_);
    writing_.reset();
    moved_ = std::move(w.snap.offsets);
    moved_owner_ = std::move(w.snap.owners);
    if (error) {
        // Nothing is committed; the previous snapshot stays the one to resume from, and the
        // offsets go back to be committed with the next snapshot.
        for (auto &[t, list] : w.commits)
            for (auto &[p, o] : list) state_[t].carried.emplace(std::move(p), std::move(o));
        try {
            std::rethrow_exception(error);
        } catch (const SnapshotError &e) {
            spdlog::error("snapshot {} failed, keeping snapshot {} as the one to resume from: {}",
                          w.id, last_good_snapshot_, e.what());
            snapshot_failures_.fetch_add(1);
            return false;
        } // anything else (SinkError: the output is at fault) fails the job
    }
    if (store_) {
        last_good_snapshot_ = w.id;
        sink_->committed(w.snap.sink);
    }
    snapshots_.fetch_add(1);
    last_snapshot_ns_.store(steady_ns());
    snapshot_duration_ns_.store(steady_ns() - w.t0);
    for (auto &[t, list] : w.commits)
        if (!state_[t].dead) exchange_->deliver_commit(t, std::move(list)); // a dead slot has no task
    changes_durable(); // offset changes made before this cut are durable now
    return true;
}

bool Job::nothing_to_snapshot(const std::vector<char> &ended) const {
    for (size_t t = 0; t < state_.size(); ++t)
        if (!ended[t] || !state_[t].dirty.empty() || !state_[t].carried.empty()) return false;
    return true;
}

void Job::sink_stage(JobResult &result) {
    using clock = std::chrono::steady_clock;
    const bool barriers = options_.guarantee != Guarantee::none;
    // One entry per task slot; a connector created while the job runs adds slots (and
    // entries, in add_slots), so the loops below read tasks_.size() rather than a copy.
    std::vector<char> blocked(tasks_.size(), 0), ended(tasks_.size(), 0);
    {
        std::lock_guard lock(view_mu_);
        running_stage_ = true;
    }

    std::vector<Exchange::Taken> taken;
    uint64_t next_id = restored_ ? restored_->id + 1 : 1;
    uint64_t in_flight = 0; // the barrier being aligned, 0: none
    auto next_barrier = clock::now() + options_.snapshot_interval;
    bool stopping = false;
    auto stop_deadline = clock::time_point::max();
    Watchdog watchdog(options_.poll_timeout);

    try {
        // The output is rewound to the snapshot here, while the tasks start on the other core
        // (the truncation frees what the crashed run wrote after the snapshot, which takes a
        // while): both stand before the first new record, and nothing reaches the sink before.
        if (restored_) sink_->restore(restored_->sink, options_.guarantee == Guarantee::exactly_once);
        for (;;) {
            auto deadline = clock::now() + std::chrono::milliseconds(250);
            if (barriers && !in_flight) deadline = std::min(deadline, next_barrier);
            for (const auto &ts : state_)
                if (ts.restart_at) deadline = std::min(deadline, *ts.restart_at);
            taken.clear();
            exchange_->take(taken, blocked, deadline);
            if (auto failure = exchange_->failure()) {
                result.ok = false;
                result.error = *failure;
                break;
            }
            bool fail_fast = false, wrote = false;
            for (auto &[t, item] : taken) {
                switch (item.kind) {
                case QueueItem::Kind::batch:
                    process(t, *item.batch);
                    exchange_->recycle(std::move(item.batch));
                    wrote = true;
                    break;
                case QueueItem::Kind::barrier:
                    if (item.barrier == in_flight) blocked[t] = 1;
                    break;
                case QueueItem::Kind::end:
                    ended[t] = 1;
                    if (ended_on_request(t)) break;
                    if (!task_ended(t, result, stopping)) fail_fast = true;
                    break;
                }
            }
            if (fail_fast) break;
            if (writing_ && !inline_done_) {
                std::exception_ptr error;
                if (writer_->take_outcome(error)) end_snapshot(error);
            }
            // Caught up: what is buffered goes out now rather than at the next snapshot. While
            // the sink is behind, batches keep waiting and writes stay large.
            if (wrote && !exchange_->waiting(blocked)) sink_->idle();
            // A part that is due rolls on time even with nothing to write (a worker whose
            // sources are idle): a snapshot's cut rolls it and the commit finishes it; with no
            // snapshots, idle() rolls and finishes it at once.
            const bool roll_due = !wrote && sink_->roll_due();
            if (roll_due && !barriers) sink_->idle();
            apply_controls(ended, blocked, stopping);
            // A worker's active topics survive a restart (GET /connectors/{name}/topics); rare: a
            // connector's first record to a topic.
            if (options_.keep_running && options_.state_dir && topics_added()) {
                std::lock_guard lock(view_mu_);
                save_connector_states_locked();
            }
            if (!stopping) advance_changes(ended, blocked);
            const size_t n = tasks_.size();
            auto now = clock::now();
            for (size_t t = 0; t < n; ++t) {
                if (!state_[t].restart_at || *state_[t].restart_at > now) continue;
                restart_task(t, state_[t].restart_is_attempt);
                ended[t] = 0;
                blocked[t] = 0;
            }
            watchdog.check(tasks_);
            if (in_flight)
                for (size_t t = 0; t < n; ++t)
                    if (watchdog.stuck(t) && !ended[t]) exchange_->insert_barrier(t);
            if (stopping && now >= stop_deadline) {
                // Tasks still inside a plugin call after the grace period: their queues hold
                // everything they pushed, so the cut can be taken without them.
                for (size_t t = 0; t < n; ++t) {
                    if (ended[t]) continue;
                    spdlog::error("{} and ignores wake(); taking the final snapshot without it",
                                  Watchdog::describe(*tasks_[t]));
                    ended[t] = 1;
                    state_[t].given_up = true;
                }
            }
            if (in_flight && all(blocked, ended)) {
                // The cut; the writer thread makes it durable while records flow on.
                begin_snapshot(in_flight);
                if (inline_done_) await_snapshot();
                std::fill(blocked.begin(), blocked.end(), 0);
                in_flight = 0;
                next_barrier = clock::now() + options_.snapshot_interval;
            }
            bool restarts_pending = std::any_of(state_.begin(), state_.end(),
                                                [](const TaskState &ts) { return ts.restart_at.has_value(); });
            // A worker stays up with every task ended (finished, stopped or failed) until it
            // is cancelled: an operator may still resume or restart them.
            if (!restarts_pending && (stopping || !options_.keep_running) &&
                std::all_of(ended.begin(), ended.end(), [](char e) { return e != 0; })) {
                // Everything is drained: the final cut.
                sink_->closing();
                await_snapshot();
                if (barriers) {
                    uint64_t id = next_id++;
                    if (!snapshot(id) && store_ && result.ok) {
                        result.ok = false;
                        result.error = "the final snapshot " + std::to_string(id) +
                                       " could not be written (see above); the job will resume "
                                       "from snapshot " + std::to_string(last_good_snapshot_);
                    }
                } else {
                    sink_->make_durable();
                }
                break;
            }
            if (cancel_.load() && !stopping) {
                stopping = true;
                {
                    std::lock_guard lock(view_mu_);
                    stopping_view_ = true;
                }
                stop_deadline = clock::now() + options_.stop_grace;
                spdlog::info("stopping: finishing the current batches, then a final snapshot");
                give_up_restarts();
                exchange_->stop_polling();
                for (auto &t : tasks_) t->request_stop();
            }
            if (!barriers && !awaiting_snapshot_.empty()) changes_durable(); // no snapshots to wait for
            if (barriers && !in_flight && !writing_ && (clock::now() >= next_barrier || snapshot_soon_ || roll_due)) {
                snapshot_soon_ = false;
                if (nothing_to_snapshot(ended) && awaiting_snapshot_.empty() && !roll_due) { // an idle worker: no snapshot file per interval
                    next_barrier = clock::now() + options_.snapshot_interval;
                } else {
                    in_flight = next_id++;
                    exchange_->request_barrier(in_flight);
                }
            }
        }
    } catch (const std::exception &e) { // SinkError and the like: the output is at fault
        result.ok = false;
        result.error = e.what();
    }
    try {
        await_snapshot(); // one still in flight after a failure: durable or failed, never torn
    } catch (const std::exception &e) {
        if (result.ok) {
            result.ok = false;
            result.error = e.what();
        }
    }
    {
        std::lock_guard lock(view_mu_);
        running_stage_ = false;
    }
    fail_changes(result.ok ? "the worker is shutting down" : "the worker failed: " + result.error);
    if (!result.ok) {
        // No final snapshot: the last good one stays the point to resume from.
        exchange_->fail(tasks_.size(), result.error);
        exchange_->stop_polling();
        for (auto &t : tasks_) t->request_stop();
    }
}

} // namespace inlet::host
