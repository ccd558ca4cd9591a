package org.apache.kafka.connect.connector;
public interface ConnectorContext {
    void requestTaskReconfiguration();
    void raiseError(Exception e);
}
