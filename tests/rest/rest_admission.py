"""The API's admission budget (--rest-max-rate, rest/admission.hpp) with the real `inlet run
--rest`: requests beyond the budget wait their turn and are all answered (none refused); no
more than the budget is served; turns go in arrival order, so clients that keep their
connections alive and hammer the API cannot crowd out one that opens a connection per request;
a keep-alive connection stays open across requests; a change (PUT pause) goes through while
reads flood; bad values are refused. Bounded: about 3 s of requests at 20 a second."""
import http.client
import threading
import time

from restlib import Worker, check, check_flag_refused, tempdir, write_files

RATE = 20  # requests a second; the burst is a tenth of a second's worth, at least 1: 2
BURST = 2
HAMMERS = 4  # keep-alive clients asking as fast as they are answered
OTHER = 8  # requests of the client that opens a new connection for each


def main():
    with tempdir() as d:
        files = write_files(d, count=0, rate=300)
        w = Worker(d, files, "--rest-max-rate", str(RATE))
        w.wait_ready()

        done = threading.Event()
        counts, failures, lock = [0] * HAMMERS, [], threading.Lock()

        def hammer(i):
            try:
                c = http.client.HTTPConnection("127.0.0.1", w.port, timeout=30)
                c.connect()
                first = c.sock
                while not done.is_set():
                    c.request("GET", "/connectors/seqs/status")
                    r = c.getresponse()
                    r.read()
                    if r.status != 200:
                        raise RuntimeError(f"HTTP {r.status}")
                    if c.sock is not first:  # http.client reconnects silently: catch it here
                        raise RuntimeError("the server closed a keep-alive connection")
                    with lock:
                        counts[i] += 1
                c.close()
            except Exception as e:  # collected and reported below, never swallowed
                with lock:
                    failures.append(f"hammer {i}: {e!r}")

        threads = [threading.Thread(target=hammer, args=(i,)) for i in range(HAMMERS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        time.sleep(0.3)  # the hammers are queued for their turns
        with lock:
            before = sum(counts)
        other = []
        for k in range(OTHER):
            if k == OTHER // 2:  # a change while the reads flood: answered, and seen at once
                other.append(w.request("PUT", "/connectors/seqs/pause")[0])
                state = w.get("/connectors/seqs/status")[1]["connector"]["state"]
                check(state == "PAUSED", f"status right after the pause, under load: {state}")
            else:
                other.append(w.get("/metrics")[0])
        with lock:
            during = sum(counts) - before
        done.set()
        for t in threads:
            t.join(timeout=60)
        elapsed = time.monotonic() - started
        check(not any(t.is_alive() for t in threads), "hammers still running after 60 s")
        check(not failures, f"{len(failures)} failed clients: {failures}")
        check(other == [200] * (OTHER // 2) + [202] + [200] * (OTHER - OTHER // 2 - 1),
              f"the other client's answers: {other}")
        # The budget: no window of T seconds holds more than BURST + RATE * T turns (the hammers'
        # last answers may land just after `elapsed` was taken: one each).
        served = sum(counts) + OTHER + 1
        check(served <= BURST + RATE * elapsed + HAMMERS,
              f"{served} requests served in {elapsed:.2f} s: more than {RATE}/s allows")
        # Arrival order: each of the other client's requests waits behind at most one queued
        # request per hammer (and, while it opens its next connection, one turn more each).
        check(during <= HAMMERS * (OTHER + 1) * 2,
              f"the keep-alive hammers got {during} turns while the other client got {OTHER + 1}")
        check(during > 0, "the hammers were served meanwhile too")
        w.stop()

        for bad in ("-1", "1000001"):
            check_flag_refused(d, files, "--rest-max-rate", bad, "--rest-max-rate must be 0")
    print(f"rest admission: {sum(counts)} hammer requests and {OTHER + 1} others in "
          f"{elapsed:.2f} s at {RATE}/s, none refused")


if __name__ == "__main__":
    main()
