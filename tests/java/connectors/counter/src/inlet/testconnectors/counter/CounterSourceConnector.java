package inlet.testconnectors.counter;

import inlet.testconnectors.common.SimpleSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.util.Locale;
import java.util.Map;

/**
 * Replayable counters, one per task ("c <task> <n>", partition {"counter": task}, offset
 * {"n": Long}), whose exactlyOnceSupport answer is chosen by `exactly.once.support`:
 * supported, unsupported, or null (the default answer of connectors written before KIP-618).
 */
public class CounterSourceConnector extends SimpleSourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("exactly.once.support", ConfigDef.Type.STRING, "null",
            ConfigDef.CaseInsensitiveValidString.in("supported", "unsupported", "null"), ConfigDef.Importance.HIGH,
            "What exactlyOnceSupport() answers")
        .define("count", ConfigDef.Type.LONG, Long.MAX_VALUE, ConfigDef.Importance.MEDIUM, "Records per task")
        .define("batch", ConfigDef.Type.INT, 100, ConfigDef.Range.between(1, 100000), ConfigDef.Importance.LOW,
            "Records per poll")
        .define("interval.ms", ConfigDef.Type.LONG, 0L, ConfigDef.Importance.LOW, "Sleep before each poll");

    @Override
    public String version() {
        return "3.0.0-counter";
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CounterSourceTask.class;
    }

    @Override
    protected String taskKey() {
        return "counter.task";
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        String answer = connectorConfig.getOrDefault("exactly.once.support", "null").trim().toLowerCase(Locale.ROOT);
        if (answer.equals("supported")) return ExactlyOnceSupport.SUPPORTED;
        if (answer.equals("unsupported")) return ExactlyOnceSupport.UNSUPPORTED;
        return null;
    }
}
