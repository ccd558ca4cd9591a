package inlet.testconnectors.oldstyle;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Emits "old <task> <n>" with no partition and no offset (not replayable), then idles. */
public class OldStyleSourceTask extends SourceTask {
    private String topic;
    private int taskId;
    private int max;
    private int sent;

    @Override
    public String version() {
        return "0.10.0-oldstyle";
    }

    @Override
    public void start(Map<String, String> props) {
        Map<String, Object> parsed = OldStyleSourceConnector.CONFIG_DEF.parse(props);
        topic = (String) parsed.get("topic");
        taskId = (Integer) parsed.get("task.id");
        max = (Integer) parsed.get("max.messages");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (sent >= max) {
            Thread.sleep(20);
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>();
        while (sent < max) {
            batch.add(new SourceRecord(null, null, topic, Schema.STRING_SCHEMA, "old " + taskId + " " + sent));
            ++sent;
        }
        return batch;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void commitRecord(SourceRecord record) {
        // the pre-2.4 one-argument form, overridden as old connectors do; nothing to do
    }

    @Override
    public void stop() {
    }
}
