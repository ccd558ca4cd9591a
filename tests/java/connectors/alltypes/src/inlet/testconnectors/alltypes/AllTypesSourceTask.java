package inlet.testconnectors.alltypes;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Emits AllTypesRecords.values() in order, `cycles` times, resuming after the stored index. */
public class AllTypesSourceTask extends SourceTask {
    private static final Map<String, String> PARTITION = Collections.singletonMap("source", "alltypes");

    private String topic;
    private long total;
    private long next;
    private List<SchemaAndValue> values;
    private volatile boolean stopping;

    @Override
    public String version() {
        return "2.1.0-alltypes";
    }

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(AllTypesSourceConnector.CONFIG_DEF, props);
        topic = config.getString("topic");
        values = AllTypesRecords.values();
        total = config.getLong("cycles") * values.size();
        Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
        if (offset != null) next = (Long) offset.get("index") + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (next >= total || stopping) {
            Thread.sleep(20);
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>();
        while (next < total && batch.size() < 7) {
            int i = (int) (next % values.size());
            SchemaAndValue v = values.get(i);
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("case", Integer.toString(i));
            headers.addLong("n", next);
            if (i % 2 == 0) headers.addBoolean("even", true);
            batch.add(new SourceRecord(PARTITION, Collections.singletonMap("index", next), topic, i % 3,
                org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "key-" + i, v.schema(), v.value(),
                1700000000000L + next, headers));
            ++next;
        }
        return batch;
    }

    @Override
    public void stop() {
        stopping = true;
    }
}
