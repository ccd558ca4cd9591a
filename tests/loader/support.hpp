// Shared by the loader tests: the test plugins meson built, and scratch folders.
#pragma once

#include <filesystem>
#include <string>

namespace loader_test {

// The built variant of test_plugin.c named `variant` (from $INLET_TP_<VARIANT>); fails the
// test when meson did not pass it.
std::filesystem::path plugin(const std::string &variant);

// A private scratch folder (mode 0700), removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    const std::filesystem::path &path() const { return path_; }
    // Copies `from` into this folder (or a subfolder of it) as `name`, mode 0755.
    std::filesystem::path add(const std::filesystem::path &from, const std::string &name) const;
    std::filesystem::path write(const std::string &name, const std::string &content) const;

private:
    std::filesystem::path path_;
};

// Sets an environment variable for the current scope, restoring the old value after.
class ScopedEnv {
public:
    ScopedEnv(const char *name, const std::string &value);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
    std::string name_;
    std::string old_;
    bool had_old_;
};

} // namespace loader_test
