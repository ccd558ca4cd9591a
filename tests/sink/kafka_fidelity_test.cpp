// The JSON formats and the converter formats against what Kafka writes:
//   - NaN and infinities: Jackson's JsonGenerator.Feature.QUOTE_NON_NUMERIC_NUMBERS, enabled by
//     default (FasterXML/jackson-core JsonGenerator.java), writes them as the strings "NaN",
//     "Infinity", "-Infinity" (String.valueOf of the double/float);
//   - \u00XX escapes in upper-case hex: Jackson's CharTypes.HC = "0123456789ABCDEF"
//     (FasterXML/jackson-core src/main/java/com/fasterxml/jackson/core/io/CharTypes.java);
//   - tombstones: JsonConverterTest.nullSchemaAndNullValueToJson and nullValueToJson
//     (apache/kafka connect/json/src/test/java/org/apache/kafka/connect/json/JsonConverterTest.java)
//     assert fromConnectData(topic, null, null) is null -- no bytes -- with and without schemas;
//   - StringConverter.fromConnectData writes value.toString() (connect/api/.../StringConverter.java),
//     Struct.toString is "Struct{" + the non-null fields as name=value joined by "," + "}"
//     (connect/api/.../data/Struct.java), a List's toString joins with ", ";
//   - ByteArrayConverter writes a byte[] as it is and refuses any other schema or value.
#include "format_fixtures.hpp"
#include "sink/format.hpp"
#include "sink/format_json.hpp"
#include "sink/sink.hpp"

#include <inlet/connector.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace inlet::host;
namespace v = inlet::value;
namespace s = inlet::schema;

using namespace inlet::host::test;

TEST_CASE("JSON formats: NaN and infinities are the strings Jackson writes") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    struct Case {
        double x;
        const char *text;
    } cases[] = {{nan, R"("NaN")"}, {inf, R"("Infinity")"}, {-inf, R"("-Infinity")"}, {1.5, "1.5"}};
    for (const auto &c : cases) {
        CAPTURE(c.text);
        inlet_value d = v::float64(c.x);
        auto r = base();
        r.value(&s::float64, &d);
        CHECK(render(OutputFormat::connect_json, r.r) ==
              std::string(R"({"schema":{"type":"double","optional":false},"payload":)") + c.text + "}\n");
        CHECK(render(OutputFormat::json, r.r) == std::string(c.text) + "\n");
        CHECK(render(OutputFormat::envelope, r.r).find(std::string(R"("value":)") + c.text + ",") !=
              std::string::npos);
        inlet_value f = v::float32(float(c.x));
        r.value(&s::float32, &f);
        CHECK(render(OutputFormat::json, r.r) == std::string(c.text) + "\n");
    }
    // Nested too, and the value format (Values.convertToString, not JSON) keeps Java's bare text.
    inlet_value items[] = {v::float64(nan), v::float64(-inf)};
    inlet_value arr = v::array(items);
    auto r = base();
    r.value(nullptr, &arr);
    CHECK(render(OutputFormat::json, r.r) == "[\"NaN\",\"-Infinity\"]\n");
    inlet_value d = v::float64(nan);
    r.value(&s::float64, &d);
    CHECK(render(OutputFormat::value, r.r) == "NaN\n");
}

TEST_CASE("JSON strings: control characters are \\u00XX in upper-case hex, as Jackson") {
    OutBuffer out;
    append_json_string(out, std::string("a\x1b" "b\x1f\x01\x7f\n", 7));
    CHECK(std::string(out.view()) == R"("a\u001Bb\u001F\u0001)" "\x7f" R"(\n")");
}

TEST_CASE("tombstones: no bytes from Kafka's converters, an empty line here; envelope says null") {
    auto r = base(); // no value, no value schema
    CHECK(render(OutputFormat::connect_json, r.r) == "\n");
    CHECK(render(OutputFormat::json, r.r) == "\n");
    CHECK(render(OutputFormat::string, r.r) == "\n");
    CHECK(render(OutputFormat::bytes, r.r) == "\n");
    CHECK(render(OutputFormat::value, r.r) == "\n");
    CHECK(render(OutputFormat::envelope, r.r).find(R"("value":null)") != std::string::npos);
    // A null value with an optional schema is not a tombstone for JsonConverter: its
    // fromConnectData returns null only when schema and value are both null; otherwise it
    // converts (JsonConverter.java, fromConnectData), a null payload under the schema.
    r.value(&s::optional_string, nullptr);
    CHECK(render(OutputFormat::connect_json, r.r) ==
          R"({"schema":{"type":"string","optional":true},"payload":null})" "\n");
    CHECK(render(OutputFormat::json, r.r) == "null\n");
}

TEST_CASE("string format: StringConverter's value.toString()") {
    auto r = base();
    inlet_value i = v::int32(42), d = v::float64(1e7), b = v::boolean(true), str = v::string("plain text");
    r.value(&s::int32, &i);
    CHECK(render(OutputFormat::string, r.r) == "42\n");
    r.value(&s::float64, &d);
    CHECK(render(OutputFormat::string, r.r) == "1.0E7\n"); // Double.toString
    r.value(&s::boolean, &b);
    CHECK(render(OutputFormat::string, r.r) == "true\n");
    r.value(&s::string, &str);
    CHECK(render(OutputFormat::string, r.r) == "plain text\n");
    inlet_value fields[] = {v::int32(7), v::null()};
    inlet_value st = v::structure(fields);
    r.value(&person, &st);
    CHECK(render(OutputFormat::string, r.r) == "Struct{id=7}\n"); // null fields left out
    inlet_value fields2[] = {v::int32(7), v::string("Ann")};
    inlet_value st2 = v::structure(fields2);
    r.value(&person, &st2);
    CHECK(render(OutputFormat::string, r.r) == "Struct{id=7,name=Ann}\n");
    inlet_value items[] = {v::string("a"), v::int32(2)};
    inlet_value arr = v::array(items);
    r.value(nullptr, &arr);
    CHECK(render(OutputFormat::string, r.r) == "[a, 2]\n");
    // byte[].toString() is "[B@" and an identity hash: refused, with the reason.
    unsigned char raw[] = {1, 2};
    inlet_value by = v::bytes(raw, 2);
    r.value(&s::bytes, &by);
    CHECK_THROWS_WITH_AS(render(OutputFormat::string, r.r),
                         doctest::Contains("byte[].toString()"), SinkError);
}

TEST_CASE("bytes format: ByteArrayConverter writes BYTES as they are and refuses the rest") {
    auto r = base();
    inlet_value by = v::bytes("\x00\xff" "ab", 4);
    r.value(&s::bytes, &by);
    CHECK(render(OutputFormat::bytes, r.r) == std::string("\x00\xff" "ab\n", 5));
    r.value(nullptr, &by);
    CHECK(render(OutputFormat::bytes, r.r) == std::string("\x00\xff" "ab\n", 5));
    inlet_value str = v::string("x");
    r.value(&s::string, &str);
    CHECK_THROWS_WITH_AS(render(OutputFormat::bytes, r.r), doctest::Contains("STRING, not BYTES"),
                         SinkError);
}
