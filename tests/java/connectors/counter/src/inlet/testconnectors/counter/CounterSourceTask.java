package inlet.testconnectors.counter;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Counts from its stored offset + 1 up to `count`, `batch` records per poll. */
public class CounterSourceTask extends SourceTask {
    private String task;
    private Map<String, String> partition;
    private long count;
    private int batch;
    private long intervalMs;
    private long next;

    @Override
    public String version() {
        return "3.0.0-counter";
    }

    @Override
    public void start(Map<String, String> props) {
        Map<String, Object> parsed = CounterSourceConnector.CONFIG_DEF.parse(props);
        count = (Long) parsed.get("count");
        batch = (Integer) parsed.get("batch");
        intervalMs = (Long) parsed.get("interval.ms");
        task = props.getOrDefault("counter.task", "0");
        partition = Collections.singletonMap("counter", props.getOrDefault("partition.prefix", "") + task);
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        if (offset != null) next = (Long) offset.get("n") + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (intervalMs > 0) Thread.sleep(intervalMs);
        if (next >= count) {
            Thread.sleep(20);
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(batch);
        for (int i = 0; i < batch && next < count; ++i, ++next) {
            records.add(new SourceRecord(partition, Collections.singletonMap("n", next), "counter", Schema.STRING_SCHEMA,
                "c " + task + " " + next));
        }
        return records;
    }

    @Override
    public void stop() {
    }
}
