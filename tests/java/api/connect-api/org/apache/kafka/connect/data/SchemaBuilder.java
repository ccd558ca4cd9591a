package org.apache.kafka.connect.data;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.SchemaBuilderException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-in: builds a Schema step by step; each property may be set once. A SchemaBuilder is itself
 * a Schema (so a struct field may use one), and build() freezes it into a ConnectSchema.
 */
public class SchemaBuilder implements Schema {
    private final Type type;
    private Boolean optional = null;
    private Object defaultValue = null;
    private Map<String, Field> fields = null;
    private Schema keySchema = null;
    private Schema valueSchema = null;
    private String name;
    private Integer version;
    private String doc;
    private Map<String, String> parameters;

    public SchemaBuilder(Type type) {
        if (type == null) throw new SchemaBuilderException("type cannot be null");
        this.type = type;
        if (type == Type.STRUCT) fields = new LinkedHashMap<>();
    }

    @Override
    public boolean isOptional() {
        return optional != null && optional;
    }

    public SchemaBuilder optional() {
        checkCanSet("optional", optional, true);
        optional = true;
        return this;
    }

    public SchemaBuilder required() {
        checkCanSet("optional", optional, false);
        optional = false;
        return this;
    }

    @Override
    public Object defaultValue() {
        return defaultValue;
    }

    public SchemaBuilder defaultValue(Object value) {
        checkCanSet("default", defaultValue, value);
        try {
            ConnectSchema.validateValue(this, value);
        } catch (DataException e) {
            throw new SchemaBuilderException("Invalid default value", e);
        }
        defaultValue = value;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    public SchemaBuilder name(String name) {
        checkCanSet("name", this.name, name);
        this.name = name;
        return this;
    }

    @Override
    public Integer version() {
        return version;
    }

    public SchemaBuilder version(Integer version) {
        checkCanSet("version", this.version, version);
        this.version = version;
        return this;
    }

    @Override
    public String doc() {
        return doc;
    }

    public SchemaBuilder doc(String doc) {
        checkCanSet("doc", this.doc, doc);
        this.doc = doc;
        return this;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters == null ? null : Collections.unmodifiableMap(parameters);
    }

    public SchemaBuilder parameter(String propertyName, String propertyValue) {
        if (parameters == null) parameters = new LinkedHashMap<>();
        parameters.put(propertyName, propertyValue);
        return this;
    }

    public SchemaBuilder parameters(Map<String, String> props) {
        if (parameters == null) parameters = new LinkedHashMap<>();
        parameters.putAll(props);
        return this;
    }

    @Override
    public Type type() {
        return type;
    }

    public static SchemaBuilder type(Type type) {
        return new SchemaBuilder(type);
    }

    public static SchemaBuilder int8() {
        return new SchemaBuilder(Type.INT8);
    }

    public static SchemaBuilder int16() {
        return new SchemaBuilder(Type.INT16);
    }

    public static SchemaBuilder int32() {
        return new SchemaBuilder(Type.INT32);
    }

    public static SchemaBuilder int64() {
        return new SchemaBuilder(Type.INT64);
    }

    public static SchemaBuilder float32() {
        return new SchemaBuilder(Type.FLOAT32);
    }

    public static SchemaBuilder float64() {
        return new SchemaBuilder(Type.FLOAT64);
    }

    public static SchemaBuilder bool() {
        return new SchemaBuilder(Type.BOOLEAN);
    }

    public static SchemaBuilder string() {
        return new SchemaBuilder(Type.STRING);
    }

    public static SchemaBuilder bytes() {
        return new SchemaBuilder(Type.BYTES);
    }

    public static SchemaBuilder struct() {
        return new SchemaBuilder(Type.STRUCT);
    }

    public SchemaBuilder field(String fieldName, Schema fieldSchema) {
        if (type != Type.STRUCT) throw new SchemaBuilderException("Cannot create fields on type " + type);
        if (fieldName == null || fieldName.isEmpty()) throw new SchemaBuilderException("fieldName cannot be null.");
        if (fieldSchema == null) throw new SchemaBuilderException("fieldSchema for field " + fieldName + " cannot be null.");
        if (fields.containsKey(fieldName)) {
            throw new SchemaBuilderException("Cannot create field because of field name duplication " + fieldName);
        }
        fields.put(fieldName, new Field(fieldName, fields.size(), fieldSchema));
        return this;
    }

    @Override
    public List<Field> fields() {
        if (type != Type.STRUCT) throw new DataException("Cannot list fields on non-struct type");
        return new ArrayList<>(fields.values());
    }

    @Override
    public Field field(String fieldName) {
        if (type != Type.STRUCT) throw new DataException("Cannot look up fields on non-struct type");
        return fields.get(fieldName);
    }

    public static SchemaBuilder array(Schema valueSchema) {
        if (valueSchema == null) throw new SchemaBuilderException("valueSchema cannot be null.");
        SchemaBuilder builder = new SchemaBuilder(Type.ARRAY);
        builder.valueSchema = valueSchema;
        return builder;
    }

    public static SchemaBuilder map(Schema keySchema, Schema valueSchema) {
        if (keySchema == null) throw new SchemaBuilderException("keySchema cannot be null.");
        if (valueSchema == null) throw new SchemaBuilderException("valueSchema cannot be null.");
        SchemaBuilder builder = new SchemaBuilder(Type.MAP);
        builder.keySchema = keySchema;
        builder.valueSchema = valueSchema;
        return builder;
    }

    @Override
    public Schema keySchema() {
        return keySchema;
    }

    @Override
    public Schema valueSchema() {
        return valueSchema;
    }

    public Schema build() {
        return new ConnectSchema(type, isOptional(), defaultValue, name, version, doc,
            parameters == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(parameters)),
            fields == null ? null : Collections.unmodifiableList(new ArrayList<>(fields.values())),
            keySchema, valueSchema);
    }

    @Override
    public Schema schema() {
        return build();
    }

    private static void checkCanSet(String fieldName, Object fieldVal, Object val) {
        if (fieldVal != null && fieldVal != val) {
            throw new SchemaBuilderException("Invalid SchemaBuilder call: " + fieldName + " has already been set.");
        }
    }
}
