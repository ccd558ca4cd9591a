package inlet.testconnectors.oldstyle;

import inlet.testconnectors.common.SimpleSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.Map;

/**
 * Written the way connectors were before KIP-898 and KIP-618, like the seed's
 * sasakitoa.kafka.connect.random.RandomSourceConnector: its jar has no
 * META-INF/services manifest (found only by scanning classes), its ConfigDef requires `task.id`,
 * which only the task configs carry (so Kafka's worker would refuse it at create time), and its
 * records have null sourcePartition and sourceOffset.
 */
public class OldStyleSourceConnector extends SimpleSourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The topic of the records")
        .define("task.id", ConfigDef.Type.INT, ConfigDef.Importance.HIGH, "The task's number (set by the connector)")
        .define("max.messages", ConfigDef.Type.INT, 10, ConfigDef.Importance.LOW, "Records per task, then it idles");

    @Override
    public String version() {
        return "0.10.0-oldstyle";
    }

    @Override
    public Class<? extends Task> taskClass() {
        return OldStyleSourceTask.class;
    }

    @Override
    protected void checkAtStart(Map<String, String> props) {
        // Like the connectors it stands for: no check here, task.id is not there yet.
    }

    @Override
    protected String taskKey() {
        return "task.id";
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
