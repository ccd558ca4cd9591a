"""Connectors created, changed and deleted through the REST API of a running worker, and their
offsets (KIP-875), end to end: the real `inlet run --rest`, the seq test connector, http.client.

Kafka's behaviour is read from apache/kafka:
  connect/runtime/.../rest/resources/ConnectorsResource.java (createConnector: 201 + Location and
    the ConnectorInfo; putConnectorConfig: 201 when created, else 200; destroyConnector: 204;
    checkAndPutConnectorConfigName; alterConnectorOffsets: "Partitions / offsets need to be
    provided for an alter offsets request"),
  connect/runtime/.../standalone/StandaloneHerder.java (putConnectorConfig: "Connector X already
    exists" as AlreadyExistsException -> 409; deleteConnectorConfig / connectorInfo: "Connector X
    not found" -> 404; modifyConnectorOffsetsChecks: 400 "Connectors must be in the STOPPED
    state before their offsets can be modified. …"),
  connect/runtime/.../AbstractHerder.java (maybeAddConfigErrors' message),
  connect/runtime/src/test/.../integration/OffsetsApiIntegrationTest.java (testAlterOffsetsNonStoppedConnector,
    testAlterSourceConnectorOffsetsInvalidRequestBody's messages, the "framework-managed offsets
    … altered/reset successfully" replies, and that a reset connector starts over).

Every change happens while the file-defined connector keeps writing, and the output is checked
record by record: each partition is gap-free and without a duplicate, except where an offsets
change asked for a jump or a replay, which is then exactly that jump or replay. A kill -9 after
the changes brings the API-created connectors back with their last config and the altered
offsets (answered only once durable)."""
import json
import subprocess
import time

from restlib import INLET, Worker, check, expect_error, fail, seqcheck, tempdir, write_files

RATE = 400  # records/s per task: enough to be under load during every change, small output


def seq_config(base, tasks=2, rate=RATE, **extra):
    c = {"connector.class": "seq", "tasks.max": str(tasks), "rate": str(rate), "task.base": str(base),
         "topic": f"t{base}"}
    c.update({k.replace("_", "."): str(v) for k, v in extra.items()})
    return c


def parts(d):
    return seqcheck.partitions(f"{d}/out.txt")


def runs(seq):
    """The sequence as maximal runs of consecutive numbers: [(first, last), …]."""
    out = []
    for n in seq:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def grows(w, d, key, by=50):
    start = len(parts(d).get(key, []))
    w.wait_for(f"partition {key} to grow", lambda: len(parts(d).get(key, [])) >= start + by)


def cli(w, *args, ok=True):
    """`inlet connectors|offsets …` against the worker: the same API, no curl."""
    r = subprocess.run([INLET, *args, "--rest", f"http://127.0.0.1:{w.port}"], capture_output=True, text=True,
                       timeout=60)
    check((r.returncode == 0) == ok, f"inlet {' '.join(args)}: exit {r.returncode}\n{r.stdout}{r.stderr}")
    return r


def status(w, name):
    return w.get(f"/connectors/{name}/status")


def create_and_errors(w, d):
    body = {"name": "b", "config": seq_config(10)}
    st, info, resp = w.request("POST", "/connectors", body, raw=True)
    check(st == 201, f"POST /connectors: {st} {info}")
    check(resp.getheader("Location") == "/connectors/b", f"Location: {resp.getheader('Location')}")
    info = json.loads(info)
    check(info["name"] == "b" and info["config"]["name"] == "b" and info["type"] == "source", f"info: {info}")
    check([t["task"] for t in info["tasks"]] == [0, 1], f"tasks: {info['tasks']}")
    expect_error(w.request("POST", "/connectors", body), 409, "Connector b already exists")
    expect_error(w.request("POST", "/connectors", {"name": "x", "config": {"connector.class": "nope"}}), 400,
                 "Connector configuration is invalid and contains the following 1 error(s):")
    expect_error(w.request("POST", "/connectors", {"name": "x", "config": {"rate": "1"}}), 400, "connector.class")
    expect_error(w.request("POST", "/connectors", {"name": "x", "config": {"connector.class": "seq", "rate": "-4"}}),
                 400, "rate")
    expect_error(w.request("POST", "/connectors", {"name": "", "config": seq_config(30)}), 400, "name")
    expect_error(w.request("POST", "/connectors", {"name": "x", "config": [1]}), 400, "config")
    expect_error(w.request("POST", "/connectors", {"name": "x", "config": {"connector.class": {"a": 1}}}), 400,
                 "connector.class")
    expect_error(w.request("POST", "/connectors", b"{\"name\": "), 400, "Malformed JSON")
    # A number too large for a double is out_of_range, not parse_error, to nlohmann: found by fuzz_rest.
    expect_error(w.request("POST", "/connectors", b"{\"name\": 1E999}"), 400, "number overflow")
    expect_error(w.request("PUT", "/connectors/b/config", dict(seq_config(10), name="other")), 400,
                 "Connector name configuration (other) doesn't match connector name in the URL (b)")
    expect_error(w.request("DELETE", "/connectors/nope"), 404, "Connector nope not found")
    expect_error(w.request("GET", "/connectors/nope/offsets"), 404, "Connector nope not found")
    check(w.get("/connectors")[1] == ["seqs", "b"] or sorted(w.get("/connectors")[1]) == ["b", "seqs"], "listed")
    # KIP-980's initial_state: created STOPPED, it has no tasks and writes nothing.
    st, info = w.request("POST", "/connectors", {"name": "idle", "config": seq_config(40), "initial_state": "STOPPED"})
    check(st == 201, f"initial_state STOPPED: {st} {info}")
    w.wait_for("idle STOPPED", lambda: status(w, "idle")[1]["connector"]["state"] == "STOPPED")
    grows(w, d, (10, 0))


def change_and_delete(w, d):
    # PUT on an existing connector: 200 and the new config; tasks.max 2 -> 1 (task 11 stops).
    st, info = w.request("PUT", "/connectors/b/config", seq_config(10, tasks=1, rate=RATE + 100))
    check(st == 200, f"PUT config (replace): {st} {info}")
    check(info["config"]["rate"] == str(RATE + 100) and len(info["tasks"]) == 1, f"replaced: {info}")
    check(w.get("/connectors/b/config")[1]["rate"] == str(RATE + 100), "GET config after PUT")
    grows(w, d, (10, 0))
    # PUT on a new name: 201.
    st, info = w.request("PUT", "/connectors/c/config", seq_config(20, tasks=1))
    check(st == 201, f"PUT config (create): {st} {info}")
    grows(w, d, (20, 0))
    # Deleting the file-defined connector: 204, gone from the list; the others keep writing.
    check(cli(w, "connectors", "delete", "seqs").stdout == "delete seqs: deleted\n", "inlet connectors delete")
    check("Connector seqs not found" in cli(w, "connectors", "delete", "seqs", ok=False).stderr, "delete twice")
    expect_error(w.get("/connectors/seqs"), 404, "Connector seqs not found")
    check("seqs" not in w.get("/connectors")[1], "deleted, still listed")
    grows(w, d, (20, 0))
    check(w.get("/connectors/c/topics")[1] == {"c": {"topics": ["t20"]}}, f"topics: {w.get('/connectors/c/topics')}")
    check(w.request("PUT", "/connectors/c/topics/reset")[0] == 202, "topics reset")
    st, topics = w.get("/connectors/c/topics")
    check(st == 200 and topics["c"]["topics"] in ([], ["t20"]), f"topics after reset: {topics}")


def offsets(w, d):
    """Returns (c's partition offset before the jump, b's count before its reset)."""
    st, off = w.get("/connectors/c/offsets")
    check(st == 200 and [o["partition"] for o in off["offsets"]] == [{"p": 0, "task": 20}], f"offsets: {off}")
    patch = {"offsets": [{"partition": {"task": 20, "p": 0}, "offset": {"next": 100000}}]}
    # Not STOPPED (RUNNING, then PAUSED): refused, as OffsetsApiIntegrationTest.testAlterOffsetsNonStoppedConnector.
    expect_error(w.request("PATCH", "/connectors/c/offsets", patch), 400,
                 "Connectors must be in the STOPPED state before their offsets can be modified. This can be done "
                 "for the specified connector by issuing a 'PUT' request to the '/connectors/c/stop' endpoint")
    w.request("PUT", "/connectors/c/pause")
    expect_error(w.request("DELETE", "/connectors/c/offsets"), 400, "Connectors must be in the STOPPED state")
    for bad in ({}, {"offsets": []}):
        expect_error(w.request("PATCH", "/connectors/c/offsets", bad), 400,
                     "Partitions / offsets need to be provided for an alter offsets request")
    expect_error(w.request("PATCH", "/connectors/c/offsets", {"offsets": [{"offset": {"next": 1}}]}), 400, "partition")
    check(w.request("PUT", "/connectors/c/stop")[0] == 202, "stop c")
    w.wait_for("c STOPPED", lambda: status(w, "c")[1]["connector"]["state"] == "STOPPED")
    # The offsets of a stopped connector are those of its last record written (once its
    # tasks have ended and the next snapshot has them).
    def settled():
        before = len(parts(d)[(20, 0)])
        time.sleep(0.3)  # a few snapshot intervals: the tasks' end markers are taken by then
        after = len(parts(d)[(20, 0)])
        return before == after and w.get("/connectors/c/offsets")[1]["offsets"] == [
            {"partition": {"p": 0, "task": 20}, "offset": {"next": after}}]
    w.wait_for("c's last offsets in a snapshot", settled)
    written = parts(d)[(20, 0)]
    # Another connector's partition is not c's to change.
    expect_error(w.request("PATCH", "/connectors/c/offsets",
                           {"offsets": [{"partition": {"task": 10, "p": 0}, "offset": {"next": 1}}]}), 400,
                 "belongs to connector 'b'")
    st, msg = w.request("PATCH", "/connectors/c/offsets", patch)
    check(st == 200 and msg["message"].startswith(
        "The Connect framework-managed offsets for this connector have been altered successfully."), f"PATCH: {st} {msg}")
    check(w.get("/connectors/c/offsets")[1]["offsets"][0]["offset"] == {"next": 100000}, "PATCH read back")
    # What `inlet offsets get` prints is what `inlet offsets set NAME FILE` takes.
    got = json.loads(cli(w, "offsets", "get", "c").stdout)
    check(got == w.get("/connectors/c/offsets")[1], f"inlet offsets get: {got}")
    with open(f"{d}/c-offsets.json", "w") as f:
        json.dump(got, f)
    check("altered successfully" in cli(w, "offsets", "set", "c", f"{d}/c-offsets.json").stdout, "inlet offsets set FILE")
    check("Connectors must be in the STOPPED state" in
          cli(w, "offsets", "set", "b", "--partition", '{"task":10,"p":0}', "--offset", "null", ok=False).stderr,
          "inlet offsets set on a running connector")
    bad = cli(w, "offsets", "set", "b", "--partition", '{"task":10,"p":0}', "--offset", "1E999", ok=False)
    check(bad.returncode == 2 and "inlet offsets: not JSON" in bad.stderr and "number overflow" in bad.stderr,
          f"inlet offsets set with a number beyond a double: exit {bad.returncode}: {bad.stderr}")
    # b: stop, reset, and it will start over when resumed.
    cli(w, "connectors", "stop", "b")
    w.wait_for("b STOPPED", lambda: status(w, "b")[1]["connector"]["state"] == "STOPPED")
    check("have been reset successfully" in cli(w, "offsets", "reset", "b").stdout, "inlet offsets reset")
    check(w.get("/connectors/b/offsets")[1] == {"offsets": []}, "reset read back")
    return len(written), len(parts(d)[(10, 0)])


WORKERS = []


def worker(d, files):
    w = Worker(d, files)
    WORKERS.append(w)
    return w


def main():
    with tempdir() as d:
        files = write_files(d, count=0, rate=RATE)
        w = worker(d, files)
        w.wait_ready()
        grows(w, d, (0, 0))
        create_and_errors(w, d)
        change_and_delete(w, d)
        c_before, b_before = offsets(w, d)
        # The altered and reset offsets were answered once durable: a kill -9 now keeps them.
        w.kill9()

        w = worker(d, files)
        w.wait_ready()  # seqs: its file defines it again
        names = sorted(w.get("/connectors")[1])
        check(names == ["b", "c", "idle", "seqs"], f"after kill -9: {names}\n{w.stderr()}")
        check(w.get("/connectors/b/config")[1]["rate"] == str(RATE + 100), "b's replaced config after the restart")
        check(status(w, "c")[1]["connector"]["state"] == "STOPPED", "c stays STOPPED")
        check(status(w, "idle")[1]["tasks"] == [], "idle stays STOPPED")
        check(w.get("/connectors/c/offsets")[1]["offsets"][0]["offset"] == {"next": 100000},
              "the altered offset after a kill -9")
        w.request("PUT", "/connectors/c/resume")
        w.request("PUT", "/connectors/b/resume")
        grows(w, d, (20, 0), by=20)
        w.wait_for("b replays", lambda: len(parts(d)[(10, 0)]) >= b_before + 20)
        grows(w, d, (0, 0))
        w.stop()

        p = parts(d)
        # seqs (deleted, then back from its file) and b's task 11 (gone with tasks.max=1):
        # exactly once and gap-free, through every change and the kill -9.
        for key in [(0, 0), (1, 0), (11, 0)]:
            check(p[key] == list(range(len(p[key]))), f"partition {key}: {runs(p[key])}")
        # c: gap-free up to the stop, then exactly the jump the PATCH asked for.
        c = p[(20, 0)]
        check(runs(c)[0] == (0, c_before - 1) and len(runs(c)) == 2 and runs(c)[1][0] == 100000,
              f"partition (20, 0): {runs(c)}")
        # b: gap-free up to the stop, then from 0 again (its offsets were reset).
        b = p[(10, 0)]
        check(runs(b)[0] == (0, b_before - 1) and len(runs(b)) == 2 and runs(b)[1][0] == 0,
              f"partition (10, 0): {runs(b)}")
        check((40, 0) not in p, "idle (created STOPPED) wrote records")
    print("rest connectors: ok")


try:
    main()
finally:  # a failed check exits through here: no worker is left running
    for w in WORKERS:
        if w.proc.poll() is None:
            w.kill9()
