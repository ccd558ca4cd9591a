package org.apache.kafka.connect.header;

import org.apache.kafka.connect.data.Schema;

import java.util.Objects;

/** Stand-in: an immutable Header. */
public class ConnectHeader implements Header {
    private final String key;
    private final Schema schema;
    private final Object value;

    public ConnectHeader(String key, org.apache.kafka.connect.data.SchemaAndValue schemaAndValue) {
        Objects.requireNonNull(key, "Null header keys are not permitted");
        this.key = key;
        this.schema = schemaAndValue == null ? null : schemaAndValue.schema();
        this.value = schemaAndValue == null ? null : schemaAndValue.value();
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Object value() {
        return value;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Header rename(String key) {
        Objects.requireNonNull(key, "Null header keys are not permitted");
        if (this.key.equals(key)) return this;
        return new ConnectHeader(key, new org.apache.kafka.connect.data.SchemaAndValue(schema, value));
    }

    @Override
    public Header with(Schema schema, Object value) {
        return new ConnectHeader(key, new org.apache.kafka.connect.data.SchemaAndValue(schema, value));
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, schema, value);
    }

    @Override
    public boolean equals(Object obj) {
        if (obj == this) return true;
        if (!(obj instanceof Header)) return false;
        Header that = (Header) obj;
        return Objects.equals(key, that.key()) && Objects.equals(schema, that.schema()) && Objects.equals(value, that.value());
    }

    @Override
    public String toString() {
        return "ConnectHeader(key=" + key + ", value=" + value + ", schema=" + schema + ")";
    }
}
