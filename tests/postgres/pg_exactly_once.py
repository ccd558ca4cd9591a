#!/usr/bin/env python3
"""Exactly-once from a real PostgreSQL 15 into inlet's file sink, under a steady write load:
kill -9 of inlet five times (inside transactions too: some have thousands of changes, more than
one inlet batch) and the
server itself killed and restarted (pg_snapshot.py does the initial snapshot). Every change comes
out exactly once, in commit order per table; the slot's confirmed_flush_lsn never passes what the
last durable inlet snapshot can replay (read while inlet is dead, compared with the position the
restart resumes from).
"""
import os
import random
import re
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgserver  # noqa: E402
from pgtest import wait_streaming, Failure, check, count_lines, durable_lines, main, scenarios_of, start, stop, values, wait_for  # noqa: E402


def lsn(text):
    hi, lo = text.split("/")
    return (int(hi, 16) << 32) | int(lo, 16)


class Writer:
    """psql sessions applying transactions of 1-40 inserts/updates over tables a and b (and, with
    big, some of 2,000-5,000 inserts); keeps
    the expected change list per table in commit order (one writer: program order)."""

    def __init__(self, server, db, seed, big=False):
        self.server, self.db, self.big = server, db, big
        self.rng = random.Random(seed)
        self.expected = {"a": [], "b": []}
        self.next_id = {"a": 1, "b": 1}
        self.stop_flag = threading.Event()
        self.thread = None

    def batch(self):
        if self.big and self.rng.random() < 0.15:
            # A transaction larger than inlet's batches: kills land inside it.
            t = self.rng.choice("ab")
            lo = self.next_id[t]
            hi = lo + self.rng.randint(2000, 5000)
            self.next_id[t] = hi + 1
            return (f"INSERT INTO {t} SELECT g, g % 1000 FROM generate_series({lo}, {hi}) g;",
                    [(t, ("c", g, g % 1000)) for g in range(lo, hi + 1)])
        stmts, changes = [], []
        for _ in range(self.rng.randint(1, 40)):
            t = self.rng.choice("ab")
            if self.next_id[t] > 1 and self.rng.random() < 0.3:
                i = self.rng.randrange(1, self.next_id[t])
                v = self.rng.randrange(10**6)
                stmts.append(f"UPDATE {t} SET v = {v} WHERE id = {i};")
                changes.append((t, ("u", i, v)))
            else:
                i = self.next_id[t]
                self.next_id[t] += 1
                v = self.rng.randrange(10**6)
                stmts.append(f"INSERT INTO {t} VALUES ({i}, {v});")
                changes.append((t, ("c", i, v)))
        return "BEGIN;" + "".join(stmts) + "COMMIT;", changes

    def run_for(self, seconds):
        """Writes in the foreground for `seconds` (each transaction confirmed before counted)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            sql, changes = self.batch()
            self.server.sql(sql, db=self.db)
            for t, c in changes:
                self.expected[t].append(c)

    def start(self):
        def loop():
            while not self.stop_flag.is_set():
                self.run_for(0.2)
        self.thread = threading.Thread(target=loop, daemon=True)
        self.thread.start()

    def stop(self):
        self.stop_flag.set()
        self.thread.join(timeout=60)
        self.stop_flag.clear()

    def total(self):
        return sum(len(v) for v in self.expected.values())


def changes_out(out):
    got = {"a": [], "b": []}
    for p in values(out):
        if p is None:
            continue  # tombstones (there are no deletes here)
        row = p["after"]
        got[p["source"]["table"]].append((p["op"], row["id"], row["v"]) if p["op"] != "r" else ("r", row["id"], row["v"]))
    return got


def setup(server, db):
    server.createdb(db)
    server.sql("CREATE TABLE a (id int PRIMARY KEY, v int); CREATE TABLE b (id int PRIMARY KEY, v int);", db=db)


def props_for(server, tmp, db, **extra):
    p = server.connector_props(db, **{"snapshot.mode": "no_data", "errors.retry.timeout": "60000",
                                      "slot.name": f"s_{db}"})
    p.update(extra)
    return pgserver.write_props(os.path.join(tmp, f"{db}.properties"), p)


def confirmed(server, db):
    slot = f"s_{db}"
    rows = server.sql(f"SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '{slot}'", db=db)
    return lsn(rows[0])


def resumed_at(log):
    m = re.findall(r"resuming at ([0-9A-F]+/[0-9A-F]+)", log)
    return lsn(m[-1]) if m else None


def compare(expected, got):
    for t in ("a", "b"):
        e, g = expected[t], got[t]
        if e != g:
            n = next((i for i, (x, y) in enumerate(zip(e, g)) if x != y), min(len(e), len(g)))
            raise Failure(f"table {t}: {len(g)} changes out, {len(e)} expected; first difference at #{n}: "
                          f"want {e[n:n + 3]}, got {g[n:n + 3]}")


def scenario_kill_9_five_times_under_load(server, tmp):
    setup(server, "eo")
    props = props_for(server, tmp, "eo")
    out, state = os.path.join(tmp, "out.jsonl"), os.path.join(tmp, "state")
    w = Writer(server, "eo", 1, big=True)
    p = start(props, out, state, fmt="envelope")
    wait_streaming(server, p, 1, "the slot to be streaming")
    w.start()
    rng = random.Random(7)
    try:
        for kill in range(5):
            time.sleep(rng.uniform(0.5, 1.0))
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
            flushed = confirmed(server, "eo")
            p = start(props, out, state, fmt="envelope")
            wait_streaming(server, p, 1, f"the restart after kill {kill + 1} to stream")
            # The log says where the restart resumed: the restored (durable) offset.
            check(flushed <= (resumed_at_proc(p) or 0),
                  f"kill {kill + 1}: confirmed_flush_lsn {flushed:X} is past the restored offset")
    finally:
        w.stop()
    wait_for(lambda: count_lines(out) >= w.total(), f"all {w.total()} changes in the output", proc=p)
    time.sleep(0.5)
    rc, log = stop(p)
    check(rc == 0, f"inlet should stop cleanly, got {rc}:\n{log[-2000:]}")
    compare(w.expected, changes_out(out))
    check(w.total() > 200, f"the load should be steady (only {w.total()} changes)")
    mid = sum(1 for text in _logs.values() if re.search(r"resuming at \S+ after record", text))
    print(f"     {w.total()} changes, 5 kills, {mid} restart(s) resumed inside a transaction")


_logs = {}


def resumed_at_proc(p):
    """Reads what the process logged so far without stopping it (stderr is a pipe)."""
    import fcntl
    fd = p.stderr.fileno()
    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    fcntl.fcntl(fd, fcntl.F_SETFL, flags | os.O_NONBLOCK)
    end = time.monotonic() + 30
    while time.monotonic() < end:
        try:
            chunk = p.stderr.read()
        except (BlockingIOError, TypeError):
            chunk = None
        if chunk:
            _logs[p.pid] = _logs.get(p.pid, "") + chunk
        at = resumed_at(_logs.get(p.pid, ""))
        if at is not None:
            fcntl.fcntl(fd, fcntl.F_SETFL, flags)
            return at
        time.sleep(0.05)
    fcntl.fcntl(fd, fcntl.F_SETFL, flags)
    return None


def scenario_server_killed_and_restarted(server, tmp):
    setup(server, "srvkill")
    props = props_for(server, tmp, "srvkill")
    out, state = os.path.join(tmp, "out.jsonl"), os.path.join(tmp, "state")
    w = Writer(server, "srvkill", 2)
    p = start(props, out, state, fmt="envelope")
    wait_streaming(server, p, 1, "the slot to be streaming")
    w.run_for(1.0)
    server.restart()  # immediate shutdown: the walsender dies with it
    w.run_for(1.0)
    server.restart()
    w.run_for(0.5)
    wait_for(lambda: count_lines(out) >= w.total(), f"all {w.total()} changes after the server came back", proc=p)
    rc, log = stop(p)
    check(rc == 0, f"inlet should stop cleanly, got {rc}:\n{log[-2000:]}")
    check("reconnected" in log, f"the stream should say it reconnected:\n{log[-2000:]}")
    compare(w.expected, changes_out(out))


def scenario_kill_9_inside_a_large_transaction(server, tmp):
    """One transaction of 200,000 inserts, far larger than a batch: kill -9 lands inside it, the
    restart resumes after the last durable record of it (the log says so) and the output holds
    each row once, in order. The transaction is large enough (seconds of streaming) that a
    snapshot, whose first fdatasync of the output can take a second, becomes durable inside it."""
    ROWS = 200_000
    setup(server, "bigtx")
    props = props_for(server, tmp, "bigtx")
    out, state = os.path.join(tmp, "out.jsonl"), os.path.join(tmp, "state")
    p = start(props, out, state, fmt="envelope")
    wait_streaming(server, p, 1, "the slot to be streaming")
    server.sql(f"INSERT INTO a SELECT g, g % 1000 FROM generate_series(1, {ROWS}) g;", db="bigtx")
    # Kill once a durable snapshot holds part of the transaction (not merely once part of it is
    # in the output: snapshots are written off the sink thread, so the first one to hold the
    # slot's partition can land after thousands of lines).
    wait_for(lambda: durable_lines(out, state) >= 1, "a snapshot inside the transaction", proc=p)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    held = durable_lines(out, state)
    check(held < ROWS, f"the kill should land inside the transaction ({held} of {ROWS:,} rows were durable)")
    p = start(props, out, state, fmt="envelope")
    try:
        wait_for(lambda: count_lines(out) >= ROWS, "the whole transaction", proc=p)
        time.sleep(0.3)
    finally:
        rc, log = stop(p)
    check(rc == 0, f"inlet should stop cleanly:\n{log[-1500:]}")
    check(re.search(r"resuming at \S+ after record [1-9]\d* of the transaction committed at", log),
          f"the restart should resume inside the transaction:\n{log[-1500:]}")
    compare({"a": [("c", g, g % 1000) for g in range(1, ROWS + 1)], "b": []}, changes_out(out))


if __name__ == "__main__":
    sys.exit(main(scenarios_of(globals())))
