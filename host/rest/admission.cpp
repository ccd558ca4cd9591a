#include "rest/admission.hpp"

#include <algorithm>

namespace inlet::rest {

Admission::Admission(unsigned rate, unsigned burst) : rate_(rate) {
    if (rate == 0) return;
    interval_ = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
    if (interval_ <= Clock::duration::zero()) interval_ = Clock::duration(1);
    if (burst == 0) burst = std::max(1u, rate / 10);
    tolerance_ = interval_ * (burst - 1);
}

Admission::Clock::time_point Admission::admit(Clock::time_point now) {
    if (rate_ == 0) return now;
    std::lock_guard lock(mu_);
    // Served when the debt left after it is within the burst: at tat - tolerance, or now if
    // that has passed. Its turn then adds one interval to the debt.
    Clock::time_point turn = std::max(now, tat_ - tolerance_);
    tat_ = std::max(tat_, turn) + interval_;
    return turn;
}

} // namespace inlet::rest
