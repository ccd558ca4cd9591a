// The REST API's admission budget: at most `rate` requests a second on average, in bursts of up
// to `burst` at once. A request beyond the budget is not refused: it is given the next free
// turn, and turns are handed out in arrival order, so every client waits its share and a client
// that keeps its connection alive cannot crowd out the others. The server waits until the turn
// before it answers (rest/README.md, "Under load": operators' floods wait, the job does not).
//
// This is the generic cell rate algorithm in its virtual-scheduling form (ITU-T I.371, the same
// arithmetic as a token bucket), with queueing instead of dropping: `tat_` is when the budget
// is next free of debt.
#pragma once

#include <chrono>
#include <mutex>

namespace inlet::rest {

class Admission {
public:
    using Clock = std::chrono::steady_clock;

    // rate 0: no budget, every request is served at once. burst 0: a tenth of a second's worth
    // of `rate` (at least 1).
    explicit Admission(unsigned rate, unsigned burst = 0);

    // When the request that arrived at `now` may be served: `now` itself while the budget
    // allows, else its turn. Takes that turn: the next caller's comes after it.
    Clock::time_point admit(Clock::time_point now);

    unsigned rate() const { return rate_; }

private:
    unsigned rate_;
    Clock::duration interval_{};  // 1 / rate
    Clock::duration tolerance_{}; // (burst - 1) * interval: how far ahead the budget may run
    std::mutex mu_;               // tat_: the server's threads admit concurrently
    Clock::time_point tat_{};
};

} // namespace inlet::rest
