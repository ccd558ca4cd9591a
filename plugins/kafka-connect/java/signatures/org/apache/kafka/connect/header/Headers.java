package org.apache.kafka.connect.header;
public interface Headers extends Iterable<Header> {
    boolean isEmpty();
}
