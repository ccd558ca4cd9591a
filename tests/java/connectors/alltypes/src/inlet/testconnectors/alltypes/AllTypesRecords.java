package inlet.testconnectors.alltypes;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values the alltypes connector emits, in order. Cases 0-22 are the inputs of Kafka's
 * JsonConverterTest (connect/json/src/test/java/org/apache/kafka/connect/json/JsonConverterTest.java,
 * the test named beside each), so tests/java/connect_json.py can hold the converter's output for
 * each; the rest cover what that test does not combine: optional fields, defaults, nesting.
 * Keep this list and EXPECTED in connect_json.py in the same order.
 */
final class AllTypesRecords {
    private AllTypesRecords() {
    }

    static List<SchemaAndValue> values() {
        List<SchemaAndValue> v = new ArrayList<>();
        v.add(new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true));                              // 0 booleanToJson
        v.add(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 12));                            // 1 byteToJson
        v.add(new SchemaAndValue(Schema.INT16_SCHEMA, (short) 12));                          // 2 shortToJson
        v.add(new SchemaAndValue(Schema.INT32_SCHEMA, 12));                                  // 3 intToJson
        v.add(new SchemaAndValue(Schema.INT64_SCHEMA, 4398046511104L));                      // 4 longToJson
        v.add(new SchemaAndValue(Schema.FLOAT32_SCHEMA, 12.34f));                            // 5 floatToJson
        v.add(new SchemaAndValue(Schema.FLOAT64_SCHEMA, 12.34));                             // 6 doubleToJson
        v.add(new SchemaAndValue(Schema.BYTES_SCHEMA, "test-string".getBytes(StandardCharsets.UTF_8))); // 7 bytesToJson
        v.add(new SchemaAndValue(Schema.STRING_SCHEMA, "test-string"));                      // 8 stringToJson
        v.add(new SchemaAndValue(SchemaBuilder.array(Schema.INT32_SCHEMA).build(), Arrays.asList(1, 2, 3))); // 9 arrayToJson
        Map<String, Integer> stringKeys = new LinkedHashMap<>();
        stringKeys.put("key1", 12);
        stringKeys.put("key2", 15);
        v.add(new SchemaAndValue(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), stringKeys)); // 10 mapToJsonStringKeys
        Map<Integer, Integer> intKeys = new LinkedHashMap<>();
        intKeys.put(1, 12);
        intKeys.put(2, 15);
        v.add(new SchemaAndValue(SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(), intKeys)); // 11 mapToJsonNonStringKeys
        Schema fourFields = SchemaBuilder.struct().field("field1", Schema.BOOLEAN_SCHEMA).field("field2", Schema.STRING_SCHEMA)
            .field("field3", Schema.STRING_SCHEMA).field("field4", Schema.BOOLEAN_SCHEMA).build();
        v.add(new SchemaAndValue(fourFields, new Struct(fourFields).put("field1", true).put("field2", "string2")
            .put("field3", "string3").put("field4", false)));                                 // 12 structToJson
        v.add(new SchemaAndValue(Decimal.schema(2), new BigDecimal(new BigInteger("156"), 2))); // 13 decimalToJson
        v.add(new SchemaAndValue(Date.SCHEMA, new java.util.Date(10000L * 86400000L)));      // 14 dateToJson
        v.add(new SchemaAndValue(Time.SCHEMA, new java.util.Date(14400000L)));              // 15 timeToJson
        v.add(new SchemaAndValue(Timestamp.SCHEMA, new java.util.Date(4000000000L)));        // 16 timestampToJson
        v.add(new SchemaAndValue(null, true));                                               // 17 nullSchemaAndPrimitiveToJson
        v.add(new SchemaAndValue(null, Arrays.asList(1, "string", true)));                   // 18 nullSchemaAndArrayToJson
        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("key1", 12);
        mixed.put("key2", "string");
        mixed.put("key3", true);
        v.add(new SchemaAndValue(null, mixed));                                              // 19 nullSchemaAndMapToJson
        v.add(new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, null));                     // 20 testJsonSchemaMetadataTranslation
        v.add(new SchemaAndValue(SchemaBuilder.bool().defaultValue(true).build(), true));    // 21 testJsonSchemaMetadataTranslation
        v.add(new SchemaAndValue(SchemaBuilder.bool().required().name("bool").version(3).doc("the documentation")
            .parameter("foo", "bar").build(), true));                                        // 22 testJsonSchemaMetadataTranslation
        v.add(nested());                                                                      // 23 every type in one struct
        v.add(new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, "line with \"quotes\", a tab\t and é")); // 24 string escaping
        v.add(new SchemaAndValue(null, 4398046511104L));                                     // 25 schemaless long
        return v;
    }

    /** A struct with every type: primitives, logical types, nested struct, arrays, maps, optionals, defaults. */
    static SchemaAndValue nested() {
        Schema address = SchemaBuilder.struct().name("inlet.test.Address").version(2)
            .field("street", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
        Schema schema = SchemaBuilder.struct().name("inlet.test.Everything").version(1).doc("all the types")
            .field("i8", Schema.INT8_SCHEMA)
            .field("i16", Schema.INT16_SCHEMA)
            .field("i32", Schema.INT32_SCHEMA)
            .field("i64", Schema.INT64_SCHEMA)
            .field("f32", Schema.FLOAT32_SCHEMA)
            .field("f64", Schema.FLOAT64_SCHEMA)
            .field("flag", Schema.BOOLEAN_SCHEMA)
            .field("text", Schema.STRING_SCHEMA)
            .field("raw", Schema.BYTES_SCHEMA)
            .field("price", Decimal.schema(3))
            .field("day", Date.SCHEMA)
            .field("at", Time.SCHEMA)
            .field("when", Timestamp.SCHEMA)
            .field("address", address)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).build())
            .field("homes", SchemaBuilder.array(address).build())
            .field("maybe", Schema.OPTIONAL_STRING_SCHEMA)
            .field("level", SchemaBuilder.int32().defaultValue(7).build())
            .build();
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("math", 1.5);
        scores.put("art", -2.0);
        Struct home = new Struct(address).put("street", "Rue 1").put("zip", 75001);
        Struct value = new Struct(schema)
            .put("i8", (byte) -8)
            .put("i16", (short) -16)
            .put("i32", -32)
            .put("i64", -9007199254740993L)
            .put("f32", 0.5f)
            .put("f64", -0.25)
            .put("flag", false)
            .put("text", "hé")
            .put("raw", new byte[] {0, 1, 2, (byte) 255})
            .put("price", new BigDecimal("-12.345"))
            .put("day", new java.util.Date(19000L * 86400000L))
            .put("at", new java.util.Date(3723004L))
            .put("when", new java.util.Date(1700000000123L))
            .put("address", new Struct(address).put("street", "Main St"))
            .put("tags", Arrays.asList("a", "b"))
            .put("scores", scores)
            .put("homes", Arrays.asList(home));
        value.validate();
        return new SchemaAndValue(schema, value);
    }
}
