"""`inlet run` end to end with the seq connector: output, formats, guarantee errors, the state
directory lock, and the embedding API example."""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seqcheck import *  # noqa: E402,F401,F403


def test_bounded_value_output(d):
    props = write_props(f"{d}/a.properties", count=1500, partitions_per_task=2)
    out = f"{d}/a.txt"
    r = run(props, "--sink", f"file:{out}", "--format", "value")
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check_exact(out, 4, 1500)


def test_envelope_is_json(d):
    props = write_props(f"{d}/b.properties", count=10)
    r = run(props, "--sink", "stdout")
    check(r.returncode == 0, r.stderr)
    lines = r.stdout.splitlines()
    check(len(lines) == 20, f"{len(lines)} lines")
    rec = json.loads(lines[0])
    check(rec["topic"] == "seq" and rec["partition"]["task"] in (0, 1), rec)
    check(rec["offset"]["next"] >= 1 and rec["value"].count(" ") == 2, rec)
    check(list(rec) == ["topic", "partition", "offset", "key", "value", "timestamp", "headers"], rec)


def test_summary_without_quiet(d):
    props = write_props(f"{d}/c.properties", count=50)
    r = subprocess.run([INLET, "run", props, "--plugin-path", SEQ_DIR, "--sink", "null"],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, r.stderr)
    check("job 'seq-job' finished" in r.stderr and "100 records" in r.stderr, r.stderr)
    check("seq-job/0" in r.stderr and "seq-job/1" in r.stderr, r.stderr)


def test_exactly_once_needs_file_sink(d):
    props = write_props(f"{d}/e.properties", count=10)
    r = run(props, "--guarantee", "exactly-once", "--state-dir", f"{d}/st-e", "--sink", "stdout")
    check(r.returncode != 0, "exactly-once with stdout must not run")
    errors = [l for l in r.stderr.splitlines() if l.strip()]
    check(len(errors) == 1 and "file sink" in errors[0], r.stderr)


def test_exactly_once_needs_replayable_source(d):
    props = f"{d}/u.properties"
    with open(props, "w") as f:
        f.write("name=once\nconnector.class=seq-unreplayable\ncount=10\n")
    r = run(props, "--guarantee", "exactly-once", "--state-dir", f"{d}/st-u",
            "--sink", f"file:{d}/u.txt")
    check(r.returncode != 0, "exactly-once with a non-replayable source must not run")
    check("replayable" in r.stderr and "once" in r.stderr, r.stderr)
    r = run(props, "--guarantee", "at-least-once", "--state-dir", f"{d}/st-u",
            "--sink", f"file:{d}/u.txt")
    check(r.returncode == 0, r.stderr)


def test_state_dir_lock(d):
    props = write_props(f"{d}/l.properties", rate=1000)
    first = start(props, "--state-dir", f"{d}/st-l", "--sink", "null")
    try:
        deadline = time.time() + 30
        while not os.path.exists(f"{d}/st-l/snapshot-00000000000000000000.json"):
            check(time.time() < deadline, "the first job never wrote its first snapshot")
            time.sleep(0.05)
        r = run(props, "--state-dir", f"{d}/st-l", "--sink", "null")
        check(r.returncode != 0, "a second process must not share a state directory")
        check(f"is in use by another inlet process (PID {first.pid})" in r.stderr, r.stderr)
    finally:
        first.send_signal(signal.SIGTERM)
        check(first.wait(timeout=30) == 0, "SIGTERM must end the job with exit 0")


def test_pipeline_example(d):
    example = os.path.join(os.environ["INLET_BUILD_ROOT"], "tests", "engine", "pipeline_example")
    r = subprocess.run([example, SEQ_DIR, "seq", "count=3", "tasks.max=1"], capture_output=True,
                       text=True, timeout=60)
    check(r.returncode == 0, r.stderr)
    check(r.stdout.splitlines() == ["0 0 0", "0 0 1", "0 0 2"], r.stdout)
    check("3 records" in r.stderr, r.stderr)


def test_bad_flags(d):
    props = write_props(f"{d}/f.properties", count=1)
    r = run(props, "--snapshot-interval-ms", "0")
    check(r.returncode == 2 and "--snapshot-interval-ms" in r.stderr, r.stderr)
    r = run(props, "--log-level", "loud")
    check(r.returncode == 2 and "--log-level" in r.stderr, r.stderr)


with tempdir() as d:
    for name, fn in list(globals().items()):
        if name.startswith("test_"):
            fn(d)
            print("ok", name)
