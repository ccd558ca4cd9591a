package dev.inlet.kafka;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * One running SourceTask, driven as Kafka's WorkerSourceTask drives it: poll() on the task's own
 * thread, stop() from another thread to unblock it (inlet's wake), commitRecord(record, null)
 * and commit() only once the records' offsets are durable in a snapshot.
 */
public final class TaskHandle {
    static final class Context implements SourceTaskContext {
        private final Map<String, String> configs;
        private final OffsetStorageReader reader;
        Context(Map<String, String> configs, OffsetStorageReader reader) {
            this.configs = configs;
            this.reader = reader;
        }
        @Override public Map<String, String> configs() { return configs; }
        @Override public OffsetStorageReader offsetStorageReader() { return reader; }
    }

    /** A record kept for commitRecord, with the JSON inlet knows its offset by. */
    private static final class Kept {
        final SourceRecord record;
        final String partition, offset;
        Kept(SourceRecord record, String partition, String offset) {
            this.record = record;
            this.partition = partition;
            this.offset = offset;
        }
    }

    private final ConnectorHandle connector;
    private final SourceTask task;
    private final OffsetReader reader;
    private final RecordEncoder encoder = new RecordEncoder();
    // Set only for task classes that override commitRecord: the default costs no memory.
    private final Method commitRecord;
    private final boolean commitRecordTwoArgs;
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private volatile boolean stopped;
    private boolean loaderSet;

    TaskHandle(ConnectorHandle connector, SourceTask task, OffsetReader reader) {
        this.connector = connector;
        this.task = task;
        this.reader = reader;
        Method found = null;
        boolean two = false;
        for (Class<?> c = task.getClass(); c != null && found == null; c = c.getSuperclass()) {
            if (c.getName().equals("org.apache.kafka.connect.source.SourceTask")) break;
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals("commitRecord")) continue;
                Class<?>[] p = m.getParameterTypes();
                if (p.length == 2 && p[0] == SourceRecord.class) { found = m; two = true; break; }
                if (p.length == 1 && p[0] == SourceRecord.class) found = m;
            }
        }
        if (found != null) found.setAccessible(true);
        this.commitRecord = found;
        this.commitRecordTwoArgs = two;
    }

    public boolean keepsRecords() {
        return commitRecord != null;
    }

    public boolean stopped() {
        return stopped;
    }

    /**
     * SourceTask.poll(), encoded (RecordEncoder). null: no records this time (or the task was
     * stopped: see stopped()).
     */
    public ByteBuffer poll() throws Exception {
        if (stopped) return null;
        if (!loaderSet) { // this thread only ever runs this task
            Thread.currentThread().setContextClassLoader(connector.loader);
            loaderSet = true;
        }
        List<SourceRecord> records = task.poll();
        if (records == null || records.isEmpty()) return null;
        encoder.begin();
        int n = 0;
        for (SourceRecord r : records) {
            if (r == null) continue;
            encoder.record(r);
            n++;
            if (commitRecord != null) kept.add(new Kept(r, encoder.partitionJson, encoder.offsetJson));
        }
        return n == 0 ? null : encoder.finish(n);
    }

    /**
     * These offsets are durable: the reader answers with them from now on, every kept record up
     * to the last one whose offset is among them gets commitRecord(record, null) (a snapshot is
     * a prefix of what the task emitted), then commit().
     */
    public void committed(String[] partitions, String[] offsets) throws Exception {
        reader.update(partitions, offsets);
        if (commitRecord != null && !kept.isEmpty()) {
            Map<String, String> durable = new HashMap<>();
            for (int i = 0; i < partitions.length; i++)
                durable.put(Json.write(Json.parse(partitions[i])), Json.write(Json.parse(offsets[i])));
            int last = -1, i = 0;
            for (Kept k : kept) {
                if (k.partition != null && k.offset != null && k.offset.equals(durable.get(k.partition)))
                    last = i;
                i++;
            }
            for (int j = 0; j <= last; j++) {
                SourceRecord r = kept.poll().record;
                if (commitRecordTwoArgs) commitRecord.invoke(task, r, null);
                else commitRecord.invoke(task, r);
            }
        }
        task.commit();
    }

    /** From any thread: SourceTask.stop(), once, to unblock a poll() as Kafka's worker does. */
    public void stop() {
        if (stopped) return;
        stopped = true;
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        t.setContextClassLoader(connector.loader);
        try {
            task.stop();
        } finally {
            t.setContextClassLoader(saved);
        }
    }
}
