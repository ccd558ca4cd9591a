package inlet.testconnectors.versioned;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Five records "VERSION n", then nothing; its source partition is {"source": TOPIC}. */
public class VersionedSourceTask extends SourceTask {
    private Map<String, String> partition;
    private String topic;
    private boolean done;

    @Override
    public String version() {
        return VersionedSourceConnector.jarVersion();
    }

    @Override
    public void start(Map<String, String> props) {
        topic = props.getOrDefault("topic", "versions");
        partition = Collections.singletonMap("source", topic);
        done = context.offsetStorageReader().offset(partition) != null;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (done) {
            Thread.sleep(50);
            return null;
        }
        done = true;
        List<SourceRecord> out = new ArrayList<>();
        for (long n = 0; n < 5; n++) {
            out.add(new SourceRecord(partition, Collections.singletonMap("n", n), topic, Schema.STRING_SCHEMA,
                version() + " " + n));
        }
        return out;
    }

    @Override
    public void stop() {
    }
}
