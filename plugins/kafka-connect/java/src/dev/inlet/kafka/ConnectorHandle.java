package dev.inlet.kafka;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceTask;

/**
 * One SourceConnector class, as the worker drives it: a fresh instance per use (the one that
 * computed a job's task configs stays alive while its tasks run: LiveConnector), the thread's
 * context class loader set to the plugin's loader for every call into it (Kafka's
 * Plugins.withClassLoader), and Kafka's order: initialize(ConnectorContext), start(config),
 * taskConfigs(tasks.max), stop().
 */
public final class ConnectorHandle {
    final String className;
    final PluginLoader loader;
    /** The key taskConfigs adds to each task config so startTask knows the task's index. */
    static final String TASK_INDEX = "inlet.task.index";
    static final String VERSION_KEY = "connector.plugin.version";

    private final Bridge.Found self;
    // Every plugin on plugin.path with this class, self among them.
    private final List<Bridge.Found> plugins;
    // Shared by the handles of one class, the newest's (the host's) and those of the versions
    // connector.plugin.version selects: started connectors by connector name (one per running
    // job's source), and the handle of each selected plugin.
    private final Map<String, LiveConnector> live;
    private final Map<PluginLoader, ConnectorHandle> byPlugin;

    /** The handle the host holds for a class: of its newest version (Bridge.newest). */
    ConnectorHandle(Bridge.Found newest, List<Bridge.Found> plugins) {
        this(newest, plugins, new HashMap<>(), new HashMap<>());
        byPlugin.put(newest.loader, this);
    }

    private ConnectorHandle(Bridge.Found self, List<Bridge.Found> plugins, Map<String, LiveConnector> live,
                            Map<PluginLoader, ConnectorHandle> byPlugin) {
        this.className = self.className;
        this.loader = self.loader;
        this.self = self;
        this.plugins = plugins;
        this.live = live;
        this.byPlugin = byPlugin;
    }

    /**
     * The handle of the version config's connector.plugin.version (KIP-891, Kafka 4.1) selects,
     * read as Kafka's PluginUtils.connectorVersionRequirement reads it: none is this handle's
     * version, "latest" the newest (the host's handle), a bare version that version exactly, else a Maven range;
     * Kafka's worker runs the greatest version allowed, the connector and its tasks in that
     * plugin's loader. Of equal versions, the first on plugin.path, as Bridge.newest. A
     * requirement no version meets, or a malformed one, throws Kafka's message, key first.
     */
    ConnectorHandle select(Map<String, String> config) {
        String requirement = config.get(VERSION_KEY);
        if (requirement == null) return this;
        List<String> available = new ArrayList<>();
        for (Bridge.Found f : plugins) available.add(f.version());
        available.sort(Versions.ORDER);
        String best;
        try {
            best = Versions.match(requirement, available);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VERSION_KEY + ": Invalid version range " + requirement
                    + " (" + e.getMessage() + ")");
        }
        if (best == null)
            throw new IllegalArgumentException(VERSION_KEY + ": Plugin loader for " + className
                    + " not found that matches the version range " + requirement + ", available versions: " + available);
        if (Versions.ORDER.compare(best, self.version()) == 0) return this;
        for (Bridge.Found f : plugins)
            if (Versions.ORDER.compare(best, f.version()) == 0) return handleOf(f);
        throw new IllegalStateException(best + " was among the versions of " + className);
    }

    private ConnectorHandle handleOf(Bridge.Found f) {
        synchronized (byPlugin) {
            return byPlugin.computeIfAbsent(f.loader, l -> new ConnectorHandle(f, plugins, live, byPlugin));
        }
    }

    /**
     * The handles of the class's other versions on plugin.path, newest first (equal ones in
     * plugin.path order), for listing: Kafka's GET /connector-plugins lists every version found.
     * Each runs its own version unless a config's connector.plugin.version selects another.
     */
    public ConnectorHandle[] others() {
        List<Bridge.Found> sorted = new ArrayList<>(plugins);
        sorted.sort((a, b) -> Versions.ORDER.compare(b.version(), a.version()));
        List<ConnectorHandle> out = new ArrayList<>();
        for (Bridge.Found f : sorted)
            if (f != self) out.add(handleOf(f));
        return out.toArray(new ConnectorHandle[0]);
    }

    /**
     * Which version config runs, for the log: "version V of C from PLUGIN", after the
     * connector.plugin.version requirement when there is one, and naming the newest when another
     * runs. A requirement that selects none throws, as taskConfigs does.
     */
    public String selected(String[] kv) {
        Map<String, String> config = map(kv);
        ConnectorHandle h = select(config);
        Bridge.Found newest = Bridge.newest(plugins);
        String requirement = config.get(VERSION_KEY);
        return (requirement == null ? "" : VERSION_KEY + " " + requirement + ": ") + "version " + h.self.version()
                + " of " + className + " from " + h.loader.location
                + (h.self == newest ? "" : " (the newest, " + newest.version() + ", is in " + newest.loader.location + ")");
    }

    static Map<String, String> map(String[] kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** Runs body with the plugin's loader as the thread's context class loader. */
    <T> T within(java.util.concurrent.Callable<T> body) throws Exception {
        return within(loader, body);
    }

    /** Runs body with loader as the thread's context class loader (Kafka's Plugins.withClassLoader). */
    static <T> T within(ClassLoader loader, java.util.concurrent.Callable<T> body) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return body.call();
        } finally {
            t.setContextClassLoader(saved);
        }
    }

    SourceConnector newConnector() throws Exception {
        return newConnector(className, loader);
    }

    static SourceConnector newConnector(String className, ClassLoader loader) throws Exception {
        Class<?> c = Class.forName(className, true, loader);
        if (!SourceConnector.class.isAssignableFrom(c))
            throw new IllegalArgumentException(className + " is not a SourceConnector");
        return (SourceConnector) c.getDeclaredConstructor().newInstance();
    }

    /** {"class","version","config":[{name,type,default,required,doc,importance}]} */
    public String info() throws Exception {
        return within(() -> {
            SourceConnector c;
            try {
                c = newConnector();
            } catch (Throwable t) { // NoClassDefFoundError and kin: name the plugin and class
                throw new IllegalStateException("plugin " + loader.location + ": class "
                        + className + " cannot be loaded: " + t, t);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("class", className);
            out.put("version", String.valueOf(c.version()));
            out.put("location", loader.location);
            List<Object> keys = new ArrayList<>();
            ConfigDef def = c.config();
            if (def != null) {
                for (ConfigDef.ConfigKey k : def.configKeys().values()) {
                    Map<String, Object> key = new LinkedHashMap<>();
                    key.put("name", k.name);
                    key.put("type", k.type.name());
                    boolean required = k.defaultValue == ConfigDef.NO_DEFAULT_VALUE;
                    key.put("required", required);
                    key.put("default", required || k.defaultValue == null ? null
                            : ConfigDef.convertToString(k.defaultValue, k.type));
                    key.put("doc", k.documentation == null ? "" : k.documentation);
                    key.put("importance", k.importance == null ? "" : k.importance.name());
                    validator(k.validator, key);
                    keys.add(key);
                }
            }
            out.put("config", keys);
            return Json.write(out);
        });
    }

    /**
     * What a validator allows, read from its toString(), which Kafka documents as the form
     * shown to users: Range "[min,...,max]" (either side "..." when open), ValidString and
     * CaseInsensitiveValidString "[a, b]". Other validators only run in validate().
     */
    static void validator(Object v, Map<String, Object> key) {
        if (v == null) return;
        String kind = v.getClass().getSimpleName();
        String text = String.valueOf(v);
        if (!text.startsWith("[") || !text.endsWith("]")) return;
        String inner = text.substring(1, text.length() - 1);
        if (kind.equals("Range")) {
            String[] parts = inner.split(",");
            if (parts.length < 2) return;
            String min = parts[0].trim(), max = parts[parts.length - 1].trim();
            key.put("min", min.equals("...") ? null : min);
            key.put("max", max.equals("...") ? null : max);
        } else if (kind.equals("ValidString") || kind.equals("CaseInsensitiveValidString")) {
            List<Object> allowed = new ArrayList<>();
            for (String s : inner.split(",")) if (!s.trim().isEmpty()) allowed.add(s.trim());
            key.put("allowed", allowed);
        }
    }

    /** Connector.validate(): every ConfigValue error as "key: message", joined by "; ". */
    public String validate(String[] kv) throws Exception {
        Map<String, String> config = map(kv);
        StringBuilder b = new StringBuilder();
        ConnectorHandle version = this;
        try {
            version = select(config);
        } catch (IllegalArgumentException e) { // reported first, then the newest version's own errors
            b.append(e.getMessage());
        }
        return version.validated(config, b);
    }

    private String validated(Map<String, String> config, StringBuilder b) throws Exception {
        return within(() -> {
            Config result = newConnector().validate(config);
            if (result == null) return b.toString();
            for (ConfigValue v : result.configValues())
                for (String msg : v.errorMessages())
                    b.append(b.length() == 0 ? "" : "; ").append(v.name()).append(": ").append(msg);
            return b.toString();
        });
    }

    /**
     * initialize, start, taskConfigs(max): the task configs as [k, v, k, v ...] each, with the
     * task's index under TASK_INDEX. The connector stays started until its last task stops
     * (LiveConnector); one started before under the same name is stopped first.
     */
    public String[][] taskConfigs(String[] kv, int max) throws Exception {
        Map<String, String> config = map(kv);
        return select(config).startConnector(config, max);
    }

    private String[][] startConnector(Map<String, String> config, int max) throws Exception {
        String name = String.valueOf(config.get("name"));
        LiveConnector previous;
        synchronized (live) {
            previous = live.get(name);
        }
        // The host replacing the tasks because the connector asked for another number of them
        // (LiveConnector.refresh): the connector stays started, as Kafka's herder keeps it.
        if (previous != null) {
            List<Map<String, String>> handed = previous.handOver(config, max);
            if (handed != null) return flatten(handed);
            previous.stop();
        }
        return within(() -> {
            SourceConnector c = newConnector();
            LiveConnector.Context ctx = LiveConnector.newContext();
            c.initialize(ctx);
            c.start(config);
            List<Map<String, String>> configs;
            try {
                configs = c.taskConfigs(max);
                if (ctx.raised != null) throw ctx.raised;
            } catch (Exception e) {
                c.stop();
                throw e;
            }
            synchronized (live) {
                live.put(name, new LiveConnector(name, this, c, ctx, max, config, configs));
            }
            return flatten(configs);
        });
    }

    /** Task configs as [k, v, k, v ...] each, with the task's index under TASK_INDEX. */
    static String[][] flatten(List<Map<String, String>> configs) {
        String[][] out = new String[configs == null ? 0 : configs.size()][];
        for (int i = 0; i < out.length; i++) {
            Map<String, String> m = configs.get(i);
            String[] flat = new String[m.size() * 2 + 2];
            int j = 0;
            for (Map.Entry<String, String> e : m.entrySet()) {
                flat[j++] = e.getKey();
                flat[j++] = e.getValue() == null ? "" : e.getValue();
            }
            flat[j++] = TASK_INDEX;
            flat[j] = Integer.toString(i);
            out[i] = flat;
        }
        return out;
    }

    void forget(LiveConnector l) {
        synchronized (live) {
            live.remove(l.name, l);
        }
    }

    /**
     * exactlyOnceSupport(config) (KIP-618, Kafka 3.3+): null when SUPPORTED, else why not.
     * Called through reflection: connectors built against older APIs, and older API jars, lack it.
     * Asked of the version config selects; a requirement that selects none is taskConfigs' to
     * refuse, so the newest answers then.
     */
    public String exactlyOnce(String[] kv) throws Exception {
        Map<String, String> config = map(kv);
        ConnectorHandle version = this;
        try {
            version = select(config);
        } catch (IllegalArgumentException e) { // taskConfigs refuses the run with it
        }
        return version.exactlyOnce(config);
    }

    private String exactlyOnce(Map<String, String> config) throws Exception {
        return within(() -> {
            SourceConnector c = newConnector();
            Method m;
            try {
                m = c.getClass().getMethod("exactlyOnceSupport", Map.class);
            } catch (NoSuchMethodException e) {
                return "its Kafka Connect API has no exactlyOnceSupport() (older than 3.3)";
            }
            Object answer = m.invoke(c, config);
            if (answer != null && answer.toString().equals("SUPPORTED")) return null;
            return className + ".exactlyOnceSupport() answers " + answer;
        });
    }

    /**
     * SourceConnector.alterOffsets(config, offsets) (KIP-875) on a fresh, uninitialized instance,
     * with the plugin's loader as context loader, as Kafka's Worker.modifySourceConnectorOffsets
     * does; a null offset resets its partition. Returns "true" or "false" (its answer; false too
     * for API jars older than 3.6, which lack the method), or, when it throws, "!" + the message
     * Kafka's worker answers the request with + "\n" + the exception (for the log). Asked of the
     * version config selects (Worker.modifySourceConnectorOffsets loads the connector so).
     */
    public String alterOffsets(String[] kv, String[] partitions, String[] offsets) throws Exception {
        Map<String, String> config = map(kv);
        return select(config).alterOffsets(config, partitions, offsets);
    }

    @SuppressWarnings("unchecked")
    private String alterOffsets(Map<String, String> config, String[] partitions, String[] offsets) throws Exception {
        String name = String.valueOf(config.get("name"));
        return within(() -> {
            SourceConnector c = newConnector();
            Method m;
            try {
                m = c.getClass().getMethod("alterOffsets", Map.class, Map.class);
            } catch (NoSuchMethodException e) {
                return "false";
            }
            // Parsed as Kafka's offset store gives them back (normalizeSourceConnectorOffsets):
            // integers as Long.
            Map<Map<String, ?>, Map<String, ?>> change = new HashMap<>();
            for (int i = 0; i < partitions.length; i++)
                change.put((Map<String, ?>) Json.parse(partitions[i]),
                        offsets[i] == null ? null : (Map<String, ?>) Json.parse(offsets[i]));
            try {
                return String.valueOf(m.invoke(c, config, change));
            } catch (java.lang.reflect.InvocationTargetException wrapped) {
                Throwable t = wrapped.getCause();
                // Worker.modifySourceConnectorOffsets and ConnectUtils.maybeWrap.
                String message;
                if (t instanceof UnsupportedOperationException)
                    message = "Failed to modify offsets for connector " + name
                            + " because it doesn't support external modification of offsets";
                else if (isConnectException(t))
                    message = t.getMessage();
                else
                    message = "Failed to modify offsets for source connector " + name;
                return "!" + message + "\n" + t;
            }
        });
    }

    /** org.apache.kafka.connect.errors.ConnectException or a subclass, found by name. */
    static boolean isConnectException(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass())
            if (c.getName().equals("org.apache.kafka.connect.errors.ConnectException")) return true;
        return false;
    }

    /**
     * A task of this connector, started (initialize(SourceTaskContext), start(config)), in the
     * plugin of the started connector whose task configs it got (connector.plugin.version's);
     * a task without one (no TASK_INDEX) in the version its own config selects.
     */
    public TaskHandle startTask(String[] kv, String[] partitions, String[] offsets) throws Exception {
        Map<String, String> config = map(kv);
        String index = config.remove(TASK_INDEX);
        LiveConnector connector;
        synchronized (live) {
            connector = index == null ? null : live.get(String.valueOf(config.get("name")));
        }
        if (connector != null) {
            connector.checkRaised();
            connector.context.reader.update(partitions, offsets);
        }
        LiveConnector owner = connector;
        return (owner != null ? owner.handle : select(config)).startTask(config, index, owner, partitions, offsets);
    }

    private TaskHandle startTask(Map<String, String> config, String index, LiveConnector owner,
                                 String[] partitions, String[] offsets) throws Exception {
        return within(() -> {
            Class<?> taskClass = newConnector().taskClass();
            OffsetReader reader = new OffsetReader();
            reader.update(partitions, offsets);
            TaskHandle handle = new TaskHandle(this, taskClass, reader, owner,
                    index == null ? 0 : Integer.parseInt(index));
            handle.open(config);
            if (owner != null) owner.taskStarted();
            return handle;
        });
    }
}
