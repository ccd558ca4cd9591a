#include "config/job_loader.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

using namespace inlet::host;
using inlet::test::TempDir;

namespace {
const char *seed_connector = R"(# The seed document's RandomSourceConnector example, unchanged.
name=random-source-connector
connector.class=sasakitoa.kafka.connect.random.RandomSourceConnector
tasks.max=1
generator.class=sasakitoa.kafka.connect.random.generator.RandomInt
messages.per.second=1000
topic=test
task.summary.enable=true
)";

const char *standalone_worker = R"(bootstrap.servers=localhost:9092
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
offset.storage.file.filename=/tmp/connect.offsets
offset.flush.interval.ms=10000
plugin.path=/usr/share/java,/opt/connectors
rest.port=8083
my.custom.thing=1
)";

std::vector<std::string> lines_of(const std::vector<ConfigProblem> &problems) {
    std::vector<std::string> out;
    for (auto &p : problems) out.push_back(format_problem(p));
    return out;
}
} // namespace

TEST_CASE("standalone: the seed's connector properties load, without a worker file") {
    TempDir d;
    auto c = d.write("random.properties", seed_connector);
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({c}, {}, problems);
    CHECK(problems.empty());
    REQUIRE(job.sources.size() == 1);
    auto &s = job.sources[0];
    CHECK(s.name == "random-source-connector");
    CHECK(s.connector_class == "sasakitoa.kafka.connect.random.RandomSourceConnector");
    CHECK(s.tasks_max == 1);
    CHECK(s.properties.size() == 7);
    CHECK(s.origin == c.string());
    CHECK(job.name == "random-source-connector");
    CHECK_FALSE(job.state_dir);
}

TEST_CASE("standalone: the worker file maps onto the job and warns about the rest") {
    TempDir d;
    auto w = d.write("connect-standalone.properties", standalone_worker);
    auto c = d.write("random.properties", seed_connector);
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({w, c}, {}, problems);
    CHECK(job.state_dir == std::filesystem::path("/tmp/connect.offsets.inlet"));
    CHECK(job.snapshot_interval == std::chrono::milliseconds(10000));
    CHECK(job.plugin_paths == std::vector<std::filesystem::path>{"/usr/share/java", "/opt/connectors"});
    CHECK(job.name == "connect-standalone");
    // The converters are honoured (converters_test.cpp): JsonConverter with schemas.
    CHECK(job.sink.format == OutputFormat::connect_json);
    // rest.port serves the REST API (host/rest), on loopback unless rest.host.name says otherwise.
    CHECK(job.rest_listener == std::optional<std::string>("127.0.0.1:8083"));
    auto lines = lines_of(problems);
    const std::string ws = "warning: " + w.string();
    CHECK(lines == std::vector<std::string>{
                       ws + ": key 'bootstrap.servers': ignored (no Kafka)",
                       ws + ": key 'my.custom.thing': unknown worker key, ignored"});
    for (auto &p : problems) CHECK(p.warning);
}

TEST_CASE("standalone: several connectors; duplicate names and bad worker values are errors") {
    TempDir d;
    auto w = d.write("w.properties", "offset.flush.interval.ms=soon\n");
    auto a = d.write("a.properties", "name=x\nconnector.class=random\ntasks.max=2\n");
    auto b = d.write("b.properties", "name=x\nconnector.class=random\ntasks.max=-1\n");
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({w, a, b}, {}, problems);
    CHECK(job.sources.size() == 2);
    CHECK(job.sources[0].tasks_max == 2);
    CHECK(lines_of(problems) == std::vector<std::string>{
        w.string() + ": key 'offset.flush.interval.ms': 'soon' is not a positive number of milliseconds",
        b.string() + ": key 'tasks.max': '-1' is not a positive integer",
        b.string() + ": key 'name': 'x' is already the name of another source"});
}

TEST_CASE("standalone: a worker file alone, or a connector without its class") {
    TempDir d;
    auto w = d.write("w.properties", "bootstrap.servers=x\n");
    std::vector<ConfigProblem> problems;
    load_job({w}, {}, problems);
    REQUIRE(problems.size() == 2);
    CHECK(format_problem(problems[1]) == w.string() + ": no connector file given (a worker file is followed by one .properties file per connector)");
    auto c = d.write("c.properties", "name=x\nfile=/tmp/a\n");
    problems.clear();
    load_job({c}, {}, problems);
    REQUIRE(problems.size() == 1);
    CHECK(format_problem(problems[0]) == c.string() + ": key 'connector.class': required: the connector plugin's name or the Java class it stands in for");
}

TEST_CASE("standalone: duplicate keys warn, the last wins; a keyless line is an error with its line") {
    TempDir d;
    auto c = d.write("c.properties", "name=x\nconnector.class=random\ntopic=a\n\ntopic=b\n=orphan\n");
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({c}, {}, problems);
    auto lines = lines_of(problems);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "warning: " + c.string() + ": key 'topic': set twice (lines 3 and 5); the last one wins");
    CHECK(lines[1] == c.string() + ":6: a line with no key");
    std::string topic;
    for (auto &[k, v] : job.sources[0].properties)
        if (k == "topic") topic = v;
    CHECK(topic == "b");
}

TEST_CASE("standalone: malformed properties are a syntax error with file:line") {
    TempDir d;
    auto c = d.write("c.properties", "name=x\nconnector.class=random\nk=\\uZZZZ\n");
    CHECK_THROWS_WITH_AS(load_job({c}, {}),
                         (c.string() + ":3: malformed \\uXXXX escape (4 hex digits expected)").c_str(),
                         JobSyntaxError);
}

TEST_CASE("standalone: errors.* from worker and connectors") {
    TempDir d;
    auto a = d.write("a.properties", "name=a\nconnector.class=r\nerrors.retry.timeout=-1\nerrors.retry.delay.max.ms=500\n");
    auto b = d.write("b.properties", "name=b\nconnector.class=r\nerrors.retry.timeout=1000\n");
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({a}, {}, problems);
    CHECK(problems.empty());
    CHECK(job.errors.retry_timeout > std::chrono::hours(24 * 365)); // -1: forever
    CHECK(job.errors.retry_delay_max == std::chrono::milliseconds(500));
    load_job({d.write("w.properties", "bootstrap.servers=x\n"), a, b}, {}, problems);
    REQUIRE(problems.size() == 2);
    CHECK(format_problem(problems[1]).find(b.string() + ": key 'errors.retry.timeout': '1000' differs from '-1' in " + a.string()) == 0);
    // The worker file's setting wins over the connectors'.
    problems.clear();
    auto w = d.write("w2.properties", "errors.retry.timeout=250\nerrors.restart.attempts=7\nerrors.fail.fast=true\n");
    job = load_job({w, a, b}, {}, problems);
    CHECK(problems.empty());
    CHECK(job.errors.retry_timeout == std::chrono::milliseconds(250));
    CHECK(job.errors.retry_delay_max == std::chrono::milliseconds(500));
    CHECK(job.errors.restart_attempts == 7);
    CHECK(job.errors.fail_fast);
}

TEST_CASE("standalone: Kafka's FileConfigProvider allowed.paths is honoured") {
    TempDir d;
    d.write("secrets/db.properties", "password=pw\n");
    auto w = d.write("w.properties",
                     "config.providers=file\n"
                     "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider\n"
                     "config.providers.file.param.allowed.paths=" + (d.path() / "secrets").string() + "\n");
    auto c = d.write("c.properties", "name=a\nconnector.class=r\npassword=${file:" +
                                         (d.path() / "secrets/db.properties").string() + ":password}\n");
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({w, c}, {}, problems);
    CHECK(problems.empty());
    CHECK(job.sources[0].properties.back().second == "pw");
}
