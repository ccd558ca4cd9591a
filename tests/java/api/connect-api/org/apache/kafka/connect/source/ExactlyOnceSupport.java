package org.apache.kafka.connect.source;

/** Stand-in: a connector's answer to "can you run exactly-once with this config?" (KIP-618). */
public enum ExactlyOnceSupport {
    SUPPORTED,
    UNSUPPORTED
}
