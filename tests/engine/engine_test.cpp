#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>
#include <map>
#include <sstream>
#include <string_view>
#include <vector>

using namespace inlet;

namespace {

std::string value_text(const inlet_record &r) {
    return r.value ? std::string(r.value->u.s.ptr, r.value->u.s.len) : std::string();
}

// "T K N" lines -> per (T,K) the list of N in arrival order.
std::map<std::pair<int, int>, std::vector<long>> by_partition(const std::vector<std::string> &lines) {
    std::map<std::pair<int, int>, std::vector<long>> out;
    for (const auto &l : lines) {
        std::istringstream in(l);
        int t, k;
        long n;
        in >> t >> k >> n;
        out[{t, k}].push_back(n);
    }
    return out;
}

std::vector<std::string> read_lines(const std::filesystem::path &p) {
    std::vector<std::string> lines;
    std::ifstream in(p);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

JobOptions quiet(JobOptions o = {}) {
    o.show_progress = false;
    return o;
}

} // namespace

TEST_CASE("a bounded source runs to the end: every record once, in order per partition") {
    std::vector<std::string> got;
    Pipeline p("bounded");
    p.read(test::seq(), test::seq_source("s", 3, {{"count", "2000"}, {"partitions.per.task", "2"}}))
        .write([&](const inlet_record &r) { got.push_back(value_text(r)); })
        .options(quiet());
    JobResult r = std::move(p).submit().wait();
    REQUIRE_MESSAGE(r.ok, r.error);
    CHECK(r.records == 3 * 2 * 2000);
    CHECK(r.tasks.size() == 3);
    auto parts = by_partition(got);
    CHECK(parts.size() == 6);
    for (const auto &[key, seq] : parts) {
        REQUIRE(seq.size() == 2000);
        for (long i = 0; i < 2000; ++i) REQUIRE(seq[size_t(i)] == i);
    }
}

TEST_CASE("map and filter run in order before the sink") {
    std::vector<std::string> got;
    std::string mapped;
    inlet_value v{};
    Pipeline p("transforms");
    p.read(test::seq(), test::seq_source("s", 1, {{"count", "100"}}))
        .filter([](const inlet_record &r) {
            std::string_view s(r.value->u.s.ptr, r.value->u.s.len);
            return (s.back() - '0') % 2 == 0; // even sequence numbers
        })
        .map([&](inlet_record &r) {
            mapped = "x" + value_text(r);
            v = inlet::value::string(mapped);
            r.value = &v;
        })
        .write([&](const inlet_record &r) { got.push_back(value_text(r)); })
        .options(quiet());
    JobResult r = std::move(p).submit().wait();
    REQUIRE_MESSAGE(r.ok, r.error);
    REQUIRE(got.size() == 50);
    CHECK(got[0] == "x0 0 0");
    CHECK(got[1] == "x0 0 2");
    CHECK(got[49] == "x0 0 98");
}

TEST_CASE("exactly-once refuses a sink that cannot rewind, naming it") {
    Pipeline p("eo");
    JobOptions o = quiet();
    o.guarantee = host::Guarantee::exactly_once;
    test::TempDir dir;
    o.state_dir = dir.path();
    p.read(test::seq(), test::seq_source("s", 1, {{"count", "1"}}))
        .write([](const inlet_record &) {})
        .options(o);
    CHECK_THROWS_WITH_AS(std::move(p).submit(),
                         doctest::Contains("exactly-once needs the file sink (the callback sink"),
                         host::JobSetupError);
}

TEST_CASE("a snapshot resumes where the last run stopped, and output is not duplicated") {
    test::TempDir dir;
    auto out = dir.path() / "out.txt";
    auto run = [&](const std::string &count) {
        Pipeline p("resume");
        JobOptions o = quiet();
        o.guarantee = host::Guarantee::exactly_once;
        o.state_dir = dir.path() / "state";
        SinkSpec sink;
        sink.kind = SinkSpec::Kind::file_sink;
        sink.path = out;
        sink.format = host::OutputFormat::value;
        p.read(test::seq(), test::seq_source("s", 2, {{"count", count},
                                                     {"commit.log", (dir.path() / "commits").string()}}))
            .write(sink)
            .options(o);
        return std::move(p).submit().wait();
    };
    JobResult first = run("300");
    REQUIRE_MESSAGE(first.ok, first.error);
    CHECK_FALSE(first.resumed_from.has_value());
    // The same job with a larger count continues from the offsets in the snapshot.
    JobResult second = run("500");
    REQUIRE_MESSAGE(second.ok, second.error);
    REQUIRE(second.resumed_from.has_value());
    CHECK(second.records == 2 * 200);
    auto parts = by_partition(read_lines(out));
    REQUIRE(parts.size() == 2);
    for (const auto &[key, seq] : parts) {
        REQUIRE(seq.size() == 500);
        for (long i = 0; i < 500; ++i) REQUIRE(seq[size_t(i)] == i);
    }
    // After the restart each task was re-sent its restored offset before anything new.
    auto commits = read_lines(dir.path() / "commits");
    CHECK(std::count(commits.begin(), commits.end(),
                     std::string(R"(commit {"p":0,"task":0} {"next":300})")) == 2);
}

TEST_CASE("cancel() ends an unbounded job cleanly with a final snapshot") {
    test::TempDir dir;
    Pipeline p("cancel");
    JobOptions o = quiet();
    o.state_dir = dir.path();
    o.snapshot_interval = std::chrono::milliseconds(50);
    std::atomic<uint64_t> n{0};
    p.read(test::seq(), test::seq_source("s", 2, {}))
        .write([&](const inlet_record &) { n.fetch_add(1); })
        .options(o);
    RunningJob job = std::move(p).submit();
    while (n.load() < 100000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    job.cancel();
    JobResult r = job.wait();
    REQUIRE_MESSAGE(r.ok, r.error);
    CHECK(r.cancelled);
    CHECK(r.snapshots >= 1);
    CHECK(r.records == n.load());
}

namespace untitled {
// A plugin whose one record has a NULL topic, counting it with inlet_host.count: what the host
// makes of both (connector.h: inlet_record.topic, inlet_host.count).
inlet_status start(const inlet_host *h, const inlet_config *, const inlet_offsets *, void **out, inlet_error *) {
    *out = const_cast<inlet_host *>(h);
    return INLET_OK;
}
inlet_status poll(void *task, inlet_emitter *e, uint32_t, inlet_error *) {
    const auto *h = static_cast<const inlet_host *>(task);
    inlet_value v = inlet::value::string("x");
    inlet::Record rec; // topic stays NULL
    rec.partition(R"({"p":1})").offset(R"({"n":1})").value(&inlet::schema::string, &v);
    h->emit(e, &rec.r);
    h->count(h, "records.untitled", 2);
    h->count(h, "Bad Name", 1); // not a counter name: dropped, with one warning
    return INLET_FINISHED;
}
void stop(void *) {}
const inlet_config_key with_topic[] = {
    {"topic", INLET_CFG_STRING, "declared", 0, "The topic.", nullptr, 0, 0, 0},
};
inlet_plugin descriptor(bool declares_topic) {
    inlet_plugin p{};
    p.struct_size = sizeof p;
    p.abi_major = INLET_ABI_MAJOR;
    p.abi_minor = INLET_ABI_MINOR;
    p.name = "untitled";
    p.version = "1";
    p.description = "NULL topics";
    p.config_keys = declares_topic ? with_topic : nullptr;
    p.config_key_count = declares_topic ? 1 : 0;
    p.config_key_size = sizeof(inlet_config_key);
    p.start = &start;
    p.poll = &poll;
    p.stop = &stop;
    return p;
}
} // namespace untitled

TEST_CASE("a NULL topic is the task's topic, else the declared default, else the connector's name") {
    const inlet_plugin declares = untitled::descriptor(true), silent = untitled::descriptor(false);
    auto topic_of = [](const inlet_plugin &plugin, host::KeyValues props, JobResult *result = nullptr) {
        host::SourceSpec s;
        s.name = "conn-name";
        s.connector_class = "untitled";
        s.properties = std::move(props);
        std::string topic;
        Pipeline p("topics");
        p.read(plugin, s).write([&](const inlet_record &r) { topic = r.topic; }).options(quiet());
        JobResult r = std::move(p).submit().wait();
        REQUIRE_MESSAGE(r.ok, r.error);
        if (result) *result = r;
        return topic;
    };
    CHECK(topic_of(declares, {{"topic", "given"}}) == "given");
    CHECK(topic_of(declares, {}) == "declared");
    JobResult r;
    CHECK(topic_of(silent, {}, &r) == "conn-name");
    // The plugin's counters reach the task's summary; a bad name is dropped.
    REQUIRE(r.tasks.size() == 1);
    CHECK(r.tasks[0].counters == std::vector<std::pair<std::string, uint64_t>>{{"records.untitled", 2}});
}
