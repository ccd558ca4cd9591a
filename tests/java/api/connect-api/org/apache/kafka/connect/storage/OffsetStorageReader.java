package org.apache.kafka.connect.storage;

import java.util.Collection;
import java.util.Map;

/** Stand-in: read access to the stored offsets of source partitions. */
public interface OffsetStorageReader {
    /** The stored offset of one partition, or null when there is none. */
    <T> Map<String, Object> offset(Map<String, T> partition);

    /** The stored offsets of several partitions; partitions without one are left out. */
    <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions);
}
