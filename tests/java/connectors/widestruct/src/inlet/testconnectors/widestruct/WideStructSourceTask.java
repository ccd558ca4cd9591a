package inlet.testconnectors.widestruct;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Builds one 20-field struct per record from the counter n. */
public class WideStructSourceTask extends SourceTask {
    static final Schema POINT = SchemaBuilder.struct().name("inlet.bench.Point")
        .field("x", Schema.FLOAT64_SCHEMA)
        .field("y", Schema.FLOAT64_SCHEMA)
        .field("label", Schema.OPTIONAL_STRING_SCHEMA)
        .field("valid", Schema.BOOLEAN_SCHEMA)
        .build();
    static final Schema WIDE = SchemaBuilder.struct().name("inlet.bench.Wide").version(1)
        .field("id", Schema.INT64_SCHEMA)
        .field("seq", Schema.INT32_SCHEMA)
        .field("small", Schema.INT8_SCHEMA)
        .field("medium", Schema.INT16_SCHEMA)
        .field("ratio", Schema.FLOAT32_SCHEMA)
        .field("amount", Schema.FLOAT64_SCHEMA)
        .field("active", Schema.BOOLEAN_SCHEMA)
        .field("name", Schema.STRING_SCHEMA)
        .field("email", Schema.STRING_SCHEMA)
        .field("city", Schema.STRING_SCHEMA)
        .field("country", Schema.STRING_SCHEMA)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .field("payload", Schema.BYTES_SCHEMA)
        .field("created", Timestamp.SCHEMA)
        .field("price", Decimal.schema(2))
        .field("origin", POINT)
        .field("target", POINT)
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
        .field("version", Schema.INT32_SCHEMA)
        .field("checksum", Schema.INT64_SCHEMA)
        .build();
    private static final String[] CITIES = {"Lisbon", "Osaka", "Quito", "Tartu", "Accra"};

    private Map<String, String> partition;
    private String topic;
    private long records;
    private int batchSize;
    private long next;
    private final byte[] payload = new byte[16];

    @Override
    public String version() {
        return "1.0.0-widestruct";
    }

    @Override
    public void start(Map<String, String> props) {
        Map<String, Object> parsed = WideStructSourceConnector.CONFIG_DEF.parse(props);
        records = (Long) parsed.get("records");
        batchSize = (Integer) parsed.get("batch.size");
        topic = (String) parsed.get("topic");
        partition = Collections.singletonMap("wide", props.getOrDefault("wide.task", "0"));
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        if (offset != null) next = (Long) offset.get("n") + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (next >= records) {
            Thread.sleep(20);
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize && next < records; ++i, ++next) {
            batch.add(new SourceRecord(partition, Collections.singletonMap("n", next), topic, null, null, WIDE, build(next)));
        }
        return batch;
    }

    static Struct point(long n, int k) {
        return new Struct(POINT).put("x", n * 0.5 + k).put("y", -n * 0.25 - k).put("label", (n & 1) == 0 ? "p" + k : null)
            .put("valid", (n % 3) != 0);
    }

    private Struct build(long n) {
        payload[0] = (byte) n;
        String city = CITIES[(int) (n % CITIES.length)];
        return new Struct(WIDE)
            .put("id", n)
            .put("seq", (int) n)
            .put("small", (byte) (n & 0x7f))
            .put("medium", (short) (n & 0x7fff))
            .put("ratio", (float) (n % 1000) / 1000f)
            .put("amount", n * 1.25)
            .put("active", (n & 1) == 1)
            .put("name", "user-" + n)
            .put("email", "user" + n + "@example.org")
            .put("city", city)
            .put("country", "XX")
            .put("note", (n % 10) == 0 ? null : "note " + (n % 97))
            .put("payload", payload.clone())
            .put("created", new java.util.Date(1700000000000L + n))
            .put("price", BigDecimal.valueOf(n % 100000, 2))
            .put("origin", point(n, 1))
            .put("target", point(n, 2))
            .put("tags", Arrays.asList("t" + (n % 7), city))
            .put("version", 3)
            .put("checksum", n * 31 + 7);
    }

    @Override
    public void stop() {
    }
}
