package org.apache.kafka.common.metrics;

import org.apache.kafka.common.MetricName;

import java.util.Map;

/** Stand-in (Kafka 4.1, KIP-877): the metrics a plugin registers with its runtime. */
public interface PluginMetrics {
    MetricName metricName(String name, String description, Map<String, String> tags);

    void addMetric(MetricName metricName, MetricValueProvider<?> metricValueProvider);

    void removeMetric(MetricName metricName);

    Sensor addSensor(String name);

    void removeSensor(String name);
}
