package org.apache.kafka.common.config.types;

/** Stand-in: a secret config value that never prints itself. */
public class Password {
    public static final String HIDDEN = "[hidden]";

    private final String value;

    public Password(String value) {
        this.value = value;
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Password && value.equals(((Password) obj).value);
    }

    @Override
    public String toString() {
        return HIDDEN;
    }

    public String value() {
        return value;
    }
}
