"""Bad state directories end to end: not a directory, unreadable, locked by another process, on a
full disk. Each gets one clear line and a non-zero exit, and leaves the output and snapshots
intact. (A corrupted snapshot is covered by tests/snapshot/recovery_cli.py, plugin folder
entries that are not plugins by tests/loader.)"""
import errno
import fcntl
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultlib import *  # noqa: E402,F401,F403

SEQ = {"count": 300}


def error_lines(stderr):
    return [l for l in stderr.splitlines() if l.startswith("inlet run:")]


def seed_output(d, text="earlier output\n"):
    with open(f"{d}/out.txt", "w") as f:
        f.write(text)
    return text


def output(d):
    with open(f"{d}/out.txt") as f:
        return f.read()


def test_state_dir_is_a_file(d):
    job = write_job(d, seq=SEQ)
    before = seed_output(d)
    with open(f"{d}/state", "w") as f:
        f.write("not a directory\n")
    r = run(job)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    lines = error_lines(r.stderr)
    check(len(lines) == 1 and f"{d}/state" in lines[0], f"one line naming the state dir: {r.stderr}")
    check(output(d) == before, "the output must be left as it was")
    check(open(f"{d}/state").read() == "not a directory\n", "the file must be left as it was")


def test_state_dir_unreadable(d):
    if os.geteuid() == 0:
        # Permission bits do not stop root; test_state_dir_is_a_file covers a state directory
        # that cannot be used at all.
        print("skip test_state_dir_unreadable: running as root (permission bits do not apply)")
        return
    job = write_job(d, seq=SEQ)
    r = run(job)
    check(r.returncode == 0, r.stderr)
    before = output(d)
    snaps = snapshot_files(d)
    os.chmod(f"{d}/state", 0)
    try:
        r = run(job)
    finally:
        os.chmod(f"{d}/state", 0o755)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    lines = error_lines(r.stderr)
    check(len(lines) == 1 and f"{d}/state" in lines[0] and "Permission denied" in lines[0], r.stderr)
    check(output(d) == before and snapshot_files(d) == snaps, "output and snapshots intact")


def test_state_dir_locked_by_another_process(d):
    job = write_job(d, seq=SEQ)
    before = seed_output(d)
    os.makedirs(f"{d}/state")
    holder = subprocess.Popen([sys.executable, "-c", """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, f"{os.getpid()}\\n".encode())
print("locked", flush=True)
time.sleep(120)
""", f"{d}/state/LOCK"], stdout=subprocess.PIPE, text=True)
    try:
        check(holder.stdout.readline().strip() == "locked", "the lock holder did not start")
        r = run(job)
    finally:
        holder.kill()
        holder.wait()
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    lines = error_lines(r.stderr)
    check(len(lines) == 1 and f"state directory {d}/state is in use by another inlet process "
          f"(PID {holder.pid})" in lines[0], r.stderr)
    check(output(d) == before, "the output must be left as it was")
    check(snapshot_files(d) == [], "no snapshot may be written without the lock")


def fill(path):
    """Writes until the filesystem is full."""
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
        except OSError as e:
            check(e.errno in (errno.ENOSPC, errno.EFBIG), f"filling: {e}")


def can_mount_tmpfs(where):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    os.makedirs(where, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", where],
                       capture_output=True)
    return r.returncode == 0


def valid_snapshots(state):
    """Every snapshot file's trailer matches its payload length; no temp file is left."""
    names = os.listdir(state)
    check(not [n for n in names if n.endswith(".tmp")], f"temp files left behind: {names}")
    snaps = sorted(n for n in names if n.startswith("snapshot-"))
    for n in snaps:
        data = open(f"{state}/{n}", "rb").read()
        payload, trailer = data.rsplit(b"\n", 2)[0] + b"\n", data.rsplit(b"\n", 2)[1]
        check(trailer.startswith(b"#inlet-snapshot crc32c=") and
              trailer.endswith(b"bytes=%d" % len(payload)), f"{n} is partial")
    return snaps


def test_full_disk_tmpfs(d):
    mnt = f"{d}/fs"
    if not can_mount_tmpfs(mnt):
        print("skip test_full_disk_tmpfs: cannot mount a tmpfs here (not root, or no mount "
              "rights); test_full_disk_file_size_limit covers the same path")
        return
    try:
        state = f"{mnt}/state"
        job = write_job(d, seq={"count": 4000, "rate": 1000})
        with open(job) as f:
            text = f.read().replace(f'"{d}/state"', f'"{state}"')
        with open(job, "w") as f:
            f.write(text)
        p = start(job)
        deadline = time.monotonic() + 30
        while len(snapshot_files_in(state)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        check(len(snapshot_files_in(state)) >= 2, "no snapshots before the disk filled up")
        fill(f"{mnt}/filler")
        out, err = p.communicate(timeout=60)
        check(p.returncode == 1, f"exit {p.returncode}: {err}")
        check("No space left on device" in err and "keeping snapshot" in err, err)
        last = last_line(err)
        check(last.startswith("inlet run: the final snapshot ") and "will resume from snapshot" in last,
              last)
        kept = int(last.rsplit(" ", 1)[1])
        snaps = valid_snapshots(state)
        check(snaps and snaps[-1] == f"snapshot-{kept:020d}.json",
              f"the newest snapshot on disk {snaps} must be the one reported ({kept})")
        os.remove(f"{mnt}/filler")
        r = run(job)
        check(r.returncode == 0, f"rerun: {r.stderr}")
        check(f"resuming job 'faults' from snapshot {kept}" in r.stderr, r.stderr)
        check_exact(d, 2, 4000)
    finally:
        subprocess.run(["umount", "-l", mnt], capture_output=True)


def snapshot_files_in(state):
    return sorted(f for f in os.listdir(state) if f.startswith("snapshot-")) if os.path.isdir(state) else []


def test_full_disk_file_size_limit(d):
    # RLIMIT_FSIZE stands in for a full disk without privileges: snapshot 0 (no offsets) fits
    # under the limit, every later one (20 partitions' offsets) does not. The records go to
    # stdout (a pipe, which the limit does not cover), so only the snapshots hit it.
    job = write_job(d, seq={"count": 500, "partitions.per.task": 10}, guarantee="at-least-once")

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (400, 400))

    r = subprocess.run([INLET, "run", job, "--sink", "stdout"], capture_output=True, text=True,
                       timeout=120, preexec_fn=limit)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr[-2000:]}")
    check("File too large" in r.stderr and "keeping snapshot 0 as the one to resume from" in r.stderr,
          r.stderr[-2000:])
    check(last_line(r.stderr) == "inlet run: the final snapshot 1 could not be written (see above); "
          "the job will resume from snapshot 0" or
          (last_line(r.stderr).startswith("inlet run: the final snapshot ") and
           last_line(r.stderr).endswith("the job will resume from snapshot 0")), r.stderr[-2000:])
    check(valid_snapshots(f"{d}/state") == [f"snapshot-{0:020d}.json"], "only snapshot 0 exists")
    lines = r.stdout.splitlines()
    check(len(lines) == 2 * 10 * 500, f"{len(lines)} records written")
    r = subprocess.run([INLET, "run", job, "--sink", "stdout", "--quiet"], capture_output=True,
                       text=True, timeout=120)
    check(r.returncode == 0, r.stderr)
    check(len(r.stdout.splitlines()) == 2 * 10 * 500, "at-least-once: the rerun replays everything")


tests(globals())
