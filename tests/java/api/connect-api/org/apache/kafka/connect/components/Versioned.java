package org.apache.kafka.connect.components;

/** Stand-in: a plugin that reports its version. */
public interface Versioned {
    String version();
}
