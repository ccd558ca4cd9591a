"""Running one contender and measuring it: wall time, CPU seconds (user + sys) and peak RSS.

CPU and RSS come from the kernel's accounting of the child, so the harness itself, which polls
files while daemons run, is never counted. Children are spawned through GNU time: a process
forked (or vforked) from this Python process would inherit its high-water RSS across execve
(Linux keeps the larger of the old and new mm's maxrss), so every tool would show Python's
~70 MB; time is tiny, so its child starts from ~1 MB."""

import os
import signal
import socket
import statistics
import subprocess
import time
from dataclasses import dataclass


class BenchError(RuntimeError):
    """A contender failed or produced the wrong output: the run is not a measurement."""


@dataclass
class Sample:
    wall: float  # seconds, from spawn to complete output
    cpu: float  # user + sys seconds of the child (all its threads)
    rss_mb: float  # peak resident set size, MiB
    user: float = 0.0  # the two parts of cpu
    sys: float = 0.0
    waits: int = 0  # voluntary context switches: how often the tool blocked (I/O, sleep)


TIME = '/usr/bin/time'


def timed(argv, tfile):
    """argv run under GNU time, which writes 'maxrss_kib user_s sys_s waits' to tfile."""
    return [TIME, '-q', '-f', '%M %U %S %w', '-o', tfile] + list(argv)


def sample(wall, tfile, what):
    try:
        with open(tfile) as f:
            rss, user, sys_, waits = f.read().split()[-4:]
        return Sample(wall=wall, cpu=float(user) + float(sys_), rss_mb=int(rss) / 1024.0,
                      user=float(user), sys=float(sys_), waits=int(waits))
    except (OSError, ValueError) as e:
        raise BenchError(f'{what}: no figures from {TIME} in {tfile}: {e}') from e


def child_pid(pid):
    """The PID of the one child of `pid` (the tool GNU time runs)."""
    for _ in range(2000):
        try:
            with open(f'/proc/{pid}/task/{pid}/children') as f:
                kids = f.read().split()
        except OSError:
            kids = []
        if kids:
            return int(kids[0])
        time.sleep(0.001)
    raise BenchError(f'no child process under {TIME} (pid {pid})')


def _stderr_tail(path, lines=5):
    try:
        with open(path, 'rb') as f:
            text = f.read()[-4000:].decode('utf-8', 'replace')
        return ' | '.join(text.strip().splitlines()[-lines:])
    except OSError:
        return ''


def run(argv, *, what, errlog, stdin=None, stdout=None):
    """Runs argv to its end. stdin/stdout are paths (None: /dev/null). Fails on a non-zero exit."""
    with open(stdin or os.devnull, 'rb') as fin, open(stdout or os.devnull, 'wb') as fout, \
            open(errlog, 'wb') as ferr:
        tfile = errlog + '.time'
        started = time.perf_counter()
        proc = subprocess.Popen(timed(argv, tfile), stdin=fin, stdout=fout, stderr=ferr)
        proc.wait()
        wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise BenchError(f'{what}: exit {proc.returncode}: {_stderr_tail(errlog)}')
    return sample(wall, tfile, what)


def run_together(argvs, *, what, errlogs):
    """Runs several commands at once, each to its end; the wall time ends with the last one.
    CPU seconds are summed, peak RSS is the largest. Fails on any non-zero exit."""
    started = time.perf_counter()
    procs = []
    for argv, errlog in zip(argvs, errlogs):
        with open(os.devnull, 'rb') as fin, open(os.devnull, 'wb') as fout, \
                open(errlog, 'wb') as ferr:
            procs.append(subprocess.Popen(timed(argv, errlog + '.time'), stdin=fin,
                                          stdout=fout, stderr=ferr))
    for proc in procs:
        proc.wait()
    wall = time.perf_counter() - started
    for proc, errlog in zip(procs, errlogs):
        if proc.returncode != 0:
            raise BenchError(f'{what}: exit {proc.returncode}: {_stderr_tail(errlog)}')
    parts = [sample(wall, errlog + '.time', what) for errlog in errlogs]
    return Sample(wall=wall, cpu=sum(p.cpu for p in parts), rss_mb=max(p.rss_mb for p in parts),
                  user=sum(p.user for p in parts), sys=sum(p.sys for p in parts),
                  waits=sum(p.waits for p in parts))


def file_size(path):
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


def run_daemon(argv, *, what, errlog, output, expected_bytes, timeout):
    """Starts a daemon that follows its input, waits until `output` holds `expected_bytes`, then
    stops it by its PID (SIGTERM). The wall time ends when the output is complete."""
    def progress():
        return f'{file_size(output):,} of {expected_bytes:,} output bytes'

    return run_until(argv, what=what, errlog=errlog,
                     done=lambda: file_size(output) >= expected_bytes, timeout=timeout,
                     progress=progress)


def run_until(argv, *, what, errlog, done, timeout, progress=lambda: '', poll_s=0.005,
              check_exit=False, on_start=lambda pid: None, on_done=lambda: None):
    """Starts a tool, polls `done()` every `poll_s` until it is true, then calls `on_done()`
    (while the tool still runs: scenario 8 stops its clients there, before the worker), stops
    the tool by its PID (SIGTERM) unless it has ended by itself meanwhile, and waits for it to
    exit (with `check_exit`, a non-zero exit fails). `on_start(pid)` gets the tool's PID once
    it runs. A tool that ends before `done()` is true fails.
    The wall time runs from spawn to the first true `done()`; CPU and RSS cover the whole
    process, shutdown included."""
    tfile = errlog + '.time'
    with open(errlog, 'wb') as ferr:
        started = time.perf_counter()
        proc = subprocess.Popen(timed(argv, tfile), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=ferr)
    try:
        daemon = child_pid(proc.pid)
        on_start(daemon)
        while True:
            if done():
                wall = time.perf_counter() - started
                break
            if proc.poll() is not None:
                raise BenchError(f'{what}: exited ({proc.returncode}) with {progress()}: '
                                 f'{_stderr_tail(errlog)}')
            if time.perf_counter() - started > timeout:
                raise BenchError(f'{what}: not done after {timeout:.0f} s ({progress()})')
            time.sleep(poll_s)
        on_done()
    except BaseException:
        if proc.poll() is None:
            for pid in (daemon_or_none(proc.pid), proc.pid):
                if pid:
                    os.kill(pid, signal.SIGKILL)
            proc.wait()
        raise
    if proc.poll() is None:
        try:
            os.kill(daemon, signal.SIGTERM)
        except ProcessLookupError:
            pass  # it ended by itself meanwhile
    proc.wait()
    if check_exit and proc.returncode != 0:
        raise BenchError(f'{what}: exit {proc.returncode} after SIGTERM: {_stderr_tail(errlog)}')
    return sample(wall, tfile, what)


def daemon_or_none(pid):
    try:
        with open(f'/proc/{pid}/task/{pid}/children') as f:
            kids = f.read().split()
        return int(kids[0]) if kids else None
    except (OSError, ValueError):
        return None


def count_lines(path):
    n = 0
    with open(path, 'rb') as f:
        while chunk := f.read(1 << 22):
            n += chunk.count(b'\n')
    return n


def interleave(contenders, runs, log):
    """Runs every contender once per round, rounds one after another (A B C A B C ...), so a
    slow phase of the machine hits all of them alike. Returns {name: [Sample, ...]}."""
    samples = {c.name: [] for c in contenders}
    for r in range(runs):
        for c in contenders:
            s = c.run()
            samples[c.name].append(s)
            log(f'  round {r + 1}/{runs}  {c.name:<28} {s.wall:8.3f} s  cpu {s.cpu:7.2f} s '
                f'({s.user:.2f} + {s.sys:.2f})  rss {s.rss_mb:7.1f} MiB  waits {s.waits:,}')
    return samples


def median_sample(samples):
    return Sample(wall=statistics.median(s.wall for s in samples),
                  cpu=statistics.median(s.cpu for s in samples),
                  rss_mb=statistics.median(s.rss_mb for s in samples),
                  user=statistics.median(s.user for s in samples),
                  sys=statistics.median(s.sys for s in samples),
                  waits=int(statistics.median(s.waits for s in samples)))


def free_port():
    """A loopback TCP port nobody listens on now (for inlet's --rest in a benchmark run)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]
