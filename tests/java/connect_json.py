"""`--format connect-json` of records that came through the bridge is byte for byte what Kafka's
JsonConverter (schemas.enable=true) writes for the same records.

The alltypes connector emits, in order, the inputs of Kafka's JsonConverterTest
(connect/json/src/test/java/org/apache/kafka/connect/json/JsonConverterTest.java); EXPECTED holds,
for each, the schema and payload that test asserts, written compactly in the order JsonConverter
serializes them (JsonConverter.asJsonSchema: type, items | keys, values | fields, optional, name,
version, doc, parameters, default; a struct field's schema gets "field" last; convertToJson: a
Decimal is the base64 of its unscaled two's-complement bytes, Date/Time/Timestamp are numbers, a
map with non-string keys is an array of [key, value] pairs, an unset struct field with a default
is written as its default). The last cases combine what the test checks separately (nesting,
optional fields, defaults, logical types inside structs, escaping).

The envelope format of the same run then shows the rest of each record kept: topic, key, source
partition and offset with their JSON types (a Long stays an integer), timestamp, headers."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from javalib import *  # noqa: E402,F401,F403

KNOWN_GAPS = {}

ADDRESS_FIELDS = ('[{"type":"string","optional":false,"field":"street"},'
                  '{"type":"int32","optional":true,"field":"zip"}]')
EVERYTHING_SCHEMA = (
    '{"type":"struct","fields":['
    '{"type":"int8","optional":false,"field":"i8"},'
    '{"type":"int16","optional":false,"field":"i16"},'
    '{"type":"int32","optional":false,"field":"i32"},'
    '{"type":"int64","optional":false,"field":"i64"},'
    '{"type":"float","optional":false,"field":"f32"},'
    '{"type":"double","optional":false,"field":"f64"},'
    '{"type":"boolean","optional":false,"field":"flag"},'
    '{"type":"string","optional":false,"field":"text"},'
    '{"type":"bytes","optional":false,"field":"raw"},'
    '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,'
    '"parameters":{"scale":"3"},"field":"price"},'
    '{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1,"field":"day"},'
    '{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1,"field":"at"},'
    '{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"when"},'
    '{"type":"struct","fields":' + ADDRESS_FIELDS + ',"optional":false,"name":"inlet.test.Address",'
    '"version":2,"field":"address"},'
    '{"type":"array","items":{"type":"string","optional":false},"optional":false,"field":"tags"},'
    '{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"double","optional":false},'
    '"optional":false,"field":"scores"},'
    '{"type":"array","items":{"type":"struct","fields":' + ADDRESS_FIELDS + ',"optional":false,'
    '"name":"inlet.test.Address","version":2},"optional":false,"field":"homes"},'
    '{"type":"string","optional":true,"field":"maybe"},'
    '{"type":"int32","optional":false,"default":7,"field":"level"}'
    '],"optional":false,"name":"inlet.test.Everything","version":1,"doc":"all the types"}')
EVERYTHING_PAYLOAD = (
    '{"i8":-8,"i16":-16,"i32":-32,"i64":-9007199254740993,"f32":0.5,"f64":-0.25,"flag":false,'
    '"text":"h\u00e9","raw":"AAEC/w==","price":"z8c=","day":19000,"at":3723004,"when":1700000000123,'
    '"address":{"street":"Main St","zip":null},"tags":["a","b"],"scores":{"math":1.5,"art":-2.0},'
    '"homes":[{"street":"Rue 1","zip":75001}],"maybe":null,"level":7}')


def env(schema, payload):
    return '{"schema":' + schema + ',"payload":' + payload + '}'


EXPECTED = [
    env('{"type":"boolean","optional":false}', 'true'),                        # booleanToJson
    env('{"type":"int8","optional":false}', '12'),                             # byteToJson
    env('{"type":"int16","optional":false}', '12'),                            # shortToJson
    env('{"type":"int32","optional":false}', '12'),                            # intToJson
    env('{"type":"int64","optional":false}', '4398046511104'),                 # longToJson
    env('{"type":"float","optional":false}', '12.34'),                         # floatToJson
    env('{"type":"double","optional":false}', '12.34'),                        # doubleToJson
    env('{"type":"bytes","optional":false}', '"dGVzdC1zdHJpbmc="'),            # bytesToJson
    env('{"type":"string","optional":false}', '"test-string"'),                # stringToJson
    env('{"type":"array","items":{"type":"int32","optional":false},"optional":false}',
        '[1,2,3]'),                                                            # arrayToJson
    env('{"type":"map","keys":{"type":"string","optional":false},'
        '"values":{"type":"int32","optional":false},"optional":false}',
        '{"key1":12,"key2":15}'),                                              # mapToJsonStringKeys
    env('{"type":"map","keys":{"type":"int32","optional":false},'
        '"values":{"type":"int32","optional":false},"optional":false}',
        '[[1,12],[2,15]]'),                                                    # mapToJsonNonStringKeys
    env('{"type":"struct","fields":[{"type":"boolean","optional":false,"field":"field1"},'
        '{"type":"string","optional":false,"field":"field2"},'
        '{"type":"string","optional":false,"field":"field3"},'
        '{"type":"boolean","optional":false,"field":"field4"}],"optional":false}',
        '{"field1":true,"field2":"string2","field3":"string3","field4":false}'),  # structToJson
    env('{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal",'
        '"version":1,"parameters":{"scale":"2"}}', '"AJw="'),                 # decimalToJson
    env('{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date",'
        '"version":1}', '10000'),                                              # dateToJson
    env('{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time",'
        '"version":1}', '14400000'),                                           # timeToJson
    env('{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp",'
        '"version":1}', '4000000000'),                                         # timestampToJson
    env('null', 'true'),                                                       # nullSchemaAndPrimitiveToJson
    env('null', '[1,"string",true]'),                                          # nullSchemaAndArrayToJson
    env('null', '{"key1":12,"key2":"string","key3":true}'),                   # nullSchemaAndMapToJson
    env('{"type":"boolean","optional":true}', 'null'),                         # testJsonSchemaMetadataTranslation
    env('{"type":"boolean","optional":false,"default":true}', 'true'),         # testJsonSchemaMetadataTranslation
    env('{"type":"boolean","optional":false,"name":"bool","version":3,"doc":"the documentation",'
        '"parameters":{"foo":"bar"}}', 'true'),                                # testJsonSchemaMetadataTranslation
    env(EVERYTHING_SCHEMA, EVERYTHING_PAYLOAD),                                # every type nested
    env('{"type":"string","optional":true}', '"line with \\"quotes\\", a tab\\t and \u00e9"'),
    env('null', '4398046511104'),                                              # schemaless long
]


def run_alltypes(d, fmt):
    out = os.path.join(d, f"out-{fmt}.txt")
    conn = connector(d, "alltypes", "AllTypesSource")
    p = start(["run", worker(d), conn, "--sink", f"file:{out}", "--format", fmt,
               "--guarantee", "at-least-once", "--state-dir", os.path.join(d, f"state-{fmt}")])
    wait_for(lambda: len(lines(out)) >= len(EXPECTED), 30, f"{len(EXPECTED)} records ({fmt})", p)
    got = lines(out)
    code, err = stop(p)
    return got, code, err


# The cases whose schemas carry a default value (JsonConverter writes it as "default").
SCHEMA_DEFAULT_CASES = {21, 23}


def compare(cases):
    with tmpdir() as d:
        got, code, err = run_alltypes(d, "connect-json")
        check(len(got) == len(EXPECTED), f"{len(got)} records, want {len(EXPECTED)}")
        bad = [f"case {i}:\n  got  {got[i]}\n  want {EXPECTED[i]}" for i in cases if got[i] != EXPECTED[i]]
        check(not bad, "connect-json differs from Kafka's JsonConverter:\n" + "\n".join(bad))
        check_stopped(code, err, "connect-json")


def test_connect_json_equals_json_converter():
    compare([i for i in range(len(EXPECTED)) if i not in SCHEMA_DEFAULT_CASES])


def test_connect_json_schema_defaults():
    compare(sorted(SCHEMA_DEFAULT_CASES))


def test_envelope_keeps_the_rest_of_the_record():
    with tmpdir() as d:
        out, code, err = run_alltypes(d, "envelope")
        got = [json.loads(l) for l in out]
        for n, rec in enumerate(got):
            case = n % len(EXPECTED)
            check(rec["topic"] == "alltypes", f"record {n}: topic {rec['topic']!r}")
            check(rec["key"] == f"key-{case}", f"record {n}: key {rec['key']!r}")
            check(rec["partition"] == {"source": "alltypes"}, f"record {n}: partition {rec['partition']!r}")
            check(rec["offset"] == {"index": n} and isinstance(rec["offset"]["index"], int),
                  f"record {n}: offset {rec['offset']!r} (a Long must stay an integer)")
            check(rec["timestamp"] == 1700000000000 + n, f"record {n}: timestamp {rec['timestamp']!r}")
            # SourceRecord.kafkaPartition() (the task sets case % 3), kept as inlet_record's
            # kafka_partition (ABI 1.2).
            check(rec.get("kafka_partition") == case % 3, f"record {n}: kafka_partition {rec.get('kafka_partition')!r}")
            keys = [h["key"] for h in rec["headers"]]
            want = ["case", "n"] + (["even"] if case % 2 == 0 else [])
            check(keys == want, f"record {n}: header keys {keys}, want {want}")
            values = {h["key"]: h["value"] for h in rec["headers"]}
            check(values["case"] == str(case) and values["n"] == n, f"record {n}: headers {rec['headers']}")
        check_stopped(code, err, "envelope")


if __name__ == "__main__":
    main(globals(), KNOWN_GAPS)
