package inlet.testconnectors.widestruct;

import inlet.testconnectors.common.SimpleSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.util.Map;

/**
 * The struct-heavy connector of issue 13's benchmark: each record's value is a 20-field struct
 * (primitives, a Timestamp, a Decimal, a nested 4-field struct, an array) computed from a
 * counter, so the cost measured is the bridge's, not a data source's. Replayable: partition
 * {"wide": task}, offset {"n": Long}; `records` per task, then it idles.
 */
public class WideStructSourceConnector extends SimpleSourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("records", ConfigDef.Type.LONG, Long.MAX_VALUE, ConfigDef.Importance.HIGH, "Records per task")
        .define("batch.size", ConfigDef.Type.INT, 1000, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, "Records per poll")
        .define("topic", ConfigDef.Type.STRING, "wide", ConfigDef.Importance.LOW, "The records' topic");

    @Override
    public String version() {
        return "1.0.0-widestruct";
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WideStructSourceTask.class;
    }

    @Override
    protected String taskKey() {
        return "wide.task";
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
