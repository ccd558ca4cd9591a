// What the `file` plugin's ABI tests share: a temporary directory of files, and reading the
// position out of an offset text.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace plugin_test {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "inlet-abi-file-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    // Writes (or with std::ios::app, appends) `content` to `name`; returns its path.
    std::string file(const std::string &name, const std::string &content,
                     std::ios::openmode mode = std::ios::trunc) const {
        std::ofstream(path / name, std::ios::binary | std::ios::out | mode) << content;
        return (path / name).string();
    }
};

// The "position" of an offset text, or -1 when it has none.
inline long long position_of(const std::string &offset) {
    const auto at = offset.find("\"position\":");
    if (at == std::string::npos) return -1;
    return std::atoll(offset.c_str() + at + 11);
}

} // namespace plugin_test
