package dev.inlet.kafka;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Encodes one poll()'s records into a direct buffer the native side decodes, so a batch crosses
 * JNI once instead of once per field. Little endian. Layout (record_decoder.hpp has the reader):
 *
 *   buffer  := i32 bytes, i32 records, item*
 *   item    := 1 schema | 2 record
 *   schema  := i32 id, u8 type, u8 optional, str name, i32 version (-1: none), str doc,
 *              str parameters-json, i32 key-id, i32 value-id, i32 n, (str field-name, i32 id)*n,
 *              u8 has-default, value default (when has-default is 1)
 *   record  := cstr topic, i32 kafka-partition (-1: none), cstr partition-json,
 *              cstr offset-json, i32 key-schema-id, value key, i32 value-schema-id, value value,
 *              i64 timestamp (Long.MIN_VALUE: none), i32 n, (cstr key, i32 schema-id, value)*n
 *   value   := u8 type (inlet_type), then INT8..INT64 i64 | FLOAT32/64 f64 | BOOLEAN u8 |
 *              STRING/BYTES i32 n + n bytes | ARRAY/STRUCT i32 n + value*n | MAP i32 n + 2n value
 *   str     := i32 n (-1: null) + n bytes of UTF-8
 *   cstr    := i32 n (-1: null; -2: the same text as the previous record's in this buffer, for
 *              topic and partition) + n bytes of UTF-8 + a 0 byte, so the native side hands
 *              the host a pointer into the buffer (a C string) instead of a copy
 *
 * A schema is sent once per task (ids are per task, -1 means schemaless) before the first record
 * that uses it; the native side keeps it until the task stops. Logical values are sent in their
 * Connect wire form: Decimal as the unscaled two's-complement bytes, Date as days, Time as
 * milliseconds of the day, Timestamp as epoch milliseconds.
 */
final class RecordEncoder {
    static final byte NULL = 0, INT8 = 1, INT16 = 2, INT32 = 3, INT64 = 4, FLOAT32 = 5,
            FLOAT64 = 6, BOOLEAN = 7, STRING = 8, BYTES = 9, ARRAY = 10, MAP = 11, STRUCT = 12;
    static final String DECIMAL = "org.apache.kafka.connect.data.Decimal";
    static final String DATE = "org.apache.kafka.connect.data.Date";
    static final String TIME = "org.apache.kafka.connect.data.Time";
    static final String TIMESTAMP = "org.apache.kafka.connect.data.Timestamp";
    static final long MS_PER_DAY = 24L * 60 * 60 * 1000;

    // Two direct buffers, filled in turn: the native side lends the host a poll's top-level keys
    // and values straight from its buffer (INLET_RECORD_BORROWED), which must stay unchanged
    // until the task's next poll() returns. finish() fills a buffer during the host's poll, so
    // one is refilled only by the poll after the one that follows its last record's emission:
    // by then the host has written them. Both stay referenced here, so neither is freed while
    // the host may read it. Allocated when first filled and grown (doubled) as batches need: a
    // task with small batches costs little native memory until the GC frees it.
    private final ByteBuffer[] buffers;
    private int turn;
    // The batch being written. Its first records may be written on the poll thread and the
    // rest on the host's (TaskHandle), one after the other, never at once.
    private final Out buf = new Out();
    // Schemas by identity first (the usual: one static Schema object), then by equality (a
    // connector that builds an equal schema per record still sends it once).
    private final IdentityHashMap<Schema, Integer> byIdentity = new IdentityHashMap<>();
    private final HashMap<Schema, Integer> byValue = new HashMap<>();
    private int nextId = 0;
    // The last record's partition (by identity: a connector usually reuses one Map) and topic,
    // and whether they are in this buffer already (then a record says "the same", -2).
    private Map<?, ?> lastPartition;
    private String lastPartitionJson;
    private byte[] lastPartitionBytes;
    private String lastTopic;
    private boolean partitionSent, topicSent;
    // The last offset key written by the fast path, and its JSON start ({"key":).
    private String lastOffsetKey;
    private byte[] lastOffsetKeyBytes;
    private final byte[] digits = new byte[20];
    // The last record's key and value schemas and their ids (ids are the task's for good).
    private Schema lastKeySchema, lastValueSchema;
    private int lastKeyId = -1, lastValueId = -1;

    RecordEncoder() {
        buffers = new ByteBuffer[2];
    }

    void begin() {
        buf.clear();
        buf.putInt(0).putInt(0);
        partitionSent = topicSent = false;
    }

    /** The batch, copied into the next direct buffer (grown when it is too small). */
    ByteBuffer finish(int records) {
        turn ^= 1;
        int size = buf.position();
        buf.putInt(0, size);
        buf.putInt(4, records);
        ByteBuffer d = buffers[turn];
        if (d == null || d.capacity() < size) {
            int cap = d == null ? 1 << 16 : d.capacity();
            while (cap < size) cap *= 2;
            d = buffers[turn] = ByteBuffer.allocateDirect(cap).order(ByteOrder.LITTLE_ENDIAN);
        }
        d.clear();
        d.put(buf.bytes, 0, size);
        return d;
    }

    private void ensure(int more) {
        buf.ensure(more);
    }

    /**
     * A batch being written, in a heap array: a direct buffer's put checks its memory session
     * and computes an address on every call, an array's is a bounds check and a store. The batch
     * is copied into the direct buffer once, at finish(). Little endian, as the native side reads.
     */
    static final class Out {
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = new byte[1 << 16];
        private int pos;

        void ensure(int more) {
            if (bytes.length - pos >= more) return;
            int cap = bytes.length;
            while (cap - pos < more) cap *= 2;
            bytes = Arrays.copyOf(bytes, cap);
        }
        void clear() { pos = 0; }
        int position() { return pos; }
        Out put(byte b) {
            bytes[pos++] = b;
            return this;
        }
        Out put(byte[] b) {
            System.arraycopy(b, 0, bytes, pos, b.length);
            pos += b.length;
            return this;
        }
        Out put(byte[] b, int off, int len) {
            System.arraycopy(b, off, bytes, pos, len);
            pos += len;
            return this;
        }
        Out putInt(int v) {
            INT.set(bytes, pos, v);
            pos += 4;
            return this;
        }
        void putInt(int at, int v) { INT.set(bytes, at, v); }
        Out putLong(long v) {
            LONG.set(bytes, pos, v);
            pos += 8;
            return this;
        }
        Out putDouble(double v) { return putLong(Double.doubleToRawLongBits(v)); }
    }

    // The JDK's UTF-8 encoder and one bulk copy: for the usual compact (Latin-1) ASCII string
    // that is an array copy, where a put per char costs a bounds check each.
    private void putString(String s) {
        if (s == null) {
            ensure(4);
            buf.putInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + b.length);
        buf.putInt(b.length).put(b);
    }

    private void putCString(byte[] b) {
        ensure(5 + b.length);
        buf.putInt(b.length).put(b).put((byte) 0);
    }

    private void putCString(String s) {
        if (s == null) {
            ensure(4);
            buf.putInt(-1);
            return;
        }
        putCString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An offset as Json.write spells it, written straight into the buffer when it is the usual
     * one key with an integer ({"position":1234}); any other shape goes through Json.write.
     */
    private void putOffset(Map<String, ?> offset) {
        if (offset == null) {
            ensure(4);
            buf.putInt(-1);
            return;
        }
        if (offset.size() == 1) {
            // The same key as the last record's (the usual): a get, no entry set nor iterator.
            Object key = lastOffsetKey;
            Object v = key == null ? null : offset.get(key);
            if (v == null) {
                Map.Entry<String, ?> e = offset.entrySet().iterator().next();
                v = e.getValue();
                key = e.getKey();
            }
            if (key instanceof String && (v instanceof Long || v instanceof Integer || v instanceof Short
                    || v instanceof Byte) && ((Number) v).longValue() != Long.MIN_VALUE) {
                if (key != lastOffsetKey) {
                    StringBuilder start = new StringBuilder().append('{');
                    Json.string(start, (String) key);
                    lastOffsetKeyBytes = start.append(':').toString().getBytes(StandardCharsets.UTF_8);
                    lastOffsetKey = (String) key;
                }
                ensure(4 + lastOffsetKeyBytes.length + 22);
                int lenAt = buf.position();
                buf.putInt(0).put(lastOffsetKeyBytes);
                putDecimal(((Number) v).longValue());
                buf.put((byte) '}');
                buf.putInt(lenAt, buf.position() - lenAt - 4);
                buf.put((byte) 0);
                return;
            }
        }
        putCString(Json.write(offset));
    }

    private void putDecimal(long v) { // v > Long.MIN_VALUE
        if (v < 0) {
            buf.put((byte) '-');
            v = -v;
        }
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        buf.put(digits, at, digits.length - at);
    }

    private void putBytes(byte[] b) {
        ensure(4 + b.length);
        buf.putInt(b.length);
        buf.put(b);
    }

    int schemaId(Schema s) {
        if (s == null) return -1;
        Integer id = byIdentity.get(s);
        if (id != null) return id;
        id = byValue.get(s);
        if (id == null) {
            int key = schemaId(s.type() == Schema.Type.MAP ? s.keySchema() : null);
            int value = schemaId(s.type() == Schema.Type.MAP || s.type() == Schema.Type.ARRAY
                    ? s.valueSchema() : null);
            List<Field> fields = s.type() == Schema.Type.STRUCT ? s.fields() : List.of();
            int[] fieldIds = new int[fields.size()];
            for (int i = 0; i < fieldIds.length; i++) fieldIds[i] = schemaId(fields.get(i).schema());
            id = nextId++;
            ensure(16);
            buf.put((byte) 1).putInt(id).put(typeOf(s.type())).put((byte) (s.isOptional() ? 1 : 0));
            putString(s.name());
            ensure(4);
            buf.putInt(s.version() == null ? -1 : s.version());
            putString(s.doc());
            Map<String, String> params = s.parameters();
            putString(params == null || params.isEmpty() ? null : Json.write(params));
            ensure(12);
            buf.putInt(key).putInt(value).putInt(fields.size());
            for (int i = 0; i < fieldIds.length; i++) {
                putString(fields.get(i).name());
                ensure(4);
                buf.putInt(fieldIds[i]);
            }
            ensure(1);
            buf.put((byte) (s.defaultValue() == null ? 0 : 1));
            if (s.defaultValue() != null) value(s, s.defaultValue());
            byValue.put(s, id);
        }
        if (byIdentity.size() > 4096) byIdentity.clear(); // bounded: per-record schema objects
        byIdentity.put(s, id);
        return id;
    }

    static byte typeOf(Schema.Type t) {
        switch (t) {
            case INT8: return INT8;
            case INT16: return INT16;
            case INT32: return INT32;
            case INT64: return INT64;
            case FLOAT32: return FLOAT32;
            case FLOAT64: return FLOAT64;
            case BOOLEAN: return BOOLEAN;
            case STRING: return STRING;
            case BYTES: return BYTES;
            case ARRAY: return ARRAY;
            case MAP: return MAP;
            default: return STRUCT;
        }
    }

    /** The JSON of the last encoded record's source partition that was not null (Json.write). */
    String lastPartitionJson() {
        return lastPartitionJson;
    }

    /** Encodes r, defining in this buffer the schemas it uses that the native side lacks. */
    void record(SourceRecord r) {
        Schema ks = r.keySchema(), vs = r.valueSchema();
        // Most connectors give every record the same schema objects: asked once, not per record.
        if (ks != lastKeySchema || ks == null) {
            lastKeySchema = ks;
            lastKeyId = schemaId(ks);
        }
        if (vs != lastValueSchema || vs == null) {
            lastValueSchema = vs;
            lastValueId = schemaId(vs);
        }
        int keyId = lastKeyId, valueId = lastValueId;
        Headers headers = r.headers();
        if (headers != null && headers.isEmpty()) headers = null;
        int headerCount = 0;
        if (headers != null) for (Header h : headers) { schemaId(h.schema()); headerCount++; }

        ensure(1);
        buf.put((byte) 2);
        String topic = r.topic();
        if (topic != null && topic == lastTopic && topicSent) {
            ensure(4);
            buf.putInt(-2);
        } else {
            putCString(topic);
            lastTopic = topic;
            topicSent = topic != null;
        }
        ensure(4);
        buf.putInt(r.kafkaPartition() == null ? -1 : r.kafkaPartition());
        Map<String, ?> partition = r.sourcePartition();
        if (partition == null) {
            ensure(4);
            buf.putInt(-1);
        } else if (partition == lastPartition && partitionSent) {
            ensure(4);
            buf.putInt(-2);
        } else {
            if (partition != lastPartition) {
                lastPartition = partition;
                lastPartitionJson = Json.write(partition);
                lastPartitionBytes = lastPartitionJson.getBytes(StandardCharsets.UTF_8);
            }
            putCString(lastPartitionBytes);
            partitionSent = true;
        }
        putOffset(r.sourceOffset());
        ensure(4);
        buf.putInt(keyId);
        topValue(keyPlan, ks, r.key());
        ensure(4);
        buf.putInt(valueId);
        topValue(valuePlan, vs, r.value());
        ensure(12);
        buf.putLong(r.timestamp() == null ? Long.MIN_VALUE : r.timestamp());
        buf.putInt(headerCount);
        if (headers != null) {
            for (Header h : headers) {
                putCString(h.key());
                ensure(4);
                buf.putInt(schemaId(h.schema()));
                value(h.schema(), h.value());
            }
        }
    }

    private void tagged(byte type, long v) {
        ensure(9);
        buf.put(type).putLong(v);
    }

    /**
     * How to write the values of one schema, worked out once per schema object instead of per
     * value: its type's tag, what to do (KIND_*), its default, and its items' plans.
     */
    private static final class Plan {
        final byte tag, kind;
        final Object fallback; // the schema's default, written for a null (as JsonConverter)
        final Field[] fields;  // STRUCT
        final Plan[] items;    // STRUCT: the fields'; ARRAY: {items}; MAP: {keys, values}
        Plan(byte tag, byte kind, Object fallback, Field[] fields, Plan[] items) {
            this.tag = tag;
            this.kind = kind;
            this.fallback = fallback;
            this.fields = fields;
            this.items = items;
        }
    }

    private static final byte KIND_INT = 0, KIND_DATE = 1, KIND_TIME = 2, KIND_FLOAT = 3,
            KIND_BOOLEAN = 4, KIND_STRING = 5, KIND_BYTES = 6, KIND_ARRAY = 7, KIND_MAP = 8,
            KIND_STRUCT = 9;
    private final IdentityHashMap<Schema, Plan> plans = new IdentityHashMap<>();
    private final LastPlan keyPlan = new LastPlan(), valuePlan = new LastPlan();

    private Plan plan(Schema s) {
        Plan p = plans.get(s);
        if (p != null) return p;
        String logical = s.name();
        byte kind;
        Field[] fields = null;
        Plan[] items = null;
        switch (s.type()) {
            case INT8: case INT16: case INT32: case INT64:
                kind = DATE.equals(logical) ? KIND_DATE : TIME.equals(logical) ? KIND_TIME : KIND_INT;
                break;
            case FLOAT32: case FLOAT64: kind = KIND_FLOAT; break;
            case BOOLEAN: kind = KIND_BOOLEAN; break;
            case STRING: kind = KIND_STRING; break;
            case BYTES: kind = KIND_BYTES; break;
            case ARRAY:
                kind = KIND_ARRAY;
                items = new Plan[] {plan(s.valueSchema())};
                break;
            case MAP:
                kind = KIND_MAP;
                items = new Plan[] {plan(s.keySchema()), plan(s.valueSchema())};
                break;
            default:
                kind = KIND_STRUCT;
                fields = s.fields().toArray(new Field[0]);
                items = new Plan[fields.length];
                for (int i = 0; i < fields.length; i++) items[i] = plan(fields[i].schema());
        }
        p = new Plan(typeOf(s.type()), kind, s.defaultValue(), fields, items);
        if (plans.size() > 4096) plans.clear(); // bounded: per-record schema objects
        plans.put(s, p);
        return p;
    }

    void value(Schema s, Object v) {
        if (s == null) {
            if (v == null) {
                ensure(1);
                buf.put(NULL);
            } else {
                schemaless(v);
            }
            return;
        }
        planned(plan(s), v);
    }

    /** The plan of the schema asked for last, for a record's key or value (usually one object). */
    private static final class LastPlan {
        Schema schema;
        Plan plan;
    }

    private void topValue(LastPlan last, Schema s, Object v) {
        if (s == null) {
            value((Schema) null, v);
            return;
        }
        if (s != last.schema) {
            last.schema = s;
            last.plan = plan(s);
        }
        planned(last.plan, v);
    }

    private void planned(Plan p, Object v) {
        if (v == null) v = p.fallback;
        if (v == null) {
            ensure(1);
            buf.put(NULL);
            return;
        }
        switch (p.kind) {
            case KIND_INT:
                // The exact boxes first: one call site for every integer schema would otherwise
                // make Number.longValue() a megamorphic (not inlined) call per field.
                if (v instanceof Long) tagged(p.tag, (Long) v);
                else if (v instanceof Integer) tagged(p.tag, (Integer) v);
                else tagged(p.tag, v instanceof java.util.Date ? ((java.util.Date) v).getTime() : ((Number) v).longValue());
                return;
            case KIND_DATE:
                if (v instanceof java.util.Date) tagged(INT32, Math.floorDiv(((java.util.Date) v).getTime(), MS_PER_DAY));
                else tagged(p.tag, ((Number) v).longValue());
                return;
            case KIND_TIME:
                if (v instanceof java.util.Date) tagged(INT32, ((java.util.Date) v).getTime());
                else tagged(p.tag, ((Number) v).longValue());
                return;
            case KIND_FLOAT:
                ensure(9);
                buf.put(p.tag).putDouble(v instanceof Double ? (Double) v
                        : v instanceof Float ? (Float) v : ((Number) v).doubleValue());
                return;
            case KIND_BOOLEAN:
                ensure(2);
                buf.put(BOOLEAN).put((byte) (((Boolean) v) ? 1 : 0));
                return;
            case KIND_STRING:
                ensure(1);
                buf.put(STRING);
                putString(v instanceof String ? (String) v : v.toString());
                return;
            case KIND_BYTES:
                ensure(1);
                buf.put(BYTES);
                if (v instanceof BigDecimal) putBytes(((BigDecimal) v).unscaledValue().toByteArray());
                else putBytes(bytes(v));
                return;
            case KIND_ARRAY: {
                Collection<?> items = (Collection<?>) v;
                Plan item = p.items[0];
                ensure(5);
                buf.put(ARRAY).putInt(items.size());
                for (Object o : items) planned(item, o);
                return;
            }
            case KIND_MAP: {
                Map<?, ?> m = (Map<?, ?>) v;
                Plan keys = p.items[0], values = p.items[1];
                ensure(5);
                buf.put(MAP).putInt(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    planned(keys, e.getKey());
                    planned(values, e.getValue());
                }
                return;
            }
            default: {
                Struct st = (Struct) v;
                Field[] fields = p.fields;
                Plan[] items = p.items;
                ensure(5);
                buf.put(STRUCT).putInt(fields.length);
                for (int i = 0; i < fields.length; i++) planned(items[i], st.get(fields[i]));
            }
        }
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[]) return (byte[]) v;
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    // Schemaless values (Kafka's JsonConverter with schemas.enable=false infers the same).
    private void schemaless(Object v) {
        if (v instanceof String) { ensure(1); buf.put(STRING); putString((String) v); }
        else if (v instanceof Integer) tagged(INT32, (Integer) v);
        else if (v instanceof Long) tagged(INT64, (Long) v);
        else if (v instanceof Short) tagged(INT16, (Short) v);
        else if (v instanceof Byte) tagged(INT8, (Byte) v);
        else if (v instanceof Double || v instanceof Float) { ensure(9); buf.put(v instanceof Float ? FLOAT32 : FLOAT64).putDouble(((Number) v).doubleValue()); }
        else if (v instanceof Boolean) { ensure(2); buf.put(BOOLEAN).put((byte) ((Boolean) v ? 1 : 0)); }
        else if (v instanceof byte[] || v instanceof ByteBuffer) { ensure(1); buf.put(BYTES); putBytes(bytes(v)); }
        else if (v instanceof Collection) {
            Collection<?> items = (Collection<?>) v;
            ensure(5);
            buf.put(ARRAY).putInt(items.size());
            for (Object o : items) schemaless(o);
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            ensure(5);
            buf.put(MAP).putInt(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                value((Schema) null, e.getKey());
                value((Schema) null, e.getValue());
            }
        } else if (v instanceof Struct) { // a Struct carries its own schema
            Struct st = (Struct) v;
            ensure(5);
            buf.put(MAP).putInt(st.schema().fields().size());
            for (Field f : st.schema().fields()) {
                ensure(1);
                buf.put(STRING);
                putString(f.name());
                value(f.schema(), st.get(f));
            }
        } else if (v instanceof java.util.Date) tagged(INT64, ((java.util.Date) v).getTime());
        else { ensure(1); buf.put(STRING); putString(v.toString()); } // BigDecimal and the rest
    }
}
