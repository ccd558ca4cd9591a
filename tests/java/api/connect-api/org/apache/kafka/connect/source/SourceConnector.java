package org.apache.kafka.connect.source;

import org.apache.kafka.connect.connector.Connector;

import java.util.Map;

/** Stand-in: a connector that pulls data from another system. */
public abstract class SourceConnector extends Connector {
    @Override
    protected SourceConnectorContext context() {
        return (SourceConnectorContext) context;
    }

    /** Default null: the connector does not say, which a runtime must treat as unsupported. */
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return null;
    }

    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    /** Default false: the connector did not override this (offsets are still altered by the runtime). */
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        return false;
    }
}
