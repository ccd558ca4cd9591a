// The file connector's offset text, advanced in place from one position to the next.
#include "position_offset.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using inlet_file::PositionOffset;

namespace {
std::string expected(int64_t position) {
    return "{\"position\":" + std::to_string(position) + "}";
}
} // namespace

TEST_CASE("position offsets: every step size, carries, new digits, and going back") {
    PositionOffset o;
    CHECK(o.format(0) == expected(0));
    int64_t pos = 0;
    // Steps of every size from 0 to 1000 (lines of any length, empty lines), crossing many
    // carries and digit-count changes on the way.
    for (int64_t step = 0; step <= 1000; ++step) {
        pos += step;
        REQUIRE(std::string(o.format(pos)) == expected(pos));
    }
    for (int i = 0; i < 100'000; ++i) { // uneven line lengths, past many wraps of four digits
        pos += (i * 7919) % 997;
        REQUIRE(std::string(o.format(pos)) == expected(pos));
    }
    for (int64_t at : {int64_t(9), int64_t(99), int64_t(999'999), int64_t(99'999'999'999)}) {
        REQUIRE(std::string(o.format(at)) == expected(at));
        REQUIRE(std::string(o.format(at + 1)) == expected(at + 1)); // one more digit
        REQUIRE(std::string(o.format(at + 1001)) == expected(at + 1001));
    }
    CHECK(std::string(o.format(5)) == expected(5)); // a truncated file starts over
    CHECK(std::string(o.format(INT64_MAX)) == expected(INT64_MAX));
    CHECK(std::string(o.format(0)) == expected(0));
    CHECK(std::string(o.format(INT64_MAX - 1)) == expected(INT64_MAX - 1));
    CHECK(std::string(o.format(INT64_MAX)) == expected(INT64_MAX));
}
