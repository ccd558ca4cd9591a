// The snapshot payload codec against nlohmann: the writer must produce exactly the text a DOM
// dump gives (so older files and other JSON readers agree), and the fast reader must return the
// same snapshot as the general parser, or decline.
#include "snapshot/snapshot_payload.hpp"
#include "snapshot/crc32c.hpp"
#include "snapshot/snapshot_store.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>

using namespace inlet::host;

namespace {

std::string dom_dump(const Snapshot &snap) {
    nlohmann::json offsets = nlohmann::json::array();
    for (const auto &[p, o] : merged_offsets(snap)) offsets.push_back({p, o});
    nlohmann::json doc = {{"format", 1},         {"job", snap.job},
                          {"snapshot", snap.id}, {"created_ms", snap.created_ms},
                          {"offsets", offsets},  {"sink", snap.sink}};
    return doc.dump() + "\n";
}

Snapshot sample(std::mt19937_64 &rng, size_t partitions) {
    const std::string alphabet = "ab\"\\/\t\n\x01 {}:,[]x";
    auto text = [&] {
        std::string t;
        for (size_t n = rng() % 12; n > 0; --n) t.push_back(alphabet[rng() % alphabet.size()]);
        return t;
    };
    Snapshot s;
    s.id = rng();
    s.job = "job " + text();
    s.created_ms = int64_t(rng() % 4000000000000);
    for (size_t i = 0; i < partitions; ++i) s.offsets["{\"p\":\"" + text() + "\"}"] = text();
    s.sink = {{"kind", "file"}, {"path", "/tmp/" + text()}, {"length", rng() % 100000}};
    return s;
}

// Encodes `s` (a payload over 1 MiB, so read on two threads) and checks that the fast reader
// gives it back; returns the payload.
std::string large_round_trip(const Snapshot &s) {
    std::string payload = encode_payload(s);
    REQUIRE(payload.size() > (1u << 20));
    auto fast = decode_payload_fast(payload);
    REQUIRE(fast.has_value());
    CHECK(merged_offsets(*fast) == s.offsets);
    CHECK(fast->sink == s.sink);
    return payload;
}

} // namespace

TEST_CASE("the payload is byte for byte what a DOM dump writes, and reads back the same") {
    std::mt19937_64 rng(7);
    int fast_reads = 0;
    for (int round = 0; round < 300; ++round) {
        Snapshot s = sample(rng, rng() % 6);
        std::string text = encode_payload(s);
        REQUIRE(text == dom_dump(s));
        Snapshot back = SnapshotStore::decode(SnapshotStore::encode(s));
        CHECK(back.id == s.id);
        CHECK(back.job == s.job);
        CHECK(back.created_ms == s.created_ms);
        CHECK(merged_offsets(back) == s.offsets);
        CHECK(back.sink == s.sink);
        // Control bytes other than the short escapes are written as \u00XX, which only the
        // general parser reads (in the sink's object the fast reader hands them to it too).
        auto fast = decode_payload_fast(text);
        if (fast) {
            CHECK(merged_offsets(*fast) == s.offsets);
            ++fast_reads;
        } else {
            CHECK(text.find("\\u") != std::string::npos);
        }
    }
    CHECK(fast_reads > 50); // the fast path is the one taken, not just the fallback
}

TEST_CASE("the fast reader declines anything laid out differently; the general parser decides") {
    Snapshot s;
    s.id = 3;
    s.job = "j";
    s.offsets[R"({"p":1})"] = R"({"n":2})";
    s.sink = {{"kind", "null"}, {"records", 5}};
    std::string good = encode_payload(s);
    REQUIRE(decode_payload_fast(good).has_value());
    for (size_t cut = 0; cut + 1 < good.size(); ++cut)
        CHECK_FALSE(decode_payload_fast(std::string_view(good).substr(0, cut)).has_value());
    std::string spaced = R"({"created_ms": 1,"format":1,"job":"j","offsets":[],"sink":{},"snapshot":1})";
    CHECK_FALSE(decode_payload_fast(spaced).has_value());
    std::string reordered = R"({"format":1,"created_ms":1,"job":"j","offsets":[],"sink":{},"snapshot":1})";
    CHECK_FALSE(decode_payload_fast(reordered).has_value());
    std::string sink_not_object = R"({"created_ms":1,"format":1,"job":"j","offsets":[],"sink":[1],"snapshot":1})";
    CHECK_FALSE(decode_payload_fast(sink_not_object).has_value());
    std::string tricky_sink = R"({"created_ms":1,"format":1,"job":"j","offsets":[],"sink":{"x":",\"snapshot\":9"},"snapshot":4})";
    auto snap = decode_payload_fast(tricky_sink);
    REQUIRE(snap.has_value());
    CHECK(snap->id == 4);
    CHECK(snap->sink["x"] == ",\"snapshot\":9");
}

TEST_CASE("a large offsets array, read in two halves at once, gives what one reader gives") {
    // Over 1 MiB of offsets: read on two threads, the second from a guessed entry start.
    // Strings full of quotes, brackets, commas and trailing backslashes put look-alikes of an
    // entry boundary everywhere; the sizes vary so that the guess lands in different places.
    std::mt19937_64 rng(3);
    const std::string alphabet = "ab\"\\/ {}:,[]x";
    auto text = [&](size_t max) {
        std::string t;
        for (size_t n = rng() % max; n > 0; --n) t.push_back(alphabet[rng() % alphabet.size()]);
        if (rng() % 3 == 0) t += "\"],[\"";
        if (rng() % 3 == 0) t += "\\";
        return t;
    };
    for (int round = 0; round < 6; ++round) {
        Snapshot s;
        s.id = 9;
        s.job = "big";
        size_t partitions = 30000 + rng() % 5000;
        for (size_t i = 0; i < partitions; ++i)
            s.offsets["{\"p\":\"" + text(20) + std::to_string(i) + "\"}"] = text(20);
        std::string payload = large_round_trip(s);

        // A byte changed in either half: whatever the fast reader accepts, the general parser
        // reads the same way (and it declines what is no longer valid).
        for (int k = 0; k < 8; ++k) {
            std::string broken = payload;
            size_t at = (k % 2 ? payload.size() / 2 : 0) + rng() % (payload.size() / 2);
            broken[at] = "]\",[\\x"[rng() % 6];
            auto mine = decode_payload_fast(broken);
            auto dom = nlohmann::json::parse(broken, nullptr, false);
            if (!mine) continue;
            REQUIRE_FALSE(dom.is_discarded());
            OffsetMap theirs;
            for (const auto &pair : dom.at("offsets"))
                theirs.emplace(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
            CHECK(merged_offsets(*mine) == theirs);
        }
    }
}

TEST_CASE("a guessed entry start past the offsets (in the sink's state) is never used") {
    Snapshot s;
    s.id = 2;
    s.job = "j";
    s.offsets[R"({"p":1})"] = R"({"n":1})";
    s.offsets[R"({"p":2})"] = R"({"n":2})";
    nlohmann::json junk = nlohmann::json::array();
    for (int i = 0; i < 120000; ++i) junk.push_back({std::to_string(i)}); // ["0"],["1"],…
    s.sink = {{"kind", "file"}, {"junk", junk}};
    large_round_trip(s);
}

TEST_CASE("the connector that wrote an offset is kept as a third element; older snapshots still load") {
    // KIP-875 needs a connector's offsets (Kafka keys them [connector, partition] in its offsets
    // topic); inlet's offsets stay keyed by partition, with the owner beside them.
    Snapshot s;
    s.id = 9;
    s.job = "j";
    s.offsets[R"({"p":1})"] = R"({"n":2})";
    s.offsets[R"({"p":2})"] = R"({"n":3})";
    s.owners[R"({"p":1})"] = "orders";
    s.sink = {{"kind", "null"}};
    std::string text = encode_payload(s);
    CHECK(text.find(R"(["{\"p\":1}","{\"n\":2}","orders"])") != std::string::npos);
    CHECK(text.find(R"(["{\"p\":2}","{\"n\":3}"])") != std::string::npos);
    for (const Snapshot &back : {SnapshotStore::decode(SnapshotStore::encode(s)), *decode_payload_fast(text)}) {
        REQUIRE(back.restored);
        REQUIRE(back.restored->size() == 2);
        CHECK((*back.restored)[0].connector == "orders");
        CHECK((*back.restored)[1].connector.empty());
        // Written again from the table, the owners survive.
        Snapshot again;
        again.id = 10;
        again.job = "j";
        again.restored = back.restored;
        again.sink = s.sink;
        CHECK(encode_payload(again).find(R"("{\"n\":2}","orders"])") != std::string::npos);
    }
    // A snapshot written before owners were recorded (two-element entries) reads as before,
    // on both paths.
    std::string old = R"({"created_ms":1,"format":1,"job":"j","offsets":[["{\"p\":1}","{\"n\":2}"]],"sink":{},"snapshot":1})";
    auto fast = decode_payload_fast(old);
    REQUIRE(fast.has_value());
    CHECK((*fast->restored)[0].connector.empty());
    CHECK((*fast->restored)[0].offset == R"({"n":2})");
    std::string old_spaced = R"({"created_ms": 1,"format":1,"job":"j","offsets":[["{\"p\":1}","{\"n\":2}"]],"sink":{},"snapshot":1})";
    std::string file = old_spaced + "\n";
    char trailer[96];
    std::snprintf(trailer, sizeof trailer, "#inlet-snapshot crc32c=%08x bytes=%zu\n", crc32c(file), file.size());
    Snapshot general = SnapshotStore::decode(file + trailer);
    CHECK(general.restored->size() == 1);
    CHECK((*general.restored)[0].connector.empty());
}
