"""`inlet plugins` end to end: the real inlet binary against real test plugins in real folders."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

INLET = os.environ["INLET_BIN"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def plugin(variant):
    return os.environ["INLET_TP_" + variant.upper()]


def inlet(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "INLET_PLUGIN_PATH"}
    env.update(env_extra or {})
    return subprocess.run([INLET, *args], capture_output=True, text=True, env=env, timeout=60)


def add(folder, variant, name):
    dest = os.path.join(folder, name)
    shutil.copyfile(plugin(variant), dest)
    os.chmod(dest, 0o755)
    return dest


with tempfile.TemporaryDirectory() as tmp:
    good_dir = os.path.join(tmp, "good")
    bad_dir = os.path.join(tmp, "bad")
    for d in (good_dir, bad_dir):
        os.mkdir(d, 0o755)
    good = add(good_dir, "good", "good.so")
    add(good_dir, "ctor_ok", "ctor.so")
    wrong = add(bad_dir, "wrong_abi", "wrong_abi.so")
    twin = add(bad_dir, "good_twin", "twin.so")
    not_elf = os.path.join(bad_dir, "x.so")
    with open(not_elf, "w") as f:
        f.write("hello\n")

    # The list: good plugins on stdout, one line per skipped file on stderr, exit 0.
    r = inlet("plugins", "--plugin-path", good_dir, "--plugin-path", bad_dir)
    check(r.returncode == 0, f"plugins exits 0, got {r.returncode}: {r.stderr}")
    rows = [line.split() for line in r.stdout.splitlines()]
    check(rows and rows[0][:5] == ["NAME", "VERSION", "ABI", "ALIASES", "PATH"], f"header: {r.stdout}")
    good_row = [row for row in rows if row and row[0] == "good"]
    check(good_row == [["good", "0.0.1", "1.2", "com.example.GoodConnector", good]], f"good row: {r.stdout}")
    check(any(row and row[0] == "ctor" for row in rows), f"ctor listed: {r.stdout}")
    errs = r.stderr.splitlines()
    check(f"inlet: skipped {wrong}: built for connector ABI 2.x; this inlet speaks 1.x" in errs, f"wrong abi line: {errs}")
    check(f"inlet: skipped {not_elf}: not an ELF file" in errs, f"not elf line: {errs}")
    check(any(e.startswith(f"inlet: skipped {twin}: plugin name 'good' from {twin} already provided by {good}") for e in errs),
          f"duplicate line: {errs}")
    check(len([e for e in errs if e.startswith("inlet: skipped")]) == 3, f"exactly three skipped lines: {errs}")

    # $INLET_PLUGIN_PATH works like --plugin-path; --json is parseable.
    r = inlet("plugins", "--json", env_extra={"INLET_PLUGIN_PATH": good_dir})
    check(r.returncode == 0, f"plugins --json exits 0: {r.stderr}")
    listed = {p["name"]: p for p in json.loads(r.stdout)}
    check("good" in listed and listed["good"]["path"] == good and listed["good"]["abi"] == "1.2",
          f"json list via INLET_PLUGIN_PATH: {r.stdout}")

    # describe: every key, password default hidden.
    r = inlet("plugins", "describe", "good", "--plugin-path", good_dir)
    check(r.returncode == 0, f"describe exits 0: {r.stderr}")
    for key in ("path", "mode", "batch.size", "secret", "fast|slow", "[1, 10000]", "[hidden]",
                "The file to read.", "com.example.GoodConnector"):
        check(key in r.stdout, f"describe shows {key!r}: {r.stdout}")
    check("hunter2" not in r.stdout, "describe never prints a password default")

    # By alias, as JSON.
    r = inlet("plugins", "describe", "com.example.GoodConnector", "--json", "--plugin-path", good_dir)
    check(r.returncode == 0, f"describe --json by alias exits 0: {r.stderr}")
    d = json.loads(r.stdout)
    keys = {k["name"]: k for k in d["config"]}
    check(d["name"] == "good" and list(keys) == ["path", "mode", "batch.size", "secret"], f"json keys: {d}")
    check(keys["path"]["required"] is True and keys["path"]["default"] is None, f"path key: {keys['path']}")
    check(keys["mode"]["allowed"] == ["fast", "slow"], f"mode allowed: {keys['mode']}")
    check(keys["batch.size"]["range"] == {"min": 1, "max": 10000} and keys["batch.size"]["type"] == "int",
          f"batch.size: {keys['batch.size']}")
    check(keys["secret"]["default"] == "[hidden]" and keys["secret"]["type"] == "password", f"secret: {keys['secret']}")
    check("hunter2" not in r.stdout, "describe --json never prints a password default")

    # Unknown name: one line with the closest names, exit 2.
    r = inlet("plugins", "describe", "goood", "--plugin-path", good_dir)
    check(r.returncode == 2, f"unknown plugin exits 2, got {r.returncode}")
    check(r.stderr.strip() == "inlet plugins describe: unknown plugin 'goood' (did you mean: good?)",
          f"unknown plugin line: {r.stderr!r}")
    check(r.stdout == "", "nothing on stdout for an unknown plugin")

    # A too-open folder: the plugin in it is refused, naming the fix.
    os.chmod(good_dir, 0o777)
    r = inlet("plugins", "--plugin-path", good_dir)
    check(f"its directory {good_dir} is writable by group or others (chmod go-w '{good_dir}')" in r.stderr,
          f"open folder refused: {r.stderr}")
    check("good" not in [line.split()[0] for line in r.stdout.splitlines() if line.strip()],
          f"open folder's plugin not listed: {r.stdout}")
    os.chmod(good_dir, 0o755)

    # Bad command lines.
    r = inlet("plugins", "--bogus")
    check(r.returncode == 2 and len(r.stderr.splitlines()) == 1, f"unknown option: {r.returncode} {r.stderr!r}")
    r = inlet("plugins", "describe")
    check(r.returncode == 2 and "describe NAME" in r.stderr, f"describe without NAME: {r.stderr!r}")
    r = inlet("help", "plugins")
    check(r.returncode == 0 and "Examples:" in r.stdout and "inlet plugins describe" in r.stdout,
          f"help plugins: {r.stdout}")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("ok")
