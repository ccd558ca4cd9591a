package org.apache.kafka.connect.errors;

/** Stand-in for Kafka Connect's SchemaBuilderException. */
public class SchemaBuilderException extends DataException {
    private static final long serialVersionUID = 1L;

    public SchemaBuilderException(String s) {
        super(s);
    }

    public SchemaBuilderException(String s, Throwable throwable) {
        super(s, throwable);
    }

    public SchemaBuilderException(Throwable throwable) {
        super(throwable);
    }
}
