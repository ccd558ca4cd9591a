"""A plugin's counters in `inlet run`'s end summary (inlet_host.count, ABI 1.1): the bundled file
connector counts the lines line.too.long=skip drops, and the summary prints them per task, with
every count's noun agreeing with its number."""
import os
import subprocess
import sys
import tempfile

INLET = os.environ["INLET_BIN"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(tmp, "in.txt")
    with open(data, "w") as f:
        f.write("short\n" + "x" * 100 + "\nfine\n" + "y" * 50 + "\n")
    conn = os.path.join(tmp, "conn.properties")
    with open(conn, "w") as f:
        f.write(f"name=long\nconnector.class=file\nfile={data}\ntopic=t\nmode=bounded\n"
                "line.max.bytes=16\nline.too.long=skip\n")
    out = os.path.join(tmp, "out.txt")
    env = {k: v for k, v in os.environ.items() if k != "INLET_PLUGIN_PATH"}
    r = subprocess.run([INLET, "run", conn, "--sink", f"file:{out}", "--format", "value",
                        "--guarantee", "none"], capture_output=True, text=True, env=env, timeout=60)
    with open(out) as f:
        check(f.read().splitlines() == ["short", "fine"], "the overlong lines are skipped")
    task = [ln for ln in r.stderr.splitlines() if ln.strip().startswith("long/0")]
    check(r.returncode == 0 and len(task) == 1 and "2 records, " in task[0] and
          task[0].rstrip().endswith("lines.skipped 2"),
          f"the task's summary line counts the skipped lines: {r.returncode} {r.stderr}")
    job = [ln for ln in r.stderr.splitlines() if ln.startswith("inlet: job")]
    check(job and "0 snapshots" in job[0] and "2 records (" in job[0], f"the job line: {job}")

if failures:
    sys.exit(1)
print("ok")
