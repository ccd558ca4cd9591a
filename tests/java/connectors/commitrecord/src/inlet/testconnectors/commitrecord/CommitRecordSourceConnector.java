package inlet.testconnectors.commitrecord;

import inlet.testconnectors.common.SimpleSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.util.Map;

/**
 * Its task overrides commitRecord and commit and checks, when each is called, that the record
 * is already in the sink's output file (`sink.file`): what it finds goes to `log.file`, one line
 * per call ("record <n> durable|EARLY metadata=null|..." and "commit"), for the test to read.
 */
public class CommitRecordSourceConnector extends SimpleSourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("records", ConfigDef.Type.LONG, 50L, ConfigDef.Importance.HIGH, "How many records to emit")
        .define("log.file", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Where the task logs each commitRecord/commit call")
        .define("sink.file", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The job's output file, read at each commitRecord");

    @Override
    public String version() {
        return "1.0.0-commitrecord";
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CommitRecordSourceTask.class;
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
