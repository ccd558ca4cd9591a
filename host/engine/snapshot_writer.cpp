#include "engine/snapshot_writer.hpp"

#include <utility>

namespace inlet::host {

SnapshotWriter::SnapshotWriter(std::function<void()> done)
    : done_(std::move(done)), thread_([this] { run(); }) {}

SnapshotWriter::~SnapshotWriter() {
    {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return !work_; }); // started work runs to its end below
        quit_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void SnapshotWriter::submit(std::function<void()> work) {
    {
        std::lock_guard lock(mu_);
        work_ = std::move(work);
        busy_ = true;
        finished_ = false;
        error_ = nullptr;
    }
    cv_.notify_all();
}

bool SnapshotWriter::idle() const {
    std::lock_guard lock(mu_);
    return !busy_;
}

bool SnapshotWriter::take_outcome(std::exception_ptr &error) {
    std::lock_guard lock(mu_);
    if (!busy_ || !finished_) return false;
    busy_ = false;
    error = std::exchange(error_, nullptr);
    return true;
}

bool SnapshotWriter::wait(std::exception_ptr &error) {
    std::unique_lock lock(mu_);
    if (!busy_) return false;
    cv_.wait(lock, [this] { return finished_; });
    busy_ = false;
    error = std::exchange(error_, nullptr);
    return true;
}

void SnapshotWriter::run() {
    std::unique_lock lock(mu_);
    for (;;) {
        cv_.wait(lock, [this] { return quit_ || work_; });
        if (!work_) return; // quit_, nothing left
        auto work = std::move(work_);
        work_ = nullptr;
        cv_.notify_all();
        lock.unlock();
        std::exception_ptr error;
        try {
            work();
        } catch (...) { // handed to the sink stage, which reports it (never dropped)
            error = std::current_exception();
        }
        lock.lock();
        // Moved, not copied: the sink stage must hold the last reference to the exception, or
        // this thread's release would free it while the sink stage still reads its message.
        error_ = std::move(error);
        finished_ = true;
        cv_.notify_all();
        lock.unlock();
        done_();
        lock.lock();
    }
}

} // namespace inlet::host
