package org.apache.kafka.connect.source;
public abstract class SourceTask implements org.apache.kafka.connect.connector.Task {
    public void initialize(SourceTaskContext context) { throw new UnsupportedOperationException(); }
    public abstract java.util.List<SourceRecord> poll() throws InterruptedException;
    public void commit() throws InterruptedException { throw new UnsupportedOperationException(); }
}
