// What the sink stage does about failed tasks: restart one in-process from the offsets already
// written (engine/README.md, "Faults", says why that keeps exactly-once), or record it as
// FAILED; and the end result that names what failed.
#include "engine/job.hpp"
#include "engine/job_task_state.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace inlet::host {

bool Job::task_ended(size_t t, JobResult &result, bool stopping) {
    auto failure = tasks_[t]->failure();
    if (!failure) { // a bounded source that read everything
        std::lock_guard lock(view_mu_);
        published_[t].finished = true;
        return true;
    }
    TaskState &ts = state_[t];
    if (options_.errors.fail_fast) {
        spdlog::error("{}", failure->message);
        result.ok = false;
        result.error = failure->message + " (errors.fail.fast: stopping the job)";
        ts.failure = failure->message;
        return false;
    }
    if (!failure->restartable || stopping || ts.restarts >= options_.errors.restart_attempts) {
        std::string why = failure->message;
        if (ts.restarts > 0) why += " (after " + std::to_string(ts.restarts) + " restarts)";
        else if (stopping) why += " (not restarted: the job is stopping)";
        else if (!failure->restartable) why += " (not restarted: a restart cannot fix the configuration)";
        else why += " (errors.restart.attempts=0: not restarted)";
        spdlog::error("{}; the other tasks keep running", why);
        publish(t, RunState::failed, why);
        ts.failure = std::move(why);
        return true;
    }
    // Exponential backoff from errors.restart.backoff.ms, capped so it stays a pause.
    auto delay = options_.errors.restart_backoff * (int64_t(1) << std::min<uint32_t>(ts.restarts, 16));
    delay = std::min<std::chrono::milliseconds>(delay, std::chrono::minutes(5));
    spdlog::error("{}; restarting it in {} ms (restart {} of {})", failure->message, delay.count(),
                  ts.restarts + 1, options_.errors.restart_attempts);
    ts.restart_at = std::chrono::steady_clock::now() + delay;
    ts.restart_is_attempt = true;
    publish(t, RunState::restarting, failure->message);
    return true;
}

void Job::restart_task(size_t t, bool attempt) {
    await_snapshot(); // the restart reads moved_, lent to a snapshot in flight
    TaskState &ts = state_[t];
    ts.restart_at.reset();
    if (attempt) ++ts.restarts;
    ts.failure.clear();
    ts.stopped = false;
    metrics_[t]->restarts.fetch_add(1, std::memory_order_relaxed);
    // A failed task's thread has stopped its plugin after its end marker; a finished one
    // serves its mailbox until told to go.
    exchange_->retire(t);
    tasks_[t]->join();

    // The restarted task resumes right after the newest offset the sink has written for each
    // of its partitions: everything its predecessor emitted up to there is in the output
    // already (the end marker came after its last batch), nothing after it is. So no record is
    // lost or written twice, and the other tasks never notice (engine/README.md).
    auto resume = latest_offsets();
    // Partition ids belong to the old runner's table, which goes with it: keep what is not
    // yet in a snapshot by name.
    for (uint32_t pid : ts.dirty) ts.carried[*ts.partition[pid]] = ts.offset[pid];
    ts.offset.clear();
    ts.partition.clear();
    ts.is_dirty.clear();
    ts.owner_noted.clear();
    ts.dirty.clear();

    TaskSetup setup = tasks_[t]->setup();
    setup.restored = resume.get();
    setup.redeliver_restored = false;
    auto fresh = std::make_unique<TaskRunner>(std::move(setup), *exchange_, t);
    std::unique_ptr<TaskRunner> old;
    {
        std::lock_guard lock(tasks_mu_);
        old = std::exchange(tasks_[t], std::move(fresh));
    }
    old.reset();
    restart_offsets_[t] = std::move(resume);
    if (attempt)
        spdlog::info("task {} restarted (restart {} of {})", tasks_[t]->label(), ts.restarts,
                     options_.errors.restart_attempts);
    else
        spdlog::info("task {} restarted on request", tasks_[t]->label());
    publish(t, RunState::running);
    exchange_->reopen(t);
    tasks_[t]->start();
}

void Job::give_up_restarts() {
    for (size_t t = 0; t < state_.size(); ++t) {
        TaskState &ts = state_[t];
        if (!ts.restart_at) continue;
        ts.restart_at.reset();
        auto f = tasks_[t]->failure();
        ts.failure = (f ? f->message : "task " + tasks_[t]->label() + " failed") +
                     " (not restarted: the job is stopping)";
        publish(t, RunState::failed, ts.failure);
    }
}

void Job::finish_result(JobResult &result) {
    result.elapsed = std::chrono::steady_clock::now() - started_;
    result.snapshots = snapshots_.load();
    result.bytes_written = sink_->bytes_written();
    result.cancelled = cancel_.load();
    size_t failed = 0;
    for (size_t t = 0; t < tasks_.size(); ++t) {
        const auto &task = *tasks_[t];
        // A failure after the task's end marker (its final commit()) reached no one yet.
        if (auto late = task.failure(); late && state_[t].failure.empty() && !state_[t].abandoned) {
            spdlog::error("{}", late->message);
            state_[t].failure = late->message;
        }
        TaskSummary s;
        s.label = task.label();
        s.records = metrics_[t]->written.load();
        s.commits = metrics_[t]->commits.load();
        s.restarts = state_[t].restarts;
        s.utf8_replaced = metrics_[t]->utf8_replaced.load();
        s.failure = state_[t].failure;
        s.counters = metrics_[t]->plugin_counters.snapshot();
        if (!s.failure.empty()) ++failed;
        result.records += s.records;
        result.tasks.push_back(std::move(s));
    }
    if (failed == 0 || !result.ok) return;
    for (const auto &s : result.tasks) {
        if (s.failure.empty()) continue;
        result.ok = false;
        result.error = s.failure;
        if (failed > 1) result.error += " (and " + std::to_string(failed - 1) + " more failed tasks)";
        break;
    }
}

} // namespace inlet::host
