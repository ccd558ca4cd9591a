package inlet.testconnectors.versioned;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Five records "VERSION n", then nothing. */
public class VersionedSourceTask extends SourceTask {
    private static final Map<String, String> PARTITION = Collections.singletonMap("source", "versioned");

    private String topic;
    private boolean done;

    @Override
    public String version() {
        return VersionedSourceConnector.jarVersion();
    }

    @Override
    public void start(Map<String, String> props) {
        topic = props.getOrDefault("topic", "versions");
        done = context.offsetStorageReader().offset(PARTITION) != null;
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
            out.add(new SourceRecord(PARTITION, Collections.singletonMap("n", n), topic, Schema.STRING_SCHEMA,
                version() + " " + n));
        }
        return out;
    }

    @Override
    public void stop() {
    }
}
