package org.apache.kafka.common.config;

import org.apache.kafka.common.config.types.Password;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Stand-in for Kafka's ConfigDef: the declared keys of a connector (type, default, validator,
 * importance, documentation, group...), parsing of raw values to their types, and validation.
 * Written for inlet's tests from Kafka 3.8's public signatures (clients/.../config/ConfigDef.java);
 * the HTML/RST renderers and the SSL/embedding helpers are left out.
 */
public class ConfigDef {
    /** The default of a key that has none: the key is required. */
    public static final Object NO_DEFAULT_VALUE = new Object();

    private final Map<String, ConfigKey> configKeys;
    private final List<String> groups;
    private Set<String> configsWithNoParent;

    public ConfigDef() {
        configKeys = new LinkedHashMap<>();
        groups = new ArrayList<>();
        configsWithNoParent = null;
    }

    public ConfigDef(ConfigDef base) {
        configKeys = new LinkedHashMap<>(base.configKeys);
        groups = new ArrayList<>(base.groups);
        configsWithNoParent = base.configsWithNoParent == null ? null : new LinkedHashSet<>(base.configsWithNoParent);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(configKeys.keySet());
    }

    public Map<String, Object> defaultValues() {
        Map<String, Object> out = new HashMap<>();
        for (ConfigKey key : configKeys.values()) {
            if (key.defaultValue != NO_DEFAULT_VALUE) out.put(key.name, key.defaultValue);
        }
        return out;
    }

    public ConfigDef define(ConfigKey key) {
        if (configKeys.containsKey(key.name)) throw new ConfigException("Configuration " + key.name + " is defined twice.");
        if (key.group != null && !groups.contains(key.group)) groups.add(key.group);
        configKeys.put(key.name, key);
        return this;
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, Importance importance, String documentation,
                            String group, int orderInGroup, Width width, String displayName, List<String> dependents, Recommender recommender) {
        return define(new ConfigKey(name, type, parsedDefault(name, defaultValue, type), validator, importance, documentation,
            group, orderInGroup, width, displayName, dependents, recommender, false));
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, Importance importance, String documentation,
                            String group, int orderInGroup, Width width, String displayName, List<String> dependents) {
        return define(name, type, defaultValue, validator, importance, documentation, group, orderInGroup, width, displayName, dependents, null);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, Importance importance, String documentation,
                            String group, int orderInGroup, Width width, String displayName, Recommender recommender) {
        return define(name, type, defaultValue, validator, importance, documentation, group, orderInGroup, width, displayName,
            Collections.<String>emptyList(), recommender);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, Importance importance, String documentation,
                            String group, int orderInGroup, Width width, String displayName) {
        return define(name, type, defaultValue, validator, importance, documentation, group, orderInGroup, width, displayName,
            Collections.<String>emptyList(), null);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Importance importance, String documentation,
                            String group, int orderInGroup, Width width, String displayName, List<String> dependents, Recommender recommender) {
        return define(name, type, defaultValue, null, importance, documentation, group, orderInGroup, width, displayName, dependents, recommender);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Importance importance, String documentation,
                            String group, int orderInGroup, Width width, String displayName, List<String> dependents) {
        return define(name, type, defaultValue, null, importance, documentation, group, orderInGroup, width, displayName, dependents, null);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Importance importance, String documentation,
                            String group, int orderInGroup, Width width, String displayName, Recommender recommender) {
        return define(name, type, defaultValue, null, importance, documentation, group, orderInGroup, width, displayName,
            Collections.<String>emptyList(), recommender);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Importance importance, String documentation,
                            String group, int orderInGroup, Width width, String displayName) {
        return define(name, type, defaultValue, null, importance, documentation, group, orderInGroup, width, displayName,
            Collections.<String>emptyList(), null);
    }

    public ConfigDef define(String name, Type type, Importance importance, String documentation, String group, int orderInGroup,
                            Width width, String displayName, List<String> dependents, Recommender recommender) {
        return define(name, type, NO_DEFAULT_VALUE, null, importance, documentation, group, orderInGroup, width, displayName, dependents, recommender);
    }

    public ConfigDef define(String name, Type type, Importance importance, String documentation, String group, int orderInGroup,
                            Width width, String displayName, List<String> dependents) {
        return define(name, type, NO_DEFAULT_VALUE, null, importance, documentation, group, orderInGroup, width, displayName, dependents, null);
    }

    public ConfigDef define(String name, Type type, Importance importance, String documentation, String group, int orderInGroup,
                            Width width, String displayName, Recommender recommender) {
        return define(name, type, NO_DEFAULT_VALUE, null, importance, documentation, group, orderInGroup, width, displayName,
            Collections.<String>emptyList(), recommender);
    }

    public ConfigDef define(String name, Type type, Importance importance, String documentation, String group, int orderInGroup,
                            Width width, String displayName) {
        return define(name, type, NO_DEFAULT_VALUE, null, importance, documentation, group, orderInGroup, width, displayName,
            Collections.<String>emptyList(), null);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, Importance importance, String documentation) {
        return define(name, type, defaultValue, validator, importance, documentation, null, -1, Width.NONE, name);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Importance importance, String documentation) {
        return define(name, type, defaultValue, null, importance, documentation);
    }

    public ConfigDef define(String name, Type type, Importance importance, String documentation) {
        return define(name, type, NO_DEFAULT_VALUE, null, importance, documentation);
    }

    public ConfigDef defineInternal(final String name, final Type type, final Object defaultValue, final Importance importance) {
        return define(new ConfigKey(name, type, parsedDefault(name, defaultValue, type), null, importance, "", null, -1,
            Width.NONE, name, Collections.<String>emptyList(), null, true));
    }

    public ConfigDef defineInternal(final String name, final Type type, final Object defaultValue, final Validator validator,
                                    final Importance importance, final String documentation) {
        return define(new ConfigKey(name, type, parsedDefault(name, defaultValue, type), validator, importance, documentation, null, -1,
            Width.NONE, name, Collections.<String>emptyList(), null, true));
    }

    public Map<String, ConfigKey> configKeys() {
        return configKeys;
    }

    public List<String> groups() {
        return groups;
    }

    public ConfigDef withClientSaslSupport() {
        return this;
    }

    /** Parses and validates every declared key; a required key that is missing throws. */
    public Map<String, Object> parse(Map<?, ?> props) {
        Map<String, Object> values = new HashMap<>();
        for (ConfigKey key : configKeys.values()) {
            values.put(key.name, parseValue(key, props.get(key.name), props.containsKey(key.name)));
        }
        return values;
    }

    Object parseValue(ConfigKey key, Object value, boolean isSet) {
        Object parsed;
        if (isSet) {
            parsed = parseType(key.name, value, key.type);
        } else if (key.defaultValue == NO_DEFAULT_VALUE) {
            throw new ConfigException("Missing required configuration \"" + key.name + "\" which has no default value.");
        } else {
            parsed = key.defaultValue;
        }
        if (key.validator != null) key.validator.ensureValid(key.name, parsed);
        return parsed;
    }

    /** One ConfigValue per declared key, in definition order, with every problem found. */
    public List<ConfigValue> validate(Map<String, String> props) {
        return new ArrayList<>(validateAll(props).values());
    }

    public Map<String, ConfigValue> validateAll(Map<String, String> props) {
        Map<String, ConfigValue> configValues = new LinkedHashMap<>();
        for (String name : configKeys.keySet()) configValues.put(name, new ConfigValue(name));
        Map<String, Object> parsed = new HashMap<>();
        for (ConfigKey key : configKeys.values()) {
            ConfigValue cv = configValues.get(key.name);
            try {
                Object value = parseValue(key, props.get(key.name), props.containsKey(key.name));
                parsed.put(key.name, value);
                cv.value(value);
            } catch (ConfigException e) {
                cv.addErrorMessage(e.getMessage());
            }
        }
        for (ConfigKey key : configKeys.values()) {
            if (key.recommender == null) continue;
            ConfigValue cv = configValues.get(key.name);
            try {
                List<Object> recommended = key.recommender.validValues(key.name, parsed);
                cv.recommendedValues(recommended);
                cv.visible(key.recommender.visible(key.name, parsed));
                Object value = parsed.get(key.name);
                if (value != null && !recommended.isEmpty() && !recommended.contains(value)) {
                    cv.addErrorMessage("Invalid value " + value + " for configuration " + key.name
                        + ": value is not in the recommended values " + recommended);
                }
            } catch (ConfigException e) {
                cv.addErrorMessage(e.getMessage());
            }
        }
        return configValues;
    }

    private static Object parsedDefault(String name, Object defaultValue, Type type) {
        return defaultValue == NO_DEFAULT_VALUE ? NO_DEFAULT_VALUE : parseType(name, defaultValue, type);
    }

    /** Converts a raw value (usually a String from a properties file) to the key's type. */
    public static Object parseType(String name, Object value, Type type) {
        if (value == null) return null;
        String trimmed = value instanceof String ? ((String) value).trim() : null;
        try {
            switch (type) {
                case BOOLEAN:
                    if (trimmed != null) {
                        if (trimmed.equalsIgnoreCase("true")) return true;
                        if (trimmed.equalsIgnoreCase("false")) return false;
                        throw new ConfigException(name, value, "Expected value to be either true or false");
                    }
                    if (value instanceof Boolean) return value;
                    throw new ConfigException(name, value, "Expected value to be either true or false");
                case PASSWORD:
                    if (value instanceof Password) return value;
                    if (value instanceof String) return new Password(trimmed);
                    throw new ConfigException(name, value, "Expected value to be a string, but it was a " + value.getClass().getName());
                case STRING:
                    if (trimmed != null) return trimmed;
                    throw new ConfigException(name, value, "Expected value to be a string, but it was a " + value.getClass().getName());
                case INT:
                    if (value instanceof Integer) return value;
                    if (trimmed != null) return Integer.parseInt(trimmed);
                    throw new ConfigException(name, value, "Expected value to be a 32-bit integer, but it was a " + value.getClass().getName());
                case SHORT:
                    if (value instanceof Short) return value;
                    if (trimmed != null) return Short.parseShort(trimmed);
                    throw new ConfigException(name, value, "Expected value to be a 16-bit integer (short), but it was a " + value.getClass().getName());
                case LONG:
                    if (value instanceof Integer) return ((Integer) value).longValue();
                    if (value instanceof Long) return value;
                    if (trimmed != null) return Long.parseLong(trimmed);
                    throw new ConfigException(name, value, "Expected value to be a 64-bit integer (long), but it was a " + value.getClass().getName());
                case DOUBLE:
                    if (value instanceof Number) return ((Number) value).doubleValue();
                    if (trimmed != null) return Double.parseDouble(trimmed);
                    throw new ConfigException(name, value, "Expected value to be a double, but it was a " + value.getClass().getName());
                case LIST:
                    if (value instanceof List) return value;
                    if (trimmed != null) return trimmed.isEmpty() ? Collections.emptyList() : Arrays.asList(trimmed.split("\\s*,\\s*", -1));
                    throw new ConfigException(name, value, "Expected a comma separated list.");
                case CLASS:
                    if (value instanceof Class) return value;
                    if (trimmed != null) {
                        ClassLoader loader = Thread.currentThread().getContextClassLoader();
                        return Class.forName(trimmed, true, loader != null ? loader : ConfigDef.class.getClassLoader());
                    }
                    throw new ConfigException(name, value, "Expected a Class instance or class name.");
                default:
                    throw new IllegalStateException("Unknown type.");
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(name, value, "Not a number of type " + type);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(name, value, "Class " + value + " could not be found.");
        }
    }

    public static String convertToString(Object parsedValue, Type type) {
        if (parsedValue == null) return null;
        if (type == null) return parsedValue.toString();
        switch (type) {
            case LIST: {
                StringBuilder b = new StringBuilder();
                for (Object item : (List<?>) parsedValue) {
                    if (b.length() > 0) b.append(',');
                    b.append(item);
                }
                return b.toString();
            }
            case CLASS:
                return ((Class<?>) parsedValue).getName();
            default:
                return parsedValue.toString();
        }
    }

    /** The type of a config value. */
    public enum Type {
        BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD;

        public boolean isSensitive() {
            return this == PASSWORD;
        }
    }

    public enum Importance {
        HIGH, MEDIUM, LOW
    }

    /** How wide a UI field for the value should be. */
    public enum Width {
        NONE, SHORT, MEDIUM, LONG
    }

    /** Offers the valid values and the visibility of a key, given the other keys' values. */
    public interface Recommender {
        List<Object> validValues(String name, Map<String, Object> parsedConfig);

        boolean visible(String name, Map<String, Object> parsedConfig);
    }

    /** Checks a parsed value; throws ConfigException when it is not acceptable. */
    public interface Validator {
        void ensureValid(String name, Object value);
    }

    /** A number within [min, max]; either bound may be null. */
    public static class Range implements Validator {
        private final Number min;
        private final Number max;

        private Range(Number min, Number max) {
            this.min = min;
            this.max = max;
        }

        public static Range atLeast(Number min) {
            return new Range(min, null);
        }

        public static Range between(Number min, Number max) {
            return new Range(min, max);
        }

        @Override
        public void ensureValid(String name, Object o) {
            if (o == null) throw new ConfigException(name, null, "Value must be non-null");
            Number n = (Number) o;
            if (min != null && n.doubleValue() < min.doubleValue()) throw new ConfigException(name, o, "Value must be at least " + min);
            if (max != null && n.doubleValue() > max.doubleValue()) throw new ConfigException(name, o, "Value must be no more than " + max);
        }

        @Override
        public String toString() {
            if (min == null && max == null) return "[...]";
            if (min == null) return "[...," + max + "]";
            if (max == null) return "[" + min + ",...]";
            return "[" + min + ",...," + max + "]";
        }
    }

    /** A string among a fixed set (case-sensitive). */
    public static class ValidString implements Validator {
        final List<String> validStrings;

        private ValidString(List<String> validStrings) {
            this.validStrings = validStrings;
        }

        public static ValidString in(String... validStrings) {
            return new ValidString(Arrays.asList(validStrings));
        }

        @Override
        public void ensureValid(String name, Object o) {
            String s = (String) o;
            if (!validStrings.contains(s)) throw new ConfigException(name, o, "String must be one of: " + String.join(", ", validStrings));
        }

        @Override
        public String toString() {
            return "[" + String.join(", ", validStrings) + "]";
        }
    }

    /** A string among a fixed set, ignoring case. */
    public static class CaseInsensitiveValidString implements Validator {
        final Set<String> validStrings;

        private CaseInsensitiveValidString(List<String> validStrings) {
            this.validStrings = new LinkedHashSet<>();
            for (String s : validStrings) this.validStrings.add(s.toUpperCase(Locale.ROOT));
        }

        public static CaseInsensitiveValidString in(String... validStrings) {
            return new CaseInsensitiveValidString(Arrays.asList(validStrings));
        }

        @Override
        public void ensureValid(String name, Object o) {
            String s = (String) o;
            if (s == null || !validStrings.contains(s.toUpperCase(Locale.ROOT))) {
                throw new ConfigException(name, o, "String must be one of (case insensitive): " + String.join(", ", validStrings));
            }
        }

        @Override
        public String toString() {
            return "(case insensitive) [" + String.join(", ", validStrings) + "]";
        }
    }

    /** Every element of a list among a fixed set. */
    public static class ValidList implements Validator {
        final ValidString validString;

        private ValidList(List<String> validStrings) {
            this.validString = new ValidString(validStrings);
        }

        public static ValidList in(String... validStrings) {
            return new ValidList(Arrays.asList(validStrings));
        }

        @Override
        public void ensureValid(final String name, final Object value) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) value;
            for (String string : values) validString.ensureValid(name, string);
        }

        @Override
        public String toString() {
            return validString.toString();
        }
    }

    public static class NonNullValidator implements Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) throw new ConfigException(name, null, "entry must be non null");
        }

        @Override
        public String toString() {
            return "non-null string";
        }
    }

    public static class NonEmptyString implements Validator {
        @Override
        public void ensureValid(String name, Object o) {
            String s = (String) o;
            if (s != null && s.isEmpty()) throw new ConfigException(name, o, "String must be non-empty");
        }

        @Override
        public String toString() {
            return "non-empty string";
        }
    }

    /** All of several validators, in order. */
    public static class CompositeValidator implements Validator {
        private final List<Validator> validators;

        private CompositeValidator(List<Validator> validators) {
            this.validators = Collections.unmodifiableList(validators);
        }

        public static CompositeValidator of(Validator... validators) {
            return new CompositeValidator(Arrays.asList(validators));
        }

        @Override
        public void ensureValid(String name, Object value) {
            for (Validator validator : validators) validator.ensureValid(name, value);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Validator v : validators) {
                if (b.length() > 0) b.append(", ");
                b.append(v);
            }
            return b.toString();
        }
    }

    /** A validator from a lambda and a description. */
    public static class LambdaValidator implements Validator {
        BiConsumer<String, Object> ensureValid;
        Supplier<String> toStringFunction;

        private LambdaValidator(BiConsumer<String, Object> ensureValid, Supplier<String> toStringFunction) {
            this.ensureValid = ensureValid;
            this.toStringFunction = toStringFunction;
        }

        public static LambdaValidator with(BiConsumer<String, Object> ensureValid, Supplier<String> toStringFunction) {
            return new LambdaValidator(ensureValid, toStringFunction);
        }

        @Override
        public void ensureValid(String name, Object value) {
            ensureValid.accept(name, value);
        }

        @Override
        public String toString() {
            return toStringFunction.get();
        }
    }

    /** Everything declared about one key. */
    public static class ConfigKey {
        public final String name;
        public final Type type;
        public final String documentation;
        public final Object defaultValue;
        public final Validator validator;
        public final Importance importance;
        public final String group;
        public final int orderInGroup;
        public final Width width;
        public final String displayName;
        public final List<String> dependents;
        public final Recommender recommender;
        public final boolean internalConfig;
        public final String alternativeString;

        public ConfigKey(String name, Type type, Object defaultValue, Validator validator,
                         Importance importance, String documentation, String group,
                         int orderInGroup, Width width, String displayName,
                         List<String> dependents, Recommender recommender,
                         boolean internalConfig) {
            this(name, type, defaultValue, validator, importance, documentation, group, orderInGroup, width, displayName,
                dependents, recommender, internalConfig, null);
        }

        public ConfigKey(String name, Type type, Object defaultValue, Validator validator,
                         Importance importance, String documentation, String group,
                         int orderInGroup, Width width, String displayName,
                         List<String> dependents, Recommender recommender,
                         boolean internalConfig, String alternativeString) {
            this.name = name;
            this.type = type;
            this.defaultValue = defaultValue;
            this.validator = validator;
            this.importance = importance;
            if (this.validator != null && hasDefault()) this.validator.ensureValid(name, defaultValue);
            this.documentation = documentation;
            this.dependents = dependents;
            this.group = group;
            this.orderInGroup = orderInGroup;
            this.width = width;
            this.displayName = displayName;
            this.recommender = recommender;
            this.internalConfig = internalConfig;
            this.alternativeString = alternativeString;
        }

        public boolean hasDefault() {
            return defaultValue != NO_DEFAULT_VALUE;
        }

        public Type type() {
            return type;
        }
    }
}
