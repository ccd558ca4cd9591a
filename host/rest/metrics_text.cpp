#include "rest/metrics_text.hpp"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace inlet::rest {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

// Names follow Prometheus' conventions where Kafka's differ (promtool check metrics): base
// units (seconds, not ms), no _count suffix on a gauge. Counter names carry their _total suffix here: prometheus-cpp's TextSerializer writes names as
// given (its own examples name counters "…_total").
struct Families {
    std::vector<MetricFamily> list;

    MetricFamily &family(const std::string &name, const std::string &help, MetricType type) {
        for (auto &f : list)
            if (f.name == name) return f;
        list.push_back({name, help, type, {}});
        return list.back();
    }
    void add(const std::string &name, const std::string &help, MetricType type, double value,
             std::vector<ClientMetric::Label> labels = {}) {
        ClientMetric m;
        m.label = std::move(labels);
        if (type == MetricType::Counter) m.counter.value = value;
        else m.gauge.value = value;
        family(name, help, type).metric.push_back(std::move(m));
    }
};

constexpr const char *states[] = {"RUNNING", "PAUSED", "STOPPED", "FAILED", "UNASSIGNED", "RESTARTING"};

} // namespace

std::string metrics_text(const host::JobView &view) {
    Families f;
    const auto C = MetricType::Counter, G = MetricType::Gauge;
    double up = view.uptime_seconds > 0 ? view.uptime_seconds : 1;
    for (const auto &c : view.connectors) {
        for (const char *s : states)
            f.add("inlet_connector_status", "1 for the connector's state (Kafka's connector status)", G,
                  host::state_name(c.state) == std::string(s) ? 1 : 0, {{"connector", c.name}, {"status", s}});
        for (const auto &t : c.tasks) {
            const auto &k = t.counters;
            std::vector<ClientMetric::Label> l{{"connector", c.name}, {"task", std::to_string(t.id)}};
            for (const char *s : states) {
                auto ls = l;
                ls.push_back({"status", s});
                f.add("inlet_task_status", "1 for the task's state (Kafka's connector-task-metrics status)", G,
                      host::state_name(t.state) == std::string(s) ? 1 : 0, ls);
            }
            f.add("inlet_source_record_poll_total", "Records the task's poll() returned (source-record-poll-total)", C, double(k.polled), l);
            f.add("inlet_source_record_poll_rate", "Records polled per second, averaged since the worker started (source-record-poll-rate)", G, double(k.polled) / up, l);
            f.add("inlet_source_record_write_total", "Records written to the sink (source-record-write-total)", C, double(k.written), l);
            f.add("inlet_source_record_write_rate", "Records written per second, averaged since the worker started (source-record-write-rate)", G, double(k.written) / up, l);
            f.add("inlet_source_record_active", "Records polled and not yet written (source-record-active-count)", G,
                  double(k.polled >= k.written ? k.polled - k.written : 0), l);
            f.add("inlet_poll_batch_avg_time_seconds", "Average time of a poll() call (poll-batch-avg-time-ms, in seconds)", G,
                  k.polls ? double(k.poll_ns_total) / double(k.polls) / 1e9 : 0, l);
            f.add("inlet_poll_batch_max_time_seconds", "Longest poll() call (poll-batch-max-time-ms, in seconds)", G,
                  double(k.poll_ns_max) / 1e9, l);
            f.add("inlet_offset_commit_completion_total", "commit() calls that completed (offset-commit-completion-total)", C,
                  double(k.commits >= k.commit_failures ? k.commits - k.commit_failures : 0), l);
            f.add("inlet_offset_commit_failure_total", "commit() calls whose retries ran out (offsets stay durable in the snapshot)", C,
                  double(k.commit_failures), l);
            f.add("inlet_task_restarts_total", "In-process restarts of the task, after a failure or asked for", C, double(k.restarts), l);
            f.add("inlet_task_retries_total", "Retriable errors retried (start, poll, commit)", C, double(k.retries), l);
        }
    }
    f.add("inlet_snapshots_total", "Snapshots written", C, double(view.snapshots));
    f.add("inlet_snapshot_failures_total", "Snapshots that could not be written", C, double(view.snapshot_failures));
    f.add("inlet_snapshot_duration_seconds", "How long the last snapshot took", G, view.last_snapshot_seconds);
    if (view.snapshot_age_seconds)
        f.add("inlet_snapshot_age_seconds", "Time since the last snapshot", G, *view.snapshot_age_seconds);
    f.add("inlet_memory_budget_bytes", "memory.budget.bytes: memory for records in flight", G, double(view.memory.budget_bytes));
    f.add("inlet_memory_used_bytes", "Memory budget held by batches in flight", G, double(view.memory.used_bytes));
    f.add("inlet_queue_batches", "Filled batches waiting for the sink", G, double(view.memory.queued_batches));
    f.add("inlet_sink_bytes_written_total", "Bytes the sink wrote to its output (file or stdout; 0 for null)", C,
          double(view.bytes_written));
    f.add("inlet_uptime_seconds", "Time since the job started", G, view.uptime_seconds);
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, f.list);
    return out.str();
}

} // namespace inlet::rest
