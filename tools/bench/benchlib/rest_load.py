"""Scenario 8 (issue 15): the worker's REST API under load. The scenario-1 job (file → file,
value, exactly-once, 1 s snapshots) four ways: API off; API on, nobody asking; API on while 200
concurrent clients (two `ab` processes of 100 each, loopback) hammer
/connectors/{name}/status and /metrics for the whole run, once with the clients at nice 19 and
once at the job's priority.

The clients are the benchmark's own load generator: in production they are other machines,
and here they share the job's 2 CPUs. At nice 19 (the same autogroup as the job, checked, so
that the niceness counts) they take only CPU the job leaves, and the figure measures what
serving them costs the worker; the un-niced row shows the contention as well.

Throughput is measured over a steady window: from the moment the output holds a quarter of the
input until it holds all of it, so the start (spawn, first snapshot) does not decide the figure.
Every run starts after a `sync`, so no run inherits the previous run's write-back. A worker does
not end when its bounded source does: it is stopped with SIGTERM once its output is complete
(the API-off job ends by itself at about the same moment)."""

import os
import re
import signal
import socket
import subprocess
import threading
import time

from . import contenders as cs
from . import env as envmod
from . import measure
from .measure import BenchError
from .report import Section, Target, rate, table

CLIENTS = 200  # as the issue asks: two ab processes of 100 concurrent clients each
WARM = 0.25  # the steady window starts once the output holds this part of the input


def autogroup(pid):
    """'/autogroup-N' of a process: nice counts only between processes of one autogroup."""
    try:
        with open(f'/proc/{pid}/autogroup') as f:
            return f.read().split()[0]
    except OSError:
        return None  # no autogroups (CONFIG_SCHED_AUTOGROUP off): one group for all


class _Window:
    """done() for run_until: true once `out` holds `size` bytes; notes when it held a WARM
    part, so that the rate is taken over the rest."""

    def __init__(self, out, size):
        self.out, self.size = out, size
        self.warm_at = self.warm_bytes = self.end_at = None

    def __call__(self):
        n = measure.file_size(self.out)
        now = time.perf_counter()
        if self.warm_at is None and n >= self.size * WARM:
            self.warm_at, self.warm_bytes = now, n
        if n >= self.size:
            self.end_at = now
            return True
        return False

    def fraction_per_s(self):
        """Part of the input written per second in the window."""
        if self.end_at is None or self.warm_at is None or self.end_at <= self.warm_at:
            raise BenchError('scenario 8: the output grew past its warm-up in one poll; '
                             'use more --lines')
        return (self.size - self.warm_bytes) / self.size / (self.end_at - self.warm_at)


class _Hammer:
    """Two `ab` processes (status and metrics), 100 concurrent clients each, until stopped."""

    def __init__(self, ab, nice):
        self.ab, self.nice = ab, nice
        self.port = 0
        self.procs = []
        self.results = []  # per run: (requests, failed, non-2xx)
        self.groups = set()  # autogroups the clients ran in

    def start(self, folder):
        # The API is up before the job's first record (verb_run binds it first); wait for it.
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(('127.0.0.1', self.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError(f'scenario 8: the REST API on port {self.port} never came up')
                time.sleep(0.002)
        prefix = ['nice', '-n', str(self.nice)] if self.nice else []
        for i, path in enumerate(('/connectors/in/status', '/metrics')):
            log = open(os.path.join(folder, f'ab-{i}.txt'), 'wb')
            proc = subprocess.Popen(
                prefix + [self.ab, '-q', '-r', '-c', str(CLIENTS // 2), '-n', '100000000', '-t',
                          '600', f'http://127.0.0.1:{self.port}{path}'],
                stdout=log, stderr=subprocess.STDOUT)
            self.procs.append((proc, log))
            self.groups.add(autogroup(proc.pid))

    def stop(self):
        total = failed = non2xx = 0
        for proc, log in self.procs:
            proc.send_signal(signal.SIGINT)  # ab prints its figures when interrupted
            proc.wait()
            log.close()
            with open(log.name) as f:
                text = f.read()
            done = re.search(r'Complete requests:\s+(\d+)', text)
            if not done:
                raise BenchError(f'scenario 8: ab printed no figures: {text[-400:]}')
            total += int(done.group(1))
            # ab counts a body whose length differs from the first response's as "Length"
            # failed: /metrics and a status change length by nature, so only connect, receive
            # and exception failures and non-2xx answers count.
            m = re.search(r'Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)', text)
            failed += sum(int(x) for x in m.groups()) if m else 0
            m = re.search(r'Non-2xx responses:\s+(\d+)', text)
            non2xx += int(m.group(1)) if m else 0
        self.procs = []
        self.results.append((total, failed, non2xx))


def _contender(env, name, job_text, inp, hammer=None, rest=False):
    job, out, state = cs.file_job(env, 'rest-' + name, inp)
    folder = os.path.dirname(job)
    err = os.path.join(folder, 'stderr.txt')
    fractions = []  # per run: part of the input per second in the steady window
    job_groups = set()

    def run():
        cs.fresh(out, state)
        subprocess.run(['sync'], check=True)  # no run inherits the last one's write-back
        argv = [env.inlet, 'run', job, '--quiet']
        if rest:
            port = measure.free_port()
            argv += ['--rest', f'127.0.0.1:{port}']
            if hammer:
                hammer.port = port
        window = _Window(out, inp.bytes)
        started = threading.Event()  # the clients are up (or failed to come up)
        box = {}

        def stop_clients():
            started.wait(30)  # a job faster than the clients' start still stops them
            if hammer.procs:
                hammer.stop()

        def job_thread():
            try:
                box['s'] = measure.run_until(
                    argv, what=name, errlog=err, done=window, timeout=120 + inp.lines / 20_000,
                    progress=lambda: f'{measure.file_size(out):,} of {inp.bytes:,} bytes',
                    check_exit=True, on_start=lambda pid: job_groups.add(autogroup(pid)),
                    on_done=stop_clients if hammer else lambda: None)
            except BaseException as e:  # re-raised below, on the scenario's thread
                box['e'] = e

        t = threading.Thread(target=job_thread)
        t.start()
        try:
            if hammer:
                # The clients start once the port answers, while the job already runs; they
                # run through the whole steady window.
                hammer.start(folder)
        finally:
            started.set()
            t.join()
            if hammer and hammer.procs:  # the job failed before it was done
                hammer.stop()
        if 'e' in box:
            raise box['e']
        fractions.append(window.fraction_per_s())
        cs.fresh(out)
        return box['s']

    c = cs.Contender(name, job_text, inp.lines, inp.bytes, run)
    c.hammer, c.fractions, c.groups = hammer, fractions, job_groups
    return c


def _median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def rest_under_load(env, inp, runs, log):
    ab = envmod.which_or_install('ab', 'apache2-utils', log)
    log(f'scenario 8: REST API under load ({inp.label})')
    niced, unniced = _Hammer(ab, 19), _Hammer(ab, 0)
    cont = [
        _contender(env, 'api-off', 'file → file, exactly-once, no REST API', inp),
        _contender(env, 'api-on', 'the same with --rest, no clients', inp, rest=True),
        _contender(env, f'api-on-{CLIENTS}', f'the same while {CLIENTS} clients at nice 19 hammer '
                   'status and /metrics (ab)', inp, hammer=niced, rest=True),
        _contender(env, f'api-on-{CLIENTS}-unniced', f'the same, the {CLIENTS} clients at the '
                   'job\'s priority', inp, hammer=unniced, rest=True),
    ]
    loads = [envmod.loadavg()]
    samples = measure.interleave(cont, runs, log)
    loads.append(envmod.loadavg())
    med = {c.name: measure.median_sample(samples[c.name]) for c in cont}
    rates = {c.name: c.items * _median(c.fractions) for c in cont}
    off = rates['api-off']
    idle_cpu = med['api-on'].cpu
    rows, per_request = [], {}
    for c in cont:
        m = med[c.name]
        reqs = cpu_per = '–'
        if c.hammer:
            walls = [s.wall for s in samples[c.name]]
            reqs = rate(_median([t / w for (t, _, _), w in zip(c.hammer.results, walls)]))
            # What serving costs the worker: its CPU beyond the same run with nobody asking.
            extra = [(s.cpu - idle_cpu) / t * 1e6
                     for (t, _, _), s in zip(c.hammer.results, samples[c.name]) if t]
            per_request[c.name] = _median(extra)
            cpu_per = f'{per_request[c.name]:.0f}'
        rows.append([f'`{c.name}`', c.job, rate(rates[c.name]), f'{rates[c.name] / off:.1%}',
                     reqs, cpu_per, f'{m.cpu:.2f}', f'{m.rss_mb:.1f}', f'{m.wall:.3f}'])
    sec = Section(f'8. REST API under load — {inp.label}, file → file, value, exactly-once')
    sec.lines = table(['run', 'job', 'lines/s (steady window)', 'of api-off', 'requests/s served',
                       'inlet µs CPU / request', 'inlet CPU s', 'peak RSS MiB',
                       f'wall s (median of {runs})'], rows)
    hammers = [niced, unniced]
    failed = sum(f + n for h in hammers for _, f, n in h.results)
    total = sum(t for h in hammers for t, _, _ in h.results)
    job_groups = set().union(*(c.groups for c in cont if c.hammer))
    client_groups = niced.groups | unniced.groups
    same = job_groups == client_groups and len(job_groups) == 1
    sec.lines += ['', f'{total:,} requests over {runs} run(s) of each loaded row, {failed:,} failed '
                  f'or not 2xx; load average before {loads[0]}, after {loads[1]}. Lines/s: the '
                  f'input from {WARM:.0%} to 100% of the output over the time it took. The '
                  'clients share the machine\'s 2 CPUs with the job; at nice 19 they get the CPU '
                  'the job leaves (job and clients in autogroup '
                  f'{", ".join(sorted(map(str, job_groups)))}; clients in '
                  f'{", ".join(sorted(map(str, client_groups)))}: '
                  f'{"the same, so nice counts" if same else "NOT the same: nice does not count"}). '
                  'µs CPU / request: (inlet CPU s − that of `api-on`) / requests served.']
    x = rates[f'api-on-{CLIENTS}'] / off
    sec.targets.append(Target('15', f'{CLIENTS} clients: no failed request', f'{failed:,} failed',
                              failed == 0 and total > 0))
    sec.targets.append(Target('15', f'{CLIENTS} clients (at nice 19): throughput ≥ 95% of API off',
                              f'{x:.1%}', x >= 0.95 and same))
    y = rates[f'api-on-{CLIENTS}-unniced'] / off
    sec.targets.append(Target('15', f'{CLIENTS} clients at the job\'s priority: throughput',
                              f'{y:.1%}', 'context'))
    return sec
