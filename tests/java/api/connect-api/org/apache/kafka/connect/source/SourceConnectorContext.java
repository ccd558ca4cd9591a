package org.apache.kafka.connect.source;

import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Stand-in: a source connector's context, with read access to its offsets. */
public interface SourceConnectorContext extends ConnectorContext {
    OffsetStorageReader offsetStorageReader();
}
