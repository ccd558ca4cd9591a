package dev.inlet.kafka;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * One running SourceTask, driven as Kafka's WorkerSourceTask drives it: poll() on a thread of
 * its own, stop() from another thread to unblock it (inlet's wake), commitRecord(record, null)
 * and commit() only once the records' offsets are durable in a snapshot. When its connector's
 * task configs change (requestTaskReconfiguration, LiveConnector), the SourceTask is stopped
 * and a new one started with the new config, resuming after the last record the old one
 * emitted, as Kafka's worker restarts tasks after committing their offsets.
 *
 * Poll-ahead: the SourceTask's start() and poll() run on a Java thread of its own
 * ("inlet-poll-…", one thread for both, as Kafka's WorkerSourceTask has), at most one batch
 * ahead of the host. The host's poll() (poll() here) takes that batch and encodes it
 * while the thread polls the next, so the connector's poll overlaps the host's decoding and
 * emitting on another core, as Kafka's WorkerSourceTask polls again while the producer still
 * sends the last batch (AbstractWorkerSourceTask.execute: producer.send is asynchronous). Only
 * a batch of records is followed by a poll nobody asked for yet; after an empty poll or an
 * exception the thread waits for the host's next poll(), so the host's pacing (retry backoff,
 * pause) holds as before, give or take that one batch (Kafka's "toSend"). A host poll() waits
 * for the poll in flight, however long it takes: a poll() that ignores stop() still holds up
 * the host's poll, where inlet's watchdog and `inlet check` see it. commit() and commitRecord()
 * run on the host's thread, concurrently with poll() as in Kafka (SourceTaskOffsetCommitter
 * runs commit() on an executor of its own; commitRecord runs in the producer's callback). When
 * the task closes, the thread gets up to a second to return from a poll in flight, then is left
 * to end by itself and a warning says so (Kafka's worker likewise gives up on a task after
 * task.shutdown.graceful.timeout.ms).
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
        /** KIP-877's SourceTaskContext.pluginMetrics() (Kafka 4.1): LiveConnector.noPluginMetrics. */
        public PluginMetrics pluginMetrics() { throw LiveConnector.noPluginMetrics("SourceTaskContext"); }
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

    /**
     * One poll()'s outcome: nothing, a throwable, or records (with the task that made them), the
     * first `split` of them encoded already by the poll thread (encodeFirst).
     */
    private static final class Polled {
        static final Polled NOTHING = new Polled(null, null, 0, null);
        final SourceTask task;
        final SourceRecord[] records; // non-null ones only
        final int count;
        final Throwable error;
        int split;
        Polled(SourceTask task, SourceRecord[] records, int count, Throwable error) {
            this.task = task;
            this.records = records;
            this.count = count;
            this.error = error;
        }
    }

    private final ConnectorHandle connector;
    private final Class<?> taskClass;
    private final LiveConnector live; // null: no reconfiguration (the host gave no task index)
    private final int index;
    private int generation; // the poll thread's
    private volatile SourceTask task;
    private final OffsetReader reader;
    // What this task emitted last per partition (partition JSON -> offset JSON): where a
    // reconfigured task resumes. Updated once per partition run of a poll, not per record.
    private final Map<String, String> emitted = new HashMap<>();
    // One encoder, used by one thread at a time: each batch is begun on the poll thread, which
    // encodes its first share/SHARES records right after poll(), while they are in its core's
    // cache, and finished on the host's, which encodes the rest. The host moves the share by one
    // step per batch toward the thread that waits (take()), so both cores stay busy. The poll
    // thread begins the next batch only once the host has finished this one (`encoding`).
    private final RecordEncoder encoder = new RecordEncoder();
    private static final int SHARES = 32;
    private volatile int share = SHARES / 2;
    // The partition run being encoded (see note()), with its partition's JSON (the encoder's).
    private Map<String, ?> runPartition, runOffset;
    private String runPartitionJson;
    // Set only for task classes that override commitRecord: the default costs no memory.
    private final Method commitRecord;
    private final boolean commitRecordTwoArgs;
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private volatile boolean stopped;
    private volatile boolean idle; // reconfigured to fewer tasks than inlet runs: this one has none
    // Serializes the SourceTask's replacement (poll thread) with commit() (host thread).
    private final Object lifecycle = new Object();

    // The poll-ahead, guarded by `lock`.
    private final Object lock = new Object();
    private Thread poller;
    private boolean opened;     // the SourceTask's start() returned (or threw: startError)
    private Throwable startError;
    private boolean ended;      // the poll thread is done
    private Throwable died;     // what ended it when no outcome could be handed over
    private Polled ready;       // an outcome the host has not taken yet
    private boolean polling;    // the poll thread is inside pollOnce()
    private boolean wanted;     // the host waits for an outcome and none is on its way
    private boolean ahead;      // the last outcome was records: poll again without being asked
    private boolean encoding;   // the host is encoding the rest of a batch

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

    /**
     * Starts the poll thread, which starts the SourceTask (startTask) and then polls; returns
     * once start() did, throwing what it threw.
     */
    void open(Map<String, String> config) throws Exception {
        Thread t = new Thread(() -> pollLoop(config), "inlet-poll-" + taskClass.getSimpleName() + "-" + index);
        t.setDaemon(true);
        synchronized (lock) {
            poller = t;
        }
        t.start();
        synchronized (lock) {
            while (!opened) lock.wait();
            if (startError != null) throw rethrown(startError);
        }
    }

    /** A new SourceTask: initialize(SourceTaskContext), start(config). */
    private void startTask(Map<String, String> config) throws Exception {
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
     * The host's poll: the next SourceTask.poll() outcome, encoded (RecordEncoder; the poll
     * thread began it, this finishes it), or its exception thrown. null: no records this time
     * (or the task was stopped: see stopped()).
     */
    public ByteBuffer poll() throws Exception {
        Polled p = take();
        if (p == null || p.records == null) {
            if (p != null && p.error != null) throw rethrown(p.error);
            return null;
        }
        try {
            for (int i = p.split; i < p.count; i++) {
                encoder.record(p.records[i]);
                note(p.records[i]);
            }
            endRun();
            if (commitRecord != null) {
                Map<String, ?> last = null;
                String lastJson = null;
                for (int i = 0; i < p.count; i++) {
                    SourceRecord r = p.records[i];
                    Map<String, ?> partition = r.sourcePartition(), offset = r.sourceOffset();
                    if (partition != last) {
                        last = partition;
                        lastJson = partition == null ? null : Json.write(partition);
                    }
                    kept.add(new Kept(p.task, r, lastJson, offset == null ? null : Json.write(offset)));
                }
            }
            return encoder.finish(p.count);
        } finally {
            synchronized (lock) {
                encoding = false;
                lock.notifyAll();
            }
        }
    }

    /** What the poll thread caught, to throw on the host's thread as it was thrown. */
    private static Exception rethrown(Throwable t) {
        if (t instanceof Error) throw (Error) t; // OutOfMemoryError and the like
        return t instanceof Exception ? (Exception) t : new Exception(t);
    }

    /** Waits for the poll thread's next outcome; null once stopped with nothing more coming. */
    private Polled take() throws Exception {
        synchronized (lock) {
            boolean waited = false;
            while (true) {
                if (ready != null) {
                    Polled p = ready;
                    ready = null;
                    encoding = p.records != null;
                    if (encoding) { // the batch waited for the host: the poll thread takes more
                        int s = share;
                        share = waited ? Math.max(0, s - 1) : Math.min(SHARES, s + 1);
                    }
                    lock.notifyAll(); // the poll thread may poll the next batch now
                    return p;
                }
                if (!polling && died != null) throw rethrown(died);
                if (!polling && (stopped || ended)) return null;
                if (!polling) {
                    wanted = true;
                    lock.notifyAll();
                }
                lock.wait();
                waited = true;
            }
        }
    }

    /**
     * The poll thread: the SourceTask's start(), then one poll() at a time, each when asked or
     * after records.
     */
    private void pollLoop(Map<String, String> config) {
        Thread.currentThread().setContextClassLoader(connector.loader);
        try {
            startTask(config);
        } catch (Throwable e) {
            synchronized (lock) {
                startError = e;
                opened = ended = true;
                lock.notifyAll();
            }
            return;
        }
        synchronized (lock) {
            opened = true;
            lock.notifyAll();
        }
        try {
            polls();
        } catch (Throwable e) { // no outcome could be handed over (out of memory): take() throws it
            synchronized (lock) {
                died = e;
            }
        } finally {
            synchronized (lock) {
                polling = false;
                ended = true;
                lock.notifyAll();
            }
        }
    }

    private void polls() {
        while (true) {
            synchronized (lock) {
                while (!stopped && (ready != null || !(wanted || ahead))) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // nobody interrupts it; end as stopped
                        stopped = true;
                    }
                }
                if (stopped) return;
                wanted = false;
                polling = true;
            }
            Polled p = pollOnce();
            if (p.records != null) p = encodeFirst(p);
            synchronized (lock) {
                polling = false;
                ahead = p.records != null;
                ready = p;
                lock.notifyAll();
            }
        }
    }

    private Polled pollOnce() {
        try {
            if (live != null) {
                live.checkRaised();
                live.refresh();
                if (live.generation() != generation) {
                    reconfigure();
                    if (stopped && !idle) { // a wake came while the new task started
                        stopTask();
                        return Polled.NOTHING;
                    }
                }
            }
            if (idle) {
                Thread.sleep(50); // a poll with nothing to do returns after a while, as an idle task would
                return Polled.NOTHING;
            }
            SourceTask t = task;
            List<SourceRecord> records = t.poll();
            if (records == null || records.isEmpty()) return Polled.NOTHING;
            SourceRecord[] all = new SourceRecord[records.size()];
            int n = 0;
            for (SourceRecord r : records) if (r != null) all[n++] = r;
            return n == 0 ? Polled.NOTHING : new Polled(t, all, n, null);
        } catch (Throwable e) {
            return new Polled(null, null, 0, e);
        }
    }

    /**
     * On the poll thread, right after poll(), once the host has finished the batch before: begins
     * the batch, encoding its first share of records. A throwable becomes the outcome.
     */
    private Polled encodeFirst(Polled p) {
        try {
            synchronized (lock) {
                while (encoding) lock.wait(); // the host still finishes the batch before
            }
            int split = (int) ((long) p.count * share / SHARES);
            encoder.begin();
            for (int i = 0; i < split; i++) {
                encoder.record(p.records[i]);
                note(p.records[i]);
            }
            p.split = split;
            return p;
        } catch (Throwable e) {
            return new Polled(null, null, 0, e);
        }
    }

    /**
     * Notes r, which the encoder has just encoded, as what its partition emitted last
     * (`emitted`), once per run of records of one partition map; endRun() at the end of a batch.
     * The partition's JSON is the one the encoder wrote for r: it is not built twice.
     */
    private void note(SourceRecord r) {
        Map<String, ?> partition = r.sourcePartition();
        if (partition != runPartition) {
            endRun();
            runPartition = partition;
            runPartitionJson = partition == null ? null : encoder.lastPartitionJson();
        }
        runOffset = r.sourceOffset();
    }

    private void endRun() {
        if (runPartitionJson != null && runOffset != null) emitted.put(runPartitionJson, Json.write(runOffset));
        runPartition = runOffset = null;
        runPartitionJson = null;
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

    /**
     * On the poll thread: stops the SourceTask and starts this index's task of the new
     * generation, if any, once the host has encoded every batch the old one returned.
     */
    private void reconfigure() throws Exception {
        synchronized (lock) {
            while (encoding && !stopped) lock.wait();
        }
        synchronized (lifecycle) {
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
        synchronized (lifecycle) {
            if (!idle) task.commit();
        }
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
        synchronized (lock) {
            if (stopped) return;
            stopped = true;
            lock.notifyAll();
        }
        stopTask();
    }

    /**
     * The task is done for good (inlet's stop): its connector stops with its last task. Returns
     * null, or a warning when the poll thread is still in a poll() a second after stop().
     */
    public String close() throws Exception {
        stop();
        Thread t;
        synchronized (lock) {
            t = poller;
        }
        if (t != null) t.join(STOP_WAIT_MS);
        if (live != null) live.taskStopped();
        if (t == null || !t.isAlive()) return null;
        return "SourceTask.poll() had not returned " + STOP_WAIT_MS + " ms after stop(); its thread "
                + t.getName() + " ends when it does";
    }

    private static final long STOP_WAIT_MS = 1000;
}
