package inlet.testconnectors.faults;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Emits `records` records, then poll() sleeps `block.ms` whatever stop() or Thread.interrupt() say. */
public class StubbornSourceTask extends SourceTask {
    private long records;
    private long blockMs;
    private long next;

    @Override
    public String version() {
        return "0.9.0-faults";
    }

    @Override
    public void start(Map<String, String> props) {
        Map<String, Object> parsed = StubbornSourceConnector.CONFIG_DEF.parse(props);
        records = (Long) parsed.get("records");
        blockMs = (Long) parsed.get("block.ms");
    }

    @Override
    public List<SourceRecord> poll() {
        if (next < records) {
            List<SourceRecord> batch = new ArrayList<>();
            while (next < records) {
                batch.add(new SourceRecord(Collections.singletonMap("stubborn", 0), Collections.singletonMap("n", next),
                    "stubborn", Schema.STRING_SCHEMA, "stubborn " + next));
                ++next;
            }
            return batch;
        }
        long until = System.currentTimeMillis() + blockMs;
        long left;
        while ((left = until - System.currentTimeMillis()) > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException ignored) {
                // deliberately ignored: this task is the one that does not stop
            }
        }
        return null;
    }

    @Override
    public void stop() {
        // deliberately does nothing
    }
}
