"""200 concurrent clients on loopback hammer /connectors/{name}/status and /metrics while a
file->file-like job (seq -> file sink, exactly-once) runs: no request may fail (those beyond the
default admission budget, 500 a second, wait their turn), and the job's output stays exact.
Bounded: each client makes 10 requests, 2,000 in all (about 4 s at the budget). (Throughput under load against the
API off is a benchmark, not a test: BENCHMARKS.md.)"""
import http.client
import threading

from restlib import Worker, check, seqcheck, tempdir, write_files

CLIENTS, REQUESTS, COUNT = 200, 10, 3000


def main():
    with tempdir() as d:
        w = Worker(d, write_files(d, count=COUNT, rate=1000, tasks=2))
        w.wait_ready()
        failures, lock = [], threading.Lock()

        def client(i):
            try:
                c = http.client.HTTPConnection("127.0.0.1", w.port, timeout=30)
                for k in range(REQUESTS):
                    path = "/metrics" if (i + k) % 2 else "/connectors/seqs/status"
                    c.request("GET", path)
                    r = c.getresponse()
                    r.read()
                    if r.status != 200:
                        raise RuntimeError(f"{path}: HTTP {r.status}")
                c.close()
            except Exception as e:  # collected and reported below, never swallowed
                with lock:
                    failures.append(f"client {i}: {e!r}")

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        check(not any(t.is_alive() for t in threads), "clients still running after 120 s")
        check(not failures, f"{len(failures)} failed clients, e.g. {failures[:3]}")
        w.wait_for("all records", lambda: all(len(v) >= COUNT for v in
                                              seqcheck.partitions(f"{d}/out.txt").values())
                   and len(seqcheck.partitions(f"{d}/out.txt")) == 2, timeout=60)
        w.stop()
        seqcheck.check_exact(f"{d}/out.txt", 2, COUNT)
    print(f"load: {CLIENTS} clients x {REQUESTS} requests, no failure")


main()
