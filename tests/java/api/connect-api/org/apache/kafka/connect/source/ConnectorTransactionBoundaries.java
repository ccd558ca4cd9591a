package org.apache.kafka.connect.source;

/** Stand-in: whether a connector can define its own transaction boundaries (KIP-618). */
public enum ConnectorTransactionBoundaries {
    SUPPORTED,
    UNSUPPORTED
}
