package inlet.testconnectors.metrics41;

import inlet.testconnectors.common.SimpleSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * Built against Kafka 4.1's API (kafka-version): asks its runtime for plugin metrics (KIP-877) in
 * start(), connector and task alike, with the guard Kafka's javadoc of pluginMetrics() prescribes
 * for a connector that may be deployed to an older runtime, and tells in every record what it got:
 * "absent" (the guard caught the error), "null" or "given". With guarded=false the task calls it
 * bare, as a connector written for 4.1 runtimes only would.
 */
public class PluginMetricsSourceConnector extends SimpleSourceConnector {
    static final String CONNECTOR_METRICS = "connector.metrics";
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("topic", ConfigDef.Type.STRING, "metrics", ConfigDef.Importance.LOW, "The topic of the records")
        .define("records", ConfigDef.Type.INT, 5, ConfigDef.Importance.LOW, "How many records the task emits")
        .define("guarded", ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
            "Whether the task guards its pluginMetrics() call as Kafka's javadoc prescribes");

    private String metrics;

    @Override
    public String version() {
        return "4.1.0-metrics41";
    }

    @Override
    public void start(Map<String, String> props) {
        super.start(props);
        try { // the guard, written as Kafka's javadoc of pluginMetrics() shows it
            metrics = context().pluginMetrics() == null ? "null" : "given";
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            metrics = "absent";
        }
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = super.taskConfigs(maxTasks);
        for (Map<String, String> c : configs) c.put(CONNECTOR_METRICS, metrics);
        return configs;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PluginMetricsSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
