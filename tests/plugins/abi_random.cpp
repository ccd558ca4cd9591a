// The `random` plugin at the contract: schemas, determinism with a seed, resume from a count,
// max.messages, tasks, the rate limit's upper bound, the summary line.
#include "driver.hpp"

#include <chrono>
#include <set>
#include <thread>

using namespace plugin_test;

namespace {

const char *gen_int = "sasakitoa.kafka.connect.random.generator.RandomInt";

// Polls until `n` records (the emitter answers FULL at n).
void take(Driver::Task &t, Collector &c, size_t n) {
    c.limit = n;
    for (int i = 0; i < 1000 && c.records.size() < n; ++i)
        if (t.poll(c, 100) == INLET_FINISHED) break;
}

} // namespace

TEST_CASE("each generator's values carry their Kafka Connect schema") {
    Driver drv("random");
    struct Case {
        const char *gen;
        inlet_type type;
    } cases[] = {{gen_int, INLET_TYPE_INT32},
                 {"RandomLong", INLET_TYPE_INT64},
                 {"RandomDouble", INLET_TYPE_FLOAT64},
                 {"sasakitoa.kafka.connect.random.generator.RandomString", INLET_TYPE_STRING}};
    for (const auto &cs : cases) {
        CAPTURE(cs.gen);
        Driver::Task t(drv, {{"generator.class", cs.gen}, {"topic", "test"}}, {});
        Collector c;
        take(t, c, 200);
        REQUIRE(c.records.size() == 200);
        for (const auto &r : c.records) {
            CHECK(r.type == cs.type);
            REQUIRE(r.value_schema != nullptr);
            CHECK(r.value_schema->type == cs.type);
            CHECK(r.has_key);
            CHECK(r.topic == "test");
            CHECK(r.partition == R"({"task":0})");
            if (cs.type == INLET_TYPE_INT32) CHECK((r.i >= 0 && r.i <= 100));
            if (cs.type == INLET_TYPE_FLOAT64) CHECK((r.f >= 0.0 && r.f < 1.0));
            if (cs.type == INLET_TYPE_STRING) CHECK(r.s.size() == 10);
        }
        CHECK(c.records.back().offset == R"({"count":200})");
    }
}

TEST_CASE("a seed makes the sequence deterministic; a restored task continues it exactly") {
    Driver drv("random");
    const KeyValues cfg = {{"generator.class", "RandomLong"}, {"topic", "t"}, {"seed", "1234"}};
    Collector whole;
    {
        Driver::Task t(drv, cfg, {});
        take(t, whole, 1000);
    }
    Collector again;
    {
        Driver::Task t(drv, cfg, {});
        take(t, again, 1000);
    }
    REQUIRE(whole.records.size() == 1000);
    REQUIRE(again.records.size() == 1000);
    for (size_t i = 0; i < 1000; ++i) CHECK(whole.records[i].i == again.records[i].i);

    Collector resumed;
    Driver::Task t(drv, cfg, {{R"({"task":0})", R"({"count":600})"}});
    take(t, resumed, 400);
    REQUIRE(resumed.records.size() == 400);
    CHECK(resumed.records.front().offset == R"({"count":601})");
    for (size_t i = 0; i < 400; ++i) CHECK(resumed.records[i].i == whole.records[600 + i].i);

    Collector other;
    Driver::Task u(drv, {{"generator.class", "RandomLong"}, {"topic", "t"}, {"seed", "1235"}}, {});
    take(u, other, 10);
    CHECK(other.records[0].i != whole.records[0].i);
}

TEST_CASE("max.messages bounds a task across restarts, then it finishes") {
    Driver drv("random");
    const KeyValues cfg = {{"generator.class", gen_int}, {"topic", "t"}, {"max.messages", "2500"}};
    Collector c;
    {
        Driver::Task t(drv, cfg, {});
        inlet_status st = INLET_OK;
        for (int i = 0; i < 100 && st != INLET_FINISHED; ++i) st = t.poll(c, 100);
        CHECK(st == INLET_FINISHED);
    }
    CHECK(c.records.size() == 2500);
    Collector after;
    Driver::Task t(drv, cfg, {{R"({"task":0})", R"({"count":2000})"}});
    inlet_status st = INLET_OK;
    for (int i = 0; i < 100 && st != INLET_FINISHED; ++i) st = t.poll(after, 100);
    CHECK(after.records.size() == 500);
}

TEST_CASE("task_configs makes tasks.max tasks, each its own partition and stream") {
    Driver drv("random");
    auto tasks = drv.task_configs({{"generator.class", gen_int}, {"topic", "t"}, {"seed", "9"},
                                   {"random.int.value.max", "1000000"}}, 3);
    REQUIRE(tasks.size() == 3);
    std::set<std::string> partitions;
    std::set<int64_t> firsts;
    for (const auto &cfg : tasks) {
        Driver::Task t(drv, cfg, {});
        Collector c;
        take(t, c, 5);
        partitions.insert(c.records[0].partition);
        firsts.insert(c.records[0].i);
    }
    CHECK(partitions == std::set<std::string>{R"({"task":0})", R"({"task":1})", R"({"task":2})"});
    CHECK(firsts.size() == 3);
}

TEST_CASE("validate names the key at fault") {
    Driver drv("random");
    CHECK(drv.validate({{"generator.class", "RandomFloat"}}).find("generator.class") == 0);
    CHECK(drv.validate({{"generator.class", gen_int}, {"random.int.value.min", "5"},
                        {"random.int.value.max", "4"}})
              .find("random.int.value.max") == 0);
    CHECK(drv.validate({{"generator.class", gen_int}, {"topic", "x"}}).empty());
}

TEST_CASE("messages.per.second is an upper bound on the rate; the summary line reports the run") {
    Driver drv("random");
    {
        Driver::Task t(drv, {{"generator.class", gen_int}, {"messages.per.second", "200"},
                             {"task.summary.enable", "true"}}, {});
        Collector c;
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        while (Clock::now() - t0 < std::chrono::milliseconds(300)) t.poll(c, 50);
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        CHECK(c.records.size() >= 1);
        // Never ahead of the schedule (plus the record due at time 0).
        CHECK(static_cast<double>(c.records.size()) <= 200.0 * secs + 1.0);
    }
    CHECK(drv.log().find("task 0 summary: ") != std::string::npos);
    CHECK(drv.log().find("records/s") != std::string::npos);
}

TEST_CASE("wake() ends a poll sleeping for the rate limit") {
    Driver drv("random");
    Driver::Task t(drv, {{"generator.class", gen_int}, {"messages.per.second", "1"}}, {});
    Collector c;
    t.poll(c, 100); // takes the first record, the next one is due in 1 s
    std::thread waker([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        t.wake();
    });
    const auto t0 = std::chrono::steady_clock::now();
    t.poll(c, 60000);
    waker.join();
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30));
}

TEST_CASE("after a stall the rate limit catches up by at most one second's worth, then goes on") {
    Driver drv("random");
    Driver::Task t(drv, {{"generator.class", gen_int}, {"messages.per.second", "1000"}}, {});
    Collector c;
    t.poll(c, 50);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // a slow sink: no polls
    Collector burst;
    t.poll(burst, 50);
    CHECK(burst.records.size() >= 1);
    CHECK(burst.records.size() <= 1000 + 60); // one second's worth, plus this poll's own 50 ms
    Collector after;
    const auto t0 = std::chrono::steady_clock::now();
    while (after.records.empty() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30))
        t.poll(after, 50);
    CHECK_FALSE(after.records.empty());
    // The next record is due within about 1 ms; the debt formerly stalled it for seconds.
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
}
