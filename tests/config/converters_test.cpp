// key.converter / value.converter: which output format a job's converters mean.
// Sources read (apache/kafka):
//   - config/connect-standalone.properties: the stock worker file sets JsonConverter for key and
//     value with schemas.enable=true;
//   - connect/runtime/.../Worker.java, startTask: the connector's own converter
//     (plugins.newConverter(connConfig, ...)) wins, the worker's is used only when the connector
//     sets none; each is configured from its own config's "<key>." settings;
//   - connect/json/.../JsonConverterConfig: schemas.enable defaults to true;
//   - connect/api/.../StringConverter, connect/runtime/.../converters/ByteArrayConverter.
#include "config/job_flags.hpp"
#include "config/job_loader.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

using namespace inlet::host;
using inlet::test::TempDir;

namespace {

const char *connector = "name=f\nconnector.class=random\n";

struct Loaded {
    JobSpec job;
    std::vector<std::string> problems;
};

Loaded load(const std::string &worker, const std::string &conn, const JobOverrides &o = {}) {
    TempDir d;
    auto w = d.write("worker.properties", "offset.flush.interval.ms=1000\n" + worker);
    auto c = d.write("conn.properties", std::string(connector) + conn);
    std::vector<ConfigProblem> problems;
    Loaded out{load_job({w, c}, o, problems), {}};
    for (auto &p : problems) {
        std::string line = format_problem(p);
        // Without the temporary directory, so the expectations read plainly.
        for (auto *f : {&w, &c})
            if (auto at = line.find(f->string()); at != std::string::npos)
                line.replace(at, f->string().size(), f->filename().string());
        out.problems.push_back(line);
    }
    return out;
}

const std::string json = "org.apache.kafka.connect.json.JsonConverter";

} // namespace

TEST_CASE("converters: Kafka's stock standalone worker file means JsonConverter with schemas") {
    auto r = load("key.converter=" + json + "\nvalue.converter=" + json +
                      "\nkey.converter.schemas.enable=true\nvalue.converter.schemas.enable=true\n"
                      "internal.key.converter=" + json + "\n",
                  "");
    CHECK(r.job.sink.format == OutputFormat::connect_json);
    CHECK(r.problems == std::vector<std::string>{
                            "warning: worker.properties: key 'internal.key.converter': ignored (no Kafka)"});
}

TEST_CASE("converters: schemas.enable, StringConverter, ByteArrayConverter, simple class names") {
    CHECK(load("value.converter=" + json + "\n", "").job.sink.format == OutputFormat::connect_json);
    CHECK(load("value.converter=" + json + "\nvalue.converter.schemas.enable=false\n", "")
              .job.sink.format == OutputFormat::json);
    CHECK(load("value.converter=org.apache.kafka.connect.storage.StringConverter\n", "")
              .job.sink.format == OutputFormat::string);
    CHECK(load("value.converter=org.apache.kafka.connect.converters.ByteArrayConverter\n", "")
              .job.sink.format == OutputFormat::bytes);
    CHECK(load("value.converter=StringConverter\n", "").job.sink.format == OutputFormat::string);
    CHECK(load("", "").job.sink.format == OutputFormat::envelope); // no converter: inlet's own
}

TEST_CASE("converters: the connector's own converter wins, with its own settings") {
    // Worker: JsonConverter without schemas; connector: JsonConverter with its default (true).
    auto r = load("value.converter=" + json + "\nvalue.converter.schemas.enable=false\n",
                  "value.converter=" + json + "\n");
    CHECK(r.job.sink.format == OutputFormat::connect_json);
    CHECK(r.problems.empty());
    // The connector's converter settings do not apply to the worker's converter.
    r = load("value.converter=" + json + "\n", "value.converter.schemas.enable=false\n");
    CHECK(r.job.sink.format == OutputFormat::connect_json);
    r = load("value.converter=" + json + "\n",
             "value.converter=org.apache.kafka.connect.storage.StringConverter\n");
    CHECK(r.job.sink.format == OutputFormat::string);
}

TEST_CASE("converters: one that cannot be reproduced is an error naming the key") {
    auto r = load("value.converter=io.confluent.connect.avro.AvroConverter\n", "");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].find("worker.properties: key 'value.converter': 'io.confluent.connect.avro.AvroConverter' "
                             "is not a converter inlet can reproduce") == 0);
    r = load("value.converter=" + json + "\nvalue.converter.schemas.enable=maybe\n", "");
    CHECK(r.problems == std::vector<std::string>{
                            "worker.properties: key 'value.converter.schemas.enable': 'maybe' is not true or false"});
    r = load("value.converter=StringConverter\nvalue.converter.encoding=UTF-16\n", "");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].find("key 'value.converter.encoding': 'UTF-16' is not reproduced") != std::string::npos);
    // Keys are not written by a line-per-record sink: only a warning.
    r = load("key.converter=io.confluent.connect.avro.AvroConverter\n", "");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].find("warning: worker.properties: key 'key.converter'") == 0);
    CHECK(r.problems[0].find("not used: the output holds values only") != std::string::npos);
}

TEST_CASE("converters: --format overrides them") {
    JobFlags flags;
    flags.format = "value";
    auto r = load("value.converter=" + json + "\n", "", to_overrides(flags));
    CHECK(r.job.sink.format == OutputFormat::value);
    CHECK(r.problems == std::vector<std::string>{
                            "warning: worker.properties: key 'value.converter': not applied: --format decides the output"});
}

TEST_CASE("converters: connectors of one job that disagree are an error") {
    TempDir d;
    auto a = d.write("a.properties", "name=a\nconnector.class=random\nvalue.converter=StringConverter\n");
    auto b = d.write("b.properties", "name=b\nconnector.class=random\nvalue.converter=" + json + "\n");
    auto w = d.write("w.properties", "offset.flush.interval.ms=1000\n");
    std::vector<ConfigProblem> problems;
    load_job({w, a, b}, {}, problems);
    REQUIRE(problems.size() == 1);
    CHECK(format_problem(problems[0]).find(b.string() + ": key 'value.converter': '" + json +
                                           "' differs from the converter of " + a.string()) == 0);
}
