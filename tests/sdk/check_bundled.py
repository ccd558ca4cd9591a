"""Every bundled connector passes `inlet check`. A plugin folder in the source tree whose .so was
not built, or that has required keys but no config here, fails the test: it never passes with
nothing checked."""
import json
import os
import subprocess
import sys
import tempfile

INLET = os.environ["INLET_BIN"]
BUILD = os.environ["INLET_BUILD_ROOT"]
SOURCE = os.environ["INLET_SOURCE_ROOT"]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)
    return cond


def configs_for(name, tmp):
    """The configs each bundled plugin is checked with: its common use, and one that makes poll()
    block so that the wake check has something to wake."""
    if name == "random":
        return {"ints, seeded": {"generator.class": "RandomInt", "seed": "7"},
                "strings, rate-limited": {"generator.class": "RandomString",
                                          "messages.per.second": "20"}}
    if name == "file":
        data = os.path.join(tmp, "lines.txt")
        with open(data, "w") as f:
            # Lines of ~1 KB: the plugin lends lines only from a read buffer grown past
            # 256 KiB (a big file), which the borrowed check must see.
            f.writelines(f"line {i} {'x' * 1000}\n" for i in range(1, 3001))
        return {"tail": {"file": data, "topic": "lines"},
                "bounded": {"file": data, "topic": "lines", "mode": "bounded"}}
    return {"defaults": {}}


# kafka-connect is a runtime plugin (connector ABI 1.2): it has no connector of its own, only
# the Java classes it finds on plugin.path, which tests/java and tests/kafka-connect run.
plugin_dirs = sorted(d for d in os.listdir(os.path.join(SOURCE, "plugins"))
                     if os.path.isfile(os.path.join(SOURCE, "plugins", d, "meson.build"))
                     and d != "kafka-connect")
check("random" in plugin_dirs or not os.path.isdir(os.path.join(SOURCE, "plugins", "random")),
      "plugins/random is found")
# Plugins that need a server to start: `inlet check` runs on them in their own suite, against
# a real one (postgres: tests/postgres/pg_faults.py, scenario_inlet_check_passes).
CHECKED_WITH_A_SERVER = {"postgres": "tests/postgres/pg_faults.py"}
checked = 0
with tempfile.TemporaryDirectory() as tmp:
    for name in plugin_dirs:
        if name in CHECKED_WITH_A_SERVER:
            print(f"{name}: checked against a real server by {CHECKED_WITH_A_SERVER[name]}")
            continue
        so = os.path.join(BUILD, "plugins", name, name + ".so")
        if not check(os.path.isfile(so), f"plugins/{name} is in the source tree but {so} was not built"):
            continue
        for label, config in configs_for(name, tmp).items():
            conf = os.path.join(tmp, f"{name}-{label.replace(' ', '_').replace(',', '')}.properties")
            with open(conf, "w") as f:
                f.writelines(f"{k}={v}\n" for k, v in config.items())
            r = subprocess.run([INLET, "check", so, "--config", conf, "--json"], capture_output=True,
                               text=True, timeout=300)
            try:
                doc = json.loads(r.stdout)
            except json.JSONDecodeError:
                doc = {"checks": []}
            failed = {c["name"]: c["detail"] for c in doc["checks"] if c["outcome"] != "PASS"
                      and c["outcome"] != "SKIP"}
            hint = (" (add a config for it to configs_for() in tests/sdk/check_bundled.py)"
                    if "config-values" in failed else "")
            check(r.returncode == 0 and doc.get("passed") is True,
                  f"{name} ({label}) passes inlet check: {failed}{hint} {r.stderr.strip()}")
            names = [c["name"] for c in doc["checks"]]
            check("offsets-roundtrip" in names and "leaks-memory" in names,
                  f"{name} ({label}): the task checks ran: {names}")
            if name == "file":
                # The file plugin lends its lines (INLET_RECORD_BORROWED): the check must have
                # seen borrowed records and found each unchanged when its promise ended.
                borrowed = {c["name"]: c for c in doc["checks"]}.get("borrowed", {})
                check(borrowed.get("outcome") == "PASS" and "borrowed key/value(s)" in borrowed.get("detail", ""),
                      f"file ({label}): its borrowed lines keep their promise: {borrowed}")
            checked += 1
            print(f"{name} ({label}): {'passed' if r.returncode == 0 else 'FAILED'}")

check(checked > 0 or not plugin_dirs, "at least one bundled plugin was checked")
if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print(f"ok: {checked} plugin configs checked")
