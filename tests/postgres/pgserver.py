"""A real PostgreSQL server for the tests: initdb + pg_ctl in a temp folder, on a free loopback
port, wal_level=logical, stopped (and its folder removed) at the end even on failure.

Run as root, the server runs as the unprivileged `postgres` system user that Debian's package
creates (`nobody` when that user does not exist), through runuser, and the temp folder is owned
by that user. Without the server binaries the calling test SKIPs (exit 77, reason printed);
CI installs them through tools/setup.

SQL goes through psql (the tests use the Python standard library only).
"""
import atexit
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
PASSWORD = "inlet-secret"


def find_bindir():
    """The newest installed server binaries, preferring 15 (what the issue tests against)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    preferred = [p for p in found if "/15/" in p]
    path = (preferred or found or [None])[-1]
    if path is None:
        return None
    return os.path.dirname(path)


def skip_without_server():
    """Exits 77 with the reason when PostgreSQL's server binaries are not installed."""
    bindir = find_bindir()
    if bindir is None or not os.path.exists(os.path.join(bindir, "pg_ctl")):
        print("SKIP: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
              "(tools/setup installs postgresql-15)")
        sys.exit(SKIP)
    return bindir


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """One throwaway cluster. Use as a context manager (or call stop(); atexit covers crashes)."""

    def __init__(self, extra_conf=None):
        self.bindir = skip_without_server()
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="inlet-pg-")
        self.data = os.path.join(self.tmp, "data")
        self.log = os.path.join(self.tmp, "server.log")
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            if self.user is None:
                raise RuntimeError("running as root, but neither a postgres nor a nobody user exists")
            os.chown(self.tmp, self.user.pw_uid, self.user.pw_gid)
        os.chmod(self.tmp, 0o755)
        self.running = False
        atexit.register(self.stop)
        pwfile = os.path.join(self.tmp, "pw")
        with open(pwfile, "w") as f:
            f.write(PASSWORD + "\n")
        if self.user:
            os.chown(pwfile, self.user.pw_uid, self.user.pw_gid)
        self._as_server(["initdb", "-D", self.data, "-U", "postgres", "-E", "UTF8",
                         "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
                         f"--pwfile={pwfile}"])
        conf = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.tmp}'",
            "wal_level": "logical",
            "max_wal_senders": "20",
            "max_replication_slots": "20",
            "fsync": "off",  # the tests kill processes, not the machine
            "shared_buffers": "32MB",
            "timezone": "'UTC'",
            "log_min_messages": "warning",
        }
        conf.update(extra_conf or {})
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            for k, v in conf.items():
                f.write(f"{k} = {v}\n")
        self.start()

    def _as_server(self, args, **kw):
        cmd = [os.path.join(self.bindir, args[0])] + args[1:]
        if self.user:
            cmd = ["runuser", "-u", self.user.pw_name, "--"] + cmd
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.tmp, **kw)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({p.returncode}): {p.stderr[-2000:]}"
                               f"{self.server_log()}")
        return p

    def server_log(self):
        try:
            with open(self.log) as f:
                return "\nserver log:\n" + f.read()[-3000:]
        except OSError:
            return ""

    def start(self):
        self._as_server(["pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start"])
        self.running = True

    def kill(self):
        """The server dies at once (SIGQUIT to the postmaster: immediate shutdown, crash recovery
        at the next start)."""
        self._as_server(["pg_ctl", "-D", self.data, "-m", "immediate", "stop"])
        self.running = False

    def restart(self):
        self.kill()
        self.start()

    def stop(self):
        if self.running:
            try:
                self._as_server(["pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"])
            except Exception as e:  # still remove the folder; say why the stop failed
                print(f"pgserver: stopping the server failed: {e}", file=sys.stderr)
            self.running = False
        if self.tmp and os.path.isdir(self.tmp):
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # ---- SQL --------------------------------------------------------------------------------

    def env(self, password=PASSWORD):
        e = dict(os.environ)
        e["PGPASSWORD"] = password
        return e

    def psql_cmd(self, db="postgres", user="postgres"):
        return [os.path.join(self.bindir, "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", db]

    def sql(self, text, db="postgres", user="postgres", check=True):
        """Runs SQL, returns stdout lines (unaligned, '|' separated)."""
        p = subprocess.run(self.psql_cmd(db, user), input=text, capture_output=True, text=True,
                           env=self.env(), timeout=120)
        if check and p.returncode != 0:
            raise RuntimeError(f"psql failed: {p.stderr.strip()}\nSQL: {text[:500]}")
        return [l for l in p.stdout.split("\n") if l]

    def writer(self, db="postgres"):
        """A psql reading statements from stdin: write to .stdin, close to finish."""
        return subprocess.Popen(self.psql_cmd(db), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, env=self.env())

    def createdb(self, name):
        self.sql(f"CREATE DATABASE {name}")

    def connector_props(self, db, **extra):
        """Debezium-style properties for this server."""
        p = {
            "name": "pg",
            "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
            "database.hostname": "127.0.0.1",
            "database.port": str(self.port),
            "database.user": "postgres",
            "database.password": PASSWORD,
            "database.dbname": db,
            "topic.prefix": "srv",
        }
        p.update(extra)
        return p


def write_props(path, props):
    with open(path, "w", encoding="utf-8") as f:
        for k, v in props.items():
            f.write(f"{k}={v}\n")
    return path


def install_signal_cleanup():
    """SIGTERM (meson's timeout) runs the atexit handlers, so the server is stopped."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
