package org.apache.kafka.connect.errors;

/** Stand-in for Kafka Connect's DataException. */
public class DataException extends ConnectException {
    private static final long serialVersionUID = 1L;

    public DataException(String s) {
        super(s);
    }

    public DataException(String s, Throwable throwable) {
        super(s, throwable);
    }

    public DataException(Throwable throwable) {
        super(throwable);
    }
}
