"""The dashboard in a real browser: headless Chromium (Debian's chromium) loads /ui from a running
worker, its numbers are checked against the API, and its own Pause button is pressed (the page's
#press=pause:seqs hook clicks it once loaded); the worker must then be PAUSED and the page must
say so. Also writes a screenshot when INLET_DASHBOARD_SCREENSHOT names a file. Skipped (exit
77) when chromium is not installed."""
import html.parser
import os
import shutil
import subprocess

from restlib import Worker, check, fail, tempdir, write_files

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    print("SKIP: chromium not installed")
    raise SystemExit(77)


class Rows(html.parser.HTMLParser):
    """Task rows of the dashboard table: {(connector, task): {"state", "records"}}."""

    def __init__(self):
        super().__init__()
        self.rows, self.current, self.cell, self.loaded = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body" and a.get("data-loaded") == "yes":
            self.loaded = True
        if tag == "tr" and "data-task" in a:
            self.current = (a["data-connector"], int(a["data-task"]))
            self.rows[self.current] = {}
        if tag == "td" and self.current:
            cls = a.get("class", "")
            self.cell = "state" if "state" in cls else "records" if "records" in cls else None

    def handle_endtag(self, tag):
        if tag == "tr":
            self.current = None
        if tag == "td":
            self.cell = None

    def handle_data(self, data):
        if self.current and self.cell:
            self.rows[self.current][self.cell] = data.strip()


def chromium(d, *args):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           f"--user-data-dir={d}/chromium", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        fail("chromium did not finish within 90 s")


def main():
    with tempdir() as d:
        w = Worker(d, write_files(d, count=0, rate=300, tasks=2))
        w.wait_ready()
        w.wait_for("some records", lambda: os.path.exists(f"{d}/out.txt") and os.path.getsize(f"{d}/out.txt") > 0)
        url = f"http://127.0.0.1:{w.port}/ui"
        status, page = w.request("GET", "/", headers={"Accept": "text/html"})
        check(status == 200 and "<canvas" in page, "GET / with Accept: text/html serves the dashboard")
        check("http://" not in page.replace(url, "") and "https://" not in page, "no external URL in the page")

        r = chromium(d, "--virtual-time-budget=6000", "--dump-dom", url + "#press=pause:seqs")
        check(r.returncode == 0, f"chromium failed ({r.returncode}):\n{r.stderr[-2000:]}")
        rows = Rows()
        rows.feed(r.stdout)
        check(rows.loaded, "the page never finished loading:\n" + r.stdout[-2000:])
        status, api = w.get("/connectors?expand=status")
        check(status == 200, "expand=status")
        api_tasks = {("seqs", t["id"]): t["state"] for t in api["seqs"]["status"]["tasks"]}
        check(set(rows.rows) == set(api_tasks), f"page tasks {sorted(rows.rows)} != API {sorted(api_tasks)}")
        check(all(v == "PAUSED" for v in api_tasks.values()), f"the page's Pause did not pause: {api_tasks}")
        check(all(r["state"] == "PAUSED" for r in rows.rows.values()), f"the page does not show PAUSED: {rows.rows}")
        # The page's records per task are /metrics' counters as of its last refresh: at least
        # one record, and never more than the counter now (a batch polled before the pause may
        # still have been written after the page's last look).
        _, metrics = w.get("/metrics")
        for (c, t), row in rows.rows.items():
            line = next(l for l in metrics.splitlines()
                        if l.startswith("inlet_source_record_write_total{") and f'task="{t}"' in l)
            check(0 < int(row["records"]) <= int(float(line.rsplit(" ", 1)[1])),
                  f"task {t}: page shows {row['records']}, /metrics says {line}")
        shot = os.environ.get("INLET_DASHBOARD_SCREENSHOT")
        if shot:
            w.request("PUT", "/connectors/seqs/resume")
            chromium(d, "--virtual-time-budget=7000", "--window-size=1100,620", f"--screenshot={shot}", url)
        w.stop()
    print("dashboard browser: ok")


main()
