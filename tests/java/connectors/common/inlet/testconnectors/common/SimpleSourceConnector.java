package inlet.testconnectors.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What most test connectors share (compiled into each plugin's jar by build_jars.py, since every
 * plugin has its own class loader): start() checks the properties against config(), and
 * taskConfigs() hands each task a copy of them, numbered under taskKey() when it is not null,
 * else one task only (as Kafka's FileStreamSourceConnector does).
 */
public abstract class SimpleSourceConnector extends SourceConnector {
    private Map<String, String> props;

    /** The task config key that carries the task's number; null: a single task. */
    protected String taskKey() {
        return null;
    }

    @Override
    public void start(Map<String, String> props) {
        checkAtStart(props);
        this.props = props;
    }

    /** Throws ConfigException when props do not satisfy config(). */
    protected void checkAtStart(Map<String, String> props) {
        config().parse(props);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (taskKey() == null) return Collections.singletonList(new HashMap<>(props));
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; ++i) {
            Map<String, String> c = new HashMap<>(props);
            c.put(taskKey(), Integer.toString(i));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public abstract ConfigDef config();
}
