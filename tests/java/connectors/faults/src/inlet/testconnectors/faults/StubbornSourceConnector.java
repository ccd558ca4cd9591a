package inlet.testconnectors.faults;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A connector whose task, after a few records, blocks in poll() and ignores stop() and interrupts. */
public class StubbornSourceConnector extends SourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("records", ConfigDef.Type.LONG, 3L, ConfigDef.Importance.LOW, "Records before poll blocks")
        .define("block.ms", ConfigDef.Type.LONG, 600000L, ConfigDef.Importance.LOW, "How long poll blocks, ignoring stop()");

    private Map<String, String> props;

    @Override
    public String version() {
        return "0.9.0-faults";
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return StubbornSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.singletonList(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
