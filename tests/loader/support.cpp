#include "support.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace loader_test {
namespace fs = std::filesystem;

namespace {
// Subfolders get an explicit 0755 so the test does not depend on the umask (a group-writable
// folder would be refused by the loader).
void make_parent(const fs::path &file) {
    if (fs::create_directories(file.parent_path())) fs::permissions(file.parent_path(), fs::perms(0755));
}
} // namespace

fs::path plugin(const std::string &variant) {
    std::string var = "INLET_TP_";
    for (char c : variant) var += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const char *p = std::getenv(var.c_str());
    if (p == nullptr) FAIL("meson did not pass $" << var);
    REQUIRE(fs::is_regular_file(p));
    return p;
}

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "inlet-loader-test-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

fs::path TempDir::add(const fs::path &from, const std::string &name) const {
    const fs::path to = path_ / name;
    make_parent(to);
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    fs::permissions(to, fs::perms(0755));
    return to;
}

fs::path TempDir::write(const std::string &name, const std::string &content) const {
    const fs::path to = path_ / name;
    make_parent(to);
    std::ofstream(to) << content;
    fs::permissions(to, fs::perms(0644));
    return to;
}

ScopedEnv::ScopedEnv(const char *name, const std::string &value) : name_(name) {
    const char *old = std::getenv(name);
    had_old_ = old != nullptr;
    if (had_old_) old_ = old;
    ::setenv(name, value.c_str(), 1);
}

ScopedEnv::~ScopedEnv() {
    if (had_old_) ::setenv(name_.c_str(), old_.c_str(), 1);
    else ::unsetenv(name_.c_str());
}

} // namespace loader_test
