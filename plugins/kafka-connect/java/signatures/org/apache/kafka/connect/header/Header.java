package org.apache.kafka.connect.header;
public interface Header {
    String key();
    org.apache.kafka.connect.data.Schema schema();
    Object value();
}
