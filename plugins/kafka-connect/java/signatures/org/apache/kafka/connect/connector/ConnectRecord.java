package org.apache.kafka.connect.connector;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
public abstract class ConnectRecord<R extends ConnectRecord<R>> {
    public String topic() { throw new UnsupportedOperationException(); }
    public Integer kafkaPartition() { throw new UnsupportedOperationException(); }
    public Object key() { throw new UnsupportedOperationException(); }
    public Schema keySchema() { throw new UnsupportedOperationException(); }
    public Object value() { throw new UnsupportedOperationException(); }
    public Schema valueSchema() { throw new UnsupportedOperationException(); }
    public Long timestamp() { throw new UnsupportedOperationException(); }
    public Headers headers() { throw new UnsupportedOperationException(); }
}
