// The exchange between task threads and the sink stage when the job grows while tasks wait: a
// connector created, or its tasks replaced (requestTaskReconfiguration through the Java bridge),
// adds slots on the sink thread while the other tasks sleep in next().
#include "engine/exchange.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <thread>

using namespace inlet::host;
using namespace std::chrono_literals;

TEST_CASE("a task waiting in next() gets the commit delivered after slots were added meanwhile") {
    Exchange ex(1, 8u << 20, 256u << 10, 1024);
    ex.pause(0, true); // no batch for it: next() waits
    std::promise<TaskWork> got;
    auto answer = got.get_future();
    std::thread task([&] { got.set_value(ex.next(0, true)); });
    std::this_thread::sleep_for(100ms); // let it reach the wait (if not, the test proves less)
    // Enough new slots that the mailboxes' array is reallocated under the sleeping task: it
    // used to keep a reference into the old array, miss the commit or read freed memory.
    for (int i = 0; i < 64; ++i) ex.add_slot();
    ex.deliver_commit(0, OffsetList{{R"({"p":1})", R"({"o":2})"}});
    bool woke = answer.wait_for(5s) == std::future_status::ready;
    if (!woke) ex.shutdown(); // so that the thread ends and the failure is reported, not a hang
    task.join();
    REQUIRE(woke);
    TaskWork w = answer.get();
    REQUIRE(w.commits.size() == 1);
    REQUIRE(w.commits[0].size() == 1);
    CHECK(w.commits[0][0].first == R"({"p":1})");
    CHECK(w.commits[0][0].second == R"({"o":2})");
    CHECK_FALSE(w.batch);
}
