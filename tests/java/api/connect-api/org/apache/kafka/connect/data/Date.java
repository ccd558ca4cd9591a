package org.apache.kafka.connect.data;

import org.apache.kafka.connect.errors.DataException;

/** Stand-in: the Date logical type, INT32 days since the Unix epoch (UTC). */
public class Date {
    public static final String LOGICAL_NAME = "org.apache.kafka.connect.data.Date";

    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    public static SchemaBuilder builder() {
        return SchemaBuilder.int32().name(LOGICAL_NAME).version(1);
    }

    public static final Schema SCHEMA = builder().schema();

    public static int fromLogical(Schema schema, java.util.Date value) {
        if (!LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Date object but the schema does not match.");
        }
        long millis = value.getTime();
        if (Math.floorMod(millis, MILLIS_PER_DAY) != 0) {
            throw new DataException("Kafka Connect Date type should not have any time fields set to non-zero values.");
        }
        return (int) Math.floorDiv(millis, MILLIS_PER_DAY);
    }

    public static java.util.Date toLogical(Schema schema, int value) {
        if (!LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Date object but the schema does not match.");
        }
        return new java.util.Date(value * MILLIS_PER_DAY);
    }
}
