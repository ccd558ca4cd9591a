package inlet.testconnectors.reconfig;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One record every 20 ms, numbered on from the stored offset, tagged with its generation. */
public class ReconfiguringSourceTask extends SourceTask {
    private String task;
    private String generation;
    private Map<String, String> partition;
    private long next;
    private volatile boolean stopping;

    @Override
    public String version() {
        return "1.0.0-reconfig";
    }

    @Override
    public void start(Map<String, String> props) {
        task = props.get("task");
        generation = props.get("generation");
        partition = Collections.singletonMap("task", task);
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        if (offset != null) next = (Long) offset.get("n") + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Thread.sleep(20);
        if (stopping) return null;
        SourceRecord r = new SourceRecord(partition, Collections.singletonMap("n", next), "reconfig", Schema.STRING_SCHEMA,
            "g" + generation + " t" + task + " n" + next);
        ++next;
        return Collections.singletonList(r);
    }

    @Override
    public void stop() {
        stopping = true;
    }
}
