"""The API's threads and the job's, with the real `inlet run --rest`: the API's threads run
--rest-nice steps nicer than the job's (default 10, 0: the same), each thread on its own, so
operators' requests never take CPU the job's threads need; a bad value is refused. And the
cached view behind status and /metrics (rest/view_cache.hpp): a change made through the API is
seen by the very next read, however fresh the cached copy."""
import os

from restlib import Worker, check, check_flag_refused, tempdir, write_files

API_THREADS = 3  # rest/http_server.hpp: io_threads (1) + change_threads (2)


def nices(pid):
    """{tid: niceness} of every thread of `pid`."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            out[int(tid)] = os.getpriority(os.PRIO_PROCESS, int(tid))
        except ProcessLookupError:
            pass  # a thread that ended meanwhile
    return out


def check_threads(w, step):
    n = nices(w.proc.pid)
    base = n[w.proc.pid]  # the main thread: the job's niceness (the test's own)
    want = min(base + step, 19)
    api = [t for t, v in n.items() if v == want and t != w.proc.pid]
    rest = [t for t, v in n.items() if t != w.proc.pid and v != want]
    check(len(api) == API_THREADS, f"--rest-nice {step}: {len(api)} threads at {want}, "
          f"want {API_THREADS}: {n}")
    check(all(n[t] == base for t in rest), f"the job's threads left at {base}: {n}")
    check(len(n) > API_THREADS + 1, f"no job threads seen: {n}")


def main():
    if os.getpriority(os.PRIO_PROCESS, 0) >= 19:
        print("rest priority: skipped, the test already runs at niceness 19")
        raise SystemExit(77)
    with tempdir() as d:
        files = write_files(d, count=0, rate=300)
        w = Worker(d, files, "--rest-nice", "7")
        w.wait_ready()
        check_threads(w, 7)

        # The read endpoints answer from a copy of the view at most 100 ms old; a change
        # through the API drops it, so the status read right after a pause says PAUSED.
        check(w.get("/connectors/seqs/status")[1]["connector"]["state"] == "RUNNING", "RUNNING")
        check(w.get("/metrics")[0] == 200, "/metrics")
        check(w.request("PUT", "/connectors/seqs/pause")[0] == 202, "pause")
        status = w.get("/connectors/seqs/status")[1]
        check(status["connector"]["state"] == "PAUSED", f"the read after the pause: {status}")
        metrics = w.get("/metrics")[1]
        paused = [line for line in metrics.splitlines()
                  if line.startswith("inlet_connector_status{") and 'connector="seqs"' in line
                  and 'status="PAUSED"' in line]
        check(len(paused) == 1 and float(paused[0].rsplit(" ", 1)[1]) == 1,
              f"/metrics right after the pause: {paused}")
        check(w.request("PUT", "/connectors/seqs/resume")[0] == 202, "resume")
        status = w.get("/connectors/seqs/status")[1]
        check(status["connector"]["state"] == "RUNNING", f"the read after the resume: {status}")
        w.stop()

        w = Worker(d, files)
        w.wait_ready()
        check_threads(w, 10)
        w.stop()

        w = Worker(d, files, "--rest-nice", "0")
        w.wait_ready()
        n = nices(w.proc.pid)
        check(len(set(n.values())) == 1, f"--rest-nice 0: every thread at one niceness: {n}")
        w.stop()

        for bad in ("20", "-1"):
            check_flag_refused(d, files, "--rest-nice", bad, "--rest-nice must be 0 to 19")
    print("rest priority: ok")


if __name__ == "__main__":
    main()
