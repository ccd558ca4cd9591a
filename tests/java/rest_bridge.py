"""Java connectors behind the REST worker (`inlet run --rest`): GET /connector-plugins/{class}/config
shows each key's ConfigDef.Importance, and a KIP-875 offsets change (PATCH / DELETE
/connectors/{name}/offsets, `inlet offsets set`) asks the connector's alterOffsets() first, as
Kafka's worker does (connect/runtime/.../Worker.java, modifySourceConnectorOffsets): a reset
passes every partition of the connector with a null offset; `true` gives the message "The
offsets for this connector have been altered successfully", `false` the framework-managed one
(completeModifyOffsetsCallback; both texts are checked by Kafka's OffsetsApiIntegrationTest,
testAlterSourceConnectorOffsetsCustomOffsetHandling and resetAndVerifySourceConnectorOffsets);
an exception fails the request with 500 (ConnectExceptionMapper) and changes nothing, its
message being Kafka's: UnsupportedOperationException -> "Failed to modify offsets for connector
NAME because it doesn't support external modification of offsets", a ConnectException -> its
own message, anything else -> "Failed to modify offsets for source connector NAME"
(ConnectUtils.maybeWrap). A class in several plugin folders is listed once per version by GET
/connector-plugins (Kafka 4.1), and a Java connector created through POST /connectors runs the
version its connector.plugin.version selects (KIP-891)."""
import http.client
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from javalib import *  # noqa: E402,F401,F403

COUNTER = CLASSES["counter"][0]
# What each connector's alterOffsets() does (CounterSourceConnector, `alter.offsets`).
BEHAVIOUR = {"acc": "accept", "dflt": "default", "uns": "unsupported", "cex": "connect-error",
             "oth": "other-error"}
COUNT = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30 * SCALE)
    c.request(method, path, body=None if body is None else json.dumps(body).encode(),
              headers={"Content-Type": "application/json"})
    r = c.getresponse()
    raw = r.read().decode()
    c.close()
    return r.status, (json.loads(raw) if raw.strip() else None)


def offsets_of(port, name):
    status, body = call(port, "GET", f"/connectors/{name}/offsets")
    check(status == 200, f"GET {name}/offsets: {status} {body}")
    return {json.dumps(o["partition"], sort_keys=True): o["offset"] for o in body["offsets"]}


def key_of(name):
    return json.dumps({"counter": name + "0"})


def alter_calls(d, name):
    """alterOffsets() calls the connector logged: a list of calls, each a list of lines."""
    calls = []
    for line in lines(os.path.join(d, f"{name}.alter.log")):
        if line == "call":
            calls.append([])
        else:
            calls[-1].append(line)
    return calls


def test_importance_and_alter_offsets():
    with tmpdir() as d:
        # Each with partitions of its own: inlet keeps offsets per partition, whoever wrote them.
        conns = [connector(d, name, COUNTER, count=str(COUNT), batch="5", **{
            "alter.offsets": how, "alter.log": os.path.join(d, f"{name}.alter.log"),
            "partition.prefix": name})
            for name, how in BEHAVIOUR.items()]
        port = free_port()
        p = start(["run", worker(d), *conns, "--sink", f"file:{d}/out.txt", "--format", "value",
                   "--state-dir", os.path.join(d, "state"), "--rest", f"127.0.0.1:{port}"],
                  f"{d}/err.txt")

        def all_counted():
            try:
                answers = [call(port, "GET", f"/connectors/{n}/offsets") for n in BEHAVIOUR]
            except OSError:
                return False
            return all(a == (200, {"offsets": [{"partition": {"counter": n + "0"}, "offset": {"n": COUNT - 1}}]})
                       for a, n in zip(answers, BEHAVIOUR))
        wait_for(all_counted, 30, "every connector's offsets at its last record", p)

        # ConfigDef.Importance through ConnectorPluginsResource's ConfigKeyInfo.
        status, keys = call(port, "GET", f"/connector-plugins/{COUNTER}/config")
        check(status == 200, f"GET config: {status} {keys}")
        importance = {k["name"]: k["importance"] for k in keys}
        check(importance.get("exactly.once.support") == "HIGH" and importance.get("count") == "MEDIUM"
              and importance.get("batch") == "LOW", f"importance: {importance}")

        for name in BEHAVIOUR:
            check(call(port, "PUT", f"/connectors/{name}/stop")[0] == 202, f"stop {name}")
        wait_for(lambda: all(call(port, "GET", f"/connectors/{n}/status")[1]["connector"]["state"] == "STOPPED"
                             for n in BEHAVIOUR), 20, "every connector STOPPED", p)

        # true: the connector moved them itself.
        status, body = call(port, "PATCH", "/connectors/acc/offsets",
                            {"offsets": [{"partition": {"counter": "acc0"}, "offset": {"n": 5}}]})
        check(status == 200 and body["message"] == "The offsets for this connector have been altered successfully",
              f"PATCH acc: {status} {body}")
        check(alter_calls(d, "acc") == [["{counter=acc0} -> {n=5} Long"]],
              f"acc's alterOffsets got the change, n as a Long: {alter_calls(d, 'acc')}")
        check(offsets_of(port, "acc") == {key_of("acc"): {"n": 5}}, f"acc's offsets: {offsets_of(port, 'acc')}")
        # A reset: every partition of the connector, each with a null offset.
        status, body = call(port, "DELETE", "/connectors/acc/offsets")
        check(status == 200 and body["message"] == "The offsets for this connector have been reset successfully",
              f"DELETE acc: {status} {body}")
        check(alter_calls(d, "acc")[1:] == [["{counter=acc0} -> null"]], f"the reset's map: {alter_calls(d, 'acc')}")
        check(offsets_of(port, "acc") == {}, "acc's offsets after the reset")

        # false (SourceConnector's default): the framework-managed message; the change is made.
        status, body = call(port, "PATCH", "/connectors/dflt/offsets",
                            {"offsets": [{"partition": {"counter": "dflt0"}, "offset": {"n": 7}}]})
        check(status == 200 and body["message"].startswith(
            "The Connect framework-managed offsets for this connector have been altered successfully. "
            "However, if this connector manages offsets externally"), f"PATCH dflt: {status} {body}")
        check(offsets_of(port, "dflt") == {key_of("dflt"): {"n": 7}}, "dflt's offsets")

        # Exceptions: 500 with Kafka's message, and the offsets stay as they were.
        refused = {
            "uns": "Failed to modify offsets for connector uns because it doesn't support external "
                   "modification of offsets",
            "cex": "counter offsets must not go below 5",
            "oth": "Failed to modify offsets for source connector oth",
        }
        for name, message in refused.items():
            for method, body in (("PATCH", {"offsets": [{"partition": {"counter": f"{name}0"}, "offset": {"n": 3}}]}), ("DELETE", None)):
                status, answer = call(port, method, f"/connectors/{name}/offsets", body)
                check(status == 500 and answer == {"error_code": 500, "message": message},
                      f"{method} {name}: {status} {answer}")
            check(offsets_of(port, name) == {key_of(name): {"n": COUNT - 1}}, f"{name}'s offsets must not change")
            check(alter_calls(d, name) == [[f"{{counter={name}0}} -> {{n=3}} Long"], [f"{{counter={name}0}} -> null"]],
                  f"{name}'s alterOffsets calls: {alter_calls(d, name)}")
        # The CLI goes through the same endpoint: one line with the message, a non-zero exit.
        r = run(["offsets", "set", "oth", "--partition", json.dumps({"counter": "oth0"}), "--offset", '{"n": 1}',
                 "--rest", f"http://127.0.0.1:{port}"])
        check(r.returncode != 0 and refused["oth"] in r.stderr and r.stderr.count("\n") == 1,
              f"inlet offsets set oth: exit {r.returncode}: {r.stderr}")

        # Resumed, acc starts over (reset) and dflt continues after 7. Every connector writes
        # "c 0 N" lines to the same file (5 x 0..19 so far): acc adds 0..19 once more, dflt 8..19.
        for name in ("acc", "dflt"):
            check(call(port, "PUT", f"/connectors/{name}/resume")[0] == 202, f"resume {name}")
        wait_for(lambda: all(offsets_of(port, n) == {key_of(n): {"n": COUNT - 1}} for n in ("acc", "dflt")), 20,
                 "acc and dflt counted to the end again", p)
        code, _ = stop(p)
        err = text(f"{d}/err.txt")
        check_stopped(code, err)
        got = lines(f"{d}/out.txt")
        seen = {n: got.count(f"c 0 {n}") for n in (0, 7, 8, 19)}
        check(seen == {0: 6, 7: 6, 8: 7, 19: 7}, f"lines written per number after the resume: {seen}")
        check("alterOffsets() threw" in err and "IllegalStateException: the counter is busy" in err,
              f"the exception is in the log: {err[-2000:]}")

def test_each_version_listed_and_selected():
    # Kafka 4.1 (KIP-891): GET /connector-plugins lists every version of a class found on
    # plugin.path (one PluginInfo per PluginDesc), and a connector created through the REST API
    # runs the version its connector.plugin.version selects. One class in five plugin folders
    # (build_jars.py: connectors/versioned/versions); the records say which version ran.
    versions = os.path.join(OUT, "versions")
    cls = "inlet.testconnectors.versioned.VersionedSourceConnector"
    with tmpdir() as d:
        first = connector(d, "old", "VersionedSource", topic="old", **{"connector.plugin.version": "2.9.0"})
        port = free_port()
        p = start(["run", worker(d, plugin_path=versions), first, "--sink", f"file:{d}/out.txt", "--format", "value",
                   "--state-dir", os.path.join(d, "state"), "--rest", f"127.0.0.1:{port}"], f"{d}/err.txt")
        wait_for(lambda: len(lines(f"{d}/out.txt")) >= 5, 30, "old's 5 records", p)
        status, plugins = call(port, "GET", "/connector-plugins")
        check(status == 200, f"GET /connector-plugins: {status} {plugins}")
        got = [(e["class"], e["version"]) for e in plugins if e["class"] == cls]
        want = [(cls, v) for v in ("2.10.0.Final", "2.10.0.CR1", "2.10.0-SNAPSHOT", "2.10.0-alpha2", "2.9.0")]
        check(got == want, f"each version listed, the newest first: {got}")
        status, body = call(port, "POST", "/connectors", {"name": "alpha", "config": {
            "connector.class": cls, "tasks.max": "1", "topic": "alpha", "connector.plugin.version": "[2.10.0-alpha2]"}})
        check(status == 201, f"POST /connectors alpha: {status} {body}")
        wait_for(lambda: len(lines(f"{d}/out.txt")) >= 10, 30, "alpha's 5 records", p)
        code, _ = stop(p)
        check_stopped(code, text(f"{d}/err.txt"))
        got = sorted(lines(f"{d}/out.txt"))
        check(got == sorted([f"2.9.0 {n}" for n in range(5)] + [f"2.10.0-alpha2 {n}" for n in range(5)]),
              f"each connector runs the version it selects: {got}")


if __name__ == "__main__":
    main(globals(), {})
