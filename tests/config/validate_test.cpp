#include "config/job_loader.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace inlet::host;
using inlet::test::TempDir;

namespace {
const PluginRegistry &registry() {
    // Scanned once: loading the same library again would only return the same handle.
    static const PluginRegistry r = [] {
        const char *dir = std::getenv("INLET_CONFIGTEST_PLUGIN_DIR");
        REQUIRE(dir != nullptr);
        return PluginRegistry::scan({dir});
    }();
    return r;
}

JobSpec job_with(const std::string &props, TempDir &d) {
    auto c = d.write("c.properties", props);
    std::vector<ConfigProblem> ignored;
    return load_job({c}, {}, ignored);
}

std::vector<std::string> problems_of(const JobSpec &job) {
    std::vector<std::string> out;
    for (auto &p : validate_job(job, registry())) out.push_back(format_problem(p));
    return out;
}
} // namespace

TEST_CASE("validate: the test plugin is found by name and by alias") {
    REQUIRE(registry().find("configtest") != nullptr);
    TempDir d;
    CHECK(problems_of(job_with("name=a\nconnector.class=configtest\nfile=/x\n", d)).empty());
    CHECK(problems_of(job_with("name=a\nconnector.class=com.example.config.ConfigTestConnector\nfile=/x\n", d))
              .empty());
}

TEST_CASE("validate: unknown connector.class lists the closest names") {
    TempDir d;
    auto c = (d.path() / "c.properties").string();
    CHECK(problems_of(job_with("name=a\nconnector.class=configtset\n", d)) ==
          std::vector<std::string>{c + ": key 'connector.class': 'configtset' is not a known "
                                       "connector plugin; closest: configtest"});
}

TEST_CASE("validate: every problem at once, warnings included") {
    TempDir d;
    auto c = (d.path() / "c.properties").string();
    auto got = problems_of(job_with("name=a\nconnector.class=configtest\nbatch.size=0\n"
                                    "follow=maybe\ncolours=red,pink\nfiel=/x\n", d));
    CHECK(got == std::vector<std::string>{
                     c + ": key 'file': required: The file to read.",
                     c + ": key 'batch.size': '0' is out of range [1, 1000]",
                     c + ": key 'follow': 'maybe' is not a BOOLEAN (true or false)",
                     c + ": key 'colours': 'pink' is not one of: red, green, blue",
                     "warning: " + c + ": key 'fiel': unknown key (the plugin does not define it); did you mean 'file'?"});
}

TEST_CASE("validate: the plugin's own validate() runs once the definition's checks pass") {
    TempDir d;
    auto c = (d.path() / "c.properties").string();
    CHECK(problems_of(job_with("name=a\nconnector.class=configtest\nfile=/x\nmode=fast\nfollow=true\n", d)) ==
          std::vector<std::string>{c + ": plugin 'configtest' rejected the config: key 'follow': "
                                       "cannot follow in mode=fast"});
}

TEST_CASE("validate: a password a plugin echoes back is shown as [hidden]") {
    TempDir d;
    auto got = problems_of(job_with("name=a\nconnector.class=configtest\nfile=/x\nsecret=leak-me-pw\n", d));
    REQUIRE(got.size() == 1);
    CHECK(got[0].find("leak-me-pw") == std::string::npos);
    CHECK(got[0].find("secret '[hidden]' is not accepted") != std::string::npos);
}

TEST_CASE("validate: a value from a config provider is hidden in type errors") {
    TempDir d;
    ::setenv("INLET_TEST_BATCH", "lots", 1);
    auto w = d.write("w.properties", "config.providers.allow.env=INLET_TEST_BATCH\n");
    auto c = d.write("c.properties", "name=a\nconnector.class=configtest\nfile=/x\nbatch.size=${env:INLET_TEST_BATCH}\n");
    std::vector<ConfigProblem> ignored;
    auto got = problems_of(load_job({w, c}, {}, ignored));
    CHECK(got == std::vector<std::string>{c.string() + ": key 'batch.size': [hidden] is not an INT (a 32-bit integer)"});
}

TEST_CASE("validate: exactly-once needs a replayable plugin, the file sink and a state dir") {
    TempDir d;
    JobSpec job = job_with("name=a\nconnector.class=configtest\nfile=/x\n", d);
    job.guarantee = Guarantee::exactly_once;
    auto got = problems_of(job);
    REQUIRE(got.size() == 3);
    CHECK(got[0].find("exactly-once needs a replayable connector and plugin 'configtest' is not") != std::string::npos);
    CHECK(got[1].find("job 'a': key 'guarantee': exactly-once needs the file sink") == 0);
    CHECK(got[2].find("job 'a': key 'guarantee': exactly-once needs a state directory") == 0);
}
