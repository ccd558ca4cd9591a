package org.apache.kafka.common.config;
public class ConfigValue {
    public String name() { throw new UnsupportedOperationException(); }
    public java.util.List<String> errorMessages() { throw new UnsupportedOperationException(); }
}
