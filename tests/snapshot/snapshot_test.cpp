#include "snapshot/crc32c.hpp"
#include "snapshot/snapshot_store.hpp"
#include "snapshot/state_lock.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace inlet::host;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "inlet-snap-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

Snapshot make(uint64_t id) {
    Snapshot s;
    s.id = id;
    s.job = "job";
    s.created_ms = 1234;
    s.offsets[R"({"p":0})"] = R"({"next":)" + std::to_string(id * 10) + "}";
    s.sink = {{"kind", "file"}, {"path", "/x"}, {"length", id * 100}};
    return s;
}

std::string slurp(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void flip_byte(const fs::path &p, size_t at) {
    std::string bytes = slurp(p);
    bytes[at] ^= 0x01;
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

} // namespace

TEST_CASE("crc32c matches the standard check value") {
    CHECK(crc32c("123456789") == 0xE3069283u);
    CHECK(crc32c("") == 0u);
    CHECK(crc32c("6789", crc32c("12345")) == 0xE3069283u);
    CHECK(crc32c_portable("123456789") == 0xE3069283u);
}

TEST_CASE("crc32c: the hardware path and the table path agree at every length and alignment") {
    std::string data;
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 300; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        data.push_back(char(x));
    }
    for (size_t from = 0; from < 9; ++from)
        for (size_t len = 0; from + len <= data.size(); len += 7) {
            std::string_view piece(data.data() + from, len);
            CHECK(crc32c(piece) == crc32c_portable(piece));
            CHECK(crc32c(piece, 0x12345678u) == crc32c_portable(piece, 0x12345678u));
        }
}

TEST_CASE("encode/decode round trip, and every corruption is detected") {
    Snapshot s = make(7);
    std::string bytes = SnapshotStore::encode(s);
    Snapshot back = SnapshotStore::decode(bytes);
    CHECK(back.id == 7);
    CHECK(back.job == "job");
    CHECK(merged_offsets(back) == s.offsets);
    CHECK(back.sink == s.sink);

    CHECK_THROWS_WITH_AS(SnapshotStore::decode(bytes.substr(0, bytes.size() / 2)),
                         doctest::Contains("truncated"), SnapshotError);
    std::string flipped = bytes;
    flipped[20] ^= 0x01;
    CHECK_THROWS_WITH_AS(SnapshotStore::decode(flipped), "checksum mismatch", SnapshotError);
    CHECK_THROWS_AS(SnapshotStore::decode(""), SnapshotError);
}

TEST_CASE("the store keeps the last 3 and loads the newest") {
    TempDir d;
    SnapshotStore store(d.path);
    CHECK_FALSE(store.load_latest().has_value());
    for (uint64_t id = 1; id <= 5; ++id) store.write(make(id));
    CHECK(store.list() == std::vector<uint64_t>{3, 4, 5});
    CHECK(store.load_latest()->id == 5);
    CHECK(store.file_for(5).filename() == "snapshot-00000000000000000005.json");
}

TEST_CASE("a corrupt newest snapshot falls back to the previous one") {
    TempDir d;
    SnapshotStore store(d.path);
    store.write(make(1));
    store.write(make(2));
    flip_byte(store.file_for(2), 30);
    auto s = store.load_latest();
    REQUIRE(s.has_value());
    CHECK(s->id == 1);
}

TEST_CASE("when every snapshot is corrupt, loading is an error, not a fresh start") {
    TempDir d;
    SnapshotStore store(d.path);
    store.write(make(1));
    flip_byte(store.file_for(1), 10);
    CHECK_THROWS_WITH_AS(store.load_latest(),
                         doctest::Contains("refusing to start from nothing"), SnapshotError);
}

TEST_CASE("temp files left by a crash are ignored and removed") {
    TempDir d;
    { SnapshotStore store(d.path); store.write(make(1)); }
    std::ofstream(d.path / ".snapshot-2.tmp") << "partial";
    SnapshotStore store(d.path);
    CHECK(store.load_latest()->id == 1);
    CHECK_FALSE(fs::exists(d.path / ".snapshot-2.tmp"));
}

TEST_CASE("a state directory is locked by one holder at a time, named by PID") {
    TempDir d;
    {
        StateLock first(d.path);
        std::string expected =
            "is in use by another inlet process (PID " + std::to_string(::getpid()) + ")";
        CHECK_THROWS_WITH_AS(StateLock(d.path), doctest::Contains(expected.c_str()),
                             StateLockError);
    }
    CHECK_NOTHROW(StateLock(d.path)); // released with its holder
}
