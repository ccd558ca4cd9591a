package dev.inlet.kafka;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * The Java half of the bridge, one per process (the native half owns the JVM and holds this
 * object through one global reference). It reads plugin.path with Kafka's rules
 * (PluginUtils.pluginLocations/pluginUrls): every folder in an entry is one plugin, every jar
 * directly in an entry is one plugin, a plugin's class loader covers all jars below its folder.
 * SourceConnector classes are found through META-INF/services (KIP-898) and, in jars that have
 * no such manifest, by scanning their classes.
 */
public final class Bridge {
    static final String SERVICE = "META-INF/services/org.apache.kafka.connect.source.SourceConnector";

    /** A connector class found on plugin.path, in one plugin. */
    static final class Found {
        final String className;
        final PluginLoader loader;
        private String version; // asked for only when the class is in more than one plugin
        Found(String className, PluginLoader loader) {
            this.className = className;
            this.loader = loader;
        }

        /** version() of an instance, as Kafka's plugin scan asks it; "undefined" when that fails. */
        String version() {
            if (version != null) return version;
            try {
                version = ConnectorHandle.within(loader,
                        () -> String.valueOf(ConnectorHandle.newConnector(className, loader).version()));
            } catch (Throwable e) { // a class that cannot load is reported when it is opened
                version = "undefined";
            }
            return version;
        }
    }

    // Every plugin that has the class, in plugin.path order.
    private final Map<String, List<Found>> byClass = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final String ownJar;

    public Bridge(String pluginPath, String ownJar) {
        this.ownJar = canonical(new File(ownJar));
        for (String entry : pluginPath.split(",")) {
            entry = entry.trim();
            if (entry.isEmpty()) continue;
            File top = new File(entry);
            if (isArchive(top)) {
                addPlugin(top);
            } else if (top.isDirectory()) {
                File[] children = top.listFiles();
                if (children == null) continue;
                java.util.Arrays.sort(children);
                for (File child : children)
                    if (child.isDirectory() || isArchive(child)) addPlugin(child);
            }
        }
    }

    private static boolean isArchive(File f) {
        String n = f.getName().toLowerCase(java.util.Locale.ROOT);
        return f.isFile() && (n.endsWith(".jar") || n.endsWith(".zip"));
    }

    private static String canonical(File f) {
        try {
            return f.getCanonicalPath();
        } catch (IOException e) {
            return f.getAbsolutePath();
        }
    }

    private void collectJars(File dir, TreeSet<String> jars, java.util.Set<String> seen) {
        if (!seen.add(canonical(dir))) return;
        File[] children = dir.listFiles();
        if (children == null) return;
        for (File c : children) {
            if (c.isDirectory()) collectJars(c, jars, seen);
            else if (isArchive(c) && !canonical(c).equals(ownJar)) jars.add(canonical(c));
        }
    }

    private void addPlugin(File location) {
        TreeSet<String> jars = new TreeSet<>();
        if (location.isDirectory()) collectJars(location, jars, new java.util.HashSet<>());
        else if (!canonical(location).equals(ownJar)) jars.add(canonical(location));
        if (jars.isEmpty()) return; // a folder of .so plugins, or empty: not a Java plugin
        List<URL> urls = new ArrayList<>();
        for (String j : jars) {
            try {
                urls.add(new File(j).toURI().toURL());
            } catch (IOException e) {
                problems.add(location + ": " + j + ": " + e);
            }
        }
        PluginLoader loader = new PluginLoader(location.getPath(), urls.toArray(new URL[0]),
                Bridge.class.getClassLoader());
        for (String jar : jars) {
            List<String> classes = new ArrayList<>();
            boolean manifest = false;
            try (JarFile jf = new JarFile(jar)) {
                JarEntry services = jf.getJarEntry(SERVICE);
                if (services != null) {
                    manifest = true;
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(
                            jf.getInputStream(services), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            int hash = line.indexOf('#');
                            if (hash >= 0) line = line.substring(0, hash);
                            line = line.trim();
                            if (!line.isEmpty()) classes.add(line);
                        }
                    }
                } else {
                    Enumeration<JarEntry> entries = jf.entries();
                    while (entries.hasMoreElements()) {
                        String n = entries.nextElement().getName();
                        if (n.endsWith(".class") && !n.contains("-") && !n.startsWith("META-INF/"))
                            classes.add(n.substring(0, n.length() - 6).replace('/', '.'));
                    }
                }
            } catch (IOException e) {
                problems.add("plugin " + location + ": " + jar + " is not a readable jar (" + e.getMessage() + ")");
                continue;
            }
            for (String cls : classes) {
                List<Found> all = byClass.get(cls);
                if (all != null && all.get(all.size() - 1).loader == loader) continue; // two jars of one plugin
                if (!manifest && !looksLikeConnector(cls, loader)) continue;
                byClass.computeIfAbsent(cls, k -> new ArrayList<>()).add(new Found(cls, loader));
            }
        }
    }

    // Scanning: load without initializing, keep concrete public SourceConnectors. A class that
    // cannot even be loaded is not reported here (a scan touches every class of every jar);
    // opening a connector that needs it says which class is missing.
    private static boolean looksLikeConnector(String cls, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(cls, false, loader);
            int m = c.getModifiers();
            return SourceConnector.class.isAssignableFrom(c) && Modifier.isPublic(m)
                    && !Modifier.isAbstract(m) && !c.isInterface();
        } catch (Throwable e) {
            return false;
        }
    }

    /** Problems met while reading plugin.path, one line each. */
    public String[] problems() {
        return problems.toArray(new String[0]);
    }

    /** Every connector class found, full names. */
    public String[] classes() {
        return byClass.keySet().toArray(new String[0]);
    }

    /**
     * The connector a connector.class names: the full class name, the simple name, or the simple
     * name without "Connector" (Kafka's Plugins.connectorClass aliases); an alias two classes
     * share is refused with both names, as Kafka refuses it.
     */
    public ConnectorHandle open(String name) throws Exception {
        String cls = byClass.containsKey(name) ? name : null;
        if (cls == null) {
            List<String> matches = new ArrayList<>();
            for (String c : byClass.keySet()) {
                String simple = c.substring(c.lastIndexOf('.') + 1);
                String shortName = simple.endsWith("Connector")
                        ? simple.substring(0, simple.length() - "Connector".length()) : simple;
                if (simple.equals(name) || shortName.equals(name)) matches.add(c);
            }
            if (matches.size() > 1) {
                throw new IllegalArgumentException("connector.class '" + name
                        + "' is ambiguous: it names " + String.join(", ", matches) + " (give the full class name)");
            }
            if (matches.isEmpty()) return null;
            cls = matches.get(0);
        }
        List<Found> plugins = byClass.get(cls);
        return new ConnectorHandle(newest(plugins), plugins);
    }

    /**
     * Of the plugins that have one connector class, the one Kafka's worker runs: the greatest
     * version() (DelegatingClassLoader takes the last of the class's plugins sorted by PluginDesc,
     * whose versions compare as Maven's; Versions); of equal versions, the first on plugin.path
     * (Kafka's order between those is arbitrary).
     */
    static Found newest(List<Found> plugins) {
        Found best = plugins.get(0);
        for (Found f : plugins.subList(1, plugins.size()))
            if (Versions.ORDER.compare(f.version(), best.version()) > 0) best = f;
        return best;
    }

    /**
     * A Java failure as inlet reports it: "R" (a RetriableException) or "F", a tab, then the
     * class, the message and the first stack frames, the causes' classes and messages after.
     */
    public static String describe(Throwable t) {
        boolean retriable = false;
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass())
            if (c.getName().equals("org.apache.kafka.connect.errors.RetriableException")) retriable = true;
        StringBuilder b = new StringBuilder(retriable ? "R\t" : "F\t");
        b.append(t.getClass().getName());
        if (t.getMessage() != null) b.append(": ").append(t.getMessage());
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(3, frames.length); i++) b.append(" | at ").append(frames[i]);
        int depth = 0;
        for (Throwable cause = t.getCause(); cause != null && cause != t && depth < 3; cause = cause.getCause(), depth++) {
            b.append(" | caused by ").append(cause.getClass().getName());
            if (cause.getMessage() != null) b.append(": ").append(cause.getMessage());
        }
        return b.toString();
    }
}
