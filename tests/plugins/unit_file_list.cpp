// file_list: glob/list expansion and the round-robin split across tasks.
#include "file_list.hpp"

#include <doctest/doctest.h>
#include <inlet/connector.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace inlet_file;
namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "inlet-file-list-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() { fs::remove_all(path); }
    std::string touch(const std::string &name) const {
        std::ofstream(path / name) << "x\n";
        return (path / name).string();
    }
};
} // namespace

TEST_CASE("globs expand sorted; literal paths are kept even when missing; duplicates dropped") {
    TempDir d;
    const auto b = d.touch("b.log"), a = d.touch("a.log"), c = d.touch("c.txt");
    const std::string missing = (d.path / "later.log").string();
    auto got = expand_files({(d.path / "*.log").string(), missing, a, c});
    CHECK(got == std::vector<std::string>{a, b, missing, c});
}

TEST_CASE("a glob matching nothing is a config error naming files and the pattern") {
    TempDir d;
    const std::string pat = (d.path / "*.none").string();
    try {
        expand_files({pat});
        FAIL("expected a ConfigError");
    } catch (const inlet::ConfigError &e) {
        CHECK(e.key() == "files");
        CHECK(std::string(e.what()).find(pat) != std::string::npos);
    }
}

TEST_CASE("round-robin split: never more groups than files or tasks, order kept per group") {
    const std::vector<std::string> f = {"1", "2", "3", "4", "5"};
    CHECK(split_round_robin(f, 2) == std::vector<std::vector<std::string>>{{"1", "3", "5"}, {"2", "4"}});
    CHECK(split_round_robin(f, 9).size() == 5);
    CHECK(split_round_robin(f, 1) == std::vector<std::vector<std::string>>{f});
    CHECK(split_round_robin({}, 4) == std::vector<std::vector<std::string>>{{}});
}

TEST_CASE("task file lists survive commas and spaces in names") {
    const std::vector<std::string> f = {"/a,b/c d.log", "/x.log"};
    CHECK(split_paths(join_paths(f)) == f);
    CHECK(split_paths("").empty());
}
