package org.apache.kafka.connect.source;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Map;

/** Stand-in, as of Kafka 4.1: what a source task may ask of the runtime. */
public interface SourceTaskContext {
    Map<String, String> configs();

    OffsetStorageReader offsetStorageReader();

    default TransactionContext transactionContext() {
        return null;
    }

    /** KIP-877 (4.1): as ConnectorContext.pluginMetrics(). */
    PluginMetrics pluginMetrics();
}
