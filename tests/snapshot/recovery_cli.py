"""Recovery end to end with the real binary and the seq connector (2 tasks x 2 partitions):
  - SIGTERM bounces: exit 0, the final snapshot matches the output exactly, nothing lost/twice;
  - kill -9 at random points (10 rounds, back to back, several snapshots between kills):
    exactly-once => zero missing and zero duplicates; at-least-once => zero missing;
  - commit() is re-delivered after a restart (the restored offset first), and is harmless;
  - a crash inside a snapshot write (INLET_TEST_CRASH_IN_SNAPSHOT) never loads a partial one;
  - a corrupted newest snapshot falls back to the previous one, saying so;
  - when every snapshot is corrupt the job refuses to start instead of starting from nothing."""
import glob
import json
import os
import random
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine"))
from seqcheck import *  # noqa: E402,F401,F403

PARTS = 4
RATE = 4000          # records/s per task while being killed: >= 1000 per task per run
COUNT = 30000        # records per partition in total
rng = random.Random(int(os.environ.get("INLET_TEST_SEED", "1234")))
# Sanitizer builds start and run several times slower; tools/sanitize stretches the kill waits
# (and slows the source by as much, so the data still outlasts the rounds) so that "several
# snapshots per run" still holds there.
TIME_SCALE = float(os.environ.get("INLET_TEST_TIME_SCALE", "1"))
RATE = int(RATE / TIME_SCALE)


def snapshots(state):
    return sorted(glob.glob(f"{state}/snapshot-*.json"))


def newest(state):
    files = snapshots(state)
    check(files, f"no snapshot in {state}")
    with open(files[-1]) as f:
        return json.loads(f.readline())


def newest_id(state):
    """The newest snapshot's number, -1 before the first (a file being replaced counts as not
    there yet)."""
    files = snapshots(state)
    if not files:
        return -1
    try:
        with open(files[-1]) as f:
            return json.loads(f.readline())["snapshot"]
    except (OSError, ValueError, KeyError):
        return -1


def finish(d, props_args, out, state, guarantee, extra_env=None):
    """The last run: no rate limit, to the end."""
    props = write_props(f"{d}/final.properties", count=COUNT, partitions_per_task=2,
                        commit_log=f"{d}/commits.log")
    r = run(props, "--sink", f"file:{out}", "--format", "value", "--guarantee", guarantee,
            "--state-dir", state, "--snapshot-interval-ms", "100", env=extra_env)
    check(r.returncode == 0, f"final run: exit {r.returncode}: {r.stderr}")
    return r


def job_flags(out, state, guarantee):
    return ["--sink", f"file:{out}", "--format", "value", "--guarantee", guarantee,
            "--state-dir", state, "--snapshot-interval-ms", "100"]


def kill_rounds(d, guarantee, rounds=10):
    out, state = f"{d}/out-{guarantee}.txt", f"{d}/state-{guarantee}"
    props = write_props(f"{d}/rate.properties", count=COUNT, partitions_per_task=2, rate=RATE,
                        commit_log=f"{d}/commits.log")
    last_id = -1
    for i in range(rounds):
        p = start(props, *job_flags(out, state, guarantee), stderr_path=f"{d}/stderr.log")
        # Mostly mid-run kills long enough for several snapshots; now and then one at start-up.
        wait = rng.choice([0.02, 0.5, 0.7, 0.9, 1.1]) if i % 4 == 3 else rng.uniform(0.45, 1.1)
        time.sleep(wait * TIME_SCALE)
        if wait >= 0.45:
            # A mid-run kill comes after at least two new snapshots. On a loaded machine start-up
            # can take longer than the wait, so wait for them (bounded) rather than assume them.
            deadline = time.monotonic() + 10 * TIME_SCALE
            while newest_id(state) < last_id + 2 and time.monotonic() < deadline and p.poll() is None:
                time.sleep(0.02)
        check(p.poll() is None, f"round {i}: the job ended by itself")
        p.send_signal(signal.SIGKILL)
        p.wait()
        if wait >= 0.45:
            snap = newest(state)["snapshot"]
            check(snap >= last_id + 2, f"round {i}: only snapshot {snap} after {last_id} in 10 s")
            last_id = snap
    return out, state


def test_kill9_exactly_once(d):
    out, state = kill_rounds(d, "exactly-once")
    restored = {e[0]: e[1] for e in newest(state)["offsets"]}  # [partition, offset(, connector)]
    mark = os.path.getsize(f"{d}/commits.log")
    finish(d, None, out, state, "exactly-once")
    check_exact(out, PARTS, COUNT)
    # Re-delivery: after the restart, the first commit per partition is the restored offset.
    with open(f"{d}/commits.log") as f:
        f.seek(mark)
        first = {}
        for line in f:
            _, part, off = line.split(" ", 2)
            first.setdefault(part, off.strip())
    for part, off in restored.items():
        check(json.loads(first.get(part, "null")) == json.loads(off),
              f"partition {part}: first commit after restart {first.get(part)}, restored {off}")


def test_kill9_at_least_once(d):
    out, state = kill_rounds(d, "at-least-once")
    finish(d, None, out, state, "at-least-once")
    check_no_loss(out, PARTS, COUNT)


def test_sigterm_bounces(d):
    out, state = f"{d}/out-term.txt", f"{d}/state-term"
    props = write_props(f"{d}/term.properties", count=COUNT, partitions_per_task=2, rate=RATE)
    for i in range(3):
        p = start(props, *job_flags(out, state, "exactly-once"))
        time.sleep(0.6)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
        check(p.returncode == 0, f"bounce {i}: exit {p.returncode}: {err}")
        # A clean stop ends on a final snapshot that matches the output byte for byte.
        snap = newest(state)
        check(snap["sink"]["length"] == os.path.getsize(out), f"bounce {i}: length mismatch")
        parts = partitions(out)
        for part, off, *_owner in snap["offsets"]:  # the connector is a third element
            key = (json.loads(part)["task"], json.loads(part)["p"])
            check(parts[key] == list(range(json.loads(off)["next"])),
                  f"bounce {i}: partition {key} does not match its snapshot offset {off}")
    finish(d, None, out, state, "exactly-once")
    check_exact(out, PARTS, COUNT)


def test_crash_during_snapshot_write(d):
    out, state = f"{d}/out-crash.txt", f"{d}/state-crash"
    props = write_props(f"{d}/crash.properties", count=COUNT, partitions_per_task=2, rate=RATE)
    r = run(props, *job_flags(out, state, "exactly-once"), env={"INLET_TEST_CRASH_IN_SNAPSHOT": "5"})
    check(r.returncode < 0 or r.returncode >= 128, f"the crash hook did not fire: {r.returncode}")
    temps = glob.glob(f"{state}/.snapshot-*.tmp")
    check(len(temps) == 1, f"expected the abandoned temp file, found {temps}")
    crashed_id = int(temps[0].rsplit("-", 1)[1].split(".")[0])
    check(newest(state)["snapshot"] < crashed_id, "the partial snapshot became visible")
    r = finish(d, None, out, state, "exactly-once")
    check(not glob.glob(f"{state}/.snapshot-*.tmp"), "the temp file was not cleaned up")
    check_exact(out, PARTS, COUNT)


def test_corrupt_snapshot_falls_back(d):
    out, state = f"{d}/out-corrupt.txt", f"{d}/state-corrupt"
    props = write_props(f"{d}/corrupt.properties", count=COUNT, partitions_per_task=2, rate=RATE)
    p = start(props, *job_flags(out, state, "exactly-once"))
    time.sleep(1.0)
    p.send_signal(signal.SIGKILL)
    p.wait()
    files = snapshots(state)
    check(len(files) >= 2, f"need two snapshots, have {files}")
    with open(files[-1], "r+b") as f:
        f.seek(40)
        b = f.read(1)
        f.seek(40)
        f.write(bytes([b[0] ^ 0x01]))
    r = finish(d, None, out, state, "exactly-once")
    name = os.path.basename(files[-1])
    check(f"{name} is corrupt (checksum mismatch); using snapshot" in r.stderr, r.stderr)
    check_exact(out, PARTS, COUNT)


def test_all_snapshots_corrupt_is_an_error(d):
    out, state = f"{d}/out-bad.txt", f"{d}/state-bad"
    props = write_props(f"{d}/bad.properties", count=100)
    r = run(props, *job_flags(out, state, "exactly-once"))
    check(r.returncode == 0, r.stderr)
    for path in snapshots(state):
        with open(path, "r+b") as f:
            f.seek(5)
            b = f.read(1)
            f.seek(5)
            f.write(bytes([b[0] ^ 0x01]))
    r = run(props, *job_flags(out, state, "exactly-once"))
    check(r.returncode != 0, "started although every snapshot is corrupt")
    check("refusing to start from nothing" in r.stderr, r.stderr)


for name, fn in list(globals().items()):
    if name.startswith("test_"):
        with tempdir() as d:
            t0 = time.time()
            fn(d)
            print(f"ok {name} ({time.time() - t0:.1f} s)")
