// The emitter and batch through the C table, as a plugin calls them.
#include "emitter_fixture.hpp"

#include <inlet/connector.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

using namespace inlet::host;

namespace {

using Fixture = inlet::host::test::EmitterFixture;

} // namespace

TEST_CASE("records are deep-copied; partitions canonicalised; the last offset per partition kept") {
    Fixture f;
    std::string text = "hello";
    inlet_value v = inlet::value::string(text);
    inlet::Record r;
    r.partition("{ \"b\": 1, \"a\": 2 }").offset("{\"pos\":1}").value(&inlet::schema::string, &v);
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    text = "XXXXX"; // the plugin reuses its buffer
    r.offset("{\"pos\":2}");
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    r.partition(R"({"a":9})").offset("{\"pos\":7}");
    REQUIRE(f.emit(r) == INLET_EMIT_OK);

    auto recs = f.batch.records();
    REQUIRE(recs.size() == 3);
    CHECK(std::string(recs[0].rec.value->u.s.ptr, 5) == "hello");
    CHECK(std::string(recs[1].rec.value->u.s.ptr, 5) == "XXXXX");
    CHECK(std::string(recs[0].rec.topic) == "default-topic");
    CHECK(std::string(recs[0].rec.source_partition) == R"({"a":2,"b":1})");
    CHECK(recs[0].rec.value_schema == &inlet::schema::string); // schemas by pointer
    auto offs = f.batch.partition_offsets();
    REQUIRE(offs.size() == 2);
    CHECK(std::string(offs[0].offset) == "{\"pos\":2}");
    CHECK(*offs[0].partition == R"({"a":2,"b":1})");
    CHECK(std::string(offs[1].offset) == "{\"pos\":7}");
}

TEST_CASE("advance_offset records an offset without a record") {
    Fixture f;
    REQUIRE(f.host.advance_offset(f.emitter.handle(), R"({"f":"x"})", R"({"pos":42})") == INLET_EMIT_OK);
    CHECK(f.batch.records().empty());
    REQUIRE(f.batch.partition_offsets().size() == 1);
    CHECK_FALSE(f.batch.empty());
}

TEST_CASE("emit answers FULL at the record limit") {
    Fixture f;
    inlet::Record r;
    r.partition(R"({"p":0})").offset(R"({"n":0})");
    int rc = INLET_EMIT_OK;
    int n = 0;
    while (rc == INLET_EMIT_OK) {
        rc = f.emit(r);
        ++n;
    }
    CHECK(rc == INLET_EMIT_FULL);
    CHECK(n == 100);
}

TEST_CASE("malformed records are rejected with a reason") {
    inlet_value s = inlet::value::string("x");
    inlet_value big_int = inlet::value::integer(INLET_TYPE_INT8, 300);
    std::string huge(10000, 'a');
    inlet_value huge_v = inlet::value::string(huge);
    struct Case {
        const char *name;
        inlet::Record rec;
        const char *reason;
    };
    inlet::Record no_partition;
    no_partition.offset("{}");
    inlet::Record no_offset;
    no_offset.partition("{}");
    inlet::Record bad_json;
    bad_json.partition("[1,2]").offset("{}");
    inlet::Record mismatch;
    mismatch.partition("{}").offset("{}").value(&inlet::schema::int32, &s);
    inlet::Record range;
    range.partition("{}").offset("{}").value(&inlet::schema::int8, &big_int);
    inlet::Record null_required;
    null_required.partition("{}").offset("{}").value(&inlet::schema::string, nullptr);
    inlet::Record too_big;
    too_big.partition("{}").offset("{}").value(nullptr, &huge_v);
    Case cases[] = {
        {"no partition", no_partition, "no source_partition"},
        {"no offset", no_offset, "no source_offset"},
        {"partition not an object", bad_json, "source_partition is not a JSON object"},
        {"type mismatch", mismatch, "value: STRING value does not match its INT32 schema"},
        {"out of range", range, "value: INT8 value 300 out of range"},
        {"null for required", null_required, "value: null for a non-optional STRING schema"},
        {"oversized", too_big, "larger than the limit of 4096 bytes"},
    };
    for (auto &c : cases) {
        CAPTURE(c.name);
        Fixture f;
        CHECK(f.emit(c.rec) == INLET_EMIT_REJECTED);
        CHECK(f.emitter.rejected());
        CHECK(std::strstr(f.emitter.reason(), c.reason) != nullptr);
    }
}

TEST_CASE("blank control characters in an offset become spaces, anywhere in it; other text stays") {
    Fixture f;
    inlet_value v = inlet::value::int64(1);
    inlet::Record r;
    r.partition(R"({"p":0})").value(&inlet::schema::int64, &v);
    r.offset("{\"position\":\n1234567,\r\n\"file\":\t\"abc\"}");
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    r.offset(" {\"pos\":2} "); // blanks around the object: accepted, kept as written
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    r.offset("{\"k\":\"a slightly longer offset text without any control byte\"}");
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    auto recs = f.batch.records();
    REQUIRE(recs.size() == 3);
    CHECK(std::string(recs[0].rec.source_offset) == "{\"position\": 1234567,  \"file\": \"abc\"}");
    CHECK(std::string(recs[1].rec.source_offset) == " {\"pos\":2} ");
    CHECK(std::string(recs[2].rec.source_offset) ==
          "{\"k\":\"a slightly longer offset text without any control byte\"}");
    r.offset("[1]");
    CHECK(f.emit(r) == INLET_EMIT_REJECTED);
}

TEST_CASE("key and value share one allocation; a missing key leaves the value intact") {
    Fixture f;
    inlet_value k = inlet::value::int32(7), v = inlet::value::boolean(true);
    inlet::Record r;
    r.partition(R"({"p":0})").offset(R"({"n":1})").key(&inlet::schema::int32, &k);
    r.value(&inlet::schema::boolean, &v);
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    inlet::Record only_value;
    only_value.partition(R"({"p":0})").offset(R"({"n":2})").value(nullptr, &v);
    REQUIRE(f.emit(only_value) == INLET_EMIT_OK);
    auto recs = f.batch.records();
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].rec.key->u.i == 7);
    CHECK(recs[0].rec.value->u.b == 1);
    CHECK(recs[1].rec.key == nullptr);
    CHECK(recs[1].rec.value->type == INLET_TYPE_BOOLEAN);
    inlet_value big = inlet::value::int32(1);
    big.u.i = int64_t(1) << 40; // out of INT32 range: rejected on the fast path too
    inlet::Record bad;
    bad.partition(R"({"p":0})").offset(R"({"n":3})").value(&inlet::schema::int32, &big);
    CHECK(f.emit(bad) == INLET_EMIT_REJECTED);
}

TEST_CASE("offsets of every length keep their text, with each line break or tab made a space") {
    // The copy works eight bytes at a time with an overlapping last word: every length and every
    // position of the control byte exercises a different split.
    for (size_t len = 2; len <= 40; ++len) {
        std::string clean = "{" + std::string(len - 2, 'a') + "}";
        Fixture f;
        inlet_value v = inlet::value::int64(1);
        inlet::Record r;
        r.partition(R"({"p":0})").value(&inlet::schema::int64, &v);
        r.offset(clean.c_str());
        REQUIRE(f.emit(r) == INLET_EMIT_OK);
        CHECK(std::string(f.batch.records().back().rec.source_offset) == clean);
        for (size_t at = 1; at + 1 < len; ++at) {
            CAPTURE(len);
            CAPTURE(at);
            std::string dirty = clean;
            dirty[at] = at % 3 == 0 ? '\n' : at % 3 == 1 ? '\t' : '\r';
            r.offset(dirty.c_str());
            REQUIRE(f.emit(r) == INLET_EMIT_OK);
            CHECK(std::string(f.batch.records().back().rec.source_offset) == clean.substr(0, at) +
                                                                             " " + clean.substr(at + 1));
            dirty[at] = '\x01'; // other control bytes are not whitespace in JSON: kept as they are
            r.offset(dirty.c_str());
            REQUIRE(f.emit(r) == INLET_EMIT_OK);
            CHECK(std::string(f.batch.records().back().rec.source_offset) == dirty);
        }
    }
}

TEST_CASE("string and bytes values: copied, checked against their schema, NULL pointer and size") {
    Fixture f;
    std::string text = "payload";
    inlet_value s = inlet::value::string(text);
    inlet::Record r;
    r.partition(R"({"p":0})").offset(R"({"n":1})").value(&inlet::schema::string, &s);
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    inlet_value empty{};
    empty.type = INLET_TYPE_BYTES; // NULL pointer, length 0: an empty value
    r.value(&inlet::schema::bytes, &empty);
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    auto recs = f.batch.records();
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].rec.value->u.s.ptr != text.data());
    CHECK(std::string(recs[0].rec.value->u.s.ptr, recs[0].rec.value->u.s.len) == "payload");
    CHECK(recs[0].rec.value->u.s.ptr[7] == '\0');
    CHECK(recs[1].rec.value->type == INLET_TYPE_BYTES);
    CHECK(recs[1].rec.value->u.s.len == 0);

    // The record limit (4096 here) counts the value's own slot as well as its bytes.
    std::string fits(4096 - sizeof(inlet_value), 'x');
    inlet_value at_limit = inlet::value::string(fits);
    r.value(nullptr, &at_limit);
    CHECK(f.emit(r) == INLET_EMIT_OK);

    inlet_value bytes_for_string = s;
    bytes_for_string.type = INLET_TYPE_BYTES;
    inlet_value null_ptr = s;
    null_ptr.u.s.ptr = nullptr;
    std::string over(4097 - sizeof(inlet_value), 'x');
    inlet_value one_over = inlet::value::string(over);
    inlet_value absurd = s;
    absurd.u.s.len = SIZE_MAX; // must not wrap the running total and pass
    struct Case {
        const char *name;
        const inlet_schema *schema;
        const inlet_value *value;
        const char *reason;
    } cases[] = {
        {"bytes for a string schema", &inlet::schema::string, &bytes_for_string,
         "value: BYTES value does not match its STRING schema"},
        {"NULL pointer", &inlet::schema::string, &null_ptr, "value: STRING value with a NULL pointer"},
        {"one byte over", nullptr, &one_over, "larger than the limit of 4096 bytes"},
        {"absurd length", nullptr, &absurd, "larger than the limit of 4096 bytes"},
    };
    for (auto &c : cases) {
        CAPTURE(c.name);
        Fixture g;
        inlet::Record bad;
        bad.partition(R"({"p":0})").offset(R"({"n":1})").value(c.schema, c.value);
        CHECK(g.emit(bad) == INLET_EMIT_REJECTED);
        CHECK(std::strstr(g.emitter.reason(), c.reason) != nullptr);
    }
}

TEST_CASE("the batch arena: aligned, stable across chunks, reused after clear()") {
    Batch b{16 * 1024, 1000}; // chunks of 4096 bytes
    std::vector<std::pair<const char *, std::string>> kept;
    for (int i = 0; i < 300; ++i) {
        std::string text(size_t(i % 37), char('a' + i % 26));
        kept.emplace_back(b.copy(text.data(), text.size()), text);
        void *raw = b.allocate(size_t(i % 5) * 8);
        CHECK(reinterpret_cast<uintptr_t>(raw) % alignof(std::max_align_t) == 0);
    }
    void *large = b.allocate(10000); // larger than a chunk: a chunk of its own
    std::memset(large, 'z', 10000);
    for (auto &[p, text] : kept) CHECK(std::string(p) == text);
    CHECK(b.bytes() >= 10000);
    b.clear();
    CHECK(b.bytes() == 0);
    const char *again = b.copy("again", 5);
    CHECK(std::string(again) == "again");
    CHECK(b.capacity() <= 16 * 1024);
}
