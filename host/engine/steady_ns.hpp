// The steady clock as a plain count of nanoseconds: what the engine stores in atomics (call
// start times, the last snapshot) and subtracts for ages and durations.
#pragma once

#include <chrono>
#include <cstdint>

namespace inlet::host {

inline int64_t steady_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace inlet::host
