package org.apache.kafka.connect.source;
public interface SourceConnectorContext extends org.apache.kafka.connect.connector.ConnectorContext {
    org.apache.kafka.connect.storage.OffsetStorageReader offsetStorageReader();
}
