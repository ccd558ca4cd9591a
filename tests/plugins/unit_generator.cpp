// The random connector's generator: determinism, addressability by count, ranges.
#include "generator.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace inlet_random;

TEST_CASE("splitmix64 matches its reference outputs") {
    // The first outputs of the reference splitmix64 generator seeded with 0.
    CHECK(stream_at(0, 0) == 0xe220a8397b1dcdafULL);
    CHECK(stream_at(0, 1) == 0x6e789e6aa1b965f4ULL);
    CHECK(stream_at(0, 2) == 0x06c45d188009454fULL);
}

TEST_CASE("a stream is a pure function of (state, index): resuming at n gives the same values") {
    const uint64_t s = task_state(42, 0);
    for (uint64_t n : {0ULL, 1ULL, 999ULL, 123456789ULL}) CHECK(stream_at(s, n) == stream_at(s, n));
    // A sequence read from 0 and one "restored" at 500 agree from 500 on.
    for (uint64_t n = 500; n < 510; ++n) CHECK(stream_at(task_state(42, 0), n) == stream_at(s, n));
}

TEST_CASE("tasks and seeds give different streams; key and value streams differ") {
    std::set<uint64_t> firsts;
    for (uint64_t seed : {1ULL, 2ULL})
        for (uint64_t task = 0; task < 4; ++task) {
            const uint64_t st = task_state(seed, task);
            firsts.insert(stream_at(key_stream(st), 0));
            firsts.insert(stream_at(value_stream(st), 0));
        }
    CHECK(firsts.size() == 16);
}

TEST_CASE("in_range covers [lo, hi] inclusively and nothing else") {
    std::set<int64_t> seen;
    const uint64_t st = task_state(7, 0);
    for (uint64_t n = 0; n < 2000; ++n) {
        const int64_t v = in_range(stream_at(st, n), -3, 3);
        CHECK(v >= -3);
        CHECK(v <= 3);
        seen.insert(v);
    }
    CHECK(seen.size() == 7);
    CHECK(in_range(0, INT32_MIN, INT32_MAX) == INT32_MIN);
    CHECK(in_range(UINT64_MAX, INT32_MIN, INT32_MAX) == INT32_MAX);
    CHECK(in_range(12345, 5, 5) == 5);
}

TEST_CASE("unit_double lies in [0, 1)") {
    CHECK(unit_double(0) == 0.0);
    CHECK(unit_double(UINT64_MAX) < 1.0);
}

TEST_CASE("letters: only a-z A-Z, deterministic per index, records independent") {
    std::string a(25, ' '), b(25, ' '), c(25, ' ');
    letters_at(99, 10, a.data(), a.size());
    letters_at(99, 10, b.data(), b.size());
    letters_at(99, 11, c.data(), c.size());
    CHECK(a == b);
    CHECK(a != c);
    for (char ch : a) CHECK(((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')));
}

TEST_CASE("generator.class accepts the Java names and the short names only") {
    CHECK(parse_kind("sasakitoa.kafka.connect.random.generator.RandomInt") == Kind::int32);
    CHECK(parse_kind("RandomLong") == Kind::int64);
    CHECK(parse_kind("RandomDouble") == Kind::float64);
    CHECK(parse_kind("sasakitoa.kafka.connect.random.generator.RandomString") == Kind::string);
    CHECK_FALSE(parse_kind("RandomFloat"));
    CHECK_FALSE(parse_kind("other.RandomInt"));
}

#include "count_offset.hpp"

TEST_CASE("CountOffset increments in place exactly like formatting the number") {
    for (uint64_t start : {0ULL, 7ULL, 95ULL, 996ULL, 99999ULL, 18446744073709551605ULL - 10}) {
        CountOffset c(start);
        CHECK(std::string(c.c_str()) == "{\"count\":" + std::to_string(start) + "}");
        for (uint64_t n = start + 1; n < start + 12; ++n) {
            c.increment();
            CHECK(std::string(c.c_str()) == "{\"count\":" + std::to_string(n) + "}");
        }
    }
}
