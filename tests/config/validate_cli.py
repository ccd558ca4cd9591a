#!/usr/bin/env python3
"""`inlet validate` end to end: the real binary, real plugins (the bundled `random` and the
configtest plugin built beside this test), real files. Checks messages and exit codes."""
import os
import subprocess
import sys
import tempfile
import textwrap

INLET = os.environ["INLET_BIN"]
PLUGIN_DIR = os.environ["INLET_CONFIGTEST_PLUGIN_DIR"]
failures = []

SEED_CONNECTOR = """\
name=random-source-connector
connector.class=sasakitoa.kafka.connect.random.RandomSourceConnector
tasks.max=1
generator.class=sasakitoa.kafka.connect.random.generator.RandomInt
messages.per.second=1000
topic=test
task.summary.enable=true
"""

SEED_WORKER = """\
bootstrap.servers=localhost:9092
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
offset.storage.file.filename=/tmp/connect.offsets
offset.flush.interval.ms=10000
"""


def run(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "INLET_PLUGIN_PATH"}
    env.update(env_extra or {})
    p = subprocess.run([INLET, "validate", *args], capture_output=True, text=True, env=env,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}\n{detail}", file=sys.stderr)
    else:
        print(f"ok   {name}")


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(text))
    return path


def main():
    with tempfile.TemporaryDirectory(prefix="inlet-validate-") as d:
        os.chdir(d)  # messages name files as given: relative names keep them short
        write(d, "random.properties", SEED_CONNECTOR)
        write(d, "connect-standalone.properties", SEED_WORKER)

        rc, out, err = run("connect-standalone.properties", "random.properties")
        check("seed example validates", rc == 0, out + err)
        check("ignored worker keys are warned about",
              "warning: connect-standalone.properties: key 'bootstrap.servers': ignored (no Kafka)"
              in out, out)
        # The converters are honoured (connect-json, shown in the summary), not warned about.
        check("the summary counts", "0 errors, 1 warning" in out and "(connect-json)" in out, out)

        rc, out, err = run("random.properties")
        check("the worker file is optional", rc == 0 and "0 errors, 0 warnings" in out, out + err)

        write(d, "conn.properties", """\
            name=c
            connector.class=configtest
            batch.size=5000
            follow=perhaps
            colours=red,green,mauve
            fiel=/tmp/x
            """)
        rc, out, err = run("conn.properties", "--plugin-path", PLUGIN_DIR)
        check("errors exit 1", rc == 1, f"rc={rc}\n{out}{err}")
        expected = [
            "conn.properties: key 'file': required: The file to read.",
            "conn.properties: key 'batch.size': '5000' is out of range [1, 1000]",
            "conn.properties: key 'follow': 'perhaps' is not a BOOLEAN (true or false)",
            "conn.properties: key 'colours': 'mauve' is not one of: red, green, blue",
            "warning: conn.properties: key 'fiel': unknown key (the plugin does not define it); "
            "did you mean 'file'?",
        ]
        for line in expected:
            check(f"reports: {line}", line in out.splitlines(), out)
        check("all problems at once", "4 errors, 1 warning" in out, out)

        write(d, "typo.properties", "name=t\nconnector.class=configtset\n")
        rc, out, err = run("typo.properties", "--plugin-path", PLUGIN_DIR)
        check("unknown class lists the closest names",
              rc == 1 and "typo.properties: key 'connector.class': 'configtset' is not a known "
              "connector plugin; closest: configtest" in out, out + err)

        write(d, "job.json", """\
            {
              "name": "demo",
              "sources": [
                {"name": "r", "connector.class": "random", "generator.class": "RandomInt"},
                {"name": "c", "connector.class": "configtest", "file": "/tmp/x"},
              ]
            }
            """)
        rc, out, err = run("job.json")
        check("malformed JSON exits 2", rc == 2, f"rc={rc}")
        check("malformed JSON: one line file:line:col",
              err.strip() == "job.json:6:3: syntax error while parsing value - unexpected ']'; "
              "expected '[', '{', or a literal" and out == "", repr(err))

        write(d, "broken.properties", "name=b\nconnector.class=random\n\nx=\\u00zz\n")
        rc, out, err = run("broken.properties")
        check("malformed properties: exit 2, file:line",
              rc == 2 and err.strip() ==
              "broken.properties:4: malformed \\uXXXX escape (4 hex digits expected)", repr(err))

        rc, out, err = run("missing.properties")
        check("unreadable file: exit 2", rc == 2 and
              err.strip() == "missing.properties: cannot read: No such file or directory", repr(err))

        rc, out, err = run("random.properties", "--guarantee", "twice")
        check("bad flag: exit 2 naming the flag and the choices", rc == 2 and err.strip() ==
              "--guarantee: 'twice' is not one of: none, at-least-once, exactly-once", repr(err))

        write(d, "good.json", """\
            {
              "name": "demo",
              "sources": [
                {"name": "r", "connector.class": "random", "tasks.max": 2,
                 "generator.class": "sasakitoa.kafka.connect.random.generator.RandomInt"}
              ],
              "sink": {"type": "file", "path": "out/records.jsonl", "format": "value"},
              "snapshot": {"interval.ms": 1000, "guarantee": "exactly-once", "state.dir": "state"}
            }
            """)
        rc, out, err = run("good.json")
        check("a good job file", rc == 0 and "job 'demo': 1 source, sink file:" in out and
              "(value), exactly-once: 0 errors, 0 warnings" in out, out + err)
        rc, out, err = run("good.json", "--sink", "stdout")
        check("exactly-once refused with a stdout sink", rc == 1 and
              "job 'demo': key 'guarantee': exactly-once needs the file sink" in out, out + err)

        # Config providers: refused unless allowed, and never echoed.
        secret = "leak-me-7f3a9c"
        write(d, "secret.properties", "name=s\nconnector.class=configtest\nfile=/tmp/x\n"
                                      "secret=${env:INLET_VALIDATE_SECRET}\n")
        env = {"INLET_VALIDATE_SECRET": secret}
        rc, out, err = run("secret.properties", "--plugin-path", PLUGIN_DIR, env_extra=env)
        check("a refused provider names source, key and reference", rc == 1 and
              "secret.properties: key 'secret': ${env:INLET_VALIDATE_SECRET}: refused: environment "
              "variable 'INLET_VALIDATE_SECRET' is not in config.providers.allow.env" in out,
              out + err)
        check("a refused value is never printed", secret not in out + err, out + err)

        write(d, "allow.properties", "config.providers.allow.env=INLET_VALIDATE_SECRET\n")
        rc, out, err = run("allow.properties", "secret.properties", "--plugin-path", PLUGIN_DIR,
                           env_extra=env)
        check("an allowed provider resolves (the plugin sees the value and rejects it)",
              rc == 1 and "secret.properties: plugin 'configtest' rejected the config: "
              "secret '[hidden]' is not accepted" in out, out + err)
        check("a resolved secret is never printed", secret not in out + err, out + err)

        write(d, "ints.properties", "name=i\nconnector.class=configtest\nfile=/tmp/x\n"
                                    "batch.size=${env:INLET_VALIDATE_SECRET}\n")
        rc, out, err = run("allow.properties", "ints.properties", "--plugin-path", PLUGIN_DIR,
                           env_extra=env)
        check("a provider value is hidden in type errors", rc == 1 and
              "ints.properties: key 'batch.size': [hidden] is not an INT (a 32-bit integer)" in out
              and secret not in out + err, out + err)

        # `inlet run` logs the same warning through its logger, whose line already says
        # [warning]: the word must appear once, not "[warning] warning: ...".
        write(d, "warn.properties", "name=w\nconnector.class=configtest\nfile=/tmp/x\nfiel=/tmp/y\n")
        env = {k: v for k, v in os.environ.items() if k != "INLET_PLUGIN_PATH"}
        p = subprocess.run([INLET, "run", "warn.properties", "--plugin-path", PLUGIN_DIR,
                            "--sink", "null", "--guarantee", "none"],
                           capture_output=True, text=True, env=env, timeout=60)
        lines = [ln for ln in p.stderr.splitlines() if "unknown key" in ln]
        check("a warning says 'warning' once", p.returncode == 0 and len(lines) == 1 and
              lines[0].lower().count("warning") == 1 and
              "warn.properties: key 'fiel': unknown key" in lines[0], p.stderr)
        check("the summary's counts agree with their numbers",
              "0 records" in p.stderr and "1 commits" not in p.stderr and
              "1 snapshots" not in p.stderr, p.stderr)

        p = subprocess.run([INLET, "help", "validate"], capture_output=True, text=True, timeout=60)
        check("help has examples", p.returncode == 0 and "Examples:" in p.stdout, p.stdout)

    if failures:
        print(f"{len(failures)} failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
