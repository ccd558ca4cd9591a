package org.apache.kafka.connect.connector;

import org.apache.kafka.common.metrics.PluginMetrics;

/** Stand-in, as of Kafka 4.1: what a Connector may ask of the runtime that hosts it. */
public interface ConnectorContext {
    /** The connector's task configs changed: the runtime calls taskConfigs again and restarts the tasks. */
    void requestTaskReconfiguration();

    /** The connector hit an unrecoverable error: the runtime fails it. */
    void raiseError(Exception e);

    /**
     * KIP-877 (4.1): metrics the connector registers. Kafka's javadoc tells a connector that may be
     * deployed to an older runtime to catch NoSuchMethodError and NoClassDefFoundError around it.
     */
    PluginMetrics pluginMetrics();
}
