#!/usr/bin/env python3
"""Every mapped column type, inserted, updated and deleted on a real PostgreSQL 15, comes out of
`inlet --format connect-json` with the values and schemas Debezium's PostgreSQL connector gives
them (its documentation, "Data type mappings"; debezium/debezium
documentation/modules/ROOT/pages/connectors/postgresql.adoc). The expected JSON is written out by
hand below; only the volatile parts (clocks, LSNs, transaction ids) are not compared.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgserver  # noqa: E402
from pgtest import wait_streaming, check, main, records, scenarios_of, start, stop, values, wait_for  # noqa: E402

TABLE = """
CREATE TABLE public.alltypes (
  id int PRIMARY KEY, i2 smallint, i4 integer NOT NULL, i8 bigint,
  n numeric(10,2), nv numeric, f4 real, f8 double precision,
  b boolean, t text, vc varchar(20), by bytea,
  d date, tm time, tm3 time(3), ts timestamp, ts3 timestamp(3), tstz timestamptz,
  u uuid, j json, jb jsonb, ai int[], at text[]);
"""
ROW = ("(1, -2, 40000, 9000000000, 12345.67, -0.001, 1.5, 2.25, true, 'héllo \"q\"', 'v', "
       "'\\x00ff10', '2024-02-29', '13:14:15.123456', '13:14:15.123', '2024-02-29 13:14:15.123456', "
       "'2024-02-29 13:14:15.123', '2024-02-29 13:14:15.5+02', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
       "'{\"a\": 1}', '{\"b\": [1, 2]}', '{1,NULL,3}', '{\"x y\",z}')")

# The row as Debezium renders it (adaptive time precision, precise decimals), by hand:
# numeric(10,2) 12345.67 -> unscaled 1234567 = 0x12D687 -> base64 "EtaH"; numeric without scale
# -0.001 -> VariableScaleDecimal {scale 3, value -1 = 0xFF}; bytea 00 ff 10 -> "AP8Q"; date
# 2024-02-29 -> 19782 days; time(6) -> µs of day, time(3) -> ms of day; timestamp(6) -> µs,
# timestamp(3) -> ms; timestamptz -> ISO-8601 in UTC.
AFTER = {
    "id": 1, "i2": -2, "i4": 40000, "i8": 9000000000,
    "n": "EtaH", "nv": {"scale": 3, "value": "/w=="}, "f4": 1.5, "f8": 2.25,
    "b": True, "t": "héllo \"q\"", "vc": "v", "by": "AP8Q",
    "d": 19782, "tm": 47655123456, "tm3": 47655123, "ts": 1709212455123456, "ts3": 1709212455123,
    "tstz": "2024-02-29T11:14:15.5Z", "u": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    "j": "{\"a\": 1}", "jb": "{\"b\": [1, 2]}", "ai": [1, None, 3], "at": ["x y", "z"],
}


def f(name, typ, optional=True, lname=None, version=None, params=None, **extra):
    s = {"type": typ, "optional": optional}
    if lname:
        s["name"] = lname
    if version:
        s["version"] = version
    if params:
        s["parameters"] = params
    s.update(extra)
    s["field"] = name
    return s


# The Value schema's fields, in column order, by hand from Debezium's mapping tables.
VALUE_FIELDS = [
    f("id", "int32", False), f("i2", "int16"), f("i4", "int32", False), f("i8", "int64"),
    f("n", "bytes", True, "org.apache.kafka.connect.data.Decimal", 1,
      {"scale": "2", "connect.decimal.precision": "10"}),
    {"type": "struct", "fields": [{"type": "int32", "optional": False, "field": "scale"},
                                  {"type": "bytes", "optional": False, "field": "value"}],
     "optional": True, "name": "io.debezium.data.VariableScaleDecimal", "version": 1,
     "doc": "Variable scaled decimal", "field": "nv"},
    f("f4", "float"), f("f8", "double"), f("b", "boolean"), f("t", "string"), f("vc", "string"),
    f("by", "bytes"),
    f("d", "int32", True, "io.debezium.time.Date", 1),
    f("tm", "int64", True, "io.debezium.time.MicroTime", 1),
    f("tm3", "int32", True, "io.debezium.time.Time", 1),
    f("ts", "int64", True, "io.debezium.time.MicroTimestamp", 1),
    f("ts3", "int64", True, "io.debezium.time.Timestamp", 1),
    f("tstz", "string", True, "io.debezium.time.ZonedTimestamp", 1),
    f("u", "string", True, "io.debezium.data.Uuid", 1),
    f("j", "string", True, "io.debezium.data.Json", 1),
    f("jb", "string", True, "io.debezium.data.Json", 1),
]
ARRAY_FIELDS = [
    {"type": "array", "items": {"type": "int32", "optional": True}, "optional": True, "field": "ai"},
    {"type": "array", "items": {"type": "string", "optional": True}, "optional": True, "field": "at"},
]


def strip_volatile(payload):
    p = dict(payload)
    for k in ("ts_ms", "ts_us", "ts_ns"):
        p.pop(k, None)
    src = dict(p["source"])
    for k in ("ts_ms", "ts_us", "ts_ns", "txId", "lsn", "sequence", "version"):
        src.pop(k, None)
    p["source"] = src
    return p


def source(snapshot="false"):
    return {"connector": "postgresql", "name": "srv", "snapshot": snapshot, "db": "types",
            "schema": "public", "table": "alltypes", "xmin": None}


def scenario_types_insert_update_delete(server, tmp):
    server.createdb("types")
    server.sql(TABLE + "CREATE TABLE public.toasty (id int PRIMARY KEY, note text, big text);"
               "ALTER TABLE public.toasty ALTER COLUMN big SET STORAGE EXTERNAL;"
               "CREATE TABLE public.full_id (id int PRIMARY KEY, v text);"
               "ALTER TABLE public.full_id REPLICA IDENTITY FULL;", db="types")
    props = pgserver.write_props(os.path.join(tmp, "c.properties"),
                                 server.connector_props("types", **{"snapshot.mode": "no_data"}))
    out = os.path.join(tmp, "out.jsonl")
    p = start(props, out)
    try:
        wait_streaming(server, p, 1, "the slot to be streaming")
        server.sql(f"INSERT INTO public.alltypes VALUES {ROW};", db="types")
        server.sql("UPDATE public.alltypes SET t = 'changed', ai = '{}' WHERE id = 1;", db="types")
        server.sql("DELETE FROM public.alltypes WHERE id = 1;", db="types")
        server.sql("INSERT INTO public.full_id VALUES (7, 'old'); UPDATE public.full_id SET v = 'new';"
                   "INSERT INTO public.toasty SELECT 1, 'n', string_agg(md5(i::text), '') "
                   "FROM generate_series(1, 300) i; UPDATE public.toasty SET note = 'm';", db="types")
        wait_for(lambda: len(records(out)) >= 8, "8 records", proc=p)
    finally:
        rc, log = stop(p)
    check(rc == 0, f"inlet should stop cleanly, got {rc}:\n{log[-2000:]}")
    recs = records(out)
    check(len(recs) == 8, f"expected 8 records (c, u, d, tombstone, c, u, c, u), got {len(recs)}")
    (s_ins, ins), (_, upd), (_, dele), tomb = recs[0], recs[1], recs[2], recs[3]

    # Schemas: the envelope and its row, named as Debezium names them.
    check(s_ins["name"] == "srv.public.alltypes.Envelope", f"envelope name: {s_ins.get('name')}")
    names = [x["field"] for x in s_ins["fields"]]
    check(names == ["before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns"],
          f"envelope fields: {names}")
    after_schema = s_ins["fields"][1]
    check(after_schema["name"] == "srv.public.alltypes.Value" and after_schema["optional"] is True,
          f"row schema: {after_schema.get('name')}")
    got = after_schema["fields"]
    for want, have in zip(VALUE_FIELDS + ARRAY_FIELDS, got):
        check(want == have, f"schema of {want['field']}:\n want {want}\n got  {have}")
    check(len(got) == len(VALUE_FIELDS) + len(ARRAY_FIELDS), f"{len(got)} row fields")
    src_schema = s_ins["fields"][2]
    check(src_schema["name"] == "io.debezium.connector.postgresql.Source", "source schema name")
    check([x["field"] for x in src_schema["fields"]] ==
          ["version", "connector", "name", "ts_ms", "snapshot", "db", "sequence", "ts_us", "ts_ns",
           "schema", "table", "txId", "lsn", "xmin"], "source block fields")

    # Values.
    want = {"before": None, "after": AFTER, "source": source(), "transaction": None, "op": "c"}
    check(strip_volatile(ins) == want, f"insert:\n want {want}\n got  {strip_volatile(ins)}")
    check(isinstance(ins["source"]["lsn"], int) and isinstance(ins["source"]["txId"], int), "lsn and txId set")
    want_u = dict(want, op="u", after=dict(AFTER, t="changed", ai=[]))
    check(strip_volatile(upd) == want_u, f"update (REPLICA IDENTITY DEFAULT: before is null):\n{strip_volatile(upd)}")
    # Delete under REPLICA IDENTITY DEFAULT: only the key is known; a NOT NULL column gets its
    # type's zero (Debezium's fallback), the others null.
    before = {k: None for k in AFTER}
    before.update(id=1, i4=0)
    want_d = dict(want, op="d", before=before, after=None)
    check(strip_volatile(dele) == want_d, f"delete:\n want {want_d}\n got  {strip_volatile(dele)}")
    check(tomb == (None, None), f"a tombstone follows the delete, got {tomb}")

    full = [r for _, r in recs[4:6]]
    check(full[1]["op"] == "u" and full[1]["before"] == {"id": 7, "v": "old"} and full[1]["after"] == {"id": 7, "v": "new"},
          f"REPLICA IDENTITY FULL: before holds the old row, got {full[1]['before']}")
    toast = [r for _, r in recs[6:8]]
    check(len(toast[0]["after"]["big"]) == 9600, "the TOASTed value in full on insert")
    check(toast[1]["after"] == {"id": 1, "note": "m", "big": "__debezium_unavailable_value"},
          f"an unchanged TOASTed column is Debezium's placeholder, got {toast[1]['after']}")


def scenario_other_modes_in_the_snapshot(server, tmp):
    """decimal.handling.mode string/double and time.precision.mode connect, on snapshot rows (op r)."""
    server.sql("DELETE FROM public.alltypes; " + f"INSERT INTO public.alltypes VALUES {ROW};", db="types")
    for mode, expect_n, expect_nv in (("string", "12345.67", "-0.001"), ("double", 12345.67, -0.001)):
        out = os.path.join(tmp, f"{mode}.jsonl")
        props = pgserver.write_props(os.path.join(tmp, f"{mode}.properties"), server.connector_props(
            "types", **{"slot.name": f"s_{mode}", "decimal.handling.mode": mode, "time.precision.mode": "connect",
                        "snapshot.mode": "initial_only", "table.include.list": "public\\.alltypes"}))
        p = start(props, out)
        p.wait(timeout=60)
        rc, log = stop(p)
        check(rc == 0, f"initial_only ends by itself, got {rc}:\n{log[-2000:]}")
        recs = records(out)
        check(len(recs) == 1, f"{mode}: one snapshot record, got {len(recs)}")
        schema, pay = recs[0]
        check(pay["op"] == "r" and pay["source"]["snapshot"] == "true", "snapshot records are op r")
        a = pay["after"]
        check(a["n"] == expect_n and a["nv"] == expect_nv, f"{mode}: n={a['n']!r} nv={a['nv']!r}")
        row = {x["field"]: x for x in schema["fields"][1]["fields"]}
        check(row["d"].get("name") == "org.apache.kafka.connect.data.Date" and a["d"] == 19782, "connect: Date")
        check(row["tm"].get("name") == "org.apache.kafka.connect.data.Time" and row["tm"]["type"] == "int32"
              and a["tm"] == 47655123, f"connect: Time in ms, got {a['tm']}")
        check(row["ts"].get("name") == "org.apache.kafka.connect.data.Timestamp" and a["ts"] == 1709212455123,
              f"connect: Timestamp in ms, got {a['ts']}")
        check(not server.sql(f"SELECT 1 FROM pg_replication_slots WHERE slot_name = 's_{mode}'", db="types"),
              "initial_only needs no slot")


def scenario_transaction_metadata_and_a_changed_table(server, tmp):
    """provide.transaction.metadata: BEGIN and END records on <prefix>.transaction around the
    changes, each change's envelope naming its transaction (Debezium's "Transaction metadata");
    a column added mid-stream (a new Relation message) gives the next record the new schema."""
    server.createdb("txm")
    server.sql("CREATE TABLE public.a (id int PRIMARY KEY); CREATE TABLE public.b (id int PRIMARY KEY);"
               "CREATE TABLE public.c (id int PRIMARY KEY);", db="txm")
    props = pgserver.write_props(os.path.join(tmp, "c.properties"), server.connector_props(
        "txm", **{"snapshot.mode": "no_data", "provide.transaction.metadata": "true", "slot.name": "txm",
                  "table.exclude.list": "public\\.C"}))
    out = os.path.join(tmp, "out.jsonl")
    p = start(props, out, fmt="envelope")
    try:
        wait_streaming(server, p, 1, "the slot to be streaming")
        # A transaction with nothing captured (c is excluded; the match ignores case) has no BEGIN/END.
        server.sql("INSERT INTO c VALUES (1);", db="txm")
        server.sql("BEGIN; INSERT INTO a VALUES (1); INSERT INTO b VALUES (1); INSERT INTO a VALUES (2); COMMIT;"
                   "ALTER TABLE a ADD COLUMN extra text DEFAULT 'e'; INSERT INTO a VALUES (3);", db="txm")
        wait_for(lambda: len(values(out)) >= 8, "8 records", proc=p)
    finally:
        rc, log = stop(p)
    check(rc == 0, f"inlet should stop cleanly:\n{log[-1500:]}")
    lines = [json.loads(l) for l in open(out, encoding="utf-8")]
    topics = [l["topic"] for l in lines]
    check(topics == ["srv.transaction", "srv.public.a", "srv.public.b", "srv.public.a", "srv.transaction",
                     "srv.transaction", "srv.public.a", "srv.transaction"], f"topics: {topics}")
    begin, end = lines[0]["value"], lines[4]["value"]
    tx_id = begin["id"]
    check(begin["status"] == "BEGIN" and begin["event_count"] is None and re.fullmatch(r"\d+:\d+", tx_id),
          f"BEGIN: {begin}")
    check(lines[0]["key"] == {"id": tx_id}, "the transaction record's key is its id")
    check(end == dict(end, status="END", id=tx_id, event_count=3,
                      data_collections=[{"data_collection": "public.a", "event_count": 2},
                                        {"data_collection": "public.b", "event_count": 1}]), f"END: {end}")
    blocks = [l["value"]["transaction"] for l in lines[1:4]]
    check(blocks == [{"id": tx_id, "total_order": 1, "data_collection_order": 1},
                     {"id": tx_id, "total_order": 2, "data_collection_order": 1},
                     {"id": tx_id, "total_order": 3, "data_collection_order": 2}], f"transaction blocks: {blocks}")
    check(lines[6]["value"]["after"] == {"id": 3, "extra": "e"}, f"the new column: {lines[6]['value']['after']}")
    check(lines[1]["value"]["after"] == {"id": 1}, "records before the change keep the old schema")


def scenario_truncate_when_not_skipped(server, tmp):
    """skipped.operations=none: TRUNCATE gives one op "t" record per table, null key, no rows
    (Debezium's truncate event; its default skipped.operations=t drops them, tested too)."""
    server.createdb("trunc")
    server.sql("CREATE TABLE public.x (id int PRIMARY KEY); CREATE TABLE public.y (id int PRIMARY KEY);"
               "INSERT INTO x VALUES (1); INSERT INTO y VALUES (1);", db="trunc")
    for skipped, want in (("none", ["srv.public.x", "srv.public.y"]), (None, [])):
        extra = {"snapshot.mode": "no_data", "slot.name": f"tr_{skipped or 'default'}"}
        if skipped:
            extra["skipped.operations"] = skipped
        props = pgserver.write_props(os.path.join(tmp, "c.properties"), server.connector_props("trunc", **extra))
        out = os.path.join(tmp, f"{skipped}.jsonl")
        p = start(props, out, fmt="envelope")
        try:
            wait_streaming(server, p, 1, "the slot to be streaming")
            server.sql("TRUNCATE x, y; INSERT INTO x VALUES (2);", db="trunc")
            wait_for(lambda: len(values(out)) >= len(want) + 1, "the records", proc=p)
        finally:
            rc, log = stop(p)
        check(rc == 0, f"inlet should stop cleanly:\n{log[-1500:]}")
        lines = [json.loads(l) for l in open(out, encoding="utf-8")]
        truncs = [l for l in lines if l["value"]["op"] == "t"]
        check([l["topic"] for l in truncs] == want, f"skipped.operations={skipped}: truncates {truncs}")
        for l in truncs:
            check(l["key"] is None and l["value"]["before"] is None and l["value"]["after"] is None,
                  f"a truncate has no key and no rows: {l}")
        check(lines[-1]["value"]["op"] == "c" and lines[-1]["value"]["after"] == {"id": 2}, "the insert after it")


if __name__ == "__main__":
    sys.exit(main(scenarios_of(globals())))
