#!/usr/bin/env python3
"""Kafka fidelity through the real `inlet`, the real `file` plugin and real files.

- Invalid UTF-8: Kafka's FileStreamSourceTask decodes its file with
  `new InputStreamReader(stream, StandardCharsets.UTF_8)` (apache/kafka
  connect/file/src/main/java/org/apache/kafka/connect/file/FileStreamSourceTask.java, poll()),
  which puts U+FFFD in place of each ill-formed sequence. The expected strings below are what
  that reader gives for the same bytes on OpenJDK 17.0.15 (each line decoded by it and printed
  as UTF-16 code units). Every output line of every JSON format must parse with json.loads.
- Converters: Kafka's stock config/connect-standalone.properties sets JsonConverter with
  schemas.enable=true; FileStreamSourceTask's VALUE_SCHEMA is Schema.STRING_SCHEMA (required),
  so each record is {"schema":{"type":"string","optional":false},"payload":<line>}.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

INLET = os.environ["INLET_BIN"]
WAIT = 60.0


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def run(args, cwd=None):
    p = subprocess.run([INLET] + args, capture_output=True, timeout=WAIT, cwd=cwd)
    if p.returncode != 0:
        raise Failure(f"inlet {' '.join(args)} exited {p.returncode}\n"
                      f"stderr: {p.stderr.decode(errors='replace')[-2000:]}")
    return p


# Each line's bytes, and what Java's UTF-8 reader makes of them.
LINES = [
    (b"ok \xc3\x28\xff end", "ok \ufffd(\ufffd end"),          # the bytes: 2
    (b"\xed\xa0\x80 surrogate", "\ufffd surrogate"),           # a surrogate is one unit: 1
    (b"\xe0\x80\x80 overlong", "\ufffd\ufffd\ufffd overlong"), # overlong: byte by byte: 3
    (b"trunc \xe2\x82", "trunc \ufffd"),                       # truncated before \n: 1
    (b"caf\xc3\xa9 \xf0\x9f\x98\x80 valid", "caf\u00e9 \U0001F600 valid"),
    (b"ctrl \x1b esc", "ctrl \x1b esc"),
]
REPLACED = 7


def write_source(tmp):
    path = os.path.join(tmp, "input.txt")
    with open(path, "wb") as f:
        f.write(b"".join(raw + b"\n" for raw, _ in LINES))
    return path


def connector(tmp, path, extra=""):
    conn = os.path.join(tmp, "conn.properties")
    with open(conn, "w", encoding="utf-8") as f:
        f.write(f"name=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\n"
                f"file={path}\ntopic=connect-test\nmode=bounded\n{extra}")
    return conn


def output_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    check(data.endswith(b"\n"), "the output ends with a whole line")
    return data[:-1].split(b"\n")


def scenario_invalid_utf8_is_replaced_as_java_does(tmp):
    src = write_source(tmp)
    conn = connector(tmp, src)
    for fmt in ("envelope", "connect-json", "json"):
        out = os.path.join(tmp, f"out-{fmt}.jsonl")
        p = run(["run", conn, "--sink", f"file:{out}", "--format", fmt])
        got = []
        for raw in output_lines(out):
            try:
                doc = json.loads(raw.decode("utf-8"))  # strict: invalid UTF-8 raises here
            except (UnicodeDecodeError, ValueError) as e:
                raise Failure(f"--format {fmt}: a line is not valid JSON in UTF-8 ({e}): {raw!r}")
            got.append(doc["value"] if fmt == "envelope" else doc["payload"] if fmt == "connect-json" else doc)
        check(got == [want for _, want in LINES], f"--format {fmt}: values {got!r}")
        if fmt == "envelope":
            # Jackson's upper-case hex escape for ESC (item 7).
            check(b"ctrl \\u001B esc" in open(out, "rb").read(), "ESC is written \\u001B")
        err = p.stderr.decode("utf-8", errors="replace")
        m = re.search(r"local-file-source/0 .*?(\d+) invalid UTF-8 sequences replaced by U\+FFFD", err)
        check(m and int(m.group(1)) == REPLACED,
              f"the summary counts {REPLACED} replacements for the task:\n{err[-1500:]}")
    # The value format writes the repaired text too (it is UTF-8 now).
    out = os.path.join(tmp, "out-value.txt")
    run(["run", conn, "--sink", f"file:{out}", "--format", "value"])
    check([l.decode("utf-8") for l in output_lines(out)] == [w for _, w in LINES],
          "--format value holds Java's strings")


def stock_worker(tmp, schemas="true", extra=""):
    worker = os.path.join(tmp, "connect-standalone.properties")
    with open(worker, "w", encoding="utf-8") as f:
        f.write("bootstrap.servers=localhost:9092\n"
                "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
                "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                f"key.converter.schemas.enable={schemas}\nvalue.converter.schemas.enable={schemas}\n"
                "offset.storage.file.filename=" + os.path.join(tmp, "connect.offsets") + "\n"
                "offset.flush.interval.ms=10000\n" + extra)
    return worker


def scenario_stock_standalone_files_write_what_jsonconverter_writes(tmp):
    src = os.path.join(tmp, "test.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write('first\nsecond "quoted"\n')
    conn = connector(tmp, "test.txt")  # relative, as Kafka's stock connect-file-source.properties
    out = os.path.join(tmp, "topic.jsonl")
    run(["run", stock_worker(tmp), conn, "--sink", f"file:{out}"], cwd=tmp)
    want = [b'{"schema":{"type":"string","optional":false},"payload":"first"}',
            b'{"schema":{"type":"string","optional":false},"payload":"second \\"quoted\\""}']
    check(output_lines(out) == want, f"schemas.enable=true: {output_lines(out)!r}")

    shutil.rmtree(os.path.join(tmp, "connect.offsets.inlet"), ignore_errors=True)
    out = os.path.join(tmp, "topic-noschema.jsonl")
    run(["run", stock_worker(tmp, "false"), conn, "--sink", f"file:{out}"], cwd=tmp)
    check(output_lines(out) == [b'"first"', b'"second \\"quoted\\""'],
          f"schemas.enable=false: {output_lines(out)!r}")

    # The connector's own converter wins over the worker's (Worker.startTask).
    shutil.rmtree(os.path.join(tmp, "connect.offsets.inlet"), ignore_errors=True)
    conn = connector(tmp, "test.txt", "value.converter=org.apache.kafka.connect.storage.StringConverter\n")
    out = os.path.join(tmp, "topic-string.txt")
    run(["run", stock_worker(tmp), conn, "--sink", f"file:{out}"], cwd=tmp)
    check(output_lines(out) == [b"first", b'second "quoted"'], f"StringConverter: {output_lines(out)!r}")

    # A flag still overrides.
    shutil.rmtree(os.path.join(tmp, "connect.offsets.inlet"), ignore_errors=True)
    out = os.path.join(tmp, "topic-envelope.jsonl")
    run(["run", stock_worker(tmp), conn, "--sink", f"file:{out}", "--format", "envelope"], cwd=tmp)
    check(json.loads(output_lines(out)[0])["value"] == "first", "--format envelope overrides")


def scenario_unreproducible_converter_is_one_clear_error(tmp):
    src = write_source(tmp)
    worker = stock_worker(tmp, extra="value.converter=io.confluent.connect.avro.AvroConverter\n")
    p = subprocess.run([INLET, "run", worker, connector(tmp, src), "--sink", "null"],
                       capture_output=True, text=True, timeout=WAIT)
    check(p.returncode != 0, "an Avro value converter cannot be reproduced: the run must fail")
    check("value.converter" in p.stderr and "AvroConverter" in p.stderr,
          f"the error names the key and the class: {p.stderr}")


def scenario_bundled_plugins_declare_the_originals_importance(tmp):
    # ConfigDef.Importance as the originals define it: apache/kafka
    # connect/file/src/main/java/org/apache/kafka/connect/file/FileStreamSourceConnector.java
    # (CONFIG_DEF: file HIGH, topic HIGH, batch.size LOW); sasakitoa/kafka-connect-random
    # params/CommonParams.java (topic, generator.class HIGH; messages.per.second MEDIUM;
    # task.summary.enable LOW) and params/RandomIntParams.java (random.int.* MEDIUM).
    expected = {
        "file": {"file": "HIGH", "topic": "HIGH", "batch.size": "LOW"},
        "random": {"topic": "HIGH", "generator.class": "HIGH", "messages.per.second": "MEDIUM",
                   "task.summary.enable": "LOW", "random.int.key.min": "MEDIUM",
                   "random.string.value.length": "MEDIUM"},
    }
    for plugin, want in expected.items():
        d = json.loads(run(["plugins", "describe", plugin, "--json"]).stdout)
        got = {k["name"]: k.get("importance") for k in d["config"]}
        for key, imp in want.items():
            check(got.get(key) == imp, f"{plugin} {key}: importance {got.get(key)!r}, want {imp}")
        check(all(v in ("HIGH", "MEDIUM", "LOW") for v in got.values()),
              f"{plugin}: every key declares an importance: {got}")


def main():
    scenarios = [(n, f) for n, f in globals().items() if n.startswith("scenario_")]
    failed = 0
    for name, fn in scenarios:
        tmp = tempfile.mkdtemp(prefix="inlet-fidelity-")
        try:
            fn(tmp)
            print(f"ok   {name}")
        except Exception as e:
            failed += 1
            print(f"FAIL {name}: {e}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
