package org.apache.kafka.connect.connector;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.List;
import java.util.Map;

/** Stand-in: configures a job and splits it into task configs. */
public abstract class Connector implements Versioned {
    protected ConnectorContext context;

    public void initialize(ConnectorContext ctx) {
        context = ctx;
    }

    public void initialize(ConnectorContext ctx, List<Map<String, String>> taskConfigs) {
        context = ctx;
    }

    protected ConnectorContext context() {
        return context;
    }

    public abstract void start(Map<String, String> props);

    /** Default: stop, then start with the new properties. */
    public void reconfigure(Map<String, String> props) {
        stop();
        start(props);
    }

    public abstract Class<? extends Task> taskClass();

    public abstract List<Map<String, String>> taskConfigs(int maxTasks);

    public abstract void stop();

    /** Default: validate the properties against config(). */
    public Config validate(Map<String, String> connectorConfigs) {
        ConfigDef def = config();
        if (def == null) {
            throw new ConnectException(getClass().getName() + ".config() must return a ConfigDef that is not null.");
        }
        List<ConfigValue> values = def.validate(connectorConfigs);
        return new Config(values);
    }

    public abstract ConfigDef config();
}
