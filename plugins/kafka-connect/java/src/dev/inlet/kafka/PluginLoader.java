package dev.inlet.kafka;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One plugin's isolated class loader, with the delegation rule of Kafka's PluginClassLoader
 * (connect/runtime/.../isolation/PluginClassLoader.java, PluginUtils.shouldLoadInIsolation):
 * the plugin's own jars first, except for the JDK and the Kafka/SLF4J API packages, which
 * always come from the parent so that every plugin and the bridge share one SourceConnector,
 * one Schema, one ConfigDef. Kafka's own plugins that live in org.apache.kafka (the file
 * connectors, transforms, converters, config providers) are loaded in isolation, as in Kafka.
 * The rule is written here from Kafka's documented behaviour, not copied.
 */
final class PluginLoader extends URLClassLoader {
    static { ClassLoader.registerAsParallelCapable(); }

    // Parent-first: the platform (java.*, the javax/org.* packages the JDK and Java EE define)
    // and the APIs a worker provides.
    private static final Pattern SHARED = Pattern.compile(
            "^(?:java|javax|org\\.ietf\\.jgss|org\\.omg|org\\.w3c\\.dom|org\\.xml\\.sax"
            + "|org\\.apache\\.kafka|org\\.slf4j|dev\\.inlet\\.kafka)\\..*$");
    // ... except these, which are plugins themselves (Kafka's INCLUDE list).
    private static final Pattern ISOLATED = Pattern.compile(
            "^org\\.apache\\.kafka\\.(?:connect\\.(?:"
            + "transforms\\.(?!Transformation$|predicates\\.Predicate$).*"
            + "|json\\..*|file\\..*|mirror\\..*|mirror-client\\..*|converters\\..*"
            + "|storage\\.StringConverter|storage\\.SimpleHeaderConverter"
            + "|rest\\.basic\\.auth\\.extension\\.BasicAuthSecurityRestExtension"
            + "|connector\\.policy\\.(?!ConnectorClientConfig(?:OverridePolicy|Request(?:\\$ClientType)?)$).*)"
            + "|common\\.config\\.provider\\.(?!ConfigProvider$).*)$");

    final String location;

    PluginLoader(String location, URL[] urls, ClassLoader parent) {
        super(urls, parent);
        this.location = location;
    }

    static boolean isolated(String name) {
        return !SHARED.matcher(name).matches() || ISOLATED.matcher(name).matches();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isolated(name)) return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException e) {
                    c = super.loadClass(name, false);
                }
            }
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    @Override
    public String toString() {
        return "PluginLoader{" + location + "}";
    }
}
