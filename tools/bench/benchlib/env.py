"""What the benchmarks run: the inlet build, the peers (rsyslog, syslog-ng, awk, dd, cat) and the
seq test connector. Installs the peers from Debian packages when it can, and otherwise names
exactly what is missing."""

import glob
import json
import os
import platform
import shutil
import subprocess
from dataclasses import dataclass, field

from .measure import TIME as TIME_BIN, BenchError

RSYSLOG_LIBS = ['libestr0', 'libfastjson4', 'liblognorm5']


@dataclass
class Env:
    root: str  # the source tree
    build: str  # the (release) build dir holding inlet and the bundled plugins
    cache: str  # inputs, the unpacked rsyslog, the seq plugin, scratch outputs
    inlet: str = ''
    file_plugins: str = ''
    random_plugins: str = ''
    seq_plugins: str = ''
    rsyslogd: str = ''
    rsyslog_modules: str = ''
    syslog_ng: str = ''
    awk: str = ''
    notes: list = field(default_factory=list)  # what is missing, shown in the report

    @property
    def work(self):
        return os.path.join(self.cache, 'work')

    @property
    def baselines(self):
        return os.path.join(self.root, 'tools', 'bench', 'baselines')


def _installed(pkg):
    r = subprocess.run(['dpkg-query', '-W', '-f=${Status}', pkg], capture_output=True, text=True)
    return r.returncode == 0 and 'install ok installed' in r.stdout


def _apt_install(pkgs, log):
    missing = [p for p in pkgs if not _installed(p)]
    if not missing:
        return True
    cmd = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends'] + missing
    if os.geteuid() != 0:
        if shutil.which('sudo') is None:
            log(f'missing Debian packages: {" ".join(missing)} (install: sudo {" ".join(cmd)})')
            return False
        cmd = ['sudo'] + cmd
    log(f'installing {" ".join(missing)} from Debian packages')
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        log(f'could not install {" ".join(missing)}: {r.stderr.strip()[-300:]}')
        return False
    return True


def which_or_install(tool, pkg, log):
    """The path of `tool`, installing Debian's `pkg` when it is missing; BenchError (one line
    saying what to install) when that cannot be done."""
    if shutil.which(tool) is None and not _apt_install([pkg], log):
        raise BenchError(f'{tool} is missing: apt-get install {pkg}')
    path = shutil.which(tool)
    if path is None:
        raise BenchError(f'{tool} is missing after installing {pkg}')
    return path


def _private_rsyslog(env, log):
    """rsyslog conflicts with syslog-ng-core as a package: unpack it privately instead."""
    dest = os.path.join(env.cache, 'rsyslog')
    daemon = os.path.join(dest, 'usr', 'sbin', 'rsyslogd')
    if not os.path.exists(daemon):
        os.makedirs(dest, exist_ok=True)
        debs = glob.glob(os.path.join(env.cache, 'rsyslog_*.deb'))
        if not debs:
            log('downloading the rsyslog package (apt-get download rsyslog)')
            r = subprocess.run(['apt-get', 'download', 'rsyslog'], cwd=env.cache,
                               capture_output=True, text=True)
            debs = glob.glob(os.path.join(env.cache, 'rsyslog_*.deb'))
            if not debs:
                env.notes.append('rsyslog: `apt-get download rsyslog` failed: '
                                 + r.stderr.strip()[-200:])
                return
        subprocess.run(['dpkg', '-x', debs[0], dest], check=True)
    mods = glob.glob(os.path.join(dest, 'usr', 'lib', '*', 'rsyslog', 'imfile.so'))
    if not mods:
        env.notes.append(f'rsyslog: no imfile.so under {dest}')
        return
    if not _apt_install(RSYSLOG_LIBS, log):
        env.notes.append(f'rsyslog: needs Debian packages {" ".join(RSYSLOG_LIBS)}')
        return
    env.rsyslogd = daemon
    env.rsyslog_modules = os.path.dirname(mods[0])


def _build_seq(env, log):
    """The seq test connector is built only with -Dtests=true; the bench build has no tests, so
    compile it here, the way plugins/meson.build does (hidden visibility, no lib prefix)."""
    src = os.path.join(env.root, 'tests', 'engine', 'seq', 'seq_connector.cpp')
    out_dir = os.path.join(env.cache, 'seq-plugin')
    out = os.path.join(out_dir, 'seq.so')
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        env.seq_plugins = out_dir
        return
    cxx = os.environ.get('CXX', 'c++')
    os.makedirs(out_dir, exist_ok=True)
    # The loader refuses plugins in folders others can write (a umask of 002 would do that).
    os.chmod(out_dir, 0o755)
    log(f'compiling the seq test connector ({src})')
    r = subprocess.run([cxx, '-std=c++20', '-O2', '-fPIC', '-shared', '-fvisibility=hidden',
                        '-I', os.path.join(env.root, 'sdk', 'include'), src, '-o', out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        env.notes.append(f'seq connector did not compile: {r.stderr.strip()[-300:]}')
        return
    os.chmod(out, 0o755)
    env.seq_plugins = out_dir


def prepare(root, build, log, peers=True):
    """peers=False: only inlet and GNU time (no syslog-ng, rsyslog or seq connector)."""
    build = os.path.abspath(build)
    env = Env(root=root, build=build, cache=os.path.join(build, 'bench-cache'))
    env.inlet = os.path.join(build, 'inlet')
    env.file_plugins = os.path.join(build, 'plugins', 'file')
    env.random_plugins = os.path.join(build, 'plugins', 'random')
    for need in (env.inlet, os.path.join(env.file_plugins, 'file.so'),
                 os.path.join(env.random_plugins, 'random.so')):
        if not os.path.exists(need):
            raise BenchError(f'{need} is missing: build first (meson setup {build} '
                             f'--buildtype=release -Dtests=false && ninja -C {build} -j2)')
    if not os.access(TIME_BIN, os.X_OK):
        if not _apt_install(['time'], log):
            raise BenchError(f'{TIME_BIN} (GNU time, for CPU seconds and peak RSS) is missing: '
                             'apt-get install time')
    os.makedirs(env.work, exist_ok=True)
    buildtype = _meson_buildtype(build)
    if buildtype not in ('release', 'unknown'):
        env.notes.append(f'{build} is a {buildtype} build; figures are for release builds')

    if not peers:
        return env
    if shutil.which('syslog-ng') is None:
        if os.path.isdir('/run/systemd/system'):
            # Installing it under systemd enables and starts it as the system logger.
            env.notes.append('syslog-ng: missing; not installed automatically on a systemd '
                             'host: `apt-get install --no-install-recommends syslog-ng-core`, '
                             'then `systemctl disable --now syslog-ng` if you do not want it '
                             'as your logger')
        else:
            _apt_install(['syslog-ng-core'], log)
    env.syslog_ng = shutil.which('syslog-ng') or ''
    if not env.syslog_ng:
        env.notes.append('syslog-ng: missing (Debian package syslog-ng-core)')
    _private_rsyslog(env, log)
    env.awk = shutil.which('awk') or ''
    _build_seq(env, log)
    return env


def _meson_buildtype(build):
    try:
        r = subprocess.run(['meson', 'introspect', '--buildoptions', build],
                           capture_output=True, text=True, timeout=60)
        for opt in json.loads(r.stdout):
            if opt.get('name') == 'buildtype':
                return opt.get('value')
    except (OSError, ValueError, subprocess.TimeoutExpired):
        pass
    return 'unknown'


def machine():
    """nproc, CPU model, memory, kernel: the lines BENCHMARKS.md shows."""
    model = 'unknown'
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    mem_kb = 0
    with open('/proc/meminfo') as f:
        for line in f:
            if line.startswith('MemTotal:'):
                mem_kb = int(line.split()[1])
    return {
        'nproc': os.cpu_count(),
        'cpu': model,
        'memory': f'{mem_kb / 1024 / 1024:.1f} GiB',
        'kernel': platform.release(),
    }


def loadavg():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def tool_version(argv):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        first = (r.stdout or r.stderr).strip().splitlines()[0]
        return first.replace(' compiled with:', '').strip()
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return 'unknown'
