package org.apache.kafka.connect.header;

import org.apache.kafka.connect.data.Schema;

/** Stand-in: one record header (a key, a value and the value's schema). */
public interface Header {
    String key();

    Schema schema();

    Object value();

    Header with(Schema schema, Object value);

    Header rename(String key);
}
