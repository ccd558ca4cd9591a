package org.apache.kafka.connect.storage;
public interface OffsetStorageReader {
    <T> java.util.Map<String, Object> offset(java.util.Map<String, T> partition);
    <T> java.util.Map<java.util.Map<String, T>, java.util.Map<String, Object>> offsets(
            java.util.Collection<java.util.Map<String, T>> partitions);
}
