"""Backpressure: a fast source into a slow sink (stdout read slowly through a pipe) keeps the
process's peak RSS within its memory budget (plus the process's own fixed baseline, measured
here with a near-idle job, and the sink's 1 MiB write buffer), while far more data than the
budget flows through."""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seqcheck import *  # noqa: E402,F401,F403

BUDGET_MB = 32
PAYLOAD = 4096


def baseline_kb(d):
    props = write_props(f"{d}/idle.properties", rate=100, payload_bytes=PAYLOAD)
    p = start(props, "--sink", "null", "--memory-budget-mb", str(BUDGET_MB))
    time.sleep(1.0)
    kb = vm_hwm_kb(p.pid)
    p.send_signal(signal.SIGTERM)
    check(p.wait(timeout=30) == 0, "idle job did not stop cleanly")
    return kb


with tempdir() as d:
    base = baseline_kb(d)
    props = write_props(f"{d}/fast.properties", payload_bytes=PAYLOAD, partitions_per_task=4)
    p = start(props, "--sink", "stdout", "--format", "value", "--memory-budget-mb", str(BUDGET_MB),
              stdout=subprocess.PIPE)
    read = 0
    t0 = time.time()
    # Read ~8 MB/s: far slower than the source can produce.
    while time.time() - t0 < 8:
        chunk = p.stdout.read(64 * 1024)
        check(chunk, "the job ended early")
        read += len(chunk)
        time.sleep(0.008)
    peak = vm_hwm_kb(p.pid)
    p.send_signal(signal.SIGTERM)
    while p.stdout.read(1 << 20):  # drain so the final flush can finish
        pass
    check(p.wait(timeout=60) == 0, "the job did not stop cleanly")
    limit = base + BUDGET_MB * 1024 + 2 * 1024  # + the sink's write buffer (1.25 MiB)
    print(f"baseline {base} kB, peak {peak} kB, limit {limit} kB, read {read >> 20} MB")
    check(read > (BUDGET_MB << 20), f"only {read} bytes passed: not a backpressure test")
    if os.environ.get("INLET_SANITIZER") == "thread":
        # ThreadSanitizer's shadow memory grows with every byte the process touches, so a peak
        # RSS bound says nothing under it; the flow itself (no deadlock, all read) still counts.
        print("note: RSS bound not checked under ThreadSanitizer")
    else:
        check(peak < limit, f"peak RSS {peak} kB is over budget+baseline {limit} kB")
