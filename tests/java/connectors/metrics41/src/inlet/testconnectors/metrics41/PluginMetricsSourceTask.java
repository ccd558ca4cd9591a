package inlet.testconnectors.metrics41;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Emits `records` records "connector=X task=Y n=N", X and Y what pluginMetrics() gave, then idles. */
public class PluginMetricsSourceTask extends SourceTask {
    private static final Map<String, String> PARTITION = Collections.singletonMap("source", "metrics41");

    private String topic;
    private int records;
    private String metrics;
    private long next;
    private volatile boolean stopping;

    @Override
    public String version() {
        return "4.1.0-metrics41";
    }

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(PluginMetricsSourceConnector.CONFIG_DEF, props);
        topic = config.getString("topic");
        records = config.getInt("records");
        String task;
        try { // as the connector's start(); with guarded=false, as if there were no guard
            task = context.pluginMetrics() == null ? "null" : "given";
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            if (!config.getBoolean("guarded")) throw e;
            task = "absent";
        }
        metrics = "connector=" + props.get(PluginMetricsSourceConnector.CONNECTOR_METRICS) + " task=" + task;
        Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
        if (offset != null) next = (Long) offset.get("n") + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (next >= records) {
            if (!stopping) Thread.sleep(50);
            return null;
        }
        List<SourceRecord> out = new ArrayList<>();
        for (; next < records; next++) {
            out.add(new SourceRecord(PARTITION, Collections.singletonMap("n", next), topic, Schema.STRING_SCHEMA,
                metrics + " n=" + next));
        }
        return out;
    }

    @Override
    public void stop() {
        stopping = true;
    }
}
