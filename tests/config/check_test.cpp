#include "config/config_check.hpp"

#include <doctest/doctest.h>

using namespace inlet::host;

namespace {
const char *const modes[] = {"fast", "safe", nullptr};
const std::vector<inlet_config_key> definition = {
    {"file", INLET_CFG_STRING, nullptr, 1, "The file to read.", nullptr, 0, 0, 0},
    {"batch.size", INLET_CFG_INT, "100", 0, "Records per batch.", nullptr, 1, 1, 1000},
    {"max.bytes", INLET_CFG_LONG, "0", 0, "A byte limit.", nullptr, 0, 0, 0},
    {"ratio", INLET_CFG_DOUBLE, "0.5", 0, "A fraction.", nullptr, 1, 0.0, 1.0},
    {"follow", INLET_CFG_BOOLEAN, "false", 0, "Keep reading.", nullptr, 0, 0, 0},
    {"modes", INLET_CFG_LIST, "", 0, "Some modes.", modes, 0, 0, 0},
    {"mode", INLET_CFG_STRING, "safe", 0, "How.", modes, 0, 0, 0},
    {"secret", INLET_CFG_PASSWORD, nullptr, 0, "A password.", nullptr, 0, 0, 0},
};

std::vector<std::string> issues_of(const KeyValues &kvs, const std::vector<std::string> &hidden = {}) {
    std::vector<std::string> out;
    for (auto &i : check_config(definition, kvs, hidden))
        out.push_back((i.warning ? "W " : "E ") + i.key + ": " + i.message);
    return out;
}
} // namespace

TEST_CASE("check: a good config has no issues") {
    CHECK(issues_of({{"name", "a"}, {"connector.class", "x"}, {"tasks.max", "2"}, {"file", "/a"},
                     {"batch.size", " 1000 "}, {"max.bytes", "-9000000000"}, {"ratio", "1e-1"},
                     {"follow", "TRUE"}, {"modes", "fast, safe"}, {"mode", "fast"},
                     {"secret", "x"}, {"key.converter", "j"}, {"value.converter.schemas.enable", "false"},
                     {"errors.tolerance", "all"}, {"producer.override.linger.ms", "1"}})
              .empty());
}

TEST_CASE("check: required keys, with their doc") {
    CHECK(issues_of({}) == std::vector<std::string>{"E file: required: The file to read."});
    CHECK(issues_of({{"file", "  "}}) == std::vector<std::string>{"E file: required, but empty: The file to read."});
}

TEST_CASE("check: types") {
    CHECK(issues_of({{"file", "a"}, {"batch.size", "ten"}, {"max.bytes", "1.5"}, {"ratio", "half"},
                     {"follow", "yes"}, {"modes", "fast,,safe"}}) ==
          std::vector<std::string>{
              "E batch.size: 'ten' is not an INT (a 32-bit integer)",
              "E max.bytes: '1.5' is not a LONG (a 64-bit integer)",
              "E ratio: 'half' is not a DOUBLE (a finite number)",
              "E follow: 'yes' is not a BOOLEAN (true or false)",
              "E modes: 'fast,,safe' has an empty element (a comma-separated LIST)"});
    CHECK(issues_of({{"file", "a"}, {"batch.size", "3000000000"}, {"ratio", "nan"}}) ==
          std::vector<std::string>{"E batch.size: '3000000000' is not an INT (a 32-bit integer)",
                                   "E ratio: 'nan' is not a DOUBLE (a finite number)"});
}

TEST_CASE("check: ranges and allowed values") {
    CHECK(issues_of({{"file", "a"}, {"batch.size", "0"}, {"ratio", "1.5"}, {"mode", "slow"},
                     {"modes", "fast,slow"}}) ==
          std::vector<std::string>{"E batch.size: '0' is out of range [1, 1000]",
                                   "E ratio: '1.5' is out of range [0, 1]",
                                   "E modes: 'slow' is not one of: fast, safe",
                                   "E mode: 'slow' is not one of: fast, safe"});
}

TEST_CASE("check: unknown keys are warnings, with a suggestion; transforms are flagged") {
    CHECK(issues_of({{"file", "a"}, {"batch.sise", "1"}, {"zzz", "1"}, {"transforms", "t"},
                     {"transforms.t.type", "x"}}) ==
          std::vector<std::string>{
              "W batch.sise: unknown key (the plugin does not define it); did you mean 'batch.size'?",
              "W zzz: unknown key (the plugin does not define it)",
              "W transforms: ignored: inlet does not apply Single Message Transforms"});
}

TEST_CASE("check: passwords and provider values are never printed") {
    const std::vector<inlet_config_key> defs = {
        {"pw", INLET_CFG_PASSWORD, nullptr, 0, "p", modes, 0, 0, 0},
        {"port", INLET_CFG_INT, nullptr, 0, "p", nullptr, 1, 1, 10}};
    auto issues = check_config(defs, {{"pw", "hunter2"}, {"port", "99"}}, {"port"});
    REQUIRE(issues.size() == 2);
    CHECK(issues[0].message == "[hidden] is not one of: fast, safe");
    CHECK(issues[1].message == "[hidden] is out of range [1, 10]");
}

TEST_CASE("check: tasks.max and closest names") {
    CHECK(parse_tasks_max("4") == 4u);
    CHECK(parse_tasks_max(" 1 ") == 1u);
    CHECK_FALSE(parse_tasks_max("0"));
    CHECK_FALSE(parse_tasks_max("-2"));
    CHECK_FALSE(parse_tasks_max("two"));
    CHECK_FALSE(parse_tasks_max("99999999999"));
    CHECK(closest_names("tpoic", {"topic", "file", "topics"}) == std::vector<std::string>{"topic", "topics"});
    CHECK(closest_names("zzzzzz", {"topic"}).empty());
}

TEST_CASE("check: ranges print like describe, never in exponent form") {
    // `inlet plugins describe` prints [1, 1000000] for this key; validate must say the same.
    const std::vector<inlet_config_key> def = {
        {"rate", INLET_CFG_LONG, "10", 0, "Per second.", nullptr, 1, 1, 1000000},
        {"huge", INLET_CFG_LONG, "0", 0, "Big.", nullptr, 1, -9.3e18, 9.3e18},
        {"share", INLET_CFG_DOUBLE, "0.5", 0, "A fraction.", nullptr, 1, 0.125, 2500000.5},
    };
    auto issues = check_config(def, {{"rate", "0"}, {"huge", "1"}, {"share", "3e6"}});
    REQUIRE(issues.size() == 2);
    CHECK(issues[0].message == "'0' is out of range [1, 1000000]");
    CHECK(issues[1].message == "'3e6' is out of range [0.125, 2500000.5]");
    CHECK(format_bound(1e15, INLET_CFG_LONG) == "1000000000000000");
    CHECK(format_bound(9.3e18, INLET_CFG_LONG) == "9223372036854775807");
    CHECK(format_bound(2147483647, INLET_CFG_INT) == "2147483647");
}
