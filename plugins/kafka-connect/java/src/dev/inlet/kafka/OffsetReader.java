package dev.inlet.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * A task's OffsetStorageReader: inlet's offsets, those restored at start and then, after each
 * durable snapshot, that snapshot's (Debezium's commit() reads them back to acknowledge its
 * database position). Keyed by the partition's canonical JSON, so Integer 1 and Long 1 are the
 * same partition, as they are once Kafka's offset store has round-tripped them.
 */
final class OffsetReader implements OffsetStorageReader {
    private final Map<String, Map<String, Object>> offsets = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    void update(String[] partitions, String[] values) {
        for (int i = 0; i < partitions.length; i++) {
            String key = Json.write(Json.parse(partitions[i]));
            offsets.put(key, (Map<String, Object>) Json.parse(values[i]));
        }
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        if (partition == null) return null;
        Map<String, Object> found = offsets.get(Json.write(partition));
        return found == null ? null : new HashMap<>(found);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
        for (Map<String, T> p : partitions) out.put(p, offset(p));
        return out;
    }
}
