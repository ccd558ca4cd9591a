"""Shared helpers for the REST tests: start the real `inlet run ... --rest` on the seq test
connector, talk to it with http.client, and check the output file exactly."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

INLET = os.environ["INLET_BIN"]
SEQ_DIR = os.environ["INLET_SEQ_PLUGIN_DIR"]
sys.path.insert(0, os.path.join(os.environ["INLET_SOURCE_ROOT"], "tests", "engine"))
import seqcheck  # noqa: E402  (partitions / check_exact over "T K N" lines)

fail, check = seqcheck.fail, seqcheck.check


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_files(d, count, rate, tasks=2, worker_extra=""):
    """A worker .properties (file sink, exactly-once) and one seq connector named 'seqs'."""
    with open(f"{d}/worker.properties", "w") as f:
        f.write(f"offset.storage.file.filename={d}/offsets\noffset.flush.interval.ms=100\n"
                f"plugin.path={SEQ_DIR}\nconfig.providers.allow.env=INLET_REST_TOPIC\n{worker_extra}")
    with open(f"{d}/seqs.properties", "w") as f:
        f.write(f"name=seqs\nconnector.class=seq\ntasks.max={tasks}\ncount={count}\nrate={rate}\n"
                "topic=${env:INLET_REST_TOPIC}\n")
    return [f"{d}/worker.properties", f"{d}/seqs.properties"]


class Worker:
    """One `inlet run` with the API on; stderr goes to a file (read when something fails)."""

    def __init__(self, d, files, *flags, port=None, rest=True):
        self.d, self.port = d, port or free_port()
        self.err_path = f"{d}/stderr.{time.monotonic_ns()}"
        args = [INLET, "run", *files, "--sink", f"file:{d}/out.txt", "--format", "value",
                "--guarantee", "exactly-once", "--quiet", *flags]
        if rest:
            args += ["--rest", f"127.0.0.1:{self.port}"]
        env = dict(os.environ, INLET_REST_TOPIC="secret-topic")
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                     stderr=open(self.err_path, "w"), env=env)

    def stderr(self):
        with open(self.err_path) as f:
            return f.read()

    def wait_ready(self, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            check(self.proc.poll() is None, f"inlet exited early ({self.proc.returncode}):\n{self.stderr()}")
            try:
                status, body = self.get("/connectors/seqs/status")
                if status == 200 and body["tasks"]:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        fail("the REST API did not come up:\n" + self.stderr())

    def request(self, method, path, body=None, headers=None, raw=False):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        c.request(method, path, body=data, headers=headers or {})
        r = c.getresponse()
        text = r.read().decode()
        c.close()
        if raw:
            return r.status, text, r
        return r.status, (json.loads(text) if text and r.getheader("Content-Type", "").startswith("application/json") else text)

    def get(self, path):
        return self.request("GET", path)

    def wait_for(self, what, predicate, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return
            time.sleep(0.05)
        fail(f"timed out waiting for {what}\n" + self.stderr()[-3000:])

    def stop(self, timeout=60):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("inlet did not stop on SIGTERM\n" + self.stderr())
        check(rc == 0, f"inlet exited {rc}:\n{self.stderr()}")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def check_flag_refused(d, files, flag, bad, message):
    """`inlet run ... --rest 127.0.0.1:0 FLAG=BAD` exits 2 saying `message`."""
    r = subprocess.run([INLET, "run", *files, "--sink", f"file:{d}/bad.txt", "--rest",
                        "127.0.0.1:0", f"{flag}={bad}"],
                       capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, INLET_REST_TOPIC="t"))
    check(r.returncode == 2 and message in r.stderr, f"{flag} {bad}: {r.returncode} {r.stderr}")


def expect_error(status_body, status, fragment):
    """Kafka's error shape (ConnectExceptionMapper -> ErrorMessage): exactly two keys."""
    got_status, body = status_body
    check(got_status == status, f"expected HTTP {status}, got {got_status}: {body}")
    check(isinstance(body, dict) and set(body) == {"error_code", "message"},
          f"not Kafka's error shape: {body}")
    check(body["error_code"] == status, f"error_code {body['error_code']} != {status}")
    check(fragment in body["message"], f"{fragment!r} not in {body['message']!r}")


def tempdir():
    return tempfile.TemporaryDirectory(prefix="inlet-rest-")
