package org.slf4j;

/** The stand-in's only Logger: SLF4J's "{}" placeholders, INFO and above, one line each on stderr. */
final class StderrLogger implements Logger {
    private final String name;

    StderrLogger(String name) {
        this.name = name;
    }

    private void log(String level, String format, Object... args) {
        StringBuilder sb = new StringBuilder(level).append(' ').append(name).append(": ");
        int argIndex = 0;
        int i = 0;
        while (i < format.length()) {
            int at = format.indexOf("{}", i);
            if (at < 0 || argIndex >= args.length) {
                sb.append(format, i, format.length());
                break;
            }
            sb.append(format, i, at).append(args[argIndex++]);
            i = at + 2;
        }
        Throwable t = args.length > argIndex && args[args.length - 1] instanceof Throwable ? (Throwable) args[args.length - 1] : null;
        if (t != null) sb.append(" (").append(t).append(')');
        System.err.println(sb);
    }

    @Override public String getName() { return name; }
    @Override public boolean isTraceEnabled() { return false; }
    @Override public boolean isDebugEnabled() { return false; }
    @Override public boolean isInfoEnabled() { return true; }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public boolean isErrorEnabled() { return true; }

    @Override public void trace(String msg) { }
    @Override public void trace(String format, Object arg) { }
    @Override public void trace(String format, Object arg1, Object arg2) { }
    @Override public void trace(String format, Object... arguments) { }
    @Override public void trace(String msg, Throwable t) { }
    @Override public void debug(String msg) { }
    @Override public void debug(String format, Object arg) { }
    @Override public void debug(String format, Object arg1, Object arg2) { }
    @Override public void debug(String format, Object... arguments) { }
    @Override public void debug(String msg, Throwable t) { }

    @Override public void info(String msg) { log("INFO", msg); }
    @Override public void info(String format, Object arg) { log("INFO", format, arg); }
    @Override public void info(String format, Object arg1, Object arg2) { log("INFO", format, arg1, arg2); }
    @Override public void info(String format, Object... arguments) { log("INFO", format, arguments); }
    @Override public void info(String msg, Throwable t) { log("INFO", msg, t); }
    @Override public void warn(String msg) { log("WARN", msg); }
    @Override public void warn(String format, Object arg) { log("WARN", format, arg); }
    @Override public void warn(String format, Object... arguments) { log("WARN", format, arguments); }
    @Override public void warn(String format, Object arg1, Object arg2) { log("WARN", format, arg1, arg2); }
    @Override public void warn(String msg, Throwable t) { log("WARN", msg, t); }
    @Override public void error(String msg) { log("ERROR", msg); }
    @Override public void error(String format, Object arg) { log("ERROR", format, arg); }
    @Override public void error(String format, Object arg1, Object arg2) { log("ERROR", format, arg1, arg2); }
    @Override public void error(String format, Object... arguments) { log("ERROR", format, arguments); }
    @Override public void error(String msg, Throwable t) { log("ERROR", msg, t); }
}
