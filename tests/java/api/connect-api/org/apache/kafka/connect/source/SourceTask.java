package org.apache.kafka.connect.source;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Stand-in: a task that pulls records from another system. */
public abstract class SourceTask implements Task {
    public static final String TRANSACTION_BOUNDARY_CONFIG = "transaction.boundary";

    /** Where transactions start and end when exactly-once is on. */
    public enum TransactionBoundary {
        POLL,
        INTERVAL,
        CONNECTOR;

        public static final TransactionBoundary DEFAULT = POLL;

        public static TransactionBoundary fromProperty(String property) {
            Objects.requireNonNull(property, "Value for transaction boundary property may not be null");
            return TransactionBoundary.valueOf(property.trim().toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    protected SourceTaskContext context;

    public void initialize(SourceTaskContext context) {
        this.context = context;
    }

    @Override
    public abstract void start(Map<String, String> props);

    /** Returns new records, or null when there are none for now; unblocks when stop() is called. */
    public abstract List<SourceRecord> poll() throws InterruptedException;

    /** Called when offsets have been stored; a no-op unless the task keeps its own. */
    public void commit() throws InterruptedException {
    }

    @Override
    public abstract void stop();

    /** @deprecated Use {@link #commitRecord(SourceRecord, RecordMetadata)}. */
    @Deprecated
    public void commitRecord(SourceRecord record) throws InterruptedException {
    }

    /** Default: the one-argument form (kept for old connectors). */
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
        commitRecord(record);
    }
}
