package org.apache.kafka.common.config;
public class Config {
    public java.util.List<ConfigValue> configValues() { throw new UnsupportedOperationException(); }
}
