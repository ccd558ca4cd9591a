#include "engine/task_runner.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace inlet::host {
namespace {

const char *status_name(inlet_status s) {
    switch (s) {
    case INLET_OK: return "OK";
    case INLET_FINISHED: return "FINISHED";
    case INLET_RETRIABLE: return "RETRIABLE";
    case INLET_FATAL: return "FATAL";
    case INLET_INVALID_CONFIG: return "INVALID_CONFIG";
    }
    return "an unknown status";
}

struct ErrorBuffer {
    char text[1024] = {};
    inlet_error err{text, sizeof text};
    std::string message() const { return text[0] ? std::string(text) : std::string("no message"); }
};

} // namespace

TaskRunner::TaskRunner(TaskSetup setup, Exchange &exchange, size_t slot)
    : setup_(std::move(setup)), exchange_(exchange), slot_(slot),
      context_{setup_.connector, int(setup_.index), spdlog::default_logger()},
      restored_(setup_.restored), emitter_(partitions_, setup_.connector, setup_.limits) {
    table_ = make_host_table(&context_, &Emitter::ops);
    RestoredOffsets::install(table_);
}

TaskRunner::~TaskRunner() { join(); }

void TaskRunner::start() { thread_ = std::thread([this] { run(); }); }

void TaskRunner::join() {
    if (thread_.joinable()) thread_.join();
}

void TaskRunner::wake() {
    std::lock_guard lock(handle_mu_);
    if (handle_ != nullptr && setup_.plugin->wake != nullptr) setup_.plugin->wake(handle_);
}

void TaskRunner::fail(const std::string &what) {
    exchange_.fail(slot_, "connector '" + setup_.connector + "' task " +
                              std::to_string(setup_.index) + ": " + what);
    exchange_.push_end(slot_);
}

bool TaskRunner::start_plugin() {
    ConfigView view(setup_.config);
    auto deadline = std::chrono::steady_clock::now() + setup_.retry.retry_timeout;
    auto delay = std::chrono::milliseconds(100);
    for (;;) {
        ErrorBuffer e;
        void *handle = nullptr;
        inlet_status st = setup_.plugin->start(&table_, &view.config, restored_.handle(), &handle,
                                               &e.err);
        if (st == INLET_OK) {
            std::lock_guard lock(handle_mu_);
            handle_ = handle;
            return true;
        }
        if (st == INLET_RETRIABLE && std::chrono::steady_clock::now() + delay < deadline) {
            spdlog::warn("[{}] start() failed, retrying in {} ms: {}", label(), delay.count(),
                         e.message());
            std::this_thread::sleep_for(delay);
            delay = std::min(delay * 2, setup_.retry.retry_delay_max);
            continue;
        }
        fail(std::string("start() returned ") + status_name(st) + ": " + e.message());
        return false;
    }
}

void TaskRunner::run_commits(std::vector<OffsetList> &lists) {
    if (setup_.plugin->commit == nullptr) return;
    for (const auto &list : lists) {
        if (list.empty()) continue;
        std::vector<inlet_offset_entry> entries;
        entries.reserve(list.size());
        for (const auto &[p, o] : list) entries.push_back({p.c_str(), o.c_str()});
        ErrorBuffer e;
        inlet_status st = setup_.plugin->commit(handle_, entries.data(), entries.size(), &e.err);
        commits.fetch_add(1, std::memory_order_relaxed);
        // The offsets are durable either way; a later commit covers a missed one.
        if (st == INLET_RETRIABLE)
            spdlog::warn("[{}] commit() failed (will be covered by the next one): {}", label(),
                         e.message());
        else if (st != INLET_OK && st != INLET_FINISHED)
            fail(std::string("commit() returned ") + status_name(st) + ": " + e.message());
    }
}

void TaskRunner::serve_until_shutdown() {
    for (;;) {
        TaskWork w = exchange_.next(slot_, false);
        if (handle_ != nullptr) run_commits(w.commits);
        if (w.shutdown) return;
    }
}

void TaskRunner::run() {
    try {
        if (!start_plugin()) {
            serve_until_shutdown();
            return;
        }
        // After a restart, re-deliver the restored offsets this task owns: the crash may have
        // come between a snapshot and its commit.
        std::vector<OffsetList> again{restored_.asked()};
        run_commits(again);

        bool ended = false;
        auto retry_since = std::chrono::steady_clock::time_point{};
        auto retry_delay = std::chrono::milliseconds(100);
        auto next_poll = std::chrono::steady_clock::time_point{};
        while (!ended) {
            TaskWork w = exchange_.next(slot_, true);
            run_commits(w.commits);
            if (w.shutdown) break;
            if (w.stop) {
                exchange_.push_end(slot_);
                ended = true;
                break;
            }
            if (!w.batch) continue;
            auto now = std::chrono::steady_clock::now();
            if (now < next_poll) { // backing off after a retriable poll error
                std::this_thread::sleep_for(
                    std::min<std::chrono::steady_clock::duration>(next_poll - now, setup_.poll_timeout));
                exchange_.push(slot_, std::move(w.batch));
                continue;
            }
            emitter_.begin(*w.batch);
            ErrorBuffer e;
            inlet_status st = setup_.plugin->poll(handle_, emitter_.handle(),
                                                  uint32_t(setup_.poll_timeout.count()), &e.err);
            if (emitter_.rejected()) {
                exchange_.recycle(std::move(w.batch));
                fail(std::string("emitted a malformed record: ") + emitter_.reason());
                ended = true;
                break;
            }
            polled.fetch_add(w.batch->records().size(), std::memory_order_relaxed);
            exchange_.push(slot_, std::move(w.batch));
            switch (st) {
            case INLET_OK: retry_since = {}; retry_delay = std::chrono::milliseconds(100); break;
            case INLET_FINISHED:
                exchange_.push_end(slot_);
                ended = true;
                break;
            case INLET_RETRIABLE:
                now = std::chrono::steady_clock::now();
                if (retry_since == std::chrono::steady_clock::time_point{}) retry_since = now;
                if (now - retry_since + retry_delay > setup_.retry.retry_timeout) {
                    fail("poll() kept failing (errors.retry.timeout exhausted): " + e.message());
                    ended = true;
                    break;
                }
                spdlog::warn("[{}] poll() failed, retrying in {} ms: {}", label(),
                             retry_delay.count(), e.message());
                next_poll = now + retry_delay;
                retry_delay = std::min(retry_delay * 2, setup_.retry.retry_delay_max);
                break;
            default:
                fail(std::string("poll() returned ") + status_name(st) + ": " + e.message());
                ended = true;
                break;
            }
        }
        serve_until_shutdown();
    } catch (const std::exception &ex) {
        fail(std::string("internal error: ") + ex.what());
        try {
            serve_until_shutdown();
        } catch (const std::exception &again) {
            spdlog::error("[{}] {}", label(), again.what());
        }
    }
    void *handle = nullptr;
    {
        std::lock_guard lock(handle_mu_);
        handle = std::exchange(handle_, nullptr);
    }
    if (handle != nullptr) setup_.plugin->stop(handle);
}

} // namespace inlet::host
