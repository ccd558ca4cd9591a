"""Kafka Connect's REST API on the real `inlet run --rest`: every read endpoint, the error shape
and status codes, pause/resume/stop/restart under load with exactly-once output across all of
them, and persistence across a kill -9.

Kafka references (apache/kafka, connect/runtime/src/main/java/org/apache/kafka/connect/runtime/rest/):
  resources/ConnectorsResource.java   paths; pause/resume 202; restart 204 (plain) or 202 with a
                                      ConnectorStateInfo (includeTasks/onlyFailed); task restart 204
  resources/RootResource.java         GET / -> ServerInfo {version, commit, kafka_cluster_id}
  errors/ConnectExceptionMapper.java  NotFoundException -> 404; every error as ErrorMessage
  entities/ErrorMessage.java          {"error_code": int, "message": string}
  entities/ConnectorStateInfo.java    {name, connector{state, worker_id}, tasks[{id, state,
                                      worker_id, trace?}], type}
  AbstractHerder / StandaloneHerder   "Connector <name> not found"
"""
import json
import os
import time

from restlib import Worker, check, expect_error, fail, seqcheck, tempdir, write_files

COUNT = 4000  # per partition; two tasks with one partition each, 1000 records/s each


def lines(d):
    try:
        with open(f"{d}/out.txt") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def metric(w, name, connector="seqs", task=None):
    status, text = w.get("/metrics")
    check(status == 200, f"/metrics: {status}")
    total = 0.0
    found = False
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if task is not None and f'task="{task}"' not in line:
            continue
        if "{" in line and f'connector="{connector}"' not in line and "connector=" in line:
            continue
        total += float(line.rsplit(" ", 1)[1])
        found = True
    check(found, f"{name} not in /metrics:\n{text[:2000]}")
    return total


def states(w):
    status, body = w.get("/connectors/seqs/status")
    check(status == 200, f"status: {status} {body}")
    return body["connector"]["state"], [t["state"] for t in body["tasks"]]


def read_endpoints(w):
    status, root = w.get("/")
    check(status == 200 and set(root) == {"version", "commit", "kafka_cluster_id"}, f"GET /: {root}")
    check(root["kafka_cluster_id"] is None, "no Kafka cluster: kafka_cluster_id is null")
    check(w.get("/connectors") == (200, ["seqs"]), f"GET /connectors: {w.get('/connectors')}")

    status, expanded = w.get("/connectors?expand=status&expand=info")
    check(status == 200 and set(expanded) == {"seqs"}, f"expand: {expanded}")
    check(set(expanded["seqs"]) == {"status", "info"}, f"expand both: {expanded['seqs'].keys()}")
    check(w.get("/connectors?expand=status")[1]["seqs"].keys() == {"status"}, "expand=status only")
    check(w.get("/connectors?expand=bogus")[1] == {"seqs": {}}, "unknown expansions are ignored")

    status, info = w.get("/connectors/seqs")
    check(status == 200 and info["name"] == "seqs" and info["type"] == "source", f"info: {info}")
    check(info["tasks"] == [{"connector": "seqs", "task": 0}, {"connector": "seqs", "task": 1}],
          f"info tasks: {info['tasks']}")
    status, config = w.get("/connectors/seqs/config")
    check(status == 200 and config["connector.class"] == "seq" and config["count"] == str(COUNT),
          f"config: {config}")
    check(config["topic"] == "[hidden]", f"a provider-resolved value must read back [hidden]: {config}")

    status, st = w.get("/connectors/seqs/status")
    check(status == 200 and st["name"] == "seqs" and st["type"] == "source", f"status: {st}")
    check(st["connector"] == {"state": "RUNNING", "worker_id": f"127.0.0.1:{w.port}"}, f"{st}")
    check([t["id"] for t in st["tasks"]] == [0, 1], f"task ids: {st['tasks']}")
    check(all(t["state"] == "RUNNING" and "trace" not in t for t in st["tasks"]), f"{st['tasks']}")

    status, tasks = w.get("/connectors/seqs/tasks")
    check(status == 200 and len(tasks) == 2, f"tasks: {tasks}")
    check(tasks[1]["id"] == {"connector": "seqs", "task": 1}, f"task id: {tasks[1]}")
    check(tasks[1]["config"]["task.id"] == "1" and tasks[1]["config"]["topic"] == "[hidden]",
          f"task config (hidden keys stay hidden): {tasks[1]['config']}")
    status, t0 = w.get("/connectors/seqs/tasks/0/status")
    check(status == 200 and t0["id"] == 0 and t0["state"] == "RUNNING", f"task status: {t0}")

    status, plugins = w.get("/connector-plugins")
    check(status == 200 and any(p["class"] == "seq" and p["type"] == "source" for p in plugins),
          f"plugins: {plugins}")
    status, defs = w.get("/connector-plugins/seq/config")
    check(status == 200 and "count" in [k["name"] for k in defs], f"plugin config: {defs}")
    count_def = next(k for k in defs if k["name"] == "count")
    check(count_def["type"] == "LONG" and count_def["default_value"] == "0", f"{count_def}")

    # ConfigInfos (entities/ConfigInfos.java): name, error_count, groups, configs[definition, value]
    status, v = w.request("PUT", "/connector-plugins/seq/config/validate",
                          {"connector.class": "seq", "count": "many", "rate": "5"})
    check(status == 200 and set(v) == {"name", "error_count", "groups", "configs"}, f"validate: {v}")
    check(v["error_count"] == 1, f"one bad value, error_count {v['error_count']}")
    bad = next(c for c in v["configs"] if c["value"]["name"] == "count")
    check(bad["value"]["errors"] and bad["value"]["value"] == "many", f"{bad}")


def error_cases(w):
    expect_error(w.get("/connectors/nope"), 404, "Connector nope not found")
    expect_error(w.get("/connectors/nope/status"), 404, "Connector nope not found")
    expect_error(w.request("PUT", "/connectors/nope/pause"), 404, "Connector nope not found")
    expect_error(w.get("/no/such/path"), 404, "Not Found")
    expect_error(w.get("/connectors/seqs/tasks/7/status"), 404, "seqs-7")
    expect_error(w.get("/connectors/seqs/tasks/x/status"), 404, "seqs-x")
    expect_error(w.request("POST", "/connectors/seqs/tasks/9/restart"), 404, "seqs-9")
    expect_error(w.request("DELETE", "/connectors/seqs/status"), 405, "Method Not Allowed")
    expect_error(w.get("/connector-plugins/NoSuchConnector/config"), 404, "NoSuchConnector")
    expect_error(w.get("/connectors/%zz"), 400, "escape")
    v = "/connector-plugins/seq/config/validate"
    expect_error(w.request("PUT", v, b'{"count": "1",'), 400, "at byte")
    expect_error(w.request("PUT", v, b"[1, 2]"), 400, "JSON object")
    expect_error(w.request("PUT", v, {"count": 5}), 400, "'count'")
    expect_error(w.request("PUT", v, b"x" * ((1 << 20) + 1)), 413, "larger than")
    check(w.proc.poll() is None, "the worker survived every bad request")


def control(w, d):
    # Pause: no record is written while PAUSED, yet snapshots keep being taken (barriers still
    # flow through a paused task: engine/README.md, "Control").
    check(w.request("PUT", "/connectors/seqs/pause")[0] == 202, "pause -> 202")
    w.wait_for("PAUSED", lambda: states(w) == ("PAUSED", ["PAUSED", "PAUSED"]))
    time.sleep(0.3)  # a poll() that was running when the pause came may still deliver
    before, snaps = lines(d), metric(w, "inlet_snapshots_total")
    w.wait_for("snapshots while paused", lambda: metric(w, "inlet_snapshots_total") >= snaps + 2)
    check(lines(d) == before, f"records were written while PAUSED ({before} -> {lines(d)})")
    # Paused after snapshots: all that was written is in the file (this first run started it
    # empty), so the sink's byte counter equals the file's size.
    written, size = metric(w, "inlet_sink_bytes_written_total"), os.path.getsize(f"{d}/out.txt")
    check(written == size, f"inlet_sink_bytes_written_total {written}, the file holds {size} bytes")

    check(w.request("PUT", "/connectors/seqs/resume")[0] == 202, "resume -> 202")
    w.wait_for("RUNNING", lambda: states(w) == ("RUNNING", ["RUNNING", "RUNNING"]))
    w.wait_for("records after resume", lambda: lines(d) > before + 100)

    # One task restarted on request: in-process, from the offsets already written.
    check(w.request("POST", "/connectors/seqs/tasks/1/restart")[0] == 204, "task restart -> 204")
    w.wait_for("task 1 restarted", lambda: metric(w, "inlet_task_restarts_total", task=1) == 1)
    w.wait_for("RUNNING after restart", lambda: states(w)[1] == ["RUNNING", "RUNNING"])

    status, body, _ = w.request("POST", "/connectors/seqs/restart?includeTasks=true", raw=True)
    check(status == 202 and json.loads(body)["name"] == "seqs", f"restart includeTasks: {status} {body}")
    w.wait_for("both restarted", lambda: metric(w, "inlet_task_restarts_total", task=0) == 1)
    # onlyFailed with nothing failed restarts nothing.
    check(w.request("POST", "/connectors/seqs/restart?includeTasks=true&onlyFailed=true")[0] == 202, "")
    check(w.request("POST", "/connectors/seqs/restart")[0] == 204, "plain restart -> 204")

    # Stop: the tasks go away (Kafka shows a STOPPED connector with no tasks), then come back.
    check(w.request("PUT", "/connectors/seqs/stop")[0] == 202, "stop -> 202")
    w.wait_for("STOPPED", lambda: w.get("/connectors/seqs/status")[1]["connector"]["state"] == "STOPPED")
    check(w.get("/connectors/seqs/status")[1]["tasks"] == [], "a STOPPED connector has no tasks")
    expect_error(w.request("POST", "/connectors/seqs/restart?includeTasks=true"), 409, "STOPPED")
    time.sleep(0.3)
    stopped_at = lines(d)
    time.sleep(0.3)
    check(lines(d) == stopped_at, "records were written while STOPPED")
    check(w.request("PUT", "/connectors/seqs/resume")[0] == 202, "resume after stop -> 202")
    w.wait_for("RUNNING after stop", lambda: states(w) == ("RUNNING", ["RUNNING", "RUNNING"]))


def main():
    with tempdir() as d:
        files = write_files(d, COUNT, 1000)
        w = Worker(d, files)
        w.wait_ready()
        read_endpoints(w)
        error_cases(w)
        control(w, d)
        # kill -9 in the middle, then the same worker again: it resumes from its last snapshot.
        w.kill9()
        check(lines(d) < 2 * COUNT, "the kill came too late to test a resume")
        w = Worker(d, files)
        w.wait_ready()
        # With the API on, finished sources do not end the process: it waits to be stopped.
        w.wait_for("all records", lambda: metric(w, "inlet_source_record_write_total") >= 0 and
                   seqcheck.partitions(f"{d}/out.txt") and
                   all(len(v) >= COUNT for v in seqcheck.partitions(f"{d}/out.txt").values()), timeout=30)
        time.sleep(0.3)
        check(w.proc.poll() is None, "a worker must not exit when its bounded sources finish")
        w.stop()
        seqcheck.check_exact(f"{d}/out.txt", 2, COUNT)
    print("rest api: ok")


main()
