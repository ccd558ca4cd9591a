"""Scenario 7 (issue 14): PostgreSQL change data capture, inlet's postgres connector against
pg_recvlogical with pgoutput on the same server and the same WAL.

One throwaway PostgreSQL (tests/postgres/pgserver.py: initdb + pg_ctl in a temp folder, runuser
when root) holds two tables of ten typed columns. Publications and a template slot are created
first, then ROWS inserts in 10,000-row transactions, alternating between the tables. Every run
streams that same WAL from the start: it gets a fresh copy of the template slot
(pg_copy_logical_replication_slot keeps the source's position), so each contender decodes
exactly the same changes, and the server does the same work for each.

- pg_recvlogical (pgoutput, proto_version 1, publication_names) writes to /dev/null and stops by
  itself at the load's end LSN (--endpos): the server's own decoding speed, the ceiling.
- inlet (snapshot.mode=no_data: stream from the slot's position) cannot stop at an LSN; the
  harness polls its /metrics (--rest, records written by the sink) every 50 ms and stops the
  clock when every row is written, then ends it with SIGTERM. CPU and peak RSS come from GNU
  time around the whole process, start-up and shutdown included.
- Two slots: `pg_recvlogical ×2` runs one per table's publication at once (the ceiling for two
  slots); inlet with tasks.max=2 splits the two tables over two slots itself.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from . import contenders as cs
from . import env as envmod
from . import measure
from .measure import BenchError
from .report import Section, Target, rate, ratio, table

TXN_ROWS = 10_000
TABLES = ('bench_a', 'bench_b')
COLUMNS = ('id bigint PRIMARY KEY, qty integer NOT NULL, price numeric(12,2), '
           'ratio double precision, flag boolean, name text, code varchar(32), '
           'created timestamptz, day date, uid uuid')
ROW_SELECT = ("SELECT g, (g % 1000)::int, (g % 100000) / 100.0, g / 7.0, g % 2 = 0, "
              "'name-' || g, 'code-' || (g % 997), timestamptz '2024-01-01 00:00:00+00' + "
              "g * interval '1 second', date '2024-01-01' + (g % 3650)::int, md5(g::text)::uuid "
              "FROM generate_series({lo}, {hi}) g")
TEMPLATE = 'bench_template'
RUN_SLOT = 'bench_run'


def _pgserver(root):
    sys.path.insert(0, os.path.join(root, 'tests', 'postgres'))
    import pgserver  # noqa: E402  (the tests' server: one place that knows initdb/pg_ctl/runuser)
    return pgserver


class Load:
    """The server, its tables, publications and template slot, and the WAL of ROWS inserts."""

    def __init__(self, env, rows, log):
        pgserver = _pgserver(env.root)
        if pgserver.find_bindir() is None:
            raise BenchError('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin '
                             '(tools/setup installs postgresql-15)')
        self.recvlogical = os.path.join(pgserver.find_bindir(), 'pg_recvlogical')
        log(f'scenario 7: starting PostgreSQL, loading {rows:,} rows '
            f'({rows // TXN_ROWS} transactions of {TXN_ROWS:,})')
        self.server = pgserver.PgServer({
            'shared_buffers': "'256MB'", 'max_wal_size': "'8GB'", 'checkpoint_timeout': "'1h'",
            'synchronous_commit': 'off', 'max_replication_slots': '16', 'max_wal_senders': '16',
            'autovacuum': 'off'})
        os.environ['PGPASSWORD'] = pgserver.PASSWORD  # pg_recvlogical and psql read it
        self.db = 'bench'
        s = self.server
        s.createdb(self.db)
        ddl = [f'CREATE TABLE {TABLES[0]} ({COLUMNS});',
               f'CREATE TABLE {TABLES[1]} (LIKE {TABLES[0]} INCLUDING ALL);',
               f'CREATE PUBLICATION bench_pub FOR TABLE {", ".join(TABLES)};']
        # inlet's tasks.max=2 puts the captured tables, in name order, round-robin on
        # <publication.name>_<i>: bench_a on _0, bench_b on _1.
        ddl += [f'CREATE PUBLICATION bench_pub_{i} FOR TABLE {t};' for i, t in enumerate(TABLES)]
        s.sql('\n'.join(ddl), db=self.db)
        # The slot after the publications: decoding reads them as of each change's time.
        s.sql(f"SELECT pg_create_logical_replication_slot('{TEMPLATE}', 'pgoutput')", db=self.db)
        started = time.perf_counter()
        stmts = []
        for k in range(rows // TXN_ROWS):
            lo = (k // 2) * TXN_ROWS + 1
            stmts.append(f'INSERT INTO {TABLES[k % 2]} '
                         + ROW_SELECT.format(lo=lo, hi=lo + TXN_ROWS - 1) + ';')
        s.sql('\n'.join(stmts), db=self.db)  # autocommit: one transaction per statement
        self.end_lsn = s.sql('SELECT pg_current_wal_lsn()', db=self.db)[0]
        self.rows = rows
        self.per_table = rows // 2
        wal = s.sql(f"SELECT pg_size_pretty(pg_wal_lsn_diff('{self.end_lsn}', restart_lsn)) "
                    f"FROM pg_replication_slots WHERE slot_name = '{TEMPLATE}'", db=self.db)[0]
        log(f'  loaded in {time.perf_counter() - started:.1f} s, {wal} of WAL to decode, '
            f'ends at {self.end_lsn}')
        self.wal = wal

    def fresh_slots(self, names):
        """Copies of the template slot, positioned before the load."""
        self.drop_slots(names)
        self.server.sql(';'.join(f"SELECT pg_copy_logical_replication_slot('{TEMPLATE}', '{n}')"
                                 for n in names), db=self.db)

    def drop_slots(self, names):
        # A stopped client's walsender may take a moment to let go of its slot.
        for _ in range(100):
            active = self.server.sql(
                'SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name IN ('
                + ','.join(f"'{n}'" for n in names) + ')', db=self.db)
            if active == ['0']:
                break
            time.sleep(0.05)
        self.server.sql(';'.join(
            f"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
            f"WHERE slot_name = '{n}'" for n in names), db=self.db)

    def stop(self):
        self.server.stop()


def _recvlogical(env, load, name, job_text, slots_pubs):
    """pg_recvlogical on each (slot, publication) at once, to /dev/null, ending at the load's
    end LSN by itself."""
    folder = os.path.join(env.work, name)
    os.makedirs(folder, exist_ok=True)
    errs = [os.path.join(folder, f'stderr-{i}.txt') for i in range(len(slots_pubs))]
    s = load.server

    def argv(slot, pub):
        return [load.recvlogical, '-h', '127.0.0.1', '-p', str(s.port), '-U', 'postgres',
                '-d', load.db, '--slot', slot, '--start', '--no-loop', '-o', 'proto_version=1',
                '-o', f'publication_names={pub}', '-E', load.end_lsn, '-f', '/dev/null']

    def run():
        load.fresh_slots([sp[0] for sp in slots_pubs])
        try:
            if len(slots_pubs) == 1:
                return measure.run(argv(*slots_pubs[0]), what=name, errlog=errs[0])
            return measure.run_together([argv(*sp) for sp in slots_pubs], what=name,
                                        errlogs=errs)
        finally:
            load.drop_slots([sp[0] for sp in slots_pubs])

    c = cs.Contender(name, job_text, load.rows, 0, run)
    c.argv = argv  # for tools/bench/profile
    return c


def _written(port):
    """Records the sink wrote, summed over tasks (inlet's /metrics); None before it answers."""
    try:
        with urllib.request.urlopen(f'http://127.0.0.1:{port}/metrics', timeout=2) as r:
            text = r.read().decode()
    except OSError:
        return None
    return sum(float(line.rsplit(' ', 1)[1]) for line in text.splitlines()
               if line.startswith('inlet_source_record_write_total'))


def _inlet(env, load, name, job_text, *, tasks=1, sink='null', rows=None):
    """inlet's postgres connector into the null sink (no snapshots) or the file sink
    (exactly-once, snapshot every 1 s, schemaless JSON values: what a Kafka topic holds with
    JsonConverter schemas.enable=false). Stopped once `rows` records are written."""
    rows = rows or load.rows
    folder = os.path.join(env.work, name)
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, 'out.jsonl')
    state = os.path.join(folder, 'state')
    err = os.path.join(folder, 'stderr.txt')
    s = load.server
    source = s.connector_props(load.db, **{
        'name': 'pg', 'connector.class': 'postgres', 'topic.prefix': 'bench',
        'slot.name': RUN_SLOT, 'publication.name': 'bench_pub',
        'publication.autocreate.mode': 'disabled', 'snapshot.mode': 'no_data',
        'table.include.list': r'public\.bench_.*', 'tasks.max': str(tasks)})
    job = {'name': name, 'sources': [source],
           'plugin.path': [os.path.join(env.build, 'plugins', 'postgres')]}
    if sink == 'null':
        job['sink'] = {'type': 'null'}
        job['snapshot'] = {'guarantee': 'none'}
    else:
        job['sink'] = {'type': 'file', 'path': out, 'format': 'json'}
        job['snapshot'] = {'guarantee': 'exactly-once', 'interval.ms': 1000, 'state.dir': state}
    path = os.path.join(folder, 'job.json')
    with open(path, 'w') as f:
        json.dump(job, f, indent=1)
    slots = [RUN_SLOT] if tasks == 1 else [f'{RUN_SLOT}_{i}' for i in range(tasks)]

    def run():
        cs.fresh(out, state)
        load.fresh_slots(slots)
        port = measure.free_port()
        try:
            sample = measure.run_until(
                [env.inlet, 'run', path, '--log-level', 'warn', '--rest', f'127.0.0.1:{port}'],
                what=name, errlog=err, done=lambda: (_written(port) or 0) >= rows,
                timeout=120 + rows / 2000, poll_s=0.05, check_exit=True,
                progress=lambda: f'{_written(port) or 0:,.0f} of {rows:,} records written')
        finally:
            load.drop_slots(slots)
        if sink != 'null':
            got = measure.count_lines(out)
            if got < rows:
                raise BenchError(f'{name}: {out} has {got:,} lines, expected at least {rows:,}')
        cs.fresh(out, state)
        return sample

    c = cs.Contender(name, job_text, rows, 0, run)
    c.job_path = path  # for tools/bench/profile
    return c


def postgres_cdc(env, rows, runs, log):
    """Scenario 7. Returns a Section (table, RSS at two row counts, targets)."""
    if not os.path.exists(os.path.join(env.build, 'plugins', 'postgres', 'postgres.so')):
        raise BenchError(f'{env.build}/plugins/postgres/postgres.so is missing (libpq-dev not '
                         'installed when the build was set up?)')
    rows = max(TXN_ROWS * 2, rows // (TXN_ROWS * 2) * TXN_ROWS * 2)
    load = Load(env, rows, log)
    try:
        return _measure(env, load, runs, log)
    finally:
        load.stop()


def _measure(env, load, runs, log):
    quarter = load.rows // 4
    cont = [
        _recvlogical(env, load, 'pg_recvlogical', 'pgoutput → /dev/null, 1 slot (the ceiling)',
                     [(RUN_SLOT, 'bench_pub')]),
        _inlet(env, load, 'inlet-null', 'postgres → null sink, 1 slot'),
        _inlet(env, load, 'inlet-file', 'postgres → file sink (json), exactly-once, 1 slot',
               sink='file'),
        _recvlogical(env, load, 'pg_recvlogical ×2', 'two at once, one slot per table (the '
                     'ceiling for 2 slots)', [(f'{RUN_SLOT}_{i}', f'bench_pub_{i}')
                                             for i in range(2)]),
        _inlet(env, load, 'inlet-null-2', 'postgres → null sink, tasks.max=2 (2 slots)', tasks=2),
        _inlet(env, load, 'inlet-file-¼', f'as inlet-file, stopped after {quarter:,} rows '
               '(peak RSS at ¼ of the rows)', sink='file', rows=quarter),
    ]
    loads = [envmod.loadavg()]
    samples = measure.interleave(cont, runs, log)
    loads.append(envmod.loadavg())
    med = {c.name: measure.median_sample(samples[c.name]) for c in cont}
    rates = {c.name: c.items / med[c.name].wall for c in cont}
    ceiling = rates['pg_recvlogical']
    rows = []
    for c in cont:
        m = med[c.name]
        spread = sorted(c.items / s.wall for s in samples[c.name])
        rows.append([f'`{c.name}`', c.job, rate(rates[c.name]),
                     f'{rate(spread[0])}–{rate(spread[-1])}' if len(spread) > 1 else '–',
                     f'{rates[c.name] / ceiling:.0%}', f'{m.cpu:.2f} ({m.user:.2f} + {m.sys:.2f})',
                     f'{m.cpu / c.items * 1e6:.1f}', f'{m.waits / c.items * 1000:.0f}',
                     f'{m.rss_mb:.1f}', f'{m.wall:.2f}'])
    sec = Section(f'7. PostgreSQL change data capture — {load.rows:,} inserts in '
                  f'{TXN_ROWS:,}-row transactions, 2 tables of 10 typed columns, '
                  f'{load.wal} of WAL')
    sec.lines = table(['client', 'job', 'events/s', 'range', 'of pg_recvlogical',
                       'client CPU s (user + sys)', 'CPU µs/event', 'waits per 1,000 events',
                       'peak RSS MiB',
                       f'wall s (median of {runs})'], rows)
    sec.lines += ['', f'Load average (1/5/15 min) before the rounds: {loads[0]}; after: '
                      f'{loads[1]}. Client CPU is user+sys of the client process (GNU time); '
                      'the walsender\'s is not in it. Every run streams the same WAL from a '
                      'fresh copy of one slot. Debezium\'s published figures: 50–90k events/s '
                      '(see BENCHMARKS.md).']
    one, two = rates['inlet-null'], rates['inlet-null-2']
    sec.targets.append(Target('7', '≥ 95% of pg_recvlogical events/s, 1 slot (null sink)',
                              f'{one / ceiling:.1%}', one >= 0.95 * ceiling))
    sec.targets.append(Target('7', 'less client CPU than pg_recvlogical (null sink)',
                              f'{med["inlet-null"].cpu:.2f} vs {med["pg_recvlogical"].cpu:.2f} s',
                              med['inlet-null'].cpu < med['pg_recvlogical'].cpu))
    sec.targets.append(Target('7', '≥ 95% of pg_recvlogical events/s, file sink exactly-once',
                              f'{rates["inlet-file"] / ceiling:.1%}',
                              rates['inlet-file'] >= 0.95 * ceiling))
    sec.targets.append(Target('7', '> 1.6× pg_recvlogical with tasks.max=2, two slots',
                              ratio(two / ceiling), two > 1.6 * ceiling))
    sec.targets.append(Target('7', 'tasks.max=2 vs two pg_recvlogical at once (the machine\'s '
                              f'2-slot ceiling: {ratio(rates["pg_recvlogical ×2"] / ceiling)})',
                              f'{two / rates["pg_recvlogical ×2"]:.0%} of it', 'context'))
    x = med['inlet-file'].rss_mb / med['inlet-file-¼'].rss_mb
    sec.targets.append(Target('7', 'peak RSS flat in the rows (file sink, all rows vs ¼: '
                              'within 10%)', f'{med["inlet-file"].rss_mb:.1f} vs '
                              f'{med["inlet-file-¼"].rss_mb:.1f} MiB ({ratio(x)})',
                              x <= 1.1))
    return sec



def profile(env, job, rows, out, log):
    """tools/bench/profile postgres|recvlogical: one client on the load's WAL under callgrind
    (the server runs natively). Returns the number of events streamed."""
    rows = max(TXN_ROWS * 2, rows // (TXN_ROWS * 2) * TXN_ROWS * 2)
    load = Load(env, rows, log)
    grind = ['valgrind', '--tool=callgrind', f'--callgrind-out-file={out}']
    try:
        if job == 'recvlogical':
            c = _recvlogical(env, load, 'profile-recvlogical', '', [(RUN_SLOT, 'bench_pub')])
            load.fresh_slots([RUN_SLOT])
            argv = grind + c.argv(RUN_SLOT, 'bench_pub')
            log(' '.join(argv))
            subprocess.run(argv, check=True, stderr=subprocess.DEVNULL)
            return rows
        c = _inlet(env, load, 'profile-inlet', '')
        load.fresh_slots([RUN_SLOT])
        port = measure.free_port()
        argv = grind + [env.inlet, 'run', c.job_path, '--quiet', '--rest', f'127.0.0.1:{port}']
        log(' '.join(argv))
        proc = subprocess.Popen(argv, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60 + rows / 100
        while (_written(port) or 0) < rows:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise BenchError(f'inlet under callgrind: {_written(port) or 0:,.0f} of {rows:,} '
                                 'records written, then it exited or timed out')
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        if proc.wait() != 0:
            raise BenchError(f'inlet under callgrind: exit {proc.returncode} after SIGTERM')
        return rows
    finally:
        load.stop()
