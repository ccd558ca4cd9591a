// RestoredOffsets: what a task's start() sees through the host table, and which restored
// partitions it is re-sent in commit() after a restart.
#include "engine/restored_offsets.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using inlet::host::OffsetMap;
using inlet::host::OffsetTable;
using inlet::host::RestoredOffsets;

namespace {

struct Table {
    inlet_host host{};
    Table() { RestoredOffsets::install(host); }
    const char *get(const RestoredOffsets &r, const char *partition) const {
        return host.offsets_get(r.handle(), partition);
    }
};

std::vector<std::string> asked_partitions(const RestoredOffsets &r) {
    std::vector<std::string> out;
    for (const auto &e : r.asked()) out.emplace_back(e.partition_json);
    return out;
}

} // namespace

TEST_CASE("restored offsets are found under any spelling of the partition") {
    OffsetMap restored{{R"({"p":1,"task":0})", R"({"next":7})"},
                       {R"({"file":"/a b"})", R"({"position": 42})"}};
    OffsetTable table = OffsetTable::from(restored);
    RestoredOffsets r(&table);
    Table t;
    CHECK(std::string(t.get(r, R"({"task":0,"p":1})")) == R"({"next":7})");
    CHECK(std::string(t.get(r, R"( { "p" : 1 , "task" : 0 } )")) == R"({"next":7})");
    // Offsets come back as the connector wrote them.
    CHECK(std::string(t.get(r, R"({"file":"/a b"})")) == R"({"position": 42})");
    CHECK(t.get(r, R"({"p":2,"task":0})") == nullptr);
    CHECK(t.get(r, R"({"p":1)") == nullptr); // malformed: never stored
    CHECK(t.get(r, "[1]") == nullptr);
}

TEST_CASE("each restored partition a task asked for is re-sent once, in the order first asked") {
    OffsetMap restored;
    for (int k = 0; k < 1000; ++k)
        restored[R"({"p":)" + std::to_string(k) + "}"] = R"({"n":)" + std::to_string(k) + "}";
    OffsetTable table = OffsetTable::from(restored);
    RestoredOffsets r(&table);
    Table t;
    CHECK(r.asked().empty());
    for (int k : {500, 3, 999, 3, 500, 0}) {
        std::string p = R"({"p":)" + std::to_string(k) + "}";
        REQUIRE(t.get(r, p.c_str()) != nullptr);
    }
    CHECK(t.get(r, R"({"p":1000})") == nullptr); // not restored: not re-sent
    CHECK(asked_partitions(r) ==
          std::vector<std::string>{R"({"p":500})", R"({"p":3})", R"({"p":999})", R"({"p":0})"});
    for (const auto &e : r.asked())
        CHECK(std::string(e.offset_json) == restored.at(e.partition_json));
}

TEST_CASE("a task that visited every restored offset is re-sent all of them") {
    OffsetMap restored{{R"({"p":1})", R"({"n":1})"}, {R"({"p":2})", R"({"n":2})"}};
    OffsetTable table = OffsetTable::from(restored);
    RestoredOffsets r(&table);
    Table t;
    size_t seen = 0;
    t.host.offsets_each(r.handle(), &seen, [](void *ctx, const char *, const char *) {
        ++*static_cast<size_t *>(ctx);
        return 0;
    });
    CHECK(seen == 2);
    CHECK(asked_partitions(r) == std::vector<std::string>{R"({"p":1})", R"({"p":2})"});
}

TEST_CASE("no restored offsets: every lookup answers none") {
    Table t;
    RestoredOffsets none(nullptr);
    CHECK(t.get(none, R"({"p":1})") == nullptr);
    CHECK(none.asked().empty());
    OffsetTable empty;
    RestoredOffsets nothing(&empty);
    CHECK(t.get(nothing, R"({"p":1})") == nullptr);
    CHECK(nothing.asked().empty());
}
