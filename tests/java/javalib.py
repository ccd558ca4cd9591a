"""Shared helpers of the kafka-connect bridge's integration tests: where the stand-in API jars
and the test connectors were built (build_jars.py), the bridge plugin's presence (a test exits
77, skipped, with the reason when it or the JDK is missing), .properties files written the way
Kafka Connect standalone reads them, and running the real `inlet` until its output is complete."""
import glob
import os
import signal
import subprocess
import sys
import tempfile
import time

INLET = os.environ["INLET_BIN"]
BUILD = os.environ["INLET_BUILD_ROOT"]
OUT = os.environ["INLET_JAVA_OUT"]
LIBS = os.path.join(OUT, "kafka", "libs")
LIBS_41 = os.path.join(OUT, "kafka-4.1", "libs")  # the stand-in as of Kafka 4.1 (KIP-877)
PLUGINS = os.path.join(OUT, "plugins")
BROKEN = os.path.join(OUT, "broken")
# Sanitized runs scale waits (tools/sanitize); this suite is not among them, but keep the knob.
SCALE = float(os.environ.get("INLET_TEST_TIME_SCALE", "1"))

CLASSES = {
    "linefile": ("inlet.testconnectors.linefile.LineFileSourceConnector", "1.0.0-linefile"),
    "alltypes": ("inlet.testconnectors.alltypes.AllTypesSourceConnector", "2.1.0-alltypes"),
    "faulty": ("inlet.testconnectors.faults.FaultySourceConnector", "0.9.0-faults"),
    "stubborn": ("inlet.testconnectors.faults.StubbornSourceConnector", "0.9.0-faults"),
    "reconfig": ("inlet.testconnectors.reconfig.ReconfiguringSourceConnector", "1.0.0-reconfig"),
    "commitrecord": ("inlet.testconnectors.commitrecord.CommitRecordSourceConnector", "1.0.0-commitrecord"),
    "counter": ("inlet.testconnectors.counter.CounterSourceConnector", "3.0.0-counter"),
    "oldstyle": ("inlet.testconnectors.oldstyle.OldStyleSourceConnector", "0.10.0-oldstyle"),
    "widestruct": ("inlet.testconnectors.widestruct.WideStructSourceConnector", "1.0.0-widestruct"),
    "metrics41": ("inlet.testconnectors.metrics41.PluginMetricsSourceConnector", "4.1.0-metrics41"),
}


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def skip(reason):
    print("SKIP: " + reason)
    sys.exit(77)


def require_bridge():
    """Skips the test (exit 77) unless the jars and the kafka-connect plugin were built."""
    if not os.path.isfile(os.path.join(LIBS, "connect-api-3.8.0.jar")):
        skip(f"the stand-in Kafka API jars were not built in {LIBS} (no javac)")
    found = glob.glob(os.path.join(BUILD, "plugins", "kafka-connect", "*.so"))
    if not found:
        skip("the kafka-connect bridge plugin is not built (no JDK at configure time, or "
             "plugins/kafka-connect absent)")
    return found[0]


def write_properties(path, props):
    """A .properties file as Kafka Connect standalone reads it (key=value, one per line)."""
    with open(path, "w") as f:
        for k, v in props.items():
            f.write(f"{k}={v}\n")
    return path


def worker(d, plugin_path=PLUGINS, libs=LIBS, **extra):
    """A standalone worker.properties with the keys Kafka Connect reads, plus inlet's bridge keys."""
    props = {
        "bootstrap.servers": "localhost:9092",  # Kafka-only: inlet warns and ignores it
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "offset.storage.file.filename": os.path.join(d, "connect.offsets"),
        "offset.flush.interval.ms": "100",
        "plugin.path": plugin_path,
        "kafka.connect.libs": libs,
    }
    props.update(extra)
    return write_properties(os.path.join(d, "worker.properties"), props)


def connector(d, name, cls, **props):
    return write_properties(os.path.join(d, f"{name}.properties"),
                            {"name": name, "connector.class": cls, "tasks.max": "1", **props})


def run(args, timeout=60, env=None):
    """inlet to its end, output captured; env: its environment instead of the test's."""
    return subprocess.run([INLET, *args], capture_output=True, text=True, timeout=timeout * SCALE, env=env)


def start(args, stderr_path=None):
    """inlet in the background; its stderr to a file when the test reads it while inlet runs."""
    err = open(stderr_path, "w") if stderr_path else subprocess.PIPE
    p = subprocess.Popen([INLET, *args], stdout=subprocess.PIPE, stderr=err, text=True)
    if stderr_path:
        err.close()
    p.stderr_path = stderr_path  # for wait_for's message when inlet exits
    return p


def text(path):
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def lines(path):
    """The complete lines of a file (a kill -9 may leave a partial last one, cut at restart)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        text = f.read()
    return text.split("\n")[:-1]


def wait_for(cond, timeout, what, proc=None):
    """Polls cond() every 20 ms; fails with `what` (and inlet's stderr) after timeout seconds."""
    deadline = time.monotonic() + timeout * SCALE
    while time.monotonic() < deadline:
        if cond():
            return
        if proc is not None and proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else text(proc.stderr_path)[-4000:]
            fail(f"inlet exited ({proc.returncode}) while waiting for {what}: {err}")
        time.sleep(0.02)
    err = ""
    if proc is not None:
        proc.kill()
        err = proc.communicate()[1] or ""
    fail(f"timed out waiting for {what}\n{err}")


def stop(proc, timeout=20):
    """SIGTERM (final snapshot, exit 0); returns (exit code, stderr)."""
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=timeout * SCALE)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        fail(f"inlet did not stop within {timeout} s of SIGTERM: {err}")
    return proc.returncode, err or ""


def tmpdir():
    return tempfile.TemporaryDirectory(prefix="inlet-java-")


def check_stopped(code, err, what="inlet run"):
    """SIGTERM ends a run with a final snapshot and exit 0."""
    check(code == 0, f"{what}: exit {code} after SIGTERM: {err}")


def main(g, known_gaps=None):
    """Runs every test_* of module globals g (or those named on the command line). A test in
    known_gaps must fail (it is printed as XFAIL with its reason); if it passes, that is a
    failure saying to remove it from the list."""
    require_bridge()
    known_gaps = known_gaps or {}
    only = sys.argv[1:]
    for name, fn in list(g.items()):
        if not (name.startswith("test_") and callable(fn)) or (only and name not in only):
            continue
        if name in known_gaps:
            try:
                fn()
            except SystemExit:
                print(f"XFAIL {name}: {known_gaps[name]}")
                continue
            fail(f"{name} now passes: remove it from KNOWN_GAPS ({known_gaps[name]})")
        fn()
        print(f"ok {name}")
