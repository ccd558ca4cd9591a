package org.apache.kafka.common;

import java.io.Serializable;
import java.util.Objects;

/** Stand-in: a topic name and a partition number (only what RecordMetadata needs). */
public final class TopicPartition implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int partition;
    private final String topic;

    public TopicPartition(String topic, int partition) {
        this.partition = partition;
        this.topic = topic;
    }

    public int partition() {
        return partition;
    }

    public String topic() {
        return topic;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TopicPartition)) return false;
        TopicPartition other = (TopicPartition) o;
        return partition == other.partition && Objects.equals(topic, other.topic);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
