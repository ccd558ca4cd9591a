package org.apache.kafka.connect.errors;

/** Stand-in for Kafka Connect's AlreadyExistsException. */
public class AlreadyExistsException extends ConnectException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String s) {
        super(s);
    }

    public AlreadyExistsException(String s, Throwable throwable) {
        super(s, throwable);
    }

    public AlreadyExistsException(Throwable throwable) {
        super(throwable);
    }
}
