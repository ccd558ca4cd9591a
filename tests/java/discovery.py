"""Discovery of Java connectors through the kafka-connect bridge, with Kafka's plugin.path rules
(connect/runtime/.../isolation/PluginUtils.pluginLocations, DelegatingClassLoader; KIP-898 for
the META-INF/services manifests): `inlet plugins` lists every SourceConnector class with its
version(), `describe` shows its ConfigDef, a class is named by its full name, its simple name or
its simple name without "Connector" (PluginUtils.simpleName/prunedName), a class found in
several plugins runs in its newest version (DelegatingClassLoader), and each broken plugin costs
one line naming its folder and class while the others still load."""
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from javalib import *  # noqa: E402,F401,F403



def listed(*paths, libs=LIBS):
    """The Java connectors inlet plugins --json lists, by name (a class's first entry: its
    newest version), and its stderr."""
    entries, err = listed_entries(*paths, libs=libs)
    java = {}
    for p in entries:
        java.setdefault(p["name"], p)
    return java, err


def listed_entries(*paths, libs=LIBS):
    """Every Java entry inlet plugins --json lists, in its order, and its stderr."""
    args = ["plugins", "--json", "--kafka-libs", libs]
    for p in paths:
        args += ["--plugin-path", p]
    r = run(args)
    check(r.returncode == 0, f"inlet plugins: exit {r.returncode}: {r.stderr}")
    try:
        listing = json.loads(r.stdout)
    except ValueError as e:
        fail(f"inlet plugins --json: stdout is not JSON ({e}); stdout:\n{r.stdout[:600]}")
    return [p for p in listing if p.get("runtime") == "java"], r.stderr


def test_lists_every_class_and_version():
    java, err = listed(PLUGINS)
    for key, (cls, version) in CLASSES.items():
        check(cls in java, f"{cls} not listed: {sorted(java)}\n{err}")
        check(java[cls]["version"] == version, f"{cls}: version {java[cls]['version']!r}, want {version!r}")
        check(java[cls]["abi"] == "java", f"{cls}: abi {java[cls]['abi']!r}")
    # oldstyle's jar has no META-INF/services manifest: it is found by scanning its classes.
    check(CLASSES["oldstyle"][0] in java, "a connector without a manifest must be found by scanning")
    # Only source connectors: the task classes and the missing-dependency one are not listed.
    check(not any(n.endswith("Task") for n in java), f"a task class was listed: {sorted(java)}")
    # Abstract classes are not connectors (Kafka's scan keeps concrete classes only): the jars
    # all carry the abstract inlet.testconnectors.common.SimpleSourceConnector.
    check(not any(".common." in n for n in java), f"an abstract class was listed: {sorted(java)}")
    check(len(java) == len(CLASSES), f"{len(java)} classes listed, want {len(CLASSES)}: {sorted(java)}")
    check(err.strip() == "", f"healthy plugins must not print anything on stderr: {err}")


def test_jar_directly_in_the_path_entry():
    # "a jar directly in the entry is one plugin" (Kafka's plugin.path: PluginUtils.pluginLocations).
    with tmpdir() as d:
        shutil.copy(os.path.join(PLUGINS, "counter", "counter.jar"), d)
        java, err = listed(d)
        check(set(java) == {CLASSES["counter"][0]}, f"{sorted(java)}\n{err}")


def describe_text(name, *extra):
    return run(["plugins", "describe", name, "--plugin-path", PLUGINS, "--kafka-libs", LIBS, *extra])


def test_describe_shows_the_configdef():
    r = describe_text(CLASSES["linefile"][0], "--json")
    check(r.returncode == 0, f"describe: exit {r.returncode}: {r.stderr}")
    d = json.loads(r.stdout)
    check(d["version"] == CLASSES["linefile"][1], f"describe's version: {d['version']!r}")
    keys = {k["name"]: k for k in d["config"]}
    check(list(keys) == ["file", "topic", "batch.size"], f"the ConfigDef's keys, in order: {list(keys)}")
    check(keys["topic"]["required"] and keys["topic"]["type"] == "string"
          and keys["topic"]["doc"] == "The topic to publish data to", f"topic: {keys['topic']}")
    check(not keys["file"]["required"] and keys["file"]["doc"].startswith("Source filename"),
          f"file (default null: optional): {keys['file']}")
    b = keys["batch.size"]
    check(not b["required"] and b["type"] == "int" and b["default"] == "2000"
          and b["doc"].startswith("The maximum number of records the source task can read"), f"batch.size: {b}")
    check(b["range"] is not None and b["range"]["min"] == 1, f"batch.size's Range.atLeast(1): {b}")
    text_r = describe_text(CLASSES["linefile"][0])
    check(text_r.returncode == 0 and "batch.size" in text_r.stdout and "2000" in text_r.stdout,
          f"the text form: {text_r.stdout}{text_r.stderr}")


def test_describe_shows_importance():
    # ConfigDef.Importance of each key, as the connector defines it (HIGH for topic and file,
    # LOW for batch.size), through inlet_config_key.importance (ABI 1.2): the JSON and the text
    # form, where the IMPORTANCE column sits between REQUIRED and ALLOWED / RANGE.
    d = json.loads(describe_text(CLASSES["linefile"][0], "--json").stdout)
    importance = {k["name"]: k.get("importance") for k in d["config"]}
    check(importance == {"file": "HIGH", "topic": "HIGH", "batch.size": "LOW"}, f"importance: {importance}")
    text = describe_text(CLASSES["linefile"][0]).stdout.splitlines()
    header = next((l for l in text if l.startswith("KEY")), "")
    check("IMPORTANCE" in header, f"the text form has an IMPORTANCE column: {header!r}")
    col = header.index("IMPORTANCE")
    rows = {l.split()[0]: l[col:].split()[0] for l in text if l and not l.startswith((" ", "KEY"))
            and l.split()[0] in importance}
    check(rows == importance, f"the text form's IMPORTANCE column: {rows}\n" + "\n".join(text))


def test_class_name_forms():
    # Kafka accepts the full name, the simple name and the simple name without "Connector".
    full = CLASSES["linefile"][0]
    outputs = []
    for name in [full, "LineFileSourceConnector", "LineFileSource"]:
        r = describe_text(name)
        check(r.returncode == 0, f"describe {name}: exit {r.returncode}: {r.stderr}")
        outputs.append(r.stdout)
    check(outputs[0] == outputs[1] == outputs[2], "the three names must describe the same connector")
    r = describe_text("NoSuchSourceConnector")
    check(r.returncode != 0 and r.stderr.count("\n") >= 1 and "NoSuchSourceConnector" in r.stderr,
          f"an unknown class: exit {r.returncode}: {r.stderr}")


def test_broken_plugins_one_line_each():
    # missingdep's connector needs a class its jar lacks (NoClassDefFoundError); notajar.jar is
    # text. Each costs one line naming the folder and the class or file; the healthy plugins on
    # the same path still load.
    java, err = listed(PLUGINS, BROKEN)
    check(CLASSES["linefile"][0] in java, f"healthy plugins must still load: {sorted(java)}\n{err}")
    errs = [l for l in err.splitlines() if l.strip()]
    missing = [l for l in errs if "missingdep" in l]
    check(len(missing) == 1, f"one line for missingdep, got {missing}\n{err}")
    check("MissingDependencySourceConnector" in missing[0] and
          ("NoClassDefFoundError" in missing[0] or "AbsentHelper" in missing[0]),
          f"the missingdep line must name the class and what is missing: {missing[0]}")
    notajar = [l for l in errs if "notajar" in l]
    check(len(notajar) == 1, f"one line for notajar, got {notajar}\n{err}")
    check(len(errs) == 2, f"exactly two problem lines, got:\n{err}")
    check("inlet.testconnectors.missingdep.MissingDependencySourceConnector" not in java,
          "a connector that cannot load must not be listed")


def test_missing_api_jars():
    # kafka.connect.libs without connect-api: one line saying which jar is missing and where.
    with tmpdir() as d:
        shutil.copy(os.path.join(LIBS, "kafka-clients-3.8.0.jar"), d)
        r = run(["plugins", "--kafka-libs", d, "--plugin-path", PLUGINS])
        errs = [l for l in r.stderr.splitlines() if l.strip()]
        check(len(errs) == 1, f"one line for the missing API jar, got:\n{r.stderr}")
        check("connect-api" in errs[0] and d in errs[0], f"the line must name connect-api and {d}: {errs[0]}")
        check("file" in r.stdout and "random" in r.stdout, "native plugins are still listed")


def test_the_newest_version_of_a_class_runs():
    # One connector class in five plugin folders (build_jars.py: connectors/versioned/versions),
    # the oldest first on the path. Kafka's DelegatingClassLoader runs the greatest version: the
    # last of the class's plugins sorted by PluginDesc, whose versions compare as Maven's
    # DefaultArtifactVersion (ComparableVersion: 2.9.0 < 2.10.0-alpha2 < 2.10.0-SNAPSHOT <
    # 2.10.0.CR1 < 2.10.0.Final, the release).
    versions = os.path.join(OUT, "versions")
    check(sorted(os.listdir(versions))[0] == "a-old", f"a-old must come first: {os.listdir(versions)}")
    cls = "inlet.testconnectors.versioned.VersionedSourceConnector"
    # Listed once per version, as Kafka's GET /connector-plugins lists each PluginDesc: the
    # newest first (a lookup by name finds it), then the others newest to oldest.
    entries, err = listed_entries(versions)
    got = [(e["name"], e["version"], os.path.basename(e["path"])) for e in entries]
    want = [(cls, "2.10.0.Final", "c-final"), (cls, "2.10.0.CR1", "b-rc"), (cls, "2.10.0-SNAPSHOT", "d-snapshot"),
            (cls, "2.10.0-alpha2", "e-alpha"), (cls, "2.9.0", "a-old")]
    check(got == want, f"each version listed, the newest first:\n{got}\nwant\n{want}\n{err}")
    r = run(["plugins", "describe", "VersionedSource", "--kafka-libs", LIBS, "--plugin-path", versions])
    check(r.returncode == 0 and r.stdout.startswith(cls + " 2.10.0.Final "), f"describe shows the newest: {r.stdout}{r.stderr}")
    with tmpdir() as d:
        got = versioned_records(d, worker(d, plugin_path=versions), connector(d, "v", "VersionedSource"))
        check(got == [f"2.10.0.Final {n}" for n in range(5)], f"the newest version must run: {got}")
        check("2.10.0.Final" in text(f"{d}/err.txt"), "the log names the version that runs")


def versioned_records(d, worker_file, conn):
    """inlet run of the versioned connector until its 5 records, then SIGTERM; its output lines."""
    p = start(["run", worker_file, conn, "--sink", f"file:{d}/out.txt", "--format", "value",
               "--state-dir", os.path.join(d, "state")], f"{d}/err.txt")
    wait_for(lambda: len(lines(f"{d}/out.txt")) >= 5, 30, "the 5 records", p)
    code, _ = stop(p)
    check_stopped(code, text(f"{d}/err.txt"))
    return lines(f"{d}/out.txt")


def test_connector_plugin_version():
    # KIP-891 (Kafka 4.1): connector.plugin.version, read as Kafka's
    # PluginUtils.connectorVersionRequirement reads it ("latest", a bare version meaning exactly
    # it, Maven ranges, org.apache.kafka.connect.util.PluginVersionUtils in 4.1), and Kafka's
    # worker runs the greatest version it allows, the connector and its tasks in that plugin's
    # loader (Plugins.pluginLoader(class, range)); one no version matches gets
    # DelegatingClassLoader's message, a malformed one "Invalid version range". The five versions
    # on the path, oldest first: 2.9.0 < 2.10.0-alpha2 < 2.10.0-SNAPSHOT < 2.10.0.CR1 < 2.10.0.Final.
    versions = os.path.join(OUT, "versions")
    runs = {"latest": "2.10.0.Final", "2.10.0.Final": "2.10.0.Final", "[2.0,3.0)": "2.10.0.Final",
            "[2.10.0.Final]": "2.10.0.Final", "2.9.0": "2.9.0", "(,2.10.0.Final)": "2.10.0.CR1",
            "[2.10.0-alpha2,2.10.0-SNAPSHOT]": "2.10.0-SNAPSHOT", "(,2.10.0-alpha2)": "2.9.0",
            # 2.10 is 2.10.0.Final to Maven ("final" is the release), and CR1 comes before it.
            "(,2.10)": "2.10.0.CR1",
            "9.9": "!not found that matches the version range 9.9, available versions: [2.9.0, "
                   "2.10.0-alpha2, 2.10.0-SNAPSHOT, 2.10.0.CR1, 2.10.0.Final]",
            "[1.0": "!Invalid version range", "1.0]": "!Invalid version range"}
    for requirement, want in runs.items():
        with tmpdir() as d:
            conn = connector(d, "v", "VersionedSource", **{"connector.plugin.version": requirement})
            w = worker(d, plugin_path=versions)
            r = run(["validate", w, conn])
            out = r.stdout + r.stderr
            check("unknown key" not in out, f"connector.plugin.version is Kafka's key: {out}")
            if not want.startswith("!"):
                check(r.returncode == 0, f"{requirement}: inlet validate: exit {r.returncode}: {out}")
                got = versioned_records(d, w, conn)
                # Both the task (its records) and the connector (in the log) of the version selected.
                check(got == [f"{want} {n}" for n in range(5)], f"{requirement}: want version {want}: {got}")
                log = text(f"{d}/err.txt")
                check(f"connector.plugin.version {requirement}: version {want} of " in log,
                      f"{requirement}: the log must say which version runs: {log}")
                continue
            want = want[1:]
            check(r.returncode == 1 and want in out and "connector.plugin.version" in out,
                  f"{requirement}: inlet validate must refuse it with {want!r}: exit {r.returncode}: {out}")
            r = run(["run", w, conn, "--sink", f"file:{d}/out.txt", "--state-dir", os.path.join(d, "state")])
            check(r.returncode != 0 and want in r.stderr, f"{requirement}: inlet run: exit {r.returncode}: {r.stderr}")
            check(lines(f"{d}/out.txt") == [], f"{requirement}: nothing may run: {lines(f'{d}/out.txt')}")


if __name__ == "__main__":
    main(globals(), {})
