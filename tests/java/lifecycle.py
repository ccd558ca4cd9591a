"""The lifecycle Kafka's worker drives, through the bridge: requestTaskReconfiguration() restarts
the tasks with the connector's new task configs; commitRecord(record, null) and commit() are
called only once the records are durable in the sink (SourceTask.commitRecord's contract: after
the record is written; with no broker the metadata is null, as for a filtered record);
exactlyOnceSupport() decides whether exactly-once is offered (KIP-618); an old connector whose
ConfigDef requires a key only its task configs carry runs with a warning, is refused by
`inlet validate`, and its records without sourcePartition/sourceOffset are carried."""
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


if __name__ == "__main__":
    main(globals(), KNOWN_GAPS)
