package inlet.testconnectors.versioned;

import inlet.testconnectors.common.SimpleSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * One connector class in several plugin folders (build_jars.py: connectors/versioned/versions),
 * each jar's manifest giving its version, as many real connectors take theirs from their jar
 * (Package.getImplementationVersion). Its records say which version ran.
 */
public class VersionedSourceConnector extends SimpleSourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("topic", ConfigDef.Type.STRING, "versions", ConfigDef.Importance.LOW, "The topic of the records");

    static String jarVersion() {
        String v = VersionedSourceConnector.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    @Override
    public String version() {
        return jarVersion();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return VersionedSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
