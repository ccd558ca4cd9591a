// The `file` plugin in tail mode as log collectors are used: logrotate's `create` rotation with
// late writes to the renamed file, a crash at any point of it, globs matched again while
// running (new files, rotated names that also match), and many files under a descriptor cap.
// Every test checks that each line arrives exactly once.
#include "driver.hpp"
#include "file_fixtures.hpp"

#include <dirent.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

using namespace plugin_test;
namespace fs = std::filesystem;

namespace {

// Every line value seen, each with how many times.
std::map<std::string, int> counts(const std::vector<Emitted> &records) {
    std::map<std::string, int> out;
    for (const auto &r : records) ++out[r.s];
    return out;
}

std::map<std::string, int> once_each(const std::vector<std::string> &lines) {
    std::map<std::string, int> out;
    for (const auto &l : lines) out[l] = 1;
    return out;
}

// Polls `t` until `want` distinct lines are held, then a little more to catch extras.
void poll_for(Driver::Task &t, Collector &c, size_t want, int max_polls = 400) {
    for (int i = 0; i < max_polls && counts(c.records).size() < want; ++i) t.poll(c, 10);
    for (int i = 0; i < 5; ++i) t.poll(c, 10);
}

// The offsets a snapshot taken after the first `k` records would hold: the last offset of each
// partition among those records and the advances that came before record k.
OffsetMap cut(const Collector &c, size_t k) {
    OffsetMap out;
    size_t a = 0;
    for (size_t i = 0; i <= k; ++i) {
        while (a < c.advances.size() && c.advances[a].after_records <= i) {
            out[c.advances[a].partition] = c.advances[a].offset;
            ++a;
        }
        if (i < k) out[c.records[i].partition] = c.records[i].offset;
    }
    return out;
}

size_t open_fds() {
    size_t n = 0;
    for ([[maybe_unused]] const auto &e : fs::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

} // namespace

// logrotate `create`: app.log is renamed to app.log.1 and a new app.log created at once, while
// the application still writes to its old descriptor until it reopens. Fluent Bit reads a
// rotated file for Rotate_Wait (in_tail: flb_tail_file_rotated / flb_tail_file_purge).
TEST_CASE("create rotation: lines written late to the renamed file are read, each once") {
    TempDir d;
    const auto log = d.file("app.log", "old1\n");
    std::ofstream app(log, std::ios::binary | std::ios::app); // the application's descriptor
    Driver drv("file");
    Driver::Task t(drv, {{"file", log}, {"topic", "t"}, {"tail.interval.ms", "5"}, {"rotate.wait.ms", "300"}}, {});
    Collector c;
    poll_for(t, c, 1);
    fs::rename(log, d.path / "app.log.1");
    d.file("app.log", "new1\n");
    poll_for(t, c, 2);
    app << "late1\nlate2\n" << std::flush; // after the new file exists
    poll_for(t, c, 4);
    app << "late3\n" << std::flush;
    poll_for(t, c, 5);
    CHECK(counts(c.records) == once_each({"old1", "new1", "late1", "late2", "late3"}));
    for (const auto &r : c.records)
        if (r.s.rfind("late", 0) == 0) CHECK(r.partition.find("\"inode\":") != std::string::npos);
    // Quiet for rotate.wait.ms: the old file is done, and its offset says so.
    std::this_thread::sleep_for(std::chrono::milliseconds(350));
    for (int i = 0; i < 5; ++i) t.poll(c, 10);
    CHECK(std::any_of(c.advances.begin(), c.advances.end(),
                      [](const auto &a) { return a.offset.find("\"done\":true") != std::string::npos; }));
    CHECK(drv.log().find("rotated") != std::string::npos);
}

TEST_CASE("a crash at any point of a rotation: the restart reads the rest of both files, each line once") {
    TempDir d;
    const auto log = d.file("app.log", "a1\na2\n");
    std::vector<std::string> all = {"a1", "a2", "a3", "b1", "late1", "b2", "late2"};
    Collector c;
    {
        std::ofstream app(log, std::ios::binary | std::ios::app);
        Driver drv("file");
        Driver::Task t(drv, {{"file", log}, {"topic", "t"}, {"tail.interval.ms", "5"}, {"rotate.wait.ms", "60000"}}, {});
        poll_for(t, c, 2);
        app << "a3\n" << std::flush;
        poll_for(t, c, 3);
        fs::rename(log, d.path / "app.log.1");
        d.file("app.log", "b1\n");
        poll_for(t, c, 4);
        app << "late1\n" << std::flush;
        poll_for(t, c, 5);
        d.file("app.log", "b2\n", std::ios::app);
        app << "late2\n" << std::flush;
        poll_for(t, c, 7);
    }
    REQUIRE(counts(c.records) == once_each(all));
    // Restart from the snapshot of every cut: what was emitted before it plus what the restart
    // reads is every line exactly once (the restart finds app.log.1 again by its inode).
    for (size_t k = 0; k <= c.records.size(); ++k) {
        CAPTURE(k);
        Driver drv("file");
        Driver::Task t(drv, {{"file", log}, {"topic", "t"}, {"tail.interval.ms", "5"}, {"rotate.wait.ms", "60000"}},
                       cut(c, k));
        Collector after;
        after.records.assign(c.records.begin(), c.records.begin() + static_cast<ptrdiff_t>(k));
        poll_for(t, after, all.size(), 100);
        CHECK(counts(after.records) == once_each(all));
    }
}

// Filebeat keeps state per file identity (inode and device), so a renamed file that still
// matches the input's paths is the same file; Fluent Bit's in_tail re-scans its Path every
// Refresh_Interval.
TEST_CASE("globs: new files are found while running; a rotated name matching the glob is not read twice") {
    TempDir d;
    d.file("a.log", "a1\n");
    const std::string glob = (d.path / "*.log*").string();
    const KeyValues cfg = {{"files", glob}, {"topic", "t"}, {"tail.interval.ms", "5"},
                           {"files.refresh.ms", "20"}, {"rotate.wait.ms", "50"}};
    Driver drv("file");
    Driver::Task t(drv, cfg, {});
    Collector c;
    poll_for(t, c, 1);
    d.file("b.log", "b1\n"); // appears later
    poll_for(t, c, 2);
    {
        std::ofstream app(d.path / "a.log", std::ios::binary | std::ios::app);
        fs::rename(d.path / "a.log", d.path / "a.log.1"); // still matches *.log*
        d.file("a.log", "a-new1\n");
        app << "a-late\n" << std::flush;
    }
    poll_for(t, c, 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // past rotate.wait.ms, many scans
    for (int i = 0; i < 10; ++i) t.poll(c, 10);
    CHECK(counts(c.records) == once_each({"a1", "b1", "a-new1", "a-late"}));
    // a.log.1 is the same file as the first a.log: one partition for both names.
    std::set<std::string> parts;
    for (const auto &r : c.records)
        if (r.s == "a1" || r.s == "a-late") parts.insert(r.partition);
    CHECK(parts.size() == 1);
}

TEST_CASE("globs over several tasks: every file read by exactly one task, new ones included") {
    TempDir d;
    for (int i = 0; i < 12; ++i) d.file("f" + std::to_string(i) + ".log", "f" + std::to_string(i) + "\n");
    Driver drv("file");
    const auto configs = drv.task_configs({{"files", (d.path / "*.log*").string()}, {"topic", "t"},
                                           {"tail.interval.ms", "5"}, {"files.refresh.ms", "20"},
                                           {"rotate.wait.ms", "50"}}, 3);
    REQUIRE(configs.size() == 3);
    std::vector<std::unique_ptr<Driver::Task>> tasks;
    std::vector<Collector> cs(3);
    for (const auto &cfg : configs) tasks.push_back(std::make_unique<Driver::Task>(drv, cfg, OffsetMap{}));
    auto round = [&] {
        for (int r = 0; r < 10; ++r)
            for (size_t i = 0; i < 3; ++i) tasks[i]->poll(cs[i], 5);
    };
    round();
    for (int i = 12; i < 20; ++i) d.file("f" + std::to_string(i) + ".log", "f" + std::to_string(i) + "\n");
    fs::rename(d.path / "f0.log", d.path / "f0.log.1");
    d.file("f0.log", "f0-new\n");
    for (int k = 0; k < 10; ++k) round();
    std::vector<std::string> want;
    for (int i = 0; i < 20; ++i) want.push_back("f" + std::to_string(i));
    want.push_back("f0-new");
    std::vector<Emitted> all;
    size_t busy = 0;
    for (const auto &c : cs) {
        all.insert(all.end(), c.records.begin(), c.records.end());
        busy += !c.records.empty();
    }
    CHECK(counts(all) == once_each(want));
    CHECK(busy >= 2); // the files are spread, not all on one task
}

TEST_CASE("many files under a descriptor cap: every line once, never more than max.open.files open") {
    TempDir d;
    std::vector<std::string> want;
    for (int i = 0; i < 300; ++i) {
        std::string text;
        for (int j = 0; j < 3; ++j) {
            want.push_back("f" + std::to_string(i) + "-" + std::to_string(j));
            text += want.back() + "\n";
        }
        d.file("m" + std::to_string(i) + ".log", text);
    }
    const size_t base = open_fds();
    Driver drv("file");
    Driver::Task t(drv, {{"files", (d.path / "*.log").string()}, {"topic", "t"}, {"tail.interval.ms", "5"},
                         {"max.open.files", "8"}, {"batch.size", "50"}, {"files.refresh.ms", "20"}},
                   {});
    Collector c;
    size_t peak = 0;
    for (int i = 0; i < 2000 && c.records.size() < want.size(); ++i) {
        t.poll(c, 10);
        peak = std::max(peak, open_fds());
    }
    CHECK(counts(c.records) == once_each(want));
    CHECK(peak <= base + 8 + 2); // + the task's eventfd, + the directory scan
    // A closed file that grows is reopened by identity and read on from where it stopped.
    d.file("m7.log", "f7-more\n", std::ios::app);
    t.poll(c, 10);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    want.push_back("f7-more");
    for (int i = 0; i < 400 && c.records.size() < want.size(); ++i) t.poll(c, 10);
    CHECK(counts(c.records) == once_each(want));
}

TEST_CASE("bounded files over several tasks: a restart from any task's offsets goes on exactly") {
    TempDir d;
    std::vector<std::string> want;
    for (int i = 0; i < 6; ++i) {
        std::string text;
        for (int j = 0; j < 5; ++j) {
            want.push_back("g" + std::to_string(i) + "-" + std::to_string(j));
            text += want.back() + "\n";
        }
        d.file("g" + std::to_string(i) + ".txt", text);
    }
    Driver drv("file");
    const auto configs = drv.task_configs({{"files", (d.path / "*.txt").string()}, {"topic", "t"},
                                           {"mode", "bounded"}, {"batch.size", "3"}}, 2);
    REQUIRE(configs.size() == 2);
    std::vector<Emitted> all;
    for (const auto &cfg : configs) {
        Collector first;
        {
            Driver::Task t(drv, cfg, {});
            t.poll(first, 100); // a few lines, then "crash"
        }
        REQUIRE_FALSE(first.records.empty());
        Driver::Task t(drv, cfg, cut(first, first.records.size()));
        Collector rest;
        rest.records = first.records;
        while (t.poll(rest, 100) != INLET_FINISHED) {
        }
        all.insert(all.end(), rest.records.begin(), rest.records.end());
    }
    CHECK(counts(all) == once_each(want));
}
