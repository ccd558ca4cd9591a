"""Shared helpers for the fault tests: write a job.json with the faulty connector next to the
healthy seq connector, run the real `inlet` binary, and check the output file exactly
("T K N" lines from seq, "f T N" lines from faulty)."""
import collections
import json
import os
import subprocess
import sys
import tempfile

INLET = os.environ["INLET_BIN"]
SEQ_DIR = os.environ["INLET_SEQ_PLUGIN_DIR"]
FAULTY_DIR = os.environ.get("INLET_FAULTY_PLUGIN_DIR", "")


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def write_job(d, faulty=None, seq=None, errors=None, guarantee="exactly-once", interval_ms=100,
              name="faults", **top):
    """A job.json in d with a file sink (value format) and a state dir; returns its path."""
    sources = []
    if seq is not None:
        src = {"name": "healthy", "connector.class": "seq", "tasks.max": 2}
        src.update(seq)
        sources.append(src)
    if faulty is not None:
        src = {"name": "bad", "connector.class": "faulty", "tasks.max": 1}
        src.update(faulty)
        sources.append(src)
    job = {
        "name": name,
        "sources": sources,
        "sink": {"type": "file", "path": f"{d}/out.txt", "format": "value"},
        "snapshot": {"interval.ms": interval_ms, "guarantee": guarantee, "state.dir": f"{d}/state"},
        "plugin.path": [SEQ_DIR, FAULTY_DIR],
        "errors": {"errors.restart.backoff.ms": 50, **(errors or {})},
    }
    job.update(top)
    path = f"{d}/job.json"
    with open(path, "w") as f:
        json.dump(job, f, indent=1)
    return path


def run(job, *flags, timeout=120):
    return subprocess.run([INLET, "run", job, *flags], capture_output=True, text=True,
                          timeout=timeout)


def start(job, *flags):
    return subprocess.Popen([INLET, "run", job, *flags], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def read_output(d):
    """({(task, p): [n…]} of seq, {task: [n…]} of faulty), in file order."""
    seq, faulty = collections.defaultdict(list), collections.defaultdict(list)
    path = f"{d}/out.txt"
    if not os.path.exists(path):
        return seq, faulty
    with open(path) as f:
        for line in f:
            check(line.endswith("\n"), f"a partial line in the output: {line[:80]!r}")
            parts = line.split()
            check(len(parts) == 3, f"a malformed output line: {line[:80]!r}")
            if parts[0] == "f":
                faulty[int(parts[1])].append(int(parts[2]))
            else:
                seq[(int(parts[0]), int(parts[1]))].append(int(parts[2]))
    return seq, faulty


def check_sequence(what, got, count):
    if got == list(range(count)):
        return
    dups = len(got) - len(set(got))
    missing = sorted(set(range(count)) - set(got))
    fail(f"{what}: {len(got)} records, expected {count}; {dups} duplicates, "
         f"{len(missing)} missing (first {missing[:5]})")


def check_exact(d, seq_tasks=0, seq_count=0, faulty=None):
    """seq: every (task, 0) partition holds 0..seq_count-1; faulty: {task: count} likewise."""
    seq, got = read_output(d)
    check(len(seq) == seq_tasks, f"{len(seq)} seq partitions, expected {seq_tasks}")
    for key, ns in seq.items():
        check_sequence(f"seq partition {key}", ns, seq_count)
    faulty = faulty or {}
    check(set(got) == set(faulty), f"faulty tasks {sorted(got)}, expected {sorted(faulty)}")
    for t, count in faulty.items():
        check_sequence(f"faulty task {t}", got[t], count)


def last_line(text):
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else ""


def snapshot_files(d):
    state = f"{d}/state"
    return sorted(f for f in os.listdir(state) if f.startswith("snapshot-")) if os.path.isdir(state) else []


def tests(namespace):
    """Runs every test_* function of the calling module, each in a fresh temp dir."""
    only = sys.argv[1:]
    for name, fn in list(namespace.items()):
        if name.startswith("test_") and (not only or name in only):
            with tempfile.TemporaryDirectory(prefix="inlet-faults-") as d:
                fn(d)
            print("ok", name, flush=True)
