"""A job restarted from another working directory (issue 12, item 21), with the real binary and
the bundled file connector, exactly-once:
  - a relative --sink is recorded absolute in the snapshot; the same command from another
    directory is refused before anything runs (no empty file there, the output untouched), with
    a message naming both outputs; pointing at the same output from there resumes it exactly;
  - a job.json's relative paths are taken from its own folder, so `inlet run /abs/job.json`
    resumes the same output from anywhere;
  - a connector whose partition names a relative path (file=in.txt) is refused from another
    directory, naming the path, instead of reading another file from the old position."""
import glob
import json
import os
import subprocess
import sys
import tempfile

INLET = os.environ["INLET_BIN"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)
    return cond


def run(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "INLET_PLUGIN_PATH"}
    return subprocess.run([INLET, "run", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def lines(path):
    with open(path) as f:
        return f.read().splitlines()


def append(path, first, last):
    with open(path, "a") as f:
        f.writelines(f"line {i}\n" for i in range(first, last + 1))


def newest_snapshot(state):
    with open(sorted(glob.glob(os.path.join(state, "snapshot-*.json")))[-1]) as f:
        return json.loads(f.readline())


with tempfile.TemporaryDirectory() as tmp:
    tmp = os.path.realpath(tmp)
    one, two = os.path.join(tmp, "one"), os.path.join(tmp, "two")
    os.makedirs(one)
    os.makedirs(two)
    data = os.path.join(tmp, "in.txt")
    append(data, 1, 5)
    state = os.path.join(tmp, "state")
    with open(os.path.join(tmp, "conn.properties"), "w") as f:
        f.write(f"name=rel\nconnector.class=file\nfile={data}\ntopic=t\nmode=bounded\n")
    conn = os.path.join(tmp, "conn.properties")
    flags = ["--format", "value", "--guarantee", "exactly-once", "--state-dir", state]

    # 1. A relative --sink from directory one: recorded absolute.
    r = run([conn, "--sink", "file:out.jsonl", *flags], cwd=one)
    out = os.path.join(one, "out.jsonl")
    check(r.returncode == 0 and lines(out) == [f"line {i}" for i in range(1, 6)],
          f"first run writes one/out.jsonl: {r.returncode} {r.stderr}")
    snap = newest_snapshot(state)
    check(snap["sink"]["path"] == out, f"the snapshot records the output absolute: {snap['sink']}")
    check(snap["sink"].get("working_dir") == one, f"and the working directory: {snap['sink']}")

    # 2. The same command from directory two: refused before anything runs.
    append(data, 6, 6)
    r = run([conn, "--sink", "file:out.jsonl", *flags], cwd=two)
    check(r.returncode != 0 and f"its output was {out}, this run's is {os.path.join(two, 'out.jsonl')}"
          in r.stderr and "changed outside inlet" not in r.stderr,
          f"a restart writing another output is refused, saying what differs: {r.returncode} {r.stderr}")
    check(not os.path.exists(os.path.join(two, "out.jsonl")), "the refused run leaves no file in two/")
    check(lines(out) == [f"line {i}" for i in range(1, 6)], "the output is untouched")
    check("records" not in r.stderr, f"no task ran (no summary): {r.stderr}")

    # 3. From directory two, naming the same output: it resumes exactly (one new record).
    r = run([conn, "--sink", "file:../one/out.jsonl", *flags], cwd=two)
    check(r.returncode == 0 and lines(out) == [f"line {i}" for i in range(1, 7)],
          f"the same output from another directory resumes it: {r.returncode} {r.stderr}\n{lines(out)}")
    check("1 record," in r.stderr and "1 records" not in r.stderr, f"the summary says '1 record': {r.stderr}")

    # 4. A job.json's relative paths are relative to the job file, wherever inlet runs.
    job = os.path.join(one, "job.json")
    with open(job, "w") as f:
        json.dump({"name": "rel-json",
                   "sources": [{"name": "j", "connector.class": "file", "file": data, "topic": "t",
                                "mode": "bounded"}],
                   "sink": {"type": "file", "path": "job-out.txt", "format": "value"},
                   "snapshot": {"guarantee": "exactly-once", "state.dir": "job-state"}}, f)
    r = run(["job.json"], cwd=one)
    check(r.returncode == 0 and len(lines(os.path.join(one, "job-out.txt"))) == 6, f"job.json run: {r.stderr}")
    append(data, 7, 8)
    r = run([job], cwd=two)
    check(r.returncode == 0 and lines(os.path.join(one, "job-out.txt")) == [f"line {i}" for i in range(1, 9)],
          f"job.json from another directory resumes its own output: {r.returncode} {r.stderr}")
    check("resuming job 'rel-json'" in r.stderr, f"it resumed: {r.stderr}")

    # 5. A connector path given relative: its partition names in.txt as written. From another
    #    directory that is another file; the restart is refused naming it.
    with open(os.path.join(one, "in.txt"), "w") as f:
        f.write("a\nb\n")
    with open(os.path.join(two, "in.txt"), "w") as f:
        f.write("other\n")
    with open(os.path.join(tmp, "relconn.properties"), "w") as f:
        f.write("name=relconn\nconnector.class=file\nfile=in.txt\ntopic=t\nmode=bounded\n")
    relflags = ["--sink", f"file:{tmp}/rel-out.txt", "--format", "value", "--guarantee", "exactly-once",
                "--state-dir", os.path.join(tmp, "relstate")]
    r = run([os.path.join(tmp, "relconn.properties"), *relflags], cwd=one)
    check(r.returncode == 0 and lines(os.path.join(tmp, "rel-out.txt")) == ["a", "b"], f"relative file: {r.stderr}")
    r = run([os.path.join(tmp, "relconn.properties"), *relflags], cwd=two)
    check(r.returncode != 0 and "names the relative path 'in.txt'" in r.stderr and
          os.path.join(one, "in.txt") in r.stderr,
          f"a relative connector path from another directory is refused: {r.returncode} {r.stderr}")
    check(lines(os.path.join(tmp, "rel-out.txt")) == ["a", "b"], "and nothing was written")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("ok")
