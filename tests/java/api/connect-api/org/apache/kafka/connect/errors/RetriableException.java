package org.apache.kafka.connect.errors;

/** Stand-in for Kafka Connect's RetriableException. */
public class RetriableException extends ConnectException {
    private static final long serialVersionUID = 1L;

    public RetriableException(String s) {
        super(s);
    }

    public RetriableException(String s, Throwable throwable) {
        super(s, throwable);
    }

    public RetriableException(Throwable throwable) {
        super(throwable);
    }
}
