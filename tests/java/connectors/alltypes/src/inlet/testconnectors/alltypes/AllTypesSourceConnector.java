package inlet.testconnectors.alltypes;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits a fixed list of records covering every Connect schema type (AllTypesRecords), `cycles`
 * times, then nothing. Replayable: partition {"source":"alltypes"}, offset {"index": Long}.
 */
public class AllTypesSourceConnector extends SourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("topic", ConfigDef.Type.STRING, "alltypes", ConfigDef.Importance.MEDIUM, "The topic of every record")
        .define("cycles", ConfigDef.Type.LONG, 1L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM,
            "How many times the whole list of records is emitted");

    private Map<String, String> props;

    @Override
    public String version() {
        return "2.1.0-alltypes";
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AllTypesSourceTask.class;
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

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
