package dev.inlet.kafka;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The bridge's Java encoding alone (RecordEncoder: begin, record per record, finish), on one
 * thread, over one batch of records encoded again and again: nanoseconds per record, with
 * neither JNI nor the connector nor the other thread in the figure. In the package of the class
 * it measures, whose API is package-private; tools/bench/java-encode compiles and runs it.
 *
 *   EncodeBench line|widestruct [ROUNDS]
 *
 * line: 8,192 records as LineFileSource makes them (a 45-char line, {"position": N});
 * widestruct: one 8,192-record poll of WideStructSource (20 fields, nested).
 */
public final class EncodeBench {
    private EncodeBench() {
    }

    public static void main(String[] args) throws Exception {
        SourceRecord[] records = args[0].equals("line") ? lines(8192) : wide(8192);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        RecordEncoder encoder = new RecordEncoder();
        int reps = Math.max(1, 800_000 / records.length);
        double[] ns = new double[rounds];
        long bytes = 0;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                encoder.begin();
                for (SourceRecord rec : records) encoder.record(rec);
                bytes += encoder.finish(records.length).position();
            }
            ns[round] = (System.nanoTime() - t0) / (double) (reps * records.length);
        }
        // The first third is the JIT's warm-up; the rest's median and range.
        double[] warm = Arrays.copyOfRange(ns, rounds / 3, rounds);
        Arrays.sort(warm);
        System.out.printf("%s: %.1f ns/record (median of %d rounds after warm-up, range %.1f-%.1f), %d bytes/record%n",
                args[0], warm[warm.length / 2], warm.length, warm[0], warm[warm.length - 1],
                bytes / ((long) rounds * reps * records.length));
    }

    private static SourceRecord[] lines(int n) {
        Map<String, String> partition = Collections.singletonMap("filename", "/tmp/in.txt");
        SourceRecord[] out = new SourceRecord[n];
        long position = 0;
        for (int i = 0; i < n; i++) {
            String line = String.format("%09d the quick brown fox jumps over the lazy dog", i);
            position += line.length() + 1;
            out[i] = new SourceRecord(partition, Collections.singletonMap("position", position), "t", null,
                    null, null, Schema.STRING_SCHEMA, line, System.currentTimeMillis());
        }
        return out;
    }

    private static SourceRecord[] wide(int n) throws Exception {
        Class<?> c = Class.forName("inlet.testconnectors.widestruct.WideStructSourceTask");
        SourceTask task = (SourceTask) c.getDeclaredConstructor().newInstance();
        task.initialize(new SourceTaskContext() {
            @Override public Map<String, String> configs() { return Map.of(); }
            @Override public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override public <T> Map<String, Object> offset(Map<String, T> partition) { return null; }
                    @Override public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        return Map.of();
                    }
                };
            }
        });
        task.start(Map.of("records", String.valueOf(n), "batch.size", String.valueOf(n), "topic", "t"));
        List<SourceRecord> polled = task.poll();
        return polled.toArray(new SourceRecord[0]);
    }
}
