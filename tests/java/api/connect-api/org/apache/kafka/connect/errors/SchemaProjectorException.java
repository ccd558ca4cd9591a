package org.apache.kafka.connect.errors;

/** Stand-in for Kafka Connect's SchemaProjectorException. */
public class SchemaProjectorException extends DataException {
    private static final long serialVersionUID = 1L;

    public SchemaProjectorException(String s) {
        super(s);
    }

    public SchemaProjectorException(String s, Throwable throwable) {
        super(s, throwable);
    }

    public SchemaProjectorException(Throwable throwable) {
        super(throwable);
    }
}
