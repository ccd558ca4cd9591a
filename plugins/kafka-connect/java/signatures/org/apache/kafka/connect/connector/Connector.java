package org.apache.kafka.connect.connector;
public abstract class Connector {
    public void initialize(ConnectorContext ctx) { throw new UnsupportedOperationException(); }
    public abstract void start(java.util.Map<String, String> props);
    public abstract Class<? extends Task> taskClass();
    public abstract java.util.List<java.util.Map<String, String>> taskConfigs(int maxTasks);
    public abstract void stop();
    public abstract String version();
    public org.apache.kafka.common.config.Config validate(java.util.Map<String, String> connectorConfigs) { throw new UnsupportedOperationException(); }
    public abstract org.apache.kafka.common.config.ConfigDef config();
}
