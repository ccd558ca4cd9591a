package org.apache.kafka.connect.errors;

/** Stand-in for Kafka Connect's NotFoundException. */
public class NotFoundException extends ConnectException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String s) {
        super(s);
    }

    public NotFoundException(String s, Throwable throwable) {
        super(s, throwable);
    }

    public NotFoundException(Throwable throwable) {
        super(throwable);
    }
}
