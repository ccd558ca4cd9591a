"""Scenario 8 (issue 15): the worker's REST API under load. The scenario-1 job (file → file,
value, exactly-once, 1 s snapshots) with the API off; on, nobody asking; and on while 200
concurrent clients (two client processes of 100 each, loopback, one on
/connectors/{name}/status, one on /metrics) hammer it for the whole run, two kinds of client:
`wrk`, which keeps its connections alive as Prometheus, browsers and kcctl do, and `ab`, which
opens a new connection for every request (HTTP/1.0). Each kind runs against the worker's
default admission budget (`--rest-max-rate`, rest/README.md "Under load": requests beyond it
wait their turn) and against no budget (`--rest-max-rate 0`), so the trade is visible:
requests/s served and their latency against the job's throughput.

The clients are the benchmark's own load generator: in production they are other machines,
and here they share the job's 2 CPUs, at the job's own priority (CLIENT_NICE).

Throughput is measured over a steady window: from the moment the output holds a quarter of the
input until it holds all of it, so the start (spawn, first snapshot) does not decide the figure.
Every run starts after a `sync`, so no run inherits the previous run's write-back. A worker does
not end when its bounded source does: it is stopped with SIGTERM once its output is complete
(the API-off job ends by itself at about the same moment)."""

import dataclasses
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

CLIENTS = 200  # as the issue asks: two client processes of 100 concurrent connections each
WARM = 0.25  # the steady window starts once the output holds this part of the input
CLIENT_NICE = 0  # the clients' niceness: the job's own priority
# wrk gives up on a request after 2 s by default; a client queued behind 199 others under the
# budget may wait longer. 10 s is Prometheus' default scrape_timeout.
WRK_TIMEOUT = '10s'


@dataclasses.dataclass
class Row:
    name: str
    job: str  # what the row runs, for the table
    rest: bool = True
    clients: str = None  # 'wrk', 'ab' or None
    max_rate: int = None  # --rest-max-rate; None: the worker's default
    target: bool = False  # a row the ≥ 95% target is judged on


ROWS = [
    Row('api-off', 'file → file, exactly-once, no REST API', rest=False),
    Row('api-on', 'the same with --rest, no clients'),
    Row('wrk', f'{CLIENTS} keep-alive clients (wrk), default budget', clients='wrk', target=True),
    Row('ab', f'{CLIENTS} clients, a connection per request (ab), default budget', clients='ab',
        target=True),
    Row('wrk-unbudgeted', f'{CLIENTS} keep-alive clients (wrk), `--rest-max-rate 0`',
        clients='wrk', max_rate=0),
    Row('ab-unbudgeted', f'{CLIENTS} clients, a connection per request (ab), '
        '`--rest-max-rate 0`', clients='ab', max_rate=0),
]


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


def _ms(text):
    """wrk's '617.00us', '1.32ms', '2.01s' in ms."""
    m = re.fullmatch(r'([\d.]+)(us|ms|s|m)', text)
    return float(m.group(1)) * {'us': 1e-3, 'ms': 1, 's': 1e3, 'm': 6e4}[m.group(2)]


def _parse(tool, text, done, failed, non2xx, percentile, ms):
    """(requests, failed, non-2xx, p50 ms, p99 ms) from a client's output: `done`, `non2xx` and
    `percentile` (percent, value) are patterns, `failed` one whose groups add up, `ms` turns a
    percentile's value into ms."""
    d = re.search(done, text)
    if not d:
        raise BenchError(f'scenario 8: {tool} printed no figures: {text[-400:]}')
    m = re.search(failed, text)
    n = re.search(non2xx, text)
    p = {q: ms(v) for q, v in re.findall(percentile, text, re.M)}
    return (int(d.group(1)), sum(int(x) for x in m.groups()) if m else 0,
            int(n.group(1)) if n else 0, p.get('50'), p.get('99'))


def _parse_wrk(text):
    return _parse('wrk', text, r'(\d+) requests in',
                  r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)',
                  r'Non-2xx or 3xx responses:\s+(\d+)', r'^\s+(50|99)%\s+(\S+)$', _ms)


def _parse_ab(text):
    # ab counts a body whose length differs from the first response's as "Length" failed:
    # /metrics and a status change length by nature, so only connect, receive and exception
    # failures and non-2xx answers count.
    return _parse('ab', text, r'Complete requests:\s+(\d+)',
                  r'Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)',
                  r'Non-2xx responses:\s+(\d+)', r'^\s+(50|99)%\s+(\d+)', float)


class _Hammer:
    """Two client processes (status and metrics), 100 concurrent connections each, until
    stopped: wrk (keep-alive) or ab (a connection per request)."""

    def __init__(self, tool, path, nice):
        self.tool, self.path, self.nice = tool, path, nice
        self.port = 0
        self.procs = []
        self.results = []  # per run: (requests, failed, non-2xx, p50 ms, p99 ms)
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
            url = f'http://127.0.0.1:{self.port}{path}'
            if self.tool == 'wrk':
                argv = [self.path, '-t1', f'-c{CLIENTS // 2}', '-d600s', '--timeout', WRK_TIMEOUT,
                        '--latency', url]
            else:
                argv = [self.path, '-q', '-r', '-c', str(CLIENTS // 2), '-n', '100000000', '-t',
                        '600', url]
            log = open(os.path.join(folder, f'{self.tool}-{i}.txt'), 'wb')
            proc = subprocess.Popen(prefix + argv, stdout=log, stderr=subprocess.STDOUT)
            self.procs.append((proc, log))
            self.groups.add(autogroup(proc.pid))

    def stop(self):
        runs = []
        for proc, log in self.procs:
            proc.send_signal(signal.SIGINT)  # both print their figures when interrupted
            proc.wait()
            log.close()
            with open(log.name) as f:
                text = f.read()
            runs.append((_parse_wrk if self.tool == 'wrk' else _parse_ab)(text))
        self.procs = []
        lat = [r[3:] for r in runs if r[3] is not None and r[4] is not None]
        # Latency: the slower of the two paths' percentiles.
        self.results.append((sum(r[0] for r in runs), sum(r[1] for r in runs),
                             sum(r[2] for r in runs), max((x[0] for x in lat), default=None),
                             max((x[1] for x in lat), default=None)))


def _contender(env, row, inp, hammer=None):
    name, job_text, rest = row.name, row.job, row.rest
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
            if row.max_rate is not None:
                argv += ['--rest-max-rate', str(row.max_rate)]
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
    c.row, c.hammer, c.fractions, c.groups = row, hammer, fractions, job_groups
    return c


def _median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def _ms_text(x):
    return '–' if x is None else f'{x:.0f}' if x >= 10 else f'{x:.1f}' if x >= 1 else f'{x:.2f}'


def rest_under_load(env, inp, runs, log, rows=None):
    rows = rows or ROWS
    tools = {r.clients for r in rows if r.clients}
    paths = {}
    if 'ab' in tools:
        paths['ab'] = envmod.which_or_install('ab', 'apache2-utils', log)
    if 'wrk' in tools:
        paths['wrk'] = envmod.which_or_install('wrk', 'wrk', log)
    log(f'scenario 8: REST API under load ({inp.label})')
    cont = [_contender(env, r, inp, _Hammer(r.clients, paths[r.clients], CLIENT_NICE)
                       if r.clients else None) for r in rows]
    loads = [envmod.loadavg()]
    samples = measure.interleave(cont, runs, log)
    loads.append(envmod.loadavg())
    med = {c.name: measure.median_sample(samples[c.name]) for c in cont}
    rates = {c.name: c.items * _median(c.fractions) for c in cont}
    off = rates[rows[0].name]
    idle = next((c for c in cont if c.row.rest and not c.hammer), None)
    idle_cpu = med[idle.name].cpu if idle else None
    table_rows = []
    for c in cont:
        m = med[c.name]
        reqs = cpu_per = lat = '–'
        if c.hammer:
            walls = [s.wall for s in samples[c.name]]
            res = c.hammer.results
            reqs = f'{_median([r[0] / w for r, w in zip(res, walls)]):,.0f}'
            p50 = [r[3] for r in res if r[3] is not None]
            p99 = [r[4] for r in res if r[4] is not None]
            lat = (f'{_ms_text(_median(p50) if p50 else None)} / '
                   f'{_ms_text(_median(p99) if p99 else None)}')
            if idle_cpu is not None:
                # What serving costs the worker: its CPU beyond the same run with nobody asking.
                extra = [(s.cpu - idle_cpu) / r[0] * 1e6 for r, s in zip(res, samples[c.name]) if r[0]]
                cpu_per = f'{_median(extra):.0f}' if extra else '–'
        table_rows.append([f'`{c.name}`', c.job, rate(rates[c.name]), f'{rates[c.name] / off:.1%}',
                           reqs, lat, cpu_per, f'{m.cpu:.2f}', f'{m.rss_mb:.1f}', f'{m.wall:.3f}'])
    sec = Section(f'8. REST API under load — {inp.label}, file → file, value, exactly-once')
    sec.lines = table(['run', 'job', 'lines/s (steady window)', 'of api-off', 'requests/s served',
                       'latency p50 / p99 ms', 'inlet µs CPU / request', 'inlet CPU s',
                       'peak RSS MiB', f'wall s (median of {runs})'], rows=table_rows)
    hammers = [c.hammer for c in cont if c.hammer]
    failed = sum(r[1] + r[2] for h in hammers for r in h.results)
    total = sum(r[0] for h in hammers for r in h.results)
    job_groups = set().union(*(c.groups for c in cont if c.hammer))
    client_groups = set().union(*(h.groups for h in hammers))
    sec.lines += ['', f'{total:,} requests over {runs} run(s) of each loaded row, {failed:,} failed '
                  '(wrk: connect, read, write errors and timeouts after '
                  f'{WRK_TIMEOUT}; ab: connect, receive, exceptions) or not 2xx; load average before '
                  f'{loads[0]}, after {loads[1]}. Lines/s: the input from {WARM:.0%} to 100% of the '
                  'output over the time it took. Latency: the median over the runs of the slower '
                  'path\'s percentile, as each client measured it (queueing for the budget '
                  f'included). The clients share the machine\'s 2 CPUs with the job, at niceness '
                  f'{CLIENT_NICE} (job in autogroup {", ".join(sorted(map(str, job_groups)))}, '
                  f'clients in {", ".join(sorted(map(str, client_groups)))}). µs CPU / request: '
                  '(inlet CPU s − that of `api-on`) / requests served.']
    sec.targets.append(Target('15', f'{CLIENTS} clients: no failed request', f'{failed:,} failed',
                              failed == 0 and total > 0))
    for c in cont:
        if c.hammer:
            x = rates[c.name] / off
            sec.targets.append(Target(
                '15', f'{CLIENTS} clients, `{c.name}`: throughput ≥ 95% of API off'
                if c.row.target else f'{CLIENTS} clients, `{c.name}`: throughput',
                f'{x:.1%}', x >= 0.95 if c.row.target else 'context'))
    return sec
