// rest/view_cache.hpp: how often the job's view is copied behind GET /metrics and the status
// endpoints, and that nothing older than max_age, or from before a change, is served. The
// clock is the test's own, so the ages are exact.
#include "rest/view_cache.hpp"

#include <doctest/doctest.h>

#include <chrono>

using inlet::rest::Response;
using inlet::rest::ViewCache;
using namespace std::chrono_literals;

namespace {

struct Fixture {
    ViewCache::Clock::time_point now{};
    int copies = 0;
    ViewCache cache{[this] {
                        inlet::host::JobView v;
                        v.snapshots = uint64_t(++copies);
                        return v;
                    },
                    100ms, [this] { return now; }};
};

} // namespace

TEST_CASE("the view is copied once per max_age, however many reads") {
    Fixture f;
    for (int i = 0; i < 1000; ++i) CHECK(f.cache.current()->view().snapshots == 1);
    f.now += 99ms;
    CHECK(f.cache.current()->view().snapshots == 1);
    f.now += 1ms; // exactly max_age old: too old
    CHECK(f.cache.current()->view().snapshots == 2);
    CHECK(f.copies == 2);
}

TEST_CASE("a change through the API drops the copy at once") {
    Fixture f;
    CHECK(f.cache.current()->view().snapshots == 1);
    f.cache.invalidate();
    CHECK(f.cache.current()->view().snapshots == 2);
    CHECK(f.cache.current()->view().snapshots == 2);
}

TEST_CASE("a response rendered from a copy is served until the copy is replaced") {
    Fixture f;
    auto copy = f.cache.current();
    CHECK_FALSE(copy->rendered("/metrics"));
    Response r;
    r.body = "inlet_snapshots_total 1\n";
    copy->keep("/metrics", r);
    REQUIRE(f.cache.current()->rendered("/metrics"));
    CHECK(f.cache.current()->rendered("/metrics")->body == r.body);
    CHECK_FALSE(f.cache.current()->rendered("/connectors"));
    f.now += 100ms;
    CHECK_FALSE(f.cache.current()->rendered("/metrics")); // a new copy renders anew
}

TEST_CASE("made-up paths do not grow a copy's responses without bound") {
    Fixture f;
    auto copy = f.cache.current();
    Response r;
    for (int i = 0; i < 10000; ++i) copy->keep("/connectors/x" + std::to_string(i), r);
    CHECK(copy->rendered("/connectors/x0"));
    CHECK_FALSE(copy->rendered("/connectors/x9999"));
}

TEST_CASE("max_age 0 copies for every read") {
    int copies = 0;
    ViewCache cache([&copies] {
        ++copies;
        return inlet::host::JobView{};
    }, 0ms);
    for (int i = 0; i < 5; ++i) cache.current();
    CHECK(copies == 5);
}
