package org.apache.kafka.connect.connector;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

import java.util.Objects;

/** Stand-in: the part of a record common to sources and sinks. */
public abstract class ConnectRecord<R extends ConnectRecord<R>> {
    private final String topic;
    private final Integer kafkaPartition;
    private final Schema keySchema;
    private final Object key;
    private final Schema valueSchema;
    private final Object value;
    private final Long timestamp;
    private final Headers headers;

    public ConnectRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key,
                         Schema valueSchema, Object value, Long timestamp) {
        this(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, new ConnectHeaders());
    }

    public ConnectRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key,
                         Schema valueSchema, Object value, Long timestamp, Iterable<Header> headers) {
        this.topic = topic;
        this.kafkaPartition = kafkaPartition;
        this.keySchema = keySchema;
        this.key = key;
        this.valueSchema = valueSchema;
        this.value = value;
        this.timestamp = timestamp;
        if (headers instanceof ConnectHeaders) {
            this.headers = (ConnectHeaders) headers;
        } else {
            this.headers = new ConnectHeaders(headers);
        }
    }

    public String topic() {
        return topic;
    }

    public Integer kafkaPartition() {
        return kafkaPartition;
    }

    public Object key() {
        return key;
    }

    public Schema keySchema() {
        return keySchema;
    }

    public Object value() {
        return value;
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    public Long timestamp() {
        return timestamp;
    }

    public Headers headers() {
        return headers;
    }

    public abstract R newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key,
                                Schema valueSchema, Object value, Long timestamp);

    public abstract R newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key,
                                Schema valueSchema, Object value, Long timestamp, Iterable<Header> headers);

    @Override
    public String toString() {
        return "ConnectRecord{topic='" + topic + "', kafkaPartition=" + kafkaPartition + ", key=" + key
            + ", keySchema=" + keySchema + ", value=" + value + ", valueSchema=" + valueSchema
            + ", timestamp=" + timestamp + ", headers=" + headers + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (o == null || getClass() != o.getClass()) return false;
        ConnectRecord<?> that = (ConnectRecord<?>) o;
        return Objects.equals(kafkaPartition, that.kafkaPartition) && Objects.equals(topic, that.topic)
            && Objects.equals(keySchema, that.keySchema) && Objects.equals(key, that.key)
            && Objects.equals(valueSchema, that.valueSchema) && Objects.equals(value, that.value)
            && Objects.equals(timestamp, that.timestamp) && Objects.equals(headers, that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
    }
}
