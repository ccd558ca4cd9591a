package org.apache.kafka.common.config;

import org.apache.kafka.common.config.types.Password;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stand-in for Kafka's AbstractConfig: a connector's raw properties parsed against its ConfigDef,
 * with typed getters. Config providers (${...}) are resolved by inlet before a connector sees its
 * properties, so this stand-in does not resolve them.
 */
public class AbstractConfig {
    private final Set<String> used;
    private final Map<String, ?> originals;
    private final Map<String, Object> values;
    private final ConfigDef definition;

    public AbstractConfig(ConfigDef definition, Map<?, ?> originals, Map<String, ?> configProviderProps, boolean doLog) {
        Map<String, Object> copy = new HashMap<>();
        for (Map.Entry<?, ?> e : originals.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new ConfigException(e.getKey().toString(), e.getValue(), "Key must be a string.");
            }
            copy.put((String) e.getKey(), e.getValue());
        }
        this.originals = copy;
        this.values = definition.parse(copy);
        this.used = Collections.synchronizedSet(new HashSet<>());
        this.definition = definition;
    }

    public AbstractConfig(ConfigDef definition, Map<?, ?> originals) {
        this(definition, originals, Collections.emptyMap(), true);
    }

    public AbstractConfig(ConfigDef definition, Map<?, ?> originals, boolean doLog) {
        this(definition, originals, Collections.emptyMap(), doLog);
    }

    protected Object get(String key) {
        if (!values.containsKey(key)) throw new ConfigException(String.format("Unknown configuration '%s'", key));
        used.add(key);
        return values.get(key);
    }

    public void ignore(String key) {
        used.add(key);
    }

    public Short getShort(String key) {
        return (Short) get(key);
    }

    public Integer getInt(String key) {
        return (Integer) get(key);
    }

    public Long getLong(String key) {
        return (Long) get(key);
    }

    public Double getDouble(String key) {
        return (Double) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String key) {
        return (List<String>) get(key);
    }

    public Boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    public ConfigDef.Type typeOf(String key) {
        ConfigDef.ConfigKey configKey = definition.configKeys().get(key);
        return configKey == null ? null : configKey.type;
    }

    public String documentationOf(String key) {
        ConfigDef.ConfigKey configKey = definition.configKeys().get(key);
        return configKey == null ? null : configKey.documentation;
    }

    public Password getPassword(String key) {
        return (Password) get(key);
    }

    public Class<?> getClass(String key) {
        return (Class<?>) get(key);
    }

    public Set<String> unused() {
        Set<String> keys = new HashSet<>(originals.keySet());
        keys.removeAll(used);
        return keys;
    }

    public Map<String, Object> originals() {
        return new HashMap<>(originals);
    }

    public Map<String, String> originalsStrings() {
        Map<String, String> copy = new HashMap<>();
        for (Map.Entry<String, ?> entry : originals.entrySet()) {
            if (!(entry.getValue() instanceof String)) {
                throw new ClassCastException("Non-string value found in original settings for key " + entry.getKey()
                    + ": " + (entry.getValue() == null ? null : entry.getValue().getClass().getName()));
            }
            copy.put(entry.getKey(), (String) entry.getValue());
        }
        return copy;
    }

    public Map<String, Object> originalsWithPrefix(String prefix) {
        return originalsWithPrefix(prefix, true);
    }

    public Map<String, Object> originalsWithPrefix(String prefix, boolean strip) {
        Map<String, Object> result = new HashMap<>();
        for (Map.Entry<String, ?> entry : originals.entrySet()) {
            if (entry.getKey().startsWith(prefix) && entry.getKey().length() > prefix.length()) {
                result.put(strip ? entry.getKey().substring(prefix.length()) : entry.getKey(), entry.getValue());
            }
        }
        return result;
    }

    public Map<String, ?> values() {
        return new HashMap<>(values);
    }

    public void logUnused() {
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (o == null || getClass() != o.getClass()) return false;
        return originals.equals(((AbstractConfig) o).originals);
    }

    @Override
    public int hashCode() {
        return originals.hashCode();
    }
}
