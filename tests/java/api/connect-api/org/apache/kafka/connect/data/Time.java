package org.apache.kafka.connect.data;

import org.apache.kafka.connect.errors.DataException;

/** Stand-in: the Time logical type, INT32 milliseconds since midnight (UTC). */
public class Time {
    public static final String LOGICAL_NAME = "org.apache.kafka.connect.data.Time";

    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    public static SchemaBuilder builder() {
        return SchemaBuilder.int32().name(LOGICAL_NAME).version(1);
    }

    public static final Schema SCHEMA = builder().schema();

    public static int fromLogical(Schema schema, java.util.Date value) {
        if (!LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Time object but the schema does not match.");
        }
        long millis = value.getTime();
        if (millis < 0 || millis >= MILLIS_PER_DAY) {
            throw new DataException("Kafka Connect Time type should not have any date fields set to non-zero values.");
        }
        return (int) millis;
    }

    public static java.util.Date toLogical(Schema schema, int value) {
        if (!LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Date object but the schema does not match.");
        }
        if (value < 0 || value > MILLIS_PER_DAY) {
            throw new DataException("Time values must use number of milliseconds greater than 0 and less than 86400000");
        }
        return new java.util.Date(value);
    }
}
