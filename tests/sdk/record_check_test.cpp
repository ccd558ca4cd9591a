// record_check: every way a record can break the data contract, and that a good one passes.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "runtime/record_check.hpp"

#include <inlet/connector.hpp>

#include <string>

using inlet::host::check_record;
using inlet::host::RecordFault;
using inlet::host::RecordLimits;

namespace {

inlet_record base(const inlet_schema *schema, const inlet_value *value) {
    inlet::Record r;
    r.partition(R"({"file":"/tmp/a"})").offset(R"({"position":12})").value(schema, value);
    return r.r;
}

// The fault text, or "" when the record passes.
std::string fault_of(const inlet_record &rec, const RecordLimits &limits = {}) {
    RecordFault f;
    return check_record(&rec, limits, &f) ? std::string() : std::string(f.text);
}

bool contains(const std::string &s, const char *part) { return s.find(part) != std::string::npos; }

constexpr inlet_field address_fields[] = {{"street", &inlet::schema::string},
                                          {"zip", &inlet::schema::int16}};
constexpr inlet_schema address = inlet::schema::structure("Address", address_fields);
constexpr inlet_field person_fields[] = {{"name", &inlet::schema::string},
                                         {"address", &address}};
constexpr inlet_schema person = inlet::schema::structure("Person", person_fields);

} // namespace

TEST_CASE("a well-formed nested record passes and reports its payload") {
    inlet_value addr[] = {inlet::value::string("Main St"), inlet::value::int16(1234)};
    inlet_value fields[] = {inlet::value::string("Ada"), inlet::value::structure(addr)};
    inlet_value v = inlet::value::structure(fields);
    inlet_record rec = base(&person, &v);
    rec.topic = "people.v1";
    RecordFault f;
    inlet::host::RecordFacts facts;
    CHECK(check_record(&rec, {}, &f, &facts));
    CHECK(facts.payload_bytes == 3 + 7 + 8);
}

TEST_CASE("partition and offset must be JSON objects") {
    inlet_value v = inlet::value::int64(1);
    inlet_record rec = base(&inlet::schema::int64, &v);
    rec.source_partition = nullptr;
    CHECK(contains(fault_of(rec), "source_partition is NULL"));
    rec.source_partition = "[1,2]";
    CHECK(contains(fault_of(rec), "source_partition is not a JSON object"));
    rec.source_partition = R"({"a":1)";
    CHECK(contains(fault_of(rec), "source_partition"));
    rec.source_partition = R"({"a":1}  )";
    CHECK(fault_of(rec).empty());
    rec.source_offset = R"({"n":1} x)";
    CHECK(contains(fault_of(rec), "trailing characters"));
    rec.source_offset = R"({"n":01})";
    CHECK(contains(fault_of(rec), "source_offset"));
    rec.source_offset = R"({"s":"tab	inside"})";
    CHECK(contains(fault_of(rec), "control character"));
    rec.source_offset = R"({"s":"\u00e9\n","t":[true,false,null,-1.5e3,{}]})";
    CHECK(fault_of(rec).empty());
}

TEST_CASE("values must match their schema, with the path of the culprit") {
    inlet_value addr[] = {inlet::value::string("Main St"), inlet::value::integer(INLET_TYPE_INT16, 70000)};
    inlet_value fields[] = {inlet::value::string("Ada"), inlet::value::structure(addr)};
    inlet_value v = inlet::value::structure(fields);
    inlet_record rec = base(&person, &v);
    CHECK(fault_of(rec) == "value.address.zip: INT16 value 70000 out of range");

    addr[1] = inlet::value::int32(5);
    CHECK(fault_of(rec) == "value.address.zip: INT32 value does not match its INT16 schema");

    inlet_value short_struct = inlet::value::structure(std::span(fields, 1));
    rec.value = &short_struct;
    CHECK(contains(fault_of(rec), "STRUCT value has 1 fields, its schema 2"));

    rec.value_schema = nullptr; // schemaless: a struct's field names would be unknown
    rec.value = &v;
    CHECK(contains(fault_of(rec), "STRUCT value without a schema"));
}

TEST_CASE("null values need optional schemas") {
    inlet_record rec = base(&inlet::schema::string, nullptr);
    CHECK(contains(fault_of(rec), "not optional"));
    rec.value_schema = &inlet::schema::optional_string;
    CHECK(fault_of(rec).empty());
    inlet_value null = inlet::value::null();
    rec.value = &null;
    CHECK(fault_of(rec).empty());
    rec.value_schema = nullptr; // a schemaless tombstone
    rec.value = nullptr;
    CHECK(fault_of(rec).empty());
}

TEST_CASE("arrays and maps: element schemas, pairs and pointers") {
    constexpr inlet_schema ints = inlet::schema::array(inlet::schema::int8);
    inlet_value items[] = {inlet::value::int8(1), inlet::value::int8(2)};
    inlet_value arr = inlet::value::array(items);
    inlet_record rec = base(&ints, &arr);
    CHECK(fault_of(rec).empty());
    items[1] = inlet::value::string("x");
    CHECK(fault_of(rec) == "value[1]: STRING value does not match its INT8 schema");

    constexpr inlet_schema m = inlet::schema::map(inlet::schema::string, inlet::schema::int64);
    inlet_value pairs[] = {inlet::value::string("a"), inlet::value::int64(1),
                           inlet::value::string("b"), inlet::value::boolean(true)};
    inlet_value map = inlet::value::sequence(INLET_TYPE_MAP, pairs);
    rec = base(&m, &map);
    CHECK(map.u.seq.count == 2);
    CHECK(fault_of(rec) == "value.value[1]: BOOLEAN value does not match its INT64 schema");
    map.u.seq.items = nullptr;
    CHECK(contains(fault_of(rec), "MAP with 4 items but items is NULL"));

    constexpr inlet_schema no_values{INLET_TYPE_MAP, 0, nullptr, 0, nullptr, nullptr, &inlet::schema::string, nullptr, nullptr, 0};
    rec.value_schema = &no_values;
    CHECK(contains(fault_of(rec), "MAP schema needs both"));
}

TEST_CASE("logical types keep their base types and parameters") {
    inlet_value days = inlet::value::int32(19000);
    inlet_record rec = base(&inlet::schema::date, &days);
    CHECK(fault_of(rec).empty());

    constexpr inlet_schema bad_date = inlet::schema::make(INLET_TYPE_INT64, false, INLET_LOGICAL_DATE);
    inlet_value big = inlet::value::int64(1);
    rec = base(&bad_date, &big);
    CHECK(contains(fault_of(rec), "must have base type INT32, not INT64"));

    inlet_value ms = inlet::value::int32(86400000);
    rec = base(&inlet::schema::time, &ms);
    CHECK(contains(fault_of(rec), "not a millisecond of the day"));

    constexpr inlet_schema no_scale = inlet::schema::make(INLET_TYPE_BYTES, false, INLET_LOGICAL_DECIMAL);
    constexpr inlet_schema decimal = inlet::schema::make(INLET_TYPE_BYTES, false, INLET_LOGICAL_DECIMAL, R"({"scale":"2"})");
    unsigned char raw[] = {0x04, 0xd2};
    inlet_value d = inlet::value::bytes(raw, sizeof raw);
    rec = base(&no_scale, &d);
    CHECK(contains(fault_of(rec), "needs parameters_json with a \"scale\""));
    rec.value_schema = &decimal;
    CHECK(fault_of(rec).empty());
}

TEST_CASE("strings: UTF-8 and pointers") {
    inlet_value s = inlet::value::string("caf\xc3\xa9");
    inlet_record rec = base(&inlet::schema::string, &s);
    CHECK(fault_of(rec).empty());
    // Ill-formed UTF-8 is repaired at the boundary, not refused: counted as replacements.
    s = inlet::value::string("\xc3\x28");
    RecordFault f;
    inlet::host::RecordFacts facts;
    CHECK(check_record(&rec, {}, &f, &facts));
    CHECK(facts.utf8_replacements == 1);
    s.u.s.ptr = nullptr;
    CHECK(contains(fault_of(rec), "ptr is NULL"));
}

TEST_CASE("a cyclic schema ends at the depth limit instead of the stack") {
    inlet_schema cyclic = inlet::schema::make(INLET_TYPE_ARRAY);
    cyclic.value_schema = &cyclic;
    inlet_value empty = inlet::value::array({});
    inlet_record rec = base(&cyclic, &empty);
    CHECK(contains(fault_of(rec), "nested deeper than 32 levels"));
}

TEST_CASE("topic, timestamp, headers, size limits and struct_size") {
    inlet_value v = inlet::value::int64(1);
    inlet_record rec = base(&inlet::schema::int64, &v);
    rec.topic = "bad topic";
    CHECK(contains(fault_of(rec), "not a valid Kafka topic name"));
    rec.topic = "..";
    CHECK(contains(fault_of(rec), "not a valid Kafka topic name"));
    rec.topic = nullptr;
    rec.timestamp_ms = -5;
    CHECK(contains(fault_of(rec), "timestamp_ms -5 is negative"));
    rec.timestamp_ms = INLET_NO_TIMESTAMP;

    inlet_header headers[] = {{"trace", &inlet::schema::string, inlet::value::int32(3)}};
    rec.headers = headers;
    rec.header_count = 1;
    CHECK(fault_of(rec) == "headers[0]: INT32 value does not match its STRING schema");
    headers[0].key = nullptr;
    CHECK(contains(fault_of(rec), "header key is NULL"));
    rec.header_count = 0;

    std::string big(2000, 'x');
    inlet_value s = inlet::value::string(big);
    rec = base(&inlet::schema::string, &s);
    RecordLimits small;
    small.max_payload_bytes = 1000;
    CHECK(contains(fault_of(rec, small), "over the record limit"));
    rec.struct_size = 8;
    CHECK(contains(fault_of(rec), "smaller than a v1.0 inlet_record"));
}
