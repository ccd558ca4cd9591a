"""One contender = one command that moves an input to an output, run afresh each round: a clean
output and a clean state folder every time, the output checked, then deleted."""

import json
import os
import shutil
from dataclasses import dataclass
from typing import Callable

from . import measure
from .inputs import JSON_LINE_OVERHEAD
from .measure import BenchError


@dataclass
class Contender:
    name: str  # short, unique within a scenario
    job: str  # what it does, for the table
    items: int  # lines or records moved per run
    nbytes: int  # input bytes moved per run (0: not a byte stream)
    run: Callable[[], measure.Sample]


def fresh(*paths):
    for p in paths:
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.lexists(p):
            os.unlink(p)


def _check_size(what, path, expected):
    got = measure.file_size(path)
    if got != expected:
        raise BenchError(f'{what}: output {path} has {got:,} bytes, expected {expected:,}')


def _check_lines(what, path, expected):
    got = measure.count_lines(path)
    if got != expected:
        raise BenchError(f'{what}: output {path} has {got:,} lines, expected {expected:,}')


def file_job(env, name, inp, *, fmt='value', guarantee='exactly-once', interval_ms=1000,
             output=None, sink=None, memory_budget=None):
    """The job file for inlet's `file` connector (bounded) into the file sink. Returns its path,
    the output path and the state folder (None when the guarantee is `none`)."""
    folder = os.path.join(env.work, name)
    os.makedirs(folder, exist_ok=True)
    out = output or os.path.join(folder, 'out.txt')
    state = os.path.join(folder, 'state') if guarantee != 'none' else None
    job = {
        'name': name,
        'sources': [{'name': 'in', 'connector.class': 'file', 'file': inp.path,
                     'topic': 'bench', 'mode': 'bounded'}],
        'sink': sink or {'type': 'file', 'path': out, 'format': fmt},
        'snapshot': {'guarantee': guarantee, 'interval.ms': interval_ms},
        'plugin.path': [env.file_plugins],
    }
    if state:
        job['snapshot']['state.dir'] = state
    if memory_budget:
        job['memory.budget.bytes'] = memory_budget
    path = os.path.join(folder, 'job.json')
    with open(path, 'w') as f:
        json.dump(job, f, indent=1)
    return path, out, state


def inlet_file(env, name, job_text, inp, **kw):
    """inlet, file connector -> file sink; value output must equal the input byte for byte
    (checked by size), envelope output must have one line per input line."""
    fmt = kw.get('fmt', 'value')
    job, out, state = file_job(env, name, inp, **kw)
    err = os.path.join(env.work, name, 'stderr.txt')

    def run():
        fresh(out, state or '')
        s = measure.run([env.inlet, 'run', job, '--quiet'], what=name, errlog=err)
        if fmt == 'value':
            _check_size(name, out, inp.bytes)
        else:
            _check_lines(name, out, inp.lines)
        fresh(out)
        return s

    return Contender(name, job_text, inp.lines, inp.bytes, run)


def _config(env, template, name, inp, out, state):
    with open(os.path.join(env.baselines, template)) as f:
        text = f.read()
    text = text.replace('@INPUT@', inp.path).replace('@OUTPUT@', out).replace('@STATE@', state)
    path = os.path.join(env.work, name, template)
    with open(path, 'w') as f:
        f.write(text)
    return path


def _daemon(env, name, job_text, inp, json_lines, argv_for):
    folder = os.path.join(env.work, name)
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, 'out.txt')
    state = os.path.join(folder, 'state')
    err = os.path.join(folder, 'stderr.txt')
    expected = inp.bytes + (inp.lines * JSON_LINE_OVERHEAD if json_lines else 0)
    # A 2 s floor plus 20k lines/s: far slower than either peer runs, yet a hung peer ends.
    timeout = 60 + inp.lines / 20000

    def run():
        fresh(out, state)
        os.makedirs(state)
        s = measure.run_daemon(argv_for(out, state), what=name, errlog=err, output=out,
                               expected_bytes=expected, timeout=timeout)
        _check_size(name, out, expected)
        fresh(out, state)
        return s

    return Contender(name, job_text, inp.lines, inp.bytes, run)


def rsyslog(env, inp, json_lines):
    name = 'rsyslog-json' if json_lines else 'rsyslog'
    template = 'rsyslog-file-to-json.conf' if json_lines else 'rsyslog-file-to-file.conf'

    def argv(out, state):
        conf = _config(env, template, name, inp, out, state)
        return [env.rsyslogd, '-n', '-i', os.path.join(state, 'pid'), '-M',
                env.rsyslog_modules, '-f', conf]

    job = 'imfile → omfile, JSON lines' if json_lines else 'imfile → omfile, message only'
    return _daemon(env, name, job, inp, json_lines, argv)


def syslog_ng(env, inp, json_lines):
    name = 'syslog-ng-json' if json_lines else 'syslog-ng'
    template = 'syslog-ng-file-to-json.conf' if json_lines else 'syslog-ng-file-to-file.conf'

    def argv(out, state):
        conf = _config(env, template, name, inp, out, state)
        return [env.syslog_ng, '-F', '--no-caps', '-f', conf, '-R',
                os.path.join(state, 'persist'), '-p', os.path.join(state, 'pid'), '-c',
                os.path.join(state, 'ctl')]

    job = 'file → file, JSON lines' if json_lines else 'file → file, message only'
    return _daemon(env, name, job, inp, json_lines, argv)


def _simple(env, name, job_text, inp, argv, *, stdin=None, output=True):
    folder = os.path.join(env.work, name)
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, 'out.txt')
    err = os.path.join(folder, 'stderr.txt')

    def run():
        fresh(out)
        s = measure.run([a.replace('@OUT@', out) for a in argv], what=name, errlog=err,
                        stdin=stdin, stdout=None if not output or '@OUT@' in ''.join(argv)
                        else out)
        if output:
            _check_size(name, out, inp.bytes)
        fresh(out)
        return s

    return Contender(name, job_text, inp.lines, inp.bytes, run)


def awk(env, inp):
    return _simple(env, 'awk', f"{os.path.basename(os.path.realpath(env.awk))} '{{print}}' "
                   "file → file", inp, [env.awk, '{print}'], stdin=inp.path)


def dd(env, inp):
    return _simple(env, 'dd bs=1M', 'file → file through user space', inp,
                   ['dd', f'if={inp.path}', 'of=@OUT@', 'bs=1M', 'status=none'])


def dd_durable(env, inp):
    """dd that ends with fdatasync: a copy as durable as inlet's exactly-once output, which
    must be on disk before its final snapshot (issue 16: the disk, not the CPU, may set the
    limit)."""
    return _simple(env, 'dd fdatasync', 'file → file, then fdatasync (a durable copy)', inp,
                   ['dd', f'if={inp.path}', 'of=@OUT@', 'bs=1M', 'conv=fdatasync', 'status=none'])


def cat(env, inp):
    return _simple(env, 'cat', 'file → /dev/null (physical limit)', inp, ['cat', inp.path],
                   output=False)
