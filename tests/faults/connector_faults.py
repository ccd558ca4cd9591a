"""Connector faults end to end: each fault of the faulty connector, provoked in a job next to the
healthy seq connector, checked for its message, the exit code, the healthy connector's exact
output, and exactly-once output of the faulty one (in-process restart, or a rerun from the
snapshot after a crash)."""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import *  # noqa: E402,F401,F403

SEQ = {"count": 400}


def rerun_clean(d, job_kwargs, expect):
    """Reruns the same job with the fault switched off: it must resume and finish exactly."""
    kw = dict(job_kwargs)
    kw["faulty"] = dict(kw["faulty"], fault="none")
    job = write_job(d, **kw)
    r = run(job)
    check(r.returncode == 0, f"rerun: exit {r.returncode}: {r.stderr}")
    check("resuming job 'faults' from snapshot" in r.stderr, f"rerun did not resume: {r.stderr}")
    check_exact(d, **expect)


def test_retriable_then_ok(d):
    job = write_job(d, seq=SEQ,
                    faulty={"count": 500, "fault": "retriable-then-ok", "fault.at": 150,
                            "fault.times": 3},
                    errors={"errors.retry.timeout": 10000, "errors.retry.delay.max.ms": 100})
    r = run(job)
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    retries = r.stderr.count("[bad/0] poll() failed, retrying")
    check(retries == 3, f"expected 3 retry warnings, got {retries}: {r.stderr}")
    check("upstream busy at record 150" in r.stderr, r.stderr)
    check("restart" not in r.stderr, f"retries within the timeout must not restart: {r.stderr}")
    check_exact(d, 2, 400, {0: 500})


def test_retries_exhausted_restart_exactly_once(d):
    # errors.retry.timeout=0: no retries (Kafka's default), so each retriable failure fails the
    # task; it is restarted in-process from the offsets already written.
    job = write_job(d, seq=SEQ,
                    faulty={"count": 700, "per.poll": 7, "fault": "retriable-then-ok",
                            "fault.at": 333, "fault.times": 2},
                    errors={"errors.retry.timeout": 0, "errors.restart.attempts": 3})
    r = run(job)
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check("task bad/0 failed in poll(): faulty: upstream busy at record 333 (retriable) (still "
          "failing after 0 retries; errors.retry.timeout=0 ms); restarting it" in r.stderr, r.stderr)
    check(r.stderr.count("task bad/0 restarted") == 2, r.stderr)
    check("2 restarts" in r.stderr, f"the summary must count restarts: {r.stderr}")
    check_exact(d, 2, 400, {0: 700})


def test_fatal_restart_exactly_once(d):
    # Snapshots every 20 ms and 7 records per poll: the failure lands between snapshots, with
    # records of the failed task already written after the last one.
    job = write_job(d, seq=SEQ, interval_ms=20,
                    faulty={"tasks.max": 2, "count": 2000, "per.poll": 7, "fault": "fatal",
                            "fault.at": 1234, "fault.task": 1})
    r = run(job)
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check("task bad/1 failed in poll(): faulty: fatal failure at record 1234; restarting it in 50 ms "
          "(restart 1 of 3)" in r.stderr, r.stderr)
    check_exact(d, 2, 400, {0: 2000, 1: 2000})


def test_fatal_for_good_others_keep_running(d):
    kw = dict(seq=SEQ,
              faulty={"tasks.max": 2, "count": 600, "fault": "fatal", "fault.at": 100,
                      "fault.times": -1},
              errors={"errors.restart.attempts": 2})
    r = run(write_job(d, **kw))
    check(r.returncode == 1, f"a task that ended FAILED must fail the run: exit {r.returncode}")
    expected = "inlet run: task bad/0 failed in poll(): faulty: fatal failure at record 100 (after 2 restarts)"
    check(last_line(r.stderr) == expected, f"last line {last_line(r.stderr)!r}\n{r.stderr}")
    check("job 'faults' FAILED" in r.stderr and "FAILED: task bad/0" in r.stderr, r.stderr)
    # The healthy connector and the healthy task of the faulty one finished exactly; the failed
    # task got exactly up to its fault.
    check_exact(d, 2, 400, {0: 100, 1: 600})
    rerun_clean(d, kw, {"seq_tasks": 2, "seq_count": 400, "faulty": {0: 600, 1: 600}})


def test_fail_fast_stops_the_job(d):
    kw = dict(seq={"count": 100000, "rate": 2000},
              faulty={"count": 600, "fault": "fatal", "fault.at": 100, "fault.times": -1},
              errors={"errors.fail.fast": True})
    t0 = time.monotonic()
    r = run(write_job(d, **kw))
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    check(time.monotonic() - t0 < 30, "fail fast must not wait for the other connector")
    check(last_line(r.stderr) == "inlet run: task bad/0 failed in poll(): faulty: fatal failure at "
          "record 100 (errors.fail.fast: stopping the job)", r.stderr)
    # No final snapshot after a fail-fast stop: the rerun resumes from the last periodic one
    # and the output ends exact (the seq connector is bounded at 100000 per partition).
    kw["seq"] = {"count": 3000}
    rerun_clean(d, kw, {"seq_tasks": 2, "seq_count": 3000, "faulty": {0: 600}})


def test_exception_through_the_abi(d):
    job = write_job(d, seq=SEQ, interval_ms=30,
                    faulty={"count": 900, "per.poll": 11, "fault": "throw", "fault.at": 456})
    r = run(job)
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check("task bad/0 failed in poll(): threw a C++ exception through the C ABI (plugin 'faulty'): "
          "faulty: thrown at record 456; restarting it" in r.stderr, r.stderr)
    check_exact(d, 2, 400, {0: 900})


def test_malformed_record(d):
    r = run(write_job(d, seq=SEQ,
                      faulty={"count": 300, "per.poll": 10, "fault": "malformed-record", "fault.at": 120,
                              "fault.times": -1},
                      errors={"errors.restart.attempts": 0}))
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    line = last_line(r.stderr)
    check(line.startswith("inlet run: task bad/0 failed in poll(): emitted a malformed record: ")
          and "STRING value does not match its INT32 schema" in line, r.stderr)
    # The batch holding the malformed record is dropped whole: records are written up to the
    # previous poll (polls of 10), so the output stays a gap-free prefix.
    check_exact(d, 2, 400, {0: 120})


def test_oversized_record(d):
    r = run(write_job(d, seq=SEQ,
                      faulty={"count": 300, "per.poll": 10, "fault": "oversized-record", "fault.at": 50,
                              "fault.times": -1, "oversized.bytes": 2000000},
                      errors={"errors.restart.attempts": 0}, **{"memory.budget.bytes": 1048576}))
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    check(last_line(r.stderr) == "inlet run: task bad/0 failed in poll(): emitted a malformed record: "
          "record is larger than the limit of 262144 bytes (errors.restart.attempts=0: not restarted)",
          r.stderr)
    check_exact(d, 2, 400, {0: 50})


def test_hang_in_poll_woken_by_watchdog(d):
    r = run(write_job(d, seq=SEQ,
                      faulty={"count": 300, "fault": "hang-in-poll", "fault.at": 77,
                              "fault.wake": True}))
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    stuck = [l for l in r.stderr.splitlines() if "task bad/0 is stuck: poll() has run" in l]
    check(len(stuck) == 1 and "past its timeout of 100 ms; waking it" in stuck[0],
          f"the watchdog must log the stuck task once: {r.stderr}")
    check_exact(d, 2, 400, {0: 300})


def test_stop_waits_for_a_running_wake(d):
    # The watchdog wakes the stuck poll from the sink thread; the poll fails at once, so the
    # task thread reaches stop() while wake() still runs (500 ms). connector.h promises stop()
    # begins only after it returned: the plugin aborts the process otherwise.
    r = run(write_job(d, seq=SEQ,
                      faulty={"count": 300, "fault": "fail-while-woken", "fault.at": 50}))
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check("stop() began while wake() was still running" not in r.stderr, r.stderr)
    check("task bad/0 failed in poll(): faulty: failing while wake() runs; restarting it" in r.stderr,
          r.stderr)
    check_exact(d, 2, 400, {0: 300})


def wait_for_lines(d, want, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seq, faulty = read_output(d)
        if want(seq, faulty):
            return
        time.sleep(0.1)
    fail("the output never reached the expected state")


def test_hang_ignoring_wake_is_abandoned_at_shutdown(d):
    # Polls of 7: records 0..76 are pushed by earlier polls, the one starting at 77 hangs.
    kw = dict(seq=SEQ, faulty={"count": 300, "per.poll": 7, "fault": "hang-in-poll",
                               "fault.at": 77, "fault.wake": False})
    p = start(write_job(d, **kw))
    wait_for_lines(d, lambda seq, f: len(seq) == 2 and all(len(v) == 400 for v in seq.values())
                   and len(f.get(0, [])) == 77)
    time.sleep(1.5)  # past poll timeout + grace: the watchdog has spoken
    p.send_signal(signal.SIGTERM)
    t0 = time.monotonic()
    out, err = p.communicate(timeout=60)
    check(time.monotonic() - t0 < 20, "shutdown must give up on the stuck task, not hang")
    check(p.returncode == 1, f"exit {p.returncode}: {err}")
    check("task bad/0 is stuck: poll() has run" in err, err)
    check(last_line(err).startswith("inlet run: task bad/0 is stuck in poll() for ")
          and last_line(err).endswith("(abandoned at shutdown)"), err)
    check_exact(d, 2, 400, {0: 77})
    rerun_clean(d, kw, {"seq_tasks": 2, "seq_count": 400, "faulty": {0: 300}})


def test_segv_crash_then_rerun_resumes(d):
    kw = dict(seq=SEQ, interval_ms=30,
              faulty={"count": 1500, "per.poll": 9, "fault": "segv", "fault.at": 1000})
    r = run(write_job(d, **kw))
    check(r.returncode != 0, "a SIGSEGV in a plugin ends the process")
    check("inlet: fatal signal SIGSEGV in connector 'bad' task 0 during poll()" in r.stderr,
          f"the crash handler must name the connector, task and call: {r.stderr}")
    if r.returncode < 0:
        check(r.returncode == -signal.SIGSEGV, f"died of {r.returncode}")
    seq, faulty = read_output(d)
    check(len(faulty.get(0, [])) <= 1000, "nothing past the crash point")
    rerun_clean(d, kw, {"seq_tasks": 2, "seq_count": 400, "faulty": {0: 1500}})


def test_start_retried(d):
    r = run(write_job(d, seq=SEQ,
                      faulty={"count": 200, "fault": "retriable-start", "fault.times": 2},
                      errors={"errors.retry.timeout": 10000, "errors.retry.delay.max.ms": 100}))
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check(r.stderr.count("[bad/0] start() failed, retrying") == 2, r.stderr)
    check_exact(d, 2, 400, {0: 200})


def test_start_retries_exhausted(d):
    r = run(write_job(d, seq=SEQ,
                      faulty={"count": 200, "fault": "retriable-start", "fault.times": -1},
                      errors={"errors.retry.timeout": 300, "errors.retry.delay.max.ms": 100,
                              "errors.restart.attempts": 0}))
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    check(last_line(r.stderr).startswith("inlet run: task bad/0 failed in start(): faulty: start() is "
                                         "failing for now (retriable) (still failing after "), r.stderr)
    check_exact(d, 2, 400, {})


def test_commit_faults(d):
    r = run(write_job(d, seq=SEQ,
                      faulty={"count": 3000, "per.poll": 10, "fault": "retriable-commit",
                              "fault.times": 2},
                      errors={"errors.retry.timeout": 10000, "errors.retry.delay.max.ms": 50},
                      interval_ms=20))
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check(r.stderr.count("[bad/0] commit() failed, retrying") == 2, r.stderr)
    check_exact(d, 2, 400, {0: 3000})


def test_fatal_commit_while_running_restarts(d):
    # A slow source (2 ms per poll of 10) is still running when the first snapshot's commit
    # fails: the task is restarted from the offsets already written.
    r = run(write_job(d, seq=SEQ, interval_ms=20,
                      faulty={"count": 1500, "per.poll": 10, "poll.sleep.ms": 2,
                              "fault": "fatal-commit"}))
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check("task bad/0 failed in commit(): faulty: commit failed for good; restarting it" in r.stderr,
          r.stderr)
    check_exact(d, 2, 400, {0: 1500})


def test_fatal_final_commit(d):
    # With one snapshot only, the failing commit is the final one, after the task has ended:
    # the output is complete and durable, but the task ended FAILED and the run says so.
    r = run(write_job(d, seq=SEQ, interval_ms=600000,
                      faulty={"count": 300, "fault": "fatal-commit"}))
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    check(last_line(r.stderr) == "inlet run: task bad/0 failed in commit(): faulty: commit failed "
          "for good", r.stderr)
    check_exact(d, 2, 400, {0: 300})


tests(globals())
