"""A Java connector run from .properties files exactly as Kafka Connect standalone runs it
(connect-standalone worker.properties connector.properties; the worker's plugin.path, plus
inlet's kafka.connect.libs for the API jars), by each form of connector.class; then kill -9 five
times mid-stream with the file sink exactly-once: every line of the input is in the output once,
in order (the linefile connector is FileStreamSource-like: offset {"position": Long})."""
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from javalib import *  # noqa: E402,F401,F403

KNOWN_GAPS = {
    "test_kill9_five_times_exactly_once":
        "the bridge does not offer exactly-once yet: it reports Java sources as not replayable, "
        "even when exactlyOnceSupport() answers SUPPORTED",
    "test_sigterm_ends_the_run_cleanly":
        "SIGTERM kills an inlet that hosts a JVM (exit -15): no final snapshot (javalib.SIGTERM_GAP)",
}

LINES = 30000


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


def test_kill9_five_times_exactly_once():
    with tmpdir() as d:
        expected = write_input(os.path.join(d, "in.txt"), LINES)
        out = os.path.join(d, "out.txt")
        conn = connector(d, "lines", "LineFileSource", file=os.path.join(d, "in.txt"), topic="t",
                         **{"batch.size": "500"})
        kills = 0
        for k in range(1, 6):
            p = start(run_args(d, conn, out))
            # Kill once the output has grown past the next fifth: mid-stream, between snapshots.
            target = min(LINES - 1, len(lines(out)) + LINES // 8)
            wait_for(lambda: len(lines(out)) >= target, 40, f"run {k} to reach {target} lines", p)
            p.send_signal(signal.SIGKILL)
            p.wait()
            kills += 1
            got = lines(out)
            check(got == expected[:len(got)], f"after kill {k}: the output is not a prefix of the input")
        check(kills == 5, "five kills")
        p = start(run_args(d, conn, out))
        wait_for(lambda: len(lines(out)) >= LINES, 60, "the final run to finish the file", p)
        code, err = stop(p)
        check_stopped(code, err, "final run")
        got = lines(out)
        check(len(got) == LINES, f"{len(got)} lines, want {LINES} (duplicates or losses)")
        check(got == expected, "every line exactly once, in order")


if __name__ == "__main__":
    main(globals(), KNOWN_GAPS)
