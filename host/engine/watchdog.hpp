// Notices a plugin's poll() that ignores its timeout. The contract asks poll() to return
// within about timeout_ms; one still running after timeout + grace (grace: the larger of 1 s
// and the timeout) is logged as stuck — once per call — and woken with wake(), the contract's
// interrupt. A stuck task's barriers are inserted for it (Exchange::insert_barrier). Runs on the sink stage thread, which wakes at least every 250 ms.
#pragma once

#include "engine/task_runner.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace inlet::host {

class Watchdog {
public:
    explicit Watchdog(std::chrono::milliseconds poll_timeout);

    // Checks every task's call in progress; logs and wakes the ones newly found stuck.
    void check(const std::vector<std::unique_ptr<TaskRunner>> &tasks);
    // As of the last check: task t is inside a poll() that overran. Its barriers are inserted
    // on its behalf, so one stuck task does not stop the job's snapshots.
    bool stuck(size_t t) const { return t < stuck_.size() && stuck_[t]; }

    // "task dice/1 is stuck in poll() for 12.3 s" for a task inside any plugin call, for the
    // shutdown's last word on a task that never came back.
    static std::string describe(const TaskRunner &task);

private:
    int64_t limit_ns_;
    std::vector<int64_t> reported_; // per task: start time of the call already reported
    std::vector<char> stuck_;
};

} // namespace inlet::host
