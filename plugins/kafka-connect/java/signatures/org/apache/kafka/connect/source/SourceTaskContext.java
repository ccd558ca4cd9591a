package org.apache.kafka.connect.source;
public interface SourceTaskContext {
    java.util.Map<String, String> configs();
    org.apache.kafka.connect.storage.OffsetStorageReader offsetStorageReader();
}
