package org.apache.kafka.common.metrics;

/** Stand-in: only the name, for PluginMetrics' signatures. */
public interface MetricValueProvider<T> {
}
