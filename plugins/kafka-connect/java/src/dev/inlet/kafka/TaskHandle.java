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
 * and commit() only once the records' offsets are durable in a snapshot. When its connector's
 * task configs change (requestTaskReconfiguration, LiveConnector), the SourceTask is stopped
 * and a new one started with the new config, resuming after the last record the old one
 * emitted, as Kafka's worker restarts tasks after committing their offsets.
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

    /** A record kept for commitRecord, with the task that made it and its offset's JSON. */
    private static final class Kept {
        final SourceTask task;
        final SourceRecord record;
        final String partition, offset;
        Kept(SourceTask task, SourceRecord record, String partition, String offset) {
            this.task = task;
            this.record = record;
            this.partition = partition;
            this.offset = offset;
        }
    }

    private final ConnectorHandle connector;
    private final Class<?> taskClass;
    private final LiveConnector live; // null: no reconfiguration (the host gave no task index)
    private final int index;
    private int generation;
    private volatile SourceTask task;
    private final OffsetReader reader;
    // What this task emitted last per partition (partition JSON -> offset JSON): where a
    // reconfigured task resumes. Updated once per partition run of a poll, not per record.
    private final Map<String, String> emitted = new HashMap<>();
    private final RecordEncoder encoder = new RecordEncoder();
    // Set only for task classes that override commitRecord: the default costs no memory.
    private final Method commitRecord;
    private final boolean commitRecordTwoArgs;
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private volatile boolean stopped;
    private boolean idle; // reconfigured to fewer tasks than inlet runs: this one has none
    private boolean loaderSet;

    TaskHandle(ConnectorHandle connector, Class<?> taskClass, OffsetReader reader,
               LiveConnector live, int index) {
        this.connector = connector;
        this.taskClass = taskClass;
        this.reader = reader;
        this.live = live;
        this.index = index;
        this.generation = live == null ? 0 : live.generation();
        Method found = null;
        boolean two = false;
        for (Class<?> c = taskClass; c != null && found == null; c = c.getSuperclass()) {
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

    /** A new SourceTask: initialize(SourceTaskContext), start(config). */
    void startTask(Map<String, String> config) throws Exception {
        SourceTask t = (SourceTask) taskClass.getDeclaredConstructor().newInstance();
        t.initialize(new Context(config, reader));
        t.start(config);
        task = t;
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
        if (live != null) {
            live.checkRaised();
            live.refresh();
            if (live.generation() != generation) {
                reconfigure();
                if (stopped && !idle) { // a wake came while the new task started
                    stopTask();
                    return null;
                }
            }
        }
        if (idle) {
            Thread.sleep(50); // a poll with nothing to do returns after a while, as an idle task would
            return null;
        }
        List<SourceRecord> records = task.poll();
        if (records == null || records.isEmpty()) return null;
        encoder.begin();
        int n = 0;
        String runPartition = null, runOffset = null;
        for (SourceRecord r : records) {
            if (r == null) continue;
            encoder.record(r);
            n++;
            if (encoder.partitionJson != runPartition) {
                if (runPartition != null && runOffset != null) emitted.put(runPartition, runOffset);
                runPartition = encoder.partitionJson;
            }
            runOffset = encoder.offsetJson;
            if (commitRecord != null) kept.add(new Kept(task, r, encoder.partitionJson, encoder.offsetJson));
        }
        if (runPartition != null && runOffset != null) emitted.put(runPartition, runOffset);
        return n == 0 ? null : encoder.finish(n);
    }

    /**
     * After poll(): whether the host should replace the connector's tasks, their number having
     * changed (LiveConnector.refresh); true for one task, once per change.
     */
    public boolean takeResizeRequest() {
        return live != null && live.takeResizeRequest();
    }

    /** The host could not replace the tasks now: a later poll asks again. */
    public void resizeRefused() {
        if (live != null) live.resizeRefused();
    }

    /** Stops the SourceTask and starts this index's task of the new generation, if any. */
    private void reconfigure() throws Exception {
        generation = live.generation();
        List<Map<String, String>> configs = live.configs();
        stopTask();
        if (index >= configs.size()) {
            idle = true;
            return;
        }
        // Resume after what the old task emitted: it is in inlet's pipeline, on its way to the
        // next snapshot, as Kafka's worker commits offsets before restarting the tasks.
        String[] parts = emitted.keySet().toArray(new String[0]);
        String[] offs = new String[parts.length];
        for (int i = 0; i < parts.length; i++) offs[i] = emitted.get(parts[i]);
        reader.update(parts, offs);
        idle = false;
        startTask(new HashMap<>(configs.get(index)));
    }

    /**
     * These offsets are durable: the reader answers with them from now on, every kept record up
     * to the last one whose offset is among them gets commitRecord(record, null) (a snapshot is
     * a prefix of what the task emitted), then commit().
     */
    public void committed(String[] partitions, String[] offsets) throws Exception {
        reader.update(partitions, offsets);
        if (live != null) live.context.reader.update(partitions, offsets);
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
                Kept k = kept.poll();
                if (commitRecordTwoArgs) commitRecord.invoke(k.task, k.record, null);
                else commitRecord.invoke(k.task, k.record);
            }
        }
        if (!idle) task.commit();
    }

    private void stopTask() {
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        t.setContextClassLoader(connector.loader);
        try {
            task.stop();
        } finally {
            t.setContextClassLoader(saved);
        }
    }

    /** From any thread: SourceTask.stop(), once, to unblock a poll() as Kafka's worker does. */
    public void stop() {
        if (stopped) return;
        stopped = true;
        stopTask();
    }

    /** The task is done for good (inlet's stop): its connector stops with its last task. */
    public void close() throws Exception {
        stop();
        if (live != null) live.taskStopped();
    }
}
