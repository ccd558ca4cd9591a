package org.apache.kafka.common;

/** Stand-in: only the name, for PluginMetrics' signatures. */
public final class MetricName {
    private MetricName() {
    }
}
