package inlet.testconnectors.commitrecord;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.io.FileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Emits "rec <n>" records in batches of 5, one batch every 10 ms, and audits commitRecord/commit. */
public class CommitRecordSourceTask extends SourceTask {
    private static final Map<String, String> PARTITION = Collections.singletonMap("commitrecord", "0");

    private long records;
    private long next;
    private String logFile;
    private String sinkFile;

    @Override
    public String version() {
        return "1.0.0-commitrecord";
    }

    @Override
    public void start(Map<String, String> props) {
        Map<String, Object> parsed = CommitRecordSourceConnector.CONFIG_DEF.parse(props);
        records = (Long) parsed.get("records");
        logFile = (String) parsed.get("log.file");
        sinkFile = (String) parsed.get("sink.file");
        Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
        if (offset != null) next = (Long) offset.get("n") + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Thread.sleep(10);
        if (next >= records) return null;
        List<SourceRecord> batch = new ArrayList<>();
        for (int i = 0; i < 5 && next < records; ++i, ++next) {
            batch.add(new SourceRecord(PARTITION, Collections.singletonMap("n", next), "commitrecord",
                Schema.STRING_SCHEMA, "rec " + next));
        }
        return batch;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        String value = (String) record.value();
        boolean durable = sinkLines().contains(value);
        log(value + " " + (durable ? "durable" : "EARLY") + " metadata=" + metadata);
    }

    @Override
    public void commit() {
        log("commit");
    }

    @Override
    public void stop() {
    }

    private Set<String> sinkLines() {
        try {
            return new HashSet<>(Files.readAllLines(Paths.get(sinkFile), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Collections.emptySet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void log(String line) {
        try (FileWriter w = new FileWriter(logFile, StandardCharsets.UTF_8, true)) {
            w.write(line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
