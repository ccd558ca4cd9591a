"""The JVM and inlet's crash handler share SIGSEGV (issue 13, "Known pitfalls of embedding a
JVM"): `inlet run` installs its handler before any JVM starts, so HotSpot saves it and chains to
it for faults that are not the JVM's own (HotSpot's signal chaining, os/posix/signals_posix.cpp:
a handler found installed at JVM start is called for signals the JVM does not handle).

1. A Java connector runs for long under the crash handler, with a tiny heap so the JVM takes
   many safepoints (each one a SIGSEGV on its polling page in compiled code): every line arrives
   and inlet exits 0 on SIGTERM.
2. A real crash in a native plugin in the same process, with the JVM running, is still reported
   by inlet's handler with the connector, task and call."""
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "java"))
from javalib import (BUILD, LIBS, PLUGINS, check, connector, require_bridge, run, start, stop,
                     tmpdir, wait_for, worker, lines, write_properties)

FAULTS = os.path.join(BUILD, "tests", "faults")
LINES = 200_000


def test_java_connector_runs_long_under_the_crash_handler():
    with tmpdir() as d:
        src = os.path.join(d, "in.txt")
        with open(src, "w") as f:
            for i in range(LINES):
                f.write(f"line {i} " + "x" * (i % 50) + "\n")
        w = worker(d, **{"inlet.jvm.options": "-Xmx24m -Xms8m"})
        c = connector(d, "lines", "LineFileSource", file=src, topic="t")
        out = os.path.join(d, "out.txt")
        p = start([ "run", w, c, "--sink", "file:" + out, "--format", "value", "--quiet"])
        wait_for(lambda: len(lines(out)) >= LINES, 120, f"{LINES} lines", p)
        code, err = stop(p)
        check(code == 0, f"exit {code} (a JVM fault must not reach inlet's handler): {err}")
        check("fatal signal" not in err, f"the crash handler fired: {err}")
        check(len(lines(out)) == LINES, f"{len(lines(out))} lines, want {LINES}")


def test_native_crash_beside_the_jvm_is_reported():
    with tmpdir() as d:
        src = os.path.join(d, "in.txt")
        with open(src, "w") as f:
            f.write("".join(f"{i}\n" for i in range(1000)))
        w = worker(d, plugin_path=PLUGINS + "," + FAULTS)
        java = connector(d, "lines", "LineFileSource", file=src, topic="t")
        bad = write_properties(os.path.join(d, "bad.properties"), {
            "name": "bad", "connector.class": "faulty", "tasks.max": "1", "count": "100000",
            "per.poll": "10", "fault": "segv", "fault.at": "3000", "topic": "b"})
        r = run(["run", w, java, bad, "--sink", "null", "--quiet"], timeout=90)
        check(r.returncode != 0, f"a SIGSEGV in a native plugin ends the process: {r.stderr}")
        check("inlet: fatal signal SIGSEGV in connector 'bad' task 0 during poll()" in r.stderr,
              f"the crash handler must still name the native connector with a JVM running: "
              f"{r.stderr}")
        if r.returncode < 0:
            check(r.returncode == -signal.SIGSEGV, f"died of {r.returncode}")


def main():
    require_bridge()
    for name, fn in list(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
            print(f"ok {name}")


if __name__ == "__main__":
    main()
