#include "config/job_loader.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

using namespace inlet::host;
using inlet::test::TempDir;

namespace {
std::string load_error(const std::vector<std::filesystem::path> &files, const JobOverrides &o = {}) {
    try {
        load_job(files, o);
    } catch (const JobError &e) {
        return e.what();
    }
    return "<no error>";
}
std::string prop(const SourceSpec &s, const std::string &key) {
    for (auto &[k, v] : s.properties)
        if (k == key) return v;
    return "<absent>";
}
} // namespace

TEST_CASE("job.json: a complete job") {
    TempDir d;
    auto f = d.write("job.json", R"({
  "name": "orders",
  "sources": [
    {"name": "a", "connector.class": "file", "tasks.max": "2", "file": "/var/log/a.log"},
    {"name": "b", "connector.class": "random", "tasks.max": 3, "follow": true,
     "ratio": 0.25, "topics": ["x", "y"]}
  ],
  "sink": {"type": "file", "path": "out/records.jsonl", "format": "value"},
  "snapshot": {"interval.ms": 500, "guarantee": "exactly-once", "state.dir": "state"},
  "plugin.path": ["plugins", "/opt/inlet/plugins"],
  "memory.budget.bytes": 1048576,
  "poll.timeout.ms": 50,
  "errors": {"errors.retry.timeout": 30000, "errors.retry.delay.max.ms": 2000,
             "errors.restart.attempts": 5, "errors.restart.backoff.ms": 100,
             "errors.fail.fast": true},
  "config.providers": {"allow.env": ["DB_*"], "allow.dirs": ["secrets"]}
})");
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({f}, {}, problems);
    CHECK(problems.empty());
    CHECK(job.name == "orders");
    REQUIRE(job.sources.size() == 2);
    CHECK(job.sources[0].name == "a");
    CHECK(job.sources[0].connector_class == "file");
    CHECK(job.sources[0].tasks_max == 2);
    CHECK(job.sources[0].origin == f.string() + ": sources[0] (name=a)");
    CHECK(job.sources[1].tasks_max == 3);
    CHECK(prop(job.sources[1], "tasks.max") == "3");
    CHECK(prop(job.sources[1], "follow") == "true");
    CHECK(prop(job.sources[1], "ratio") == "0.25");
    CHECK(prop(job.sources[1], "topics") == "x,y");
    CHECK(job.sink.kind == SinkSpec::Kind::file_sink);
    CHECK(job.sink.path == d.path() / "out/records.jsonl"); // relative to the job file
    CHECK(job.sink.format == OutputFormat::value);
    CHECK(job.snapshot_interval == std::chrono::milliseconds(500));
    CHECK(job.guarantee == Guarantee::exactly_once);
    CHECK(job.state_dir == d.path() / "state");
    CHECK(job.plugin_paths == std::vector<std::filesystem::path>{d.path() / "plugins", "/opt/inlet/plugins"});
    CHECK(job.memory_budget_bytes == 1048576);
    CHECK(job.poll_timeout == std::chrono::milliseconds(50));
    CHECK(job.errors.retry_timeout == std::chrono::milliseconds(30000));
    CHECK(job.errors.retry_delay_max == std::chrono::milliseconds(2000));
    CHECK(job.errors.restart_attempts == 5);
    CHECK(job.errors.restart_backoff == std::chrono::milliseconds(100));
    CHECK(job.errors.fail_fast);
    CHECK(job.allowed_env == std::vector<std::string>{"DB_*"});
    CHECK(job.allowed_dirs == std::vector<std::filesystem::path>{d.path() / "secrets"});
}

TEST_CASE("job.json: defaults") {
    TempDir d;
    auto f = d.write("job.json", R"({"sources":[{"name":"a","connector.class":"random"}]})");
    JobSpec job = load_job({f}, {});
    CHECK(job.name == "inlet-job");
    CHECK(job.sources[0].tasks_max == 1);
    CHECK(job.sink.kind == SinkSpec::Kind::stdout_sink);
    CHECK(job.guarantee == Guarantee::at_least_once);
    CHECK_FALSE(job.state_dir);
}

TEST_CASE("job.json: malformed JSON gives file:line:col and the parser's reason") {
    TempDir d;
    auto f = d.write("job.json", "{\n  \"name\": \"x\",\n  \"sources\": [,]\n}\n");
    std::string err = load_error({f});
    CHECK(err.rfind(f.string() + ":3:15: syntax error while parsing value", 0) == 0);
    CHECK_THROWS_AS(load_job({f}, {}), JobSyntaxError);

    auto g = d.write("trunc.json", "{\"sources\": [");
    CHECK(load_error({g}).rfind(g.string() + ":1:14: ", 0) == 0);
    auto empty = d.write("empty.json", "");
    CHECK(load_error({empty}).rfind(empty.string() + ":1:1: ", 0) == 0);
}

TEST_CASE("job.json: unknown keys are rejected by name, with a suggestion") {
    TempDir d;
    auto f = d.write("job.json", R"({"name":"x","sorces":[],"sources":[{"name":"a","connector.class":"r"}]})");
    CHECK(load_error({f}) == f.string() + ": key 'sorces': unknown key; did you mean 'sources'?");
    auto g = d.write("j2.json", R"({"sources":[{"name":"a","connector.class":"r"}],
        "snapshot":{"interval":5}})");
    CHECK(load_error({g}) == g.string() + ": snapshot: key 'interval': unknown key; did you mean 'interval.ms'?");
}

TEST_CASE("job.json: bad values name the key") {
    TempDir d;
    auto f = d.write("job.json", R"({"sources":[{"name":"a","connector.class":"r","x":{"no":1}}],
      "sink":{"type":"kafka"}, "snapshot":{"guarantee":"twice","interval.ms":0}})");
    std::vector<ConfigProblem> problems;
    load_job({f}, {}, problems);
    std::vector<std::string> lines;
    for (auto &p : problems) lines.push_back(format_problem(p));
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == f.string() + ": sink: key 'type': 'kafka' is not one of: stdout, null, file");
    CHECK(lines[1] == f.string() + ": snapshot: key 'interval.ms': must be an integer >= 1, not 0");
    CHECK(lines[2] == f.string() + ": snapshot: key 'guarantee': 'twice' is not one of: none, at-least-once, exactly-once");
    CHECK(lines[3] == f.string() + ": sources[0] (name=a): key 'x': must be a string (or number, boolean, list), not object");
}

TEST_CASE("job.json: sources are required, names unique, tasks.max positive") {
    TempDir d;
    CHECK(load_error({d.write("a.json", "{}")}) ==
          (d.path() / "a.json").string() + ": key 'sources': required: the connectors to run (a list of objects)");
    auto f = d.write("b.json", R"({"sources":[{"name":"a","connector.class":"r"},
        {"name":"a","connector.class":"r","tasks.max":"0"}, {"connector.class":"r"}]})");
    std::vector<ConfigProblem> problems;
    load_job({f}, {}, problems);
    REQUIRE(problems.size() == 3);
    CHECK(format_problem(problems[0]) == f.string() + ": sources[1] (name=a): key 'tasks.max': '0' is not a positive integer");
    CHECK(format_problem(problems[1]) == f.string() + ": sources[1] (name=a): key 'name': 'a' is already the name of another source");
    CHECK(format_problem(problems[2]) == f.string() + ": sources[2]: key 'name': required: a unique name for this connector");
    // The throwing form: the first error, and how many more.
    CHECK(load_error({f}) == format_problem(problems[0]) + " (and 2 more: see inlet validate)");
}

TEST_CASE("job.json: must come alone") {
    TempDir d;
    auto f = d.write("job.json", R"({"sources":[]})");
    auto p = d.write("c.properties", "name=a\n");
    CHECK(load_error({f, p}).find("a .json job file must come alone") != std::string::npos);
}

TEST_CASE("job.json: a key set twice in one object is a warning; the last one wins") {
    TempDir d;
    auto f = d.write("job.json", R"({"sources":[{"name":"a","connector.class":"r","tasks.max":"1",
        "tasks.max":"4"}], "sink":{"type":"null"}})");
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({f}, {}, problems);
    REQUIRE(problems.size() == 1);
    CHECK(format_problem(problems[0]) ==
          "warning: " + f.string() + ": key 'tasks.max': set twice in one object; the last one wins");
    CHECK(job.sources[0].tasks_max == 4);
}
