package dev.inlet.kafka;

import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The context a SourceConnector gets on Kafka 2.6 and later (SourceConnector.context() casts to
 * it). Its own class, created through reflection only when the API jars have the interface, so
 * the bridge still runs on older API jars.
 */
final class SourceContext extends LiveConnector.Context implements SourceConnectorContext {
    @Override
    public OffsetStorageReader offsetStorageReader() {
        return reader;
    }
}
