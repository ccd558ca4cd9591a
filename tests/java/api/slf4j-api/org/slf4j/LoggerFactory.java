package org.slf4j;

/** Stand-in: hands out loggers that write "LEVEL name: message" lines to stderr (INFO and above). */
public final class LoggerFactory {
    private LoggerFactory() {
    }

    public static Logger getLogger(String name) {
        return new StderrLogger(name);
    }

    public static Logger getLogger(Class<?> clazz) {
        return new StderrLogger(clazz.getName());
    }
}
