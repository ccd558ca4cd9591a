package org.apache.kafka.common.config;
public class ConfigDef {
    public static final Object NO_DEFAULT_VALUE = null;
    public enum Type { BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD }
    public enum Importance { HIGH, MEDIUM, LOW }
    public java.util.Map<String, ConfigKey> configKeys() { throw new UnsupportedOperationException(); }
    public static String convertToString(Object parsedValue, Type type) { throw new UnsupportedOperationException(); }
    public interface Validator {
        void ensureValid(String name, Object value);
    }
    public static class ConfigKey {
        public final String name = null;
        public final Type type = null;
        public final String documentation = null;
        public final Object defaultValue = null;
        public final Importance importance = null;
        public final Validator validator = null;
    }
}
