package org.apache.kafka.common.metrics;

/** Stand-in: only the name, for PluginMetrics' signatures. */
public final class Sensor {
    private Sensor() {
    }
}
