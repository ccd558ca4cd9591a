"""`inlet check` against the deliberately broken plugin (tests/sdk/broken/broken.c): each bug
must fail exactly its own check, for the right reason, and the bug-free mode must pass — so a
failure is the bug's doing, not the harness's."""
import json
import os
import subprocess
import sys
import tempfile

INLET = os.environ["INLET_BIN"]
BROKEN = os.environ["INLET_BROKEN_PLUGIN"]

# bug -> (the one failing check, words its reason must contain)
EXPECTED = {
    "none": (None, None),
    "replay": ("offsets-roundtrip", "again (it was emitted before the restart)"),
    "slow-poll": ("poll-timeout", "past its timeout"),
    "no-wake": ("wake", "after wake()"),
    "leak-fd": ("leaks-fd", "open file descriptors after 100 start/poll/stop cycles"),
    "leak-memory": ("leaks-memory", "VmRSS grew by"),
    "bad-record": ("records", "record #50: value: INT8 value 300 out of range"),
    "vague-validate": ("validate-rejects-bad-value", "does not name the key: 'bad number'"),
    "reuse-borrowed": ("borrowed", "flagged INLET_RECORD_BORROWED: its key's bytes changed before poll #"),
    "move-names": ("borrowed", "flagged INLET_RECORD_STABLE_NAMES: its source_partition's bytes changed before poll #"),
}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def run_check(args):
    r = subprocess.run([INLET, "check", BROKEN, "--json", *args], capture_output=True, text=True,
                       timeout=300)
    try:
        return r.returncode, json.loads(r.stdout)
    except json.JSONDecodeError:
        print(r.stdout, r.stderr, file=sys.stderr)
        return r.returncode, {"checks": []}


with tempfile.TemporaryDirectory() as tmp:
    for bug, (name, reason) in EXPECTED.items():
        conf = os.path.join(tmp, bug + ".properties")
        with open(conf, "w") as f:
            f.write(f"# the broken plugin, one bug at a time\nbug={bug}\n")
        rc, doc = run_check(["--config", conf])
        failed = {c["name"]: c["detail"] for c in doc["checks"] if c["outcome"] == "FAIL"}
        ran = {c["name"] for c in doc["checks"]}
        check("leaks-memory" in ran and "wake" in ran, f"{bug}: every check ran: {sorted(ran)}")
        if name is None:
            check(rc == 0 and not failed and doc.get("passed") is True,
                  f"bug=none passes every check (rc {rc}): {failed}")
            continue
        check(rc == 1 and doc.get("passed") is False, f"bug={bug}: exit 1 (got {rc})")
        check(list(failed) == [name], f"bug={bug}: exactly '{name}' fails, got {failed}")
        check(reason in failed.get(name, ""), f"bug={bug}: '{name}' says why ({reason!r}): {failed.get(name)!r}")

    # A source that always has data proves nothing about wake(): SKIP, saying how to make it
    # idle; made idle with --idle-config, the same plugin's wake() is proven.
    conf = os.path.join(tmp, "none.properties")
    rc, doc = run_check(["--config", conf])
    wake = {c["name"]: c for c in doc["checks"]}.get("wake", {})
    check(rc == 0 and wake.get("outcome") == "SKIP" and "--idle-config" in wake.get("detail", "")
          and "never blocked" in wake.get("detail", ""), f"an always-busy source: wake is SKIP: {wake}")
    rc, doc = run_check(["--config", conf, "--idle-config", "idle=true"])
    wake = {c["name"]: c for c in doc["checks"]}.get("wake", {})
    check(rc == 0 and wake.get("outcome") == "PASS" and "after wake()" in wake.get("detail", ""),
          f"--idle-config idle=true: a blocked poll is woken: {wake}")
    no_wake = os.path.join(tmp, "no-wake.properties")
    rc, doc = run_check(["--config", no_wake, "--idle-config", "idle=true"])
    failed = [c["name"] for c in doc["checks"] if c["outcome"] == "FAIL"]
    check(rc == 1 and failed == ["wake"], f"no-wake made idle still fails wake: {failed}")
    r = subprocess.run([INLET, "check", BROKEN, "--idle-config", "idle"], capture_output=True, text=True)
    check(r.returncode == 2 and "--idle-config 'idle' is not KEY=VALUE" in r.stderr, f"bad --idle-config: {r.stderr}")

    # A wake() that aborts kills `inlet run` on SIGINT; the check must call wake() too, and die
    # there naming the call, not pass.
    conf = os.path.join(tmp, "abort-wake.properties")
    with open(conf, "w") as f:
        f.write("bug=abort-wake\n")
    r = subprocess.run([INLET, "check", BROKEN, "--config", conf], capture_output=True, text=True,
                       timeout=300)
    check(r.returncode != 0 and "all checks passed" not in r.stdout and
          "fatal signal SIGABRT in connector 'broken' task 0 during wake()" in r.stderr,
          f"abort-wake fails the check naming wake(): rc {r.returncode}\n{r.stdout}{r.stderr}")

    # Untouched (its default is bug=replay), the text output names the failing check.
    r = subprocess.run([INLET, "check", BROKEN], capture_output=True, text=True, timeout=300)
    lines = r.stdout.splitlines()
    check(r.returncode == 1, f"default config exits 1 (got {r.returncode})")
    check(any(l.startswith("FAIL  offsets-roundtrip") for l in lines), f"text output: {r.stdout}")
    check(sum(l.startswith("FAIL") for l in lines) == 1, f"one FAIL line: {r.stdout}")
    check(lines and "1 check(s) failed" in lines[-1], f"summary line: {lines[-1:]}")

    # Bad input: one clear line, non-zero exit.
    r = subprocess.run([INLET, "check", os.path.join(tmp, "nope.so")], capture_output=True, text=True)
    check(r.returncode != 0 and "nope.so" in r.stdout + r.stderr, f"missing file: {r.stdout}{r.stderr}")
    r = subprocess.run([INLET, "check", BROKEN, "--config", os.path.join(tmp, "missing.properties")],
                       capture_output=True, text=True)
    check(r.returncode == 2 and "missing.properties" in r.stderr and len(r.stderr.splitlines()) == 1,
          f"missing --config file: one line, exit 2: {r.returncode} {r.stderr!r}")
    bad = os.path.join(tmp, "bad.properties")
    with open(bad, "w") as f:
        f.write("bug=no-such-bug\n")
    rc, doc = run_check(["--config", bad])
    failed = {c["name"]: c["detail"] for c in doc["checks"] if c["outcome"] == "FAIL"}
    check(rc == 1 and "'bug'" in failed.get("config-values", "") and "no-such-bug" in failed["config-values"],
          f"a bad config value names the key: {failed}")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("ok")
