package inlet.testconnectors.missingdep;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Needs AbsentHelper, which is compiled with it but left out of its jar (as when a user forgets a
 * dependency jar in the plugin folder): creating one throws NoClassDefFoundError.
 */
public class MissingDependencySourceConnector extends SourceConnector {
    private final AbsentHelper helper = new AbsentHelper();

    @Override
    public String version() {
        return helper.version();
    }

    @Override
    public void start(Map<String, String> props) {
    }

    @Override
    public Class<? extends Task> taskClass() {
        return null;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.emptyList();
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }
}
