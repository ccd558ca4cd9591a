#include "sink/sync_behind.hpp"

#include <spdlog/spdlog.h>

#include <string>

namespace inlet::host {

namespace {
// The same file through a new open file description. Read-only is enough for fdatasync; a
// file we may only write is opened write-only (no O_TRUNC, no O_CREAT: nothing changes).
UniqueFd reopen(int fd) {
    std::string self = "/proc/self/fd/" + std::to_string(fd);
    UniqueFd file(::open(self.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) file = UniqueFd(::open(self.c_str(), O_WRONLY | O_CLOEXEC));
    return file;
}
} // namespace

SyncBehind::~SyncBehind() {
    {
        std::lock_guard lock(mu_);
        quit_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SyncBehind::request(int fd) {
    if (!file_) {
        if (reopen_failed_) return;
        UniqueFd file = reopen(fd);
        if (!file) {
            // Only a speed-up is lost: the snapshots' own fdatasync makes the output durable.
            spdlog::debug("no background fdatasync of fd {}: {}", fd,
                          os_error("cannot reopen it through /proc/self/fd"));
            reopen_failed_ = true;
            return;
        }
        file_ = std::make_shared<UniqueFd>(std::move(file));
    }
    {
        std::lock_guard lock(mu_);
        wanted_ = file_;
    }
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    cv_.notify_all();
}

void SyncBehind::drain() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return !wanted_ && !running_; });
}

void SyncBehind::run() {
    std::unique_lock lock(mu_);
    for (;;) {
        cv_.wait(lock, [this] { return quit_ || wanted_; });
        if (quit_) return; // a request left: the sink's own fdatasync covers it
        std::shared_ptr<UniqueFd> file = std::move(wanted_);
        wanted_.reset();
        running_ = true;
        lock.unlock();
        // A failure is the sink's to report: its own fdatasync, on its own description, sees
        // the same write error (see the header).
        (void)::fdatasync(file->get());
        file.reset();
        syncs_.fetch_add(1, std::memory_order_relaxed);
        lock.lock();
        running_ = false;
        cv_.notify_all(); // drain()
    }
}

} // namespace inlet::host
