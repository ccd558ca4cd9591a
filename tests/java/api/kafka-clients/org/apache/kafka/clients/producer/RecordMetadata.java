package org.apache.kafka.clients.producer;

import org.apache.kafka.common.TopicPartition;

/**
 * Stand-in: what the broker acknowledged for one record. The bridge never has one (there is no
 * broker) and passes null, as Kafka's worker does for records that were not sent; the class
 * exists because SourceTask.commitRecord's signature names it.
 */
public final class RecordMetadata {
    public static final int UNKNOWN_PARTITION = -1;

    private final long offset;
    private final long timestamp;
    private final int serializedKeySize;
    private final int serializedValueSize;
    private final TopicPartition topicPartition;

    public RecordMetadata(TopicPartition topicPartition, long baseOffset, int batchIndex, long timestamp,
                          int serializedKeySize, int serializedValueSize) {
        this.offset = baseOffset == -1 ? baseOffset : baseOffset + batchIndex;
        this.timestamp = timestamp;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
        this.topicPartition = topicPartition;
    }

    public boolean hasOffset() {
        return offset != -1L;
    }

    public long offset() {
        return offset;
    }

    public boolean hasTimestamp() {
        return timestamp != -1L;
    }

    public long timestamp() {
        return timestamp;
    }

    public int serializedKeySize() {
        return serializedKeySize;
    }

    public int serializedValueSize() {
        return serializedValueSize;
    }

    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }

    @Override
    public String toString() {
        return topicPartition.toString() + "@" + offset;
    }
}
