"""A Java connector run from .properties files exactly as Kafka Connect standalone runs it
(connect-standalone worker.properties connector.properties; the worker's plugin.path, plus
inlet's kafka.connect.libs for the API jars), by each form of connector.class; then kill -9 five
times mid-stream with the file sink exactly-once (the counter connector, two tasks): every record
is in the output exactly once, in order per task. SIGTERM ends a run with exit 0."""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from javalib import *  # noqa: E402,F401,F403

KNOWN_GAPS = {
}



def write_input(path, n):
    with open(path, "w") as f:
        for i in range(n):
            f.write(f"line {i:06d} {'x' * (i % 40)}\n")
    return [f"line {i:06d} {'x' * (i % 40)}" for i in range(n)]


def run_args(d, conn, out):
    return [ "run", worker(d), conn, "--sink", f"file:{out}", "--format", "value",
            "--guarantee", "exactly-once", "--state-dir", os.path.join(d, "state")]


def test_class_name_forms():
    # connector.class: full name, simple name, simple name without "Connector" (Kafka's
    # PluginUtils simpleName/prunedName aliases).
    for form in [CLASSES["linefile"][0], "LineFileSourceConnector", "LineFileSource"]:
        with tmpdir() as d:
            expected = write_input(os.path.join(d, "in.txt"), 50)
            out = os.path.join(d, "out.txt")
            conn = connector(d, "lines", form, file=os.path.join(d, "in.txt"), topic="t")
            args = run_args(d, conn, out)
            args[args.index("exactly-once")] = "at-least-once"
            p = start(args)
            wait_for(lambda: len(lines(out)) >= 50, 30, f"50 lines via connector.class={form}", p)
            code, err = stop(p)
            check_stopped(code, err, form)
            check(lines(out) == expected, f"{form}: output differs from the input")
            check(CLASSES["linefile"][0] in err, f"the log must say which class ran: {err}")


def test_sigterm_ends_the_run_cleanly():
    with tmpdir() as d:
        expected = write_input(os.path.join(d, "in.txt"), 20)
        out = os.path.join(d, "out.txt")
        conn = connector(d, "lines", "LineFileSource", file=os.path.join(d, "in.txt"), topic="t")
        args = run_args(d, conn, out)
        args[args.index("exactly-once")] = "at-least-once"
        p = start(args)
        wait_for(lambda: len(lines(out)) >= 20, 30, "20 lines", p)
        code, err = stop(p)
        check(code == 0, f"SIGTERM: a final snapshot and exit 0, got exit {code}: {err}")
        check(lines(out) == expected, "the output")


def test_sigterm_while_the_jvm_starts():
    # A signal in the first second, while the JVM starts: still a clean stop (exit 0), not a
    # process killed by the JVM's own signal handling.
    with tmpdir() as d:
        write_input(os.path.join(d, "in.txt"), 20)
        conn = connector(d, "lines", "LineFileSource", file=os.path.join(d, "in.txt"), topic="t")
        args = run_args(d, conn, os.path.join(d, "out.txt"))
        args[args.index("exactly-once")] = "at-least-once"
        p = start(args)
        time.sleep(0.2)
        code, err = stop(p)
        check(code == 0, f"SIGTERM during the JVM's start: exit {code}: {err}")


def test_kill9_five_times_exactly_once():
    # The counter connector (two replayable tasks, exactlyOnceSupport SUPPORTED) streams for about
    # two seconds, so each kill lands mid-stream, between snapshots (every 100 ms).
    per_task = 4000
    with tmpdir() as d:
        out = os.path.join(d, "out.txt")
        conn = connector(d, "counters", "CounterSource", count=str(per_task), batch="20",
                         **{"tasks.max": "2", "interval.ms": "5", "exactly.once.support": "supported"})
        total = 2 * per_task

        def check_prefixes(got, what):
            for t in (0, 1):
                mine = [l for l in got if l.startswith(f"c {t} ")]
                check(mine == [f"c {t} {n}" for n in range(len(mine))],
                      f"{what}: task {t}'s output is not 0, 1, 2, ... once each")

        for k in range(1, 6):
            p = start(run_args(d, conn, out))
            target = total * k // 7
            wait_for(lambda: len(lines(out)) >= target, 40, f"run {k} to reach {target} records", p)
            p.send_signal(signal.SIGKILL)
            p.wait()
            got = lines(out)
            check(len(got) < total, f"kill {k} came after the end of the stream: not mid-stream")
            check_prefixes(got, f"after kill {k}")
        p = start(run_args(d, conn, out))
        wait_for(lambda: len(lines(out)) >= total, 60, "the final run to finish", p)
        code, err = stop(p)
        check_stopped(code, err, "final run")
        got = lines(out)
        check(len(got) == total, f"{len(got)} records, want {total} (duplicates or losses)")
        check_prefixes(got, "at the end")


if __name__ == "__main__":
    main(globals(), KNOWN_GAPS)
