package org.apache.kafka.connect.source;

/** Stand-in: lets a task define transaction boundaries (only with transaction.boundary=connector). */
public interface TransactionContext {
    void commitTransaction();

    void commitTransaction(SourceRecord record);

    void abortTransaction();

    void abortTransaction(SourceRecord record);
}
