package org.apache.kafka.common.metrics;
// Kafka 4.1 (KIP-877). Only its name is used: the return type of the contexts' pluginMetrics().
public interface PluginMetrics {
}
