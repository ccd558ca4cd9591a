#!/usr/bin/env python3
"""Compiles inlet's Java test side with javac into jars (run by meson at build time):

  OUT/kafka/libs/     the stand-in Kafka API, laid out like $KAFKA_HOME/libs:
                      kafka-clients-3.8.0.jar, connect-api-3.8.0.jar, slf4j-api-1.7.36.jar
  OUT/plugins/NAME/   one plugin folder per test connector (connectors/NAME, with the base classes
                      of connectors/common), a jar each, with a META-INF/services manifest when
                      connectors/NAME/services exists
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


def jar(classes_dir, path, services=None, skip=()):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("META-INF/MANIFEST.MF", ZIP_TIME), "Manifest-Version: 1.0\r\n\r\n")
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


def main():
    javac_bin, src, bench_src, out, stamp = sys.argv[1:6]
    inputs = sources(src) + sources(bench_src) + [os.path.abspath(__file__)]
    for d, _, files in os.walk(os.path.join(src, "connectors")):
        inputs += [os.path.join(d, f) for f in files if f == "services"]
    key = digest(sorted(inputs))
    if os.path.exists(stamp) and open(stamp).read() == key:
        return
    with tempfile.TemporaryDirectory() as work:
        libs = os.path.join(out, "kafka", "libs")
        shutil.rmtree(os.path.join(out, "kafka"), ignore_errors=True)
        api = {}
        for name, jar_name, cp in [("kafka-clients", "kafka-clients-3.8.0.jar", []),
                                   ("connect-api", "connect-api-3.8.0.jar", ["kafka-clients"]),
                                   ("slf4j-api", "slf4j-api-1.7.36.jar", [])]:
            classes = os.path.join(work, name)
            javac(javac_bin, sources(os.path.join(src, "api", name)), classes, [api[c] for c in cp])
            api[name] = classes
            jar(classes, os.path.join(libs, jar_name))
        api_cp = [api["kafka-clients"], api["connect-api"], api["slf4j-api"]]

        for parent in ("plugins", "broken"):
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
            javac(javac_bin, sources(os.path.join(cdir, "src")) + extra + common, classes, api_cp)
            services_file = os.path.join(cdir, "services")
            services = open(services_file).read() if os.path.exists(services_file) else None
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
