"""Who may use the REST API, how it is switched on, and the CLI verbs over it, with the real
`inlet`: the bearer token (401 without it, Kafka's error shape), the refusal to serve another
address than loopback without a token or --rest-insecure, the worker keys listeners= and
rest.auth.token.file, and `inlet status` / `inlet connectors` against a running worker."""
import json
import os
import socket
import subprocess

from restlib import INLET, Worker, check, expect_error, free_port, tempdir, write_files

TOKEN = "s3cret-token-for-tests"
ENV = dict(os.environ, INLET_REST_TOPIC="t")


def cli(*args):
    return subprocess.run([INLET, *args], capture_output=True, text=True, timeout=60)


def main():
    with tempdir() as d:
        with open(f"{d}/token", "w") as f:
            f.write(TOKEN + "\n")
        port = free_port()
        # The worker keys: listeners= and rest.auth.token.file, no --rest flag at all.
        files = write_files(d, count=0, rate=200,
                            worker_extra=f"listeners=http://127.0.0.1:{port}\nrest.auth.token.file={d}/token\n")
        w = Worker(d, files, port=port, rest=False)
        auth = {"Authorization": "Bearer " + TOKEN}
        w.wait_for("the API", lambda: w.proc.poll() is None and _up(w))
        expect_error(w.get("/connectors"), 401, "bearer token")
        expect_error(w.request("GET", "/connectors", headers={"Authorization": "Bearer wrong"}), 401, "bearer")
        expect_error(w.request("GET", "/connectors", headers={"Authorization": TOKEN}), 401, "bearer")
        check(w.request("GET", "/connectors", headers=auth) == (200, ["seqs"]), "the right token is let in")
        w.wait_for("tasks", lambda: w.request("GET", "/connectors/seqs/status", headers=auth)[1]["tasks"])

        base = ["--rest", f"http://127.0.0.1:{port}", "--token-file", f"{d}/token"]
        r = cli("status", *base)
        check(r.returncode == 0 and "seqs" in r.stdout and "RUNNING" in r.stdout, f"status:\n{r.stdout}{r.stderr}")
        r = cli("status", *base, "--json")
        check(r.returncode == 0, r.stderr)
        tasks = json.loads(r.stdout)["seqs"]["status"]["tasks"]
        check(len(tasks) == 2 and all("records" in t for t in tasks), f"status --json: {tasks}")
        r = cli("connectors", "pause", "seqs", *base)
        check(r.returncode == 0 and "accepted" in r.stdout, f"connectors pause: {r.stdout}{r.stderr}")
        w.wait_for("PAUSED", lambda: w.request("GET", "/connectors/seqs/status", headers=auth)[1]
                   ["connector"]["state"] == "PAUSED")
        r = cli("connectors", "resume", "seqs", *base)
        check(r.returncode == 0, r.stderr)
        r = cli("connectors", "stop", "nope", *base)
        check(r.returncode == 1 and "Connector nope not found" in r.stderr, f"unknown connector: {r.stderr}")
        r = cli("connectors", "pause", "seqs", "--rest", f"http://127.0.0.1:{port}")
        check(r.returncode == 1 and "bearer token" in r.stderr, f"no token: {r.stderr}")
        r = cli("connectors", "explode", "seqs", *base)
        check(r.returncode == 2, f"bad action: {r.returncode} {r.stderr}")
        w.stop()
        r = cli("status", "--rest", f"127.0.0.1:{port}")
        check(r.returncode == 1 and "cannot reach the worker" in r.stderr, f"no worker: {r.stderr}")

        # Another address than loopback: refused without a token, allowed with --rest-insecure.
        files = write_files(d, count=0, rate=100)
        other = ["--sink", f"file:{d}/out2.txt", "--plugin-path", "/nonexistent"]
        r = subprocess.run([INLET, "run", *files, *other, "--rest", f"0.0.0.0:{free_port()}"],
                           capture_output=True, text=True, timeout=60, env=ENV)
        check(r.returncode == 2 and "--rest-token-file" in r.stderr and "--rest-insecure" in r.stderr,
              f"0.0.0.0 without a token: {r.returncode} {r.stderr}")
        r = subprocess.run([INLET, "run", *files, *other, "--rest", "127.0.0.1:notaport"],
                           capture_output=True, text=True, timeout=60, env=ENV)
        check(r.returncode == 2 and "HOST:PORT" in r.stderr, f"bad --rest: {r.stderr}")
        # A port already in use: refused before the job starts, so no record is written.
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            r = subprocess.run([INLET, "run", *files, "--sink", f"file:{d}/out3.txt", "--rest",
                                f"127.0.0.1:{busy.getsockname()[1]}"],
                               capture_output=True, text=True, timeout=60, env=ENV)
        check(r.returncode == 1 and "cannot serve the REST API" in r.stderr, f"port in use: {r.stderr}")
        check(not os.path.exists(f"{d}/out3.txt") or os.path.getsize(f"{d}/out3.txt") == 0,
              "records were written by a worker that could not serve its API")
        port = free_port()
        w = Worker(d, files, "--rest", f"0.0.0.0:{port}", "--rest-insecure", port=port, rest=False)
        w.wait_ready()
        check("no token" in w.stderr(), "--rest-insecure must log a warning")
        w.stop()
    print("rest security: ok")


def _up(w):
    try:
        return w.get("/")[0] == 401
    except OSError:
        return False


main()
