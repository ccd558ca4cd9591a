package inlet.testconnectors.faults;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fails on purpose, as chosen by `fault`:
 *   retriable        poll throws RetriableException `failures` times, then emits `records` records
 *   connect          emits `records` records, then poll throws ConnectException
 *   runtime          emits `records` records, then poll throws IllegalStateException
 *   task-start       the task's start throws ConnectException
 *   connector-start  the connector's start throws ConnectException
 *   raise-error      the connector calls context.raiseError after `delay.ms`
 *   oom              poll allocates until the JVM is out of memory
 *   none             emits `records` records and idles
 * Records: partition {"faulty": task}, offset {"n": Long}, value "f <task> <n>".
 */
public class FaultySourceConnector extends SourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("fault", ConfigDef.Type.STRING, "none",
            ConfigDef.ValidString.in("none", "retriable", "connect", "runtime", "task-start", "connector-start", "raise-error", "oom"),
            ConfigDef.Importance.HIGH, "Which fault to inject")
        .define("failures", ConfigDef.Type.INT, 3, ConfigDef.Importance.LOW, "How many times a retriable poll fails before it succeeds")
        .define("records", ConfigDef.Type.LONG, 10L, ConfigDef.Importance.LOW, "How many records each task emits")
        .define("delay.ms", ConfigDef.Type.LONG, 200L, ConfigDef.Importance.LOW, "Delay before raise-error")
        .define("topic", ConfigDef.Type.STRING, "faulty", ConfigDef.Importance.LOW, "The records' topic");

    private Map<String, String> props;
    private Thread raiser;

    @Override
    public String version() {
        return "0.9.0-faults";
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
        Map<String, Object> parsed = CONFIG_DEF.parse(props);
        String fault = (String) parsed.get("fault");
        if (fault.equals("connector-start")) throw new ConnectException("faulty connector: start failed on purpose");
        if (fault.equals("raise-error")) {
            long delay = (Long) parsed.get("delay.ms");
            raiser = new Thread(() -> {
                try {
                    Thread.sleep(delay);
                    context().raiseError(new ConnectException("faulty connector: raiseError on purpose"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "faulty-raise-error");
            raiser.setDaemon(true);
            raiser.start();
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FaultySourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; ++i) {
            Map<String, String> c = new HashMap<>(props);
            c.put("task", Integer.toString(i));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (raiser != null) raiser.interrupt();
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
