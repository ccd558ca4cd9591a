package org.apache.kafka.connect.data;

import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Stand-in: an immutable Schema (what SchemaBuilder.build() returns), and value validation. */
public class ConnectSchema implements Schema {
    private final Type type;
    private final boolean optional;
    private final Object defaultValue;
    private final List<Field> fields;
    private final Map<String, Field> fieldsByName;
    private final Schema keySchema;
    private final Schema valueSchema;
    private final String name;
    private final Integer version;
    private final String doc;
    private final Map<String, String> parameters;

    public ConnectSchema(Type type, boolean optional, Object defaultValue, String name, Integer version, String doc,
                         Map<String, String> parameters, List<Field> fields, Schema keySchema, Schema valueSchema) {
        this.type = type;
        this.optional = optional;
        this.defaultValue = defaultValue;
        this.name = name;
        this.version = version;
        this.doc = doc;
        this.parameters = parameters;
        if (this.type == Type.STRUCT) {
            this.fields = fields == null ? Collections.<Field>emptyList() : fields;
            this.fieldsByName = new LinkedHashMap<>();
            for (Field field : this.fields) fieldsByName.put(field.name(), field);
        } else {
            this.fields = null;
            this.fieldsByName = null;
        }
        this.keySchema = keySchema;
        this.valueSchema = valueSchema;
    }

    public ConnectSchema(Type type, boolean optional, Object defaultValue, String name, Integer version, String doc) {
        this(type, optional, defaultValue, name, version, doc, null, null, null, null);
    }

    public ConnectSchema(Type type) {
        this(type, false, null, null, null, null);
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public boolean isOptional() {
        return optional;
    }

    @Override
    public Object defaultValue() {
        return defaultValue;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Integer version() {
        return version;
    }

    @Override
    public String doc() {
        return doc;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public List<Field> fields() {
        if (type != Type.STRUCT) throw new DataException("Cannot list fields on non-struct type");
        return fields;
    }

    @Override
    public Field field(String fieldName) {
        if (type != Type.STRUCT) throw new DataException("Cannot look up fields on non-struct type");
        return fieldsByName.get(fieldName);
    }

    @Override
    public Schema keySchema() {
        if (type != Type.MAP) throw new DataException("Cannot look up key schema on non-map type");
        return keySchema;
    }

    @Override
    public Schema valueSchema() {
        if (type != Type.MAP && type != Type.ARRAY) throw new DataException("Cannot look up value schema on non-array and non-map type");
        return valueSchema;
    }

    @Override
    public Schema schema() {
        return this;
    }

    /** The Java classes a value of this schema may have (logical types first, then the base type). */
    private static List<Class<?>> expectedClassesFor(Schema schema) {
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) return Collections.<Class<?>>singletonList(BigDecimal.class);
        if (Date.LOGICAL_NAME.equals(logical) || Time.LOGICAL_NAME.equals(logical) || Timestamp.LOGICAL_NAME.equals(logical)) {
            return Collections.<Class<?>>singletonList(java.util.Date.class);
        }
        switch (schema.type()) {
            case INT8: return Collections.<Class<?>>singletonList(Byte.class);
            case INT16: return Collections.<Class<?>>singletonList(Short.class);
            case INT32: return Collections.<Class<?>>singletonList(Integer.class);
            case INT64: return Collections.<Class<?>>singletonList(Long.class);
            case FLOAT32: return Collections.<Class<?>>singletonList(Float.class);
            case FLOAT64: return Collections.<Class<?>>singletonList(Double.class);
            case BOOLEAN: return Collections.<Class<?>>singletonList(Boolean.class);
            case STRING: return Collections.<Class<?>>singletonList(String.class);
            case BYTES: return Arrays.<Class<?>>asList(byte[].class, ByteBuffer.class);
            case ARRAY: return Collections.<Class<?>>singletonList(List.class);
            case MAP: return Collections.<Class<?>>singletonList(Map.class);
            case STRUCT: return Collections.<Class<?>>singletonList(Struct.class);
            default: return Collections.emptyList();
        }
    }

    /** Throws DataException unless value is acceptable for schema (null only when optional). */
    public static void validateValue(Schema schema, Object value) {
        validateValue(null, schema, value);
    }

    public static void validateValue(String field, Schema schema, Object value) {
        validateValue(schema, value, field == null ? "value" : "field: \"" + field + "\"");
    }

    private static void validateValue(Schema schema, Object value, String location) {
        if (value == null) {
            if (!schema.isOptional()) {
                throw new DataException("Invalid value: null used for required " + location + ", schema type: " + schema.type());
            }
            return;
        }
        boolean matches = false;
        for (Class<?> expected : expectedClassesFor(schema)) {
            if (expected.isInstance(value)) {
                matches = true;
                break;
            }
        }
        if (!matches) {
            throw new DataException("Invalid Java object for schema" + (schema.name() == null ? "" : " \"" + schema.name() + "\"")
                + " with type " + schema.type() + ": " + value.getClass() + " for " + location);
        }
        switch (schema.type()) {
            case STRUCT: {
                Struct struct = (Struct) value;
                if (!struct.schema().equals(schema)) throw new DataException("Struct schemas do not match.");
                struct.validate();
                break;
            }
            case ARRAY:
                for (Object entry : (List<?>) value) validateValue(schema.valueSchema(), entry, location + " element");
                break;
            case MAP:
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    validateValue(schema.keySchema(), entry.getKey(), location + " key");
                    validateValue(schema.valueSchema(), entry.getValue(), location + " value");
                }
                break;
            default:
                break;
        }
    }

    public void validateValue(Object value) {
        validateValue(this, value);
    }

    /** The schema type of a Java class, or null when it has none. */
    public static Type schemaType(Class<?> klass) {
        if (klass == Byte.class) return Type.INT8;
        if (klass == Short.class) return Type.INT16;
        if (klass == Integer.class) return Type.INT32;
        if (klass == Long.class) return Type.INT64;
        if (klass == Float.class) return Type.FLOAT32;
        if (klass == Double.class) return Type.FLOAT64;
        if (klass == Boolean.class) return Type.BOOLEAN;
        if (klass == String.class) return Type.STRING;
        if (klass == byte[].class || ByteBuffer.class.isAssignableFrom(klass)) return Type.BYTES;
        if (List.class.isAssignableFrom(klass)) return Type.ARRAY;
        if (Map.class.isAssignableFrom(klass)) return Type.MAP;
        if (klass == Struct.class) return Type.STRUCT;
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (o == null || getClass() != o.getClass()) return false;
        ConnectSchema schema = (ConnectSchema) o;
        return optional == schema.optional && type == schema.type && Objects.equals(version, schema.version)
            && Objects.equals(name, schema.name) && Objects.equals(doc, schema.doc)
            && Objects.deepEquals(defaultValue, schema.defaultValue) && Objects.equals(fields, schema.fields)
            && Objects.equals(keySchema, schema.keySchema) && Objects.equals(valueSchema, schema.valueSchema)
            && Objects.equals(parameters, schema.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, optional, defaultValue instanceof byte[] ? Arrays.hashCode((byte[]) defaultValue) : defaultValue,
            fields, keySchema, valueSchema, name, version, doc, parameters);
    }

    @Override
    public String toString() {
        return name != null ? "Schema{" + name + ":" + type + "}" : "Schema{" + type + "}";
    }
}
