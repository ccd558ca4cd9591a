package org.apache.kafka.connect.errors;

/** Stand-in for Kafka Connect's IllegalWorkerStateException. */
public class IllegalWorkerStateException extends ConnectException {
    private static final long serialVersionUID = 1L;

    public IllegalWorkerStateException(String s) {
        super(s);
    }

    public IllegalWorkerStateException(String s, Throwable throwable) {
        super(s, throwable);
    }

    public IllegalWorkerStateException(Throwable throwable) {
        super(throwable);
    }
}
