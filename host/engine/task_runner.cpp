#include "engine/task_runner.hpp"

#include "engine/crash_handler.hpp"
#include "engine/retry_backoff.hpp"
#include "engine/steady_ns.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>

#include <spdlog/spdlog.h>

namespace inlet::host {

struct TaskRunner::ErrorBuffer {
    char text[1024] = {};
    inlet_error err{text, sizeof text};
    bool threw = false; // the call threw through the C ABI
    std::string message() const { return text[0] ? std::string(text) : std::string("no message"); }
};

TaskRunner::TaskRunner(TaskSetup setup, Exchange &exchange, size_t slot)
    : setup_(std::move(setup)), exchange_(exchange), slot_(slot),
      context_{setup_.connector, int(setup_.index), spdlog::default_logger()},
      restored_(setup_.restored), emitter_(partitions_, setup_.default_topic.empty() ? setup_.connector : setup_.default_topic,
               setup_.limits) {
    context_.counters = &setup_.metrics->plugin_counters;
    context_.request_task_reconfiguration = setup_.request_task_reconfiguration;
    emitter_.track_topics(&setup_.metrics->topics);
    table_ = make_host_table(&context_, &Emitter::ops);
    table_.connector_data = setup_.plugin->connector_data;
    RestoredOffsets::install(table_);
}

TaskRunner::~TaskRunner() { join(); }

void TaskRunner::start() { thread_ = std::thread([this] { run(); }); }

void TaskRunner::join() {
    if (thread_.joinable()) thread_.join();
}

bool TaskRunner::join_until(clock::time_point deadline) {
    {
        std::unique_lock lock(state_mu_);
        if (!state_cv_.wait_until(lock, deadline, [this] { return done_; })) return false;
    }
    join();
    return true;
}

void TaskRunner::abandon() {
    if (thread_.joinable()) thread_.detach();
}

void TaskRunner::wake() {
    {
        std::lock_guard lock(state_mu_);
        woken_ = true;
    }
    state_cv_.notify_all();
    std::lock_guard lock(handle_mu_);
    if (handle_ == nullptr || setup_.plugin->wake == nullptr) return;
    PluginCallScope scope(setup_.connector.c_str(), setup_.index, "wake");
    try {
        setup_.plugin->wake(handle_);
    } catch (const std::exception &ex) {
        spdlog::error("[{}] wake() threw a C++ exception through the C ABI (ignored: wake has "
                      "no way to report errors): {}", label(), ex.what());
    } catch (...) {
        spdlog::error("[{}] wake() threw a non-standard C++ exception through the C ABI "
                      "(ignored: wake has no way to report errors)", label());
    }
}

void TaskRunner::request_stop() {
    stop_requested_.store(true);
    wake();
}

std::optional<TaskFailure> TaskRunner::failure() const {
    std::lock_guard lock(state_mu_);
    return failure_;
}

TaskRunner::CallInfo TaskRunner::current_call() const {
    // The name is stored after the time and cleared before it: a reader that sees a name sees
    // that call's start time (or a later one, which only makes the call look younger).
    const char *name = call_name_.load();
    int64_t since = call_since_ns_.load();
    if (name == nullptr || since == 0) return {};
    return {name, since};
}

void TaskRunner::pause(std::chrono::milliseconds d) {
    std::unique_lock lock(state_mu_);
    state_cv_.wait_for(lock, d, [this] { return woken_ || stop_requested_.load(); });
    woken_ = false;
}

// Every plugin call goes through here: marked for the crash handler, timed for the watchdog,
// and an exception thrown through the C ABI becomes INLET_FATAL naming the call (the plugin is
// broken; the host must not unwind through it blindly, nor swallow it).
template <class Fn>
inlet_status TaskRunner::guarded(const char *call, ErrorBuffer &e, Fn &&fn) {
    PluginCallScope scope(setup_.connector.c_str(), setup_.index, call);
    call_since_ns_.store(steady_ns());
    call_name_.store(call);
    inlet_status st;
    try {
        st = fn();
    } catch (const std::exception &ex) {
        std::snprintf(e.text, sizeof e.text,
                      "threw a C++ exception through the C ABI (plugin '%s'): %s",
                      setup_.plugin->name, ex.what());
        e.threw = true;
        st = INLET_FATAL;
    } catch (...) {
        std::snprintf(e.text, sizeof e.text,
                      "threw a non-standard C++ exception through the C ABI (plugin '%s')",
                      setup_.plugin->name);
        e.threw = true;
        st = INLET_FATAL;
    }
    call_name_.store(nullptr);
    call_since_ns_.store(0);
    return st;
}

void TaskRunner::fail(const char *call, const std::string &reason, bool restartable) {
    std::string message = call != nullptr
                              ? "task " + label() + " failed in " + call + "(): " + reason
                              : "task " + label() + " failed: " + reason;
    {
        std::lock_guard lock(state_mu_);
        if (failure_) return; // the first failure is the one that counts
        failure_ = TaskFailure{std::move(message), restartable};
    }
    exchange_.push_end(slot_);
}

bool TaskRunner::start_plugin() {
    ConfigView view(setup_.config);
    RetryBackoff backoff(setup_.retry);
    for (;;) {
        ErrorBuffer e;
        void *handle = nullptr;
        inlet_status st = guarded("start", e, [&] {
            return setup_.plugin->start(&table_, &view.config, restored_.handle(), &handle,
                                        &e.err);
        });
        if (st == INLET_OK) {
            std::lock_guard lock(handle_mu_);
            handle_ = handle;
            return true;
        }
        if (st == INLET_RETRIABLE && !stop_requested_.load()) {
            if (auto delay = backoff.next(clock::now())) {
                metrics().retries.fetch_add(1, std::memory_order_relaxed);
                spdlog::warn("[{}] start() failed, retrying in {} ms: {}", label(),
                             delay->count(), e.message());
                pause(*delay);
                if (!stop_requested_.load()) continue;
            }
        }
        if (st == INLET_RETRIABLE && stop_requested_.load()) {
            exchange_.push_end(slot_); // the job is stopping: not a failure of the task
            return false;
        }
        std::string why = e.message();
        if (st == INLET_RETRIABLE)
            why += " (still failing after " + std::to_string(backoff.attempts()) +
                   " retries; errors.retry.timeout=" + std::to_string(setup_.retry.retry_timeout.count()) +
                   " ms)";
        else if (st != INLET_FATAL)
            why = std::string("returned ") + status_name(st) + ": " + why;
        fail("start", why, st != INLET_INVALID_CONFIG);
        return false;
    }
}

bool TaskRunner::run_commits(std::vector<OffsetList> &lists) {
    if (setup_.plugin->commit == nullptr) return true;
    std::vector<inlet_offset_entry> entries;
    for (const auto &list : lists) {
        entries.clear();
        for (const auto &[p, o] : list) entries.push_back({p.c_str(), o.c_str()});
        if (!commit(entries)) return false;
    }
    return true;
}

bool TaskRunner::commit(const std::vector<inlet_offset_entry> &entries) {
    if (setup_.plugin->commit == nullptr || entries.empty()) return true;
    RetryBackoff backoff(setup_.retry);
    for (;;) {
        ErrorBuffer e;
        inlet_status st = guarded("commit", e, [&] {
            return setup_.plugin->commit(handle_, entries.data(), entries.size(), &e.err);
        });
        metrics().commits.fetch_add(1, std::memory_order_relaxed);
        if (st == INLET_OK || st == INLET_FINISHED) return true;
        if (st == INLET_RETRIABLE) {
            if (auto delay = backoff.next(clock::now())) {
                metrics().retries.fetch_add(1, std::memory_order_relaxed);
                spdlog::warn("[{}] commit() failed, retrying in {} ms: {}", label(),
                             delay->count(), e.message());
                pause(*delay);
                continue;
            }
            metrics().commit_failures.fetch_add(1, std::memory_order_relaxed);
            // The offsets are durable in the snapshot whatever the upstream says, and the
            // next commit covers these partitions: failing the task would only replay
            // records for nothing.
            spdlog::warn("[{}] commit() kept failing for errors.retry.timeout; the next "
                         "commit covers these offsets: {}", label(), e.message());
            return true;
        }
        fail("commit", st == INLET_FATAL ? e.message()
                                         : std::string("returned ") + status_name(st) + ": " +
                                               e.message());
        return false;
    }
}

void TaskRunner::serve_until_shutdown() {
    for (;;) {
        TaskWork w = exchange_.next(slot_, false);
        if (handle_ != nullptr && !run_commits(w.commits)) return;
        if (w.shutdown) return;
    }
}

void TaskRunner::poll_loop() {
    RetryBackoff backoff(setup_.retry);
    auto next_poll = clock::time_point{};
    for (;;) {
        // A borrowed record's bytes are the plugin's again once the next poll() returns, so
        // the poll after that waits until the sink stage has written every borrowed batch but
        // the last poll's.
        TaskWork w = exchange_.next(slot_, true, &borrowed_, last_poll_borrowed_ ? 1 : 0);
        if (!run_commits(w.commits)) return;
        if (w.shutdown) return;
        if (w.stop) {
            exchange_.push_end(slot_);
            return;
        }
        if (!w.batch) continue;
        auto now = clock::now();
        if (now < next_poll) { // backing off after a retriable poll error; keep serving barriers
            pause(std::min<std::chrono::milliseconds>(
                std::chrono::ceil<std::chrono::milliseconds>(next_poll - now), setup_.poll_timeout));
            exchange_.push(slot_, std::move(w.batch));
            continue;
        }
        emitter_.begin(*w.batch);
        int64_t poll_start = steady_ns();
        ErrorBuffer e;
        inlet_status st = guarded("poll", e, [&] {
            return setup_.plugin->poll(handle_, emitter_.handle(),
                                       uint32_t(setup_.poll_timeout.count()), &e.err);
        });
        if (emitter_.rejected()) {
            exchange_.recycle(std::move(w.batch));
            fail("poll", std::string("emitted a malformed record: ") + emitter_.reason());
            return;
        }
        if (e.threw) {
            // What the plugin emitted before throwing is dropped with its offsets: the restart
            // resumes from the offsets already written, so nothing is lost or repeated.
            exchange_.recycle(std::move(w.batch));
            fail("poll", e.message());
            return;
        }
        metrics().poll_returned(w.batch->records().size(), uint64_t(steady_ns() - poll_start));
        metrics().utf8_replaced.fetch_add(emitter_.take_utf8_replacements(), std::memory_order_relaxed);
        last_poll_borrowed_ = w.batch->borrowed();
        if (last_poll_borrowed_) w.batch->ledger = &borrowed_;
        exchange_.push(slot_, std::move(w.batch));
        switch (st) {
        case INLET_OK: backoff.reset(); break;
        case INLET_FINISHED: exchange_.push_end(slot_); return;
        case INLET_RETRIABLE:
            now = clock::now();
            if (auto delay = backoff.next(now)) {
                metrics().retries.fetch_add(1, std::memory_order_relaxed);
                spdlog::warn("[{}] poll() failed, retrying in {} ms: {}", label(), delay->count(),
                             e.message());
                next_poll = now + *delay;
                break;
            }
            fail("poll", e.message() + " (still failing after " +
                             std::to_string(backoff.attempts()) + " retries; errors.retry.timeout=" +
                             std::to_string(setup_.retry.retry_timeout.count()) + " ms)");
            return;
        case INLET_FATAL: fail("poll", e.message()); return;
        default: fail("poll", std::string("returned ") + status_name(st) + ": " + e.message()); return;
        }
    }
}

void TaskRunner::stop_plugin() {
    // Borrowed records must be written before the plugin may free their bytes.
    exchange_.await_returned(borrowed_);
    void *handle = nullptr;
    {
        std::lock_guard lock(handle_mu_);
        handle = std::exchange(handle_, nullptr);
    }
    if (handle == nullptr) return;
    ErrorBuffer e;
    guarded("stop", e, [&] {
        setup_.plugin->stop(handle);
        return INLET_OK;
    });
    if (e.threw) spdlog::error("[{}] stop(): {}", label(), e.message());
}

void TaskRunner::run() {
    AltSignalStack alt_stack; // a crash report even when a plugin overflows its stack
    try {
        int64_t t0 = steady_ns();
        if (start_plugin()) {
            spdlog::debug("[{}] start() took {:.1f} ms", label(), double(steady_ns() - t0) / 1e6);
            // After a restart from a snapshot, re-deliver the restored offsets this task owns:
            // the crash may have come between a snapshot and its commit.
            if (!setup_.redeliver_restored || commit(restored_.asked())) poll_loop();
        }
        if (!failure()) serve_until_shutdown();
    } catch (const std::exception &ex) {
        fail(nullptr, std::string("internal error in the host: ") + ex.what());
    }
    stop_plugin();
    {
        std::lock_guard lock(state_mu_);
        done_ = true;
    }
    state_cv_.notify_all();
}

} // namespace inlet::host
