"""Shared by the postgres tests: running the real `inlet` on the real postgres plugin, waiting
for output, reading it back. Each test file is a list of scenario_* functions sharing one server.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pgserver

INLET = os.environ.get("INLET_BIN", "build/inlet")
PLUGIN_DIR = os.environ.get("INLET_PG_PLUGIN_DIR")
# The most any condition may take on a loaded machine; tools/sanitize stretches it.
WAIT = 60.0 * float(os.environ.get("INLET_TEST_TIME_SCALE", "1"))


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def plugin_args():
    return ["--plugin-path", PLUGIN_DIR] if PLUGIN_DIR else []


def start(props, out, state=None, fmt="connect-json", extra=()):
    args = [INLET, "run", props, "--sink", f"file:{out}", "--format", fmt] + plugin_args()
    if state:
        args += ["--guarantee", "exactly-once", "--state-dir", state, "--snapshot-interval-ms", "200"]
    return subprocess.Popen(args + list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(args, timeout=WAIT):
    return subprocess.run([INLET] + args + plugin_args(), capture_output=True, text=True, timeout=timeout)


def stop(proc, sig=signal.SIGINT):
    if proc.poll() is None:
        proc.send_signal(sig)
    out, err = proc.communicate(timeout=WAIT)
    return proc.returncode, out + err


def wait_for(cond, what, timeout=WAIT, proc=None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        if proc is not None and proc.poll() is not None:
            _, log = stop(proc)
            raise Failure(f"inlet exited ({proc.returncode}) while waiting for {what}:\n{log[-3000:]}")
        time.sleep(0.05)
    raise Failure(f"timed out waiting for {what}")


def wait_streaming(server, proc, slots=1, what="the slot to be streaming", timeout=WAIT):
    """Until `slots` replication slots are in use (the stream has started)."""
    wait_for(lambda: server.sql("SELECT count(*) FROM pg_replication_slots WHERE active") == [str(slots)],
             what, proc=proc, timeout=timeout)


def lines_of(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")[:-1]


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n")
    except OSError:
        return 0


def durable_lines(out, state):
    """Lines of `out` that the newest readable snapshot in `state` holds (its sink length): what a
    kill -9 now cannot take back."""
    try:
        names = sorted(n for n in os.listdir(state) if n.startswith("snapshot-"))
    except OSError:
        return 0
    for name in reversed(names):
        try:
            with open(os.path.join(state, name)) as f:
                length = json.loads(f.readline())["sink"]["length"]
            with open(out, "rb") as f:
                return f.read(length).count(b"\n")
        except (OSError, ValueError, KeyError):
            continue  # being replaced: the engine would skip it too
    return 0


def values(path):
    """--format envelope lines: each record's value (None for a tombstone)."""
    return [json.loads(l)["value"] for l in lines_of(path)]


def records(path):
    """connect-json lines as (schema, payload); tombstones as (None, None). A tombstone is an
    empty line: Kafka's JsonConverter gives no bytes for a null value without a schema
    (JsonConverterTest.nullSchemaAndNullValueToJson; host/sink/README.md)."""
    out = []
    for l in lines_of(path):
        if not l.strip():
            out.append((None, None))
            continue
        r = json.loads(l)
        out.append((r["schema"], r["payload"]))
    return out


def main(scenarios, server_conf=None):
    pgserver.install_signal_cleanup()
    only = sys.argv[1:]
    failed = 0
    with pgserver.PgServer(server_conf) as server:
        for name, fn in scenarios:
            if only and not any(o in name for o in only):
                continue
            tmp = tempfile.mkdtemp(prefix="inlet-pgtest-")
            t0 = time.monotonic()
            try:
                fn(server, tmp)
                print(f"ok   {name} ({time.monotonic() - t0:.1f} s)")
            except Exception as e:  # report every scenario, then fail
                failed += 1
                print(f"FAIL {name}: {e}")
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


def scenarios_of(module_globals):
    return [(n, f) for n, f in module_globals.items() if n.startswith("scenario_")]
