package inlet.testconnectors.oldstyle;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Written the way connectors were before KIP-898 and KIP-618, like the seed's
 * sasakitoa.kafka.connect.random.RandomSourceConnector: its jar has no
 * META-INF/services manifest (found only by scanning classes), its ConfigDef requires `task.id`,
 * which only the task configs carry (so Kafka's worker would refuse it at create time), and its
 * records have null sourcePartition and sourceOffset.
 */
public class OldStyleSourceConnector extends SourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The topic of the records")
        .define("task.id", ConfigDef.Type.INT, ConfigDef.Importance.HIGH, "The task's number (set by the connector)")
        .define("max.messages", ConfigDef.Type.INT, 10, ConfigDef.Importance.LOW, "Records per task, then it idles");

    private Map<String, String> props;

    @Override
    public String version() {
        return "0.10.0-oldstyle";
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return OldStyleSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; ++i) {
            Map<String, String> c = new HashMap<>(props);
            c.put("task.id", Integer.toString(i));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
