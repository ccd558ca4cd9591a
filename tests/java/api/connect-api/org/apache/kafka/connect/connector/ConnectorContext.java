package org.apache.kafka.connect.connector;

/** Stand-in: what a Connector may ask of the runtime that hosts it. */
public interface ConnectorContext {
    /** The connector's task configs changed: the runtime calls taskConfigs again and restarts the tasks. */
    void requestTaskReconfiguration();

    /** The connector hit an unrecoverable error: the runtime fails it. */
    void raiseError(Exception e);
}
