"""Faults of Java connectors through the bridge, each with its one clear line, while a healthy
connector in the same job keeps running: RetriableException retried per errors.* (Kafka's
WorkerSourceTask retries a poll that throws it), any other exception fails the task with the Java
class, message and first stack frame, a task whose poll ignores stop() is reported rather than
hung on, the JVM running out of memory is reported; and bad setups (a connector class missing a
dependency, the API jars missing) fail the run with one line naming the plugin folder and class."""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from javalib import *  # noqa: E402,F401,F403

KNOWN_GAPS = {}


def job_args(d, *conns, guarantee="at-least-once", **worker_extra):
    return ["run", worker(d, **worker_extra), *conns, "--sink", f"file:{d}/out.txt",
            "--format", "value", "--guarantee", guarantee, "--state-dir", os.path.join(d, "state")]


def faulty(d, fault, **props):
    return connector(d, "bad", "FaultySource", fault=fault, **props)


def healthy(d):
    return connector(d, "good", "CounterSource", batch="10", **{"interval.ms": "20"})


def counter_lines(d):
    return [l for l in lines(f"{d}/out.txt") if l.startswith("c ")]


def test_retriable_is_retried():
    with tmpdir() as d:
        p = start(job_args(d, faulty(d, "retriable", failures="3", records="10"),
                           **{"errors.retry.timeout": "20000", "errors.retry.delay.max.ms": "50"}),
                  f"{d}/err.txt")
        want = [f"f 0 {i}" for i in range(10)]
        wait_for(lambda: [l for l in lines(f"{d}/out.txt") if l.startswith("f ")] == want, 30,
                 "the 10 records after 3 retriable failures", p)
        code, _ = stop(p)
        err = text(f"{d}/err.txt")
        check_stopped(code, err)
        check(err.count("RetriableException") >= 3 or err.count("retrying") >= 3,
              f"each of the 3 retriable failures must be logged: {err}")
        check("try again" in err, f"the exception's message must be in the log: {err}")
        check("restart" not in err, f"retries within errors.retry.timeout must not restart the task: {err}")


def failing_task(fault, cls, message):
    with tmpdir() as d:
        p = start(job_args(d, faulty(d, fault, records="5"), healthy(d),
                           **{"errors.restart.attempts": "0"}), f"{d}/err.txt")
        wait_for(lambda: message in text(f"{d}/err.txt"), 30, f"the {fault} failure in the log", p)
        # The healthy connector keeps running after the failure.
        before = len(counter_lines(d))
        wait_for(lambda: len(counter_lines(d)) > before + 20, 30, "the healthy connector to go on", p)
        code, _ = stop(p)
        err = text(f"{d}/err.txt")
        line = next(l for l in err.splitlines() if message in l)
        check(cls in line, f"the failure line must name the Java exception class {cls}: {line}")
        check("bad/0" in line or "bad" in line, f"the failure line must name the connector's task: {line}")
        check("FaultySourceTask.poll" in err, f"the first stack frames must be reported: {err}")
        check(code != 0, f"a task that ended FAILED must fail the run: exit {code}")
        check([l for l in lines(f"{d}/out.txt") if l.startswith("f ")] == [f"f 0 {i}" for i in range(5)],
              "the failed task's records before the failure are kept")


def test_connect_exception_fails_the_task():
    failing_task("connect", "org.apache.kafka.connect.errors.ConnectException", "broken on purpose after 5 records")


def test_runtime_exception_fails_the_task():
    failing_task("runtime", "java.lang.IllegalStateException", "unexpected state after 5 records")


def test_raise_error_fails_the_connector():
    # ConnectorContext.raiseError (Kafka: WorkerConnector.onFailure marks the connector FAILED):
    # raised 300 ms after start, once the task is running; the task fails with the connector's
    # exception, restarts fail with it again, and the other connector keeps running.
    with tmpdir() as d:
        p = start(job_args(d, faulty(d, "raise-error", records="5", **{"delay.ms": "300"}), healthy(d),
                           **{"errors.restart.attempts": "1", "errors.restart.backoff.ms": "50"}),
                  f"{d}/err.txt")
        message = "raiseError on purpose"
        wait_for(lambda: text(f"{d}/err.txt").count(message) >= 2, 30,
                 "the raised error to fail the task and its restart", p)
        before = len(counter_lines(d))
        wait_for(lambda: len(counter_lines(d)) > before + 20, 30, "the healthy connector to go on", p)
        code, _ = stop(p)
        err = text(f"{d}/err.txt")
        line = next(l for l in err.splitlines() if message in l)
        check("ConnectException" in line and "bad" in line,
              f"the failure must name the exception and the connector: {line}")
        check(code != 0, f"a connector that raised an error must fail the run: exit {code}")
        check([l for l in lines(f"{d}/out.txt") if l.startswith("f ")] == [f"f 0 {i}" for i in range(5)],
              "the records before the error are kept")


def test_task_start_failure():
    with tmpdir() as d:
        r = run(job_args(d, faulty(d, "task-start"), **{"errors.restart.attempts": "0"}), timeout=60)
        check(r.returncode != 0, f"exit {r.returncode}: {r.stderr}")
        check("start failed on purpose" in r.stderr and "ConnectException" in r.stderr, r.stderr)


def test_poll_that_ignores_stop():
    with tmpdir() as d:
        conn = connector(d, "stuck", "StubbornSource", **{"block.ms": "120000"})
        p = start(job_args(d, conn), f"{d}/err.txt")
        wait_for(lambda: len(lines(f"{d}/out.txt")) >= 3, 30, "the stubborn task's 3 records", p)
        t0 = time.monotonic()
        code, _ = stop(p, timeout=40)
        err = text(f"{d}/err.txt")
        check(time.monotonic() - t0 < 40, "inlet must give up on a task that ignores stop()")
        check("stuck" in err or "did not stop" in err or "ignor" in err,
              f"the task that ignored stop() must be reported: {err}")
        check("stuck/0" in err or "StubbornSource" in err, f"the report must name the task: {err}")


def test_out_of_memory_is_reported():
    with tmpdir() as d:
        p = start(job_args(d, faulty(d, "oom"), healthy(d), **{"inlet.jvm.options": "-Xmx96m",
                                                               "errors.restart.attempts": "0"}),
                  f"{d}/err.txt")
        wait_for(lambda: "OutOfMemoryError" in text(f"{d}/err.txt"), 60, "the out-of-memory report", p)
        code, _ = stop(p)
        check(code != 0, f"exit {code}: {text(f'{d}/err.txt')}")


def one_line_failure(r, *needles):
    check(r.returncode != 0, f"exit {r.returncode}: {r.stderr}")
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    for n in needles:
        check(n in last, f"the last line must name {n!r}: {last!r}\n{r.stderr}")


def test_missing_dependency():
    with tmpdir() as d:
        conn = connector(d, "nodep", "MissingDependencySource")
        r = run(job_args(d, conn, plugin_path=BROKEN))
        one_line_failure(r, "missingdep", "MissingDependencySourceConnector")


def test_missing_api_jars():
    with tmpdir() as d:
        libs = os.path.join(d, "libs")
        os.makedirs(libs)
        shutil.copy(os.path.join(LIBS, "kafka-clients-3.8.0.jar"), libs)
        conn = connector(d, "lines", "LineFileSource", file=f"{d}/in.txt", topic="t")
        r = run(job_args(d, conn, libs=libs))
        one_line_failure(r, "connect-api", libs)


def test_no_api_jars_configured():
    """Neither kafka.connect.libs (--kafka-libs) nor KAFKA_HOME: every front end says which key or
    option to set, not just that a connector is unknown."""
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_HOME"}
    with tmpdir() as d:
        conn = connector(d, "lines", "LineFileSource", file=f"{d}/in.txt", topic="t")
        r = run(job_args(d, conn, libs=""), env=env)
        one_line_failure(r, "kafka.connect.libs", "KAFKA_HOME", "LineFileSource")
        r = run(["plugins", "describe", "LineFileSource", "--plugin-path", PLUGINS], env=env)
        one_line_failure(r, "--kafka-libs", "KAFKA_HOME", "LineFileSource")


if __name__ == "__main__":
    main(globals(), KNOWN_GAPS)
