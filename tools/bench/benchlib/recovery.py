"""Scenario 6: recovery after kill -9. The seq test connector writes to the file sink with
exactly-once snapshots; once a snapshot holds every partition the job is killed with SIGKILL
and restarted, and we time spawn → first new record in the output, minus the time a bare
`inlet --version` takes from spawn to exit (process start-up)."""

import json
import os
import signal
import statistics
import subprocess
import time

from . import contenders as cs
from .measure import BenchError
from .report import Section, Target, table


def _newest_snapshot(state):
    """(sink length, partition count) of the newest snapshot in `state`, or None."""
    names = sorted(n for n in os.listdir(state) if n.startswith('snapshot-') and
                   n.endswith('.json'))
    for name in reversed(names):
        try:
            with open(os.path.join(state, name)) as f:
                payload = json.loads(f.readline())
            return payload['sink']['length'], len(payload['offsets'])
        except (OSError, ValueError, KeyError):
            continue  # being replaced, or torn: the engine skips it too
    return None


def _startup(env, runs):
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([env.inlet, '--version'], stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - t)
    return statistics.median(walls)


class _Job:
    def __init__(self, env, partitions):
        self.env = env
        self.name = f'recovery-{partitions}'
        self.partitions = partitions
        folder = os.path.join(env.work, self.name)
        os.makedirs(folder, exist_ok=True)
        self.out = os.path.join(folder, 'out.txt')
        self.state = os.path.join(folder, 'state')
        self.err = os.path.join(folder, 'stderr.txt')
        self.job = os.path.join(folder, 'job.json')
        with open(self.job, 'w') as f:
            json.dump({'name': self.name,
                       'sources': [{'name': 'seq', 'connector.class': 'seq',
                                    'partitions.per.task': partitions,
                                    'payload.bytes': 100}],
                       'sink': {'type': 'file', 'path': self.out, 'format': 'value'},
                       'snapshot': {'guarantee': 'exactly-once', 'interval.ms': 1000,
                                    'state.dir': self.state},
                       'plugin.path': [env.seq_plugins]}, f, indent=1)

    def _spawn(self):
        with open(self.err, 'ab') as ferr:
            return subprocess.Popen([self.env.inlet, 'run', self.job, '--quiet'],
                                    stdout=subprocess.DEVNULL, stderr=ferr)

    def _kill(self, proc):
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    def prime(self, timeout=120):
        """First run: wait for a snapshot that holds every partition, then kill -9."""
        cs.fresh(self.out, self.state, self.err)
        proc = self._spawn()
        deadline = time.monotonic() + timeout
        try:
            while True:
                snap = _newest_snapshot(self.state) if os.path.isdir(self.state) else None
                if snap and snap[1] >= self.partitions:
                    return
                if proc.poll() is not None:
                    raise BenchError(f'{self.name}: exited ({proc.returncode}) before a full '
                                     f'snapshot; see {self.err}')
                if time.monotonic() > deadline:
                    raise BenchError(f'{self.name}: no snapshot with {self.partitions:,} '
                                     f'partitions after {timeout} s')
                time.sleep(0.05)
        finally:
            if proc.poll() is None:
                self._kill(proc)

    def restart(self, timeout=30):
        """Spawn → the output grows past the snapshot's length after being rewound to it.
        A write changes the mtime; the truncation alone leaves the size at the snapshot's
        length, so 'mtime changed and size > length' is the first new record."""
        snap = _newest_snapshot(self.state)
        if snap is None:
            raise BenchError(f'{self.name}: no snapshot to recover from')
        length = snap[0]
        before = os.stat(self.out).st_mtime_ns
        started = time.perf_counter()
        proc = self._spawn()
        try:
            while True:
                st = os.stat(self.out)
                if st.st_mtime_ns != before and st.st_size > length:
                    return time.perf_counter() - started
                if proc.poll() is not None:
                    raise BenchError(f'{self.name}: restart exited ({proc.returncode}) before '
                                     f'writing; see {self.err}')
                if time.perf_counter() - started > timeout:
                    raise BenchError(f'{self.name}: nothing written {timeout} s after restart')
                time.sleep(0.0002)
        finally:
            if proc.poll() is None:
                self._kill(proc)

    def cleanup(self):
        cs.fresh(self.out, self.state)


def recovery(env, partitions, runs, log):
    sec = Section('6. recovery after kill -9 — seq connector → file, exactly-once')
    goal = 'first new record ≤ 100 ms beyond start-up'
    if not env.seq_plugins:
        sec.lines = ['Not run: the seq test connector is not available (see notes).']
        sec.targets.append(Target('6', goal, 'not run', None))
        return sec
    log('scenario 6: recovery after kill -9')
    startup = _startup(env, max(11, runs))
    jobs = [_Job(env, 1), _Job(env, partitions)]
    for j in jobs:
        j.prime()
    times = {j.partitions: [] for j in jobs}
    try:
        for r in range(max(runs, 5)):
            for j in jobs:  # interleaved, each restart resumes the previous one's snapshot
                # The killed runs leave hundreds of MB of dirty output behind; written back
                # during a restart, they would measure the disk, not the recovery.
                os.sync()
                t = j.restart()
                times[j.partitions].append(t)
                log(f'  round {r + 1}  {j.partitions:>7,} partitions: first record after '
                    f'{t * 1000:.1f} ms')
    finally:
        for j in jobs:
            j.cleanup()
    rows = [['`inlet --version` (process start-up)', '–', f'{startup * 1000:.1f}', '–']]
    for p, ts in times.items():
        m = statistics.median(ts)
        rows.append([f'restart after kill -9, snapshot of {p:,} partition' + ('s' if p > 1
                     else ''), f'{len(ts)}', f'{m * 1000:.1f}', f'{(m - startup) * 1000:.1f}'])
        plural = 'partition' if p == 1 else 'partitions'
        sec.targets.append(Target('6', f'{goal} ({p:,} {plural})',
                                  f'{(m - startup) * 1000:.1f} ms', m - startup <= 0.100))
    sec.lines = table(['run', 'runs', 'spawn → first new record, ms (median)',
                       'beyond start-up, ms'], rows)
    sec.lines += ['', 'First new record = the output file grows past the length recorded in '
                  'the snapshot (the sink writes when it has caught up with the tasks, so '
                  'this is its first write). Dirty pages are synced before each restart, so '
                  'the kernel writing back the killed run\'s output is not counted.']
    return sec
