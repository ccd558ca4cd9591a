package inlet.testconnectors.linefile;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads complete lines from its byte position onward; at the end of the file it waits a little
 * (until stop()) and returns null, so appended lines are picked up, as Kafka's file source does.
 */
public class LineFileSourceTask extends SourceTask {
    private static final String FILENAME_FIELD = "filename";
    private static final String POSITION_FIELD = "position";

    private String filename;
    private String topic;
    private int batchSize;
    private InputStream stream;
    private Map<String, String> partition;
    private long position;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private final Object lock = new Object();
    private volatile boolean stopping;

    @Override
    public String version() {
        return "1.0.0-linefile";
    }

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(LineFileSourceConnector.CONFIG_DEF, props);
        filename = config.getString(LineFileSourceConnector.FILE_CONFIG);
        topic = config.getString(LineFileSourceConnector.TOPIC_CONFIG);
        batchSize = config.getInt(LineFileSourceConnector.TASK_BATCH_SIZE_CONFIG);
        if (filename == null || filename.isEmpty()) {
            stream = System.in;
            partition = null;
            return;
        }
        partition = Collections.singletonMap(FILENAME_FIELD, filename);
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        if (offset != null) {
            Object stored = offset.get(POSITION_FIELD);
            if (!(stored instanceof Long)) throw new ConnectException("Offset position is the incorrect type: " + stored);
            position = (Long) stored;
        }
        try {
            FileInputStream in = new FileInputStream(filename);
            long skipped = 0;
            while (skipped < position) {
                long n = in.skip(position - skipped);
                if (n <= 0) break;
                skipped += n;
            }
            stream = in;
        } catch (IOException e) {
            throw new ConnectException("Couldn't open " + filename, e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records = null;
        try {
            while (!stopping) {
                int nl = indexOfNewline();
                if (nl < 0) {
                    if (records != null) return records;
                    if (!fill()) {
                        synchronized (lock) {
                            if (!stopping) lock.wait(100);
                        }
                        return null;
                    }
                    continue;
                }
                int lineEnd = nl > start && buffer[nl - 1] == '\r' ? nl - 1 : nl;
                String line = new String(buffer, start, lineEnd - start, StandardCharsets.UTF_8);
                position += nl + 1 - start;
                start = nl + 1;
                if (records == null) records = new ArrayList<>();
                Map<String, Long> offset = partition == null ? null : Collections.singletonMap(POSITION_FIELD, position);
                records.add(new SourceRecord(partition, offset, topic, null, null, null, Schema.STRING_SCHEMA, line,
                    System.currentTimeMillis()));
                if (records.size() >= batchSize) return records;
            }
        } catch (IOException e) {
            if (stopping) return records; // stop() closed the stream under a read
            throw new ConnectException("Error reading " + filename, e);
        }
        return records;
    }

    private int indexOfNewline() {
        for (int i = start; i < end; ++i) {
            if (buffer[i] == '\n') return i;
        }
        return -1;
    }

    /** Moves the unread bytes to the front and reads more; false at the end of the input. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        int n = stream.read(buffer, end, buffer.length - end);
        if (n <= 0) return false;
        end += n;
        return true;
    }

    @Override
    public void stop() {
        stopping = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            if (stream != null && stream != System.in) stream.close();
        } catch (IOException e) {
            System.err.println("LineFileSourceTask: closing " + filename + ": " + e);
        }
    }
}
