// Each format against strings computed by hand from Kafka's rules (Values.convertToString,
// JsonConverter with schemas.enable=true).
#include "format_fixtures.hpp"
#include "sink/format.hpp"
#include "sink/format_json.hpp"

#include <inlet/connector.hpp>

#include <doctest/doctest.h>

using namespace inlet::host;
namespace v = inlet::value;
namespace s = inlet::schema;

using namespace inlet::host::test;

TEST_CASE("java number text") {
    auto d = [](double x) { OutBuffer o; append_java_double(o, x); return std::string(o.view()); };
    auto f = [](float x) { OutBuffer o; append_java_float(o, x); return std::string(o.view()); };
    CHECK(d(1.0) == "1.0");
    CHECK(d(-2.5) == "-2.5");
    CHECK(d(0.001) == "0.001");
    CHECK(d(0.0001) == "1.0E-4");
    CHECK(d(1234567.0) == "1234567.0");
    CHECK(d(12345678.0) == "1.2345678E7");
    CHECK(d(1e21) == "1.0E21");
    CHECK(d(0.0) == "0.0");
    CHECK(d(0.1) == "0.1");
    CHECK(f(0.1f) == "0.1");
    CHECK(f(3.4028235e38f) == "3.4028235E38");
}

TEST_CASE("base64 and JSON strings") {
    OutBuffer o;
    append_base64(o, "ab");
    append_base64(o, "abc");
    append_base64(o, "abcd");
    CHECK(o.view() == "YWI=YWJjYWJjZA==");
    OutBuffer j;
    append_json_string(j, "a\"b\\c\n\x01/é");
    CHECK(j.view() == "\"a\\\"b\\\\c\\n\\u0001/é\"");
}

TEST_CASE("value format: Values.convertToString") {
    inlet_value fields[] = {v::int32(7), v::string("Ann \"A\"")};
    inlet_value st = v::structure(fields);
    auto r = base();
    r.value(&person, &st);
    CHECK(render(OutputFormat::value, r.r) == R"({"id":7,"name":"Ann \"A\""})" "\n");

    inlet_value str = v::string("plain text");
    r.value(&s::string, &str);
    CHECK(render(OutputFormat::value, r.r) == "plain text\n");

    inlet_value dbl = v::float64(1e7);
    r.value(&s::float64, &dbl);
    CHECK(render(OutputFormat::value, r.r) == "1.0E7\n");

    inlet_value items[] = {v::string("a"), v::int64(2), v::null()};
    inlet_value arr = v::array(items);
    r.value(nullptr, &arr);
    CHECK(render(OutputFormat::value, r.r) == R"(["a",2,null])" "\n");

    inlet_value kv[] = {v::string("k"), v::boolean(true)};
    inlet_value map = v::sequence(INLET_TYPE_MAP, kv);
    r.value(nullptr, &map);
    CHECK(render(OutputFormat::value, r.r) == R"({"k":true})" "\n");

    inlet_value ts = v::int64(1700000000123);
    r.value(&s::timestamp, &ts);
    CHECK(render(OutputFormat::value, r.r) == "2023-11-14T22:13:20.123Z\n");
    inlet_value day = v::int32(19675);
    r.value(&s::date, &day);
    CHECK(render(OutputFormat::value, r.r) == "2023-11-14\n");
    inlet_value tm = v::int32(3723004);
    r.value(&s::time, &tm);
    CHECK(render(OutputFormat::value, r.r) == "01:02:03.004Z\n");

    static const inlet_schema dec = s::make(INLET_TYPE_BYTES, false, INLET_LOGICAL_DECIMAL, R"({"scale":"2"})");
    const unsigned char unscaled[] = {0xFF, 0x85}; // -123
    inlet_value dv = v::bytes(unscaled, 2);
    r.value(&dec, &dv);
    CHECK(render(OutputFormat::value, r.r) == "-1.23\n");

    const unsigned char raw[] = {1, 2, 3};
    inlet_value bv = v::bytes(raw, 3);
    r.value(&s::bytes, &bv);
    CHECK(render(OutputFormat::value, r.r) == "AQID\n");

    r.value(nullptr, nullptr);
    CHECK(render(OutputFormat::value, r.r) == "\n");
}

TEST_CASE("connect-json: JsonConverter's schema and payload") {
    inlet_value fields[] = {v::int32(7), v::null()};
    inlet_value st = v::structure(fields);
    auto r = base();
    r.value(&person, &st);
    CHECK(render(OutputFormat::connect_json, r.r) ==
          R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
          R"({"type":"string","optional":true,"field":"name"}],"optional":false,"name":"Person"},)"
          R"("payload":{"id":7,"name":null}})" "\n");

    static const inlet_schema map_schema = s::map(s::string, s::float32);
    inlet_value kv[] = {v::string("x"), v::float32(1.5f)};
    inlet_value map = v::sequence(INLET_TYPE_MAP, kv);
    r.value(&map_schema, &map);
    CHECK(render(OutputFormat::connect_json, r.r) ==
          R"({"schema":{"type":"map","keys":{"type":"string","optional":false},)"
          R"("values":{"type":"float","optional":false},"optional":false},"payload":{"x":1.5}})" "\n");

    static const inlet_schema int_map = s::map(s::int32, s::string);
    inlet_value kv2[] = {v::int32(1), v::string("one")};
    inlet_value map2 = v::sequence(INLET_TYPE_MAP, kv2);
    r.value(&int_map, &map2);
    CHECK(render(OutputFormat::connect_json, r.r) ==
          R"({"schema":{"type":"map","keys":{"type":"int32","optional":false},)"
          R"("values":{"type":"string","optional":false},"optional":false},"payload":[[1,"one"]]})" "\n");

    static const inlet_schema dec = s::make(INLET_TYPE_BYTES, false, INLET_LOGICAL_DECIMAL, R"({"scale":"2"})");
    const unsigned char unscaled[] = {0x30, 0x39}; // 12345
    inlet_value dv = v::bytes(unscaled, 2);
    r.value(&dec, &dv);
    CHECK(render(OutputFormat::connect_json, r.r) ==
          R"({"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal",)"
          R"("parameters":{"scale":"2"}},"payload":"MDk="})" "\n");

    inlet_value str = v::string("s");
    r.value(nullptr, &str);
    CHECK(render(OutputFormat::connect_json, r.r) == R"({"schema":null,"payload":"s"})" "\n");
}

TEST_CASE("envelope: every part of the record") {
    inlet_value key = v::string("k1");
    inlet_value val = v::int64(42);
    inlet_header h{"trace", &s::string, v::string("abc")};
    auto r = base();
    r.key(&s::string, &key).value(&s::int64, &val).timestamp(1000).headers({&h, 1});
    CHECK(render(OutputFormat::envelope, r.r) ==
          R"({"topic":"t","partition":{"f":"a"},"offset":{"pos":3},"key":"k1","value":42,)"
          R"("timestamp":1000,"headers":[{"key":"trace","value":"abc"}]})" "\n");
    auto bare = base();
    CHECK(render(OutputFormat::envelope, bare.r) ==
          R"({"topic":"t","partition":{"f":"a"},"offset":{"pos":3},"key":null,"value":null,)"
          R"("timestamp":null,"headers":[]})" "\n");
}

TEST_CASE("JSON strings: the wide scan finds every byte to escape, wherever it is") {
    // Each escapable byte at every position of a string longer than a few words, against the
    // byte-by-byte rule; bytes >= 0x80 (UTF-8) are copied as they are.
    const std::string plain = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (char special : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', '\xc3'}) {
        for (size_t at = 0; at < plain.size(); ++at) {
            std::string text = plain;
            text[at] = special;
            std::string want = "\"";
            for (char c : text) {
                if (c == '"') want += "\\\"";
                else if (c == '\\') want += "\\\\";
                else if (c == '\n') want += "\\n";
                else if (c == '\x01') want += "\\u0001";
                else if (c == '\x1f') want += "\\u001F"; // upper-case hex, as Jackson
                else want += c;
            }
            want += "\"";
            OutBuffer out;
            append_json_string(out, text);
            CAPTURE(at);
            CHECK(std::string(out.view()) == want);
        }
    }
}

TEST_CASE("value format: string values one after another, empty ones, and past the buffer size") {
    OutBuffer out(16); // small, so the records below make it grow
    auto format = make_format(OutputFormat::value);
    auto r = base();
    std::string big(100'000, 'b');
    inlet_value first = v::string("first"), empty = v::string(""), large = v::string(big);
    inlet_value none{}; // a NULL pointer with length 0 is an empty string too
    none.type = INLET_TYPE_STRING;
    for (const inlet_value *value : {&first, &empty, &large, &none, &first}) {
        r.value(&s::string, value);
        format->write(r.r, out);
    }
    CHECK(out.view() == "first\n\n" + big + "\n\nfirst\n");
}
