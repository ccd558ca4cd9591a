#include "rest/dashboard.hpp"

namespace inlet::rest {

// Kept as one page on purpose: an operator behind a firewall gets it with the binary.
// `#press=ACTION:CONNECTOR` in the URL presses that button once the page has loaded (used by
// the browser test, handy for a bookmark).
const char *dashboard_html() {
    return R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>inlet worker</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}
h1{font-size:1.3em;margin:0 0 .2em} .sub{color:#666;margin-bottom:1em}
.cards{display:flex;gap:1em;flex-wrap:wrap;margin-bottom:1em}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}
.card b{display:block;font-size:1.3em}
table{border-collapse:collapse;background:#fff;width:100%;margin-top:1em}
th,td{border-bottom:1px solid #eee;padding:.35em .6em;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.RUNNING{color:#18794e}.PAUSED{color:#a16207}.STOPPED{color:#555}.FAILED{color:#c62828}
.RESTARTING,.UNASSIGNED{color:#1d4ed8}
.trace{font:12px monospace;color:#c62828;white-space:pre-wrap;max-width:40em}
button{margin-right:.3em} canvas{background:#fff;border:1px solid #ddd;border-radius:6px}
#error{color:#c62828}
</style></head><body>
<h1>inlet worker</h1><div class="sub" id="version"></div>
<div class="cards">
 <div class="card">records/s<b id="rate">-</b></div>
 <div class="card">records written<b id="written">-</b></div>
 <div class="card">last snapshot<b id="snapage">-</b></div>
 <div class="card">snapshot took<b id="snapdur">-</b></div>
 <div class="card">memory in flight<b id="memory">-</b></div>
</div>
<canvas id="chart" width="900" height="160" aria-label="records per second, last 5 minutes"></canvas>
<div id="error"></div>
<table><thead><tr><th>connector</th><th>task</th><th>state</th><th>records</th><th>records/s</th><th>last error</th><th></th></tr></thead>
<tbody id="rows"></tbody></table>
<script>
"use strict";
const samples = []; let last = null; let pressed = false;
function metrics(text) {
  const out = {};
  for (const line of text.split("\n")) {
    if (!line || line[0] === "#") continue;
    const m = line.match(/^([a-z_]+)(\{([^}]*)\})? (\S+)$/); if (!m) continue;
    const labels = {}; (m[3] || "").replace(/(\w+)="([^"]*)"/g, (_, k, v) => { labels[k] = v; });
    (out[m[1]] = out[m[1]] || []).push({labels, value: Number(m[4])});
  }
  return out;
}
function one(ms, name, c, t) {
  for (const s of ms[name] || []) if ((c === undefined || s.labels.connector === c) &&
      (t === undefined || s.labels.task === String(t))) return s.value;
  return 0;
}
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
async function act(action, name) {
  const method = action === "restart" ? "POST" : "PUT";
  const path = "/connectors/" + encodeURIComponent(name) + "/" + action + (action === "restart" ? "?includeTasks=true" : "");
  const r = await fetch(path, {method});
  document.getElementById("error").textContent = r.ok ? "" : action + " " + name + ": " + ((await r.json()).message || r.status);
  await refresh();
}
function drawChart() {
  const c = document.getElementById("chart"), g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  const max = Math.max(1, ...samples.map(h => h.rate));
  g.strokeStyle = "#1d4ed8"; g.beginPath();
  samples.forEach((h, i) => { const x = c.width - (samples.length - 1 - i) * (c.width / 150), y = c.height - 10 - (h.rate / max) * (c.height - 30);
    i ? g.lineTo(x, y) : g.moveTo(x, y); });
  g.stroke(); g.fillStyle = "#666"; g.fillText("max " + Math.round(max) + " records/s, last 5 min", 8, 14);
}
async function refresh() {
  try {
    const [st, mt] = await Promise.all([fetch("/connectors?expand=status").then(r => r.json()), fetch("/metrics").then(r => r.text())]);
    const ms = metrics(mt), now = Date.now(), rows = document.getElementById("rows");
    const written = (ms.inlet_source_record_write_total || []).reduce((a, s) => a + s.value, 0);
    const perTask = {};
    rows.textContent = "";
    for (const [name, c] of Object.entries(st)) {
      const s = c.status;
      const head = el("tr"); head.dataset.connector = name;
      head.append(el("td", name), el("td", "-"), el("td", s.connector.state, "state " + s.connector.state), el("td"), el("td"), el("td"));
      const buttons = el("td");
      for (const a of ["pause", "resume", "restart", "stop"]) { const b = el("button", a); b.id = a + "-" + name; b.onclick = () => act(a, name); buttons.append(b); }
      head.append(buttons); rows.append(head);
      for (const t of s.tasks) {
        const w = one(ms, "inlet_source_record_write_total", name, t.id), key = name + "/" + t.id;
        perTask[key] = w;
        const rate = last && key in last.perTask ? Math.max(0, (w - last.perTask[key]) * 1000 / (now - last.time)) : 0;
        const tr = el("tr"); tr.dataset.connector = name; tr.dataset.task = t.id;
        tr.append(el("td", ""), el("td", String(t.id)), el("td", t.state, "state " + t.state), el("td", String(w), "num records"),
                  el("td", rate.toFixed(0), "num"), el("td", t.trace || "", "trace"), el("td"));
        rows.append(tr);
      }
    }
    const rate = last ? Math.max(0, (written - last.written) * 1000 / (now - last.time)) : 0;
    if (last) { samples.push({rate}); if (samples.length > 150) samples.shift(); }
    last = {time: now, written, perTask};
    document.getElementById("rate").textContent = rate.toFixed(0);
    document.getElementById("written").textContent = written.toLocaleString("en");
    const age = ms.inlet_snapshot_age_seconds ? one(ms, "inlet_snapshot_age_seconds") : null;
    document.getElementById("snapage").textContent = age === null ? "none yet" : age.toFixed(1) + " s ago";
    document.getElementById("snapdur").textContent = (one(ms, "inlet_snapshot_duration_seconds") * 1000).toFixed(1) + " ms";
    document.getElementById("memory").textContent = (one(ms, "inlet_memory_used_bytes") / 1048576).toFixed(1) + " / " + (one(ms, "inlet_memory_budget_bytes") / 1048576).toFixed(0) + " MiB";
    drawChart();
    document.body.dataset.loaded = "yes";
    const press = location.hash.match(/^#press=(\w+):(.+)$/);
    if (press && !pressed) { pressed = true; document.getElementById(press[1] + "-" + decodeURIComponent(press[2])).click(); }
  } catch (e) { document.getElementById("error").textContent = "cannot reach the worker: " + e; }
}
fetch("/").then(r => r.json()).then(v => { document.getElementById("version").textContent = "inlet " + v.version; });
refresh(); setInterval(refresh, 2000);
</script></body></html>
)HTML";
}

} // namespace inlet::rest
