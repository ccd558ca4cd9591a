"""GET /metrics against real Prometheus tools: `promtool check metrics` (Debian's prometheus
package) must accept the exposition, and a real `prometheus` server on loopback must scrape the
worker and answer a query on one of Kafka Connect's source-task metrics. Skipped (exit 77) when
the prometheus package is not installed."""
import json
import os
import shutil
import subprocess
import time
import urllib.request

from restlib import Worker, check, fail, free_port, tempdir, write_files

PROMTOOL, PROMETHEUS = shutil.which("promtool"), shutil.which("prometheus")
if not PROMTOOL or not PROMETHEUS:
    print("SKIP: promtool/prometheus not installed (Debian package prometheus)")
    raise SystemExit(77)


def main():
    with tempdir() as d:
        w = Worker(d, write_files(d, count=0, rate=500, tasks=2))
        w.wait_ready()
        w.wait_for("a first snapshot", lambda: "\ninlet_snapshot_age_seconds " in w.get("/metrics")[1])
        status, text = w.get("/metrics")
        check(status == 200, f"/metrics {status}")
        for name in ("inlet_source_record_poll_total", "inlet_source_record_write_total",
                     "inlet_poll_batch_avg_time_seconds", "inlet_source_record_active",
                     "inlet_task_status", "inlet_snapshot_age_seconds", "inlet_memory_used_bytes",
                     "inlet_sink_bytes_written_total"):
            check(f"\n{name}{{" in text or f"\n{name} " in text, f"{name} missing:\n{text[:1500]}")
        lint = subprocess.run([PROMTOOL, "check", "metrics"], input=text, capture_output=True,
                              text=True, timeout=30)
        check(lint.returncode == 0, f"promtool check metrics:\n{lint.stdout}{lint.stderr}")

        port = free_port()
        with open(f"{d}/prometheus.yml", "w") as f:
            f.write("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: inlet\n"
                    f"    static_configs:\n      - targets: ['127.0.0.1:{w.port}']\n")
        prom = subprocess.Popen([PROMETHEUS, f"--config.file={d}/prometheus.yml",
                                 f"--storage.tsdb.path={d}/tsdb",
                                 f"--web.listen-address=127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=open(f"{d}/prom.log", "w"))
        try:
            url = (f"http://127.0.0.1:{port}/api/v1/query?query="
                   "inlet_source_record_poll_total%7Bconnector%3D%22seqs%22%7D")
            end, result = time.monotonic() + 40, []
            while time.monotonic() < end and not result:
                time.sleep(0.5)
                try:
                    with urllib.request.urlopen(url, timeout=5) as r:
                        result = json.load(r)["data"]["result"]
                except OSError:
                    continue
            if not result:
                fail("prometheus never scraped the worker:\n" + open(f"{d}/prom.log").read()[-3000:])
            check({r["metric"]["task"] for r in result} == {"0", "1"}, f"per-task series: {result}")
        finally:
            prom.terminate()
            prom.wait(timeout=30)
        w.stop()
    print("metrics scrape: ok")


main()
