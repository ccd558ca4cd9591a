#!/usr/bin/env python3
"""Bad input and the rest of the connector's contract against a real PostgreSQL 15: each
misconfiguration (wal_level not logical, wrong password, missing table, slot in use, missing
REPLICATION privilege) gives one line naming the cause and what to change and a non-zero exit,
with the password never printed; unknown Debezium keys are warned about; tasks.max=2 splits the
tables over two slots; heartbeats move the slot on a quiet database; `inlet check` passes
against the test database.
"""
import json
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgserver  # noqa: E402
from pgtest import wait_streaming, Failure, check, main, run, scenarios_of, start, stop, values, wait_for, count_lines  # noqa: E402


def props(server, tmp, name, db="faults", **extra):
    p = server.connector_props(db, **{"slot.name": name})
    p.update(extra)
    return pgserver.write_props(os.path.join(tmp, f"{name}.properties"), p)


def fails_with(server, tmp, path, pattern, what):
    r = run(["run", path, "--sink", "null"], timeout=60)
    log = r.stdout + r.stderr
    check(r.returncode != 0, f"{what}: inlet should fail, exited 0:\n{log[-1500:]}")
    check(re.search(pattern, log), f"{what}: expected /{pattern}/ in:\n{log[-2000:]}")
    check(pgserver.PASSWORD not in log, f"{what}: the password was printed")
    lines = [l for l in log.splitlines() if re.search(pattern, l)]
    check(all(len(l) < 600 for l in lines), f"{what}: the message should be one line: {lines[:1]}")


def scenario_wal_level_not_logical(server, tmp):
    # First, while no logical slot exists (the server would not start with one).
    server.createdb("faults")
    server.sql("ALTER SYSTEM SET wal_level = replica")
    server.restart()
    try:
        fails_with(server, tmp, props(server, tmp, "wl"), r"wal_level is 'replica'.*wal_level = logical",
                   "wal_level=replica")
    finally:
        server.sql("ALTER SYSTEM RESET wal_level")
        server.restart()


def scenario_wrong_password(server, tmp):
    p = server.connector_props("faults", **{"slot.name": "pw", "database.password": "not-it"})
    path = pgserver.write_props(os.path.join(tmp, "pw.properties"), p)
    fails_with(server, tmp, path, r"database\.password: the server refused the password of user 'postgres'",
               "wrong password")


def scenario_missing_table(server, tmp):
    server.sql("CREATE TABLE IF NOT EXISTS public.present (id int PRIMARY KEY, v text)", db="faults")
    path = props(server, tmp, "mt", **{"table.include.list": "public.present,public.missing"})
    fails_with(server, tmp, path, r"table\.include\.list: 'public\.missing' matches no table", "missing table")


def scenario_missing_replication_privilege(server, tmp):
    server.sql(f"CREATE ROLE norepl LOGIN PASSWORD '{pgserver.PASSWORD}'")
    path = props(server, tmp, "np", **{"database.user": "norepl", "snapshot.mode": "no_data"})
    fails_with(server, tmp, path, r"database\.user: 'norepl' lacks the REPLICATION privilege.*ALTER ROLE norepl REPLICATION",
               "no REPLICATION privilege")


def scenario_slot_in_use_and_unknown_keys(server, tmp):
    path = props(server, tmp, "inuse", **{"snapshot.mode": "no_data", "column.include.list": "public.present.id"})
    out = os.path.join(tmp, "a.out")
    first = start(path, out)
    try:
        wait_for(lambda: server.sql("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'inuse' AND active",
                                    db="faults") == ["1"], "the first consumer to stream", proc=first)
        fails_with(server, tmp, path, r"slot\.name: replication slot 'inuse' is in use by another process",
                   "slot in use")
    finally:
        rc, log = stop(first)
    check(rc == 0, f"the first consumer should stop cleanly:\n{log[-1500:]}")
    check(re.search(r"column\.include\.list: a Debezium key this connector does not implement; ignored", log),
          f"an unknown Debezium key is warned about:\n{log[-1500:]}")
    r = run(["validate", path])
    check(r.returncode == 0, f"validate accepts the unknown key (a warning, not an error):\n{r.stdout}{r.stderr}")


def scenario_missing_topic_prefix(server, tmp):
    p = server.connector_props("faults", **{"slot.name": "tp"})
    del p["topic.prefix"]
    path = pgserver.write_props(os.path.join(tmp, "tp.properties"), p)
    r = run(["validate", path])
    check(r.returncode != 0 and "topic.prefix" in r.stdout + r.stderr,
          f"a missing topic.prefix is named:\n{r.stdout}{r.stderr}")


def scenario_keys_declare_debeziums_importance(server, tmp):
    # ConfigDef.Importance as Debezium declares it (debezium/debezium: debezium-core
    # RelationalDatabaseConnectorConfig HOSTNAME/PORT/USER/PASSWORD/DATABASE_NAME and
    # TABLE_INCLUDE_LIST HIGH, TABLE_EXCLUDE_LIST MEDIUM; CommonConnectorConfig TOPIC_PREFIX HIGH,
    # PROVIDE_TRANSACTION_METADATA LOW; PostgresConnectorConfig SLOT_NAME, SNAPSHOT_MODE MEDIUM).
    r = run(["plugins", "describe", "postgres", "--json"])
    check(r.returncode == 0, f"describe postgres:\n{r.stdout}{r.stderr}")
    got = {k["name"]: k.get("importance") for k in json.loads(r.stdout)["config"]}
    want = {"database.hostname": "HIGH", "database.port": "HIGH", "database.password": "HIGH",
            "topic.prefix": "HIGH", "table.include.list": "HIGH", "table.exclude.list": "MEDIUM",
            "slot.name": "MEDIUM", "snapshot.mode": "MEDIUM", "provide.transaction.metadata": "LOW"}
    for key, imp in want.items():
        check(got.get(key) == imp, f"{key}: importance {got.get(key)!r}, want {imp}")
    check(all(v in ("HIGH", "MEDIUM", "LOW") for v in got.values()), f"every key has one: {got}")


def scenario_two_tasks_two_slots(server, tmp):
    server.createdb("split")
    server.sql("".join(f"CREATE TABLE t{i} (id int PRIMARY KEY, v int);" for i in range(4)), db="split")
    path = props(server, tmp, "sp", db="split", **{"tasks.max": "2", "snapshot.mode": "no_data",
                                                     "publication.autocreate.mode": "filtered"})
    out, state = os.path.join(tmp, "out.jsonl"), os.path.join(tmp, "state")
    p = start(path, out, state, fmt="envelope")
    try:
        wait_streaming(server, p, 2, "two slots streaming")
        slots = server.sql("SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'sp%' ORDER BY 1", db="split")
        check(slots == ["sp_0", "sp_1"], f"one slot per task, <slot.name>_<i>: {slots}")
        pubs = server.sql("SELECT pubname, string_agg(tablename, ',' ORDER BY tablename) FROM pg_publication_tables "
                          "WHERE pubname LIKE 'dbz_publication_%' GROUP BY 1 ORDER BY 1", db="split")
        check(pubs == ["dbz_publication_0|t0,t2", "dbz_publication_1|t1,t3"], f"tables split round-robin: {pubs}")
        for k in range(1, 51):
            server.sql("BEGIN;" + "".join(f"INSERT INTO t{i} VALUES ({k}, {k});" for i in range(4)) +
                       "".join(f"UPDATE t{i} SET v = -v WHERE id = {k};" for i in range(4)) + "COMMIT;", db="split")
        wait_for(lambda: count_lines(out) >= 400, "400 changes", proc=p)
    finally:
        rc, log = stop(p)
    check(rc == 0, f"inlet should stop cleanly:\n{log[-1500:]}")
    per = {}
    for v in values(out):
        per.setdefault(v["source"]["table"], []).append((v["op"], v["after"]["id"], v["after"]["v"]))
    want = [x for k in range(1, 51) for x in (("c", k, k), ("u", k, -k))]
    for i in range(4):
        check(per.get(f"t{i}") == want, f"t{i}: every change once, in commit order")


def scenario_heartbeat_moves_the_slot(server, tmp):
    server.createdb("quiet")
    server.sql("CREATE TABLE q (id int PRIMARY KEY)", db="quiet")
    path = props(server, tmp, "hb", db="quiet", **{"snapshot.mode": "no_data", "heartbeat.interval.ms": "100"})
    out, state = os.path.join(tmp, "out.jsonl"), os.path.join(tmp, "state")
    p = start(path, out, state)
    try:
        wait_for(lambda: server.sql("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'hb' AND active",
                                    db="quiet") == ["1"], "the slot to stream", proc=p)
        before = server.sql("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'hb'")[0]
        # WAL written elsewhere (another database): nothing for this connector, but the slot must follow.
        server.sql("CREATE TABLE IF NOT EXISTS busy (x int); INSERT INTO busy SELECT generate_series(1, 1000);")

        def moved():
            now = server.sql("SELECT confirmed_flush_lsn > $$" + before + "$$::pg_lsn FROM pg_replication_slots "
                             "WHERE slot_name = 'hb'")
            if now != ["t"]:
                server.sql("INSERT INTO busy VALUES (1)")
            return now == ["t"]
        wait_for(moved, "the slot's confirmed_flush_lsn to move on a quiet database", proc=p)
    finally:
        rc, log = stop(p)
    check(rc == 0, f"inlet should stop cleanly:\n{log[-1500:]}")
    check(count_lines(out) == 0, "heartbeats emit no record")


def scenario_inlet_check_passes(server, tmp):
    server.sql("CREATE TABLE IF NOT EXISTS public.checked (id int PRIMARY KEY, v text);"
               "INSERT INTO public.checked SELECT i, 'x' FROM generate_series(1, 50) i ON CONFLICT DO NOTHING;",
               db="faults")
    path = props(server, tmp, "chk", **{"table.include.list": "public\\.checked"})
    r = run(["check", os.path.join(os.environ.get("INLET_PG_PLUGIN_DIR", "build/plugins/postgres"), "postgres.so"),
             "--config", path, "--cycles", "10", "--json"], timeout=240)
    check(r.returncode == 0, f"inlet check should pass:\n{r.stdout[-3000:]}{r.stderr[-1500:]}")
    try:
        checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
    except (ValueError, KeyError) as e:
        raise Failure(f"inlet check --json: {e}:\n{r.stdout[-2000:]}")
    failed = [n for n, c in checks.items() if c.get("outcome") == "FAIL"]
    check(not failed and checks.get("offsets-roundtrip", {}).get("outcome") == "PASS", f"failed: {failed}\n{r.stdout[-2000:]}")
    # Every record is lent (INLET_RECORD_BORROWED, values and all they point at): the check must
    # have seen them and found each byte unchanged until the promise ended.
    borrowed = checks.get("borrowed", {})
    check(borrowed.get("outcome") == "PASS" and "borrowed key/value(s)" in borrowed.get("detail", ""),
          f"the lent records keep their promise: {borrowed}")


if __name__ == "__main__":
    sys.exit(main(scenarios_of(globals())))
