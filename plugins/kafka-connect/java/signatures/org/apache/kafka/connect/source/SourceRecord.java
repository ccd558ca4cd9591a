package org.apache.kafka.connect.source;
public class SourceRecord extends org.apache.kafka.connect.connector.ConnectRecord<SourceRecord> {
    public java.util.Map<String, ?> sourcePartition() { throw new UnsupportedOperationException(); }
    public java.util.Map<String, ?> sourceOffset() { throw new UnsupportedOperationException(); }
}
