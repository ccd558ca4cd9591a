package inlet.testconnectors.counter;

import inlet.testconnectors.common.SimpleSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.io.FileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Replayable counters, one per task ("c <task> <n>", partition {"counter": partition.prefix + task}, offset
 * {"n": Long}), whose exactlyOnceSupport answer is chosen by `exactly.once.support`:
 * supported, unsupported, or null (the default answer of connectors written before KIP-618).
 * alterOffsets (KIP-875) does what `alter.offsets` says: default (SourceConnector's own answer,
 * false), accept (true), unsupported, connect-error or other-error (it throws
 * UnsupportedOperationException, ConnectException or IllegalStateException); every call is
 * logged to `alter.log` when set, one line per partition: "partition -> offset" with the
 * class of each offset's "n".
 */
public class CounterSourceConnector extends SimpleSourceConnector {
    static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define("exactly.once.support", ConfigDef.Type.STRING, "null",
            ConfigDef.CaseInsensitiveValidString.in("supported", "unsupported", "null"), ConfigDef.Importance.HIGH,
            "What exactlyOnceSupport() answers")
        .define("count", ConfigDef.Type.LONG, Long.MAX_VALUE, ConfigDef.Importance.MEDIUM, "Records per task")
        .define("batch", ConfigDef.Type.INT, 100, ConfigDef.Range.between(1, 100000), ConfigDef.Importance.LOW,
            "Records per poll")
        .define("interval.ms", ConfigDef.Type.LONG, 0L, ConfigDef.Importance.LOW, "Sleep before each poll")
        .define("alter.offsets", ConfigDef.Type.STRING, "default", ConfigDef.Importance.LOW,
            "What alterOffsets() does: default, accept, unsupported, connect-error, other-error")
        .define("alter.log", ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW, "Where alterOffsets() calls are logged")
        .define("partition.prefix", ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
            "Before the task number in the partition, so that connectors of this class have partitions of their own");

    @Override
    public String version() {
        return "3.0.0-counter";
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CounterSourceTask.class;
    }

    @Override
    protected String taskKey() {
        return "counter.task";
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        String log = connectorConfig.getOrDefault("alter.log", "");
        if (!log.isEmpty()) {
            StringBuilder b = new StringBuilder("call\n");
            for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
                Map<String, ?> o = e.getValue();
                b.append(new TreeMap<>(e.getKey())).append(" -> ")
                    .append(o == null ? "null" : new TreeMap<>(o) + " " + o.get("n").getClass().getSimpleName()).append('\n');
            }
            try (FileWriter w = new FileWriter(log, true)) {
                w.write(b.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        switch (connectorConfig.getOrDefault("alter.offsets", "default")) {
            case "accept": return true;
            case "unsupported": throw new UnsupportedOperationException("counters cannot be moved");
            case "connect-error": throw new ConnectException("counter offsets must not go below 5");
            case "other-error": throw new IllegalStateException("the counter is busy");
            default: return super.alterOffsets(connectorConfig, offsets);
        }
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        String answer = connectorConfig.getOrDefault("exactly.once.support", "null").trim().toLowerCase(Locale.ROOT);
        if (answer.equals("supported")) return ExactlyOnceSupport.SUPPORTED;
        if (answer.equals("unsupported")) return ExactlyOnceSupport.UNSUPPORTED;
        return null;
    }
}
