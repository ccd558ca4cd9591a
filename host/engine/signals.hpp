// SIGINT/SIGTERM without work in a signal handler: the signals are blocked and a dedicated
// thread takes them with sigtimedwait. The first one calls `on_first` (the job's cancel: final
// snapshot, commit, clean exit); a second one ends the process at once with 128+signal — the
// state stays consistent because snapshots are written atomically.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

#include <signal.h>

namespace inlet::host {

class SignalWatcher {
public:
    // Construct before starting any other thread: threads inherit the blocked mask.
    explicit SignalWatcher(std::function<void(int)> on_first);
    ~SignalWatcher(); // stops the thread and restores the previous mask
    SignalWatcher(const SignalWatcher &) = delete;
    SignalWatcher &operator=(const SignalWatcher &) = delete;

private:
    void run();
    std::function<void(int)> on_first_;
    sigset_t set_{};
    sigset_t previous_{};
    std::atomic<bool> done_{false};
    std::thread thread_;
};

} // namespace inlet::host
