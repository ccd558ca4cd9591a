package org.apache.kafka.connect.header;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Stand-in: a record's ordered, mutable headers; a key may repeat. */
public interface Headers extends Iterable<Header> {
    int size();

    boolean isEmpty();

    Iterator<Header> allWithName(String key);

    Header lastWithName(String key);

    Headers add(Header header);

    Headers add(String key, SchemaAndValue schemaAndValue);

    Headers add(String key, Object value, Schema schema);

    Headers addString(String key, String value);

    Headers addBoolean(String key, boolean value);

    Headers addByte(String key, byte value);

    Headers addShort(String key, short value);

    Headers addInt(String key, int value);

    Headers addLong(String key, long value);

    Headers addFloat(String key, float value);

    Headers addDouble(String key, double value);

    Headers addBytes(String key, byte[] value);

    Headers addList(String key, List<?> value, Schema schema);

    Headers addMap(String key, Map<?, ?> value, Schema schema);

    Headers addStruct(String key, Struct value);

    Headers addDecimal(String key, BigDecimal value);

    Headers addDate(String key, java.util.Date value);

    Headers addTime(String key, java.util.Date value);

    Headers addTimestamp(String key, java.util.Date value);

    Headers remove(String key);

    Headers retainLatest(String key);

    Headers retainLatest();

    Headers clear();

    Headers duplicate();

    Headers apply(HeaderTransform transform);

    Headers apply(String key, HeaderTransform transform);

    /** Replaces a header by another, or drops it (null). */
    interface HeaderTransform {
        Header apply(Header header);
    }
}
