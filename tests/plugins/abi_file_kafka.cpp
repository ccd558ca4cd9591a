// The `file` plugin against Apache Kafka's FileStreamSource (connect/file in apache/kafka): line
// ends and positions, timestamps, stdin, batch.size, restored offsets it cannot use. Each
// expected value cites the Kafka source or test it comes from.
#include "driver.hpp"
#include "file_fixtures.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace plugin_test;
namespace fs = std::filesystem;

namespace {

int64_t wall_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Standard input replaced by a pipe holding `data` while a task is started (the task duplicates
// it at start, as the plugin reads stdin through its own descriptor).
struct StdinFrom {
    int saved = -1;
    explicit StdinFrom(const std::string &data) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        REQUIRE(::write(fds[1], data.data(), data.size()) == static_cast<ssize_t>(data.size()));
        ::close(fds[1]);
        saved = ::dup(STDIN_FILENO);
        ::dup2(fds[0], STDIN_FILENO);
        ::close(fds[0]);
    }
    ~StdinFrom() {
        ::dup2(saved, STDIN_FILENO);
        ::close(saved);
    }
};

} // namespace

// FileStreamSourceTaskTest.testNormalLifecycle: "partial line" gives nothing, " finished\n"
// gives "partial line finished" at position 22; "line1\rline2\r\nline3\nline4\n\r" gives four
// records at 28, 35, 41, 47 (the final "\r" waits for the next byte); "subsequent text" then
// gives "" at 48. Partition {"filename": <path>}. Records carry System.currentTimeMillis()
// (FileStreamSourceTask.poll builds each SourceRecord with it).
TEST_CASE("Kafka's testNormalLifecycle, line for line and position for position") {
    TempDir d;
    const auto f = d.file("k.txt", "");
    Driver drv("file");
    Driver::Task t(drv, {{"file", f}, {"topic", "test"}, {"tail.interval.ms", "5"}}, {});
    Collector c;
    auto poll_some = [&](size_t n) {
        for (int i = 0; i < 200 && c.records.size() < n; ++i) t.poll(c, 20);
    };
    t.poll(c, 20);
    d.file("k.txt", "partial line", std::ios::app);
    t.poll(c, 20);
    CHECK(c.records.empty());
    const int64_t before = wall_ms();
    d.file("k.txt", " finished\n", std::ios::app);
    poll_some(1);
    REQUIRE(c.records.size() == 1);
    CHECK(c.records[0].s == "partial line finished");
    CHECK(c.records[0].topic == "test");
    CHECK(c.records[0].partition == "{\"filename\":\"" + f + "\"}");
    CHECK(position_of(c.records[0].offset) == 22);
    CHECK(c.records[0].timestamp_ms >= before);
    CHECK(c.records[0].timestamp_ms <= wall_ms());

    d.file("k.txt", "line1\rline2\r\nline3\nline4\n\r", std::ios::app);
    poll_some(5);
    t.poll(c, 20); // the final "\r" must not make a line on its own
    REQUIRE(c.records.size() == 5);
    const std::vector<std::string> want = {"line1", "line2", "line3", "line4"};
    const std::vector<long long> at = {28, 35, 41, 47};
    for (size_t i = 0; i < 4; ++i) {
        CHECK(c.records[i + 1].s == want[i]);
        CHECK(position_of(c.records[i + 1].offset) == at[i]);
    }
    d.file("k.txt", "subsequent text", std::ios::app);
    poll_some(6);
    REQUIRE(c.records.size() == 6);
    CHECK(c.records[5].s == "");
    CHECK(position_of(c.records[5].offset) == 48);
}

// FileStreamSourceTask.poll: a restored position that is not a Long throws ConnectException
// "Offset position is the incorrect type" (never a silent start from 0);
// FileStreamSourceConnectorTest.testAlterOffsetsOffsetPositionValues refuses "nan", 3.14, "10"
// and -10L as positions. inlet fails the task with the partition and the value in the message.
TEST_CASE("a restored position the task cannot use fails it, naming the partition and the value") {
    TempDir d;
    const auto f = d.file("a.txt", "l1\nl2\n");
    const std::string part = "{\"filename\":\"" + f + "\"}";
    Driver drv("file");
    for (const std::string bad : {R"({"position":"10"})", R"({"position":3.14})", R"({"position":-10})",
                                  R"({"position":{"n":1}})", R"({"pos":6})"}) {
        CAPTURE(bad);
        try {
            Driver::Task t(drv, {{"file", f}, {"topic", "t"}}, {{part, bad}});
            FAIL("start should fail");
        } catch (const std::runtime_error &e) {
            const std::string msg = e.what();
            CHECK(msg.find(f) != std::string::npos);
            CHECK(msg.find(bad == R"({"pos":6})" ? "no field \"position\"" : "position") != std::string::npos);
            CHECK(msg.find(bad) != std::string::npos);
        }
    }
    // FileStreamSourceTask.poll: a null position means no position: the file from its start.
    Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}}, {{part, R"({"position":null})"}});
    Collector c;
    while (t.poll(c, 1000) != INLET_FINISHED) {
    }
    CHECK(c.records.size() == 2);
}

// FileStreamSourceTask.start: "file" null or empty reads System.in and tracks no offset
// (streamOffset = null), so each record's offset is {"position": null} and its partition is
// {"filename": <the configured value>} - null when absent, "" when empty (ConfigDef trims string
// values: FileStreamSourceConnectorTest.testExactlyOnceSupport treats " " like no file).
TEST_CASE("stdin: file absent or empty; Kafka's partition and {\"position\":null} offsets") {
    Driver drv("file");
    CHECK(drv.validate({{"file", ""}, {"topic", "t"}}).empty());
    for (const auto &[cfg, partition] :
         std::vector<std::pair<KeyValues, std::string>>{{{{"topic", "t"}}, "{\"filename\":null}"},
                                                        {{{"file", ""}, {"topic", "t"}}, "{\"filename\":\"\"}"},
                                                        {{{"file", "  "}, {"topic", "t"}}, "{\"filename\":\"\"}"}}) {
        CAPTURE(partition);
        StdinFrom in("x\ny\r\nz");
        Driver::Task t(drv, cfg, {});
        Collector c;
        for (int i = 0; i < 50 && t.poll(c, 100) != INLET_FINISHED; ++i) {
        }
        REQUIRE(c.records.size() == 3);
        CHECK(c.records[1].s == "y");
        CHECK(c.records[2].s == "z"); // inlet: the end of stdin ends the stream (Kafka waits)
        for (const auto &r : c.records) {
            CHECK(r.partition == partition);
            CHECK(r.offset == "{\"position\":null}");
            CHECK(r.timestamp_ms != INLET_NO_TIMESTAMP);
        }
    }
}

// FileStreamSourceConnectorTest.testBlankTopic: a topic of blanks is refused (NonEmptyString
// after ConfigDef trims it); testMissingTopic: so is none.
TEST_CASE("a blank or missing topic is refused, naming the key") {
    Driver drv("file");
    CHECK(drv.validate({{"file", "/x"}, {"topic", "   "}}).find("topic") == 0);
    CHECK(drv.validate({{"file", "/x"}}).find("topic") == 0);
}

// FileStreamSourceConnector.CONFIG_DEF defines batch.size as Type.INT with no validator, so 0
// is accepted; FileStreamSourceTask.poll returns its list once records.size() >= batchSize,
// checked after adding each line, so a batch.size of 0 (or less) returns one line per poll.
TEST_CASE("batch.size=0 is accepted and hands over one line per poll, as Kafka's task does") {
    TempDir d;
    const auto f = d.file("a.txt", "1\n2\n3\n");
    Driver drv("file");
    CHECK(drv.validate({{"file", f}, {"topic", "t"}, {"batch.size", "0"}}).empty());
    for (const char *size : {"0", "-5"}) {
        Driver::Task t(drv, {{"file", f}, {"topic", "t"}, {"mode", "bounded"}, {"batch.size", size}}, {});
        Collector c;
        CHECK(t.poll(c, 1000) == INLET_OK);
        CHECK(c.records.size() == 1);
        CHECK(t.poll(c, 1000) == INLET_OK);
        CHECK(c.records.size() == 2);
    }
}
