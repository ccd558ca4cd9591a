#include "check/watchdog.hpp"

#include <cstdlib>

namespace inlet::check {

Watchdog::Watchdog(std::function<void(const std::string &)> on_hang)
    : on_hang_(std::move(on_hang)), thread_([this] { run(); }) {}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mu_);
        quit_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

Watchdog::Guard::Guard(Watchdog &w, std::chrono::milliseconds limit, std::string what) : w_(w) {
    {
        std::lock_guard lock(w_.mu_);
        w_.armed_ = true;
        w_.deadline_ = std::chrono::steady_clock::now() + limit;
        w_.what_ = std::move(what);
    }
    w_.cv_.notify_all();
}

Watchdog::Guard::~Guard() {
    {
        std::lock_guard lock(w_.mu_);
        w_.armed_ = false;
    }
    w_.cv_.notify_all();
}

void Watchdog::run() {
    std::unique_lock lock(mu_);
    while (!quit_) {
        if (!armed_) {
            cv_.wait(lock);
            continue;
        }
        if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout && armed_ && !quit_ &&
            std::chrono::steady_clock::now() >= deadline_) {
            std::string what = what_;
            lock.unlock();
            on_hang_(what);
            // The hung call still owns plugin state, so no destructor may run: leave now.
            std::_Exit(1);
        }
    }
}

} // namespace inlet::check
