// Kafka Connect's retry policy for a plugin call answering INLET_RETRIABLE: try again after an
// exponentially growing delay (100 ms, 200 ms, … capped at errors.retry.delay.max.ms) for as
// long as errors.retry.timeout allows, counted from the first failure of the streak. A timeout
// of 0 means no retries; -1 (a century, see config) means retry forever.
#pragma once

#include "config/job_spec.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

namespace inlet::host {

class RetryBackoff {
public:
    using clock = std::chrono::steady_clock;

    explicit RetryBackoff(const RetryPolicy &policy) : policy_(policy) { reset(); }

    // A retriable failure happened at `now`: how long to wait before the next try, or nullopt
    // when waiting that long would overrun errors.retry.timeout.
    std::optional<std::chrono::milliseconds> next(clock::time_point now) {
        if (!failing_) {
            failing_ = true;
            since_ = now;
        }
        auto delay = delay_;
        if (now - since_ + delay > policy_.retry_timeout) return std::nullopt;
        delay_ = std::min(delay_ * 2, cap());
        ++attempts_;
        return delay;
    }

    // The call succeeded: the next failure starts a new streak.
    void reset() {
        failing_ = false;
        delay_ = std::min(std::chrono::milliseconds(100), cap());
    }

    unsigned attempts() const { return attempts_; }

private:
    std::chrono::milliseconds cap() const {
        return std::max(policy_.retry_delay_max, std::chrono::milliseconds(1));
    }

    RetryPolicy policy_;
    bool failing_ = false;
    clock::time_point since_{};
    std::chrono::milliseconds delay_{100};
    unsigned attempts_ = 0;
};

} // namespace inlet::host
