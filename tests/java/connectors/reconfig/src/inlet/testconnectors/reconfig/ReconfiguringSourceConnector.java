package inlet.testconnectors.reconfig;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls context.requestTaskReconfiguration() `times` times, `every.ms` apart; each call bumps the
 * generation that taskConfigs hands to the tasks, so the output shows which generation of tasks
 * wrote each record ("g<generation> t<task> n<n>"). `task.counts` (e.g. "1,2,1") gives the
 * number of task configs of each generation (at most tasks.max); empty: tasks.max each time.
 */
public class ReconfiguringSourceConnector extends SourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("times", ConfigDef.Type.INT, 1, ConfigDef.Importance.LOW, "How many reconfigurations to request")
        .define("every.ms", ConfigDef.Type.LONG, 300L, ConfigDef.Importance.LOW, "Delay before each request")
        .define("task.counts", ConfigDef.Type.LIST, "", ConfigDef.Importance.LOW, "Task configs per generation");

    private Map<String, String> props;
    private volatile int generation = 1;
    private Thread requester;

    @Override
    public String version() {
        return "1.0.0-reconfig";
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
        Map<String, Object> parsed = CONFIG_DEF.parse(props);
        int times = (Integer) parsed.get("times");
        long every = (Long) parsed.get("every.ms");
        requester = new Thread(() -> {
            try {
                for (int i = 0; i < times; ++i) {
                    Thread.sleep(every);
                    ++generation;
                    context().requestTaskReconfiguration();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reconfig-requester");
        requester.setDaemon(true);
        requester.start();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ReconfiguringSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        int count = maxTasks;
        String[] counts = props.getOrDefault("task.counts", "").split(",");
        if (!counts[0].trim().isEmpty())
            count = Math.min(maxTasks, Integer.parseInt(counts[Math.min(generation, counts.length) - 1].trim()));
        for (int i = 0; i < count; ++i) {
            Map<String, String> c = new HashMap<>(props);
            c.put("task", Integer.toString(i));
            c.put("generation", Integer.toString(generation));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (requester != null) requester.interrupt();
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
