package inlet.testconnectors.widestruct;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The struct-heavy connector of issue 13's benchmark: each record's value is a 20-field struct
 * (primitives, a Timestamp, a Decimal, a nested 4-field struct, an array) computed from a
 * counter, so the cost measured is the bridge's, not a data source's. Replayable: partition
 * {"wide": task}, offset {"n": Long}; `records` per task, then it idles.
 */
public class WideStructSourceConnector extends SourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("records", ConfigDef.Type.LONG, Long.MAX_VALUE, ConfigDef.Importance.HIGH, "Records per task")
        .define("batch.size", ConfigDef.Type.INT, 1000, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, "Records per poll")
        .define("topic", ConfigDef.Type.STRING, "wide", ConfigDef.Importance.LOW, "The records' topic");

    private Map<String, String> props;

    @Override
    public String version() {
        return "1.0.0-widestruct";
    }

    @Override
    public void start(Map<String, String> props) {
        CONFIG_DEF.parse(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WideStructSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; ++i) {
            Map<String, String> c = new HashMap<>(props);
            c.put("wide.task", Integer.toString(i));
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

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
