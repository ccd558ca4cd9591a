// PluginRegistry: scanning folders, conflicts, lookup and the search path.
#include "loader/plugin.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

namespace fs = std::filesystem;
using inlet::host::PluginRegistry;
using loader_test::plugin;
using loader_test::ScopedEnv;
using loader_test::TempDir;

namespace {

std::map<std::string, std::string> problems_by_file(const PluginRegistry &reg) {
    std::map<std::string, std::string> out;
    for (const auto &p : reg.problems()) out[p.file.filename().string()] = p.reason;
    return out;
}

} // namespace

TEST_CASE("a scan loads the good plugins and reports every bad file once") {
    TempDir dir;
    const fs::path good = dir.add(plugin("good"), "good.so");
    const fs::path twin = dir.add(plugin("good_twin"), "good_twin.so");
    dir.add(plugin("alias_thief"), "thief.so");
    dir.add(plugin("wrong_abi"), "wrong_abi.so");
    dir.add(plugin("ctor_ok"), "nested/ctor.so");      // one level down: scanned
    dir.add(plugin("no_entry"), "nested/no_entry.so");
    dir.add(plugin("null_poll"), "a/b/too_deep.so");   // two levels down: not scanned
    dir.write("x.so", "not a library");
    dir.write("README.txt", "not a .so: ignored");

    const auto reg = PluginRegistry::scan({dir.path()});
    std::vector<std::string> names;
    for (const auto &p : reg.plugins()) names.emplace_back(p->name());
    CHECK(names == std::vector<std::string>{"good", "ctor"});

    const auto problems = problems_by_file(reg);
    CHECK(problems.size() == 5);
    CHECK(problems.at("good_twin.so") == "plugin name 'good' from " + twin.string() +
                                             " already provided by " + good.string());
    CHECK(problems.at("thief.so").rfind("alias 'com.example.GoodConnector' from ", 0) == 0);
    CHECK(problems.at("wrong_abi.so") == "built for connector ABI 2.x; this inlet speaks 1.x");
    CHECK(problems.at("no_entry.so").rfind("no entry point", 0) == 0);
    CHECK(problems.at("x.so") == "not an ELF file");
    CHECK(problems.count("too_deep.so") == 0);
}

TEST_CASE("lookup by name or alias, and near misses") {
    TempDir dir;
    dir.add(plugin("good"), "good.so");
    dir.add(plugin("ctor_ok"), "ctor.so");
    const auto reg = PluginRegistry::scan({dir.path()});
    REQUIRE(reg.plugins().size() == 2);
    REQUIRE(reg.find("good") != nullptr);
    CHECK(reg.find("good") == reg.find("com.example.GoodConnector"));
    CHECK(reg.find("ctor")->name() == "ctor");
    CHECK(reg.find("Good") == nullptr);
    CHECK(reg.find("") == nullptr);

    CHECK(reg.closest("goood") == std::vector<std::string>{"good"});
    CHECK(reg.closest("com.example.GoodConector").at(0) == "com.example.GoodConnector");
    CHECK(reg.closest("ctr", 1) == std::vector<std::string>{"ctor"});
    CHECK(reg.closest("completely-unrelated-name").empty());
}

TEST_CASE("folders: missing ones are reported, one listed twice loads once, order decides") {
    TempDir first, second;
    first.add(plugin("good"), "good.so");
    second.add(plugin("good_twin"), "twin.so");

    const auto reg = PluginRegistry::scan({first.path() / "absent", first.path() / "good.so",
                                           first.path(), first.path(), second.path()});
    REQUIRE(reg.plugins().size() == 1);
    CHECK(reg.plugins()[0]->path().parent_path() == first.path());
    const auto problems = problems_by_file(reg);
    CHECK(problems.at("absent") == "no such plugin directory");
    CHECK(problems.at("good.so").rfind("not a directory", 0) == 0);
    CHECK(problems.at("twin.so").rfind("plugin name 'good' from", 0) == 0);
    CHECK(problems.size() == 3);

    // Reversed: the twin, first in line, wins.
    const auto reversed = PluginRegistry::scan({second.path(), first.path()});
    REQUIRE(reversed.plugins().size() == 1);
    CHECK(reversed.plugins()[0]->path().parent_path() == second.path());
}

TEST_CASE("the search path: --plugin-path, then $INLET_PLUGIN_PATH, then the default") {
    ScopedEnv env("INLET_PLUGIN_PATH", "/env/one::/env/two:");
    const auto dirs = PluginRegistry::search_path({"/cli/a", "/cli/b"});
    REQUIRE(dirs.size() >= 4);
    CHECK(std::vector<fs::path>(dirs.begin(), dirs.begin() + 4) ==
          std::vector<fs::path>{"/cli/a", "/cli/b", "/env/one", "/env/two"});
    // The test binary has no plugins/ beside it and no install tree above it: no default.
    CHECK(dirs.size() == 4);
}
