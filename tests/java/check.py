"""`inlet check CLASS --plugin-path DIR --kafka-libs LIBS --config FILE`: the conformance checks a
native plugin gets (records well formed, offsets round-trip, commit, wake unblocks poll, no leak
over start/stop cycles), run on a Java connector through the kafka-connect bridge. A connector
that behaves passes; one whose poll() ignores stop() fails the wake check, naming it."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from javalib import *  # noqa: E402,F401,F403

KNOWN_GAPS = {}


def check_java(cls, d, cycles="5", **props):
    conf = write_properties(os.path.join(d, "conn.properties"),
                            {"name": "checked", "connector.class": cls, "tasks.max": "1", **props})
    return run(["check", cls, "--plugin-path", PLUGINS, "--kafka-libs", LIBS, "--config", conf,
                "--cycles", cycles, "--json"], timeout=120)


def results(r):
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        fail(f"inlet check --json did not print JSON (exit {r.returncode}): {r.stdout}{r.stderr}")
    return {c["name"]: c for c in doc["checks"]}


def test_a_well_behaved_java_connector_passes():
    with tmpdir() as d:
        with open(os.path.join(d, "in.txt"), "w") as f:
            f.writelines(f"line {i}\n" for i in range(200))
        r = check_java(CLASSES["linefile"][0], d, file=os.path.join(d, "in.txt"), topic="t")
        got = results(r)
        failed = {n: c for n, c in got.items() if c["outcome"] == "FAIL"}
        check(r.returncode == 0 and not failed, f"checks failed: {failed}\n{r.stderr}")
        for name in ["descriptor", "records", "commit", "offsets-roundtrip", "lifecycle", "leaks-fd"]:
            check(got.get(name, {}).get("outcome") == "PASS", f"{name} must pass: {got.get(name)}")


def test_composite_records_keep_the_borrowed_promise():
    # Every record from the bridge is lent to the host (INLET_RECORD_BORROWED, STABLE_NAMES):
    # its bytes sit in one of two direct buffers and its arrays', maps' and structs' items in
    # one of two arenas. The borrowed check compares each lent key, value, topic and partition
    # with a copy taken at emit when its promise ends: many polls of every schema type (7
    # records a poll) make the buffers and arenas take turns many times.
    with tmpdir() as d:
        r = check_java(CLASSES["alltypes"][0], d, cycles="40")
        got = results(r)
        check(got.get("borrowed", {}).get("outcome") == "PASS",
              f"the borrowed check must pass on composite records: {got.get('borrowed')}\n{r.stderr}")
        check(got.get("records", {}).get("outcome") == "PASS", f"records must pass: {got.get('records')}")


def test_a_poll_that_ignores_stop_fails_the_wake_check():
    with tmpdir() as d:
        r = check_java("StubbornSource", d, **{"block.ms": "4000"})
        got = results(r)
        check(r.returncode != 0, f"a connector whose poll ignores stop() must not pass: {r.stdout}")
        bad = [n for n, c in got.items() if c["outcome"] == "FAIL"]
        check("wake" in bad or "hung" in bad or "poll-timeout" in bad,
              f"the wake (or hung/poll-timeout) check must fail: {got}")


if __name__ == "__main__":
    main(globals(), KNOWN_GAPS)
