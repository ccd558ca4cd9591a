package org.apache.kafka.connect.header;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Stand-in: the Headers implementation records use; every added value is checked against its schema. */
public class ConnectHeaders implements Headers {
    private LinkedList<Header> headers;

    public ConnectHeaders() {
    }

    public ConnectHeaders(Iterable<Header> original) {
        if (original == null) return;
        if (original instanceof ConnectHeaders) {
            ConnectHeaders other = (ConnectHeaders) original;
            if (other.headers != null && !other.headers.isEmpty()) headers = new LinkedList<>(other.headers);
        } else {
            headers = new LinkedList<>();
            for (Header h : original) headers.add(h);
        }
    }

    @Override
    public int size() {
        return headers == null ? 0 : headers.size();
    }

    @Override
    public boolean isEmpty() {
        return headers == null || headers.isEmpty();
    }

    @Override
    public Headers clear() {
        if (headers != null) headers.clear();
        return this;
    }

    @Override
    public Headers add(Header header) {
        Objects.requireNonNull(header, "Unable to add a null header.");
        if (headers == null) headers = new LinkedList<>();
        headers.add(header);
        return this;
    }

    @Override
    public Headers add(String key, SchemaAndValue schemaAndValue) {
        checkSchemaMatches(schemaAndValue);
        return add(new ConnectHeader(key, schemaAndValue != null ? schemaAndValue : SchemaAndValue.NULL));
    }

    @Override
    public Headers add(String key, Object value, Schema schema) {
        return add(key, value != null || schema != null ? new SchemaAndValue(schema, value) : SchemaAndValue.NULL);
    }

    @Override
    public Headers addString(String key, String value) {
        return add(key, value, value != null ? Schema.STRING_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA);
    }

    @Override
    public Headers addBytes(String key, byte[] value) {
        return add(key, value, value != null ? Schema.BYTES_SCHEMA : Schema.OPTIONAL_BYTES_SCHEMA);
    }

    @Override
    public Headers addBoolean(String key, boolean value) {
        return add(key, value, Schema.BOOLEAN_SCHEMA);
    }

    @Override
    public Headers addByte(String key, byte value) {
        return add(key, value, Schema.INT8_SCHEMA);
    }

    @Override
    public Headers addShort(String key, short value) {
        return add(key, value, Schema.INT16_SCHEMA);
    }

    @Override
    public Headers addInt(String key, int value) {
        return add(key, value, Schema.INT32_SCHEMA);
    }

    @Override
    public Headers addLong(String key, long value) {
        return add(key, value, Schema.INT64_SCHEMA);
    }

    @Override
    public Headers addFloat(String key, float value) {
        return add(key, value, Schema.FLOAT32_SCHEMA);
    }

    @Override
    public Headers addDouble(String key, double value) {
        return add(key, value, Schema.FLOAT64_SCHEMA);
    }

    @Override
    public Headers addList(String key, List<?> value, Schema schema) {
        if (value == null) return add(key, null, null);
        checkSchemaType(schema, Schema.Type.ARRAY);
        return add(key, value, schema);
    }

    @Override
    public Headers addMap(String key, Map<?, ?> value, Schema schema) {
        if (value == null) return add(key, null, null);
        checkSchemaType(schema, Schema.Type.MAP);
        return add(key, value, schema);
    }

    @Override
    public Headers addStruct(String key, Struct value) {
        return add(key, value, value.schema());
    }

    @Override
    public Headers addDecimal(String key, BigDecimal value) {
        if (value == null) return add(key, null, null);
        return add(key, value, Decimal.schema(value.scale()));
    }

    @Override
    public Headers addDate(String key, java.util.Date value) {
        return add(key, value, Date.SCHEMA);
    }

    @Override
    public Headers addTime(String key, java.util.Date value) {
        return add(key, value, Time.SCHEMA);
    }

    @Override
    public Headers addTimestamp(String key, java.util.Date value) {
        return add(key, value, Timestamp.SCHEMA);
    }

    @Override
    public Header lastWithName(String key) {
        checkKey(key);
        if (headers == null) return null;
        ListIterator<Header> iter = headers.listIterator(headers.size());
        while (iter.hasPrevious()) {
            Header header = iter.previous();
            if (key.equals(header.key())) return header;
        }
        return null;
    }

    @Override
    public Iterator<Header> allWithName(String key) {
        checkKey(key);
        List<Header> matches = new ArrayList<>();
        if (headers != null) {
            for (Header h : headers) if (key.equals(h.key())) matches.add(h);
        }
        return matches.iterator();
    }

    @Override
    public Iterator<Header> iterator() {
        return headers == null ? Collections.<Header>emptyIterator() : headers.iterator();
    }

    @Override
    public Headers remove(String key) {
        checkKey(key);
        if (headers != null) headers.removeIf(h -> key.equals(h.key()));
        return this;
    }

    @Override
    public Headers retainLatest() {
        if (headers == null) return this;
        Set<String> seen = new HashSet<>();
        ListIterator<Header> iter = headers.listIterator(headers.size());
        while (iter.hasPrevious()) {
            if (!seen.add(iter.previous().key())) iter.remove();
        }
        return this;
    }

    @Override
    public Headers retainLatest(String key) {
        checkKey(key);
        if (headers == null) return this;
        boolean found = false;
        ListIterator<Header> iter = headers.listIterator(headers.size());
        while (iter.hasPrevious()) {
            Header h = iter.previous();
            if (key.equals(h.key())) {
                if (found) iter.remove();
                found = true;
            }
        }
        return this;
    }

    @Override
    public Headers apply(String key, HeaderTransform transform) {
        checkKey(key);
        if (headers == null) return this;
        ListIterator<Header> iter = headers.listIterator();
        while (iter.hasNext()) {
            Header orig = iter.next();
            if (!orig.key().equals(key)) continue;
            Header updated = transform.apply(orig);
            if (updated != null) iter.set(updated);
            else iter.remove();
        }
        return this;
    }

    @Override
    public Headers apply(HeaderTransform transform) {
        if (headers == null) return this;
        ListIterator<Header> iter = headers.listIterator();
        while (iter.hasNext()) {
            Header updated = transform.apply(iter.next());
            if (updated != null) iter.set(updated);
            else iter.remove();
        }
        return this;
    }

    @Override
    public Headers duplicate() {
        return new ConnectHeaders(this);
    }

    @Override
    public int hashCode() {
        return isEmpty() ? 0 : headers.hashCode();
    }

    @Override
    public boolean equals(Object obj) {
        if (obj == this) return true;
        if (!(obj instanceof Headers)) return false;
        Iterator<Header> a = iterator();
        Iterator<Header> b = ((Headers) obj).iterator();
        while (a.hasNext() && b.hasNext()) {
            if (!Objects.equals(a.next(), b.next())) return false;
        }
        return !a.hasNext() && !b.hasNext();
    }

    @Override
    public String toString() {
        return "ConnectHeaders(headers=" + (headers != null ? headers : "") + ")";
    }

    private void checkKey(String key) {
        Objects.requireNonNull(key, "Header key cannot be null");
    }

    private void checkSchemaType(Schema schema, Schema.Type type) {
        if (schema.type() != type) throw new DataException("Expecting " + type + " but instead found " + schema.type());
    }

    private void checkSchemaMatches(SchemaAndValue schemaAndValue) {
        if (schemaAndValue == null) return;
        Schema schema = schemaAndValue.schema();
        if (schema == null) return;
        ConnectSchema.validateValue(schema.schema(), schemaAndValue.value());
    }
}
