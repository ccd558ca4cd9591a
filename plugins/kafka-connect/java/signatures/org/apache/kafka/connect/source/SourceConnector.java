package org.apache.kafka.connect.source;
public abstract class SourceConnector extends org.apache.kafka.connect.connector.Connector {
}
