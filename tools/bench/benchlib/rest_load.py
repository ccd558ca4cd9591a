"""Scenario 8 (issue 15): the worker's REST API under load. The scenario-1 job (file → file,
value, exactly-once, 1 s snapshots) three ways: API off; API on, nobody asking; API on while 200
concurrent clients (two `ab` processes of 100 each, loopback) hammer
/connectors/{name}/status and /metrics for the whole run. A run's time is from spawn to the
output holding every input byte (a worker does not end when its bounded source does, so it is
then stopped with SIGTERM; the API-off job ends by itself at about the same moment)."""

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



def _until_output(argv, *, what, errlog, out, size, timeout, on_done=lambda: None):
    """Runs argv until `out` holds `size` bytes; the wall time ends there. Then on_done() (the
    clients stop while the worker still answers), and a process still up (a worker) is
    stopped with SIGTERM; a non-zero exit fails."""
    tfile = errlog + '.time'
    with open(errlog, 'wb') as ferr:
        started = time.perf_counter()
        proc = subprocess.Popen(measure.timed(argv, tfile), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=ferr)
    try:
        daemon = measure.child_pid(proc.pid)
        while measure.file_size(out) < size:
            if proc.poll() is not None:
                raise BenchError(f'{what}: exited ({proc.returncode}) with '
                                 f'{measure.file_size(out):,} of {size:,} bytes written')
            if time.perf_counter() - started > timeout:
                raise BenchError(f'{what}: not done after {timeout:.0f} s')
            time.sleep(0.002)
        wall = time.perf_counter() - started
        on_done()
    except BaseException:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        raise
    if proc.poll() is None:
        try:
            os.kill(daemon, signal.SIGTERM)
        except ProcessLookupError:
            pass  # it ended by itself meanwhile
    proc.wait()
    if proc.returncode != 0:
        raise BenchError(f'{what}: exit {proc.returncode}')
    return measure.sample(wall, tfile, what)


class _Hammer:
    """Two `ab` processes (status and metrics), 100 concurrent clients each, until stopped."""

    def __init__(self, ab, port, folder):
        self.ab, self.port, self.folder = ab, port, folder
        self.procs = []
        self.results = []  # per run: (requests, failed, non-2xx)

    def start(self):
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
        for i, path in enumerate(('/connectors/in/status', '/metrics')):
            log = open(os.path.join(self.folder, f'ab-{i}.txt'), 'wb')
            self.procs.append((subprocess.Popen(
                [self.ab, '-q', '-r', '-c', str(CLIENTS // 2), '-n', '100000000', '-t', '600',
                 f'http://127.0.0.1:{self.port}{path}'],
                stdout=log, stderr=subprocess.STDOUT), log))

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


def _contender(env, name, job_text, inp, ab=None, rest=False):
    job, out, state = cs.file_job(env, 'rest-' + name, inp)
    folder = os.path.dirname(job)
    err = os.path.join(folder, 'stderr.txt')
    hammer = _Hammer(ab, 0, folder) if ab else None

    def run():
        cs.fresh(out, state)
        argv = [env.inlet, 'run', job, '--quiet']
        if rest:
            port = measure.free_port()
            argv += ['--rest', f'127.0.0.1:{port}']
            if hammer:
                hammer.port = port
        timeout = 120 + inp.lines / 20_000
        if not hammer:
            s = _until_output(argv, what=name, errlog=err, out=out, size=inp.bytes,
                              timeout=timeout)
        else:
            # The clients start once the port answers, while the job already runs: the first
            # few milliseconds of the run go unhammered (they are the same for every round).
            box = {}

            def job_thread():
                try:
                    box['s'] = _until_output(argv, what=name, errlog=err, out=out,
                                             size=inp.bytes, timeout=timeout,
                                             on_done=stop_clients)
                except BaseException as e:  # re-raised below, on the scenario's thread
                    box['e'] = e

            started = threading.Event()

            def stop_clients():
                started.wait(30)  # a job faster than the clients' start still stops them
                if hammer.procs:
                    hammer.stop()

            t = threading.Thread(target=job_thread)
            t.start()
            try:
                hammer.start()
            finally:
                started.set()
                t.join()
                if hammer.procs:  # the job failed before it was done
                    hammer.stop()
            if 'e' in box:
                raise box['e']
            s = box['s']
        cs.fresh(out)
        return s

    c = cs.Contender(name, job_text, inp.lines, inp.bytes, run)
    c.hammer = hammer
    return c


def rest_under_load(env, inp, runs, log):
    ab = envmod.which_or_install('ab', 'apache2-utils', log)
    log(f'scenario 8: REST API under load ({inp.label})')
    cont = [
        _contender(env, 'api-off', 'file → file, exactly-once, no REST API', inp),
        _contender(env, 'api-on', 'the same with --rest, no clients', inp, rest=True),
        _contender(env, f'api-on-{CLIENTS}', f'the same while {CLIENTS} clients hammer '
                   'status and /metrics (ab)', inp, ab=ab, rest=True),
    ]
    loads = [envmod.loadavg()]
    samples = measure.interleave(cont, runs, log)
    loads.append(envmod.loadavg())
    med = {c.name: measure.median_sample(samples[c.name]) for c in cont}
    rates = {c.name: c.items / med[c.name].wall for c in cont}
    off = rates['api-off']
    hammer = cont[2].hammer
    rows = []
    for c in cont:
        m = med[c.name]
        reqs = '–'
        if c.hammer:
            per_s = [total / s.wall for (total, _, _), s in zip(c.hammer.results, samples[c.name])]
            reqs = f'{rate(sorted(per_s)[len(per_s) // 2])}'
        rows.append([f'`{c.name}`', c.job, rate(rates[c.name]), f'{rates[c.name] / off:.1%}',
                     reqs, f'{m.cpu:.2f}', f'{m.rss_mb:.1f}', f'{m.wall:.3f}'])
    sec = Section(f'8. REST API under load — {inp.label}, file → file, value, exactly-once')
    sec.lines = table(['run', 'job', 'lines/s', 'of api-off', 'requests/s served',
                       'inlet CPU s', 'peak RSS MiB', f'wall s (median of {runs})'], rows)
    failed = sum(f + n for _, f, n in hammer.results)
    total = sum(t for t, _, _ in hammer.results)
    sec.lines += ['', f'{total:,} requests over {runs} run(s), {failed:,} failed or not 2xx; '
                  f'load average before {loads[0]}, after {loads[1]}. The clients share the '
                  'machine\'s CPUs with the job: what they take is part of what is measured.']
    x = rates[f'api-on-{CLIENTS}'] / off
    sec.targets.append(Target('15', f'{CLIENTS} clients: no failed request', f'{failed:,} failed',
                              failed == 0 and total > 0))
    sec.targets.append(Target('15', f'{CLIENTS} clients: throughput ≥ 95% of API off',
                              f'{x:.1%}', x >= 0.95))
    return sec
