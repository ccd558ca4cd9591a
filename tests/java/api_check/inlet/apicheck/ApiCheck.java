package inlet.apicheck;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.SchemaBuilderException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.io.File;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The Java-side sanity test of tests/java: the stand-in API behaves as Kafka's does where the
 * bridge and the test connectors rely on it (expected behaviour from Kafka's own tests, named
 * beside each check), and every test connector loads from its plugin folder the way a runtime
 * finds it. usage: ApiCheck PLUGINS_DIR BROKEN_DIR. Prints each failure; exit 1 if any.
 */
public final class ApiCheck {
    private static int failures;

    private ApiCheck() {
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            ++failures;
            System.err.println("FAIL: " + what);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void throwsA(Class<? extends Throwable> type, Body body, String what) {
        try {
            body.run();
            check(false, what + ": no " + type.getSimpleName() + " thrown");
        } catch (Throwable t) {
            if (t instanceof java.lang.reflect.InvocationTargetException) t = t.getCause();
            check(type.isInstance(t), what + ": threw " + t + " instead of " + type.getSimpleName());
        }
    }

    public static void main(String[] args) throws Exception {
        schemas();
        structs();
        logicalTypes();
        configDef();
        headersAndValues();
        plugins(new File(args[0]), new File(args[1]));
        if (failures > 0) {
            System.err.println(failures + " check(s) failed");
            System.exit(1);
        }
        System.out.println("api-check: all checks passed");
    }

    // SchemaBuilderTest (connect/api/src/test/.../data/SchemaBuilderTest.java)
    private static void schemas() {
        Schema s = SchemaBuilder.int32().name("n").version(2).doc("d").parameter("k", "v").optional().defaultValue(5).build();
        check(s.type() == Schema.Type.INT32 && s.isOptional() && s.defaultValue().equals(5) && s.name().equals("n")
            && s.version() == 2 && s.doc().equals("d") && s.parameters().equals(Collections.singletonMap("k", "v")),
            "SchemaBuilder keeps every attribute");
        throwsA(SchemaBuilderException.class, () -> SchemaBuilder.int32().name("a").name("b"), "name set twice");
        throwsA(SchemaBuilderException.class, () -> SchemaBuilder.int32().defaultValue("text"), "default of the wrong type");
        throwsA(SchemaBuilderException.class, () -> SchemaBuilder.int32().field("f", Schema.INT32_SCHEMA), "field on a non-struct");
        throwsA(SchemaBuilderException.class, () -> SchemaBuilder.struct().field("f", Schema.INT32_SCHEMA).field("f", Schema.STRING_SCHEMA),
            "duplicate field");
        throwsA(SchemaBuilderException.class, () -> SchemaBuilder.array(null), "array of null");
        throwsA(DataException.class, () -> Schema.INT32_SCHEMA.fields(), "fields() of a primitive");
        check(SchemaBuilder.struct().field("a", Schema.INT8_SCHEMA).build()
            .equals(SchemaBuilder.struct().field("a", Schema.INT8_SCHEMA).build()), "equal structs schemas are equal");
        check(!Schema.INT8_SCHEMA.equals(Schema.OPTIONAL_INT8_SCHEMA), "optionality is part of equality");
        check(Schema.Type.FLOAT32.getName().equals("float32") && !Schema.Type.MAP.isPrimitive(), "Type names");
    }

    // StructTest (connect/api/src/test/.../data/StructTest.java)
    private static void structs() {
        Schema inner = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
            .field("req", Schema.STRING_SCHEMA)
            .field("opt", Schema.OPTIONAL_INT64_SCHEMA)
            .field("def", SchemaBuilder.int16().defaultValue((short) 3).build())
            .field("inner", inner)
            .field("list", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
            .build();
        Struct st = new Struct(schema);
        throwsA(DataException.class, st::validate, "a required field left unset");
        st.put("req", "r");
        throwsA(DataException.class, st::validate, "a required struct field left unset");
        st.put("inner", new Struct(inner).put("x", 1)).put("list", Arrays.asList(1, 2));
        st.validate();
        check(st.get("def").equals((short) 3) && st.getWithoutDefault("def") == null, "get() falls back to the default");
        check(st.getInt16("def") == null, "typed getters do not apply defaults");
        throwsA(DataException.class, () -> st.put("req", 5), "put of the wrong type");
        throwsA(DataException.class, () -> st.put("missing", 5), "put of an unknown field");
        throwsA(DataException.class, () -> st.getInt32("req"), "typed get of the wrong type");
        throwsA(DataException.class, () -> st.put("list", Arrays.asList(1, "two")), "array element of the wrong type");
        throwsA(DataException.class, () -> st.put("inner", new Struct(SchemaBuilder.struct().field("y", Schema.INT32_SCHEMA).build())
            .put("y", 1)), "a struct of another schema");
        throwsA(DataException.class, () -> new Struct(Schema.INT32_SCHEMA), "a struct of a non-struct schema");
        Struct same = new Struct(schema).put("req", "r").put("inner", new Struct(inner).put("x", 1)).put("list", Arrays.asList(1, 2));
        check(st.equals(same) && st.hashCode() == same.hashCode(), "structs with the same values are equal");
    }

    // DecimalTest, DateTest, TimeTest, TimestampTest (connect/api/src/test/.../data/)
    private static void logicalTypes() {
        Schema dec = Decimal.schema(2);
        byte[] raw = Decimal.fromLogical(dec, new BigDecimal("1.56"));
        check(Arrays.equals(raw, new byte[] {0, -100}), "Decimal 1.56 at scale 2 is 0x009C");
        check(Decimal.toLogical(dec, raw).equals(new BigDecimal("1.56")), "Decimal round trip");
        throwsA(DataException.class, () -> Decimal.fromLogical(dec, new BigDecimal("1.5")), "Decimal of another scale");
        check(Date.fromLogical(Date.SCHEMA, new java.util.Date(10000L * 86400000L)) == 10000, "Date in days");
        throwsA(DataException.class, () -> Date.fromLogical(Date.SCHEMA, new java.util.Date(1)), "Date with a time part");
        check(Time.fromLogical(Time.SCHEMA, new java.util.Date(14400000L)) == 14400000, "Time in millis");
        throwsA(DataException.class, () -> Time.fromLogical(Time.SCHEMA, new java.util.Date(86400000L)), "Time with a date part");
        check(Timestamp.fromLogical(Timestamp.SCHEMA, new java.util.Date(4000000000L)) == 4000000000L, "Timestamp in millis");
        throwsA(DataException.class, () -> Timestamp.fromLogical(Schema.INT64_SCHEMA, new java.util.Date(0)), "Timestamp of a plain schema");
    }

    // ConfigDefTest (clients/src/test/.../config/ConfigDefTest.java)
    private static void configDef() {
        ConfigDef def = new ConfigDef()
            .define("a", ConfigDef.Type.INT, 5, ConfigDef.Range.between(1, 10), ConfigDef.Importance.HIGH, "doc a")
            .define("b", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "doc b")
            .define("c", ConfigDef.Type.LIST, "x, y", ConfigDef.Importance.LOW, "doc c")
            .define("d", ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW, "doc d")
            .define("e", ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.LOW, "doc e")
            .define("f", ConfigDef.Type.LONG, 1L, ConfigDef.Importance.LOW, "doc f");
        Map<String, String> props = new HashMap<>();
        props.put("b", " value ");
        props.put("d", "TRUE");
        props.put("e", "secret");
        Map<String, Object> parsed = def.parse(props);
        check(parsed.get("a").equals(5) && parsed.get("b").equals("value") && parsed.get("c").equals(Arrays.asList("x", "y"))
            && parsed.get("d").equals(true) && parsed.get("e").toString().equals("[hidden]") && parsed.get("f").equals(1L),
            "parse applies types, trimming and defaults");
        throwsA(ConfigException.class, () -> def.parse(Collections.singletonMap("a", "3")), "a missing required key");
        props.put("a", "11");
        throwsA(ConfigException.class, () -> def.parse(props), "a value out of range");
        props.put("a", "x");
        throwsA(ConfigException.class, () -> def.parse(props), "a value that is not a number");
        props.remove("b");
        List<ConfigValue> values = def.validate(props);
        check(values.size() == 6, "validate returns one ConfigValue per key");
        Map<String, ConfigValue> byName = new HashMap<>();
        for (ConfigValue v : values) byName.put(v.name(), v);
        check(byName.get("a").errorMessages().size() == 1 && byName.get("b").errorMessages().size() == 1
            && byName.get("b").errorMessages().get(0).equals("Missing required configuration \"b\" which has no default value.")
            && byName.get("c").errorMessages().isEmpty(), "validate reports each key's errors: " + values);
        check(def.configKeys().get("b").defaultValue == ConfigDef.NO_DEFAULT_VALUE && !def.configKeys().get("b").hasDefault()
            && def.configKeys().get("a").importance == ConfigDef.Importance.HIGH, "ConfigKey fields");
        throwsA(ConfigException.class, () -> def.define("a", ConfigDef.Type.INT, ConfigDef.Importance.LOW, "again"), "a key defined twice");
        AbstractConfig config = new AbstractConfig(def, Collections.singletonMap("b", "v"));
        check(config.getInt("a") == 5 && config.getString("b").equals("v") && config.getList("c").size() == 2, "AbstractConfig getters");
        Config c = new Config(values);
        check(c.configValues() == values, "Config holds its values");
    }

    // ConnectHeadersTest, ValuesTest (connect/api/src/test/.../header/, .../data/)
    private static void headersAndValues() {
        ConnectHeaders h = new ConnectHeaders();
        h.addString("k", "v1").addInt("n", 3).addString("k", "v2");
        check(h.size() == 3 && h.lastWithName("k").value().equals("v2"), "headers keep order and repeats");
        int count = 0;
        for (Iterator<Header> it = h.allWithName("k"); it.hasNext(); it.next()) ++count;
        check(count == 2, "allWithName finds every repeat");
        h.retainLatest();
        check(h.size() == 2, "retainLatest keeps one per key");
        throwsA(DataException.class, () -> h.add("bad", "text", Schema.INT32_SCHEMA), "a header value of the wrong type");
        check(Values.convertToString(Schema.STRING_SCHEMA, "a\"b").equals("a\"b"), "a top-level string is not quoted");
        check(Values.convertToString(null, Arrays.asList(1, "x", true)).equals("[1,\"x\",true]"), "a list as text");
        check(Values.convertToString(Schema.INT64_SCHEMA, 42L).equals("42"), "a number as text");
        check(Values.inferSchema(Arrays.asList(1, 2)).type() == Schema.Type.ARRAY, "inferSchema of a list");
    }

    /** Loads each plugin folder in its own class loader, as a runtime does. */
    private static void plugins(File pluginsDir, File brokenDir) throws Exception {
        Map<String, String> expected = new HashMap<>();
        expected.put("linefile", "inlet.testconnectors.linefile.LineFileSourceConnector");
        expected.put("alltypes", "inlet.testconnectors.alltypes.AllTypesSourceConnector");
        expected.put("faults", "inlet.testconnectors.faults.FaultySourceConnector");
        expected.put("reconfig", "inlet.testconnectors.reconfig.ReconfiguringSourceConnector");
        expected.put("commitrecord", "inlet.testconnectors.commitrecord.CommitRecordSourceConnector");
        expected.put("counter", "inlet.testconnectors.counter.CounterSourceConnector");
        expected.put("widestruct", "inlet.testconnectors.widestruct.WideStructSourceConnector");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            try (URLClassLoader loader = pluginLoader(new File(pluginsDir, e.getKey()))) {
                List<String> found = new ArrayList<>();
                for (SourceConnector c : ServiceLoader.load(SourceConnector.class, loader)) {
                    found.add(c.getClass().getName());
                    check(c.version() != null && c.config() != null, e.getKey() + ": version() and config()");
                }
                check(found.contains(e.getValue()), e.getKey() + ": its manifest lists " + e.getValue() + " (found " + found + ")");
            }
        }
        try (URLClassLoader loader = pluginLoader(new File(pluginsDir, "oldstyle"))) {
            check(!ServiceLoader.load(SourceConnector.class, loader).iterator().hasNext(), "oldstyle has no manifest");
            SourceConnector c = (SourceConnector) loader.loadClass("inlet.testconnectors.oldstyle.OldStyleSourceConnector")
                .getDeclaredConstructor().newInstance();
            Config v = c.validate(Collections.singletonMap("topic", "t"));
            boolean taskIdError = false;
            for (ConfigValue cv : v.configValues()) taskIdError |= cv.name().equals("task.id") && !cv.errorMessages().isEmpty();
            check(taskIdError, "oldstyle's validate() wants task.id, which only task configs carry");
            check(c.exactlyOnceSupport(Collections.emptyMap()) == null, "an old connector does not answer exactlyOnceSupport");
        }
        try (URLClassLoader loader = pluginLoader(new File(brokenDir, "missingdep"))) {
            Class<?> k = loader.loadClass("inlet.testconnectors.missingdep.MissingDependencySourceConnector");
            throwsA(NoClassDefFoundError.class, () -> k.getDeclaredConstructor().newInstance(), "missingdep lacks a class");
        }
        lineFileTask(pluginsDir);
    }

    /** Runs the linefile task on a small file, from the start and from a stored offset. */
    private static void lineFileTask(File pluginsDir) throws Exception {
        Path file = Files.createTempFile("api-check", ".txt");
        try (URLClassLoader loader = pluginLoader(new File(pluginsDir, "linefile"))) {
            Files.write(file, "one\ntwo\r\nthree\npartial".getBytes(StandardCharsets.UTF_8));
            SourceConnector c = (SourceConnector) loader.loadClass("inlet.testconnectors.linefile.LineFileSourceConnector")
                .getDeclaredConstructor().newInstance();
            Map<String, String> props = new HashMap<>();
            props.put("file", file.toString());
            props.put("topic", "t");
            check(c.exactlyOnceSupport(props) == ExactlyOnceSupport.SUPPORTED, "linefile on a file: exactly-once SUPPORTED");
            check(c.exactlyOnceSupport(Collections.singletonMap("topic", "t")) == ExactlyOnceSupport.UNSUPPORTED,
                "linefile on stdin: UNSUPPORTED");
            c.initialize(new Context(null));
            c.start(props);
            Map<String, String> taskProps = c.taskConfigs(1).get(0);
            List<String> lines = new ArrayList<>();
            Object lastOffset = runTask(c, taskProps, null, lines);
            check(lines.equals(Arrays.asList("one", "two", "three")), "linefile reads complete lines: " + lines);
            check(Long.valueOf(15).equals(lastOffset), "linefile's offset is the byte position after the line: " + lastOffset);
            lines.clear();
            runTask(c, taskProps, Collections.singletonMap("position", 4L), lines);
            check(lines.equals(Arrays.asList("two", "three")), "linefile resumes from its offset: " + lines);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Object runTask(SourceConnector c, Map<String, String> props, Map<String, Object> offset, List<String> out)
            throws Exception {
        SourceTask task = (SourceTask) c.taskClass().getDeclaredConstructor().newInstance();
        task.initialize(new Context(offset));
        task.start(props);
        Object last = null;
        for (int i = 0; i < 5; ++i) {
            List<SourceRecord> records = task.poll();
            if (records == null) continue;
            for (SourceRecord r : records) {
                out.add((String) r.value());
                check(r.sourcePartition().equals(Collections.singletonMap("filename", props.get("file"))), "linefile's partition");
                last = r.sourceOffset().get("position");
            }
        }
        task.stop();
        return last;
    }

    private static URLClassLoader pluginLoader(File dir) throws Exception {
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
        URL[] urls = new URL[jars == null ? 0 : jars.length];
        for (int i = 0; i < urls.length; ++i) urls[i] = jars[i].toURI().toURL();
        return new URLClassLoader(urls, ApiCheck.class.getClassLoader());
    }

    /** A connector and task context whose offset reader answers one fixed offset. */
    private static final class Context implements SourceConnectorContext, SourceTaskContext {
        private final Map<String, Object> offset;

        Context(Map<String, Object> offset) {
            this.offset = offset;
        }

        @Override
        public void requestTaskReconfiguration() {
        }

        @Override
        public void raiseError(Exception e) {
            check(false, "raiseError: " + e);
        }

        @Override
        public Map<String, String> configs() {
            return Collections.emptyMap();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return offset;
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    Map<Map<String, T>, Map<String, Object>> all = new HashMap<>();
                    if (offset != null) for (Map<String, T> p : partitions) all.put(p, offset);
                    return all;
                }
            };
        }
    }
}
