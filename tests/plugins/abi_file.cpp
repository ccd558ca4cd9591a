// The `file` plugin at the contract: bounded and tail reading, restore, rotation, truncation,
// overlong lines, batch limits, wake().
#include "driver.hpp"
#include "file_fixtures.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace plugin_test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> values(const Collector &c) {
    std::vector<std::string> out;
    for (const auto &r : c.records) out.push_back(r.s);
    return out;
}

// Polls until `n` records are held or `polls` polls have passed.
void poll_until(Driver::Task &t, Collector &c, size_t n, int polls = 100) {
    for (int i = 0; i < polls && c.records.size() < n; ++i) t.poll(c, 50);
}

} // namespace

TEST_CASE("bounded: every line in order, byte-position offsets, final unterminated line, finish") {
    TempDir d;
    const auto f = d.file("a.txt", "one\ntwo\r\n\nlast");
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}}, {});
    Collector c;
    CHECK(t.poll(c, 1000) == INLET_FINISHED);
    CHECK(values(c) == std::vector<std::string>{"one", "two", "", "last"});
    REQUIRE(c.records.size() == 4);
    CHECK(position_of(c.records[0].offset) == 4);
    CHECK(position_of(c.records[1].offset) == 9);
    CHECK(position_of(c.records[2].offset) == 10);
    CHECK(position_of(c.records[3].offset) == 14);
    CHECK(c.records[0].partition == "{\"filename\":\"" + f + "\"}");
    CHECK(c.records[0].topic == "t");
    CHECK(c.records[0].type == INLET_TYPE_STRING);
    REQUIRE(c.records[0].value_schema != nullptr);
    CHECK(c.records[0].value_schema->type == INLET_TYPE_STRING);
    CHECK_FALSE(c.records[0].has_key);
}

TEST_CASE("restart from a restored position re-reads exactly what follows it") {
    TempDir d;
    const auto f = d.file("a.txt", "l1\nl2\nl3\nl4\n");
    Driver drv("file");
    const std::string part = "{\"filename\":\"" + f + "\"}";
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}},
                   {{part, R"({"position":6})"}});
    Collector c;
    CHECK(t.poll(c, 1000) == INLET_FINISHED);
    CHECK(values(c) == std::vector<std::string>{"l3", "l4"});
    CHECK(position_of(c.records.front().offset) == 9);
}

TEST_CASE("a restored position past the end (file replaced) starts over and says so") {
    TempDir d;
    const auto f = d.file("a.txt", "x\n");
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}},
                   {{"{\"filename\":\"" + f + "\"}", R"({"position":500})"}});
    Collector c;
    t.poll(c, 1000);
    CHECK(values(c) == std::vector<std::string>{"x"});
    CHECK(drv.log().find("shorter") != std::string::npos);
}

TEST_CASE("batch.size bounds one poll; a full emitter ends it at once") {
    TempDir d;
    std::string content;
    for (int i = 0; i < 100; ++i) content += "line" + std::to_string(i) + "\n";
    const auto f = d.file("a.txt", content);
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}, {"batch.size", "30"}}, {});
    Collector c;
    CHECK(t.poll(c, 1000) == INLET_OK);
    CHECK(c.records.size() == 30);
    c.limit = 40;
    CHECK(t.poll(c, 1000) == INLET_OK);
    CHECK(c.records.size() == 40);
    c.limit = SIZE_MAX;
    while (t.poll(c, 1000) != INLET_FINISHED) {
    }
    REQUIRE(c.records.size() == 100);
    for (int i = 0; i < 100; ++i) CHECK(c.records[static_cast<size_t>(i)].s == "line" + std::to_string(i));
}

TEST_CASE("tail: a partial line waits for its newline; appended lines follow") {
    TempDir d;
    const auto f = d.file("a.txt", "first\npart");
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"tail.interval.ms", "10"}}, {});
    Collector c;
    CHECK(t.poll(c, 100) == INLET_OK);
    CHECK(values(c) == std::vector<std::string>{"first"});
    CHECK(t.poll(c, 50) == INLET_OK);
    CHECK(c.records.size() == 1);
    d.file("a.txt", "ial\nmore\n", std::ios::app);
    poll_until(t, c, 3);
    CHECK(values(c) == std::vector<std::string>{"first", "partial", "more"});
    CHECK(position_of(c.records.back().offset) == 19);
}

TEST_CASE("tail: truncation starts over from 0 and is logged") {
    TempDir d;
    const auto f = d.file("a.txt", "aaaa\nbbbb\n");
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"tail.interval.ms", "10"}}, {});
    Collector c;
    poll_until(t, c, 2);
    d.file("a.txt", "new\n");
    poll_until(t, c, 3);
    CHECK(values(c) == std::vector<std::string>{"aaaa", "bbbb", "new"});
    CHECK(position_of(c.records.back().offset) == 4);
    CHECK(drv.log().find("truncated") != std::string::npos);
}

TEST_CASE("tail: rotation reads the new file at once and drains the old one (its last partial line too)") {
    TempDir d;
    const auto f = d.file("app.log", "old1\n");
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"tail.interval.ms", "10"}, {"rotate.wait.ms", "100"}}, {});
    Collector c;
    poll_until(t, c, 1);
    d.file("app.log", "old2\nold-tail", std::ios::app);
    fs::rename(f, d.path / "app.log.1");
    d.file("app.log", "new1\nnew2\n");
    poll_until(t, c, 5);
    CHECK(values(c) == std::vector<std::string>{"old1", "old2", "new1", "new2", "old-tail"});
    CHECK(c.records[3].partition == "{\"filename\":\"" + f + "\"}");
    CHECK(position_of(c.records[3].offset) == 10);
    // The old file's last line names it by identity once it left the name.
    CHECK(c.records[4].partition.find("\"inode\":") != std::string::npos);
    CHECK(position_of(c.records[4].offset) == 18);
    CHECK(drv.log().find("rotated") != std::string::npos);
}

TEST_CASE("tail: a file that does not exist yet is waited for") {
    TempDir d;
    const std::string f = (d.path / "later.log").string();
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"tail.interval.ms", "10"}}, {});
    Collector c;
    CHECK(t.poll(c, 30) == INLET_OK);
    CHECK(c.records.empty());
    d.file("later.log", "hello\n");
    poll_until(t, c, 1);
    CHECK(values(c) == std::vector<std::string>{"hello"});
}

TEST_CASE("bounded: a missing file fails start naming it") {
    Driver drv("file");
    try {
        Driver::Task t(drv, {{"file", "/nonexistent/x.log"}, {"topic", "t"}, {"mode", "bounded"}}, {});
        FAIL("start should fail");
    } catch (const std::runtime_error &e) {
        CHECK(std::string(e.what()).find("/nonexistent/x.log") != std::string::npos);
    }
}

TEST_CASE("overlong lines: skip logs file and position and goes on; fail stops the task") {
    TempDir d;
    const std::string longline(50, 'x');
    const auto f = d.file("a.txt", "ok1\n" + longline + "\nok2\n" + longline);
    Driver drv("file");
    {
        Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}, {"line.max.bytes", "10"}}, {});
        Collector c;
        while (t.poll(c, 1000) != INLET_FINISHED) {
        }
        CHECK(values(c) == std::vector<std::string>{"ok1", "ok2"});
        CHECK(position_of(c.records.back().offset) == 59);
        CHECK(drv.log().find("the line at byte 4 is longer than line.max.bytes (10): skipped") !=
              std::string::npos);
        CHECK(drv.log().find(f) != std::string::npos);
    }
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}, {"line.max.bytes", "10"},
                         {"line.too.long", "fail"}}, {});
    Collector c;
    CHECK_THROWS_WITH(t.poll(c, 1000), doctest::Contains("the line at byte 4 is longer"));
}

TEST_CASE("lines longer than the 1 MiB read buffer but within line.max.bytes come out whole") {
    TempDir d;
    const std::string big(3 << 20, 'b');
    const auto f = d.file("a.txt", "s\n" + big + "\ne\n");
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}, {"line.max.bytes", "4194304"}}, {});
    Collector c;
    while (t.poll(c, 1000) != INLET_FINISHED) {
    }
    REQUIRE(c.records.size() == 3);
    CHECK(c.records[1].s == big);
    CHECK(c.records[2].s == "e");
}

TEST_CASE("wake() ends a poll sleeping in tail mode; an idle poll keeps its timeout") {
    TempDir d;
    const auto f = d.file("a.txt", "");
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"tail.interval.ms", "60000"}}, {});
    Collector c;
    using Clock = std::chrono::steady_clock;
    auto t0 = Clock::now();
    CHECK(t.poll(c, 100) == INLET_OK);
    CHECK(Clock::now() - t0 < std::chrono::seconds(5));
    std::thread waker([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        t.wake();
    });
    t0 = Clock::now();
    CHECK(t.poll(c, 60000) == INLET_OK);
    waker.join();
    CHECK(Clock::now() - t0 < std::chrono::seconds(30));
}

TEST_CASE("task_configs spreads files and globs round-robin; validate names the key at fault") {
    TempDir d;
    const auto a = d.file("a.log", "a\n"), b = d.file("b.log", "b\n"), c3 = d.file("c.log", "c\n");
    Driver drv("file");
    auto tasks = drv.task_configs({{"files", (d.path / "*.log").string()}, {"topic", "t"}, {"mode", "bounded"}}, 2);
    REQUIRE(tasks.size() == 2);
    auto value_of = [](const KeyValues &kv, const std::string &key) {
        for (const auto &[k, v] : kv)
            if (k == key) return v;
        return std::string();
    };
    CHECK(value_of(tasks[0], "task.files") == a + "\n" + c3);
    CHECK(value_of(tasks[1], "task.files") == b);
    // Tail mode: every task gets the patterns and its place; files go by identity.
    tasks = drv.task_configs({{"files", (d.path / "*.log").string()}, {"topic", "t"}}, 3);
    REQUIRE(tasks.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(value_of(tasks[i], "task.index") == std::to_string(i));
        CHECK(value_of(tasks[i], "task.count") == "3");
        CHECK(value_of(tasks[i], "files") == (d.path / "*.log").string());
    }
    CHECK(drv.task_configs({{"file", a}, {"topic", "t"}}, 4).size() == 1);
    CHECK(drv.task_configs({{"topic", "t"}}, 4).size() == 1); // stdin

    CHECK(drv.validate({{"file", a}, {"files", b}, {"topic", "t"}}).find("files") == 0);
    CHECK(drv.validate({{"files", (d.path / "*.none").string()}, {"topic", "t"}}).find("matches no file") !=
          std::string::npos);
    CHECK(drv.validate({{"file", "/nonexistent"}, {"topic", "t"}, {"mode", "bounded"}}).find("file:") == 0);
    CHECK(drv.validate({{"file", "/nonexistent"}, {"topic", "t"}}).empty()); // tail waits for it
    CHECK(drv.validate({{"file", a}}).find("topic") == 0);
}

TEST_CASE("the descriptor: name, Kafka's aliases, replayable, every key documented") {
    Driver drv("file");
    const auto &p = drv.plugin();
    CHECK(std::string(p.name) == "file");
    CHECK(std::string(p.aliases[0]) == "org.apache.kafka.connect.file.FileStreamSourceConnector");
    CHECK(std::string(p.aliases[1]) == "FileStreamSource");
    CHECK((p.flags & INLET_PLUGIN_REPLAYABLE) != 0);
    for (size_t i = 0; i < p.config_key_count; ++i) {
        CAPTURE(p.config_keys[i].name);
        CHECK(std::string(p.config_keys[i].doc).size() > 10);
    }
}
