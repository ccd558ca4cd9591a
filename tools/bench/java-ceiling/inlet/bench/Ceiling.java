package inlet.bench;

import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The "bare JVM" ceiling of issue 13's Speed section: one connector from a plugin folder, its
 * first task's poll loop on this thread, every record discarded (only counted, and its value
 * touched so the JIT cannot drop the work). No offsets are stored and nothing is written: what
 * it measures is the connector alone, which inlet -> null sink is compared with.
 *
 *   java -cp "$KAFKA_HOME/libs/*:ceiling.jar" inlet.bench.Ceiling PLUGIN_DIR CLASS RECORDS [key=value ...]
 *
 * It stops after RECORDS records, or when poll() has returned nothing for 2 s, and prints
 * "records=N seconds=S records_per_s=R cpu_us_per_record=C wait_us_per_record=W" on stdout. C is
 * the process's CPU time (every thread: the JIT's and the GC's too, as inlet's figure counts them)
 * over the same span, per record: unlike the rate, it does not depend on what else the machine
 * runs. W is the time this thread, the one that polls, was ready to run but had no core (Linux's
 * /proc/thread-self/schedstat; -1 where there is none), to set beside inlet's poll thread's.
 */
public final class Ceiling {
    private Ceiling() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Ceiling PLUGIN_DIR CONNECTOR_CLASS RECORDS [key=value ...]");
            System.exit(2);
        }
        File dir = new File(args[0]);
        File[] jars = dir.isDirectory() ? dir.listFiles((d, n) -> n.endsWith(".jar")) : new File[] {dir};
        if (jars == null || jars.length == 0) {
            System.err.println("Ceiling: no .jar in " + dir);
            System.exit(2);
        }
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; ++i) urls[i] = jars[i].toURI().toURL();
        long limit = Long.parseLong(args[2]);
        Map<String, String> props = new HashMap<>();
        for (int i = 3; i < args.length; ++i) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("Ceiling: expected key=value, got " + args[i]);
                System.exit(2);
            }
            props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }

        try (URLClassLoader loader = new URLClassLoader(urls, Ceiling.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            SourceConnector connector = (SourceConnector) loader.loadClass(args[1]).getDeclaredConstructor().newInstance();
            NoOffsets context = new NoOffsets();
            connector.initialize(context);
            connector.start(props);
            List<Map<String, String>> taskConfigs = connector.taskConfigs(1);
            SourceTask task = (SourceTask) connector.taskClass().getDeclaredConstructor().newInstance();
            task.initialize(context);
            task.start(taskConfigs.get(0));

            long count = 0;
            long touched = 0;
            long cpuBegin = processCpuNanos();
            long waitBegin = runqueueNanos();
            long begin = System.nanoTime();
            long lastRecord = begin;
            while (count < limit) {
                List<SourceRecord> records = task.poll();
                long now = System.nanoTime();
                if (records == null || records.isEmpty()) {
                    if (now - lastRecord > 2_000_000_000L) break;
                    continue;
                }
                lastRecord = now;
                for (SourceRecord r : records) touched += r.value() == null ? 0 : 1;
                count += records.size();
            }
            long end = lastRecord;
            long cpu = processCpuNanos() - cpuBegin;
            long waitEnd = runqueueNanos();
            double wait = waitBegin < 0 || waitEnd < 0 || count == 0 ? -1 : (waitEnd - waitBegin) / 1e3 / count;
            task.stop();
            connector.stop();
            double seconds = (end - begin) / 1e9;
            System.out.printf("records=%d seconds=%.3f records_per_s=%.0f cpu_us_per_record=%.3f wait_us_per_record=%.3f%n",
                    count, seconds, seconds > 0 ? count / seconds : 0.0, count > 0 ? cpu / 1e3 / count : 0.0, wait);
            if (touched < 0) System.out.println(touched);
        }
    }

    /** CPU time of the whole process (all its threads), as /proc/PID/stat's utime + stime. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * How long this thread has waited, ready to run, for a core (the second field of
     * /proc/thread-self/schedstat, in ns); -1 where the kernel does not tell.
     */
    private static long runqueueNanos() {
        try {
            String[] fields = new String(Files.readAllBytes(Paths.get("/proc/thread-self/schedstat")),
                    StandardCharsets.US_ASCII).trim().split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return -1;
        }
    }

    /** Contexts with no stored offsets: the connector starts from the beginning. */
    private static final class NoOffsets implements SourceConnectorContext, SourceTaskContext {
        @Override
        public void requestTaskReconfiguration() {
        }

        @Override
        public void raiseError(Exception e) {
            System.err.println("Ceiling: the connector raised " + e);
            System.exit(1);
        }

        @Override
        public Map<String, String> configs() {
            return Collections.emptyMap();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return null;
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    return Collections.emptyMap();
                }
            };
        }
    }
}
