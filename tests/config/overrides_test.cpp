#include "config/job_flags.hpp"
#include "config/job_loader.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

using namespace inlet::host;
using inlet::test::TempDir;

namespace {
std::string flag_error(const JobFlags &flags) {
    try {
        to_overrides(flags);
    } catch (const JobError &e) {
        return e.what();
    }
    return "<no error>";
}
} // namespace

TEST_CASE("overrides: flags replace what the file says") {
    TempDir d;
    auto f = d.write("job.json", R"({"sources":[{"name":"a","connector.class":"r"}],
        "sink":{"type":"file","path":"/tmp/x","format":"value"},
        "snapshot":{"guarantee":"exactly-once","interval.ms":100,"state.dir":"/s"},
        "plugin.path":"/p"})");
    JobFlags flags;
    flags.sink = "stdout";
    flags.guarantee = "none";
    flags.state_dir = "/other";
    flags.snapshot_interval_ms = "2500";
    flags.plugin_paths = {"/first"};
    JobSpec job = load_job({f}, to_overrides(flags));
    CHECK(job.sink.kind == SinkSpec::Kind::stdout_sink);
    CHECK(job.sink.format == OutputFormat::value); // the file's format stays
    CHECK(job.guarantee == Guarantee::none);
    CHECK(job.state_dir == std::filesystem::path("/other"));
    CHECK(job.snapshot_interval == std::chrono::milliseconds(2500));
    CHECK(job.plugin_paths == std::vector<std::filesystem::path>{"/first", "/p"});

    JobFlags f2;
    f2.sink = "file:/tmp/out.jsonl";
    f2.format = "connect-json";
    job = load_job({f}, to_overrides(f2));
    CHECK(job.sink.kind == SinkSpec::Kind::file_sink);
    CHECK(job.sink.path == std::filesystem::path("/tmp/out.jsonl"));
    CHECK(job.sink.format == OutputFormat::connect_json);
    CHECK(job.guarantee == Guarantee::exactly_once);

    JobFlags f3;
    f3.sink = "null";
    CHECK(load_job({f}, to_overrides(f3)).sink.kind == SinkSpec::Kind::null_sink);
}

TEST_CASE("overrides: relative paths are made absolute once, against the working directory") {
    TempDir d;
    auto f = d.write("job.json", R"({"sources":[{"name":"a","connector.class":"r"}]})");
    JobFlags flags;
    flags.sink = "file:out/../out.jsonl";
    flags.state_dir = "state";
    flags.plugin_paths = {"plugins"};
    JobSpec job = load_job({f}, to_overrides(flags));
    const auto cwd = std::filesystem::current_path();
    CHECK(job.sink.path == cwd / "out.jsonl");
    CHECK(job.state_dir == cwd / "state");
    CHECK(job.plugin_paths == std::vector<std::filesystem::path>{cwd / "plugins"});
}

TEST_CASE("overrides: bad values name the flag and the allowed values") {
    JobFlags f;
    f.sink = "kafka";
    CHECK(flag_error(f) == "--sink: 'kafka' is not one of: stdout, null, file:PATH");
    f = {};
    f.sink = "file:";
    CHECK(flag_error(f) == "--sink: 'file:' is not one of: stdout, null, file:PATH");
    f = {};
    f.format = "xml";
    CHECK(flag_error(f) == "--format: 'xml' is not one of: envelope, value, connect-json, json, string, bytes");
    f = {};
    f.guarantee = "exactly_once";
    CHECK(flag_error(f) == "--guarantee: 'exactly_once' is not one of: none, at-least-once, exactly-once");
    f = {};
    f.snapshot_interval_ms = "0";
    CHECK(flag_error(f) == "--snapshot-interval-ms: '0' is not a positive number of milliseconds");
    f.snapshot_interval_ms = "1s";
    CHECK(flag_error(f) == "--snapshot-interval-ms: '1s' is not a positive number of milliseconds");
    f = {};
    f.state_dir = "";
    CHECK(flag_error(f) == "--state-dir: must not be empty");
}

TEST_CASE("overrides: JobOverrides built by hand are checked too") {
    TempDir d;
    auto c = d.write("c.properties", "name=a\nconnector.class=r\n");
    JobOverrides o;
    o.guarantee = "sometimes";
    CHECK_THROWS_WITH_AS(load_job({c}, o),
                         "--guarantee: 'sometimes' is not one of: none, at-least-once, exactly-once",
                         JobError);
}
