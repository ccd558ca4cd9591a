package org.apache.kafka.connect.errors;

import org.apache.kafka.common.KafkaException;

/** Stand-in for Kafka Connect's ConnectException. */
public class ConnectException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public ConnectException(String s) {
        super(s);
    }

    public ConnectException(String s, Throwable throwable) {
        super(s, throwable);
    }

    public ConnectException(Throwable throwable) {
        super(throwable);
    }
}
