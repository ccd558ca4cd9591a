#include "config/job_loader.hpp"
#include "config/providers.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace inlet::host;
using inlet::test::TempDir;

namespace {
ProviderResolver::EnvLookup fake_env(std::map<std::string, std::string> vars) {
    return [vars](const std::string &n) -> std::optional<std::string> {
        auto it = vars.find(n);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

std::string error_of(ProviderResolver &r, const std::string &value, const std::filesystem::path &base = {}) {
    try {
        r.expand(value, base);
    } catch (const ProviderError &e) {
        return e.what();
    }
    return "<no error>";
}
} // namespace

TEST_CASE("providers: plain values pass unchanged and are not secret") {
    ProviderResolver r({}, fake_env({}));
    auto e = r.expand("just text with $ and { and ${nocolon}", {});
    CHECK(e.value == "just text with $ and { and ${nocolon}");
    CHECK_FALSE(e.from_provider);
    CHECK(r.expand("${unterminated:x", {}).value == "${unterminated:x");
}

TEST_CASE("providers: ${env:NAME} when allowed, by name or prefix") {
    ProviderResolver r({{"DB_USER", "APP_*"}, {}},
                       fake_env({{"DB_USER", "alice"}, {"APP_PORT", "5432"}, {"OTHER", "x"}}));
    auto e = r.expand("user=${env:DB_USER} port=${env:APP_PORT}", {});
    CHECK(e.value == "user=alice port=5432");
    CHECK(e.from_provider);
    CHECK(error_of(r, "${env:OTHER}") ==
          "${env:OTHER}: refused: environment variable 'OTHER' is not in config.providers.allow.env");
    CHECK(error_of(r, "${env:APP_MISSING}") ==
          "${env:APP_MISSING}: environment variable 'APP_MISSING' is not set");
}

TEST_CASE("providers: nothing is allowed by default") {
    ProviderResolver r({}, fake_env({{"HOME", "/root"}}));
    CHECK(error_of(r, "${env:HOME}").find("refused") != std::string::npos);
}

TEST_CASE("providers: ${file:PATH:KEY} reads a properties file inside an allowed dir") {
    TempDir allowed, other;
    allowed.write("secrets.properties", "db.password=s3cr3t\nurl=jdbc:pg://h:5432/db\n");
    other.write("secrets.properties", "db.password=nope\n");
    ProviderResolver r({{}, {allowed.path()}}, fake_env({}));
    auto p = (allowed.path() / "secrets.properties").string();
    auto e = r.expand("${file:" + p + ":db.password}", {});
    CHECK(e.value == "s3cr3t");
    CHECK(e.from_provider);
    // The key may contain ':' (the path ends at the first one, as in Kafka).
    CHECK(r.expand("${file:" + p + ":url}", {}).value == "jdbc:pg://h:5432/db");
    // Relative to the base folder.
    CHECK(r.expand("${file:secrets.properties:db.password}", allowed.path()).value == "s3cr3t");

    auto outside = (other.path() / "secrets.properties").string();
    std::string err = error_of(r, "${file:" + outside + ":db.password}");
    CHECK(err.find("refused") != std::string::npos);
    CHECK(err.find("nope") == std::string::npos);
    // ".." cannot climb out of an allowed folder.
    auto climb = (allowed.path() / ".." / other.path().filename() / "secrets.properties").string();
    CHECK(error_of(r, "${file:" + climb + ":db.password}").find("refused") != std::string::npos);
    CHECK(error_of(r, "${file:" + p + ":missing}") == "${file:" + p + ":missing}: no key 'missing' in " + p);
}

TEST_CASE("providers: a symlink out of an allowed folder is refused") {
    TempDir allowed, other;
    auto target = other.write("s.properties", "k=outside\n");
    std::filesystem::create_symlink(target, allowed.path() / "link.properties");
    ProviderResolver r({{}, {allowed.path()}}, fake_env({}));
    CHECK(error_of(r, "${file:" + (allowed.path() / "link.properties").string() + ":k}")
              .find("refused") != std::string::npos);
}

TEST_CASE("providers: a refused missing file does not reveal whether it exists") {
    ProviderResolver r({}, fake_env({}));
    auto a = error_of(r, "${file:/etc/passwd:root}");
    auto b = error_of(r, "${file:/etc/does-not-exist:root}");
    CHECK(a.find("refused") != std::string::npos);
    CHECK(b.find("refused") != std::string::npos);
}

TEST_CASE("providers: unknown providers and malformed references") {
    ProviderResolver r({}, fake_env({}));
    CHECK(error_of(r, "${vault:secret/db:pw}") ==
          "${vault:secret/db:pw}: unknown config provider 'vault' (inlet has: env, file)");
    CHECK(error_of(r, "${file:only-a-path}") == "${file:only-a-path}: expected ${file:PATH:KEY}");
    CHECK(error_of(r, "${env:}") == "${env:}: expected ${env:NAME}");
}

TEST_CASE("providers: resolved at load, hidden, and refusals name source, key and reference") {
    TempDir d;
    ::setenv("INLET_TEST_PW", "hunter2", 1);
    auto conn = d.write("c.properties",
                        "name=c\nconnector.class=configtest\nfile=/x\nsecret=${env:INLET_TEST_PW}\n");
    auto worker = d.write("w.properties", "config.providers.allow.env=INLET_TEST_PW\n");
    std::vector<ConfigProblem> problems;
    JobSpec job = load_job({worker, conn}, {}, problems);
    CHECK(problems.empty());
    REQUIRE(job.sources.size() == 1);
    CHECK(job.sources[0].hidden_keys == std::vector<std::string>{"secret"});
    bool found = false;
    for (auto &[k, v] : job.sources[0].properties)
        if (k == "secret") found = v == "hunter2";
    CHECK(found);

    // Without the worker's allowance, one line naming the file, the key and the reference.
    try {
        load_job({conn}, {});
        FAIL("no error");
    } catch (const JobError &e) {
        std::string msg = e.what();
        CHECK(msg == conn.string() + ": key 'secret': ${env:INLET_TEST_PW}: refused: environment "
                                     "variable 'INLET_TEST_PW' is not in config.providers.allow.env");
        CHECK(msg.find("hunter2") == std::string::npos);
    }
    // A connector file cannot grant itself access.
    auto self = d.write("self.properties", "name=s\nconnector.class=configtest\n"
                                           "config.providers.allow.env=INLET_TEST_PW\n"
                                           "secret=${env:INLET_TEST_PW}\n");
    CHECK_THROWS_AS(load_job({self}, {}), JobError);
}
