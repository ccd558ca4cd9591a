// The emitter applies the boundary's UTF-8 rule (runtime/record_check.hpp) to every STRING it
// copies -- key, value, nested fields, map entries, array items, header values and header keys --
// and counts the U+FFFD it put in. The expected text is what Java's UTF-8 decoder gives for the
// same bytes (the decoder Kafka's FileStreamSourceTask reads with: apache/kafka
// connect/file/src/main/java/org/apache/kafka/connect/file/FileStreamSourceTask.java, poll();
// C3 28 FF decodes to U+FFFD '(' U+FFFD on OpenJDK 17).
#include "emitter_fixture.hpp"

#include <inlet/connector.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace inlet::host;

namespace {

using Fixture = inlet::host::test::EmitterFixture;

const std::string bad = "\xC3\x28\xFF";
const std::string java = "\xEF\xBF\xBD(\xEF\xBF\xBD";

std::string text(const inlet_value &v) { return std::string(v.u.s.ptr, v.u.s.len); }

constexpr inlet_field fields[] = {{"name", &inlet::schema::string}, {"n", &inlet::schema::int32}};
constexpr inlet_schema row = inlet::schema::structure("Row", fields);

} // namespace

TEST_CASE("emitter: ill-formed UTF-8 in a top-level key and value is repaired and counted") {
    Fixture f;
    const std::string text_value = "ok " + bad;
    inlet_value k = inlet::value::string(bad), v = inlet::value::string(text_value);
    inlet::Record r;
    r.partition(R"({"f":"a"})").offset(R"({"p":1})").key(&inlet::schema::string, &k)
        .value(&inlet::schema::string, &v);
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    const auto &rec = f.batch.records()[0].rec;
    CHECK(text(*rec.key) == java);
    CHECK(text(*rec.value) == "ok " + java);
    CHECK(rec.value->u.s.ptr[rec.value->u.s.len] == '\0');
    CHECK(f.emitter.take_utf8_replacements() == 4);
    CHECK(f.emitter.take_utf8_replacements() == 0); // taken
}

TEST_CASE("emitter: nested STRINGs, map entries and headers are repaired; BYTES are not") {
    Fixture f;
    inlet_value cols[] = {inlet::value::string(bad), inlet::value::int32(1)};
    inlet_value v = inlet::value::structure(cols);
    inlet_value items[] = {inlet::value::string(bad), inlet::value::bytes(bad.data(), bad.size())};
    inlet_value arr = inlet::value::array(items);
    inlet_header headers[] = {{"h\xFF", nullptr, arr}};
    inlet::Record r;
    r.partition(R"({"f":"a"})").offset(R"({"p":1})").value(&row, &v);
    r.r.headers = headers;
    r.r.header_count = 1;
    REQUIRE(f.emit(r) == INLET_EMIT_OK);
    const auto &rec = f.batch.records()[0].rec;
    CHECK(text(rec.value->u.seq.items[0]) == java);
    CHECK(std::string(rec.headers[0].key) == "h\xEF\xBF\xBD");
    CHECK(text(rec.headers[0].value.u.seq.items[0]) == java);
    CHECK(text(rec.headers[0].value.u.seq.items[1]) == bad); // BYTES stay bytes
    CHECK(f.emitter.take_utf8_replacements() == 2 + 1 + 2);
}

TEST_CASE("emitter: a repair that grows a record past its limit rejects it") {
    Fixture f; // 4096-byte records
    std::string lots(1500, '\xFF'); // each byte becomes three
    inlet_value v = inlet::value::string(lots);
    inlet::Record r;
    r.partition(R"({"f":"a"})").offset(R"({"p":1})").value(&inlet::schema::string, &v);
    CHECK(f.emit(r) == INLET_EMIT_REJECTED);
    CHECK(std::string(f.emitter.reason()).find("larger than the limit") != std::string::npos);
}

TEST_CASE("emitter: offsets and partitions must be UTF-8 JSON; topics must be Kafka topic names") {
    {
        Fixture f;
        inlet::Record r;
        r.partition(R"({"f":"a"})").offset("{\"p\":\"\xFF\"}");
        CHECK(f.emit(r) == INLET_EMIT_REJECTED);
        CHECK(std::string(f.emitter.reason()).find("source_offset") != std::string::npos);
    }
    {
        Fixture f;
        inlet::Record r;
        r.partition("{\"f\":\"\xC3\x28\"}").offset(R"({"p":1})");
        CHECK(f.emit(r) == INLET_EMIT_REJECTED);
        CHECK(std::string(f.emitter.reason()).find("UTF-8") != std::string::npos);
    }
    {
        // Kafka's topic rule, as in record_check_test (Topic.validate: [a-zA-Z0-9._-], 1..249).
        Fixture f;
        inlet::Record r;
        r.partition(R"({"f":"a"})").offset(R"({"p":1})");
        r.r.topic = "bad topic";
        CHECK(f.emit(r) == INLET_EMIT_REJECTED);
        CHECK(std::string(f.emitter.reason()).find("not a valid Kafka topic name") != std::string::npos);
    }
}

TEST_CASE("emitter: long strings take the copying check; valid UTF-8 stays, bad bytes anywhere are repaired") {
    const std::string ascii(40, 'a');
    std::string accents;
    while (accents.size() < 40) accents += "caf\xC3\xA9 ";
    for (size_t len : {16u, 17u, 31u, 32u, 33u, 100u}) {
        for (size_t at = 0; at < len; at += 7) {
            Fixture f;
            std::string bad_at(len, 'x');
            bad_at[at] = '\xFF';
            inlet_value v = inlet::value::string(bad_at);
            inlet::Record r;
            r.partition(R"({"f":"a"})").offset(R"({"p":1})").value(&inlet::schema::string, &v);
            REQUIRE(f.emit(r) == INLET_EMIT_OK);
            CAPTURE(len);
            CAPTURE(at);
            CHECK(text(*f.batch.records()[0].rec.value) ==
                  std::string(at, 'x') + "\xEF\xBF\xBD" + std::string(len - 1 - at, 'x'));
            CHECK(f.emitter.take_utf8_replacements() == 1);
        }
    }
    for (const std::string *good : {&ascii, static_cast<const std::string *>(&accents)}) {
        Fixture f;
        inlet_value v = inlet::value::string(*good);
        inlet::Record r;
        r.partition(R"({"f":"a"})").offset(R"({"p":1})").value(&inlet::schema::string, &v);
        REQUIRE(f.emit(r) == INLET_EMIT_OK);
        CHECK(text(*f.batch.records()[0].rec.value) == *good);
        CHECK(f.emitter.take_utf8_replacements() == 0);
    }
}
