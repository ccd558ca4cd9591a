// GET /metrics: a job's view in the Prometheus text format, rendered by prometheus-cpp's
// TextSerializer. Kafka Connect's source-task metric names become Prometheus names
// (source-record-poll-total -> inlet_source_record_poll_total), labelled by connector and
// task; rest/README.md lists every metric.
#pragma once

#include "engine/job_view.hpp"

#include <string>

namespace inlet::rest {

std::string metrics_text(const host::JobView &view);

} // namespace inlet::rest
