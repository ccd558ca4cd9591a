// The dashboard: one self-contained HTML page (no CDN, no external file) compiled into the
// binary, served at /ui and at / to browsers. It reads the same API as everyone else
// (/connectors?expand=status, /metrics) and its buttons call pause/resume/restart/stop.
#pragma once

namespace inlet::rest {

const char *dashboard_html();

} // namespace inlet::rest
