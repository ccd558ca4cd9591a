// The sink's buffer gives back the pages a burst filled once the fills since have not needed
// them (issue 16, the soak: a long-running job's memory follows its load).
#include "sink/out_buffer.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

using inlet::host::OutBuffer;

namespace {

// Resident pages among the whole pages of [p, p + len).
size_t resident_pages(const char *p, size_t len) {
    size_t page = size_t(::sysconf(_SC_PAGESIZE));
    auto from = (reinterpret_cast<uintptr_t>(p) + page - 1) / page * page;
    auto to = (reinterpret_cast<uintptr_t>(p) + len) / page * page;
    std::vector<unsigned char> in((to - from) / page);
    REQUIRE(::mincore(reinterpret_cast<void *>(from), to - from, in.data()) == 0);
    size_t n = 0;
    for (unsigned char c : in) n += c & 1;
    return n;
}

} // namespace

TEST_CASE("a burst's pages go back after the fills since needed less; the buffer still works") {
    constexpr size_t cap = 1 << 20;
    OutBuffer out(cap);
    std::string burst(cap - 4096, 'b');
    out.append(burst);
    out.clear();
    const char *data = out.data();
    size_t tail = cap - 256 * 1024 - 8192; // beyond what the small fills below need twice
    CHECK(resident_pages(data + 256 * 1024, tail) > 0);

    std::string small(100 * 1024, 's');
    // The check that sees the burst among its fills keeps its pages; the next one does not.
    for (unsigned i = 0; i < 2 * OutBuffer::fills_per_check; ++i) {
        out.append(small);
        out.clear();
    }
    CHECK(resident_pages(data + 256 * 1024, tail) == 0);

    // The same memory serves the next burst, with nothing of the old one left in it.
    out.append(burst);
    CHECK(out.data() == data);
    CHECK(out.view() == burst);
}

TEST_CASE("a buffer used steadily keeps its pages") {
    OutBuffer out(1 << 20);
    std::string fill(900 * 1024, 'f');
    for (unsigned i = 0; i < 2 * OutBuffer::fills_per_check; ++i) {
        out.append(fill);
        out.clear();
    }
    CHECK(resident_pages(out.data(), 800 * 1024) >= 800 * 1024 / size_t(::sysconf(_SC_PAGESIZE)) - 1);
}
