package org.apache.kafka.connect.data;

import org.apache.kafka.connect.errors.DataException;

import java.nio.ByteBuffer;
import java.text.SimpleDateFormat;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Stand-in for a subset of Kafka's Values: converting a Connect value to a string (as Kafka's
 * SimpleHeaderConverter and inlet's --format value do) and to the numeric/boolean types, and
 * inferring a schema. Kafka's full parser (parseString) is left out.
 */
public class Values {
    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    public static String convertToString(Schema schema, Object value) {
        if (value == null) return null;
        StringBuilder sb = new StringBuilder();
        append(sb, value, false);
        return sb.toString();
    }

    public static Boolean convertToBoolean(Schema schema, Object value) throws DataException {
        if (value == null) return null;
        if (value instanceof Boolean) return (Boolean) value;
        if (value instanceof String) {
            String s = ((String) value).trim();
            if (s.equalsIgnoreCase("true")) return true;
            if (s.equalsIgnoreCase("false")) return false;
        }
        if (value instanceof Number) return ((Number) value).longValue() != 0L;
        throw new DataException("Unable to convert " + value + " (" + value.getClass() + ") to BOOLEAN");
    }

    public static Integer convertToInteger(Schema schema, Object value) throws DataException {
        Number n = asNumber(value, "INT32");
        return n == null ? null : n.intValue();
    }

    public static Long convertToLong(Schema schema, Object value) throws DataException {
        Number n = asNumber(value, "INT64");
        return n == null ? null : n.longValue();
    }

    public static Double convertToDouble(Schema schema, Object value) throws DataException {
        Number n = asNumber(value, "FLOAT64");
        return n == null ? null : n.doubleValue();
    }

    /** The schema of a schemaless Java value, or null when it cannot be inferred (empty or mixed collections). */
    public static Schema inferSchema(Object value) {
        if (value instanceof String) return Schema.STRING_SCHEMA;
        if (value instanceof Boolean) return Schema.BOOLEAN_SCHEMA;
        if (value instanceof Byte) return Schema.INT8_SCHEMA;
        if (value instanceof Short) return Schema.INT16_SCHEMA;
        if (value instanceof Integer) return Schema.INT32_SCHEMA;
        if (value instanceof Long) return Schema.INT64_SCHEMA;
        if (value instanceof Float) return Schema.FLOAT32_SCHEMA;
        if (value instanceof Double) return Schema.FLOAT64_SCHEMA;
        if (value instanceof byte[] || value instanceof ByteBuffer) return Schema.BYTES_SCHEMA;
        if (value instanceof Struct) return ((Struct) value).schema();
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) return null;
            Schema element = null;
            for (Object item : list) {
                Schema s = inferSchema(item);
                if (s == null || (element != null && !element.equals(s))) return null;
                element = s;
            }
            return SchemaBuilder.array(element).build();
        }
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) return null;
            Schema keySchema = null;
            Schema valueSchema = null;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Schema k = inferSchema(e.getKey());
                Schema v = inferSchema(e.getValue());
                if (k == null || v == null) return null;
                if ((keySchema != null && !keySchema.equals(k)) || (valueSchema != null && !valueSchema.equals(v))) return null;
                keySchema = k;
                valueSchema = v;
            }
            return SchemaBuilder.map(keySchema, valueSchema).build();
        }
        return null;
    }

    private static Number asNumber(Object value, String type) {
        if (value == null) return null;
        if (value instanceof Number) return (Number) value;
        if (value instanceof Boolean) return (Boolean) value ? 1 : 0;
        if (value instanceof String) {
            try {
                return new java.math.BigDecimal(((String) value).trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new DataException("Unable to convert " + value + " (" + value.getClass() + ") to " + type);
    }

    private static void append(StringBuilder sb, Object value, boolean embedded) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof String) {
            appendText(sb, (String) value, embedded);
        } else if (value instanceof byte[]) {
            appendText(sb, Base64.getEncoder().encodeToString((byte[]) value), embedded);
        } else if (value instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            appendText(sb, Base64.getEncoder().encodeToString(bytes), embedded);
        } else if (value instanceof List) {
            sb.append('[');
            appendAll(sb, ((List<?>) value).iterator());
            sb.append(']');
        } else if (value instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) sb.append(',');
                first = false;
                append(sb, e.getKey(), true);
                sb.append(':');
                append(sb, e.getValue(), true);
            }
            sb.append('}');
        } else if (value instanceof Struct) {
            Struct struct = (Struct) value;
            sb.append('{');
            boolean first = true;
            for (Field field : struct.schema().fields()) {
                if (!first) sb.append(',');
                first = false;
                append(sb, field.name(), true);
                sb.append(':');
                append(sb, struct.get(field), true);
            }
            sb.append('}');
        } else if (value instanceof java.util.Date) {
            java.util.Date date = (java.util.Date) value;
            // As Kafka's Values.dateFormatFor: the pattern chosen from the millis, the JVM's default
            // time zone (Kafka does not set one, despite the 'Z').
            String pattern = date.getTime() < MILLIS_PER_DAY ? "HH:mm:ss.SSS'Z'"
                : date.getTime() % MILLIS_PER_DAY == 0 ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
            sb.append(new SimpleDateFormat(pattern).format(date));
        } else {
            throw new DataException("Unable to convert " + value + " (" + value.getClass() + ") to string");
        }
    }

    private static void appendText(StringBuilder sb, String text, boolean embedded) {
        if (!embedded) {
            sb.append(text);
            return;
        }
        sb.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }

    private static void appendAll(StringBuilder sb, Iterator<?> it) {
        boolean first = true;
        while (it.hasNext()) {
            if (!first) sb.append(',');
            first = false;
            append(sb, it.next(), true);
        }
    }
}
