// The ELF probe: identity read from the file without loading it.
#include "loader/elf_probe.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <elf.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

using inlet::host::probe_plugin_file;
using loader_test::plugin;
using loader_test::TempDir;

namespace {

// Overwrites `len` bytes at `offset` of a copy of the good plugin.
std::filesystem::path patched_good(const TempDir &dir, size_t offset, const void *bytes,
                                   size_t len) {
    auto file = dir.add(plugin("good"), "patched.so");
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(static_cast<const char *>(bytes), static_cast<std::streamsize>(len));
    return file;
}

} // namespace

TEST_CASE("a good plugin's magic is read without loading it") {
    auto r = probe_plugin_file(plugin("good"));
    CHECK_MESSAGE(r.ok, r.reason);
    CHECK(r.magic.abi_major == INLET_ABI_MAJOR);
    CHECK(r.magic.abi_minor == INLET_ABI_MINOR);
    CHECK(r.magic.descriptor_size == sizeof(inlet_plugin));
}

TEST_CASE("the magic is found in a stripped plugin") {
    const char *stripped = std::getenv("INLET_TP_GOOD_STRIPPED");
    if (stripped == nullptr) {
        MESSAGE("strip not found at configure time; skipped");
        return;
    }
    auto r = probe_plugin_file(stripped);
    CHECK_MESSAGE(r.ok, r.reason);
}

TEST_CASE("a plugin built for another ABI major is refused, naming both majors") {
    auto r = probe_plugin_file(plugin("wrong_abi"));
    CHECK_FALSE(r.ok);
    CHECK(r.reason == "built for connector ABI 2.x; this inlet speaks 1.x");
}

TEST_CASE("a shared object without the inlet_plugin section is not a plugin") {
    auto r = probe_plugin_file(plugin("no_magic"));
    CHECK_FALSE(r.ok);
    CHECK(r.reason == "not an inlet plugin (no inlet_plugin section)");
}

TEST_CASE("a truncated or corrupt magic is refused") {
    auto truncated = probe_plugin_file(plugin("truncated_magic"));
    CHECK_FALSE(truncated.ok);
    CHECK(truncated.reason.rfind("truncated/corrupt magic", 0) == 0);
    auto corrupt = probe_plugin_file(plugin("corrupt_magic"));
    CHECK_FALSE(corrupt.ok);
    CHECK(corrupt.reason == "truncated/corrupt magic (bad magic bytes in inlet_plugin)");
}

TEST_CASE("files that are not ELF shared objects of this machine") {
    TempDir dir;
    SUBCASE("a text file named .so") {
        auto r = probe_plugin_file(dir.write("x.so", "this is not a library\n"));
        CHECK(r.reason == "not an ELF file");
    }
    SUBCASE("an empty file") {
        auto r = probe_plugin_file(dir.write("empty.so", ""));
        CHECK(r.reason == "not an ELF file");
    }
    SUBCASE("a FIFO named .so does not hang the probe") {
        const auto fifo = dir.path() / "fifo.so";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        CHECK(probe_plugin_file(fifo).reason == "not a regular file");
    }
    SUBCASE("a missing file") {
        auto r = probe_plugin_file(dir.path() / "absent.so");
        CHECK(r.reason.rfind("cannot open:", 0) == 0);
    }
    SUBCASE("a 32-bit ELF") {
        const unsigned char cls = ELFCLASS32;
        auto r = probe_plugin_file(patched_good(dir, EI_CLASS, &cls, 1));
        CHECK(r.reason.rfind("not a 64-bit ELF file", 0) == 0);
    }
    SUBCASE("another machine") {
        const uint16_t machine = EM_SPARCV9;
        auto r = probe_plugin_file(
            patched_good(dir, offsetof(Elf64_Ehdr, e_machine), &machine, sizeof machine));
        CHECK(r.reason.rfind("built for another machine", 0) == 0);
    }
    SUBCASE("an executable, not a shared object") {
        const uint16_t type = ET_EXEC;
        auto r = probe_plugin_file(
            patched_good(dir, offsetof(Elf64_Ehdr, e_type), &type, sizeof type));
        CHECK(r.reason.rfind("not a shared object", 0) == 0);
    }
    SUBCASE("section headers pointing past the end of the file") {
        const uint64_t shoff = uint64_t(1) << 62;
        auto r = probe_plugin_file(
            patched_good(dir, offsetof(Elf64_Ehdr, e_shoff), &shoff, sizeof shoff));
        CHECK_FALSE(r.ok);
        CHECK(r.reason.find("corrupt") != std::string::npos);
    }
    SUBCASE("a file cut short after the ELF header") {
        auto file = dir.add(plugin("good"), "cut.so");
        std::filesystem::resize_file(file, sizeof(Elf64_Ehdr) + 8);
        auto r = probe_plugin_file(file);
        CHECK_FALSE(r.ok);
        CHECK(r.reason.find("corrupt") != std::string::npos);
    }
}
