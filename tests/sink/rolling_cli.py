"""The rolling file sink end to end (the real binary, the seq connector, 2 tasks x 2 partitions):
  - kill -9 rounds with a part rolled every second and snapshots every 100 ms: the finished
    parts, concatenated in order, hold every record exactly once; no finished part is ever
    changed after it was finished (checked by size and content hash across rounds);
  - crashes inside a roll (INLET_TEST_CRASH_IN_ROLL: the next part exists, the rolled one is not
    finished yet), several rounds: still exactly once;
  - retention by count keeps the newest finished parts only;
  - an idle worker's part rolls on time, with no write or snapshot to carry it;
  - a snapshot of a single output file (an older snapshot, before rolling existed) still loads,
    and rolling on top of it is refused under exactly-once with one line naming both outputs.
The life cycle follows Flink's FileSink (in-progress, pending, finished part files; only the
in-progress part is recovered): nightlies.apache.org/flink docs, "File Sink", "Part file
lifecycle"."""
import glob
import hashlib
import os
import random
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine"))
from seqcheck import *  # noqa: E402,F401,F403

PARTS = 4
COUNT = 20000
TIME_SCALE = float(os.environ.get("INLET_TEST_TIME_SCALE", "1"))
RATE = int(3000 / TIME_SCALE)
rng = random.Random(int(os.environ.get("INLET_TEST_SEED", "4321")))


def finished_parts(d):
    return sorted(glob.glob(f"{d}/out-*.txt"))


def hidden_parts(d):
    return sorted(glob.glob(f"{d}/.out-*.txt.inprogress"))


def concat(d, to):
    with open(to, "wb") as w:
        for p in finished_parts(d):
            with open(p, "rb") as r:
                w.write(r.read())
    return to


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def flags(out_dir, state, *extra):
    return ["--sink", f"file:{out_dir}/out.txt", "--format", "value", "--guarantee",
            "exactly-once", "--state-dir", state, "--snapshot-interval-ms", "100",
            "--roll-interval-s", "1", *extra]


def check_finished_unchanged(d, seen):
    """A finished part is never touched again: same bytes as when first seen."""
    for p in finished_parts(d):
        h = digest(p)
        check(seen.setdefault(p, h) == h, f"{p} changed after it was finished")


def finish_and_check(d, out_dir, state, seen):
    props = write_props(f"{d}/final.properties", count=COUNT, partitions_per_task=2)
    r = run(props, *flags(out_dir, state))
    check(r.returncode == 0, f"final run: exit {r.returncode}: {r.stderr}")
    check_finished_unchanged(out_dir, seen)
    check(not hidden_parts(out_dir), f"hidden parts left after a clean end: {hidden_parts(out_dir)}")
    check_exact(concat(out_dir, f"{d}/all.txt"), PARTS, COUNT)
    return len(finished_parts(out_dir))


def test_kill9_across_rolls(d):
    out_dir, state = f"{d}/out-kill", f"{d}/state-kill"
    props = write_props(f"{d}/rate.properties", count=COUNT, partitions_per_task=2, rate=RATE)
    seen = {}
    for i in range(5):
        p = start(props, *flags(out_dir, state), stderr_path=f"{d}/stderr.log")
        # Past at least one roll (1 s), killed at a random point of the next second.
        time.sleep(rng.uniform(1.1, 2.0) * TIME_SCALE)
        check(p.poll() is None, f"round {i}: the job ended by itself")
        p.send_signal(signal.SIGKILL)
        p.wait()
        check_finished_unchanged(out_dir, seen)
    n = finish_and_check(d, out_dir, state, seen)
    check(n >= 3, f"only {n} parts: the test did not roll across the kills")


def test_crash_inside_roll(d):
    out_dir, state = f"{d}/out-roll", f"{d}/state-roll"
    props = write_props(f"{d}/rate-roll.properties", count=COUNT, partitions_per_task=2, rate=RATE)
    seen = {}
    for i in range(4):
        # The first roll of a run comes after 1 s, the second after 2 s.
        nth = 1 + i % 2
        r = run(props, *flags(out_dir, state), env={"INLET_TEST_CRASH_IN_ROLL": str(nth)},
                timeout=60 * TIME_SCALE)
        check(r.returncode != 0, f"round {i}: the crash hook did not fire: {r.stderr}")
        check("INLET_TEST_CRASH_IN_ROLL" in r.stderr, f"round {i}: crashed elsewhere: {r.stderr}")
        check_finished_unchanged(out_dir, seen)
    finish_and_check(d, out_dir, state, seen)


def test_retention_keeps_the_newest_parts(d):
    out_dir, state = f"{d}/out-keep", f"{d}/state-keep"
    props = write_props(f"{d}/keep.properties", count=6000, partitions_per_task=2, rate=RATE)
    r = run(props, *flags(out_dir, state, "--retain-parts", "2"), timeout=60 * TIME_SCALE)
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    parts = finished_parts(out_dir)
    check(len(parts) == 2, f"{len(parts)} finished parts kept, expected 2: {parts}")
    numbers = [int(os.path.basename(p)[4:12]) for p in parts]
    check(numbers[1] == numbers[0] + 1 and numbers[0] > 1, f"not the newest parts: {parts}")
    # What is kept is the end of the output: the last record of every partition is there.
    last = {key: seq[-1] for key, seq in partitions(concat(out_dir, f"{d}/kept.txt")).items()}
    check(len(last) == PARTS and all(n == 5999 for n in last.values()),
          f"the newest parts do not end the output: {last}")


def test_single_file_snapshot_still_loads(d):
    out, state = f"{d}/single.txt", f"{d}/state-single"
    props = write_props(f"{d}/single.properties", count=100, partitions_per_task=2)
    base = ["--format", "value", "--guarantee", "exactly-once", "--state-dir", state]
    r = run(props, "--sink", f"file:{out}", *base)
    check(r.returncode == 0, f"single-file run: {r.stderr}")
    r = run(props, "--sink", f"file:{out}", *base)  # resumes from it: nothing more
    check(r.returncode == 0 and "resuming job" in r.stderr, f"resume: {r.stderr}")
    check_exact(out, PARTS, 100)
    r = run(props, "--sink", f"file:{d}/parts/out.txt", "--roll-size-mb", "1", *base)
    check(r.returncode != 0, "rolling on top of a single-file snapshot was accepted")
    lines = [l for l in r.stderr.splitlines() if "single file" in l]
    check(len(lines) == 1 and out in lines[0] and f"{d}/parts/out.txt" in lines[0],
          f"expected one line naming both outputs: {r.stderr}")
    check(not hidden_parts(f"{d}/parts"), "the refused run left a part behind")


def test_idle_worker_rolls_on_time(d):
    """A worker (--rest: it stays up once its bounded source has read everything) writes 100
    records per partition, then nothing: its part is still rolled once it is 1 s old, and
    finished (under exactly-once by the commit of a snapshot taken for it), with no further
    write or snapshot to carry it. Each guarantee takes its own way there."""
    props = write_props(f"{d}/idle.properties", count=100, partitions_per_task=2)
    for guarantee in ("exactly-once", "none"):
        out_dir = f"{d}/out-idle-{guarantee}"
        extra = ["--state-dir", f"{d}/state-idle"] if guarantee == "exactly-once" else []
        p = start(props, "--sink", f"file:{out_dir}/out.txt", "--format", "value", "--guarantee",
                  guarantee, "--roll-interval-s", "1", "--rest", "127.0.0.1:0", *extra,
                  stderr_path=f"{d}/stderr-idle.log")
        deadline = time.monotonic() + 20 * TIME_SCALE
        while time.monotonic() < deadline and not finished_parts(out_dir):
            check(p.poll() is None, f"{guarantee}: the worker ended by itself")
            time.sleep(0.05)
        check(p.poll() is None, f"{guarantee}: the worker ended by itself")
        check(finished_parts(out_dir), f"{guarantee}: the idle worker's part was never rolled: "
              f"{os.listdir(out_dir)}")
        check_exact(concat(out_dir, f"{d}/idle-{guarantee}.txt"), PARTS, 100)
        p.send_signal(signal.SIGTERM)
        check(p.wait(timeout=60) == 0, f"{guarantee}: exit {p.returncode}")


def main():
    for t in [test_kill9_across_rolls, test_crash_inside_roll,
              test_retention_keeps_the_newest_parts, test_single_file_snapshot_still_loads,
              test_idle_worker_rolls_on_time]:
        with tempdir() as d:
            t(d)
        print(f"ok: {t.__name__}")


main()
