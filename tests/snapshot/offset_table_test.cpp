// OffsetTable (the offsets read back from a snapshot) and a snapshot written as restored
// offsets overlaid by the partitions that moved since.
#include "snapshot/offset_table.hpp"
#include "snapshot/snapshot_store.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <string>

using namespace inlet::host;

TEST_CASE("an offset table keeps its entries sorted, NUL-terminated, and findable") {
    OffsetTable::Builder b;
    b.add(R"({"p":1})", R"({"n":1})");
    b.add(R"({"p":2})", R"({"n":2})");
    b.add(R"({"p":3})", "");
    OffsetTable t = b.finish();
    REQUIRE(t.size() == 3);
    CHECK(t[0].partition == R"({"p":1})");
    CHECK(std::strcmp(t[1].offset.data(), R"({"n":2})") == 0); // ends in a NUL
    CHECK(std::strcmp(t[2].offset.data(), "") == 0);
    REQUIRE(t.find(R"({"p":2})") != nullptr);
    CHECK(t.find(R"({"p":2})")->offset == R"({"n":2})");
    CHECK(t.find(R"({"p":0})") == nullptr);
    CHECK(t.find(R"({"p":4})") == nullptr);
    CHECK(OffsetTable().find("x") == nullptr);

    OffsetTable moved = std::move(t); // the views still point into the moved block
    CHECK(moved.find(R"({"p":3})") != nullptr);
    CHECK(moved.to_map() == OffsetMap{{R"({"p":1})", R"({"n":1})"},
                                      {R"({"p":2})", R"({"n":2})"},
                                      {R"({"p":3})", ""}});
}

TEST_CASE("entries given out of order are sorted; a repeated partition keeps its first offset") {
    OffsetTable::Builder b;
    b.add("c", "1");
    b.add("a", "2");
    b.add("b", "3");
    b.add("a", "4");
    OffsetTable t = b.finish();
    CHECK(t.to_map() == OffsetMap{{"a", "2"}, {"b", "3"}, {"c", "1"}});
    REQUIRE(t.size() == 3);
    CHECK(t[0].partition == "a");
    CHECK(t[2].partition == "c");
}

TEST_CASE("a snapshot of restored offsets overlaid by moved ones reads back as their merge") {
    std::mt19937_64 rng(11);
    for (int round = 0; round < 200; ++round) {
        // Partitions from a small name space, so that the two sides overlap, interleave and
        // run past each other at both ends.
        auto name = [&] { return R"({"p":)" + std::to_string(rng() % 40) + "}"; };
        OffsetMap base, over;
        for (size_t k = rng() % 20; k > 0; --k) base[name()] = "b" + std::to_string(rng() % 100);
        for (size_t k = rng() % 20; k > 0; --k) over[name()] = "o" + std::to_string(rng() % 100);
        OffsetMap expected = base;
        for (const auto &[p, o] : over) expected[p] = o;

        Snapshot split;
        split.id = 3;
        split.job = "j";
        if (rng() % 4 != 0) split.restored = std::make_shared<const OffsetTable>(OffsetTable::from(base));
        else expected = over; // no restored table at all
        split.offsets = over;
        CHECK(merged_offsets(split) == expected);

        Snapshot whole;
        whole.id = 3;
        whole.job = "j";
        whole.offsets = expected;
        // Byte for byte the file a single map gives, and it reads back as the merge.
        std::string bytes = SnapshotStore::encode(split);
        CHECK(bytes == SnapshotStore::encode(whole));
        CHECK(merged_offsets(SnapshotStore::decode(bytes)) == expected);
    }
}
