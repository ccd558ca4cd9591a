"""Scenarios 1-5 of issue 7: each runs its contenders interleaved in this invocation and returns
a report Section (table + targets)."""

import json
import os
import re
import subprocess
import threading
import time

from . import contenders as cs
from . import inputs, measure
from .measure import BenchError
from .report import Section, Target, rate, ratio, table


def _throughput_section(title, unit, rows, ref, runs, note=''):
    """rows: [(Contender, [Sample])]; ratios are ref's rate over each row's rate."""
    ref_rate = None
    body = []
    for c, samples in rows:
        m = measure.median_sample(samples)
        r = c.items / m.wall
        if c.name == ref:
            ref_rate = r
        body.append((c, m, r))
    out = []
    for c, m, r in body:
        mbs = f'{c.nbytes / m.wall / 1e6:,.0f}' if c.nbytes else '–'
        rel = '–' if c.name == ref or not ref_rate else ratio(ref_rate / r)
        out.append([f'`{c.name}`', c.job, rate(r), mbs, rel, f'{m.rss_mb:.1f}', f'{m.cpu:.2f}',
                    f'{m.wall:.3f}'])
    lines = table(['tool', 'job', f'{unit}/s', 'MB/s', f'{ref} is … faster', 'peak RSS MiB',
                   'CPU s', f'wall s (median of {runs})'], out)
    if note:
        lines += ['', note]
    rates = {c.name: r for c, _, r in body}
    medians = {c.name: m for c, m, _ in body}
    return Section(title, lines), rates, medians


def _available(env, contenders):
    """Drops peers that are not installed (env.notes says why)."""
    keep = []
    for c in contenders:
        if c.name.startswith('rsyslog') and not env.rsyslogd:
            continue
        if c.name.startswith('syslog-ng') and not env.syslog_ng:
            continue
        keep.append(c)
    return keep


def _met_ratio(rates, a, b, at_least):
    if a not in rates or b not in rates:
        return None, 'not run'
    x = rates[a] / rates[b]
    return x >= at_least, ratio(x)


def file_to_file(env, inp, mixed, runs, log):
    """Scenario 1 (value format, exactly-once, snapshot every 1 s) on both inputs."""
    sections = []
    rates_200 = medians_200 = None
    for data in (inp, mixed):
        tag = '200 B' if data is inp else 'mixed'
        log(f'scenario 1: file → file, --format value ({data.label})')
        cont = _available(env, [
            cs.inlet_file(env, 'inlet', 'file → file, value, exactly-once, snapshot 1 s', data),
            cs.rsyslog(env, data, False), cs.syslog_ng(env, data, False),
            cs.awk(env, data), cs.dd(env, data), cs.dd_durable(env, data), cs.cat(env, data)])
        samples = measure.interleave(cont, runs, log)
        sec, rates, medians = _throughput_section(
            f'1. file → file, `--format value` — {data.label} ({data.bytes / 1e6:,.0f} MB)',
            'lines', [(c, samples[c.name]) for c in cont], 'inlet', runs)
        sections.append(sec)
        if data is inp:
            rates_200, medians_200 = rates, medians
        log(f'  ({tag} done)')
    sec = sections[0]
    for peer, k in (('rsyslog', 10), ('syslog-ng', 15)):
        met, x = _met_ratio(rates_200, 'inlet', peer, k)
        sec.targets.append(Target('1', f'≥ {k}× tuned {peer} lines/s', x, met))
    met, x = _met_ratio(rates_200, 'inlet', 'awk', 1.0)
    sec.targets.append(Target('1', "at least as fast as awk '{print}'", x, met))
    met, x = _met_ratio(rates_200, 'inlet', 'dd bs=1M', 1 / 1.5)
    sec.targets.append(Target('1', 'within 1.5× of dd bs=1M (≥ 0.67× its rate)', x, met))
    met, x = _met_ratio(rates_200, 'inlet', 'dd bs=1M', 0.8)
    sec.targets.append(Target('1', '≥ 0.8× dd bs=1M (issue 16)', x, met))
    _, x = _met_ratio(rates_200, 'inlet', 'dd fdatasync', 0.8)
    sec.targets.append(Target('1', 'inlet vs dd conv=fdatasync (a durable copy, context)', x,
                              'context'))
    return sections, medians_200.get('inlet')


def file_to_json(env, inp, runs, log):
    log(f'scenario 2: file → file, envelope JSON ({inp.label})')
    cont = _available(env, [
        cs.inlet_file(env, 'inlet-envelope', 'file → file, envelope JSON, exactly-once, '
                      'snapshot 1 s', inp, fmt='envelope'),
        cs.rsyslog(env, inp, True), cs.syslog_ng(env, inp, True)])
    samples = measure.interleave(cont, runs, log)
    sec, rates, _ = _throughput_section(
        f'2. file → file, JSON lines — {inp.label}', 'lines',
        [(c, samples[c.name]) for c in cont], 'inlet-envelope', runs,
        note='inlet writes its full envelope (topic, partition, offset, key, value, timestamp, '
             'headers: ~2× the bytes); the peers write `{"msg":LINE}`.')
    for peer in ('rsyslog-json', 'syslog-ng-json'):
        met, x = _met_ratio(rates, 'inlet-envelope', peer, 5)
        sec.targets.append(Target('2', f'≥ 5× {peer} lines/s', x, met))
    return sec


_SUMMARY = re.compile(r'finished after [0-9.]+ s: ([0-9,]+) records')


def _null_job(env, name, source, plugins):
    """A job of one source into the null sink, no snapshots; the job file's path."""
    folder = os.path.join(env.work, name)
    os.makedirs(folder, exist_ok=True)
    job = os.path.join(folder, 'job.json')
    with open(job, 'w') as f:
        json.dump({'name': name, 'sources': [source], 'sink': {'type': 'null'},
                   'snapshot': {'guarantee': 'none'}, 'plugin.path': [plugins]}, f, indent=1)
    return job


def _random(env, tasks, per_task):
    name = f'random-{tasks}-task' + ('s' if tasks > 1 else '')
    folder = os.path.join(env.work, name)
    job = _null_job(env, name, {'name': 'r', 'connector.class': 'random',
                                'generator.class': 'RandomInt', 'seed': 1,
                                'tasks.max': tasks, 'max.messages': per_task},
                    env.random_plugins)
    err = os.path.join(folder, 'stderr.txt')
    total = tasks * per_task

    def run():
        s = measure.run([env.inlet, 'run', job, '--log-level', 'warn'], what=name, errlog=err)
        with open(err, errors='replace') as f:
            m = _SUMMARY.search(f.read())
        # The summary is logged at info; without it, trust the exit code and max.messages.
        if m and int(m.group(1).replace(',', '')) != total:
            raise BenchError(f'{name}: {m.group(1)} records, expected {total:,}')
        return s

    return cs.Contender(name, f'random (RandomInt) → null, tasks.max={tasks}', total, 0, run)


def _random_twice(env, per_task):
    """The machine's own scaling limit: two independent 1-task processes at once share
    nothing but the machine, so tasks.max=2 in one process cannot be expected to beat them."""
    one = _random(env, 1, per_task)
    folder = os.path.join(env.work, 'random-1-task')
    job = os.path.join(folder, 'job.json')
    name = 'two-processes'
    errs = [os.path.join(env.work, f'{name}-{k}.txt') for k in range(2)]

    def run():
        argv = [env.inlet, 'run', job, '--log-level', 'warn']
        return measure.run_together([argv, argv], what=name, errlogs=errs)

    return cs.Contender(name, 'two separate `inlet` processes at once, 1 task each',
                        2 * one.items, 0, run)


def _files_null(env, name, files, tasks):
    """The file connector over `files` (bounded) into the null sink, tasks.max=`tasks`."""
    return _null_job(env, name, {'name': 'in', 'connector.class': 'file',
                                 'files': ','.join(files), 'topic': 'bench', 'mode': 'bounded',
                                 'tasks.max': tasks}, env.file_plugins)


def _file_null_contenders(env, a, b):
    """file → null over two files of the same size: tasks.max=2 in one process against two
    one-task processes, one file each (the ceiling, as for random)."""
    both = a.lines + b.lines
    two_tasks = _files_null(env, 'file-2-tasks', [a.path, b.path], 2)
    singles = [_files_null(env, f'file-1-task-{k}', [p], 1) for k, p in enumerate((a.path, b.path))]
    err = os.path.join(env.work, 'file-2-tasks', 'stderr.txt')
    errs = [os.path.join(env.work, f'file-two-processes-{k}.txt') for k in range(2)]

    def run_two_tasks():
        return measure.run([env.inlet, 'run', two_tasks, '--log-level', 'warn'],
                           what='file-2-tasks', errlog=err)

    def run_two_processes():
        return measure.run_together([[env.inlet, 'run', j, '--log-level', 'warn'] for j in singles],
                                    what='file-two-processes', errlogs=errs)

    return [cs.Contender('file-2-tasks', 'file → null, two files, tasks.max=2', both, a.bytes + b.bytes,
                         run_two_tasks),
            cs.Contender('file-two-processes', 'two separate `inlet` processes at once, one file '
                         'each', both, a.bytes + b.bytes, run_two_processes)]


def random_to_null(env, per_task, runs, log, files=None):
    log(f'scenario 3: random → null ({per_task:,} records per task)')
    cont = [_random(env, 1, per_task), _random(env, 2, per_task), _random_twice(env, per_task)]
    samples = measure.interleave(cont, runs, log)
    sec, rates, _ = _throughput_section(
        '3. random → null', 'records', [(c, samples[c.name]) for c in cont], 'random-1-task',
        runs, note='Ratio column: how much faster 1 task is (below 1: the other is faster). '
                   '`two-processes` is the most this machine gives two busy threads that share '
                   'nothing: the ceiling for tasks.max=2.')
    one, two = rates['random-1-task'], rates['random-2-tasks']
    ceiling = rates['two-processes']
    sec.targets.append(Target('3', '≥ 10M records/s with one task', rate(one) + '/s',
                              one >= 10e6))
    sec.targets.append(Target('3', 'near-linear gain with tasks.max=2 (≥ 1.8×)',
                              ratio(two / one), two / one >= 1.8))
    sec.targets.append(Target('3', 'tasks.max=2 vs. the machine\'s ceiling (two processes: '
                              f'{ratio(ceiling / one)} of one task)', ratio(two / ceiling) +
                              ' of the ceiling', 'context'))
    sec.targets.append(Target('3', 'tasks.max=2 ≥ 0.95× two processes, random → null (issue 16)',
                              ratio(two / ceiling), two / ceiling >= 0.95))
    if files is None:
        return sec
    log(f'scenario 3: file → null, two files ({files[0].label} each)')
    cont = _file_null_contenders(env, *files)
    samples = measure.interleave(cont, runs, log)
    fsec, frates, _ = _throughput_section(
        '3. file → null, two files', 'lines', [(c, samples[c.name]) for c in cont],
        'file-2-tasks', runs, note='`file-two-processes`: one `inlet` per file, both at once '
                                   '(the ceiling for tasks.max=2).')
    x = frates['file-2-tasks'] / frates['file-two-processes']
    sec.lines += ['', f'### {fsec.title}', ''] + fsec.lines
    sec.targets.append(Target('3', 'tasks.max=2 ≥ 0.95× two processes, file → null over two '
                              'files (issue 16)', ratio(x), x >= 0.95))
    return sec


def snapshot_cost(env, inp, runs, log):
    log(f'scenario 4: snapshot cost ({inp.label})')
    cont = [
        cs.inlet_file(env, 'snapshots-off', 'guarantee none, no state dir', inp,
                      guarantee='none'),
        cs.inlet_file(env, 'every-1s', 'exactly-once, snapshot every 1 s', inp),
        cs.inlet_file(env, 'every-100ms', 'exactly-once, snapshot every 100 ms', inp,
                      interval_ms=100)]
    samples = measure.interleave(cont, runs, log)
    sec, rates, _ = _throughput_section(
        '4. snapshot cost — file → file, value', 'lines', [(c, samples[c.name]) for c in cont],
        'snapshots-off', runs)
    for name, keep in (('every-1s', 0.97), ('every-100ms', 0.90)):
        x = rates[name] / rates['snapshots-off']
        sec.targets.append(Target('4', f'{name} keeps ≥ {keep:.0%} of snapshots-off',
                                  f'{x:.1%}', x >= keep))
    x = rates['every-100ms'] / rates['snapshots-off']
    sec.targets.append(Target('4', 'snapshots every 100 ms cost ≤ 3% (issue 16 item 3)',
                              f'{1 - x:+.1%} cost' if x < 1 else 'none measurable', x >= 0.97))
    return sec


def _slow_sink(env, inp, log):
    """The scenario-1 job with stdout into a reader that drains ~20 MB/s: the engine must hold
    back (backpressure) instead of queueing the input in memory."""
    name = 'slow-sink'
    job, _, state = cs.file_job(env, name, inp, guarantee='at-least-once',
                                sink={'type': 'stdout', 'format': 'value'})
    cs.fresh(state)
    err = os.path.join(env.work, name, 'stderr.txt')
    got = [0]

    def drain(pipe):
        while chunk := pipe.read(1 << 16):
            got[0] += len(chunk)
            time.sleep(0.003)

    tfile = err + '.time'
    with open(err, 'wb') as ferr:
        started = time.perf_counter()
        proc = subprocess.Popen(measure.timed([env.inlet, 'run', job, '--quiet'], tfile),
                                stdout=subprocess.PIPE, stderr=ferr)
    reader = threading.Thread(target=drain, args=(proc.stdout,))
    reader.start()
    proc.wait()
    reader.join()
    wall = time.perf_counter() - started
    if proc.returncode != 0 or got[0] != inp.bytes:
        raise BenchError(f'{name}: exit {proc.returncode}, {got[0]:,} of {inp.bytes:,} bytes')
    s = measure.sample(wall, tfile, name)
    log(f'  slow sink: {wall:.1f} s, {inp.bytes / wall / 1e6:.0f} MB/s, rss {s.rss_mb:.1f} MiB')
    return s, wall


def memory(env, inp, s1_inlet, quick, log):
    log('scenario 5: memory')
    rows = [[f'scenario 1 job, {inp.bytes / 1e6:,.0f} MB input', f'{s1_inlet.rss_mb:.1f}',
             '–', 'median of scenario 1']]
    sec = Section('5. memory — peak RSS of the scenario-1 job')
    big_rss = None
    big_bytes = inp.bytes * 10
    if quick:
        note = 'skipped (--quick)'
    elif inputs.free_bytes(env.cache) < big_bytes * 2 + (1 << 30):
        note = f'skipped: {big_bytes * 2 / 1e9:.0f} GB free disk needed'
    else:
        big = inputs.repeated(inp, 10, os.path.join(env.cache, 'big-input.txt'), log)
        try:
            c = cs.inlet_file(env, 'inlet-10x', 'scenario 1 job, 10× input', big)
            s = c.run()
            log(f'  10× input: {s.wall:.1f} s, rss {s.rss_mb:.1f} MiB')
            big_rss = s.rss_mb
            note = f'1 run, {big.lines / s.wall / 1e6:.2f}M lines/s'
        finally:
            os.unlink(big.path)
    rows.append([f'scenario 1 job, {big_bytes / 1e6:,.0f} MB input',
                 f'{big_rss:.1f}' if big_rss else '–',
                 ratio(big_rss / s1_inlet.rss_mb) if big_rss else '–', note])
    slow_in = inputs.fixed(env.cache, max(inp.lines // 5, 10000), log)
    slow, wall = _slow_sink(env, slow_in, log)
    rows.append([f'same job, stdout into a reader draining ~20 MB/s ({slow_in.bytes / 1e6:,.0f}'
                 ' MB)', f'{slow.rss_mb:.1f}', ratio(slow.rss_mb / s1_inlet.rss_mb),
                 f'{slow_in.bytes / wall / 1e6:.0f} MB/s through the reader, 1 run'])
    sec.lines = table(['run', 'peak RSS MiB', 'vs first row', 'note'], rows)
    if quick:
        sec.lines += ['', '--quick: a 40 MB input may end before the memory budget fills, so '
                      'these RSS comparisons are indicative only.']
    sec.targets.append(Target('5', 'peak RSS ≤ 32 MB in scenario 1',
                              f'{s1_inlet.rss_mb:.1f} MiB', s1_inlet.rss_mb * 1.048576 <= 32))
    if big_rss:
        x = big_rss / s1_inlet.rss_mb
        sec.targets.append(Target('5', 'same peak within 10% for a 10× input', ratio(x),
                                  0.9 <= x <= 1.1))
    else:
        sec.targets.append(Target('5', 'same peak within 10% for a 10× input', note, None))
    x = slow.rss_mb / s1_inlet.rss_mb
    sec.targets.append(Target('5', 'a slow sink does not grow it (≤ +10%)', ratio(x), x <= 1.1))
    return sec
