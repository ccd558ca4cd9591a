// The `random` plugin against the original sasakitoa connector (the expected values come from
// its code and tests, repository sasakitoa/kafka-connect-random):
//   - CommonParams: GENERATOR_CLASS_DEFAULT = ...generator.RandomInt, TOPIC_DEFAULT =
//     "random-connector-topic" (src/main/java/sasakitoa/kafka/connect/random/params/CommonParams.java;
//     RandomSourceConnectorTest.testDefaultSinkTasks expects both in the task configs);
//   - RandomSourceConnector.taskConfigs splits messages.per.second: total / maxTasks, plus one
//     for task i while total % maxTasks >= i + 1;
//   - RandomIntTaskSummary.toString / TaskSummary.toString: the line printed by
//     System.out.println at the task's stop() when task.summary.enable is true.
#include "driver.hpp"
#include "random_task.hpp"

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

using namespace plugin_test;

namespace {

const std::string *value_of(const KeyValues &kvs, const std::string &key) {
    for (const auto &[k, v] : kvs)
        if (k == key) return &v;
    return nullptr;
}

// What the code run by `fn` writes to file descriptor 1.
template <class Fn> std::string stdout_of(Fn &&fn) {
    std::fflush(stdout);
    char path[] = "/tmp/inlet-random-stdout-XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ::unlink(path);
    int saved = ::dup(1);
    ::dup2(fd, 1);
    fn();
    std::fflush(stdout);
    ::dup2(saved, 1);
    ::close(saved);
    std::string out;
    char buf[4096];
    ::lseek(fd, 0, SEEK_SET);
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
    ::close(fd);
    return out;
}

void take(Driver::Task &t, Collector &c, size_t n) {
    c.limit = n;
    for (int i = 0; i < 1000 && c.records.size() < n; ++i)
        if (t.poll(c, 100) == INLET_FINISHED) break;
}

} // namespace

TEST_CASE("original: without generator.class and topic a task runs RandomInt into random-connector-topic") {
    Driver drv("random");
    CHECK(drv.validate({}).empty());
    auto tasks = drv.task_configs({}, 1);
    REQUIRE(tasks.size() == 1);
    Driver::Task t(drv, tasks[0], {});
    Collector c;
    take(t, c, 3);
    REQUIRE(c.records.size() == 3);
    CHECK(c.records[0].type == INLET_TYPE_INT32);
    CHECK(c.records[0].topic == "random-connector-topic");
    // An empty topic is the default too (RandomSourceConnector.start keeps the default then).
    Driver::Task empty(drv, {{"topic", ""}}, {});
    Collector e;
    take(empty, e, 1);
    REQUIRE(e.records.size() == 1);
    CHECK(e.records[0].topic == "random-connector-topic");
}

TEST_CASE("original: messages.per.second is the connector's total, split as taskConfigs splits it") {
    // 1000 over 3 tasks: 334, 333, 333; 7 over 2: 4, 3; 1 over 2: 1, 0. A negative total is
    // unlimited and stays as it is for every task (the original writes -1).
    CHECK(inlet_random::rate_share(1000, 3, 0) == 334);
    CHECK(inlet_random::rate_share(1000, 3, 1) == 333);
    CHECK(inlet_random::rate_share(1000, 3, 2) == 333);
    CHECK(inlet_random::rate_share(7, 2, 0) == 4);
    CHECK(inlet_random::rate_share(7, 2, 1) == 3);
    CHECK(inlet_random::rate_share(1, 2, 1) == 0);
    CHECK(inlet_random::rate_share(-1, 4, 3) == -1);

    // The connector gives every task its index and the task count to take its share from.
    Driver drv("random");
    auto tasks = drv.task_configs({{"messages.per.second", "1"}}, 2);
    REQUIRE(tasks.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        REQUIRE(value_of(tasks[i], "task.count") != nullptr);
        CHECK(*value_of(tasks[i], "task.count") == "2");
        CHECK(*value_of(tasks[i], "task.index") == std::to_string(i));
    }
    // Task 1's share of 1/s is 0: it emits nothing (the original would run it unlimited, since
    // its task reads 0 as "no limit" -- a bug inlet does not copy; README).
    Driver::Task second(drv, tasks[1], {});
    Collector none;
    second.poll(none, 30);
    CHECK(none.records.empty());

    // 200/s over 2 tasks: each task stays under 100/s (an upper bound, as abi_random's rate
    // test: a task running the whole 200/s would be about twice over it).
    auto halves = drv.task_configs({{"messages.per.second", "200"}}, 2);
    Driver::Task t(drv, halves[0], {});
    Collector c;
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    while (Clock::now() - t0 < std::chrono::milliseconds(500)) t.poll(c, 50);
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    CHECK(c.records.size() >= 1);
    CHECK(static_cast<double>(c.records.size()) <= 100.0 * secs + 1.0);
}

TEST_CASE("original: task.summary.enable prints the original's line on standard output at stop") {
    Driver drv("random");
    std::string line = stdout_of([&] {
        Driver::Task t(drv, {{"task.summary.enable", "true"}, {"max.messages", "10"},
                             {"random.int.key.min", "5"}, {"random.int.key.max", "5"},
                             {"random.int.value.min", "-7"}, {"random.int.value.max", "-7"}},
                       {});
        Collector c;
        take(t, c, 10);
    });
    CHECK(line == "Task: 0 Processed 10 messages Generated key min:5 max:5, Generated value min:-7 max:-7\n");

    line = stdout_of([&] {
        Driver::Task t(drv, {{"generator.class", "RandomLong"}, {"task.summary.enable", "true"},
                             {"max.messages", "4"}, {"task.index", "3"}},
                       {});
        Collector c;
        take(t, c, 4);
    });
    CHECK(line == "Task:3 Processed 4 messages\n");

    line = stdout_of([&] { Driver::Task t(drv, {{"max.messages", "4"}}, {}); });
    CHECK(line.empty()); // off by default, as the original
}
