"""Shared helpers for the engine/snapshot integration tests: run the real `inlet` binary on the
seq test connector and check its output ("T K N" lines, a gap-free N per partition)."""
import collections
import os
import signal
import subprocess
import sys
import tempfile
import time

INLET = os.environ["INLET_BIN"]
SEQ_DIR = os.environ["INLET_SEQ_PLUGIN_DIR"]


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def write_props(path, name="seq-job", **keys):
    props = {"name": name, "connector.class": "seq", "tasks.max": "2"}
    props.update({k.replace("_", "."): str(v) for k, v in keys.items()})
    with open(path, "w") as f:
        for k, v in props.items():
            f.write(f"{k}={v}\n")
    return path


def cmd(props, *flags):
    return [INLET, "run", props, "--plugin-path", SEQ_DIR, "--quiet", *flags]


def start(props, *flags, env=None, stdout=subprocess.DEVNULL, stderr_path=None):
    err = open(stderr_path, "ab") if stderr_path else subprocess.PIPE
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.Popen(cmd(props, *flags), stdout=stdout, stderr=err, env=e)


def run(props, *flags, env=None, timeout=120):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run(cmd(props, *flags), capture_output=True, text=True, env=e,
                          timeout=timeout)


def partitions(path):
    """{(task, p): [n, ...]} in file order; a torn last line would be a defect too."""
    out = collections.defaultdict(list)
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            check(line.endswith("\n"), f"{path}: a partial line: {line!r}")
            t, k, n = line.split()
            out[(int(t), int(k))].append(int(n))
    return out


def check_exact(path, expected_parts, count):
    """Every partition holds exactly 0..count-1, in order: nothing missing, nothing twice."""
    parts = partitions(path)
    check(len(parts) == expected_parts, f"{len(parts)} partitions in {path}, expected {expected_parts}")
    for key, seq in parts.items():
        if seq != list(range(count)):
            dups = len(seq) - len(set(seq))
            missing = count - len(set(seq) & set(range(count)))
            fail(f"partition {key}: {len(seq)} records, {dups} duplicates, {missing} missing")


def check_no_loss(path, expected_parts, count):
    parts = partitions(path)
    check(len(parts) == expected_parts, f"{len(parts)} partitions, expected {expected_parts}")
    for key, seq in parts.items():
        missing = set(range(count)) - set(seq)
        check(not missing, f"partition {key}: {len(missing)} records missing")


def vm_hwm_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def tempdir():
    return tempfile.TemporaryDirectory(prefix="inlet-engine-")
