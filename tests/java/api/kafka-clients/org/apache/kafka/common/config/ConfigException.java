package org.apache.kafka.common.config;

import org.apache.kafka.common.KafkaException;

/** Stand-in: a configuration value is missing or invalid. */
public class ConfigException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String name, Object value) {
        this(name, value, null);
    }

    public ConfigException(String name, Object value, String message) {
        super("Invalid value " + value + " for configuration " + name + (message == null ? "" : ": " + message));
    }
}
