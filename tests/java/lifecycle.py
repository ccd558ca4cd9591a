"""The lifecycle Kafka's worker drives, through the bridge: requestTaskReconfiguration() restarts
the tasks with the connector's new task configs, also when their number changes; commitRecord(record, null) and commit() are
called only once the records are durable in the sink (SourceTask.commitRecord's contract: after
the record is written; with no broker the metadata is null, as for a filtered record);
exactlyOnceSupport() decides whether exactly-once is offered (KIP-618); an old connector whose
ConfigDef requires a key only its task configs carry runs with a warning, is refused by
`inlet validate`, and its records without sourcePartition/sourceOffset are carried; a connector
built for Kafka 4.1 that asks for plugin metrics (KIP-877) is answered as by an older runtime."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from javalib import *  # noqa: E402,F401,F403

KNOWN_GAPS = {}


def job_args(d, *conns, guarantee="at-least-once", fmt="value", **worker_extra):
    return ["run", worker(d, **worker_extra), *conns, "--sink", f"file:{d}/out.txt",
            "--format", fmt, "--guarantee", guarantee, "--state-dir", os.path.join(d, "state")]


def test_request_task_reconfiguration():
    with tmpdir() as d:
        conn = connector(d, "re", "ReconfiguringSource", times="1", **{"every.ms": "400", "tasks.max": "2"})
        p = start(job_args(d, conn), f"{d}/err.txt")
        def second_generation_runs():
            got = lines(f"{d}/out.txt")
            return all(sum(1 for l in got if l.startswith(f"g2 t{t} ")) >= 3 for t in (0, 1))
        wait_for(second_generation_runs, 10, "records of the reconfigured tasks", p)
        code, _ = stop(p)
        check_stopped(code, text(f"{d}/err.txt"))
        got = lines(f"{d}/out.txt")
        for t in (0, 1):
            mine = [l.split() for l in got if l.split()[1] == f"t{t}"]
            gens = [int(g[1:]) for g, _, _ in mine]
            ns = [int(n[1:]) for _, _, n in mine]
            check(gens == sorted(gens) and gens[0] == 1, f"task {t}: generations out of order: {gens}")
            # The new tasks resume from the old ones' offsets: no number twice, none skipped.
            check(ns == list(range(len(ns))), f"task {t}: numbers {ns[:10]}... are not 0,1,2,...")


def test_task_count_changes():
    # requestTaskReconfiguration() whose taskConfigs(maxTasks) has another size: Kafka's herder
    # (DistributedHerder.reconfigureConnector -> publishConnectorTaskConfigs) writes the new
    # configs and the tasks are started anew, as many as there now are. Through the bridge the
    # host replaces the connector's tasks (the REST worker's PUT .../config path): 1 task, then
    # 2, then 1 again, each resuming from the offsets written. A counter connector beside it,
    # exactly-once, is not touched: its output has every number once.
    with tmpdir() as d:
        re_conn = connector(d, "re", "ReconfiguringSource", times="2", **{
            "every.ms": "700", "tasks.max": "2", "task.counts": "1,2,1",
            "inlet.exactly.once.vouch": "true"})
        cnt = connector(d, "cnt", "CounterSource", **{"exactly.once.support": "supported",
                                                      "batch": "5", "interval.ms": "10"})
        p = start(job_args(d, re_conn, cnt, guarantee="exactly-once"), f"{d}/err.txt")
        def third_generation_runs():
            return sum(1 for l in lines(f"{d}/out.txt") if l.startswith("g3 t0 ")) >= 5
        wait_for(third_generation_runs, 30, "records of the third generation (1 task again)", p)
        code, _ = stop(p)
        err = text(f"{d}/err.txt")
        check_stopped(code, err)
        got = lines(f"{d}/out.txt")
        re_lines = [l.split() for l in got if l.startswith("g")]
        by_gen = {}
        for g, t, _ in re_lines:
            by_gen.setdefault(g, set()).add(t)
        check(by_gen == {"g1": {"t0"}, "g2": {"t0", "t1"}, "g3": {"t0"}},
              f"tasks per generation (want 1, 2, 1): {by_gen}\n{err[-2000:]}")
        for t in ("t0", "t1"):
            mine = [l for l in re_lines if l[1] == t]
            gens = [int(g[1:]) for g, _, _ in mine]
            ns = [int(n[1:]) for _, _, n in mine]
            check(gens == sorted(gens), f"{t}: generations out of order: {gens}")
            # Each new set of tasks resumes from the offsets written: no number twice or skipped.
            check(ns == list(range(len(ns))), f"{t}: numbers {ns[:12]}... are not 0,1,2,...")
        check("requestTaskReconfiguration" in err and err.count("tasks were replaced") == 2,
              f"the log says twice that the tasks were replaced: {err[-2000:]}")
        counted = [int(l.split()[2]) for l in got if l.startswith("c 0 ")]
        check(counted == list(range(len(counted))) and len(counted) > 20,
              f"the other connector's output, exactly once: {counted[:10]}... ({len(counted)})")


def test_commit_record_only_after_durable():
    with tmpdir() as d:
        log = f"{d}/commits.txt"
        conn = connector(d, "cr", "CommitRecordSource", records="50",
                         **{"log.file": log, "sink.file": f"{d}/out.txt"})
        p = start(job_args(d, conn), f"{d}/err.txt")
        wait_for(lambda: sum(1 for l in lines(log) if l.startswith("rec ")) >= 50, 30,
                 "commitRecord for all 50 records", p)
        code, _ = stop(p)
        check_stopped(code, text(f"{d}/err.txt"))
        calls = lines(log)
        records = [l for l in calls if l.startswith("rec ")]
        check(not any("EARLY" in l for l in records),
              f"commitRecord was called before its record reached the sink: {[l for l in records if 'EARLY' in l]}")
        check(sorted(records, key=lambda l: int(l.split()[1])) ==
              [f"rec {n} durable metadata=null" for n in range(50)],
              f"each record committed once, with null metadata: {records[:5]}...")
        check("commit" in calls, "SourceTask.commit() must be called after a durable snapshot")
        check(lines(f"{d}/out.txt") == [f"rec {n}" for n in range(50)], "the output")


def test_exactly_once_when_supported():
    with tmpdir() as d:
        conn = connector(d, "cnt", "CounterSource", count="30", **{"exactly.once.support": "supported"})
        p = start(job_args(d, conn, guarantee="exactly-once"), f"{d}/err.txt")
        wait_for(lambda: len(lines(f"{d}/out.txt")) >= 30, 30, "30 records", p)
        code, _ = stop(p)
        check_stopped(code, text(f"{d}/err.txt"))
        check(lines(f"{d}/out.txt") == [f"c 0 {n}" for n in range(30)], "output")


def test_exactly_once_refused_otherwise():
    # UNSUPPORTED, and null (what connectors written before KIP-618 answer): refused.
    for answer in ["unsupported", "null"]:
        with tmpdir() as d:
            conn = connector(d, "cnt", "CounterSource", count="30", **{"exactly.once.support": answer})
            r = run(job_args(d, conn, guarantee="exactly-once"))
            check(r.returncode != 0, f"exactlyOnceSupport={answer} must refuse exactly-once: {r.stderr}")
            last = r.stderr.strip().splitlines()[-1]
            check("exactlyOnceSupport" in last and "CounterSourceConnector" in last,
                  f"the refusal must name the class and its exactlyOnceSupport() answer: {last}")
            # at-least-once needs no promise from the connector.
            p = start(job_args(d, conn), f"{d}/err.txt")
            wait_for(lambda: len(lines(f"{d}/out.txt")) >= 30, 30, "30 records at-least-once", p)
            code, _ = stop(p)
            check_stopped(code, text(f"{d}/err.txt"), answer + " at-least-once")
            check(lines(f"{d}/out.txt") == [f"c 0 {n}" for n in range(30)], f"{answer}: output")


def test_old_connector_task_only_keys():
    with tmpdir() as d:
        conn = connector(d, "old", "OldStyleSource", topic="t", **{"tasks.max": "2"})
        r = run(["validate", worker(d), conn])
        check(r.returncode != 0 and "task.id" in r.stdout + r.stderr,
              f"inlet validate must report task.id as an error: exit {r.returncode}: {r.stdout}{r.stderr}")
        p = start(job_args(d, conn, guarantee="at-least-once", fmt="envelope"), f"{d}/err.txt")
        wait_for(lambda: len(lines(f"{d}/out.txt")) >= 20, 30, "the old connector's 20 records", p)
        code, _ = stop(p)
        err = text(f"{d}/err.txt")
        check_stopped(code, err)
        check("task.id" in err, f"inlet run must warn about task.id: {err}")
        import json
        recs = [json.loads(l) for l in lines(f"{d}/out.txt")]
        values = sorted(r["value"] for r in recs)
        check(values == sorted(f"old {t} {n}" for t in (0, 1) for n in range(10)), f"values: {values}")
        check(all(r["topic"] == "t" for r in recs), "topics")


def test_plugin_metrics_as_an_older_runtime():
    """KIP-877 (Kafka 4.1) added pluginMetrics() to ConnectorContext and SourceTaskContext; its
    javadoc tells a connector that may run on an older runtime to catch NoSuchMethodError and
    NoClassDefFoundError around the call. inlet has no Kafka metrics registry and answers as such
    a runtime, on 4.1 API jars (where a context without the method would throw
    AbstractMethodError, which that guard does not catch) as on 3.8 ones (where the JVM throws
    NoSuchMethodError itself). A bare call fails the task with the reason."""
    want = [f"connector=absent task=absent n={n}" for n in range(5)]
    for libs in (LIBS_41, LIBS):
        with tmpdir() as d:
            conn = connector(d, "pm", "PluginMetricsSource")
            p = start(job_args(d, conn, libs=libs), f"{d}/err.txt")
            wait_for(lambda: len(lines(f"{d}/out.txt")) >= 5, 30, f"5 records on {libs}", p)
            code, _ = stop(p)
            check_stopped(code, text(f"{d}/err.txt"), f"guarded pluginMetrics() on {libs}")
            check(lines(f"{d}/out.txt") == want, f"on {libs}: {lines(f'{d}/out.txt')}")
    with tmpdir() as d:
        conn = connector(d, "pm", "PluginMetricsSource", guarded="false")
        p = start(job_args(d, conn, libs=LIBS_41, **{"errors.restart.attempts": "0"}), f"{d}/err.txt")
        wait_for(lambda: "inlet offers no plugin metrics" in text(f"{d}/err.txt"), 30,
                 "the bare pluginMetrics() call's failure in the log", p)
        p.kill()
        p.wait()
        err = text(f"{d}/err.txt")
        check("NoSuchMethodError" in err and "SourceTaskContext.pluginMetrics()" in err,
              f"the failure must name the error and the method: {err}")
        check("AbstractMethodError" not in err, f"{err}")
        check(lines(f"{d}/out.txt") == [], f"a task whose start() failed emitted {lines(f'{d}/out.txt')}")


if __name__ == "__main__":
    main(globals(), KNOWN_GAPS)
