// A long-running job's memory follows its load (issue 16, the soak): a burst — the catch-up
// after a restart — may grow batches and the exchange's pool of free ones, and both give that
// memory back once the load is small again; a steady load of one batch size allocates nothing.
#include "engine/batch.hpp"
#include "engine/exchange.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstring>
#include <thread>

using namespace inlet::host;

namespace {

// `n` records of `bytes` bytes each, as the emitter stores them: arena bytes plus a header.
void fill(Batch &b, size_t n, size_t bytes) {
    std::string text(bytes, 'x');
    for (size_t i = 0; i < n; ++i) {
        StoredRecord r{};
        r.rec.topic = b.copy(text.data(), text.size());
        b.add_record(r);
    }
}

} // namespace

TEST_CASE("a batch keeps what its fill used and gives back what a bigger fill grew") {
    Batch b{64 * 1024, 4096}; // chunks of 16 KiB
    fill(b, 400, 100);        // one chunk and a little
    b.clear();
    size_t small = b.retained();

    fill(b, 4000, 100); // a burst: many chunks, a record table of 4000
    size_t burst = b.retained();
    CHECK(burst > 4 * small);
    b.clear();
    CHECK(b.retained() == burst); // what the fill used is kept for the next one

    fill(b, 400, 100);
    b.clear();
    CHECK(b.retained() <= small * 2); // the burst's spares and table are gone

    // Steady fills of one size keep exactly what they had: nothing allocated per batch.
    fill(b, 4000, 100);
    b.clear();
    size_t steady = b.retained();
    for (int i = 0; i < 5; ++i) {
        fill(b, 4000, 100);
        b.clear();
        CHECK(b.retained() == steady);
    }
}

TEST_CASE("the exchange frees a pooled batch left unused after a burst, and keeps busy ones") {
    constexpr int64_t idle_ns = 200'000'000; // 200 ms instead of the default 10 s
    Exchange ex(1, 8u << 20, 256u << 10, 1024, idle_ns);
    auto burst = [&](int n) {
        std::vector<std::unique_ptr<Batch>> held;
        for (int i = 0; i < n; ++i) {
            TaskWork w = ex.next(0, true);
            REQUIRE(w.batch);
            fill(*w.batch, 10, 10);
            held.push_back(std::move(w.batch));
        }
        for (auto &b : held) ex.recycle(std::move(b));
    };
    burst(6);
    CHECK(ex.usage().free_batches == 6);

    // The steady load needs one batch at a time; the five others wait unused past the idle
    // time and go, one per recycle, while the one in use stays.
    for (int round = 0; round < 100 && ex.usage().free_batches > 1; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        burst(1);
    }
    CHECK(ex.usage().free_batches == 1);
    CHECK(ex.usage().used_bytes == 0);

    // An idle task (tail mode, nothing new) polls empty batches: they go straight back to the
    // pool, and a burst's batches still go.
    burst(4);
    CHECK(ex.usage().free_batches == 4);
    for (int round = 0; round < 100 && ex.usage().free_batches > 1; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        TaskWork w = ex.next(0, true);
        REQUIRE(w.batch);
        ex.push(0, std::move(w.batch));
    }
    CHECK(ex.usage().free_batches == 1);
    CHECK(ex.usage().used_bytes == 0);

    // A busy pool (every batch handed out again within the idle time) is left alone.
    burst(3);
    for (int round = 0; round < 5; ++round) burst(3);
    CHECK(ex.usage().free_batches == 3);
}
