#!/usr/bin/env python3
"""Compiles inlet's Java test side with javac into jars (run by meson at build time):

  OUT/kafka/libs/     the stand-in Kafka API, laid out like $KAFKA_HOME/libs:
                      kafka-clients-3.8.0.jar, connect-api-3.8.0.jar, slf4j-api-1.7.36.jar
  OUT/kafka-4.1/libs/ the same as of Kafka 4.1: api/ with the files of api-4.1/ in place of (or
                      beside) those at the same path (KIP-877's pluginMetrics())
  OUT/plugins/NAME/   one plugin folder per test connector (connectors/NAME, with the base classes
                      of connectors/common), a jar each, with a META-INF/services manifest when
                      connectors/NAME/services exists; compiled against the 3.8 stand-in, or the
                      4.1 one when connectors/NAME/kafka-version says 4.1
  OUT/versions/F/     the classes of a connector whose folder has a `versions` file ("F VERSION"
                      lines), in one plugin folder F per line, its jar's manifest giving VERSION
  OUT/broken/NAME/    plugins that are wrong on purpose: missingdep (a class its connector needs
                      is left out of the jar), notajar (a .jar that is not a zip)
  OUT/api-check.jar   the Java-side sanity test (api_check/)
  OUT/ceiling.jar     tools/bench's bare-JVM ceiling runner

usage: build_jars.py JAVAC SOURCE_DIR BENCH_SOURCE_DIR OUT_DIR STAMP
Nothing is rebuilt when no source changed (a digest of every input is kept in STAMP).
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

SERVICE = "META-INF/services/org.apache.kafka.connect.source.SourceConnector"
# The same fixed time for every entry: identical sources give identical jars.
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def sources(root):
    out = []
    for d, _, files in os.walk(root):
        out += [os.path.join(d, f) for f in files if f.endswith(".java")]
    return sorted(out)


def digest(paths):
    h = hashlib.sha256()
    for p in paths:
        h.update(p.encode())
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def javac(javac_bin, srcs, out, classpath=()):
    os.makedirs(out, exist_ok=True)
    cmd = [javac_bin, "--release", "11", "-encoding", "UTF-8", "-Xlint:all", "-Werror", "-nowarn",
           "-d", out]
    if classpath:
        cmd += ["-cp", os.pathsep.join(classpath)]
    r = subprocess.run(cmd + srcs, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"build_jars.py: javac failed for {os.path.commonpath(srcs)}:\n{r.stdout}{r.stderr}")


def jar(classes_dir, path, services=None, skip=(), version=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    manifest = "Manifest-Version: 1.0\r\n"
    if version:
        manifest += f"Implementation-Version: {version}\r\n"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("META-INF/MANIFEST.MF", ZIP_TIME), manifest + "\r\n")
        if services:
            z.writestr(zipfile.ZipInfo(SERVICE, ZIP_TIME), services)
        for d, _, files in sorted(os.walk(classes_dir)):
            for f in sorted(files):
                full = os.path.join(d, f)
                rel = os.path.relpath(full, classes_dir).replace(os.sep, "/")
                if any(rel.endswith(s) for s in skip):
                    continue
                info = zipfile.ZipInfo(rel, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(full, "rb") as fh:
                    z.writestr(info, fh.read())
    os.replace(tmp, path)


def build_api(javac_bin, src, work, kafka_home, version, overlay):
    """The stand-in API jars in KAFKA_HOME/libs; overlay: a folder whose files replace (or join)
    those at the same path under api/. Returns the classes folders, for compiling against."""
    libs = os.path.join(kafka_home, "libs")
    shutil.rmtree(kafka_home, ignore_errors=True)
    api = {}
    for name, jar_name, cp in [("kafka-clients", f"kafka-clients-{version}.jar", []),
                               ("connect-api", f"connect-api-{version}.jar", ["kafka-clients"]),
                               ("slf4j-api", "slf4j-api-1.7.36.jar", [])]:
        base = os.path.join(src, "api", name)
        files = {os.path.relpath(p, base): p for p in sources(base)}
        if overlay:
            top = os.path.join(overlay, name)
            files.update({os.path.relpath(p, top): p for p in sources(top)})
        classes = os.path.join(work, f"{name}-{version}")
        javac(javac_bin, sorted(files.values()), classes, [api[c] for c in cp])
        api[name] = classes
        jar(classes, os.path.join(libs, jar_name))
    return [api["kafka-clients"], api["connect-api"], api["slf4j-api"]]


def main():
    javac_bin, src, bench_src, out, stamp = sys.argv[1:6]
    inputs = sources(src) + sources(bench_src) + [os.path.abspath(__file__)]
    for d, _, files in os.walk(os.path.join(src, "connectors")):
        inputs += [os.path.join(d, f) for f in files if f in ("services", "kafka-version", "versions")]
    key = digest(sorted(inputs))
    if os.path.exists(stamp) and open(stamp).read() == key:
        return
    with tempfile.TemporaryDirectory() as work:
        api_cp = build_api(javac_bin, src, work, os.path.join(out, "kafka"), "3.8.0", None)
        api41_cp = build_api(javac_bin, src, work, os.path.join(out, "kafka-4.1"), "4.1.0",
                             os.path.join(src, "api-4.1"))

        for parent in ("plugins", "broken", "versions"):
            shutil.rmtree(os.path.join(out, parent), ignore_errors=True)
        connectors = os.path.join(src, "connectors")
        # connectors/common: base classes compiled into every plugin (each has its own loader).
        common = sources(os.path.join(connectors, "common"))
        for name in sorted(os.listdir(connectors)):
            if name == "common":
                continue
            cdir = os.path.join(connectors, name)
            classes = os.path.join(work, "c-" + name)
            extra = []
            absent = os.path.join(cdir, "absent")
            if os.path.isdir(absent):
                extra = sources(absent)
            version_file = os.path.join(cdir, "kafka-version")
            kafka = open(version_file).read().strip() if os.path.exists(version_file) else "3.8"
            if kafka not in ("3.8", "4.1"):
                sys.exit(f"build_jars.py: {version_file}: unknown Kafka version {kafka!r} (3.8 or 4.1)")
            javac(javac_bin, sources(os.path.join(cdir, "src")) + extra + common, classes,
                  api41_cp if kafka == "4.1" else api_cp)
            services_file = os.path.join(cdir, "services")
            services = open(services_file).read() if os.path.exists(services_file) else None
            versions_file = os.path.join(cdir, "versions")
            if os.path.exists(versions_file):  # the same classes in several plugins, a version each
                for line in open(versions_file):
                    if line.strip() and not line.startswith("#"):
                        folder, version = line.split()
                        jar(classes, os.path.join(out, "versions", folder, f"{name}.jar"), services,
                            version=version)
                continue
            # Classes compiled from absent/ are left out: the connector then misses a dependency.
            skip = [os.path.relpath(p, absent)[:-5] + ".class" for p in extra]
            parent = "broken" if extra else "plugins"
            jar(classes, os.path.join(out, parent, name, f"{name}.jar"), services, skip)
            os.makedirs(os.path.join(out, parent, name), exist_ok=True)

        notajar = os.path.join(out, "broken", "notajar")
        os.makedirs(notajar, exist_ok=True)
        with open(os.path.join(notajar, "notajar.jar"), "w") as f:
            f.write("this file is named .jar but is plain text\n")

        classes = os.path.join(work, "api-check")
        javac(javac_bin, sources(os.path.join(src, "api_check")), classes, api_cp)
        jar(classes, os.path.join(out, "api-check.jar"))
        classes = os.path.join(work, "ceiling")
        javac(javac_bin, sources(bench_src), classes, api_cp)
        jar(classes, os.path.join(out, "ceiling.jar"))
    with open(stamp, "w") as f:
        f.write(key)


if __name__ == "__main__":
    main()
