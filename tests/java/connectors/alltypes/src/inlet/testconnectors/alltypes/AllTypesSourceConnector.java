package inlet.testconnectors.alltypes;

import inlet.testconnectors.common.SimpleSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.util.Map;

/**
 * Emits a fixed list of records covering every Connect schema type (AllTypesRecords), `cycles`
 * times, then nothing. Replayable: partition {"source":"alltypes"}, offset {"index": Long}.
 */
public class AllTypesSourceConnector extends SimpleSourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("topic", ConfigDef.Type.STRING, "alltypes", ConfigDef.Importance.MEDIUM, "The topic of every record")
        .define("cycles", ConfigDef.Type.LONG, 1L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM,
            "How many times the whole list of records is emitted");

    @Override
    public String version() {
        return "2.1.0-alltypes";
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AllTypesSourceTask.class;
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
