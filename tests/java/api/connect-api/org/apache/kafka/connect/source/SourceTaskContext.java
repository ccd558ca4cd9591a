package org.apache.kafka.connect.source;

import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Map;

/** Stand-in: what a source task may ask of the runtime. */
public interface SourceTaskContext {
    Map<String, String> configs();

    OffsetStorageReader offsetStorageReader();

    default TransactionContext transactionContext() {
        return null;
    }
}
