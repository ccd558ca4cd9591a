package org.apache.kafka.connect.data;

import org.apache.kafka.connect.errors.DataException;

/** Stand-in: the Timestamp logical type, INT64 milliseconds since the Unix epoch. */
public class Timestamp {
    public static final String LOGICAL_NAME = "org.apache.kafka.connect.data.Timestamp";

    public static SchemaBuilder builder() {
        return SchemaBuilder.int64().name(LOGICAL_NAME).version(1);
    }

    public static final Schema SCHEMA = builder().schema();

    public static long fromLogical(Schema schema, java.util.Date value) {
        if (!LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Timestamp object but the schema does not match.");
        }
        return value.getTime();
    }

    public static java.util.Date toLogical(Schema schema, long value) {
        if (!LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Timestamp object but the schema does not match.");
        }
        return new java.util.Date(value);
    }
}
