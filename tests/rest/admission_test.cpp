// rest/admission.hpp: the API's admission budget hands out turns — at most `rate` a second after
// a burst, in arrival order, never a refusal. The clock is the test's own, so the turns are
// exact.
#include "rest/admission.hpp"

#include <doctest/doctest.h>

#include <chrono>

using inlet::rest::Admission;
using namespace std::chrono_literals;

namespace {
const Admission::Clock::time_point t0 = Admission::Clock::time_point{} + 1000s;
}

TEST_CASE("no budget: every request is served when it arrives") {
    Admission a(0);
    for (int i = 0; i < 100000; ++i) CHECK(a.admit(t0) == t0);
}

TEST_CASE("a burst is served at once, then one turn per interval, in arrival order") {
    Admission a(100, 10); // one turn per 10 ms
    for (int i = 0; i < 10; ++i) CHECK(a.admit(t0) == t0);
    for (int i = 1; i <= 50; ++i) CHECK(a.admit(t0) == t0 + i * 10ms);
    // One arriving later than the queue's last turn is still behind it, never before it.
    CHECK(a.admit(t0 + 100ms) == t0 + 510ms);
}

TEST_CASE("requests at the budget's rate never wait") {
    Admission a(1000, 1);
    for (int i = 0; i < 10000; ++i) {
        auto now = t0 + i * 1ms;
        CHECK(a.admit(now) == now);
    }
}

TEST_CASE("a quiet spell gives the whole burst back, no more") {
    Admission a(100, 5);
    for (int i = 0; i < 20; ++i) a.admit(t0);    // 15 turns of debt: free again at t0 + 200 ms
    auto later = t0 + 10s;
    for (int i = 0; i < 5; ++i) CHECK(a.admit(later) == later);
    CHECK(a.admit(later) == later + 10ms);
}

TEST_CASE("over a long flood the served rate is the budget's") {
    Admission a(500); // default burst: a tenth of a second's worth, 50
    Admission::Clock::time_point last{};
    for (int i = 0; i < 100000; ++i) last = a.admit(t0);
    // The burst's 50 at t0, then one every 2 ms: the 100,000th 99,950 turns after t0.
    CHECK(last == t0 + 99950 * 2ms);
}

TEST_CASE("the default burst is a tenth of a second's worth, at least one") {
    Admission small(5); // burst 1: the second request waits a whole interval
    CHECK(small.admit(t0) == t0);
    CHECK(small.admit(t0) == t0 + 200ms);
    Admission big(1000); // burst 100
    for (int i = 0; i < 100; ++i) CHECK(big.admit(t0) == t0);
    CHECK(big.admit(t0) == t0 + 1ms);
}
