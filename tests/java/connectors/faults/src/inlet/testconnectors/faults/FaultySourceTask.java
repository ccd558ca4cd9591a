package inlet.testconnectors.faults;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The task side of FaultySourceConnector. */
public class FaultySourceTask extends SourceTask {
    private String fault;
    private int failuresLeft;
    private long records;
    private long next;
    private String topic;
    private String task;
    private Map<String, String> partition;
    private volatile boolean stopping;
    private final List<long[]> hoard = new ArrayList<>();

    @Override
    public String version() {
        return "0.9.0-faults";
    }

    @Override
    public void start(Map<String, String> props) {
        Map<String, Object> parsed = FaultySourceConnector.CONFIG_DEF.parse(props);
        fault = (String) parsed.get("fault");
        failuresLeft = (Integer) parsed.get("failures");
        records = (Long) parsed.get("records");
        topic = (String) parsed.get("topic");
        task = props.getOrDefault("task", "0");
        if (fault.equals("task-start")) throw new ConnectException("faulty task " + task + ": start failed on purpose");
        partition = Collections.singletonMap("faulty", task);
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        if (offset != null) next = (Long) offset.get("n") + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (fault.equals("retriable") && failuresLeft > 0) {
            --failuresLeft;
            throw new RetriableException("faulty task " + task + ": try again (" + failuresLeft + " failures left)");
        }
        if (fault.equals("oom")) {
            while (!stopping) hoard.add(new long[1 << 20]);
            return null;
        }
        if (next >= records) {
            if (fault.equals("connect")) throw new ConnectException("faulty task " + task + ": broken on purpose after " + next + " records");
            if (fault.equals("runtime")) throw new IllegalStateException("faulty task " + task + ": unexpected state after " + next + " records");
            Thread.sleep(20);
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>();
        while (next < records && batch.size() < 5) {
            batch.add(new SourceRecord(partition, Collections.singletonMap("n", next), topic, Schema.STRING_SCHEMA,
                "f " + task + " " + next));
            ++next;
        }
        return batch;
    }

    @Override
    public void stop() {
        stopping = true;
    }
}
